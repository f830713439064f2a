//! The audit log file: safe open, exclusive lock, heads, append, torn-write
//! recovery.
//!
//! Writers open the log without following a link (`O_NOFOLLOW`) and
//! non-blocking, refuse anything but a regular file, take an exclusive
//! advisory lock on it (std's `File::lock`: `flock(2)` on Unix,
//! `LockFileEx` on Windows, released when the file is closed, so a crashed
//! writer never leaves a stale lock), and then check that the path still
//! names the locked file: a log replaced by a rename (`git checkout`,
//! `pull`, `stash` of a committed log) is reopened, a bounded number of
//! times. Under the lock the writer reads the log, finds its heads (the
//! records no later record follows: several after a merge) and appends one
//! line with a single `write_all`, `fsync`s, checks once more that the path
//! still names the file it wrote, and unlocks. Bytes already in the log are
//! never rewritten or truncated, so the log works as an append-only file:
//! a torn last line (a writer that died mid-write) is kept, ended with a
//! newline and followed by a `recover` record naming its byte range; a last
//! record lacking only its newline gets the newline. Nothing here decides
//! or prints.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;

use super::{
    AuditError, Draft, Line, Prev, RECOVER, Record, RecordOutcome, encode, looks_torn, read_line,
    spans,
};
use crate::change::AuditRef;
use crate::fsutil::{self, Links, lexical, outside_root};

/// How often a writer reopens a log that was replaced under it.
const ATTEMPTS: u32 = 32;

/// Checks, before anything is created, that a log meant to be inside the
/// repository really is: no directory on its way is a link leading out.
/// A log outside the repository (an absolute `[audit] path` the user
/// configured) is taken as given.
pub(crate) fn check_place(root: &Path, path: &Path) -> Result<(), AuditError> {
    if outside_root(root, path) {
        return Ok(());
    }
    let path = lexical(path);
    let Ok(real_root) = root.canonicalize() else {
        return Ok(());
    };
    let mut dir = path.parent();
    while let Some(d) = dir {
        if let Ok(real) = d.canonicalize() {
            if real.starts_with(&real_root) {
                return Ok(());
            }
            return Err(AuditError::Outside {
                path: path.clone(),
                why: format!(
                    "`{}` leads outside the repository (to `{}`), so gate does not write the log there\nhelp: replace the link with a directory, or set an absolute `[audit] path` in gate.toml",
                    d.display(),
                    real.display()
                ),
            });
        }
        dir = d.parent();
    }
    Ok(())
}

/// The log's state under the lock: what the next record follows.
#[derive(Debug, Default)]
struct Heads {
    /// The heads' hashes, in file order.
    hashes: Vec<String>,
    /// The largest seq of the heads.
    seq: u64,
    /// Byte ranges of torn lines at the end not yet noted by `recover`.
    torn: Vec<[u64; 2]>,
    /// Whether the log's last byte is not a newline.
    open_end: bool,
    /// The records so far, for the next record's `prior`.
    prior: super::Prior,
}

/// The `prev` hashes and the `hash` of a line, read from its end alone
/// (`…,"prev":"<hash>","hash":"<hash>"}` or `…,"prev":["<hash>",…],…`),
/// without parsing the rest: the writer's fast path over a long log.
fn link(raw: &[u8]) -> Option<(Vec<&str>, &str)> {
    fn hex64(s: &str) -> bool {
        s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
    }
    let line = std::str::from_utf8(raw).ok()?;
    if !line.starts_with("{\"v\":") {
        return None;
    }
    let (body, hash) = line.strip_suffix("\"}")?.rsplit_once(",\"hash\":\"")?;
    if !hex64(hash) {
        return None;
    }
    let prevs: Vec<&str> = if let Some(list) = body.strip_suffix("\"]") {
        let (_, items) = list.rsplit_once(",\"prev\":[\"")?;
        items.split("\",\"").collect()
    } else {
        let (_, one) = body.strip_suffix('"')?.rsplit_once(",\"prev\":\"")?;
        vec![one]
    };
    prevs.iter().all(|p| hex64(p)).then_some((prevs, hash))
}

/// Reads the heads of a log's bytes. Hashes are not recomputed (that is
/// `gate audit verify`'s work) except for a last line without its newline,
/// which is kept as a record only if its hash verifies; lines are read by
/// their ends ([`link`]), and only the heads and any `recover` record are
/// parsed whole. A line that is not a record is accepted only when a
/// `recover` record names it, or at the end when it looks like a record
/// cut short.
fn heads(path: &Path, bytes: &[u8]) -> Result<Heads, AuditError> {
    let mut h = Heads {
        open_end: bytes.last().is_some_and(|b| *b != b'\n'),
        ..Heads::default()
    };
    // The heads so far: hash and line.
    let mut tips: Vec<(String, super::Span)> = Vec::new();
    let mut pending: Vec<(u64, [u64; 2], String)> = Vec::new();
    for span in spans(bytes) {
        let raw = &bytes[span.start..span.end];
        let linked = if span.terminated {
            link(raw)
        } else {
            // A last line without its newline counts only whole and intact.
            match read_line(raw) {
                Line::Record { record, computed } if computed == record.hash => link(raw),
                _ => None,
            }
        };
        let Some((prevs, hash)) = linked else {
            let why = match read_line(raw) {
                Line::Not(why) => why,
                Line::Record { .. } => "the line is not a whole record".to_owned(),
            };
            pending.push((span.line, [span.start as u64, span.end as u64], why));
            continue;
        };
        if !pending.is_empty() {
            let ranges: Vec<[u64; 2]> = pending.iter().map(|p| p.1).collect();
            let noted = match read_line(raw) {
                Line::Record { record, .. } => {
                    record.command == RECOVER && record.torn.as_deref() == Some(ranges.as_slice())
                }
                Line::Not(_) => false,
            };
            if !noted {
                let (line, _, why) = pending.swap_remove(0);
                return Err(AuditError::BadLine {
                    path: path.to_owned(),
                    line,
                    why,
                });
            }
            pending.clear();
        }
        tips.retain(|(x, _)| !prevs.contains(&x.as_str()));
        tips.push((hash.to_owned(), span));
        h.prior.push(hash);
    }
    for (line, range, why) in pending {
        let piece = usize::try_from(range[0])
            .ok()
            .zip(usize::try_from(range[1]).ok())
            .and_then(|(a, b)| bytes.get(a..b))
            .unwrap_or_default();
        if !looks_torn(piece) {
            return Err(AuditError::BadTail {
                path: path.to_owned(),
                why: format!(
                    "line {line}: {why}\nhelp: run `gate audit verify`; the log needs a person to look at it"
                ),
            });
        }
        h.torn.push(range);
    }
    for (hash, span) in tips {
        let Line::Record { record, .. } = read_line(&bytes[span.start..span.end]) else {
            return Err(AuditError::BadTail {
                path: path.to_owned(),
                why: format!(
                    "line {}: the record is not valid JSON\nhelp: run `gate audit verify`; the log needs a person to look at it",
                    span.line
                ),
            });
        };
        h.seq = h.seq.max(record.seq);
        h.hashes.push(hash);
    }
    Ok(h)
}

/// The `recover` record noting `torn`, sealed after `heads`.
fn recover_note(draft: &Draft, torn: &[[u64; 2]], seq: u64, prev: Prev) -> Record {
    let bytes: u64 = torn.iter().map(|[a, b]| b - a).sum();
    let ranges = super::ranges_text(torn);
    let mut note = Draft {
        ts: draft.ts,
        actor: draft.actor.clone(),
        command: RECOVER.to_owned(),
        task_id: None,
        task_title: None,
        priority: None,
        from: None,
        to: None,
        outcome: RecordOutcome::Recovered,
        gates: Vec::new(),
        reason: Some(format!(
            "torn write of {bytes} bytes kept in place (bytes {ranges}); it is not a record"
        )),
        blob: None,
        config: None,
    }
    .seal(seq, prev);
    note.torn = Some(torn.to_vec());
    note
}

/// The bytes to append after a log whose state is `h`, and the new
/// record's seq and hash.
fn plan(path: &Path, h: &Heads, draft: &Draft) -> Result<(Vec<u8>, u64, String), AuditError> {
    let next = |seq: u64| {
        seq.checked_add(1)
            .filter(|s| *s < u64::MAX)
            .ok_or_else(|| AuditError::SeqExhausted {
                path: path.to_owned(),
                seq,
            })
    };
    let mut out = Vec::new();
    if h.open_end {
        out.push(b'\n');
    }
    let mut seq = h.seq;
    let mut prev = Prev::of_heads(&h.hashes);
    let mut prior = h.prior.clone();
    if !h.torn.is_empty() {
        seq = next(seq)?;
        let mut note = recover_note(draft, &h.torn, seq, prev);
        prior.stamp(&mut note);
        let (line, hash) = encode(&note)?;
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
        prior.push(&hash);
        prev = Prev::One(hash);
    }
    let seq = next(seq)?;
    let mut record = draft.clone().seal(seq, prev);
    prior.stamp(&mut record);
    let (line, hash) = encode(&record)?;
    out.extend_from_slice(line.as_bytes());
    out.push(b'\n');
    Ok((out, seq, hash))
}

/// Opens the log for appending: no link followed, nothing but a regular
/// file, created (with its directory) when missing.
fn open(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    fsutil::open_regular(
        path,
        OpenOptions::new().read(true).append(true).create(true),
        Links::Refuse,
    )
}

/// Appends `draft` as the next record and returns where it went.
#[expect(
    clippy::needless_pass_by_value,
    reason = "callers hand the draft over; it is re-sealed on each attempt"
)]
pub(crate) fn append(path: &Path, draft: Draft) -> Result<AuditRef, AuditError> {
    let io = |cause| AuditError::Io {
        path: path.to_owned(),
        cause,
    };
    for _ in 0..ATTEMPTS {
        let mut file = open(path).map_err(io)?;
        file.lock().map_err(io)?;
        let result = append_locked(path, &mut file, &draft);
        // Closing the file releases the lock too; unlocking first is explicit.
        let _ = file.unlock();
        if let Some(done) = result.transpose() {
            return done;
        }
    }
    Err(AuditError::Replaced {
        path: path.to_owned(),
        attempts: ATTEMPTS,
    })
}

/// One attempt under the lock; `None` when the path no longer names the
/// locked file (the caller reopens and tries again).
fn append_locked(
    path: &Path,
    file: &mut File,
    draft: &Draft,
) -> Result<Option<AuditRef>, AuditError> {
    let io = |cause| AuditError::Io {
        path: path.to_owned(),
        cause,
    };
    if !fsutil::still_names(file, path).map_err(io)? {
        return Ok(None);
    }
    let bytes = read_all(file).map_err(io)?;
    let h = heads(path, &bytes)?;
    let (out, seq, hash) = plan(path, &h, draft)?;
    file.write_all(&out)
        .and_then(|()| file.sync_data())
        .map_err(io)?;
    if fsutil::still_names(file, path).map_err(io)? {
        return Ok(Some(AuditRef { seq, hash }));
    }
    // Replaced while we wrote: the record counts only if the file now at
    // the path holds it (a copy taken after the write).
    let now = read(path)?.unwrap_or_default();
    let key = format!(",\"hash\":\"{hash}\"}}");
    if now.windows(key.len()).any(|w| w == key.as_bytes()) {
        return Ok(Some(AuditRef { seq, hash }));
    }
    Ok(None)
}

fn read_all(file: &mut File) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The whole log, or `None` when there is none yet. A link or anything but
/// a regular file is refused without blocking.
pub(crate) fn read(path: &Path) -> Result<Option<Vec<u8>>, AuditError> {
    match fsutil::read_regular(path, Links::Refuse) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(cause) => Err(AuditError::Io {
            path: path.to_owned(),
            cause,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::verify;
    use chrono::{DateTime, Utc};

    fn draft() -> Draft {
        Draft {
            ts: DateTime::parse_from_rfc3339("2025-11-01T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            actor: "tester".to_owned(),
            command: "check".to_owned(),
            task_id: Some("t1".to_owned()),
            task_title: Some("T".to_owned()),
            priority: None,
            from: Some("todo".to_owned()),
            to: Some("in_progress".to_owned()),
            outcome: RecordOutcome::Allowed,
            gates: Vec::new(),
            reason: None,
            blob: None,
            config: None,
        }
    }

    #[test]
    fn appends_continue_the_chain_and_long_tails_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("a/b/audit.jsonl");
        let mut big = draft();
        big.task_title = Some("x".repeat(20_000));
        assert_eq!(append(&log, draft()).unwrap().seq, 1);
        assert_eq!(append(&log, big).unwrap().seq, 2);
        let third = append(&log, draft()).unwrap();
        assert_eq!(third.seq, 3);
        let v = verify(&std::fs::read(&log).unwrap(), Some(&third.hash));
        assert_eq!((v.records, v.broken, v.anchor_found), (3, None, Some(true)));
    }

    #[test]
    fn a_torn_tail_is_kept_in_place_and_noted() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        append(&log, draft()).unwrap();
        let mut f = OpenOptions::new().append(true).open(&log).unwrap();
        let torn = b"{\"v\":1,\"seq\":2,\"ts\"";
        f.write_all(torn).unwrap();
        drop(f);
        let before = std::fs::read(&log).unwrap();
        let r = append(&log, draft()).unwrap();
        assert_eq!(r.seq, 3);
        let bytes = std::fs::read(&log).unwrap();
        // Nothing written before was rewritten or cut.
        assert!(bytes.starts_with(&before));
        assert_eq!(verify(&bytes, None).broken, None);
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1].as_bytes(), torn);
        let start = before.len() - torn.len();
        let note = format!("\"torn\":[[{start},{}]]", before.len());
        assert!(lines[2].contains("\"command\":\"recover\""));
        assert!(lines[2].contains(&note), "{}", lines[2]);
        assert!(!torn_file(&log).exists());
    }

    fn torn_file(log: &Path) -> std::path::PathBuf {
        let mut name = log.as_os_str().to_owned();
        name.push(".torn");
        std::path::PathBuf::from(name)
    }

    #[test]
    fn a_complete_last_record_without_its_newline_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        append(&log, draft()).unwrap();
        let mut over = draft();
        over.outcome = RecordOutcome::Overridden;
        append(&log, over).unwrap();
        let text = std::fs::read_to_string(&log).unwrap();
        std::fs::write(&log, text.trim_end()).unwrap();
        assert_eq!(append(&log, draft()).unwrap().seq, 3);
        let bytes = std::fs::read(&log).unwrap();
        assert_eq!(verify(&bytes, None).broken, None);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.lines().nth(1).unwrap().contains("overridden"));
        assert!(!text.contains("recover"));
    }

    #[test]
    fn the_record_after_a_merge_follows_every_head() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        append(&a, draft()).unwrap();
        std::fs::copy(&a, &b).unwrap();
        let ours = append(&a, draft()).unwrap();
        let mut other = draft();
        other.to = Some("review".to_owned());
        let theirs = append(&b, other).unwrap();
        // What git's union merge makes of it: ours, then theirs' new line.
        let text_b = std::fs::read_to_string(&b).unwrap();
        let mut f = OpenOptions::new().append(true).open(&a).unwrap();
        f.write_all(text_b.lines().nth(1).unwrap().as_bytes())
            .unwrap();
        f.write_all(b"\n").unwrap();
        drop(f);
        let next = append(&a, draft()).unwrap();
        assert_eq!(next.seq, 3);
        let bytes = std::fs::read(&a).unwrap();
        let v = verify(&bytes, None);
        assert_eq!((v.records, v.broken, v.heads.len()), (4, None, 1));
        let text = String::from_utf8(bytes).unwrap();
        let last = text.lines().last().unwrap();
        let prev = format!("\"prev\":[\"{}\",\"{}\"]", ours.hash, theirs.hash);
        assert!(last.contains(&prev), "{last}");
    }

    #[test]
    fn links_are_read_from_the_line_end_alone() {
        let (one, h1) = encode(&draft().seal(1, Prev::default())).unwrap();
        assert_eq!(
            link(one.as_bytes()),
            Some((vec![super::super::GENESIS], h1.as_str()))
        );
        let mut tricky = draft();
        tricky.task_title = Some(",\"prev\":[\"x\"],\"hash\":\"".to_owned());
        let two = Prev::Many(vec![h1.clone(), "b".repeat(64)]);
        let (joined, h2) = encode(&tricky.seal(2, two)).unwrap();
        let b = "b".repeat(64);
        assert_eq!(
            link(joined.as_bytes()),
            Some((vec![h1.as_str(), b.as_str()], h2.as_str()))
        );
        for not in [
            "",
            "{\"v\":1,\"se",
            "# notes",
            &one[1..],
            &one.replace(&h1, "xyz"),
        ] {
            assert_eq!(link(not.as_bytes()), None, "{not}");
        }
    }

    #[test]
    fn no_record_is_written_past_the_largest_seq() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        let (line, _) = encode(&draft().seal(u64::MAX - 1, Prev::default())).unwrap();
        std::fs::write(&log, format!("{line}\n")).unwrap();
        let err = append(&log, draft()).unwrap_err();
        assert!(matches!(err, AuditError::SeqExhausted { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&log).unwrap(), format!("{line}\n"));
    }

    #[test]
    fn lines_that_are_not_records_are_not_written_after() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        std::fs::write(&log, "# my notes\nsecret: 1").unwrap();
        let err = append(&log, draft()).unwrap_err();
        assert!(matches!(err, AuditError::BadTail { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "# my notes\nsecret: 1"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_followed_and_directories_must_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("repo"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join(".gate")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let victim = outside.join("victim.txt");
        std::fs::write(&victim, "precious\nno newline").unwrap();
        let log = root.join(".gate/audit.jsonl");
        std::os::unix::fs::symlink(&victim, &log).unwrap();
        let err = append(&log, draft()).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(read(&log).is_err());
        assert_eq!(
            std::fs::read_to_string(&victim).unwrap(),
            "precious\nno newline"
        );
        // A dangling link creates nothing where it points.
        std::fs::remove_file(&log).unwrap();
        std::os::unix::fs::symlink(outside.join("new.jsonl"), &log).unwrap();
        assert!(append(&log, draft()).is_err());
        assert!(!outside.join("new.jsonl").exists());
        // A directory on the way that leads out is refused before anything is made.
        std::fs::remove_file(&log).unwrap();
        std::fs::remove_dir(root.join(".gate")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(".gate")).unwrap();
        let err = check_place(&root, &root.join(".gate/sub/audit.jsonl")).unwrap_err();
        assert!(err.to_string().contains("leads outside"), "{err}");
        assert!(check_place(&root, &root.join("logs/audit.jsonl")).is_ok());
        assert!(check_place(&root, &outside.join("audit.jsonl")).is_ok());
        assert!(outside_root(&root, &root.join("../x.jsonl")));
        assert!(!outside_root(&root, &root.join("a/../x.jsonl")));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::audit::verify;
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    fn draft(title: String, outcome: RecordOutcome, reason: Option<String>) -> Draft {
        Draft {
            ts: DateTime::parse_from_rfc3339("2025-11-01T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            actor: "tester <t@example.com>".to_owned(),
            command: "check".to_owned(),
            task_id: Some("t1".to_owned()),
            task_title: Some(title),
            priority: Some("P0".to_owned()),
            from: Some("todo".to_owned()),
            to: Some("in_progress".to_owned()),
            outcome,
            gates: Vec::new(),
            reason,
            blob: None,
            config: None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any sequence of appends verifies; changing any single byte of
        /// the log afterwards is detected.
        #[test]
        fn chain_verifies_and_any_byte_change_is_caught(
            records in proptest::collection::vec(
                ("\\PC{0,24}", prop::sample::select(RecordOutcome::ALL.to_vec()), proptest::option::of("\\PC{0,12}")),
                1..8,
            ),
            pick in any::<prop::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let log = dir.path().join("audit.jsonl");
            for (title, outcome, reason) in records.iter().cloned() {
                append(&log, draft(title, outcome, reason)).unwrap();
            }
            let bytes = std::fs::read(&log).unwrap();
            let good = verify(&bytes, None);
            prop_assert_eq!(good.broken, None);
            prop_assert_eq!(good.records, records.len() as u64);

            let mut tampered = bytes.clone();
            let at = pick.index(tampered.len());
            tampered[at] ^= flip;
            let v = verify(&tampered, None);
            prop_assert!(
                v.broken.is_some() || v.records != good.records || v.torn_bytes != 0,
                "byte {at} ^ {flip} went unnoticed: {v:?}"
            );
        }
    }
}
