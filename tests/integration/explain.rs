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
