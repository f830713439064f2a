//! Helpers for the unit tests.

use std::path::PathBuf;

/// `../shared/corpus/<rel>`, the real boards kept beside this project's own
/// checkouts (never beside a user's clone, never copied into it).
///
/// `None`, with a note on stderr, when the corpus is absent — unless
/// `GATE_REQUIRE_CORPUS` is set (CI sets it), where that is a failure, so the
/// corpus tests can never be skipped silently.
pub(crate) fn corpus_dir(rel: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if root.is_dir() {
        return Some(root.join(rel));
    }
    assert!(
        std::env::var_os("GATE_REQUIRE_CORPUS").is_none_or(|v| v.is_empty() || v == "0"),
        "GATE_REQUIRE_CORPUS is set but the corpus is not at {}",
        root.display()
    );
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "note: {} is absent; skipping the test against the real corpus ({rel})",
            root.display()
        );
    }
    None
}
