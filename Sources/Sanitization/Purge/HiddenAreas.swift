import BlockIO
import StorageModel

/// What an ATA drive keeps from the host, as read (never changed) through SAT: the accessible
/// maximum from IDENTIFY DEVICE, the native maximum from READ NATIVE MAX ADDRESS EXT (a Host
/// Protected Area lies between them), and the real maximum from DEVICE CONFIGURATION IDENTIFY
/// (a Device Configuration Overlay lies between the native and the real maximum).
public struct ATAHiddenAreas: Sendable, Hashable {
    /// Sectors the drive addresses now (IDENTIFY words 100–103, or 60–61 without 48-bit).
    public var accessibleSectors: UInt64
    /// READ NATIVE MAX ADDRESS EXT; the accessible maximum when the drive has no HPA feature set;
    /// nil when it has one and did not answer.
    public var nativeMaxLBA: UInt64?
    /// DEVICE CONFIGURATION IDENTIFY words 3–5; nil without DCO or without an answer.
    public var dcoMaxLBA: UInt64?
    /// The HPA was checked (nothing is hidden that could not be seen).
    public var checked: Bool
    public var basis: String
    public var notes: [String]

    public var accessibleMaxLBA: UInt64 { accessibleSectors == 0 ? 0 : accessibleSectors - 1 }

    /// Sectors hidden by a Host Protected Area (0 when none or unknown).
    public var hpaSectors: UInt64 {
        guard let native = nativeMaxLBA, native > accessibleMaxLBA else { return 0 }
        return native - accessibleMaxLBA
    }

    /// The hidden ranges found, lowest first.
    public var ranges: [CapacityRecord.HiddenRange] {
        var out: [CapacityRecord.HiddenRange] = []
        let native = max(nativeMaxLBA ?? accessibleMaxLBA, accessibleMaxLBA)
        if native > accessibleMaxLBA { out.append(.init(kind: .hpa, firstLBA: accessibleMaxLBA + 1, lastLBA: native)) }
        if let dco = dcoMaxLBA, dco > native { out.append(.init(kind: .dco, firstLBA: native + 1, lastLBA: dco)) }
        return out
    }

    /// The capacity record of a drive the host addresses `size` bytes of, before anything is changed.
    public func capacity(addressed size: ByteCount, logicalBlock: ByteCount) -> CapacityRecord {
        let ranges = ranges
        let top = ranges.last?.lastLBA ?? accessibleMaxLBA
        var notes = notes
        if size.bytes != accessibleSectors * logicalBlock.bytes {
            notes.append("the kernel addresses \(size.bytes) bytes; IDENTIFY reports \(accessibleSectors) sectors of \(logicalBlock.bytes) bytes")
        }
        return CapacityRecord(addressedBytes: size, nativeBytes: checked ? ByteCount((top + 1) * logicalBlock.bytes) : nil,
                              logicalBlockBytes: logicalBlock, hiddenAreas: !checked ? .unchecked : ranges.isEmpty ? .none : .notSanitized,
                              hiddenRanges: ranges, basis: basis, notes: notes)
    }
}

extension PurgeCapabilityProbe {
    /// Reads the drive's hidden areas; read-only. `id` is the drive's IDENTIFY DEVICE data.
    func ataHiddenAreas(_ scsi: any SCSITransport, identify id: ATAIdentify) -> ATAHiddenAreas {
        var h = ATAHiddenAreas(accessibleSectors: id.userSectors, nativeMaxLBA: nil, dcoMaxLBA: nil, checked: false,
                               basis: "ATA IDENTIFY DEVICE", notes: [])
        if !id.hpaSupported {
            h.nativeMaxLBA = h.accessibleMaxLBA
            h.checked = true
            h.basis += " (no HPA feature set)"
        } else if !id.lba48Supported {
            h.basis += " (28-bit drive: READ NATIVE MAX ADDRESS is not sent)"
            h.notes.append("a 28-bit drive with the HPA feature set: its native maximum was not read")
        } else {
            h.basis += ", READ NATIVE MAX ADDRESS EXT"
            if let r = try? scsi.execute(ATACommand.readNativeMaxAddressExt().scsi), let regs = r.senseData?.ata, regs.complete, !regs.failed {
                h.nativeMaxLBA = regs.lba
                h.checked = true
            } else {
                h.notes.append("READ NATIVE MAX ADDRESS EXT returned no registers: a Host Protected Area could not be ruled out")
            }
        }
        if id.dcoSupported {
            h.basis += ", DEVICE CONFIGURATION IDENTIFY"
            if let r = try? scsi.execute(ATACommand.dcoIdentify().scsi), r.isGood || r.senseData?.ata?.failed == false,
               let dco = ATADeviceConfiguration(r.data) {
                h.dcoMaxLBA = dco.maximumLBA
            } else {
                h.notes.append("DEVICE CONFIGURATION IDENTIFY failed (frozen, or refused while an HPA is set): a DCO restriction could not be read")
            }
        } else {
            h.basis += " (no DCO feature set)"
        }
        h.basis += ", through SAT (ATA PASS-THROUGH(16))"
        if h.hpaSectors > 0 {
            h.notes.append("a Host Protected Area hides \(h.hpaSectors) sectors beyond LBA \(h.accessibleMaxLBA) (native max \(h.nativeMaxLBA ?? 0))")
        } else if id.hpaEnabled && !h.checked {
            h.notes.append("a Host Protected Area is enabled")
        }
        if let dco = h.ranges.first(where: { $0.kind == .dco }) {
            h.notes.append("a Device Configuration Overlay hides \(dco.blocks) sectors beyond LBA \(dco.firstLBA - 1) (DCO max \(dco.lastLBA))")
        }
        return h
    }

    /// The capacity record for a device about to be sanitized: for an ATA drive (direct or through
    /// SAT) its hidden areas; for interfaces without HPA/DCO, native = addressed. Read-only. No
    /// ATA command is sent through a USB bridge (unchecked), and a SCSI device that does not answer
    /// ATA IDENTIFY is taken as SCSI (no hidden areas).
    public func capacity(path: String, transport: Transport, size: ByteCount, logicalBlock: ByteCount) -> CapacityRecord {
        func notApplicable(_ why: String) -> CapacityRecord { .notApplicable(size, logicalBlock: logicalBlock, why: why) }
        func unchecked(_ why: String) -> CapacityRecord {
            CapacityRecord(addressedBytes: size, nativeBytes: nil, logicalBlockBytes: logicalBlock, hiddenAreas: .unchecked, basis: why)
        }
        switch transport {
        case .nvme:
            return notApplicable("NVMe has no Host Protected Area or Device Configuration Overlay: native = addressed (namespaces: see scope)")
        case .loop, .ram, .zram, .virtio, .deviceMapper, .md:
            return notApplicable("\(transport.rawValue): a virtual device has no Host Protected Area or Device Configuration Overlay")
        case .mmc:
            return notApplicable("MMC/SD has no Host Protected Area or Device Configuration Overlay")
        case .usb:
            return unchecked("behind a USB bridge: ATA commands are not sent through bridges, so hidden areas were not checked")
        case .unknown:
            return unchecked("unknown interface: hidden areas were not checked")
        case .sata, .ata, .scsi, .sas:
            let ata = transport == .sata || transport == .ata
            let scsi: any SCSITransport
            do { scsi = try transports.scsi(path) } catch {
                return unchecked("cannot query the drive for hidden areas: \(Self.permissionBlocker(error))")
            }
            guard let id = ataIdentify(scsi) else {
                return ata ? unchecked("ATA IDENTIFY DEVICE failed: hidden areas were not checked")
                    : notApplicable("SCSI device (no answer to ATA IDENTIFY DEVICE through SAT): SCSI has no Host Protected Area or Device Configuration Overlay")
            }
            return ataHiddenAreas(scsi, identify: id).capacity(addressed: size, logicalBlock: logicalBlock)
        }
    }
}

/// Restores a drive's native maximum (removes a Host Protected Area) with SET MAX ADDRESS EXT,
/// volatile (it reverts at power-off), and confirms it with a fresh IDENTIFY DEVICE. Shared by
/// Purge and Clear (`--remove-hidden-areas`).
public enum HiddenAreaRestorer {
    /// Sends the command through `ata` (which records it); returns the problem, or nil when
    /// IDENTIFY shows the native maximum addressable.
    static func restore(_ ata: ATAPassThrough, nativeMaxLBA: UInt64) -> String? {
        guard (try? ata.send(.setMaxAddressExt(nativeMaxLBA)))?.succeeded == true else {
            return "the drive refused to restore its native capacity (SET MAX ADDRESS EXT)"
        }
        guard let id = ata.identify(), id.userSectors > nativeMaxLBA else {
            return "the Host Protected Area is still in place after SET MAX ADDRESS EXT"
        }
        return nil
    }

    /// The same for a device path: the commands as sent and answered, and the problem if any.
    public static func restore(transports: any FirmwareTransportFactory, path: String,
                               nativeMaxLBA: UInt64) -> (commands: [FirmwareCommandRecord], problem: String?) {
        let recorder = PurgeRecorder()
        let scsi: any SCSITransport
        do { scsi = try transports.scsi(path) } catch {
            return ([], "cannot send SET MAX ADDRESS EXT: \(error)")
        }
        let problem = restore(ATAPassThrough(transport: scsi, recorder: recorder), nativeMaxLBA: nativeMaxLBA)
        return (recorder.commands, problem)
    }
}
