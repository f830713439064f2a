//! `gate hook install | uninstall`: the pre-commit hook that runs
//! `gate check --staged`. The hook calls this very binary by its absolute
//! path, so it works without `gate` on `PATH`; install again after moving
//! the binary (installing is idempotent).

use anyhow::{Context as _, Result};

use super::Env;
use crate::cli::{HookAction, HookArgs};
use crate::error::Exit;
use crate::git::hooks::{self, Installed, Uninstalled};

const HOOK: &str = "pre-commit";

pub(super) fn run(env: &mut Env<'_>, args: &HookArgs) -> Result<Exit> {
    let root = crate::config::find_root(&env.locate.cwd);
    let dir = hooks::hooks_dir(&root)?;
    let hook = dir.join(HOOK);
    let message = match args.action {
        HookAction::Install => {
            let exe = std::env::current_exe().context("finding the gate binary")?;
            let exe = exe
                .to_str()
                .context("the path of the gate binary is not UTF-8")?;
            let content = hooks::script(HOOK, &[exe, "check", "--staged"]);
            match hooks::install(&dir, HOOK, &content)? {
                Installed::New => format!("installed `{}`", hook.display()),
                Installed::Updated => format!("updated `{}`", hook.display()),
                Installed::Unchanged => format!("`{}` is already installed", hook.display()),
                Installed::Chained(old) => format!(
                    "installed `{}`; the existing hook was moved to `{}` and runs first",
                    hook.display(),
                    old.display()
                ),
            }
        }
        HookAction::Uninstall => match hooks::uninstall(&dir, HOOK)? {
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
