import Depot
import Evidence
import Foundation
import Records
import Reports
import StorageModel

/// The depot's reports over every station's documents: what `expunge-depot report` writes and
/// what the console downloads, from one place, so that the same filters give the same file.
public struct DepotReports: Sendable {
    public let archive: any DepotArchive
    public let store: any RecordStore

    public init(archive: any DepotArchive, store: any RecordStore) {
        self.archive = archive
        self.store = store
    }

    public enum Kind: String, Sendable, CaseIterable {
        case gdpr
        case csrd
        case evidencePack = "evidence-pack"
    }

    /// A report asked for, its filters checked: the period, the register customer (nil: all),
    /// the station (nil: all).
    public struct Request: Sendable, Hashable {
        public var kind: Kind
        public var period: ReportPeriod
        public var customer: CustomerRecord?
        public var station: String?
        public var format: ReportFormat

        /// The download's file name: `gdpr-erasure-register_2026-01-01_2026-11-30.csv`.
        public var fileName: String {
            let base = switch kind {
            case .gdpr: "gdpr-erasure-register"
            case .csrd: "csrd-e5-5"
            case .evidencePack: "evidence-pack"
            }
            let scope = [customer?.customerID, station].compactMap { $0 }.map { "_" + $0.filter { $0.isLetter || $0.isNumber || $0 == "-" } }.joined()
            return "\(base)_\(period.from)_\(period.to)\(scope).\(kind == .evidencePack ? "zip" : format.rawValue)"
        }

        public var contentType: String {
            if kind == .evidencePack { return "application/zip" }
            return switch format {
            case .csv: "text/csv; charset=utf-8"
            case .json: "application/json"
            case .html: "text/html; charset=utf-8"
            }
        }

        /// For the audit log.
        public var summary: String {
            "\(kind.rawValue) \(period.from)…\(period.to)" + (kind == .evidencePack ? "" : " \(format.rawValue)")
                + (customer.map { ", customer \($0.customerID)" } ?? "") + (station.map { ", station \($0)" } ?? "")
        }
    }

    /// Checks the filters as the command line does: dates (default: this year so far), a
    /// customer of the register (by ID or exact legal name), a format.
    /// `customerOption`: how the customer filter is named in a refusal (`--customer`, or the
    /// console's field).
    public func request(_ kind: Kind, from: String?, to: String?, customer: String?, station: String?, format: String?,
                        customerOption: String = "--customer", now: Date = Date()) async throws -> Request {
        let period = try ReportPeriod.defaulted(from: from, to: to, now: now)
        var chosenFormat = ReportFormat.csv
        if let format {
            guard let f = ReportFormat(rawValue: format) else {
                throw ExpungeError(.usage, code: "invalid-format", "“\(DisplayString.sanitize(String(format.prefix(20))) ?? "")” is not a report format",
                                   remedy: "choose csv, json or html")
            }
            chosenFormat = f
        }
        var registered: CustomerRecord?
        if let customer { registered = try await store.registeredCustomer(named: customer, option: customerOption) }
        return Request(kind: kind, period: period, customer: registered, station: station, format: chosenFormat)
    }

    /// The GDPR erasure register, streamed row by row through `sink`.
    public func gdpr(_ r: Request, generatedAt: String, to sink: (String) throws -> Void) async throws {
        try await GDPRErasureRegister.write(store: store, period: r.period, generatedAt: generatedAt, format: r.format,
                                            customer: r.customer?.customerID, station: r.station, to: sink)
    }

    /// ESRS E5-5 figures, rendered.
    public func csrd(_ r: Request, generatedAt: String) async throws -> String {
        let scope = CSRDResourceOutflows.Scope(customer: r.customer?.customerID, customerName: r.customer?.legalName, station: r.station)
        return try await CSRDResourceOutflows.build(store: store, period: r.period, generatedAt: generatedAt, scope: scope).render(r.format)
    }

    /// The evidence pack of the period (every station's documents as pushed), signed by the
    /// depot's key; its trust anchor holds the depot's certificate and every station's pin, its
    /// manifest each station's witnessed head.
    public func evidencePack(_ r: Request, signer: StationSigner, generatedAt: String, output: URL) async throws -> EvidencePack.Manifest {
        var anchors = signer.certificate.pem
        var heads: [LedgerHead] = []
        for station in try await archive.stations() {
            if let pem = station.certificatePEM { anchors += Array(pem.utf8) }
            if let head = try await archive.latestHead(station: station.name) {
                heads.append(LedgerHead(station: station.name, sequence: head.sequence, sha256: head.sha256))
            }
        }
        return try await EvidencePack.build(store: store, signer: signer, trustAnchorPEM: anchors, period: r.period, customer: r.customer?.customerID,
                                            generatedAt: generatedAt, output: output, ledgerHeads: heads, documents: ArchiveDocuments(archive: archive))
    }

    /// Writes the report to `path` (the console gives a path in a directory only the depot's user
    /// can enter) the way `expunge-depot report -o` writes it: `OutputFile`, whole or not at all.
    /// The evidence pack needs `signer`.
    public func write(_ r: Request, to path: String, signer: StationSigner?, generatedAt: String) async throws {
        func written(_ produce: (OutputFile) async throws -> Void) async throws {
            let file = try OutputFile(path: path)
            do {
                try await produce(file)
                try file.commit()
            } catch {
                file.discard()
                throw error
            }
        }
        switch r.kind {
        case .gdpr:
            try await written { file in try await gdpr(r, generatedAt: generatedAt) { try file.write($0) } }
        case .csrd:
            let text = try await csrd(r, generatedAt: generatedAt)
            try await written { file in try file.write(text) }
        case .evidencePack:
            guard let signer else {
                throw ExpungeError(.failed, code: "no-depot-key", "the depot has no signing key, so it cannot sign an evidence pack",
                                   remedy: "create it with `expunge-depot keys init --name DEPOT --org ORGANISATION` and restart the depot")
            }
            _ = try await evidencePack(r, signer: signer, generatedAt: generatedAt, output: URL(fileURLWithPath: path))
        }
    }
}
