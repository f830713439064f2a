//! The documentation of every gate and finding code, for `gate explain`.
//! Codes are public interface: a test keeps them unique and pinned.

use crate::gates::CodeDoc;

pub use crate::gates::{ALL as GATES, GateDoc};

/// Codes that belong to no gate, by their namespace: task files, the
/// board, overrides. Each table is declared once, with its enum, by
/// `finding::declare_codes!`.
pub const OTHER: &[(&str, &[CodeDoc])] = &[
    ("task", crate::task::CODES),
    ("board", crate::board::CODES),
    ("override", crate::gates::OVERRIDE_CODES),
    ("agent", crate::agent::CODES),
];

/// Codes that belong to no gate: task files, the board, overrides.
pub fn other_codes() -> impl Iterator<Item = &'static CodeDoc> {
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
