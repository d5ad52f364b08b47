import BlockIO
import Foundation
import StorageModel

/// Everything decided before a firmware purge starts.
public struct PurgePlan: Sendable {
    public var attemptID: UUID
    public var identity: DeviceIdentity
    public var technique: PurgeTechnique
    public var capabilities: PurgeCapabilities
    /// Seed of the canary positions (SplitMix64), recorded on the certificate.
    public var canarySeed: UInt64
    public var canaryCount: Int
    /// Sent although the device does not advertise it (`--force`): the device's answer decides.
    public var forced: Bool
    /// Restore the native maximum (remove a Host Protected Area) before the purge.
    public var removeHiddenAreas: Bool = false
    /// Purge although a hidden area stays in place (`--allow-hidden-areas`); the attempt is then
    /// certified failed (`hidden-area-not-sanitized`): canaries cannot reach it.
    public var allowHiddenAreas: Bool = false
    /// The addressed and native capacity with any hidden area, as established before the purge.
    public var capacity: CapacityRecord?
    /// What part of the drive the command acts on (NVMe: a namespace, every namespace, the NVM
    /// subsystem).
    public var scope: ScopeRecord?

    public init(attemptID: UUID = UUID(), identity: DeviceIdentity, technique: PurgeTechnique, capabilities: PurgeCapabilities,
                canarySeed: UInt64 = SecureRandom.uint64(), canaryCount: Int = 62, forced: Bool = false) {
        self.forced = forced
        self.attemptID = attemptID
        self.identity = identity
        self.technique = technique
        self.capabilities = capabilities
        self.canarySeed = canarySeed
        self.canaryCount = canaryCount
    }

    /// The firmware commands the purge sends, decoded, for `--dry-run` and confirmation.
    public var commands: [String] {
        switch technique {
        case .nvmeFormatUserDataErase, .nvmeFormatCryptoErase:
            return [NVMePurgeExecutor.formatCommand(for: self).description]
        case .nvmeSanitizeBlockErase, .nvmeSanitizeCryptoErase, .nvmeSanitizeOverwrite:
            return [NVMeAdminCommand.sanitizeStatusLog().description + " (read before the command, to compare)",
                    NVMePurgeExecutor.sanitizeCommand(for: technique).description,
                    NVMeAdminCommand.sanitizeStatusLog().description + " (polled every second until a transition)"]
        case .ataSanitizeBlockErase, .ataSanitizeCryptoScramble, .ataSanitizeOverwrite:
            return [ATACommand.sanitizeStatus().description + " (read before the command, to compare)",
                    ATAPurgeExecutor.sanitizeCommand(for: technique).description,
                    ATACommand.sanitizeStatus().description + " (polled every second until a transition)"]
        case .ataSecurityErase, .ataSecurityEraseEnhanced:
            let pw = Array("expunge-temporary".utf8)
            return [ATACommand.identifyDevice().description, ATACommand.securitySetPassword(pw).description, ATACommand.securityErasePrepare().description,
                    ATACommand.securityEraseUnit(pw, enhanced: technique == .ataSecurityEraseEnhanced, timeoutMilliseconds: 0).description,
                    ATACommand.identifyDevice().description + " (the password must be gone)",
                    ATACommand.securityDisablePassword(pw).description + " (only if the password remained)"]
        case .scsiSanitizeBlockErase, .scsiSanitizeCryptoErase, .scsiSanitizeOverwrite:
            return [SCSIPurgeExecutor.sanitizeCommand(for: technique).description, SCSICommand.requestSense().description + " (polled every 5 seconds; sanitize in progress must be seen)",
                    SCSICommand.testUnitReady().description]
        }
    }

    /// The value every canary must read after the command, only where the command defines it:
    /// any OVERWRITE writes its pattern (0x00, one pass, no invert); NVMe Sanitize block or crypto
    /// erase is sent with No-Deallocate After Sanitize clear (NVMe Base 2.3 Sanitize, CDW10 NDAS),
    /// so the controller deallocates and the blocks read the value DLFEAT reports (NVM Command Set,
    /// Identify Namespace byte 33). Elsewhere — crypto scramble/erase, block erase, Format NVM,
    /// SECURITY ERASE UNIT — the content is unspecified: ATA RZAT/DRAT (IDENTIFY word 69) and SCSI
    /// LBPRZ describe trimmed or unmapped blocks only, not what a sanitize leaves.
    public var promisedReadValue: UInt8? {
        switch technique {
        case .nvmeSanitizeOverwrite, .ataSanitizeOverwrite, .scsiSanitizeOverwrite: 0x00
        case .nvmeSanitizeBlockErase, .nvmeSanitizeCryptoErase: capabilities.erasedReadValue
        default: nil
        }
    }

    public var description: String {
        var lines = ["\(identity.path): purge by \(technique.rawValue) (\(technique.method.rawValue))"]
        lines.append("  before: write \(canaryCount + 2) seeded canary blocks (seed \(canarySeed)), flush, read them back")
        for c in commands { lines.append("  send: \(c)") }
        lines.append("  after: read the canary blocks with O_DIRECT: none may hold its old content or another canary's content"
                     + (promisedReadValue.map { String(format: ", and every one must read 0x%02X (defined by the command)", $0) }
                        ?? " (the content after \(technique.method.rawValue) is unspecified: no value is expected)"))
        if let scope { lines.append("  scope: \(scope.summary)") }
        for n in capabilities.notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }
}
