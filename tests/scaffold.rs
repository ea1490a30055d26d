//! `briefing new` and `briefing schema`: scaffolds that pass check with TODO warnings, and committed schemas
//! that match the Rust types.

mod common;

use common::{stderr, Project};

#[test]
fn new_country_passes_check_with_todo_warnings_only() {
    let p = Project::copy_of_real();
    let out = p.run(&["new", "country", "São Tomé and Príncipe"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = p.read("content/countries/sao-tome-and-principe.yaml");
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/country.schema.json"));
    let check = p.run(&["check"]);
    let err = stderr(&check);
    assert!(check.status.success(), "{err}");
    assert!(
        err.contains("warning[W001]: the scaffold's TODO is still here"),
        "{err}"
    );
    assert!(
        err.contains("--> content/countries/sao-tome-and-principe.yaml:5:"),
        "{err}"
    );
    assert!(!err.contains("error["), "{err}");
    // A second time it refuses to overwrite.
    let again = p.run(&["new", "country", "São Tomé and Príncipe"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
}

#[test]
fn new_country_transliterates_names_in_other_scripts_or_takes_a_slug() {
    let p = Project::copy_of_real();
    for (name, file) in [
        ("Україна", "ukrayina"),
        ("Беларусь", "belarus"),
        ("Ελλάδα", "ellada"),
    ] {
        let out = p.run(&["new", "country", name]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(
            p.read(&format!("content/countries/{file}.yaml"))
                .contains(&format!("name: \"{name}\"")),
            "{name}"
        );
    }
    let out = p.run(&["new", "country", "Молдова", "--slug", "moldova-test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p
        .path()
        .join("content/countries/moldova-test.yaml")
        .is_file());
    let check = p.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // Refused, with nothing written: a second file of the same name, a slug that is not one, and a name of
    // which nothing transliterates.
    let before = p.snapshot("content");
    for (args, says) in [
        (
            &["Україна"][..],
            "content/countries/ukrayina.yaml already exists: edit it, or give this country another file name with --slug",
        ),
        (
            &["Україна", "--slug", "Ukr aine"][..],
            "`Ukr aine` is not a valid slug: use lowercase ASCII letters, digits and single hyphens, e.g. `ukr-aine`",
        ),
        (&["\u{E000}"][..], "give one with --slug"),
    ] {
        let out = p.run(&[&["new", "country"][..], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(before, p.snapshot("content"));
}

/// The scaffold's comment lists each claim axis with its statuses: every one of them is accepted by `check`,
/// and there is a line for each axis a claim can have.
#[test]
fn every_status_the_country_scaffold_lists_passes_check() {
    let p = Project::copy_of_real();
    assert!(p.run(&["new", "country", "Narnia"]).status.success());
    let text = p.read("content/countries/narnia.yaml");
    let mut axes = Vec::new();
    // One country per status: two statuses on one axis would be a conflict to record (E050).
    for line in text.lines() {
        let Some((axis, statuses)) = line.strip_prefix("  #   ").and_then(|l| l.split_once(": "))
        else {
            continue;
        };
        axes.push(axis.to_owned());
        for status in statuses.trim_end_matches(" (+ kind)").split(" | ") {
            let kind = if axis == "agreement" {
                "\n    kind: TODO"
            } else {
                ""
            };
            let name = format!("Narnia {axis} {status}");
            let out = p.run(&["new", "country", &name]);
            assert!(out.status.success(), "{}", stderr(&out));
            let rel = format!(
                "content/countries/{}.yaml",
                name.to_lowercase().replace([' ', '_'], "-")
            );
            let scaffold = p.read(&rel);
            p.write(&rel, &format!(
                "{scaffold}  - text: \"TODO: {axis} {status}\"\n    axis: {axis}\n    status: {status}{kind}\n    cites: []\n"
            ));
        }
    }
    assert_eq!(axes, ["outreach", "agreement", "stance"], "{text}");
    let check = p.run(&["check"]);
    let err = stderr(&check);
    assert!(check.status.success(), "{err}");
    assert!(!err.contains("error["), "{err}");
}

#[test]
fn new_source_copies_the_seed_and_passes_check_with_todo_warnings_only() {
    let p = Project::copy_of_real();
    let article = p.path().join("incoming.txt");
    std::fs::write(&article, "A headline\nA sentence of reporting.\n").unwrap();
    let out = p.run(&[
        "new",
        "source",
        article.to_str().unwrap(),
        "--id",
        "new-report",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        p.read("seeds/incoming.txt"),
        "A headline\nA sentence of reporting.\n"
    );
    let sources = p.read("seeds/sources.yaml");
    assert!(
        sources.contains(
            "- id: new-report\n    file: \"incoming.txt\"\n    \
             sha256: 6e209901613db3d0058205eb8a51f77bb079a482e43d1322ccb8a5854fff69c2\n    title: \"A headline\""
        ),
        "{sources}"
    );
    // As a country's scaffold: `check` passes, naming each TODO (the date's among them) as a warning; the hash
    // it recorded is the file's.
    let check = p.run(&["check"]);
    let err = stderr(&check);
    assert!(check.status.success(), "{err}");
    assert!(!err.contains("error["), "{err}");
    let published = sources
        .lines()
        .position(|l| l.contains("published: { value: \"TODO\""))
        .expect("the scaffold's date")
        + 1;
    assert!(
        err.contains(&format!("--> seeds/sources.yaml:{published}:")),
        "{err}"
    );
    // `build` refuses what is still TODO, and writes nothing.
    let build = p.run(&["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!p.path().join("public").exists());
}

#[test]
fn new_source_says_which_of_id_file_or_text_is_registered_already() {
    let p = Project::copy_of_real();
    let first = p.path().join("incoming.txt");
    std::fs::write(&first, "A headline\nA sentence of reporting.\n").unwrap();
    let add = |file: &std::path::Path, id: &str| {
        p.run(&["new", "source", file.to_str().unwrap(), "--id", id])
    };
    assert!(add(&first, "new-report").status.success());
    let before = p.read("seeds/sources.yaml");
    let refused = |out: std::process::Output, says: &str| {
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert_eq!(p.read("seeds/sources.yaml"), before);
    };
    let other = p.path().join("other.txt");
    std::fs::write(&other, "Another article\n").unwrap();
    refused(
        add(&other, "new-report"),
        "the id `new-report` is already registered (for seeds/incoming.txt)",
    );
    assert!(!p.path().join("seeds/other.txt").exists());
    refused(
        add(&first, "second-name"),
        "seeds/incoming.txt is already registered, as `new-report`",
    );
    // The same bytes under another file name and id: one article, which would count as two sources.
    let copy = p.path().join("copy.txt");
    std::fs::copy(&first, &copy).unwrap();
    refused(
        add(&copy, "copy"),
        "this text is already registered, as `new-report` (seeds/incoming.txt, the same SHA-256 6e2099",
    );
    assert!(!p.path().join("seeds/copy.txt").exists());
}

#[test]
fn committed_schemas_match_the_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (name, schema) in briefing::schema::all() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert_eq!(
            committed,
            briefing::schema::to_text(&schema),
            "schemas/{name} is stale: run `cargo run -- schema` and commit the result"
        );
    }
}

/// Whether `pattern` (a path with `*` standing for any name in its last part) matches `path`.
fn glob_matches(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        Some((before, after)) => {
            path.starts_with(before)
                && path.ends_with(after)
                && path.len() >= before.len() + after.len()
                && !path[before.len()..path.len() - after.len()].contains('/')
        }
        None => pattern == path,
    }
}

/// Every content file names its schema in a first-line comment, and the editor's mapping
/// (`.vscode/settings.json`, `yaml.schemas`) gives it the same schema.
#[test]
fn every_content_file_names_its_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let editor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let mut files = vec![
        (
            "content/site.yaml".to_owned(),
            "../schemas/site.schema.json",
        ),
        (
            "content/timeline.yaml".to_owned(),
            "../schemas/timeline.schema.json",
        ),
        (
            "content/disagreements.yaml".to_owned(),
            "../schemas/disagreements.schema.json",
        ),
        (
            "seeds/sources.yaml".to_owned(),
            "../schemas/sources.schema.json",
        ),
    ];
    for (dir, schema) in [
        ("content/countries", "../../schemas/country.schema.json"),
        ("content/topics", "../../schemas/topic.schema.json"),
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push((
                format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy()),
                schema,
            ));
        }
    }
    for (file, schema) in files {
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        assert_eq!(
            text.lines().next().unwrap_or(""),
            format!("# yaml-language-server: $schema={schema}"),
            "{file}"
        );
        // The path is relative to the file: it must lead to the committed schema.
        let target = root.join(&file).parent().unwrap().join(schema);
        assert!(
            target.is_file(),
            "{file}: {} does not exist",
            target.display()
        );
        let schema_name = schema.rsplit('/').next().unwrap();
        let mapped: Vec<&str> = editor["yaml.schemas"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, globs)| {
                globs
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|g| glob_matches(g.as_str().unwrap(), &file))
            })
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(
            mapped,
            [format!("schemas/{schema_name}")],
            "{file} in .vscode/settings.json"
        );
    }
}
