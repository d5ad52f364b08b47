import Foundation
import Sanitization
import StorageModel
import Testing

/// The sample layout is published (Certificates/README.md, `splitmix64-halves-v1`) so that a third
/// party can recompute where a `sample` verification read. These tests hold the code and the text
/// to each other: the README's test vector, and its Python reference implementation run against
/// the Swift generator over many seeds and bounds (powers of two included, where the common
/// rejection rule differs from Expunge's).
@Suite("Published sample layout specification")
struct SampleLayoutSpecificationTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Certificates/README.md")

    /// The vector lines as the Swift code computes them.
    static func swiftVector() throws -> [String] {
        var g = SplitMix64(seed: 42)
        let next = (0..<3).map { _ in String(format: "%016llx", g.next()) }
        g = SplitMix64(seed: 42)
        let below = (0..<3).map { _ in String(g.next(below: 1000)) }
        var zero = SplitMix64(seed: 0)
        let pow63 = String(format: "%016llx", zero.next(below: 1 << 63))
        let layout = try #require(SampleLayout(deviceSize: .gibibytes(1), blockSize: ByteCount(512), seed: 42))
        let blocks = layout.ranges.map { "\($0.offset.bytes / 512)+\($0.length.bytes / 512)" }
        return ["next " + next.joined(separator: " "), "below-1000 " + below.joined(separator: " "), "below-2^63 " + pow63,
                "layout-first " + blocks.prefix(5).joined(separator: " "), "layout-last " + blocks.suffix(3).joined(separator: " "),
                "layout-blocks \(layout.bytes.bytes / 512)"]
    }

    /// The body of the first fenced block of `language` after `heading` in the README.
    static func block(after heading: String, language: String) throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: heading), "README has no \(heading)")
        let open = try #require(text.range(of: "```" + language + "\n", range: section.upperBound..<text.endIndex), "no \(language) block")
        let close = try #require(text.range(of: "```", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test func readmeTestVectorIsWhatTheCodeComputes() throws {
        let published = try Self.block(after: "**Test vector**", language: "").split(separator: "\n").map(String.init)
        #expect(published == (try Self.swiftVector()))
    }

    @Test func readmeReferenceImplementationAgreesWithTheCode() throws {
        let bounds: [UInt64] = [1, 2, 3, 7, 1000, 2098, 1 << 32, (1 << 32) + 1, 1 << 62, 1 << 63, (1 << 63) + 1, UInt64.max]
        let reference = try Self.block(after: "Reference implementation (Python 3", language: "python")
        let extra = """

            for seed in range(200):
                g = SplitMix64(seed * 0x9E3779B97F4A7C15)
                print("seed", seed, " ".join(str(g.next_below(b)) for b in [\(bounds.map(String.init).joined(separator: ", "))]))
            print("layout-small", " ".join("%d+%d" % s for s in sample_layout(40000, 1)[:7]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", reference + extra]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)

        var expected = try Self.swiftVector()
        for seed in 0..<UInt64(200) {
            var g = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15)
            expected.append("seed \(seed) " + bounds.map { String(g.next(below: $0)) }.joined(separator: " "))
        }
        let small = try #require(SampleLayout(deviceSize: ByteCount(40_000 * 512), blockSize: ByteCount(512), seed: 1))
        expected.append("layout-small " + small.ranges.prefix(7).map { "\($0.offset.bytes / 512)+\($0.length.bytes / 512)" }.joined(separator: " "))
        #expect(lines.count == expected.count)
        for (got, want) in zip(lines, expected) where got != want {
            Issue.record("README reference: \(got)\n         Swift code: \(want)")
        }
    }
}
