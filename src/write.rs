//! Write: the built tree goes into a staging folder beside the output, then replaces it in one step, so a
//! reader (or a failed build) never sees a half-written site.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use rustix::fs::{renameat_with, FlockOperation, RenameFlags, CWD};

use crate::render::{Output, Sink};

/// Written into every output folder; only a folder holding it (or an empty one) is ever replaced, so that a
/// mistaken `--output` (the project, content/, a home folder) is refused instead of deleted.
pub const MARKER: &str = ".briefing-output";

/// The project's own sources: no output may go inside them.
const SOURCES: &[&str] = &["content", "seeds", "templates"];

fn refused(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Where `output` (relative to the project folder `root`) really is: an absolute path whose folders are resolved
/// (links included) but whose last component is kept as named, so that a link there is refused, not followed.
/// Refused: a path with no name at its end, the project folder or one holding it, anything inside content/,
/// seeds/ or templates/.
pub fn output_path(root: &Path, output: &Path) -> io::Result<PathBuf> {
    let root = fs::canonicalize(root)?;
    let joined = root.join(output);
    let parts: Vec<Component> = joined.components().collect();
    let mut path = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::CurDir => {}
            _ => {
                path.push(part.as_os_str());
                // Resolved as it goes, so that `..` after a link climbs from where the link leads.
                if i + 1 < parts.len() {
                    if let Ok(real) = fs::canonicalize(&path) {
                        path = real;
                    }
                }
            }
        }
    }
    if path.file_name().is_none() || matches!(parts.last(), Some(Component::ParentDir)) {
        return Err(refused(
            "it does not end in a name; give the folder or file itself, e.g. `public`".into(),
        ));
    }
    if root.starts_with(&path) {
        return Err(refused(
            "it is the project folder, or a folder that holds it".into(),
        ));
    }
    for dir in SOURCES {
        let source = fs::canonicalize(root.join(dir)).unwrap_or_else(|_| root.join(dir));
        if path.starts_with(&source) {
            return Err(refused(format!(
                "it is inside {dir}/, which holds the project's sources; build outside it"
            )));
        }
    }
    Ok(path)
}

/// An exclusive lock on the output's parent folder, held while staging and swapping: two builds into the same
/// place would otherwise remove each other's staging. Released when dropped.
pub struct Lock {
    _dir: fs::File,
}

pub fn lock_parent(parent: &Path) -> io::Result<Lock> {
    let dir = fs::File::open(parent)?;
    // A lock just released can still be held for a moment by a child process forked before it was released
    // (until the child's exec closes the inherited descriptor): a few short retries tell that from a build.
    for _ in 0..LOCK_TRIES {
        match rustix::fs::flock(&dir, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(Lock { _dir: dir }),
            Err(rustix::io::Errno::WOULDBLOCK) => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::WouldBlock,
        format!(
            "another build is writing into {} right now",
            parent.display()
        ),
    ))
}

/// How many times, 10 ms apart, a build tries the lock before it says that another build holds it.
const LOCK_TRIES: usize = 20;

/// The folder holding `out` and the name of `out` in it.
pub fn parent_and_name(out: &Path) -> io::Result<(&Path, String)> {
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => Ok((parent, name.to_string_lossy().into_owned())),
        _ => Err(refused("it does not end in a name".into())),
    }
}

/// The fixed name of a staging path beside the output: a killed build's leftovers are found by it and removed by
/// the next build, instead of piling up as randomly named copies of the site.
pub fn staging_path(parent: &Path, name: &str, what: &str) -> PathBuf {
    parent.join(format!(".{name}.briefing-{what}"))
}

/// Removes what a killed build left at `path`: a folder holding the marker (written first into every staging
/// folder), or an empty one. Anything else there is not ours and is refused.
fn clear_leftover(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() && replaceable(path)? => remove_marked_tree(path),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is in the way and no build wrote it; move it away",
                path.display()
            ),
        )),
    }
}

/// Removes a tree that `replaceable` accepted, its marker last: a build killed at any point of the removal leaves
/// either a tree that still holds the marker or an empty folder, both of which the next build removes. (Removing
/// it in directory order could take the marker first and leave a tree that no build would touch.)
fn remove_marked_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Whether `dir` may be replaced by a build: it is empty, or an earlier build's output (or staging).
fn replaceable(dir: &Path) -> io::Result<bool> {
    let mut entries = fs::read_dir(dir)?;
    Ok(entries.next().is_none()
        || fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()))
}

/// Writes `files` into `out_dir` (from `output_path`), replacing whatever was there atomically: the site is
/// written into a staging folder beside it, then the two are swapped in one system call.
pub fn write_atomic(out_dir: &Path, files: &Output) -> io::Result<()> {
    let staging = Staging::begin(out_dir)?;
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.put(rel, bytes))?;
    staging.finish()
}

/// A site being written: the staging folder beside the output, under the lock, which files are written into as
/// they come (from several threads), then swapped with the output by `finish`. Dropped unfinished (a failed
/// render, a full disk), it removes the staging folder and leaves the output untouched.
pub struct Staging {
    _lock: Lock,
    staging: PathBuf,
    aside: PathBuf,
    out_dir: PathBuf,
    finished: bool,
}

impl Staging {
    /// Checks that `out_dir` may be replaced, takes the lock, and creates the staging folder with its marker
    /// (first, so that a killed build's staging is recognised).
    pub fn begin(out_dir: &Path) -> io::Result<Staging> {
        match fs::symlink_metadata(out_dir) {
            Ok(meta) if meta.is_dir() => {
                if !replaceable(out_dir)? {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("it is a folder that no build wrote (no {MARKER} file in it); refusing to replace it"),
                    ));
                }
            }
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refused(
                    "it is a link; give the folder itself, links are not followed".into(),
                ))
            }
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "it exists and is not a folder",
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let (parent, name) = parent_and_name(out_dir)?;
        fs::create_dir_all(parent)?;
        let lock = lock_parent(parent)?;
        let staging = staging_path(parent, &name, "staging");
        let aside = staging_path(parent, &name, "old");
        clear_leftover(&staging)?;
        clear_leftover(&aside)?;
        fs::create_dir(&staging)?;
        let staged = Staging {
            _lock: lock,
            staging,
            aside,
            out_dir: out_dir.to_path_buf(),
            finished: false,
        };
        fs::write(
            staged.staging.join(MARKER),
            "This folder is written by `briefing build` and replaced whole by the next build.\n",
        )?;
        Ok(staged)
    }

    /// Writes one file (`rel` is `/`-separated, relative to the site's root), creating its folder.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.create_dir(rel)?, bytes)
    }

    /// The path of `rel` in the staging folder, whose folder is created.
    fn create_dir(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            // Most files are alone in their folder (a page's own): one system call makes it.
            match fs::create_dir(dir) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(dir)?,
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
        }
        Ok(path)
    }

    /// Puts the staged site in place of the output, and removes the old one.
    pub fn finish(mut self) -> io::Result<()> {
        self.finished = true;
        let result = swap(&self.staging, &self.aside, &self.out_dir);
        // After a swap the staging path holds the old site; after a failure, the new one. Neither is kept.
        let cleaned = clear_leftover(&self.staging);
        result?;
        cleaned.map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "the new site is in place, but the old one could not be removed from {}: {e}",
                    self.staging.display()
                ),
            )
        })
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> io::Result<()> {
        Staging::put(self, &path, &bytes)
    }

    fn write(
        &self,
        path: String,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file = io::BufWriter::new(fs::File::create(self.create_dir(&path)?)?);
        fill(&mut file)?;
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            // Best effort: what is left is recognised by its marker and removed by the next build.
            let _ = clear_leftover(&self.staging);
        }
    }
}

/// Puts the staged site at `out_dir`, swapping it with the old one if there is one.
fn swap(staging: &Path, aside: &Path, out_dir: &Path) -> io::Result<()> {
    if fs::symlink_metadata(out_dir).is_err() {
        return fs::rename(staging, out_dir);
    }
    // One system call swaps the trees; the old site ends up at the staging path and is removed with it.
    match renameat_with(CWD, staging, CWD, out_dir, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
            swap_by_renames(staging, aside, out_dir)
        }
        Err(e) => Err(io::Error::new(
            io::Error::from(e).kind(),
            format!("the new site could not replace the old one: {e}"),
        )),
    }
}

/// For file systems without RENAME_EXCHANGE: two renames, with a brief moment where the old site is aside.
/// Afterwards the old site is at `staging`, as after an exchange; if the second rename fails, it is put back.
fn swap_by_renames(staging: &Path, aside: &Path, out_dir: &Path) -> io::Result<()> {
    fs::rename(out_dir, aside)?;
    if let Err(e) = fs::rename(staging, out_dir) {
        fs::rename(aside, out_dir)?;
        return Err(e);
    }
    fs::rename(aside, staging)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_tree_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = Output::new();
        files.insert("a/index.html".into(), b"one".to_vec());
        files.insert("stale.html".into(), b"x".to_vec());
        write_atomic(&out, &files).unwrap();
        files.remove("stale.html");
        files.insert("a/index.html".into(), b"two".to_vec());
        write_atomic(&out, &files).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.html").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_folder_no_build_wrote_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), b"keep me").unwrap();
        let mut files = Output::new();
        files.insert("index.html".into(), b"x".to_vec());
        let err = write_atomic(dir.path(), &files).unwrap_err();
        assert!(err.to_string().contains("no build wrote"), "{err}");
        assert_eq!(
            fs::read(dir.path().join("precious.txt")).unwrap(),
            b"keep me"
        );
    }

    #[test]
    fn the_fallback_swap_replaces_and_leaves_the_old_site_at_staging() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging, aside) = (
            dir.path().join("public"),
            dir.path().join("staging"),
            dir.path().join("aside"),
        );
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.html"), b"old").unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("new.html"), b"new").unwrap();
        swap_by_renames(&staging, &aside, &out).unwrap();
        assert!(out.join("new.html").is_file() && !out.join("old.html").exists());
        assert!(staging.join("old.html").is_file() && !aside.exists());
    }

    #[test]
    fn a_killed_builds_staging_is_removed_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // What a build killed while writing leaves: the marker and part of a site.
        let leftover = staging_path(dir.path(), "public", "staging");
        fs::create_dir_all(leftover.join("countries")).unwrap();
        fs::write(leftover.join(MARKER), b"").unwrap();
        fs::write(leftover.join("countries/half.html"), b"x").unwrap();
        let mut files = Output::new();
        files.insert("index.html".into(), b"x".to_vec());
        write_atomic(&out, &files).unwrap();
        assert!(!leftover.exists());
        // Something else at that name is not removed.
        fs::create_dir_all(&leftover).unwrap();
        fs::write(leftover.join("mine.txt"), b"keep").unwrap();
        let err = write_atomic(&out, &files).unwrap_err();
        assert!(err.to_string().contains("no build wrote it"), "{err}");
        assert_eq!(fs::read(leftover.join("mine.txt")).unwrap(), b"keep");
    }

    #[test]
    fn a_second_build_into_the_same_place_waits_for_none_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let _held = lock_parent(dir.path()).unwrap();
        let mut files = Output::new();
        files.insert("index.html".into(), b"x".to_vec());
        let err = write_atomic(&dir.path().join("public"), &files).unwrap_err();
        assert!(err.to_string().contains("another build"), "{err}");
    }

    #[test]
    fn outputs_inside_the_sources_or_around_the_project_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["content/countries", "seeds", "templates/static"] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        for bad in [
            "content/countries/out",
            "seeds",
            "templates/static",
            "./content/x/../y",
            ".",
            "..",
            "public/..",
        ] {
            assert!(
                output_path(dir.path(), Path::new(bad)).is_err(),
                "{bad} accepted"
            );
        }
        let real = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            output_path(dir.path(), Path::new("public/.")).unwrap(),
            real.join("public")
        );
        assert_eq!(
            output_path(dir.path(), Path::new("content/../site")).unwrap(),
            real.join("site")
        );
    }
}
