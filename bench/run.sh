#!/usr/bin/env bash
# Time `gate` side by side with its baselines on a generated board and history.
#
#   bench/run.sh [--tasks N] [--commits M] [--seed S] [--runs R] [--no-build]
#
# Builds `gate` in release mode, generates (or reuses) a repository with N task files and
# M commits (bench/generate.py), then runs hyperfine (warmup 3, at least R runs, default
# 10) on
#   gate check <P0 task with evidence> --to in_progress --dry-run
#   gate board
#   gate lint
# each three ways: with the board cache up to date (a hook's usual case), with the cache
# removed before every run (a fresh clone: every file is read and the cache written), and
# with --no-cache; and on the baselines
#   git log --all --grep=<task id>          (baseline: the git work of the P0 gate)
#   find <tasks dir> -name '*.md' -exec cat {} +   (baseline: reading every task file)
# measures each command's peak RSS with /usr/bin/time -f %M, and prints a Markdown table.
#
# Environment: GATE_BENCH_DATA  where generated repos and results go
#                               (default: /tmp/gate-bench-data; never inside the repo)
#              CARGO_TARGET_DIR  as for cargo; the binary is $CARGO_TARGET_DIR/release/gate
#              GATE_BIN          use this binary instead of building one
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
        *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
if (( runs < 10 )); then echo "run.sh: --runs must be at least 10" >&2; exit 2; fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/common.sh
. "$here/common.sh"
bench_data run.sh

# --- tools -----------------------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[[ -x /usr/bin/time ]] || need_apt+=(time)
if (( ${#need_apt[@]} )); then
    echo "run.sh: installing ${need_apt[*]}" >&2
    if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
        apt-get install -y "${need_apt[@]}" >/dev/null \
            || { apt-get update >/dev/null && apt-get install -y "${need_apt[@]}" >/dev/null; }
    else
        echo "run.sh: please install: ${need_apt[*]}" >&2; exit 2
    fi
fi

# --- gate ------------------------------------------------------------------------------
bench_gate run.sh

# --- repository (cached; regenerated when generate.py changes) -------------------------
bench_repo run.sh
meta="$repo/.git/gate-bench.json"
task_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["designated"]["id"])' "$meta")"
tasks_dir="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tasks_dir"])' "$meta")"

# --- measure ---------------------------------------------------------------------------
out="$data/results/t${tasks}-c${commits}-s${seed}"
mkdir -p "$out"
cd "$repo"

check="check $task_id --to in_progress --dry-run"
names=()
cmds=()
preps=()
for sub in "$check" board lint; do
    short="gate ${sub%% *}"
    names+=("$short" "$short (cold cache)" "$short --no-cache")
    cmds+=("$gate $sub" "$gate $sub" "$gate --no-cache $sub")
    preps+=(true "rm -rf .git/gate" true)
done
names+=("git log --grep" "read all tasks")
cmds+=("git log --all --grep=$task_id" "find $tasks_dir -name *.md -exec cat {} +")
preps+=(true true)

# One plain run of each, to show what is being timed (and fail early if it cannot run).
echo "run.sh: task $task_id ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["designated"]["path"])' "$meta"))" >&2
set +e
"$gate" check "$task_id" --to in_progress --dry-run >"$out/check.txt" 2>&1
check_rc=$?
"$gate" lint >"$out/lint.txt" 2>&1
lint_rc=$?
set -e
echo "run.sh: gate check exit $check_rc: $(head -1 "$out/check.txt")" >&2
echo "run.sh: gate lint exit $lint_rc: $(tail -1 "$out/lint.txt")" >&2
if (( check_rc > 1 || lint_rc > 1 )); then
    echo "run.sh: gate failed to run (exit 2 or worse), see $out/check.txt, $out/lint.txt" >&2
    exit 1
fi

# Peak resident memory (KiB), the largest of three runs.
: > "$out/rss.tsv"
set -f   # word-split the commands below, but do not expand *.md
for i in "${!cmds[@]}"; do
    peak=0
    for _ in 1 2 3; do
        # shellcheck disable=SC2086 # the commands are word-split on purpose
        ${preps[$i]}
        # shellcheck disable=SC2086
        /usr/bin/time -o "$out/rss.tmp" -f %M ${cmds[$i]} >/dev/null 2>&1 || true
        kb="$(tail -1 "$out/rss.tmp")"
        (( kb > peak )) && peak=$kb
    done
    printf '%s\t%s\n' "${names[$i]}" "$peak" >> "$out/rss.tsv"
done
set +f
rm -f "$out/rss.tmp"

hf_args=(--warmup 3 --min-runs "$runs" -N -i --style basic --export-json "$out/hyperfine.json")
for i in "${!cmds[@]}"; do hf_args+=(--prepare "${preps[$i]}"); done
for i in "${!cmds[@]}"; do hf_args+=(-n "${names[$i]}" "${cmds[$i]}"); done
hyperfine "${hf_args[@]}" >"$out/hyperfine.txt"

{
    echo "tasks=$tasks commits=$commits seed=$seed"
    echo "gate=$gate ($(cd "$root" && git describe --always --dirty 2>/dev/null || echo unknown))"
    echo "check_exit=$check_rc lint_exit=$lint_rc"
    echo "load=$(cut -d' ' -f1-3 /proc/loadavg) nproc=$(nproc)"
} > "$out/info.txt"

python3 "$here/report.py" "$out"
echo "run.sh: raw results in $out" >&2
