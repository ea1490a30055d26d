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
        &["E008", "benin.yaml:", "control character U+0000"],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: \"Be\\x1bnin\""),
        &["E008", "control character U+001B"],
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
    // And in the name, which the page's JSON-LD carries.
    p.edit(COUNTRY, "name: Benin", "name: \"Benin </script><b>\"");
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = p
        .read("public/countries/benin/index.html")
        .to_ascii_lowercase();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "script not shown as text"
    );
    // The page's only script elements are the site's own files from static/, and its JSON-LD data block, in
    // which the contributor's text cannot open or close an element.
    for tag in html.split("<script").skip(1) {
        if let Some(data) = tag.strip_prefix(" type=\"application/ld+json\">") {
            let data = &data[..data.find("</script>").unwrap()];
            assert!(!data.contains('<'), "markup in the JSON-LD: {data}");
            assert!(
                data.contains("benin \\u003c/script\\u003e\\u003cb\\u003e"),
                "{data}"
            );
            continue;
        }
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

// ---------------------------------------------------------------------------------------------------------------
// Hardening (issue 12): bounded reads, guarded writes, control characters, one notion of a line, silent accepts
// refused, messages that say what is wrong.
// ---------------------------------------------------------------------------------------------------------------

/// As `refused`, and none of `absent` may appear in the output (a misleading second message).
fn refused_saying_only(attack: impl FnOnce(&Project), expect: &[&str], absent: &[&str]) {
    let p = Project::copy_of_real();
    attack(&p);
    for cmd in ["check", "build"] {
        let out = p.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}:\n{err}");
        for e in expect {
            assert!(err.contains(e), "{cmd}: expected {e:?} in:\n{err}");
        }
        for a in absent {
            assert!(!err.contains(a), "{cmd}: {a:?} should not be said:\n{err}");
        }
        assert!(
            !err.contains(['\u{1b}', '\u{7}']),
            "{cmd}: raw ESC or BEL reached the terminal:\n{err:?}"
        );
    }
    assert!(!p.path().join("public").exists());
}

const SEED: &str = "seeds/004_9e22cbcf9b5cfec2.txt";

fn fifo(path: &std::path::Path) {
    let _ = fs::remove_file(path);
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_bits_truncate(0o644),
        0,
    )
    .unwrap();
}

#[test]
fn named_pipes_where_files_belong_are_refused_without_blocking() {
    for (rel, absent) in [
        (SEED, "not found"),
        (COUNTRY, "E002"),
        ("seeds/sources.yaml", "E030"),
        ("content/site.yaml", "E002"),
    ] {
        refused_saying_only(
            |p| fifo(&p.path().join(rel)),
            &["E004", rel, "it is a named pipe, not a regular file"],
            &[absent],
        );
    }
}

#[test]
fn a_link_a_huge_file_or_bad_utf8_as_seed_says_so_not_seed_not_found() {
    refused_saying_only(
        |p| {
            fs::remove_file(p.path().join(SEED)).unwrap();
            std::os::unix::fs::symlink("/dev/zero", p.path().join(SEED)).unwrap();
        },
        &["E004", SEED, "links are not followed"],
        &["not found", "E030"],
    );
    refused_saying_only(
        |p| {
            let f = fs::File::create(p.path().join(SEED)).unwrap();
            f.set_len(5 * 1024 * 1024 * 1024).unwrap();
        },
        &["E004", SEED, "the limit is"],
        &["not found", "E030"],
    );
    refused_saying_only(
        |p| {
            let mut bytes = fs::read(p.path().join(SEED)).unwrap();
            bytes.splice(10..10, [0xff, 0xfe]);
            fs::write(p.path().join(SEED), bytes).unwrap();
        },
        &["E004", &format!("{SEED}:1:11"), "not valid UTF-8"],
        &["not found", "E030"],
    );
}

#[test]
fn templates_and_assets_that_are_pipes_are_refused_without_blocking() {
    let p = Project::copy_of_real();
    fifo(&p.path().join("templates/home.html"));
    let out = p.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
    let p = Project::copy_of_real();
    fifo(&p.path().join("templates/static/extra.css"));
    let out = p.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("templates/static/extra.css"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("named pipe"), "{}", stderr(&out));
}

#[test]
fn new_source_reads_only_a_bounded_regular_file() {
    let outside = tempfile::tempdir().unwrap();
    let pipe = outside.path().join("pipe.txt");
    fifo(&pipe);
    let zero = outside.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let huge = outside.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(5 * 1024 * 1024 * 1024)
        .unwrap();
    let bell = outside.path().join("bell.txt");
    fs::write(&bell, "An article\nwith a bell \u{7} in it.\n").unwrap();
    for (file, expect) in [
        (&pipe, "named pipe"),
        (&zero, "a device"),
        (&huge, "the limit is"),
        (&bell, "bell.txt:2:13: control character U+0007"),
    ] {
        let p = Project::copy_of_real();
        let seeds = p.snapshot("seeds");
        let out = p.run(&["new", "source", file.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(expect), "expected {expect:?} in {err}");
        assert!(!err.contains('\u{7}'), "{err:?}");
        assert_eq!(seeds, p.snapshot("seeds"), "seeds/ changed");
    }
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    // In a seed, raw: refused with its line and column, shown escaped.
    refused_saying_only(
        |p| {
            let text = p.read(SEED);
            p.write(
                SEED,
                &text.replacen("\n", "\u{1b}]0;pwned\u{7}\u{1b}[2J\n", 1),
            );
        },
        &[
            "E008",
            "control character U+001B",
            "<U+001B>]0;pwned<U+0007>",
        ],
        &["E030"],
    );
    refused_saying_only(
        |p| {
            let text = p.read(SEED);
            p.write(SEED, &text.replacen(" ", "\0", 1));
        },
        &["E008", "control character U+0000"],
        &[],
    );
    // In YAML, raw or as an escape, in every output format.
    refused_saying_only(
        |p| p.edit(COUNTRY, "name: Benin", "name: \"Be\\x07nin\\x1b[2J\""),
        &["E008", "benin.yaml:", "control character U+0007"],
        &[],
    );
    let p = Project::copy_of_real();
    p.edit(COUNTRY, "region: Africa", "region: Africa\u{1b}[2J");
    for format in ["human", "github", "json"] {
        let out = p.run(&["--format", format, "check"]);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            !all.contains(&0x1b),
            "{format}: {}",
            String::from_utf8_lossy(&all)
        );
        assert!(String::from_utf8_lossy(&all).contains("U+001B"), "{format}");
    }
}

/// A line feed in a file's name or in `--output` is escaped as the other control characters are: printed raw, it
/// would start a line of its own that could pass for the tool's (`check passed`).
#[test]
fn line_feeds_in_names_never_reach_the_terminal_raw() {
    let p = Project::copy_of_real();
    fs::copy(
        p.path().join(COUNTRY),
        p.path().join("content/countries/be\ncheck passed.yaml"),
    )
    .unwrap();
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("be<U+000A>check passed"), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("check passed")), "{err}");
    fs::remove_file(p.path().join("content/countries/be\ncheck passed.yaml")).unwrap();
    for (args, code) in [
        (&["build", "--output", "site\nforged"][..], 0),
        (&["bundle", "--output", "content/x\nforged.zip"][..], 2),
    ] {
        let out = p.run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{err}");
        assert!(err.contains("<U+000A>"), "{args:?}: {err}");
        assert!(
            !err.lines().any(|l| l.starts_with("forged")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn bidirectional_overrides_and_line_separators_are_refused_with_their_position() {
    for (ch, what) in [
        ('\u{202E}', "bidirectional formatting character U+202E"),
        ('\u{2067}', "bidirectional formatting character U+2067"),
        ('\u{2028}', "line separator U+2028"),
        ('\u{0085}', "line separator U+0085"),
    ] {
        refused_saying_only(
            |p| p.edit(COUNTRY, "iso2: BJ", &format!("iso2: BJ\nnote: a{ch}b")),
            &["E008", "benin.yaml:", what],
            &[],
        );
    }
    // The position is the character's own, on the line both parsers agree on.
    let p = Project::copy_of_real();
    let text = p.read(COUNTRY);
    let line = text.lines().position(|l| l.starts_with("region:")).unwrap() + 1;
    p.edit(COUNTRY, "region: Africa", "region: Af\u{2028}rica");
    let err = stderr(&p.run(&["check"]));
    assert!(err.contains(&format!("benin.yaml:{line}:11")), "{err}");
}

/// Markdown decodes HTML character references, so `&#x202E;` in a text reached the pages and the single-file
/// edition as the override itself. A reference is refused as the character it stands for is, in any value, at the
/// value's position; and noncharacters, which make the feed ill-formed XML, are refused in every form.
#[test]
fn character_references_and_noncharacters_are_refused_in_every_form() {
    // The folded value starts on the line after `text: >-`.
    let claim_line = {
        let p = Project::copy_of_real();
        let text = p.read(COUNTRY);
        text.lines()
            .position(|l| l.starts_with("    text:"))
            .unwrap()
            + 2
    };
    for (reference, what) in [
        ("&#x202E;", "bidirectional formatting character U+202E"),
        ("&#8238;", "bidirectional formatting character U+202E"),
        ("&#x1b;", "control character U+001B"),
        ("&#X7;", "control character U+0007"),
        ("&#x2028;", "line separator U+2028"),
        ("&#x85;", "line separator U+0085"),
        ("&#xFFFE;", "noncharacter U+FFFE"),
        ("&#xfdd0;", "noncharacter U+FDD0"),
        ("&#x10FFFF;", "noncharacter U+10FFFF"),
        ("&#x1;", "control character U+0001"),
    ] {
        let at = format!("benin.yaml:{claim_line}:");
        refused_saying_only(
            |p| {
                p.edit(
                    COUNTRY,
                    "    text: >-\n",
                    &format!("    text: >-\n      Says {reference}\n"),
                )
            },
            &["E008", &at, what, reference],
            &[],
        );
    }
    // Noncharacters typed as they are, or as YAML escapes, in a value or a seed.
    for (edit, what) in [
        ("summary: \"a\u{FFFE}b\"", "noncharacter U+FFFE"),
        ("summary: \"a\\uFDEF\"", "noncharacter U+FDEF"),
        ("summary: \"a\\U0001FFFF\"", "noncharacter U+1FFFF"),
    ] {
        refused_saying_only(
            |p| p.edit(COUNTRY, "summary: |", &format!("{edit}\nold_summary: |")),
            &["E008", "benin.yaml:", what],
            &[],
        );
    }
    refused_saying_only(
        |p| {
            let text = p.read(SEED);
            p.write_seed(SEED, &text.replacen(' ', "\u{FDD5}", 1));
        },
        &["E008", "noncharacter U+FDD5"],
        &[],
    );
    // What is harmless stays allowed: an escaped ampersand, a reference to an ordinary character.
    let p = Project::copy_of_real();
    p.edit(
        COUNTRY,
        "    text: >-\n",
        "    text: >-\n      R&amp;D &#x41; &#8212; &#xFFFD; &#\n",
    );
    let out = p.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn new_country_refuses_unsafe_names_and_never_follows_a_link() {
    for name in [
        "Bad\rName",
        "Bad\u{2028}Name",
        "Bad\u{85}Name",
        "Bad\u{1b}[2JName",
        "Bad\u{202E}Name",
        "Two\nLines",
    ] {
        let p = Project::copy_of_real();
        let before = p.snapshot("content");
        let out = p.run(&["new", "country", name]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name:?}: {err}");
        assert!(err.contains("plain text on one line"), "{name:?}: {err}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
        assert_eq!(before, p.snapshot("content"), "{name:?}");
    }
    // A name with quotes and backslashes is written safely and loads.
    let p = Project::copy_of_real();
    let out = p.run(&["new", "country", "Côte \"d'Ivoire\" \\ test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = p.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A link where the scaffold goes: refused, and nothing is written where it points.
    let p = Project::copy_of_real();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("owned.yaml");
    std::os::unix::fs::symlink(&target, p.path().join("content/countries/narnia.yaml")).unwrap();
    let out = p.run(&["new", "country", "Narnia"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!target.exists(), "the scaffold was written through a link");
    // A linked content/countries/ folder: refused too.
    let p = Project::copy_of_real();
    fs::rename(
        p.path().join("content/countries"),
        outside.path().join("countries"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("countries"),
        p.path().join("content/countries"),
    )
    .unwrap();
    let out = p.run(&["new", "country", "Narnia"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a link"), "{}", stderr(&out));
    assert!(!outside.path().join("countries/narnia.yaml").exists());
}

/// Thousands of diagnostics in one file: people get the first ten of each kind and a count of the rest, tools
/// get every one, each at its own line. (Placing each now costs the same however many came before it: 100,000
/// unknown keys took over a minute. That is measured with hyperfine, not timed here.)
#[test]
fn thousands_of_diagnostics_in_a_file_are_capped_for_people_and_complete_for_tools() {
    let p = Project::copy_of_real();
    let text = p.read(COUNTRY);
    let line = text.lines().position(|l| l.starts_with("region:")).unwrap() + 2;
    let keys: String = (0..2000).map(|i| format!("extra_{i}: x\n")).collect();
    p.edit(
        COUNTRY,
        "region: Africa\n",
        &format!("region: Africa\n{keys}"),
    );
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.matches("error[E002]").count(), 10, "{err}");
    assert!(
        err.contains("... and 1990 more E002 of the same kind in content/countries/benin.yaml"),
        "{err}"
    );
    assert!(err.contains("2000 error(s)"), "{err}");
    let out = p.run(&["--format", "json", "check"]);
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all.len(), 2000);
    for (i, d) in all.iter().enumerate() {
        assert_eq!(d["message"], format!("unknown field `extra_{i}`"));
        assert_eq!(d["line"], line + i, "{d}");
    }
}

#[test]
fn every_unknown_field_of_a_file_is_reported_in_one_run() {
    refused(
        |p| {
            let text = p.read(COUNTRY);
            let text = text
                .replacen("region:", "regoin:", 1)
                .replacen("summary:", "sumary:", 1);
            let text = text.replacen("    cites:", "    cietes:", 1);
            // The last quote, outside the renamed `cietes` (whose contents cannot be checked).
            let last = text.rfind("quote:").unwrap();
            p.write(
                COUNTRY,
                &format!("{}qoute:{}", &text[..last], &text[last + "quote:".len()..]),
            );
        },
        &[
            "unknown field `regoin`",
            "unknown field `sumary`",
            "unknown field `cietes`",
            "unknown field `qoute`",
            "did you mean `region`?",
            "4 error(s)",
        ],
    );
}

#[test]
fn silent_accepts_are_refused_with_a_message() {
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: !!binary QmVuaW4="),
        &["E007", "benin.yaml:", "`!!binary`"],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: !country Benin"),
        &["E007", "`!country`"],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: ~"),
        &["E002", "`~` is YAML's null"],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name:"),
        &["E002", "empty value"],
    );
    // A list left empty after its colon is null too: the JSON Schema (and editors) refuse it, so does the loader.
    refused(
        |p| {
            let text = p.read(COUNTRY);
            let start = text.find("claims:").unwrap();
            p.write(COUNTRY, &format!("{}claims:\n", &text[..start]));
        },
        &["E002", "empty value", "`[]` for an empty list"],
    );
    refused(
        |p| {
            p.edit(COUNTRY, "region: Africa", "region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: \"  \"\n    cites:\n      - { source: wsj-more-third-countries, quote: \"countries such as Libya, Rwanda, Benin\" }")
        },
        &["E002", "empty text"],
    );
    refused(
        |p| p.edit(COUNTRY, "iso2: BJ", "iso2: AO"),
        &[
            "E006",
            "this iso2 is already used by content/countries/angola.yaml",
        ],
    );
    refused(
        |p| p.edit(COUNTRY, "name: Benin", "name: angola"),
        &[
            "E006",
            "this name is already used by content/countries/angola.yaml",
        ],
    );
    refused(
        |p| {
            p.edit(COUNTRY, "region: Africa", "region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    origins: [angola, angola]\n    cites:\n      - { source: wsj-more-third-countries, quote: \"countries such as Libya, Rwanda, Benin\" }")
        },
        &["E006", "`angola` is listed twice"],
    );
    refused(
        |p| {
            p.edit(
                "seeds/sources.yaml",
                "      value: \"2025\"",
                "      value: \"0000-01-01\"",
            )
        },
        &["E013", "`0000-01-01` is not a date"],
    );
    refused(
        |p| {
            let mut text = p.read("seeds/sources.yaml");
            text.push_str("  - id: same-file\n    file: 004_9e22cbcf9b5cfec2.txt\n    sha256: x\n    title: X\n    title_basis: stated\n    publisher: { value: X, basis: stated }\n    published: { value: \"2025\", basis: stated }\n    language: English\n    translated: false\n    reliability: x\n");
            p.write("seeds/sources.yaml", &text);
        },
        &["E006", "seed file `004_9e22cbcf9b5cfec2.txt` is already the file of source `wsj-more-third-countries`"],
    );
}

#[test]
fn misleading_messages_now_say_what_is_wrong() {
    // A missing countries folder is named.
    refused_saying_only(
        |p| fs::remove_dir_all(p.path().join("content/countries")).unwrap(),
        &["E004", "folder content/countries/ is missing"],
        &[],
    );
    // A stance status on the outreach axis says where it belongs.
    refused(
        |p| {
            let text = p.read("content/countries/angola.yaml");
            let text = text.replacen(
                "axis: stance\n    status: denied",
                "axis: outreach\n    status: denied",
                1,
            );
            assert!(text.contains("axis: outreach\n    status: denied"));
            p.write("content/countries/angola.yaml", &text);
        },
        &["E012", "`denied` is a status of the stance axis"],
    );
    // A bad axis is named in the content's words, not serde's "unknown variant".
    refused_saying_only(
        |p| {
            p.edit(
                "content/countries/angola.yaml",
                "axis: stance",
                "axis: stanse",
            )
        },
        &[
            "E002",
            "`stanse` is not a status axis",
            "did you mean `stance`?",
        ],
        &["unknown variant"],
    );
    // E001 gives the colon hint only for a colon; tabs and indentation get their own.
    refused_saying_only(
        |p| p.edit(COUNTRY, "region: Africa", "region: Africa: West"),
        &["E001", "put the whole value in double quotes"],
        &["indent"],
    );
    refused_saying_only(
        |p| p.edit(COUNTRY, "region: Africa", "region:\n\t- Africa"),
        &["E001", "indent with spaces"],
        &["double quotes"],
    );
    refused_saying_only(
        |p| p.edit(COUNTRY, "region: Africa", "   region: Africa"),
        &["E001", "indented differently"],
        &["double quotes"],
    ); // A byte order mark inside a value is named, at its place, not taken for a colon.
    refused_saying_only(
        |p| p.edit(COUNTRY, "region: Africa", "region: Af\u{FEFF}rica"),
        &["E001", "benin.yaml:6:11", "byte order mark (U+FEFF) here"],
        &["double quotes"],
    );
    // A lone surrogate escape in a closed value is named at the escape, not as an unclosed quote.
    refused_saying_only(
        |p| p.edit(COUNTRY, "region: Africa", "region: \"Af\\ud800rica\""),
        &["E001", "benin.yaml:6:12", "halves of a UTF-16 pair"],
        &["not closed"],
    );
    // A second document is placed at its `---`, with what to do.
    let second = format!(
        "benin.yaml:{}:1",
        Project::copy_of_real().read(COUNTRY).lines().count() + 1
    );
    refused_saying_only(
        |p| {
            let text = p.read(COUNTRY);
            p.write(COUNTRY, &format!("{text}---\nname: Other\n"));
        },
        &[
            "E001",
            &second,
            "a second YAML document starts here",
            "remove this `---` line",
        ],
        &["more than one document"],
    );
}

/// Runs the binary with stdout sent to /dev/full.
fn run_to_dev_full(p: &Project, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["--root", p.path().to_str().unwrap()])
        .args(args)
        .stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap()
}

#[test]
fn output_that_cannot_be_written_is_an_error() {
    let p = Project::copy_of_real();
    let out = run_to_dev_full(&p, &["--format", "json", "check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be written"),
        "{}",
        stderr(&out)
    );
    let out = run_to_dev_full(&p, &["explain", "E001"]);
    assert_eq!(out.status.code(), Some(2));
}
/// Runs the binary with stdout a pipe whose reader has gone (`briefing check | head` once head has exited).
fn run_into_closed_pipe(p: &Project, args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["--root", p.path().to_str().unwrap()])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A reader that stops reading is no failure: the tool ends quietly, with the exit code of what it found, as
/// Unix tools do; a full disk still is one (above).
#[test]
fn a_closed_pipe_ends_quietly_with_the_commands_own_exit_code() {
    let p = Project::copy_of_real();
    for args in [
        &["--format", "json", "check"][..],
        &["explain", "E001"],
        &["man"],
    ] {
        let out = run_into_closed_pipe(&p, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("could not be written"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Thousands of errors, more than a pipe holds: still exit 1 (content errors), and not a word of the pipe.
    let text = p.read(COUNTRY);
    let unknown: String = (0..5000).map(|i| format!("unknown{i}: x\n")).collect();
    p.write(
        COUNTRY,
        &text.replacen("region: Africa\n", &format!("region: Africa\n{unknown}"), 1),
    );
    let out = run_into_closed_pipe(&p, &["--format", "json", "check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("check failed: 5000 error(s)"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("could not be written"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn build_and_bundle_refuse_outputs_they_do_not_own() {
    let p = Project::copy_of_real();
    std::fs::create_dir_all(p.path().join("notes")).unwrap();
    p.write("notes/plan.txt", "mine");
    let before: Vec<_> = ["content", "seeds", "templates", "notes"]
        .iter()
        .flat_map(|d| p.snapshot(d))
        .collect();
    let cases: &[(&str, &str, &str)] = &[
        ("build", "notes", "no build wrote"),
        ("build", "content", "holds the project's sources"),
        (
            "build",
            "content/countries/site",
            "holds the project's sources",
        ),
        ("build", "seeds", "holds the project's sources"),
        ("build", "templates/static", "holds the project's sources"),
        ("build", ".", "the project folder"),
        ("build", "public/..", "does not end in a name"),
        (
            "bundle",
            "notes/plan.txt",
            "not a bundle written by `briefing bundle`",
        ),
        (
            "bundle",
            "seeds/sources.yaml",
            "holds the project's sources",
        ),
        ("bundle", "content/site.zip", "holds the project's sources"),
        ("bundle", "notes", "it is a folder"),
    ];
    for (cmd, output, expect) in cases {
        let out = p.run(&[cmd, "--output", output]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{cmd} --output {output}: {err}");
        assert!(
            err.contains("error[E041]") && err.contains(expect),
            "{cmd} --output {output}: {err}"
        );
    }
    let after: Vec<_> = ["content", "seeds", "templates", "notes"]
        .iter()
        .flat_map(|d| p.snapshot(d))
        .collect();
    assert_eq!(before, after, "a refused output changed the project");
    // `public/.` is public/; a bundle written earlier may be replaced by the next one.
    let out = p.run(&["build", "--output", "public/."]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.path().join("public/index.html").is_file());
    for _ in 0..2 {
        let out = p.run(&["bundle", "--output", "notes/site.zip"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

/// `bundle` stages its file beside the output under a fixed name, as `build` stages its folder: a file there that
/// no bundle wrote is refused, not overwritten and renamed into place; a complete one that a killed bundle left
/// (it only ever appears complete) is replaced.
#[test]
fn bundle_refuses_a_staging_file_it_did_not_write() {
    let p = Project::copy_of_real();
    fs::create_dir_all(p.path().join("notes")).unwrap();
    let staging = p.path().join("notes/.site.zip.briefing-staging");
    fs::write(&staging, "my own notes").unwrap();
    let out = p.run(&["bundle", "--output", "notes/site.zip"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error[E041]") && err.contains("no bundle wrote it"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&staging).unwrap(), "my own notes");
    assert!(!p.path().join("notes/site.zip").exists());
    // What a bundle killed between staging and renaming leaves: its finished zip, which the next one replaces.
    fs::remove_file(&staging).unwrap();
    assert!(p
        .run(&["bundle", "--output", "notes/site.zip"])
        .status
        .success());
    fs::copy(p.path().join("notes/site.zip"), &staging).unwrap();
    let out = p.run(&["bundle", "--output", "notes/site.zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!staging.exists());
}

#[test]
fn a_killed_builds_staging_is_removed_and_a_blocked_swap_fails() {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    // What a build killed while writing leaves beside public/: a staging folder that starts with the marker.
    let leftover = p.path().join(".public.briefing-staging");
    std::fs::create_dir_all(leftover.join("countries")).unwrap();
    std::fs::write(leftover.join(briefing::write::MARKER), "").unwrap();
    std::fs::write(leftover.join("countries/half.html"), "x").unwrap();
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!leftover.exists(), "the leftover staging folder was kept");
    let names: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        names.is_empty(),
        "hidden leftovers beside public/: {names:?}"
    );
    // public/ as a file: the swap cannot happen, the build says so and exits 2, the file is untouched.
    std::fs::remove_dir_all(p.path().join("public")).unwrap();
    p.write("public", "not a folder");
    let out = p.run(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a folder"), "{}", stderr(&out));
    assert_eq!(p.read("public"), "not a folder");
}

/// Files added to the built site, so that removing an old tree takes long enough to be killed in the middle.
fn pad_public(p: &Project) {
    for d in 0..40 {
        let dir = p.path().join(format!("public/padding/{d:02}"));
        fs::create_dir_all(&dir).unwrap();
        for f in 0..50 {
            fs::write(dir.join(format!("{f:02}.html")), "old page").unwrap();
        }
    }
}

/// Starts `build`, waits for `ready` to hold (polling every millisecond, for at most 20 s), then `delay`, and
/// kills it (SIGKILL). Returns whether it was still running when killed.
fn kill_build(p: &Project, ready: &dyn Fn() -> bool, delay: std::time::Duration) -> bool {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["--root", p.path().to_str().unwrap(), "build"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !ready() && std::time::Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    running
}

/// A build killed at any moment (SIGKILL: no clean-up runs) must never block the next one: whatever it leaves
/// beside public/ is recognised and removed, and the next build gives the same site as an undisturbed one. The
/// kills land at even steps through a whole build, and at even steps through the removal of the old site after
/// the swap, where a tree whose marker was removed first used to be left unrecognisable (exit 2, E041).
#[test]
fn a_build_killed_at_any_point_never_blocks_the_next() {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    let clean = p.snapshot("public");
    pad_public(&p);
    let started = std::time::Instant::now();
    assert!(p.run(&["build"]).status.success());
    let whole = started.elapsed();
    let staging = p.path().join(".public.briefing-staging");
    let old_site_aside = || staging.join("padding").exists();
    let mut points: Vec<(&dyn Fn() -> bool, std::time::Duration)> = Vec::new();
    for i in 0..16 {
        points.push((&|| true, whole * i / 16));
    }
    for i in 0..16 {
        points.push((&old_site_aside, std::time::Duration::from_micros(i * 1500)));
    }
    let mut left_behind = 0;
    for (ready, delay) in points {
        pad_public(&p);
        let killed = kill_build(&p, ready, delay);
        left_behind += usize::from(killed && fs::symlink_metadata(&staging).is_ok());
        let out = p.run(&["build"]);
        assert!(
            out.status.success(),
            "the build after a kill at {delay:?} failed:\n{}",
            stderr(&out)
        );
        assert!(p.snapshot("public") == clean, "the rebuilt site differs");
        assert!(
            !staging.exists(),
            "the staging folder was left after a build"
        );
    }
    // The kills must have left something to clean up, or the test proved nothing.
    assert!(
        left_behind >= 4,
        "only {left_behind} kills left a staging folder"
    );
}

/// Builds with one template replaced: `build` must exit 1 with every string of `expect` in its output (an E040
/// naming the template), without a panic or a signal, and leave public/ as it was.
fn template_refused(template: &str, text: &str, expect: &[&str]) {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    let public = p.snapshot("public");
    p.write(&format!("templates/{template}"), text);
    let out = p.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}:\n{err}");
    for e in expect {
        assert!(err.contains(e), "{text}: expected {e:?} in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(p.snapshot("public") == public, "public/ changed");
}

/// Templates get no environment, clock, randomness or files: on CI, which builds pull requests, `get_env` would
/// publish a secret in every page. Each is refused when the templates load, at the call's line and column.
#[test]
fn templates_get_no_environment_clock_or_files() {
    std::env::set_var("SECRET_TOKEN", "s3cr3t");
    let cases = [
        (
            "{{ get_env(name=\"SECRET_TOKEN\") }}",
            "`get_env`",
            "404.html:2:43",
        ),
        ("{{ \"at \" ~ now() }}", "`now`", "404.html:2:51"),
        (
            "{% set n = get_random(end=9) %}{{ n }}",
            "`get_random`",
            "404.html:2:51",
        ),
        (
            "{% include \"/etc/passwd\" %}",
            "Unknown template `/etc/passwd`",
            "404.html:2:51",
        ),
    ];
    for (call, what, at) in cases {
        let text = format!(
            "{{% extends \"base.html\" %}}\n{{% block main %}}<h1>Page not found</h1>{call}{{% endblock main %}}\n"
        );
        template_refused("404.html", &text, &["error[E040]", what, at]);
    }
}

/// Templates cannot recurse without end, nest past what Tera's recursion can take, or fill the memory: each is an
/// E040 naming the template and exit 1, where they used to abort the build (SIGABRT, exit 134) or take 23 GB.
#[test]
fn templates_without_bounds_are_refused_by_name() {
    let nested = "{% if true %}".repeat(20_000) + "x" + &"{% endif %}".repeat(20_000);
    let long = format!("{{{{ 1{} }}}}", " + 1".repeat(20_000));
    let big_page = format!(
        "{{% for i in range(end=100000) %}}{}{{% endfor %}}",
        "x".repeat(2000)
    );
    let cases: [(&str, &str, &[&str]); 7] = [
        (
            "404.html",
            "{% include \"404.html\" %}",
            &["404.html:1:13", "includes or calls itself"],
        ),
        (
            "components.html",
            "{% component when(w) %}{{ <when w={w} /> }}{% endcomponent when %}",
            &[
                "components.html:1:27",
                "components.html: component when -> components.html: component when",
            ],
        ),
        (
            "404.html",
            &nested,
            &["404.html:1:", "blocks nest more than 24 deep"],
        ),
        (
            "404.html",
            &long,
            &["404.html:1:1", "more than 64 operators"],
        ),
        (
            "404.html",
            "{% for i in range(end=2000000000) %}x{% endfor %}",
            &["templates/404.html", "more than 100000 numbers"],
        ),
        (
            "404.html",
            &big_page,
            &["templates/404.html", "larger than 128 MB"],
        ),
        (
            "404.html",
            "{% component m() %}x{% endcomponent m %}{{ 1 + <m /> }}",
            &[
                "templates/404.html:1:44",
                "`+` requires both operands to be numbers",
            ],
        ),
    ];
    for (template, text, expect) in cases {
        let mut all = vec!["error[E040]"];
        all.extend(expect);
        template_refused(template, text, &all);
    }
}

/// Pages are written into the staging folder as they render: a template that fails on some pages, after others
/// were written, must still leave the existing site untouched and no staging folder behind.
#[test]
fn a_template_failing_mid_render_leaves_the_site_and_no_staging() {
    let p = Project::copy_of_real();
    assert!(p.run(&["build"]).status.success());
    let before = p.snapshot("public");
    // Only the Rwanda page fails: the other country pages render (and are written) first or alongside.
    p.edit(
        "templates/country.html",
        "<h1>{{ name }}</h1>",
        "<h1>{{ name }}</h1>{% if name == \"Rwanda\" %}{{ no_such_value.field }}{% endif %}",
    );
    let out = p.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("E040"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(p.snapshot("public") == before, "public/ changed");
    let hidden: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(hidden.is_empty(), "left beside public/: {hidden:?}");
}

// ---------------------------------------------------------------------------------------------------------------
// Quote location: hostile seeds and quotes, and the messages that explain a quote not found. Correctness at
// modest sizes only; the time location takes against seed size is measured by scripts/bench-quotes.
// ---------------------------------------------------------------------------------------------------------------

const REPETITIVE_SEED: &str = "seeds/900_repetitive.txt";

/// Registers `text` as one more seed of the real site, with the id `repetitive`.
fn add_seed(p: &Project, text: &str) {
    p.write(REPETITIVE_SEED, text);
    let sources = p.read("seeds/sources.yaml");
    let sha256 = briefing::validate::sha256_hex(text.as_bytes());
    p.write(
        "seeds/sources.yaml",
        &format!(
            "{sources}\n  - id: repetitive\n    file: 900_repetitive.txt\n    sha256: {sha256}\n    title: A repetitive text\n    \
             title_basis: stated\n    publisher: {{ value: Nobody, basis: stated }}\n    \
             published: {{ value: \"2025\", basis: stated }}\n    language: English\n    translated: false\n    reliability: Synthetic.\n"
        ),
    );
}

/// Gives Benin a transfer citing `quote` (a YAML scalar, quoted as needed) from `source`.
fn cite(p: &Project, source: &str, quote: &str) {
    p.edit(
        COUNTRY,
        "region: Africa",
        &format!("region: Africa\ntransfers:\n  - id: x\n    outcome: sent\n    text: x\n    cites:\n      - {{ source: {source}, quote: {quote} }}"),
    );
}

/// "a a a ... a end.": 50,000 a's.
fn repetitive_text() -> String {
    format!("{}end.", "a ".repeat(50_000))
}

#[test]
fn a_repetitive_quote_in_a_repetitive_seed_counts_every_overlapping_place() {
    // 2,000 a's start at each of the first 48,001 a's.
    let quote = "a ".repeat(2_000);
    refused(
        |p| {
            add_seed(p, &repetitive_text());
            cite(p, "repetitive", &format!("\"{}\"", quote.trim()));
        },
        &["E021", "quote matches 48001 places in source `repetitive`"],
    );
}

#[test]
fn a_long_repetitive_quote_that_occurs_once_is_found_where_it_is() {
    let p = Project::copy_of_real();
    add_seed(&p, &repetitive_text());
    cite(&p, "repetitive", &format!("\"{}end.\"", "a ".repeat(2_000)));
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The last 2,000 a's and "end.": code points 96,000 to 100,004.
    let page = p.read("public/sources/repetitive/index.html");
    assert!(
        page.contains("id=\"q96000-100004\""),
        "no anchor for the passage"
    );
}

#[test]
fn bad_quotes_against_a_repetitive_seed_are_answered() {
    // Too long for a suggestion: the error alone.
    let long = format!("\"{}b\"", "a ".repeat(3_000));
    refused(
        |p| {
            add_seed(p, &repetitive_text());
            cite(p, "repetitive", &long);
        },
        &["E020", "quote not found in source `repetitive`"],
    );
    // Short: the closest passage, word-aligned, and what differs.
    refused(
        |p| {
            add_seed(p, &repetitive_text());
            cite(p, "repetitive", "a a a b a a");
        },
        &[
            "E020",
            "the closest passage in the seed, to paste as the quote:\n           quote: \"a a a a a a\"",
            "a a a [-b-] {+a+} a a",
        ],
    );
}

#[test]
fn an_invisible_character_in_a_quote_is_named_with_its_column() {
    let quote = "\"countries such as Libya,\u{200b} Rwanda, Benin\"";
    let line = format!("      - {{ source: wsj-more-third-countries, quote: {quote} }}");
    let column = line.chars().position(|c| c == '\u{200b}').unwrap() + 1;
    refused(
        |p| cite(p, "wsj-more-third-countries", quote),
        &[
            "E020",
            &format!("the quote differs from the source only by an invisible character U+200B (zero width space) at column {column}"),
        ],
    );
}

#[test]
fn an_invisible_character_in_the_seed_is_placed_in_the_seed() {
    refused(
        |p| {
            let seed = "seeds/004_9e22cbcf9b5cfec2.txt";
            p.write_seed(
                seed,
                &p.read(seed)
                    .replacen("Libya, Rwanda, Benin", "Libya, Rwan\u{ad}da, Benin", 1),
            );
            cite(p, "wsj-more-third-countries", "\"countries such as Libya, Rwanda, Benin\"");
        },
        &[
            "E020",
            "only by an invisible character U+00AD (soft hyphen) that the source has at seeds/004_9e22cbcf9b5cfec2.txt:5:",
        ],
    );
}

#[test]
fn a_quote_in_another_unicode_normalisation_is_explained() {
    refused(
        |p| {
            add_seed(p, "Le caf\u{e9} a ferm\u{e9} ses portes.");
            cite(p, "repetitive", "\"Le cafe\u{301} a ferme\u{301}\"");
        },
        &[
            "E020",
            "the quote differs from the source only by Unicode normalisation",
        ],
    );
}

#[test]
fn the_right_quote_under_the_wrong_source_names_the_right_one() {
    refused(
        |p| {
            cite(
                p,
                "africa-europe-negotiations",
                "\"countries such as Libya, Rwanda, Benin\"",
            )
        },
        &[
            "E020",
            "quote not found in source `africa-europe-negotiations`",
            "this exact quote is in `wsj-more-third-countries`",
        ],
    );
}

#[test]
fn an_empty_seed_suggests_no_passage() {
    let p = Project::copy_of_real();
    p.write_seed("seeds/004_9e22cbcf9b5cfec2.txt", "");
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("quote not found in source `wsj-more-third-countries`"),
        "{err}"
    );
    assert!(!err.contains("closest passage"), "{err}");
}
