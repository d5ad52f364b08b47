import BlockIO
import Foundation
import Glibc
import StorageModel

/// Disk space set aside for one attempt's evidence before its first byte is written, so a wipe
/// never starts when its certificate could not be stored: a file `.reserve-<attempt>` in the
/// ledger directory, allocated (`posix_fallocate`) to the largest certificate and signature the
/// ledger accepts plus the journal entry. It is released just before the certificate is written,
/// handing the space back to it.
public struct EvidenceReservation: Sendable {
    /// What one attempt's evidence can take at most: document, signature, journal entry.
    public static let bytesPerAttempt = UInt64(DocumentLimits.maxDocumentBytes + DocumentLimits.maxSignatureBytes + (64 << 10))

    public let path: String

    /// Reserves the space, or explains (with the remedy) why the evidence could not be stored.
    public static func reserve(in ledgerDirectory: String, attemptID: UUID,
                               bytes: UInt64 = EvidenceReservation.bytesPerAttempt) throws(ExpungeError) -> EvidenceReservation {
        try AtomicFile.ensureDirectory(ledgerDirectory)
        let path = ledgerDirectory + "/.reserve-" + attemptID.uuidString.lowercased()
        do {
            let fd = try SystemCall.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            defer { SystemCall.close(fd) }
            do {
                try SystemCall.allocate(fd, length: bytes)
                try SystemCall.fsync(fd)
            } catch {
                try? SystemCall.unlink(path)
                throw error
            }
        } catch {
            throw ExpungeError(.failed, code: "evidence-space",
                               "cannot reserve \(bytes / 1024) KiB for the evidence in \(ledgerDirectory) (\(error)); nothing was written",
                               remedy: "free space in EXPUNGE_HOME (or move it to a larger disk) and start again", cause: error)
        }
        return EvidenceReservation(path: path)
    }

    /// Gives the space back (before the certificate is written, or when the attempt never starts).
    public func release() {
        try? SystemCall.unlink(path)
    }

    /// Removes reservations a dead process left behind (their attempts are recovered from the
    /// journal; the space is needed for their certificates).
    public static func releaseAbandoned(in ledgerDirectory: String, keeping live: Set<UUID> = []) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ledgerDirectory)) ?? []
        for name in names where name.hasPrefix(".reserve-") {
            if let id = UUID(uuidString: String(name.dropFirst(".reserve-".count))), live.contains(id) { continue }
            try? SystemCall.unlink(ledgerDirectory + "/" + name)
        }
    }
}
