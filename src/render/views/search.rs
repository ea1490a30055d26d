//! What the offline search can find: each country, statement, transfer, topic section, disagreement, event and
//! source, with the anchor of its place on its page.

use serde::Serialize;

use super::Views;
use crate::render::urls;

/// One searchable item: its kind, a title, where it is (relative to the site root), and its text.
#[derive(Debug, Serialize)]
pub struct SearchEntry {
    pub k: &'static str,
    pub t: String,
    pub u: String,
    pub x: String,
}

impl Views<'_> {
    pub fn search_entries(&self) -> Vec<SearchEntry> {
        let entry = |k, t: String, u: String, x: &str| SearchEntry {
            k,
            t,
            u,
            x: x.to_owned(),
        };
        let mut out = Vec::new();
        for c in &self.site.countries {
            let page = urls::country(&c.slug);
            out.push(entry(
                "Country",
                format!("{} ({})", c.name, c.headline.label()),
                page.clone(),
                &c.summary,
            ));
            for i in c.claim_order() {
                let cl = &c.claims[i];
                let title = match (cl.axis, cl.status.as_deref()) {
                    (Some(a), Some(s)) => format!(
                        "{}: {}, {}",
                        c.name,
                        a.label(),
                        crate::status::status_label(s)
                    ),
                    _ => format!("{}: context", c.name),
                };
                out.push(entry(
                    "Statement",
                    title,
                    format!("{page}#{}", super::claim_anchor(&cl.id)),
                    &cl.text,
                ));
            }
            for t in &c.transfers {
                let title = format!("{}: deportees sent there", c.name);
                out.push(entry(
                    "Transfer",
                    title,
                    format!("{page}#{}", super::transfer_anchor(t)),
                    &t.text,
                ));
            }
        }
        for t in &self.site.topics {
            let page = urls::topic(&t.slug);
            out.push(entry("Topic", t.title.clone(), page.clone(), &t.summary));
            for (s, section) in t.sections.iter().enumerate() {
                let text: Vec<&str> = section.claims.iter().map(|c| c.text.as_str()).collect();
                let title = format!("{}: {}", t.title, section.heading);
                out.push(entry(
                    "Topic",
                    title,
                    format!("{page}#{}", super::section_anchor(s)),
                    &text.join(" "),
                ));
            }
        }
        for d in &self.site.disagreements {
            let text: Vec<&str> = d.sides.iter().map(|s| s.text.as_str()).collect();
            let href = format!(
                "{}#{}",
                urls::DISAGREEMENTS,
                super::disagreement_anchor(&d.id)
            );
            out.push(entry(
                "Disagreement",
                d.question.clone(),
                href,
                &text.join(" "),
            ));
        }
        for e in &self.site.timeline {
            let title = format!("Timeline, {}", crate::dates::readable(&e.when.value));
            out.push(entry(
                "Event",
                title,
                format!("{}#{}", urls::TIMELINE, super::event_anchor(&e.id)),
                &e.text,
            ));
        }
        for s in &self.site.sources {
            out.push(entry(
                "Source",
                s.title.clone(),
                urls::source(&s.id),
                &s.text,
            ));
        }
        out
    }
}
