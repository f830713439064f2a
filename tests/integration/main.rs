//! The one integration-test binary: end-to-end tests of `gate`.

// Test code: a failed unwrap is a failed test, and notes go to stderr.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod audit;
mod cli;
mod corpus;
mod gitflow;
mod hostile;
mod native;
mod p0;
mod readme;
mod report;
mod schemas;
mod support;
