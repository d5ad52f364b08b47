import BlockIO
import StorageModel

/// The common names of ATA SMART attributes and the raw layouts Expunge decodes. The attribute
/// table is vendor-defined (SFF-8035i gives the layout, not the meanings); only IDs whose raw
/// value has one layout across vendors are decoded, every other raw value is kept as `vendor`.
enum ATAAttributeCatalog {
    enum Layout: String {
        case raw48
        case raw32Low = "raw32-low"
        case temperatureLowByte = "temperature-low-byte"
        case vendor
    }

    static let entries: [UInt8: (name: String, layout: Layout)] = [
        1: ("Raw Read Error Rate", .vendor),
        3: ("Spin-Up Time", .vendor),
        4: ("Start/Stop Count", .raw48),
        5: ("Reallocated Sectors Count", .raw48),
        7: ("Seek Error Rate", .vendor),
        9: ("Power-On Hours", .raw32Low),
        10: ("Spin Retry Count", .raw48),
        12: ("Power Cycle Count", .raw48),
        184: ("End-to-End Error", .raw48),
        187: ("Reported Uncorrectable Errors", .raw48),
        188: ("Command Timeout", .vendor),
        190: ("Airflow Temperature", .temperatureLowByte),
        194: ("Temperature", .temperatureLowByte),
        196: ("Reallocation Event Count", .raw48),
        197: ("Current Pending Sector Count", .raw48),
        198: ("Offline Uncorrectable Sector Count", .raw48),
        199: ("UDMA CRC Error Count", .raw48),
        231: ("SSD Life Left", .vendor),
        233: ("Media Wearout Indicator", .vendor),
        241: ("Total LBAs Written", .vendor),
        242: ("Total LBAs Read", .vendor),
    ]

    static func record(_ a: ATASMARTData.Attribute, threshold: UInt8?) -> HealthAttribute {
        let entry = entries[a.id]
        let layout = entry?.layout ?? .vendor
        let value: UInt64?
        switch layout {
        case .raw48: value = a.raw48
        case .raw32Low: value = a.raw48 & 0xFFFF_FFFF
        case .temperatureLowByte: value = UInt64(a.raw[0])
        case .vendor: value = nil
        }
        return HealthAttribute(id: a.id, name: entry?.name, flags: a.flags, current: a.current, worst: a.worst, threshold: threshold,
                               raw: a.raw.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(),
                               rawLayout: layout.rawValue, rawValue: value)
    }
}
