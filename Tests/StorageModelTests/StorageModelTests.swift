import Foundation
@testable import StorageModel
import Testing

@Suite("Value types")
struct StorageModelTests {
    @Test func byteCountFormatsAndEncodesAsInteger() throws {
        #expect(ByteCount.gibibytes(256).binaryDescription == "256.0 GiB")
        #expect(ByteCount(UInt64(500_107_862_016)).decimalDescription == "500.1 GB")
        #expect(ByteCount(512).binaryDescription == "512 B")
        let data = try JSONEncoder().encode(["size": ByteCount.mebibytes(4)])
        #expect(String(decoding: data, as: UTF8.self) == #"{"size":4194304}"#)
        #expect(ByteCount(4096).isMultiple(of: ByteCount(512)))
        #expect(ByteCount(5000).roundedDown(to: ByteCount(4096)) == ByteCount(4096))
    }

    @Test func rangesCoalesce() {
        let r = ByteRange.coalesce([
            ByteRange(offset: ByteCount(4096), length: ByteCount(512)),
            ByteRange(offset: ByteCount(0), length: ByteCount(512)),
            ByteRange(offset: ByteCount(512), length: ByteCount(512)),
            ByteRange(offset: ByteCount(4608), length: ByteCount(0)),
        ])
        #expect(r == [ByteRange(offset: .zero, length: ByteCount(1024)), ByteRange(offset: ByteCount(4096), length: ByteCount(512))])
    }

    @Test func displayStringRemovesControlAndInvalidBytes() {
        #expect(DisplayString.sanitize(bytes: Array("  Samsung SSD\u{0}\u{0}".utf8)) == "Samsung SSD")
        #expect(DisplayString.sanitize(bytes: [0x41, 0x1B, 0x5B, 0x32, 0x4A, 0x42]) == "A\u{FFFD}[2JB")
        #expect(DisplayString.sanitize(bytes: [0xFF, 0xFE, 0x41]) == "\u{FFFD}\u{FFFD}A")
        #expect(DisplayString.sanitize(bytes: [0x20, 0x00, 0x09]) == nil)
        #expect(DisplayString.sanitize("evil\u{202E}txt") == "evil\u{FFFD}txt")
    }

    @Test func identityDifferencesNameWhatChanged() {
        let a = DeviceIdentity(path: "/dev/sdb", model: "M", vendor: nil, serial: "S1", wwn: nil, firmware: nil,
                               transport: .sata, mediaType: .hdd, capacity: .gibibytes(1),
                               logicalSectorSize: ByteCount(512), physicalSectorSize: ByteCount(4096))
        var b = a
        b.path = "/dev/sdc"
        #expect(a.differences(from: b).isEmpty, "a new device name alone is the same medium")
        b.serial = "S2"
        b.capacity = .gibibytes(2)
        let diff = a.differences(from: b)
        #expect(diff.count == 2)
        #expect(diff.contains { $0.hasPrefix("serial") })
    }

    @Test func timestampsAreRfc3339Utc() throws {
        let date = Date(timeIntervalSince1970: 1_795_390_719)
        let text = Timestamp.rfc3339(date)
        #expect(text == "2026-11-22T23:38:39Z")
        #expect(Timestamp.parse(text) == date)
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test func theWrittenFormIsParsedLikeTheFormatterParsesIt() throws {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        for text in ["2026-11-22T23:38:39Z", "2024-02-29T00:00:00Z", "1999-12-31T23:59:59Z", "2026-01-01T00:00:00Z"] {
            #expect(Timestamp.parseUTCSeconds(text) == f.date(from: text), "\(text)")
        }
        for text in ["2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:60:00Z",
                     "2026-11-22 23:38:39Z", "2026-11-22T23:38:39", "+026-11-22T23:38:39Z", "2026-1-22T23:38:39Z"] {
            #expect(Timestamp.parseUTCSeconds(text) == nil, "\(text)")
            #expect(Timestamp.parse(text) == f.date(from: text), "\(text): the same answer as the formatter")
        }
        // Variants still go to the formatter.
        #expect(Timestamp.parse("2026-11-22T23:38:39.5Z") != nil)
        #expect(Timestamp.parse("2026-11-23T00:38:39+01:00") == Timestamp.parse("2026-11-22T23:38:39Z"))
    }

    @Test func exitStatusesAreTheDocumentedOnes() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 64, 65, 77, 130])
    }

    @Test func machineIdentityDropsFirmwarePlaceholders() {
        let real = MachineIdentity(vendor: " LENOVO ", product: "20XW0026GE", serial: "PF2ABCDE")
        #expect(real.vendor == "LENOVO")
        #expect(real.summary == "LENOVO 20XW0026GE, serial PF2ABCDE")
        let placeholders = MachineIdentity(vendor: "To Be Filled By O.E.M.", product: "System Product Name", serial: "0000000000")
        #expect(placeholders.isEmpty)
        #expect(MachineIdentity(vendor: "Dell Inc.", product: "Default string", serial: "  ").summary == "Dell Inc.")
        #expect(MachineIdentity(vendor: nil, product: nil, serial: "7XK2L93").summary == "serial 7XK2L93")
    }
}
