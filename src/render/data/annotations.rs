//! `data/annotations.jsonld`: every citation as a W3C Web Annotation, so that annotation tools (Hypothesis and
//! others) can show the briefing's statements on the sources' texts. The target is the source's text, published
//! byte for byte beside the data, with a TextQuoteSelector (the quotation and the text around it) and a
//! TextPositionSelector (code points, as the model counts); the body is the statement that cites it.

use rayon::prelude::*;
use serde_json::json;

use super::tables::{self, Tables};
use crate::model::Site;

/// The Web Annotation vocabulary's context, which the model requires every annotation to name.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// One AnnotationCollection holding every citation in one page, in the citations table's order: compact JSON,
/// one annotation a line (at 10,000 pages there are 60,000).
pub fn collection(site: &Site, tables: &Tables) -> Vec<u8> {
    let link = |path: &str| super::link_from_data(site, path);
    // The citations table names, for each row, the statement that cites it; its text is the body.
    let texts = statement_texts(tables);
    let column = |name: &str| {
        tables
            .citations
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or(0)
    };
    let (id, source, exact, prefix, suffix, start, end) = (
        column("id"),
        column("source"),
        column("exact"),
        column("prefix"),
        column("suffix"),
        column("start"),
        column("end"),
    );
    let owners = ["claim", "transfer", "event", "side"].map(column);
    let items: Vec<String> = tables
        .citations
        .rows
        .par_iter()
        .map(|row| {
            let text = |i: usize| row[i].csv_text();
            let owner = owners
                .iter()
                .find_map(|&i| (!text(i).is_empty()).then(|| text(i)))
                .unwrap_or_default();
            let (body_text, body_page) = texts.get(&owner).cloned().unwrap_or_default();
            let mut quote = json!({ "type": "TextQuoteSelector", "exact": text(exact) });
            if !text(prefix).is_empty() {
                quote["prefix"] = json!(text(prefix));
            }
            if !text(suffix).is_empty() {
                quote["suffix"] = json!(text(suffix));
            }
            let number = |i: usize| text(i).parse::<u64>().unwrap_or(0);
            json!({
                "id": format!("{}#{}", link(super::ANNOTATIONS), text(id)),
                "type": "Annotation",
                "motivation": "describing",
                "body": {
                    "id": link(&body_page),
                    "type": "TextualBody",
                    "value": body_text,
                    "format": "text/markdown",
                    "language": "en",
                },
                "target": {
                    "source": link(&tables::text_path(&text(source))),
                    "selector": [
                        quote,
                        { "type": "TextPositionSelector", "start": number(start), "end": number(end) },
                    ],
                },
            })
            .to_string()
        })
        .collect();
    let head = json!({
        "@context": CONTEXT,
        "id": link(super::ANNOTATIONS),
        "type": "AnnotationCollection",
        "label": format!("{}: every citation", site.title),
        "total": items.len(),
        "first": {
            "id": format!("{}#page-1", link(super::ANNOTATIONS)),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    })
    .to_string();
    // The items go in place of the empty list, the head's only `[]`.
    let (before, after) = head.rsplit_once("[]").unwrap_or((&head, ""));
    let mut out =
        String::with_capacity(head.len() + items.iter().map(|i| i.len() + 2).sum::<usize>());
    out.push_str(before);
    out.push('[');
    for (n, item) in items.iter().enumerate() {
        out.push_str(if n == 0 { "\n" } else { ",\n" });
        out.push_str(item);
    }
    out.push_str("\n]");
    out.push_str(after);
    out.push('\n');
    out.into_bytes()
}

/// Each citing statement's id (as the citations table names it) with its text and page.
fn statement_texts(tables: &Tables) -> std::collections::HashMap<String, (String, String)> {
    let mut out = std::collections::HashMap::new();
    for t in [
        &tables.claims,
        &tables.transfers,
        &tables.events,
        &tables.sides,
    ] {
        let find = |name: &str| t.columns.iter().position(|c| c.name == name);
        let (Some(id), Some(text)) = (find("id"), find("text")) else {
            continue;
        };
        let page = find("page");
        for row in &t.rows {
            let page = page.map(|p| row[p].csv_text()).unwrap_or_default();
            out.insert(row[id].csv_text(), (row[text].csv_text(), page));
        }
    }
    out
}
