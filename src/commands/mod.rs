//! Commands: each one loads what it needs, asks the domain modules to
//! decide, and hands the result to a renderer. No rules live here.

mod audit;
mod board;
mod check;
mod ci;
mod completions;
mod config;
mod explain;
mod hook;
mod init;
mod lint;
mod list;
mod move_;
mod report;
mod staged;
mod watch;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};

use crate::board::Board;
use crate::cli::{Cli, Command, Format};
use crate::config::{Locate, Settings};
use crate::error::{Exit, UsageError};
use crate::report::style::{Style, one_line};

pub use check::judge;

/// What every command runs with: the output handles and the global options.
pub struct Env<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub style: Style,
    pub quiet: bool,
    pub verbose: u8,
    pub format: Format,
    pub locate: Locate,
    /// The one clock reading of this run.
    pub now: DateTime<Utc>,
    /// Whether boards may be read through the board cache.
    pub cache: bool,
}

impl Env<'_> {
    pub fn settings(&self) -> Result<Settings> {
        Ok(crate::config::load(&self.locate)?)
    }

    /// Loads the board, through the board cache unless `--no-cache`; files
    /// that cannot be read are reported on stderr (unless `-q`) and
    /// otherwise ignored. Tasks from the cache have no text: commands that
    /// judge a task use [`crate::board::resolve::read_named`].
    pub fn board(&mut self, settings: &Settings) -> Result<Board> {
        self.load_board(settings, self.cache)
    }

    /// [`Env::board`] with every task's text, for commands that look into
    /// every body.
    pub fn board_with_texts(&mut self, settings: &Settings) -> Result<Board> {
        self.load_board(settings, false)
    }

    fn load_board(&mut self, settings: &Settings, cached: bool) -> Result<Board> {
        let board = if cached {
            Board::load_cached(settings)
        } else {
            Board::load(settings)
        }
        .context("loading the board")?;
        if self.verbose > 0 {
            let config = settings.config_file.as_deref().map_or_else(
                || "built-in defaults".to_owned(),
                |p| crate::board::display_path(&settings.root, p),
            );
            let cached = board
                .from_cache
                .map(|n| format!(", {n} unchanged files from the board cache"))
                .unwrap_or_default();
            writeln!(
                self.err,
                "gate: config {config}; board {} ({} files, {} tasks{cached})",
                crate::board::display_path(&settings.root, &board.tasks_dir),
                board.entries.len(),
                board.tasks().count()
            )?;
        }
        if !self.quiet {
            for entry in board.unreadable() {
                if let Some(f) = entry.findings().first() {
                    writeln!(
                        self.err,
                        "warning: {}: {}",
                        one_line(&entry.display),
                        f.summary()
                    )?;
                }
            }
        }
        Ok(board)
    }
}

/// Refuses a `--format` the command at `path` does not print, as declared
/// in [`crate::cli::FORMATS`].
fn require_format(path: &str, format: Format) -> Result<()> {
    let allowed = crate::cli::formats_of(path);
    if allowed.contains(&format) {
        return Ok(());
    }
    let help = if allowed.len() > 1 {
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        format!("use one of: {}", names.join(", "))
    } else {
        format!("`gate {path}` prints one fixed output; drop --format")
    };
    bail!(UsageError(format!(
        "this command does not print `--format {}`\nhelp: {help}",
        format.name()
    )))
}

/// `--format github` for judged transitions: the annotations, the human
/// summary line, and the step summary when `$GITHUB_STEP_SUMMARY` names a
/// file (appended to, as GitHub expects).
fn github_checks(
    env: &mut Env<'_>,
    items: &[crate::report::batch::Item],
    what: &str,
) -> Result<()> {
    use crate::report::{batch, github, sarif};
    github::write_annotations(env.out, &sarif::from_checks(items))?;
    let line = batch::summary_line(items, what);
    writeln!(env.out, "{line}")?;
    step_summary(env, &github::checks_summary(items, &line))
}

/// Appends Markdown to the file `$GITHUB_STEP_SUMMARY` names, if set. A
/// summary that cannot be written is a warning: it must not change the
/// verdict's exit code.
fn step_summary(env: &mut Env<'_>, markdown: &str) -> Result<()> {
    if let Err(e) = append_step_summary(markdown) {
        writeln!(env.err, "warning: {e:#}")?;
    }
    Ok(())
}

fn append_step_summary(markdown: &str) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("opening the step summary `{}`", path.display()))?;
    file.write_all(markdown.as_bytes())
        .with_context(|| format!("writing the step summary `{}`", path.display()))?;
    Ok(())
}

/// The clock: real time, or `__GATE_TEST_NOW` (RFC 3339) in tests.
fn now() -> DateTime<Utc> {
    std::env::var("__GATE_TEST_NOW")
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map_or_else(Utc::now, |d| d.with_timezone(&Utc))
}

/// Runs a parsed command line.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    let g = cli.global;
    require_format(cli.command.path(), g.format)?;
    let mut cwd = std::env::current_dir().context("reading the current directory")?;
    if let Some(dir) = &g.dir {
        cwd = cwd.join(dir);
        if !cwd.is_dir() {
            let why = if cwd.exists() {
                "not a directory"
            } else {
                "no such directory"
            };
            bail!(UsageError(format!(
                "cannot change to `{}`: {why}",
                dir.display()
            )));
        }
    }
    let style = Style::decide(
        g.color,
        std::io::IsTerminal::is_terminal(&std::io::stdout()) && g.format == Format::Human,
        std::env::var("NO_COLOR").ok().as_deref(),
        std::env::var("CLICOLOR_FORCE").ok().as_deref(),
    );
    let style = if g.format == Format::Human {
        style
    } else {
        Style::default()
    };
    let mut env = Env {
        out,
        err,
        style,
        quiet: g.quiet,
        verbose: g.verbose,
        format: g.format,
        locate: Locate {
            cwd: absolute(cwd),
            config: g.config,
            board: g.board,
        },
        now: now(),
        cache: !g.no_cache,
    };
    match cli.command {
        Command::Check(args) => check::run(&mut env, &args),
        Command::Board => board::run(&mut env),
        Command::List(args) => list::run(&mut env, &args),
        Command::Show(args) => list::show(&mut env, &args),
        Command::Lint => lint::run(&mut env),
        Command::Explain(args) => explain::run(&mut env, &args),
        Command::Init(args) => init::run(&mut env, &args),
        Command::Config(args) => config::run(&mut env, &args),
        Command::Report(args) => report::run(&mut env, &args),
        Command::Watch(args) => watch::run(&mut env, &args),
        Command::Audit(cmd) => audit::run(&mut env, &cmd),
        Command::Move(args) => move_::run(&mut env, &args),
        Command::Ci(args) => ci::run(&mut env, &args),
        Command::Hook(args) => hook::run(&mut env, &args),
        Command::Completions(args) => completions::completions(&mut env, &args),
        Command::Man => completions::man(&mut env),
    }
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}
