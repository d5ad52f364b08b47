import Devices
import Sanitization
import Foundation
import Station
import StationConsole
import StorageModel
import Testing
import TestSupport

/// The console's frames are a pure function of the board, the view and the terminal size: they
/// are compared with committed snapshots (set EXPUNGE_RECORD_SNAPSHOTS=1 to rewrite them).
@Suite("Station console: rendering")
struct ScreenRendererTests {
    static func drive(_ name: String, model: String?, serial: String?, gib: UInt64, transport: Transport = .sata,
                      media: MediaType = .hdd, refusals: [Refusal] = []) -> DeviceDescriptor {
        DeviceDescriptor(path: "/dev/\(name)", name: name, major: 8, minor: 0, model: model, serial: serial, size: .gibibytes(gib),
                         transport: transport, mediaType: media, refusals: refusals)
    }

    static func sample(_ phase: ProgressSample.Phase, pass: Int, of: Int, done: UInt64, total: UInt64, rate: Double) -> ProgressSample {
        ProgressSample(devicePath: "/dev/x", phase: phase, pass: pass, passCount: of, done: .gibibytes(done), total: .gibibytes(total),
                       bytesPerSecond: rate, errorCount: 0)
    }

    /// Seven bays in every kind of state, with a wide-character model and control characters in a serial.
    static func board() throws -> StationBoard {
        var b = StationBoard(operatorID: "op-7", monitorSource: "udev")
        let drives: [(String, DeviceDescriptor)] = [
            ("pci-0000:00:17.0-ata-1", drive("sdb", model: "WDC WD10EZEX-08WN4A0", serial: "WD-WCC6Y3ZJ1234", gib: 931)),
            ("pci-0000:00:17.0-ata-2", drive("sdc", model: "東芝 MQ01ABD100 ＨＤＤ", serial: "S3\u{1B}[31mX\u{7}Z", gib: 465)),
            ("pci-0000:03:00.0-nvme-1", drive("nvme0n1", model: "Samsung SSD 980 PRO 1TB", serial: "S5GXNF0R123456", gib: 953,
                                              transport: .nvme, media: .nvme)),
            ("pci-0000:00:17.0-ata-3", drive("sdd", model: "ST2000DM008-2FR102", serial: "ZFL1ABCD", gib: 1863,
                                             refusals: [Refusal(.mounted, detail: "/dev/sdd1 at /mnt/backup", remedy: "unmount it")])),
            ("pci-0000:00:14.0-usb-0:2:1.0-scsi-0:0:0:0", drive("sde", model: "Ultra Fit", serial: nil, gib: 29, transport: .usb, media: .flash)),
            ("pci-0000:00:17.0-ata-4", drive("sdf", model: "KINGSTON SA400S37240G", serial: "50026B77", gib: 223, media: .ssd)),
            ("pci-0000:00:17.0-ata-5", drive("sdg", model: "HGST HTS541010A9E680", serial: "JD10001", gib: 931)),
        ]
        for (location, d) in drives { b.deviceAppeared(location: location, path: d.path) }
        for (i, (location, d)) in drives.enumerated() where i != 4 { b.identified(location: location, descriptor: d) }
        b.identificationFailed(location: drives[4].0, path: "/dev/sde", error: "the drive reports no serial number or WWN")

        // Bay 1 running pass 1/2, bay 3 certified, bay 6 removed mid-wipe (aborted), bay 7 warnings.
        _ = try b.enterAsset(bay: 1, tag: "LAP-0001")
        b.assetLookedUp(bay: 1, BayAsset(tag: "LAP-0001", customer: "ACME Corp", model: "ThinkPad T14", category: "laptop"))
        try b.started(bay: 1, passes: 2)
        b.apply(.progress(sample(.writing, pass: 1, of: 2, done: 300, total: 931, rate: 157_286_400)), bay: 1, verification: .full)
        _ = try b.enterAsset(bay: 2, tag: "LAP-0002")
        b.assetLookedUp(bay: 2, BayAsset(tag: "LAP-0002", customer: "ACME Corp"))
        _ = try b.enterAsset(bay: 3, tag: "SRV-0042")
        b.assetLookedUp(bay: 3, BayAsset(tag: "SRV-0042", customer: "Globex"))
        try b.started(bay: 3, passes: 1)
        b.apply(.outcome(device: "/dev/nvme0n1", TestStation.outcome(.passed)), bay: 3, verification: .full)
        b.apply(.health(device: "/dev/nvme0n1", HealthRecord(before: nil, after: nil, grade: .reuseWithCaution, reasons: [
            HealthReason(code: "percentage-used", grade: .reuseWithCaution, message: "percentage used 91 (at least 90)")],
            wipeMediaErrorBytes: 0, rules: .init(version: "expunge-default-1", source: "built-in", sha256: nil))), bay: 3, verification: .full)
        b.apply(.certificateWritten(device: "/dev/nvme0n1", try TestStation().certify()), bay: 3, verification: .full)
        _ = try b.enterAsset(bay: 6, tag: "PC-0100")
        b.assetLookedUp(bay: 6, BayAsset(tag: "PC-0100"))
        try b.started(bay: 6, passes: 1)
        b.apply(.progress(sample(.writing, pass: 1, of: 1, done: 50, total: 223, rate: 400_000_000)), bay: 6, verification: .full)
        b.deviceRemoved(location: drives[5].0)
        var aborted = TestStation.outcome(.aborted)
        aborted.reasons = [.deviceRemoved]
        b.apply(.outcome(device: "/dev/sdf", aborted), bay: 6, verification: .full)
        b.runEnded(bay: 6)
        _ = try b.enterAsset(bay: 7, tag: "LAP-0999")
        b.assetLookedUp(bay: 7, BayAsset(tag: "LAP-0999", warnings: [.notInRegister]))
        return b
    }

    func snapshot(_ name: String, _ lines: [ScreenLine], size: TerminalSize) throws {
        // Every line exactly fills the width: nothing wraps, nothing is left over.
        #expect(lines.count == size.rows)
        for (i, l) in lines.enumerated() {
            #expect(DisplayWidth.of(l.text) == size.columns, "line \(i) is \(DisplayWidth.of(l.text)) cells: \(l.text)")
            #expect(!l.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "control character in line \(i)")
        }
        let text = lines.map(\.text).joined(separator: "\n") + "\n"
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["EXPUNGE_RECORD_SNAPSHOTS"] != nil || !FileManager.default.fileExists(atPath: url.path) {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "snapshot \(name) differs; rerun with EXPUNGE_RECORD_SNAPSHOTS=1 and review the diff")
    }

    @Test(arguments: [TerminalSize(columns: 80, rows: 24), TerminalSize(columns: 120, rows: 40), TerminalSize(columns: 200, rows: 60)])
    func bays(size: TerminalSize) throws {
        let lines = ScreenRenderer.render(try Self.board(), view: ConsoleView(selected: 2), size: size, station: "ST-1")
        try snapshot("bays-\(size.columns)x\(size.rows)", lines, size: size)
    }

    @Test func columnsDropInTheDocumentedOrder() {
        #expect(ColumnLayout(width: 200).columns.count == ColumnLayout.Column.allCases.count)
        let at80 = ColumnLayout(width: 80).columns
        #expect(at80 == [.bay, .device, .asset, .state, .progress, .eta, .result, .health])
        let at120 = ColumnLayout(width: 120).columns
        #expect(at120 == ColumnLayout.Column.allCases.filter { $0 != .media })
        let at100 = ColumnLayout(width: 100).columns
        #expect(!at100.contains(.media) && !at100.contains(.rate))
        for w in 80...220 {
            let l = ColumnLayout(width: w)
            #expect(DisplayWidth.of(l.header) <= w)
        }
    }

    @Test func overlaysAndPrompts() throws {
        let board = try Self.board()
        try snapshot("help-80x24", ScreenRenderer.render(board, view: ConsoleView(selected: 1, mode: .help), size: .minimum, station: "ST-1"),
                     size: .minimum)
        try snapshot("details-80x24", ScreenRenderer.render(board, view: ConsoleView(selected: 6, mode: .details), size: .minimum, station: "ST-1"),
                     size: .minimum)
        try snapshot("asset-entry-80x24", ScreenRenderer.render(board, view: ConsoleView(selected: 2, mode: .assetEntry("LAP-00")),
                                                                size: .minimum, station: "ST-1"), size: .minimum)
        let quit = ScreenRenderer.render(board, view: ConsoleView(selected: 1, mode: .confirmQuit(running: 1)), size: .minimum, station: "ST-1")
        #expect(quit[22].text.contains("quitting aborts it"))
    }

    @Test func aTerminalSmallerThan80By24AsksToBeEnlarged() throws {
        let size = TerminalSize(columns: 70, rows: 20)
        let lines = ScreenRenderer.render(try Self.board(), view: ConsoleView(), size: size, station: "ST-1")
        try snapshot("too-small-70x20", lines, size: size)
        #expect(lines.contains { $0.text.contains("Enlarge the terminal to at least 80×24") })
        #expect(ScreenRenderer.render(StationBoard(), view: ConsoleView(), size: TerminalSize(columns: 79, rows: 30), station: "S")
                    .contains { $0.text.contains("Enlarge") })
    }

    /// Wiping in place (the live image), the title names the computer right after the station,
    /// so it survives the cut at 80 columns; a status message never hides it.
    @Test func inPlaceTheTitleNamesTheComputer() throws {
        var board = try Self.board()
        board.machine = "LENOVO 20XW0026GE SN PF3ABCDE"
        board.status = "pushed 3 documents to the depot"
        let lines = ScreenRenderer.render(board, view: ConsoleView(selected: 1), size: .minimum, station: "live")
        #expect(lines[0].text.contains("Expunge station live · in place on LENOVO 20XW0026GE SN PF3ABCDE"))
        #expect(DisplayWidth.of(lines[0].text) <= 80)
        #expect(!ScreenRenderer.render(try Self.board(), view: ConsoleView(), size: .minimum, station: "ST-1")[0].text.contains("in place"))
    }

    @Test func withoutUdevTheStatusLineSaysTheKernelSourceIsUsed() {
        let board = StationBoard(monitorSource: "kernel")
        let lines = ScreenRenderer.render(board, view: ConsoleView(), size: .minimum, station: "ST-1")
        #expect(lines[22].text.contains("hot-plug: kernel uevents (no udevd)"))
        #expect(lines[2].text.contains("No drive yet"))
    }

    @Test func onlyChangedLinesAreRedrawn() throws {
        var writer = ScreenWriter(color: false)
        let board = try Self.board()
        let first = ScreenRenderer.render(board, view: ConsoleView(selected: 1), size: .minimum, station: "ST-1")
        let full = writer.update(first, size: .minimum)
        #expect(full.hasPrefix("\u{1B}[0m\u{1B}[2J"))
        #expect(writer.update(first, size: .minimum).isEmpty)
        let moved = ScreenRenderer.render(board, view: ConsoleView(selected: 2), size: .minimum, station: "ST-1")
        let diff = writer.update(moved, size: .minimum)
        let rewritten = diff.components(separatedBy: "\u{1B}[").filter { $0.hasSuffix(";1H") || $0.contains(";1H") }.count
        #expect(rewritten == 4)  // two bay rows, the drive line and the asset line
    }

    @Test func fitCutsByCellsWithoutSplittingWideCharacters() {
        #expect(DisplayWidth.fit("東芝東芝", 5) == "東芝…")
        #expect(DisplayWidth.of(DisplayWidth.fit("東芝東芝", 5)) == 5)
        #expect(DisplayWidth.fit("ab", 4, right: true) == "  ab")
        #expect(DisplayWidth.fit("a\u{1B}[2Jb", 8) == "a\u{FFFD}[2Jb  ")
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }
}
