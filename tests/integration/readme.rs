//! The README's console examples are real output: they run as trycmd cases.

#[test]
fn readme_examples_are_real_output() {
    trycmd::TestCases::new()
        .register_bin("gate", std::path::PathBuf::from(super::support::gate_bin()))
        .env("NO_COLOR", "1")
        .env("__GATE_TEST_NOW", "2025-11-01T12:00:00Z")
        .case("README.md");
}
