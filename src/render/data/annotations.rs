//! `data/annotations.jsonld`: every citation as a W3C Web Annotation, so that annotation tools (Hypothesis and
//! others) can show the briefing's statements on the sources' texts. The target is the source's text, published
//! byte for byte beside the data, with a TextQuoteSelector (the quotation and the text around it) and a
//! TextPositionSelector (code points, as the model counts); the body is the statement that cites it. Each
//! annotation has a second target, the source's page, where the same selectors refine a CSS selector of the
//! element holding the text: a client anchors it on the page that shows it.

use std::io::{self, Write};

use serde_json::json;

use super::parts::{self, Records, Reuse};
use super::tables::{self, Rows};
use crate::render::urls;

/// The Web Annotation vocabulary's context, which the model requires every annotation to name.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// One AnnotationCollection holding every citation in one page, in the citations table's order: compact JSON,
/// one annotation a line (at 10,000 pages there are 60,000), written as each is made.
pub fn write(
    rows: &Rows,
    views: &crate::render::views::Views,
    reuse: Option<&Reuse>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let site = rows.site();
    let link = |path: &str| super::link_from_data(site, path);
    let head = json!({
        "@context": CONTEXT,
        "id": link(super::ANNOTATIONS),
        "type": "AnnotationCollection",
        "label": format!("{}: every citation", site.title),
        "total": tables::citation_count(site),
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
    write!(out, "{before}[")?;
    let page_text = format!("#{}", urls::SOURCE_TEXT);
    // One stream, whose first item goes without the comma that separates the others.
    let mut records = Records::new(vec![&mut *out], [1, 0]);
    parts::write(
        super::ANNOTATIONS,
        &tables::CITING,
        site,
        reuse,
        &mut records,
        &|_, _| 0,
        &mut |records, part, country| {
            rows.each_citation(part, country, &mut |st, n, c| {
                let item = annotation(site, views, &page_text, st, n, c);
                let buf = records.buf(0);
                buf.extend_from_slice(b",\n");
                serde_json::to_writer(&mut *buf, &item)?;
                records.end_record()
            })
        },
    )?;
    records.end(0, format!("\n]{after}\n").as_bytes())
}

/// One citation as a Web Annotation; `page_text` is the CSS selector of the element holding a source's text.
fn annotation(
    site: &crate::model::Site,
    views: &crate::render::views::Views,
    page_text: &str,
    st: &tables::Statement,
    n: usize,
    c: &crate::model::Citation,
) -> serde_json::Value {
    let link = |path: &str| super::link_from_data(site, path);
    let source = &site.sources[c.source];
    let (prefix, suffix) = views.context(c, tables::CONTEXT_CHARS);
    let mut quote = json!({ "type": "TextQuoteSelector", "exact": views.quote(c) });
    if !prefix.is_empty() {
        quote["prefix"] = json!(prefix);
    }
    if !suffix.is_empty() {
        quote["suffix"] = json!(suffix);
    }
    let position = json!({
        "type": "TextPositionSelector",
        "start": c.span.start as u64,
        "end": c.span.end as u64,
    });
    let item = json!({
        "id": format!("{}#{}", link(super::ANNOTATIONS), tables::citation_id(st, n)),
        "type": "Annotation",
        "motivation": "describing",
        "body": {
            "id": link(&st.page),
            "type": "TextualBody",
            "value": st.text,
            "format": "text/markdown",
            "language": "en",
        },
        // The same passage twice: in the text file, and on the source's page, where the element that
        // `urls::SOURCE_TEXT` names holds exactly that text, so that the same selectors refine it.
        "target": [
            {
                "source": link(&tables::text_path(&source.id)),
                "selector": [quote.clone(), position.clone()],
            },
            {
                "source": link(&urls::source(&source.id)),
                "selector": [
                    { "type": "CssSelector", "value": page_text, "refinedBy": quote },
                    { "type": "CssSelector", "value": page_text, "refinedBy": position },
                ],
            },
        ],
    });
    item
}
