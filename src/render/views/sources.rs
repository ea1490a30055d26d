//! The sources: their index, and a page per source with its full text, the cited passages marked, and what
//! cites each.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Link, Views};
use crate::content::{Basis, Qualified};
use crate::model::Citation;
use crate::render::urls;

/// A fact about a source with how it is known.
#[derive(Debug, Serialize)]
pub struct Fact {
    pub value: String,
    /// Why it is inferred, when it is.
    pub inferred: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceSummary {
    pub title: String,
    /// The title is the briefing's description, the article stating none.
    pub title_inferred: bool,
    pub href: String,
    pub outlet: Fact,
    pub author: Option<Fact>,
    pub relays: Vec<String>,
    pub published: Fact,
    pub language: String,
    pub reliability: String,
    pub citations: usize,
    /// The SHA-256 of the article's text, and the text itself, byte for byte.
    pub sha256: String,
    pub text_href: String,
}

#[derive(Debug, Serialize)]
pub struct CitedBy {
    pub id: String,
    pub anchor: String,
    pub quote: String,
    pub by: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct UnusedView {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub base: super::Base,
    /// schema.org structured data: the article, and each statement that quotes it as a `Claim`.
    pub jsonld: String,
    pub source: SourceSummary,
    pub text_html: String,
    /// The id of the element holding the text (`urls::SOURCE_TEXT`), which the annotations' page targets select.
    pub text_id: &'static str,
    pub cited_by: Vec<CitedBy>,
    pub unused: Vec<UnusedView>,
}

#[derive(Debug, Serialize)]
pub struct SourcesView {
    pub base: super::Base,
    pub sources: Vec<SourceSummary>,
    pub reporters: Vec<String>,
}

fn fact(q: &Qualified, when_unknown: &str, date: bool) -> Fact {
    let value = if date {
        crate::dates::readable(&q.value)
    } else {
        q.value.clone()
    };
    match q.basis {
        Basis::Stated => Fact {
            value,
            inferred: None,
        },
        Basis::Inferred => Fact {
            value: format!("{when_unknown}; inferred: {value}"),
            inferred: q.reason.clone(),
        },
    }
}

impl Views<'_> {
    fn source_summary(&self, root: &str, i: usize) -> SourceSummary {
        let s = &self.site.sources[i];
        SourceSummary {
            title: s.title.clone(),
            title_inferred: s.title_inferred,
            href: format!("{root}{}", urls::source(&s.id)),
            outlet: match s.publisher.basis {
                Basis::Stated => Fact {
                    value: s.publisher.value.clone(),
                    inferred: s.publisher.reason.clone(),
                },
                Basis::Inferred => fact(&s.publisher, "Not stated in the article", false),
            },
            author: s
                .author
                .as_ref()
                .map(|a| fact(a, "Not stated as the author", false)),
            relays: s
                .relays
                .iter()
                .filter_map(|r| self.site.reporters.get(r).cloned())
                .collect(),
            published: fact(&s.published, "Not stated in the article", true),
            language: s.language.clone(),
            reliability: s.reliability.clone(),
            citations: self.backlinks[i].len(),
            sha256: s.sha256.clone(),
            text_href: format!("{root}{}", crate::render::data::tables::text_path(&s.id)),
        }
    }

    pub fn sources(&self) -> SourcesView {
        let base = self.base(urls::SOURCES, "Sources", None);
        SourcesView {
            sources: (0..self.site.sources.len())
                .map(|i| self.source_summary(&base.root, i))
                .collect(),
            reporters: self.site.reporters.values().cloned().collect(),
            base,
        }
    }

    pub fn source(&self, i: usize) -> SourceView {
        let s = &self.site.sources[i];
        let path = urls::source(&s.id);
        let mut base = self.base(
            &path,
            &s.title,
            Some(&std::path::Path::new("seeds").join(&s.file)),
        );
        base.styles.push(urls::passages_css(&s.id));
        let root = base.root.clone();
        let links = |c: &Citation| -> Vec<Link> {
            self.backlinks[i][c]
                .iter()
                .map(|b| Link::to(&*b.label, format!("{root}{}#{}", b.path, b.anchor)))
                .collect()
        };
        let cited: Vec<(Citation, Vec<Link>)> =
            self.backlinks[i].keys().map(|c| (*c, links(c))).collect();
        // The article and each passage the briefing quotes; the statements (schema.org `Claim`s) are on the
        // pages that make them, with the quotation's text, and name these passages, by their ids, as their
        // appearance. Here a passage is its id alone: its text is the page's at that anchor (and in
        // data/annotations.jsonld), which a copy would only double.
        let article = self.ld_link(&root, &path);
        let mut graph = vec![self.article_node(&root, i)];
        graph.extend(self.backlinks[i].keys().map(|c| {
            serde_json::json!({
                "@type": "Quotation",
                "@id": format!("{article}#{}", c.anchor()),
                "isPartOf": { "@id": article },
            })
        }));
        SourceView {
            jsonld: super::json_ld(&mut base, graph),
            source: self.source_summary(&root, i),
            text_html: passages_html(
                &self.texts[i],
                &cited.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            ),
            text_id: urls::SOURCE_TEXT,
            cited_by: cited
                .iter()
                .map(|(c, by)| CitedBy {
                    id: format!("cited-{}", c.anchor()),
                    anchor: c.anchor(),
                    quote: self.quote(c),
                    by: by.clone(),
                })
                .collect(),
            unused: s
                .unused
                .iter()
                .map(|u| UnusedView {
                    text: u.text.clone(),
                    reason: u.reason.clone(),
                })
                .collect(),
            base,
        }
    }

    /// The stylesheet that emphasises the passage a link targets on one source page, with its "cited by" note.
    /// A selector per passage, because CSS cannot match an element to the URL's fragment by an attribute's value;
    /// two rules for all of them, because a rule per passage would repeat its declarations thousands of times on
    /// a large source; a file, because the pages' Content-Security-Policy allows no inline style.
    pub fn passages_css(&self, i: usize) -> String {
        let anchors: Vec<String> = self.backlinks[i].keys().map(Citation::anchor).collect();
        let mut css = String::from(
            "/* Generated: the passage the URL targets, emphasised, and what cites it. */\n",
        );
        if anchors.is_empty() {
            return css;
        }
        let list = |f: &dyn Fn(&str) -> String| -> String {
            anchors.iter().map(|a| f(a)).collect::<Vec<_>>().join(",\n")
        };
        let _ = writeln!(
            css,
            "{} {{ background: var(--mark); color: var(--fg); text-decoration: none; }}",
            list(&|a| format!("#{a}:target ~ [data-c~=\"{a}\"]"))
        );
        let _ = writeln!(
            css,
            "{} {{ display: block; }}",
            list(&|a| format!("#{a}:target ~ .by-{a}"))
        );
        css
    }
}

/// The source text as HTML, flat (every element a sibling, so that `#q:target ~ ...` reaches the passage): each
/// cited passage starts with an empty anchor element, its text is cut into segments at every passage boundary,
/// each segment lists the passages that cover it in `data-c`. What cites a passage is listed once, below the text
/// (refs.js shows it beside a targeted passage).
fn passages_html(text: &super::CharIndex, cited: &[Citation]) -> String {
    let mut cuts: Vec<usize> = cited
        .iter()
        .flat_map(|c| [c.span.start, c.span.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    // Passages by start and by end, so each boundary costs only its own passages.
    let mut starts: Vec<(usize, &Citation)> = cited.iter().map(|c| (c.span.start, c)).collect();
    starts.sort_by_key(|(s, _)| *s);
    let mut ends: Vec<(usize, usize)> = cited
        .iter()
        .enumerate()
        .map(|(k, c)| (c.span.end, k))
        .collect();
    ends.sort_unstable();
    let (mut si, mut ei) = (0, 0);
    let mut open: Vec<&Citation> = Vec::new();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while ei < ends.len() && ends[ei].0 == a {
            let c = &cited[ends[ei].1];
            open.retain(|o| *o != c);
            ei += 1;
        }
        while si < starts.len() && starts[si].0 == a {
            let c = starts[si].1;
            let _ = write!(out, "<span class=\"anchor\" id=\"{}\"></span>", c.anchor());
            open.push(c);
            si += 1;
        }
        let escaped = crate::render::templates::escape_html(text.slice(a, b));
        if open.is_empty() {
            out.push_str(&escaped);
        } else {
            let ids: Vec<String> = open.iter().map(|c| c.anchor()).collect();
            let _ = write!(
                out,
                "<span class=\"cited\" data-c=\"{}\">{escaped}</span>",
                ids.join(" ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quote::Span;

    #[test]
    fn overlapping_passages_are_flat_segments_that_name_their_passages() {
        let text = super::super::CharIndex::new("abcdefgh");
        let c = |s, e| Citation {
            source: 0,
            span: Span { start: s, end: e },
        };
        let html = passages_html(&text, &[c(1, 4), c(2, 6)]);
        assert_eq!(
            html,
            "a<span class=\"anchor\" id=\"q1-4\"></span><span class=\"cited\" data-c=\"q1-4\">b</span>\
             <span class=\"anchor\" id=\"q2-6\"></span><span class=\"cited\" data-c=\"q1-4 q2-6\">cd</span>\
             <span class=\"cited\" data-c=\"q2-6\">ef</span>\
             gh"
        );
    }

    /// What an annotation client reads: the element's text, tags dropped and entities decoded, is the source's.
    #[test]
    fn the_marked_up_text_holds_exactly_the_source_text() {
        let source = "Tom & \"Jerry\" <b>\n  said 'no'.";
        let text = super::super::CharIndex::new(source);
        let c = |s, e| Citation {
            source: 0,
            span: Span { start: s, end: e },
        };
        let html = passages_html(&text, &[c(0, 5), c(4, 30)]);
        let mut plain = String::new();
        let mut in_tag = false;
        for ch in html.chars() {
            match ch {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(ch),
                _ => {}
            }
        }
        let decoded = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
        assert_eq!(decoded, source);
    }
}
