//! The audit log file: exclusive lock, tail, append, torn-tail recovery.
//!
//! Writers open the log, take an exclusive advisory lock on it (std's
//! `File::lock`, `flock(2)` on Unix, `LockFileEx` on Windows: released when
//! the file is closed, so a crashed writer never leaves a stale lock), read
//! only the tail by seeking from the end, append one line with a single
//! `write_all`, `fsync`, and unlock. A last line without its newline (a
//! writer that died mid-write) is moved byte for byte to `<log>.torn`, the
//! log is cut back to its last whole line and a `recover` record is
//! appended before the new one. Nothing here decides or prints.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{AuditError, Draft, GENESIS, RECOVER, encode};
use crate::change::AuditRef;

/// How far back the tail reader reads at a time.
const CHUNK: u64 = 8192;

/// The path torn bytes are moved to: `<log>.torn`.
pub fn torn_path(log: &Path) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".torn");
    PathBuf::from(name)
}

/// Appends `draft` as the next record and returns where it went.
pub fn append(path: &Path, draft: Draft) -> Result<AuditRef, AuditError> {
    let io = |source| AuditError::Io {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    let result = append_locked(path, &mut file, draft);
    // Closing the file releases the lock too; unlocking first is explicit.
    let _ = file.unlock();
    result
}

fn append_locked(path: &Path, file: &mut File, draft: Draft) -> Result<AuditRef, AuditError> {
    let io = |source| AuditError::Io {
        path: path.to_owned(),
        source,
    };
    let len = file.metadata().map_err(io)?.len();
    let mut end = len;
    let mut recovered = None;
    if len > 0 && read_at(file, len - 1, 1).map_err(io)? != b"\n" {
        let cut = last_newline_before(file, len)
            .map_err(io)?
            .map_or(0, |i| i + 1);
        let torn =
            read_at(file, cut, usize::try_from(len - cut).unwrap_or(usize::MAX)).map_err(io)?;
        let torn_file = torn_path(path);
        let mut out = OpenOptions::new()
            .append(true)
            .create(true)
            .open(&torn_file)
            .map_err(|source| AuditError::Io {
                path: torn_file.clone(),
                source,
            })?;
        out.write_all(&torn)
            .and_then(|()| out.sync_all())
            .map_err(|source| AuditError::Io {
                path: torn_file.clone(),
                source,
            })?;
        file.set_len(cut).map_err(io)?;
        end = cut;
        recovered = Some((torn.len(), torn_file));
    }
    let (mut seq, mut prev) = tail(path, file, end)?;
    if let Some((bytes, torn_file)) = recovered {
        let name = torn_file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let note = Draft {
            ts: draft.ts,
            actor: draft.actor.clone(),
            command: RECOVER.to_owned(),
            task_id: None,
            task_title: None,
            priority: None,
            from: None,
            to: None,
            outcome: "recovered".to_owned(),
            gates: Vec::new(),
            reason: Some(format!("torn last line of {bytes} bytes moved to {name}")),
        };
        (seq, prev) = write_record(path, file, note, seq, &prev)?;
    }
    let (seq, hash) = write_record(path, file, draft, seq, &prev)?;
    Ok(AuditRef { seq, hash })
}

fn write_record(
    path: &Path,
    file: &mut File,
    draft: Draft,
    seq: u64,
    prev: &str,
) -> Result<(u64, String), AuditError> {
    let record = draft.seal(seq, prev);
    let (mut line, hash) = encode(&record)?;
    line.push('\n');
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|source| AuditError::Io {
            path: path.to_owned(),
            source,
        })?;
    Ok((record.seq, hash))
}

#[derive(Deserialize)]
struct Tail {
    seq: u64,
    hash: String,
}

/// The seq and hash of the last whole line ending at `end` (which is 0 or
/// just past a newline).
fn tail(path: &Path, file: &mut File, end: u64) -> Result<(u64, String), AuditError> {
    if end == 0 {
        return Ok((0, GENESIS.to_owned()));
    }
    let io = |source| AuditError::Io {
        path: path.to_owned(),
        source,
    };
    let start = last_newline_before(file, end - 1)
        .map_err(io)?
        .map_or(0, |i| i + 1);
    let line = read_at(
        file,
        start,
        usize::try_from(end - 1 - start).unwrap_or(usize::MAX),
    )
    .map_err(io)?;
    let bad = |why: String| AuditError::BadTail {
        path: path.to_owned(),
        why: format!("{why}\nhelp: run `gate audit verify`; the log needs a person to look at it"),
    };
    let parsed: Tail = serde_json::from_slice(&line).map_err(|e| bad(e.to_string()))?;
    if parsed.hash.len() != 64 {
        return Err(bad("its `hash` is not 64 hex digits".to_owned()));
    }
    Ok((parsed.seq, parsed.hash))
}

/// The offset of the last `\n` strictly before `end`, reading backwards.
fn last_newline_before(file: &mut File, end: u64) -> io::Result<Option<u64>> {
    let mut hi = end;
    while hi > 0 {
        let lo = hi.saturating_sub(CHUNK);
        let buf = read_at(file, lo, usize::try_from(hi - lo).unwrap_or(usize::MAX))?;
        if let Some(i) = buf.iter().rposition(|b| *b == b'\n') {
            return Ok(Some(lo + i as u64));
        }
        hi = lo;
    }
    Ok(None)
}

fn read_at(file: &mut File, at: u64, len: usize) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0; len];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

/// The whole log, or `None` when there is none yet.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, AuditError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(AuditError::Io {
            path: path.to_owned(),
            source,
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
            outcome: "allowed".to_owned(),
            gates: Vec::new(),
            reason: None,
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
    fn a_torn_tail_is_moved_and_noted() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("audit.jsonl");
        append(&log, draft()).unwrap();
        let mut f = OpenOptions::new().append(true).open(&log).unwrap();
        let torn = b"{\"v\":1,\"seq\":2,\"ts\"";
        f.write_all(torn).unwrap();
        drop(f);
        let r = append(&log, draft()).unwrap();
        assert_eq!(r.seq, 3);
        assert_eq!(std::fs::read(torn_path(&log)).unwrap(), torn);
        let bytes = std::fs::read(&log).unwrap();
        assert_eq!(verify(&bytes, None).broken, None);
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.lines()
                .nth(1)
                .unwrap()
                .contains("\"command\":\"recover\"")
        );
        let note = format!(
            "torn last line of {} bytes moved to audit.jsonl.torn",
            torn.len()
        );
        assert!(text.contains(&note));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::audit::verify;
    use chrono::{DateTime, Utc};
    use proptest::prelude::*;

    fn draft(title: String, outcome: &str, reason: Option<String>) -> Draft {
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
            outcome: outcome.to_owned(),
            gates: Vec::new(),
            reason,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any sequence of appends verifies; changing any single byte of
        /// the log afterwards is detected.
        #[test]
        fn chain_verifies_and_any_byte_change_is_caught(
            records in proptest::collection::vec(
                ("\\PC{0,24}", prop::sample::select(vec!["allowed", "blocked", "overridden", "error"]), proptest::option::of("\\PC{0,12}")),
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
