//! The one integration-test binary: end-to-end tests of `gate`.
//!
//! Every process a test starts (gate, git, a shell) and every repository it
//! builds goes through `support` (`gate`, `gate_process`, `GitRepo`, …),
//! in one scrubbed environment; see ARCHITECTURE.md, "Tests".

// Test code: a failed unwrap is a failed test, and notes go to stderr; an
// end-to-end scenario reads top to bottom, however long.
#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::too_many_lines)]

mod agent_hook;
mod architecture;
mod audit;
mod boardsource;
mod change;
mod ciformats;
mod cli;
mod corpus;
mod done;
mod explain;
mod formats;
mod gitflow;
mod hookmanagers;
mod hookview;
mod hostile;
mod identity;
mod learn;
mod loading;
mod mcp;
mod messages;
#[cfg(unix)] // symlinks, owners, chattr and git set-ups of Unix
mod moving;
mod native;
mod p0;
mod proposed;
mod readme;
mod readme_ci;
mod replay;
mod report;
mod schemas;
mod standalone;
mod support;
mod unread;
mod verdict;
