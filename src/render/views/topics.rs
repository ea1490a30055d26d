//! Topics: their index, and a page per topic in prose, with tables where the sources give competing figures.

use serde::Serialize;

use super::{ClaimView, DisagreementView, Reference, Views};
use crate::render::markdown::render as md;
use crate::render::urls;

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub heading: String,
    pub id: String,
    /// Shown as one paragraph, each sentence followed by its references.
    pub sentences: Vec<ClaimView>,
    /// Competing positions, shown as tables.
    pub disagreements: Vec<DisagreementView>,
}

#[derive(Debug, Serialize)]
pub struct TopicView {
    pub base: super::Base,
    pub title: String,
    pub summary_html: String,
    pub sections: Vec<SectionView>,
    pub references: Vec<Reference>,
}

#[derive(Debug, Serialize)]
pub struct TopicSummary {
    pub title: String,
    pub href: String,
    pub summary_html: String,
}

#[derive(Debug, Serialize)]
pub struct TopicsView {
    pub base: super::Base,
    pub topics: Vec<TopicSummary>,
}

impl Views<'_> {
    pub fn topics(&self) -> TopicsView {
        let base = self.base(urls::TOPICS, "Topics", None);
        TopicsView {
            topics: self
                .site
                .topics
                .iter()
                .map(|t| TopicSummary {
                    title: t.title.clone(),
                    href: format!("{}{}", base.root, urls::topic(&t.slug)),
                    summary_html: md(&t.summary),
                })
                .collect(),
            base,
        }
    }

    pub fn topic(&self, i: usize) -> TopicView {
        let t = &self.site.topics[i];
        let file = std::path::Path::new("content/topics").join(format!("{}.yaml", t.slug));
        let base = self.base(&urls::topic(&t.slug), &t.title, Some(&file));
        let mut refs = self.references(&base.root);
        let sections = t
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| SectionView {
                heading: section.heading.clone(),
                id: super::section_anchor(s),
                sentences: section
                    .claims
                    .iter()
                    .map(|c| self.claim(&mut refs, c))
                    .collect(),
                disagreements: section
                    .disagreements
                    .iter()
                    .map(|&d| self.disagreement(&mut refs, d))
                    .collect(),
            })
            .collect();
        TopicView {
            title: t.title.clone(),
            summary_html: md(&t.summary),
            sections,
            references: refs.into_list(),
            base,
        }
    }
}
