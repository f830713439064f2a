//! Installing and removing gate's commit hook (commit-msg).
//!
//! The hooks directory is `core.hooksPath` when set (relative to the work
//! tree top, as git reads it), else `hooks/` in the common git directory
//! (shared by all worktrees). A hook that is not ours is never overwritten:
//! it is renamed to `<name>.gate-chained` and our hook runs it first; to
//! uninstall puts it back. This module writes hook files only, never the
//! index or refs.

use std::path::{Path, PathBuf};

/// The line that marks a hook file as ours.
pub(crate) const MARKER: &str = "# gate-managed-hook v1";
/// The suffix of a chained (pre-existing) hook.
pub(crate) const CHAINED_SUFFIX: &str = ".gate-chained";

/// Why a hook could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HookError {
    #[error(transparent)]
    Repo(#[from] super::GitError),
    #[error("reading git config: {0}")]
    Git(#[from] git2::Error),
    #[error("`{}` already exists, and so does a hook that is not gate's at `{}`", chained.display(), hook.display())]
    ChainTaken { hook: PathBuf, chained: PathBuf },
    #[error("{what} `{}`: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What `install` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Installed {
    /// No hook was there; ours is.
    New,
    /// Ours was there already, now with this command.
    Updated,
    /// Ours was there already with the same content.
    Unchanged,
    /// Another hook was there: it was renamed to this path and is run first.
    Chained(PathBuf),
}

/// What `uninstall` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Uninstalled {
    /// Ours was removed; the chained hook, if any, was put back.
    Removed { restored: bool },
    /// No hook was there.
    NotInstalled,
    /// The hook there is not ours; it was left alone.
    NotOurs,
}

/// The hooks directory of the repository at `root`.
pub(crate) fn hooks_dir(root: &Path) -> Result<PathBuf, HookError> {
    let repo = super::open_repository(root)?;
    let configured = repo.config()?.get_path("core.hooksPath").ok();
    Ok(match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        None => repo.commondir().join("hooks"),
    })
}

/// A hook manager that owns the hooks directory: gate's hook must be added
/// to its configuration instead of written over its dispatcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Manager {
    /// husky (v5–v9): `core.hooksPath` points into `.husky/`; the hook to
    /// edit is `.husky/<name>`.
    Husky { hook: PathBuf },
    /// lefthook: a `lefthook.yml` (or one of its other names) at the top,
    /// or a hook file that lefthook wrote.
    Lefthook { config: PathBuf },
}

/// The config files lefthook reads, in its order.
const LEFTHOOK_CONFIGS: &[&str] = &[
    "lefthook.yml",
    ".lefthook.yml",
    "lefthook.yaml",
    ".lefthook.yaml",
    "lefthook.toml",
    ".lefthook.toml",
    "lefthook.json",
    ".lefthook.json",
];

/// The hook manager of the repository whose work tree top is `top` and
/// whose hooks directory is `dir`, if any runs hook `name`.
pub(crate) fn manager(top: &Path, dir: &Path, name: &str) -> Option<Manager> {
    let husky = top.join(".husky");
    if dir.starts_with(&husky) {
        return Some(Manager::Husky {
            hook: husky.join(name),
        });
    }
    if let Some(config) = LEFTHOOK_CONFIGS
        .iter()
        .map(|c| top.join(c))
        .find(|c| c.is_file())
    {
        return Some(Manager::Lefthook { config });
    }
    let hook = dir.join(name);
    let written_by_lefthook = !is_ours(&hook)
        && std::fs::read(&hook).is_ok_and(|b| String::from_utf8_lossy(&b).contains("lefthook"));
    written_by_lefthook.then(|| Manager::Lefthook {
        config: top.join(LEFTHOOK_CONFIGS[0]),
    })
}

/// The work tree top of the repository at `root` (its git directory when
/// bare).
pub(crate) fn top(root: &Path) -> Result<PathBuf, HookError> {
    let repo = super::open_repository(root)?;
    Ok(repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf())
}

/// The hook script: runs a chained hook first, then `command` followed by
/// the hook's own arguments (`"$@"`: the commit-msg hook's message file).
pub(crate) fn script(name: &str, command: &[&str]) -> String {
    let mut quoted: Vec<String> = command.iter().map(|a| shell_quote(a)).collect();
    quoted.push("\"$@\"".to_owned());
    format!(
        "#!/bin/sh\n\
         {MARKER}: installed by `gate hook install`; `gate hook uninstall` removes it\n\
         # and puts back the hook it chained, if any.\n\
         chained=\"$(dirname \"$0\")/{name}{CHAINED_SUFFIX}\"\n\
         if [ -x \"$chained\" ]; then\n\
         \x20   \"$chained\" \"$@\" || exit $?\n\
         fi\n\
         exec {}\n",
        quoted.join(" ")
    )
}

fn shell_quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-=:".contains(c))
    {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// Whether the file at `path` is a hook we installed.
pub(crate) fn is_ours(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| {
        String::from_utf8_lossy(&b)
            .lines()
            .take(3)
            .any(|l| l.starts_with(MARKER))
    })
}

/// Installs hook `name` in `dir` with `content`, chaining a hook that is
/// not ours. Running it again only refreshes our file.
pub(crate) fn install(dir: &Path, name: &str, content: &str) -> Result<Installed, HookError> {
    fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> HookError + use<> {
        let path = path.to_path_buf();
        move |source| HookError::Io { what, path, source }
    }
    std::fs::create_dir_all(dir).map_err(io("creating the hooks directory", dir))?;
    let hook = dir.join(name);
    let chained = dir.join(format!("{name}{CHAINED_SUFFIX}"));
    let exists = hook.symlink_metadata().is_ok();
    let outcome = if exists && is_ours(&hook) {
        let old = std::fs::read(&hook).map_err(io("reading", &hook))?;
        if old == content.as_bytes() {
            return Ok(Installed::Unchanged);
        }
        Installed::Updated
    } else if exists {
        if chained.symlink_metadata().is_ok() {
            return Err(HookError::ChainTaken { hook, chained });
        }
        std::fs::rename(&hook, &chained).map_err(io("renaming", &hook))?;
        Installed::Chained(chained)
    } else {
        Installed::New
    };
    std::fs::write(&hook, content).map_err(io("writing", &hook))?;
    make_executable(&hook).map_err(io("making executable", &hook))?;
    Ok(outcome)
}

/// Removes our hook `name` from `dir` and puts back the chained one.
pub(crate) fn uninstall(dir: &Path, name: &str) -> Result<Uninstalled, HookError> {
    let hook = dir.join(name);
    let chained = dir.join(format!("{name}{CHAINED_SUFFIX}"));
    if hook.symlink_metadata().is_err() {
        return Ok(Uninstalled::NotInstalled);
    }
    if !is_ours(&hook) {
        return Ok(Uninstalled::NotOurs);
    }
    std::fs::remove_file(&hook).map_err(|source| HookError::Io {
        what: "removing",
        path: hook.clone(),
        source,
    })?;
    let restored = chained.symlink_metadata().is_ok();
    if restored {
        std::fs::rename(&chained, &hook).map_err(|source| HookError::Io {
            what: "restoring",
            path: chained.clone(),
            source,
        })?;
    }
    Ok(Uninstalled::Removed { restored })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut perms = std::fs::metadata(path)?.permissions();
    perms.set_mode(perms.mode() | 0o755);
    std::fs::set_permissions(path, perms)
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn husky_and_lefthook_are_recognised() {
        let top = tempfile::tempdir().unwrap();
        let top = top.path();
        let hooks = top.join(".git/hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        assert_eq!(manager(top, &hooks, "pre-commit"), None);
        // husky v9 points core.hooksPath at `.husky/_`, v5–v8 at `.husky`.
        for dir in [".husky/_", ".husky"] {
            assert_eq!(
                manager(top, &top.join(dir), "pre-commit"),
                Some(Manager::Husky {
                    hook: top.join(".husky/pre-commit")
                })
            );
        }
        // A hook lefthook wrote, without a config at the top.
        std::fs::write(
            hooks.join("pre-commit"),
            "#!/bin/sh\ncall_lefthook run pre-commit\n",
        )
        .unwrap();
        assert_eq!(
            manager(top, &hooks, "pre-commit"),
            Some(Manager::Lefthook {
                config: top.join("lefthook.yml")
            })
        );
        std::fs::remove_file(hooks.join("pre-commit")).unwrap();
        std::fs::write(top.join(".lefthook.yml"), "pre-commit: {}\n").unwrap();
        assert_eq!(
            manager(top, &hooks, "pre-commit"),
            Some(Manager::Lefthook {
                config: top.join(".lefthook.yml")
            })
        );
    }

    #[test]
    fn install_chains_and_uninstall_restores() {
        let dir = tempfile::tempdir().unwrap();
        let hooks = dir.path().join("hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\necho theirs\n").unwrap();
        let ours = script("pre-commit", &["/opt/my gate/gate", "check", "--staged"]);
        assert!(ours.contains("exec '/opt/my gate/gate' check --staged \"$@\"\n"));
        let chained = hooks.join("pre-commit.gate-chained");
        assert_eq!(
            install(&hooks, "pre-commit", &ours).unwrap(),
            Installed::Chained(chained.clone())
        );
        assert_eq!(
            install(&hooks, "pre-commit", &ours).unwrap(),
            Installed::Unchanged
        );
        assert_eq!(
            install(&hooks, "pre-commit", &ours.replace("my gate", "x")).unwrap(),
            Installed::Updated
        );
        assert!(is_ours(&hooks.join("pre-commit")));
        assert_eq!(
            std::fs::read_to_string(&chained).unwrap(),
            "#!/bin/sh\necho theirs\n"
        );
        assert_eq!(
            uninstall(&hooks, "pre-commit").unwrap(),
            Uninstalled::Removed { restored: true }
        );
        assert_eq!(
            std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
            "#!/bin/sh\necho theirs\n"
        );
        assert_eq!(
            uninstall(&hooks, "pre-commit").unwrap(),
            Uninstalled::NotOurs
        );
        std::fs::remove_file(hooks.join("pre-commit")).unwrap();
        assert_eq!(
            uninstall(&hooks, "pre-commit").unwrap(),
            Uninstalled::NotInstalled
        );
    }
}
