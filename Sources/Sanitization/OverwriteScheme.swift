/// A named sequence of overwrite passes. The default is NIST SP 800-88's single pass; the legacy
/// multi-pass schemes exist for customers whose contracts name them (NIST Rev. 2 FAQ: multi-pass
/// overwrite is unnecessary on modern media).
public struct OverwriteScheme: Hashable, Sendable {
    public let name: String
    public let summary: String
    public let passes: [OverwritePattern]

    public static let nistClear = OverwriteScheme(
        name: "nist-clear", summary: "NIST SP 800-88 Clear: one pass of AES-128-CTR random data", passes: [.random])
    public static let dod5220ThreePass = OverwriteScheme(
        name: "dod-5220-3pass", summary: "DoD 5220.22-M (E): zeros, ones, random", passes: [.zero, .one, .random])
    public static let dod5220SevenPass = OverwriteScheme(
        name: "dod-5220-7pass", summary: "DoD 5220.22-M (ECE): zeros, ones, random, random, zeros, ones, random",
        passes: [.zero, .one, .random, .random, .zero, .one, .random])
    public static let hmgIS5Baseline = OverwriteScheme(
        name: "hmg-is5-baseline", summary: "HMG IS5 Baseline: zeros", passes: [.zero])
    public static let hmgIS5Enhanced = OverwriteScheme(
        name: "hmg-is5-enhanced", summary: "HMG IS5 Enhanced: zeros, ones, random", passes: [.zero, .one, .random])
    public static let bsiVSITR = OverwriteScheme(
        name: "bsi-vsitr", summary: "BSI VSITR: 0x00, 0xFF six times alternating, then 0xAA",
        passes: [.zero, .one, .zero, .one, .zero, .one, .constant(0xAA)])
    public static let rcmpTSSITOPSII = OverwriteScheme(
        name: "rcmp-tssit-ops-ii", summary: "RCMP TSSIT OPS-II: 0x00/0xFF alternating six times, then random",
        passes: [.zero, .one, .zero, .one, .zero, .one, .random])

    public static let all: [OverwriteScheme] = [
        .nistClear, .dod5220ThreePass, .dod5220SevenPass, .hmgIS5Baseline, .hmgIS5Enhanced, .bsiVSITR, .rcmpTSSITOPSII,
    ]

    public static func named(_ name: String) -> OverwriteScheme? { all.first { $0.name == name } }
}
