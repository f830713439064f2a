//! `gate` guards status changes on kanban boards kept as Markdown task files
//! with YAML front-matter in git.
//!
//! The crate is a functional core (`task`, `board`, `gates`, `lint`) with a
//! thin shell (`commands`, `report`); `main.rs` only parses arguments, calls
//! [`run`] and turns the result into an exit code.

pub mod audit;
pub mod board;
pub mod change;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod explain;
pub mod finding;
pub mod fsutil;
pub mod gates;
pub mod git;
pub mod lint;
pub mod lock;
pub mod report;
pub mod sanitize;
pub mod task;

pub use commands::run;
