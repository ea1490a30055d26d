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
                "region: Africa\nflows:\n  - text: x\n    origins: [\"../angola\"]\n    cites: []",
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
            p.edit(COUNTRY, "region: Africa", "region: Africa\nflows:\n  - text: x\n    cites:\n      - { source: wsj-more-third-countries, quote: \"  \" }")
        },
        &["E022", "benin.yaml"],
    );
    refused(
        |p| {
            let whole =
                fs::read_to_string(p.path().join("seeds/004_9e22cbcf9b5cfec2.txt")).unwrap();
            let quoted = serde_json::to_string(&whole).unwrap();
            p.edit(COUNTRY, "region: Africa", &format!("region: Africa\nflows:\n  - text: x\n    cites:\n      - {{ source: wsj-more-third-countries, quote: {quoted} }}"));
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
        &format!("region: Africa\nflows:\n  - text: \"{inline}\"\n    cites:\n      - {{ source: wsj-more-third-countries, quote: \"countries such as Libya, Rwanda, Benin\" }}"),
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
    assert!(!html.contains("<script"), "script element in output");
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
// Quote location: hostile seeds and quotes, and the messages that explain a quote not found. Correctness at
// modest sizes only; the time location takes against seed size is measured by scripts/bench-quotes.
// ---------------------------------------------------------------------------------------------------------------

const REPETITIVE_SEED: &str = "seeds/900_repetitive.txt";

/// Registers `text` as one more seed of the real site, with the id `repetitive`.
fn add_seed(p: &Project, text: &str) {
    p.write(REPETITIVE_SEED, text);
    let sources = p.read("seeds/sources.yaml");
    p.write(
        "seeds/sources.yaml",
        &format!(
            "{sources}\n  - id: repetitive\n    file: 900_repetitive.txt\n    title: A repetitive text\n    \
             title_basis: stated\n    publisher: {{ value: Nobody, basis: stated }}\n    \
             published: {{ value: \"2025\", basis: stated }}\n    language: English\n    reliability: Synthetic.\n"
        ),
    );
}

/// Gives Benin a flow citing `quote` (a YAML scalar, quoted as needed) from `source`.
fn cite(p: &Project, source: &str, quote: &str) {
    p.edit(
        COUNTRY,
        "region: Africa",
        &format!("region: Africa\nflows:\n  - text: x\n    cites:\n      - {{ source: {source}, quote: {quote} }}"),
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
            "the closest passage in the seed is:\n           \"a a a a a a\"",
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
            p.edit(seed, "Libya, Rwanda, Benin", "Libya, Rwan\u{ad}da, Benin");
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
    p.write("seeds/004_9e22cbcf9b5cfec2.txt", "");
    let out = p.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("quote not found in source `wsj-more-third-countries`"),
        "{err}"
    );
    assert!(!err.contains("closest passage"), "{err}");
}

#[test]
fn a_content_file_too_long_to_colour_is_shown_plain_with_a_note() {
    // 300 KB of ` # ` on one comment line: once quadratic to highlight (17 s for 170 KB).
    let p = Project::copy_of_real();
    let text = p.read(COUNTRY);
    p.write(COUNTRY, &format!("{text}# {}\n", "x # ".repeat(75_000)));
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = p.read("public/countries/benin/index.html");
    assert!(page.contains("This file is too long to colour; it is shown as plain text."));
    assert!(page.contains(&format!("# {}", "x # ".repeat(1_000))));
}
