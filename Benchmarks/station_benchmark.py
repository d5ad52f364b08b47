"""Station benchmark: see run-station-benchmark. Every number is measured in this run.

N tmpfs-backed loop devices are wiped at once from one `expunge station --events json` (profile:
one zero pass, no verification, so the station does what the C writer does), against N concurrent
runs of Benchmarks/directio.c writing the same devices, timed just before and just after each
station session (the machine's speed drifts; each round's ratio uses the mean of the two). The C
writer runs twice each time: as the issue's reference (a 4 KiB-aligned buffer) and with a
huge-page buffer like Expunge's own (the stricter limit); both ratios are reported. The
station process's CPU is measured while the wipes run, split into the wipe threads (named
`expunge.wipe`) and everything else, and with N idle bays (the console alone).
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

def c_writers(a, loops, huge=False):
    """Seconds for N concurrent C writers, each over its whole device."""
    procs = [subprocess.Popen([a.directio, "write", d] + (["4", "huge"] if huge else []), stdout=subprocess.DEVNULL) for d in loops]
    c0 = time.monotonic()
    for p in procs:
        if p.wait() != 0:
            sys.exit("benchmark: a C writer failed")
    return time.monotonic() - c0

def one_round(a, env, loops, holder, idle_seconds, profile=None):
    """One station session wiping every device once, between two timed runs of the C writers
    (none with `profile`: that session only measures the console while the bays write)."""
    if profile is None:
        c_before = c_writers(a, loops)
        huge_before = c_writers(a, loops, huge=True)
    station = Station(a.expunge, env)
    holder.append(station)
    if not station.wait(lambda b: all(b.get(d, {}).get("state") == "awaiting-asset" for d in loops), 30):
        sys.exit("benchmark: the station did not show every device")
    time.sleep(2)
    before = sum(c for _, c in thread_cpu(station.p.pid).values())
    time.sleep(idle_seconds)
    idle = (sum(c for _, c in thread_cpu(station.p.pid).values()) - before) / max(idle_seconds, 1)

    for i, d in enumerate(loops):
        for _ in range(2):  # not in the register: the second entry confirms
            station.send({"assign": {"bay": station.bays[d]["bay"], "asset": f"BENCH-{i:04d}"}})
    if not station.wait(lambda b: all(b[d]["state"] == "ready" for d in loops), 30):
        sys.exit("benchmark: bays not ready")
    seen = {}
    def sample():
        for tid, (comm, cpu) in thread_cpu(station.p.pid).items():
            seen[tid] = (comm, max(cpu, seen.get(tid, (comm, 0))[1]))
        outside.append((time.monotonic(), sum(c for comm, c in seen.values() if not comm.startswith("expunge.wipe"))))
    outside = []  # (time, CPU seconds of every thread but the wipe threads)
    sample()
    start_cpu = dict(seen)
    if profile:
        station.send({"profile": {"all": True, "name": profile}})
        if not station.wait(lambda b: all(b[d].get("profile") == profile for d in loops), 30):
            sys.exit(f"benchmark: profile {profile} not taken")
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
        first_end = min((t for t, e in station.events if t >= t0 and e.get("event") == "bay" and e.get("state") == "unverified"),
                        default=None)
    last_started = max(running) - t0 if running else float("nan")
    certs = sorted(first_cert.values())
    # The console while the 16 wipes write: from half a second after the last bay started to
    # the first pass that ended (no preparation, no certificate in the window).
    window = [(t, c) for t, c in outside if t0 + last_started + 0.5 <= t <= (first_end or 0) - 0.1]
    steady = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) if len(window) >= 2 and window[-1][0] > window[0][0] else float("nan")
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
    if profile:
        return dict(steady=steady, steady_seconds=(window[-1][0] - window[0][0]) if len(window) >= 2 else 0, idle=idle)

    c_after = c_writers(a, loops)
    huge_after = c_writers(a, loops, huge=True)
    c_wall = (c_before + c_after) / 2
    c_gbs = a.devices * (a.size_mib << 20) / c_wall / 1e9
    huge_wall = (huge_before + huge_after) / 2
    huge_gbs = a.devices * (a.size_mib << 20) / huge_wall / 1e9

    return dict(station_gbs=station_gbs, wall=wall, c_before=c_before, c_gbs=c_gbs, c_wall=c_wall, last_started=last_started,
                huge_gbs=huge_gbs, huge_wall=huge_wall,
                first_cert=certs[0] - t0, last_cert=certs[-1] - t0, cpu=(engine + console) / wall, console=console / wall, steady=steady,
                steady_seconds=(window[-1][0] - window[0][0]) if len(window) >= 2 else 0, idle=idle)

def main():
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("benchmark: terminated"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--expunge", required=True)
    ap.add_argument("--directio", required=True)
    ap.add_argument("--devices", type=int, default=16)
    ap.add_argument("--size-mib", type=int, default=256)
    ap.add_argument("--idle-seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="station sessions, each between two timed C runs; the median is reported")
    ap.add_argument("--steady-passes", type=int, default=8,
                    help="zero passes of the extra session that measures the console while every bay writes (one pass is too short to sample)")
    a = ap.parse_args()

    home = tempfile.mkdtemp(prefix="expunge-bench-home-")
    env = dict(os.environ, EXPUNGE_HOME=home, NO_COLOR="1")
    subprocess.check_call([a.expunge, "keys", "init", "--station", "BENCH", "--org", "Benchmark"], env=env, stdout=subprocess.DEVNULL)
    with open(os.path.join(home, "station.json"), "w") as f:
        json.dump({"profiles": [{"name": "bench", "pattern": "zero", "verification": "none"},
                                {"name": "steady", "pattern": "zero", "passes": a.steady_passes, "verification": "none"}]}, f)
    tmpfs = tempfile.mkdtemp(prefix="expunge-bench-tmpfs-")
    subprocess.check_call(["mount", "-t", "tmpfs", "-o", f"size={a.devices * a.size_mib + 256}m", "tmpfs", tmpfs])
    loops = []
    holder = []  # every station session started, for the cleanup
    try:
        for i in range(a.devices):
            path = os.path.join(tmpfs, f"d{i}.img")
            with open(path, "wb") as f:
                f.truncate(a.size_mib << 20)
            dev = subprocess.check_output(["losetup", "--find", "--show", path]).decode().strip()
            if open(f"/sys/block/{os.path.basename(dev)}/loop/backing_file").read().strip() != path:
                sys.exit(f"benchmark: {dev} is not backed by {path}")
            loops.append(dev)
        # The first write into a sparse tmpfs file also allocates its pages; whoever wrote first
        # would pay for that. One untimed pass of the C writers fills every file, so the station
        # and the timed C writers both overwrite pages that exist (as on a real drive).
        for p in [subprocess.Popen([a.directio, "write", d], stdout=subprocess.DEVNULL) for d in loops]:
            if p.wait() != 0:
                sys.exit("benchmark: the C writer could not fill the devices")
        rounds = []
        for r in range(a.rounds):
            rounds.append(one_round(a, env, loops, holder, 0))
            x = rounds[-1]
            print(f"round {r + 1}: station {x['station_gbs']:.2f} GB/s ({x['wall']:.2f} s), C writers {x['c_gbs']:.2f} GB/s "
                  f"(mean of {x['c_before']:.2f} s before and {x['c_wall'] * 2 - x['c_before']:.2f} s after): {x['station_gbs'] / x['c_gbs']:.2f}x; "
                  f"huge-page C writers {x['huge_gbs']:.2f} GB/s ({x['huge_wall']:.2f} s): {x['station_gbs'] / x['huge_gbs']:.2f}x",
                  flush=True)
        ratios = sorted(x["station_gbs"] / x["c_gbs"] for x in rounds)
        m = sorted(rounds, key=lambda x: x["station_gbs"] / x["c_gbs"])[len(rounds) // 2]
        print(f"devices: {a.devices} x {a.size_mib} MiB on tmpfs loop devices, one zero pass, no verification; {a.rounds} round(s)")
        print(f"median round: station {m['station_gbs']:.2f} GB/s ({m['wall']:.2f} s, start to last certificate); "
              f"{a.devices} concurrent C writers {m['c_gbs']:.2f} GB/s ({m['c_wall']:.2f} s)")
        print(f"ratio station / C writers: median {ratios[len(ratios) // 2]:.2f}x (all rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
        huge = sorted(x["station_gbs"] / x["huge_gbs"] for x in rounds)
        print(f"ratio station / huge-page C writers (the stricter limit): median {huge[len(huge) // 2]:.2f}x "
              f"(all rounds: {', '.join(f'{r:.2f}' for r in huge)})")
        print(f"phases (median round): last bay running after {m['last_started']:.2f} s; first certificate after {m['first_cert']:.2f} s, last after {m['last_cert']:.2f} s")
        print(f"station process CPU during the wipes: {m['cpu'] * 100:.0f}% of one core; outside the wipe threads "
              f"(console, event stream, hot-plug, signing, ledger and index): {m['console'] * 100:.1f}%")
        # The console alone: idle with every bay shown, then while every bay writes (a session of
        # several passes: one pass is over before a sampling window opens).
        x = one_round(a, env, loops, holder, a.idle_seconds, profile="steady")
        print(f"station CPU outside the wipe threads while all {a.devices} write ({a.steady_passes} zero passes; no start, "
              f"no certificate; {x['steady_seconds']:.1f} s window): {x['steady'] * 100:.1f}% of one core")
        print(f"station CPU idle with {a.devices} bays ({a.idle_seconds} s): {x['idle'] * 100:.2f}% of one core")
    finally:
        for station in holder:
            if station.p.poll() is None:
                station.p.terminate()
                station.p.wait(timeout=60)
        for d in loops:
            subprocess.call(["losetup", "-d", d], stderr=subprocess.DEVNULL)
        subprocess.call(["umount", tmpfs])
        os.rmdir(tmpfs)
        subprocess.call(["rm", "-rf", home])

main()
