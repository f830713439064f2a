#!/usr/bin/env bash
# Time the commands that look at the whole board against the git work they stand on.
#
#   bench/whole.sh [--tasks N] [--commits M] [--seed S] [--runs R] [--no-build]
#
# On the repository of bench/run.sh (generated, or reused from $GATE_BENCH_DATA), runs
# hyperfine (warmup 3, at least R runs, default 10) side by side on
#   gate report --format json                   every in-scope P0 task judged at its stage
#   git log --all --format='%H %s%n%b'          baseline: one full pass over every message
#   gate check <old P0 task, no evidence> --to in_progress --dry-run
#                                               the worst single check: its walk reads
#                                               the history back to the task's creation
#   git log --all --grep=<that id>              baseline: git searching for the id
# and prints a Markdown table: median wall time, the ratio to its baseline, mean CPU time,
# peak RSS (largest of three runs). The worst-case task is the oldest P0 security task in a
# column before `in_progress` that `gate check` blocks with p0-security/no-code-changes.
#
# Environment as for bench/run.sh: GATE_BENCH_DATA, CARGO_TARGET_DIR, GATE_BIN.
set -euo pipefail

tasks=5000
commits=50000
seed=1
runs=10
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tasks) tasks="$2"; shift 2 ;;
        --commits) commits="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "whole.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if (( runs < 10 )); then echo "whole.sh: --runs must be at least 10" >&2; exit 2; fi
for tool in hyperfine /usr/bin/time git python3; do
    command -v "$tool" >/dev/null || { echo "whole.sh: please install $tool (bench/run.sh installs hyperfine and time)" >&2; exit 2; }
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/common.sh
. "$here/common.sh"
bench_data whole.sh

bench_gate whole.sh

bench_repo whole.sh
out="$data/results/whole-t${tasks}-c${commits}-s${seed}"
mkdir -p "$out"
cd "$repo"

# The worst-case check: the oldest P0 security task before `in_progress` without evidence.
worst=""
for id in $(python3 - "$repo" <<'PY'
import json, os, re, sys
repo = sys.argv[1]
meta = json.load(open(os.path.join(repo, ".git", "gate-bench.json")))
tasks_dir = os.path.join(repo, meta["tasks_dir"])
found = []
for name in os.listdir(tasks_dir):
    if not name.endswith(".md"):
        continue
    text = open(os.path.join(tasks_dir, name), encoding="utf-8").read()
    front = text.split("\n---", 1)[0]
    get = lambda key: (re.search(rf'^{key}:\s*"?([^"\n]*)"?', front, re.M) or [None, ""])[1]
    early = {"icebox", "incoming", "accepted", "breakdown", "blocked", "ready", "todo"}
    labels = (re.search(r"^labels:(.*)$", front, re.M) or [None, ""])[1]
    if get("priority") == "P0" and "security" in labels and get("status") in early:
        found.append((get("created_at"), get("uuid")))
for created, uuid in sorted(found)[:20]:
    print(uuid)
PY
); do
    # Blocked is exit 1: read the verdict from the output, not the pipeline's status.
    verdict="$("$gate" check "$id" --to in_progress --dry-run --format json 2>/dev/null || true)"
    if grep -q '"p0-security/no-code-changes"' <<<"$verdict"; then
        worst="$id"
        break
    fi
done
[[ -n "$worst" ]] || { echo "whole.sh: no P0 security task before in_progress without evidence" >&2; exit 1; }
echo "whole.sh: worst-case task $worst" >&2
"$gate" report --format json >/dev/null   # the board cache is up to date from here on

names=("gate report --format json" "git log --all --format='%H %s%n%b'"
       "gate check <old P0 task, no evidence> --to in_progress --dry-run" "git log --all --grep=<id>")
cmds=("$gate report --format json" "git log --all --format='%H %s%n%b'"
      "$gate check $worst --to in_progress --dry-run" "git log --all --grep=$worst")

: > "$out/rss.tsv"
for i in "${!cmds[@]}"; do
    peak=0
    for _ in 1 2 3; do
        eval "/usr/bin/time -o '$out/rss.tmp' -f %M ${cmds[$i]}" >/dev/null 2>&1 || true
        kb="$(tail -1 "$out/rss.tmp")"
        (( kb > peak )) && peak=$kb
    done
    printf '%s\t%s\n' "${names[$i]}" "$peak" >> "$out/rss.tsv"
done
rm -f "$out/rss.tmp"

hf_args=(--warmup 3 --min-runs "$runs" -N -i --style basic --export-json "$out/hyperfine.json")
for i in "${!cmds[@]}"; do hf_args+=(-n "${names[$i]}" "${cmds[$i]}"); done
hyperfine "${hf_args[@]}" >"$out/hyperfine.txt"

if [[ -n "${GATE_BIN:-}" ]]; then
    which_gate="$GATE_BIN"
else
    which_gate="at $(cd "$root" && git describe --always --dirty 2>/dev/null || echo unknown)"
fi
python3 - "$out" "$tasks" "$commits" "$seed" "$which_gate" <<'PY'
import json, os, statistics, sys
out, tasks, commits, seed, rev = sys.argv[1:]
runs = json.load(open(os.path.join(out, "hyperfine.json")))["results"]
rss = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(out, "rss.tsv")))
def ms(x):
    x *= 1000
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"
num = lambda n: f"{int(n):,}".replace(",", " ")
print(f"{num(tasks)} tasks, {num(commits)} commits (seed {seed}), gate {rev}; "
      "medians of ≥ 10 runs after 3 warmups")
print()
print("| command | median ms | baseline | × baseline | CPU ms | peak RSS MB |")
print("|---|---:|---|---:|---:|---:|")
for gate_run, base in ((runs[0], runs[1]), (runs[2], runs[3])):
    for r, b in ((gate_run, base), (base, None)):
        med = statistics.median(r["times"])
        cpu = r["user"] + r["system"]
        ratio = f"{med / statistics.median(b['times']):.2f}" if b else "1.00"
        print(f"| `{r['command']}` | {ms(med)} | {'`' + b['command'] + '`' if b else '(itself)'} "
              f"| {ratio} | {ms(cpu)} | {int(rss[r['command']]) / 1024:.1f} |")
load = open("/proc/loadavg").read().split()[:3]
print()
print(f"CPU ms = mean user + system time per run; load average {' '.join(load)} on {os.cpu_count()} cores")
PY
echo "whole.sh: raw results in $out" >&2
