import Foundation

/// A command of the headless console, one JSON object per line on stdin:
///
///     {"assign": {"bay": 1, "asset": "LAP-0001"}}     enter (or confirm) a bay's asset
///     {"start": {"bay": 1}}  {"start": 1}  {"start": {"all": true}}
///     {"abort": {"bay": 1}}  {"abort": 1}  {"abort": {"all": true}}
///     {"profile": {"bay": 1, "name": "clear"}}  {"profile": {"all": true, "name": "clear"}}
///     {"quit": {}}  (refused while wipes run)   {"quit": {"abort": true}}
public enum HeadlessCommand: Sendable, Hashable {
    case assign(bay: Int, asset: String)
    case start(bay: Int)
    case startAll
    case abort(bay: Int)
    case abortAll
    case profile(bay: Int?, name: String)
    case quit(abort: Bool)

    public var name: String {
        switch self {
        case .assign: "assign"
        case .start, .startAll: "start"
        case .abort, .abortAll: "abort"
        case .profile: "profile"
        case .quit: "quit"
        }
    }

    public var bay: Int? {
        switch self {
        case .assign(let b, _), .start(let b), .abort(let b): b
        case .profile(let b, _): b
        default: nil
        }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ line: String) throws(ParseError) -> HeadlessCommand {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object.count == 1,
              let (key, value) = object.first else {
            throw ParseError(description: "not a command: expected one JSON object with one key (assign, start, abort, profile, quit)")
        }
        let body = value as? [String: Any]
        func bay() throws(ParseError) -> Int {
            if let n = value as? Int { return n }
            if let n = body?["bay"] as? Int { return n }
            throw ParseError(description: "\(key): name the bay, e.g. {\"\(key)\": {\"bay\": 1}}")
        }
        switch key {
        case "assign":
            guard let asset = body?["asset"] as? String else { throw ParseError(description: "assign: give \"bay\" and \"asset\"") }
            return .assign(bay: try bay(), asset: asset)
        case "start": return body?["all"] as? Bool == true ? .startAll : .start(bay: try bay())
        case "abort": return body?["all"] as? Bool == true ? .abortAll : .abort(bay: try bay())
        case "profile":
            guard let name = body?["name"] as? String else { throw ParseError(description: "profile: give \"name\" and \"bay\" or \"all\"") }
            return .profile(bay: body?["all"] as? Bool == true ? nil : try bay(), name: name)
        case "quit": return .quit(abort: body?["abort"] as? Bool == true)
        default: throw ParseError(description: "unknown command \"\(key)\" (assign, start, abort, profile, quit)")
        }
    }
}
