import CLibUdev
import Foundation
import Glibc
import StorageModel
import Synchronization

/// A block device appearing, changing or going away.
public struct DeviceEvent: Hashable, Sendable {
    public enum Action: String, Sendable {
        case add, remove, change, other
    }
    public var action: Action
    /// Kernel name (`sdb`, `loop7`).
    public var name: String
    public var devnode: String?
    /// `disk` or `partition`.
    public var deviceType: String?
}

/// Hot-plug events for block devices from the udev netlink monitor: the `udev` source when udevd
/// runs (events arrive after udev has processed the device), else the `kernel` source (raw
/// uevents). Without udevd, attaching a file to an existing loop device is a `change`; creating
/// or removing the device node (loop-control, a plugged drive) is `add`/`remove`.
///
/// The monitor socket is bound in `init`, so no event after `init` returns is missed. Events are
/// received on a dedicated thread and delivered through `events`.
public final class DeviceMonitor: Sendable {
    public enum Source: String, Sendable { case udev, kernel }

    public let source: Source
    public let events: AsyncStream<DeviceEvent>
    private let stopFlag: StopFlag

    /// Whether udevd is running (its control socket exists).
    public static var udevdIsRunning: Bool {
        FileManager.default.fileExists(atPath: "/run/udev/control")
    }

    public init(source preferred: Source? = nil) throws(DeviceDiscoveryError) {
        let source = preferred ?? (Self.udevdIsRunning ? .udev : .kernel)
        let monitor = try UdevMonitorHandle(source: source)
        let stop = StopFlag()
        let (stream, continuation) = AsyncStream.makeStream(of: DeviceEvent.self, bufferingPolicy: .bufferingNewest(1024))
        continuation.onTermination = { _ in stop.set() }
        self.source = source
        self.events = stream
        self.stopFlag = stop
        let box = MonitorBox(monitor: monitor)
        let thread = Thread {
            let m = box.take()
            while !stop.isSet {
                if let e = m.next(timeoutMilliseconds: 200) { continuation.yield(e) }
            }
            continuation.finish()
        }
        thread.name = "expunge.device-monitor"
        thread.start()
    }

    /// Stops receiving; the event stream finishes.
    public func stop() { stopFlag.set() }

    deinit { stopFlag.set() }
}

final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}

/// Hands the monitor handle to the receiving thread exactly once.
final class MonitorBox: @unchecked Sendable {
    private var monitor: UdevMonitorHandle?
    init(monitor: UdevMonitorHandle) { self.monitor = monitor }
    func take() -> UdevMonitorHandle {
        defer { monitor = nil }
        return monitor!
    }
}

/// Owns `struct udev` and `struct udev_monitor`; used by one thread at a time.
final class UdevMonitorHandle {
    private let udev: OpaquePointer
    private let monitor: OpaquePointer
    private let fd: Int32

    init(source: DeviceMonitor.Source) throws(DeviceDiscoveryError) {
        guard let u = udev_new() else {
            throw DeviceDiscoveryError(message: "libudev could not be initialised", remedy: "check that /sys is mounted")
        }
        guard let m = udev_monitor_new_from_netlink(u, source.rawValue) else {
            udev_unref(u)
            throw DeviceDiscoveryError(message: "cannot open the \(source.rawValue) netlink monitor", remedy: "run as root")
        }
        udev_monitor_filter_add_match_subsystem_devtype(m, "block", nil)
        let rc = udev_monitor_enable_receiving(m)
        if rc < 0 {
            udev_monitor_unref(m)
            udev_unref(u)
            throw DeviceDiscoveryError(message: "cannot listen for \(source.rawValue) device events (error \(-rc))", remedy: "run as root")
        }
        udev = u
        monitor = m
        fd = udev_monitor_get_fd(m)
    }

    deinit {
        udev_monitor_unref(monitor)
        udev_unref(udev)
    }

    /// Waits up to `timeoutMilliseconds` for one event (`poll(2)`, then `udev_monitor_receive_device`).
    func next(timeoutMilliseconds: Int32) -> DeviceEvent? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, timeoutMilliseconds) > 0, let dev = udev_monitor_receive_device(monitor) else { return nil }
        defer { udev_device_unref(dev) }
        let actionText = udev_device_get_action(dev).map { String(cString: $0) } ?? ""
        return DeviceEvent(action: DeviceEvent.Action(rawValue: actionText) ?? .other,
                           name: udev_device_get_sysname(dev).map { String(cString: $0) } ?? "",
                           devnode: udev_device_get_devnode(dev).map { String(cString: $0) },
                           deviceType: udev_device_get_devtype(dev).map { String(cString: $0) })
    }
}
