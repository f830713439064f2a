//! `gate` guards status changes on kanban boards kept as Markdown task files
//! with YAML front-matter in git.
pub mod board;
pub mod config;
pub mod finding;
pub mod gates;
pub mod task;
