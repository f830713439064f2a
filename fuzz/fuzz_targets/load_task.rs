//! Fuzz target: loading any bytes as a task file never panics, and every
//! line a finding names exists in the input.
#![no_main]

use kanban_gate::task::{Parsed, Vocabulary, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.split(|b| *b == b'\n').count();
    let findings = match parse(data, "fuzz", &Vocabulary::default(), 1 << 20) {
        Parsed::Task(task) => task.findings,
        Parsed::NotATask(f) | Parsed::Unreadable(f) => f,
    };
    for finding in findings {
        if let Some(line) = finding.line {
            assert!((1..=lines).contains(&line), "{finding:?} beyond {lines} lines");
        }
    }
});
