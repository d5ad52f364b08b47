/// The computer the drives were sanitized in, from its firmware's DMI (SMBIOS type 1) table:
/// recorded in certificates when a station wipes a machine's own drives in place (the live
/// image booted on a laptop), so the certificates of one laptop's drives are tied together and
/// to its service tag. Values are sanitized strings; placeholders firmware vendors leave in the
/// table ("To Be Filled By O.E.M.", "Default string", all zeros or spaces) are recorded as absent.
public struct MachineIdentity: Codable, Sendable, Hashable {
    /// `sys_vendor`: the manufacturer ("LENOVO", "Dell Inc.").
    @NullCoded public var vendor: String?
    /// `product_name`: the model ("20XW0026GE", "Latitude 7420").
    @NullCoded public var product: String?
    /// `product_serial`: the serial number or service tag on the machine's label.
    @NullCoded public var serial: String?

    public init(vendor: String?, product: String?, serial: String?) {
        self.vendor = vendor.flatMap(Self.meaningful)
        self.product = product.flatMap(Self.meaningful)
        self.serial = serial.flatMap(Self.meaningful)
    }

    /// Nothing useful was read (a virtual machine without SMBIOS, a board with placeholders).
    public var isEmpty: Bool { vendor == nil && product == nil && serial == nil }

    /// "LENOVO 20XW0026GE, serial PF2ABCDE" for consoles and PDFs.
    public var summary: String {
        let name = [vendor, product].compactMap { $0 }.joined(separator: " ")
        let s = serial.map { "serial \($0)" }
        return [name.isEmpty ? nil : name, s].compactMap { $0 }.joined(separator: ", ")
    }

    /// A DMI value, or nil when it is a placeholder rather than a fact.
    static func meaningful(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let lowered = trimmed.lowercased()
        let placeholders: Set<String> = [
            "to be filled by o.e.m.", "default string", "system serial number", "system product name",
            "system manufacturer", "not specified", "not applicable", "none", "n/a", "o.e.m.", "oem", "0123456789", "unknown",
        ]
        if placeholders.contains(lowered) { return nil }
        if trimmed.allSatisfy({ $0 == "0" || $0 == " " || $0 == "-" || $0 == "." }) { return nil }
        return trimmed
    }
}
