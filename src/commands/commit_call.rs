//! How git was asked to make the commit the commit-msg hook judges: whether
//! it amends HEAD, and how git will clean its message up. git tells a hook
//! neither (`--amend` and `--cleanup` reach no environment variable), so
//! they are read from the arguments of the `git commit` process the hook
//! runs under (`/proc` on Linux, `ps` elsewhere), aliases resolved; where
//! they cannot be read, the caller takes the stricter reading. The message
//! readings themselves ([`readings`]) are pure: the message as each
//! cleanup git may apply stores it. Reads processes, never writes.

use std::path::Path;

/// What the command line of `git commit` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct CommitCall {
    /// `--amend` (or an unambiguous prefix of it): the commit replaces HEAD.
    pub amend: bool,
    /// `--cleanup=<mode>`, as given.
    pub cleanup: Option<String>,
    /// `-v`/`--verbose`: git cuts the message at the scissors line.
    pub verbose: bool,
    /// Whether git opens an editor for the message.
    pub editor: bool,
}

/// The long options of `git commit` (git 2.x), for resolving the prefixes
/// git accepts (`--amen` is `--amend`).
const LONG: &[&str] = &[
    "all",
    "allow-empty",
    "allow-empty-message",
    "amend",
    "author",
    "branch",
    "cleanup",
    "date",
    "dry-run",
    "edit",
    "file",
    "fixup",
    "gpg-sign",
    "include",
    "interactive",
    "long",
    "message",
    "no-edit",
    "no-post-rewrite",
    "no-verify",
    "null",
    "only",
    "patch",
    "pathspec-file-nul",
    "pathspec-from-file",
    "porcelain",
    "quiet",
    "reedit-message",
    "reset-author",
    "reuse-message",
    "short",
    "signoff",
    "squash",
    "status",
    "template",
    "trailer",
    "untracked-files",
    "verbose",
    "verify",
];

/// Long options whose value may be the next argument.
const LONG_WITH_VALUE: &[&str] = &[
    "author",
    "cleanup",
    "date",
    "file",
    "fixup",
    "message",
    "pathspec-from-file",
    "reedit-message",
    "reuse-message",
    "squash",
    "template",
    "trailer",
];

/// The long option `name` abbreviates, if exactly one (an exact name
/// always wins).
fn long_option(name: &str) -> Option<&'static str> {
    if let Some(exact) = LONG.iter().find(|o| **o == name) {
        return Some(exact);
    }
    let mut found = LONG.iter().filter(|o| o.starts_with(name));
    let first = found.next()?;
    found.next().is_none().then_some(*first)
}

/// The arguments of `git commit` after `commit`.
fn parse_commit(args: &[String]) -> CommitCall {
    let mut call = CommitCall::default();
    let mut message = false;
    let mut edit: Option<bool> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let (negated, resolved) = match long_option(name) {
                Some(o) => (false, Some(o)),
                None => (true, name.strip_prefix("no-").and_then(long_option)),
            };
            let Some(option) = resolved else {
                continue;
            };
            let value = if value.is_none() && !negated && LONG_WITH_VALUE.contains(&option) {
                i += 1;
                args.get(i - 1).cloned()
            } else {
                value
            };
            match (option, negated) {
                ("amend", n) => call.amend = !n,
                ("verbose", n) => call.verbose = !n,
                ("edit", false) => edit = Some(true),
                ("edit", true) | ("no-edit", false) => edit = Some(false),
                ("cleanup", false) => call.cleanup = value,
                ("message" | "file" | "reuse-message", false) => message = true,
                ("reedit-message", false) => {
                    message = true;
                    edit.get_or_insert(true);
                }
                // `--fixup=amend:<commit>` and `reword:` open the editor.
                ("fixup", false) if !value.as_deref().is_some_and(|v| v.contains(':')) => {
                    message = true;
                }
                _ => {}
            }
            continue;
        }
        let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) else {
            continue;
        };
        // Short options, bundled: a value-taking one takes the rest of
        // the argument, or the next argument.
        for (at, c) in cluster.char_indices() {
            let rest = &cluster[at + c.len_utf8()..];
            match c {
                'v' => call.verbose = true,
                'e' => edit = Some(true),
                'm' | 'F' | 'C' | 'c' | 't' => {
                    if rest.is_empty() {
                        i += 1;
                    }
                    match c {
                        'm' | 'F' | 'C' => message = true,
                        'c' => {
                            message = true;
                            edit.get_or_insert(true);
                        }
                        _ => {}
                    }
                    break;
                }
                // Optional values, attached only.
                'u' | 'S' => break,
                _ => {}
            }
        }
    }
    call.editor = edit.unwrap_or(!message);
    call
}

/// Options of `git` itself whose value is the next argument.
const GIT_WITH_VALUE: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--config-env",
    "--super-prefix",
];

/// The `git commit` call in `argv` (a `git` process's arguments), aliases
/// resolved through `alias`; `None` when it is another command.
fn parse_git(argv: &[String], alias: &dyn Fn(&str) -> Option<String>) -> Option<CommitCall> {
    let mut rest: Vec<String> = argv.iter().skip(1).cloned().collect();
    // Aliases may name aliases; git refuses loops, this stops at a depth.
    for _ in 0..8 {
        let mut i = 0;
        while i < rest.len() && rest[i].starts_with('-') {
            if GIT_WITH_VALUE.contains(&rest[i].as_str()) {
                i += 1;
            }
            i += 1;
        }
        let sub = rest.get(i)?.clone();
        if sub == "commit" {
            return Some(parse_commit(&rest[i + 1..]));
        }
        let expansion = alias(&sub)?;
        if expansion.trim_start().starts_with('!') {
            // A shell alias runs its own git process, an ancestor too.
            return None;
        }
        let mut expanded: Vec<String> = expansion.split_whitespace().map(str::to_owned).collect();
        expanded.extend(rest.drain(i + 1..));
        rest = expanded;
    }
    None
}

/// A process's parent and arguments.
fn process(pid: u32) -> Option<(u32, Vec<String>)> {
    let proc = Path::new("/proc").join(pid.to_string());
    if let (Ok(stat), Ok(cmdline)) = (
        std::fs::read_to_string(proc.join("stat")),
        std::fs::read(proc.join("cmdline")),
    ) {
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
        let after = &stat[stat.rfind(')')? + 1..];
        let parent = after.split_whitespace().nth(1)?.parse().ok()?;
        let argv = cmdline
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        return Some((parent, argv));
    }
    // Elsewhere (macOS, the BSDs): `ps`, whose arguments are joined by
    // spaces (enough for the options read here).
    let out = std::process::Command::new("ps")
        .args(["-o", "ppid=", "-o", "args=", "-p", &pid.to_string()])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let parent = words.next()?.parse().ok()?;
    Some((parent, words.map(str::to_owned).collect()))
}

/// The `git commit` call this process runs under: the nearest `git`
/// ancestor (a hook manager or a shell may stand between), when it is a
/// commit. `None` when none can be read.
pub(super) fn find(alias: &dyn Fn(&str) -> Option<String>) -> Option<CommitCall> {
    let mut child = std::process::id();
    for _ in 0..16 {
        let (parent, _) = process(child)?;
        if parent <= 1 {
            return None;
        }
        let (_, argv) = process(parent)?;
        let name = argv
            .first()
            .map(|a| {
                Path::new(a)
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
            })
            .unwrap_or_default();
        if name == "git" || name == "git.exe" {
            return parse_git(&argv, alias);
        }
        child = parent;
    }
    None
}

/// How git cleans a commit message up (`--cleanup`, `commit.cleanup`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cleanup {
    /// Comment lines dropped, then as `Whitespace`.
    Strip,
    /// Trailing whitespace and surplus blank lines dropped.
    Whitespace,
    /// Kept as written.
    Verbatim,
}

/// The cleanup git applies for `mode` (`default`, `scissors`, …), and
/// whether it cuts at the scissors line; `None` for a mode git refuses.
fn cleanup_of(mode: &str, editor: bool, verbose: bool) -> Option<(Cleanup, bool)> {
    Some(match mode {
        "default" if editor => (Cleanup::Strip, verbose),
        "scissors" if editor => (Cleanup::Whitespace, true),
        "default" | "scissors" | "whitespace" => (Cleanup::Whitespace, verbose),
        "strip" => (Cleanup::Strip, verbose),
        "verbatim" => (Cleanup::Verbatim, verbose),
        _ => return None,
    })
}

/// The characters git picks a comment character from under
/// `core.commentChar = auto`.
const AUTO_COMMENT: &[&str] = &["#", ";", "@", "!", "$", "%", "^", "&", "|", ":"];

/// What the message readings depend on besides the text.
pub(super) struct MessageSetup<'a> {
    /// The `git commit` call, when known.
    pub call: Option<&'a CommitCall>,
    /// `commit.cleanup`.
    pub config_cleanup: Option<&'a str>,
    /// `commit.verbose` set true.
    pub config_verbose: bool,
    /// `core.commentString`, else `core.commentChar`.
    pub comment: Option<&'a str>,
}

/// The message of the commit being made as git may store it: one reading
/// when the call and configuration say how git cleans it up; otherwise
/// one for each cleanup git could apply (strip with each possible comment
/// character, whitespace, verbatim; cut at the scissors line or not). A
/// task counts as named only when every reading names it.
pub(super) fn readings(text: &str, setup: &MessageSetup<'_>) -> Vec<String> {
    let comments: Vec<&str> = match setup.comment {
        Some("auto") => AUTO_COMMENT.to_vec(),
        Some(c) if !c.is_empty() => vec![c],
        _ => vec!["#"],
    };
    let known = setup.call.and_then(|call| {
        let mode = call
            .cleanup
            .as_deref()
            .or(setup.config_cleanup)
            .unwrap_or("default");
        cleanup_of(mode, call.editor, call.verbose || setup.config_verbose)
    });
    let ways: Vec<(Cleanup, bool)> = match known {
        Some(way) => vec![way],
        None => [Cleanup::Strip, Cleanup::Whitespace, Cleanup::Verbatim]
            .into_iter()
            .flat_map(|c| [(c, false), (c, true)])
            .collect(),
    };
    let mut out: Vec<String> = Vec::new();
    for (cleanup, cut) in ways {
        for comment in &comments {
            let text = if cut {
                cut_at_scissors(text, comment)
            } else {
                text
            };
            let reading = match cleanup {
                Cleanup::Strip => stripspace(text, Some(comment)),
                Cleanup::Whitespace => stripspace(text, None),
                Cleanup::Verbatim => text.to_owned(),
            };
            if !out.contains(&reading) {
                out.push(reading);
            }
        }
    }
    out
}

/// `text` up to git's scissors line for `comment`.
fn cut_at_scissors<'t>(text: &'t str, comment: &str) -> &'t str {
    let line = format!("{comment} ------------------------ >8 ------------------------\n");
    if text.starts_with(&line) {
        return "";
    }
    match text.find(&format!("\n{line}")) {
        Some(at) => &text[..=at],
        None => text,
    }
}

/// git's `stripspace`: trailing whitespace removed from each line, lines
/// starting with `comment` dropped (when given), runs of blank lines made
/// one, blank lines at both ends removed; each line ends with a newline.
fn stripspace(text: &str, comment: Option<&str>) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.split_inclusive('\n') {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if comment.is_some_and(|c| line.starts_with(c)) {
            continue;
        }
        let line = line.trim_end_matches(|c: char| c.is_ascii_whitespace());
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn no_alias(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn amend_is_found_in_every_spelling() {
        for line in [
            "git commit --amend",
            "git commit -q --amend -m x",
            "git commit --amen --no-edit",
            "git -C repo -c user.name=x commit --amend",
            "/usr/bin/git commit -am msg --amend",
        ] {
            let call = parse_git(&args(line), &no_alias).unwrap();
            assert!(call.amend, "{line}");
        }
        for line in [
            "git commit -m --amend",
            "git commit --amend --no-amend",
            "git commit -- --amend",
            "git commit -F --amend",
        ] {
            let call = parse_git(&args(line), &no_alias).unwrap();
            assert!(!call.amend, "{line}");
        }
        assert_eq!(parse_git(&args("git merge --no-ff x"), &no_alias), None);
    }

    #[test]
    fn aliases_are_resolved() {
        let alias = |name: &str| match name {
            "ci" => Some("commit".to_owned()),
            "fix" => Some("ci --amend --no-edit".to_owned()),
            "sh" => Some("!git commit --amend".to_owned()),
            _ => None,
        };
        assert!(!parse_git(&args("git ci -m x"), &alias).unwrap().amend);
        assert!(parse_git(&args("git ci --amend"), &alias).unwrap().amend);
        assert!(parse_git(&args("git fix"), &alias).unwrap().amend);
        assert_eq!(parse_git(&args("git sh"), &alias), None);
    }

    #[test]
    fn the_editor_and_cleanup_follow_git() {
        let call = |line: &str| parse_git(&args(line), &no_alias).unwrap();
        assert!(!call("git commit -m x").editor);
        assert!(!call("git commit -qam x").editor);
        assert!(call("git commit -m x -e").editor);
        assert!(call("git commit").editor);
        assert!(call("git commit --amend").editor);
        assert!(!call("git commit --amend --no-edit").editor);
        assert!(call("git commit -c HEAD").editor);
        assert!(call("git commit -v").verbose);
        assert_eq!(
            call("git commit --cleanup=verbatim -m x")
                .cleanup
                .as_deref(),
            Some("verbatim")
        );
        assert_eq!(
            call("git commit --cleanup strip -m x").cleanup.as_deref(),
            Some("strip")
        );
    }

    fn setup(call: Option<&CommitCall>) -> MessageSetup<'_> {
        MessageSetup {
            call,
            config_cleanup: None,
            config_verbose: false,
            comment: None,
        }
    }

    #[test]
    fn dash_m_keeps_comment_lines() {
        let text = "# wip\n\np0sec-0001 fix\n";
        let m = CommitCall {
            editor: false,
            ..CommitCall::default()
        };
        assert_eq!(readings(text, &setup(Some(&m))), vec![text.to_owned()]);
        let edited = CommitCall {
            editor: true,
            ..CommitCall::default()
        };
        assert_eq!(
            readings(text, &setup(Some(&edited))),
            vec!["p0sec-0001 fix\n".to_owned()]
        );
        // Unknown: every reading, the comment-keeping one among them.
        let all = readings(text, &setup(None));
        assert!(all.contains(&text.to_owned()));
        assert!(all.contains(&"p0sec-0001 fix\n".to_owned()));
    }

    #[test]
    fn stripspace_is_gits() {
        assert_eq!(
            stripspace("\n\nsubject  \n\n\n\nbody\t\n# c\n\n", Some("#")),
            "subject\n\nbody\n"
        );
        assert_eq!(stripspace("# only\n", Some("#")), "");
        assert_eq!(stripspace("a\n#b\n", None), "a\n#b\n");
        let scissors = "subject\n# ------------------------ >8 ------------------------\ndiff\n";
        assert_eq!(cut_at_scissors(scissors, "#"), "subject\n");
    }

    #[test]
    fn auto_comment_reads_every_candidate() {
        let text = "; subject\n\nbody\n";
        let edited = CommitCall {
            editor: true,
            ..CommitCall::default()
        };
        let setup = MessageSetup {
            comment: Some("auto"),
            ..setup(Some(&edited))
        };
        let all = readings(text, &setup);
        assert!(all.contains(&"body\n".to_owned()));
        assert!(all.contains(&text.to_owned()));
    }
}
