import Devices
import Station
import Synchronization

/// Keeps the bays in step with the drives attached: a rescan on every hot-plug event (udev or
/// kernel uevent source) and a periodic check as a safety net for events that never come (a
/// missed uevent, a loop device resized, a mount): every `interval` the cheap presence summary
/// is compared and a full scan runs when it changed, and at least every `fullScanEvery`. A drive
/// appears or leaves within `interval` plus one scan whatever the event source does.
public enum HotPlugFeed {
    public static func run(controller: BayController, monitor: DeviceMonitor?, interval: Duration = .seconds(1),
                           fullScanEvery: Duration = .seconds(10)) async {
        // Kicks coalesce (a burst of uevents is one scan); whether one of them was an event decides
        // between a full scan and the cheap check.
        let (kicks, kick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let eventPending = Mutex(true)  // the first scan is a full one
        let events = Task {
            guard let monitor else { return }
            for await _ in monitor.events {
                eventPending.withLock { $0 = true }
                kick.yield()
            }
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
                if eventPending.withLock({ let e = $0; $0 = false; return e }) {
                    await controller.rescan()
                } else {
                    await controller.periodicRescan(fullScanEvery: fullScanEvery)
                }
            }
        } onCancel: {
            events.cancel()
            ticks.cancel()
            monitor?.stop()
            kick.finish()
        }
    }
}
