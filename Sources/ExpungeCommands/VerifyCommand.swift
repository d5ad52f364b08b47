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
        at the end or before the first one present are reported. Files over the documented size limits \
        (documents 1 MiB, signatures 64 KiB; packs 100 000 entries, 256 MiB each, 1 GiB in total) are \
        rejected before they are read whole. Exit status 0 \
        only if everything verified. Without --trust, the station's own trust anchor \
        ($EXPUNGE_HOME/keys/trust.pem) is used.
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

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one certificate file or directory") }
    }

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let given = try trust.map { try TrustStore(pemFile: $0) }
        let packs = paths.filter { $0.lowercased().hasSuffix(".zip") }
        let documents = paths.filter { !$0.lowercased().hasSuffix(".zip") }
        var valid = true
        for pack in packs {
            let verdict = try EvidencePack.verify(pack: URL(fileURLWithPath: pack), trust: given, rules: RecordIndexer.documentRules)
            valid = valid && verdict.isValid
            if json { Console.out(try JSONOutput.encode(verdict)); continue }
            Console.out("Evidence pack \(pack):")
            if verdict.trustAnchorFromPack {
                Console.out("  note: verified against the pack's own trust anchor; pass --trust with the CA you obtained independently")
            }
            for p in verdict.manifestProblems { Console.out(Console.red("  ✘ \(p)")) }
            if verdict.manifestProblems.isEmpty { Console.out(Console.green("  ✔ manifest signed; every file present and unaltered")) }
            Console.out(Self.render(verdict.documents, verbose: verbose).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
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
            let report = DocumentVerifier(trust: anchors, additionalRules: RecordIndexer.documentRules).verify(paths: documents)
            valid = valid && report.isValid
            Console.out(json ? try JSONOutput.encode(report) : Self.render(report, verbose: verbose))
        }
        if !valid { throw ExitCode(ExitStatus.failed.rawValue) }
    }

    static func render(_ report: VerificationReport, verbose: Bool) -> String {
        var lines: [String] = []
        for p in report.inputProblems { lines.append(Console.red("✘ \(p)")) }
        for d in report.documents where verbose || !d.isValid {
            let head = "\(d.isValid ? "✔" : "✘") \(d.documentID ?? "?")  \(d.result ?? d.documentType ?? "?")  \(d.path)"
            lines.append(d.isValid ? Console.green(head) : Console.red(head))
            for p in d.problems { lines.append("    \(p)") }
        }
        for c in report.chains {
            let head = "chain \(c.station): sequences \(c.firstSequence)–\(c.lastSequence), \(c.documents) documents"
            lines.append(c.isValid ? head + ": continuous" : Console.red(head + ": BROKEN"))
            for p in c.problems { lines.append("    \(p)") }
        }
        let invalid = report.documents.filter { !$0.isValid }.count
        if report.documents.isEmpty { lines.append(Console.red("No documents found.")) }
        lines.append(report.isValid
            ? Console.green("Verified \(report.documents.count) document\(report.documents.count == 1 ? "" : "s"): all valid.")
            : Console.red("Verified \(report.documents.count) documents: \(report.documents.count - invalid) valid, \(invalid) invalid\(report.chains.contains { !$0.isValid } ? ", chain broken" : "")\(report.inputProblems.isEmpty ? "" : ", \(report.inputProblems.count) input problems")."))
        return lines.joined(separator: "\n")
    }
}
