//! `gate hook agent`: a coding agent's "about to edit a file" hook. The
//! agent's adapter (`crate::agent`) reads the payload; an edit of a task
//! file is rebuilt into the content it would leave and judged as
//! `check --proposed` judges it. The answer is the agent's exit code: allow,
//! block (the verdict and its help on stderr, which the agent shows the
//! model), or a non-blocking error for a payload that cannot be read.
//!
//! What is not a task file is allowed quickly: a path that does not end in
//! `.md` before anything is loaded, any other before the board is. Once the
//! file is known to be a task file, anything that keeps gate from deciding
//! blocks (fail closed), saying why.

use std::io::Read as _;
use std::path::Path;

use anyhow::Result;

use super::Env;
use crate::agent::{self, AgentCode, Call, Edit};
use crate::change::Changes;
use crate::cli::{AgentKind, HookAgentArgs};
use crate::error::Exit;
use crate::gates::Policy;
use crate::report::style::Style;
use crate::sanitize::one_line;

/// What the hook answers.
enum Answer {
    Allow,
    /// Blocked, with the text the agent is shown.
    Block(String),
    /// The hook could not read what it was asked: shown to the user.
    Error(String),
}

pub(super) fn run(env: &mut Env<'_>, args: &HookAgentArgs) -> Result<Exit> {
    let adapter = match args.agent {
        AgentKind::ClaudeCode => agent::claude_code(),
    };
    let answer = answer(env, adapter);
    let protocol = adapter.protocol();
    Ok(match answer {
        Answer::Allow => exit(protocol.allow),
        Answer::Block(text) => {
            write!(env.err, "{text}")?;
            exit(protocol.block)
        }
        Answer::Error(text) => {
            writeln!(env.err, "{text}")?;
            exit(protocol.error)
        }
    })
}

/// gate's exit for one of the agent's codes. (Claude Code's block, 2, is
/// gate's "could not decide"; its non-blocking error, 1, gate's "blocked":
/// the agent's meaning is the one that counts here.)
fn exit(code: u8) -> Exit {
    match code {
        0 => Exit::Success,
        1 => Exit::Failure,
        _ => Exit::Error,
    }
}

fn answer(env: &mut Env<'_>, adapter: &dyn agent::Adapter) -> Answer {
    let mut payload = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut payload) {
        return malformed(adapter, &format!("reading it from standard input: {e}"));
    }
    let (path, cwd, edit) = match adapter.read(&payload) {
        Ok(Call::Other) => return Answer::Allow,
        Ok(Call::Edit { path, cwd, edit }) => (path, cwd, edit),
        Err(e) => return malformed(adapter, &e.to_string()),
    };
    // Only `*.md` files are task files: decided before anything is loaded.
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    {
        return Answer::Allow;
    }
    let base = cwd.map_or_else(|| env.locate.cwd.clone(), |c| env.locate.cwd.join(c));
    let path = base.join(path);
    // The board's warnings are not the agent's business.
    let quiet = std::mem::replace(&mut env.quiet, true);
    let answer = judge(env, &path, &edit);
    env.quiet = quiet;
    answer
}

fn malformed(adapter: &dyn agent::Adapter, why: &str) -> Answer {
    Answer::Error(format!(
        "error[{}]: gate hook agent --agent {}: the payload cannot be read: {}\nhelp: no edit was judged; check the hook's matcher and event (`gate explain {}`)",
        AgentCode::MalformedPayload.as_str(),
        adapter.name(),
        one_line(why),
        AgentCode::MalformedPayload.as_str(),
    ))
}

/// Judges `edit` of the file at `path`, when it is a task file.
fn judge(env: &mut Env<'_>, path: &Path, edit: &Edit) -> Answer {
    let here = match env.settings() {
        Ok(settings) => settings,
        // Which files are tasks is not known: nothing is blocked, and the
        // user hears why (the commit hook judges with HEAD's configuration).
        Err(e) => {
            return Answer::Error(format!(
                "error[{}]: the configuration does not load, so gate cannot tell whether `{}` is a task file: {}",
                AgentCode::CannotDecide.as_str(),
                path.display(),
                one_line(&e.to_string())
            ));
        }
    };
    if super::proposed::on_board(&here, path).is_none() {
        return Answer::Allow;
    }
    let shown = crate::board::display_path(&here.root, path);
    let cannot = |code: AgentCode, why: &str| {
        Answer::Block(format!(
            "gate: this edit of the task file `{}` is blocked: gate cannot judge it\nerror[{}]: {}\nhelp: `gate explain {}`\n",
            one_line(&shown),
            code.as_str(),
            one_line(why),
            code.as_str()
        ))
    };
    let settings = match super::committed_settings(env, here) {
        Ok(settings) => settings,
        Err(e) => return cannot(AgentCode::CannotDecide, &crate::error::one_line_chain(&e)),
    };
    // A task file under the rules that judge it?
    let Some(rel) = super::proposed::on_board(&settings, path) else {
        return Answer::Allow;
    };
    let content = match rebuild(path, edit) {
        Ok(content) => content,
        Err(why) => return cannot(AgentCode::EditNotApplicable, &why),
    };
    let policy = Policy::new(&settings, false, false);
    match super::proposed::judge(
        env,
        &settings,
        &policy,
        None,
        &rel,
        Some(content.into_bytes()),
    ) {
        Ok(changes) => verdict(&shown, &changes),
        Err(e) => cannot(AgentCode::CannotDecide, &crate::error::one_line_chain(&e)),
    }
}

/// The content `edit` leaves in the file at `path`.
fn rebuild(path: &Path, edit: &Edit) -> Result<String, String> {
    if let Edit::Write(content) = edit {
        return Ok(content.clone());
    }
    let current = match std::fs::read(path) {
        Ok(bytes) => Some(
            String::from_utf8(bytes)
                .map_err(|_| "the file is not UTF-8 text, so no text edit applies".to_owned())?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("reading the file: {e}")),
    };
    edit.apply(current.as_deref()).map_err(|e| e.to_string())
}

/// Allowed when every judged change is; otherwise blocked with the
/// verdict as `gate check` prints it.
fn verdict(shown: &str, changes: &Changes) -> Answer {
    let worst = changes.items.iter().fold(Exit::Success, |e, i| {
        e.max(i.report.decision.outcome.exit())
    });
    if worst == Exit::Success && changes.unreadable.is_empty() {
        return Answer::Allow;
    }
    let mut text = format!(
        "gate: this edit of the task file `{}` is blocked by the board's rules\n",
        one_line(shown)
    );
    for problem in &changes.unreadable {
        text.push_str("error: ");
        text.push_str(&one_line(problem));
        text.push('\n');
    }
    if !changes.items.is_empty() {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = crate::report::batch::write_human(
            &mut out,
            &changes.items,
            Style::default(),
            "proposed",
        );
        text.push_str(&String::from_utf8_lossy(&out));
    }
    text.push_str(
        "help: the commit hook and CI will refuse this change too; edit toward a move the rules allow (`gate explain <code>` explains each finding), or ask a person to override\n",
    );
    Answer::Block(text)
}
