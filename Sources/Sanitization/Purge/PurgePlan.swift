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
            return [NVMePurgeExecutor.sanitizeCommand(for: technique).description,
                    NVMeAdminCommand.sanitizeStatusLog().description + " (polled every second)"]
        case .ataSanitizeBlockErase, .ataSanitizeCryptoScramble, .ataSanitizeOverwrite:
            return [ATAPurgeExecutor.sanitizeCommand(for: technique).description, ATACommand.sanitizeStatus().description + " (polled every second)"]
        case .ataSecurityErase, .ataSecurityEraseEnhanced:
            let pw = Array("expunge-temporary".utf8)
            return [ATACommand.identifyDevice().description, ATACommand.securitySetPassword(pw).description, ATACommand.securityErasePrepare().description,
                    ATACommand.securityEraseUnit(pw, enhanced: technique == .ataSecurityEraseEnhanced, timeoutMilliseconds: 0).description,
                    ATACommand.identifyDevice().description + " (the password must be gone)",
                    ATACommand.securityDisablePassword(pw).description + " (only if the password remained)"]
        case .scsiSanitizeBlockErase, .scsiSanitizeCryptoErase, .scsiSanitizeOverwrite:
            return [SCSIPurgeExecutor.sanitizeCommand(for: technique).description, SCSICommand.requestSense().description + " (polled every 5 seconds)",
                    SCSICommand.testUnitReady().description]
        }
    }

    public var description: String {
        var lines = ["\(identity.path): purge by \(technique.rawValue) (\(technique.method))"]
        lines.append("  before: write \(canaryCount + 2) seeded canary blocks (seed \(canarySeed)), flush, read them back")
        for c in commands { lines.append("  send: \(c)") }
        lines.append("  after: read the canary blocks with O_DIRECT: every one must have changed"
                     + (capabilities.erasedReadValue.map { String(format: " (and read 0x%02X)", $0) } ?? ""))
        for n in capabilities.notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }
}
