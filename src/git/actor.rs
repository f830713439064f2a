//! Who is acting: the `actor` of an audit record.
//!
//! git's `user.name <user.email>` from the repository's configuration
//! (which includes the global and system files git itself reads), else the
//! login name from `USER` / `USERNAME`, else `unknown`. Read-only.

use std::path::Path;

/// The actor for records written from a run rooted at `root`.
pub(crate) fn actor(root: &Path) -> String {
    from_git(root).unwrap_or_else(|| login(|k| std::env::var(k).ok()))
}

fn from_git(root: &Path) -> Option<String> {
    let repo = super::open_repository(root)
        .ok()
        .or_else(|| git2::Repository::discover(root).ok());
    let config = match repo {
        Some(repo) => repo.config().ok()?,
        None => git2::Config::open_default().ok()?,
    };
    let name = config
        .get_string("user.name")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let email = config
        .get_string("user.email")
        .ok()
        .filter(|s| !s.trim().is_empty());
    match (name, email) {
        (Some(n), Some(e)) => Some(format!("{} <{}>", n.trim(), e.trim())),
        (Some(n), None) => Some(n.trim().to_owned()),
        (None, Some(e)) => Some(format!("<{}>", e.trim())),
        (None, None) => None,
    }
}

/// The login name from the environment, looked up through `var`.
fn login(var: impl Fn(&str) -> Option<String>) -> String {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|k| var(k).filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_falls_back_in_order() {
        assert_eq!(
            login(|k| (k == "USERNAME").then(|| "win".to_owned())),
            "win"
        );
        assert_eq!(login(|k| Some(k.to_lowercase())), "user");
        assert_eq!(login(|_| None), "unknown");
    }
}
