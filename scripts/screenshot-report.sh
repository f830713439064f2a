#!/usr/bin/env bash
# Renders `gate report --format html` for the demo board, with three weeks of
# made-up decisions in its audit log, in headless Chromium, and writes a PNG.
#
#   scripts/screenshot-report.sh [OUT.png]      (default: target/report.png)
#
# Uses $GATE if set, else builds the debug binary. Installs Debian's chromium
# when it is missing (needs root or sudo). Not part of .ci/run: it needs a
# browser and is for looking at the page, not for pinning it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/target/report.png}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

gate=${GATE:-}
if [[ -z $gate ]]; then
    cargo build --quiet --manifest-path "$root/Cargo.toml"
    gate="${CARGO_TARGET_DIR:-$root/target}/debug/gate"
fi

if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get install -y chromium >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y chromium >/dev/null; }
fi

work=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$work" "$profile"' EXIT
mkdir -p "$work/board"
cp -r "$root/fixtures/boards/demo/." "$work/board/"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work" USER="team-lead"

# Three weeks of decisions: a few per day, some blocked, some overridden.
checks=(
    "add-csv-export --to todo"
    "add-login-rate-limit --to review"
    "paginate-audit-log-api --to in_progress"
    "5e2a9c41 --to done"
    "explore-dark-mode --to incoming"
    "paginate-audit-log-api --to in_progress --force --reason hotfix-for-release"
)
for day in $(seq 1 21); do
    n=$(( (day * 7) % 5 + 1 ))
    for i in $(seq 1 "$n"); do
        pick=$(( (day * 3 + i * 5) % ${#checks[@]} ))
        printf -v ts '2025-10-%02dT%02d:15:00Z' "$day" $(( 8 + i ))
        # shellcheck disable=SC2086 # the check's words are meant to split
        __GATE_TEST_NOW=$ts "$gate" -C "$work/board" -q check ${checks[$pick]} || true
    done
done
# One column over its limit, and a P0 security task further on, for the picture.
sed -i 's/^status: .*/status: in_progress/' "$work/board/tasks/paginate-audit-log-api.md"
sed -i 's/^status: .*/status: review/' "$work/board/tasks/harden-password-reset-tokens.md"
# A repository, so the P0 gate can look for commits.
export GIT_AUTHOR_DATE=2025-10-20T12:00:00Z GIT_COMMITTER_DATE=2025-10-20T12:00:00Z
git -C "$work/board" init -q
git -C "$work/board" add -A
git -C "$work/board" -c user.name=Demo -c user.email=demo@example.com commit -q -m "Demo board"

__GATE_TEST_NOW=2025-10-22T09:00:00Z "$gate" -C "$work/board" report --format html >"$work/report.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size=1280,1600 "file://$work/report.html" >/dev/null 2>&1
echo "wrote $out"
