//! `--format`: every command prints the formats its help lists and refuses
//! every other one with exit 2, before doing anything.

use clap::ValueEnum as _;
use kanban_gate::cli::{FORMATS, Format};

use super::support::{demo_board, gate};

/// Arguments that make each declared command path parse.
fn args_of(path: &'static str) -> Vec<&'static str> {
    let args: &[&str] = match path {
        "check" => &["check", "5e2a", "--to", "done", "--dry-run"],
        "show" => &["show", "5e2a"],
        "ci" => &["ci", "--base", "HEAD"],
        "watch" => &["watch", "--once"],
        "move" => &["move", "5e2a", "--to", "todo"],
        "completions" => &["completions", "bash"],
        "init" => &["init", "--path", "new-gate.toml"],
        _ => return path.split(' ').collect(),
    };
    args.to_vec()
}

#[test]
fn every_command_refuses_the_formats_it_does_not_list() {
    let board = demo_board();
    for (path, allowed) in FORMATS {
        for format in Format::value_variants() {
            let name = format.name();
            let out = gate(board.path())
                .args(args_of(path))
                .args(["--format", name])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let refused = stderr.contains("this command does not print");
            if allowed.contains(format) {
                assert!(!refused, "gate {path} --format {name}: {stderr}");
            } else {
                assert!(
                    refused,
                    "gate {path} --format {name} was accepted: {stderr}"
                );
                assert_eq!(out.status.code(), Some(2), "gate {path} --format {name}");
                assert!(out.stdout.is_empty(), "gate {path} --format {name}");
            }
            // Refused before doing anything: init wrote no file.
            let written = board.path().join("new-gate.toml");
            assert_eq!(written.exists(), *path == "init" && !refused);
            let _ = std::fs::remove_file(written);
        }
    }
}

#[test]
fn a_one_output_command_says_to_drop_the_flag() {
    let board = demo_board();
    gate(board.path())
        .args(["explain", "--format", "json"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "error: this command does not print `--format json`\nhelp: `gate explain` prints one fixed output; drop --format\n",
        );
    gate(board.path())
        .args(["hook", "install", "--format", "sarif"])
        .assert()
        .code(2)
        .stderr_eq(
            "error: this command does not print `--format sarif`\nhelp: `gate hook install` prints one fixed output; drop --format\n",
        );
}

#[test]
fn help_lists_exactly_the_declared_formats() {
    let board = demo_board();
    for (path, allowed) in FORMATS {
        let mut args: Vec<&str> = path.split(' ').collect();
        args.push("--help");
        let out = gate(board.path()).args(&args).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        // The about paragraph, unwrapped.
        let first = help
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        if allowed.len() > 1 {
            assert!(
                first.ends_with(&format!("[formats: {}]", names.join(", "))),
                "gate {path} --help: {first}"
            );
        } else {
            assert!(!first.contains("[formats:"), "gate {path} --help: {first}");
        }
    }
}

#[test]
fn completions_into_a_closed_pipe_exit_quietly() {
    let runs: [&[&str]; 6] = [
        &["completions", "bash"],
        &["completions", "fish"],
        &["completions", "powershell"],
        &["completions", "zsh"],
        &["completions", "elvish"],
        &["man"],
    ];
    for shell in runs {
        let mut child = super::support::gate_process(
            &super::support::manifest_dir(),
            super::support::empty_home(),
        )
        .args(shell)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
        // `| head -1` that hangs up at once: every write meets a closed pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell:?}: {out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{shell:?}");
    }
}

#[test]
fn the_readme_table_of_formats_is_the_declaration() {
    let readme = std::fs::read_to_string(super::support::manifest_dir().join("README.md")).unwrap();
    // Commands grouped by their list of formats, in declaration order.
    let mut groups: Vec<(&[Format], Vec<&str>)> = Vec::new();
    for (path, formats) in FORMATS {
        match groups.iter_mut().find(|(f, _)| f == formats) {
            Some((_, paths)) => paths.push(path),
            None => groups.push((formats, vec![path])),
        }
    }
    for (formats, paths) in groups {
        let names: Vec<String> = paths
            .iter()
            .map(|p| match *p {
                "check" => "`check` (also `--staged`, `--proposed`)".to_owned(),
                p => format!("`{p}`"),
            })
            .collect();
        let list: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        let list = if list == ["human"] {
            "human (their one output)".to_owned()
        } else {
            list.join(", ")
        };
        let row = format!("| {} | {list} |", names.join(", "));
        assert!(readme.contains(&row), "README lacks the row\n{row}");
    }
}
