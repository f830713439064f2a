use super::*;
use crate::gates::testing::Fixture;
use crate::task::identity::IdRule;

fn own(fx: &mut Fixture) -> &mut DependencySettings {
    fx.settings.gates.of_mut().unwrap()
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    match v {
        Verdict::Fail(f) | Verdict::Error(f) => f.iter().map(|f| f.code).collect(),
        _ => Vec::new(),
    }
}

/// The gate's verdict on the task in file `name` moving to `to`.
fn judge(fx: &Fixture, name: &str, to: &str) -> Verdict {
    let entry = fx
        .board
        .entries
        .iter()
        .find(|e| e.display.ends_with(name))
        .expect("fixture file");
    let task = entry.task().expect("a task");
    let from = task.status.as_deref();
    let ctx = GateContext::new(
        task,
        &entry.path,
        from,
        to,
        &fx.board,
        &fx.settings,
        crate::gates::testing::now(),
        &fx.git,
    );
    fx.gate(ID).evaluate(&ctx)
}

fn task(id: &str, status: &str, extra: &str) -> (String, String) {
    (
        format!("{id}.md"),
        format!("---\nid: {id}\ntitle: Task {id}\nstatus: {status}\n{extra}---\nbody\n"),
    )
}

#[test]
fn ids_compare_by_the_boards_rule() {
    // Backlog.md: case-insensitive, numeric parts as numbers.
    let files = [
        task("task-1", "in_progress", "dependencies: [TASK-355.01]\n"),
        (
            "355.md".to_owned(),
            "---\nid: task-355.1\ntitle: T\nstatus: todo\n---\n".to_owned(),
        ),
    ];
    let fx = Fixture::with_files_ruled(&files, IdRule::backlog(None));
    assert_eq!(
        codes(&judge(&fx, "task-1.md", "done")),
        ["dependencies/open"]
    );
    // Gate's own boards: letters folded, `01` is not `1`.
    let fx = Fixture::with_files(&files);
    assert_eq!(
        codes(&judge(&fx, "task-1.md", "done")),
        ["dependencies/missing"]
    );
}

#[test]
fn an_open_dependency_blocks_done_and_a_finished_one_does_not() {
    let files = [
        task("task-1", "in_progress", "dependencies: [TASK-2, task-03]\n"),
        task("task-2", "done", ""),
        task("task-3", "review", ""),
    ];
    let mut fx = Fixture::with_files_ruled(&files, IdRule::backlog(None));
    own(&mut fx).tool = Some(Tool::BacklogMd);
    let v = judge(&fx, "task-1.md", "done");
    let Verdict::Fail(f) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(codes(&v), ["dependencies/open"]);
    assert_eq!(
        f[0].message,
        "blocked by task-03 'Task task-3' (it depends on), at 'review'"
    );
    // Earlier columns are not gated by default.
    assert!(matches!(
        judge(&fx, "task-1.md", "review"),
        Verdict::Skip(_)
    ));
    // Finished (or rejected) blockers: passes.
    let files = [
        task(
            "task-1",
            "in_progress",
            "dependencies:\n  - task-2\n  - task-3\n",
        ),
        task("task-2", "done", ""),
        task("task-3", "rejected", ""),
    ];
    let mut fx = Fixture::with_files_ruled(&files, IdRule::backlog(None));
    own(&mut fx).tool = Some(Tool::BacklogMd);
    assert_eq!(judge(&fx, "task-1.md", "done"), Verdict::Pass);
}

#[test]
fn missing_and_duplicated_ids_block_unless_kanban_md_reads_missing_as_satisfied() {
    let files = [
        task("task-1", "in_progress", "dependencies: [task-9, task-2]\n"),
        task("task-2", "done", ""),
        (
            "task-2-copy.md".to_owned(),
            "---\nid: TASK-2\ntitle: Copy\nstatus: todo\n---\n".to_owned(),
        ),
    ];
    let fx = Fixture::with_files(&files);
    assert_eq!(
        codes(&judge(&fx, "task-1.md", "done")),
        ["dependencies/missing", "dependencies/ambiguous"]
    );
    let files = [task("1", "in_progress", "depends_on:\n  - 9\n")];
    let mut fx = Fixture::with_files(&files);
    own(&mut fx).missing = Missing::Satisfied;
    assert_eq!(judge(&fx, "1.md", "done"), Verdict::Pass);
    let linted: Vec<&str> = fx
        .gate(ID)
        .lint(&fx.board, &fx.settings)
        .into_iter()
        .map(|(_, f)| f.code)
        .collect();
    assert_eq!(linted, ["dependencies/dangling"], "lint names it anyway");
    own(&mut fx).missing = Missing::Blocks;
    assert_eq!(codes(&judge(&fx, "1.md", "done")), ["dependencies/missing"]);
}

#[test]
fn kanban_md_blocked_flag_is_an_open_blocker() {
    let files = [task(
        "7",
        "review",
        "blocked: true\nblock_reason: waiting for API credentials\n",
    )];
    let fx = Fixture::with_files(&files);
    let v = judge(&fx, "7.md", "done");
    let Verdict::Fail(f) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(
        f[0].message,
        "the task is marked blocked: waiting for API credentials"
    );
}

#[test]
fn beans_blocking_counts_from_both_sides_and_a_scrapped_blocker_is_resolved() {
    let bean = |id: &str, status: &str, extra: &str| {
        (
            format!("{id}--slug.md"),
            format!("---\n# {id}\ntitle: Bean {id}\nstatus: {status}\n{extra}---\n"),
        )
    };
    let files = [
        bean("b-1", "in-progress", ""),
        bean("b-2", "todo", "blocking:\n  - b-1\n"),
        bean("b-3", "scrapped", "blocking:\n  - b-1\n"),
        bean("b-4", "todo", "blocked_by:\n  - b-3\n"),
    ];
    let mut fx = Fixture::with_files(&files);
    own(&mut fx).tool = Some(Tool::Beans);
    own(&mut fx).resolved = vec!["done".to_owned(), "scrapped".to_owned()];
    let v = judge(&fx, "b-1--slug.md", "done");
    let Verdict::Fail(f) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].message.starts_with("blocked by b-2 'Bean b-2'"),
        "{}",
        f[0].message
    );
    assert_eq!(judge(&fx, "b-4--slug.md", "done"), Verdict::Pass);
}

#[test]
fn a_blocked_parent_blocks_its_children() {
    let bean = |id: &str, status: &str, extra: &str| {
        (
            format!("{id}--slug.md"),
            format!("---\n# {id}\ntitle: Bean {id}\nstatus: {status}\n{extra}---\n"),
        )
    };
    let files = [
        bean("epic", "in-progress", "blocked_by: [ext]\n"),
        bean("ext", "todo", ""),
        bean("child", "in-progress", "parent: epic\n"),
    ];
    let mut fx = Fixture::with_files(&files);
    own(&mut fx).tool = Some(Tool::Beans);
    let v = judge(&fx, "child--slug.md", "done");
    assert_eq!(codes(&v), ["dependencies/open"]);
}

#[test]
fn a_cycle_is_reported_once_with_its_members_and_never_loops() {
    let files = [
        task("a", "review", "dependencies: [b]\n"),
        task("b", "done", "dependencies: [c]\n"),
        task("c", "done", "dependencies: [a]\n"),
        task("d", "review", "dependencies: [d]\n"),
    ];
    let fx = Fixture::with_files(&files);
    let v = judge(&fx, "a.md", "done");
    let Verdict::Fail(f) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(codes(&v), ["dependencies/cycle"]);
    assert_eq!(f[0].message, "the dependencies form a cycle: a → b → c");
    assert_eq!(codes(&judge(&fx, "d.md", "done")), ["dependencies/cycle"]);
    let gate = fx.gate(ID);
    let linted: Vec<&str> = gate
        .lint(&fx.board, &fx.settings)
        .into_iter()
        .map(|(_, f)| f.code)
        .collect();
    assert_eq!(
        linted,
        ["dependencies/cycle", "dependencies/cycle"],
        "a → b → c once, d once"
    );
}
