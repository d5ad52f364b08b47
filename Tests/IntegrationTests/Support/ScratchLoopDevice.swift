import Foundation
import Glibc
import StorageModel
import Testing
import TestSupport

/// Whether integration tests can run: they need root to create loop devices.
enum Privileges {
    static let isRoot = getuid() == 0
    static let reason: Comment = "integration tests need root (they create their own loop devices); run Scripts/test with sudo"
}

/// A loop device on a sparse file in a fresh temporary directory: the only kind of device an
/// integration test writes to. The backing file is checked after attaching (the device must be
/// backed by *our* file), and the device is always detached, also when the test fails.
final class ScratchLoopDevice: @unchecked Sendable {
    let directory: URL
    let backingFile: URL
    let path: String
    let name: String
    private var detached = false

    /// Creates the sparse file and attaches it. `fill` writes pseudo-random data to the file first.
    init(size: ByteCount, sectorSize: Int = 512, directIO: Bool = false, fillRandom: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("expunge-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        backingFile = directory.appendingPathComponent("disk.img")
        _ = FileManager.default.createFile(atPath: backingFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: backingFile)
        try handle.truncate(atOffset: size.bytes)
        try handle.close()
        if fillRandom { try Self.fillWithRandom(backingFile, size: size) }
        var args = ["--find", "--show", "--sector-size", String(sectorSize)]
        if directIO { args.append("--direct-io=on") }
        let result = try Shell.run("/sbin/losetup", args + [backingFile.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw ShellError(command: "losetup", output: result.stderr)
        }
        path = result.stdout.trimmingSpaces()
        name = URL(fileURLWithPath: path).lastPathComponent
        // Safety: the device we are about to use must be backed by the file we just made.
        let backing = (try? String(contentsOfFile: "/sys/block/\(name)/loop/backing_file", encoding: .utf8))?.trimmingSpaces()
        guard backing == backingFile.path else {
            detach()
            throw ShellError(command: "losetup", output: "\(path) is backed by \(backing ?? "nothing"), not \(backingFile.path)")
        }
    }

    deinit { detach() }

    func detach() {
        guard !detached else { return }
        detached = true
        _ = try? Shell.run("/sbin/losetup", ["-d", path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a fresh device and detaches it afterwards whatever happens.
    static func with<T>(size: ByteCount, sectorSize: Int = 512, fillRandom: Bool = false,
                        _ body: (ScratchLoopDevice) async throws -> T) async throws -> T {
        let device = try ScratchLoopDevice(size: size, sectorSize: sectorSize, fillRandom: fillRandom)
        defer { device.detach() }
        return try await body(device)
    }

    /// Reads the backing file (what the device holds).
    func contents() throws -> Data { try Data(contentsOf: backingFile) }

    static func fillWithRandom(_ file: URL, size: ByteCount) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        let chunk = 1 << 20
        var remaining = Int(size.bytes)
        while remaining > 0 {
            let n = min(chunk, remaining)
            var bytes = [UInt8](repeating: 0, count: n)
            for i in stride(from: 0, to: n, by: 8) {
                var v = generator.next()
                withUnsafeBytes(of: &v) { raw in for j in 0..<min(8, n - i) { bytes[i + j] = raw[j] } }
            }
            try handle.write(contentsOf: bytes)
            remaining -= n
        }
    }
}
