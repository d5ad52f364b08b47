import BlockIO
import Glibc
import StorageModel

/// Finds out which Purge techniques a device supports: NVMe Identify Controller/Namespace, ATA
/// IDENTIFY (through SAT), SCSI REPORT SUPPORTED OPERATION CODES for SANITIZE. Read-only: it
/// never changes the device.
public struct PurgeCapabilityProbe: Sendable {
    public let transports: any FirmwareTransportFactory

    public init(transports: any FirmwareTransportFactory = LinuxFirmwareTransports()) { self.transports = transports }

    public func probe(path: String, transport: Transport, media: MediaType) -> PurgeCapabilities {
        switch transport {
        case .nvme: return probeNVMe(path: path, media: media)
        case .sata, .ata: return probeATA(path: path, media: media)
        case .scsi, .sas: return probeSCSI(path: path, media: media)
        case .usb:
            return PurgeCapabilities(interface: nil, blocker: "behind a USB bridge (firmware commands are not passed through reliably)")
        case .loop, .ram, .zram, .virtio, .deviceMapper, .md:
            return PurgeCapabilities(interface: nil, blocker: "virtual device: no drive firmware to sanitize")
        case .mmc, .unknown:
            return PurgeCapabilities(interface: nil, blocker: "no supported firmware sanitize interface (\(transport.rawValue))")
        }
    }

    static func permissionBlocker(_ e: Errno) -> String {
        e == .notPermitted || e == .accessDenied ? "not permitted to query the drive (run as root)" : "cannot query the drive: \(e)"
    }

    func probeNVMe(path: String, media: MediaType) -> PurgeCapabilities {
        let nvme: any NVMeAdminTransport, nsid: UInt32
        do { (nvme, nsid) = try transports.nvme(path) } catch { return PurgeCapabilities(interface: "nvme", blocker: Self.permissionBlocker(error)) }
        guard let c = try? nvme.submit(.identifyController()), c.status.isSuccess, let ctrl = NVMeIdentifyController(c.data) else {
            return PurgeCapabilities(interface: "nvme", blocker: "Identify Controller failed")
        }
        let ns = (try? nvme.submit(.identifyNamespace(nsid))).flatMap { $0.status.isSuccess ? NVMeIdentifyNamespace($0.data) : nil }
        var caps = PurgeCapabilities(interface: "nvme", erasedReadValue: ns?.deallocatedReadValue, nvmeNamespace: nsid,
                                     nvmeLBAFormat: ns?.currentFormatIndex)
        func offer(_ t: PurgeTechnique, _ supported: Bool, _ why: String) {
            if !supported { caps.unavailable.append(.init(technique: t, reason: why)) }
            else if !t.isPurge(on: media) { caps.unavailable.append(.init(technique: t, reason: "only Clear on \(media.rawValue) media")) }
            else { caps.available.append(t) }
        }
        let noSanitize = "Sanitize not supported (SANICAP \(String(ctrl.sanicap, radix: 16)))"
        offer(.nvmeSanitizeCryptoErase, ctrl.sanitizeCryptoErase, noSanitize)
        offer(.nvmeSanitizeBlockErase, ctrl.sanitizeBlockErase, noSanitize)
        offer(.nvmeSanitizeOverwrite, ctrl.sanitizeOverwrite, noSanitize)
        offer(.nvmeFormatCryptoErase, ctrl.formatSupported && ctrl.cryptoEraseSupported,
              ctrl.formatSupported ? "Format NVM without cryptographic erase (FNA bit 2 clear)" : "Format NVM not supported (OACS bit 1 clear)")
        offer(.nvmeFormatUserDataErase, ctrl.formatSupported, "Format NVM not supported (OACS bit 1 clear)")
        if ctrl.formatAppliesToAllNamespaces { caps.notes.append("a Format applies to every namespace of the controller (FNA bit 0)") }
        if ctrl.secureEraseAppliesToAllNamespaces { caps.notes.append("a Format secure erase applies to every namespace of the controller (FNA bit 1)") }
        if ctrl.sanitizeCryptoErase || ctrl.sanitizeBlockErase || ctrl.sanitizeOverwrite {
            caps.notes.append("Sanitize acts on the whole NVM subsystem (every namespace)")
        }
        if ctrl.noDeallocateInhibited { caps.notes.append("No-Deallocate After Sanitize is inhibited (SANICAP bit 29)") }
        return caps
    }

    func ataIdentify(_ scsi: any SCSITransport) -> ATAIdentify? {
        guard let r = try? scsi.execute(ATACommand.identifyDevice().scsi), r.isGood || r.senseData?.ata?.failed == false else { return nil }
        return ATAIdentify(r.data)
    }

    func probeATA(path: String, media: MediaType) -> PurgeCapabilities {
        let scsi: any SCSITransport
        do { scsi = try transports.scsi(path) } catch { return PurgeCapabilities(interface: "ata", blocker: Self.permissionBlocker(error)) }
        guard let id = ataIdentify(scsi) else { return PurgeCapabilities(interface: "ata", blocker: "ATA IDENTIFY DEVICE failed (no SAT pass-through?)") }
        var caps = PurgeCapabilities(interface: "ata", erasedReadValue: id.readZeroAfterTrim ? 0x00 : nil,
                                     ataNormalEraseMinutes: id.normalEraseMinutes, ataEnhancedEraseMinutes: id.enhancedEraseMinutes)
        func offer(_ t: PurgeTechnique, _ why: String?) {
            if let why { caps.unavailable.append(.init(technique: t, reason: why)) }
            else if !t.isPurge(on: media) { caps.unavailable.append(.init(technique: t, reason: "only Clear on \(media.rawValue) media")) }
            else { caps.available.append(t) }
        }
        let noSanitize = id.sanitizeSupported ? "not offered by the drive's SANITIZE feature set" : "no SANITIZE feature set (IDENTIFY word 59 bit 12)"
        offer(.ataSanitizeCryptoScramble, id.sanitizeCryptoScramble ? nil : noSanitize)
        offer(.ataSanitizeBlockErase, id.sanitizeBlockErase ? nil : noSanitize)
        offer(.ataSanitizeOverwrite, id.sanitizeOverwrite ? nil : noSanitize)
        let security: String? = !id.securitySupported ? "no security feature set (IDENTIFY word 82 bit 1)"
            : id.securityFrozen ? "security frozen by the BIOS (suspend/resume or replug power to unfreeze)"
            : id.securityLocked ? "drive is locked with a password" : id.securityEnabled ? "a password is already set" : nil
        offer(.ataSecurityEraseEnhanced, security ?? (id.enhancedEraseSupported ? nil : "enhanced erase not supported (word 128 bit 5)"))
        offer(.ataSecurityErase, security)
        let hidden = ataHiddenAreas(scsi, identify: id)
        if hidden.hpaSectors > 0 {
            caps.nativeMaxLBA = hidden.nativeMaxLBA
            caps.hiddenSectors = hidden.hpaSectors
        }
        caps.notes += hidden.notes
        if id.dcoSupported { caps.notes.append("Device Configuration Overlay supported: capacity may be reduced") }
        if id.securityFrozen { caps.notes.append("security frozen") }
        return caps
    }

    func probeSCSI(path: String, media: MediaType) -> PurgeCapabilities {
        let scsi: any SCSITransport
        do { scsi = try transports.scsi(path) } catch { return PurgeCapabilities(interface: "scsi", blocker: Self.permissionBlocker(error)) }
        var caps = PurgeCapabilities(interface: "scsi")
        let actions: [(PurgeTechnique, SCSICommand.SanitizeServiceAction)] = [(.scsiSanitizeCryptoErase, .cryptoErase), (.scsiSanitizeBlockErase, .blockErase), (.scsiSanitizeOverwrite, .overwrite)]
        for (technique, action) in actions {
            guard let r = try? scsi.execute(.reportSupportedOperationCode(0x48, serviceAction: UInt16(action.rawValue))) else {
                caps.unavailable.append(.init(technique: technique, reason: "REPORT SUPPORTED OPERATION CODES could not be sent"))
                continue
            }
            // SUPPORT field (byte 1, bits 2:0): 011b or 101b = supported as in the standard / vendor.
            let support = r.data.count > 1 ? r.data[1] & 0x7 : 0
            if !r.isGood {
                caps.unavailable.append(.init(technique: technique, reason: "the drive does not report SANITIZE support (\(r.senseData?.description ?? "REPORT SUPPORTED OPERATION CODES rejected"))"))
            } else if support == 3 || support == 5 {
                if technique.isPurge(on: media) { caps.available.append(technique) }
                else { caps.unavailable.append(.init(technique: technique, reason: "only Clear on \(media.rawValue) media")) }
            } else {
                caps.unavailable.append(.init(technique: technique, reason: "SANITIZE service action \(action.rawValue) not supported"))
            }
        }
        return caps
    }
}
