import Evidence
import Records
import StorageModel

/// Turns an outcome into a signed certificate in the station's ledger, queues it for the depot
/// (when the station joined one), then indexes it. Every outcome is certified, passed or not:
/// evidence cuts both ways.
struct Certifier: Sendable {
    let ledger: Ledger
    let signer: any DocumentSigning
    let tool: BuildIdentity
    let store: (any RecordStore)?
    let outbox: Outbox
    var machine: MachineIdentity? = nil

    /// What certifying produced: the ledger entry, and an index failure if the store did not
    /// take it (the signed file is the record; `expunge records rebuild` recovers the index).
    struct Certified: Sendable {
        var entry: LedgerEntry
        var indexError: String?
    }

    func certify(_ outcome: WipeOutcome, assetID: String, operatorID: String?, customer: String?, health: HealthRecord? = nil) async throws -> Certified {
        // The legal name as the register holds it now: a certificate names whom it was for even
        // if the register changes later. A register that cannot be read leaves it null (the ID
        // is still there); it never stops a certificate.
        var customerName: String?
        if let customer, let store { customerName = try? await store.customer(customer)?.legalName }
        // Before the ledger's lock: this may wait for the executable's hash.
        let tool = tool.info
        var certificate: WipeCertificate?
        let entry = try ledger.append(station: signer.station.name, attemptID: outcome.attemptID, make: { position in
            let c = WipeCertificate(outcome: outcome, position: position, station: signer.station, operatorID: operatorID,
                                    assetID: assetID, customer: customer, customerName: customerName, machine: machine, tool: tool, health: health)
            certificate = c
            return try c.encoded()
        }, sign: { try signer.sign($0) })
        // Crash ordering: the document is committed to the ledger first (it is the record), the
        // outbox entry second. A crash in between loses nothing: before every push
        // `Outbox.reconcile` queues each ledger document after the settled sequence that has no
        // entry. So a failure to queue (a full disk) is not a failure to certify.
        try? outbox.enqueue(entry)
        guard let certificate else { return Certified(entry: entry) }
        return Certified(entry: entry, indexError: await index(certificate, entry: entry))
    }

    /// Certifies an attempt recovered from the journal, or returns the certificate it already
    /// has: a process that died after the certificate was committed but before the journal was
    /// completed must not get a second certificate (the ledger refuses one anyway).
    func certifyOnce(_ outcome: WipeOutcome, assetID: String, operatorID: String?, customer: String?,
                     health: HealthRecord? = nil) async throws -> Certified {
        do {
            return try await certify(outcome, assetID: assetID, operatorID: operatorID, customer: customer, health: health)
        } catch let refused as AttemptAlreadyCertified {
            guard let existing = try ledger.entry(certifying: outcome.attemptID) else { throw refused }
            return Certified(entry: existing)
        }
    }

    /// Indexes a certificate, creating an unknown asset from the device identity (flagged not in
    /// the register). Returns the failure, if any.
    func index(_ certificate: WipeCertificate, entry: LedgerEntry) async -> String? {
        guard let store else { return nil }
        do {
            _ = try await store.ensureAsset(AssetRecord.fromDevice(certificate.assetID, certificate.device, customer: certificate.customer,
                                                             at: certificate.issuedAt))
            try await store.index(certificate: CertificateIndexEntry(certificate, sha256: entry.sha256, path: entry.documentPath))
            return nil
        } catch {
            return (error as? any OperatorError)?.message ?? "\(error)"
        }
    }
}
