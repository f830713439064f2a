#!/usr/bin/env python3
"""Add a `feature` branch to a clone of a generate.py repository, for timing `gate ci`.

    branch.py --repo REPO --out DIR [--commits N] [--seed S] [--force]

Clones REPO (made by generate.py; never modified) to DIR with `git clone --shared` (its
objects are borrowed, not copied) and adds `refs/heads/feature`: N commits (default 100)
on top of `main`, one every ten minutes after main's HEAD, each moving two tasks one step
along the default workflow (icebox -> incoming -> accepted -> breakdown -> ready -> todo ->
in_progress -> review -> testing -> document -> done; blocked -> breakdown, rejected ->
icebox) by rewriting only their `status:` line. Every other commit also changes a `src/`
file.

Ten P0 security tasks in `todo` .. `testing` are moved twice each (20 of the 2N moves), so
`gate ci` reads commit evidence for them. Their evidence on the branch comes in three kinds,
by the task's rank: 0 - the commit of its first move names it (`[id]`) and changes `src/`
(evidence as of that commit: the move is allowed if the rest is met); 1 - a commit after
its last move names it and changes `src/` (too late: the moves stay blocked); 2 - no commit
on the branch names it (the walk reads back to the task's creation). The other moves are of
tasks outside that scope, 15 of them twice.

Facts about the branch go to DIR/.git/gate-bench-branch.json. Deterministic for a given
REPO, N and seed. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import STATUS_VARIANTS, TASKS_DIR  # noqa: E402

NEXT = {
    "icebox": "incoming", "incoming": "accepted", "accepted": "breakdown",
    "breakdown": "ready", "blocked": "breakdown", "ready": "todo", "todo": "in_progress",
    "in_progress": "review", "review": "testing", "testing": "document",
    "document": "done", "rejected": "icebox",
}
# A variant spelling -> its column key.
CANONICAL = {v: k for k, vs in STATUS_VARIANTS.items() for v in vs}
P0_FROM = {"todo", "in_progress", "review", "testing"}
N_P0 = 10
N_TWICE = 15

STATUS_LINE = re.compile(r'^status:[^\n]*$', re.M)


def field(front: str, key: str) -> str:
    m = re.search(rf'^{key}:\s*"?([^"\n]*)"?', front, re.M)
    return m.group(1) if m else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, help="repository made by generate.py")
    ap.add_argument("--out", required=True, help="clone to create")
    ap.add_argument("--commits", type=int, default=100, help="commits on the branch (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace DIR if branch.py made it")
    args = ap.parse_args()
    if args.commits < 2 * N_P0:
        ap.error(f"need --commits >= {2 * N_P0}")
    repo = os.path.abspath(args.repo)
    out = os.path.abspath(args.out)
    if not os.path.exists(os.path.join(repo, ".git", "gate-bench.json")):
        ap.error(f"{repo} is not a repository made by generate.py")
    if os.path.exists(out):
        if not os.path.exists(os.path.join(out, ".git", "gate-bench-branch.json")) and os.listdir(out):
            ap.error(f"{out} exists and is not a clone made by branch.py; not replacing it")
        if not args.force:
            ap.error(f"{out} exists (use --force)")
        shutil.rmtree(out)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C")

    def git(*a: str, cwd: str = out, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", cwd, *a], env=env, check=True, **kw)

    git("clone", "-q", "--shared", "-b", "main", repo, out, cwd=repo)
    git("config", "user.name", "Bench User")
    git("config", "user.email", "bench@example.org")
    main_sha = git("rev-parse", "main", capture_output=True, text=True).stdout.strip()
    head_time = int(git("log", "-1", "--format=%ct", "main", capture_output=True, text=True).stdout)

    # Every task file at main, with its front-matter facts.
    names = git("ls-tree", "-r", "--name-only", "main", "--", TASKS_DIR,
                capture_output=True, text=True).stdout.split("\n")
    names = sorted(n for n in names if n.endswith(".md"))
    batch = subprocess.run(["git", "-C", out, "cat-file", "--batch"], env=env, check=True,
                           input="".join(f"main:{n}\n" for n in names).encode(),
                           capture_output=True).stdout
    tasks: dict[str, dict] = {}
    pos = 0
    for name in names:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        text = batch[header_end + 1:header_end + 1 + size].decode("utf-8")
        pos = header_end + 1 + size + 1
        front = text.split("\n---", 1)[0]
        shown = field(front, "status")
        status = CANONICAL.get(shown, shown)
        labels = (re.search(r"^labels:(.*)$", front, re.M) or [None, ""])[1]
        sec = field(front, "priority") == "P0" and "security" in labels
        tasks[name] = {"path": name, "text": text, "status": status, "sec": sec,
                       "uuid": field(front, "uuid"), "title": field(front, "title")}

    rng = random.Random(args.seed)
    movable = [n for n, t in tasks.items() if t["status"] in NEXT]
    p0 = rng.sample(sorted(n for n in movable if tasks[n]["sec"] and tasks[n]["status"] in P0_FROM), N_P0)
    n_other = 2 * args.commits - 2 * N_P0 - N_TWICE
    others = rng.sample(sorted(n for n in movable if not tasks[n]["sec"]), n_other)
    # Two steps from `document` would leave `done`, which has none: move those once.
    twice = [n for n in others if NEXT.get(NEXT[tasks[n]["status"]])][:N_TWICE]
    tokens = p0 * 2 + others + twice
    rng.shuffle(tokens)
    # No commit moves one task twice: swap a duplicate's second half with a token that
    # makes neither pair a duplicate.
    for k in range(0, len(tokens), 2):
        if tokens[k] == tokens[k + 1]:
            j = next(j for j in range(len(tokens))
                     if j // 2 != k // 2 and tokens[j] != tokens[k] and tokens[j ^ 1] != tokens[k + 1])
            tokens[k + 1], tokens[j] = tokens[j], tokens[k + 1]

    moves = [tokens[2 * k:2 * k + 2] for k in range(args.commits)]
    first_move = {n: next(k for k, m in enumerate(moves) if n in m) for n in p0}
    last_move = {n: max(k for k, m in enumerate(moves) if n in m) for n in p0}
    names_at: dict[int, list[str]] = {}
    for rank, n in enumerate(p0):
        kind = rank % 3
        if kind == 0:
            names_at.setdefault(first_move[n], []).append(n)
        elif kind == 1:
            at = min(args.commits - 1, last_move[n] + 1 + rng.randrange(3))
            if at > last_move[n]:
                names_at.setdefault(at, []).append(n)

    src = sorted(p for p in git("ls-tree", "-r", "--name-only", "main", "--", "src",
                                capture_output=True, text=True).stdout.split("\n") if p)
    buf = bytearray()

    def data(b: bytes) -> None:
        buf.extend(b"data %d\n" % len(b))
        buf.extend(b)
        buf.extend(b"\n")

    moved = 0
    for k, pair in enumerate(moves):
        files: list[tuple[str, bytes]] = []
        steps = []
        for n in pair:
            t = tasks[n]
            to = NEXT[t["status"]]
            t["text"] = STATUS_LINE.sub(f'status: "{to}"', t["text"], count=1)
            t["status"] = to
            files.append((n, t["text"].encode()))
            steps.append(f'"{t["title"]}" to {to}')
            moved += 1
        named = [tasks[n]["uuid"] for n in names_at.get(k, [])]
        code = bool(named) or k % 2 == 1
        if code:
            path = rng.choice(src)
            files.append((path, f"// {path}\n// feature revision {k}\npub fn feature_{k}() -> u32 {{ {rng.randrange(1 << 20)} }}\n".encode()))
        if named:
            msg = f"fix(auth): close the hole [{named[0]}]\n\n" + "".join(f"Task: {u}\n" for u in named)
        elif code:
            msg = f"feat(board): move {steps[0]} and {steps[1]}\n"
        else:
            msg = f"chore(kanban): move {steps[0]} and {steps[1]}\n"
        ts = head_time + 600 * (k + 1)
        buf.extend(b"commit refs/heads/feature\n")
        who = f"Feature Dev <dev@example.org> {ts} +0000\n".encode()
        buf.extend(b"author " + who + b"committer " + who)
        data(msg.encode())
        if k == 0:
            buf.extend(f"from {main_sha}\n".encode())
        for path, b in files:
            buf.extend(b"M 100644 inline " + path.encode() + b"\n")
            data(b)
        buf.extend(b"\n")
    buf.extend(b"done\n")
    subprocess.run(["git", "-C", out, "fast-import", "--quiet", "--done"], env=env, check=True,
                   input=bytes(buf))
    info = {
        "repo": repo, "main": main_sha, "commits": args.commits, "seed": args.seed,
        "moves": moved, "p0_security_moves": 2 * N_P0,
        "p0_security_tasks": [{"id": tasks[n]["uuid"], "path": n, "evidence": ["first-move", "too-late", "none"][r % 3]}
                              for r, n in enumerate(p0)],
    }
    with open(os.path.join(out, ".git", "gate-bench-branch.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"branch:   feature in {out}: {args.commits} commits, {moved} moves "
          f"({2 * N_P0} of P0 security tasks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
