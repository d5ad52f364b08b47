import Glibc

/// A POSIX error number as returned by a failing system call.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`.
    public static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let busy = Errno(rawValue: EBUSY)
    public static let ioError = Errno(rawValue: EIO)
    public static let noData = Errno(rawValue: ENODATA)
    public static let notPermitted = Errno(rawValue: EPERM)
    public static let accessDenied = Errno(rawValue: EACCES)
    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let noDevice = Errno(rawValue: ENODEV)
    public static let noDeviceOrAddress = Errno(rawValue: ENXIO)
    public static let readOnlyFileSystem = Errno(rawValue: EROFS)
    public static let invalidArgument = Errno(rawValue: EINVAL)
    public static let wouldBlock = Errno(rawValue: EWOULDBLOCK)

    /// Media errors: the kernel reports an unreadable or unwritable sector as EIO, or as ENODATA
    /// (NVMe and SCSI medium errors through the block layer reach userspace as ENODATA).
    public var isMediaError: Bool { self == .ioError || self == .noData || rawValue == EILSEQ }

    /// The device went away underneath us.
    public var isDeviceGone: Bool { self == .noDevice || self == .noDeviceOrAddress }

    public var symbol: String {
        switch rawValue {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case ENXIO: "ENXIO"
        case EBADF: "EBADF"
        case EACCES: "EACCES"
        case EBUSY: "EBUSY"
        case ENODEV: "ENODEV"
        case EINVAL: "EINVAL"
        case EWOULDBLOCK: "EWOULDBLOCK"
        case ENOSPC: "ENOSPC"
        case EROFS: "EROFS"
        case ENODATA: "ENODATA"
        case ENOTTY: "ENOTTY"
        case EOPNOTSUPP: "EOPNOTSUPP"
        case EILSEQ: "EILSEQ"
        default: "errno \(rawValue)"
        }
    }

    public var description: String {
        guard let s = strerror(rawValue) else { return symbol }
        return "\(String(cString: s)) (\(symbol))"
    }
}
