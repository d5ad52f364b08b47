import Evidence
import Foundation
@testable import Rendering
import StorageModel
import Testing
import TestSupport

/// Which fields appear on a certificate page for each result and level, from the layout model.
@Suite struct CertificateLayoutTests {
    static let verified = VerifiedDocument(name: "/ledger/TEST-ST-000001.json", bytes: [], sha256: String(repeating: "a1", count: 32),
                                           signer: "CN=TEST-ST,O=Test Org", signerFingerprint: String(repeating: "f0", count: 32),
                                           documentType: WipeCertificate.documentType)

    static func certificate(_ result: WipeResult, edit: (inout WipeOutcome) -> Void = { _ in }) -> WipeCertificate {
        var outcome = TestStation.outcome(result)
        edit(&outcome)
        let position = LedgerPosition(station: "TEST-ST", sequence: 7, previousSHA256: String(repeating: "0b", count: 32), issuedAt: "2026-11-30T06:36:26Z")
        let station = StationInfo(name: "TEST-ST", organization: "Łódź Recycling Sp. z o.o.", location: "Bench 1", hostname: "h")
        return WipeCertificate(outcome: outcome, position: position, station: station, operatorID: "op-1", assetID: "ASSET-Ü1",
                               customer: "Müller GmbH", tool: TestStation.tool)
    }

    static func page(_ c: WipeCertificate, url: String? = nil) -> PageDocument {
        CertificateLayout.document(c, verified: verified, paper: .a4, verifyURL: url)
    }

    static func banner(_ d: PageDocument) -> (String, String?, Tone)? {
        for b in d.blocks { if case .banner(let h, let detail, let tone) = b { return (h, detail, tone) } }
        return nil
    }

    @Test(arguments: WipeResult.allCases)
    func bannerToneIsGreenOnlyForPassed(_ result: WipeResult) throws {
        let (headline, detail, tone) = try #require(Self.banner(Self.page(Self.certificate(result))))
        #expect(headline.hasPrefix(result.rawValue.uppercased()))
        switch result {
        case .passed:
            #expect(tone == .passed)
            #expect(headline.contains("Clear (NIST SP 800-88), verified"))
        case .failed:
            #expect(tone == .failed)
            #expect(detail?.contains("write-errors") == true)
        case .aborted, .interrupted, .unverified:
            #expect(tone == .caution)
            #expect(headline.contains("not"))
        }
        #expect(Tone(result) == tone)
    }

    @Test(arguments: WipeResult.allCases)
    func levelIsClaimedOnlyWhenPassed(_ result: WipeResult) throws {
        let level = try #require(Self.page(Self.certificate(result)).section("Sanitization")?.field("Level"))
        #expect(level.value.contains("Clear (NIST SP 800-88; IEEE 2883-2022 Clear)"))
        #expect(level.value.hasPrefix("Attempted, not achieved") == (result != .passed))
    }

    @Test func passedClearHasTheCoreFieldsAndNoErrorOrFirmwareSection() throws {
        let d = Self.page(Self.certificate(.passed))
        #expect(d.sections.map(\.title) == ["Certificate and asset", "Device", "Sanitization", "Scope and hidden areas", "Verification", "Time and tool"])
        let top = try #require(d.section("Certificate and asset"))
        #expect(top.field("Certificate ID")?.value == "TEST-ST-000007")
        #expect(top.field("Asset")?.value == "ASSET-Ü1")
        #expect(top.field("Customer")?.value == "Müller GmbH")
        #expect(top.field("Operator")?.value == "op-1")
        #expect(top.field("Sequence")?.value.contains(String(repeating: "0b", count: 32)) == true)
        let device = try #require(d.section("Device"))
        #expect(device.field("Serial number")?.value == "SN-123")
        #expect(device.field("WWN")?.value == "naa.5000000000000001")
        #expect(device.field("Interface · media")?.value == "sata · hdd")
        #expect(device.field("Identity at end")?.value == "re-read at the end: the same device")
        let v = try #require(d.section("Verification"))
        #expect(v.field("Mode")?.value == "full")
        #expect(v.field("Compared")?.value.contains("coverage 100 %") == true)
        #expect(v.field("Mismatched blocks")?.value == "none")
        #expect(d.plainText.contains("Łódź Recycling"))
    }

    @Test func failedShowsItsErrorsAndUnwritableRanges() throws {
        let d = Self.page(Self.certificate(.failed))
        let errors = try #require(d.section("Errors"))
        #expect(errors.field("Errors (1)")?.value == "write [4096, +512) EIO: unwritable")
        #expect(errors.field("Errors (1)")?.tone == .failed)
        #expect(errors.field("Unwritable ranges")?.value == "1: [4096, +512)")
        #expect(d.section("Sanitization")?.fields.first { $0.label == "Pass" }?.tone == .caution)
    }

    @Test func unverifiedSaysNothingWasReadBack() throws {
        let v = try #require(Self.page(Self.certificate(.unverified)).section("Verification"))
        #expect(v.fields.map(\.label) == ["Mode", "Read back"])
        #expect(v.field("Read back")?.value == "nothing was read back")
    }

    @Test func purgeShowsTheFirmwareCommandsAndTheDrivesAnswers() throws {
        let c = Self.certificate(.passed) { o in
            o.level = .purge
            o.technique = .firmware(.nvmeSanitizeBlockErase)
            o.passes = []
            o.firmware = FirmwareRecord(technique: .nvmeSanitizeBlockErase,
                                        commands: [FirmwareCommandRecord(name: "Sanitize", encoding: "opc=84 nsid=0 cdw10=00000002",
                                                                         response: "status 0x0000", accepted: true, durationSeconds: 2)],
                                        deviceStatus: ["SSTAT 0101h"], deviceReportedCompletion: true)
        }
        let d = Self.page(c)
        #expect(d.sections.map(\.title).contains("Firmware command (Purge)"))
        let fw = try #require(d.section("Firmware command (Purge)"))
        #expect(fw.field("Command")?.value == "NVME nvme-sanitize-block-erase (method block-erase)")
        #expect(fw.field("Sent and answered")?.value == "Sanitize: opc=84 nsid=0 cdw10=00000002 → status 0x0000 (accepted)")
        #expect(fw.field("Drive reported completion")?.value == "yes")
        #expect(d.section("Sanitization")?.field("Level")?.value.contains("Purge (NIST SP 800-88; IEEE 2883-2022 Purge)") == true)
        #expect(d.section("Sanitization")?.fields.contains { $0.label.hasPrefix("Pass") } == false)
        #expect(Self.banner(d)?.0 == "PASSED: Purge (NIST SP 800-88), verified")
    }

    @Test func aNamespaceOnlyScopeIsFlaggedEvenWhenPassed() throws {
        let c = Self.certificate(.passed) { o in
            o.scope = ScopeRecord(kind: .namespace, wholeDevice: false, controllerSerial: "C1",
                                  namespace: .init(namespaceID: 1, sizeBytes: .mebibytes(64)),
                                  otherNamespaces: [.init(namespaceID: 2, sizeBytes: .mebibytes(64))], unallocatedBytes: .zero, basis: "test")
        }
        let d = Self.page(c)
        let (headline, detail, tone) = try #require(Self.banner(d))
        #expect(tone == .passed)
        #expect(headline.hasSuffix("part of the drive only"))
        #expect(detail?.contains("does not show the drive sanitized") == true)
        #expect(d.section("Scope and hidden areas")?.field("Whole device")?.tone == .caution)
    }

    @Test func aChangedIdentityIsShownInRed() throws {
        let c = Self.certificate(.failed) { o in o.identityAtEnd?.serial = "OTHER" }
        let end = try #require(Self.page(c).section("Device")?.field("Identity at end"))
        #expect(end.value.hasPrefix("DIFFERENT: serial"))
        #expect(end.tone == .failed)
    }

    @Test func longListsAreCutWithTheCountLeftOut() {
        let items = (1...9).map { "item \($0)" }
        #expect(CertificateLayout.capped(items, 6).hasSuffix("item 6\n… and 3 more in the signed record"))
        #expect(CertificateLayout.capped(Array(items.prefix(6)), 6) == items.prefix(6).joined(separator: "\n"))
    }

    @Test func footerTiesThePageToTheSignedRecord() throws {
        let d = Self.page(Self.certificate(.passed))
        let footer = try #require(d.footer)
        #expect(footer.facts.map(\.value).contains(Self.verified.sha256))
        #expect(footer.facts.map(\.value).contains(Self.verified.signerFingerprint))
        #expect(footer.qrText == Self.verified.sha256)
        #expect(footer.instructions.contains("expunge verify TEST-ST-000001.json"))
        #expect(d.date == "2026-11-30T06:36:26Z")
    }

    @Test func qrTextIsTheVerificationURLWhenABaseIsGiven() {
        let sha = String(repeating: "ab", count: 32)
        #expect(CertificateLayout.qrText(id: "D-000001", sha256: sha, verifyURL: nil) == sha)
        #expect(CertificateLayout.qrText(id: "D-000001", sha256: sha, verifyURL: "https://depot.example.com/")
                == "https://depot.example.com/verify/D-000001?sha256=\(sha)")
        #expect(CertificateLayout.qrText(id: "D 1", sha256: sha, verifyURL: "https://d.example/x") == "https://d.example/x/verify/D%201?sha256=\(sha)")
    }
}
