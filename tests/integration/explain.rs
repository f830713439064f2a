//! `gate explain`: every gate and finding code the registry documents, each
//! with its whole text, pinned by one snapshot (cargo-deny's `codes_unique`).

use std::fmt::Write as _;

use kanban_gate::explain::{GATES, all_codes};

use super::support::gate;

/// `gate explain [name]`: stdout, after checking it exits 0.
fn explain(dir: &std::path::Path, name: Option<&str>) -> String {
    let out = gate(dir).arg("explain").args(name).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "gate explain {name:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

// A new or changed code changes the snapshot on purpose: regenerate with
// `SNAPSHOTS=overwrite cargo test --test integration explain_`.
#[test]
fn explain_documents_every_code() {
    let dir = tempfile::tempdir().unwrap();
    let list = explain(dir.path(), None);
    let mut all = format!("$ gate explain\n{list}");
    for g in GATES {
        let text = explain(dir.path(), Some(g.id));
        assert!(
            text.starts_with(&format!("{} — {}\n", g.id, g.summary)),
            "{text}"
        );
        assert!(text.contains(g.doc), "{} prints its doc:\n{text}", g.id);
        for c in g.codes {
            assert!(text.contains(c.code), "{} lists {}:\n{text}", g.id, c.code);
        }
        write!(all, "\n$ gate explain {}\n{text}", g.id).unwrap();
    }
    for c in all_codes() {
        assert!(list.contains(c.code), "`gate explain` lists {}", c.code);
        let text = explain(dir.path(), Some(c.code));
        assert!(
            text.starts_with(&format!("{} ({})\n", c.code, c.severity.as_str())),
            "{text}"
        );
        assert!(text.ends_with(&format!("{}\n", c.details)), "{text}");
        write!(all, "\n$ gate explain {}\n{text}", c.code).unwrap();
    }
    snapbox::assert_data_eq!(all, snapbox::file!["explain.expected.txt"].raw());
}

/// Every finding code, sorted, with its severity: codes are public
/// interface (JSON, SARIF rule ids, the audit log), so adding, renaming or
/// removing one changes this list on purpose (cargo-deny's `codes_unique`).
/// Regenerate with `SNAPSHOTS=overwrite cargo test --test integration codes_`.
#[test]
fn codes_are_unique_and_pinned() {
    let mut codes: Vec<String> = all_codes()
        .map(|c| format!("{} ({})", c.code, c.severity.as_str()))
        .collect();
    let count = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), count, "a code is declared twice");
    for gate in GATES {
        for c in gate.codes {
            assert!(c.code.starts_with(&format!("{}/", gate.id)), "{}", c.code);
        }
    }
    let mut list = codes.join("\n");
    list.push('\n');
    snapbox::assert_data_eq!(list, snapbox::file!["codes.expected.txt"].raw());
}
