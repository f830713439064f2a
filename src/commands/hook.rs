//! `gate hook install | uninstall`: the commit-msg hook that runs
//! `gate check --staged --message-file <FILE>`. It runs when both the
//! message and the staged tree exist, so the commit being made counts as P0
//! evidence exactly as `ci` will count it; git runs it for `git commit` and
//! for the merge commits `git merge` makes. The hook calls this very binary
//! by its absolute path, so it works without `gate` on `PATH`; install again
//! after moving the binary (installing is idempotent). An older gate's
//! pre-commit hook is removed on install (its chained hook put back).

use anyhow::{Context as _, Result, bail};

use super::Env;
use crate::cli::{HookAction, HookArgs};
use crate::error::{Exit, UsageError};
use crate::git::hooks::{self, Installed, Manager, Uninstalled};

const HOOK: &str = "commit-msg";

/// The hook earlier versions installed, migrated on install.
const OLD_HOOK: &str = "pre-commit";

/// The command a hook manager's configuration should run (husky passes
/// the message file as `$1`).
const COMMAND: &str = "gate check --staged --message-file";

/// Refuses to install under a hook manager, saying what to add to its
/// configuration instead; `Ok(true)` when it already runs gate.
fn managed(env: &mut Env<'_>, top: &std::path::Path, manager: &Manager) -> Result<bool> {
    let shown = |p: &std::path::Path| crate::board::display_path(top, p);
    let (file, what, add) = match manager {
        Manager::Husky { hook } => (
            hook,
            "husky",
            format!(
                "add this line to `{}` (and commit it):\n        {COMMAND} \"$1\"",
                shown(hook)
            ),
        ),
        Manager::Lefthook { config } => (
            config,
            "lefthook",
            format!(
                "add this to `{}` (and run `lefthook install`):\n        commit-msg:\n          commands:\n            gate:\n              run: {COMMAND} {{1}}",
                shown(config)
            ),
        ),
    };
    if std::fs::read_to_string(file).is_ok_and(|t| t.contains(COMMAND)) {
        if !env.quiet {
            writeln!(
                env.out,
                "`{}` already runs `{COMMAND}` through {what}",
                shown(file)
            )?;
        }
        return Ok(true);
    }
    bail!(UsageError(format!(
        "this repository runs its hooks through {what}; gate leaves {what}'s hooks alone\nhelp: {add}"
    )))
}

pub(super) fn run(env: &mut Env<'_>, args: &HookArgs) -> Result<Exit> {
    let root = crate::config::find_root(&env.locate.cwd);
    let dir = hooks::hooks_dir(&root)?;
    let hook = dir.join(HOOK);
    let message = match args.action {
        // Dispatched to `agent_hook` by `commands::run`.
        HookAction::Agent(_) => bail!("`gate hook agent` installs nothing"),
        HookAction::Install => {
            let top = hooks::top(&root)?;
            if let Some(manager) = hooks::manager(&top, &dir, HOOK) {
                managed(env, &top, &manager)?;
                return Ok(Exit::Success);
            }
            let exe = std::env::current_exe().context("finding the gate binary")?;
            let exe = exe
                .to_str()
                .context("the path of the gate binary is not UTF-8")?;
            let content = hooks::script(HOOK, &[exe, "check", "--staged", "--message-file"]);
            let migrated = match hooks::uninstall(&dir, OLD_HOOK)? {
                Uninstalled::Removed { .. } => {
                    format!("; removed gate's older `{OLD_HOOK}` hook")
                }
                _ => String::new(),
            };
            let installed = match hooks::install(&dir, HOOK, &content)? {
                Installed::New => format!("installed `{}`", hook.display()),
                Installed::Updated => format!("updated `{}`", hook.display()),
                Installed::Unchanged => format!("`{}` is already installed", hook.display()),
                Installed::Chained(old) => format!(
                    "installed `{}`; the existing hook was moved to `{}` and runs first",
                    hook.display(),
                    old.display()
                ),
            };
            format!("{installed}{migrated}")
        }
        HookAction::Uninstall => match hooks::uninstall(&dir, HOOK).and_then(|new| {
            // An older gate's pre-commit hook goes too.
            hooks::uninstall(&dir, OLD_HOOK).map(|_| new)
        })? {
            Uninstalled::Removed { restored: true } => format!(
                "removed gate's hook; restored the previous `{}`",
                hook.display()
            ),
            Uninstalled::Removed { restored: false } => format!("removed `{}`", hook.display()),
            Uninstalled::NotInstalled => format!("no hook at `{}`; nothing to do", hook.display()),
            Uninstalled::NotOurs => {
                writeln!(
                    env.err,
                    "warning: `{}` was not installed by gate; left alone",
                    hook.display()
                )?;
                return Ok(Exit::Success);
            }
        },
    };
    if !env.quiet {
        writeln!(env.out, "{message}")?;
    }
    if matches!(args.action, HookAction::Install)
        && let Ok(s) = env.settings()
        && s.audit.enabled
        && let Some(note) = crate::audit::gitattributes::set_up(&s.root, &s.audit.path)
        && !env.quiet
    {
        writeln!(env.out, "{note}")?;
    }
    Ok(Exit::Success)
}
