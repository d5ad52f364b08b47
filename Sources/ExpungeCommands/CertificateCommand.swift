import ArgumentParser

/// `expunge certificate`: human-readable renderings of the signed certificates.
struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Render signed certificates as PDF (the signed JSON stays the record).",
        subcommands: [CertificatePDFCommand.self]
    )
}
