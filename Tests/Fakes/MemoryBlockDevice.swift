import BlockIO
import Glibc
import Sanitization
import StorageModel
import Synchronization

/// An in-memory block device with fault injection, recording a trace of every call.
public final class MemoryBlockDevice: BlockDevice, @unchecked Sendable {
    public enum Call: Equatable, Sendable { case write(UInt64, Int), read(UInt64, Int), flush }

    public struct Faults: Sendable {
        /// Logical block numbers whose writes fail, and with which errno.
        public var writeErrors: [UInt64: Errno] = [:]
        /// Logical block numbers whose reads fail.
        public var readErrors: [UInt64: Errno] = [:]
        /// Byte offsets flipped silently after they are written (a lying drive).
        public var corruptAfterWrite: Set<UInt64> = []
        /// Every write transfers at most this many bytes (short writes).
        public var maxTransfer: Int?
        /// After this many bytes written in total, every call fails with ENODEV (device pulled).
        public var goneAfterBytes: UInt64?
        public var flushError: Errno?

        public init(writeErrors: [UInt64: Errno] = [:], readErrors: [UInt64: Errno] = [:], corruptAfterWrite: Set<UInt64> = [],
                    maxTransfer: Int? = nil, goneAfterBytes: UInt64? = nil, flushError: Errno? = nil) {
            self.writeErrors = writeErrors
            self.readErrors = readErrors
            self.corruptAfterWrite = corruptAfterWrite
            self.maxTransfer = maxTransfer
            self.goneAfterBytes = goneAfterBytes
            self.flushError = flushError
        }
    }

    public let path: String
    public let size: ByteCount
    public let logicalBlockSize: ByteCount
    public let physicalBlockSize: ByteCount
    private let state: Mutex<(storage: [UInt8], faults: Faults, trace: [Call], written: UInt64)>

    public init(size: ByteCount, logicalBlockSize: Int = 512, physicalBlockSize: Int = 4096, path: String = "/dev/memtest", fill: UInt8 = 0xA5, faults: Faults = Faults()) {
        self.path = path
        self.size = size
        self.logicalBlockSize = ByteCount(logicalBlockSize)
        self.physicalBlockSize = ByteCount(physicalBlockSize)
        state = Mutex((storage: [UInt8](repeating: fill, count: size.int), faults: faults, trace: [], written: 0))
    }

    public var contents: [UInt8] { state.withLock { $0.storage } }
    public var trace: [Call] { state.withLock { $0.trace } }
    public func setFaults(_ update: (inout Faults) -> Void) { state.withLock { update(&$0.faults) } }
    public func poke(_ offset: Int, _ byte: UInt8) { state.withLock { $0.storage[offset] = byte } }

    private func blocks(_ offset: UInt64, _ count: Int) -> ClosedRange<UInt64> {
        let b = logicalBlockSize.bytes
        return (offset / b)...((offset + UInt64(max(count, 1)) - 1) / b)
    }

    public func write(_ buffer: UnsafeRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int {
        try state.withLock { (s) throws(Errno) -> Int in
            s.trace.append(.write(offset.bytes, buffer.count))
            if let gone = s.faults.goneAfterBytes, s.written >= gone { throw Errno.noDevice }
            guard offset.bytes % logicalBlockSize.bytes == 0, buffer.count % Int(logicalBlockSize.bytes) == 0 else { throw Errno.invalidArgument }
            guard offset.bytes + UInt64(buffer.count) <= size.bytes else { throw Errno(rawValue: ENOSPC) }
            for b in blocks(offset.bytes, buffer.count) { if let e = s.faults.writeErrors[b] { throw e } }
            let n = min(buffer.count, s.faults.maxTransfer ?? buffer.count)
            let start = Int(offset.bytes)
            s.storage.withUnsafeMutableBytes { dst in
                _ = memcpy(dst.baseAddress! + start, buffer.baseAddress!, n)
            }
            for o in s.faults.corruptAfterWrite where o >= offset.bytes && o < offset.bytes + UInt64(n) {
                s.storage[Int(o)] ^= 0x5A
            }
            s.written += UInt64(n)
            return n
        }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int {
        try state.withLock { (s) throws(Errno) -> Int in
            s.trace.append(.read(offset.bytes, buffer.count))
            if let gone = s.faults.goneAfterBytes, s.written >= gone { throw Errno.noDevice }
            guard offset.bytes + UInt64(buffer.count) <= size.bytes else { return 0 }
            for b in blocks(offset.bytes, buffer.count) { if let e = s.faults.readErrors[b] { throw e } }
            let start = Int(offset.bytes)
            s.storage.withUnsafeBytes { src in
                _ = memcpy(buffer.baseAddress!, src.baseAddress! + start, buffer.count)
            }
            return buffer.count
        }
    }

    public func flush() throws(Errno) {
        try state.withLock { (s) throws(Errno) in
            s.trace.append(.flush)
            if let e = s.faults.flushError { throw e }
        }
    }

    public var identity: DeviceIdentity {
        DeviceIdentity(path: path, model: "MemDisk", vendor: nil, serial: "MEM-0001", wwn: nil, firmware: "1.0",
                       transport: .loop, mediaType: .virtual, capacity: size,
                       logicalSectorSize: logicalBlockSize, physicalSectorSize: physicalBlockSize)
    }
}

/// Returns a fixed identity, or a changed one, or fails.
public struct FakeIdentityReader: IdentityReading {
    public enum Behaviour: Sendable { case same(DeviceIdentity), changed(DeviceIdentity), gone }
    public var behaviour: Behaviour
    public struct Gone: Error {}
    public init(behaviour: Behaviour) { self.behaviour = behaviour }
    public func currentIdentity() throws -> DeviceIdentity {
        switch behaviour {
        case .same(let i), .changed(let i): return i
        case .gone: throw Gone()
        }
    }
}
