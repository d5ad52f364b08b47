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
            "capacity_bytes": d.map { $0.size.bytes } ?? NSNull(),
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

    /// One line of JSON, keys sorted, `/` not escaped. Written by hand: Foundation's sorted-key
    /// serialization compares keys through ICU collation, which made the event stream the
    /// console's largest CPU cost. Values are what the builders above put in: strings, integers,
    /// doubles, booleans, null, arrays and objects of those.
    public static func encode(_ object: [String: Any]) -> String {
        var out = ""
        out.reserveCapacity(768)
        write(object, to: &out)
        return out
    }

    static func write(_ value: Any, to out: inout String) {
        switch value {
        case let s as String: writeString(s, to: &out)
        case is NSNull: out += "null"
        case let b as Bool where type(of: value) == Bool.self: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let i as Int32: out += String(i)
        case let u as UInt64: out += String(u)
        case let d as Double: out += number(d)
        case let n as NSNumber: out += n.stringValue
        case let array as [Any]:
            out += "["
            for (i, v) in array.enumerated() {
                if i > 0 { out += "," }
                write(v, to: &out)
            }
            out += "]"
        case let object as [String: Any]:
            out += "{"
            for (i, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(object[key]!, to: &out)
            }
            out += "}"
        default: out += "null"  // NSNull, nil
        }
    }

    /// Integral values without a fraction (`1`, not `1.0`), as JSON readers expect.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value):
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
