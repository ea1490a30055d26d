//! Snapshot tests of the human diagnostics: every error code has a fixture under tests/fixtures/invalid/<CODE>/
//! holding that one error. Each fixture is laid over a copy of tests/fixtures/valid/ (its files replace or add
//! to the valid site's; a `remove` file lists paths to delete), the command in `cmd` (default `check`) runs, and
//! its stderr and exit code must equal `expected.stderr` and `expected.exit`.
//! Run with BLESS=1 to rewrite the expectations after a deliberate change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const META: &[&str] = &["cmd", "remove", "expected.stderr", "expected.exit"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path, skip_meta: bool) {
    for entry in walkdir::WalkDir::new(from).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if skip_meta && META.contains(&rel.to_str().unwrap()) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn run_fixture(dir: &Path) -> (String, i32) {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("valid"), site.path(), false);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &site.path().join("templates"),
        false,
    );
    copy_tree(dir, site.path(), true);
    if let Ok(list) = fs::read_to_string(dir.join("remove")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            let path = site.path().join(rel.trim());
            if path.is_dir() {
                fs::remove_dir_all(path).unwrap();
            } else {
                fs::remove_file(path).unwrap();
            }
        }
    }
    let cmd = fs::read_to_string(dir.join("cmd")).unwrap_or_else(|_| "check".into());
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("--root")
        .arg(site.path())
        .args(cmd.split_whitespace())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_error_code_matches_its_snapshot() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let code = name.split('-').next().unwrap();
        let (stderr, exit) = run_fixture(dir);
        if !stderr.contains(&format!("[{code}]")) {
            failures.push(format!("{name}: output does not show {code}:\n{stderr}"));
        }
        if bless {
            fs::write(dir.join("expected.stderr"), &stderr).unwrap();
            fs::write(dir.join("expected.exit"), format!("{exit}\n")).unwrap();
            continue;
        }
        let expected = fs::read_to_string(dir.join("expected.stderr")).unwrap_or_default();
        let expected_exit: i32 =
            fs::read_to_string(dir.join("expected.exit")).map_or(-2, |s| s.trim().parse().unwrap());
        if stderr != expected || exit != expected_exit {
            failures.push(format!(
                "{name}: exit {exit} (expected {expected_exit})\n--- expected\n{expected}--- got\n{stderr}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_error_code_has_a_fixture() {
    let names: Vec<String> = fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let missing: Vec<&str> = briefing::diag::CODES
        .iter()
        .map(|(code, _, _)| *code)
        .filter(|code| !names.iter().any(|n| n.split('-').next() == Some(code)))
        .collect();
    assert!(missing.is_empty(), "no fixture for {missing:?}");
}

#[test]
fn the_valid_fixture_is_clean() {
    let (stderr, exit) = run_fixture(&fixtures().join("valid"));
    assert_eq!(exit, 0, "{stderr}");
    assert_eq!(stderr, "check passed: 0 warning(s)\n");
}
