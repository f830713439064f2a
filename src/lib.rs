//! `gate` guards status changes on kanban boards kept as Markdown task files
//! with YAML front-matter in git.
//!
//! The crate is a functional core (`task`, `board`, `gates`, `lint`) with a
//! thin shell (`commands`, `report`); `main.rs` only parses arguments, calls
//! [`run`] and turns the result into an exit code.

pub(crate) mod agent;
pub(crate) mod audit;
pub(crate) mod board;
pub(crate) mod change;
pub mod cli;
pub(crate) mod commands;
pub mod config;
pub mod error;
pub mod explain;
pub mod finding;
pub(crate) mod fsutil;
pub(crate) mod gates;
pub(crate) mod git;
pub(crate) mod lint;
pub(crate) mod lock;
pub(crate) mod markdown;
pub(crate) mod report;
pub(crate) mod sanitize;
pub mod task;
#[cfg(test)]
mod testutil;

pub use commands::run;
