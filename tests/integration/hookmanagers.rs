//! `gate hook install` under husky and lefthook: never over their files;
//! it says the one thing to add to their configuration instead.

use snapbox::str;

use super::gitflow::GitRepo;

/// A husky v9 layout: `core.hooksPath = .husky/_`, husky's dispatcher
/// `.husky/_/h` and its stub `.husky/_/pre-commit`, the user's
/// `.husky/pre-commit`.
fn husky_v9() -> GitRepo {
    let repo = GitRepo::demo();
    let husky = repo.path().join(".husky");
    std::fs::create_dir_all(husky.join("_")).unwrap();
    std::fs::write(husky.join("_/h"), "#!/usr/bin/env sh\n# husky dispatcher\n").unwrap();
    std::fs::write(
        husky.join("_/pre-commit"),
        "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
    )
    .unwrap();
    std::fs::write(husky.join("pre-commit"), "npm test\n").unwrap();
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
    repo
}

#[test]
fn husky_v9_is_refused_with_the_line_to_add() {
    let repo = husky_v9();
    let before = std::fs::read(repo.path().join(".husky/_/pre-commit")).unwrap();
    repo.gate()
        .args(["hook", "install"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(str![[r#"
error: this repository runs its hooks through husky; gate leaves husky's hooks alone
help: add this line to `.husky/commit-msg` (and commit it):
        gate check --staged --message-file "$1"

"#]]);
    // husky's dispatcher is where it was, unrenamed, unchanged.
    assert_eq!(
        std::fs::read(repo.path().join(".husky/_/pre-commit")).unwrap(),
        before
    );
    assert!(
        !repo
            .path()
            .join(".husky/_/pre-commit.gate-chained")
            .exists()
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".husky/pre-commit")).unwrap(),
        "npm test\n"
    );
    // Once the line is there, install says so and succeeds.
    std::fs::write(
        repo.path().join(".husky/commit-msg"),
        "gate check --staged --message-file \"$1\"\n",
    )
    .unwrap();
    repo.gate()
        .args(["hook", "install"])
        .assert()
        .code(0)
        .stdout_eq(
            "`.husky/commit-msg` already runs `gate check --staged --message-file` through husky\n",
        );
}

#[test]
fn lefthook_is_refused_with_the_snippet_to_add() {
    let repo = GitRepo::demo();
    std::fs::write(
        repo.path().join("lefthook.yml"),
        "pre-push:\n  commands: {}\n",
    )
    .unwrap();
    repo.gate()
        .args(["hook", "install"])
        .assert()
        .code(2)
        .stderr_eq(str![[r"
error: this repository runs its hooks through lefthook; gate leaves lefthook's hooks alone
help: add this to `lefthook.yml` (and run `lefthook install`):
        commit-msg:
          commands:
            gate:
              run: gate check --staged --message-file {1}

"]]);
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
}
