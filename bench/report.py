#!/usr/bin/env python3
"""Turn bench/run.sh results into Markdown tables.

    report.py RESULT_DIR                 one run: every command side by side
    report.py --scaling RESULT_DIR...    several runs: one row per board/history size

A result directory holds hyperfine.json (hyperfine --export-json), rss.tsv (command name,
peak RSS in KiB) and info.txt (key=value lines), as bench/run.sh writes them.
Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import os
import sys

GIT = "git log --grep"
READ = "read all tasks"
SHOWN = {
    "gate check": "`gate check <id> --to in_progress --dry-run`",
    "gate check (cold cache)": "… the first run after a clone (no board cache yet)",
    "gate check --no-cache": "`gate --no-cache check <id> --to in_progress --dry-run`",
    "gate board": "`gate board`",
    "gate board (cold cache)": "… the first run after a clone",
    "gate board --no-cache": "`gate --no-cache board`",
    "gate lint": "`gate lint`",
    "gate lint (cold cache)": "… the first run after a clone",
    "gate lint --no-cache": "`gate --no-cache lint`",
    GIT: "`git log --all --grep=<id>` (baseline)",
    READ: "`find <tasks> -name '*.md' -exec cat {} +` (baseline)",
}


def load(d: str) -> dict:
    with open(os.path.join(d, "hyperfine.json")) as f:
        hf = json.load(f)
    res = {r["command"]: r for r in hf["results"]}
    rss = {}
    with open(os.path.join(d, "rss.tsv")) as f:
        for line in f:
            name, kb = line.rstrip("\n").split("\t")
            rss[name] = int(kb)
    info = {}
    p = os.path.join(d, "info.txt")
    if os.path.exists(p):
        with open(p) as f:
            for line in f:
                for part in line.split():
                    if "=" in part:
                        k, v = part.split("=", 1)
                        info[k] = v
    return {"res": res, "rss": rss, "info": info}


def ms(r: dict) -> float:
    return r["median"] * 1000.0


def cpu(r: dict) -> float:
    """Mean user + system CPU time in ms: less sensitive than wall time to a busy machine."""
    return (r["user"] + r["system"]) * 1000.0


def fmt_ms(x: float) -> str:
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def mb(kb: int | None) -> str:
    return "–" if kb is None else f"{kb / 1024:.1f}"


def thousands(s: str) -> str:
    try:
        return f"{int(s):,}".replace(",", " ")
    except ValueError:
        return s


def one(d: str) -> str:
    r = load(d)
    res, rss, info = r["res"], r["rss"], r["info"]
    git, read = ms(res[GIT]), ms(res[READ])
    out = [f"{thousands(info.get('tasks', '?'))} tasks, {thousands(info.get('commits', '?'))} "
           f"commits (seed {info.get('seed', '?')}); medians of ≥ "
           f"{min(len(x['times']) for x in res.values())} runs after 3 warmups",
           "",
           "| command | median ms | × `git log --grep` | × plain read | peak RSS MB | CPU ms |",
           "|---|---:|---:|---:|---:|---:|"]
    for name, x in res.items():
        m = ms(x)
        out.append(f"| {SHOWN.get(name, name)} | {fmt_ms(m)} | {m / git:.2f} | "
                   f"{m / read:.2f} | {mb(rss.get(name))} | {fmt_ms(cpu(x))} |")
    out.append("")
    out.append("CPU ms = mean user + system time per run (whole process tree).")
    out.append(f"gate check exit {info.get('check_exit', '?')}, gate lint exit "
               f"{info.get('lint_exit', '?')}; load average {info.get('load', '?')} "
               f"on {info.get('nproc', '?')} cores")
    return "\n".join(out)


def scaling(dirs: list[str]) -> str:
    out = ["| tasks | commits | check ms (CPU) | check MB | check, no cache ms | board ms (CPU) "
           "| board MB | board, no cache ms | lint ms (CPU) | lint MB | `git log --grep` ms "
           "| plain read ms |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for d in dirs:
        r = load(d)
        res, rss, info = r["res"], r["rss"], r["info"]
        cells = [thousands(info.get("tasks", "?")), thousands(info.get("commits", "?"))]
        for name in ("gate check", "gate board", "gate lint"):
            cells += [f"{fmt_ms(ms(res[name]))} ({fmt_ms(cpu(res[name]))})", mb(rss.get(name))]
            if name != "gate lint":
                cells.append(fmt_ms(ms(res[f"{name} --no-cache"])))
        cells += [fmt_ms(ms(res[GIT])), fmt_ms(ms(res[READ]))]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "ms = median wall time with the board cache up to date; (CPU) = mean user + "
            "system time; MB = peak RSS; no cache = `--no-cache`."]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--scaling":
        print(scaling(argv[1:]))
    elif len(argv) == 1:
        print(one(argv[0]))
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
