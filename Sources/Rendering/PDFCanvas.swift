import CCairo
import CPangoCairo
import Foundation
import StorageModel

/// One PDF being drawn: a cairo PDF surface writing into memory, and a Pango context for text
/// (shaping through HarfBuzz, font fallback through fontconfig, fonts embedded as subsets).
/// Not thread-safe (Pango is not): one canvas is made, drawn and finished on one thread.
///
/// Output is reproducible: the creation and modification dates are the document's own (never
/// the clock), and cairo 1.16 writes no random file identifier, so the same input gives the same
/// bytes (checked by `Scripts/check-example-pdfs` and the tests).
final class PDFCanvas {
    /// A Pango layout owned until drawn.
    final class TextRun {
        let layout: OpaquePointer
        let width: Double
        let height: Double

        init(layout: OpaquePointer, width: Double, height: Double) {
            self.layout = layout
            self.width = width
            self.height = height
        }

        deinit { expunge_g_object_unref(UnsafeMutableRawPointer(layout)) }
    }

    /// Bytes cairo has written so far; cairo's stream callback appends here.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let sink = Sink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let pango: OpaquePointer
    private(set) var pageSize: PageSize
    private var fonts: [String: OpaquePointer] = [:]
    private var finished = false
    /// Laid-out runs by text, style and width: a measuring pass and the drawing pass after it
    /// (and rows repeated across documents, such as field labels) shape each run once.
    private var runs: [RunKey: TextRun] = [:]
    /// Runs kept before the cache is emptied (a bound on memory for batches of thousands).
    private static let runLimit = 4096

    private struct RunKey: Hashable {
        var text: String
        var style: TextStyle
        var width: Double?
    }

    /// While false, nothing is drawn and pages are not ended: a painter can measure how a
    /// document falls onto pages (`prepare` still lays text out) before drawing it for real.
    var drawing = true

    /// `date`: RFC 3339 UTC (`2026-11-30T06:36:26Z`), written as the PDF's creation and
    /// modification dates.
    init(pageSize: PageSize, title: String, date: String) {
        self.pageSize = pageSize
        let box = Unmanaged.passUnretained(sink).toOpaque()
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, box, pageSize.width, pageSize.height)
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "expunge")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
        cr = cairo_create(surface)
        pango = pango_cairo_create_context(cr)
        // Sizes in points: the PDF's unit is the point, so 72 "dpi".
        pango_cairo_context_set_resolution(pango, 72)
        // Metrics independent of any screen: the same layout on every machine with the same fonts.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        for (_, f) in fonts { pango_font_description_free(f) }
        expunge_g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cr)
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    /// Ends the current page and starts one of `size` (cairo keeps the new size for the next page).
    /// Does nothing while not `drawing`.
    func newPage(_ size: PageSize? = nil) {
        guard drawing else { return }
        cairo_show_page(cr)
        if let size, size != pageSize {
            pageSize = size
            cairo_pdf_surface_set_size(surface, size.width, size.height)
        }
    }

    /// Draws everything after this at `scale` times its size (`cairo_identity_matrix` then
    /// `cairo_scale`); text stays vector text. The matrix outlives `cairo_show_page`.
    func setScale(_ scale: Double) {
        cairo_identity_matrix(cr)
        if scale != 1 { cairo_scale(cr, scale, scale) }
    }

    /// Finishes the document and returns its bytes.
    func finish() throws(ExpungeError) -> [UInt8] {
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        finished = true
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            let why = String(cString: cairo_status_to_string(status))
            throw ExpungeError(.failed, "the PDF could not be written: cairo: \(why)", remedy: "check the fonts (fonts-dejavu-core) and free memory, then retry")
        }
        return sink.bytes
    }

    // MARK: Text

    private func font(_ style: TextStyle) -> OpaquePointer {
        let key = style.fontDescription
        if let f = fonts[key] { return f }
        let f = pango_font_description_from_string(key)!
        fonts[key] = f
        return f
    }

    private func layout(_ text: String, style: TextStyle, width: Double?) -> OpaquePointer {
        let layout = pango_layout_new(pango)!
        pango_layout_set_font_description(layout, font(style))
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(expunge_pango_scale())))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch style.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    private func extent(_ layout: OpaquePointer) -> (width: Double, height: Double) {
        var w: Int32 = 0, h: Int32 = 0
        pango_layout_get_size(layout, &w, &h)
        let scale = Double(expunge_pango_scale())
        return (Double(w) / scale, Double(h) / scale)
    }

    /// `text` laid out (wrapped to `width` points), ready to draw; its size is known before it is drawn.
    func prepare(_ text: String, style: TextStyle, width: Double?) -> TextRun {
        let key = RunKey(text: text, style: style, width: width)
        if let run = runs[key] { return run }
        let l = layout(text, style: style, width: width)
        let e = extent(l)
        let run = TextRun(layout: l, width: e.width, height: e.height)
        if runs.count >= PDFCanvas.runLimit { runs.removeAll(keepingCapacity: true) }
        runs[key] = run
        return run
    }

    /// Draws a prepared run with its top-left corner at (x, y).
    func draw(_ run: TextRun, x: Double, y: Double, colour: Colour = .ink) {
        guard drawing else { return }
        setColour(colour)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, run.layout)
    }

    /// Draws `text` with its top-left corner at (x, y), wrapped to `width`; returns its height.
    @discardableResult
    func text(_ text: String, x: Double, y: Double, width: Double?, style: TextStyle, colour: Colour = .ink) -> Double {
        let run = prepare(text, style: style, width: width)
        draw(run, x: x, y: y, colour: colour)
        return run.height
    }

    // MARK: Shapes

    func setColour(_ c: Colour) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    func fill(x: Double, y: Double, width: Double, height: Double, colour: Colour) {
        guard drawing else { return }
        setColour(colour)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    func stroke(x: Double, y: Double, width: Double, height: Double, colour: Colour, lineWidth: Double = 0.5) {
        guard drawing else { return }
        setColour(colour)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    func line(from: (Double, Double), to: (Double, Double), colour: Colour, lineWidth: Double = 0.5) {
        guard drawing else { return }
        setColour(colour)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, from.0, from.1)
        cairo_line_to(cr, to.0, to.1)
        cairo_stroke(cr)
    }

    /// A QR code as vector modules, `size` points square including the four-module quiet zone
    /// the standard requires. Dark modules are filled as rectangles: runs along each row, stacked
    /// where the next rows have the same run (fewer numbers for cairo to print and compress).
    func qr(_ matrix: QRMatrix, x: Double, y: Double, size: Double) {
        guard drawing else { return }
        let m = size / Double(matrix.width + 8)
        fill(x: x, y: y, width: size, height: size, colour: .white)
        setColour(.black)
        for r in matrix.rectangles() {
            cairo_rectangle(cr, x + Double(r.column + 4) * m, y + Double(r.row + 4) * m, Double(r.width) * m, Double(r.height) * m)
        }
        cairo_fill(cr)
    }

}
