/// The NIST SP 800-88 method a technique applies, as certificates name it.
public enum SanitizationMethod: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Writing patterns over every addressable location (by the host, or by the drive's own
    /// sanitize-overwrite command).
    case overwrite
    /// The drive erases its media blocks (NVMe/ATA/SCSI block erase, NVMe format user-data erase).
    case blockErase = "block-erase"
    /// The drive changes its media encryption key (NVMe/SCSI crypto erase, ATA crypto scramble).
    case cryptoErase = "crypto-erase"
    /// ATA SECURITY ERASE UNIT (normal or enhanced).
    case secureErase = "secure-erase"

    /// The certificate word, also in string interpolation.
    public var description: String { rawValue }
}
