"""Station benchmark: see run-station-benchmark. Every number is measured in this run.

N tmpfs-backed loop devices are wiped at once from one `expunge station --events json` (profile:
one zero pass, no verification, so the station does what the C writer does), against N concurrent
runs of Benchmarks/directio.c writing the same devices. The station process's CPU is measured
while the wipes run (engine, signing, indexing and console together: the engine's threads are
not named on Linux, so they cannot be told apart) and with N idle bays (the console alone).
"""
import argparse, json, os, subprocess, sys, tempfile, threading, time

CLK = os.sysconf("SC_CLK_TCK")

def thread_cpu(pid):
    """{tid: (comm, cpu seconds)} for the live threads of pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (comm, (int(fields[11]) + int(fields[12])) / CLK)
    return out

class Station:
    def __init__(self, expunge, env):
        self.p = subprocess.Popen([expunge, "station", "--events", "json", "--operator", "bench"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)
        self.bays = {}
        self.events = []
        self.lock = threading.Lock()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.p.stdout:
            e = json.loads(line)
            with self.lock:
                self.events.append((time.monotonic(), e))
                if e.get("event") == "bay":
                    self.bays[e["device"]] = e

    def send(self, obj):
        self.p.stdin.write(json.dumps(obj) + "\n")
        self.p.stdin.flush()

    def wait(self, cond, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if cond(self.bays):
                    return True
            time.sleep(0.02)
        return False

def main():
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("benchmark: terminated"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True)
    ap.add_argument("--directio", required=True)
    ap.add_argument("--devices", type=int, default=16)
    ap.add_argument("--size-mib", type=int, default=256)
    ap.add_argument("--idle-seconds", type=int, default=10)
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="expunge-bench-home-")
    env = dict(os.environ, EXPUNGE_HOME=home, NO_COLOR="1")
    subprocess.check_call([a.expunge, "keys", "init", "--station", "BENCH", "--org", "Benchmark"], env=env, stdout=subprocess.DEVNULL)
    with open(os.path.join(home, "station.json"), "w") as f:
        json.dump({"profiles": [{"name": "bench", "pattern": "zero", "verification": "none"}]}, f)
    tmpfs = tempfile.mkdtemp(prefix="expunge-bench-tmpfs-")
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", f"size={a.devices * a.size_mib + 256}m", "tmpfs", tmpfs])
    loops = []
    station = None
    try:
        station = Station(a.expunge, env)
        for i in range(a.devices):
            path = os.path.join(tmpfs, f"d{i}.img")
            with open(path, "wb") as f:
                f.truncate(a.size_mib << 20)
            dev = subprocess.check_output(["losetup", "--find", "--show", path]).decode().strip()
            if open(f"/sys/block/{os.path.basename(dev)}/loop/backing_file").read().strip() != path:
                sys.exit(f"benchmark: {dev} is not backed by {path}")
            loops.append(dev)
        if not station.wait(lambda b: all(b.get(d, {}).get("state") == "awaiting-asset" for d in loops), 30):
            sys.exit("benchmark: the station did not show every device")
        time.sleep(2)
        before = sum(c for _, c in thread_cpu(station.p.pid).values())
        time.sleep(a.idle_seconds)
        idle = (sum(c for _, c in thread_cpu(station.p.pid).values()) - before) / a.idle_seconds

        for i, d in enumerate(loops):
            for _ in range(2):  # not in the register: the second entry confirms
                station.send({"assign": {"bay": station.bays[d]["bay"], "asset": f"BENCH-{i:04d}"}})
        if not station.wait(lambda b: all(b[d]["state"] == "ready" for d in loops), 30):
            sys.exit("benchmark: bays not ready")
        seen = {}
        def sample():
            for tid, (comm, cpu) in thread_cpu(station.p.pid).items():
                seen[tid] = (comm, max(cpu, seen.get(tid, (comm, 0))[1]))
        sample()
        start_cpu = dict(seen)
        t0 = time.monotonic()
        station.send({"start": {"all": True}})
        # No verification: each attempt ends "unverified" (never "passed"), with its certificate.
        while not station.wait(lambda b: all(b[d]["state"] == "unverified" and b[d]["certificate_id"] for d in loops), 0.2):
            sample()
            if time.monotonic() - t0 > 300:
                sys.exit("benchmark: wipes did not finish: " + ", ".join(sorted({b["state"] for b in station.bays.values()})))
        wall = time.monotonic() - t0
        sample()
        with station.lock:
            first_running = {}
            for t, e in station.events:
                if t >= t0 and e.get("event") == "bay" and e.get("state") == "running" and e["device"] not in first_running:
                    first_running[e["device"]] = t
            running = list(first_running.values())
            first_cert = {}
            for t, e in station.events:
                if t >= t0 and e.get("event") == "bay" and e.get("certificate_id") and e["device"] not in first_cert:
                    first_cert[e["device"]] = t
        last_started = max(running) - t0 if running else float("nan")
        certs = sorted(first_cert.values())
        engine = console = 0.0
        for tid, (comm, cpu) in seen.items():
            delta = cpu - start_cpu.get(tid, (comm, 0))[1]
            if comm.startswith("expunge.wipe"):
                engine += delta
            else:
                console += delta
        station.send({"quit": {}})
        station.p.wait(timeout=60)
        station_gbs = a.devices * (a.size_mib << 20) / wall / 1e9

        procs = [subprocess.Popen([a.directio, "write", d], stdout=subprocess.PIPE, text=True) for d in loops]
        c0 = time.monotonic()
        for p in procs:
            p.wait()
        c_wall = time.monotonic() - c0
        c_gbs = a.devices * (a.size_mib << 20) / c_wall / 1e9

        print(f"devices: {a.devices} x {a.size_mib} MiB on tmpfs loop devices, one zero pass, no verification")
        print(f"station aggregate: {station_gbs:.2f} GB/s ({wall:.2f} s, start to last certificate)")
        print(f"{a.devices} concurrent C writers: {c_gbs:.2f} GB/s ({c_wall:.2f} s)")
        print(f"ratio station / C writers: {station_gbs / c_gbs:.2f}x")
        print(f"phases: last bay running after {last_started:.2f} s; first certificate after {certs[0] - t0:.2f} s, last after {certs[-1] - t0:.2f} s")
        print(f"station CPU during the wipes (engine, signing, indexing and console together): {(engine + console) / wall * 100:.0f}% of one core")
        print(f"station CPU idle with {a.devices} bays: {idle * 100:.2f}% of one core")
    finally:
        if station and station.p.poll() is None:
            station.p.terminate()
            station.p.wait()
        for d in loops:
            subprocess.call(["losetup", "-d", d], stderr=subprocess.DEVNULL)
        subprocess.call(["umount", tmpfs])
        os.rmdir(tmpfs)
        subprocess.call(["rm", "-rf", home])

main()
