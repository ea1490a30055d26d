//! CONTRIBUTING.md's worked example: its commands run as written (with `cargo run`, as a newcomer would, but of
//! the debug build this test already has rather than a release build), and the error it shows is the one the
//! tool prints, so the guide cannot drift from the tool.

use std::path::Path;
use std::process::Command;

/// The first fenced block of `lang` after `heading` in `text`.
fn block<'a>(text: &'a str, heading: &str, lang: &str) -> &'a str {
    let after = &text[text.find(heading).expect("heading")..];
    let fence = format!("```{lang}\n");
    let start = after.find(&fence).expect("block") + fence.len();
    let len = after[start..].find("```").expect("end of block");
    &after[start..start + len]
}

#[test]
fn worked_example_runs_as_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let script = block(&guide, "## A worked example", "sh");
    let expected = block(&guide, "The last `check` fails", "text");
    assert!(
        script.contains("cargo run --quiet --release --"),
        "the example should need no installed binary"
    );
    let script = script.replace(" --release ", " ");
    let out = Command::new("bash")
        .args(["-e", "-c", &script])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("check passed: 0 warning(s)"),
        "the filled-in profile should pass:\n{stderr}"
    );
    assert!(
        stderr.ends_with(expected),
        "CONTRIBUTING.md shows:\n{expected}\nthe tool printed:\n{stderr}"
    );
}
