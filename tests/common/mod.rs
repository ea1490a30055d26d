//! Shared by the integration tests: a copy of the real project in a temporary folder, and the binary.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of the real content, seeds and templates.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn copy_of_real() -> Project {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["content", "seeds", "templates"] {
            copy_dir(&project_root().join(sub), &dir.path().join(sub));
        }
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the binary on this project; fails the test if it runs longer than a minute (a hang).
    pub fn run(&self, args: &[&str]) -> Output {
        let logs = tempfile::tempdir().unwrap();
        let (out_path, err_path) = (logs.path().join("out"), logs.path().join("err"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["--root", self.path().to_str().unwrap()])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(fs::File::create(&out_path).unwrap())
            .stderr(fs::File::create(&err_path).unwrap())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("briefing {args:?} ran for more than 60 s");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Output {
            status,
            stdout: fs::read(&out_path).unwrap(),
            stderr: fs::read(&err_path).unwrap(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: &str) {
        fs::write(self.path().join(rel), text).unwrap();
    }

    /// Replaces the first occurrence of `from` in a file, failing if it is not there.
    /// Replaces a seed's text and records its new SHA-256 in seeds/sources.yaml, as a deliberate change of a
    /// source would: the quotes are then checked against the new text.
    pub fn write_seed(&self, rel: &str, text: &str) {
        let old = briefing::validate::sha256_hex(self.read(rel).as_bytes());
        self.write(rel, text);
        let new = briefing::validate::sha256_hex(text.as_bytes());
        self.edit("seeds/sources.yaml", &old, &new);
    }

    /// Sets content/site.yaml's `base_url` to `url`, or removes it with `None`.
    pub fn set_base_url(&self, url: Option<&str>) {
        let site = self.read("content/site.yaml");
        let mut kept: String = site
            .lines()
            .filter(|l| !l.starts_with("base_url:"))
            .map(|l| format!("{l}\n"))
            .collect();
        if let Some(url) = url {
            kept.push_str(&format!("base_url: \"{url}\"\n"));
        }
        self.write("content/site.yaml", &kept);
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// Every file under `rel` with its bytes, sorted by path.
    pub fn snapshot(&self, rel: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for entry in walkdir::WalkDir::new(self.path().join(rel)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                out.push((
                    entry
                        .path()
                        .strip_prefix(self.path())
                        .unwrap()
                        .to_path_buf(),
                    fs::read(entry.path()).unwrap(),
                ));
            }
        }
        out
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
