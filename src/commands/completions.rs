//! `gate completions <SHELL>` and `gate man`: generated from the clap
//! definition at run time (no build script).

use anyhow::Result;
use clap::CommandFactory as _;

use super::Env;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Exit;

#[allow(clippy::unnecessary_wraps)] // the shape every command has
pub(super) fn completions(env: &mut Env<'_>, args: &CompletionsArgs) -> Result<Exit> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "gate", env.out);
    Ok(Exit::Success)
}

pub(super) fn man(env: &mut Env<'_>) -> Result<Exit> {
    clap_mangen::Man::new(Cli::command()).render(env.out)?;
    Ok(Exit::Success)
}
