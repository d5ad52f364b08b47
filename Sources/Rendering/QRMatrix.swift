import CQREncode
import StorageModel

/// A QR Code symbol from libqrencode: `width` × `width` modules, error correction level M,
/// 8-bit byte mode (URLs and hex digests as they are).
struct QRMatrix: Sendable, Hashable {
    let width: Int
    private let dark: [Bool]

    init(_ text: String) throws(ExpungeError) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw ExpungeError(.badInput, "the QR code could not be made for a \(text.utf8.count)-byte text", remedy: "use a shorter --verify-url")
        }
        defer { QRcode_free(code) }
        let w = Int(code.pointee.width)
        width = w
        dark = (0..<(w * w)).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * width + column] }

    /// A rectangle of dark modules, in modules.
    struct Rectangle: Hashable {
        var row: Int
        var column: Int
        var width: Int
        var height: Int
    }

    /// The dark modules as rectangles that cover each exactly once: the runs of each row, a run
    /// joined to the one above when both span the same columns.
    func rectangles() -> [Rectangle] {
        var done: [Rectangle] = []
        var open: [Int: Rectangle] = [:]   // by first column, the rectangles reaching the previous row
        for row in 0..<width {
            var next: [Int: Rectangle] = [:]
            var col = 0
            while col < width {
                guard isDark(row: row, column: col) else { col += 1; continue }
                var end = col
                while end + 1 < width && isDark(row: row, column: end + 1) { end += 1 }
                if var r = open[col], r.width == end - col + 1 {
                    r.height += 1
                    next[col] = r
                    open[col] = nil
                } else {
                    next[col] = Rectangle(row: row, column: col, width: end - col + 1, height: 1)
                }
                col = end + 1
            }
            done += open.values
            open = next
        }
        done += open.values
        return done.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
    }
}
