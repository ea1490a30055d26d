//! Hostile input, kept as tests: each case must give a clear error naming the file (or safe output), the right
//! exit code, no panic, no hang, and leave an existing public/ byte for byte as it was, with nothing written
//! anywhere else in the project.

mod common;

use std::fs;

use common::{stderr, Project};

/// Everything in the project folder except public/: paths and bytes.
fn outside_public(p: &Project) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    for top in ["content", "seeds", "templates"] {
        all.extend(p.snapshot(top));
    }
    let mut names: Vec<String> = fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    all.push(("<top level>".into(), names.join("\n").into_bytes()));
    all
}

/// Builds the real site, applies `attack`, then runs check and build. Both must exit 1 with every string of
/// `expect` in their output, without a panic; public/ and the rest of the project must be unchanged.
fn refused(attack: impl FnOnce(&Project), expect: &[&str]) {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    let public = p.snapshot("public");
    attack(&p);
    let rest = outside_public(&p);
    for cmd in ["check", "build"] {
        let out = p.run(&[cmd]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{cmd} panicked:\n{err}");
        assert_eq!(out.status.code(), Some(1), "{cmd}:\n{err}");
        for e in expect {
            assert!(err.contains(e), "{cmd}: expected {e:?} in:\n{err}");
        }
    }
    assert_eq!(public, p.snapshot("public"), "public/ changed");
    assert_eq!(
        rest,
        outside_public(&p),
        "something outside public/ changed"
    );
}

const COUNTRY: &str = "content/countries/benin.yaml";

#[test]
fn invalid_utf8_names_file_line_and_column() {
    refused(
        |p| fs::write(p.path().join(COUNTRY), b"name: Be\xffnin\n").unwrap(),
        &["E004", "benin.yaml:1:9", "not valid UTF-8"],
    );
}

#[test]
fn binary_junk_is_refused() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    refused(
        |p| fs::write(p.path().join(COUNTRY), &junk).unwrap(),
        &["E004", "benin.yaml"],
    );
}

#[test]
fn a_50_megabyte_file_is_refused_without_reading_it() {
    refused(
        |p| {
            let f = fs::File::create(p.path().join(COUNTRY)).unwrap();
            f.set_len(50 * 1024 * 1024).unwrap();
        },
        &["E004", "benin.yaml", "the limit is"],
    );
}

#[test]
fn deep_nesting_is_refused() {
    refused(
        |p| p.write(COUNTRY, &format!("name: {}", "[".repeat(100_000))),
        &["E001", "benin.yaml:1:", "invalid YAML"],
    );
}

#[test]
fn alias_bomb_is_refused() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in "bcdefghi".chars().enumerate() {
        let prev = (b'a' + i as u8) as char;
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    refused(
        |p| p.write(COUNTRY, &bomb),
        &["E003", "benin.yaml:1:4", "anchors and aliases"],
    );
}

#[test]
fn duplicate_keys_are_refused() {
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: Benin\nname: Benin again"),
        &["E002", "benin.yaml", "duplicate"],
    );
}

#[test]
fn empty_file_is_refused() {
    refused(|p| p.write(COUNTRY, ""), &["E002", "benin.yaml"]);
}

#[test]
fn top_level_list_is_refused() {
    refused(
        |p| p.write(COUNTRY, "- name: Benin\n"),
        &["E002", "benin.yaml", "invalid type: sequence"],
    );
}

#[test]
fn file_names_that_are_not_slugs_are_refused() {
    for name in [
        "Costa Rica.yaml",
        "a..b.yaml",
        "UPPER.yaml",
        "con.yaml",
        "-x.yaml",
    ] {
        refused(
            |p| {
                fs::copy(
                    p.path().join(COUNTRY),
                    p.path().join("content/countries").join(name),
                )
                .map(drop)
                .unwrap()
            },
            &["E005", name],
        );
    }
}

#[test]
fn ids_with_path_tricks_are_refused() {
    refused(
        |p| {
            p.edit(
                "seeds/sources.yaml",
                "id: cbs-angola-equatorial-guinea",
                "id: ../../etc/passwd",
            )
        },
        &[
            "E005",
            "seeds/sources.yaml",
            "`../../etc/passwd` is not a valid id",
        ],
    );
    refused(
        |p| {
            p.edit(
                "seeds/sources.yaml",
                "file: 000_d2bfd3e564dade3d.txt",
                "file: ../Cargo.toml",
            )
        },
        &["E030", "seeds/sources.yaml", "not found"],
    );
    refused(
        |p| {
            p.edit(
                COUNTRY,
                "region: Africa",
                "region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    origins: [\"../angola\"]\n    cites: []",
            )
        },
        &["E011", "unknown country `../angola`"],
    );
}

#[test]
fn control_characters_in_values_are_refused() {
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: \"Be\\0nin\""),
        &["E002", "benin.yaml:", "control character U+0000"],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: \"Be\\x1bnin\""),
        &["E002", "control character U+001B"],
    );
}

#[test]
fn empty_and_whole_seed_quotes_are_refused() {
    refused(
        |p| {
            p.edit(COUNTRY, "region: Africa", "region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    cites:\n      - { source: wsj-more-third-countries, quote: \"  \" }")
        },
        &["E022", "benin.yaml"],
    );
    refused(
        |p| {
            let whole =
                fs::read_to_string(p.path().join("seeds/004_9e22cbcf9b5cfec2.txt")).unwrap();
            let quoted = serde_json::to_string(&whole).unwrap();
            p.edit(COUNTRY, "region: Africa", &format!("region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    cites:\n      - {{ source: wsj-more-third-countries, quote: {quoted} }}"));
        },
        &["E023", "benin.yaml", "whole seed"],
    );
}

#[test]
fn symlink_in_content_pointing_outside_is_refused() {
    refused(
        |p| {
            std::os::unix::fs::symlink("/etc/passwd", p.path().join("content/countries/evil.yaml"))
                .unwrap()
        },
        &[
            "E004",
            "content/countries/evil.yaml",
            "links are not followed",
        ],
    );
    refused(
        |p| {
            fs::rename(
                p.path().join("content/topics"),
                p.path().join("topics-elsewhere"),
            )
            .unwrap();
            std::os::unix::fs::symlink(
                p.path().join("topics-elsewhere"),
                p.path().join("content/topics"),
            )
            .unwrap();
        },
        &["E004", "content/topics", "links are not followed"],
    );
    // The whole content/ folder as a link to YAML outside the project.
    refused(
        |p| {
            fs::rename(p.path().join("content"), p.path().join("elsewhere")).unwrap();
            std::os::unix::fs::symlink(p.path().join("elsewhere"), p.path().join("content"))
                .unwrap();
        },
        &["E004", "content is a link"],
    );
}

#[test]
fn script_in_markdown_comes_out_inert() {
    let p = Project::copy_of_real();
    // Block-level HTML in a summary (where blocks are allowed) and inline HTML in a flow's one-paragraph text.
    p.edit(
        COUNTRY,
        "summary: |\n",
        "summary: |\n  <script>alert(1)</script>\n\n  ![i](http://e.example/p.png) [a](javascript:alert(1)) [b](JaVaScRiPt:alert(2))\n\n",
    );
    let inline = r##"Text <img src=x onerror=alert(1)> and <a href=\"#\" onclick=\"x()\">c</a>"##;
    p.edit(
        COUNTRY,
        "region: Africa",
        &format!("region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: \"{inline}\"\n    cites:\n      - {{ source: wsj-more-third-countries, quote: \"countries such as Libya, Rwanda, Benin\" }}"),
    );
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = p
        .read("public/countries/benin/index.html")
        .to_ascii_lowercase();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "script not shown as text"
    );
    // The page's only script elements are the site's own files from static/.
    for tag in html.split("<script").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            tag.starts_with(" src=\"") && tag.contains("static") && tag.ends_with(".js\" defer"),
            "script element in output: <script{tag}>"
        );
    }
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript: link in output"
    );
    assert!(!html.contains("<img"), "image element in output");
    // Escaped text may still read `onclick="..."`; only an attribute inside a real tag would run.
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
    {
        assert!(
            !tag.contains(" onclick=") && !tag.contains(" onerror="),
            "live event handler in <{tag}>"
        );
    }
}
