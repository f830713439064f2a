#!/usr/bin/env bash
# Time the commands that look at the whole board against the git work they stand on.
#
#   bench/whole.sh [--tasks N] [--commits M] [--seed S] [--runs R] [--watch-samples W] [--no-build]
#
# On the repository of bench/run.sh (generated, or reused from $GATE_BENCH_DATA), runs
# hyperfine (warmup 3, at least R runs, default 10) side by side on
#   gate report --format json                   every in-scope P0 task judged at its stage
#   git log --all --format='%H %s%n%b'          baseline: one full pass over every message
#   gate check <old P0 task, no evidence> --to in_progress --dry-run
#                                               the worst single check: its walk reads
#                                               the history back to the task's creation
#   git log --all --grep=<that id>              baseline: git searching for the id
#   gate ci --base main --head feature          100 commits moving two tasks each (20 moves
#                                               of P0 security tasks), on a clone made by
#                                               bench/branch.py
#   git log -p --first-parent main..feature     baseline: git reading the range's diffs
# and prints a Markdown table: median wall time, the ratio to its baseline, mean CPU time,
# peak RSS (largest of three runs). The worst-case task is the oldest P0 security task in a
# column before `in_progress` that `gate check` blocks with p0-security/no-code-changes.
# Then bench/watch_probe.py times `gate watch --format json` on the clone: a task file
# written -> its event on stdout (a file made unreadable and restored, and the worst-case
# task moved to in_progress and back), --watch-samples times (default 30); median in the
# table.
#
# Environment as for bench/run.sh: GATE_BENCH_DATA, CARGO_TARGET_DIR, GATE_BIN.
set -euo pipefail

tasks=5000
commits=50000
seed=1
runs=10
watch_samples=30
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tasks) tasks="$2"; shift 2 ;;
        --commits) commits="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --watch-samples) watch_samples="$2"; shift 2 ;;
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

# The ci branch lives in a clone, so the repository the other rows read stays as generated.
ci_repo="$repo-ci"
ci_sum="$(cat "$repo/.git/gate-bench.gen") $(sha256sum "$here/branch.py" | cut -c1-16) $(git -C "$repo" rev-parse main)"
if [[ -f "$ci_repo/.git/gate-bench-branch.json" && "$(cat "$ci_repo/.git/gate-bench-branch.gen" 2>/dev/null)" == "$ci_sum" ]]; then
    echo "whole.sh: reusing $ci_repo" >&2
else
    echo "whole.sh: making $ci_repo (bench/branch.py)" >&2
    python3 "$here/branch.py" --repo "$repo" --out "$ci_repo" --seed "$seed" --force >&2
    echo "$ci_sum" > "$ci_repo/.git/gate-bench-branch.gen"
fi
cd "$repo"

# The worst-case check: the oldest P0 security task before `in_progress` without evidence.
worst=""
candidates="$(python3 - "$repo" <<'PY'
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
        found.append((get("created_at"), get("uuid"), os.path.join(meta["tasks_dir"], name)))
for created, uuid, path in sorted(found)[:20]:
    print(f"{uuid}\t{path}")
PY
)"
while IFS=$'\t' read -r id worst_path; do
    # Blocked is exit 1: read the verdict from the output, not the pipeline's status.
    verdict="$("$gate" check "$id" --to in_progress --dry-run --format json 2>/dev/null || true)"
    if grep -q '"p0-security/no-code-changes"' <<<"$verdict"; then
        worst="$id"
        worst_file="$worst_path"
        break
    fi
done <<<"$candidates"
[[ -n "$worst" ]] || { echo "whole.sh: no P0 security task before in_progress without evidence" >&2; exit 1; }
echo "whole.sh: worst-case task $worst" >&2
"$gate" report --format json >/dev/null   # the board cache is up to date from here on
"$gate" -C "$ci_repo" board >/dev/null
ci_exit=0
"$gate" -C "$ci_repo" ci --base main --head feature --format json >"$out/ci.json" 2>&1 || ci_exit=$?
echo "whole.sh: gate ci exit $ci_exit (1: some moves blocked, as the branch intends); $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"])' "$out/ci.json" 2>/dev/null || head -1 "$out/ci.json")" >&2

names=("gate report --format json" "git log --all --format='%H %s%n%b'"
       "gate check <old P0 task, no evidence> --to in_progress --dry-run" "git log --all --grep=<id>"
       "gate ci --base main --head feature" "git log -p --first-parent main..feature")
cmds=("$gate report --format json" "git log --all --format='%H %s%n%b'"
      "$gate check $worst --to in_progress --dry-run" "git log --all --grep=$worst"
      "$gate -C $ci_repo ci --base main --head feature" "git -C $ci_repo log -p --first-parent main..feature")

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

# Any task file outside the P0 scope will do for the unreadable-file samples.
plain_file="$(python3 - "$ci_repo" "$repo/.git/gate-bench.json" <<'PY'
import json, os, sys
tasks_dir = json.load(open(sys.argv[2]))["tasks_dir"]
for name in sorted(os.listdir(os.path.join(sys.argv[1], tasks_dir))):
    text = open(os.path.join(sys.argv[1], tasks_dir, name), encoding="utf-8").read()
    if name.endswith(".md") and 'priority: "P0"' not in text.split("\n---", 1)[0]:
        print(os.path.join(tasks_dir, name))
        break
PY
)"
python3 "$here/watch_probe.py" --gate "$gate" --repo "$ci_repo" --file "$plain_file" \
    --p0-file "$worst_file" --samples "$watch_samples" --out "$out/watch.json" >"$out/watch.txt"
cat "$out/watch.txt" >&2

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
for gate_run, base in ((runs[0], runs[1]), (runs[2], runs[3]), (runs[4], runs[5])):
    for r, b in ((gate_run, base), (base, None)):
        med = statistics.median(r["times"])
        cpu = r["user"] + r["system"]
        ratio = f"{med / statistics.median(b['times']):.2f}" if b else "1.00"
        print(f"| `{r['command']}` | {ms(med)} | {'`' + b['command'] + '`' if b else '(itself)'} "
              f"| {ratio} | {ms(cpu)} | {int(rss[r['command']]) / 1024:.1f} |")
watch = json.load(open(os.path.join(out, "watch.json")))
w = watch["all"]
print(f"| `gate watch --format json`: task file written → its event | {ms(w['median_ms'] / 1000)} "
      f"| the debounce (200 ms) | {w['median_ms'] / 200:.2f} | | |")
load = open("/proc/loadavg").read().split()[:3]
print()
kinds = ", ".join(f"{k} {ms(v['median_ms'] / 1000)}" for k, v in watch["kinds"].items())
print(f"watch: {w['n']} samples, median by kind: {kinds}; p90 {ms(w['p90_ms'] / 1000)}, "
      f"max {ms(w['max_ms'] / 1000)} ms; first evaluation {ms(watch['startup_ms'] / 1000)} ms")
print(f"CPU ms = mean user + system time per run; load average {' '.join(load)} on {os.cpu_count()} cores")
PY
echo "whole.sh: raw results in $out" >&2
