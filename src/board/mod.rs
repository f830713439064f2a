//! The board: every task file below the tasks directory, loaded.
//!
//! Walking the directory and reading files happens here; what a file means
//! is decided by [`crate::task::parse`]. Unreadable files are kept as
//! entries with their findings so that every command can report them.

pub(crate) mod cache;
pub(crate) mod resolve;
pub(crate) mod unread;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::finding::{Finding, Severity};
use crate::task::identity::{IdRule, TaskKey};
use crate::task::{self, Parsed, Task, TaskCode};
use cache::{Cache, Record, Stamp};

crate::finding::declare_codes! {
    /// The codes of findings about the tasks directory, for `gate explain`.
    pub(crate) enum BoardCode in CODES {
        LinkOutside = "board/link-outside", Error,
            "a symbolic link in the tasks directory points outside it",
            "The link is reported and never read: a board must not pull in files from elsewhere. Move the file into the tasks directory or remove the link.";
        NotAFile = "board/not-a-file", Error,
            "a `*.md` entry in the tasks directory is not a regular file",
            "Pipes, sockets and devices are reported and never opened: opening a pipe would wait for a writer forever. Replace it with a regular file or remove it.";
        DanglingLink = "board/dangling-link", Error,
            "a symbolic link in the tasks directory points to nothing",
            "The file it named is gone (or not checked out), so nothing is read and the task it was is counted nowhere: column counts may be low. Restore the file or remove the link.";
        DuplicateLink = "board/duplicate-link", Warning,
            "a symbolic link in the tasks directory points to a task file that is already on the board",
            "The task is read and counted once, under its own name; the link is not read, so the task does not count twice toward its column's WIP limit. Remove the link.";
        UnreadableDir = "board/unreadable-dir", Error,
            "a directory below the tasks directory cannot be read",
            "Its tasks are not counted, so every column count may be low: `lint` exits 1 and `check` warns. Give gate read access (the message gives the system's reason) or exclude the directory with `board.exclude`.";
        NameNotUtf8 = "board/name-not-utf8", Warning,
            "a task file's name is not UTF-8",
            "The file is read and counted like any other; its name is shown with the bytes that are not UTF-8 escaped (`caf\\xe9.md`). Name the task by its id, or rename the file to a UTF-8 name.";
    }
}

/// One `*.md` file found below the tasks directory.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The path as found (below the tasks directory).
    pub path: PathBuf,
    /// The path for people: relative to the repository root, or absolute
    /// when the board lies outside it.
    pub display: String,
    pub kind: EntryKind,
    /// Which task this is, whatever file holds it ([`EntryKey`]).
    pub key: EntryKey,
}

/// How the board knows an entry: a task with an id by its id under the
/// board tool's rule ([`IdRule`]), wherever its file is; a task without an
/// id, and a file that is no task or cannot be read, by its path. Pairing a
/// task's states across a change, the WIP count's exclusion of the moving
/// task and naming a task all go by it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum EntryKey {
    Id(TaskKey),
    Path(PathBuf),
}

impl EntryKey {
    /// The key of `kind` found at `path`.
    pub(crate) fn of(ids: &IdRule, path: &Path, kind: &EntryKind) -> EntryKey {
        match kind {
            EntryKind::Task(task) => EntryKey::of_task(ids, path, task),
            EntryKind::NotATask(_) | EntryKind::Unreadable(_) => EntryKey::Path(path.to_path_buf()),
        }
    }

    /// The key of `task`, whose file is at `path`.
    pub(crate) fn of_task(ids: &IdRule, path: &Path, task: &Task) -> EntryKey {
        match &task.id {
            Some(id) => EntryKey::Id(ids.key(id)),
            None => EntryKey::Path(path.to_path_buf()),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum EntryKind {
    Task(Box<Task>),
    /// No front-matter: not on the board.
    NotATask(Vec<Finding>),
    /// Cannot be read: counted nowhere.
    Unreadable(Vec<Finding>),
}

impl Entry {
    /// The entry of `kind` at `path`, keyed by `ids`.
    pub(crate) fn new(ids: &IdRule, path: PathBuf, display: String, kind: EntryKind) -> Entry {
        Entry {
            key: EntryKey::of(ids, &path, &kind),
            path,
            display,
            kind,
        }
    }

    /// Whether this is the entry of `task` at `path`: the same file and the
    /// same key (another task in the same file, or a duplicate of its id
    /// in another file, is not).
    pub(crate) fn is(&self, path: &Path, key: &EntryKey) -> bool {
        self.path == path && self.key == *key
    }

    pub(crate) fn task(&self) -> Option<&Task> {
        match &self.kind {
            EntryKind::Task(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn findings(&self) -> &[Finding] {
        match &self.kind {
            EntryKind::Task(t) => &t.findings,
            EntryKind::NotATask(f) | EntryKind::Unreadable(f) => f,
        }
    }

    /// The file name without `.md`.
    pub(crate) fn stem(&self) -> &str {
        self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
    }
}

/// A loaded board, entries sorted by path.
#[derive(Clone, Debug)]
pub(crate) struct Board {
    pub tasks_dir: PathBuf,
    /// How the board's tool compares ids; every entry is keyed by it.
    pub ids: IdRule,
    pub entries: Vec<Entry>,
    /// How many entries came from the board cache, when it was used.
    pub from_cache: Option<usize>,
}

impl Board {
    /// Reads every task file below the tasks directory.
    pub(crate) fn load(settings: &Settings) -> io::Result<Board> {
        Board::load_with(settings, false)
    }

    /// Like [`Board::load`], but takes unchanged files from the board cache
    /// (see [`cache`]) and brings the cache up to date. Tasks taken from the
    /// cache have no text: [`Board::reread`] a task before judging it.
    pub(crate) fn load_cached(settings: &Settings) -> io::Result<Board> {
        Board::load_with(settings, true)
    }

    /// Reads the file at `path` again, so that its task has its text.
    pub(crate) fn reread(&mut self, settings: &Settings, path: &Path) {
        if let Ok(i) = self
            .entries
            .binary_search_by(|e| e.path.as_path().cmp(path))
            && matches!(&self.entries[i].kind, EntryKind::Task(t) if t.body().is_none())
        {
            let kind = load_file(settings, path);
            self.entries[i].key = EntryKey::of(&self.ids, path, &kind);
            self.entries[i].kind = kind;
        }
    }

    fn load_with(settings: &Settings, cached: bool) -> io::Result<Board> {
        let dir = &settings.board.tasks_dir;
        let shown = display_path(&settings.root, dir);
        let meta = std::fs::metadata(dir).map_err(|e| {
            // Named as the config file in use spells it.
            let key = if settings.source_kind == crate::config::SourceKind::Promethean {
                "`tasksDir` in promethean.kanban.json"
            } else {
                "`board.tasks_dir` in gate.toml"
            };
            io::Error::new(
                e.kind(),
                format!("tasks directory `{shown}`: {e}\nhelp: set {key}, or pass --board <DIR>"),
            )
        })?;
        if !meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("tasks directory `{shown}` is not a directory"),
            ));
        }
        let canonical_dir = dir.canonicalize()?;
        let canonical_root = settings
            .root
            .canonicalize()
            .unwrap_or_else(|_| settings.root.clone());
        if !settings.board.tasks_dir_explicit && !canonical_dir.starts_with(&canonical_root) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "tasks directory `{shown}` resolves to `{}`, outside the repository `{}`; gate reads and writes no files there\nhelp: if that is meant, name it in gate.toml as an absolute path (`tasks_dir = \"{}\"` under `[board]`), or pass --board <DIR>",
                    canonical_dir.display(),
                    canonical_root.display(),
                    canonical_dir.display()
                ),
            ));
        }
        // The cache is read while the directory is walked.
        let (found, cache) = std::thread::scope(|scope| {
            let cache = cached.then(|| scope.spawn(|| Cache::open(settings)));
            let mut found = Vec::new();
            let mut visited = BTreeSet::new();
            walk(
                settings,
                &canonical_dir,
                (dir, Some(std::sync::Arc::new(canonical_dir.clone()))),
                Path::new(""),
                &mut found,
                &mut visited,
            );
            debug_assert!(found.is_sorted_by(|a, b| a.path <= b.path));
            count_each_file_once(&mut found, |target| {
                let rel = target.strip_prefix(&canonical_dir).unwrap_or(target);
                display_path(&settings.root, &dir.join(rel))
            });
            let cache = cache.and_then(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (found, cache)
        });
        let (entries, from_cache) = load_all(settings, found, cache);
        Ok(Board {
            tasks_dir: dir.clone(),
            ids: settings.ids.clone(),
            entries,
            from_cache,
        })
    }

    /// A board from file contents held in memory (a commit's tree, the
    /// index): `files` are paths relative to the tasks directory and their
    /// bytes. Dot-names and excluded paths are left out, as on disk.
    pub(crate) fn from_files(settings: &Settings, files: Vec<(PathBuf, Vec<u8>)>) -> Board {
        let dir = &settings.board.tasks_dir;
        let max = settings.board.max_task_bytes;
        let files: Vec<_> = files
            .into_iter()
            .filter(|(rel, _)| is_task_path(settings, rel))
            .collect();
        // Parsed on every core, as `load` does.
        let mut entries = par_map(files, |(rel, bytes)| {
            let path = dir.join(&rel);
            let stem = rel
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default();
            let mut kind = kind_of(task::parse(bytes, &stem, &settings.vocab, max));
            note_unshowable_name(&path, &mut kind);
            Entry::new(
                &settings.ids,
                path.clone(),
                display_path(&settings.root, &path),
                kind,
            )
        });
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Board {
            tasks_dir: dir.clone(),
            ids: settings.ids.clone(),
            entries,
            from_cache: None,
        }
    }

    /// The loaded tasks with their entries.
    pub(crate) fn tasks(&self) -> impl Iterator<Item = (&Entry, &Task)> {
        self.entries.iter().filter_map(|e| e.task().map(|t| (e, t)))
    }

    /// Entries that could not be read.
    pub(crate) fn unreadable(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| matches!(e.kind, EntryKind::Unreadable(_)))
    }

    /// Tasks in `status`, except `except` (the moving task: its file and
    /// its key, see [`Entry::is`]).
    pub(crate) fn in_status<'a>(
        &'a self,
        status: &'a str,
        except: Option<(&'a Path, &'a EntryKey)>,
    ) -> impl Iterator<Item = (&'a Entry, &'a Task)> {
        self.tasks().filter(move |(e, t)| {
            t.status.as_deref() == Some(status) && except.is_none_or(|(path, key)| !e.is(path, key))
        })
    }

    /// The key `name` (an id) has on this board.
    pub(crate) fn key_of(&self, name: &str) -> EntryKey {
        EntryKey::Id(self.ids.key(name))
    }
}

/// Whether a path relative to the tasks directory names a task file:
/// `*.md`, no dot-name on the way, not excluded.
pub(crate) fn is_task_path(settings: &Settings, rel: &Path) -> bool {
    let is_md = rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."));
    is_md && !hidden && !settings.board.exclude_set.is_match(rel)
}

/// A file to load, or a problem found while walking.
struct Found {
    path: PathBuf,
    problem: Option<Finding>,
    /// The directory it was found in, to open it by name.
    dir: DirHandle,
    /// Where the file is, links resolved, so that one file reached twice
    /// (a link to a task on the board) is counted once: a link's resolved
    /// path, or a regular file's resolved directory (shared by its
    /// siblings; joined with the name only when the board has links).
    canonical: Option<PathBuf>,
    canonical_dir: Option<std::sync::Arc<PathBuf>>,
    is_link: bool,
}

impl Found {
    fn problem(path: PathBuf, finding: Finding) -> Found {
        Found {
            path,
            problem: Some(finding),
            dir: DirHandle::default(),
            canonical: None,
            canonical_dir: None,
            is_link: false,
        }
    }
}

/// A link to a file that is already on the board (by another name) is
/// reported and not read: the task would count twice toward its column.
fn count_each_file_once(found: &mut [Found], shown: impl Fn(&Path) -> String) {
    if !found.iter().any(|f| f.is_link) {
        return;
    }
    let mut seen: std::collections::HashSet<PathBuf> = found
        .iter()
        .filter(|f| !f.is_link && f.problem.is_none())
        .filter_map(|f| Some(f.canonical_dir.as_ref()?.join(f.path.file_name()?)))
        .collect();
    for f in found
        .iter_mut()
        .filter(|f| f.is_link && f.problem.is_none())
    {
        let Some(target) = &f.canonical else { continue };
        if !seen.insert(target.clone()) {
            f.problem = Some(
                Finding::warning(
                    BoardCode::DuplicateLink,
                    format!(
                        "symbolic link to `{}`, which is already on the board; it is counted once, under its own name",
                        shown(target)
                    ),
                )
                .with_help("remove the link: a task file belongs in one place on the board"),
            );
        }
    }
}

/// Directories opened for the files in them, at most.
const MAX_DIR_HANDLES: usize = 64;

/// A directory opened once; its files are then opened and stat'ed by name
/// relative to it, so the kernel looks up one path component instead of
/// the whole path (a fifth of a cached board load was that lookup).
#[derive(Clone, Default)]
struct DirHandle {
    #[cfg(unix)]
    fd: Option<std::sync::Arc<rustix::fd::OwnedFd>>,
}

impl DirHandle {
    #[cfg(unix)]
    fn open(dir: &Path) -> DirHandle {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        DirHandle {
            fd: rustix::fs::open(dir, flags, Mode::empty())
                .ok()
                .map(std::sync::Arc::new),
        }
    }

    #[cfg(not(unix))]
    fn open(_dir: &Path) -> DirHandle {
        DirHandle::default()
    }

    /// Opens `path` (a file in this directory) for reading.
    fn open_file(&self, path: &Path) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        if let (Some(fd), Some(name)) = (&self.fd, path.file_name()) {
            use rustix::fs::{Mode, OFlags};
            let file =
                rustix::fs::openat(&**fd, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
            return Ok(std::fs::File::from(file));
        }
        std::fs::File::open(path)
    }

    /// The stamp of `path` (a file in this directory), following links.
    fn stamp(&self, path: &Path) -> Option<Stamp> {
        #[cfg(unix)]
        if let (Some(fd), Some(name)) = (&self.fd, path.file_name()) {
            let stat = rustix::fs::statat(&**fd, name, rustix::fs::AtFlags::empty()).ok()?;
            return Stamp::of_stat(&stat);
        }
        Stamp::of(&std::fs::metadata(path).ok()?)
    }
}

/// Collects `*.md` files below `dir`, skipping dot-names and excluded
/// paths, and refusing links that lead outside the board. Names are taken
/// as bytes: a name that is not UTF-8 is read and counted like any other.
/// A directory that cannot be read is reported, never skipped silently.
///
/// `canonical` is `dir` resolved, when the caller knows it: a directory
/// entered by its own name (no link) is its parent's resolved path and that
/// name. Only the top and links are resolved by the file system, so a deep
/// tree costs the length of its paths, not a walk up every ancestor from
/// every directory (cubic in the depth).
fn walk(
    settings: &Settings,
    board_root: &Path,
    (dir, canonical): (&Path, Option<std::sync::Arc<PathBuf>>),
    rel: &Path,
    found: &mut Vec<Found>,
    visited: &mut BTreeSet<PathBuf>,
) {
    let canonical = match canonical.map_or_else(|| resolve(dir).map(std::sync::Arc::new), Ok) {
        Ok(canonical) => canonical,
        Err(e) => {
            found.push(Found::problem(dir.to_path_buf(), unreadable_dir(&e)));
            return;
        }
    };
    if !visited.insert(PathBuf::clone(&canonical)) {
        return; // a link cycle
    }
    let children = match sorted_children(dir) {
        Ok(children) => children,
        Err(e) => {
            found.push(Found::problem(dir.to_path_buf(), unreadable_dir(&e)));
            return;
        }
    };
    // Handles stay open until the files are read: a board of very many
    // directories reads the rest by path rather than run out of descriptors.
    let handle = if visited.len() <= MAX_DIR_HANDLES {
        DirHandle::open(dir)
    } else {
        DirHandle::default()
    };
    for (name, child) in children {
        let rel_path = rel.join(&name);
        let Some(kind) = classify(settings, board_root, &name, &rel_path, &child) else {
            continue;
        };
        let path = child.path();
        match kind {
            Child::Dir(resolved) => {
                let resolved = resolved.unwrap_or_else(|| canonical.join(&name));
                walk(
                    settings,
                    board_root,
                    (&path, Some(std::sync::Arc::new(resolved))),
                    &rel_path,
                    found,
                    visited,
                );
            }
            Child::File(resolved) => found.push(Found {
                canonical_dir: resolved.is_none().then(|| canonical.clone()),
                is_link: resolved.is_some(),
                canonical: resolved,
                path,
                dir: handle.clone(),
                problem: None,
            }),
            Child::Problem(finding) => found.push(Found::problem(path, finding)),
        }
    }
}

/// The finding for a directory the walk cannot read.
fn unreadable_dir(e: &io::Error) -> Finding {
    Finding::error(
        BoardCode::UnreadableDir,
        format!("directory cannot be read ({e}); the tasks in it are not counted, so column counts may be low"),
    )
    .with_help("give gate read access to the directory, or exclude it with `board.exclude`")
}

/// The entries of `dir` by name, in byte order: the walk enters
/// directories where they sort, so it yields paths in `Path` order and
/// nothing is sorted afterwards. An entry that cannot be read fails the
/// whole directory.
fn sorted_children(dir: &Path) -> io::Result<Vec<(std::ffi::OsString, std::fs::DirEntry)>> {
    let mut children = std::fs::read_dir(dir)?
        .map(|child| child.map(|child| (child.file_name(), child)))
        .collect::<io::Result<Vec<_>>>()?;
    children.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(children)
}

/// What the walk does with one name in a directory. A link carries its
/// resolved path (inside the board).
#[derive(Debug, PartialEq)]
enum Child {
    /// A directory to enter.
    Dir(Option<PathBuf>),
    /// A regular `*.md` file to read.
    File(Option<PathBuf>),
    /// Reported, not read.
    Problem(Finding),
}

/// What `child`, named `name` at `rel_path` below the tasks directory, is
/// to the walk: `None` to pass it by (a dot-name, a path `board.exclude`
/// excludes, a file that is no `*.md`, an entry of unknown type). The
/// directory entry's own type costs no system call; only a link needs a
/// look at its target, and it is followed only inside the board.
fn classify(
    settings: &Settings,
    board_root: &Path,
    name: &std::ffi::OsStr,
    rel_path: &Path,
    child: &std::fs::DirEntry,
) -> Option<Child> {
    let excludes = &settings.board.exclude_set;
    if name.as_encoded_bytes().starts_with(b".")
        || (!excludes.is_empty() && excludes.is_match(rel_path))
    {
        return None;
    }
    let path = child.path();
    let file_type = child.file_type().ok()?;
    let is_link = file_type.is_symlink();
    let target_meta = is_link.then(|| std::fs::metadata(&path));
    let (is_dir, is_file) = match &target_meta {
        Some(Ok(m)) => (m.is_dir(), m.is_file()),
        Some(Err(_)) => (false, false),
        None => (file_type.is_dir(), file_type.is_file()),
    };
    let is_md = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    if !is_dir && !is_md {
        return None;
    }
    let resolved = if is_link {
        match link_inside(&path, board_root) {
            Ok(resolved) => Some(resolved),
            Err(finding) => return Some(Child::Problem(*finding)),
        }
    } else {
        None
    };
    Some(if is_dir {
        Child::Dir(resolved)
    } else if is_file {
        Child::File(resolved)
    } else {
        // Opening a FIFO would wait for a writer forever; a device could
        // be endless. Only regular files are read.
        Child::Problem(
            Finding::error(
                BoardCode::NotAFile,
                "not a regular file (a pipe, socket or device); it was not read",
            )
            .with_help("replace it with a regular Markdown file, or remove it"),
        )
    })
}

/// The resolved path of the link at `path`, when it leads to something
/// inside `board_root`; else the finding that says where it leads.
fn link_inside(path: &Path, board_root: &Path) -> Result<PathBuf, Box<Finding>> {
    let target = std::fs::read_link(path)
        .map(|t| escaped(&t))
        .unwrap_or_default();
    let finding = match resolve(path) {
        Ok(resolved) if resolved.starts_with(board_root) => return Ok(resolved),
        Ok(_) => Finding::error(
            BoardCode::LinkOutside,
            format!("symbolic link points outside the tasks directory (to `{target}`); it was not read"),
        )
        .with_help("move the task file into the tasks directory, or remove the link"),
        Err(e) => Finding::error(
            BoardCode::DanglingLink,
            format!("symbolic link to `{target}` leads nowhere ({e}); nothing was read, so column counts may be low"),
        )
        .with_help("restore the file it points to, or remove the link"),
    };
    Err(Box::new(finding))
}

#[cfg(test)]
thread_local! {
    /// How many paths the walk resolved through the file system.
    static RESOLVED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `path` with every link resolved: a walk up all its ancestors, so the
/// walk asks it only of links.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    #[cfg(test)]
    RESOLVED.with(|n| n.set(n.get() + 1));
    path.canonicalize()
}

/// Reads and parses the files, on every core, taking unchanged ones from
/// `cache` and updating it; and how many came from the cache.
fn load_all(
    settings: &Settings,
    found: Vec<Found>,
    mut cache: Option<Cache>,
) -> (Vec<Entry>, Option<usize>) {
    let dir = &settings.board.tasks_dir;
    let cached = cache.is_some();
    let recorded = cache.as_ref().map_or(0, Cache::recorded);
    let jobs: Vec<(Found, Option<Record>)> = found
        .into_iter()
        .map(|found| {
            let record = cache
                .as_mut()
                .and_then(|cache| cache.take(rel_key(dir, &found.path)?));
            (found, record)
        })
        .collect();
    let loaded = par_map(jobs, |(found, record)| {
        let (mut kind, stamp, hit) = match found.problem {
            Some(problem) if problem.severity == Severity::Error => {
                (EntryKind::Unreadable(vec![problem]), None, false)
            }
            Some(problem) => (EntryKind::NotATask(vec![problem]), None, false),
            None if !cached => (read_file(settings, &found.path, &found.dir).0, None, false),
            None => {
                // A file the cache does not know is read without asking
                // `stat` first: opening it gives its stamp.
                let recorded = record.and_then(|record| {
                    let stamp = found.dir.stamp(&found.path)?;
                    Some((record.into_entry_kind(stamp)?, stamp))
                });
                if let Some((kind, stamp)) = recorded {
                    (kind, Some(stamp), true)
                } else {
                    let (kind, stamp) = read_file(settings, &found.path, &found.dir);
                    (kind, stamp, false)
                }
            }
        };
        note_unshowable_name(&found.path, &mut kind);
        let entry = Entry::new(
            &settings.ids,
            found.path.clone(),
            display_path(&settings.root, &found.path),
            kind,
        );
        (entry, stamp, hit)
    });
    let hits = loaded.iter().filter(|(_, _, hit)| *hit).count();
    let from_cache = cache.is_some().then_some(hits);
    if let Some(cache) = cache {
        let misses = loaded.iter().any(|(_, stamp, hit)| stamp.is_some() && !hit);
        if misses || hits != recorded {
            let records = loaded
                .iter()
                .filter_map(|(entry, stamp, _)| {
                    Record::new(
                        rel_key(dir, &entry.path)?.to_owned(),
                        (*stamp)?,
                        &entry.kind,
                    )
                })
                .collect();
            // A cache that cannot be written only costs speed.
            let _ = cache.store(records);
        }
    }
    let entries = loaded.into_iter().map(|(entry, _, _)| entry).collect();
    (entries, from_cache)
}

/// The cache's name for a file: its path below the tasks directory.
fn rel_key<'a>(dir: &Path, path: &'a Path) -> Option<&'a str> {
    path.strip_prefix(dir).ok()?.to_str()
}

/// `f` applied to every item on every core (at most 8), in order.
fn par_map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let chunk = items.len().div_ceil(threads).max(64);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        parts.push(std::mem::replace(&mut rest, tail));
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<_>>()))
            .collect();
        // The last part on this thread, which would otherwise only wait.
        let last: Vec<U> = rest.into_iter().map(f).collect();
        let mut out = Vec::new();
        for handle in handles {
            // Parsing never panics (fuzzed); if it did, the panic is not
            // swallowed with the entries it would lose.
            out.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        out.extend(last);
        out
    })
}

fn kind_of(parsed: Parsed) -> EntryKind {
    match parsed {
        Parsed::Task(t) => EntryKind::Task(t),
        Parsed::NotATask(f) => EntryKind::NotATask(f),
        Parsed::Unreadable(f) => EntryKind::Unreadable(f),
    }
}

/// Reads one task file, refusing it before reading when it is too large.
pub(crate) fn load_file(settings: &Settings, path: &Path) -> EntryKind {
    read_file(settings, path, &DirHandle::default()).0
}

/// [`load_file`] with the file opened through `dir`, and the file's stamp
/// when it was opened.
fn read_file(settings: &Settings, path: &Path, dir: &DirHandle) -> (EntryKind, Option<Stamp>) {
    let max = settings.board.max_task_bytes;
    let mut stamp = None;
    // One open and one fstat: the size cap is checked before anything is read.
    let read = dir.open_file(path).and_then(|file| {
        let meta = file.metadata()?;
        stamp = Stamp::of(&meta);
        let len = meta.len();
        if len > max {
            return Ok(Err(len));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        // The file as long as it was when measured: with the limit reached,
        // `take` answers end-of-file without asking the kernel again.
        std::io::Read::read_to_end(&mut std::io::Read::take(file, len), &mut bytes)?;
        Ok(Ok(bytes))
    });
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let kind = match read {
        Ok(Ok(bytes)) => kind_of(task::parse(bytes, &stem, &settings.vocab, max)),
        Ok(Err(len)) => EntryKind::Unreadable(vec![task::too_large_finding(len, max)]),
        Err(e) => EntryKind::Unreadable(vec![Finding::error(
            TaskCode::Io,
            format!("cannot read file: {e}"),
        )]),
    };
    (kind, stamp)
}

/// `path` relative to `root` when inside it, else as given; bytes that
/// are not UTF-8 are shown escaped (`caf\\xe9.md`), so that no two names
/// look alike.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    match shown.to_str() {
        Some(text) => text.replace('\\', "/"),
        // Only Unix has such names, and `/` separates there already.
        None => escaped(shown),
    }
}

/// A path as text: itself when it is UTF-8, else with every byte that is
/// not (and every backslash, so the escape is unambiguous) as `\\xNN`.
pub(crate) fn escaped(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_owned();
    }
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\x5c");
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

/// A file whose name is not UTF-8 is read and counted as any other; it
/// carries a warning that its name is shown escaped.
fn note_unshowable_name(path: &Path, kind: &mut EntryKind) {
    let Some(name) = path.file_name() else { return };
    if name.to_str().is_some() && path.to_str().is_some() {
        return;
    }
    let finding = Finding::warning(
        BoardCode::NameNotUtf8,
        format!(
            "the file name is not UTF-8; it is shown as `{}`, and the task can be named by its id",
            escaped(Path::new(name))
        ),
    )
    .with_help("rename the file to a UTF-8 name");
    match kind {
        EntryKind::Task(task) => task.findings.push(finding),
        EntryKind::NotATask(findings) | EntryKind::Unreadable(findings) => findings.push(finding),
    }
}

/// The names of the files directly in `dir` (none when it cannot be
/// read): a board tool's own folder, looked into for a task's file.
pub(crate) fn file_names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Locate;

    #[test]
    fn the_walk_yields_paths_in_path_order() {
        let tmp = tempfile::tempdir().unwrap();
        let tasks = tmp.path().join("tasks");
        for rel in [
            "a-b.md", "a/x.md", "a.md", "B.md", "b/c/d.md", "b/c.md", "b-c/e.md", "a/y/z.md",
        ] {
            let path = tasks.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "---\nstatus: todo\n---\n").unwrap();
        }
        let settings = crate::gates::load_settings(&Locate {
            cwd: tmp.path().to_path_buf(),
            config: None,
            board: Some(tasks.clone()),
        })
        .unwrap();
        let board = Board::load(&settings).unwrap();
        assert!(
            board
                .tasks()
                .all(|(_, t)| t.status.as_deref() == Some("todo"))
        );
        let paths: Vec<_> = board.entries.iter().map(|e| e.path.clone()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths.len(), 8);
        assert_eq!(paths, sorted);
    }

    /// What the walk does with each name, decided without a walk: dot
    /// names, excluded paths and files that are no `*.md` are passed by;
    /// a link is followed only inside the board, and carries where it
    /// leads.
    #[cfg(unix)]
    #[test]
    fn each_name_is_entered_read_reported_or_passed_by() {
        let tmp = tempfile::tempdir().unwrap();
        let tasks = tmp.path().join("tasks");
        std::fs::create_dir_all(tasks.join("sub")).unwrap();
        for name in ["a.md", ".hidden.md", "notes.txt", "old.md"] {
            std::fs::write(tasks.join(name), "---\nstatus: todo\n---\n").unwrap();
        }
        std::fs::write(tmp.path().join("outside.md"), "---\nstatus: todo\n---\n").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, tasks.join(name)).unwrap();
        };
        link(&tasks.join("a.md"), "in.md");
        link(&tasks.join("sub"), "sub-link");
        link(&tmp.path().join("outside.md"), "out.md");
        link(&tasks.join("missing.md"), "gone.md");
        let mut settings = crate::gates::load_settings(&Locate {
            cwd: tmp.path().to_path_buf(),
            config: None,
            board: Some(tasks.clone()),
        })
        .unwrap();
        let mut excludes = globset::GlobSetBuilder::new();
        excludes.add(globset::Glob::new("old.md").unwrap());
        settings.board.exclude_set = excludes.build().unwrap();
        let root = tasks.canonicalize().unwrap();
        let children = sorted_children(&tasks).unwrap();
        let kinds: Vec<(String, Option<Child>)> = children
            .iter()
            .map(|(name, child)| {
                let kind = classify(&settings, &root, name, Path::new(name), child);
                (name.to_string_lossy().into_owned(), kind)
            })
            .collect();
        let code = |kind: &Option<Child>| match kind {
            Some(Child::Problem(finding)) => finding.code,
            _ => "",
        };
        let names: Vec<&str> = kinds.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                ".hidden.md",
                "a.md",
                "gone.md",
                "in.md",
                "notes.txt",
                "old.md",
                "out.md",
                "sub",
                "sub-link"
            ]
        );
        assert_eq!(kinds[0].1, None);
        assert_eq!(kinds[1].1, Some(Child::File(None)));
        assert_eq!(code(&kinds[2].1), "board/dangling-link");
        assert_eq!(kinds[3].1, Some(Child::File(Some(root.join("a.md")))));
        assert_eq!(kinds[4].1, None);
        assert_eq!(kinds[5].1, None);
        assert_eq!(code(&kinds[6].1), "board/link-outside");
        assert_eq!(kinds[7].1, Some(Child::Dir(None)));
        assert_eq!(kinds[8].1, Some(Child::Dir(Some(root.join("sub")))));
    }

    /// #8 item 6: names that are not UTF-8 are shown escaped, so two of
    /// them never look alike, and a backslash cannot forge an escape.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_escaped() {
        use std::os::unix::ffi::OsStrExt as _;
        let path = |b: &[u8]| PathBuf::from(std::ffi::OsStr::from_bytes(b));
        assert_eq!(escaped(&path(b"tasks/caf\xe9.md")), "tasks/caf\\xe9.md");
        assert_eq!(escaped(&path(b"a\\xe9\xff.md")), "a\\x5cxe9\\xff.md");
        assert_eq!(escaped(&path("café.md".as_bytes())), "café.md");
        assert_eq!(
            display_path(Path::new("/r"), &path(b"/r/tasks/\xe9.md")),
            "tasks/\\xe9.md"
        );
    }

    /// Issue #22 item 18: a task 1 600 directories deep took 53 s to load,
    /// each directory resolving all its ancestors again. Only links are
    /// resolved now (the top is resolved once by `load`), so the walk is
    /// linear in the length of its paths; and it still finds every file,
    /// through a link too.
    #[cfg(unix)]
    #[test]
    fn a_deep_board_resolves_only_its_links() {
        let tmp = tempfile::tempdir().unwrap();
        let tasks = tmp.path().join("tasks");
        let mut deep = tasks.clone();
        for _ in 0..300 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("t.md"), "---\nid: deep\nstatus: todo\n---\n").unwrap();
        std::fs::create_dir(tasks.join("real")).unwrap();
        std::fs::write(
            tasks.join("real/u.md"),
            "---\nid: real\nstatus: todo\n---\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(tasks.join("real"), tasks.join("alias")).unwrap();
        let settings = crate::config::load(&Locate {
            cwd: tmp.path().to_path_buf(),
            config: None,
            board: Some(tasks.clone()),
        })
        .unwrap();
        RESOLVED.with(|n| n.set(0));
        let board = Board::load(&settings).unwrap();
        assert_eq!(RESOLVED.with(std::cell::Cell::get), 1, "the one link");
        let ids: Vec<_> = board.tasks().filter_map(|(_, t)| t.id.clone()).collect();
        assert!(ids.iter().any(|i| i.as_str() == "deep"), "{ids:?}");
        assert!(ids.iter().any(|i| i.as_str() == "real"), "{ids:?}");
    }

    #[test]
    fn boards_of_more_directories_than_handles_load_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let tasks = tmp.path().join("tasks");
        let dirs = MAX_DIR_HANDLES + 10;
        for i in 0..dirs {
            let dir = tasks.join(format!("d{i:03}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("t.md"),
                format!("---\nid: t{i}\nstatus: todo\n---\n"),
            )
            .unwrap();
        }
        let settings = crate::gates::load_settings(&Locate {
            cwd: tmp.path().to_path_buf(),
            config: None,
            board: Some(tasks),
        })
        .unwrap();
        let board = Board::load(&settings).unwrap();
        assert_eq!(board.tasks().count(), dirs);
        assert_eq!(board.unreadable().count(), 0);
    }
}
