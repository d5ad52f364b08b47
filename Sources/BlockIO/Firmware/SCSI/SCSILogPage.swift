/// A log page returned by LOG SENSE (SPC-4 §7.3): a 4-byte header (byte 0 b5:0 page code, b6 SPF;
/// byte 1 subpage; bytes 3:2 page length) and log parameters, each a 4-byte header (bytes 1:0
/// parameter code, byte 2 control, byte 3 length) and its value, big-endian.
public struct SCSILogPage: Hashable, Sendable {
    public struct Parameter: Hashable, Sendable {
        public var code: UInt16
        public var control: UInt8
        public var value: [UInt8]

        /// The value as one big-endian unsigned number; nil when longer than 8 bytes.
        public var number: UInt64? { value.count <= 8 ? Bytes.be(value[...]) : nil }
    }

    public var pageCode: UInt8
    public var subpage: UInt8
    public var parameters: [Parameter]

    /// `expected`: the page asked for; a different page code is an error. A parameter running
    /// past the page length is an error; trailing bytes after the page are ignored.
    public init(_ b: [UInt8], expected page: UInt8) throws(HealthLogDecodingError) {
        let name = "SCSI log page \(hex(page))"
        try HealthLogDecodingError.require(b, 4, name)
        pageCode = b[0] & 0x3F
        subpage = b[1]
        guard pageCode == page else { throw .malformed(structure: name, detail: "page code \(hex(pageCode)) returned") }
        let end = 4 + Int(UInt16(b[2]) << 8 | UInt16(b[3]))
        try HealthLogDecodingError.require(b, end, name)
        var params: [Parameter] = []
        var i = 4
        while i < end {
            guard i + 4 <= end else { throw .malformed(structure: name, detail: "parameter header at byte \(i) runs past the page") }
            let n = Int(b[i + 3])
            guard i + 4 + n <= end else { throw .malformed(structure: name, detail: "parameter \(hex16(UInt16(b[i]) << 8 | UInt16(b[i + 1]))) runs past the page") }
            params.append(Parameter(code: UInt16(b[i]) << 8 | UInt16(b[i + 1]), control: b[i + 2], value: Array(b[(i + 4)..<(i + 4 + n)])))
            i += 4 + n
        }
        parameters = params
    }

    public func parameter(_ code: UInt16) -> Parameter? { parameters.first { $0.code == code } }

    // MARK: Typed views of the pages Expunge reads

    /// Temperature page (0Dh, SPC-4 §7.3.21): parameter 0000h byte 1 of its value = current °C;
    /// FFh = not available.
    public var temperatureCelsius: Int? {
        guard pageCode == 0x0D, let p = parameter(0x0000), p.value.count >= 2, p.value[1] != 0xFF else { return nil }
        return Int(p.value[1])
    }

    /// Start-stop cycle counter page (0Eh, SPC-4 §7.3.22): 0004h accumulated start-stop cycles.
    public var accumulatedStartStopCycles: UInt64? { pageCode == 0x0E ? parameter(0x0004)?.number : nil }
    /// 0003h: specified cycle count over the device's lifetime.
    public var specifiedStartStopCycles: UInt64? { pageCode == 0x0E ? parameter(0x0003)?.number : nil }
    /// 0006h accumulated load-unload cycles.
    public var accumulatedLoadUnloadCycles: UInt64? { pageCode == 0x0E ? parameter(0x0006)?.number : nil }

    /// Write (02h) and read (03h) error counter pages (SPC-4 §7.3.7): 0006h total uncorrected
    /// errors.
    public var totalUncorrectedErrors: UInt64? { pageCode == 0x02 || pageCode == 0x03 ? parameter(0x0006)?.number : nil }

    /// Informational exceptions page (2Fh, SPC-4 §7.3.8): parameter 0000h, value byte 0 the IE
    /// ASC, byte 1 the IE ASCQ (00h/00h: no exception; 5Dh: failure prediction threshold exceeded).
    public var informationalException: (asc: UInt8, ascq: UInt8)? {
        guard pageCode == 0x2F, let p = parameter(0x0000), p.value.count >= 2 else { return nil }
        return (p.value[0], p.value[1])
    }

    /// The names of the error counter parameters (SPC-4 Table 321), for the record.
    public static let errorCounterNames: [UInt16: String] = [
        0x0000: "errors corrected without substantial delay", 0x0001: "errors corrected with possible delays",
        0x0002: "total re-reads or re-writes", 0x0003: "total errors corrected", 0x0004: "times correction algorithm processed",
        0x0005: "total bytes processed", 0x0006: "total uncorrected errors",
    ]
}
