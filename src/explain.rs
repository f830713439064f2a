//! The documentation of every gate and finding code, for `gate explain`.
//! Codes are public interface: a test keeps them unique and pinned.

use crate::gates::CodeDoc;

pub use crate::gates::{ALL as GATES, GateDoc};

/// Codes that belong to no gate, by their namespace: task files, the
/// board, overrides. Each table is declared once, with its enum, by
/// `finding::declare_codes!`.
pub(crate) const OTHER: &[(&str, &[CodeDoc])] = &[
    ("task", crate::task::CODES),
    ("board", crate::board::CODES),
    ("override", crate::gates::OVERRIDE_CODES),
    ("agent", crate::agent::CODES),
    ("ci", CI_CODES),
];

crate::finding::declare_codes! {
    /// The codes of what `gate ci` says about the range itself, before any
    /// task is judged (declared here, not in `commands::ci`, so that the
    /// documentation depends on no command).
    pub(crate) enum CiCode in CI_CODES {
        ConfigChanged = "ci/config-changed", Warning,
            "a config file differs between base and head",
            "`gate ci` judges the range with the configuration at the base, so a pull request cannot loosen the rules it is judged by: a gate.toml, `.gate.toml`, Promethean config or board tool's config that the range changes is reported, naming the file. A change of a tool's bookkeeping only (kanban-md's `next_id`, its display keys) is not a change of policy and is not reported. Once the change is on the base it applies; `--config-from head` judges with the head's configuration.";
        BoardSourceChanged = "ci/board-source-changed", Error,
            "the board's source differs between base and head",
            "The board's source — its tool's config file and its tasks directory — is the board itself: a range that changes it would be judged on one board and, once merged, leave the other unguarded. `gate ci` exits 2 naming both; the change is reviewed on its own and applies once it is on the base. `--config-from head` judges the range with the head's board, with a warning.";
        NoBoardAtBase = "ci/no-board-at-base", Error,
            "the base has no board: the range adds it",
            "The base holds no gate config, no board tool's config and no tasks directory, so there is nothing to judge the range by: the built-in defaults would judge the new board's every task by a workflow nobody chose. `gate ci` exits 2; `--config-from head` judges the range with the board as the head has it, or pass a `--base` that has the board.";
    }
}

/// The commands through which coding agents reach the judge, by the name
/// `gate explain` takes (`gate explain mcp`), with their documentation.
pub(crate) const SURFACES: &[(&str, &str)] = &[
    (
        "proposed",
        "gate check --proposed <FILE> [--content-file F | --remove] [--record]\n\nJudges an edit of one task file before it is made: the board as it is, with that one file replaced by the proposed content (standard input by default; empty content or --remove deletes it), judged by the same judge of a change as the commit hook, with the configuration HEAD has. A status change, a new task, a removal, an id change and a file that stops reading as a task are judged as they will be once committed. Writes nothing; records nothing unless --record. Exit codes and formats as `check --staged`: 0 allowed, 1 blocked, 2 could not decide.",
    ),
    (
        "hook-agent",
        "gate hook agent [--agent claude-code]\n\nA coding agent's hook: reads its \"about to call a tool\" payload on standard input (Claude Code: PreToolUse, with the Write, Edit and MultiEdit tools), rebuilds the content an edit of a task file would leave and judges it as `gate check --proposed` does. Answers in the agent's protocol (Claude Code): exit 0 allows; exit 2 blocks, with the verdict and each finding's help on standard error, which the agent shows the model; exit 1 is a non-blocking error (a payload that cannot be read: agent/malformed-payload). A file that is not a task is never blocked and is decided before the board is read. An edit of a task file that cannot be rebuilt or judged is blocked (agent/edit-not-applicable, agent/cannot-decide).",
    ),
    (
        "mcp",
        "gate mcp [--allow-move]\n\nAn MCP server over stdio with the tools board, list, show, check (a dry run), propose (check --proposed), move and explain. Each call runs the command it names with --format json, so it answers with the CLI's own document; a blocked verdict is an answer. What the CLI answers with exit 2 is an MCP error whose data holds the finding codes (codes), exit, message and the document when there is one; arguments a tool does not take are agent/bad-arguments. Read-only: move is refused (agent/read-only) unless the server is started with --allow-move. The server ends when the client closes standard input.",
    ),
];

/// Codes that belong to no gate: task files, the board, overrides.
pub(crate) fn other_codes() -> impl Iterator<Item = &'static CodeDoc> {
    OTHER.iter().flat_map(|(_, codes)| codes.iter())
}

/// Every documented code: gates' codes, then the others.
pub fn all_codes() -> impl Iterator<Item = &'static CodeDoc> {
    GATES
        .iter()
        .flat_map(|g| g.codes.iter())
        .chain(other_codes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_namespaced() {
        let mut seen = std::collections::BTreeSet::new();
        for doc in all_codes() {
            assert!(seen.insert(doc.code), "duplicate code {}", doc.code);
            let (ns, name) = doc.code.split_once('/').expect("codes are ns/name");
            assert!(!ns.is_empty() && !name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{}",
                doc.code
            );
        }
        let tables = GATES
            .iter()
            .map(|g| (g.id, g.codes))
            .chain(OTHER.iter().copied());
        for (ns, codes) in tables {
            for c in codes {
                assert!(
                    c.code.starts_with(&format!("{ns}/")),
                    "{} under {ns}",
                    c.code
                );
            }
        }
    }

    /// Each enum and its table are one declaration: variant `i` documents
    /// row `i`.
    #[test]
    fn enums_and_tables_agree() {
        use crate::gates::{p0_security::P0Code, transition::TransitionCode, wip_limit::WipCode};
        fn check<C: Copy + Into<crate::finding::Code>>(all: &[C], table: &[CodeDoc]) {
            let codes: Vec<&str> = all.iter().map(|c| (*c).into().as_str()).collect();
            let docs: Vec<&str> = table.iter().map(|d| d.code).collect();
            assert_eq!(codes, docs);
        }
        check(crate::task::TaskCode::ALL, crate::task::CODES);
        check(crate::board::BoardCode::ALL, crate::board::CODES);
        check(
            crate::gates::OverrideCode::ALL,
            crate::gates::OVERRIDE_CODES,
        );
        check(crate::agent::AgentCode::ALL, crate::agent::CODES);
        check(CiCode::ALL, CI_CODES);
        check(TransitionCode::ALL, crate::gates::transition::CODES);
        check(WipCode::ALL, crate::gates::wip_limit::CODES);
        check(P0Code::ALL, crate::gates::p0_security::CODES);
        assert_eq!(
            WipCode::parse("wip-limit/exceeded"),
            Some(WipCode::Exceeded)
        );
        assert_eq!(WipCode::parse("wip-limit/nope"), None);
        assert_eq!(P0Code::LeftScope.doc().code, "p0-security/left-scope");
    }

    #[test]
    fn gate_ids_match_the_config_list() {
        for gate in GATES {
            assert!(crate::gates::REGISTRY.ids.contains(&gate.id), "{}", gate.id);
        }
    }
}
