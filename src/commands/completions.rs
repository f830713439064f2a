//! `gate completions <SHELL>` and `gate man`: generated from the clap
//! definition at run time (no build script).

use anyhow::Result;

use super::Env;
use crate::cli::{CompletionsArgs, command};
use crate::error::Exit;

/// `clap_complete::generate` panics when its writer fails (a closed pipe in
/// `gate completions bash | head -1`), so the script is built in memory and
/// written here, where a broken pipe ends the run quietly.
pub(super) fn completions(env: &mut Env<'_>, args: &CompletionsArgs) -> Result<Exit> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "gate", &mut script);
    env.out.write_all(&script)?;
    Ok(Exit::Success)
}

pub(super) fn man(env: &mut Env<'_>) -> Result<Exit> {
    clap_mangen::Man::new(command()).render(env.out)?;
    Ok(Exit::Success)
}
