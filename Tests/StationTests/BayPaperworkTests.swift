import Evidence
import Fakes
import Foundation
import Station
import StorageModel
import Synchronization
import Testing

/// A printer that records what it was asked to print, or fails.
final class RecordingPaperwork: PaperworkWriter {
    struct Job: Equatable {
        var certificateID: String
        var sha256: String
        var paperwork: BayPaperwork
    }

    let jobs = Mutex<[Job]>([])
    let failure: String?

    init(failure: String? = nil) { self.failure = failure }

    func write(_ certificate: LedgerEntry, _ paperwork: BayPaperwork) async throws -> [String] {
        jobs.withLock { $0.append(Job(certificateID: certificate.id, sha256: certificate.sha256, paperwork: paperwork)) }
        if let failure { throw ExpungeError(.failed, failure) }
        return ["/home/pdf/\(certificate.id).pdf", "/home/pdf/\(certificate.id)-label.pdf"]
    }

    var recorded: [Job] { jobs.withLock { $0 } }
}

@Suite("Station console: paperwork when a bay finishes")
struct BayPaperworkTests {
    static let printing = BayPaperwork(pdf: "a4", label: "62x29mm", verifyURL: "https://depot.example.com")

    func fixture(paperwork: BayPaperwork?, printer: RecordingPaperwork) throws -> ConsoleFixture {
        let profiles = StationProfiles(profiles: [StationProfile(name: "print", pattern: "zero", paperwork: paperwork)], defaultName: "print")
        return try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")], settings: BayController.Settings(profiles: profiles), paperwork: printer)
    }

    func wipe(_ f: ConsoleFixture) async throws {
        try await f.register("LAP-1")
        await f.controller.rescan()
        try await f.controller.enterAsset(bay: 1, tag: "LAP-1")
        try await f.controller.start(bay: 1)
        await f.controller.waitForRuns()
    }

    @Test func aProfileWithPaperworkPrintsTheWrittenCertificateOnce() async throws {
        let printer = RecordingPaperwork()
        let f = try fixture(paperwork: Self.printing, printer: printer)
        try await wipe(f)
        let certificate = try #require(await f.controller.results.first?.certificate)
        #expect(printer.recorded == [.init(certificateID: certificate.id, sha256: certificate.sha256, paperwork: Self.printing)])
        #expect(await f.controller.board.status == "bay 1: printed \(certificate.id).pdf, \(certificate.id)-label.pdf")
    }

    @Test func aProfileWithoutPaperworkPrintsNothing() async throws {
        let printer = RecordingPaperwork()
        let f = try fixture(paperwork: nil, printer: printer)
        try await wipe(f)
        #expect(await f.bay(1).state == .certified(.passed))
        #expect(printer.recorded.isEmpty)
    }

    @Test func aPrinterFailureIsReportedAndTheCertificateStands() async throws {
        let printer = RecordingPaperwork(failure: "no space left on device")
        let f = try fixture(paperwork: Self.printing, printer: printer)
        try await wipe(f)
        let certificate = try #require(await f.controller.results.first?.certificate)
        #expect(await f.bay(1).state == .certified(.passed))
        #expect(FileManager.default.fileExists(atPath: certificate.documentPath))
        #expect(await f.controller.board.status == "bay 1: certificate \(certificate.id) written, but its PDF was not: no space left on device")
    }
}
