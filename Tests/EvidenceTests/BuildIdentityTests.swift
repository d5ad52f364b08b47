import Evidence
import Foundation
import Testing

@Suite("The build named on certificates")
struct BuildIdentityTests {
    /// Prefetched or not, waited for from one thread or many, the digest is the executable's.
    @Test func prefetchedOrNotTheDigestIsTheExecutables() async throws {
        let expected = ToolInfo.current(version: "test")
        let digest = try #require(expected.buildSHA256)
        #expect(digest.count == 64)

        let prefetched = BuildIdentity(version: "test")
        prefetched.prefetch()
        prefetched.prefetch()  // once only
        let answers = await withTaskGroup(of: ToolInfo.self) { group in
            for _ in 0..<8 { group.addTask { prefetched.info } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 8 && answers.allSatisfy { $0 == expected })

        let onDemand = BuildIdentity(version: "test")
        #expect(onDemand.info == expected)
    }

    @Test func aKnownBuildIsNotHashed() {
        let known = ToolInfo(version: "9.9", buildSHA256: String(repeating: "ab", count: 32), kernel: "Linux test", operatingSystem: nil)
        let identity = BuildIdentity(known: known)
        identity.prefetch()
        #expect(identity.info == known)
    }
}
