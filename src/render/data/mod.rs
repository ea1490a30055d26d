//! Open data: the briefing's tables as CSV and JSON with the same columns, a Frictionless data package that
//! describes them, the sources as CSL-JSON, every citation as a W3C Web Annotation, the sources' texts byte for
//! byte, and the Atom feed of the content's changes. Citation offsets count Unicode code points of the source's
//! text, half-open `[start, end)`.

mod annotations;
mod feed;
pub mod parts;
pub mod questions;
pub mod table;
pub mod tables;

use std::io;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::content::{Basis, Qualified};
use crate::model::{Site, Source};
use crate::render::views::Views;
use crate::render::{urls, Sink};

pub use feed::FEED;

/// The data package's descriptor, beside the tables.
pub const PACKAGE: &str = "data/datapackage.json";
/// The sources as CSL-JSON.
pub const CSL: &str = "data/sources.json";
/// Every citation as a Web Annotation.
pub const ANNOTATIONS: &str = "data/annotations.jsonld";
/// A copy of the Web Annotation JSON-LD context that the annotations name, to read them with no network.
pub const ANNO_CONTEXT: &str = "data/anno.jsonld";
/// The context, as the W3C publishes it at `annotations::CONTEXT` (see anno.NOTICE.md beside it).
const ANNO_CONTEXT_TEXT: &str = include_str!("anno.jsonld");
/// What the licence of the data does not cover, said wherever the licence is.
pub const NOT_LICENSED: &str = "The full texts of the articles (data/texts/) and the passages quoted from them \
    (the citations' exact, prefix and suffix, the annotations' selectors) remain the work of their publishers and \
    are not under the data's licence: they are reproduced only so that each statement can be checked.";

/// Gives every open-data file and the feed to `sink`; returns how many. The tables and the annotations are
/// written as their rows are made, each table's CSV and JSON at once: at 100,000 pages they are gigabytes, never
/// to be held in memory.
/// `reuse` names the countries' runs of rows that `serve` kept from its last render and can reuse.
pub fn write(
    site: &Site,
    views: &Views,
    reuse: Option<&parts::Reuse>,
    sink: &dyn Sink,
) -> io::Result<usize> {
    let tables = tables::definitions();
    let rows = tables::Rows::new(site, views);
    let all = tables.all();
    let (written, annotations) = rayon::join(
        || {
            all.par_iter().try_for_each(|t| {
                sink.write(t.csv_path(), &mut |csv| {
                    sink.write(t.json_path(), &mut |json| t.write(&rows, reuse, csv, json))
                })
            })
        },
        || {
            sink.write(ANNOTATIONS.into(), &mut |w| {
                annotations::write(&rows, views, reuse, w)
            })
        },
    );
    written?;
    annotations?;
    sink.put(FEED.into(), feed::atom(site, views).into_bytes())?;
    sink.put(PACKAGE.into(), pretty(&package(site, &tables)))?;
    sink.put(CSL.into(), pretty(&csl(site, views)))?;
    sink.put(ANNO_CONTEXT.into(), ANNO_CONTEXT_TEXT.as_bytes().to_vec())?;
    for s in &site.sources {
        sink.put(tables::text_path(&s.id), s.text.as_bytes().to_vec())?;
    }
    Ok(2 * all.len() + 5 + site.sources.len())
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A path relative to the site's root as a link from a file in `data/`: absolute under `base_url` when the
/// site has one, otherwise relative, so that the files work from any address or from `file://`.
pub fn link_from_data(site: &Site, path: &str) -> String {
    match &site.base_url {
        Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
        None => format!("../{path}"),
    }
}

/// The licence of the data, as a data package's `licenses`: the briefing's licence (site.yaml's `licence`),
/// recognised by its Creative Commons address; another licence is linked as written.
pub fn licences(site: &Site) -> Vec<Value> {
    let Some(text) = &site.licence else {
        return Vec::new();
    };
    const KNOWN: &[(&str, &str, &str)] = &[
        (
            "creativecommons.org/licenses/by/4.0",
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0",
        ),
        (
            "creativecommons.org/licenses/by-sa/4.0",
            "CC-BY-SA-4.0",
            "Creative Commons Attribution Share-Alike 4.0",
        ),
        (
            "creativecommons.org/publicdomain/zero/1.0",
            "CC0-1.0",
            "Creative Commons Zero 1.0",
        ),
    ];
    if let Some((url, name, title)) = KNOWN.iter().find(|(url, ..)| text.contains(url)) {
        return vec![json!({ "name": name, "path": format!("https://{url}/"), "title": title })];
    }
    let url = text
        .split(['(', ')', ' ', '\n', '<', '>'])
        .find(|w| w.starts_with("https://") || w.starts_with("http://"));
    url.map(|u| vec![json!({ "path": u, "title": "The briefing's licence" })])
        .unwrap_or_default()
}

/// The Frictionless data package: every table as a CSV and a JSON resource with one schema, keys that join.
fn package(site: &Site, tables: &tables::Tables) -> Value {
    let mut resources = Vec::new();
    for t in tables.all() {
        // The citations quote the sources: their passages are the publishers', not the briefing's.
        let description = if t.name == "citations" {
            format!("{} {NOT_LICENSED}", t.description)
        } else {
            t.description.to_owned()
        };
        for (format, mediatype, path) in [
            ("csv", "text/csv", t.csv_path()),
            ("json", "application/json", t.json_path()),
        ] {
            resources.push(json!({
                "name": format!("{}-{format}", t.name),
                "title": format!("{} ({})", t.title, format.to_uppercase()),
                "description": description,
                "licenses": licences(site),
                "path": path.trim_start_matches("data/"),
                "format": format,
                "mediatype": mediatype,
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": t.schema(&format!("-{format}")),
            }));
        }
    }
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "third-country-deportations-briefing",
        "title": site.title,
        "description": format!(
            "{} Every table comes as CSV and as JSON with the same columns; codes have their labels in the \
             next column. Besides the tables: sources.json (the sources as CSL-JSON), annotations.jsonld (every \
             citation as a W3C Web Annotation) and texts/ (each source's text, byte for byte, whose SHA-256 the \
             sources table gives); anno.jsonld is the W3C Web Annotation context the annotations name, for \
             reading them with no network. {NOT_LICENSED}",
            site.description.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        "licenses": licences(site),
        "sources": site.sources.iter().map(|s| json!({
            "title": s.title,
            "path": link_from_data(site, &tables::text_path(&s.id)),
        })).collect::<Vec<_>>(),
        "resources": resources,
    });
    if let Some(base) = &site.base_url {
        package["homepage"] = json!(base);
    }
    package
}

/// What a qualified value says, or `None` when it says only that the value is not known ("Not stated in the
/// article"): empty is empty in the data, and the reason stays in its own column.
pub fn known(q: &Qualified) -> Option<&str> {
    let v = q.value.to_lowercase();
    (!(v.starts_with("not stated") || v.starts_with("unknown"))).then_some(q.value.as_str())
}

/// The BCP 47 code of the language a source's `language` names first ("English, machine-translated..." is
/// `en`), when it is one of those the briefing's sources are in.
fn language_code(language: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        ("english", "en"),
        ("spanish", "es"),
        ("french", "fr"),
        ("portuguese", "pt"),
        ("arabic", "ar"),
    ];
    let first = language
        .split(|c: char| !c.is_alphabetic())
        .next()?
        .to_lowercase();
    CODES
        .iter()
        .find(|(name, _)| *name == first)
        .map(|(_, code)| *code)
}

/// The sources as CSL-JSON, which Zotero, pandoc and citation managers read (validated against the CSL data
/// schema, and rendered by citeproc-js in APA, in the tests). What the article does not state is never given
/// as fact: a descriptive title is in square brackets (CSL's convention for a title supplied by the citer), an
/// inferred date is `circa`, an inferred author is named only in `note`, an unknown outlet is left out, and the
/// original reporting the article relays is its `original-publisher`. `note` is sentences on one line, never
/// `Key: value` lines, which Zotero would read as fields.
fn csl(site: &Site, views: &Views) -> Value {
    Value::Array(
        site.sources
            .iter()
            .map(|s| csl_item(site, views, s))
            .collect(),
    )
}

fn csl_item(site: &Site, views: &Views, s: &Source) -> Value {
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut notes = Vec::new();
    let mut item = json!({
        "id": s.id,
        "type": "article-newspaper",
        "title": if s.title_inferred { format!("[{}]", s.title) } else { s.title.clone() },
    });
    if s.title_inferred {
        notes.push(
            "The article states no title; the one in square brackets describes it.".to_owned(),
        );
    }
    if let Some(outlet) = known(&s.publisher) {
        item["container-title"] = json!(outlet);
        if s.publisher.basis == Basis::Inferred {
            notes.push(format!(
                "The outlet is inferred ({}).",
                flat(s.publisher.reason.as_deref().unwrap_or("")).trim_end_matches('.')
            ));
        }
    }
    if let Some(a) = s.author.as_ref().filter(|a| known(a).is_some()) {
        match a.basis {
            Basis::Stated => item["author"] = json!([person(&a.value)]),
            Basis::Inferred => notes.push(format!(
                "The article does not state its author; {} may be ({}).",
                a.value,
                flat(a.reason.as_deref().unwrap_or("")).trim_end_matches('.')
            )),
        }
    }
    let parts: Vec<u32> = s
        .published
        .value
        .split('-')
        .map_while(|p| p.parse().ok())
        .collect();
    if parts.is_empty() {
        item["issued"] = json!({ "literal": s.published.value });
    } else {
        item["issued"] = json!({ "date-parts": [parts] });
    }
    if s.published.basis == Basis::Inferred {
        item["issued"]["circa"] = json!(true);
        notes.push(format!(
            "The article states no date; the date is inferred ({}).",
            flat(s.published.reason.as_deref().unwrap_or("")).trim_end_matches('.')
        ));
    }
    let relays: Vec<&str> = s
        .relays
        .iter()
        .filter_map(|r| site.reporters.get(r).map(String::as_str))
        .collect();
    if !relays.is_empty() {
        item["original-publisher"] = json!(relays.join("; "));
        notes.push(format!(
            "The article relays the reporting of {}.",
            relays.join(" and ")
        ));
    }
    if let Some(code) = language_code(&s.language) {
        item["language"] = json!(code);
    }
    notes.push(format!(
        "Language as received, {}.",
        s.language.trim_end_matches('.')
    ));
    notes.push(flat(&s.reliability));
    notes.push(format!("The SHA-256 of the text is {}.", s.sha256));
    item["note"] = json!(notes.iter().map(|n| flat(n)).collect::<Vec<_>>().join(" "));
    if let Some(base) = &site.base_url {
        item["URL"] = json!(format!(
            "{}/{}",
            base.trim_end_matches('/'),
            urls::source(&s.id)
        ));
    }
    // When the article was taken into the briefing: the day its text was first committed.
    let added = views
        .history()
        .added(&std::path::Path::new("seeds").join(&s.file));
    if let Some(parts) = added.map(|d| {
        d.split('-')
            .map_while(|p| p.parse::<u32>().ok())
            .collect::<Vec<_>>()
    }) {
        if parts.len() == 3 {
            item["accessed"] = json!({ "date-parts": [parts] });
        }
    }
    item
}

/// A personal name as CSL's family and given parts: the last word is the family name ("Camilo Montoya-Galvez").
fn person(name: &str) -> Value {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) => json!({ "family": family, "given": given }),
        None => json!({ "literal": name }),
    }
}
