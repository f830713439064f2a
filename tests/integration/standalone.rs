//! The repository stands on its own files (issue #20): nothing in it names a
//! path of the machine it was written on. `.ci/run` also runs the whole
//! default suite in a fresh clone with nothing beside it.

use super::support::{GIT_DATE, empty_home, git_command, manifest_dir};

/// No tracked file names the absolute path of anything beside the checkout
/// (`<parent>/shared`, `<parent>/<another checkout>`, …): such a path exists
/// only on the machine the file was written on.
#[test]
fn no_tracked_file_names_a_path_of_this_machine() {
    let root = manifest_dir();
    let Some(parent) = root.parent() else { return };
    let mut beside: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| format!("{}/{}", parent.display(), e.file_name().to_string_lossy()))
        .collect();
    beside.push(root.display().to_string());
    let out = git_command(&root, empty_home(), GIT_DATE)
        .args(["ls-files", "-z"])
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!("note: not a git checkout; skipping the path check");
        return;
    }
    let mut found = Vec::new();
    for file in out.stdout.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        let path = root.join(String::from_utf8_lossy(file).as_ref());
        let Ok(text) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        for (n, line) in text.lines().enumerate() {
            if let Some(p) = beside.iter().find(|p| line.contains(p.as_str())) {
                found.push(format!("{}:{}: {p}", path.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "machine paths in the repository:\n{}",
        found.join("\n")
    );
}
