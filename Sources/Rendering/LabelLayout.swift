import Evidence
import Foundation
import StorageModel

/// A small label to stick on a drive or a device: the result in words and colour, the asset,
/// the date, the certificate ID and a QR code (the depot's verification URL or the SHA-256).
public struct Label: Sendable, Hashable {
    public var headline: String
    public var tone: Tone
    public var lines: [String]
    public var qrText: String

    public init(headline: String, tone: Tone, lines: [String], qrText: String) {
        self.headline = headline
        self.tone = tone
        self.lines = lines
        self.qrText = qrText
    }
}

/// Label stock: a 62 × 29 mm label from a roll (thermal label printers), or an A4 sheet of
/// 3 × 8 labels of 70 × 37.125 mm.
public enum LabelStock: String, Sendable, CaseIterable {
    case roll62x29mm = "62x29mm"
    case a4Sheet = "a4-sheet"
}

public enum LabelLayout {
    /// The label of one verified certificate.
    public static func label(_ c: WipeCertificate, verified: VerifiedDocument, verifyURL: String?) -> Label {
        let level = c.sanitization.level == .clear ? "Clear" : "Purge"
        let headline = c.result == .passed ? "PASSED · \(level)" : c.result.rawValue.uppercased()
        // Most important first: a line that does not fit the label is the last one left off.
        var lines = ["Asset \(c.assetID)", c.certificateID, String(c.endedAt.prefix(10))]
        if let serial = c.device.serial { lines.append("S/N \(serial)") }
        lines.append("\(c.sanitization.method), verify \(c.verification.mode.rawValue)")
        return Label(headline: headline, tone: Tone(c.result), lines: lines,
                     qrText: CertificateLayout.qrText(id: c.certificateID, sha256: verified.sha256, verifyURL: verifyURL))
    }

    /// The labels drawn on `stock`: one per page on a roll, 24 per A4 sheet. `date` (RFC 3339)
    /// becomes the PDF's date.
    public static func pdf(_ labels: [Label], stock: LabelStock, title: String, date: String) throws(ExpungeError) -> [UInt8] {
        guard !labels.isEmpty else { throw ExpungeError(.usage, "no label to print", remedy: "name a certificate or an asset with certificates") }
        let mm = PageSize.pointsPerMillimetre
        switch stock {
        case .roll62x29mm:
            let size = PageSize.millimetres(62, 29)
            let canvas = PDFCanvas(pageSize: size, title: title, date: date)
            for (i, l) in labels.enumerated() {
                if i > 0 { canvas.newPage() }
                try draw(l, on: canvas, x: 0, y: 0, width: size.width, height: size.height, pad: 2 * mm)
            }
            return try canvas.finish()
        case .a4Sheet:
            let canvas = PDFCanvas(pageSize: .a4, title: title, date: date)
            let w = 70 * mm, h = 37.125 * mm
            for (i, l) in labels.enumerated() {
                let slot = i % 24
                if i > 0 && slot == 0 { canvas.newPage() }
                try draw(l, on: canvas, x: Double(slot % 3) * w, y: Double(slot / 3) * h, width: w, height: h, pad: 3 * mm)
            }
            return try canvas.finish()
        }
    }

    static func draw(_ label: Label, on canvas: PDFCanvas, x: Double, y: Double, width: Double, height: Double, pad: Double) throws(ExpungeError) {
        let qr = try QRMatrix(label.qrText)
        let qrSize = height - 2 * pad
        canvas.qr(qr, x: x + pad, y: y + pad, size: qrSize)
        let textX = x + pad + qrSize + pad * 0.5
        let textWidth = width - (textX - x) - pad
        let headline = canvas.prepare(label.headline, style: TextStyle(size: 8.5, bold: true), width: textWidth - 4)
        canvas.fill(x: textX, y: y + pad, width: textWidth, height: headline.height + 3, colour: label.tone.colour)
        canvas.draw(headline, x: textX + 2, y: y + pad + 1.5, colour: .white)
        var ty = y + pad + headline.height + 5
        let style = TextStyle(size: 6)
        for line in label.lines {
            let run = canvas.prepare(line, style: style, width: textWidth)
            guard ty + run.height <= y + height - pad * 0.5 else { break }
            canvas.draw(run, x: textX, y: ty)
            ty += run.height
        }
    }
}
