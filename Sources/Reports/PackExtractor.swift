import BlockIO
import Evidence
import Foundation
import Glibc
import Records
import StorageModel
import ZIPFoundation

/// Extracts an evidence pack for verification, within `PackLimits`: entry count, each entry's
/// declared size and the running count of bytes actually inflated (an entry that inflates to more
/// than it declares, or a total past the cap, aborts at once). Only plain files and directories
/// with relative paths are accepted (no `..`, no absolute paths, no symbolic links, no entry
/// twice); CRC-32 is checked.
enum PackExtractor {
    static func extract(_ pack: URL, to directory: URL, limits: PackLimits) throws(ExpungeError) {
        let name = DisplayString.sanitize(pack.path) ?? "?"
        func refuse(_ why: String) -> ExpungeError {
            ExpungeError(.badInput, "\(name) is not an acceptable evidence pack: \(why)",
                         remedy: "check the file was copied completely and comes from `expunge report evidence-pack`")
        }
        let archive: Archive
        do { archive = try Archive(url: pack, accessMode: .read) } catch {
            throw refuse("not a readable ZIP file")
        }
        var entries = 0
        var declaredTotal: UInt64 = 0
        var actualTotal: UInt64 = 0
        for entry in archive {
            entries += 1
            guard entries <= limits.maxEntries else { throw refuse("more than \(limits.maxEntries) entries (the maximum)") }
            let path = entry.path
            let shown = DisplayString.sanitize(path) ?? "?"
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), InputText.firstControlCharacter(path) == nil,
                  !components.contains(".."), !components.dropLast().contains("") else {
                throw refuse("entry \"\(shown)\" has an unsafe path")
            }
            let target = directory.appendingPathComponent(path)
            switch entry.type {
            case .directory:
                do { try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true) } catch {
                    throw refuse("entry \"\(shown)\" cannot be extracted")
                }
                continue
            case .symlink:
                throw refuse("entry \"\(shown)\" is a symbolic link")
            case .file:
                break
            }
            let declared = entry.uncompressedSize
            guard declared <= limits.maxEntryBytes else {
                throw refuse("entry \"\(shown)\" declares \(declared) bytes, over the \(BoundedFile.describe(Int(limits.maxEntryBytes))) per-entry maximum")
            }
            declaredTotal += declared
            guard declaredTotal <= limits.maxTotalBytes else {
                throw refuse("its entries declare more than \(BoundedFile.describe(Int(limits.maxTotalBytes))) in total (the maximum)")
            }
            try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let fd: Int32
            do { fd = try SystemCall.open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600) } catch {
                throw refuse(error == Errno(rawValue: EEXIST) ? "entry \"\(shown)\" appears twice" : "entry \"\(shown)\" cannot be extracted (\(error))")
            }
            defer { SystemCall.close(fd) }
            var written: UInt64 = 0
            var overrun: String?
            var writeError: Errno?
            let checksum: CRC32
            do {
                checksum = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                    written += UInt64(chunk.count)
                    actualTotal += UInt64(chunk.count)
                    if written > declared {
                        overrun = "entry \"\(shown)\" inflates to more than the \(declared) bytes it declares"
                    } else if actualTotal > limits.maxTotalBytes {
                        overrun = "it inflates to more than \(BoundedFile.describe(Int(limits.maxTotalBytes))) in total (the maximum)"
                    }
                    if overrun != nil { throw CocoaError(.fileReadTooLarge) }
                    do throws(Errno) { try SystemCall.writeAll(fd, [UInt8](chunk)) } catch {
                        writeError = error
                        throw error
                    }
                }
            } catch {
                if let overrun { throw refuse(overrun) }
                if let writeError {
                    throw ExpungeError(.failed, "cannot extract \(name) for verification: \(writeError)",
                                       remedy: "free space in the temporary directory (TMPDIR)")
                }
                throw refuse("entry \"\(shown)\" is damaged")
            }
            guard written == declared else { throw refuse("entry \"\(shown)\" holds \(written) bytes, not the \(declared) it declares") }
            guard checksum == entry.checksum else { throw refuse("entry \"\(shown)\" fails its CRC-32 check") }
        }
    }
}
