//! Write: the built tree goes into a staging folder beside the output, then replaces it in one step, so a
//! reader (or a failed build) never sees a half-written site.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;
use rustix::fs::{renameat_with, RenameFlags, CWD};

use crate::render::Output;

/// Written into every output folder; only a folder holding it (or an empty one) is ever replaced, so that a
/// mistaken `--output` (the project, content/, a home folder) is refused instead of deleted.
pub const MARKER: &str = ".briefing-output";

/// Whether `dir` may be replaced by a build: it is missing, empty, or an earlier build's output.
fn replaceable(dir: &Path) -> io::Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none() || dir.join(MARKER).is_file()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e),
    }
}

/// Writes `files` into `out_dir`, replacing whatever was there atomically.
pub fn write_atomic(out_dir: &Path, files: &Output) -> io::Result<()> {
    if out_dir.is_dir() && !replaceable(out_dir)? {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("it is a folder that no build wrote (no {MARKER} file in it); refusing to replace it"),
        ));
    }
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    let name = out_dir.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path has no folder name",
        )
    })?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{}-staging-", name.to_string_lossy()))
        .tempdir_in(parent)?;
    // Folders first, once each; then the files, in parallel (creating many small files is the slow part).
    let dirs: std::collections::BTreeSet<&Path> = files
        .keys()
        .filter_map(|rel| Path::new(rel).parent())
        .collect();
    for dir in dirs {
        fs::create_dir_all(staging.path().join(dir))?;
    }
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| fs::write(staging.path().join(rel), bytes))?;
    fs::write(
        staging.path().join(MARKER),
        "This folder is written by `briefing build` and replaced whole by the next build.\n",
    )?;
    match fs::symlink_metadata(out_dir) {
        Ok(meta) if meta.is_dir() => {
            // Swap the trees in one system call; the old site ends up in the staging path and is removed with it.
            match renameat_with(CWD, staging.path(), CWD, out_dir, RenameFlags::EXCHANGE) {
                Ok(()) => Ok(()),
                Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {
                    swap_by_renames(staging.path(), out_dir)
                }
                Err(e) => Err(e.into()),
            }
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "it exists and is not a folder",
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let kept = staging.keep();
            fs::rename(&kept, out_dir).inspect_err(|_| {
                let _ = fs::remove_dir_all(&kept);
            })
        }
        Err(e) => Err(e),
    }
}

/// For file systems without RENAME_EXCHANGE: two renames, with a brief moment where the old site is aside.
/// If the second fails, the old site is put back.
fn swap_by_renames(staging: &Path, out_dir: &Path) -> io::Result<()> {
    let aside = staging.with_extension("old");
    fs::rename(out_dir, &aside)?;
    if let Err(e) = fs::rename(staging, out_dir) {
        fs::rename(&aside, out_dir)?;
        return Err(e);
    }
    fs::create_dir_all(staging)?;
    fs::remove_dir_all(&aside)
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
    fn the_fallback_swap_replaces_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = (dir.path().join("public"), dir.path().join("staging"));
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.html"), b"old").unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("new.html"), b"new").unwrap();
        swap_by_renames(&staging, &out).unwrap();
        assert!(out.join("new.html").is_file() && !out.join("old.html").exists());
        assert!(!staging.with_extension("old").exists());
    }
}
