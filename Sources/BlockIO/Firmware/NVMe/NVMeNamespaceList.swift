/// An Identify namespace ID list (CNS 02h): up to 1,024 little-endian 32-bit IDs, ascending,
/// ending at the first zero.
public struct NVMeNamespaceList: Hashable, Sendable {
    public let ids: [UInt32]

    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 4096 else { return nil }
        var ids: [UInt32] = []
        for i in 0..<1024 {
            let v = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * i + $1]) << (8 * UInt32($1)) }
            if v == 0 { break }
            ids.append(v)
        }
        self.ids = ids
    }
}
