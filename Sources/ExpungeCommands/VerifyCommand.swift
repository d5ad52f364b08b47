import ArgumentParser
import Evidence
import Foundation
import Records
import Reports
import StorageModel

/// `expunge verify`: what an auditor runs, offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify signed certificates and records: signature, signer chain, schema, consistency, chain continuity.",
        discussion: """
        Give files (X.json, with X.p7s beside it) or directories (searched recursively). Each \
        document's detached CMS signature is checked against the trust anchors at the time the \
        document was issued; its content against the schema and the consistency rules (a \
        'passed' result needs clean verification and an unchanged identity); and, across the \
        set, each station's sequence for gaps, duplicates and broken hash links, and duplicate attempt IDs. A \
        directory holding a ledger's state.json is also checked against its recorded head: documents missing \
        at the end or before the first one present are reported. A disposal record's wipe_certificates must \
        match the certificates they name (SHA-256 and result) when those are in the set. An evidence pack \
        is verified whether zipped or unzipped into a folder (a folder holding manifest.json). Files over \
        the documented size limits (documents 1 MiB, signatures 64 KiB; packs 100 000 entries, 256 MiB \
        each, 1 GiB in total) are rejected before they are read whole. Across the set, findings are \
        reported apart (an asset disposed of twice without --supersedes, a release for reuse on an \
        override, a wipe attempt after the disposal, one device under two assets): they are not \
        signature failures. Exit status 0 only if everything verified (with --strict: and there is no \
        finding). Without --trust, the station's own trust anchor ($EXPUNGE_HOME/keys/trust.pem) is used.
        """
    )

    @Argument(help: "Documents (.json), directories, or evidence packs (.zip).")
    var paths: [String] = []

    @Option(name: .long, help: "Trust anchors (PEM): the CA or self-signed station certificate(s).")
    var trust: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "List every document, not only those with problems.")
    var verbose = false

    @Flag(name: .long, help: "Fail (exit status 1) on audit findings too, not only on invalid documents.")
    var strict = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one certificate file or directory") }
    }

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let given = try trust.map { try TrustStore(pemFile: $0) }
        let packs = paths.filter { $0.lowercased().hasSuffix(".zip") || EvidencePack.isPackFolder($0) }
        let documents = paths.filter { !packs.contains($0) }
        var valid = true
        for pack in packs {
            let url = URL(fileURLWithPath: pack)
            let verdict = pack.lowercased().hasSuffix(".zip") ? try EvidencePack.verify(pack: url, trust: given)
                : try EvidencePack.verify(folder: url, trust: given)
            valid = valid && verdict.passes(strict: strict)
            if json { Console.out(try PrettyJSON.encode(verdict)); continue }
            Console.out(Self.render(verdict, name: pack, verbose: verbose, strict: strict))
        }
        if !documents.isEmpty {
            let anchors: TrustStore
            if let given {
                anchors = given
            } else if let local = StationKeyStore(home: global.environment().home).localTrust() {
                anchors = local
            } else {
                throw ExpungeError(.usage, "no trust anchor", remedy: "pass --trust ca.pem (the CA or station certificate the documents should chain to)")
            }
            let report = DocumentVerifier(trust: anchors, registry: .expunge).verify(paths: documents)
            valid = valid && report.passes(strict: strict)
            Console.out(json ? try PrettyJSON.encode(report) : Self.render(report, verbose: verbose, strict: strict))
        }
        if !valid { throw ExitCode(ExitStatus.failed.rawValue) }
    }

    static func render(_ verdict: EvidencePack.Verdict, name: String, verbose: Bool, strict: Bool) -> String {
        EvidencePackText.lines(verdict, name: name, verbose: verbose, strict: strict).map(Self.colour).joined(separator: "\n")
    }

    static func render(_ report: VerificationReport, verbose: Bool, strict: Bool = false) -> String {
        VerificationReportText.lines(report, verbose: verbose, strict: strict).map(Self.colour).joined(separator: "\n")
    }

    static func colour(_ line: VerificationReportText.Line) -> String {
        switch line.tone {
        case .plain: line.text
        case .good: Console.green(line.text)
        case .bad: Console.red(line.text)
        case .warning: Console.yellow(line.text)
        }
    }
}
