import StorageModel

/// Draws `PageDocument`s into one PDF: blocks flow down the page and move to the next page when
/// they do not fit (sections and tables break between rows, a table repeats its header); the
/// footer — record hash, signer, QR code, how to verify — is drawn at the bottom of every page.
/// Each document starts on a new page.
public enum PDFRenderer {
    public static func render(_ documents: [PageDocument], title: String? = nil) throws(ExpungeError) -> [UInt8] {
        guard let first = documents.first else {
            throw ExpungeError(.usage, "nothing to render", remedy: "name at least one document")
        }
        // The latest date among the documents: a function of the input alone.
        let date = documents.map(\.date).max() ?? first.date
        let canvas = PDFCanvas(pageSize: first.pageSize, title: title ?? first.title, date: date)
        for (i, document) in documents.enumerated() {
            if i > 0 { canvas.newPage(document.pageSize) }
            let qr = try document.footer?.qrText.map { text throws(ExpungeError) in try QRMatrix(text) }
            let scale = document.shrinksToOnePage ? onePageScale(document, qr: qr, canvas: canvas) : 1
            canvas.setScale(scale)
            var painter = Painter(canvas: canvas, document: document, qr: qr, scale: scale)
            painter.paint()
        }
        return try canvas.finish()
    }

    /// The largest of the scales 1, 0.96, … `PageDocument.smallestScale` at which `document`
    /// falls on one page, found by painting without drawing (the runs laid out are kept for the
    /// drawing pass); the smallest when none does, and the content flows onto a second page.
    static func onePageScale(_ document: PageDocument, qr: QRMatrix?, canvas: PDFCanvas) -> Double {
        canvas.drawing = false
        defer { canvas.drawing = true }
        var scale = 1.0
        while scale > PageDocument.smallestScale + 0.001 {
            var painter = Painter(canvas: canvas, document: document, qr: qr, scale: scale)
            painter.paint()
            if painter.page == 1 { return scale }
            scale -= 0.04
        }
        return PageDocument.smallestScale
    }
}

/// The flow layout of one document.
struct Painter {
    static let margin = 32.0
    static let titleStyle = TextStyle(size: 15, bold: true)
    static let subtitleStyle = TextStyle(size: 8.5)
    static let bannerStyle = TextStyle(size: 13, bold: true)
    static let bannerDetailStyle = TextStyle(size: 8.5)
    static let sectionStyle = TextStyle(size: 9, bold: true)
    static let labelStyle = TextStyle(size: 7.5)
    static let valueStyle = TextStyle(size: 7.5)
    static let monoStyle = TextStyle(size: 7, mono: true)
    static let cellStyle = TextStyle(size: 7)
    static let headerStyle = TextStyle(size: 7, bold: true)
    static let paragraphStyle = TextStyle(size: 8)
    static let smallStyle = TextStyle(size: 7)
    static let footerMono = TextStyle(size: 6.5, mono: true)
    static let footerText = TextStyle(size: 6.5)
    static let qrSize = 78.0
    /// The label column of a section row.
    static let labelWidth = 80.0
    /// Space between section rows.
    static let rowGap = 0.2

    let canvas: PDFCanvas
    let document: PageDocument
    /// The page in drawing units: the paper divided by the scale the canvas draws at.
    let size: PageSize
    let qr: QRMatrix?
    let left = Painter.margin
    let width: Double
    let top = Painter.margin
    var y: Double
    var bottom: Double
    var page = 1

    /// `qr`: the footer's code, encoded once per document by the caller.
    init(canvas: PDFCanvas, document: PageDocument, qr: QRMatrix?, scale: Double = 1) {
        self.canvas = canvas
        self.document = document
        size = PageSize(width: document.pageSize.width / scale, height: document.pageSize.height / scale)
        width = size.width - 2 * Painter.margin
        y = Painter.margin
        bottom = size.height - Painter.margin
        self.qr = qr
    }

    mutating func paint() {
        drawFooter()
        for block in document.blocks {
            switch block {
            case .title(let t, let sub): drawTitle(t, sub)
            case .banner(let h, let d, let tone): drawBanner(h, d, tone)
            case .section(let s): drawSection(s)
            case .table(let t): drawTable(t)
            case .paragraph(let p, let small): drawParagraph(p, small: small)
            }
        }
    }

    // MARK: Pages

    mutating func newPage() {
        canvas.newPage()
        page += 1
        y = top
        bottom = size.height - Painter.margin
        drawFooter()
        y += canvas.text("\(document.title) (continued, page \(page))", x: left, y: y, width: width, style: Painter.smallStyle, colour: .muted) + 8
    }

    mutating func ensure(_ height: Double) {
        if y + height > bottom && y > top + 30 { newPage() }
    }

    // MARK: Blocks

    mutating func drawTitle(_ title: String, _ subtitle: String?) {
        y += canvas.text(title, x: left, y: y, width: width, style: Painter.titleStyle) + 2
        if let subtitle { y += canvas.text(subtitle, x: left, y: y, width: width, style: Painter.subtitleStyle, colour: .muted) }
        y += 5
    }

    mutating func drawBanner(_ headline: String, _ detail: String?, _ tone: Tone) {
        let pad = 5.0
        let h = canvas.prepare(headline, style: Painter.bannerStyle, width: width - 2 * pad)
        let d = detail.map { canvas.prepare($0, style: Painter.bannerDetailStyle, width: width - 2 * pad) }
        let height = pad + h.height + (d.map { $0.height + 2 } ?? 0) + pad
        ensure(height)
        canvas.fill(x: left, y: y, width: width, height: height, colour: tone.colour)
        canvas.draw(h, x: left + pad, y: y + pad, colour: .white)
        if let d { canvas.draw(d, x: left + pad, y: y + pad + h.height + 2, colour: .white) }
        y += height + 5
    }

    mutating func drawSectionTitle(_ title: String) {
        let run = canvas.prepare(title, style: Painter.sectionStyle, width: width)
        ensure(run.height + 14)
        canvas.draw(run, x: left, y: y)
        y += run.height + 1
        canvas.line(from: (left, y), to: (left + width, y), colour: .rule)
        y += 2
    }

    /// Label–value rows. A field whose value is one short line shares its row with the next
    /// such field (two columns), so a certificate with every optional section still fits one page;
    /// longer values take the full width. Reading order stays left to right, top to bottom.
    mutating func drawSection(_ section: Section) {
        drawSectionTitle(section.title)
        let gap = 10.0
        let labelWidth = Painter.labelWidth
        let column = (width - gap) / 2
        let halfValueWidth = column - labelWidth - 4
        let fullValueWidth = width - labelWidth - 4
        let canvas = self.canvas

        func valueStyle(_ f: Field) -> TextStyle { f.monospaced ? Painter.monoStyle : Painter.valueStyle.bolded(f.tone != .neutral) }
        /// The value on one unwrapped line, if it fits half a row.
        func short(_ f: Field) -> PDFCanvas.TextRun? {
            guard !f.value.contains("\n"), f.value.count < 80 else { return nil }
            let run = canvas.prepare(f.value, style: valueStyle(f), width: nil)
            return run.width <= halfValueWidth ? run : nil
        }

        var i = 0
        let fields = section.fields
        while i < fields.count {
            let f = fields[i]
            if let a = short(f), i + 1 < fields.count, let b = short(fields[i + 1]) {
                let g = fields[i + 1]
                let la = canvas.prepare(f.label, style: Painter.labelStyle, width: labelWidth)
                let lb = canvas.prepare(g.label, style: Painter.labelStyle, width: labelWidth)
                let h = max(la.height, lb.height, a.height, b.height) + Painter.rowGap
                ensure(h)
                canvas.draw(la, x: left, y: y, colour: .muted)
                canvas.draw(a, x: left + labelWidth + 4, y: y, colour: f.tone.colour)
                let right = left + column + gap
                canvas.draw(lb, x: right, y: y, colour: .muted)
                canvas.draw(b, x: right + labelWidth + 4, y: y, colour: g.tone.colour)
                y += h
                i += 2
                continue
            }
            let label = canvas.prepare(f.label, style: Painter.labelStyle, width: labelWidth)
            let value = canvas.prepare(f.value, style: valueStyle(f), width: fullValueWidth)
            let h = max(label.height, value.height) + Painter.rowGap
            ensure(h)
            canvas.draw(label, x: left, y: y, colour: .muted)
            canvas.draw(value, x: left + labelWidth + 4, y: y, colour: f.tone.colour)
            y += h
            i += 1
        }
        y += 3
    }

    mutating func drawTable(_ table: Table) {
        let total = table.widths.reduce(0, +)
        let widths = table.widths.map { $0 / total * width }
        var xs: [Double] = []
        var x = left
        for w in widths { xs.append(x); x += w }
        let pad = 2.0
        let canvas = self.canvas

        func runs(_ cells: [Cell], header: Bool, bold: Bool) -> [PDFCanvas.TextRun] {
            cells.enumerated().map { i, c in
                let style = header ? Painter.headerStyle : (c.monospaced ? Painter.monoStyle : Painter.cellStyle.bolded(bold || c.tone != .neutral))
                return canvas.prepare(c.text, style: style, width: widths[i] - 2 * pad)
            }
        }
        func height(_ r: [PDFCanvas.TextRun]) -> Double { (r.map(\.height).max() ?? 0) + 2 * pad }

        func drawHeader(_ painter: inout Painter) {
            let r = runs(table.headers.map { Cell($0) }, header: true, bold: true)
            let h = height(r)
            painter.canvas.fill(x: painter.left, y: painter.y, width: painter.width, height: h, colour: .shade)
            for (i, run) in r.enumerated() { painter.canvas.draw(run, x: xs[i] + pad, y: painter.y + pad) }
            painter.y += h
        }

        let headerHeight = height(runs(table.headers.map { Cell($0) }, header: true, bold: true))
        ensure(headerHeight + 14)
        drawHeader(&self)
        for (shade, row) in table.rows.map({ (false, $0) }) + table.totals.map({ (true, $0) }) {
            let r = runs(row, header: false, bold: shade)
            let h = height(r)
            if y + h > bottom {
                newPage()
                drawHeader(&self)
            }
            if shade { canvas.fill(x: left, y: y, width: width, height: h, colour: .shade) }
            for (i, run) in r.enumerated() { canvas.draw(run, x: xs[i] + pad, y: y + pad, colour: row[i].tone.colour) }
            y += h
            canvas.line(from: (left, y), to: (left + width, y), colour: .rule, lineWidth: 0.3)
        }
        y += 8
    }

    mutating func drawParagraph(_ text: String, small: Bool) {
        let run = canvas.prepare(text, style: small ? Painter.smallStyle : Painter.paragraphStyle, width: width)
        ensure(run.height)
        canvas.draw(run, x: left, y: y, colour: small ? .muted : .ink)
        y += run.height + 6
    }

    /// The footer at the bottom of the page; moves `bottom` up above it.
    mutating func drawFooter() {
        guard let footer = document.footer else { return }
        let qrSpace = qr == nil ? 0 : Painter.qrSize + 8
        let textWidth = width - qrSpace
        var runs: [(PDFCanvas.TextRun, Colour)] = []
        for f in footer.facts {
            runs.append((canvas.prepare("\(f.label): \(f.value)", style: f.monospaced ? Painter.footerMono : Painter.footerText, width: textWidth), .ink))
        }
        runs.append((canvas.prepare(footer.instructions, style: Painter.footerText, width: textWidth), .muted))
        let textHeight = runs.map(\.0.height).reduce(0, +) + Double(runs.count) * 1.5
        let height = max(textHeight, qr == nil ? 0 : Painter.qrSize)
        let top = size.height - Painter.margin - height
        canvas.line(from: (left, top - 6), to: (left + width, top - 6), colour: .rule)
        var ty = top
        for (run, colour) in runs {
            canvas.draw(run, x: left, y: ty, colour: colour)
            ty += run.height + 1.5
        }
        if let qr { canvas.qr(qr, x: left + width - Painter.qrSize, y: top, size: Painter.qrSize) }
        bottom = top - 14
    }
}

extension TextStyle {
    func bolded(_ yes: Bool) -> TextStyle {
        var c = self
        c.bold = c.bold || yes
        return c
    }
}
