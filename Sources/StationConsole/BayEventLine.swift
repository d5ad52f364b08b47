import Foundation
import Station
import StorageModel

/// The headless console's output: one JSON object per line (schema:
/// Docs/schemas/station-events.schema.json). Every key is always present; unknown is null.
public enum BayEventLine {
    /// A bay as it is now (`"event": "bay"`).
    public static func bay(_ bay: Bay) -> [String: Any] {
        let d = bay.device
        var pass: Any = NSNull(), passes: Any = NSNull()
        if case .running(let p, let n) = bay.state { pass = p; passes = n }
        var error: Any = NSNull()
        var refusals: [String] = []
        if case .unidentified(let e) = bay.state { error = e }
        if case .refused(let r) = bay.state { refusals = r }
        return [
            "event": "bay",
            "bay": bay.number,
            "location": bay.location,
            "device": bay.path,
            "present": bay.isPresent,
            "model": d?.model ?? NSNull(),
            "serial": d?.serial ?? NSNull(),
            "capacity_bytes": d.map { NSNumber(value: $0.size.bytes) } ?? NSNull(),
            "media": d?.mediaType.rawValue ?? NSNull(),
            "transport": d?.transport.rawValue ?? NSNull(),
            "state": bay.state.name,
            "pass": pass,
            "passes": passes,
            "refusals": refusals,
            "error": error,
            "asset": bay.asset?.tag ?? NSNull(),
            "customer": bay.asset?.customer ?? NSNull(),
            "asset_model": bay.asset?.model ?? NSNull(),
            "category": bay.asset?.category ?? NSNull(),
            "warnings": bay.asset?.warnings.map(\.code) ?? [],
            "warnings_confirmed": bay.asset?.confirmed ?? false,
            "profile": bay.profile,
            "progress": bay.progress.map { ($0.fraction * 1000).rounded(.down) / 1000 } ?? NSNull(),
            "bytes_per_second": bay.progress.map { Int($0.bytesPerSecond) } ?? NSNull(),
            "eta_seconds": bay.progress?.secondsRemaining.map { Int($0.rounded()) } ?? NSNull(),
            "result": bay.result?.rawValue ?? NSNull(),
            "reasons": bay.reasons.map(\.rawValue),
            "certificate_id": bay.certificateID ?? NSNull(),
            "health": bay.health?.rawValue ?? NSNull(),
            "message": bay.message ?? NSNull(),
        ]
    }

    public static func station(name: String, board: StationBoard, profiles: [String]) -> [String: Any] {
        ["event": "station", "station": name, "operator": board.operatorID ?? NSNull(), "hot_plug": board.monitorSource,
         "profiles": profiles, "default_profile": board.defaultProfile, "schema_version": 1]
    }

    public static func rejected(command: String, bay: Int?, reason: String) -> [String: Any] {
        ["event": "rejected", "command": command, "bay": bay ?? NSNull(), "reason": reason]
    }

    public static func accepted(command: String, bay: Int?) -> [String: Any] {
        ["event": "accepted", "command": command, "bay": bay ?? NSNull()]
    }

    public static func quit(exitStatus: Int32, results: [DeviceWipeResult]) -> [String: Any] {
        ["event": "quit", "exit_status": exitStatus,
         "results": results.map { ["device": $0.path, "result": $0.outcome.result.rawValue, "certificate_id": $0.certificate?.id ?? NSNull()] as [String: Any] }]
    }

    public static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
