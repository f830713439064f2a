#!/usr/bin/env python3
"""Time `gate watch`: from a task file written to its event on watch's stdout.

    watch_probe.py --gate BIN --repo DIR --file PATH [--p0-file PATH] [--samples N] [--out FILE]

Starts `gate -C DIR watch --format json`, waits until it says it is watching (the first
evaluation is done), then N times (default 30) writes a task file and waits for the event
naming it, alternating

* `--file`: a task file made unreadable (its front-matter never closed: `file-unreadable`
  appears), then its original text again (it clears);
* `--p0-file` (optional): a P0 security task without commit evidence, its `status:` line
  set to `in_progress` (`p0-requirement` appears: the gate walks history for it), then its
  original text again (it clears).

Each sample is the time from just before the write (open, write, close) to the arrival of
the first JSON line whose `subject` is that file; the next write waits until watch has been
quiet for 0.5 s. Restores every file it wrote, also on error. Prints the median, minimum,
90th percentile and maximum in ms; with --out, writes them and every sample as JSON.
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gate", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--file", required=True, help="task file to make unreadable, relative to DIR")
    ap.add_argument("--p0-file", help="P0 security task without evidence, relative to DIR")
    ap.add_argument("--samples", type=int, default=30)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one event")
    ap.add_argument("--out")
    args = ap.parse_args()

    edits = []
    path = os.path.join(args.repo, args.file)
    original = open(path, "rb").read()
    edits.append((args.file, path, original, b"---\nid: broken\n"))
    if args.p0_file:
        p0 = os.path.join(args.repo, args.p0_file)
        p0_text = open(p0, "rb").read()
        moved, n = re.subn(rb'^status:[^\n]*$', b'status: "in_progress"', p0_text, count=1, flags=re.M)
        if not n:
            sys.exit(f"watch_probe.py: no status line in {args.p0_file}")
        edits.append((args.p0_file, p0, p0_text, moved))

    proc = subprocess.Popen([args.gate, "-C", args.repo, "watch", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: queue.Queue = queue.Queue()
    ready = threading.Event()

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put((time.monotonic(), line))
        lines.put((time.monotonic(), None))

    def read_err() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith(b"watching "):
                ready.set()
            else:
                sys.stderr.write("gate watch: " + line.decode(errors="replace"))

    threading.Thread(target=read_out, daemon=True).start()
    threading.Thread(target=read_err, daemon=True).start()

    def drain(quiet: float) -> None:
        """Wait until no line has come for `quiet` seconds."""
        while True:
            try:
                _, line = lines.get(timeout=quiet)
            except queue.Empty:
                return
            if line is None:
                sys.exit("watch_probe.py: gate watch ended")

    samples: dict[str, list[float]] = {"unreadable": [], "p0": []}
    try:
        t0 = time.monotonic()
        if not ready.wait(timeout=600):
            sys.exit("watch_probe.py: gate watch did not start watching")
        start_ms = (time.monotonic() - t0) * 1000
        drain(0.5)
        for i in range(args.samples):
            rel, full, text, changed = edits[(i // 2) % len(edits)]
            body = changed if i % 2 == 0 else text
            subject = rel
            t = time.monotonic()
            with open(full, "wb") as f:
                f.write(body)
            while True:
                try:
                    at, line = lines.get(timeout=args.timeout)
                except queue.Empty:
                    sys.exit(f"watch_probe.py: no event for {rel} within {args.timeout} s")
                if line is None:
                    sys.exit("watch_probe.py: gate watch ended")
                if json.loads(line).get("subject") == subject:
                    break
            kind = "unreadable" if full == path else "p0"
            samples[kind].append((at - t) * 1000)
            drain(0.5)
    finally:
        for _, full, text, _ in edits:
            with open(full, "wb") as f:
                f.write(text)
        proc.terminate()
        proc.wait(timeout=10)

    every = samples["unreadable"] + samples["p0"]

    def summary(xs: list[float]) -> dict:
        xs = sorted(xs)
        return {"n": len(xs), "median_ms": statistics.median(xs), "min_ms": xs[0],
                "p90_ms": xs[min(len(xs) - 1, int(len(xs) * 0.9))], "max_ms": xs[-1]}

    result = {"startup_ms": start_ms, "all": summary(every),
              "kinds": {k: summary(v) for k, v in samples.items() if v},
              "samples_ms": samples}
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
    for name, s in [("all", result["all"])] + list(result["kinds"].items()):
        print(f"{name}: n={s['n']} median {s['median_ms']:.0f} ms, min {s['min_ms']:.0f}, "
              f"p90 {s['p90_ms']:.0f}, max {s['max_ms']:.0f}")
    print(f"first evaluation (start to watching): {start_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
