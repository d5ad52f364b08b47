import ArgumentParser
import DepotClient
import Evidence
import Foundation
import Station
import StorageModel

/// `expunge sync`: push the outbox to the depot now, or show its status.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push queued documents to the depot now (--status: what is pending, the depot's head, the last error).",
        discussion: """
        Documents are pushed in ledger order; the depot verifies each against the pinned station certificate. \
        Then the station's ledger head is signed and pushed, and the depot answers with the head it witnesses and \
        any findings (a tail deleted, a ledger rewritten). A document the depot refuses for good is set aside in \
        $EXPUNGE_HOME/outbox/rejected. Exit status: 0 everything pushed and witnessed without findings; 1 the depot \
        refused documents, reported findings, or could not be reached (documents stay queued); 77 no station key.
        """)

    @Flag(name: .long, help: "Show the outbox instead of pushing.")
    var status = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let home = global.environment().home
        try home.checkPermissions()
        let outbox = Outbox(home: home)
        guard let link = try outbox.link() else {
            throw ExpungeError(.failed, code: "not-joined", "this station has not joined a depot",
                               remedy: "get a token with `expunge-depot station enroll NAME` on the depot, then `expunge depot join URL --token T`")
        }
        if status {
            let local = try? Ledger(directory: home.ledger).head(station: link.station)
            let summary = SyncStatus(link: link, state: outbox.state(), pending: outbox.pending().count, rejected: outbox.rejected(), localHead: local)
            Console.out(json ? try PrettyJSON.encode(summary) : summary.text)
            return
        }
        let signer = try StationKeyStore(home: home).loadSigner()
        guard let connection = try outbox.connection() else { return }
        let report: OutboxPusher.Report?
        do {
            report = try await OutboxPusher(outbox: outbox, ledger: Ledger(directory: home.ledger), signer: signer, connection: connection).push(wait: true)
            await connection.shutdown()
        } catch {
            await connection.shutdown()
            throw error
        }
        guard let report else { return }
        let problems = report.error != nil || !report.rejected.isEmpty || !(report.head?.findings.isEmpty ?? true)
        if json {
            Console.out(try PrettyJSON.encode(SyncResult(report)))
            if problems { throw ExitCode(1) }
            return
        }
        Console.out(SyncResult(report).text)
        if let error = report.error { throw error }
        if problems { throw ExitCode(1) }
    }
}

/// `expunge sync --status`.
struct SyncStatus: Encodable {
    let link: DepotLink
    let state: OutboxState
    let pending: Int
    let rejected: [RejectedEntry]
    let localHead: LedgerHead?

    enum CodingKeys: String, CodingKey {
        case depot, station, pending, rejected
        case localHead = "local_head", acknowledgedHead = "acknowledged_head", lastPushAt = "last_push_at", lastError = "last_error", findings
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(link.url, forKey: .depot)
        try c.encode(link.station, forKey: .station)
        try c.encode(pending, forKey: .pending)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(localHead, forKey: .localHead)
        try c.encode(state.acknowledgedHead, forKey: .acknowledgedHead)
        try c.encode(state.lastPushAt, forKey: .lastPushAt)
        try c.encode(state.lastError, forKey: .lastError)
        try c.encode(state.findings, forKey: .findings)
    }

    var text: String {
        var lines = [
            "Depot:        \(link.url) (joined \(link.joinedAt) as \(link.station))",
            "Pending:      \(pending) document(s)",
            "Ledger head:  \(localHead.map { "\($0.sequence)" } ?? "unknown")",
            "Depot head:   \(state.acknowledgedHead.map { "\($0.sequence) (acknowledged \($0.at))" } ?? "none acknowledged yet")",
            "Last push:    \(state.lastPushAt ?? "never")",
            "Last error:   \(state.lastError.map { "\($0.code): \($0.message) (\($0.at))" } ?? "none")",
        ]
        if !rejected.isEmpty {
            lines.append("Rejected:     \(rejected.count) document(s) refused by the depot:")
            lines += rejected.map { "  \($0.entry.documentID): \($0.code): \($0.message)" }
        }
        if !state.findings.isEmpty {
            lines.append("Findings:     the depot reported:")
            lines += state.findings.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// What `expunge sync` did.
struct SyncResult: Encodable {
    let report: OutboxPusher.Report

    init(_ report: OutboxPusher.Report) { self.report = report }

    enum CodingKeys: String, CodingKey {
        case stored, alreadyStored = "already_stored", rejected, remaining, witnessedSequence = "witnessed_sequence", findings, error
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.stored, forKey: .stored)
        try c.encode(report.alreadyStored, forKey: .alreadyStored)
        try c.encode(report.rejected, forKey: .rejected)
        try c.encode(report.remaining, forKey: .remaining)
        try c.encode(report.head?.witnessedSequence, forKey: .witnessedSequence)
        try c.encode(report.head?.findings.map { "\($0.kind): \($0.detail)" } ?? [], forKey: .findings)
        try c.encode(report.error.map { ["code": $0.code, "message": $0.message] }, forKey: .error)
    }

    var text: String {
        var lines = ["Pushed \(report.stored) new document(s), \(report.alreadyStored) already at the depot; \(report.remaining) still queued."]
        if let head = report.head { lines.append("The depot witnesses head \(head.witnessedSequence).") }
        for r in report.rejected { lines.append("Refused: \(r)") }
        for f in report.head?.findings ?? [] { lines.append("FINDING \(f.kind): \(f.detail)") }
        return lines.joined(separator: "\n")
    }
}
