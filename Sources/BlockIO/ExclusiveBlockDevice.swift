import Glibc
import StorageModel

/// A block device opened for sanitization: `O_RDWR | O_DIRECT | O_EXCL`. The exclusive open
/// fails while the kernel holds the device (a mounted filesystem, a device-mapper or md holder,
/// another exclusive opener), so nothing in use can be written through this handle; `O_DIRECT`
/// bypasses the page cache both ways, so verification reads come from the device.
public final class ExclusiveBlockDevice: BlockDevice, @unchecked Sendable {
    public let path: String
    public let size: ByteCount
    public let logicalBlockSize: ByteCount
    public let physicalBlockSize: ByteCount
    /// `st_rdev` of the node opened.
    public let deviceNumber: (major: UInt32, minor: UInt32)
    private var fd: Int32

    public enum Access: Sendable { case readWrite, readOnly }

    /// Opens `path` exclusively. An `EBUSY` is retried briefly (a concurrent `expunge devices`
    /// probe holds the device for microseconds) before it is reported.
    public init(path: String, access: Access = .readWrite) throws(BlockDeviceOpenError) {
        self.path = path
        let mode: Int32 = access == .readWrite ? O_RDWR : O_RDONLY
        let flags = mode | O_DIRECT_FLAG | O_EXCL | O_CLOEXEC
        var fd: Int32 = -1
        var attempt = 0
        while true {
            do {
                fd = try SystemCall.open(path, flags)
                break
            } catch {
                attempt += 1
                if error == .busy && attempt < 5 { usleep(100_000); continue }
                throw BlockDeviceOpenError(path: path, errno: error)
            }
        }
        self.fd = fd
        do {
            let st = try SystemCall.fileStatus(fd)
            guard st.isBlockDevice else {
                SystemCall.close(fd)
                throw BlockDeviceOpenError(path: path, errno: .invalidArgument, notBlockDevice: true)
            }
            deviceNumber = (st.deviceMajor, st.deviceMinor)
            size = ByteCount(try SystemCall.blockDeviceSize(fd))
            logicalBlockSize = ByteCount(try SystemCall.logicalBlockSize(fd))
            physicalBlockSize = ByteCount(try SystemCall.physicalBlockSize(fd))
            if access == .readWrite, try SystemCall.isReadOnly(fd) {
                SystemCall.close(fd)
                throw BlockDeviceOpenError(path: path, errno: .readOnlyFileSystem)
            }
        } catch let e as BlockDeviceOpenError {
            throw e
        } catch {
            SystemCall.close(fd)
            throw BlockDeviceOpenError(path: path, errno: error as? Errno ?? .ioError)
        }
    }

    deinit { if fd >= 0 { SystemCall.close(fd) } }

    /// Closes the descriptor now (releasing the exclusive claim), before the device is opened again;
    /// later calls fail with `EBADF`. Only the handle's owner calls it, when nothing else uses it.
    public func close() {
        if fd >= 0 { SystemCall.close(fd) }
        fd = -1
    }

    public func write(_ buffer: UnsafeRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int {
        try SystemCall.pwrite(fd, buffer, offset.bytes)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: ByteCount) throws(Errno) -> Int {
        try SystemCall.pread(fd, buffer, offset.bytes)
    }

    public func flush() throws(Errno) {
        try SystemCall.fdatasync(fd)
    }

    /// The device number of the node this descriptor holds, read again now (`fstat`, `st_rdev`).
    public func currentDeviceNumber() throws(Errno) -> (major: UInt32, minor: UInt32) {
        let st = try SystemCall.fileStatus(fd)
        return (st.deviceMajor, st.deviceMinor)
    }

    /// Re-reads the size from the kernel (`BLKGETSIZE64`), for the identity checks.
    public func currentSize() throws(Errno) -> ByteCount {
        ByteCount(try SystemCall.blockDeviceSize(fd))
    }
}

/// Why a device could not be opened for sanitization, with the remedy.
public struct BlockDeviceOpenError: OperatorError {
    public var path: String
    public var errno: Errno
    public var notBlockDevice: Bool = false

    public init(path: String, errno: Errno, notBlockDevice: Bool = false) {
        self.path = path
        self.errno = errno
        self.notBlockDevice = notBlockDevice
    }

    public var code: String {
        if notBlockDevice { return "not-a-block-device" }
        switch errno {
        case .busy: return "device-busy"
        case .notPermitted, .accessDenied: return "permission"
        case .noSuchFile, .noDeviceOrAddress, .noDevice: return "device-not-found"
        case .readOnlyFileSystem: return "device-read-only"
        default: return "device-open-failed"
        }
    }

    public var cause: (any Error & Sendable)? { errno }

    public var exitStatus: ExitStatus {
        if notBlockDevice { return .badInput }
        switch errno {
        case .notPermitted, .accessDenied: return .permission
        case .noSuchFile, .noDeviceOrAddress, .noDevice: return .badInput
        default: return .failed
        }
    }

    public var message: String {
        if notBlockDevice { return "\(path) is not a block device" }
        switch errno {
        case .busy: return "\(path) is in use (exclusive open failed: EBUSY)"
        case .notPermitted, .accessDenied: return "not permitted to open \(path) for writing (\(errno.symbol))"
        case .noSuchFile: return "\(path) does not exist"
        case .readOnlyFileSystem: return "\(path) is read-only"
        default: return "cannot open \(path): \(errno)"
        }
    }

    public var remedy: String? {
        if notBlockDevice { return "name a whole-disk device node such as /dev/sdb (see `expunge devices`)" }
        switch errno {
        case .busy: return "unmount its filesystems, stop LVM/md/dm-crypt on it and close other programs using it"
        case .notPermitted, .accessDenied: return "run as root (sudo)"
        case .noSuchFile: return "check the name with `expunge devices`"
        case .readOnlyFileSystem: return "clear the write protection (switch, `blockdev --setrw`) and try again"
        default: return nil
        }
    }
}
