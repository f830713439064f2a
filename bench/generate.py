#!/usr/bin/env python3
"""Generate a benchmark repository for `gate`: a kanban board and a long git history.

    generate.py --tasks N --commits M --out DIR [--seed S] [--end RFC3339] [--force]

Creates a git repository at DIR holding

* `docs/agile/tasks/` with N Markdown task files whose YAML front-matter looks like a
  real Promethean board (uuid, title, slug, status over the default columns, priority
  P0-P3, labels, created_at over the last ~2 years, sometimes estimates/assignee), and a
  body of a few sections. About 2 % are P0 security tasks, most with a
  `## Implementation Plan` section;
* `gate.toml` with `[board] tasks_dir` and WIP limits roomy enough for the benchmark move;
* a history of exactly M commits with increasing dates over the same ~2 years, built in
  one `git fast-import` stream. Commits change `src/...` files; some also add task files
  (a task is added at its creation time), some only edit task files (kanban status
  changes), and some name a task id in their message.

One task is designated: a P0 security task in `todo`, created 30 days before HEAD, with a
plan, a kanban-only commit naming it, and a few commits naming it in the last 30 days
that change `src/` files -- "a P0 task with git evidence". Its id and path are printed and
written, with the other facts, to DIR/.git/gate-bench.json.

Python 3.11 standard library only. Deterministic for a given seed and --end.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
import uuid

TASKS_DIR = "docs/agile/tasks"
STATUSES = [
    "icebox", "incoming", "accepted", "breakdown", "blocked", "ready", "todo",
    "in_progress", "review", "testing", "document", "done", "rejected",
]
STATUS_WEIGHTS = [15, 10, 6, 6, 3, 6, 8, 5, 3, 2, 2, 30, 4]
# Spelling variants a real board accumulates; all normalise to the column key.
STATUS_VARIANTS = {
    "in_progress": ["In Progress", "in-progress"],
    "todo": ["To Do", "TODO"],
    "review": ["in_review", "Review"],
    "done": ["Done", "completed"],
    "icebox": ["IceBox"],
}
LIMITED = ["accepted", "breakdown", "blocked", "ready", "todo", "in_progress",
           "review", "testing", "document"]

VERBS = ["Implement", "Fix", "Refactor", "Add", "Remove", "Document", "Harden", "Migrate",
         "Optimise", "Test", "Design", "Audit", "Replace", "Extract", "Consolidate",
         "Instrument", "Validate", "Deprecate", "Backfill", "Stabilise"]
OBJECTS = ["retry logic", "config loader", "WIP limit enforcement", "status normalisation",
           "session cache", "token refresh", "rate limiter", "audit trail", "indexer queue",
           "CLI flags", "error reporting", "board renderer", "file watcher", "schema validation",
           "dependency graph", "plugin registry", "metrics export", "search index",
           "permission checks", "input sanitisation", "path resolution", "cache eviction",
           "job scheduler", "webhook delivery", "release pipeline", "test fixtures",
           "log rotation", "health checks", "migration scripts", "snapshot tests",
           "embedding service", "prompt templates", "agent runtime", "task parser",
           "markdown exporter", "git hooks", "pre-commit checks", "compliance report",
           "shadow build", "event bus"]
COMPONENTS = ["indexer-service", "kanban-cli", "auth-service", "broker", "docops",
              "simtasks", "pipelines", "frontend", "agent-core", "llm-gateway", "monitoring",
              "persistence", "file-indexer", "smartgpt-bridge", "health-dashboard",
              "markdown-graph", "cephalon", "discord-bot", "embeddings", "shadow-cljs",
              "ci", "security-gates", "compliance", "build-tools", "test-utils"]
SEC_OBJECTS = ["path traversal", "token replay", "command injection", "SSRF", "XSS",
               "secret leakage", "privilege escalation", "unsafe deserialisation",
               "open redirect", "timing attack", "prototype pollution", "symlink escape"]
LABEL_POOL = ["framework-core", "codex-task", "frontend", "backend", "kanban", "cli",
              "performance", "testing", "docs", "ci", "refactor", "bug", "enhancement",
              "tooling", "agents", "llm", "infra", "observability", "dx", "migration"]
WORDS = ("the a of to and in for with on is that by this be are from as it at an or "
         "task board column status gate commit history file parser config limit review "
         "service cache token request response error handler module package build test "
         "pipeline deploy release user agent event queue index search report metric log "
         "should must will can may needs ensure avoid keep make add remove update check "
         "validate handle load store parse render emit retry fail pass block allow move "
         "fast slow safe stable consistent missing broken flaky large small new old "
         "current previous existing legacy shared internal external").split()
PEOPLE = [("Ada Lovelace", "ada@example.org"), ("Grace Hopper", "grace@example.org"),
          ("Linus Torvalds", "linus@example.org"), ("Barbara Liskov", "barbara@example.org"),
          ("Ken Thompson", "ken@example.org"), ("Margaret Hamilton", "margaret@example.org"),
          ("Dennis Ritchie", "dennis@example.org"), ("Frances Allen", "frances@example.org"),
          ("codex-bot", "codex-bot@example.org")]
COMMIT_KINDS = ["fix", "feat", "refactor", "perf", "test", "docs", "chore", "build"]


def rfc3339(ts: float) -> str:
    d = dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def yq(s: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(s: str) -> str:
    out = []
    for ch in s.lower():
        out.append(ch if ch.isalnum() else "-")
    slug = "-".join(p for p in "".join(out).split("-") if p)
    return slug[:60].rstrip("-")


class Gen:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.end = dt.datetime.fromisoformat(args.end.replace("Z", "+00:00")).timestamp()
        self.start = self.end - 730 * 86400

    # ------------------------------------------------------------------ text
    def sentence(self, lo: int = 8, hi: int = 18) -> str:
        r = self.rng
        words = [r.choice(WORDS) for _ in range(r.randint(lo, hi))]
        if r.random() < 0.3:
            words.insert(r.randrange(len(words)), f"`{r.choice(COMPONENTS)}`")
        s = " ".join(words)
        return s[0].upper() + s[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def bullets(self, n: int, box: bool = False) -> str:
        pre = "- [ ] " if box else "- "
        return "\n".join(pre + self.sentence(4, 10) for _ in range(n))

    # ----------------------------------------------------------------- tasks
    def make_tasks(self) -> None:
        r = self.rng
        n = self.args.tasks
        seen_titles: dict[str, int] = {}
        seen_files: set[str] = set()
        self.tasks: list[dict] = []
        n_sec = max(1, round(n * 0.02))
        n_p0_other = round(n * 0.015)
        kinds = ["sec"] * n_sec + ["p0"] * n_p0_other + ["std"] * (n - n_sec - n_p0_other)
        r.shuffle(kinds)
        designated = kinds.index("sec")
        for i, kind in enumerate(kinds):
            t: dict = {"uuid": str(uuid.UUID(int=r.getrandbits(128), version=4))}
            if i == designated:
                t["designated"] = True
                title = "Fix critical token replay vulnerability in auth-service"
                status = "todo"
                created = self.end - 30 * 86400 + 1234.5
                labels = ["security", "auth-service", "p0-incident"]
            else:
                if kind == "sec":
                    title = (f"{r.choice(['Fix', 'Patch', 'Mitigate', 'Harden against'])} "
                             f"{r.choice(SEC_OBJECTS)} vulnerability in {r.choice(COMPONENTS)}")
                    labels = ["security"] + r.sample(LABEL_POOL, r.randint(0, 2))
                    if r.random() < 0.3:
                        labels.append("security-gates")
                else:
                    title = f"{r.choice(VERBS)} {r.choice(OBJECTS)} in {r.choice(COMPONENTS)}"
                    labels = r.sample(LABEL_POOL, r.randint(1, 4))
                    if r.random() < 0.03:
                        labels.append("security")
                status = r.choices(STATUSES, STATUS_WEIGHTS)[0]
                created = r.uniform(self.start, self.end - 86400)
            k = seen_titles.get(title, 0)
            seen_titles[title] = k + 1
            if k:
                title = f"{title} — part {k + 1}"
            if kind in ("sec", "p0"):
                prio = "P0"
            else:
                prio = r.choices(["P1", "P2", "P3"], [22, 45, 33])[0]
            shown_status = status
            if not t.get("designated") and status in STATUS_VARIANTS and r.random() < 0.03:
                shown_status = r.choice(STATUS_VARIANTS[status])
            slug = slugify(title)
            style = r.random()
            if style < 0.45:
                stem = title.replace("/", "-")
            elif style < 0.75:
                d = dt.datetime.fromtimestamp(created, tz=dt.timezone.utc)
                stem = d.strftime("%Y.%m.%d.%H.%M.%S") + "-" + slug
            else:
                stem = slug
            name = stem + ".md"
            j = 2
            while name.lower() in seen_files:
                name = f"{stem}-{j}.md"
                j += 1
            seen_files.add(name.lower())
            t.update(title=title, slug=slug, status=status, shown_status=shown_status,
                     priority=prio, labels=labels, created=created, kind=kind,
                     path=f"{TASKS_DIR}/{name}")
            t["plan"] = kind == "sec" and (t.get("designated") or r.random() < 0.8)
            t["text"] = self.task_text(t, shown_status)
            self.tasks.append(t)
        self.designated = self.tasks[designated]

    def task_text(self, t: dict, status: str) -> str:
        r = self.rng
        fm = ["---", f"uuid: {yq(t['uuid'])}", f"title: {yq(t['title'])}",
              f"slug: {yq(t['slug'])}", f"status: {yq(status)}",
              f"priority: {yq(t['priority'])}",
              "labels: [" + ", ".join(yq(l) for l in t["labels"]) + "]",
              f"created_at: {yq(rfc3339(t['created']))}"]
        if r.random() < 0.4:
            fm += ["estimates:", f"  complexity: {yq(r.choice(['', '1', '2', '3', '5', '8']))}",
                   f"  scale: {yq(r.choice(['', 'small', 'medium', 'large']))}",
                   f"  time_to_completion: {yq(r.choice(['', '1h', '4h', '1d', '3d']))}"]
        if r.random() < 0.25:
            fm.append(f"assignee: {yq(r.choice(PEOPLE)[0])}")
        fm.append("---")
        body = [""]
        if r.random() < 0.5:
            body += [f"#{status.replace(' ', '')}", ""]
        body += ["## 🛠️ Description", "", self.paragraph(), ""]
        if r.random() < 0.6:
            body += ["## Goals", "", self.bullets(r.randint(2, 4)), ""]
        if r.random() < 0.5:
            body += ["## Requirements", "", self.bullets(r.randint(2, 5), box=True), ""]
        if t["plan"]:
            steps = "\n".join(f"{k}. {self.sentence(6, 12)}" for k in range(1, r.randint(3, 6)))
            body += ["## Implementation Plan", "", self.paragraph(), "", steps, ""]
            if r.random() < 0.5:
                body += ["## Test Plan", "", self.bullets(r.randint(2, 4)), ""]
        body += ["## Acceptance Criteria", "", self.bullets(r.randint(2, 5), box=True), ""]
        if r.random() < 0.4:
            body += ["## Notes", "", self.paragraph(), ""]
        return "\n".join(fm + body)

    def gate_toml(self) -> str:
        counts = {s: 0 for s in STATUSES}
        for t in self.tasks:
            counts[t["status"]] += 1
        # Roomy limits: every column stays under warn_at (0.8) after one more task.
        lines = [f"{s} = {math.ceil(counts[s] * 1.5) + 10}" for s in LIMITED]
        return (
            "# Generated by bench/generate.py\n"
            "[board]\n"
            f'tasks_dir = "{TASKS_DIR}"\n\n'
            "[gates.wip-limit]\n"
            "limits = { " + ", ".join(lines) + " }\n"
        )

    # --------------------------------------------------------------- history
    def plan_history(self) -> None:
        r = self.rng
        m = self.args.commits
        step = (self.end - self.start) / m
        times = []
        last = -1
        for i in range(m):
            ts = int(self.start + i * step + r.uniform(0, step * 0.9))
            ts = max(ts, last + 1)
            times.append(ts)
            last = ts
        times[-1] = max(times[-1], int(self.end))
        self.times = times
        adds: dict[int, list[dict]] = {}
        edits: dict[int, list[dict]] = {}
        # New task files land with the first commit of each day (a board sync), so that
        # only a few commits rewrite the (large) tree of the tasks directory: fast-import
        # sorts and deltifies that tree on every commit that touches it.
        day_firsts = [i for i in range(m) if i == 0 or times[i] // 86400 != times[i - 1] // 86400]
        for t in self.tasks:
            i = min(bisect.bisect_left(times, t["created"]), m - 1)
            k = bisect.bisect_left(day_firsts, i)
            i = day_firsts[k] if k < len(day_firsts) else m - 1
            if t.get("designated"):
                i = min(bisect.bisect_left(times, t["created"]), m - 1)
            t["add_at"] = i
            adds.setdefault(i, []).append(t)
        # ~1 % of commits are kanban status changes that only touch task files.
        n_kanban = min(len(self.tasks), max(1, m // 100))
        for t in r.sample(self.tasks, n_kanban):
            if t.get("designated") or t["add_at"] >= m - 1:
                continue
            t["edit_at"] = r.randint(t["add_at"] + 1, m - 1)
        d = self.designated
        # Designated: moved to todo by a kanban-only commit shortly after creation, and a few
        # code commits naming it in the last 30 days.
        span = list(range(d["add_at"] + 1, m))
        if len(span) < 6:
            sys.exit("generate.py: too few commits after the designated task's creation; "
                     "use more --commits")
        d["edit_at"] = span[min(2, len(span) - 1)]
        self.evidence = sorted(r.sample(span[3:], min(4, len(span) - 3)))
        for t in self.tasks:
            if "edit_at" in t:
                edits.setdefault(t["edit_at"], []).append(t)
        self.adds, self.edits = adds, edits

    def src_blob(self, path: str, rev: int) -> bytes:
        r = self.rng
        lines = [f"// {path}", f"// revision {rev}", ""]
        for k in range(r.randint(3, 12)):
            lines.append(f"pub fn f{k}_{rev}() -> u32 {{ {r.randint(0, 1 << 20)} }}")
        return ("\n".join(lines) + "\n").encode()

    def stream(self, out) -> dict:
        r = self.rng
        m = self.args.commits
        modules = ["auth", "board", "cli", "config", "git", "index", "parser", "render",
                   "queue", "store", "api", "util", "watch", "report", "agents", "llm"]
        n_src = max(50, min(2000, m // 25))
        # Small directories keep the per-commit tree rewrites cheap for fast-import.
        subdirs = ["core", "io", "model", "tests", "util", "impl", "api", "cli"]
        src_files = [f"src/{r.choice(modules)}/{r.choice(subdirs)}/"
                     f"{slugify(r.choice(OBJECTS)).replace('-', '_')}_{k}.rs"
                     for k in range(n_src)]
        added_ids: list[str] = []
        stats = {"kanban_only": 0, "referencing": 0, "task_adds": len(self.tasks)}
        evidence = set(self.evidence)
        did = self.designated["uuid"]
        buf = bytearray()

        def data(b: bytes) -> None:
            buf.extend(b"data %d\n" % len(b))
            buf.extend(b)
            buf.extend(b"\n")

        def modify(path: str, b: bytes) -> None:
            buf.extend(b"M 100644 inline ")
            buf.extend(path.encode())
            buf.extend(b"\n")
            data(b)

        for i in range(m):
            ts = self.times[i]
            name, email = r.choice(PEOPLE)
            adds = self.adds.get(i, [])
            edits = self.edits.get(i, [])
            files: list[tuple[str, bytes]] = []
            refs: list[str] = []
            if i == 0:
                files.append(("gate.toml", self.gate_toml().encode()))
                files.append(("README.md", b"# Benchmark project\n\nGenerated by bench/generate.py.\n"))
                files += [(p, self.src_blob(p, 0)) for p in src_files]
                msg = "Initial import"
            elif edits and (i not in evidence) and (r.random() < 0.85 or edits[0].get("designated")):
                # kanban tool commit: task files only
                t = edits[0]
                files += [(e["path"], e["text"].encode()) for e in edits]
                msg = f"chore(kanban): move \"{t['title']}\" to {t['status']}\n\nTask: {t['uuid']}\n"
                stats["kanban_only"] += 1
            else:
                kind = r.choice(COMMIT_KINDS)
                subj = f"{kind}({r.choice(modules)}): {r.choice(VERBS).lower()} {r.choice(OBJECTS)}"
                for p in r.sample(src_files, r.choices((1, 2, 3), (6, 3, 1))[0]):
                    files.append((p, self.src_blob(p, i)))
                if i in evidence:
                    refs.append(did)
                    subj = f"fix(auth): {r.choice(['reject replayed', 'bind', 'rotate', 'expire'])} session tokens"
                elif added_ids and r.random() < 0.08:
                    refs.append(r.choice(added_ids))
                body = self.sentence() if r.random() < 0.5 else ""
                if refs:
                    stats["referencing"] += 1
                    if r.random() < 0.5:
                        subj += f" [{refs[0]}]"
                    else:
                        body = (body + "\n\n" if body else "") + f"Refs: {refs[0]}"
                msg = subj + ("\n\n" + body + "\n" if body else "\n")
                files += [(e["path"], e["text"].encode()) for e in edits]
            for t in adds:
                # A task edited later is first committed as a new card in `incoming`.
                txt = t["text"] if "edit_at" not in t else self.task_text(t, "incoming")
                files.append((t["path"], txt.encode()))
                added_ids.append(t["uuid"])
            buf.extend(b"commit refs/heads/main\nmark :%d\n" % (i + 1))
            who = f"{name} <{email}> {ts} +0000\n".encode()
            buf.extend(b"author " + who)
            buf.extend(b"committer " + who)
            data(msg.encode())
            for p, b in files:
                modify(p, b)
            buf.extend(b"\n")
            if len(buf) > 1 << 20:
                out.write(buf)
                buf.clear()
        buf.extend(b"done\n")
        out.write(buf)
        return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, required=True, help="number of task files")
    ap.add_argument("--commits", type=int, required=True, help="number of commits")
    ap.add_argument("--out", required=True, help="repository to create")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--end", default="2026-10-01T12:00:00Z",
                    help="date of HEAD, RFC 3339 (default 2026-10-01T12:00:00Z)")
    ap.add_argument("--force", action="store_true",
                    help="replace DIR if it is a repository made by this script")
    args = ap.parse_args()
    if args.tasks < 1 or args.commits < 50:
        ap.error("need --tasks >= 1 and --commits >= 50")
    t0 = time.monotonic()
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        if os.listdir(out):
            if not args.force:
                ap.error(f"{out} exists and is not empty (use --force)")
            if not os.path.exists(os.path.join(out, ".git", "gate-bench.json")):
                ap.error(f"{out} is not a repository made by generate.py; not replacing it")
        shutil.rmtree(out)
    os.makedirs(out)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               LC_ALL="C")

    def git(*a: str, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", out, *a], env=env, check=True, **kw)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Bench User")
    git("config", "user.email", "bench@example.org")
    g = Gen(args)
    g.make_tasks()
    g.plan_history()
    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--done"],
                          stdin=subprocess.PIPE, env=env)
    assert fi.stdin is not None
    stats = g.stream(fi.stdin)
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("generate.py: git fast-import failed")
    t_import = time.monotonic() - t0
    git("reset", "-q", "--hard", "main")
    d = g.designated
    info = {
        "tasks": args.tasks, "commits": args.commits, "seed": args.seed, "end": args.end,
        "tasks_dir": TASKS_DIR,
        "designated": {"id": d["uuid"], "path": d["path"], "title": d["title"],
                       "status": d["status"], "priority": d["priority"],
                       "created_at": rfc3339(d["created"]),
                       "evidence_commits": len(g.evidence),
                       # how far the P0 gate's walk must go: commits from HEAD back to the
                       # newest evidence, and back to created - 1 day (the lower bound)
                       "newest_evidence_commits_back": args.commits - 1 - g.evidence[-1],
                       "commits_since_created_minus_1d": args.commits - bisect.bisect_left(
                           g.times, d["created"] - 86400)},
        "p0_security_tasks": sum(1 for t in g.tasks if t["kind"] == "sec"),
        "commits_kanban_only": stats["kanban_only"],
        "commits_referencing_a_task": stats["referencing"],
        "seconds": round(time.monotonic() - t0, 2),
        "seconds_fast_import": round(t_import, 2),
    }
    with open(os.path.join(out, ".git", "gate-bench.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"repo:     {out}")
    print(f"tasks:    {args.tasks} in {TASKS_DIR} ({info['p0_security_tasks']} P0 security)")
    print(f"commits:  {args.commits} ({stats['kanban_only']} kanban-only, "
          f"{stats['referencing']} naming a task)")
    print(f"task id:  {d['uuid']}")
    print(f"path:     {d['path']}")
    print(f"evidence: {len(g.evidence)} commits, newest {info['designated']['newest_evidence_commits_back']}"
          f" commits back; {info['designated']['commits_since_created_minus_1d']} commits since"
          f" created - 1 day")
    print(f"time:     {info['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
