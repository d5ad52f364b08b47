/// Sizes a file cannot exceed and still be what it claims to be. Checked on the file's size
/// (`fstat`) before it is read, and again while reading (a file that grows is cut off), so an
/// oversized or endless input costs no memory. Documented in `Certificates/README.md` and
/// `Docs/compliance.md`; change them together.
public enum DocumentLimits {
    /// A signed document (certificate, disposal record, manifest): 1 MiB. A real certificate
    /// is a few KiB; one with thousands of recorded errors stays far below this.
    public static let maxDocumentBytes = 1 << 20
    /// A detached CMS signature (`.p7s`): 64 KiB, room for a signer certificate chain.
    public static let maxSignatureBytes = 64 << 10
    /// An evidence pack's manifest (one line per file in the pack): 32 MiB.
    public static let maxManifestBytes = 32 << 20
    /// A trust anchor file (PEM): 1 MiB.
    public static let maxTrustAnchorBytes = 1 << 20
    /// An asset register export (CSV) for `asset import`: 256 MiB.
    public static let maxRegisterBytes = 256 << 20
}
