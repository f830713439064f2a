//! Backlog.md (`backlog/config.yml`, also `.backlog/config.yml` and
//! `backlog.config.yml`): tasks in `tasks/` beside the config, statuses
//! from `statuses` as the tool spells them (`To Do`, `In Progress`),
//! `default_status` as the start state, priorities high / medium / low
//! with high as the board's top priority.

use std::path::Path;

use super::{self as native, Adapter, FolderKind, Origin, Tool, ToolConfig, ToolFolder};
use crate::task::identity::IdRule;

pub(super) const ADAPTER: Adapter = Adapter {
    tool: Tool::BacklogMd,
    files: &[
        "backlog/config.yml",
        ".backlog/config.yml",
        "backlog.config.yml",
    ],
    read,
};

fn read(path: &Path, text: &str) -> Result<ToolConfig, String> {
    let entries = native::parse(text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    // `backlog.config.yml` sits at the root, beside the `backlog/` folder.
    let home = if path.file_name().is_some_and(|n| n == "backlog.config.yml") {
        dir.join("backlog")
    } else {
        dir.to_path_buf()
    };
    let statuses = native::get(&entries, "statuses")
        .map(|v| native::names(v, "statuses"))
        .transpose()?
        .filter(|s| !s.is_empty());
    let start = native::text(native::get(&entries, "default_status"))
        .or_else(|| statuses.as_ref().and_then(|s| s.first().cloned()))
        .map(|s| Origin::new(vec![s], "default_status"));
    Ok(ToolConfig {
        tool: Tool::BacklogMd,
        file: path.to_path_buf(),
        tasks_dir: Origin::new(home.join("tasks"), ""),
        statuses: statuses.clone().map(|s| Origin::new(s, "statuses")),
        start,
        limits: None,
        priority_aliases: None,
        // Backlog.md knows high, medium and low: high (P1) is its top.
        top_priority: Some(Origin::new("P1".to_owned(), "")),
        ids: IdRule::backlog(native::text(native::get(&entries, "task_prefix")).as_deref()),
        // Backlog.md writes no priority unless one is given.
        required_fields: Some(Origin::new(
            ["id", "title", "status"].map(str::to_owned).to_vec(),
            "",
        )),
        // Backlog.md's done status is the last one listed.
        finals: statuses
            .as_ref()
            .and_then(|s| s.last())
            .map(|last| Origin::new(vec![last.clone()], "statuses")),
        classes: Vec::new(),
        folders: [
            ("completed", FolderKind::Completed),
            ("archive/tasks", FolderKind::Archive),
            ("drafts", FolderKind::Drafts),
            ("archive/drafts", FolderKind::Archive),
        ]
        .into_iter()
        .map(|(dir, kind)| ToolFolder {
            dir: home.join(dir),
            kind,
        })
        .collect(),
        require_claim: Vec::new(),
        stamps: native::MoveStamps::BacklogMd {
            date_format: native::text(native::get(&entries, "date_format"))
                .unwrap_or_else(|| native::BACKLOG_DATE_FORMAT.to_owned()),
        },
        priority_words: ["low", "medium", "high"].map(str::to_owned).to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The board's `backlog/config.yml`: ours, then the real one beside the
    /// clone when it is there.
    #[test]
    fn reads_a_backlog_md_config() {
        let ours = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/boards/backlog-md/backlog/config.yml");
        let real = crate::testutil::corpus_dir("backlog.md/backlog/config.yml");
        for path in std::iter::once(ours).chain(real) {
            let text = std::fs::read_to_string(&path).unwrap();
            let c = read(Path::new("/repo/backlog/config.yml"), &text).unwrap();
            let shown = path.display();
            assert_eq!(
                c.statuses.unwrap().value,
                ["To Do", "In Progress", "Done"],
                "{shown}"
            );
            assert_eq!(c.start.unwrap().value, ["To Do"], "{shown}");
            assert_eq!(
                c.tasks_dir.value,
                Path::new("/repo/backlog/tasks"),
                "{shown}"
            );
            assert_eq!(c.top_priority.unwrap().value, "P1", "{shown}");
        }
    }

    #[test]
    fn without_default_status_the_first_status_starts() {
        let c = read(
            Path::new("/r/backlog.config.yml"),
            "statuses:\n  - Todo\n  - Doing\n  - Done\n",
        )
        .unwrap();
        assert_eq!(c.start.unwrap().value, ["Todo"]);
        assert_eq!(c.tasks_dir.value, Path::new("/r/backlog/tasks"));
    }

    #[test]
    fn ids_compare_with_the_boards_task_prefix() {
        let c = read(
            Path::new("/r/backlog/config.yml"),
            "statuses: [To Do, Done]\ntask_prefix: \"back\"\n",
        )
        .unwrap();
        assert_eq!(c.ids, IdRule::backlog(Some("back")));
        assert!(c.ids.same_id("BACK-7", "7"));
        let c = read(
            Path::new("/r/backlog/config.yml"),
            "statuses: [To Do, Done]\n",
        )
        .unwrap();
        assert!(c.ids.same_id("TASK-7", "task-07"));
    }

    #[test]
    fn bad_yaml_is_an_error() {
        assert!(read(Path::new("/r/backlog/config.yml"), "statuses: [a\n").is_err());
        assert!(read(Path::new("/r/backlog/config.yml"), "statuses: To Do\n").is_err());
    }
}
