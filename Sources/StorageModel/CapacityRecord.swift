/// The medium's capacity as the attempt found it: what the host addressed, what the drive holds
/// natively, and any hidden area between the two (ATA Host Protected Area, Device Configuration
/// Overlay). Every certificate states it, so a Clear never implies more than it reached.
public struct CapacityRecord: Codable, Sendable, Hashable {
    /// What was found about hidden areas, and what became of them.
    public enum HiddenAreas: String, Codable, Sendable, CaseIterable {
        /// The interface has no HPA/DCO (NVMe, SCSI, virtual devices): native = addressed.
        case notApplicable = "not-applicable"
        /// Checked: nothing hidden.
        case none
        /// Every hidden range was restored (HPA, volatile) before the attempt and was addressed.
        case removed
        /// A hidden range stayed out of reach: the attempt did not sanitize it.
        case notSanitized = "not-sanitized"
        /// Could not be checked (the drive did not answer, or it sits behind a USB bridge).
        case unchecked
    }

    /// A range of logical blocks kept from the host.
    public struct HiddenRange: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// Host Protected Area: IDENTIFY's accessible maximum below READ NATIVE MAX ADDRESS.
            case hpa
            /// Device Configuration Overlay: the native maximum below DEVICE CONFIGURATION IDENTIFY's.
            case dco
        }
        public var kind: Kind
        public var firstLBA: UInt64
        public var lastLBA: UInt64
        /// Restored (made addressable) before the attempt.
        public var removed: Bool

        public init(kind: Kind, firstLBA: UInt64, lastLBA: UInt64, removed: Bool = false) {
            self.kind = kind
            self.firstLBA = firstLBA
            self.lastLBA = lastLBA
            self.removed = removed
        }

        public var blocks: UInt64 { lastLBA - firstLBA + 1 }

        enum CodingKeys: String, CodingKey {
            case kind, removed
            case firstLBA = "first_lba", lastLBA = "last_lba"
        }
    }

    /// The capacity the host addressed (wrote and read) during the attempt.
    public var addressedBytes: ByteCount
    /// The drive's full capacity as established (DCO maximum, else native maximum, else the
    /// addressed capacity where the interface has no hidden areas); nil when not known.
    @NullCoded public var nativeBytes: ByteCount?
    /// The unit of the LBAs below.
    public var logicalBlockBytes: ByteCount
    public var hiddenAreas: HiddenAreas
    public var hiddenRanges: [HiddenRange]
    /// How the capacities were established (the commands read), in words.
    public var basis: String
    /// Commands sent to change the capacity (SET MAX ADDRESS EXT), as sent and answered.
    public var commands: [FirmwareCommandRecord]
    public var notes: [String]

    public init(addressedBytes: ByteCount, nativeBytes: ByteCount?, logicalBlockBytes: ByteCount, hiddenAreas: HiddenAreas,
                hiddenRanges: [HiddenRange] = [], basis: String, commands: [FirmwareCommandRecord] = [], notes: [String] = []) {
        self.addressedBytes = addressedBytes
        self.nativeBytes = nativeBytes
        self.logicalBlockBytes = logicalBlockBytes
        self.hiddenAreas = hiddenAreas
        self.hiddenRanges = hiddenRanges
        self.basis = basis
        self.commands = commands
        self.notes = notes
    }

    /// A device whose interface has no hidden areas: native = addressed.
    public static func notApplicable(_ size: ByteCount, logicalBlock: ByteCount, why: String) -> CapacityRecord {
        CapacityRecord(addressedBytes: size, nativeBytes: size, logicalBlockBytes: logicalBlock, hiddenAreas: .notApplicable, basis: why)
    }

    /// Ranges still hidden (not restored).
    public var remainingHiddenRanges: [HiddenRange] { hiddenRanges.filter { !$0.removed } }

    /// The hidden ranges as byte ranges of the medium, for error records.
    public func byteRange(_ r: HiddenRange) -> ByteRange {
        ByteRange(offset: ByteCount(r.firstLBA * logicalBlockBytes.bytes), length: ByteCount(r.blocks * logicalBlockBytes.bytes))
    }

    enum CodingKeys: String, CodingKey {
        case basis, commands, notes
        case addressedBytes = "addressed_bytes", nativeBytes = "native_bytes", logicalBlockBytes = "logical_block_bytes"
        case hiddenAreas = "hidden_areas", hiddenRanges = "hidden_ranges"
    }
}
