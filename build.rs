//! Records the commit the binary is built from, for `briefing --version` ("0.1.0 (commit 1a2b3c4d5e6f)"); a build
//! outside a git checkout (a crates.io download) says so instead.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn main() {
    // Without a rerun rule cargo reruns this on any change in the package; with one for a missing path, always.
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(dir) = git(&["rev-parse", "--git-dir"]).map(PathBuf::from) {
        // HEAD moves on checkout; the branch's ref (loose or packed) on every commit.
        let head = dir.join("HEAD");
        let mut watched = vec![head.clone(), dir.join("packed-refs")];
        if let Some(branch) = std::fs::read_to_string(&head)
            .ok()
            .and_then(|h| h.strip_prefix("ref: ").map(|r| r.trim().to_owned()))
        {
            let common = git(&["rev-parse", "--git-common-dir"]).map_or(dir.clone(), PathBuf::from);
            watched.push(common.join(branch));
        }
        for path in watched.iter().filter(|p| p.exists()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let full = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) => format!("{version} (commit {commit})"),
        None => format!("{version} (built outside a git checkout)"),
    };
    println!("cargo:rustc-env=BRIEFING_VERSION={full}");
}
