//! The content files as written: typed, unknown fields refused. Nothing here is resolved or checked yet.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What the loader requires of ids and codes, given to the JSON Schemas too, so that an editor flags what
/// `check` would. A slug (file names, ids, references to them): lowercase ASCII words joined by single hyphens.
pub const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A slug is at most this long.
pub const SLUG_MAX: u32 = 64;
const ISO2: &str = "^[A-Z]{2}$";
const ISO3: &str = "^[A-Z]{3}$";
const ISO_NUMERIC: &str = "^[0-9]{3}$";
const SHA256: &str = "^[0-9a-f]{64}$";

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: String,
    /// Markdown: one or two sentences, shown on the home page.
    pub description: String,
    /// Markdown: the licence of the briefing's own text and data (quotations stay their publishers').
    pub licence: Option<String>,
    /// Where the site is published, e.g. `https://example.org/briefing/` (canonical links, feeds). Optional: the
    /// site works from any address or from `file://` without it.
    pub base_url: Option<String>,
    /// The repository's web address, e.g. `https://github.com/owner/briefing`, for "suggest a correction" links.
    pub repository: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Stated,
    Inferred,
}

/// A value with how it is known: stated by a seed, or inferred (then `reason` says how).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualified {
    /// The value; for dates `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `before YYYY` or `first Trump administration`.
    pub value: String,
    /// `stated` when a seed says it; `inferred` otherwise (then `reason` is required).
    pub basis: Basis,
    /// How it was inferred, from the seed's own words.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub reporters: Vec<Reporter>,
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporter {
    #[schemars(pattern(SLUG), length(max = SLUG_MAX))]
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    #[schemars(pattern(SLUG), length(max = SLUG_MAX))]
    pub id: String,
    pub file: String,
    /// The SHA-256 of the seed file's bytes, in lowercase hex: checked at every build, shown on the source's
    /// page and in the open data, so that anyone can verify that the text quoted is the text published.
    /// `briefing new source` writes it.
    #[schemars(pattern(SHA256))]
    pub sha256: String,
    pub title: String,
    pub title_basis: Basis,
    pub publisher: Qualified,
    pub author: Option<Qualified>,
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub relays: Vec<String>,
    pub published: Qualified,
    pub language: String,
    /// Whether the text is a translation (by machine or not): a claim that rests on translations only says so.
    pub translated: bool,
    pub reliability: String,
    /// Passages whose reporting the article credits to someone other than the reporters it relays (a relay of
    /// CBS News saying "The Wall Street Journal reported..."), or to no one (the article's own aside). A
    /// citation inside such a passage is backed by its `reporters`, not by `relays`.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    /// Garbled words of the seed, verbatim ("CBS NewsWashington", "Esvatini"): wherever a quotation holding one
    /// is shown, it is marked [sic], so that a reader sees the garbling is the source's, not the briefing's.
    #[serde(default)]
    pub sic: Vec<String>,
    #[serde(default)]
    pub unused: Vec<Unused>,
}

/// A passage of a seed credited to particular original reporters, or to none.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The passage, verbatim (located like a citation's quote: it must occur once).
    pub quote: String,
    /// Reporter ids the passage credits; empty when it names no source (the article's own words).
    #[schemars(inner(pattern(SLUG)))]
    pub reporters: Vec<String>,
    /// Why, from the article's own words ("The Wall Street Journal reported").
    pub reason: String,
}

/// A seed sentence deliberately left uncited.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unused {
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    /// A source id from seeds/sources.yaml.
    #[schemars(pattern(SLUG), length(max = SLUG_MAX))]
    pub source: String,
    /// The passage, copied verbatim from the seed (only whitespace and quote marks may differ).
    pub quote: String,
    /// The text right before the quote, when the quote alone occurs more than once.
    pub prefix: Option<String>,
    /// The text right after the quote, when the quote alone occurs more than once.
    pub suffix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
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

    /// The statuses this axis may take. Transfers take theirs from `transfers:` records (`received` for
    /// `outcome: sent`, `blocked` for `outcome: blocked`), never from claims.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            Axis::Outreach => &["approached", "negotiating"],
            Axis::Agreement => &["signed", "announced", "agreed", "reported", "not_reached"],
            Axis::Transfers => &["received", "blocked"],
            Axis::Stance => &[
                "confirmed",
                "denied",
                "unaware",
                "refused",
                "resisted",
                "no_comment",
            ],
        }
    }
}

/// A claim's schema knows what `check` does of its axis and status: a claim's axes are outreach, agreement and
/// stance (transfers are `transfers:` records), and each axis has its own statuses, so that an editor flags
/// `status: no-comment`, or `signed` on the stance axis.
fn claim_axes_and_statuses(schema: &mut schemars::Schema) {
    let axes: Vec<Axis> = Axis::ALL
        .into_iter()
        .filter(|a| *a != Axis::Transfers)
        .collect();
    let nullable = |values: Vec<&str>| {
        let mut values: Vec<serde_json::Value> = values.into_iter().map(Into::into).collect();
        values.push(serde_json::Value::Null);
        values
    };
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        for (key, values) in [
            ("axis", axes.iter().map(|a| a.name()).collect::<Vec<_>>()),
            (
                "status",
                axes.iter().flat_map(|a| a.statuses()).copied().collect(),
            ),
        ] {
            if let Some(prop) = props.get_mut(key).and_then(|p| p.as_object_mut()) {
                prop.remove("anyOf");
                prop.insert("type".into(), serde_json::json!(["string", "null"]));
                prop.insert("enum".into(), nullable(values).into());
            }
        }
    }
    let by_axis: Vec<serde_json::Value> = axes
        .iter()
        .map(|a| {
            serde_json::json!({
                "if": { "properties": { "axis": { "const": a.name() } }, "required": ["axis"] },
                "then": { "properties": { "status": { "enum": nullable(a.statuses().to_vec()) } } },
            })
        })
        .collect();
    schema.insert("allOf".into(), by_axis.into());
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Destination,
    Origin,
    Precedent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = claim_axes_and_statuses)]
pub struct Claim {
    /// A stable id, unique in the file (lowercase letters, digits and hyphens; quoted, so that `12e4` stays text):
    /// the statement's anchor (`#claim-<id>`) and its id in the open data, kept when the text is reworded.
    /// `check` suggests one (W003) where it is missing.
    pub id: Option<String>,
    /// Ids the statement had before: links to their anchors still land on it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Markdown: what the source says, neutral and attributed.
    pub text: String,
    /// For status facts in country files: which axis the claim supports.
    pub axis: Option<Axis>,
    /// The status on that axis, no stronger than the quote's words: outreach approached|negotiating; agreement
    /// signed|announced|agreed|reported|not_reached; stance confirmed|denied|unaware|refused|resisted|no_comment.
    /// (Transfers are `transfers:` records, not claims.)
    pub status: Option<String>,
    /// The kind of agreement (agreement axis only), e.g. "safe third country".
    pub kind: Option<String>,
    /// When it happened, as stated or inferred.
    pub when: Option<Qualified>,
    /// Slugs of the countries the claim concerns.
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub countries: Vec<String>,
    /// Markdown, one paragraph, optional: a short note for readers on the source's wording, e.g. a garbled
    /// translation ("the translation reads 'stopped production'"). Kept out of the sentence itself.
    pub note: Option<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Number {
    pub text: String,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// A sum of money as the words allow it: its bounds (equal when the sum is stated exactly; "millions of dollars"
/// is at least 2,000,000) and its ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    pub min: Option<u64>,
    pub max: Option<u64>,
    /// ISO 4217 code, three capital letters: `USD`.
    pub currency: String,
}

/// Whether people were actually sent, or an attempt to send them was stopped.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A source says deportees were sent (or received) there.
    Sent,
    /// A source says an attempt to send deportees there was stopped (by a court, say).
    Blocked,
}

/// Deportees sent (or an attempt to send them) to the country of the file: who, how many, when, at what price.
/// An agreement to accept people is not a transfer: it is an `agreement` claim.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// A stable id, unique in the file (lowercase words joined by hyphens), e.g. `venezuelans-march`.
    #[schemars(pattern(SLUG), length(max = SLUG_MAX))]
    pub id: String,
    /// Markdown, one sentence: what the source says was sent, attributed.
    pub text: String,
    /// `sent`, or `blocked` when the source says the attempt was stopped.
    pub outcome: Outcome,
    /// Slugs of the deportees' countries of origin, where the source names them.
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub origins: Vec<String>,
    /// Who was sent, in words, where countries alone do not say it ("African and Asian migrants").
    pub origin_note: Option<String>,
    /// How many, as the source words it, with the bounds the wording implies.
    pub number: Option<Number>,
    /// The movement of people this record describes, when other records (of this country or another, from
    /// this source or another) describe the same one: an id they all share, e.g. `el-salvador-2025-03`, so
    /// that the people are counted once. Without it, the record is a movement of its own.
    pub movement: Option<String>,
    /// The countries one figure covers, this one included, when the source gives a single figure for several
    /// ("hundreds ... to Costa Rica and Panama"); such a record needs a `movement`.
    #[serde(default)]
    pub covers: Vec<String>,
    pub when: Option<Qualified>,
    /// The money reported in exchange, as the source words it.
    pub payment: Option<String>,
    /// The same payment as an amount: the bounds its words allow, and the currency.
    pub paid: Option<Amount>,
    pub conditions: Option<String>,
    /// Markdown, one paragraph, optional: a short note for readers on the source's wording, e.g. a garbled
    /// translation ("the translation reads 'stopped production'"). Kept out of the sentence itself.
    pub note: Option<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountryFile {
    /// The country's name in English.
    pub name: String,
    /// ISO 3166-1 alpha-2 code (Kosovo: XK).
    #[schemars(pattern(ISO2))]
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code (Kosovo: XKX).
    #[schemars(pattern(ISO3))]
    pub iso3: String,
    /// ISO 3166-1 numeric code, quoted; omitted where none exists.
    #[schemars(pattern(ISO_NUMERIC))]
    pub iso_numeric: Option<String>,
    pub region: Region,
    /// How the sources involve the country: destination, origin (deportees' nationality), precedent.
    pub roles: Vec<Role>,
    /// Markdown: two to four neutral sentences restating the file's cited claims.
    pub summary: String,
    /// Cited facts; status facts carry `axis` and `status`.
    pub claims: Vec<Claim>,
    /// Deportees sent to this country (or attempts stopped): who, how many, payments, conditions. These,
    /// not claims, make the country's transfers axis.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    #[default]
    List,
    Compare,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    /// Shown as prose: one paragraph of sentences, each followed by its reference.
    pub claims: Vec<Claim>,
    /// Ids from content/disagreements.yaml to show in this section as tables of competing positions.
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub disagreements: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub title: String,
    pub order: u32,
    #[serde(default)]
    pub layout: Layout,
    pub summary: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    /// A stable id, unique in the file, as a claim's (`#event-<id>`).
    pub id: Option<String>,
    /// Ids the event had before, as a claim's.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub when: Qualified,
    pub text: String,
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub countries: Vec<String>,
    /// Markdown, one paragraph, optional: a short note for readers on the source's wording, e.g. a garbled
    /// translation ("the translation reads 'stopped production'"). Kept out of the sentence itself.
    pub note: Option<String>,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    pub events: Vec<TimelineEvent>,
}

/// What kind of disagreement a record is: what a reader may conclude from its sides.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum DisagreementKind {
    /// The accounts cannot all be true (figures that cannot all hold, a denial against a confirmation of one fact).
    Contradiction,
    /// The accounts differ in precision or detail (over 200, nearly 300) but can all be true.
    Compatible,
    /// The accounts may describe different events, times or arrangements; the sources do not say which.
    DifferentEvents,
    /// The sources bear on the question but leave it open: no account settles it.
    Open,
}

impl DisagreementKind {
    pub const ALL: [DisagreementKind; 4] = [
        DisagreementKind::Contradiction,
        DisagreementKind::Compatible,
        DisagreementKind::DifferentEvents,
        DisagreementKind::Open,
    ];

    /// The code written in the content and the open data.
    pub fn code(self) -> &'static str {
        match self {
            DisagreementKind::Contradiction => "contradiction",
            DisagreementKind::Compatible => "compatible",
            DisagreementKind::DifferentEvents => "different-events",
            DisagreementKind::Open => "open",
        }
    }

    /// The sentence a reader sees under the question.
    pub fn sentence(self) -> &'static str {
        match self {
            DisagreementKind::Contradiction => "These accounts cannot all be true.",
            DisagreementKind::Compatible => "These accounts differ in precision or detail, but they can all be true.",
            DisagreementKind::DifferentEvents => "These accounts may describe different events, times or arrangements; the sources do not say which.",
            DisagreementKind::Open => "The sources bear on this question but leave it open.",
        }
    }
}

/// One position in a disagreement: what a source (or several) says, cited.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// The position in a few words, e.g. `"Nearly 300"` or `Denied any agreement`.
    pub position: String,
    /// Markdown, one sentence: who says it, attributed.
    pub text: String,
    /// The figure this side gives, as stated, with the bounds its words allow ("nearly 300": at most 299), so
    /// that a contradiction between figures is checked, not asserted.
    pub number: Option<Number>,
    /// Markdown, one paragraph, optional: a short note for readers on the source's wording, e.g. a garbled
    /// translation ("the translation reads 'stopped production'"). Kept out of the sentence itself.
    pub note: Option<String>,
    pub cites: Vec<Cite>,
}

/// Statements in the sources that cannot all be true, or that a reader could take for a contradiction.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disagreement {
    /// A stable id, unique in the file, e.g. `venezuelans-sent-to-el-salvador`.
    #[schemars(pattern(SLUG), length(max = SLUG_MAX))]
    pub id: String,
    /// What is disputed, as a question: "How many Venezuelans were sent to El Salvador in March?"
    pub question: String,
    /// Slugs of the countries the question is about: the disagreement is shown on each of their pages, and,
    /// with `axis`, disputes their status on it.
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub countries: Vec<String>,
    /// Slugs of other countries its sides name, which the question is not about (deportees' countries of
    /// origin, a country listed beside the one in question): their pages link to it.
    #[serde(default)]
    #[schemars(inner(pattern(SLUG)))]
    pub mentions: Vec<String>,
    /// When the dispute is over those countries' status on an axis: outreach, agreement, transfers, stance.
    pub axis: Option<Axis>,
    /// contradiction, compatible, different-events or open: what a reader may conclude from the sides.
    pub kind: DisagreementKind,
    /// Markdown: a neutral note on why the sides may differ (translation, timing, sourcing).
    pub note: Option<String>,
    /// Two or more positions, each cited.
    pub sides: Vec<Side>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisagreementsFile {
    pub disagreements: Vec<Disagreement>,
}
