use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches as _;

// Loading a board allocates a great deal on every core; see README "Dependencies".
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = kanban_gate::cli::command()
        .try_get_matches()
        .and_then(|m| kanban_gate::cli::Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| e.exit());
    // Not locked for the whole run: `gate mcp` writes standard output from
    // another thread.
    let mut out = std::io::stdout();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let result = kanban_gate::run(cli, &mut out, &mut err);
    let flushed = out.flush();
    match result {
        Ok(exit) => match flushed {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                let _ = writeln!(err, "error: writing output: {e}");
                ExitCode::from(2)
            }
            _ => exit.into(),
        },
        Err(e) if kanban_gate::error::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {}", kanban_gate::error::one_line_chain(&e));
            ExitCode::from(2)
        }
    }
}
