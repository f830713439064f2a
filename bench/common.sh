# Shared by bench/run.sh and bench/whole.sh (sourced, not run): where results go, which
# gate binary is timed, and the generated repository. Each function takes the calling
# script's name for its messages and sets globals: data, gate, repo.
# Needs: here, root, build, tasks, commits, seed.

# $GATE_BENCH_DATA (default /tmp/gate-bench-data), made absolute; never inside the repo.
bench_data() {
    data="${GATE_BENCH_DATA:-/tmp/gate-bench-data}"
    mkdir -p "$data"
    data="$(cd "$data" && pwd)"
    case "$data/" in
        "$root/"*) echo "$1: GATE_BENCH_DATA must lie outside the repository ($root)" >&2; exit 2 ;;
    esac
}

# $GATE_BIN, or the release build (built first unless --no-build).
bench_gate() {
    if [[ -n "${GATE_BIN:-}" ]]; then
        gate="$(realpath "$GATE_BIN")"
    else
        if (( build )); then
            echo "$1: cargo build --release --locked" >&2
            (cd "$root" && cargo build --release --locked --quiet)
        fi
        gate="$(realpath "${CARGO_TARGET_DIR:-$root/target}")/release/gate"
    fi
    [[ -x "$gate" ]] || { echo "$1: no gate binary at $gate" >&2; exit 2; }
    # A release build holds no test hook (the test clock is debug-only).
    if [[ -z "${GATE_BIN:-}" ]] && grep -q -a '__GATE_TEST_' "$gate"; then
        echo "$1: $gate holds a test hook (__GATE_TEST_*); release builds must not" >&2
        exit 2
    fi
}

# The generated repository, cached; regenerated when generate.py changes.
bench_repo() {
    repo="$data/t${tasks}-c${commits}-s${seed}"
    local gen_sum
    gen_sum="$(sha256sum "$here/generate.py" | cut -c1-16)"
    if [[ -f "$repo/.git/gate-bench.json" && "$(cat "$repo/.git/gate-bench.gen" 2>/dev/null)" == "$gen_sum" ]]; then
        echo "$1: reusing $repo" >&2
    else
        echo "$1: generating $repo" >&2
        python3 "$here/generate.py" --tasks "$tasks" --commits "$commits" --seed "$seed" \
            --out "$repo" --force >&2
        echo "$gen_sum" > "$repo/.git/gate-bench.gen"
    fi
}
