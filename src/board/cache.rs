//! A cache of parsed task files, keyed by what `stat` says about each file.
//!
//! Reading a 5 000-task board is 20 000 system calls and 5 000 parses; with
//! the cache it is 5 000 `stat` calls and one read. It works like git's
//! index: an entry is used only while the file's size, inode, modification
//! and change times are exactly those recorded, so any write, rename or
//! `touch` makes gate read the file again. Files changed in the last few
//! seconds are never recorded, because a second write within the same clock
//! tick could leave every stamp unchanged (git's "racily clean" entries).
//!
//! The cache lives in the git directory (`.git/gate/board-cache`), is
//! never committed, and is rebuilt whenever gate's version, the binary, or
//! any setting that changes how a file is read differs. A missing, unreadable
//! or corrupt cache is ignored: it can make gate faster, never different.
//! Texts are not cached: a task whose body matters (the one being moved,
//! the tasks of a compliance report) is read from disk.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{FixedOffset, TimeZone as _};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::EntryKind;
use crate::config::Settings;
use crate::finding::{Finding, Severity};
use crate::task::{Priority, Task};

/// Bumped whenever the file layout, or what a file reads as, changes
/// (2: repeated keys, folded labels, blob keys of names that are not UTF-8).
const FORMAT: u32 = 2;
/// A cache bigger than this is not read (it would be slower than the board).
const MAX_BYTES: u64 = 256 << 20;
/// Files changed this recently are read every time (see the module docs).
const RACY: Duration = Duration::from_secs(3);

/// What `stat` says about a file; equal stamps mean an unchanged file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stamp {
    len: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    // `None` on other platforms (below).
    #[cfg(unix)]
    #[allow(clippy::unnecessary_wraps)]
    pub(crate) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Stamp {
            len: meta.len(),
            ino: meta.ino(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// The stamp of a `stat` answer, the same as [`Stamp::of`] gives for
    /// the same file.
    // The field types differ between platforms.
    #[cfg(unix)]
    #[allow(clippy::useless_conversion, clippy::unnecessary_fallible_conversions)]
    pub(crate) fn of_stat(stat: &rustix::fs::Stat) -> Option<Stamp> {
        Some(Stamp {
            len: u64::try_from(stat.st_size).ok()?,
            ino: u64::try_from(stat.st_ino).ok()?,
            mtime: (
                i64::try_from(stat.st_mtime).ok()?,
                i64::try_from(stat.st_mtime_nsec).ok()?,
            ),
            ctime: (
                i64::try_from(stat.st_ctime).ok()?,
                i64::try_from(stat.st_ctime_nsec).ok()?,
            ),
        })
    }

    /// Without inode and change time a stamp is too weak to trust.
    #[cfg(not(unix))]
    pub(crate) fn of(_meta: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file changed less than [`RACY`] before `now` (or claims
    /// a time in the future).
    fn is_racy(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else {
            return true;
        };
        let limit = now.saturating_sub(RACY);
        let limit = (
            i64::try_from(limit.as_secs()).unwrap_or(i64::MAX),
            i64::from(limit.subsec_nanos()),
        );
        self.mtime >= limit || self.ctime >= limit
    }
}

/// The board cache as read: the records this run may take.
pub(crate) struct Cache {
    file: PathBuf,
    fingerprint: String,
    recorded: HashMap<String, Record>,
}

/// One file: where it is (relative to the tasks directory), its stamp when
/// it was read, and what it was read as.
#[derive(Serialize, Deserialize)]
pub(crate) struct Record {
    pub path: String,
    pub stamp: Stamp,
    kind: RecordKind,
}

#[derive(Serialize, Deserialize)]
enum RecordKind {
    Task(Box<TaskRecord>),
    NotATask { findings: Vec<FindingRecord> },
    Unreadable { findings: Vec<FindingRecord> },
}

/// A cache file: its records, valid for the binary and settings that
/// `fingerprint` names.
#[derive(Serialize, Deserialize)]
struct CacheFile<R> {
    format: u32,
    fingerprint: String,
    records: Vec<R>,
}

impl Cache {
    /// The cache for this board, when the board is in a git work tree; its
    /// records when they were written by this binary with these settings.
    pub(crate) fn open(settings: &Settings) -> Option<Cache> {
        let file = crate::git::dot_git_dir(&settings.root)?
            .join("gate")
            .join("board-cache");
        let fingerprint = fingerprint(settings)?;
        let recorded = read_records(&file, &fingerprint)
            .map(|records: Vec<Record>| records.into_iter().map(|r| (r.path.clone(), r)).collect())
            .unwrap_or_default();
        Some(Cache {
            file,
            fingerprint,
            recorded,
        })
    }

    /// How many files are recorded.
    pub(crate) fn recorded(&self) -> usize {
        self.recorded.len()
    }

    /// Takes the record of the file at `rel` (below the tasks directory).
    pub(crate) fn take(&mut self, rel: &str) -> Option<Record> {
        self.recorded.remove(rel)
    }

    /// Replaces the cache with `records`, leaving out racy ones. Written to
    /// a temporary file and renamed, so readers see the old or new cache,
    /// never half of one; failures leave the old cache (or none).
    pub(crate) fn store(self, records: Vec<Record>) -> std::io::Result<()> {
        let now = SystemTime::now() + test_ahead();
        let records = records
            .into_iter()
            .filter(|r| !r.stamp.is_racy(now))
            .collect();
        let doc = CacheFile {
            format: FORMAT,
            fingerprint: self.fingerprint,
            records,
        };
        write_atomically(&self.file, &doc)
    }
}

/// Tests only: `__GATE_TEST_CACHE_AHEAD=<seconds>` sets the cache's clock
/// that far ahead, so files written just now count as settled (a test
/// need not wait [`RACY`] for them to be recorded). Compiled only into
/// debug builds, as the test clock is.
#[cfg(debug_assertions)]
fn test_ahead() -> Duration {
    std::env::var("__GATE_TEST_CACHE_AHEAD")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::ZERO, Duration::from_secs)
}

/// A release build reads the real clock only.
#[cfg(not(debug_assertions))]
fn test_ahead() -> Duration {
    Duration::ZERO
}

/// Writes `doc` to a temporary file beside `file` and renames it over
/// `file`, so readers see the old or the new one, never half of one.
fn write_atomically(file: &Path, doc: &impl Serialize) -> std::io::Result<()> {
    crate::fsutil::replace_file(file, |out| {
        let mut out = std::io::BufWriter::new(out);
        postcard::to_io(doc, &mut out).map_err(std::io::Error::other)?;
        out.flush()
    })
}

impl Record {
    /// A record of what a file read as, unless it should be read again
    /// next time anyway (an I/O error).
    pub(crate) fn new(path: String, stamp: Stamp, kind: &EntryKind) -> Option<Record> {
        Some(Record {
            path,
            stamp,
            kind: RecordKind::new(kind)?,
        })
    }

    /// What the file was read as, when `stamp` is the one recorded.
    pub(crate) fn into_entry_kind(self, stamp: Stamp) -> Option<EntryKind> {
        if self.stamp != stamp {
            return None;
        }
        self.kind.into_entry_kind()
    }
}

impl RecordKind {
    fn new(kind: &EntryKind) -> Option<RecordKind> {
        Some(match kind {
            EntryKind::Task(task) => RecordKind::Task(Box::new(TaskRecord::from(&**task))),
            EntryKind::NotATask(findings) => RecordKind::NotATask {
                findings: findings.iter().map(FindingRecord::from).collect(),
            },
            EntryKind::Unreadable(findings) => {
                if findings.iter().any(|f| f.code == crate::task::TaskCode::Io) {
                    return None;
                }
                RecordKind::Unreadable {
                    findings: findings.iter().map(FindingRecord::from).collect(),
                }
            }
        })
    }

    fn into_entry_kind(self) -> Option<EntryKind> {
        let findings = |records: Vec<FindingRecord>| {
            records
                .into_iter()
                .map(FindingRecord::into_finding)
                .collect::<Option<Vec<_>>>()
        };
        Some(match self {
            RecordKind::Task(task) => EntryKind::Task(Box::new(task.into_task()?)),
            RecordKind::NotATask { findings: f } => EntryKind::NotATask(findings(f)?),
            RecordKind::Unreadable { findings: f } => EntryKind::Unreadable(findings(f)?),
        })
    }
}

/// Task files as git stores them, by blob id and path (a file's name is
/// its title of last resort). A blob never changes, so these records need
/// no stamps and are never stale: `check --staged` parses only the blobs it
/// has not seen. Kept in `.git/gate/blob-cache`, for the blobs of the last
/// listing read, under the same fingerprint as the board cache.
pub(crate) struct BlobCache {
    file: PathBuf,
    fingerprint: String,
    recorded: HashMap<String, RecordKind>,
}

impl BlobCache {
    pub(crate) fn open(settings: &Settings) -> Option<BlobCache> {
        let file = crate::git::dot_git_dir(&settings.root)?
            .join("gate")
            .join("blob-cache");
        let fingerprint = fingerprint(settings)?;
        let recorded = read_records::<(String, RecordKind)>(&file, &fingerprint)
            .map(|records| records.into_iter().collect())
            .unwrap_or_default();
        Some(BlobCache {
            file,
            fingerprint,
            recorded,
        })
    }

    /// The key of the blob `id` at `rel` (below the tasks directory); a
    /// name that is not UTF-8 is escaped, so two such names never share one.
    pub(crate) fn key(id: &str, rel: &Path) -> String {
        format!("{id} {}", super::escaped(rel))
    }

    /// What the blob at `key` was read as, if recorded.
    pub(crate) fn take(&mut self, key: &str) -> Option<EntryKind> {
        self.recorded.remove(key)?.into_entry_kind()
    }

    /// Whether every record was taken (none would be dropped by a store).
    pub(crate) fn all_taken(&self) -> bool {
        self.recorded.is_empty()
    }

    /// Replaces the cache with what `entries` (by key) read as.
    pub(crate) fn store<'a>(
        self,
        entries: impl Iterator<Item = (String, &'a EntryKind)>,
    ) -> std::io::Result<()> {
        let records = entries
            .filter_map(|(key, kind)| Some((key, RecordKind::new(kind)?)))
            .collect();
        let doc = CacheFile {
            format: FORMAT,
            fingerprint: self.fingerprint,
            records,
        };
        write_atomically(&self.file, &doc)
    }
}

/// Everything parsing a file yields except its text.
#[derive(Serialize, Deserialize)]
struct TaskRecord {
    id: Option<String>,
    title: String,
    slug: Option<String>,
    status_raw: Option<String>,
    status: Option<String>,
    priority: Option<Priority>,
    labels: Vec<String>,
    /// Seconds and nanoseconds since the epoch, and the UTC offset.
    created: Option<(i64, u32, i32)>,
    security_review: Option<String>,
    coverage_report: Option<String>,
    class: Option<String>,
    claimed_by: Option<String>,
    links: crate::task::Links,
    fields: Vec<String>,
    status_line: Option<usize>,
    body_line: usize,
    findings: Vec<FindingRecord>,
}

impl From<&Task> for TaskRecord {
    fn from(task: &Task) -> Self {
        // Named field by field, so that a new field on `Task` does not
        // compile until the cache knows it.
        let Task {
            id,
            title,
            slug,
            status_raw,
            status,
            priority,
            labels,
            created,
            security_review,
            coverage_report,
            class,
            claimed_by,
            links,
            fields,
            status_line,
            body_line,
            findings,
            ..
        } = task;
        TaskRecord {
            id: id.as_deref().map(ToOwned::to_owned),
            title: title.clone(),
            slug: slug.clone(),
            status_raw: status_raw.clone(),
            status: status.as_deref().map(ToOwned::to_owned),
            priority: priority.clone(),
            labels: labels.clone(),
            created: created.map(|c| {
                (
                    c.timestamp(),
                    c.timestamp_subsec_nanos(),
                    c.offset().local_minus_utc(),
                )
            }),
            security_review: security_review.clone(),
            coverage_report: coverage_report.clone(),
            class: class.clone(),
            claimed_by: claimed_by.clone(),
            links: links.clone(),
            fields: fields.iter().map(|&f| f.to_owned()).collect(),
            status_line: *status_line,
            body_line: *body_line,
            findings: findings.iter().map(FindingRecord::from).collect(),
        }
    }
}

impl TaskRecord {
    fn into_task(self) -> Option<Task> {
        let created = match self.created {
            Some((secs, nanos, offset)) => Some(
                FixedOffset::east_opt(offset)?
                    .timestamp_opt(secs, nanos)
                    .single()?,
            ),
            None => None,
        };
        Some(Task {
            id: self.id.map(crate::task::TaskId::from_file),
            title: self.title,
            slug: self.slug,
            status_raw: self.status_raw,
            status: self.status.map(crate::task::Status::from_key),
            priority: self.priority,
            labels: self.labels,
            created,
            security_review: self.security_review,
            coverage_report: self.coverage_report,
            class: self.class,
            claimed_by: self.claimed_by,
            links: self.links,
            fields: self
                .fields
                .iter()
                .map(|f| crate::task::field_name(f))
                .collect::<Option<_>>()?,
            status_line: self.status_line,
            text: None,
            body_start: 0,
            body_line: self.body_line,
            findings: self
                .findings
                .into_iter()
                .map(FindingRecord::into_finding)
                .collect::<Option<_>>()?,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct FindingRecord {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    line: Option<usize>,
}

impl From<&Finding> for FindingRecord {
    fn from(f: &Finding) -> Self {
        FindingRecord {
            code: f.code.to_owned(),
            severity: f.severity,
            message: f.message.clone(),
            help: f.help.clone(),
            line: f.line,
        }
    }
}

impl FindingRecord {
    /// The finding, when its code is one that loading a board gives (the
    /// only findings a cached entry holds).
    fn into_finding(self) -> Option<Finding> {
        let code: crate::finding::Code = match crate::task::TaskCode::parse(&self.code) {
            Some(code) => code.into(),
            None => super::BoardCode::parse(&self.code)?.into(),
        };
        let mut finding = Finding::new(code, self.severity, self.message);
        finding.help = self.help;
        finding.line = self.line;
        Some(finding)
    }
}

/// The records of a cache file, unless it is missing, too big, not a
/// cache, or not one for `fingerprint`.
fn read_records<R: serde::de::DeserializeOwned>(file: &Path, fingerprint: &str) -> Option<Vec<R>> {
    let meta = std::fs::metadata(file).ok()?;
    if meta.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    let doc: CacheFile<R> = postcard::from_bytes(&bytes).ok()?;
    (doc.format == FORMAT && doc.fingerprint == fingerprint).then_some(doc.records)
}

/// Everything that changes how a file reads: gate itself (version and
/// binary) and the settings parsing uses.
fn fingerprint(settings: &Settings) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let exe = Stamp::of(&std::fs::metadata(exe).ok()?)?;
    let mut hash = Sha256::new();
    hash.update(format!(
        "{FORMAT}\n{}\n{exe:?}\n{:?}\n{}\n{}\n",
        env!("CARGO_PKG_VERSION"),
        settings.vocab,
        settings.board.max_task_bytes,
        settings.board.tasks_dir.display(),
    ));
    Some(format!("{:x}", hash.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::{Parsed, Vocabulary};

    fn stamp(secs: i64) -> Stamp {
        Stamp {
            len: 10,
            ino: 7,
            mtime: (secs, 5),
            ctime: (secs, 5),
        }
    }

    /// What a parse gives, as the cache gives it back (no text).
    fn through_cache(kind: &EntryKind) -> Option<EntryKind> {
        let record = Record::new("a.md".to_owned(), stamp(1), kind)?;
        let bytes = postcard::to_stdvec(&record).unwrap();
        let record: Record = postcard::from_bytes(&bytes).unwrap();
        record.into_entry_kind(stamp(1))
    }

    fn without_text(kind: EntryKind) -> EntryKind {
        match kind {
            EntryKind::Task(mut task) => {
                task.text = None;
                task.body_start = 0;
                EntryKind::Task(task)
            }
            other => other,
        }
    }

    #[test]
    fn every_quirky_file_reads_the_same_from_the_cache() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/quirks");
        let mut seen = 0;
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let kind = match crate::task::parse(bytes, "stem", &Vocabulary::default(), 1 << 20) {
                Parsed::Task(t) => EntryKind::Task(t),
                Parsed::NotATask(f) => EntryKind::NotATask(f),
                Parsed::Unreadable(f) => EntryKind::Unreadable(f),
            };
            let back = through_cache(&kind).expect("cached");
            assert_eq!(
                format!("{:?}", without_text(kind)),
                format!("{back:?}"),
                "{}",
                path.display()
            );
            seen += 1;
        }
        assert!(seen > 40, "only {seen} fixtures");
    }

    #[test]
    fn a_record_is_used_only_for_its_exact_stamp() {
        let kind = EntryKind::NotATask(vec![Finding::warning("task/no-front-matter", "x")]);
        let record = Record::new("a.md".to_owned(), stamp(1), &kind).unwrap();
        let mut other = stamp(1);
        other.ctime.1 += 1;
        assert!(record.into_entry_kind(other).is_none());
        let record = Record::new("a.md".to_owned(), stamp(1), &kind).unwrap();
        let mut other = stamp(1);
        other.ino += 1;
        assert!(record.into_entry_kind(other).is_none());
    }

    #[test]
    fn io_errors_and_unknown_codes_are_not_taken_from_the_cache() {
        let io = EntryKind::Unreadable(vec![Finding::error("task/io", "gone")]);
        assert!(Record::new("a.md".to_owned(), stamp(1), &io).is_none());
        let odd = EntryKind::NotATask(vec![Finding::warning("no/such-code", "x")]);
        assert!(through_cache(&odd).is_none());
    }

    #[test]
    fn recent_changes_are_racy() {
        let now = SystemTime::now();
        let secs =
            |t: SystemTime| i64::try_from(t.duration_since(UNIX_EPOCH).unwrap().as_secs()).unwrap();
        assert!(stamp(secs(now)).is_racy(now));
        assert!(stamp(secs(now) + 3600).is_racy(now), "future times");
        assert!(stamp(secs(now) - 1).is_racy(now));
        assert!(!stamp(secs(now) - 60).is_racy(now));
    }
}
