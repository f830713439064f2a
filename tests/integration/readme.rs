//! The README's console examples are real output: they run as trycmd cases,
//! in the tests' environment (trycmd can set variables only: the leaks of
//! the developer's environment are set empty).

use super::support::{LEAKS, empty_home, fixed_vars, gate_bin};

#[test]
fn readme_examples_are_real_output() {
    let cases = trycmd::TestCases::new();
    cases.register_bin("gate", std::path::PathBuf::from(gate_bin()));
    for (key, value) in fixed_vars(empty_home()) {
        cases.env(key, value.to_string_lossy());
    }
    for key in LEAKS {
        cases.env(*key, "");
    }
    cases.case("README.md");
}
