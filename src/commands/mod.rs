//! Commands: each one loads what it needs, asks the domain modules to
//! decide, and hands the result to a renderer. No rules live here.

mod agent_hook;
mod audit;
mod board;
mod check;
mod ci;
mod commit_call;
mod completions;
mod config;
mod explain;
mod hook;
mod init;
mod learn;
mod lint;
mod list;
mod mcp;
mod move_;
mod proposed;
mod range;
mod report;
mod staged;
mod watch;

use std::cell::Cell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Utc};

use crate::board::Board;
use crate::change::{Changes, Item};
use crate::cli::{Cli, Command, Format};
use crate::config::{Locate, Settings};
use crate::error::{Exit, UsageError};
use crate::git::tree::TaskTrees;
use crate::report::style::{Style, one_line};
use crate::report::{batch, codequality, junit, sarif};

/// What every command runs with: the output handles and the global options.
pub(crate) struct Env<'a> {
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
    /// Set once the reader of `out` has gone away.
    closed: Rc<Cell<bool>>,
    /// What the command reads as its standard input, when the caller
    /// supplies it (`gate mcp`'s `propose`); `None`: the process's.
    pub input: Option<Vec<u8>>,
}

impl Env<'_> {
    /// Whether the reader of standard output has gone away (a closed
    /// pipe): what is still printed is dropped. A command that runs on
    /// (`watch`) stops; every other ends with the exit code it decided.
    pub(crate) fn output_closed(&self) -> bool {
        self.closed.get()
    }

    pub(crate) fn settings(&self) -> Result<Settings> {
        let mut settings = crate::gates::load_settings(&self.locate)?;
        settings.commit_index = self.cache;
        Ok(settings)
    }

    /// Loads the board, through the board cache unless `--no-cache`; files
    /// that cannot be read are reported on stderr (unless `-q`) and
    /// otherwise ignored. Tasks from the cache have no text: commands that
    /// judge a task use [`crate::board::resolve::read_named`].
    pub(crate) fn board(&mut self, settings: &Settings) -> Result<Board> {
        self.load_board(settings, self.cache)
    }

    /// [`Env::board`] with every task's text, for commands that look into
    /// every body.
    pub(crate) fn board_with_texts(&mut self, settings: &Settings) -> Result<Board> {
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
            // `check` and `move` refuse this; the other readers say so.
            if let Ok(missing) =
                crate::git::sparse::outside_cone(&settings.root, &settings.board.tasks_dir)
                && !missing.is_empty()
            {
                writeln!(
                    self.err,
                    "warning: {} file(s) of the tasks directory are outside the sparse checkout: counts may be low",
                    missing.len()
                )?;
            }
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
        writeln!(env.err, "warning: {}", crate::error::one_line_chain(&e))?;
    }
    Ok(())
}

fn append_step_summary(markdown: &str) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    // Non-blocking, and only a regular file: a FIFO named here would wait for
    // a reader forever and hang the CI job.
    let mut file = crate::fsutil::open_regular(
        &path,
        std::fs::OpenOptions::new().create(true).append(true),
        crate::fsutil::Links::Follow,
    )
    .with_context(|| format!("opening the step summary `{}`", path.display()))?;
    file.write_all(markdown.as_bytes())
        .with_context(|| format!("writing the step summary `{}`", path.display()))?;
    Ok(())
}

/// Refuses a board that a sparse checkout leaves partly out of the work
/// tree: its counts would be low.
pub(super) fn refuse_sparse(settings: &Settings) -> Result<()> {
    let missing = crate::git::sparse::outside_cone(&settings.root, &settings.board.tasks_dir)?;
    if let Some(first) = missing.first() {
        bail!(
            "{} file(s) of the tasks directory are outside the sparse checkout (e.g. `{}`), so the board would be counted low\nhelp: check the whole tasks directory out: `git sparse-checkout add {}`",
            missing.len(),
            first.display(),
            crate::board::display_path(&settings.root, &settings.board.tasks_dir)
        );
    }
    Ok(())
}

/// Says on stderr (unless `-q`) that no task on `board` has a status gate
/// reads, and where the statuses seem to be ([`crate::board::unread`]);
/// whether it did. Not an error: nothing is violated, so the exit code is
/// the command's own.
fn warn_unread(env: &mut Env<'_>, settings: &Settings, board: &Board) -> Result<bool> {
    let Some(unread) = crate::board::unread::Unread::of(board, settings) else {
        return Ok(false);
    };
    if !env.quiet {
        writeln!(env.err, "{}", unread.message())?;
    }
    Ok(true)
}

/// The time `--since` names (`audit log`, `report`), or a usage error.
fn since(arg: Option<&str>, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let Some(s) = arg else { return Ok(None) };
    match crate::audit::parse_since(s, now) {
        Some(t) => Ok(Some(t)),
        None => bail!(UsageError(format!(
            "cannot read `--since {s}`\nhelp: give a date (2025-11-01), an RFC 3339 time, or a duration (7d, 24h, 2w)"
        ))),
    }
}

/// Records every judged transition in the audit log (`command` names
/// the caller); a decision that cannot be recorded makes the run fail.
fn record_all(settings: &Settings, command: &str, items: &mut [Item], env: &Env<'_>) -> Result<()> {
    let blobs: Vec<&str> = items
        .iter()
        .filter_map(|i| i.report.blob.as_deref())
        .collect();
    let recorded = crate::audit::Recorded::load(settings, &blobs)?;
    for item in items.iter_mut().filter(|i| !i.report.no_op) {
        // The same decision on the same file content is recorded once.
        if let Some(same) = recorded.find(&item.report) {
            item.report.audit = Some(same);
            continue;
        }
        item.report.audit = audit::record_check(settings, command, &item.report, None, env.now)?;
    }
    Ok(())
}

/// The configuration the commit hook judges with: HEAD's (see
/// [`settings_at`]), so a change cannot loosen the rules it is judged by.
/// The work tree's (`here`) before the first commit or outside a git
/// repository; also, with a warning, when HEAD's does not load: a broken
/// committed config must not make its own fix uncommittable.
fn committed_settings(env: &mut Env<'_>, here: Settings) -> Result<Settings> {
    let Ok(trees) = TaskTrees::open(&here.root, &here.board.tasks_dir) else {
        return Ok(here);
    };
    let head = trees.head();
    committed_settings_at(env, &trees, here, head.as_deref())
}

/// [`committed_settings`] as commit `at` has them (`None`: the work
/// tree's): the commit hook reads an amended commit's parent. The work
/// tree's file standing in for a configuration that does not load is
/// named in the audit records it judges.
fn committed_settings_at(
    env: &mut Env<'_>,
    trees: &TaskTrees,
    here: Settings,
    at: Option<&str>,
) -> Result<Settings> {
    let Some(at) = at else {
        return Ok(here);
    };
    match settings_at(env, trees, here.clone(), at, None) {
        Ok(settings) => Ok(settings),
        Err(e) => {
            writeln!(
                env.err,
                "warning: HEAD's configuration does not load, so the work tree's judges this change: {}",
                crate::error::one_line_chain(&e)
            )?;
            let mut here = here;
            if here.judged_by.is_none() {
                here.judged_by = Some(format!(
                    "{} (the work tree's; the committed one does not load)",
                    here.config_file.as_deref().map_or_else(
                        || "<built-in defaults>".to_owned(),
                        |p| crate::board::display_path(&here.root, p)
                    )
                ));
            }
            Ok(here)
        }
    }
}

/// Whether a board tool's config file at `path` sets the same policy in
/// both versions: only its bookkeeping changed (kanban-md's `next_id`, which
/// every new card bumps, its display settings). A file that is not a tool's
/// config, or does not read on either side, is not.
fn same_tool_policy(root: &Path, path: &str, base: Option<&[u8]>, head: Option<&[u8]>) -> bool {
    let (Some(base), Some(head)) = (base, head) else {
        return false;
    };
    let Some(adapter) = crate::config::native::ADAPTERS.iter().find(|a| {
        a.files
            .iter()
            .any(|f| path == *f || path.ends_with(&format!("/{f}")))
    }) else {
        return false;
    };
    let read = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| (adapter.read)(&root.join(path), text).ok())
    };
    match (read(base), read(head)) {
        (Some(a), Some(b)) => a.same_policy(&b),
        _ => false,
    }
}

/// The configuration as commit `base` has it, so that a change cannot
/// loosen the rules it is judged by: the config file the work tree uses
/// (`here`), or the first of [`crate::config::ROOT_CANDIDATES`], read from
/// `base`'s tree; the defaults when `base` has none. A config file named
/// with `--config`/`GATE_CONFIG` inside the repository is read as `base`
/// has it; one outside is the user's choice and is used as is, and the
/// audit records it judges name it (`Settings::judged_by`).
/// With `head` (`ci`), a config file that differs between the two is
/// reported. Without it (the commit hook, `base` being HEAD), a named file
/// HEAD does not have leaves the search HEAD would make without it, and an
/// outside one judges but records in the log HEAD's configuration keeps.
fn settings_at(
    env: &mut Env<'_>,
    trees: &TaskTrees,
    here: Settings,
    base: &str,
    head: Option<&str>,
) -> Result<Settings> {
    let base_id = trees.resolve(base)?;
    let explicit = match named_config(env, trees, here, base, head)? {
        Named::Judges(settings) => return Ok(settings),
        Named::Read(here, explicit) => (here, explicit),
    };
    let (here, explicit) = explicit;
    let candidates = config_candidates(env, &here, explicit.as_ref());
    let mut found = None;
    for path in &candidates {
        if let Some(bytes) = trees.file_at(&base_id, path)? {
            found = Some((path.clone(), bytes));
            break;
        }
    }
    if let Some(head) = head {
        warn_config_changes(
            env,
            trees,
            &here,
            (&base_id, base, head),
            &candidates,
            found.as_ref(),
        )?;
    }
    if let (Some(path), None, None) = (&explicit, &found, head) {
        writeln!(
            env.err,
            "warning: `{path}` (named by --config or GATE_CONFIG) is not in `{base}`; judging with the configuration `{base}` has"
        )?;
        let named = env.locate.config.take();
        let committed = settings_at(env, trees, here, base, None);
        env.locate.config = named;
        return committed;
    }
    if let (Some(path), None) = (&explicit, &found) {
        bail!(
            "`{path}` (named by --config or GATE_CONFIG) is not in `{base}`: the range cannot be judged with the configuration at `{base}`\nhelp: pass `--config-from head` to judge with the file as the branch has it"
        );
    }
    load_at(env, trees, (&base_id, base), found)
}

/// What `--config`/`GATE_CONFIG` makes of the configuration at a base.
enum Named {
    /// The configuration is settled: a file outside the repository.
    Judges(Settings),
    /// The settings of the work tree, and the file named inside the
    /// repository (relative to its root), if one is, to read as the base
    /// has it.
    Read(Settings, Option<String>),
}

/// A file named by `--config`/`GATE_CONFIG` inside the repository is read
/// as the base has it too: the pull request could edit it. One outside the
/// repository is no part of the change and is used as given (`ci`); in the
/// commit hook it judges, named in each record, and the records go where
/// HEAD's configuration keeps them.
fn named_config(
    env: &mut Env<'_>,
    trees: &TaskTrees,
    here: Settings,
    base: &str,
    head: Option<&str>,
) -> Result<Named> {
    let Some(path) = &env.locate.config else {
        return Ok(Named::Read(here, None));
    };
    // Lexically: `sub/../gate.toml` is the root's `gate.toml`.
    let path = crate::fsutil::lexical(&env.locate.cwd.join(path));
    let root = crate::fsutil::lexical(&here.root);
    let inside = path
        .strip_prefix(&root)
        .ok()
        .filter(|rel| !rel.as_os_str().is_empty())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"));
    if let Some(rel) = inside {
        return Ok(Named::Read(here, Some(rel)));
    }
    if head.is_some() {
        return Ok(Named::Judges(here));
    }
    let named = env.locate.config.take();
    let committed = settings_at(env, trees, here.clone(), base, None);
    env.locate.config = named;
    let mut here = here;
    writeln!(
        env.err,
        "warning: judging with `{}` (--config or GATE_CONFIG), which is outside the repository; the audit record names it",
        path.display()
    )?;
    if let Ok(committed) = committed {
        here.audit = committed.audit;
    }
    here.judged_by = Some(path.display().to_string());
    Ok(Named::Judges(here))
}

/// The config files the base would use, in the order the search
/// `config::find_config` makes in the work tree, made in the base's tree:
/// the named file alone, else the nearest `gate.toml`/`.gate.toml` from
/// the working directory up to the root, then the Promethean places. A
/// pull request that deletes or moves the file that applies is still
/// judged by it.
fn config_candidates(env: &Env<'_>, here: &Settings, explicit: Option<&String>) -> Vec<String> {
    let cwd = env
        .locate
        .cwd
        .strip_prefix(&here.root)
        .unwrap_or(Path::new(""));
    let mut candidates: Vec<String> = explicit.into_iter().cloned().collect();
    for dir in cwd.ancestors().filter(|_| explicit.is_none()) {
        let dir = dir.to_string_lossy().replace('\\', "/");
        for name in ["gate.toml", ".gate.toml"] {
            candidates.push(if dir.is_empty() {
                name.to_owned()
            } else {
                format!("{dir}/{name}")
            });
        }
    }
    for candidate in crate::config::ROOT_CANDIDATES
        .iter()
        .filter(|_| explicit.is_none())
    {
        if !candidates.iter().any(|c| c == candidate) {
            candidates.push((*candidate).to_owned());
        }
    }
    candidates
}

/// `ci`: warns of each config file (gate's `candidates`, and the board
/// tools' configs, which are only compared) that differs between the base
/// and the head; `found` is the base's config file and its bytes.
fn warn_config_changes(
    env: &mut Env<'_>,
    trees: &TaskTrees,
    here: &Settings,
    (base_id, base, head): (&str, &str, &str),
    candidates: &[String],
    found: Option<&(String, Vec<u8>)>,
) -> Result<()> {
    let tool_files: Vec<String> = crate::config::native::candidates(&env.locate.cwd, &here.root)
        .into_iter()
        .map(|(_, rel)| rel)
        .collect();
    let head_id = trees.resolve(head)?;
    for path in candidates
        .iter()
        .map(String::as_str)
        .chain(tool_files.iter().map(String::as_str))
    {
        let at_base = match found {
            Some((p, b)) if p == path => Some(b.clone()),
            _ if tool_files.iter().any(|t| t == path) => trees.file_at(base_id, path)?,
            _ => None,
        };
        let at_head = trees.file_at(&head_id, path)?;
        if at_base != at_head
            && !same_tool_policy(&here.root, path, at_base.as_deref(), at_head.as_deref())
        {
            writeln!(
                env.err,
                "warning: {}: `{path}` differs between `{base}` and `{head}`; \
                 judging with the configuration at `{base}`\n\
                 help: once the change is on `{base}` it applies; `--config-from head` judges with the new one",
                crate::explain::CiCode::ConfigChanged.as_str()
            )?;
        }
    }
    Ok(())
}

/// The settings of config file `found` (its path and bytes; `None`: the
/// defaults) as commit `base` has it. The board tool's own config
/// (`backlog/config.yml`, …) is read from the same commit: its statuses and
/// limits are rules too. A file there that cannot be read is an error,
/// never "no file": the defaults would be a weaker gate.
fn load_at(
    env: &Env<'_>,
    trees: &TaskTrees,
    (base_id, base): (&str, &str),
    found: Option<(String, Vec<u8>)>,
) -> Result<Settings> {
    let files = |rel: &str| -> std::result::Result<Option<String>, crate::config::ReaderError> {
        let bytes = trees.file_at(base_id, rel).map_err(|e| {
            crate::config::ReaderError(
                anyhow::Error::new(e).context(format!("reading `{rel}` at `{base}`")),
            )
        })?;
        bytes.map(String::from_utf8).transpose().map_err(|_| {
            crate::config::ReaderError(anyhow::anyhow!("`{rel}` at `{base}` is not UTF-8 text"))
        })
    };
    // The reader's error, as it was: not wrapped as a config problem.
    let reader_error = |e: crate::config::ConfigError| match e {
        crate::config::ConfigError::Reader(crate::config::ReaderError(e)) => Err(e),
        e => Ok(e),
    };
    let (path, loaded) = match found {
        None => (
            None,
            crate::config::load_text(
                &env.locate,
                &crate::gates::REGISTRY,
                None,
                None,
                Some(&files),
            ),
        ),
        Some((path, bytes)) => {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("`{path}` at `{base}` is not UTF-8 text"))?;
            let loaded = crate::config::load_text(
                &env.locate,
                &crate::gates::REGISTRY,
                Some(Path::new(&path)),
                Some(text),
                Some(&files),
            );
            (Some(path), loaded)
        }
    };
    let mut settings = match loaded {
        Ok(settings) => settings,
        Err(e) => {
            let e: std::result::Result<Settings, _> = Err(reader_error(e)?);
            return match path {
                Some(path) => e.with_context(|| format!("loading `{path}` as `{base}` has it")),
                None => e.map_err(anyhow::Error::from),
            };
        }
    };
    settings.commit_index = env.cache;
    Ok(settings)
}

/// Prints judged changes in the chosen format; the worst outcome decides
/// the exit code, and a changed file that cannot be read makes it 2.
fn finish(env: &mut Env<'_>, changes: &Changes, what: &str) -> Result<Exit> {
    for problem in &changes.unreadable {
        writeln!(env.err, "error: {}", one_line(problem))?;
    }
    render_items(env, &changes.items, what)?;
    let mut exit = changes.items.iter().fold(Exit::Success, |e, i| {
        e.max(i.report.decision.outcome.exit())
    });
    if !changes.unreadable.is_empty() {
        exit = exit.max(Exit::Error);
    }
    Ok(exit)
}

/// Renders judged changes as `--format` asks.
fn render_items(env: &mut Env<'_>, items: &[Item], what: &str) -> Result<()> {
    if env.quiet {
        return Ok(());
    }
    match env.format {
        Format::Json => batch::write_json(env.out, items)?,
        Format::Sarif => sarif::write(env.out, &sarif::from_checks(items))?,
        Format::Junit => junit::write(env.out, items)?,
        Format::Github => github_checks(env, items, what)?,
        Format::Codequality => codequality::write(env.out, &sarif::from_checks(items))?,
        _ => batch::write_human(env.out, items, env.style, what)?,
    }
    Ok(())
}

/// Standard output that a closed reader cannot turn into an error: once
/// the pipe is closed the rest of the output is dropped, so `gate check …
/// | head -1` still exits with the decision's code (1 stays 1).
struct Output<'a> {
    inner: &'a mut dyn Write,
    closed: Rc<Cell<bool>>,
}

impl Output<'_> {
    fn guard<T>(&self, result: std::io::Result<T>, quiet: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed.set(true);
                Ok(quiet)
            }
            other => other,
        }
    }
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed.get() {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed.get() {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard(result, ())
    }
}

/// The clock: real time, or the test clock of a debug build.
fn now() -> DateTime<Utc> {
    test_now().unwrap_or_else(Utc::now)
}

/// Tests only: `__GATE_TEST_NOW` (RFC 3339) fixes the clock. Compiled only
/// into debug builds (the ones `cargo test` runs): a release binary has no
/// test hook, so no environment variable can backdate its audit records.
#[cfg(debug_assertions)]
fn test_now() -> Option<DateTime<Utc>> {
    std::env::var("__GATE_TEST_NOW")
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
}

/// A release build reads the real clock only.
#[cfg(not(debug_assertions))]
fn test_now() -> Option<DateTime<Utc>> {
    None
}

/// Runs a parsed command line.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    run_with_input(cli, out, err, None)
}

/// [`run`], with `input` as its standard input when given.
pub(crate) fn run_with_input(
    cli: Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
    input: Option<Vec<u8>>,
) -> Result<Exit> {
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
    let closed = Rc::new(Cell::new(false));
    let mut out = Output {
        inner: out,
        closed: Rc::clone(&closed),
    };
    let mut env = Env {
        out: &mut out,
        err,
        style,
        quiet: g.quiet,
        verbose: g.verbose,
        format: g.format,
        locate: Locate {
            cwd: absolute(cwd),
            // Empty means unset, as git treats `GIT_DIR=`.
            config: g.config.filter(|p| !p.as_os_str().is_empty()),
            board: g.board.filter(|p| !p.as_os_str().is_empty()),
        },
        now: now(),
        cache: !g.no_cache,
        closed,
        input,
    };
    match cli.command {
        Command::Check(args) => match &args.proposed {
            Some(file) => proposed::run(&mut env, &args, file),
            None => check::run(&mut env, &args),
        },
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
        Command::Hook(crate::cli::HookArgs {
            action: crate::cli::HookAction::Agent(args),
        }) => agent_hook::run(&mut env, &args),
        Command::Hook(args) => hook::run(&mut env, &args),
        Command::Completions(args) => completions::completions(&mut env, &args),
        Command::Man => completions::man(&mut env),
        Command::Mcp(args) => mcp::run(&mut env, &args),
    }
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}
