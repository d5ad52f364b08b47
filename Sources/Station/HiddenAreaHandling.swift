import BlockIO
import Devices
import Sanitization
import StorageModel

/// Hidden areas (ATA Host Protected Area, Device Configuration Overlay) for Clear and Purge alike:
/// refused before anything is written unless the operator chose what happens to them, and for
/// Clear with `--remove-hidden-areas` restored before the first write (see Docs/design/wipe-engine.md,
/// truth rules).
extension Station {
    /// Why a device may not start as planned because of its hidden areas, or nil:
    /// - a Host Protected Area needs `--remove-hidden-areas` (restored first) or `--allow-hidden-areas`;
    /// - a Device Configuration Overlay needs `--allow-hidden-areas` (Expunge never removes one:
    ///   DEVICE CONFIGURATION RESTORE is permanent and changes the drive's feature set);
    /// - an ATA drive (or SCSI/unknown interface) whose hidden areas could not be checked needs
    ///   `--allow-hidden-areas`; USB bridges are not queried and not refused (recorded unchecked).
    static func hiddenAreaRefusal(_ c: CapacityRecord, device d: DeviceDescriptor, request: WipeRequest) -> ExpungeError? {
        let allow = request.allowHiddenAreas
        let consequence = "the certificate would say failed (hidden-area-not-sanitized)"
        if c.hiddenAreas == .unchecked && d.transport != .usb && !allow {
            return ExpungeError(.failed, code: "hidden-area-unchecked", "\(d.path): hidden areas (HPA/DCO) could not be checked: \(c.basis)",
                                remedy: "run as root on a drive that answers ATA IDENTIFY, or pass --allow-hidden-areas to go ahead (the certificate records them as unchecked)")
        }
        if let hpa = c.remainingHiddenRanges.first(where: { $0.kind == .hpa }), !request.removeHiddenAreas, !allow {
            return ExpungeError(.failed, code: "hidden-area", "\(d.path): a Host Protected Area hides \(hpa.blocks) sectors (LBA \(hpa.firstLBA)–\(hpa.lastLBA)) "
                                + "that a \(request.level.rawValue) cannot reach; nothing was written",
                                remedy: "pass --remove-hidden-areas to restore the native capacity first (volatile: it reverts at power-off), "
                                + "or --allow-hidden-areas to sanitize the rest (\(consequence))")
        }
        if let dco = c.remainingHiddenRanges.first(where: { $0.kind == .dco }), !allow {
            return ExpungeError(.failed, code: "hidden-area-dco", "\(d.path): a Device Configuration Overlay hides \(dco.blocks) sectors "
                                + "(LBA \(dco.firstLBA)–\(dco.lastLBA)); Expunge does not remove a DCO (DEVICE CONFIGURATION RESTORE is permanent); nothing was written",
                                remedy: "restore the drive's full capacity (hdparm --dco-restore, then power-cycle) and wipe again, "
                                + "or pass --allow-hidden-areas to sanitize the rest (\(consequence))")
        }
        return nil
    }

    /// What restoring a Host Protected Area before a Clear came to.
    enum HiddenAreaRestore {
        /// Restored and addressable through `handle`; the plan now covers the native capacity.
        case restored(handle: any BlockDevice)
        /// Nothing was written; `capacity` records the commands sent.
        case failed(any OperatorError, operation: String, reason: FailureReason, capacity: CapacityRecord, found: DeviceIdentity?)
    }

    /// Clear with `--remove-hidden-areas`: SET MAX ADDRESS EXT to the native maximum (volatile),
    /// confirmed by IDENTIFY (the purge code path), then the device is reopened so the kernel
    /// addresses the native capacity — which must be exactly the native capacity, on the same
    /// device, or nothing is written.
    func restoreHiddenArea(_ p: PreparedWipe, handle: any BlockDevice, plan: inout WipePlan) -> HiddenAreaRestore {
        guard var capacity = plan.capacity, let hpa = capacity.remainingHiddenRanges.first(where: { $0.kind == .hpa }) else {
            return .restored(handle: handle)
        }
        let (commands, problem) = HiddenAreaRestorer.restore(transports: environment.probe.transports, path: p.path, nativeMaxLBA: hpa.lastLBA)
        capacity.commands += commands
        if let problem {
            return .failed(ExpungeError(.failed, code: "hidden-area", "\(p.path): \(problem); nothing was written",
                                        remedy: "the drive keeps its Host Protected Area: wipe with --allow-hidden-areas (certified failed) or destroy it"),
                           operation: "hidden-area", reason: .hiddenArea, capacity: capacity, found: nil)
        }
        let reopened: any BlockDevice
        let opened: OpenedIdentity
        do {
            reopened = try environment.devices.reopenAfterCapacityChange(p.descriptor, closing: handle)
            opened = try environment.devices.openedIdentity(reopened, descriptor: p.descriptor)
        } catch {
            return .failed(Self.operatorError(error), operation: "reopen", reason: .ioFailure, capacity: capacity, found: nil)
        }
        let native = ByteCount((hpa.lastLBA + 1) * capacity.logicalBlockBytes.bytes)
        guard opened.identity.capacity == native else {
            return .failed(ExpungeError(.failed, code: "hidden-area", "\(p.path): the drive's native capacity was restored (LBA \(hpa.lastLBA)), "
                                        + "but the kernel addresses \(opened.identity.capacity.bytes) bytes, not \(native.bytes): "
                                        + "the restored area is out of the host's reach; nothing was written",
                                        remedy: "boot the station with the kernel parameter libata.ignore_hpa=1 (the kernel then addresses the native capacity) and wipe again"),
                           operation: "hidden-area", reason: .hiddenArea, capacity: capacity, found: opened.identity)
        }
        var planned = plan.identity
        planned.capacity = native
        let changed = IdentityConfirmation.differences(planned: planned, confirmed: p.descriptor, opened: opened)
        guard changed.isEmpty else {
            return .failed(ExpungeError(.failed, code: "identity-changed", "\(p.path) is not the device planned and confirmed: " + changed.joined(separator: "; ")),
                           operation: "identity-before-write", reason: .identityChanged, capacity: capacity, found: opened.identity)
        }
        for i in capacity.hiddenRanges.indices where capacity.hiddenRanges[i].kind == .hpa { capacity.hiddenRanges[i].removed = true }
        capacity.hiddenAreas = capacity.remainingHiddenRanges.isEmpty ? .removed : .notSanitized
        capacity.addressedBytes = native
        capacity.notes.append("Host Protected Area removed before the first write: accessible maximum restored to LBA \(hpa.lastLBA) (volatile)")
        plan.identity.capacity = native
        plan.capacity = capacity
        return .restored(handle: reopened)
    }
}
