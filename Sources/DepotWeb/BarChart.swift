import Foundation

/// A stacked bar chart drawn as SVG by the page template, from numbers computed here: one bar per
/// category (a day, a month), one coloured segment per series (a result, a route). The template
/// places rectangles and labels at these coordinates; no script, no image file, nothing but
/// numbers and escaped labels reaches the markup.
struct BarChart {
    struct Series {
        let label: String
        /// A stylesheet class (`chart-passed`, `route-recycling`…).
        let tone: String
    }

    let title: String
    let unit: String
    let categories: [String]
    let series: [Series]
    /// values[category][series]
    let values: [[Double]]
    /// Show every n-th category label (dense charts).
    var labelEvery = 1
    /// Counts: the scale's ticks are whole numbers.
    var integer = false

    static let width = 640.0, height = 240.0
    static let left = 44.0, right = 8.0, top = 10.0, bottom = 34.0

    /// A round scale top over the tallest bar: 1, 2 or 5 times a power of ten.
    static func scaleTop(_ maximum: Double) -> Double {
        guard maximum > 0 else { return 1 }
        let power = pow(10, floor(log10(maximum)))
        for step in [1.0, 2.0, 5.0, 10.0] where step * power >= maximum { return step * power }
        return 10 * power
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: v < 10 ? "%.2f" : "%.1f", v)
    }

    /// The template's context.
    var context: [String: Any] {
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        let totals = values.map { $0.reduce(0, +) }
        var topValue = Self.scaleTop(totals.max() ?? 0)
        if integer { topValue = max(4, (topValue / 4).rounded(.up) * 4) }
        let slot = plotWidth / Double(max(1, categories.count))
        let barWidth = max(1, slot * 0.72)
        var bars: [[String: Any]] = []
        var labels: [[String: Any]] = []
        for (i, category) in categories.enumerated() {
            let x = Self.left + Double(i) * slot + (slot - barWidth) / 2
            var base = Self.top + plotHeight
            for (j, s) in series.enumerated() {
                let v = j < values[i].count ? values[i][j] : 0
                guard v > 0 else { continue }
                let h = v / topValue * plotHeight
                base -= h
                bars.append(["x": f(x), "y": f(base), "w": f(barWidth), "h": f(h), "tone": s.tone,
                             "tip": "\(category): \(Self.number(v)) \(unit) \(s.label)"])
            }
            if i % max(1, labelEvery) == 0 || i == categories.count - 1 {
                labels.append(["x": f(x + barWidth / 2), "y": f(Self.height - Self.bottom + 14), "text": category])
            }
        }
        let ticks = (0...4).map { k -> [String: Any] in
            let v = topValue * Double(k) / 4
            let y = Self.top + plotHeight - plotHeight * Double(k) / 4
            return ["y": f(y), "ty": f(y + 4), "text": Self.number(v), "x1": f(Self.left), "x2": f(Self.width - Self.right), "tx": f(Self.left - 4)]
        }
        return ["title": title, "unit": unit, "width": f(Self.width), "height": f(Self.height), "bars": bars, "labels": labels, "ticks": ticks,
                "legend": series.map { ["label": $0.label, "tone": $0.tone] }, "empty": totals.allSatisfy { $0 == 0 },
                "summary": "\(title): " + categories.indices.map { "\(categories[$0]) \(Self.number(totals[$0]))" }.joined(separator: ", ")]
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
