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
}
