"""Live image tests: boots the image Scripts/build-live-image made under QEMU (TCG), as a USB
stick on xHCI beside an emulated NVMe drive and an AHCI SATA disk, in automatic mode, on SeaBIOS,
on UEFI (OVMF) and on UEFI with Secure Boot enforced (OVMF with Microsoft's keys enrolled, so
only Debian's signed shim, GRUB and kernel can start). Each boot must purge the NVMe drive
(Format), clear the SATA disk, leave the stick untouched outside its EXPUNGE partition and power
off; the certificates are then read off the stick with mtools and verified with `expunge verify`
and stock `openssl cms -verify`, and must carry the DMI serial QEMU was given. One boot pushes to
a depot on the host, reached only through QEMU user networking (restrict=on, guestfwd).
Prints one line per check, the boot-to-console times, and 'N passed, N failed'."""
import argparse, glob, hashlib, json, os, re, shutil, subprocess, sys, tempfile, time

OVMF = "/usr/share/OVMF"
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
    return ok


def partitions(image):
    table = json.loads(subprocess.check_output(["sfdisk", "-J", image]))["partitiontable"]["partitions"]
    return [(p["start"] * 512, p["size"] * 512) for p in table]


def digest_outside(image, skip):
    """SHA-256 of the image with the byte range `skip` (the EXPUNGE partition) left out."""
    h = hashlib.sha256()
    with open(image, "rb") as f:
        pos, end = 0, os.path.getsize(image)
        while pos < end:
            if pos == skip[0]:
                f.seek(skip[0] + skip[1])
                pos = skip[0] + skip[1]
                continue
            n = min(1 << 20, end - pos, (skip[0] - pos) if pos < skip[0] else end - pos)
            h.update(f.read(n))
            pos += n
    return h.hexdigest()


def run_qemu(cmd, timeout, stop_at=None):
    """Runs QEMU with the serial line on stdout; returns (output, powered off by itself). With
    `stop_at`, QEMU is stopped 3 s after that text appears (a guest that waits for a person)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(proc.stdout.fileno(), False)
    out, deadline, stop_time = b"", time.monotonic() + timeout, None
    while True:
        chunk = proc.stdout.read()
        if chunk:
            out += chunk
        if proc.poll() is not None:
            out += proc.stdout.read() or b""
            return out.decode("utf-8", "replace"), stop_time is None
        now = time.monotonic()
        if stop_at and stop_time is None and stop_at.encode() in out:
            stop_time = now + 3
        if now > deadline or (stop_time and now > stop_time):
            proc.kill()
            proc.wait()
            return out.decode("utf-8", "replace"), False
        time.sleep(0.2)


def refusing_boot(work, image, timeout):
    """A stick whose EXPUNGE partition is gone (written with the wrong tool, reformatted): no
    certificate could be kept and no depot is configured, so nothing may be wiped."""
    name = "no-expunge-partition"
    stick = os.path.join(work, f"{name}-stick.img")
    shutil.copy(image, stick)
    data = partitions(stick)[2]
    with open(stick, "r+b") as f:  # the FAT boot sector gone: the partition is no filesystem
        f.seek(data[0])
        f.write(bytes(512))
    disks = {}
    for d in ["nvme", "sata"]:
        disks[d] = os.path.join(work, f"{name}-{d}.img")
        with open(disks[d], "wb") as f:
            f.write(os.urandom(64 << 20))
    before = {d: hashlib.sha256(open(p, "rb").read()).hexdigest() for d, p in disks.items()}
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-m", "1024", "-smp", "1", "-nographic", "-no-reboot", "-nic", "none",
           "-smbios", "type=1,manufacturer=Expunge Tests,product=Laptop 9000,serial=SN-NODATA-1",
           "-drive", f"if=none,id=stick,file={stick},format=raw",
           "-device", "qemu-xhci,id=xhci", "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0",
           "-drive", f"if=none,id=nvm,file={disks['nvme']},format=raw", "-device", "nvme,serial=LIVENVME1,drive=nvm",
           "-drive", f"if=none,id=sata,file={disks['sata']},format=raw", "-device", "ide-hd,drive=sata,bus=ide.0,serial=LIVESATA1"]
    out, _ = run_qemu(cmd, timeout, stop_at="REFUSING TO WIPE")
    open(os.path.join(work, f"{name}-serial.log"), "w").write(out)
    lines = [l.strip() for l in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).splitlines() if "expunge-live:" in l]
    for l in lines:
        print(f"     {name} | {l[l.index('expunge-live:'):]}")
    check(f"{name}: the console says the stick has no EXPUNGE partition", any("no partition labelled EXPUNGE" in l for l in lines))
    check(f"{name}: it refuses to wipe", any("REFUSING TO WIPE" in l for l in lines))
    check(f"{name}: no station was started", not any("console ready" in l for l in lines))
    check(f"{name}: both drives are untouched",
          all(hashlib.sha256(open(p, "rb").read()).hexdigest() == before[d] for d, p in disks.items()))


def boot(name, work, image, firmware, serial, timeout, depot_port=None):
    stick = os.path.join(work, f"{name}-stick.img")
    shutil.copy(image, stick)
    disks = {}
    for d in ["nvme", "sata"]:
        disks[d] = os.path.join(work, f"{name}-{d}.img")
        with open(disks[d], "wb") as f:
            f.write(os.urandom(64 << 20))
    sata_before = hashlib.sha256(open(disks["sata"], "rb").read()).hexdigest()
    parts = partitions(stick)
    data = parts[2]
    stick_before = digest_outside(stick, data)

    machine = "q35"
    cmd = ["qemu-system-x86_64", "-m", "1024", "-smp", "1", "-nographic", "-no-reboot",
           "-smbios", f"type=1,manufacturer=Expunge Tests,product=Laptop 9000,serial={serial}",
           "-drive", f"if=none,id=stick,file={stick},format=raw",
           "-device", "qemu-xhci,id=xhci", "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0",
           "-drive", f"if=none,id=nvm,file={disks['nvme']},format=raw", "-device", "nvme,serial=LIVENVME1,drive=nvm",
           "-drive", f"if=none,id=sata,file={disks['sata']},format=raw", "-device", "ide-hd,drive=sata,bus=ide.0,serial=LIVESATA1"]
    if firmware in ("uefi", "secure-boot"):
        code = "OVMF_CODE_4M.secboot.fd" if firmware == "secure-boot" else "OVMF_CODE_4M.fd"
        template = "OVMF_VARS_4M.ms.fd" if firmware == "secure-boot" else "OVMF_VARS_4M.fd"
        vars_file = os.path.join(work, f"{name}-vars.fd")
        shutil.copy(os.path.join(OVMF, template), vars_file)
        cmd += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={os.path.join(OVMF, code)}",
                "-drive", f"if=pflash,format=raw,unit=1,file={vars_file}"]
        if firmware == "secure-boot":
            machine = "q35,smm=on"
            cmd += ["-global", "driver=cfi.pflash01,property=secure,value=on"]
    cmd += ["-machine", machine]
    if depot_port:
        # The guest reaches nothing but the depot: 10.0.2.100:8080 is forwarded to the host's
        # loopback port, everything else is cut off (restrict=on).
        cmd += ["-netdev", f"user,id=net0,restrict=on,guestfwd=tcp:10.0.2.100:8080-cmd:nc 127.0.0.1 {depot_port}",
                "-device", "virtio-net-pci,netdev=net0"]
    else:
        cmd += ["-nic", "none"]
    started = time.monotonic()
    out, powered_off = run_qemu(cmd, timeout)
    elapsed = time.monotonic() - started
    log = os.path.join(work, f"{name}-serial.log")
    open(log, "w").write(out)
    lines = [l.strip() for l in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out).splitlines() if "expunge-live:" in l]
    for l in lines:
        print(f"     {name} | {l[l.index('expunge-live:'):]}")
    console = next((re.search(r"console ready ([0-9.]+) s", l) for l in lines if "console ready" in l), None)
    print(f"     {name} | boot to console: {console.group(1) + ' s after the kernel started' if console else 'not reached'}; "
          f"whole run {elapsed:.0f} s")
    check(f"{name}: the machine powered off by itself after saving", powered_off and any("powering off" in l for l in lines),
          f"see {log}")
    expected = {"bios": "(BIOS,", "uefi": "(UEFI, Secure Boot off,", "secure-boot": "(UEFI, Secure Boot on,"}[firmware]
    check(f"{name}: started on {expected[1:-1]}", any(expected in l for l in lines))
    check(f"{name}: the stick was refused as boot medium", any("refused: boot-medium" in l for l in lines))
    check(f"{name}: the stick is unchanged outside EXPUNGE", digest_outside(stick, data) == stick_before)

    # The certificates, read off the stick's EXPUNGE partition with mtools.
    got = os.path.join(work, f"{name}-home")
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    subprocess.run(["mcopy", "-s", "-n", "-i", f"{stick}@@{data[0]}", "::/expunge/home", got], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    certs = {}
    for f in sorted(glob.glob(os.path.join(got, "ledger", "*.json"))):
        if f.endswith("state.json"):
            continue
        c = json.load(open(f))
        if c.get("document_type") == "wipe-certificate":
            certs[c["device"].get("serial")] = (f, c)
    check(f"{name}: two certificates on the stick", len(certs) == 2, f"found {sorted(certs)}")
    nvme, sata = certs.get("LIVENVME1"), certs.get("LIVESATA1")
    check(f"{name}: NVMe purged by Format", bool(nvme) and nvme[1]["result"] == "passed" and nvme[1]["sanitization"]["level"] == "purge"
          and nvme[1]["sanitization"]["technique"].startswith("nvme-format"), str(nvme and nvme[1]["sanitization"]["technique"]))
    check(f"{name}: SATA disk cleared", bool(sata) and sata[1]["result"] == "passed" and sata[1]["sanitization"]["level"] == "clear")
    check(f"{name}: NVMe drive reads as zeros", open(disks["nvme"], "rb").read() == bytes(64 << 20))
    check(f"{name}: SATA disk overwritten", hashlib.sha256(open(disks["sata"], "rb").read()).hexdigest() != sata_before)
    check(f"{name}: DMI serial is the asset and the machine",
          len(certs) == 2 and all(c["asset_id"] == serial and (c.get("machine") or {}).get("serial") == serial for _, c in certs.values()))
    trust = os.path.join(got, "keys", "trust.pem")
    v = subprocess.run([EXPUNGE, "verify", os.path.join(got, "ledger"), "--trust", trust], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    check(f"{name}: expunge verify accepts the stick's ledger", v.returncode == 0, v.stdout.decode()[-400:])
    ok = bool(certs)
    for f, _ in certs.values():
        r = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", f[:-5] + ".p7s", "-content", f,
                            "-CAfile", trust, "-purpose", "any", "-out", os.devnull], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        ok = ok and r.returncode == 0
    check(f"{name}: openssl cms -verify accepts every certificate", ok)
    pdfs = glob.glob(os.path.join(got, "pdf", "*.pdf"))
    check(f"{name}: a PDF per certificate on the stick", len(pdfs) == 2 and all(open(p, "rb").read(5) == b"%PDF-" for p in pdfs))
    return certs


def start_depot(work, depot, station):
    """A depot on the host (loopback only) with its own PostgreSQL cluster, and an enrollment
    token for `station`; returns (port, token, depot command, stop)."""
    env_text = subprocess.check_output(["Scripts/postgres-cluster", "start", "--no-fsync"]).decode()
    env = dict(os.environ)
    for m in re.finditer(r"export (\w+)=(\S*)", env_text):
        env[m.group(1)] = m.group(2)
    common = ["--home", os.path.join(work, "depot-home"), "--database", f"postgres:///{env['PGDATABASE']}"]
    run = lambda *a, **kw: subprocess.run([depot, *a, *common], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    run("migrate", check=True)
    out = open(os.path.join(work, "depot.out"), "w+")
    server = subprocess.Popen([depot, "serve", "--listen", "127.0.0.1:0", *common], env=env, stdout=out,
                              stderr=open(os.path.join(work, "depot.log"), "w"))
    port = None
    for _ in range(150):
        out.seek(0)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", out.read())
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.2)
    if port is None:
        server.terminate()
        raise SystemExit("live-image-tests: the depot did not start (see depot.log)")
    token = run("station", "enroll", station, check=True).stdout.decode().strip()

    def stop():
        server.terminate()
        server.wait()
        subprocess.run(["Scripts/postgres-cluster", "stop", env["EXPUNGE_PG_CLUSTER"]], stdout=subprocess.DEVNULL)
    return port, token, stop


def main():
    global EXPUNGE
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True, help="the release expunge (static Swift runtime) to put in the image")
    ap.add_argument("--depot", required=True, help="the expunge-depot to run on the host (any build)")
    ap.add_argument("--boots", default="bios,uefi,secure-boot,no-expunge-partition")
    ap.add_argument("--depot-boot", default="uefi", help="the boot that pushes to a depot on the host")
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    EXPUNGE = args.expunge
    work = tempfile.mkdtemp(prefix="expunge-live-test-")
    stop = None
    try:
        build = ["Scripts/build-live-image", "--output", work, "--expunge", EXPUNGE, "--serial-console", "--auto",
                 "--asset-from", "dmi-serial", "--station", "LIVE-CI", "--org", "Expunge Tests"]
        print("== building the live image", flush=True)
        subprocess.run(build, check=True)
        for name in args.boots.split(","):
            image = os.path.join(work, "expunge-live.img")
            if name == "no-expunge-partition":
                print(f"== booting {name} (BIOS)", flush=True)
                refusing_boot(work, image, args.timeout)
                continue
            port = None
            if name == args.depot_boot:
                port, token, stop = start_depot(work, args.depot, "LIVE-DEPOT")
                depot_dir = os.path.join(work, "depot-image")
                os.makedirs(depot_dir, exist_ok=True)
                with_depot = [a if a != "LIVE-CI" else "LIVE-DEPOT" for a in build]
                with_depot[with_depot.index("--output") + 1] = depot_dir
                subprocess.run(with_depot + ["--depot", "http://10.0.2.100:8080", "--token", token], check=True, stdout=subprocess.DEVNULL)
                image = os.path.join(depot_dir, "expunge-live.img")
            print(f"== booting {name}" + (" (with a depot on the host)" if port else ""), flush=True)
            certs = boot(name, work, image, name, f"SN-{name.upper()}-1", args.timeout, depot_port=port)
            if port:
                # The depot's public verification page answers 200 only for a certificate it holds.
                import urllib.request, urllib.error
                held = 0
                for f, c in certs.values():
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/verify/{c['certificate_id']}", timeout=10) as r:
                            held += r.status == 200
                    except urllib.error.HTTPError:
                        pass
                check(f"{name}: the depot holds both certificates", held == 2, f"{held} held")
                stop()
                stop = None
    finally:
        if stop:
            stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")
    passed, failed = results.count(True), results.count(False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
