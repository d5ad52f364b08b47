
/// A firmware sanitization technique. Raw values are the `--technique` words and certificate values.
public enum PurgeTechnique: String, Codable, Sendable, CaseIterable {
    case nvmeSanitizeCryptoErase = "nvme-sanitize-crypto-erase"
    case nvmeSanitizeBlockErase = "nvme-sanitize-block-erase"
    case nvmeSanitizeOverwrite = "nvme-sanitize-overwrite"
    case nvmeFormatCryptoErase = "nvme-format-crypto-erase"
    case nvmeFormatUserDataErase = "nvme-format-user-data-erase"
    case ataSanitizeCryptoScramble = "ata-sanitize-crypto-scramble"
    case ataSanitizeBlockErase = "ata-sanitize-block-erase"
    case ataSanitizeOverwrite = "ata-sanitize-overwrite"
    case ataSecurityEraseEnhanced = "ata-security-erase-enhanced"
    case ataSecurityErase = "ata-security-erase"
    case scsiSanitizeCryptoErase = "scsi-sanitize-crypto-erase"
    case scsiSanitizeBlockErase = "scsi-sanitize-block-erase"
    case scsiSanitizeOverwrite = "scsi-sanitize-overwrite"

    public enum Interface: String, Codable, Sendable { case nvme, ata, scsi }

    public var interface: Interface {
        switch self {
        case .nvmeSanitizeCryptoErase, .nvmeSanitizeBlockErase, .nvmeSanitizeOverwrite, .nvmeFormatCryptoErase, .nvmeFormatUserDataErase: .nvme
        case .ataSanitizeCryptoScramble, .ataSanitizeBlockErase, .ataSanitizeOverwrite, .ataSecurityEraseEnhanced, .ataSecurityErase: .ata
        case .scsiSanitizeCryptoErase, .scsiSanitizeBlockErase, .scsiSanitizeOverwrite: .scsi
        }
    }

    /// The NIST SP 800-88 method word for the certificate.
    public var method: SanitizationMethod {
        switch self {
        case .nvmeSanitizeCryptoErase, .nvmeFormatCryptoErase, .ataSanitizeCryptoScramble, .scsiSanitizeCryptoErase: .cryptoErase
        case .nvmeSanitizeBlockErase, .nvmeFormatUserDataErase, .ataSanitizeBlockErase, .scsiSanitizeBlockErase: .blockErase
        case .nvmeSanitizeOverwrite, .ataSanitizeOverwrite, .scsiSanitizeOverwrite: .overwrite
        case .ataSecurityEraseEnhanced, .ataSecurityErase: .secureErase
        }
    }

    /// Whether this technique is Purge on `media` (NIST SP 800-88 Rev. 1 Appendix A; IEEE 2883):
    /// overwrite of any kind never purges flash; ATA SECURITY ERASE is only Clear on flash, and
    /// only the enhanced form purges a hard disk.
    public func isPurge(on media: MediaType) -> Bool {
        switch self {
        case .nvmeSanitizeOverwrite, .ataSanitizeOverwrite, .scsiSanitizeOverwrite: return media == .hdd
        case .ataSecurityErase: return false
        case .ataSecurityEraseEnhanced: return media == .hdd
        default: return true
        }
    }

    /// Preference order for `--level purge` by media: strongest verifiable technique first.
    public static func preference(for media: MediaType) -> [PurgeTechnique] {
        if media == .hdd {
            return [.ataSanitizeOverwrite, .ataSanitizeCryptoScramble, .ataSecurityEraseEnhanced, .scsiSanitizeOverwrite, .scsiSanitizeCryptoErase,
                    .nvmeSanitizeOverwrite, .nvmeSanitizeCryptoErase]
        }
        return [.nvmeSanitizeCryptoErase, .nvmeSanitizeBlockErase, .nvmeFormatCryptoErase, .nvmeFormatUserDataErase,
                .ataSanitizeCryptoScramble, .ataSanitizeBlockErase, .scsiSanitizeCryptoErase, .scsiSanitizeBlockErase]
    }
}
