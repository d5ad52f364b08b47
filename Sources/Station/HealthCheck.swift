import Evidence
import Foundation
import Health
import StorageModel

/// Reads a drive's health before and after its attempt and grades it with the station's rules,
/// for the certificate. A reading is an observation, never a step of the wipe: whatever it finds
/// (or fails to find), the attempt goes on, and the certificate says what was observed.
public struct HealthCheck: Sendable {
    public let reader: HealthReader
    public let rules: HealthRules
    public let info: HealthRecord.Rules

    public init(reader: HealthReader, rules: HealthRules = .default, info: HealthRecord.Rules = Self.builtIn) {
        self.reader = reader
        self.rules = rules
        self.info = info
    }

    public static let builtIn = HealthRecord.Rules(version: HealthRules.default.version, source: "built-in", sha256: nil)

    /// The station home's rules (`health-rules.json`, else the built-in default) with the
    /// file's SHA-256; a file that exists but is not valid is an error (the station does not
    /// grade with rules other than its own).
    public static func load(home: ExpungeHome, reader: HealthReader) throws(ExpungeError) -> HealthCheck {
        let loaded = try HealthRules.load(home: home.root)
        return HealthCheck(reader: reader, rules: loaded.rules,
                           info: HealthRecord.Rules(version: loaded.rules.version, source: loaded.source,
                                                    sha256: loaded.bytes.map { SHA256Digest.hex($0) }))
    }

    /// One reading, on its own thread (the commands are blocking ioctls).
    public func read(path: String, transport: Transport) async -> HealthReading {
        let reader = reader
        return await withCheckedContinuation { (continuation: CheckedContinuation<HealthReading, Never>) in
            let thread = Thread { continuation.resume(returning: reader.read(path: path, transport: transport)) }
            thread.name = "expunge.health \(path)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The certificate's health section for an attempt with these readings and this outcome.
    public func record(before: HealthReading?, after: HealthReading?, outcome: WipeOutcome) -> HealthRecord {
        HealthGrader(rules: rules).record(before: before, after: after, wipeMediaErrorBytes: HealthGrader.mediaErrorBytes(outcome), rules: info)
    }
}
