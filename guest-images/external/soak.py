#!/usr/bin/env python3
"""The soak profile of issue 10 (not in default CI; run by soak.sh).

Boots the SMP Linux guest (two vCPUs, Debian's kernel, busybox shell on the pl011 fed from a
pipe), starts two busy shell loops that each print a numbered line every N iterations, and watches
qvm for a while:

  * no deadlock: each loop's counter keeps advancing (no gap in output longer than --stall);
  * no lost console output: each loop's lines are consecutive, 1, 2, 3, ... with nothing missing,
    duplicated or garbled;
  * stable resident memory: the java process's VmRSS, sampled every --interval seconds, does not
    grow after the warm-up (the first quarter of the run) by more than 10% + 16 MiB;
  * a clean stop: SIGTERM at the end gives exit code 143 with the --stats table, and no Java
    exception on stderr.

Prints the samples and a verdict; exits 0 if every check passed, 1 otherwise.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

COUNTER = re.compile(r"^SOAK-([AB]) (\d+)$")
# A counter line with something else on it (the shell's echo of the typed loop has no digit).
GARBLED = re.compile(r"SOAK-[AB] \d")


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


class Console:
    """Reads qvm's stdout (the guest's console), keeps a log and checks the counter lines."""

    def __init__(self, stream, log):
        self.stream = stream
        self.log = log
        self.lock = threading.Lock()
        self.text_tail = ""
        self.last = {"A": 0, "B": 0}
        self.last_time = {"A": None, "B": None}
        self.lines = {"A": 0, "B": 0}
        self.problems = []
        self.max_gap = {"A": 0.0, "B": 0.0}
        self.pending = b""
        self.seen_shell = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            chunk = self.stream.read1(65536)
            if not chunk:
                return
            self.log.write(chunk)
            self.log.flush()
            self.pending += chunk
            *complete, self.pending = self.pending.split(b"\n")
            for raw in complete:
                self.line(raw.decode("utf-8", "replace").rstrip("\r"))

    def line(self, text):
        now = time.monotonic()
        with self.lock:
            self.text_tail = (self.text_tail + text + "\n")[-4000:]
            if "starting a shell" in text:
                self.seen_shell.set()
            m = COUNTER.match(text)
            if not m:
                if GARBLED.search(text):
                    self.problems.append(f"garbled counter line: {text!r}")
                return
            series, n = m.group(1), int(m.group(2))
            if n != self.last[series] + 1:
                self.problems.append(f"SOAK-{series}: {n} after {self.last[series]} (lost or repeated output)")
            if self.last_time[series] is not None:
                self.max_gap[series] = max(self.max_gap[series], now - self.last_time[series])
            self.last[series] = n
            self.last_time[series] = now
            self.lines[series] += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--java", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--every", type=int, default=2000, help="loop iterations per counter line")
    ap.add_argument("--interval", type=float, default=15.0, help="seconds between RSS samples")
    ap.add_argument("--stall", type=float, default=120.0, help="seconds without a counter line = deadlock")
    ap.add_argument("--boot-timeout", type=float, default=600.0)
    ap.add_argument("--log", default=None, help="keep the console here (default: a temporary file)")
    args = ap.parse_args()

    log_path = args.log or tempfile.mkstemp(prefix="qvm-soak-", suffix=".console")[1]
    err_path = log_path + ".stderr"
    cmd = [args.java, "-XX:+UseSerialGC", "-Xss16m", "-cp", args.classpath, "dev.qvm.cli.Main",
           "run", "--stats", args.board]
    print("soak: " + " ".join(cmd), flush=True)
    with open(log_path, "wb") as log, open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
        console = Console(proc.stdout, log)
        failures = []
        t0 = time.monotonic()
        if not console.seen_shell.wait(args.boot_timeout):
            proc.kill()
            print(f"soak: FAIL: no shell within {args.boot_timeout:.0f} s; console tail:\n{console.text_tail}")
            return 1
        boot_s = time.monotonic() - t0
        print(f"soak: shell after {boot_s:.1f} s; starting two busy loops (a line every {args.every} iterations)", flush=True)
        time.sleep(2)
        script = ("soak() { n=0; i=0; while :; do i=$((i+1)); if [ $i -ge $2 ]; then i=0; n=$((n+1)); "
                  "echo \"SOAK-$1 $n\"; fi; done; }\n"
                  f"soak B {args.every} &\n"
                  f"soak A {args.every}\n")
        proc.stdin.write(script.encode())
        proc.stdin.flush()

        start = time.monotonic()
        end = start + args.minutes * 60
        samples = []  # (seconds, rss KiB, A, B)
        print(f"soak: {'time':>7} {'RSS MiB':>8} {'SOAK-A':>8} {'SOAK-B':>8}", flush=True)
        while time.monotonic() < end and proc.poll() is None:
            time.sleep(min(args.interval, max(0.0, end - time.monotonic())))
            now = time.monotonic()
            with console.lock:
                a, b = console.last["A"], console.last["B"]
                stale = [s for s in "AB" if (console.last_time[s] or start) < now - args.stall]
            rss = rss_kib(proc.pid)
            samples.append((now - start, rss, a, b))
            print(f"soak: {now - start:6.0f}s {rss / 1024:8.1f} {a:8d} {b:8d}", flush=True)
            if stale and now - start > args.stall:
                failures.append(f"deadlock: no SOAK-{'/'.join(stale)} line for {args.stall:.0f} s")
                break
        if proc.poll() is not None:
            failures.append(f"qvm exited early with code {proc.returncode}")
        else:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
            failures.append("qvm did not stop within 60 s of SIGTERM")
        console.thread.join(10)

    stderr = open(err_path, encoding="utf-8", errors="replace").read()
    if code != 143 and not any("exited early" in f for f in failures):
        failures.append(f"exit code {code} after SIGTERM, expected 143")
    if "Exception" in stderr:
        failures.append("a Java exception on stderr")
    if "instructions" not in stderr.lower():
        failures.append("no --stats table on stderr after SIGTERM")
    failures += console.problems[:20]
    for s in "AB":
        if console.lines[s] < 10:
            failures.append(f"SOAK-{s}: only {console.lines[s]} lines")

    # Resident memory after the warm-up: compare the first sample past a quarter of the run with
    # the largest of the last quarter.
    steady = [s for s in samples if s[0] >= args.minutes * 15 and s[1] > 0]
    if len(steady) >= 2:
        base = steady[0][1]
        late = max(s[1] for s in steady if s[0] >= args.minutes * 45) if any(s[0] >= args.minutes * 45 for s in steady) else steady[-1][1]
        growth = late - base
        print(f"soak: RSS after warm-up {base / 1024:.1f} MiB, largest in the last quarter {late / 1024:.1f} MiB "
              f"(growth {growth / 1024:+.1f} MiB)")
        if growth > base * 0.10 + 16 * 1024:
            failures.append(f"resident memory grew by {growth / 1024:.1f} MiB after the warm-up")
    else:
        failures.append("too few RSS samples")

    ran = samples[-1][0] if samples else 0
    print(f"soak: ran {ran:.0f} s after a {boot_s:.1f} s boot; SOAK-A {console.lines['A']} lines (last {console.last['A']}), "
          f"SOAK-B {console.lines['B']} lines (last {console.last['B']}); longest gap between lines "
          f"A {console.max_gap['A']:.2f} s, B {console.max_gap['B']:.2f} s; exit code {code}")
    print(f"soak: console log {log_path}, stderr {err_path}")
    stats = [l for l in stderr.splitlines() if l.strip()]
    print("soak: qvm's stderr ends:\n  " + "\n  ".join(stats[-12:]))
    if failures:
        print("soak: FAIL:\n  " + "\n  ".join(failures))
        return 1
    print("soak: PASS (no deadlock, no lost console line, resident memory stable, clean SIGTERM stop)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
