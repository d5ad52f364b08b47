"""Emulation tests: the real Debian kernel and drivers under QEMU (TCG), with an emulated NVMe
drive, an AHCI SATA disk, a virtio-SCSI disk, an NVMe drive with bad sectors (blkdebug) and an
NVMe controller with two namespaces (a Format of one must leave the other unchanged, and say so).
The statically linked `expunge` runs inside the guest; the results come back over the serial
console and are checked here. Prints one line per check and 'N passed, N failed'."""
import argparse, base64, hashlib, json, os, re, shutil, subprocess, sys, tempfile

GUEST_SCRIPT = r'''#!/bin/sh
export PATH=/bin EXPUNGE_HOME=/tmp/home NO_COLOR=1
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev; mount -t tmpfs tmpfs /tmp
dmesg -n 1
for m in $(cat /modules.list); do insmod /lib/modules/$m 2>/dev/null; done
for i in $(seq 1 20); do [ "$(ls -d /sys/block/nvme* 2>/dev/null | wc -l)" -ge 4 ] && [ -e /dev/sdb ] && break; sleep 1; done
SATA=; SCSI=
for d in /sys/block/sd*; do
  n=$(basename $d)
  case "$(readlink -f $d)" in *ata*) SATA=/dev/$n ;; *) SCSI=/dev/$n ;; esac
done
# NVMe nodes by controller serial (and namespace ID): probe order decides the names.
NVME=; BAD=; MN1=; MN2=
for d in /sys/block/nvme*; do
  n=$(basename $d)
  case "$(cat $d/device/serial | tr -d ' ')/$(cat $d/nsid)" in
    deadbeef/*) NVME=/dev/$n ;; badsect1/*) BAD=/dev/$n ;; multins1/1) MN1=/dev/$n ;; multins1/2) MN2=/dev/$n ;;
  esac
done
echo "@@DEVICES nvme=$NVME bad=$BAD sata=$SATA scsi=$SCSI multi-ns1=$MN1 multi-ns2=$MN2"
run() { name=$1; shift; echo "@@BEGIN $name"; "$@" 2>/tmp/stderr; rc=$?; echo "@@STDERR"; cat /tmp/stderr; echo "@@END $name rc=$rc"; }
run keys expunge keys init --station EMU --org "Emulation tests"
run devices expunge devices --json --all
run nvme-health expunge health $NVME --json
run sata-health expunge health $SATA --json
run scsi-health expunge health $SCSI --json
run nvme-dry-run expunge wipe $NVME --level purge --asset EMU-NVME --dry-run
run nvme-purge expunge wipe $NVME --level purge --asset EMU-NVME --yes --json --progress none --operator emu
run nvme-sanitize-planner expunge wipe $NVME --level purge --technique nvme-sanitize-block-erase --asset EMU-NVME --yes --json --progress none
run nvme-sanitize-forced expunge wipe $NVME --level purge --technique nvme-sanitize-block-erase --force --asset EMU-NVME --yes --json --progress none
run sata-purge expunge wipe $SATA --level purge --asset EMU-SATA --yes --json --progress none
run sata-security-forced expunge wipe $SATA --level purge --technique ata-security-erase-enhanced --force --asset EMU-SATA --yes --json --progress none
run scsi-purge expunge wipe $SCSI --level purge --asset EMU-SCSI --yes --json --progress none
run scsi-sanitize-forced expunge wipe $SCSI --level purge --technique scsi-sanitize-block-erase --force --asset EMU-SCSI --yes --json --progress none
run bad-sectors expunge wipe $BAD --pattern zero --asset EMU-BAD --yes --json --progress none
run multi-ns2-before md5sum $MN2
run multi-ns1-format expunge wipe $MN1 --level purge --technique nvme-format-user-data-erase --asset EMU-MULTI --yes --json --progress none
run multi-ns2-after md5sum $MN2
run multi-asset expunge asset show EMU-MULTI --json
run verify expunge verify /tmp/home/ledger --trust /tmp/home/keys/trust.pem --verbose
echo "@@TRUST"; base64 /tmp/home/keys/trust.pem; echo "@@ENDTRUST"
for f in /tmp/home/ledger/*.json; do
  case $f in */state.json) continue ;; esac
  echo "@@CERT $(basename $f)"; base64 $f; echo "@@SIG"; base64 ${f%.json}.p7s; echo "@@ENDCERT"
done
echo "@@DONE"
poweroff -f
'''

MODULES = ["nvme", "ahci", "sd_mod", "virtio_scsi", "virtio_pci"]


def kernel_version():
    kernels = sorted(f[len("vmlinuz-"):] for f in os.listdir("/boot") if f.startswith("vmlinuz-"))
    if not kernels:
        sys.exit("emulation: no kernel in /boot (install linux-image-amd64)")
    return kernels[-1]


def module_order(version):
    base = f"/lib/modules/{version}/"
    deps = {}
    for line in open(base + "modules.dep"):
        mod, rest = line.split(":", 1)
        deps[os.path.basename(mod)[:-3].replace("-", "_")] = (mod, rest.split())
    order = []
    def add(name):
        key = name.replace("-", "_")
        if key not in deps:
            return  # built in
        mod, needed = deps[key]
        for d in needed:
            add(os.path.basename(d)[:-3])
        if mod not in order:
            order.append(mod)
    for m in MODULES:
        add(m)
    return base, order


def build_initramfs(work, expunge, version):
    root = os.path.join(work, "root")
    for d in ["bin", "proc", "sys", "dev", "tmp", "lib/modules", "etc"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy("/bin/busybox", os.path.join(root, "bin/busybox"))
    for applet in subprocess.check_output(["/bin/busybox", "--list"]).decode().split():
        if applet != "busybox":
            os.symlink("busybox", os.path.join(root, "bin", applet))
    shutil.copy(expunge, os.path.join(root, "bin/expunge"))
    # Shared libraries the binary still needs (libudev, libcrypto, libsqlite3, libc…), at their paths.
    for line in subprocess.check_output(["ldd", expunge]).decode().splitlines():
        m = re.search(r"(/\S+)", line)
        if m and os.path.exists(m.group(1)):
            target = os.path.join(root, m.group(1).lstrip("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy(os.path.realpath(m.group(1)), target)
    base, order = module_order(version)
    with open(os.path.join(root, "modules.list"), "w") as f:
        for mod in order:
            shutil.copy(base + mod, os.path.join(root, "lib/modules", os.path.basename(mod)))
            f.write(os.path.basename(mod) + "\n")
    with open(os.path.join(root, "init"), "w") as f:
        f.write(GUEST_SCRIPT)
    os.chmod(os.path.join(root, "init"), 0o755)
    initrd = os.path.join(work, "initrd.gz")
    cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    files = subprocess.check_output(["find", "."], cwd=root)
    out, _ = cpio.communicate(files)
    with open(initrd, "wb") as f:
        f.write(subprocess.run(["gzip", "-1"], input=out, stdout=subprocess.PIPE, check=True).stdout)
    return initrd


def make_disks(work):
    paths = {}
    for name, mib in [("nvme", 64), ("bad", 64), ("sata", 64), ("scsi", 64), ("mns1", 32), ("mns2", 32)]:
        p = os.path.join(work, name + ".img")
        with open(p, "wb") as f:
            f.write(os.urandom(mib << 20))
        paths[name] = p
    rules = os.path.join(work, "blkdebug.conf")
    with open(rules, "w") as f:
        for event in ["write_aio", "read_aio"]:
            f.write(f'[inject-error]\nevent = "{event}"\nerrno = "5"\nsector = "2048"\nonce = "off"\n\n')
    paths["rules"] = rules
    return paths


def boot(work, initrd, version, disks, timeout):
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-smp", "1", "-m", "1024", "-nographic", "-no-reboot",
           "-kernel", f"/boot/vmlinuz-{version}", "-initrd", initrd, "-append", "console=ttyS0 panic=-1 quiet",
           "-drive", f"file={disks['nvme']},if=none,id=nvm,format=raw,discard=unmap", "-device", "nvme,serial=deadbeef,drive=nvm",
           "-drive", f"file=blkdebug:{disks['rules']}:{disks['bad']},if=none,id=bad,format=raw", "-device", "nvme,serial=badsect1,drive=bad",
           # One controller, two namespaces.
           "-device", "nvme,id=mctrl,serial=multins1",
           "-drive", f"file={disks['mns1']},if=none,id=mns1,format=raw,discard=unmap", "-device", "nvme-ns,drive=mns1,bus=mctrl,nsid=1",
           "-drive", f"file={disks['mns2']},if=none,id=mns2,format=raw,discard=unmap", "-device", "nvme-ns,drive=mns2,bus=mctrl,nsid=2",
           "-device", "ahci,id=ahci",
           "-drive", f"file={disks['sata']},if=none,id=sata,format=raw,discard=unmap",
           "-device", "ide-hd,drive=sata,bus=ahci.0,serial=SATA0001,model=QEMU-SATA-TEST",
           "-device", "virtio-scsi-pci,id=vscsi",
           "-drive", f"file={disks['scsi']},if=none,id=scsi,format=raw,discard=unmap",
           "-device", "scsi-hd,drive=scsi,bus=vscsi.0,serial=SCSI0001"]
    # The guest's serial console is stdout; QEMU's own messages (blkdebug "aio failed") go to stderr.
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    with open(os.path.join(work, "qemu-stderr.log"), "wb") as f:
        f.write(r.stderr)
    return r.stdout.decode(errors="replace").replace("\r", "")


def parse(console):
    runs = {}
    for m in re.finditer(r"@@BEGIN (\S+)\n(.*?)@@STDERR\n(.*?)@@END \1 rc=(\d+)", console, re.S):
        runs[m.group(1)] = {"stdout": m.group(2), "stderr": m.group(3), "rc": int(m.group(4))}
    certs = {}
    for m in re.finditer(r"@@CERT (\S+)\n(.*?)@@SIG\n(.*?)@@ENDCERT", console, re.S):
        certs[m.group(1)] = (base64.b64decode(m.group(2)), base64.b64decode(m.group(3)))
    trust = re.search(r"@@TRUST\n(.*?)@@ENDTRUST", console, re.S)
    return runs, certs, base64.b64decode(trust.group(1)) if trust else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    version = kernel_version()
    work = tempfile.mkdtemp(prefix="expunge-emulation-")
    passed = failed = 0
    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(("ok     " if ok else "FAILED ") + name + ("" if ok or not detail else f"\n       {detail}"))
        if ok: passed += 1
        else: failed += 1
    try:
        initrd = build_initramfs(work, a.expunge, version)
        disks = make_disks(work)
        def sha(path):
            with open(path, "rb") as f:
                return hashlib.sha256(f.read()).hexdigest()
        mns1_before, mns2_before = sha(disks["mns1"]), sha(disks["mns2"])
        console = boot(work, initrd, version, disks, a.timeout)
        with open(os.path.join(work, "console.log"), "w") as f:
            f.write(console)
        check("guest ran every scenario to the end", "@@DONE" in console, console[-2000:])
        runs, certs, trust = parse(console)
        def run(name):
            return runs.get(name, {"stdout": "", "stderr": "(did not run)", "rc": -1})
        def outcome(name):
            try:
                return json.loads(run(name)["stdout"])["results"][0]
            except Exception:
                return {}

        devices = {}
        try:
            for d in json.loads(run("devices")["stdout"])["devices"]:
                devices[d["transport"] + ":" + (d["serial"] or "")] = d
        except Exception as e:
            check("devices --json parses", False, str(e))
        nvme = next((d for k, d in devices.items() if k.startswith("nvme:deadbeef")), None)
        sata = next((d for k, d in devices.items() if k.startswith("sata:")), None)
        scsi = next((d for k, d in devices.items() if k.startswith("scsi:")), None)
        check("devices: the NVMe drive offers nvme-format-user-data-erase and not Sanitize",
              bool(nvme) and "nvme-format-user-data-erase" in nvme["purge"]["available"]
              and not any(t.startswith("nvme-sanitize") for t in nvme["purge"]["available"]), json.dumps(nvme and nvme["purge"]))
        check("devices: the SATA disk offers no purge (no security feature set, no SANITIZE)",
              bool(sata) and sata["purge"]["available"] == [], json.dumps(sata and sata["purge"]))
        check("devices: the SCSI disk offers no purge (SANITIZE not reported)",
              bool(scsi) and scsi["purge"]["available"] == [], json.dumps(scsi and scsi["purge"]))

        # Health: the emulated NVMe drive's SMART / Health log and the SATA disk's SMART data are
        # read natively (QEMU implements Get Log Page 02h and SMART READ DATA); the SCSI disk is
        # recorded as whatever it answers, never invented.
        def health(name):
            try:
                return json.loads(run(name)["stdout"])["devices"][0]
            except Exception:
                return {}
        nh = health("nvme-health")
        nr = nh.get("reading") or {}
        check("health: the NVMe SMART / Health log is read (Get Log Page 02h accepted, temperature and spare reported)",
              nr.get("status") == "read" and nr.get("interface") == "nvme" and (nr.get("facts") or {}).get("temperature_celsius") is not None
              and (nr.get("facts") or {}).get("available_spare_percent") is not None and nh.get("grade") is not None,
              json.dumps(nh)[:1500] + run("nvme-health")["stderr"])
        sh = health("sata-health")
        sr = sh.get("reading") or {}
        check("health: the SATA disk's SMART data is read through ATA PASS-THROUGH (attributes decoded)",
              sr.get("status") == "read" and sr.get("interface") == "ata" and len(sr.get("attributes") or []) > 0
              and any(c["name"] == "SMART READ DATA" and c["accepted"] for c in sr.get("commands", [])),
              json.dumps(sh)[:1500] + run("sata-health")["stderr"])
        ch = health("scsi-health")
        check("health: the SCSI disk's reading is recorded as read or failed with its reason, nothing invented",
              (ch.get("reading") or {}).get("status") in ("read", "failed")
              and ((ch.get("reading") or {}).get("status") == "read" or (ch.get("reading") or {}).get("reason")),
              json.dumps(ch)[:1500] + run("scsi-health")["stderr"])
        check("devices --json: the NVMe and SATA disks carry a health grade",
              bool(nvme) and (nvme.get("health") or {}).get("status") == "read" and bool(sata) and (sata.get("health") or {}).get("status") == "read",
              json.dumps([nvme and nvme.get("health"), sata and sata.get("health")]))

        dry = run("nvme-dry-run")
        check("dry run prints the Format NVM command decoded", dry["rc"] == 0 and "opcode 0x80" in dry["stdout"] and "SES 1 = user data erase" in dry["stdout"], dry["stdout"] + dry["stderr"])

        nv = outcome("nvme-purge")
        fw = (nv.get("outcome") or {}).get("firmware") or {}
        ver = (nv.get("outcome") or {}).get("verification") or {}
        check("NVMe purge: passed, exit 0", run("nvme-purge")["rc"] == 0 and nv.get("result") == "passed", run("nvme-purge")["stdout"][-1500:] + run("nvme-purge")["stderr"])
        check("NVMe purge: technique nvme-format-user-data-erase, command accepted",
              fw.get("technique") == "nvme-format-user-data-erase" and all(c["accepted"] for c in fw.get("commands", [])) and len(fw.get("commands", [])) >= 1, json.dumps(fw))
        check("NVMe purge: every canary block changed", ver.get("completed") is True and ver.get("mismatched_blocks") == 0 and (ver.get("samples") or 0) >= 2, json.dumps(ver))

        sp = run("nvme-sanitize-planner")
        check("NVMe Sanitize not offered: the planner refuses, exit 2, nothing sent", sp["rc"] == 2 and "does not support nvme-sanitize-block-erase" in sp["stderr"], sp["stderr"])
        sf = outcome("nvme-sanitize-forced")
        sff = (sf.get("outcome") or {}).get("firmware") or {}
        check("NVMe Sanitize forced: the drive's Invalid Command Opcode is reported, exit 2, result failed",
              run("nvme-sanitize-forced")["rc"] == 2 and sf.get("result") == "failed" and "not-supported" in (sf.get("outcome") or {}).get("reasons", [])
              and any("Invalid Command Opcode" in c["response"] for c in sff.get("commands", [])), json.dumps(sf)[-1500:])

        sa = run("sata-purge")
        check("SATA purge: no technique offered, exit 2", sa["rc"] == 2 and "no Purge technique" in sa["stderr"], sa["stderr"])
        ss = outcome("sata-security-forced")
        ssf = (ss.get("outcome") or {}).get("firmware") or {}
        check("SATA security erase forced: the abort is read from the ATA status, never taken as success (exit 2)",
              run("sata-security-forced")["rc"] == 2 and ss.get("result") == "failed"
              and any(not c["accepted"] and "aborted" in c["response"] for c in ssf.get("commands", [])), json.dumps(ssf)[-1500:] + run("sata-security-forced")["stderr"])

        sc = run("scsi-purge")
        check("SCSI purge: nothing claimed, exit 2", sc["rc"] == 2, sc["stderr"])
        sf2 = outcome("scsi-sanitize-forced")
        sf2f = (sf2.get("outcome") or {}).get("firmware") or {}
        check("SCSI SANITIZE forced: invalid opcode reported unsupported, exit 2",
              run("scsi-sanitize-forced")["rc"] == 2 and sf2.get("result") == "failed"
              and any(not c["accepted"] for c in sf2f.get("commands", [])), json.dumps(sf2f)[-1500:] + run("scsi-sanitize-forced")["stderr"])

        bad = outcome("bad-sectors")
        ranges = ((bad.get("outcome") or {}).get("passes") or [{}])[0].get("unwritable_ranges", [])
        check("blkdebug bad sectors: overwrite ends failed listing the range (exit 1)",
              run("bad-sectors")["rc"] == 1 and bad.get("result") == "failed"
              and any(r["offset_bytes"] <= 2048 * 512 < r["offset_bytes"] + r["length_bytes"] for r in ranges), json.dumps(bad)[-2000:])

        # One controller, two namespaces: a Format of namespace 1 is recorded with its scope, and
        # namespace 2 is untouched (read back unchanged in the guest, and its image on the host).
        mns = []
        try:
            mns = sorted((d for d in json.loads(run("devices")["stdout"])["devices"] if (d.get("serial") or "") == "multins1"),
                         key=lambda d: d.get("nvme_namespace_id") or 0)
        except Exception:
            pass
        check("multi-namespace: devices lists both namespaces of one controller as two devices (namespace IDs 1 and 2)",
              [d.get("nvme_namespace_id") for d in mns] == [1, 2], json.dumps(mns)[:800])
        mf = outcome("multi-ns1-format")
        mscope = (mf.get("outcome") or {}).get("scope") or {}
        check("multi-namespace Format of namespace 1: passed, exit 0", run("multi-ns1-format")["rc"] == 0 and mf.get("result") == "passed",
              run("multi-ns1-format")["stdout"][-1500:] + run("multi-ns1-format")["stderr"])
        check("multi-namespace Format: scope is namespace 1, namespace 2 listed as left out, not the whole drive",
              mscope.get("kind") == "namespace" and (mscope.get("namespace") or {}).get("namespace_id") == 1
              and [n.get("namespace_id") for n in mscope.get("other_namespaces", [])] == [2] and mscope.get("whole_device") is False
              and mscope.get("controller_serial") == "multins1", json.dumps(mscope))
        before, after = run("multi-ns2-before"), run("multi-ns2-after")
        digest = lambda r: (r["stdout"].split() or [""])[0]
        check("multi-namespace: namespace 2 reads back unchanged in the guest after the Format of namespace 1",
              before["rc"] == 0 and after["rc"] == 0 and digest(before) != "" and digest(before) == digest(after), before["stdout"] + after["stdout"])
        check("multi-namespace: on the host, namespace 2's image is unchanged and namespace 1's was erased",
              sha(disks["mns2"]) == mns2_before and sha(disks["mns1"]) != mns1_before)
        try:
            asset = json.loads(run("multi-asset")["stdout"])
        except Exception:
            asset = {}
        check("multi-namespace: the asset is not called sanitized from the namespace certificate alone",
              asset.get("status") == "sanitization-incomplete", run("multi-asset")["stdout"][-800:] + run("multi-asset")["stderr"])

        check("expunge verify in the guest accepts every certificate", run("verify")["rc"] == 0, run("verify")["stdout"][-1500:])
        if trust and certs:
            tdir = os.path.join(work, "certs")
            os.makedirs(tdir, exist_ok=True)
            with open(os.path.join(tdir, "trust.pem"), "wb") as f:
                f.write(trust)
            bad_sigs = []
            for name, (doc, sig) in certs.items():
                with open(os.path.join(tdir, name), "wb") as f: f.write(doc)
                with open(os.path.join(tdir, name[:-5] + ".p7s"), "wb") as f: f.write(sig)
                r = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", os.path.join(tdir, name[:-5] + ".p7s"),
                                    "-content", os.path.join(tdir, name), "-CAfile", os.path.join(tdir, "trust.pem"), "-purpose", "any", "-out", "/dev/null"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                if r.returncode != 0: bad_sigs.append(name)
            check(f"stock openssl verifies all {len(certs)} certificates from the guest on the host", not bad_sigs, str(bad_sigs))
            purge_cert = next((json.loads(doc) for doc, _ in certs.values() if json.loads(doc).get("result") == "passed"
                               and json.loads(doc)["sanitization"]["level"] == "purge"), None)
            check("the passed purge certificate names NVMe Format (user data erase) and its verification",
                  bool(purge_cert) and purge_cert["sanitization"]["technique"] == "nvme-format-user-data-erase"
                  and purge_cert["verification"]["sampling_algorithm"] == "canary-splitmix64-v1", json.dumps(purge_cert)[:800])
            nvme_health = (purge_cert or {}).get("health") or {}
            check("the passed NVMe purge certificate records the health log before and after, and a grade",
                  (nvme_health.get("before") or {}).get("status") == "read" and (nvme_health.get("after") or {}).get("status") == "read"
                  and (nvme_health.get("before") or {}).get("interface") == "nvme" and nvme_health.get("grade") is not None
                  and nvme_health.get("rules", {}).get("version") == "expunge-default-1", json.dumps(nvme_health)[:1500])
            sata_cert = next((json.loads(doc) for doc, _ in certs.values() if json.loads(doc).get("asset_id") == "EMU-SATA"), None)
            sata_health = ((sata_cert or {}).get("health") or {}).get("before") or {}
            check("the SATA certificate records the SMART data read before the attempt",
                  sata_health.get("status") == "read" and len(sata_health.get("attributes") or []) > 0, json.dumps(sata_health)[:1500])
            bad_cert = next((json.loads(doc) for doc, _ in certs.values() if json.loads(doc).get("asset_id") == "EMU-BAD"), None)
            bad_health = (bad_cert or {}).get("health") or {}
            check("the bad-sector certificate counts the wipe's media errors in its grade (do-not-reuse)",
                  bad_health.get("grade") == "do-not-reuse" and bad_health.get("wipe_media_error_bytes", 0) > 0
                  and any(r["code"] == "wipe-media-errors" for r in bad_health.get("reasons", [])), json.dumps(bad_health)[:1500])
            multi_cert = next((json.loads(doc) for doc, _ in certs.values() if json.loads(doc).get("asset_id") == "EMU-MULTI"), None)
            check("the signed certificate of the namespace Format carries its scope and the namespace's identity",
                  bool(multi_cert) and (multi_cert.get("scope") or {}).get("whole_device") is False
                  and multi_cert["device"].get("nvme_namespace_id") == 1 and multi_cert["device"].get("serial") == "multins1",
                  json.dumps(multi_cert)[:1200])
            if shutil.which("python3"):
                schema = os.path.join(os.path.dirname(__file__), "..", "..", "Certificates", "schema", "wipe-certificate.schema.json")
                try:
                    import jsonschema
                    v = jsonschema.Draft202012Validator(json.load(open(schema)))
                    errs = [f"{n}: {e.message}" for n, (doc, _) in certs.items() for e in v.iter_errors(json.loads(doc))]
                    check("every guest certificate matches the JSON Schema", not errs, "; ".join(errs[:5]))
                except ImportError:
                    pass
        else:
            check("certificates came back from the guest", False, console[-1000:])
    finally:
        print(f"emulation: work directory {work}" if a.keep else "", end="")
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
