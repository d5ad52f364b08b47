"""Wipe benchmark harness: see run-wipe-benchmark. Every number is measured in this run."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

def run(cmd, env=None):
    """Runs cmd; returns (wall seconds, stdout, peak RSS in KiB)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    wall = time.monotonic() - start
    rss = 0
    try:
        import resource
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    except Exception:
        pass
    if p.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed ({p.returncode}): {err.decode(errors='replace')[-500:]}")
    return wall, out.decode(errors="replace"), rss

def peak_rss(cmd, env):
    """Peak RSS (KiB) of one command, measured alone with wait4."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} failed")
    return usage.ru_maxrss

class Loop:
    def __init__(self, directory, size_mib, direct_io=False):
        self.file = os.path.join(directory, f"expunge-bench-{os.getpid()}-{len(os.listdir(directory))}.img")
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

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True)
    ap.add_argument("--directio", required=True)
    ap.add_argument("--size-mib", type=int, default=2048)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="expunge-bench-home-")
    env = dict(os.environ, EXPUNGE_HOME=home, NO_COLOR="1")
    subprocess.check_call([a.expunge, "keys", "init", "--station", "BENCH", "--org", "Benchmark"], env=env, stdout=subprocess.DEVNULL)
    tmpfs = tempfile.mkdtemp(prefix="expunge-bench-tmpfs-")
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", f"size={a.size_mib * 4 + 1024}m", "tmpfs", tmpfs])
    disk_dir = tempfile.mkdtemp(prefix="expunge-bench-disk-", dir="/var/tmp")
    rows, notes = [], []
    try:
        for label, directory, direct in [("tmpfs", tmpfs, False), ("disk, direct-io", disk_dir, True)]:
            loop = Loop(directory, a.size_mib, direct)
            try:
                gb = loop.bytes / 1e9
                def expunge(pattern, verify):
                    _, out, _ = run([a.expunge, "wipe", loop.dev, "--asset", "BENCH", "--yes", "--json", "--progress", "none",
                                     "--pattern", pattern, "--verify", verify], env)
                    o = json.loads(out)["results"][0]["outcome"]
                    return o
                r = {}
                r["dd write"] = median([gb / run(["dd", "if=/dev/zero", f"of={loop.dev}", "bs=4M", f"count={loop.bytes >> 22}", "oflag=direct", "conv=fdatasync", "status=none"])[0] for _ in range(a.repeats)])
                r["C writer"] = median([gb / float(run([a.directio, "write", loop.dev])[1].split()[1]) for _ in range(a.repeats)])
                r["expunge zero"] = median([gb / expunge("zero", "none")["passes"][0]["duration_seconds"] for _ in range(a.repeats)])
                r["expunge random"] = median([gb / expunge("random", "none")["passes"][0]["duration_seconds"] for _ in range(a.repeats)])
                r["dd read"] = median([gb / run(["dd", f"if={loop.dev}", "of=/dev/null", "bs=4M", f"count={loop.bytes >> 22}", "iflag=direct", "status=none"])[0] for _ in range(a.repeats)])
                r["C reader"] = median([gb / float(run([a.directio, "read", loop.dev])[1].split()[1]) for _ in range(a.repeats)])
                r["expunge verify (zero)"] = median([gb / expunge("zero", "full")["verification"]["duration_seconds"] for _ in range(a.repeats)])
                r["expunge verify (random)"] = median([gb / expunge("random", "full")["verification"]["duration_seconds"] for _ in range(a.repeats)])
                rss = peak_rss([a.expunge, "wipe", loop.dev, "--asset", "BENCH", "--yes", "--progress", "none", "--pattern", "random", "--verify", "full"], env)
                rows.append((label, r, rss))
            finally:
                loop.close()

        # nwipe: random pass + verification of the last pass, against expunge doing the same.
        nw_size = min(a.size_mib, 512)
        loop = Loop(tmpfs, nw_size)
        try:
            nwipe = median([run(["nwipe", "--autonuke", "--nogui", "--method=random", "--verify=last", "--noblank",
                                 f"--logfile={home}/nwipe.log", loop.dev])[0] for _ in range(a.repeats)])
            ours = median([run([a.expunge, "wipe", loop.dev, "--asset", "BENCH", "--yes", "--progress", "none", "--verify", "full"], env)[0]
                           for _ in range(a.repeats)])
        finally:
            loop.close()

        # Four devices at once (tmpfs): four concurrent dd against one expunge run.
        par_size = max(256, a.size_mib // 4)
        loops = [Loop(tmpfs, par_size) for _ in range(4)]
        try:
            total_gb = 4 * loops[0].bytes / 1e9
            def four_dd():
                start = time.monotonic()
                ps = [subprocess.Popen(["dd", "if=/dev/zero", f"of={l.dev}", "bs=4M", f"count={l.bytes >> 22}", "oflag=direct", "conv=fdatasync", "status=none"]) for l in loops]
                for p in ps: p.wait()
                return total_gb / (time.monotonic() - start)
            def four_expunge():
                _, out, _ = run([a.expunge, "wipe"] + [l.dev for l in loops] + ["--asset", "BENCH", "--yes", "--json", "--progress", "none",
                                "--pattern", "zero", "--verify", "none"], env)
                res = json.loads(out)["results"]
                return total_gb / max(x["outcome"]["passes"][0]["duration_seconds"] for x in res)
            par_dd = median([four_dd() for _ in range(a.repeats)])
            par_ex = median([four_expunge() for _ in range(a.repeats)])
        finally:
            for l in loops: l.close()
    finally:
        subprocess.call(["umount", tmpfs])
        shutil.rmtree(tmpfs, ignore_errors=True)
        shutil.rmtree(disk_dir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)

    print(f"\nExpunge wipe benchmark — {a.size_mib} MiB loop devices, median of {a.repeats}, GB/s (10^9 bytes/s)\n")
    print("| device | dd write | C writer (limit) | expunge zero | ratio vs dd | vs limit | expunge random | ratio vs dd | vs limit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r, _ in rows:
        print(f"| {label} | {r['dd write']:.2f} | {r['C writer']:.2f} | {r['expunge zero']:.2f} | {r['expunge zero']/r['dd write']:.2f}× | "
              f"{r['expunge zero']/r['C writer']:.2f}× | {r['expunge random']:.2f} | {r['expunge random']/r['dd write']:.2f}× | {r['expunge random']/r['C writer']:.2f}× |")
    print("\n| device | dd read | C reader (limit) | expunge verify, zero | ratio vs dd | expunge verify, random | ratio vs dd | peak RSS (random + full verify) |")
    print("|---|---|---|---|---|---|---|---|")
    for label, r, rss in rows:
        print(f"| {label} | {r['dd read']:.2f} | {r['C reader']:.2f} | {r['expunge verify (zero)']:.2f} | {r['expunge verify (zero)']/r['dd read']:.2f}× | "
              f"{r['expunge verify (random)']:.2f} | {r['expunge verify (random)']/r['dd read']:.2f}× | {rss/1024:.1f} MiB |")
    print(f"\n| comparison | expunge | other | ratio |")
    print("|---|---|---|---|")
    print(f"| random pass + full verification, {nw_size} MiB on tmpfs, wall time | {ours:.2f} s | nwipe {nwipe:.2f} s | {nwipe/ours:.1f}× faster |")
    print(f"| four {par_size} MiB devices in parallel, zero pass, aggregate | {par_ex:.2f} GB/s | 4 × dd {par_dd:.2f} GB/s | {par_ex/par_dd:.2f}× |")

if __name__ == "__main__":
    main()
