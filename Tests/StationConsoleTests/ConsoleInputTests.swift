import Devices
import Foundation
import Station
import StationConsole
import StorageModel
import Testing

@Suite("Station console: keys and headless commands")
struct ConsoleInputTests {
    @Test func decodesKeysArrowsAndAScannerTagSplitAcrossReads() {
        var d = KeyDecoder()
        #expect(d.feed(Array("jk\u{1B}[A\u{1B}[B\u{1B}OA".utf8)) == [.character("j"), .character("k"), .up, .down, .up])
        #expect(d.feed(Array("LAP-0".utf8)) == "LAP-0".map { .character($0) })
        #expect(d.feed(Array("1\r\n".utf8)) == [.character("1"), .enter])
        #expect(d.feed([0x1B, 0x5B]) == [])
        #expect(d.feed([0x41]) == [.up])
        #expect(d.feed([0x1B]) == [.escape])
        #expect(d.feed([0x7F, 0x03]) == [.backspace, .interrupt])
        #expect(d.feed([0xE6, 0x9D]) == [])
        #expect(d.feed([0xB1]) == [.character("東")])
    }

    static func board(running: Bool = false) throws -> StationBoard {
        var b = StationBoard()
        for (i, name) in ["sdb", "sdc", "sdd"].enumerated() {
            b.deviceAppeared(location: "L\(i)", path: "/dev/\(name)")
            b.identified(location: "L\(i)", descriptor: DeviceDescriptor(path: "/dev/\(name)", name: name, major: 8, minor: 0, serial: "S\(i)",
                                                                         size: .gibibytes(1), transport: .sata, mediaType: .hdd))
        }
        if running {
            _ = try b.enterAsset(bay: 2, tag: "A-2")
            b.assetLookedUp(bay: 2, BayAsset(tag: "A-2"))
            try b.started(bay: 2, passes: 1)
        }
        return b
    }

    @Test func movesEntersAssetsStartsAndAsksBeforeAbortAndQuit() throws {
        let board = try Self.board(running: true)
        var v = ConsoleView()
        #expect(ConsoleInput.handle(.down, view: &v, board: board).isEmpty)
        #expect(v.selected == 2)
        _ = ConsoleInput.handle(.character("j"), view: &v, board: board)
        _ = ConsoleInput.handle(.character("j"), view: &v, board: board)
        #expect(v.selected == 3)
        _ = ConsoleInput.handle(.character("k"), view: &v, board: board)
        #expect(v.selected == 2)

        // Enter, a scanned tag, Enter.
        var u = ConsoleView(selected: 1)
        _ = ConsoleInput.handle(.enter, view: &u, board: board)
        for c in "LAP-9X" { _ = ConsoleInput.handle(.character(c), view: &u, board: board) }
        _ = ConsoleInput.handle(.backspace, view: &u, board: board)
        #expect(ConsoleInput.handle(.enter, view: &u, board: board) == [.enterAsset(bay: 1, tag: "LAP-9")])
        #expect(u.mode == .normal)
        // While typing, command keys are text.
        _ = ConsoleInput.handle(.enter, view: &u, board: board)
        #expect(ConsoleInput.handle(.character("s"), view: &u, board: board).isEmpty)
        _ = ConsoleInput.handle(.escape, view: &u, board: board)
        #expect(u.mode == .normal)

        #expect(ConsoleInput.handle(.character("s"), view: &u, board: board) == [.start(bay: 1)])
        #expect(ConsoleInput.handle(.character("S"), view: &u, board: board) == [.startAll])
        #expect(ConsoleInput.handle(.character("p"), view: &u, board: board) == [.cycleProfile(bay: 1)])
        // Abort asks first, and only for a running bay.
        #expect(ConsoleInput.handle(.character("a"), view: &u, board: board).isEmpty)
        #expect(u.notice == "bay 1 is not running")
        _ = ConsoleInput.handle(.down, view: &u, board: board)
        #expect(ConsoleInput.handle(.character("a"), view: &u, board: board).isEmpty)
        #expect(u.mode == .confirmAbort(bay: 2))
        #expect(ConsoleInput.handle(.character("y"), view: &u, board: board) == [.abort(bay: 2)])
        // Quit is refused while wipes run unless confirmed.
        #expect(ConsoleInput.handle(.character("q"), view: &u, board: board).isEmpty)
        #expect(u.mode == .confirmQuit(running: 1))
        #expect(ConsoleInput.handle(.character("n"), view: &u, board: board).isEmpty)
        #expect(u.mode == .normal)
        _ = ConsoleInput.handle(.character("q"), view: &u, board: board)
        #expect(ConsoleInput.handle(.character("y"), view: &u, board: board) == [.quit(abortingRunning: true)])
        var idle = ConsoleView()
        #expect(ConsoleInput.handle(.character("q"), view: &idle, board: try Self.board()) == [.quit(abortingRunning: false)])
        _ = ConsoleInput.handle(.character("?"), view: &idle, board: try Self.board())
        #expect(idle.mode == .help)
        _ = ConsoleInput.handle(.escape, view: &idle, board: try Self.board())
        #expect(idle.mode == .normal)
    }

    @Test func parsesHeadlessCommands() throws {
        #expect(try HeadlessCommand.parse(#"{"assign":{"bay":1,"asset":"LAP-1"}}"#) == .assign(bay: 1, asset: "LAP-1"))
        #expect(try HeadlessCommand.parse(#"{"start":2}"#) == .start(bay: 2))
        #expect(try HeadlessCommand.parse(#"{"start":{"bay":3}}"#) == .start(bay: 3))
        #expect(try HeadlessCommand.parse(#"{"start":{"all":true}}"#) == .startAll)
        #expect(try HeadlessCommand.parse(#"{"abort":{"bay":1}}"#) == .abort(bay: 1))
        #expect(try HeadlessCommand.parse(#"{"profile":{"all":true,"name":"clear"}}"#) == .profile(bay: nil, name: "clear"))
        #expect(try HeadlessCommand.parse(#"{"quit":{}}"#) == .quit(abort: false))
        #expect(try HeadlessCommand.parse(#"{"quit":{"abort":true}}"#) == .quit(abort: true))
        for bad in ["", "nonsense", #"{"format":{}}"#, #"{"start":{}}"#, #"{"assign":{"bay":1}}"#, #"{"start":1,"abort":2}"#] {
            #expect(throws: HeadlessCommand.ParseError.self) { try HeadlessCommand.parse(bad) }
        }
    }

    /// The hand-written line reads back as the values put in: escapes (quotes, backslash, control
    /// characters from a drive's model string, U+2028), unicode kept as UTF-8, `/` unescaped,
    /// booleans, integers without a fraction, nested arrays and objects, keys in byte order.
    @Test func eventLinesAreValidJSONWithSortedKeys() throws {
        let object: [String: Any] = [
            "z": "quote \" back \\ slash / tab \t nl \n esc \u{1B} del \u{7F} ls \u{2028} ü 日本",
            "b": true, "c": false, "n": NSNull(), "i": 42, "u": UInt64(274_877_906_944), "d": 0.64, "one": 1.0,
            "list": ["a", "b"], "nested": [["k": 1, "a": NSNull()] as [String: Any]], "empty": [String](),
        ]
        let line = BayEventLine.encode(object)
        #expect(!line.contains("\n") || line.contains("\\n"))
        #expect(line.hasPrefix(#"{"b":true,"c":false,"d":0.64,"empty":[],"i":42,"list":["a","b"],"n":null,"nested":[{"a":null,"k":1}],"one":1,"#))
        #expect(line.contains(#"slash / tab"#) && line.contains(#"\u001b"#) && line.contains(#"\u007f"#) && line.contains(#"\u2028"#))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(decoded["z"] as? String == object["z"] as? String)
        #expect(decoded["u"] as? Int == 274_877_906_944)
        #expect(decoded["b"] as? Bool == true && decoded["c"] as? Bool == false)
        #expect(decoded["one"] as? Int == 1)
    }

    @Test func bayEventsCarryEveryKeyWithNullForUnknown() throws {
        let board = try Self.board(running: true)
        let object = BayEventLine.bay(board.bays[1])
        let line = BayEventLine.encode(object)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(decoded["state"] as? String == "running")
        #expect(decoded["pass"] as? Int == 1)
        #expect(decoded["asset"] as? String == "A-2")
        #expect(decoded["certificate_id"] is NSNull)
        #expect(Set(decoded.keys) == Set(BayEventLine.bay(board.bays[0]).keys))
    }
}
