//! The binary on the real content: a good build, and bad input that must fail with a precise message while
//! leaving an existing public/ byte for byte as it was.

mod common;

use common::{stderr, Project};

#[test]
fn real_content_checks_and_builds() {
    let p = Project::copy_of_real();
    let check = p.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let build = p.run(&["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(p.path().join("public/index.html").is_file());
    assert!(p
        .path()
        .join("public/countries/angola/index.html")
        .is_file());
}

#[test]
fn two_builds_are_byte_identical() {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    let first = p.snapshot("public");
    assert!(p.run(&["build", "--output", "public2"]).status.success());
    let second: Vec<_> = p
        .snapshot("public2")
        .into_iter()
        .map(|(path, bytes)| {
            (
                std::path::Path::new("public").join(path.strip_prefix("public2").unwrap()),
                bytes,
            )
        })
        .collect();
    assert!(first.len() > 40, "only {} files", first.len());
    assert_eq!(first, second);
}

/// Builds once, breaks a file, builds again: the second build must fail with `expect` in its output and leave
/// public/ exactly as the first build wrote it.
fn fails_and_keeps_public(break_it: impl FnOnce(&Project), expect: &[&str]) {
    let p = Project::copy_of_real();
    let ok = p.run(&["build"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = p.snapshot("public");
    break_it(&p);
    for cmd in ["check", "build"] {
        let out = p.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        for e in expect {
            assert!(err.contains(e), "{cmd}: expected {e:?} in:\n{err}");
        }
    }
    assert_eq!(
        before,
        p.snapshot("public"),
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The `--> file:line:col` a diagnostic must show for the value that starts `skip` characters into the first
/// occurrence of `needle` in the real content file.
fn arrow(file: &str, needle: &str, skip: usize) -> String {
    let text = std::fs::read_to_string(common::project_root().join(file)).unwrap();
    let (line, col) = line_col(&text, needle);
    format!("--> {file}:{line}:{}", col + skip)
}

/// Line and column (1-based) of the first occurrence of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().unwrap().chars().count() + 1,
    )
}

#[test]
fn broken_quote_reports_file_line_column_and_closest_passage() {
    let p = Project::copy_of_real();
    let text = p.read("content/countries/angola.yaml");
    let (line, col) = line_col(
        &text,
        "\"the spokesperson for the Angolan embassy denied any agreement\"",
    );
    drop(p);
    fails_and_keeps_public(
        |p| {
            p.edit(
                "content/countries/angola.yaml",
                "the spokesperson for the Angolan embassy denied any agreement",
                "the spokesman for the Angolan embassy denied any agreement",
            )
        },
        &[
            "error[E020]: quote not found in source `africa-europe-negotiations`",
            &format!("--> content/countries/angola.yaml:{line}:{col}"),
            "the closest passage in the seed, to paste as the quote:",
            "[-spokesman-] {+spokesperson+}",
        ],
    );
}

const PARAGUAY: &str = "content/countries/paraguay.yaml";
const PARAGUAY_QUOTE: &str = "        quote: \"Last week, the State Department said that the US had signed a \u{201c}safe third country\u{201d} asylum agreement with Paraguay.\"";

/// The help's line that starts with `key` after the line holding `after`, trimmed: a value to paste.
fn pasteable(err: &str, after: &str, key: &str) -> String {
    let lines: Vec<&str> = err.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(after))
        .unwrap_or_else(|| panic!("{err}"));
    lines[at + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{err}"))
        .to_owned()
}

/// The closest passage of E020 is printed as a YAML value with the seed's curly quote marks: pasted over the
/// broken quote, it is valid YAML and passes. (Made straight, the marks inside `quote: "..."` end the value.)
#[test]
fn the_closest_passage_can_be_pasted_as_the_quote() {
    let p = Project::copy_of_real();
    p.edit(
        PARAGUAY,
        "agreement with Paraguay.\"",
        "agreement with Paragay.\"",
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = pasteable(&err, "to paste as the quote:", "quote: ");
    assert!(
        line.contains("\u{201c}safe third country\u{201d}"),
        "{line}"
    );
    let text = p.read(PARAGUAY);
    let broken = text.lines().find(|l| l.contains("Paragay")).unwrap();
    p.edit(PARAGUAY, broken, &format!("        {line}"));
    let out = p.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// E021 shows every place an ambiguous quote matches, each on its line in the seed, with the shortest prefix or
/// suffix that singles it out; adding the one suggested for a place makes the quote match there alone.
#[test]
fn an_ambiguous_quote_shows_its_places_and_what_singles_each_out() {
    let p = Project::copy_of_real();
    p.edit(
        PARAGUAY,
        PARAGUAY_QUOTE,
        "        quote: \"\u{201c}safe third country\u{201d}\"",
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [
        "error[E021]: quote matches 2 places in source `uganda-honduras-agreements`",
        "::: seeds/002_4cee6dbfd697f15f.txt:4:32",
        "Both agreements are based on a \u{201c}safe third country\u{201d} provision",
        "place 1: to cite this one, add `prefix: \"on a\"`",
        "::: seeds/002_4cee6dbfd697f15f.txt:12:63",
        "place 2: to cite this one, add `suffix: \"asylum\"`",
    ] {
        assert!(err.contains(expected), "{expected:?} in\n{err}");
    }
    p.edit(
        PARAGUAY,
        "        quote: \"\u{201c}safe third country\u{201d}\"",
        "        quote: \"\u{201c}safe third country\u{201d}\"\n        suffix: \"asylum\"",
    );
    let out = p.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_field_suggests_the_right_one() {
    fails_and_keeps_public(
        |p| {
            p.edit(
                "content/countries/angola.yaml",
                "region: Africa",
                "regoin: Africa",
            )
        },
        &[
            "error[E002]: unknown field `regoin`",
            &arrow("content/countries/angola.yaml", "region: Africa", 0),
            "did you mean `region`?",
        ],
    );
}

#[test]
fn bad_status_names_the_valid_ones() {
    fails_and_keeps_public(
        |p| {
            p.edit(
                "content/countries/angola.yaml",
                "status: denied",
                "status: denyed",
            )
        },
        &[
            "error[E012]: `denyed` is not a status of the stance axis",
            &arrow(
                "content/countries/angola.yaml",
                "status: denied",
                "status: ".len(),
            ),
            "did you mean `denied`?",
        ],
    );
}

#[test]
fn missing_source_id_is_reported() {
    fails_and_keeps_public(
        |p| {
            p.edit(
                "content/countries/angola.yaml",
                "source: africa-europe-negotiations",
                "source: africa-europe-negotiation",
            )
        },
        &[
            "error[E010]: unknown source `africa-europe-negotiation`",
            &arrow(
                "content/countries/angola.yaml",
                "source: africa-europe-negotiations",
                "source: ".len(),
            ),
            "did you mean `africa-europe-negotiations`?",
        ],
    );
}

#[test]
fn malformed_yaml_is_reported_with_position() {
    fails_and_keeps_public(
        |p| {
            p.write(
                "content/countries/benin.yaml",
                "name: Benin\nclaims: [\n  - oops\n",
            )
        },
        &[
            "error[E001]: invalid YAML: \"-\" is only valid inside a block",
            // The `-` of line 3, column 3: a block item inside a flow sequence.
            "--> content/countries/benin.yaml:3:3",
        ],
    );
}

/// Adds a flow citing `quote` (and `prefix`) to Angola's file; returns where the quote's value starts.
fn add_flow_quote(p: &Project, extra: &str) -> String {
    let file = "content/countries/angola.yaml";
    p.edit(
        file,
        "region: Africa",
        &format!("region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    cites:\n      - source: cbs-angola-equatorial-guinea\n        quote: Angola{extra}"),
    );
    let (line, col) = line_col(&p.read(file), "quote: Angola");
    format!("--> {file}:{line}:{}", col + "quote: ".len())
}

#[test]
fn ambiguous_quote_reports_file_line_column_and_asks_for_a_prefix() {
    let probe = Project::copy_of_real();
    let at = add_flow_quote(&probe, "");
    fails_and_keeps_public(
        |p| {
            add_flow_quote(p, "");
        },
        &["error[E021]: quote matches", &at, "add `prefix:`"],
    );
}

#[test]
fn wrong_prefix_reports_file_line_column_and_is_told_apart_from_a_wrong_quote() {
    let probe = Project::copy_of_real();
    let at = add_flow_quote(&probe, "\n        prefix: not there");
    fails_and_keeps_public(
        |p| {
            add_flow_quote(p, "\n        prefix: not there");
        },
        &["error[E020]: quote found in source `cbs-angola-equatorial-guinea`, but not with this prefix/suffix", &at],
    );
}

#[test]
fn real_content_leaves_no_seed_sentence_unaccounted() {
    let p = Project::copy_of_real();
    let out = p.run(&["coverage"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("0 seed sentence(s) neither cited nor listed as unused"),
        "{err}"
    );
}

#[test]
fn an_uncited_sentence_is_listed_by_coverage() {
    let p = Project::copy_of_real();
    let seed = "seeds/004_9e22cbcf9b5cfec2.txt";
    let text = p.read(seed);
    p.write_seed(
        seed,
        &format!("{text}\n\nA brand new sentence nobody cites."),
    );
    let out = p.run(&["coverage"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning[W002]") && err.contains("A brand new sentence nobody cites."),
        "{err}"
    );
    assert!(
        err.contains("1 seed sentence(s) neither cited nor listed as unused"),
        "{err}"
    );
}

#[test]
fn all_errors_are_listed_not_just_the_first() {
    let p = Project::copy_of_real();
    p.edit(
        "content/countries/angola.yaml",
        "status: denied",
        "status: denyed",
    );
    p.edit(
        "content/countries/benin.yaml",
        "region: Africa",
        "region: Afrika",
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert!(
        err.contains("E012") && err.contains("content/countries/benin.yaml"),
        "{err}"
    );
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn github_and_json_formats_carry_the_same_diagnostic() {
    let p = Project::copy_of_real();
    p.edit(
        "content/countries/angola.yaml",
        "status: denied",
        "status: denyed",
    );
    let github = p.run(&["--format", "github", "check"]);
    let gh = stderr(&github);
    assert_eq!(github.status.code(), Some(1));
    let line = gh
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("{gh}"));
    assert!(
        line.starts_with("::error file=content/countries/angola.yaml,line="),
        "{line}"
    );
    assert!(line.contains(",title=E012::`denyed` is not a status of the stance axis%0Ahelp: did you mean `denied`?"), "{line}");

    let json = p.run(&["--format", "json", "check"]);
    assert_eq!(json.status.code(), Some(1));
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let first = &items.as_array().unwrap()[0];
    assert_eq!(first["code"], "E012");
    assert_eq!(first["file"], "content/countries/angola.yaml");
    assert!(first["path"].as_str().unwrap().ends_with(".status"));
    assert!(first["line"].as_u64().unwrap() > 1 && first["column"].as_u64().unwrap() > 1);
}

#[test]
fn no_colour_when_output_is_not_a_terminal() {
    let p = Project::copy_of_real();
    p.edit(
        "content/countries/angola.yaml",
        "status: denied",
        "status: denyed",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["--root", p.path().to_str().unwrap(), "check"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        !stderr(&out).contains('\u{1b}'),
        "escape codes in piped output"
    );
}

/// On a terminal (a pseudo-terminal made by `script`) diagnostics are in colour, unless NO_COLOR is set.
#[test]
fn colour_on_a_terminal_unless_no_color() {
    let p = Project::copy_of_real();
    p.edit(
        "content/countries/angola.yaml",
        "status: denied",
        "status: denyed",
    );
    let on_terminal = |no_color: Option<&str>| {
        let command = format!(
            "'{}' --root '{}' --quiet check",
            env!("CARGO_BIN_EXE_briefing"),
            p.path().display()
        );
        let mut script = std::process::Command::new("script");
        script
            .args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .stdin(std::process::Stdio::null());
        if let Some(v) = no_color {
            script.env("NO_COLOR", v);
        }
        let out = script
            .output()
            .expect("`script` (util-linux) makes the terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = on_terminal(None);
    assert!(coloured.contains("E012"), "{coloured}");
    assert!(
        coloured.contains("\u{1b}["),
        "no colour on a terminal: {coloured}"
    );
    let plain = on_terminal(Some("1"));
    assert!(plain.contains("E012"), "{plain}");
    assert!(
        !plain.contains('\u{1b}'),
        "colour despite NO_COLOR: {plain:?}"
    );
}

/// A mistyped --root is one error, a usage error (exit 2), not every file of the project reported missing.
#[test]
fn a_root_that_is_not_a_folder_is_one_error() {
    let p = Project::copy_of_real();
    let file = p.path().join("content/site.yaml");
    for (root, says) in [
        (p.path().join("no-such-folder"), "no such folder"),
        (file, "is not a folder"),
    ] {
        for command in [&["check"][..], &["build"], &["new", "country", "Narnia"]] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
                .arg("--root")
                .arg(&root)
                .args(command)
                .output()
                .unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{command:?}: {err}");
            assert!(
                err.starts_with("error: ") && err.contains(says),
                "{command:?}: {err}"
            );
        }
    }
    assert!(!p.path().join("no-such-folder").exists());
}

#[test]
fn explain_knows_every_code_and_refuses_unknown_ones() {
    let p = Project::copy_of_real();
    for (code, name, _) in briefing::diag::CODES {
        let out = p.run(&["explain", code]);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("{code} ({name})")));
    }
    let unknown = p.run(&["explain", "E999"]);
    assert_eq!(unknown.status.code(), Some(2));
    // It says where the codes are: the contributors' page, and the codes themselves.
    assert!(stderr(&unknown).contains("contribute/") && stderr(&unknown).contains("E020"));
}

#[test]
fn version_names_the_commit_and_completions_and_manual_cover_every_command() {
    let p = Project::copy_of_real();
    let stdout = |args: &[&str]| {
        let out = p.run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let version = stdout(&["--version"]);
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    match commit {
        Some(c) => assert!(version.contains(&format!("(commit {c})")), "{version}"),
        None => assert!(version.contains("outside a git checkout"), "{version}"),
    }
    let man = stdout(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH briefing 1"),
        "not a manual page"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&["completions", shell]);
        for command in ["build", "check", "serve", "bundle", "explain", "coverage"] {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
            assert!(man.contains(command), "the manual page lacks {command}");
        }
    }
}

#[test]
fn bundle_is_deterministic_and_holds_the_whole_site() {
    let p = Project::copy_of_real();
    // The offline edition is the site with every address relative.
    assert!(p.run(&["build", "--relative"]).status.success());
    let first = p.run(&["bundle"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let a = std::fs::read(p.path().join("briefing-offline.zip")).unwrap();
    assert!(p.run(&["bundle", "--output", "again.zip"]).status.success());
    assert_eq!(
        a,
        std::fs::read(p.path().join("again.zip")).unwrap(),
        "two bundles differ"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    let built: Vec<String> = p
        .snapshot("public")
        .into_iter()
        .filter(|(path, _)| !path.ends_with(briefing::write::MARKER))
        .map(|(path, _)| {
            format!(
                "briefing/{}",
                path.strip_prefix("public").unwrap().display()
            )
        })
        .collect();
    assert_eq!(names, built);
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        assert_eq!(
            entry.last_modified(),
            Some(zip::DateTime::default()),
            "{}",
            entry.name().unwrap()
        );
        assert_eq!(
            entry.unix_mode().map(|m| m & 0o777),
            Some(0o644),
            "{}",
            entry.name().unwrap()
        );
    }
    let mut index = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("briefing/index.html").unwrap(),
        &mut index,
    )
    .unwrap();
    assert_eq!(index, p.read("public/index.html"));
}

#[test]
fn build_refuses_scaffold_todos_that_check_only_warns_about() {
    let p = Project::copy_of_real();
    assert!(p.run(&["new", "country", "Con"]).status.success());
    assert!(p
        .path()
        .join("content/countries/con-country.yaml")
        .is_file());
    assert!(p.run(&["check"]).status.success());
    let out = p.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[W001]"), "{}", stderr(&out));
    assert!(!p.path().join("public").exists());
}

#[test]
fn without_the_sources_the_country_files_are_still_checked() {
    // Nothing can be validated without the sources, but a country file's own error is still reported in the same
    // run: `check` parses country files a chunk at a time, during validation.
    let p = Project::copy_of_real();
    std::fs::remove_file(p.path().join("seeds/sources.yaml")).unwrap();
    p.write(
        "content/countries/benin.yaml",
        "name: Benin\nclaims: [\n  - oops\n",
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("seeds/sources.yaml"), "{err}");
    assert!(
        err.contains("--> content/countries/benin.yaml:3:3"),
        "{err}"
    );
}

/// The numbers of a progress line's count, e.g. `[7, 64]` for "7 of 64 country files read".
fn counts_before(line: &str, unit: &str) -> Option<Vec<usize>> {
    let before = &line[..line.find(unit)?];
    let count = before.rsplit('…').next()?;
    count
        .split(" of ")
        .map(|n| n.trim().replace(',', "").parse().ok())
        .collect()
}

/// What `build` shows on a terminal of `columns` columns (a pseudo-terminal made by `script`), without the
/// erase-line codes; fails the test if the build fails.
fn build_on_a_terminal(p: &Project, columns: u16) -> String {
    let command = format!(
        "stty cols {columns}; '{}' --root '{}' build",
        env!("CARGO_BIN_EXE_briefing"),
        p.path().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("`script` (util-linux) makes the terminal");
    let text = String::from_utf8_lossy(&out.stdout).replace("\x1b[K", "");
    assert!(out.status.success(), "{text}");
    text
}

/// On a terminal (a pseudo-terminal made by `script`), `build` counts the country files it reads and the files
/// it writes; the last count shown is the whole.
#[test]
fn a_build_on_a_terminal_counts_files_read_and_written() {
    let p = Project::copy_of_real();
    let countries = std::fs::read_dir(p.path().join("content/countries"))
        .unwrap()
        .count();
    let text = build_on_a_terminal(&p, 200);
    let lines: Vec<&str> = text.split(['\r', '\n']).collect();
    let read: Vec<Vec<usize>> = lines
        .iter()
        .filter_map(|l| counts_before(l, "country files read"))
        .collect();
    assert_eq!(read.last(), Some(&vec![countries, countries]), "{text}");
    assert!(read.iter().all(|c| c[0] <= countries), "{text}");
    let written: Vec<usize> = lines
        .iter()
        .filter_map(|l| counts_before(l, "files written"))
        .map(|c| c[0])
        .collect();
    let built: usize = text
        .split("built ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the build says how many files it wrote");
    assert_eq!(written.last(), Some(&built), "{text}");
    assert!(written.windows(2).all(|w| w[0] <= w[1]), "{text}");
}

/// On a narrow terminal every progress line is cut to its width: a line that wrapped could not be erased, and
/// each redraw would leave one behind.
#[test]
fn progress_lines_fit_a_narrow_terminal() {
    let p = Project::copy_of_real();
    let text = build_on_a_terminal(&p, 40);
    let progress: Vec<&str> = text
        .split(['\r', '\n'])
        .filter(|l| l.starts_with("building: "))
        .collect();
    assert!(progress.iter().any(|l| l.contains("validate")), "{text}");
    for line in progress {
        assert!(
            line.chars().count() < 40,
            "{line:?} is wider than the terminal"
        );
    }
}
