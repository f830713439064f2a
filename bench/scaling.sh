#!/usr/bin/env bash
# How `gate` scales with the size of the board and of the history.
#
#   bench/scaling.sh [--seed S] [--runs R] [--no-build]
#
# Runs bench/run.sh (same measurements, same cache of generated repositories) at
#   1 000 / 5 000 / 20 000 tasks with 50 000 commits, and
#   10 000 / 50 000 / 200 000 commits with 5 000 tasks,
# then prints two Markdown tables: median time and peak memory of `gate check`,
# `gate board` and `gate lint`, with the two baselines' medians beside them.
# Environment as for bench/run.sh (GATE_BENCH_DATA, CARGO_TARGET_DIR, GATE_BIN).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seed=1
runs=10
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seed) seed="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "scaling.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
data="${GATE_BENCH_DATA:-/tmp/gate-bench-data}"

by_tasks=("1000 50000" "5000 50000" "20000 50000")
by_commits=("5000 10000" "5000 50000" "5000 200000")

first=1
declare -A done_
for cfg in "${by_tasks[@]}" "${by_commits[@]}"; do
    [[ -n "${done_[$cfg]:-}" ]] && continue
    done_[$cfg]=1
    read -r n m <<<"$cfg"
    flags=(--tasks "$n" --commits "$m" --seed "$seed" --runs "$runs")
    if (( ! build || ! first )); then flags+=(--no-build); fi
    first=0
    echo "scaling.sh: $n tasks, $m commits" >&2
    "$here/run.sh" "${flags[@]}" >/dev/null
done

dirs() { for cfg in "$@"; do read -r n m <<<"$cfg"; echo "$data/results/t$n-c$m-s$seed"; done; }
echo "Tasks (50 000 commits):"
echo
mapfile -t d < <(dirs "${by_tasks[@]}")
python3 "$here/report.py" --scaling "${d[@]}"
echo
echo "Commits (5 000 tasks):"
echo
mapfile -t d < <(dirs "${by_commits[@]}")
python3 "$here/report.py" --scaling "${d[@]}"
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
