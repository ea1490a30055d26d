//! The content files as written: typed, unknown fields refused. Nothing here is resolved or checked yet.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Stated,
    Inferred,
}

/// A value with how it is known: stated by a seed, or inferred (then `reason` says how).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualified {
    pub value: String,
    pub basis: Basis,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub reporters: Vec<Reporter>,
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    pub file: String,
    pub title: String,
    pub title_basis: Basis,
    pub publisher: Qualified,
    pub author: Option<Qualified>,
    #[serde(default)]
    pub relays: Vec<String>,
    pub published: Qualified,
    pub language: String,
    pub reliability: String,
    #[serde(default)]
    pub unused: Vec<Unused>,
}

/// A seed sentence deliberately left uncited.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unused {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub source: String,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    Outreach,
    Agreement,
    Transfers,
    Stance,
}

impl Axis {
    pub const ALL: [Axis; 4] = [
        Axis::Outreach,
        Axis::Agreement,
        Axis::Transfers,
        Axis::Stance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Axis::Outreach => "outreach",
            Axis::Agreement => "agreement",
            Axis::Transfers => "transfers",
            Axis::Stance => "stance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Axis::Outreach => "US outreach",
            Axis::Agreement => "Agreement",
            Axis::Transfers => "Transfers",
            Axis::Stance => "Government's public stance",
        }
    }

    /// The statuses a claim on this axis may take.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            Axis::Outreach => &["approached", "negotiating"],
            Axis::Agreement => &["reported", "concluded"],
            Axis::Transfers => &["received"],
            Axis::Stance => &["confirmed", "denied", "unaware", "refused", "no_comment"],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Destination,
    Origin,
    Precedent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Region {
    Africa,
    Americas,
    Asia,
    Europe,
    #[serde(rename = "Middle East")]
    MiddleEast,
    Oceania,
}

impl Region {
    pub fn name(self) -> &'static str {
        match self {
            Region::Africa => "Africa",
            Region::Americas => "Americas",
            Region::Asia => "Asia",
            Region::Europe => "Europe",
            Region::MiddleEast => "Middle East",
            Region::Oceania => "Oceania",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub text: String,
    pub axis: Option<Axis>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub when: Option<Qualified>,
    #[serde(default)]
    pub countries: Vec<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Number {
    pub text: String,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub text: String,
    #[serde(default)]
    pub origins: Vec<String>,
    pub origin_note: Option<String>,
    pub number: Option<Number>,
    pub when: Option<Qualified>,
    pub payment: Option<String>,
    pub conditions: Option<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryFile {
    pub name: String,
    pub iso2: String,
    pub iso3: String,
    pub iso_numeric: Option<String>,
    pub region: Region,
    pub roles: Vec<Role>,
    pub summary: String,
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub flows: Vec<Flow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    List,
    Compare,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    pub claims: Vec<Claim>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub title: String,
    pub order: u32,
    #[serde(default)]
    pub layout: Layout,
    pub summary: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    pub when: Qualified,
    pub text: String,
    #[serde(default)]
    pub countries: Vec<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    pub events: Vec<TimelineEvent>,
}
