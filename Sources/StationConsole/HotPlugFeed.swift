import Devices
import Station

/// Keeps the bays in step with the drives attached: a rescan on every hot-plug event (udev or
/// kernel uevent source) and a periodic rescan as a safety net for events that never come (a
/// missed uevent, a loop device resized). A drive appears or leaves within `interval` plus one
/// scan whatever the event source does.
public enum HotPlugFeed {
    public static func run(controller: BayController, monitor: DeviceMonitor?, interval: Duration = .seconds(1)) async {
        let (kicks, kick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let events = Task {
            guard let monitor else { return }
            for await _ in monitor.events { kick.yield() }
        }
        let ticks = Task {
            while !Task.isCancelled {
                kick.yield()
                try? await Task.sleep(for: interval)
            }
        }
        await withTaskCancellationHandler {
            for await _ in kicks {
                if Task.isCancelled { break }
                await controller.rescan()
            }
        } onCancel: {
            events.cancel()
            ticks.cancel()
            monitor?.stop()
            kick.finish()
        }
    }
}
