//! The documentation of every gate and finding code, for `gate explain`.
//! Codes are public interface: a test keeps them unique and pinned.

use crate::gates::CodeDoc;

pub use crate::gates::{ALL as GATES, GateDoc};

/// Codes that belong to no gate: task files, the board, overrides.
pub fn other_codes() -> impl Iterator<Item = &'static CodeDoc> {
    crate::task::CODES
        .iter()
        .chain(crate::board::CODES)
        .chain(crate::gates::OVERRIDE_CODES)
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
        for gate in GATES {
            for c in gate.codes {
                assert!(
                    c.code.starts_with(&format!("{}/", gate.id)),
                    "{} under {}",
                    c.code,
                    gate.id
                );
            }
        }
    }

    #[test]
    fn gate_ids_match_the_config_list() {
        for gate in GATES {
            assert!(crate::config::GATE_IDS.contains(&gate.id), "{}", gate.id);
        }
    }
}
