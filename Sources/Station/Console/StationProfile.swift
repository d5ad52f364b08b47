import Evidence
import Foundation
import Sanitization
import StorageModel

/// A named way to wipe a bay: level and technique policy, pattern or scheme, verification, and
/// whether the wipe starts by itself once the asset is settled. Profiles live in
/// `$EXPUNGE_HOME/station.json`; `StationProfile.builtIn` ships.
public struct StationProfile: Codable, Sendable, Hashable {
    /// How the sanitization level is chosen for a drive.
    public enum TechniquePolicy: String, Codable, Sendable, CaseIterable {
        /// Overwrite (Clear) always.
        case clear
        /// The drive's own Purge technique; refused when it offers none.
        case purge
        /// Purge if the drive offers a Purge technique, else Clear.
        case purgeElseClear = "purge-else-clear"
    }

    public var name: String
    public var policy: TechniquePolicy
    /// Clear: `zero`, `one`, `random` or `0xNN`; nil for random (or the scheme's own patterns).
    public var pattern: String?
    /// Clear: a named legacy scheme instead of a pattern.
    public var scheme: String?
    public var passes: Int
    public var verification: VerificationMode
    /// Start as soon as the asset is settled (looked up, warnings confirmed).
    public var autoStart: Bool
    /// Operator recorded when the console was started without one.
    public var operatorID: String?
    /// The certificate PDF and label printed when a bay's certificate is written; nil: none.
    public var paperwork: BayPaperwork?

    public init(name: String, policy: TechniquePolicy = .clear, pattern: String? = nil, scheme: String? = nil, passes: Int = 1,
                verification: VerificationMode = .full, autoStart: Bool = false, operatorID: String? = nil, paperwork: BayPaperwork? = nil) {
        self.name = name
        self.policy = policy
        self.pattern = pattern
        self.scheme = scheme
        self.passes = passes
        self.verification = verification
        self.autoStart = autoStart
        self.operatorID = operatorID
        self.paperwork = paperwork
    }

    public static let defaultName = "clear"

    /// Shipped: one random pass with full verification, and Purge where the drive offers it.
    public static let builtIn: [StationProfile] = [
        StationProfile(name: "clear"),
        StationProfile(name: "purge-else-clear", policy: .purgeElseClear),
    ]

    enum CodingKeys: String, CodingKey {
        case name, policy = "technique_policy", pattern, scheme, passes, verification
        case autoStart = "auto_start"
        case operatorID = "operator"
        case paperwork
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        policy = try c.decodeIfPresent(TechniquePolicy.self, forKey: .policy) ?? .clear
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        scheme = try c.decodeIfPresent(String.self, forKey: .scheme)
        passes = try c.decodeIfPresent(Int.self, forKey: .passes) ?? 1
        verification = try c.decodeIfPresent(VerificationMode.self, forKey: .verification) ?? .full
        autoStart = try c.decodeIfPresent(Bool.self, forKey: .autoStart) ?? false
        operatorID = try c.decodeIfPresent(String.self, forKey: .operatorID)
        paperwork = try c.decodeIfPresent(BayPaperwork.self, forKey: .paperwork)
    }

    /// Why the profile cannot be used, if it cannot.
    public var problem: String? {
        if name.isEmpty || name.count > 32 || name.contains(" ") { return "profile name \"\(name)\" must be 1–32 characters without spaces" }
        if scheme != nil && pattern != nil { return "profile \(name): a scheme defines its own patterns; drop \"pattern\"" }
        if let scheme, OverwriteScheme.named(scheme) == nil { return "profile \(name): unknown scheme \"\(scheme)\"" }
        if let pattern, OverwritePattern(argument: pattern) == nil { return "profile \(name): unknown pattern \"\(pattern)\"" }
        if !(1...99).contains(passes) { return "profile \(name): passes must be between 1 and 99" }
        if let p = paperwork?.problem { return "profile \(name): \(p)" }
        return nil
    }

    /// The wipe request this profile makes for one drive at `level` (the policy picks it).
    public func request(path: String, level: SanitizationLevel, assetID: String, operatorID: String?, customer: String?) -> WipeRequest {
        let scheme = self.scheme.flatMap(OverwriteScheme.named)
        return WipeRequest(devicePaths: [path], assetID: assetID, operatorID: operatorID ?? self.operatorID, customer: customer, level: level,
                           scheme: level == .clear ? scheme : nil,
                           patterns: WipePlan.patterns(scheme: scheme, pattern: pattern.flatMap(OverwritePattern.init(argument:)),
                                                       passes: passes, finalZero: false),
                           verification: verification)
    }

    /// Passes written for a Clear request (1 for Purge).
    public var plannedPasses: Int {
        WipePlan.patterns(scheme: scheme.flatMap(OverwriteScheme.named), pattern: pattern.flatMap(OverwritePattern.init(argument:)),
                          passes: passes, finalZero: false).count
    }
}

/// The profiles of a station: `$EXPUNGE_HOME/station.json`, else the built-in ones.
public struct StationProfiles: Sendable, Hashable {
    public var profiles: [StationProfile]
    public var defaultName: String

    public init(profiles: [StationProfile] = StationProfile.builtIn, defaultName: String = StationProfile.defaultName) {
        self.profiles = profiles
        self.defaultName = defaultName
    }

    public func named(_ name: String) -> StationProfile? { profiles.first { $0.name == name } }
    public var names: [String] { profiles.map(\.name) }

    /// The profile after `name` in the list, wrapping around (the console's `p` key).
    public func next(after name: String) -> String {
        guard let i = profiles.firstIndex(where: { $0.name == name }) else { return defaultName }
        return profiles[(i + 1) % profiles.count].name
    }

    struct File: Codable {
        var defaultProfile: String?
        var profiles: [StationProfile]
        enum CodingKeys: String, CodingKey {
            case defaultProfile = "default_profile"
            case profiles
        }
    }

    /// Reads `station.json` in the home; the built-in profiles when there is none. A file that
    /// cannot be used is an error with the remedy (never silently replaced).
    public static func load(home: ExpungeHome) throws -> StationProfiles {
        let path = home.stationProfilesPath
        guard let data = FileManager.default.contents(atPath: path) else { return StationProfiles() }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw ExpungeError(.badInput, code: "station-profiles-invalid", "\(path) is not a valid profile file: \(error)",
                               remedy: "fix it (see Docs/technician.md, Station profiles) or remove it to use the built-in profiles")
        }
        if file.profiles.isEmpty {
            throw ExpungeError(.badInput, code: "station-profiles-invalid", "\(path) defines no profile", remedy: "add at least one profile")
        }
        if let p = file.profiles.compactMap(\.problem).first {
            throw ExpungeError(.badInput, code: "station-profiles-invalid", "\(path): \(p)", remedy: "fix the profile")
        }
        if Set(file.profiles.map(\.name)).count != file.profiles.count {
            throw ExpungeError(.badInput, code: "station-profiles-invalid", "\(path) names a profile twice", remedy: "give each profile its own name")
        }
        let defaultName = file.defaultProfile ?? file.profiles[0].name
        guard file.profiles.contains(where: { $0.name == defaultName }) else {
            throw ExpungeError(.badInput, code: "station-profiles-invalid", "\(path): default profile \"\(defaultName)\" is not defined",
                               remedy: "name one of: \(file.profiles.map(\.name).joined(separator: ", "))")
        }
        return StationProfiles(profiles: file.profiles, defaultName: defaultName)
    }
}

extension ExpungeHome {
    /// The station console's profiles.
    public var stationProfilesPath: String { root + "/station.json" }
}
