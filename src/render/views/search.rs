//! What the offline search can find: each country, topic, disagreement, statement, transfer, event and source,
//! with the anchor of its place on its page, listed in the order the search index is split into parts.

use super::Views;
use crate::render::urls;

/// What a search result is, as the search page labels it. The order is the index's: the first part the search page
/// loads holds the countries, the last the sources' full texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchKind {
    Country,
    Topic,
    Disagreement,
    Statement,
    Transfer,
    Event,
    Source,
}

impl SearchKind {
    pub const ALL: [SearchKind; 7] = [
        SearchKind::Country,
        SearchKind::Topic,
        SearchKind::Disagreement,
        SearchKind::Statement,
        SearchKind::Transfer,
        SearchKind::Event,
        SearchKind::Source,
    ];

    /// How much a match of this kind weighs in the ranking: a country's own page first, then the topics that
    /// discuss it, then the single statements (which name the country in their titles, and would otherwise
    /// crowd out the topics).
    pub fn boost(self) -> f64 {
        match self {
            SearchKind::Country => 8.0,
            SearchKind::Topic => 6.0,
            SearchKind::Disagreement => 2.0,
            SearchKind::Statement | SearchKind::Transfer | SearchKind::Event => 1.0,
            SearchKind::Source => 0.5,
        }
    }

    /// Whether the entry's title was written by someone (a country's name, a topic's heading, a question), so that
    /// a word in it weighs more than one in the text. A statement's, transfer's or event's title is a label made
    /// from its country and status or its date: weighing "Rwanda" in forty such labels as titles would put every
    /// statement about Rwanda before the topics that discuss it.
    pub fn titled(self) -> bool {
        !matches!(
            self,
            SearchKind::Statement | SearchKind::Transfer | SearchKind::Event
        )
    }

    /// The label a reader sees on a result.
    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Country => "Country",
            SearchKind::Topic => "Topic",
            SearchKind::Disagreement => "Disagreement",
            SearchKind::Statement => "Statement",
            SearchKind::Transfer => "Transfer",
            SearchKind::Event => "Event",
            SearchKind::Source => "Source article",
        }
    }
}

/// One searchable item: its kind, a title, where it is (relative to the site root), its text, and a detail line
/// shown beside the kind (a country's status).
#[derive(Debug)]
pub struct SearchEntry {
    pub kind: SearchKind,
    pub title: String,
    pub url: String,
    pub text: String,
    pub detail: Option<String>,
}

impl Views<'_> {
    /// Every entry, ordered by kind (in the site's order within a kind), each given to `f` as it is made.
    pub fn each_search_entry(
        &self,
        f: &mut dyn FnMut(SearchEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        SearchKind::ALL
            .iter()
            .try_for_each(|&kind| self.search_entries_of(kind, f))
    }

    fn search_entries_of(
        &self,
        kind: SearchKind,
        f: &mut dyn FnMut(SearchEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let entry = |title: String, url: String, text: &str| SearchEntry {
            kind,
            title,
            url,
            text: text.to_owned(),
            detail: None,
        };
        let site = self.site;
        match kind {
            SearchKind::Country => {
                for c in &site.countries {
                    f(SearchEntry {
                        detail: Some(c.headline.label()),
                        ..entry(c.name.clone(), urls::country(&c.slug), &c.summary)
                    })?;
                }
            }
            SearchKind::Statement => {
                for c in &site.countries {
                    let page = urls::country(&c.slug);
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
                        f(entry(
                            title,
                            format!("{page}#{}", super::claim_anchor(&cl.id)),
                            &cl.text,
                        ))?;
                    }
                }
            }
            SearchKind::Transfer => {
                for c in &site.countries {
                    let page = urls::country(&c.slug);
                    for t in &c.transfers {
                        f(entry(
                            format!("{}: deportees sent there", c.name),
                            format!("{page}#{}", super::transfer_anchor(t)),
                            &t.text,
                        ))?;
                    }
                }
            }
            SearchKind::Topic => {
                for t in &site.topics {
                    let page = urls::topic(&t.slug);
                    f(entry(t.title.clone(), page.clone(), &t.summary))?;
                    for (s, section) in t.sections.iter().enumerate() {
                        let text: Vec<&str> =
                            section.claims.iter().map(|c| c.text.as_str()).collect();
                        f(entry(
                            format!("{}: {}", t.title, section.heading),
                            format!("{page}#{}", super::section_anchor(s)),
                            &text.join(" "),
                        ))?;
                    }
                }
            }
            SearchKind::Disagreement => {
                for d in &site.disagreements {
                    let text: Vec<&str> = d.sides.iter().map(|s| s.text.as_str()).collect();
                    let href = format!(
                        "{}#{}",
                        urls::DISAGREEMENTS,
                        super::disagreement_anchor(&d.id)
                    );
                    f(entry(d.question.clone(), href, &text.join(" ")))?;
                }
            }
            SearchKind::Event => {
                for e in &site.timeline {
                    f(entry(
                        format!("Timeline, {}", crate::dates::readable(&e.when.value)),
                        format!("{}#{}", urls::TIMELINE, super::event_anchor(&e.id)),
                        &e.text,
                    ))?;
                }
            }
            SearchKind::Source => {
                for s in &site.sources {
                    f(entry(s.title.clone(), urls::source(&s.id), &s.text))?;
                }
            }
        }
        Ok(())
    }
}
