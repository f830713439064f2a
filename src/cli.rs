//! The command line, as clap derive types. No behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

const EXIT_CODES: &str = "\
Exit codes:
  0  allowed (also with warnings or overrides); the command succeeded
  1  blocked by a gate; lint found errors; --deny-warnings and a warning
  2  could not decide: usage, config, unreadable task, I/O, git, or a gate error
101  a panic (always a bug)";

// Build the clap command with [`command`], not `Cli::command()`: it adds
// each subcommand's `[formats: …]` from [`FORMATS`].
/// Guard status changes on a Markdown kanban board kept in git
#[derive(Debug, Parser)]
#[command(name = "gate", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Run as if gate was started in DIR
    #[arg(short = 'C', global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) dir: Option<PathBuf>,
    /// Use this config file instead of looking for one
    // An empty value (`GATE_CONFIG=`) is accepted here and means unset, as git treats `GIT_DIR=`.
    #[arg(long, global = true, env = "GATE_CONFIG", value_name = "FILE", value_hint = ValueHint::FilePath,
          value_parser = clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from))]
    pub(crate) config: Option<PathBuf>,
    /// The tasks directory
    #[arg(long, global = true, env = "GATE_BOARD", value_name = "DIR", value_hint = ValueHint::DirPath,
          value_parser = clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from))]
    pub(crate) board: Option<PathBuf>,
    /// Output format (each command accepts the ones its help lists)
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// When to colour human output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
    /// Print no results or warnings; errors still print
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    /// Say more (repeatable)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Read every task file and commit afresh: neither the board cache nor the commit index
    #[arg(long, global = true)]
    pub(crate) no_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Markdown,
    Html,
    // GitHub Actions workflow commands (annotations) and a step summary.
    Github,
    // A GitLab Code Quality report (a JSON array).
    Codequality,
}

/// The formats each command prints, by its path of subcommand names: the
/// one declaration behind both the `[formats: …]` of `--help` and the
/// refusal of any other `--format` (exit 2). A command listed with `human`
/// alone prints one fixed output (a script, roff, a file) and takes no
/// `--format`.
pub const FORMATS: &[(&str, &[Format])] = {
    use Format::{Codequality, Github, Html, Human, Json, Junit, Markdown, Sarif};
    &[
        ("check", &[Human, Json, Sarif, Junit, Github, Codequality]),
        ("board", &[Human, Json]),
        ("list", &[Human, Json]),
        ("show", &[Human, Json]),
        ("lint", &[Human, Json, Sarif, Github, Codequality]),
        ("explain", &[Human]),
        ("init", &[Human]),
        ("config", &[Human, Json]),
        ("report", &[Human, Json, Markdown, Html]),
        ("watch", &[Human, Json]),
        ("audit verify", &[Human, Json]),
        ("audit log", &[Human, Json]),
        ("move", &[Human, Json]),
        ("ci", &[Human, Json, Sarif, Junit, Github, Codequality]),
        ("hook install", &[Human]),
        ("hook uninstall", &[Human]),
        ("hook agent", &[Human]),
        ("completions", &[Human]),
        ("man", &[Human]),
        ("mcp", &[Human]),
    ]
};

/// The formats declared in [`FORMATS`] for a command path (empty if the
/// path is not declared, which a test rules out).
pub(crate) fn formats_of(path: &str) -> &'static [Format] {
    FORMATS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(&[], |(_, f)| f)
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Github => "github",
            Format::Codequality => "codequality",
        }
    }
}

impl Command {
    /// This command's path of subcommand names, as keyed in [`FORMATS`].
    pub(crate) fn path(&self) -> &'static str {
        match self {
            Command::Check(_) => "check",
            Command::Board => "board",
            Command::List(_) => "list",
            Command::Show(_) => "show",
            Command::Lint => "lint",
            Command::Explain(_) => "explain",
            Command::Init(_) => "init",
            Command::Config(_) => "config",
            Command::Report(_) => "report",
            Command::Watch(_) => "watch",
            Command::Audit(AuditCommand::Verify(_)) => "audit verify",
            Command::Audit(AuditCommand::Log(_)) => "audit log",
            Command::Move(_) => "move",
            Command::Ci(_) => "ci",
            Command::Hook(HookArgs {
                action: HookAction::Install,
            }) => "hook install",
            Command::Hook(HookArgs {
                action: HookAction::Uninstall,
            }) => "hook uninstall",
            Command::Hook(HookArgs {
                action: HookAction::Agent(_),
            }) => "hook agent",
            Command::Completions(_) => "completions",
            Command::Man => "man",
            Command::Mcp(_) => "mcp",
        }
    }
}

/// Appends `[formats: …]` to `cmd` (at `prefix`) and its subcommands.
fn annotate(cmd: clap::Command, prefix: &str) -> clap::Command {
    let path = if prefix.is_empty() {
        cmd.get_name().to_owned()
    } else {
        format!("{prefix} {}", cmd.get_name())
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let mut cmd = cmd;
    for name in names {
        let prefix = path.clone();
        cmd = cmd.mut_subcommand(name, |sub| annotate(sub, &prefix));
    }
    let formats = formats_of(&path);
    if formats.len() > 1 {
        let list: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        let tag = format!("[formats: {}]", list.join(", "));
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        // `--help` shows the long about when there is one: tag both.
        if let Some(long) = cmd.get_long_about().map(ToString::to_string) {
            cmd = cmd.long_about(format!("{long}\n\n{tag}"));
        }
        cmd = cmd.about(format!("{about} {tag}"));
    }
    cmd
}

/// The clap command, with `[formats: …]` appended to the about line of
/// every command that prints more than one format.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let mut root = Cli::command();
    let names: Vec<String> = root
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        root = root.mut_subcommand(name, |sub| annotate(sub, ""));
    }
    root
}

pub(crate) use crate::report::style::ColorChoice;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Decide whether a task may move to a status
    Check(CheckArgs),
    /// Show each column's count against its WIP limit
    Board,
    /// List tasks
    List(ListArgs),
    /// Show one task's parsed fields and findings
    Show(ShowArgs),
    /// Report every file's problems; exit 1 on any error
    Lint,
    /// Explain a gate or finding code
    Explain(ExplainArgs),
    /// Write a commented gate.toml holding the configuration in effect
    Init(InitArgs),
    /// Show the effective configuration and where each part came from
    Config(ConfigArgs),
    /// Compliance report: WIP, P0 tasks, audit statistics, lint, score
    Report(ReportArgs),
    /// Watch the board and print violations as they appear and clear
    Watch(WatchArgs),
    /// Check or list the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check a move and, if allowed, rewrite the task's status in place
    Move(MoveArgs),
    /// Judge every status change in a range of commits
    Ci(CiArgs),
    /// Install or remove the commit-msg hook that runs `gate check --staged`
    Hook(HookArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
    /// Serve gate's commands to coding agents over MCP (stdio)
    Mcp(McpArgs),
}

#[derive(Debug, Args)]
pub(crate) struct McpArgs {
    /// Offer the `move` tool's real moves (otherwise the server changes no file)
    #[arg(long)]
    pub(crate) allow_move: bool,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // independent clap flags
pub(crate) struct CheckArgs {
    /// The task: an id, a unique id prefix (4+ chars), a path, a slug, a file name or a title
    #[arg(value_hint = ValueHint::FilePath, required_unless_present_any = ["staged", "proposed"])]
    pub(crate) task: Option<String>,
    /// The status the task should move to
    #[arg(long, value_name = "STATUS", required_unless_present_any = ["staged", "proposed"])]
    pub(crate) to: Option<String>,
    /// Judge the move from this status instead of the task's current one
    #[arg(long, value_name = "STATUS")]
    pub(crate) from: Option<String>,
    /// Judge every task whose status differs between HEAD and the index, against the staged board
    #[arg(long, conflicts_with_all = ["task", "to", "from", "force", "reason", "rev"])]
    pub(crate) staged: bool,
    /// With --staged: the message of the commit being made (the commit-msg
    /// hook passes it), so the commit itself counts as P0 evidence
    #[arg(long, value_name = "FILE", requires = "staged", value_hint = ValueHint::FilePath)]
    pub(crate) message_file: Option<PathBuf>,
    /// Judge an edit of this task file before it is made: the change from the
    /// file as it is to the content of --content-file (standard input by default)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath,
          conflicts_with_all = ["task", "to", "from", "staged"])]
    pub(crate) proposed: Option<PathBuf>,
    /// With --proposed: the proposed content (`-` for standard input); empty content removes the file
    #[arg(long, value_name = "FILE", requires = "proposed", conflicts_with = "remove", value_hint = ValueHint::FilePath)]
    pub(crate) content_file: Option<PathBuf>,
    /// With --proposed: judge deleting the file
    #[arg(long, requires = "proposed")]
    pub(crate) remove: bool,
    /// With --proposed: record the decisions in the audit log (by default a proposal records nothing)
    #[arg(long, requires = "proposed", conflicts_with = "dry_run")]
    pub(crate) record: bool,
    /// Evaluate and report, but record nothing in the audit log
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log
    #[arg(long)]
    pub(crate) force: bool,
    /// Why the override is needed
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,
    /// Treat warnings as failures
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Read git evidence from this revision instead of HEAD
    #[arg(long, value_name = "REV")]
    pub(crate) rev: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct MoveArgs {
    /// The task: an id, a unique id prefix (4+ chars), a path, a slug, a file name or a title
    #[arg(value_hint = ValueHint::FilePath)]
    pub(crate) task: String,
    /// The status the task should move to
    #[arg(long, value_name = "STATUS")]
    pub(crate) to: String,
    /// The status the task is in (must match its file); a status outside the workflow moves only to a start state
    #[arg(long, value_name = "STATUS")]
    pub(crate) from: Option<String>,
    /// Override failed gates (needs --reason unless `[overrides] require_reason = false`); recorded in the audit log
    #[arg(long)]
    pub(crate) force: bool,
    /// Why the override is needed
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,
    /// Treat warnings as failures
    #[arg(long)]
    pub(crate) deny_warnings: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CiArgs {
    /// Judge the commits after this one (as in `git log BASE..HEAD`)
    #[arg(long, value_name = "REV")]
    pub(crate) base: String,
    /// The last commit to judge
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub(crate) head: String,
    /// Record every judged transition in the audit log
    #[arg(long)]
    pub(crate) audit: bool,
    /// Treat warnings as failures
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Judge with the configuration at the base (default: a pull request
    /// cannot loosen the rules it is judged by) or at the head
    #[arg(long, value_enum, value_name = "REV", default_value_t = ConfigFrom::Base)]
    pub(crate) config_from: ConfigFrom,
}

/// Which commit's configuration `gate ci` judges with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConfigFrom {
    Base,
    Head,
}

#[derive(Debug, Args)]
pub(crate) struct HookArgs {
    #[command(subcommand)]
    pub(crate) action: HookAction,
}

#[derive(Debug, Subcommand)]
pub(crate) enum HookAction {
    /// Install the commit-msg hook; an existing hook is kept and run first
    Install,
    /// Remove the commit-msg hook and put back the one it chained
    Uninstall,
    /// Judge a coding agent's edit of a task file before it is made: reads the
    /// agent's hook payload on stdin; exit 0 allows, the agent's block code blocks
    Agent(HookAgentArgs),
}

#[derive(Debug, Args)]
pub(crate) struct HookAgentArgs {
    /// The agent whose hook payload is read
    #[arg(long, value_enum, default_value_t = AgentKind::ClaudeCode)]
    pub(crate) agent: AgentKind,
}

/// The coding agents whose hook payloads `gate hook agent` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AgentKind {
    /// Claude Code's `PreToolUse` hook (`Write`, `Edit`, `MultiEdit`)
    ClaudeCode,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only tasks in this status (repeatable)
    #[arg(long, value_name = "STATUS")]
    pub(crate) status: Vec<String>,
    /// Only tasks of this priority (repeatable)
    #[arg(long, value_name = "PRIORITY")]
    pub(crate) priority: Vec<String>,
    /// Only tasks with this label (repeatable; all must match)
    #[arg(long, value_name = "LABEL")]
    pub(crate) label: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The task to show
    #[arg(value_hint = ValueHint::FilePath)]
    pub(crate) task: String,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A gate id (`wip-limit`) or finding code (`wip-limit/exceeded`); omit to list them all
    pub(crate) code: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Where to write the file
    #[arg(long, default_value = "gate.toml", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub(crate) path: PathBuf,
    /// Write it even where a Promethean or board tool config already
    /// configures the board (with --from-history, only a Promethean config
    /// needs it)
    #[arg(long)]
    pub(crate) force: bool,
    /// Learn the workflow from the board's git history: the moves this team
    /// makes, each with its count; rare ones left commented. Prints what
    /// `gate ci` over that history would have blocked, with the rules in
    /// effect now and with the written workflow
    #[arg(long)]
    pub(crate) from_history: bool,
    /// With --from-history: replay only the commits after this revision
    /// (default: all of HEAD's first-parent history)
    #[arg(long, value_name = "REV", requires = "from_history")]
    pub(crate) since: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Only check that the configuration is valid
    #[arg(long)]
    pub(crate) validate: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Audit statistics only from this time on: a date, an RFC 3339 time, or a duration back from now (`7d`, `24h`, `2w`)
    #[arg(long, value_name = "DATE|DURATION")]
    pub(crate) since: Option<String>,
    /// In the HTML chart, a WIP limit of N or more means "no limit" (boards that write 9999 for none)
    #[arg(long, value_name = "N", default_value_t = 9999)]
    pub(crate) no_limit_at: u32,
}

#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Evaluate once, print the current violations, and exit
    #[arg(long)]
    pub(crate) once: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered
    Verify(AuditVerifyArgs),
    /// List audit records
    Log(AuditLogArgs),
}

#[derive(Debug, Args)]
pub(crate) struct AuditVerifyArgs {
    /// A hash known to have been the log's head earlier: it must still be in the chain
    #[arg(long, value_name = "HASH")]
    pub(crate) anchor: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct AuditLogArgs {
    /// Only records of this task (id, id prefix, or part of the title)
    #[arg(long, value_name = "TASK")]
    pub(crate) task: Option<String>,
    /// Only records with this outcome (allowed, blocked, overridden, error)
    #[arg(long, value_name = "OUTCOME")]
    pub(crate) outcome: Option<String>,
    /// Only records from this time on: a date, an RFC 3339 time, or a duration (`7d`)
    #[arg(long, value_name = "DATE|DURATION")]
    pub(crate) since: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        command().debug_assert();
    }

    /// The paths of every command that runs (no subcommands of its own).
    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_command_declares_its_formats_once() {
        let mut found = Vec::new();
        leaves(&Cli::command(), "", &mut found);
        let mut declared: Vec<String> = FORMATS.iter().map(|(p, _)| (*p).to_owned()).collect();
        found.sort();
        declared.sort();
        assert_eq!(found, declared);
        for (path, formats) in FORMATS {
            assert_eq!(formats.first(), Some(&Format::Human), "{path}: human first");
        }
    }

    #[test]
    fn help_lists_the_declared_formats() {
        let cmd = command();
        let about = |path: &[&str]| {
            let mut c = &cmd;
            for name in path {
                c = c.find_subcommand(name).unwrap();
            }
            c.get_about().unwrap().to_string()
        };
        assert_eq!(
            about(&["lint"]),
            "Report every file's problems; exit 1 on any error [formats: human, json, sarif, github, codequality]"
        );
        assert_eq!(
            about(&["audit", "verify"]),
            "Check the hash chain; exit 1 at the first record edited, removed, inserted or reordered [formats: human, json]"
        );
        assert_eq!(about(&["man"]), "Print the man page (roff)");
    }

    #[test]
    fn format_names_are_the_flag_values() {
        for format in Format::value_variants() {
            let value = format.to_possible_value().unwrap();
            assert_eq!(format.name(), value.get_name());
        }
    }

    #[test]
    fn a_long_about_is_tagged_too() {
        let cmd = annotate(
            clap::Command::new("lint")
                .about("Lint")
                .long_about("Lint\n\nMore."),
            "",
        );
        let tag = "[formats: human, json, sarif, github, codequality]";
        assert_eq!(cmd.get_about().unwrap().to_string(), format!("Lint {tag}"));
        assert_eq!(
            cmd.get_long_about().unwrap().to_string(),
            format!("Lint\n\nMore.\n\n{tag}")
        );
    }
}
