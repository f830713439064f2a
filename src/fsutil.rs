//! Opening a file that must be a regular file, safely.
//!
//! Opening a FIFO waits for a writer forever and a device can be endless,
//! so every file gate reads or writes by name (the config, the audit log)
//! is opened non-blocking and checked with `fstat` on the open handle
//! before a byte is read; anything but a regular file is refused with a
//! clear error. Where a link must not be followed (the audit log, which
//! gate writes), the open itself refuses links (`O_NOFOLLOW`), so a link
//! swapped in between a check and the open cannot redirect it either.

use std::fs::{File, OpenOptions};
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};

/// Whether the last component of a path may be a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Links {
    /// Follow a link to its target (a config file kept elsewhere).
    Follow,
    /// Refuse a link (a file gate writes).
    Refuse,
}

/// Opens `path` with `options`, non-blocking, and returns the handle only
/// if it names a regular file.
pub(crate) fn open_regular(path: &Path, options: &OpenOptions, links: Links) -> io::Result<File> {
    let mut options = options.clone();
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt as _;
        let mut flags = OFlags::NONBLOCK;
        if links == Links::Refuse {
            flags |= OFlags::NOFOLLOW;
        }
        // The flag bits are small positive numbers on every Unix.
        options.custom_flags(i32::try_from(flags.bits()).unwrap_or_default());
    }
    #[cfg(not(unix))]
    {
        if links == Links::Refuse
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(link_error());
        }
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) => {
            // O_NOFOLLOW on a link fails with ELOOP (EMLINK on FreeBSD):
            // say what it means.
            if links == Links::Refuse
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(link_error());
            }
            // A FIFO with no reader refuses a non-blocking writer (ENXIO):
            // say what the file is, not "no such device".
            if let Ok(meta) = std::fs::metadata(path)
                && !meta.is_file()
            {
                return Err(not_regular(meta.file_type()));
            }
            return Err(e);
        }
    };
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(not_regular(kind));
    }
    Ok(file)
}

fn not_regular(kind: std::fs::FileType) -> io::Error {
    let what = if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file (a pipe, socket or device)"
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what}; gate opens only regular files here"),
    )
}

fn link_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "a symbolic link; gate does not follow links for this file (replace the link with the file)",
    )
}

/// Reads a whole regular file (see [`open_regular`]).
pub(crate) fn read_regular(path: &Path, links: Links) -> io::Result<Vec<u8>> {
    let mut file = open_regular(path, OpenOptions::new().read(true), links)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a whole regular file as UTF-8 text.
pub(crate) fn read_regular_string(path: &Path, links: Links) -> io::Result<String> {
    String::from_utf8(read_regular(path, links)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Whether `path` (not following a last link) still names the file open
/// as `file`: same device and inode. A file replaced by a rename since it
/// was opened is not. Always true where the platform has no inode numbers.
pub(crate) fn still_names(file: &File, path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let open = file.metadata()?;
        match std::fs::symlink_metadata(path) {
            Ok(now) => Ok(open.dev() == now.dev() && open.ino() == now.ino()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        Ok(true)
    }
}

/// `path` with `.` and `..` taken out, without touching the file system.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a path lies outside `root`, by its text alone. The config
/// refuses a relative `[audit] path` for which this holds.
pub(crate) fn outside_root(root: &Path, path: &Path) -> bool {
    !lexical(path).starts_with(lexical(root))
}

/// Replaces `file` whole: `write` fills a new temporary file beside it,
/// which is then renamed over `file`, so a reader sees the old file or the
/// new one, never half of one. The temporary name is new for each call
/// (process id, time, a counter) and made with `create_new`, so two
/// writers — in one process or in two containers sharing a repository —
/// never write into or remove each other's file. The new file is synced
/// before the rename and the directory after it, so a crash leaves the old
/// file or the whole new one.
pub(crate) fn replace_file(
    file: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    replace_file_if(file, write, || Ok(true)).map(drop)
}

/// [`replace_file`], where `still_wanted` is asked right before the rename
/// (after the new file is written and synced): `false` leaves `file` as it
/// is and returns `false` (a `gate move` whose file was edited meanwhile).
pub(crate) fn replace_file_if(
    file: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    still_wanted: impl FnOnce() -> io::Result<bool>,
) -> io::Result<bool> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = file
        .file_name()
        .map_or_else(|| "gate".into(), |n| n.to_string_lossy());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut made = None;
    for n in 0..64u32 {
        let temp = dir.join(format!(".{name}.{}.{stamp}.{n}.tmp", std::process::id()));
        match File::create_new(&temp) {
            Ok(out) => {
                made = Some((temp, out));
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    let Some((temp, mut out)) = made else {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name",
        ));
    };
    let renamed = write(&mut out)
        .and_then(|()| out.sync_all())
        .and_then(|()| {
            drop(out);
            still_wanted()
        })
        .and_then(|wanted| {
            if wanted {
                std::fs::rename(&temp, file)?;
            }
            Ok(wanted)
        });
    match renamed {
        Ok(true) => {
            // Directories cannot be opened for syncing everywhere (Windows);
            // the rename has happened either way.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(true)
        }
        Ok(false) => {
            let _ = std::fs::remove_file(&temp);
            Ok(false)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_replacement_is_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("index");
        std::fs::write(&file, "old").unwrap();
        // Another writer's temporary file is never touched.
        let other = dir.path().join(".index.1.2.0.tmp");
        std::fs::write(&other, "theirs").unwrap();
        let failed = replace_file(&file, |out| {
            std::io::Write::write_all(out, b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
        replace_file(&file, |out| std::io::Write::write_all(out, b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "theirs");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        for links in [Links::Follow, Links::Refuse] {
            let err = read_regular(&fifo, links).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        let err = read_regular(dir.path(), Links::Follow).unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
    }

    #[test]
    fn links_are_refused_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read_regular(&link, Links::Follow).unwrap(), b"x");
        let err = read_regular(&link, Links::Refuse).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        // A dangling link is not created through.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let err = open_regular(
            &dangling,
            OpenOptions::new().append(true).create(true),
            Links::Refuse,
        )
        .unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn a_renamed_over_file_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        std::fs::write(&path, "a").unwrap();
        let file = File::open(&path).unwrap();
        assert!(still_names(&file, &path).unwrap());
        let other = dir.path().join("other");
        std::fs::write(&other, "a").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(!still_names(&file, &path).unwrap());
    }
}
