//! The commit index: what the evidence walk needs from each commit — its
//! parents, committer time and message, and the commit object's bytes —
//! kept in `<git dir>/gate/commits`, so that a walk inflates each commit
//! object once per clone, not once per run.
//!
//! A commit object never changes, so an entry keyed by its id is valid
//! forever: the index is never stale, only incomplete. Commits not in it
//! are read from the object database, as without it, and added after the
//! walk. It holds the message bytes exactly as the object has them, so
//! whether a message names a task is decided on the same bytes either way:
//! the index can make a walk cheaper, never different.
//!
//! The file is a header (magic and format version) and framed chunks; a
//! chunk carries its length, its entry count and a checksum of both and
//! of its bytes, and is appended with one write. Two gate processes may
//! append at once; a crash leaves at most a torn last chunk. A reader
//! takes the chunks up to the first that is torn, damaged or foreign, and
//! the next write then replaces the file (a temporary file renamed over
//! it) with those entries and the new ones; many chunks or repeated
//! entries are compacted the same way. The checksum finds torn and
//! damaged bytes, not forgery: anyone who can write the git directory (a
//! CI runner that keeps it between jobs) can write entries, so an entry
//! only proposes — the walk confirms a commit that names a task, and its
//! path, before it counts, and [`CommitIndex::forget`]s an index that
//! lied. An entry carries the commit object's bytes so that confirming it
//! costs one hash, not a read of the object database: the commit's id is
//! the hash of those bytes, and the parents, time and message the walk
//! used must be the ones they hold. Nothing here ever fails a command: a
//! file that cannot be read, written or trusted leaves the plain walk.
//!
//! This module reads and writes only that file; it knows nothing of tasks.

use std::collections::HashSet;
use std::hash::{BuildHasher as _, Hasher as _};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::fsutil::{Links, open_regular};

/// The file's first bytes: what it is, then the format version.
const MAGIC: &[u8; 8] = b"gatecmix";
/// Bumped whenever the layout, or what an entry is read from, changes.
const FORMAT: u32 = 2;
const HEADER_LEN: usize = MAGIC.len() + 4;
/// A chunk: payload length, entry count, checksum.
const CHUNK_HEAD_LEN: usize = 4 + 4 + 8;
/// An index bigger than this is not read (it is replaced).
#[cfg(not(test))]
const MAX_BYTES: u64 = 256 << 20;
/// Small in unit tests (above one longest message), so that growing past
/// it can be tested.
#[cfg(test)]
const MAX_BYTES: u64 = 128 << 10;
/// Commit objects longer than this (message included) are read from the
/// repository every time: nobody's pushed commit can make the index huge.
const MAX_OBJECT: usize = 64 << 10;
/// More chunks than this are compacted into one.
const MAX_CHUNKS: usize = 64;
/// The fixed part of an entry: id, time, parent count.
const ENTRY_HEAD_LEN: usize = 20 + 8 + 4;
/// After the parents: the object's length and where its message starts.
const OBJECT_HEAD_LEN: usize = 4 + 4;

/// What the walk needs from one commit, as the index has it.
pub(super) struct Entry<'a> {
    pub parents: Vec<git2::Oid>,
    /// Committer time, Unix seconds.
    pub time: i64,
    pub message: &'a [u8],
    /// The commit object's bytes (without git's `commit <len>` header),
    /// which end with `message`.
    pub object: &'a [u8],
}

/// How the file on disk relates to what was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    /// Every chunk read well: new entries are appended.
    Append,
    /// Missing, foreign, damaged, torn, too big or worth compacting: the
    /// next write replaces it.
    Replace,
}

/// The index as read.
pub(super) struct CommitIndex {
    file: PathBuf,
    bytes: Vec<u8>,
    /// Where each commit's entry starts in `bytes`.
    at: OffsetTable,
    state: State,
}

/// A hash table of entry offsets (plus one; 0 is free), probed linearly:
/// built in one pass over the ids without copying them. The hash is
/// keyed per process, so ids chosen to collide (a commit id is easy to
/// grind) cannot make it slow.
struct OffsetTable {
    slots: Vec<u32>,
    key: (u64, u64),
    len: usize,
}

impl OffsetTable {
    fn new(capacity: usize) -> OffsetTable {
        let random = std::hash::RandomState::new();
        let mut h = random.build_hasher();
        h.write_u8(1);
        let k0 = h.finish();
        h.write_u8(2);
        let k1 = h.finish();
        OffsetTable {
            slots: vec![0; (capacity * 2).next_power_of_two().max(16)],
            key: (k0, k1),
            len: 0,
        }
    }

    fn first_slot(&self, id: &[u8]) -> usize {
        let word = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&id[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let product = u128::from(word(0) ^ self.key.0) * u128::from(word(8) ^ self.key.1);
        // Folded: every bit of both words reaches the low bits.
        #[allow(clippy::cast_possible_truncation)]
        let hash = (product as u64) ^ ((product >> 64) as u64);
        #[allow(clippy::cast_possible_truncation)]
        let slot = hash as usize;
        slot & (self.slots.len() - 1)
    }

    /// The offset of the entry of `id` in `bytes`.
    fn get(&self, bytes: &[u8], id: &[u8]) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(id);
        loop {
            let at = usize::try_from(self.slots[slot]).ok()?.checked_sub(1)?;
            if bytes.get(at..at + 20) == Some(id) {
                return Some(at);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Records the entry at `at` in `bytes`; false when its id is there
    /// already (the first stays).
    fn insert(&mut self, bytes: &[u8], at: usize) -> bool {
        let Some(id) = bytes.get(at..at + 20) else {
            return false;
        };
        let Ok(stored) = u32::try_from(at + 1) else {
            return false;
        };
        if self.len * 2 >= self.slots.len() {
            self.grow(bytes);
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(id);
        loop {
            match usize::try_from(self.slots[slot])
                .ok()
                .and_then(|s| s.checked_sub(1))
            {
                None => {
                    self.slots[slot] = stored;
                    self.len += 1;
                    return true;
                }
                Some(other) if bytes.get(other..other + 20) == Some(id) => return false,
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }

    fn grow(&mut self, bytes: &[u8]) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![0; old.len() * 2];
        self.len = 0;
        for at in old.into_iter().filter(|&s| s != 0) {
            self.insert(bytes, usize::try_from(at).unwrap_or(usize::MAX) - 1);
        }
    }

    /// Every recorded offset.
    fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .iter()
            .filter(|&&s| s != 0)
            .filter_map(|&s| usize::try_from(s - 1).ok())
    }
}

/// The index this process read last, with the commits whose entries it
/// confirmed, kept while its file is unchanged: `ci` judges each commit
/// with a repository of its own, and each walk would read the whole file
/// again.
static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

/// An index kept between walks.
pub(super) struct Kept {
    /// The file's `stat` when the index was kept.
    stamp: Option<Stamp>,
    pub index: CommitIndex,
    /// The commits whose entries were confirmed (their bytes are the
    /// commit's); forgotten with the index.
    pub verified: HashSet<git2::Oid>,
}

impl Kept {
    /// The index of the repository whose (common) git directory is
    /// `git_dir`: the one this process kept, while its file is as it was
    /// then; else the file as [`CommitIndex::open`] reads it.
    pub(super) fn take(git_dir: &Path) -> Kept {
        let file = file_of(git_dir);
        let stamp = stamp_of(&file);
        if let Some(stamp) = stamp
            && let Ok(mut kept) = KEPT.lock()
            && let Some(kept) = kept.take_if(|k| k.index.file == file && k.stamp == Some(stamp))
        {
            return kept;
        }
        let index = CommitIndex::open(git_dir);
        Kept {
            stamp: None,
            index,
            verified: HashSet::new(),
        }
    }

    /// Adds `fresh` to the file and to the index, and keeps it for the next
    /// walk of this process.
    pub(super) fn put_back(mut self, fresh: &Fresh) {
        if !fresh.is_empty() {
            if self.index.save(fresh).is_ok() {
                self.index.state = State::Append;
            }
            self.index.absorb(fresh);
        }
        self.stamp = settled_stamp(&self.index.file);
        if self.stamp.is_some()
            && let Ok(mut kept) = KEPT.lock()
        {
            *kept = Some(self);
        }
    }
}

/// The index file of git directory `git_dir`.
fn file_of(git_dir: &Path) -> PathBuf {
    git_dir.join("gate").join("commits")
}

/// What `stat` says about the index file; equal stamps mean an unchanged
/// file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    /// Device, inode and change time, where there are such.
    node: (u64, u64, i64, i64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        let node = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let node = (0, 0, 0, 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            node,
        })
    }
}

/// What `stat` says about the index file, if it is there.
fn stamp_of(file: &Path) -> Option<Stamp> {
    Stamp::of(&std::fs::symlink_metadata(file).ok()?)
}

/// A file changed this recently may change again within the same clock
/// tick, its stamp unchanged: it is read again, not kept.
const RACY: std::time::Duration = std::time::Duration::from_secs(3);

/// The stamp of the index file when it was last changed at least
/// [`RACY`] ago (the board cache's rule): only then do equal stamps mean
/// an unchanged file.
fn settled_stamp(file: &Path) -> Option<Stamp> {
    let meta = std::fs::symlink_metadata(file).ok()?;
    let age = meta.modified().ok()?.elapsed().ok()?;
    if age < RACY {
        return None;
    }
    Stamp::of(&meta)
}

/// Entries read from the repository during a walk, to add.
#[derive(Default)]
pub(super) struct Fresh {
    bytes: Vec<u8>,
    count: u32,
}

impl Fresh {
    /// Adds a commit read from the repository: its parents and time, and
    /// its object's bytes with its message from `message_at`; unless the
    /// object is too long to keep.
    pub(super) fn add(
        &mut self,
        id: git2::Oid,
        time: i64,
        parents: &[git2::Oid],
        object: &[u8],
        message_at: usize,
    ) {
        let (Ok(n), Ok(len), Ok(at)) = (
            u32::try_from(parents.len()),
            u32::try_from(object.len()),
            u32::try_from(message_at),
        ) else {
            return;
        };
        if object.len() > MAX_OBJECT || message_at > object.len() || self.count == u32::MAX {
            return;
        }
        self.bytes.extend_from_slice(id.as_bytes());
        self.bytes.extend_from_slice(&time.to_le_bytes());
        self.bytes.extend_from_slice(&n.to_le_bytes());
        for p in parents {
            self.bytes.extend_from_slice(p.as_bytes());
        }
        self.bytes.extend_from_slice(&len.to_le_bytes());
        self.bytes.extend_from_slice(&at.to_le_bytes());
        self.bytes.extend_from_slice(object);
        self.count += 1;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl CommitIndex {
    /// The index of the repository whose (common) git directory is
    /// `git_dir`: what its file holds, or nothing when it is missing,
    /// unreadable, foreign or damaged (whatever chunks came before the
    /// damage are kept).
    pub(super) fn open(git_dir: &Path) -> CommitIndex {
        let file = file_of(git_dir);
        let bytes = read(&file).unwrap_or_default();
        // About one entry per 140 bytes.
        let mut index = CommitIndex {
            file,
            at: OffsetTable::new(bytes.len() / 128),
            bytes,
            state: State::Replace,
        };
        index.load();
        index
    }

    /// Fills `at` from `bytes`, keeping the chunks before the first bad
    /// one and cutting `bytes` after them.
    fn load(&mut self) {
        let bytes = &self.bytes;
        if bytes.len() < HEADER_LEN
            || &bytes[..MAGIC.len()] != MAGIC
            || bytes[MAGIC.len()..HEADER_LEN] != FORMAT.to_le_bytes()
        {
            self.bytes.clear();
            self.state = State::Replace;
            return;
        }
        let mut at = HEADER_LEN;
        let mut chunks = 0usize;
        let mut whole = true;
        let mut repeated = false;
        while at < bytes.len() {
            let Some((payload, count)) = chunk_at(bytes, at) else {
                whole = false;
                break;
            };
            let start = at + CHUNK_HEAD_LEN;
            let Some(starts) = entries(payload, count) else {
                whole = false;
                break;
            };
            for s in starts {
                repeated |= !self.at.insert(bytes, start + s);
            }
            chunks += 1;
            at = start + payload.len();
        }
        self.bytes.truncate(at);
        self.state = if whole && !repeated && chunks <= MAX_CHUNKS {
            State::Append
        } else {
            State::Replace
        };
    }

    /// How many commits the index holds.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.at.len
    }

    /// Forgets every entry: the next save replaces the file with only
    /// the new ones (the index was found to lie).
    pub(super) fn forget(&mut self) {
        self.bytes.clear();
        self.at = OffsetTable::new(0);
        self.state = State::Replace;
    }

    /// Adds `fresh` to the entries read (not to the file).
    fn absorb(&mut self, fresh: &Fresh) {
        let Some(starts) = entries(&fresh.bytes, fresh.count) else {
            return;
        };
        let base = self.bytes.len();
        self.bytes.extend_from_slice(&fresh.bytes);
        for s in starts {
            self.at.insert(&self.bytes, base + s);
        }
    }

    /// The entry of commit `id`, if the index has one.
    pub(super) fn get(&self, id: git2::Oid) -> Option<Entry<'_>> {
        let at = self.at.get(&self.bytes, id.as_bytes())?;
        entry_at(&self.bytes, at)
    }

    /// Adds `fresh` to the file: appended as one chunk, or, when the file
    /// must be replaced, written whole beside it and renamed over it.
    pub(super) fn save(&self, fresh: &Fresh) -> std::io::Result<()> {
        if fresh.is_empty() {
            return Ok(());
        }
        match self.state {
            State::Append => self.append(fresh),
            State::Replace => self.replace(fresh),
        }
    }

    fn append(&self, fresh: &Fresh) -> std::io::Result<()> {
        let mut out = open_regular(
            &self.file,
            std::fs::OpenOptions::new().read(true).append(true),
            Links::Refuse,
        )?;
        // The file may have been replaced since it was read: append only
        // to one of this format.
        let mut head = [0u8; HEADER_LEN];
        out.read_exact(&mut head)?;
        if &head[..MAGIC.len()] != MAGIC || head[MAGIC.len()..] != FORMAT.to_le_bytes() {
            return self.replace(fresh);
        }
        out.write_all(&chunk(&fresh.bytes, fresh.count)?)
    }

    fn replace(&self, fresh: &Fresh) -> std::io::Result<()> {
        // Every entry kept once, then the new ones (after a first walk,
        // only those: they are written as they are).
        // An index that would outgrow `MAX_BYTES` starts over with the new
        // entries: kept whole, it would be copied on every run and never
        // written (its length bounds what is kept).
        let fits = (HEADER_LEN + CHUNK_HEAD_LEN + self.bytes.len() + fresh.bytes.len()) as u64
            <= MAX_BYTES;
        let keep_old = self.at.len > 0 && fits;
        let mut kept = Vec::new();
        let mut count = fresh.count;
        if keep_old {
            kept.reserve(self.bytes.len() + fresh.bytes.len());
            for at in self.at.offsets() {
                if let Some(len) = entry_len(&self.bytes[at..]) {
                    kept.extend_from_slice(&self.bytes[at..at + len]);
                    count = count.saturating_add(1);
                }
            }
            kept.extend_from_slice(&fresh.bytes);
        }
        let payload = if keep_old { &kept } else { &fresh.bytes };
        let mut head = Vec::with_capacity(HEADER_LEN + CHUNK_HEAD_LEN);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        head.extend_from_slice(&chunk_head(payload, count)?);
        if (head.len() + payload.len()) as u64 > MAX_BYTES {
            return Ok(());
        }
        crate::fsutil::replace_file(&self.file, |out| {
            out.write_all(&head)?;
            out.write_all(payload)
        })
    }
}

/// The file's bytes, unless it is missing, not a regular file or too big.
fn read(file: &Path) -> Option<Vec<u8>> {
    let mut f = open_regular(file, std::fs::OpenOptions::new().read(true), Links::Refuse).ok()?;
    let len = f.metadata().ok()?.len();
    if len > MAX_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()? + 1);
    f.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// A framed chunk of `count` entries.
fn chunk(payload: &[u8], count: u32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(CHUNK_HEAD_LEN + payload.len());
    out.extend_from_slice(&chunk_head(payload, count)?);
    out.extend_from_slice(payload);
    Ok(out)
}

/// The frame of a chunk of `count` entries: length, count, checksum.
fn chunk_head(payload: &[u8], count: u32) -> std::io::Result<[u8; CHUNK_HEAD_LEN]> {
    let len = u32::try_from(payload.len()).map_err(|_| std::io::Error::other("chunk too big"))?;
    let mut head = [0u8; CHUNK_HEAD_LEN];
    head[0..4].copy_from_slice(&len.to_le_bytes());
    head[4..8].copy_from_slice(&count.to_le_bytes());
    head[8..16].copy_from_slice(&checksum(len, count, payload).to_le_bytes());
    Ok(head)
}

/// The payload and entry count of the chunk at `at`, if it is whole and
/// its checksum holds.
fn chunk_at(bytes: &[u8], at: usize) -> Option<(&[u8], u32)> {
    let head = bytes.get(at..at + CHUNK_HEAD_LEN)?;
    let len = u32::from_le_bytes(head[0..4].try_into().ok()?);
    let count = u32::from_le_bytes(head[4..8].try_into().ok()?);
    let sum = u64::from_le_bytes(head[8..16].try_into().ok()?);
    let start = at + CHUNK_HEAD_LEN;
    let payload = bytes.get(start..start + usize::try_from(len).ok()?)?;
    (checksum(len, count, payload) == sum).then_some((payload, count))
}

/// Where each of the `count` entries of `payload` starts, if they fill it
/// exactly.
fn entries(payload: &[u8], count: u32) -> Option<Vec<usize>> {
    let count = usize::try_from(count).ok()?;
    // Not more than fit, whatever the count says.
    let mut starts =
        Vec::with_capacity(count.min(payload.len() / (ENTRY_HEAD_LEN + OBJECT_HEAD_LEN)));
    let mut at = 0;
    while at < payload.len() {
        starts.push(at);
        at += entry_len(&payload[at..])?;
    }
    (starts.len() == count).then_some(starts)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes(b.try_into().ok()?)).ok()
}

/// The length of the entry at the start of `bytes`, if it is whole and
/// its message starts inside its object.
fn entry_len(bytes: &[u8]) -> Option<usize> {
    let parents = u32_at(bytes, 28)?;
    let len_at = ENTRY_HEAD_LEN.checked_add(parents.checked_mul(20)?)?;
    let object = u32_at(bytes, len_at)?;
    let message_at = u32_at(bytes, len_at + 4)?;
    let len = len_at.checked_add(OBJECT_HEAD_LEN)?.checked_add(object)?;
    (len <= bytes.len() && message_at <= object).then_some(len)
}

fn entry_at(bytes: &[u8], at: usize) -> Option<Entry<'_>> {
    let bytes = bytes.get(at..)?;
    let len = entry_len(bytes)?;
    let time = i64::from_le_bytes(bytes.get(20..28)?.try_into().ok()?);
    let n = u32_at(bytes, 28)?;
    let parents_end = ENTRY_HEAD_LEN + 20 * n;
    let parents = bytes
        .get(ENTRY_HEAD_LEN..parents_end)?
        .chunks_exact(20)
        .map(git2::Oid::from_bytes)
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let message_at = u32_at(bytes, parents_end + 4)?;
    let object = &bytes[parents_end + OBJECT_HEAD_LEN..len];
    Some(Entry {
        parents,
        time,
        message: object.get(message_at..)?,
        object,
    })
}

/// A 64-bit checksum of a chunk: every step is a bijection of the state,
/// so any change of one word changes it; it finds torn and damaged bytes
/// (it is no defence against someone who writes the file on purpose).
fn checksum(len: u32, count: u32, payload: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let step = |h: u64, x: u64| (h ^ x).wrapping_mul(K).rotate_left(29);
    let mut h = step(
        0x6761_7465_636d_6978,
        (u64::from(len) << 32) | u64::from(count),
    );
    let mut words = payload.chunks_exact(8);
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        h = step(h, u64::from_le_bytes(x));
    }
    let rest = words.remainder();
    let mut x = [0u8; 8];
    x[..rest.len()].copy_from_slice(rest);
    h = step(h, u64::from_le_bytes(x) ^ ((rest.len() as u64) << 59));
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> git2::Oid {
        git2::Oid::from_bytes(&[n; 20]).unwrap()
    }

    /// The head of the objects these tests add: the index keeps an
    /// object's bytes as they come.
    const HEAD: &[u8] = b"tree x\n\n";

    /// Adds an entry whose object is [`HEAD`] and `message`.
    fn add(f: &mut Fresh, id: git2::Oid, time: i64, parents: &[git2::Oid], message: &[u8]) {
        f.add(id, time, parents, &[HEAD, message].concat(), HEAD.len());
    }

    fn fresh(range: std::ops::Range<u8>) -> Fresh {
        let mut f = Fresh::default();
        for n in range {
            let parents: Vec<git2::Oid> =
                (0..n % 3).map(|p| oid(n.wrapping_add(p + 100))).collect();
            add(
                &mut f,
                oid(n),
                1_700_000_000 + i64::from(n),
                &parents,
                format!("commit {n}\n\nbody").as_bytes(),
            );
        }
        f
    }

    fn check(index: &CommitIndex, range: std::ops::Range<u8>) {
        for n in range {
            let e = index.get(oid(n)).unwrap_or_else(|| panic!("{n}"));
            assert_eq!(e.time, 1_700_000_000 + i64::from(n));
            assert_eq!(e.parents.len(), usize::from(n % 3));
            assert_eq!(e.message, format!("commit {n}\n\nbody").as_bytes());
            assert_eq!(e.object, [HEAD, e.message].concat());
        }
    }

    #[test]
    fn entries_are_written_appended_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (0, State::Replace));
        index.save(&fresh(0..10)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (10, State::Append));
        check(&index, 0..10);
        assert!(index.get(oid(50)).is_none());
        index.save(&fresh(10..20)).unwrap();
        // Two writers that read the same file both append.
        index.save(&fresh(20..25)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (25, State::Append));
        check(&index, 0..25);
        // Repeated entries are compacted away by the next write.
        index.save(&fresh(20..30)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (30, State::Replace));
        index.save(&fresh(30..31)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (31, State::Append));
        check(&index, 0..31);
    }

    #[test]
    fn an_index_that_would_outgrow_its_cap_starts_over() {
        // Entries of 20 KiB messages: five fit under the cap, seven do not.
        let big = |range: std::ops::Range<u8>| {
            let mut f = Fresh::default();
            for n in range {
                add(&mut f, oid(n), i64::from(n), &[], &vec![b'a' + n; 20 << 10]);
            }
            f
        };
        let dir = tempfile::tempdir().unwrap();
        CommitIndex::open(dir.path()).save(&big(0..5)).unwrap();
        // A repeated entry: the next write rewrites the file.
        CommitIndex::open(dir.path()).save(&big(4..5)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (5, State::Replace));
        // Kept and new together would not fit: the new ones are written alone.
        index.save(&big(5..7)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!(index.len(), 2);
        assert_eq!(index.get(oid(6)).unwrap().message, vec![b'a' + 6; 20 << 10]);
        assert!(index.get(oid(0)).is_none());
    }

    #[test]
    fn torn_damaged_and_foreign_files_keep_what_reads_well() {
        let dir = tempfile::tempdir().unwrap();
        CommitIndex::open(dir.path()).save(&fresh(0..10)).unwrap();
        CommitIndex::open(dir.path()).save(&fresh(10..20)).unwrap();
        let file = dir.path().join("gate/commits");
        let whole = std::fs::read(&file).unwrap();
        let first_chunk_end = {
            let (payload, _) = chunk_at(&whole, HEADER_LEN).unwrap();
            HEADER_LEN + CHUNK_HEAD_LEN + payload.len()
        };
        // Every cut of the second chunk: the first is kept, and the file
        // is replaced at the next write.
        for cut in (first_chunk_end + 1..whole.len()).step_by(7) {
            std::fs::write(&file, &whole[..cut]).unwrap();
            let index = CommitIndex::open(dir.path());
            assert_eq!((index.len(), index.state), (10, State::Replace), "{cut}");
        }
        // A flipped bit anywhere in a chunk drops it and what follows.
        for at in (HEADER_LEN..whole.len()).step_by(5) {
            let mut bad = whole.clone();
            bad[at] ^= 0x10;
            std::fs::write(&file, &bad).unwrap();
            let index = CommitIndex::open(dir.path());
            let want = if at < first_chunk_end { 0 } else { 10 };
            assert_eq!((index.len(), index.state), (want, State::Replace), "{at}");
            check(&index, 0..u8::try_from(want).unwrap());
        }
        // Another version, another file, garbage: nothing is read.
        let mut other = whole.clone();
        other[MAGIC.len()] = 1; // the format before entries held objects
        for bytes in [other, b"\xff\x00 not an index".to_vec(), Vec::new()] {
            std::fs::write(&file, &bytes).unwrap();
            let index = CommitIndex::open(dir.path());
            assert_eq!((index.len(), index.state), (0, State::Replace));
            // And the next write replaces it with what it has.
            index.save(&fresh(40..42)).unwrap();
            let index = CommitIndex::open(dir.path());
            assert_eq!((index.len(), index.state), (2, State::Append));
        }
        // A torn file is replaced with what read well and the new entries.
        std::fs::write(&file, &whole[..whole.len() - 3]).unwrap();
        CommitIndex::open(dir.path()).save(&fresh(50..52)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (12, State::Append));
        check(&index, 0..10);
        check(&index, 50..52);
    }

    #[test]
    fn a_file_replaced_by_another_version_is_not_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        CommitIndex::open(dir.path()).save(&fresh(0..3)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!(index.state, State::Append);
        let file = dir.path().join("gate/commits");
        std::fs::write(&file, b"gatecmix\x07\x00\x00\x00future").unwrap();
        index.save(&fresh(3..4)).unwrap();
        let index = CommitIndex::open(dir.path());
        assert_eq!((index.len(), index.state), (4, State::Append));
    }

    #[test]
    fn long_objects_and_links_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Fresh::default();
        add(
            &mut f,
            oid(1),
            1,
            &[],
            &vec![b'x'; MAX_OBJECT + 1 - HEAD.len()],
        );
        assert!(f.is_empty());
        // A message that would start past the object's end.
        f.add(oid(1), 1, &[], HEAD, HEAD.len() + 1);
        assert!(f.is_empty());
        add(&mut f, oid(1), 1, &[], &vec![b'x'; MAX_OBJECT - HEAD.len()]);
        assert!(!f.is_empty());
        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("elsewhere");
            std::fs::write(&elsewhere, b"x").unwrap();
            std::fs::create_dir_all(dir.path().join("gate")).unwrap();
            std::os::unix::fs::symlink(&elsewhere, dir.path().join("gate/commits")).unwrap();
            let index = CommitIndex::open(dir.path());
            assert_eq!(index.len(), 0);
            // Replaced by a rename: the link goes, its target stays.
            index.save(&f).unwrap();
            assert_eq!(std::fs::read(&elsewhere).unwrap(), b"x");
            assert_eq!(CommitIndex::open(dir.path()).len(), 1);
        }
    }

    /// Makes the index file in `dir` look last changed an hour ago.
    fn settle(dir: &Path) {
        let file = std::fs::File::options()
            .write(true)
            .open(file_of(dir))
            .unwrap();
        let then = std::time::SystemTime::now() - std::time::Duration::from_hours(1);
        file.set_modified(then).unwrap();
    }

    // `ci` walks once per commit, each walk with a repository of its own:
    // the index read by the first is kept for the next while its file is
    // unchanged, with the entries found to be their commits'.
    #[test]
    fn an_index_is_kept_between_walks_while_its_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        CommitIndex::open(dir.path()).save(&fresh(0..10)).unwrap();
        // A file just written may change again unseen: not kept.
        let mut kept = Kept::take(dir.path());
        kept.verified.insert(oid(1));
        kept.put_back(&Fresh::default());
        assert!(Kept::take(dir.path()).verified.is_empty());
        settle(dir.path());
        let mut kept = Kept::take(dir.path());
        kept.verified.insert(oid(1));
        // New entries go to the file and to the kept index.
        kept.put_back(&fresh(10..12));
        settle(dir.path());
        let kept = Kept::take(dir.path());
        assert!(kept.verified.is_empty(), "the file changed: read again");
        assert_eq!(kept.index.len(), 12);
        kept.put_back(&Fresh::default());
        let mut kept = Kept::take(dir.path());
        assert_eq!(kept.index.len(), 12);
        kept.verified.insert(oid(2));
        kept.put_back(&Fresh::default());
        let kept = Kept::take(dir.path());
        assert!(kept.verified.contains(&oid(2)), "kept");
        kept.put_back(&Fresh::default());
        // Another writer's file (a planted one) is read, not the kept index.
        let mut other = Fresh::default();
        add(&mut other, oid(1), 7, &[], b"forged");
        let _ = std::fs::remove_file(file_of(dir.path()));
        CommitIndex::open(dir.path()).save(&other).unwrap();
        settle(dir.path());
        let kept = Kept::take(dir.path());
        assert!(kept.verified.is_empty());
        assert_eq!(kept.index.len(), 1);
        assert_eq!(kept.index.get(oid(1)).unwrap().message, b"forged");
    }

    #[test]
    fn the_checksum_sees_one_changed_word() {
        let payload = vec![0u8; 64];
        let base = checksum(64, 1, &payload);
        for at in 0..64 {
            let mut p = payload.clone();
            p[at] = 1;
            assert_ne!(checksum(64, 1, &p), base, "{at}");
        }
        assert_ne!(checksum(63, 1, &payload[..63]), checksum(64, 1, &payload));
        assert_ne!(checksum(64, 2, &payload), base);
    }
}
