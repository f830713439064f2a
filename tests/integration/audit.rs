//! The audit log end to end (SPEC §8): every outcome recorded, dry runs
//! not; the chain re-checked by an independent implementation; tampering
//! found at the right line; concurrent writers; torn-tail recovery.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::support::{GitRepo, NOW, demo_board, empty_home, gate_process};

/// A `gate` process in `dir`, in the tests' scrubbed environment.
fn gate_cmd(dir: &Path) -> Command {
    gate_process(dir, empty_home())
}

fn run(dir: &Path, args: &[&str]) -> Output {
    gate_cmd(dir).args(args).output().unwrap()
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join(".gate/audit.jsonl")
}

fn log_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(log_path(dir))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// An independent check of the log, written from SPEC §8 (as amended)
/// alone: each record's hash is SHA-256 of its `prev` text (the hash, or
/// the hashes of a `prev` list joined by `,`) + "\n" + the line without
/// `,"hash":"…"`; every hash `prev` names is an earlier record; `seq` is one
/// more than the largest of theirs; a line that is not a record is directly
/// followed by a `recover` record whose `torn` names its byte range.
/// Returns the number of records.
fn recheck_chain(text: &str) -> usize {
    const KEYS: &[&str] = &[
        "v",
        "seq",
        "ts",
        "actor",
        "command",
        "task_id",
        "task_title",
        "priority",
        "from",
        "to",
        "outcome",
        "gates",
        "reason",
        "prior",
        "prior_digest",
        "prev",
        "hash",
    ];
    let mut seqs: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut torn: Vec<Value> = Vec::new();
    let mut offset = 0;
    let mut n = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let line = line
            .strip_suffix('\n')
            .expect("every line ends with a newline");
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            torn.push(serde_json::json!([start, start + line.len()]));
            continue;
        };
        let at = line.rfind(",\"hash\":\"").expect("hash key");
        let body = format!("{}}}", &line[..at]);
        let stored = &line[at + 9..line.len() - 2];
        let prevs: Vec<String> = match &v["prev"] {
            Value::String(p) => vec![p.clone()],
            Value::Array(ps) => ps.iter().map(|p| p.as_str().unwrap().to_owned()).collect(),
            other => panic!("line {}: prev {other}", i + 1),
        };
        let mut h = Sha256::new();
        h.update(format!("{}\n{body}", prevs.join(",")).as_bytes());
        assert_eq!(hex(&h.finalize()), stored, "line {}", i + 1);
        let keys: Vec<&str> = v
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "torn")
            .collect();
        assert_eq!(keys, KEYS, "line {}", i + 1);
        assert_eq!(v["v"], 1);
        if torn.is_empty() {
            assert!(v.get("torn").is_none(), "line {}", i + 1);
        } else {
            assert_eq!(v["command"], "recover", "line {}", i + 1);
            assert_eq!(
                v["torn"],
                Value::Array(std::mem::take(&mut torn)),
                "line {}",
                i + 1
            );
        }
        let parent = if prevs == ["0".repeat(64)] {
            0
        } else {
            prevs
                .iter()
                .map(|p| {
                    *seqs
                        .get(p)
                        .unwrap_or_else(|| panic!("line {}: unknown prev", i + 1))
                })
                .max()
                .unwrap()
        };
        assert_eq!(v["seq"], parent + 1, "line {}", i + 1);
        seqs.insert(stored.to_owned(), parent + 1);
        n += 1;
    }
    assert!(
        torn.is_empty(),
        "a torn line with no recover record after it"
    );
    n
}

#[test]
fn every_outcome_is_recorded_and_dry_run_and_no_op_are_not() {
    let board = demo_board();
    let dir = board.path();
    std::fs::write(
        dir.join("tasks/broken.md"),
        "---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> other\n---\n",
    )
    .unwrap();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &[
                "check",
                "add-csv-export",
                "--to",
                "todo",
                "--format",
                "json",
            ],
            0,
            "allowed",
        ),
        (
            &[
                "check",
                "paginate-audit-log-api",
                "--to",
                "in_progress",
                "--format",
                "json",
            ],
            1,
            "blocked",
        ),
        (
            &[
                "check",
                "paginate-audit-log-api",
                "--to",
                "in_progress",
                "--force",
                "--reason",
                "release hotfix",
                "--format",
                "json",
            ],
            0,
            "overridden",
        ),
        (&["check", "tasks/broken.md", "--to", "todo"], 2, "error"),
    ];
    for (i, (args, code, outcome)) in cases.iter().enumerate() {
        let out = run(dir, args);
        assert_eq!(
            out.status.code(),
            Some(*code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args.contains(&"json") {
            let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc["outcome"], *outcome);
            assert_eq!(doc["audit"]["recorded"], true);
            assert_eq!(doc["audit"]["seq"], i as u64 + 1);
            let lines = log_lines(dir);
            assert!(lines[i].ends_with(&format!(
                "\"hash\":\"{}\"}}",
                doc["audit"]["hash"].as_str().unwrap()
            )));
        }
    }
    // Not recorded: a dry run, a no-op move.
    assert_eq!(
        run(
            dir,
            &["check", "add-csv-export", "--to", "todo", "--dry-run"]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        run(
            dir,
            &[
                "check",
                "add-csv-export",
                "--to",
                "ready",
                "--format",
                "json"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    let lines = log_lines(dir);
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let records: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcomes: Vec<&str> = records
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["allowed", "blocked", "overridden", "error"]);
    assert_eq!(records[0]["actor"], "tester");
    assert_eq!(records[0]["ts"], NOW);
    assert_eq!(records[0]["command"], "check");
    assert_eq!(
        records[1]["gates"][1],
        serde_json::json!({"id": "wip-limit", "verdict": "fail", "codes": ["wip-limit/exceeded"]})
    );
    assert_eq!(records[1]["reason"], Value::Null);
    assert_eq!(records[2]["reason"], "release hotfix");
    assert_eq!(records[3]["task_title"], "tasks/broken.md");
    assert_eq!(
        recheck_chain(&std::fs::read_to_string(log_path(dir)).unwrap()),
        4
    );
    let verify = run(dir, &["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&verify.stdout)
            .starts_with("ok: .gate/audit.jsonl: 4 records, chain intact")
    );
}

#[test]
fn the_actor_is_the_repository_git_identity() {
    let repo = GitRepo::unborn_fixture("demo");
    let dir = repo.path();
    let git = |args: &[&str]| {
        repo.git(args);
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Ada Lovelace"]);
    git(&["config", "user.email", "ada@example.com"]);
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let record: Value = serde_json::from_str(&log_lines(dir)[0]).unwrap();
    assert_eq!(record["actor"], "Ada Lovelace <ada@example.com>");
}

#[test]
fn disabled_audit_records_nothing() {
    let board = demo_board();
    let dir = board.path();
    let mut config = std::fs::read_to_string(dir.join("gate.toml")).unwrap();
    config.push_str("\n[audit]\nenabled = false\n");
    std::fs::write(dir.join("gate.toml"), config).unwrap();
    let out = run(
        dir,
        &[
            "check",
            "add-csv-export",
            "--to",
            "todo",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["audit"]["recorded"], false);
    assert!(!log_path(dir).exists());
}

#[test]
fn an_unwritable_log_makes_the_check_an_error() {
    let board = demo_board();
    let dir = board.path();
    // The log's directory is a file: the record cannot be written.
    std::fs::write(dir.join(".gate"), "not a directory").unwrap();
    let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not be recorded in the audit log"),
        "{err}"
    );
}

/// Five records from the binary: the log the tampering tests start from.
fn five_records(dir: &Path) -> Vec<String> {
    for _ in 0..5 {
        run(dir, &["check", "add-csv-export", "--to", "todo"]);
    }
    log_lines(dir)
}

fn verify_after(dir: &Path, lines: &[String]) -> (i32, String) {
    std::fs::write(log_path(dir), lines.join("\n") + "\n").unwrap();
    let out = run(dir, &["audit", "verify"]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn tampering_is_found_at_its_line() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    assert_eq!(verify_after(dir, &good).0, 0);

    let mut edited = good.clone();
    edited[2] = edited[2].replacen("\"outcome\":\"allowed\"", "\"outcome\":\"blocked\"", 1);
    let (code, out) = verify_after(dir, &edited);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("tampered: .gate/audit.jsonl:3: record seq 3 was edited"),
        "{out}"
    );

    let mut one_byte = good.clone();
    one_byte[1] = one_byte[1].replacen("tester", "tested", 1);
    let (code, out) = verify_after(dir, &one_byte);
    assert_eq!(code, 1);
    assert!(
        out.contains(".gate/audit.jsonl:2: record seq 2 was edited"),
        "{out}"
    );

    let mut deleted = good.clone();
    deleted.remove(2);
    let (code, out) = verify_after(dir, &deleted);
    assert_eq!(code, 1);
    assert!(
        out.contains(":3: record seq 4 follows ")
            && out.contains("which is not a record earlier in the log: a record was removed"),
        "{out}"
    );

    let mut inserted = good.clone();
    inserted.insert(2, good[1].clone());
    let (code, out) = verify_after(dir, &inserted);
    assert_eq!(code, 1);
    assert!(
        out.contains(":3: record seq 2 repeats line 2: a record was copied"),
        "{out}"
    );

    let mut swapped = good.clone();
    swapped.swap(1, 2);
    let (code, out) = verify_after(dir, &swapped);
    assert_eq!(code, 1);
    assert!(
        out.contains(":2: record seq 3 follows ") && out.contains("reordered"),
        "{out}"
    );

    // A forged replacement with a correct hash of its own still breaks the
    // link to the next record.
    let mut forged = good.clone();
    let body = forged[1].replacen("\"outcome\":\"allowed\"", "\"outcome\":\"blocked\"", 1);
    let at = body.rfind(",\"hash\":\"").unwrap();
    let prev = &good[0][good[0].len() - 66..good[0].len() - 2];
    let mut h = Sha256::new();
    h.update(format!("{prev}\n{}}}", &body[..at]).as_bytes());
    forged[1] = format!("{},\"hash\":\"{}\"}}", &body[..at], hex(&h.finalize()));
    let (code, out) = verify_after(dir, &forged);
    assert_eq!(code, 1);
    assert!(
        out.contains(":3: record seq 3 follows ")
            && out.contains("which is not a record earlier in the log"),
        "{out}"
    );
}

#[test]
fn anchors_catch_a_rewritten_log() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    let head = &good[3][good[3].len() - 66..good[3].len() - 2];
    let out = run(
        dir,
        &["audit", "verify", "--anchor", head, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            doc["ok"].clone(),
            doc["anchor_found"].clone(),
            doc["records"].clone()
        ),
        (true.into(), true.into(), 5.into())
    );
    // Cut back to three records: still a valid chain, but the anchor is gone.
    let (code, out) = {
        std::fs::write(log_path(dir), good[..3].join("\n") + "\n").unwrap();
        let o = run(dir, &["audit", "verify", "--anchor", head]);
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    assert_eq!(code, 1);
    assert!(out.contains("is not in the chain"), "{out}");
}

#[test]
fn concurrent_writers_lose_nothing_and_never_interleave() {
    const PROCESSES: usize = 16;
    const EACH: usize = 20;
    let board = demo_board();
    let dir = board.path().to_path_buf();
    let threads: Vec<_> = (0..PROCESSES)
        .map(|p| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                for i in 0..EACH {
                    let reason = format!("writer {p} record {i}");
                    let out = run(
                        &dir,
                        &[
                            "check",
                            "paginate-audit-log-api",
                            "--to",
                            "in_progress",
                            "--force",
                            "--reason",
                            &reason,
                            "-q",
                        ],
                    );
                    assert_eq!(
                        out.status.code(),
                        Some(0),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let text = std::fs::read_to_string(log_path(&dir)).unwrap();
    assert_eq!(recheck_chain(&text), PROCESSES * EACH);
    let mut reasons: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["reason"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    reasons.sort();
    let mut expected: Vec<String> = (0..PROCESSES)
        .flat_map(|p| (0..EACH).map(move |i| format!("writer {p} record {i}")))
        .collect();
    expected.sort();
    assert_eq!(reasons, expected);
}

#[test]
fn a_torn_tail_is_recovered_with_its_bytes_preserved() {
    let board = demo_board();
    let dir = board.path();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let torn = b"{\"v\":1,\"seq\":2,\"ts\":\"2025-11-01T12:00:00Z\",\"actor\":\"te";
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(log_path(dir))
        .unwrap();
    std::io::Write::write_all(&mut f, torn).unwrap();
    drop(f);
    let before = std::fs::read(log_path(dir)).unwrap();
    let verify = run(dir, &["audit", "verify"]);
    assert_eq!(verify.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&verify.stderr)
            .contains(&format!("torn write of {} bytes", torn.len())),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );

    let out = run(
        dir,
        &[
            "check",
            "add-csv-export",
            "--to",
            "todo",
            "--format",
            "json",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["audit"]["seq"], 3);
    // Nothing is moved out or cut: the log only grew.
    assert!(!dir.join(".gate/audit.jsonl.torn").exists());
    let after = std::fs::read(log_path(dir)).unwrap();
    assert!(after.starts_with(&before));
    let text = String::from_utf8(after).unwrap();
    assert_eq!(recheck_chain(&text), 3);
    assert_eq!(text.lines().nth(1).unwrap().as_bytes(), torn);
    let recover: Value = serde_json::from_str(text.lines().nth(2).unwrap()).unwrap();
    assert_eq!(recover["command"], "recover");
    assert_eq!(recover["outcome"], "recovered");
    let start = before.len() - torn.len();
    assert_eq!(recover["torn"], serde_json::json!([[start, before.len()]]));
    super::schemas::assert_valid("audit-record.json", &recover);
    assert_eq!(run(dir, &["audit", "verify"]).status.code(), Some(0));
    // `audit log` neither warns about the noted torn line nor refuses the
    // outcome the log holds.
    let out = run(dir, &["audit", "log", "--outcome", "recovered"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("recover") && !listed.contains("add-csv"),
        "{listed}"
    );
}

/// Clears `chattr +a` on drop, so the temporary directory can go.
#[cfg(unix)]
struct AppendOnly(Option<PathBuf>);

#[cfg(unix)]
impl Drop for AppendOnly {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = Command::new("chattr").arg("-a").arg(p).status();
        }
    }
}

/// A log a writer can only append to (`chattr +a`: no truncation, no
/// rename) takes the recovery of a torn write and every record after it.
/// Where `chattr +a` is not permitted (not root, or a file system without
/// it) the test still checks that every write is an append: the bytes
/// before stay a prefix, the inode stays the same.
#[cfg(unix)]
#[test]
fn recovery_only_appends() {
    let board = demo_board();
    let dir = board.path();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(log_path(dir))
        .unwrap();
    std::io::Write::write_all(&mut f, b"{\"v\":1,\"se").unwrap();
    drop(f);
    let chattr = Command::new("chattr")
        .arg("+a")
        .arg(log_path(dir))
        .output()
        .is_ok_and(|o| o.status.success());
    let _guard = AppendOnly(chattr.then(|| log_path(dir)));
    if chattr {
        // Really append-only now: cutting it fails.
        let f = std::fs::OpenOptions::new().write(true).open(log_path(dir));
        assert!(f.is_err());
    } else {
        eprintln!("note: chattr +a not permitted here; checking appends by content only");
    }
    let inode = |p: &Path| {
        use std::os::unix::fs::MetadataExt as _;
        std::fs::metadata(p).unwrap().ino()
    };
    let first = inode(&log_path(dir));
    for _ in 0..3 {
        let before = std::fs::read(log_path(dir)).unwrap();
        let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read(log_path(dir)).unwrap().starts_with(&before));
        assert_eq!(inode(&log_path(dir)), first);
    }
    let text = std::fs::read_to_string(log_path(dir)).unwrap();
    assert_eq!(recheck_chain(&text), 5);
    assert_eq!(text.matches("\"command\":\"recover\"").count(), 1);
}

#[test]
fn audit_log_lists_and_filters() {
    let board = demo_board();
    let dir = board.path();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    gate_cmd(dir)
        .env("__GATE_TEST_NOW", "2025-11-03T09:30:00Z")
        .args(["check", "paginate-audit-log-api", "--to", "in_progress"])
        .output()
        .unwrap();
    let out = run(dir, &["audit", "log"]);
    assert_eq!(out.status.code(), Some(0));
    snapbox::assert_data_eq!(
        String::from_utf8(out.stdout).unwrap(),
        snapbox::str![[r"
seq  time                  actor   command  task                                         move                 outcome  reason
1    2025-11-01T12:00:00Z  tester  check    2b94d1f3 Add CSV export to the reports page  ready -> todo        allowed
2    2025-11-03T09:30:00Z  tester  check    5e2a9c41 Paginate the audit log API          todo -> in_progress  blocked

"]]
    );
    let json = |args: &[&str]| -> Vec<u64> {
        let out = gate_cmd(dir)
            .env("__GATE_TEST_NOW", "2025-11-04T00:00:00Z")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["seq"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(json(&["audit", "log", "--format", "json"]), [1, 2]);
    assert_eq!(
        json(&["audit", "log", "--format", "json", "--outcome", "blocked"]),
        [2]
    );
    assert_eq!(
        json(&["audit", "log", "--format", "json", "--task", "2b94"]),
        [1]
    );
    assert_eq!(
        json(&["audit", "log", "--format", "json", "--task", "paginate"]),
        [2]
    );
    assert_eq!(
        json(&["audit", "log", "--format", "json", "--since", "2d"]),
        [2]
    );
    assert_eq!(
        json(&["audit", "log", "--format", "json", "--since", "2025-11-01"]),
        [1, 2]
    );
    assert_eq!(
        run(dir, &["audit", "log", "--outcome", "maybe"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_gate_error_is_recorded_as_error() {
    // Outside a git repository the P0 gate cannot look for commits: error.
    let board = demo_board();
    let dir = board.path();
    let out = run(
        dir,
        &[
            "check",
            "harden-password-reset-tokens",
            "--to",
            "in_progress",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["outcome"].as_str(), doc["audit"]["seq"].as_u64()),
        (Some("error"), Some(1))
    );
    let record: Value = serde_json::from_str(&log_lines(dir)[0]).unwrap();
    assert_eq!(record["outcome"], "error");
    let p0 = record["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "p0-security")
        .unwrap();
    assert_eq!(p0["verdict"], "error");
    assert!(
        p0["codes"]
            .as_array()
            .unwrap()
            .contains(&Value::from("p0-security/no-git")),
        "{p0}"
    );
}

/// Runs `cmd`; a process still running after 20 s is killed and the test
/// fails: gate must never block on a file.
#[cfg(unix)]
fn run_bounded(mut cmd: Command) -> Output {
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gate blocked: {cmd:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_log_or_the_config_is_refused_without_blocking() {
    let board = demo_board();
    let dir = board.path();
    std::fs::create_dir_all(dir.join(".gate")).unwrap();
    let mkfifo = |p: &Path| assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
    mkfifo(&log_path(dir));
    for args in [
        &["audit", "verify"][..],
        &["audit", "log"],
        &["report"],
        &["check", "add-csv-export", "--to", "todo"],
    ] {
        let mut cmd = gate_cmd(dir);
        cmd.args(args);
        let out = run_bounded(cmd);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.matches("not a regular file").count(),
            1,
            "{args:?}: {err}"
        );
    }
    let fifo = dir.join("fifo.toml");
    mkfifo(&fifo);
    let mut cmd = gate_cmd(dir);
    cmd.args(["--config", "fifo.toml", "board"]);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let mut cmd = gate_cmd(dir);
    cmd.env("GATE_CONFIG", &fifo).args(["board"]);
    let out = run_bounded(cmd);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_linked_log_or_a_path_leading_out_is_refused_and_nothing_outside_is_touched() {
    let board = demo_board();
    let dir = board.path();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("notes.txt");
    std::fs::write(&victim, "keep me\nno newline at the end").unwrap();
    std::fs::create_dir_all(dir.join(".gate")).unwrap();
    std::os::unix::fs::symlink(&victim, log_path(dir)).unwrap();
    let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "keep me\nno newline at the end"
    );
    assert!(!outside.path().join("notes.txt.torn").exists());
    // A dangling link creates nothing where it points.
    std::fs::remove_file(log_path(dir)).unwrap();
    let target = outside.path().join("created.jsonl");
    std::os::unix::fs::symlink(&target, log_path(dir)).unwrap();
    assert_eq!(
        run(dir, &["check", "add-csv-export", "--to", "todo"])
            .status
            .code(),
        Some(2)
    );
    assert!(!target.exists());
    // `.gate` itself a link out of the repository.
    std::fs::remove_file(log_path(dir)).unwrap();
    std::fs::remove_dir(dir.join(".gate")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join(".gate")).unwrap();
    let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("leads outside the repository"));
    assert!(!outside.path().join("audit.jsonl").exists());
    // A relative `[audit] path` leading out of the repository is a config error…
    std::fs::remove_file(dir.join(".gate")).unwrap();
    let config = std::fs::read_to_string(dir.join("gate.toml")).unwrap();
    std::fs::write(
        dir.join("gate.toml"),
        format!("{config}\n[audit]\npath = \"../escaped.jsonl\"\n"),
    )
    .unwrap();
    let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("leads outside the repository"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.parent().unwrap().join("escaped.jsonl").exists());
    // …an absolute one is the user's choice.
    let chosen = outside.path().join("chosen.jsonl");
    std::fs::write(
        dir.join("gate.toml"),
        format!("{config}\n[audit]\npath = \"{}\"\n", chosen.display()),
    )
    .unwrap();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(recheck_chain(&std::fs::read_to_string(&chosen).unwrap()), 1);
}

/// Eight writers while the log is replaced again and again by a copy
/// renamed over it, as `git checkout`/`pull`/`stash` replace a committed
/// log. The replacer holds the log's lock while it copies and renames, so
/// every record written before the copy is in it; a writer that waited for
/// the lock on the old file must notice the path now names another file and
/// write there. Bounded: a fixed count of decisions, and the replacer stops
/// at 60 s.
#[test]
fn records_survive_the_log_being_replaced_while_writers_wait() {
    const WRITERS: usize = 8;
    const EACH: usize = 12;
    let board = demo_board();
    let dir = board.path().to_path_buf();
    run(&dir, &["check", "add-csv-export", "--to", "todo"]);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let replacer = {
        let (dir, done) = (dir.clone(), done.clone());
        std::thread::spawn(move || {
            let (log, tmp) = (log_path(&dir), dir.join(".gate/audit.jsonl.tmp"));
            let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
            let mut replaced = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst)
                && std::time::Instant::now() < deadline
                && replaced < 2000
            {
                let f = std::fs::File::open(&log).unwrap();
                f.lock().unwrap();
                std::fs::copy(&log, &tmp).unwrap();
                std::fs::rename(&tmp, &log).unwrap();
                drop(f);
                replaced += 1;
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            replaced
        })
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut recorded = Vec::new();
                for i in 0..EACH {
                    let reason = format!("writer {w} record {i}");
                    let out = run(
                        &dir,
                        &[
                            "check",
                            "paginate-audit-log-api",
                            "--to",
                            "in_progress",
                            "--force",
                            "--reason",
                            &reason,
                            "--format",
                            "json",
                        ],
                    );
                    if out.status.code() == Some(0) {
                        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
                        assert_eq!(doc["audit"]["recorded"], true);
                        recorded.push(doc["audit"]["hash"].as_str().unwrap().to_owned());
                    } else {
                        // Never "recorded" when it was not: a failure says so.
                        assert_eq!(out.status.code(), Some(2));
                    }
                }
                recorded
            })
        })
        .collect();
    let recorded: Vec<String> = writers
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let replacements = replacer.join().unwrap();
    assert!(replacements > 0);
    let text = std::fs::read_to_string(log_path(&dir)).unwrap();
    let lost: Vec<&String> = recorded
        .iter()
        .filter(|h| !text.contains(&format!("\"hash\":\"{h}\"")))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} decisions reported recorded are missing (log replaced {replacements} times)",
        lost.len(),
        recorded.len()
    );
    assert!(recorded.len() >= WRITERS * EACH / 2, "{}", recorded.len());
    assert_eq!(recheck_chain(&text), recorded.len() + 1);
    assert_eq!(run(&dir, &["audit", "verify"]).status.code(), Some(0));
}

#[test]
fn a_complete_last_record_lacking_its_newline_is_kept() {
    let board = demo_board();
    let dir = board.path();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    run(
        dir,
        &[
            "check",
            "paginate-audit-log-api",
            "--to",
            "in_progress",
            "--force",
            "--reason",
            "hotfix",
        ],
    );
    let text = std::fs::read_to_string(log_path(dir)).unwrap();
    std::fs::write(log_path(dir), text.trim_end()).unwrap();
    assert_eq!(run(dir, &["audit", "verify"]).status.code(), Some(0));
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let after = std::fs::read_to_string(log_path(dir)).unwrap();
    assert!(after.starts_with(&text));
    assert_eq!(recheck_chain(&after), 3);
    assert!(!after.contains("recover"));
    assert!(log_lines(dir)[1].contains("\"outcome\":\"overridden\""));
}

/// A record line with the hash it should have after `prev`.
fn sealed(body: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    h.update(format!("{prev}\n{body}").as_bytes());
    format!(
        "{},\"hash\":\"{}\"}}",
        body.strip_suffix('}').unwrap(),
        hex(&h.finalize())
    )
}

fn hash_of(line: &str) -> &str {
    &line[line.len() - 66..line.len() - 2]
}

#[test]
fn audit_log_prints_no_byte_of_a_forged_record_raw() {
    let board = demo_board();
    let dir = board.path();
    std::fs::create_dir_all(dir.join(".gate")).unwrap();
    let e = "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202e";
    let body = format!(
        r#"{{"v":1,"seq":1,"ts":"2025-11-01T12:00:00Z{e}","actor":"a{e}","command":"check{e}","task_id":"t{e}","task_title":"T{e}","priority":"P1{e}","from":"todo{e}","to":"done{e}","outcome":"allowed{e}","gates":[],"reason":"r{e}","prev":"{}"}}"#,
        "0".repeat(64)
    );
    let line = sealed(&body, &"0".repeat(64));
    std::fs::write(log_path(dir), format!("{line}\n")).unwrap();
    assert_eq!(run(dir, &["audit", "verify"]).status.code(), Some(0));
    let out = run(dir, &["audit", "log"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("pwned"), "{shown}");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!shown.contains(bad), "{bad:?} printed raw: {shown:?}");
    }
    let out = run(dir, &["audit", "log", "--outcome", "allowed\u{1b}[2J"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
}

#[test]
fn no_record_follows_seq_u64_max_and_verify_names_it() {
    let board = demo_board();
    let dir = board.path();
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let first = log_lines(dir).remove(0);
    let body = format!(
        r#"{{"v":1,"seq":{},"ts":"2025-11-01T12:00:00Z","actor":"x","command":"check","task_id":null,"task_title":null,"priority":null,"from":null,"to":null,"outcome":"allowed","gates":[],"reason":null,"prev":"{}"}}"#,
        u64::MAX,
        hash_of(&first)
    );
    let forged = sealed(&body, hash_of(&first));
    let text = format!("{first}\n{forged}\n");
    std::fs::write(log_path(dir), &text).unwrap();
    let out = run(dir, &["check", "add-csv-export", "--to", "todo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the largest there is"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(log_path(dir)).unwrap(), text);
    let out = run(dir, &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains(
            ":2: record seq 18446744073709551615 has the largest seq there is (u64::MAX)"
        ),
        "{shown}"
    );
}

#[test]
fn anchor_prefixes_resolve_and_non_hashes_are_usage_errors() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    let head = hash_of(&good[4]).to_owned();
    let out = run(dir, &["audit", "verify", "--anchor", &head[..8]]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("anchor found"));
    let out = run(
        dir,
        &["audit", "verify", "--anchor", &head[..20].to_uppercase()],
    );
    assert_eq!(out.status.code(), Some(0));
    for bad in ["deadbeef", "8c49dd1", "not-a-hash", &format!("{head}0")] {
        let out = run(dir, &["audit", "verify", "--anchor", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--anchor"),
            "{bad}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A whole hash that is not in the log: the log lost that head.
    let out = run(dir, &["audit", "verify", "--anchor", &"ab".repeat(32)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is not in the chain"));
}

/// A committed log on two branches, both recording, merged: the union
/// merge `gate hook install` set up keeps both sides, `verify` accepts the
/// fork, catches a tampered line, and the next record follows both heads.
#[test]
fn a_committed_log_survives_a_merge() {
    let repo = GitRepo::demo();
    let installed = repo.gate().args(["hook", "install"]).output().unwrap();
    assert!(installed.status.success());
    assert!(
        String::from_utf8_lossy(&installed.stdout).contains("/.gate/audit.jsonl merge=union"),
        "{}",
        String::from_utf8_lossy(&installed.stdout)
    );
    let attributes = std::fs::read_to_string(repo.path().join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("/.gate/audit.jsonl merge=union\n"),
        "{attributes}"
    );
    let check = |task: &str, reason: &str| {
        repo.gate()
            .args([
                "check",
                task,
                "--to",
                "in_progress",
                "--force",
                "--reason",
                reason,
            ])
            .output()
            .unwrap();
    };
    check("paginate-audit-log-api", "on main, before the branch");
    repo.commit_all("log 1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    check("paginate-audit-log-api", "on feature");
    check("add-csv-export", "on feature again");
    repo.commit_all("log on feature");
    repo.git(&["checkout", "-q", "main"]);
    check("paginate-audit-log-api", "on main");
    repo.commit_all("log on main");
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    let log = repo.path().join(".gate/audit.jsonl");
    let merged = std::fs::read_to_string(&log).unwrap();
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    assert_eq!(merged.lines().count(), 4);

    let verify = |repo: &GitRepo| {
        let out = repo
            .gate()
            .args(["audit", "verify", "--format", "json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), doc)
    };
    let (code, doc) = verify(&repo);
    assert_eq!(code, Some(0), "{doc}");
    super::schemas::assert_valid("audit-verify.json", &doc);
    let heads: Vec<String> = doc["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["hash"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(heads.len(), 2, "{doc}");

    // Any one line tampered with: found.
    for n in 0..4 {
        let mut lines: Vec<String> = merged.lines().map(str::to_owned).collect();
        lines[n] = lines[n].replacen("\"actor\":\"", "\"actor\":\"X", 1);
        std::fs::write(&log, lines.join("\n") + "\n").unwrap();
        let (code, doc) = verify(&repo);
        assert_eq!(code, Some(1), "line {}: {doc}", n + 1);
        assert_eq!(doc["broken"]["line"], n as u64 + 1, "{doc}");
    }
    std::fs::write(&log, &merged).unwrap();

    check("add-csv-export", "after the merge");
    let after = std::fs::read_to_string(&log).unwrap();
    assert!(after.starts_with(&merged));
    let last: Value = serde_json::from_str(after.lines().last().unwrap()).unwrap();
    assert_eq!(last["prev"], serde_json::json!(heads));
    assert_eq!(last["seq"], 4);
    super::schemas::assert_valid("audit-record.json", &last);
    let (code, doc) = verify(&repo);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["heads"].as_array().unwrap().len(), 1);
    assert_eq!(recheck_chain(&after), 5);
    // Lines: 1 before the branch, 2 main's, 3 and 4 feature's, 5 the join.
    // Removing any one that a later record follows (all but the last, which
    // only an anchor catches, as on a straight chain), or swapping two where one follows the other: found.
    // (Main's and feature's records follow neither each other, so their
    // order is free: the other merge direction puts feature's first.)
    let lines: Vec<&str> = after.lines().collect();
    for n in 0..4 {
        let mut cut = lines.clone();
        cut.remove(n);
        std::fs::write(&log, cut.join("\n") + "\n").unwrap();
        assert_eq!(verify(&repo).0, Some(1), "without line {}", n + 1);
    }
    for (a, b) in [(0, 1), (2, 3), (3, 4), (1, 4)] {
        let mut swapped = lines.clone();
        swapped.swap(a, b);
        std::fs::write(&log, swapped.join("\n") + "\n").unwrap();
        assert_eq!(
            verify(&repo).0,
            Some(1),
            "lines {} and {} swapped",
            a + 1,
            b + 1
        );
    }
    let other_way = [lines[0], lines[2], lines[3], lines[1], lines[4]].join("\n");
    std::fs::write(&log, other_way + "\n").unwrap();
    assert_eq!(verify(&repo).0, Some(0));
}

#[test]
fn gate_init_sets_up_the_union_merge_in_a_git_repository_only() {
    let plain = tempfile::tempdir().unwrap();
    let out = run(plain.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!plain.path().join(".gitattributes").exists());

    let repo = GitRepo::unborn();
    repo.git(&["init", "-q"]);
    std::fs::write(repo.path().join(".gitattributes"), "*.png binary\n").unwrap();
    let out = run(repo.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("added `/.gate/audit.jsonl merge=union` to .gitattributes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(repo.path().join(".gitattributes")).unwrap();
    assert!(text.starts_with("*.png binary\n"), "{text}");
    assert!(
        text.ends_with("\n/.gate/audit.jsonl merge=union\n"),
        "{text}"
    );
    // What git itself reads from it.
    let attr = repo.git(&["check-attr", "merge", "--", ".gate/audit.jsonl"]);
    assert_eq!(attr, ".gate/audit.jsonl: merge: union\n");
}

/// `gate init --path sub/gate.toml` writes a config whose log is the
/// root's `.gate/audit.jsonl` (a relative `[audit] path`): the merge driver
/// is set up for that log, not for one beside the file.
#[test]
fn init_elsewhere_sets_up_the_log_the_file_names() {
    let repo = GitRepo::unborn();
    repo.git(&["init", "-q"]);
    std::fs::create_dir(repo.path().join("sub")).unwrap();
    let out = run(repo.path(), &["init", "--path", "sub/gate.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(repo.path().join("sub/gate.toml")).unwrap();
    assert!(
        config.contains("path = \"../.gate/audit.jsonl\""),
        "{config}"
    );
    let text = std::fs::read_to_string(repo.path().join(".gitattributes")).unwrap();
    assert!(
        text.ends_with("\n/.gate/audit.jsonl merge=union\n"),
        "{text}"
    );
    assert!(!text.contains("sub/"), "{text}");
}

/// The log's lines with a record forged as a fork off record 1 inserted at
/// `at` (0-based): a copy of record 2 by another actor, sealed after record
/// 1 — on its own, indistinguishable from a merged branch.
fn with_forged_fork(lines: &[String], at: usize) -> Vec<String> {
    let second = &lines[1];
    let body = format!("{}}}", &second[..second.rfind(",\"hash\":\"").unwrap()]);
    let body = body.replacen("\"actor\":\"", "\"actor\":\"mallory ", 1);
    let forged = sealed(&body, hash_of(&lines[0]));
    let mut out = lines.to_vec();
    out.insert(at, forged);
    out
}

/// Issue 22 item 12: an anchor commits to every record before it in the
/// file, so a record forged as a branch off record 1 and inserted before
/// the anchored head fails `verify --anchor` (without an anchor the fork
/// is accepted: it could be a merged branch).
#[test]
fn an_anchor_catches_a_record_added_before_it() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    let head = hash_of(&good[4]).to_owned();
    for at in [1, 2, 4] {
        let forged = with_forged_fork(&good, at);
        assert_eq!(verify_after(dir, &forged).0, 0, "a fork alone verifies");
        let out = run(dir, &["audit", "verify", "--anchor", &head]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "forged at {at}: {stdout}");
        assert!(stdout.contains("before the anchor"), "{stdout}");
        // A prefix of the head's hash is the same anchor.
        let out = run(dir, &["audit", "verify", "--anchor", &head[..12]]);
        assert_eq!(out.status.code(), Some(1));
    }
    // Anchored on an earlier record: one added before it is caught, one
    // added after it is a later record the anchor cannot speak for.
    let third = hash_of(&good[2]).to_owned();
    verify_after(dir, &with_forged_fork(&good, 2));
    let out = run(dir, &["audit", "verify", "--anchor", &third]);
    assert_eq!(out.status.code(), Some(1));
    verify_after(dir, &with_forged_fork(&good, 3));
    let out = run(dir, &["audit", "verify", "--anchor", &third]);
    assert_eq!(out.status.code(), Some(0));
}

/// Issue 22 item 12, legitimate use: a log that grows after its anchor,
/// by appending and by merging a branch's records after it, still
/// verifies against the anchor.
#[test]
fn an_anchor_holds_while_the_log_grows_and_merges() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    let head = hash_of(&good[4]).to_owned();
    for _ in 0..3 {
        run(dir, &["check", "add-csv-export", "--to", "todo"]);
    }
    let out = run(
        dir,
        &["audit", "verify", "--anchor", &head, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["anchor_complete"], true, "{doc}");
    super::schemas::assert_valid("audit-verify.json", &doc);
    for line in log_lines(dir) {
        super::schemas::assert_valid("audit-record.json", &serde_json::from_str(&line).unwrap());
    }

    let repo = GitRepo::demo();
    assert!(
        repo.gate()
            .args(["hook", "install"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let check = |task: &str, reason: &str| {
        let out = repo
            .gate()
            .args([
                "check",
                task,
                "--to",
                "in_progress",
                "--force",
                "--reason",
                reason,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    };
    check("paginate-audit-log-api", "on main, before the branch");
    repo.commit_all("log 1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    check("add-csv-export", "on feature");
    repo.commit_all("log on feature");
    repo.git(&["checkout", "-q", "main"]);
    check("paginate-audit-log-api", "on main");
    repo.commit_all("log on main");
    let log = repo.path().join(".gate/audit.jsonl");
    let main_head = {
        let text = std::fs::read_to_string(&log).unwrap();
        hash_of(text.lines().last().unwrap()).to_owned()
    };
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    check("add-csv-export", "after the merge");
    let out = repo
        .gate()
        .args(["audit", "verify", "--anchor", &main_head])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Issue 22 item 12: a log written before records carried `prior` still
/// verifies, and an anchor on one of its records still works, with a
/// warning that it vouches only for the records it follows.
#[test]
fn an_anchor_on_an_older_record_still_verifies_with_a_warning() {
    let board = demo_board();
    let dir = board.path();
    let good = five_records(dir);
    let mut old: Vec<String> = Vec::new();
    let mut prev = "0".repeat(64);
    for line in &good[..3] {
        let body = format!("{}}}", &line[..line.rfind(",\"prior\":").unwrap()]);
        let body = format!("{},\"prev\":\"{prev}\"}}", body.strip_suffix('}').unwrap());
        let sealed = sealed(&body, &prev);
        prev = hash_of(&sealed).to_owned();
        old.push(sealed);
    }
    assert!(!old[2].contains("\"prior\":"));
    assert_eq!(verify_after(dir, &old).0, 0);
    let out = run(dir, &["audit", "verify", "--anchor", &prev]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("anchor found"));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("older gate"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The next record, written now, carries `prior` and anchors them all.
    run(dir, &["check", "add-csv-export", "--to", "todo"]);
    let lines = log_lines(dir);
    assert_eq!(lines.len(), 4);
    assert!(lines[3].contains("\"prior\":3,"), "{}", lines[3]);
    let out = run(dir, &["audit", "verify", "--anchor", hash_of(&lines[3])]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}
