//! The command line, as clap derive types. No behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

const EXIT_CODES: &str = "\
Exit codes:
  0  allowed (also with warnings or overrides); the command succeeded
  1  blocked by a gate; lint found errors; --deny-warnings and a warning
  2  could not decide: usage, config, unreadable task, I/O, git, or a gate error
101  a panic (always a bug)";

/// Guard status changes on a Markdown kanban board kept in git
#[derive(Debug, Parser)]
#[command(name = "gate", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if gate was started in DIR
    #[arg(short = 'C', global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
    /// Use this config file instead of looking for one
    #[arg(long, global = true, env = "GATE_CONFIG", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,
    /// The tasks directory
    #[arg(long, global = true, env = "GATE_BOARD", value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub board: Option<PathBuf>,
    /// Output format (each command accepts the ones it lists)
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no results or warnings; errors still print
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more (repeatable)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Read every task file instead of taking unchanged ones from the board cache
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Markdown,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decide whether a task may move to a status [formats: human, json]
    Check(CheckArgs),
    /// Show each column's count against its WIP limit [formats: human, json]
    Board,
    /// List tasks [formats: human, json]
    List(ListArgs),
    /// Show one task's parsed fields and findings [formats: human, json]
    Show(ShowArgs),
    /// Report every file's problems; exit 1 on any error [formats: human, json]
    Lint,
    /// Explain a gate or finding code
    Explain(ExplainArgs),
    /// Write a commented gate.toml holding the configuration in effect
    Init(InitArgs),
    /// Show the effective configuration and where each part came from [formats: human, json]
    Config(ConfigArgs),
    /// Compliance report: WIP, P0 tasks, audit statistics, lint, score [formats: human, json, markdown, html]
    Report(ReportArgs),
    /// Watch the board and print violations as they appear and clear [formats: human, json]
    Watch(WatchArgs),
    /// Check or list the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check a move and, if allowed, rewrite the task's status in place [formats: human, json]
    Move(MoveArgs),
    /// Judge every status change in a range of commits [formats: human, json, junit, sarif]
    Ci(CiArgs),
    /// Install or remove the pre-commit hook that runs `gate check --staged`
    Hook(HookArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // independent clap flags
pub struct CheckArgs {
    /// The task: an id, a unique id prefix (4+ chars), a path, a slug, a file name or a title
    #[arg(value_hint = ValueHint::FilePath, required_unless_present = "staged")]
    pub task: Option<String>,
    /// The status the task should move to
    #[arg(long, value_name = "STATUS", required_unless_present = "staged")]
    pub to: Option<String>,
    /// Judge the move from this status instead of the task's current one
    #[arg(long, value_name = "STATUS")]
    pub from: Option<String>,
    /// Judge every task whose status differs between HEAD and the index, against the staged board
    #[arg(long, conflicts_with_all = ["task", "to", "from", "force"])]
    pub staged: bool,
    /// Evaluate and report, but record nothing in the audit log
    #[arg(long)]
    pub dry_run: bool,
    /// Override failed gates (needs --reason); recorded in the audit log
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the override is needed
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Treat warnings as failures
    #[arg(long)]
    pub deny_warnings: bool,
    /// Read git evidence from this revision instead of HEAD
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The task: an id, a unique id prefix (4+ chars), a path, a slug, a file name or a title
    #[arg(value_hint = ValueHint::FilePath)]
    pub task: String,
    /// The status the task should move to
    #[arg(long, value_name = "STATUS")]
    pub to: String,
    /// Override failed gates (needs --reason); recorded in the audit log
    #[arg(long, requires = "reason")]
    pub force: bool,
    /// Why the override is needed
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Treat warnings as failures
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct CiArgs {
    /// Judge the commits after this one (as in `git log BASE..HEAD`)
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// The last commit to judge
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub head: String,
    /// Record every judged transition in the audit log
    #[arg(long)]
    pub audit: bool,
    /// Treat warnings as failures
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install the pre-commit hook; an existing hook is kept and run first
    Install,
    /// Remove the pre-commit hook and put back the one it chained
    Uninstall,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only tasks in this status (repeatable)
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// Only tasks of this priority (repeatable)
    #[arg(long, value_name = "PRIORITY")]
    pub priority: Vec<String>,
    /// Only tasks with this label (repeatable; all must match)
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The task to show
    #[arg(value_hint = ValueHint::FilePath)]
    pub task: String,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A gate id (`wip-limit`) or finding code (`wip-limit/exceeded`); omit to list them all
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the file
    #[arg(long, default_value = "gate.toml", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub path: PathBuf,
    /// Write it even where a Promethean or board tool config already
    /// configures the board
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Only check that the configuration is valid
    #[arg(long)]
    pub validate: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Audit statistics only from this time on: a date, an RFC 3339 time, or a duration back from now (`7d`, `24h`, `2w`)
    #[arg(long, value_name = "DATE|DURATION")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Evaluate once, print the current violations, and exit
    #[arg(long)]
    pub once: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered
    Verify(AuditVerifyArgs),
    /// List audit records [formats: human, json]
    Log(AuditLogArgs),
}

#[derive(Debug, Args)]
pub struct AuditVerifyArgs {
    /// A hash known to have been the log's head earlier: it must still be in the chain
    #[arg(long, value_name = "HASH")]
    pub anchor: Option<String>,
}

#[derive(Debug, Args)]
pub struct AuditLogArgs {
    /// Only records of this task (id, id prefix, or part of the title)
    #[arg(long, value_name = "TASK")]
    pub task: Option<String>,
    /// Only records with this outcome (allowed, blocked, overridden, error)
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,
    /// Only records from this time on: a date, an RFC 3339 time, or a duration (`7d`)
    #[arg(long, value_name = "DATE|DURATION")]
    pub since: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
