//! Bundle: the built site as one zip for offline readers. The site already works from `file://`; the zip only
//! packs it, deterministically (sorted entries, fixed timestamps and permissions), so equal input gives equal bytes.

use std::fs;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::render::Output;
use crate::write::{lock_parent, parent_and_name, staging_path};

/// The folder every entry sits in, so that unzipping makes one folder, not a heap of files.
pub const TOP: &str = "briefing";

/// The zip's comment: how `bundle` recognises a file it wrote, the only kind of file it replaces.
const COMMENT: &str = "Offline edition written by `briefing bundle`.";

pub fn zip(files: &Output) -> io::Result<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.set_comment(COMMENT).map_err(io::Error::other)?;
    for (path, bytes) in files {
        writer
            .start_file(format!("{TOP}/{path}"), options)
            .map_err(io::Error::other)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish().map_err(io::Error::other)?.into_inner())
}

/// What `bundle` writes: the offline zip, or the single-file edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Zip,
    SingleFile,
}

impl Edition {
    /// Whether the regular file at `path` is one that `bundle` wrote in this edition.
    fn ours(self, path: &Path) -> io::Result<bool> {
        match self {
            Edition::Zip => zip_is_ours(path),
            Edition::SingleFile => html_is_ours(path),
        }
    }

    fn example(self) -> &'static str {
        match self {
            Edition::Zip => "briefing-offline.zip",
            Edition::SingleFile => "briefing.html",
        }
    }
}

/// Whether the file at `path` starts (within its head) with the single-file edition's generator mark.
fn html_is_ours(path: &Path) -> io::Result<bool> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    let mut head = Vec::new();
    file.take(2048).read_to_end(&mut head)?;
    let mark = format!(
        "<meta name=\"generator\" content=\"{}\">",
        crate::render::edition::GENERATOR
    );
    Ok(String::from_utf8_lossy(&head).contains(&mark))
}

/// Whether the regular file at `path` is a zip that `bundle` wrote: its end-of-central-directory record closes
/// with our comment (the comment's length, then the comment, end the file).
fn zip_is_ours(path: &Path) -> io::Result<bool> {
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    let tail_len = COMMENT.len() as u64 + 2;
    if file.metadata()?.len() < tail_len {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-(tail_len as i64)))?;
    let mut tail = Vec::new();
    file.take(tail_len).read_to_end(&mut tail)?;
    let (len, comment) = tail.split_at(2);
    Ok(
        usize::from(u16::from_le_bytes([len[0], len[1]])) == COMMENT.len()
            && comment == COMMENT.as_bytes(),
    )
}

/// Writes `bytes` to `path` (from `write::output_path`) through a staging file beside it, so a reader never sees
/// half a file. Only a missing file or one of the same edition written earlier is replaced: never a folder, a link,
/// or any other file (a seed, README.md) that a mistaken `--output` names.
pub fn write_file_atomic(path: &Path, bytes: &[u8], edition: Edition) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
        Ok(meta) if meta.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "it is a folder; give a file name, e.g. `{}`",
                    edition.example()
                ),
            ))
        }
        Ok(meta) if meta.is_file() && edition.ours(path)? => {}
        Ok(_) => return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it exists and is not a bundle written by `briefing bundle`; refusing to replace it",
        )),
    }
    let (parent, name) = parent_and_name(path)?;
    fs::create_dir_all(parent)?;
    let _lock = lock_parent(parent)?;
    // A fixed name, as `build`'s staging folder has: a killed bundle's leftover is found and replaced by the next
    // one. The file appears there only once it is complete, so a leftover is recognised as any earlier bundle is.
    let staging = staging_path(parent, &name, "staging");
    match fs::symlink_metadata(&staging) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
        Ok(meta) if meta.is_file() && edition.ours(&staging)? => fs::remove_file(&staging)?,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is in the way and no bundle wrote it; move it away",
                    staging.display()
                ),
            ))
        }
    }
    let written = stage_complete(parent, &staging, bytes).and_then(|()| fs::rename(&staging, path));
    if written.is_err() {
        let _ = fs::remove_file(&staging);
    }
    written
}

/// Writes `bytes` into a new file at `staging` (in `parent`), which must not exist. The file is written unnamed
/// (`O_TMPFILE`) and given its name once complete and on disk, so that a kill at any moment leaves either nothing
/// or the whole file. Where the file system has no unnamed files, it is written in place, created exclusively.
fn stage_complete(parent: &Path, staging: &Path, bytes: &[u8]) -> io::Result<()> {
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    let unnamed = openat(
        CWD,
        parent,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o644),
    );
    let Ok(fd) = unnamed else {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(staging)?;
        file.set_permissions(fs::Permissions::from_mode(0o644))?;
        file.write_all(bytes)?;
        return file.sync_all();
    };
    let mut file = fs::File::from(fd);
    // The mode given to O_TMPFILE is reduced by the umask, as for any new file.
    file.set_permissions(fs::Permissions::from_mode(0o644))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    // linkat with AT_EMPTY_PATH needs a privilege; the file's /proc link does the same for anyone.
    let proc_link = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&file));
    linkat(
        CWD,
        proc_link.as_str(),
        CWD,
        staging,
        AtFlags::SYMLINK_FOLLOW,
    )?;
    Ok(())
}
