"""Wipe benchmark harness: see run-wipe-benchmark. Every number is measured in this run, and every
ratio compares figures from this run only (the machine's load moves absolute figures a lot)."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

def run(cmd, env=None, cwd=None):
    """Runs cmd alone; returns (wall s, stdout, user+sys CPU s, peak RSS KiB) from wait4."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed: {err.decode(errors='replace')[-500:]}")
    return wall, out.decode(errors="replace"), usage.ru_utime + usage.ru_stime, usage.ru_maxrss

def perf_works():
    """perf stat counts cycles here (not in most VMs)."""
    if not shutil.which("perf"):
        return False
    p = subprocess.run(["perf", "stat", "-x,", "-e", "cycles,instructions", "true"], capture_output=True, text=True)
    return p.returncode == 0 and "<not supported>" not in p.stderr and "<not counted>" not in p.stderr

def perf_cycles(cmd, env):
    p = subprocess.run(["perf", "stat", "-x,", "-e", "cycles", "--"] + cmd, capture_output=True, text=True, env=env)
    for line in p.stderr.splitlines():
        f = line.split(",")
        if len(f) > 2 and f[2].startswith("cycles") and f[0].isdigit():
            return int(f[0])
    return None

class Loop:
    def __init__(self, directory, size_mib, direct_io=False):
        self.file = os.path.join(directory, f"expunge-bench-{os.environ.get('EXPUNGE_BENCH_TAG', os.getpid())}-{len(os.listdir(directory))}.img")
        with open(self.file, "wb") as f:
            f.truncate(size_mib << 20)
        args = ["losetup", "--find", "--show"] + (["--direct-io=on"] if direct_io else []) + [self.file]
        self.dev = subprocess.check_output(args).decode().strip()
        backing = open(f"/sys/block/{os.path.basename(self.dev)}/loop/backing_file").read().strip()
        if backing != self.file:
            self.close()
            sys.exit(f"benchmark: {self.dev} is not backed by {self.file}")
        self.bytes = size_mib << 20

    def close(self):
        subprocess.call(["losetup", "-d", self.dev], stderr=subprocess.DEVNULL)
        os.unlink(self.file)

def median(xs): return statistics.median(xs)

WORKLOADS = [("zero", "none"), ("random", "none"), ("zero", "full"), ("random", "full")]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True)
    ap.add_argument("--baseline", help="an earlier expunge binary, measured in the same run")
    ap.add_argument("--directio", required=True)
    ap.add_argument("--size-mib", type=int, default=2048)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--devices", default="tmpfs,disk")
    ap.add_argument("--nwipe", action="store_true", help="also time nwipe (random + verify last) on tmpfs")
    ap.add_argument("--nwipe-binary", help="the nwipe to time (one built by hand from its current source); default: nwipe on PATH")
    ap.add_argument("--nwipe-label", default="Debian package", help="how the table names where that nwipe came from")
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="expunge-bench-home-")
    env = dict(os.environ, EXPUNGE_HOME=home, NO_COLOR="1")
    subprocess.check_call([a.expunge, "keys", "init", "--station", "BENCH", "--org", "Benchmark"], env=env, stdout=subprocess.DEVNULL)
    tmpfs = tempfile.mkdtemp(prefix="expunge-bench-tmpfs-")
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", f"size={a.size_mib * 2 + 1024}m", "tmpfs", tmpfs])
    disk_dir = tempfile.mkdtemp(prefix="expunge-bench-disk-", dir="/var/tmp")
    binaries = [("expunge", a.expunge)] + ([("baseline", a.baseline)] if a.baseline else [])
    cycles_ok = perf_works()
    rows, nw, par = [], None, None
    try:
        kinds = [k for k in [("tmpfs", tmpfs, False), ("disk, direct-io", disk_dir, True)] if k[0].split(",")[0] in a.devices]
        for label, directory, direct in kinds:
            loop = Loop(directory, a.size_mib, direct)
            try:
                gb = loop.bytes / 1e9
                def wipe(binary, pattern, verify):
                    cmd = [binary, "wipe", loop.dev, "--asset", "BENCH", "--yes", "--json", "--progress", "none",
                           "--pattern", pattern, "--verify", verify]
                    wall, out, cpu, rss = run(cmd, env)
                    o = json.loads(out)["results"][0]["outcome"]
                    p = o["passes"][0]["duration_seconds"]
                    v = o["verification"].get("duration_seconds") or 0.0
                    return dict(wall=wall, cpu=cpu, rss=rss, pass_s=p, verify_s=v, cmd=cmd)
                limit_w, limit_r, huge_w, huge_r, res = [], [], [], [], {}
                # Interleave: every repeat measures the limit and each contender back to back.
                for _ in range(a.repeats):
                    limit_w.append(gb / float(run([a.directio, "write", loop.dev])[1].split()[1]))
                    limit_r.append(gb / float(run([a.directio, "read", loop.dev])[1].split()[1]))
                    # The stricter limit: the same program with a huge-page buffer, as Expunge's are.
                    huge_w.append(gb / float(run([a.directio, "write", loop.dev, "4", "huge"])[1].split()[1]))
                    huge_r.append(gb / float(run([a.directio, "read", loop.dev, "4", "huge"])[1].split()[1]))
                    for name, binary in binaries:
                        for pattern, verify in WORKLOADS:
                            res.setdefault((name, pattern, verify), []).append(wipe(binary, pattern, verify))
                lw, lr = median(limit_w), median(limit_r)
                hw, hr = median(huge_w), median(huge_r)
                for (name, pattern, verify), runs in res.items():
                    cyc = perf_cycles(runs[0]["cmd"], env) if cycles_ok else None
                    rows.append(dict(
                        device=label, binary=name, workload=f"{pattern}" + (" + full verify" if verify == "full" else ""),
                        write=median([gb / r["pass_s"] for r in runs]) / lw,
                        read=median([gb / r["verify_s"] for r in runs]) / lr if verify == "full" else None,
                        huge_write=median([gb / r["pass_s"] for r in runs]) / hw,
                        huge_read=median([gb / r["verify_s"] for r in runs]) / hr if verify == "full" else None,
                        cpu=median([r["cpu"] / gb for r in runs]),
                        cpb=(cyc / loop.bytes) if cyc else None,
                        overhead=median([r["wall"] - r["pass_s"] - r["verify_s"] for r in runs]),
                        rss=max(r["rss"] for r in runs) / 1024, limit=(lw, lr), huge=(hw, hr)))
            finally:
                loop.close()

        # Four devices at once (tmpfs): one expunge run against four concurrent limit writers.
        if "tmpfs" in a.devices:
            par_size = max(256, a.size_mib // 4)
            loops = [Loop(tmpfs, par_size) for _ in range(4)]
            try:
                total_gb = 4 * loops[0].bytes / 1e9
                def four_limit():
                    ps = [subprocess.Popen([a.directio, "write", l.dev], stdout=subprocess.PIPE) for l in loops]
                    return total_gb / max(float(p.communicate()[0].split()[1]) for p in ps)
                def four_expunge():
                    _, out, _, _ = run([a.expunge, "wipe"] + [l.dev for l in loops] + ["--asset", "BENCH", "--yes", "--json",
                                       "--progress", "none", "--pattern", "zero", "--verify", "none"], env)
                    res = json.loads(out)["results"]
                    return total_gb / max(x["outcome"]["passes"][0]["duration_seconds"] for x in res)
                lim, ours = [], []
                for _ in range(a.repeats):
                    lim.append(four_limit())
                    ours.append(four_expunge())
                par = (par_size, median(ours), median(lim))
            finally:
                for l in loops: l.close()

        nwipe_binary = a.nwipe_binary or shutil.which("nwipe")
        if a.nwipe and nwipe_binary:
            nw_size = min(a.size_mib, 512)
            loop = Loop(tmpfs, nw_size)
            try:
                nwipe = [run([nwipe_binary, "--autonuke", "--nogui", "--method=random", "--verify=last", "--noblank",
                              f"--logfile={home}/nwipe.log", loop.dev], cwd=home)  # nwipe writes its PDF reports to its cwd
                         for _ in range(a.repeats)]
                ours = [run([a.expunge, "wipe", loop.dev, "--asset", "BENCH", "--yes", "--progress", "none", "--verify", "full"], env)
                        for _ in range(a.repeats)]
                v = subprocess.run([nwipe_binary, "--version"], capture_output=True, text=True)
                version = ((v.stdout or v.stderr).strip().splitlines() or ["nwipe"])[0]
                nw = (nw_size, version, median([r[0] for r in nwipe]), median([r[2] for r in nwipe]) / (nw_size * 1.048576e-3),
                      median([r[0] for r in ours]), median([r[2] for r in ours]) / (nw_size * 1.048576e-3))
            finally:
                loop.close()
    finally:
        subprocess.call(["umount", tmpfs])
        shutil.rmtree(tmpfs, ignore_errors=True)
        shutil.rmtree(disk_dir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)

    print(f"\nExpunge wipe benchmark — {a.size_mib} MiB loop devices, median of {a.repeats}, {os.cpu_count()} CPUs, "
          f"load before {os.getloadavg()[0]:.2f}")
    print("write/read: expunge's pass / verification rate over the C limit program's write / read rate, same run.")
    print("CPU: user+system CPU-seconds of the whole expunge process per GB of device. overhead: process wall time "
          "minus pass and verification time. cycles/B: perf stat cycles per device byte"
          + ("" if cycles_ok else " (n/a: perf stat cannot count cycles here)") + ".\n")
    print("huge-page limit: the same C program with a 2 MiB-aligned, MADV_HUGEPAGE buffer (as Expunge's chunk buffers are).\n")
    print("| device | binary | workload | limit write / read GB/s | huge-page limit write / read GB/s | write vs limit | verify vs limit "
          "| write / verify vs huge-page limit | CPU-s/GB | cycles/B | fixed overhead s | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['device']} | {r['binary']} | {r['workload']} | {r['limit'][0]:.2f} / {r['limit'][1]:.2f} | "
              f"{r['huge'][0]:.2f} / {r['huge'][1]:.2f} | {r['write']:.2f}× | "
              + (f"{r['read']:.2f}×" if r['read'] is not None else "—")
              + f" | {r['huge_write']:.2f}× / " + (f"{r['huge_read']:.2f}×" if r['huge_read'] is not None else "—")
              + f" | {r['cpu']:.3f} | " + (f"{r['cpb']:.2f}" if r['cpb'] else "n/a") + f" | {r['overhead']:.3f} | {r['rss']:.1f} |")
    if par:
        size, ours, lim = par
        print(f"\n| four {size} MiB tmpfs devices in parallel, zero pass | expunge GB/s | four limit writers GB/s | ratio |")
        print("|---|---|---|---|")
        print(f"| aggregate | {ours:.2f} | {lim:.2f} | {ours / lim:.2f}× |")
    if nw:
        size, version, nwall, ncpu, ewall, ecpu = nw
        print(f"\n| random pass + verification, {size} MiB on tmpfs | wall s | CPU-s/GB |")
        print("|---|---|---|")
        print(f"| {version or 'nwipe'} ({a.nwipe_label}) | {nwall:.2f} | {ncpu:.3f} |")
        print(f"| expunge | {ewall:.2f} | {ecpu:.3f} |")
        print(f"| nwipe / expunge | {nwall / ewall:.1f}× | {ncpu / ecpu:.1f}× |")

if __name__ == "__main__":
    main()
