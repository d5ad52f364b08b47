import ArgumentParser
import Depot
import Foundation
import Records
import StorageModel

/// `expunge-depot station`: enrolled stations.
struct StationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Enroll, list and revoke stations.",
        subcommands: [StationEnrollCommand.self, StationListCommand.self, StationRevokeCommand.self])
}

/// `expunge-depot station enroll NAME`.
struct StationEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Make a one-time enrollment token for a station (printed once; the depot keeps only its SHA-256).",
        discussion: """
        Give the token to the station's operator: `expunge depot join URL --token TOKEN` on the station sends the \
        station certificate, which the depot pins. A new token replaces an unused earlier one. An enrolled station \
        must be revoked before it can be enrolled again.
        """)

    @Argument(help: "The station's name (as `expunge keys show` prints it).")
    var name: String

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        let token = try await depot.withDepot { try await EnrollmentDesk(archive: $0.archive).create(station: name) }
        Terminal.out(token.text)
        Terminal.err("expunge-depot: one-time token for \(name) printed above; it is shown only once")
    }
}

/// `expunge-depot station list`.
struct StationListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List stations: state, pinned certificate, documents held.")

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var depot: DepotOptions

    struct Row: Encodable {
        let name: String
        let state: String
        let certificateSHA256: String?
        let enrolledAt: String?
        let revokedAt: String?
        let documents: Int
        let witnessedHead: UInt64?

        enum CodingKeys: String, CodingKey {
            case name, state, documents
            case certificateSHA256 = "certificate_sha256", enrolledAt = "enrolled_at", revokedAt = "revoked_at", witnessedHead = "witnessed_head"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(state, forKey: .state)
            try c.encode(certificateSHA256, forKey: .certificateSHA256)
            try c.encode(enrolledAt, forKey: .enrolledAt)
            try c.encode(revokedAt, forKey: .revokedAt)
            try c.encode(documents, forKey: .documents)
            try c.encode(witnessedHead, forKey: .witnessedHead)
        }
    }

    func run() async throws {
        let rows = try await depot.withDepot { opened in
            var rows: [Row] = []
            for s in try await opened.archive.stations() {
                rows.append(Row(name: s.name, state: s.state.rawValue, certificateSHA256: s.certificateSHA256, enrolledAt: s.enrolledAt,
                                revokedAt: s.revokedAt, documents: try await opened.archive.activity(station: s.name)?.documents ?? 0,
                                witnessedHead: try await opened.archive.latestHead(station: s.name)?.sequence))
            }
            return rows
        }
        if json {
            Terminal.out(try PrettyJSON.encode(rows))
            return
        }
        if rows.isEmpty {
            Terminal.out("No stations. Enroll one with `expunge-depot station enroll NAME`.")
            return
        }
        Terminal.out("STATION".padding(toLength: 24, withPad: " ", startingAt: 0) + "STATE     DOCUMENTS  HEAD    CERTIFICATE")
        for r in rows {
            Terminal.out(r.name.padding(toLength: 24, withPad: " ", startingAt: 0) + r.state.padding(toLength: 10, withPad: " ", startingAt: 0)
                         + String(r.documents).padding(toLength: 11, withPad: " ", startingAt: 0)
                         + (r.witnessedHead.map(String.init) ?? "-").padding(toLength: 8, withPad: " ", startingAt: 0)
                         + (r.certificateSHA256.map { String($0.prefix(16)) + "…" } ?? "-"))
        }
    }
}

/// `expunge-depot station revoke NAME`.
struct StationRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Stop accepting a station's documents (its archived documents stay; an unused token stops working).")

    @Argument(help: "The station's name.")
    var name: String

    @OptionGroup var depot: DepotOptions

    func run() async throws {
        guard try await depot.withDepot({ try await $0.archive.revokeStation(named: name, at: Timestamp.rfc3339(Date())) }) else {
            throw ExpungeError(.failed, code: "unknown-station", "there is no station \(DisplayString.sanitize(name) ?? "?") at this depot",
                               remedy: "see `expunge-depot station list`")
        }
        Terminal.out("Revoked \(name): its pushes are refused (403) from now on.")
    }
}
