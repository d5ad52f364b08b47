import Foundation
import Glibc
import Logging
import StorageModel

/// A swift-log handler writing one JSON object per line (`time`, `level`, `label`, `message`,
/// then the metadata) to a file descriptor (standard error by default), for journald and log
/// shippers. The depot logs every rejected request this way with its reason (never a client
/// address, an operator, a customer or a document's content).
public struct JSONLinesLogHandler: LogHandler {
    public let label: String
    public let descriptor: Int32
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, descriptor: Int32 = 2) {
        self.label = label
        self.descriptor = descriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        Self.write(Self.line(level: event.level, label: label, message: event.message.description, metadata: merged, at: Date()), to: descriptor)
    }

    /// One log line (without the newline), keys sorted: `time`, `level`, `label`, `message`, then the metadata.
    public static func line(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, at date: Date) -> String {
        var object: [String: Any] = ["time": Timestamp.rfc3339(date), "level": level.rawValue, "label": label, "message": message]
        for (key, value) in metadata where object[key] == nil { object[key] = json(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return #"{"level":"error","message":"unencodable log line"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(json)
        case .dictionary(let d): d.mapValues(json)
        }
    }

    static func write(_ line: String, to descriptor: Int32) {
        var bytes = Array((line + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; return }
                done += n
            }
        }
    }
}
