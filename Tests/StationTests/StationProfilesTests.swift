import Evidence
import Fakes
import Foundation
import Station
import StorageModel
import Testing

@Suite("Station console: profiles")
struct StationProfilesTests {
    func home(_ json: String?) throws -> ExpungeHome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-profiles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let home = ExpungeHome(root: root)
        if let json { try json.write(toFile: home.stationProfilesPath, atomically: true, encoding: .utf8) }
        return home
    }

    @Test func theBuiltInProfilesShipAndAFileReplacesThem() throws {
        let builtIn = try StationProfiles.load(home: try home(nil))
        #expect(builtIn.names == ["clear", "purge-else-clear"])
        #expect(builtIn.defaultName == "clear")
        #expect(builtIn.named("purge-else-clear")?.policy == .purgeElseClear)

        let loaded = try StationProfiles.load(home: try home("""
        {"default_profile": "dod", "profiles": [
          {"name": "quick", "technique_policy": "clear", "pattern": "zero", "verification": "sample", "auto_start": true, "operator": "op-9"},
          {"name": "dod", "scheme": "dod-5220-3pass"}
        ]}
        """))
        #expect(loaded.defaultName == "dod")
        let quick = try #require(loaded.named("quick"))
        #expect(quick.autoStart && quick.verification == .sample && quick.operatorID == "op-9")
        #expect(quick.request(path: "/dev/sdb", level: .clear, assetID: "A", operatorID: nil, customer: nil).operatorID == "op-9")
        #expect(loaded.named("dod")?.plannedPasses == 3)
        #expect(loaded.next(after: "quick") == "dod")
        #expect(loaded.next(after: "dod") == "quick")

        let printing = try StationProfiles.load(home: try home("""
        {"profiles": [{"name": "print", "paperwork": {"pdf": "letter", "label": "62x29mm", "verify_url": "https://depot.example.com"}}]}
        """))
        #expect(printing.named("print")?.paperwork == BayPaperwork(pdf: "letter", label: "62x29mm", verifyURL: "https://depot.example.com"))
    }

    @Test(arguments: [
        "not json",
        #"{"profiles": []}"#,
        #"{"profiles": [{"name": "a", "pattern": "stripes"}]}"#,
        #"{"profiles": [{"name": "a", "scheme": "dod-5220-3pass", "pattern": "zero"}]}"#,
        #"{"profiles": [{"name": "a"}, {"name": "a"}]}"#,
        #"{"default_profile": "b", "profiles": [{"name": "a"}]}"#,
        #"{"profiles": [{"name": "a", "passes": 0}]}"#,
        #"{"profiles": [{"name": "a", "paperwork": {"pdf": "a3"}}]}"#,
        #"{"profiles": [{"name": "a", "paperwork": {"label": "100x50mm"}}]}"#,
        #"{"profiles": [{"name": "a", "paperwork": {"pdf": "a4", "verify_url": "ftp://depot"}}]}"#,
        #"{"profiles": [{"name": "a", "paperwork": {"pdf": "a4", "verify_url": "https://depot/?x=1"}}]}"#,
    ])
    func aBadProfileFileIsRefusedWithTheRemedy(json: String) throws {
        let h = try home(json)
        #expect(throws: ExpungeError.self) { try StationProfiles.load(home: h) }
    }

    @Test func anAutoStartProfileStartsTheBayOnceTheAssetIsSettledAndPurgeElseClearFallsBack() async throws {
        let profiles = StationProfiles(profiles: [StationProfile(name: "auto", policy: .purgeElseClear, pattern: "zero", autoStart: true)],
                                       defaultName: "auto")
        let f = try ConsoleFixture([FakeDeviceAccess.disk("/dev/fake1")], settings: BayController.Settings(profiles: profiles))
        try await f.register("LAP-1")
        await f.controller.rescan()
        try await f.controller.enterAsset(bay: 1, tag: "LAP-1")
        await f.controller.waitForRuns()
        #expect(await f.bay(1).state == .certified(.passed))
        let result = try #require(await f.controller.results.first)
        #expect(result.outcome.level == .clear)
        #expect(f.access.device("/dev/fake1")?.contents.allSatisfy { $0 == 0 } == true)
    }
}
