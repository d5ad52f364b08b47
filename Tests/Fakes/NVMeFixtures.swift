import BlockIO
import Foundation
import Synchronization

/// Identify data pages as an NVMe controller returns them (NVMe Base 2.x, little-endian), for
/// scripted controllers.
public enum NVMeIdentifyData {
    static func put(_ value: UInt64, _ bytes: Int, at offset: Int, in page: inout [UInt8]) {
        for i in 0..<bytes { page[offset + i] = UInt8((value >> (8 * UInt64(i))) & 0xFF) }
    }

    /// Identify Controller (CNS 01h): serial (4), model (24), OACS (256), UNVMCAP (296, low 64 bits),
    /// SANICAP (328), NN (516), FNA (524).
    public static func controller(serial: String = "CTRL-SN-1", model: String = "Fake NVMe", oacs: UInt16 = 0x2, sanicap: UInt32 = 0,
                                  fna: UInt8 = 0, namespaces: UInt32 = 1, unallocatedBytes: UInt64 = 0) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        for (i, b) in Array(serial.padding(toLength: 20, withPad: " ", startingAt: 0).utf8).enumerated() { page[4 + i] = b }
        for (i, b) in Array(model.padding(toLength: 40, withPad: " ", startingAt: 0).utf8).enumerated() { page[24 + i] = b }
        put(UInt64(oacs), 2, at: 256, in: &page)
        put(unallocatedBytes, 8, at: 296, in: &page)
        put(UInt64(sanicap), 4, at: 328, in: &page)
        put(UInt64(namespaces), 4, at: 516, in: &page)
        page[524] = fna
        return page
    }

    /// Identify Namespace (CNS 00h): NSZE (0), FLBAS 0, DLFEAT (33), NGUID (104), EUI64 (120),
    /// LBA format 0 with the given LBADS (2^lbads-byte blocks).
    public static func namespace(blocks: UInt64, lbads: UInt8 = 9, nguid: [UInt8]? = nil, eui64: [UInt8]? = nil, dlfeat: UInt8 = 0) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        put(blocks, 8, at: 0, in: &page)
        put(blocks, 8, at: 8, in: &page)
        page[33] = dlfeat
        if let nguid { for (i, b) in nguid.prefix(16).enumerated() { page[104 + i] = b } }
        if let eui64 { for (i, b) in eui64.prefix(8).enumerated() { page[120 + i] = b } }
        page[128 + 2] = lbads
        return page
    }

    /// Active Namespace ID list (CNS 02h): ascending NSIDs, zero-terminated.
    public static func activeNamespaces(_ ids: [UInt32]) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        for (i, id) in ids.sorted().prefix(1024).enumerated() { put(UInt64(id), 4, at: 4 * i, in: &page) }
        return page
    }
}
