#!/usr/bin/env bash
# Time `gate hook agent` (the Claude Code PreToolUse hook) on the generated repository.
#
#   bench/agent_hook.sh [--tasks N] [--commits M] [--seed S] [--runs R] [--no-build]
#
# On the repository of bench/run.sh (generated, or reused from $GATE_BENCH_DATA), runs
# hyperfine (warmup 3, at least R runs, default 30) side by side on
#   gate --version                        baseline: starting the process, nothing else
#   gate hook agent < edit of src/*.rs    a file that is not a task: decided from the
#                                         payload alone (the path does not end in .md)
#   gate hook agent < write of README.md  a Markdown file outside the tasks directory:
#                                         decided after the configuration is read
#   gate hook agent < edit of a task      the designated task's status edited: the
#                                         whole judge, as `check --proposed`
#   gate check <that task> --to <status> --dry-run
#                                         baseline: what `check` costs for the same move
# hyperfine runs each through a shell and subtracts the shell's start-up; the table is its
# Markdown export (median is the number to read: the machine is shared).
#
# Environment as for bench/run.sh: GATE_BENCH_DATA, CARGO_TARGET_DIR, GATE_BIN.
set -euo pipefail

tasks=5000
commits=50000
seed=1
runs=30
build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tasks) tasks="$2"; shift 2 ;;
        --commits) commits="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "agent_hook.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
for tool in hyperfine git python3; do
    command -v "$tool" >/dev/null || { echo "agent_hook.sh: please install $tool" >&2; exit 2; }
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=bench/common.sh
. "$here/common.sh"
bench_data agent_hook.sh
bench_gate agent_hook.sh
bench_repo agent_hook.sh
out="$data/results/agent-hook-t${tasks}-c${commits}-s${seed}"
mkdir -p "$out"
cd "$repo"

# The payloads, as Claude Code sends them (absolute paths, the project as cwd).
python3 - "$repo" "$out" <<'PY'
import json, os, re, sys
repo, out = sys.argv[1], sys.argv[2]
meta = json.load(open(os.path.join(repo, ".git", "gate-bench.json")))
task = os.path.join(repo, meta["designated"]["path"])
status = re.search(r'^status:.*$', open(task, encoding="utf-8").read(), re.M).group(0)
def payload(name, tool, tool_input):
    doc = {"session_id": "bench", "transcript_path": "/dev/null", "cwd": repo,
           "permission_mode": "default", "hook_event_name": "PreToolUse",
           "tool_name": tool, "tool_input": tool_input, "tool_use_id": "toolu_bench"}
    with open(os.path.join(out, name), "w") as f:
        json.dump(doc, f)
payload("code.json", "Edit", {"file_path": os.path.join(repo, "src", "main.rs"),
                              "old_string": "fn main", "new_string": "fn main2"})
payload("readme.json", "Write", {"file_path": os.path.join(repo, "README.md"),
                                 "content": "# notes\n"})
payload("task.json", "Edit", {"file_path": task, "old_string": status,
                              "new_string": 'status: "in_progress"'})
PY
task_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["designated"]["id"])' "$repo/.git/gate-bench.json")"

for p in code readme task; do
    code=0
    "$gate" hook agent <"$out/$p.json" 2>"$out/$p.err" || code=$?
    echo "agent_hook.sh: $p.json -> exit $code $(head -1 "$out/$p.err")" >&2
done
"$gate" board >/dev/null   # the board cache is up to date from here on

hyperfine --warmup 3 --min-runs "$runs" --ignore-failure --export-markdown "$out/table.md" \
    -n "gate --version" "$gate --version" \
    -n "hook agent: edit of a .rs file" "$gate hook agent < $out/code.json" \
    -n "hook agent: write of README.md" "$gate hook agent < $out/readme.json" \
    -n "hook agent: edit of a task's status" "$gate hook agent < $out/task.json" \
    -n "gate check <task> --to in_progress --dry-run" "$gate check $task_id --to in_progress --dry-run" \
    >&2
cat "$out/table.md"
