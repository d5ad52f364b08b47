import Evidence
import StorageModel

extension WipeSession {
    /// Certifies an attempt recovered from the journal, or returns the certificate it already
    /// has: a process that died after the certificate was committed but before the journal was
    /// completed must not get a second certificate (the ledger refuses one anyway).
    func certifyOnce(_ outcome: WipeOutcome, assetID: String, operatorID: String?, customer: String?,
                     signer: any DocumentSigning) throws -> LedgerEntry {
        do {
            return try certify(outcome, assetID: assetID, operatorID: operatorID, customer: customer, signer: signer)
        } catch let refused as AttemptAlreadyCertified {
            guard let existing = try ledger.entry(certifying: outcome.attemptID) else { throw refused }
            return existing
        }
    }
}
