//! The resolved site: sources with their texts, countries, claims with located citations, topics, timeline.
//! Plain data with no positions; every citation here has been found in its seed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::{
    Amount, Axis, DisagreementKind, Layout, Number, Outcome, Qualified, Region, Role,
};
use crate::quote::Span;
use crate::status::{AxisReport, Headline};

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: String,
    pub licence: Option<String>,
    pub base_url: Option<String>,
    pub repository: Option<String>,
    /// Original reporters by id.
    pub reporters: BTreeMap<String, String>,
    /// In the order of seeds/sources.yaml.
    pub sources: Vec<Source>,
    /// Sorted by slug.
    pub countries: Vec<Country>,
    /// Sorted by `order`, then slug.
    pub topics: Vec<Topic>,
    /// Sorted by date.
    pub timeline: Vec<Event>,
    /// In file order.
    pub disagreements: Vec<Disagreement>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub file: String,
    /// The SHA-256 of the seed's bytes (lowercase hex), checked against the file.
    pub sha256: String,
    pub title: String,
    pub title_inferred: bool,
    pub publisher: Qualified,
    pub author: Option<Qualified>,
    pub relays: Vec<String>,
    pub published: Qualified,
    pub language: String,
    pub translated: bool,
    pub reliability: String,
    /// Passages credited to other reporters than `relays` (or to none), sorted by position.
    pub attributions: Vec<Attribution>,
    /// Garbled words of its text, marked [sic] where a quotation shows them.
    pub sic: Vec<String>,
    pub unused: Vec<UnusedSentence>,
    /// The seed's text, shared with the loaded seed.
    pub text: std::sync::Arc<str>,
}

/// A located passage of a source that credits its reporting to `reporters` (ids; none: the article's own words).
#[derive(Debug, Clone)]
pub struct Attribution {
    pub span: Span,
    pub reporters: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct UnusedSentence {
    pub text: String,
    pub reason: String,
    pub span: Span,
}

/// A located quote: which source (index into `Site::sources`) and which code points of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citation {
    pub source: usize,
    pub span: Span,
}

impl Citation {
    /// The anchor of the highlighted passage on the source page; offsets are code points.
    pub fn anchor(&self) -> String {
        format!("q{}-{}", self.span.start, self.span.end)
    }
}

#[derive(Debug, Clone)]
pub struct Claim {
    /// Stable within its file: written in the content (or, until it is, derived from the claim's own text and
    /// quotations, `validate::derived_id`). Page anchors and the open data use it.
    pub id: String,
    /// Ids it had before, whose anchors still land on it.
    pub aliases: Vec<String>,
    /// Derived from its text and quotations (`validate::derived_id`): the same statement placed on several
    /// pages has one digest, which the open data's statements table is keyed by.
    pub digest: String,
    /// Markdown.
    pub text: String,
    pub axis: Option<Axis>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub when: Option<Qualified>,
    pub countries: Vec<String>,
    pub note: Option<String>,
    pub cites: Vec<Citation>,
}

#[derive(Debug, Clone)]
pub struct Transfer {
    pub id: String,
    pub text: String,
    pub outcome: Outcome,
    pub origins: Vec<String>,
    pub origin_note: Option<String>,
    pub number: Option<Number>,
    /// The movement of people it describes, shared with the other records of it (`None`: its own).
    pub movement: Option<String>,
    /// The countries its figure covers, when one figure covers several (this one included).
    pub covers: Vec<String>,
    pub when: Option<Qualified>,
    pub payment: Option<String>,
    pub paid: Option<Amount>,
    pub conditions: Option<String>,
    pub note: Option<String>,
    pub cites: Vec<Citation>,
}

#[derive(Debug, Clone)]
pub struct Side {
    pub position: String,
    pub text: String,
    pub number: Option<Number>,
    pub note: Option<String>,
    pub cites: Vec<Citation>,
}

#[derive(Debug, Clone)]
pub struct Disagreement {
    pub id: String,
    pub question: String,
    pub countries: Vec<String>,
    pub mentions: Vec<String>,
    pub axis: Option<Axis>,
    pub kind: DisagreementKind,
    pub note: Option<String>,
    pub sides: Vec<Side>,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub slug: String,
    pub name: String,
    pub iso2: String,
    pub iso3: String,
    pub iso_numeric: Option<String>,
    pub region: Region,
    pub roles: Vec<Role>,
    pub summary: String,
    pub claims: Vec<Claim>,
    pub transfers: Vec<Transfer>,
    /// What the sources report on each axis, in `Axis::ALL` order.
    pub axes: Vec<AxisReport>,
    pub headline: Headline,
    /// The YAML file behind the page, named on it.
    pub file: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    pub claims: Vec<Claim>,
    /// Indexes into `Site::disagreements`.
    pub disagreements: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    pub order: u32,
    pub layout: Layout,
    pub summary: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Event {
    /// Stable within the timeline, as a claim's id.
    pub id: String,
    pub aliases: Vec<String>,
    pub when: Qualified,
    pub text: String,
    pub countries: Vec<String>,
    pub note: Option<String>,
    pub cites: Vec<Citation>,
}

impl Country {
    /// The order claims are shown in: status claims (on an axis) first, then context, each in file order.
    /// Claim numbers and anchors follow this order.
    pub fn claim_order(&self) -> Vec<usize> {
        let (mut order, context): (Vec<usize>, Vec<usize>) =
            (0..self.claims.len()).partition(|&i| self.claims[i].axis.is_some());
        order.extend(context);
        order
    }
}

impl Site {
    pub fn country(&self, slug: &str) -> Option<&Country> {
        self.countries
            .binary_search_by(|c| c.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &self.countries[i])
    }
}

impl Site {
    /// Every located citation of the site (claims, transfers, topics, timeline, disagreements), deduplicated
    /// and sorted.
    pub fn citations(&self) -> Vec<Citation> {
        let mut out: Vec<Citation> = self
            .countries
            .iter()
            .flat_map(|c| {
                c.claims
                    .iter()
                    .flat_map(|cl| cl.cites.iter())
                    .chain(c.transfers.iter().flat_map(|t| t.cites.iter()))
            })
            .chain(self.topics.iter().flat_map(|t| {
                t.sections
                    .iter()
                    .flat_map(|s| s.claims.iter().flat_map(|c| c.cites.iter()))
            }))
            .chain(self.timeline.iter().flat_map(|e| e.cites.iter()))
            .chain(
                self.disagreements
                    .iter()
                    .flat_map(|d| d.sides.iter().flat_map(|s| s.cites.iter())),
            )
            .copied()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
