import DepotAPI
import Evidence
import Foundation
import Station
import StorageModel

/// Pushes the outbox to the depot, in sequence order: each document the depot takes (stored or
/// already stored) leaves the queue; one it refuses for good (409 conflict, 422 invalid, 413,
/// 400) is set aside under `outbox/rejected/` with the answer; anything else (the depot down,
/// unreachable, 5xx, 401/403) stops the push with the error recorded and the rest still queued,
/// to be retried. When the queue is empty the station's ledger head is signed and pushed so the
/// depot witnesses it; what the depot acknowledges is recorded in `outbox/state.json`.
public struct OutboxPusher: Sendable {
    public let outbox: Outbox
    public let ledger: Ledger
    public let signer: any DocumentSigning
    public let connection: DepotConnection
    public let now: @Sendable () -> Date

    public init(outbox: Outbox, ledger: Ledger, signer: any DocumentSigning, connection: DepotConnection,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.outbox = outbox
        self.ledger = ledger
        self.signer = signer
        self.connection = connection
        self.now = now
    }

    /// What one push did.
    public struct Report: Sendable, Hashable {
        public var stored = 0
        public var alreadyStored = 0
        /// Documents set aside, as `id: code: message`.
        public var rejected: [String] = []
        public var remaining = 0
        /// The head the depot witnesses after the push (nil when it was not reached).
        public var head: HeadReceipt?
        /// Why the push stopped early; nil when everything queued was settled.
        public var error: DepotResponseError?
    }

    /// Pushes what is queued (after queuing any ledger document the outbox missed). Holds the
    /// outbox's push lock: with `wait` false, returns nil at once when another process pushes.
    public func push(wait: Bool) async throws -> Report? {
        try await outbox.whilePushing(wait: wait) { try await pushHoldingLock() }
    }

    func pushHoldingLock() async throws -> Report {
        var report = Report()
        let head = try ledger.head(station: signer.station.name)
        try outbox.reconcile(head: head, at: now())
        let queue = outbox.pending()
        for (index, entry) in queue.enumerated() {
            guard let signed = outbox.signedDocument(entry) else {
                try outbox.reject(entry, code: "missing-from-ledger", message: "the ledger no longer has the document or its signature", at: now())
                report.rejected.append("\(entry.documentID): missing-from-ledger")
                continue
            }
            do {
                let receipt = try await connection.push(document: signed.document, signature: signed.signature)
                if receipt.status == .stored { report.stored += 1 } else { report.alreadyStored += 1 }
                try outbox.acknowledge(entry, at: now())
            } catch let error as DepotResponseError where error.isPermanentRefusal {
                try outbox.reject(entry, code: error.code, message: error.message, at: now())
                report.rejected.append("\(entry.documentID): \(error.code): \(error.message)")
            } catch let error as DepotResponseError {
                report.remaining = queue.count - index
                report.error = error
                try record(error)
                return report
            }
        }
        do {
            let statement = HeadStatement(station: head.station, sequence: head.sequence, sha256: head.sha256, signedAt: Timestamp.rfc3339(now()))
            let bytes = try CanonicalJSON.encode(statement)
            let receipt = try await connection.pushHead(station: head.station, statement: bytes, signature: try signer.sign(bytes))
            report.head = receipt
            let at = Timestamp.rfc3339(now())
            try outbox.update { s in
                s.acknowledgedHead = .init(sequence: receipt.witnessedSequence, sha256: receipt.witnessedSHA256, at: at)
                s.lastPushAt = at
                s.findings = receipt.findings.map { "\($0.kind): \($0.detail)" }
                if report.rejected.isEmpty { s.lastError = nil }
            }
        } catch let error as DepotResponseError {
            report.error = error
            try record(error)
        }
        report.remaining = outbox.pending().count
        return report
    }

    func record(_ error: DepotResponseError) throws {
        let at = Timestamp.rfc3339(now())
        try outbox.update { $0.lastError = .init(code: error.code, message: error.message, at: at) }
    }
}
