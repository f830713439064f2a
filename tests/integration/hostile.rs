//! Hostile input: bombs, huge and binary files, links out of the board,
//! terminal escapes in titles, hundreds of broken files, odd arguments.
//! Each must give a precise report and a documented exit code, never a
//! panic (exit 101) or a hang.

use std::fmt::Write as _;

use super::support::{demo_board, gate};

fn write(dir: &std::path::Path, name: &str, text: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn yaml_bombs_and_deep_nesting_are_bounded() {
    let board = demo_board();
    let tasks = board.path().join("tasks");
    let mut bomb =
        String::from("---\nid: b0mb\ntitle: Bomb\nstatus: todo\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        writeln!(
            bomb,
            "{name}: &{name} [{}]",
            vec![format!("*{prev}"); 9].join(",")
        )
        .unwrap();
    }
    bomb.push_str("---\n");
    write(&tasks, "bomb.md", bomb);
    let deep = format!(
        "---\nid: d33p\ntitle: Deep\nstatus: todo\nx: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    write(&tasks, "deep.md", deep);
    let deep_map = format!(
        "---\nid: d33m\ntitle: Deep map\nstatus: todo\nx: {}\n---\n",
        "{a: ".repeat(100_000)
    );
    write(&tasks, "deep-map.md", deep_map);
    let out = gate(board.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for name in ["bomb.md", "deep.md", "deep-map.md"] {
        let file = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap();
        let codes: Vec<&str> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"task/invalid-yaml"), "{name}: {file}");
    }
    // The fields still load through the fallback, so the task can be judged.
    gate(board.path())
        .args(["check", "d33p", "--to", "breakdown", "--dry-run", "-q"])
        .assert()
        .code(0);
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let board = demo_board();
    let path = board.path().join("tasks/huge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    let out = gate(board.path()).args(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).contains("tasks/huge.md: error[task/too-large]: file is 104857600 bytes, over the 8388608-byte limit"), "{out:?}");
    // Elsewhere it is a warning, not a failure.
    let out = gate(board.path()).args(["board"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("warning: tasks/huge.md: error[task/too-large]"),
        "{out:?}"
    );
}

#[test]
fn binary_junk_is_reported() {
    let board = demo_board();
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect();
    let mut with_fm = b"---\nid: junk\n".to_vec();
    with_fm.extend_from_slice(&junk);
    write(&board.path().join("tasks"), "junk.md", &junk);
    write(&board.path().join("tasks"), "junk-fm.md", &with_fm);
    let out = gate(board.path()).args(["lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout_of(&out);
    assert!(
        text.contains("tasks/junk-fm.md:3: error[task/not-utf8]"),
        "{text}"
    );
    assert!(text.contains("tasks/junk.md"), "{text}");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_board_are_reported_never_read() {
    let board = demo_board();
    let secret = tempfile::tempdir().unwrap();
    write(
        secret.path(),
        "secret.md",
        "---\nid: s3cr3t\ntitle: SECRET TITLE\nstatus: todo\n---\n",
    );
    std::os::unix::fs::symlink(
        secret.path().join("secret.md"),
        board.path().join("tasks/link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(secret.path(), board.path().join("tasks/linked-dir")).unwrap();
    let out = gate(board.path()).args(["lint"]).output().unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("tasks/link.md: error[board/link-outside]"),
        "{text}"
    );
    assert!(
        text.contains("tasks/linked-dir: error[board/link-outside]"),
        "{text}"
    );
    assert!(!text.contains("SECRET TITLE"), "{text}");
    let out = gate(board.path()).args(["list"]).output().unwrap();
    assert!(!stdout_of(&out).contains("SECRET"), "{out:?}");
    gate(board.path())
        .args(["check", "s3cr3t", "--to", "todo"])
        .assert()
        .code(2);
    gate(board.path())
        .args(["check", "tasks/link.md", "--to", "in_progress"])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn pipes_named_like_tasks_are_reported_never_opened() {
    let board = demo_board();
    let tasks = board.path().join("tasks");
    let made = std::process::Command::new("mkfifo")
        .arg(tasks.join("pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(tasks.join("pipe.md"), tasks.join("to-pipe.md")).unwrap();
    // Opening a pipe waits for a writer: without the guard these hang.
    let timeout = std::time::Duration::from_secs(20);
    let out = gate(board.path())
        .args(["lint"])
        .timeout(timeout)
        .output()
        .unwrap();
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for name in ["pipe.md", "to-pipe.md"] {
        assert!(
            text.contains(&format!("tasks/{name}: error[board/not-a-file]")),
            "{text}"
        );
    }
    gate(board.path())
        .args(["check", "tasks/pipe.md", "--to", "in_progress"])
        .timeout(timeout)
        .assert()
        .code(2);
    gate(board.path())
        .args(["board"])
        .timeout(timeout)
        .assert()
        .success();
}

#[test]
fn terminal_escapes_in_titles_never_reach_the_terminal() {
    let board = demo_board();
    write(
        &board.path().join("tasks"),
        "evil.md",
        "---\nid: ev1l\ntitle: \"Evil \\e[31mred\\e[0m \\u202Eeulav\\u0007 title\"\nstatus: todo\npriority: P2\n---\n",
    );
    for args in [
        &["list"][..],
        &["show", "ev1l"],
        &["check", "ev1l", "--to", "in_progress", "--dry-run"],
        &["check", "ev1l", "--to", "done", "--dry-run"],
    ] {
        let out = gate(board.path()).args(args).output().unwrap();
        let text = stdout_of(&out);
        assert!(
            text.contains("Evil [31mred[0m eulav title"),
            "{args:?}: {text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202E}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
    }
}

#[test]
fn hundreds_of_malformed_files_are_all_listed() {
    let board = demo_board();
    let tasks = board.path().join("tasks");
    let broken: [&[u8]; 5] = [
        b"---\ntitle: a: b: c\nstatus: [todo\n---\n",
        b"---\n<<<<<<< HEAD\nstatus: todo\n=======\nstatus: done\n>>>>>>> x\n---\n",
        b"---\nstatus: \xc3\x28\n---\n",
        b"---\nstatus: todo\n",
        b"no front matter at all\n",
    ];
    for i in 0..500 {
        write(
            &tasks,
            &format!("broken-{i:03}.md"),
            broken[i % broken.len()],
        );
    }
    let out = gate(board.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("broken-"))
        .count();
    assert_eq!(listed, 500);
    assert_eq!(doc["summary"]["files"], 513);
    // The rest of the board still works.
    gate(board.path())
        .args([
            "check",
            "add-login-rate-limit",
            "--to",
            "review",
            "--dry-run",
            "-q",
        ])
        .assert()
        .code(0);
}

#[test]
fn hostile_arguments_are_usage_errors() {
    let board = demo_board();
    let long = "x".repeat(100_000);
    for args in [
        vec!["check", "", "--to", "review"],
        vec!["check", "\u{1b}[2J", "--to", "review"],
        vec!["check", &long, "--to", "review"],
        vec!["check", "add-login-rate-limit", "--to", ""],
        vec!["check", "add-login-rate-limit", "--to", "../../etc/passwd"],
        vec!["check", "/etc/passwd", "--to", "review"],
        vec!["show", "../gate.toml"],
        vec!["list", "--status", "\u{202E}"],
        vec!["explain", &long],
    ] {
        let out = gate(board.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}

/// Whether a CI runner would read `line` as a workflow command (GitHub:
/// `::name::` or `##[name]` after leading blanks; Azure: `##vso[`).
fn is_runner_command(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("::") || t.starts_with("##[") || t.starts_with("##vso[")
}

/// Issue #22 item 15: a committed priority, title or id such as
/// `::add-mask::…` or `::error file=…::…` never begins a line of any output
/// format (a CI log obeys it); only `--format github`'s own annotations
/// start with `::`.
#[test]
fn text_from_a_file_never_starts_a_runner_command() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks");
    std::fs::create_dir(&tasks).unwrap();
    write(
        dir.path(),
        "gate.toml",
        "[workflow]\nstatuses = [\"todo\", \"doing\", \"done\"]\n[gates.wip-limit]\nlimits = { doing = 1 }\n",
    );
    write(
        &tasks,
        "a.md",
        "---\nid: '::set-output name=x::1'\ntitle: '##[error]forged title'\nstatus: doing\npriority: '::add-mask::secret'\n---\n",
    );
    write(
        &tasks,
        "b.md",
        "---\nid: b\ntitle: '  ::error file=x.md::forged'\nstatus: todo\npriority: '##vso[task.complete]'\n---\n",
    );
    for format in ["human", "json", "sarif", "junit", "github", "codequality"] {
        let out = gate(dir.path())
            .args([
                "check",
                "b",
                "--to",
                "doing",
                "--dry-run",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        let stdout = stdout_of(&out);
        assert!(
            stdout.contains("add-mask"),
            "{format}: the help names the task\n{stdout}"
        );
        for line in stdout
            .lines()
            .chain(String::from_utf8_lossy(&out.stderr).lines())
        {
            let ours = format == "github" && line.starts_with("::error file=tasks/b.md,");
            assert!(
                ours || !is_runner_command(line),
                "{format}: {line:?}\n{stdout}"
            );
        }
    }
    for args in [
        &["board"][..],
        &["list"],
        &["lint"],
        &["show", "b"],
        &["report", "--format", "markdown"],
        &["report", "--format", "html"],
        &["report"],
    ] {
        let out = gate(dir.path()).args(args).output().unwrap();
        let all = format!(
            "{}{}",
            stdout_of(&out),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in all.lines() {
            assert!(!is_runner_command(line), "{args:?}: {line:?}\n{all}");
        }
    }
}
