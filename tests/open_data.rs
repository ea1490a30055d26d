//! The open data and what lets a reader cite and join it: stable ids, tables whose keys join, the data
//! package, the feed, citation metadata, structured data in pages, and the sources' hashes. The external
//! validators (frictionless, feedparser, pyld) run on the built site in scripts/test; these tests pin what can
//! be checked from Rust.

mod common;

use std::collections::BTreeMap;

use briefing::site::{check, Addresses, Timings};
use common::Project;

/// Each claim's id by its text (whitespace collapsed), for the country `slug`.
fn claim_ids(p: &Project, slug: &str) -> BTreeMap<String, String> {
    let checked = check(p.path(), &mut Timings::default());
    assert!(!checked.has_errors(), "{:#?}", checked.diags);
    let site = checked.site.unwrap();
    site.country(slug)
        .unwrap()
        .claims
        .iter()
        .map(|c| {
            let text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
            (text, c.id.clone())
        })
        .collect()
}

#[test]
fn claim_ids_survive_reordering_and_rewording_elsewhere_in_the_file() {
    let p = Project::copy_of_real();
    let file = "content/countries/rwanda.yaml";
    let before = claim_ids(&p, "rwanda");
    assert!(before.len() > 5, "{before:?}");
    // Move the first claim to the end of the list, and reword another one.
    let yaml = p.read(file);
    let claims_at = yaml.find("claims:\n").unwrap() + "claims:\n".len();
    let first_end = claims_at + 1 + yaml[claims_at + 1..].find("\n  - ").unwrap() + 1;
    let list_end = yaml[first_end..]
        .find("\ntransfers:")
        .map_or(yaml.len(), |i| first_end + i + 1);
    let moved = format!(
        "{}{}{}{}",
        &yaml[..claims_at],
        &yaml[first_end..list_end],
        &yaml[claims_at..first_end],
        &yaml[list_end..]
    );
    assert_ne!(moved, yaml);
    p.write(file, &moved);
    p.edit(
        file,
        "Journal says the administration was trying to negotiate with\n",
        "Journal says the administration sought to negotiate with\n",
    );
    let after = claim_ids(&p, "rwanda");
    let mut kept = 0;
    for (text, id) in &before {
        match after.get(text) {
            Some(new_id) => {
                assert_eq!(new_id, id, "the id of \"{text}\" changed");
                kept += 1;
            }
            // The reworded claim gets a new id: it says something else now.
            None => assert!(text.contains("trying to negotiate"), "lost \"{text}\""),
        }
    }
    assert_eq!(kept, before.len() - 1);
    let ids: std::collections::BTreeSet<&String> = after.values().collect();
    assert_eq!(ids.len(), after.len(), "ids are not unique: {after:?}");
}

fn built_with(root: &std::path::Path, addresses: Addresses) -> briefing::render::Output {
    match briefing::site::build(root, &mut Timings::default(), addresses) {
        Ok((out, _)) => out,
        Err(diags) => panic!("build failed: {diags:#?}"),
    }
}

fn built(root: &std::path::Path) -> briefing::render::Output {
    built_with(root, Addresses::Published)
}

/// The real site with every address relative (the published addresses are tested on a copy).
fn real() -> briefing::render::Output {
    built_with(&common::project_root(), Addresses::Relative)
}

fn json(out: &briefing::render::Output, path: &str) -> serde_json::Value {
    serde_json::from_slice(out.get(path).unwrap_or_else(|| panic!("{path} missing")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file's text; in HTML, Tera's escaped slashes are read back.
fn text(out: &briefing::render::Output, path: &str) -> String {
    String::from_utf8(out[path].clone())
        .unwrap()
        .replace("&#x2F;", "/")
}

const TABLES: &[(&str, &str)] = &[
    ("countries", "countries"),
    ("statements", "statements"),
    ("claims", "claims"),
    ("transfers", "transfers"),
    ("events", "events"),
    ("disagreements", "disagreements"),
    ("disagreement-sides", "disagreement-sides"),
    ("citations", "citations"),
    ("sources", "sources-table"),
];

#[test]
fn every_table_has_the_same_columns_in_csv_and_json() {
    let out = real();
    for (csv, json_name) in TABLES {
        let csv_text = text(&out, &format!("data/{csv}.csv"));
        let header: Vec<&str> = csv_text.lines().next().unwrap().split(',').collect();
        let rows = json(&out, &format!("data/{json_name}.json"));
        let rows = rows.as_array().unwrap();
        assert!(!rows.is_empty(), "{json_name} is empty");
        for row in rows {
            let keys: Vec<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut sorted_header = header.clone();
            sorted_header.sort_unstable();
            assert_eq!(
                keys, sorted_header,
                "{json_name}: columns differ from {csv}.csv"
            );
        }
        // The data package describes the same columns, in order.
        let package = json(&out, "data/datapackage.json");
        let resource = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == format!("{csv}-csv"))
            .unwrap_or_else(|| panic!("no resource {csv}-csv"));
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header, "{csv}: the schema's fields");
    }
}

#[test]
fn the_tables_join_on_their_keys() {
    let out = real();
    let ids = |name: &str| -> std::collections::BTreeSet<String> {
        json(&out, &format!("data/{name}.json"))
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (claims, transfers, events, sides, sources, countries) = (
        ids("claims"),
        ids("transfers"),
        ids("events"),
        ids("disagreement-sides"),
        ids("sources-table"),
        ids("countries"),
    );
    let citations = json(&out, "data/citations.json");
    let citations = citations.as_array().unwrap();
    let mut cited_claims = std::collections::BTreeSet::new();
    for c in citations {
        let owners: Vec<(&str, &std::collections::BTreeSet<String>)> = [
            ("claim", &claims),
            ("transfer", &transfers),
            ("event", &events),
            ("side", &sides),
        ]
        .into_iter()
        .filter(|(col, _)| !c[*col].is_null())
        .collect();
        assert_eq!(owners.len(), 1, "{c}: one statement cites it");
        let (col, table) = owners[0];
        assert!(
            table.contains(c[col].as_str().unwrap()),
            "{c}: unknown {col}"
        );
        if col == "claim" {
            cited_claims.insert(c[col].as_str().unwrap().to_owned());
        }
        assert!(sources.contains(c["source"].as_str().unwrap()), "{c}");
        // Offsets count code points of the published text.
        let text = text(
            &out,
            &format!("data/texts/{}.txt", c["source"].as_str().unwrap()),
        );
        let (start, end) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        let exact: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(exact, c["exact"].as_str().unwrap());
    }
    assert_eq!(
        cited_claims, claims,
        "every claim has citations, and only claims that exist"
    );
    for row in json(&out, "data/claims.json").as_array().unwrap() {
        if let Some(country) = row["country"].as_str() {
            assert!(countries.contains(country), "{row}");
        }
        // A claim lists its citations, each of which names it back.
        for cid in row["citations"].as_array().unwrap() {
            let c = citations.iter().find(|c| c["id"] == *cid).unwrap();
            assert_eq!(c["claim"], row["id"]);
        }
    }
    assert_eq!(
        ids("citations").len(),
        citations.len(),
        "citation ids are unique"
    );
}

#[test]
fn codes_come_with_their_labels() {
    let out = real();
    let countries = json(&out, "data/countries.json");
    let rwanda = countries
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "rwanda")
        .unwrap();
    assert_eq!(rwanda["iso3"], "RWA");
    assert!(rwanda["headline"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '-'));
    assert!(rwanda["headline_label"].as_str().unwrap().contains(' '));
    assert!(rwanda["stance"].as_array().is_some());
    assert!(rwanda["stance_label"].is_string());
    let csv = text(&out, "data/countries.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",headline,headline_label,"), "{header}");
    assert!(!header.contains("headline_status"), "{header}");
    for claim in json(&out, "data/claims.json").as_array().unwrap() {
        assert_eq!(
            claim["status"].is_null(),
            claim["status_label"].is_null(),
            "{claim}"
        );
        // Reporters are outlets the sources relay, never an article's title.
        for name in claim["reporter_names"].as_array().unwrap() {
            assert!(
                ["CBS News", "The Wall Street Journal"].contains(&name.as_str().unwrap()),
                "{claim}"
            );
        }
    }
}

#[test]
fn each_source_text_is_published_byte_for_byte_with_its_hash() {
    let out = real();
    let root = common::project_root();
    for s in json(&out, "data/sources-table.json").as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let published = &out[&format!("data/texts/{id}.txt")];
        let sha = s["sha256"].as_str().unwrap();
        assert_eq!(briefing::validate::sha256_hex(published), sha, "{id}");
        let page = text(&out, &format!("sources/{id}/index.html"));
        assert!(page.contains(sha), "sources/{id}: the hash is not shown");
        let sources_yaml = std::fs::read_to_string(root.join("seeds/sources.yaml")).unwrap();
        assert!(sources_yaml.contains(&format!("sha256: {sha}")), "{id}");
    }
}

#[test]
fn every_page_has_the_feed_link_and_a_cite_block() {
    let out = real();
    let pages: Vec<&String> = out.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 40);
    for p in pages {
        let html = text(&out, p);
        let root = "../".repeat(p.matches('/').count());
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{root}feed.xml\""
            )),
            "{p}: no feed link"
        );
        assert!(
            html.contains("<strong>Cite this page:</strong>"),
            "{p}: no cite block"
        );
    }
    let rwanda = text(&out, "countries/rwanda/index.html");
    assert!(
        rwanda.contains("Cite this page:</strong> “Rwanda”, in <cite>Third-country deportations: a cited briefing</cite>"),
        "{rwanda}"
    );
}

#[test]
fn json_ld_blocks_are_json_and_cannot_end_their_script() {
    let out = real();
    let mut seen = 0;
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for block in html.split("<script type=\"application/ld+json\">").skip(1) {
            let body = block.split("</script>").next().unwrap();
            assert!(!body.contains('<'), "{path}: a raw < in the JSON-LD");
            let v: serde_json::Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(v["@context"]["@vocab"], "https://schema.org/");
            // The page's policy names the block by its hash, as the Nu HTML Checker requires of inline scripts.
            let hash = {
                use base64::Engine as _;
                use sha2::Digest as _;
                base64::engine::general_purpose::STANDARD
                    .encode(sha2::Sha256::digest(body.as_bytes()))
            };
            assert!(
                html.contains(&format!("'sha256-{hash}'")),
                "{path}: the policy does not name the block"
            );
            seen += 1;
        }
    }
    assert!(seen > 35, "{seen} JSON-LD blocks");
    let rwanda = text(&out, "countries/rwanda/index.html");
    assert!(rwanda.contains("\"@type\":\"Claim\""));
    assert!(rwanda.contains(
        "\"appearance\":[{\"@id\":\"../../sources/africa-europe-negotiations/index.html#q"
    ));
    assert!(rwanda.contains("\"@type\":\"Quotation\",\"isPartOf\":{\"@id\":\"../../sources/"));
}

#[test]
fn with_a_base_url_links_and_ids_are_absolute() {
    let p = Project::copy_of_real();
    p.set_base_url(Some("https://example.org/briefing/"));
    let out = built(p.path());
    let rwanda = text(&out, "countries/rwanda/index.html");
    assert!(
        rwanda.contains(", https://example.org/briefing/countries/rwanda/."),
        "the cite block has no address"
    );
    assert!(rwanda.contains("\"@id\":\"https://example.org/briefing/countries/rwanda/#claim-"));
    let feed = text(&out, "feed.xml");
    assert!(
        feed.contains("<id>tag:example.org,2025:feed</id>"),
        "{feed}"
    );
    assert!(
        feed.contains("href=\"https://example.org/briefing/feed.xml\""),
        "{feed}"
    );
    let annotations = json(&out, "data/annotations.jsonld");
    let first = &annotations["first"]["items"][0];
    assert!(first["target"][0]["source"]
        .as_str()
        .unwrap()
        .starts_with("https://example.org/briefing/data/texts/"));
    assert!(first["target"][1]["source"]
        .as_str()
        .unwrap()
        .starts_with("https://example.org/briefing/sources/"));
    let csl = json(&out, "data/sources.json");
    assert!(csl[0]["URL"]
        .as_str()
        .unwrap()
        .starts_with("https://example.org/briefing/sources/"));
}

/// Builds `p` dated by SOURCE_DATE_EPOCH (a copy has no repository) and returns its feed.
fn dated_feed(p: &Project) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("--root")
        .arg(p.path())
        .args(["build", "--output", "out"])
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    p.read("out/feed.xml")
}

#[test]
fn the_feed_is_dated_by_the_history_never_by_the_clock() {
    // SOURCE_DATE_EPOCH dates everything, and two builds are identical.
    let p = Project::copy_of_real();
    let feed = dated_feed(&p);
    assert_eq!(feed, dated_feed(&p));
    let entries = feed.matches("<entry>").count();
    assert!(entries > 30, "{entries} entries");
    assert_eq!(
        feed.matches("<updated>2026-11-18T00:00:00Z</updated>")
            .count(),
        entries + 1,
        "{feed}"
    );
    assert!(feed.contains("<title>New country: Rwanda</title>"));
    assert!(feed.contains("<title>New source: "));
}

/// The feed's text is the Markdown's words (from pulldown-cmark's events): emphasis marks go, underscores inside
/// words and a link's address stay, and what XML must escape is escaped by the writer.
#[test]
fn the_feed_text_is_the_markdowns_words_and_well_formed() {
    let p = Project::copy_of_real();
    p.edit(
        "content/countries/rwanda.yaml",
        "summary: |\n  According to",
        "summary: |\n  See *the* [UNHCR record](https://example.org/unhcr) & the `snake_case` note. According to",
    );
    let feed = dated_feed(&p);
    assert!(
        feed.contains(
            "See the UNHCR record (https://example.org/unhcr) &amp; the snake_case note. According to"
        ),
        "{feed}"
    );
    // Well-formed: every element read back, to the end.
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut entries = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "entry" => entries += 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "feed.xml is not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert!(entries > 30, "{entries} entries");
}

#[test]
fn the_data_page_lists_every_table_with_columns_and_sample_rows() {
    let out = real();
    let page = text(&out, "data/index.html");
    for (csv, json_name) in TABLES {
        assert!(
            page.contains(&format!("href=\"../data/{csv}.csv\"")),
            "{csv}"
        );
        assert!(
            page.contains(&format!("href=\"../data/{json_name}.json\"")),
            "{json_name}"
        );
    }
    assert!(page.contains("<code>exact</code>"));
    assert!(page.contains("\"@type\":\"Dataset\""));
    assert!(page.contains("Creative Commons Attribution 4.0"));
    assert_eq!(
        page.matches("class=\"data-sample cards\"").count(),
        TABLES.len()
    );
    let about = text(&out, "about/index.html");
    assert!(about.contains("href=\"../data/index.html\""));
    let package = json(&out, "data/datapackage.json");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    // Every resource states its licence; the quotations and the texts are said to be outside it.
    for r in package["resources"].as_array().unwrap() {
        assert_eq!(r["licenses"][0]["name"], "CC-BY-4.0", "{}", r["name"]);
    }
    assert!(package["description"]
        .as_str()
        .unwrap()
        .contains("remain the work of their publishers"));
    // The Dataset names who made it, its version and coverage, and every file, not only the tables.
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|b| b.split("</script>").next())
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    let dataset = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "Dataset")
        .unwrap();
    for key in ["creator", "keywords", "temporalCoverage", "spatialCoverage"] {
        assert!(!dataset[key].is_null(), "the Dataset has no {key}");
    }
    let files: Vec<&str> = dataset["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["contentUrl"].as_str().unwrap())
        .collect();
    for f in [
        "datapackage.json",
        "sources.json",
        "annotations.jsonld",
        "anno.jsonld",
        "texts/",
    ] {
        assert!(
            files.iter().any(|u| u.contains(f)),
            "the Dataset does not distribute {f}"
        );
    }
    assert!(out.contains_key("data/anno.jsonld"));
    // The page says what to install, and which columns to read as text.
    assert!(page.contains("pip install \"frictionless[json]\""));
    assert!(page.contains("<code>countries.iso_numeric</code>"));
}

/// A statement made on several pages is one row of statements, and one claim per page that names it.
#[test]
fn statements_are_counted_once_and_claims_once_per_placement() {
    let out = real();
    let statements = json(&out, "data/statements.json");
    let claims = json(&out, "data/claims.json");
    let claims = claims.as_array().unwrap();
    let mut ids: Vec<&str> = claims
        .iter()
        .map(|c| c["statement"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(statements.as_array().unwrap().len(), ids.len());
    assert!(ids.len() < claims.len(), "no statement is placed twice");
    for s in statements.as_array().unwrap() {
        let placed: Vec<&str> = claims
            .iter()
            .filter(|c| c["statement"] == s["id"])
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let listed: Vec<&str> = s["placements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(placed, listed, "{}", s["id"]);
    }
}

#[test]
fn the_data_page_counts_the_rows_of_every_file() {
    let out = real();
    let page = text(&out, "data/index.html");
    for (csv, json_name) in TABLES {
        let rows = json(&out, &format!("data/{json_name}.json"))
            .as_array()
            .unwrap()
            .len();
        assert!(
            page.contains(&format!("{csv}.csv</a> · <a href=\"../data/{json_name}.json\">{json_name}.json</a> · {rows} rows")),
            "{csv}: {rows} rows not shown"
        );
    }
}
