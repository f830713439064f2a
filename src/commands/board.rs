//! `gate board`: each column's count against its WIP limit.

use anyhow::Result;

use super::Env;
use crate::cli::Format;
use crate::error::Exit;
use crate::report::{board_report, human, json};

pub(super) fn run(env: &mut Env<'_>) -> Result<Exit> {
    let settings = env.settings()?;
    let board = env.board(&settings)?;
    super::warn_unread(env, &settings, &board)?;
    let report = board_report(&board, &settings);
    if !env.quiet {
        match env.format {
            Format::Json => json::write(env.out, &json::board_doc(&report))?,
            _ => human::board(env.out, &report, env.style)?,
        }
    }
    Ok(Exit::Success)
}
