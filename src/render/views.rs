//! Typed page data: everything a template shows is computed here from the model; templates only lay it out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Axis, Layout, Outcome, Qualified, Role, SameEvent};
use crate::model::{Backing, Citation, Claim, Country, Site, Transfer};
use crate::render::markdown::{render as md, render_inline as md_inline};
use crate::render::{highlight, urls};
use crate::status::{self, Stage};

/// What every page shares: where the root is, the site's name, the navigation.
#[derive(Debug, Serialize)]
pub struct Base {
    pub site_title: String,
    pub site_description: String,
    pub root: String,
    pub title: String,
    pub nav: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct When {
    pub value: String,
    /// In a reader's words: "March 2025", "2025, month not stated".
    pub text: String,
    pub inferred: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    /// Footnote number on this page.
    pub n: usize,
    pub source_title: String,
    /// Straight to the highlighted passage on the source page.
    pub href: String,
    pub quote: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    /// Its number in the page's list (lists may be split into sections but keep one numbering).
    pub n: usize,
    pub id: String,
    pub html: String,
    pub axis: Option<String>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub when: Option<When>,
    pub countries: Vec<Link>,
    pub cites: Vec<CiteView>,
    /// Who stands behind the claim: "Original reporting: CBS News".
    pub backing: String,
    /// A reader's note on the source's wording.
    pub note_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub name: String,
    pub href: String,
    pub region: String,
    pub headline: String,
    pub headline_key: String,
    pub conflict: bool,
    /// For each axis in `Axis::ALL` order, the statuses the sources report (or "Reports conflict: ...").
    pub axes: Vec<String>,
    pub claims: usize,
}

#[derive(Debug, Serialize)]
pub struct Figure {
    pub value: usize,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub base: Base,
    pub description_html: String,
    /// Inline SVG drawn at build time.
    pub map_svg: String,
    pub figures: Vec<Figure>,
    pub axis_labels: Vec<&'static str>,
    pub destinations: Vec<StatusRow>,
    pub others: Vec<StatusRow>,
    pub legend: Vec<LegendItem>,
    pub latest: Vec<EventView>,
    /// Every reported transfer of deportees, by destination: one row per record and source wording.
    pub transfers: Vec<TransferRow>,
}

#[derive(Debug, Serialize)]
pub struct TransferRow {
    pub destination: Link,
    pub transfer: TransferView,
}

#[derive(Debug, Serialize)]
pub struct LegendItem {
    pub key: &'static str,
    pub label: &'static str,
    pub rule: &'static str,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct AxisView {
    pub label: &'static str,
    pub conflict: bool,
    /// Each reported status with the claims (anchors on this page) that state it.
    pub entries: Vec<AxisEntry>,
}

#[derive(Debug, Serialize)]
pub struct AxisEntry {
    pub status: String,
    pub claims: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct TransferView {
    pub id: String,
    pub html: String,
    /// "Sent" or "Attempt blocked".
    pub outcome: &'static str,
    pub blocked: bool,
    pub origins: Vec<Link>,
    pub origin_note: Option<String>,
    pub number: Option<String>,
    pub bounds: Option<String>,
    pub when: Option<When>,
    pub payment: Option<String>,
    pub conditions: Option<String>,
    pub cites: Vec<CiteView>,
    pub backing: String,
    pub note_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CountryView {
    pub base: Base,
    pub name: String,
    pub iso2: String,
    pub iso3: String,
    pub iso_numeric: Option<String>,
    pub region: String,
    pub roles: Vec<&'static str>,
    pub headline: String,
    pub headline_key: String,
    pub summary_html: String,
    pub axes: Vec<AxisView>,
    pub claims: Vec<ClaimView>,
    pub context: Vec<ClaimView>,
    pub transfers: Vec<TransferView>,
    pub disagreements: Vec<DisagreementView>,
    pub conflict: bool,
    pub mentioned_in: Vec<Link>,
    pub footnotes: Vec<CiteView>,
    pub file: String,
    pub yaml_html: String,
}

#[derive(Debug, Serialize)]
pub struct SideView {
    pub position: String,
    pub html: String,
    pub note_html: Option<String>,
    pub cites: Vec<CiteView>,
    pub backing: String,
}

#[derive(Debug, Serialize)]
pub struct DisagreementView {
    pub id: String,
    /// Its place on the disagreements page, from any page.
    pub href: String,
    pub question: String,
    pub axis: Option<&'static str>,
    pub same_event: &'static str,
    pub note_html: Option<String>,
    pub countries: Vec<Link>,
    pub sides: Vec<SideView>,
}

#[derive(Debug, Serialize)]
pub struct DisagreementsView {
    pub base: Base,
    pub disagreements: Vec<DisagreementView>,
    pub footnotes: Vec<CiteView>,
}

#[derive(Debug, Serialize)]
pub struct CountryGroup {
    pub region: String,
    pub countries: Vec<StatusRow>,
}

#[derive(Debug, Serialize)]
pub struct CountriesView {
    pub base: Base,
    pub groups: Vec<CountryGroup>,
    pub axis_labels: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct SourceSummary {
    pub id: String,
    pub title: String,
    pub title_inferred: bool,
    pub href: String,
    pub publisher: Qualified,
    pub author: Option<Qualified>,
    pub relays: Vec<String>,
    pub published: Qualified,
    pub language: String,
    pub reliability: String,
    pub file: String,
    pub citations: usize,
}

#[derive(Debug, Serialize)]
pub struct CitedBy {
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
    pub base: Base,
    pub source: SourceSummary,
    pub text_html: String,
    pub cited_by: Vec<CitedBy>,
    pub unused: Vec<UnusedView>,
}

#[derive(Debug, Serialize)]
pub struct SourcesView {
    pub base: Base,
    pub sources: Vec<SourceSummary>,
    pub reporters: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub heading: String,
    pub id: String,
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Serialize)]
pub struct TopicView {
    pub base: Base,
    pub title: String,
    pub compare: bool,
    pub summary_html: String,
    pub sections: Vec<SectionView>,
    pub footnotes: Vec<CiteView>,
}

#[derive(Debug, Serialize)]
pub struct TopicSummary {
    pub title: String,
    pub href: String,
    pub summary_html: String,
}

#[derive(Debug, Serialize)]
pub struct TopicsView {
    pub base: Base,
    pub topics: Vec<TopicSummary>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub id: String,
    pub when: When,
    pub html: String,
    pub countries: Vec<Link>,
    pub cites: Vec<CiteView>,
    pub backing: String,
    pub note_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TimelineView {
    pub base: Base,
    pub events: Vec<EventView>,
    pub footnotes: Vec<CiteView>,
}

#[derive(Debug, Serialize)]
pub struct RuleStep {
    pub label: &'static str,
    pub key: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AxisDoc {
    pub name: &'static str,
    pub label: &'static str,
    pub statuses: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CodeDoc {
    pub code: &'static str,
    pub name: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AboutView {
    pub base: Base,
    pub rule: Vec<RuleStep>,
    pub conflict: &'static str,
    pub axes: Vec<AxisDoc>,
    pub codes: Vec<CodeDoc>,
    pub citations: usize,
    pub sources: usize,
}

/// A page with nothing but the shared parts (404, search).
#[derive(Debug, Serialize)]
pub struct PlainView {
    pub base: Base,
}

/// One searchable item: a title, where it is (relative to the site root), and its text.
#[derive(Debug, Serialize)]
pub struct SearchEntry {
    pub t: String,
    pub u: String,
    pub x: String,
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Destination => "Destination",
        Role::Origin => "Deportees' country of origin",
        Role::Precedent => "Precedent partner",
    }
}

/// Who stands behind a claim, in a reader's words.
fn backing_line(b: &Backing) -> String {
    let outlets = match b.outlets.as_slice() {
        [] => None,
        [one] => Some(format!("Original reporting: {one}")),
        many => Some(format!("Original reporting: {}", many.join(", "))),
    };
    let unattributed = match b.unattributed {
        0 => None,
        1 => Some("an article that names no original reporter".to_owned()),
        n => Some(format!("{n} articles that name no original reporter")),
    };
    match (outlets, unattributed) {
        (Some(o), Some(u)) => format!("{o}; also {u}"),
        (Some(o), None) => o,
        (None, Some(u)) => format!("Source: {u}"),
        (None, None) => String::new(),
    }
}

fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Sent => "Sent",
        Outcome::Blocked => "Attempt blocked",
    }
}

fn same_event_label(s: SameEvent) -> &'static str {
    match s {
        SameEvent::Yes => "The sources describe the same event; their accounts cannot all be right.",
        SameEvent::Unclear => "The sources may describe the same event, or different events or times; they do not say which.",
        SameEvent::No => "The accounts concern different events or times, which could be taken for one.",
    }
}

fn when(q: &Qualified) -> When {
    When {
        value: q.value.clone(),
        text: crate::dates::readable(&q.value),
        inferred: q.basis == crate::content::Basis::Inferred,
        reason: q.reason.clone(),
    }
}

/// Where a citation is used: the page and the anchor of the claim that uses it.
#[derive(Debug, Clone)]
struct Backlink {
    label: String,
    path: String,
    anchor: String,
}

/// Builds every page's view from the site, sharing what several pages need (back-links, footnote numbering).
pub struct Views<'a> {
    site: &'a Site,
    quotes: Vec<Vec<char>>,
    backlinks: BTreeMap<Citation, Vec<Backlink>>,
    /// For each country slug, the other pages that concern it: topics and timeline events that list it, other
    /// countries' transfers of its nationals. Computed once, so a country page costs no scan of the whole site.
    mentions: BTreeMap<&'a str, Vec<Backlink>>,
}

fn mentions_of(site: &Site) -> BTreeMap<&str, Vec<Backlink>> {
    let mut out: BTreeMap<&str, Vec<Backlink>> = BTreeMap::new();
    for t in &site.topics {
        for (s, section) in t.sections.iter().enumerate() {
            for (i, c) in section.claims.iter().enumerate() {
                for slug in &c.countries {
                    out.entry(slug).or_default().push(Backlink {
                        label: format!("{}: {}", t.title, section.heading),
                        path: urls::topic(&t.slug),
                        anchor: section_claim_anchor(s, i),
                    });
                }
            }
        }
    }
    for (i, e) in site.timeline.iter().enumerate() {
        for slug in &e.countries {
            out.entry(slug).or_default().push(Backlink {
                label: format!("Timeline, {}", crate::dates::readable(&e.when.value)),
                path: urls::TIMELINE.to_owned(),
                anchor: event_anchor(i),
            });
        }
    }
    for other in &site.countries {
        for t in &other.transfers {
            for slug in &t.origins {
                out.entry(slug).or_default().push(Backlink {
                    label: format!("Deportees sent to {}", other.name),
                    path: urls::country(&other.slug),
                    anchor: transfer_anchor(t),
                });
            }
        }
    }
    for d in &site.disagreements {
        for slug in &d.countries {
            out.entry(slug).or_default().push(Backlink {
                label: format!("Where the sources disagree: {}", d.question),
                path: urls::DISAGREEMENTS.to_owned(),
                anchor: disagreement_anchor(&d.id),
            });
        }
    }
    // A claim listing a country twice, or a transfer naming an origin twice, gives one link.
    for links in out.values_mut() {
        links.dedup_by(|a, b| a.path == b.path && a.anchor == b.anchor);
    }
    out
}

/// Numbers the citations of one page in the order they appear.
struct Footnotes<'v> {
    views: &'v Views<'v>,
    root: String,
    list: Vec<CiteView>,
}

impl Footnotes<'_> {
    fn cites(&mut self, cites: &[Citation]) -> Vec<CiteView> {
        cites
            .iter()
            .map(|c| {
                let source = &self.views.site.sources[c.source];
                let v = CiteView {
                    n: self.list.len() + 1,
                    source_title: source.title.clone(),
                    href: format!("{}{}#{}", self.root, urls::source(&source.id), c.anchor()),
                    quote: self.views.quote(c),
                };
                self.list.push(v.clone());
                v
            })
            .collect()
    }
}

fn claim_anchor(i: usize) -> String {
    format!("claim-{}", i + 1)
}

fn transfer_anchor(t: &Transfer) -> String {
    format!("transfer-{}", t.id)
}

fn disagreement_anchor(id: &str) -> String {
    format!("disagreement-{id}")
}

fn section_claim_anchor(s: usize, i: usize) -> String {
    format!("s{}-claim-{}", s + 1, i + 1)
}

fn event_anchor(i: usize) -> String {
    format!("event-{}", i + 1)
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site) -> Views<'a> {
        let quotes = site
            .sources
            .iter()
            .map(|s| s.text.chars().collect())
            .collect();
        let mut backlinks: BTreeMap<Citation, Vec<Backlink>> = BTreeMap::new();
        let mut add = |cites: &[Citation], label: &str, path: &str, anchor: String| {
            for c in cites {
                backlinks.entry(*c).or_default().push(Backlink {
                    label: label.to_owned(),
                    path: path.to_owned(),
                    anchor: anchor.clone(),
                });
            }
        };
        for country in &site.countries {
            let path = urls::country(&country.slug);
            for (n, i) in country.claim_order().into_iter().enumerate() {
                add(
                    &country.claims[i].cites,
                    &country.name,
                    &path,
                    claim_anchor(n),
                );
            }
            for t in &country.transfers {
                add(
                    &t.cites,
                    &format!("{}: deportees sent", country.name),
                    &path,
                    transfer_anchor(t),
                );
            }
        }
        for topic in &site.topics {
            let path = urls::topic(&topic.slug);
            for (s, section) in topic.sections.iter().enumerate() {
                for (i, c) in section.claims.iter().enumerate() {
                    add(&c.cites, &topic.title, &path, section_claim_anchor(s, i));
                }
            }
        }
        for (i, e) in site.timeline.iter().enumerate() {
            add(
                &e.cites,
                &format!("Timeline, {}", crate::dates::readable(&e.when.value)),
                urls::TIMELINE,
                event_anchor(i),
            );
        }
        for d in &site.disagreements {
            for side in &d.sides {
                add(
                    &side.cites,
                    &format!("Where the sources disagree: {}", d.question),
                    urls::DISAGREEMENTS,
                    disagreement_anchor(&d.id),
                );
            }
        }
        Views {
            site,
            quotes,
            backlinks,
            mentions: mentions_of(site),
        }
    }

    /// The quoted passage's text, as it stands in the seed.
    pub fn quote(&self, c: &Citation) -> String {
        self.quotes[c.source][c.span.start..c.span.end]
            .iter()
            .collect()
    }

    pub fn base(&self, path: &str, title: &str) -> Base {
        let root = urls::root_of(path);
        let section = path.split('/').next().unwrap_or("");
        let nav = [
            ("Overview", urls::HOME),
            ("Countries", urls::COUNTRIES),
            ("Timeline", urls::TIMELINE),
            ("Topics", urls::TOPICS),
            ("Disagreements", urls::DISAGREEMENTS),
            ("Sources", urls::SOURCES),
            ("About", urls::ABOUT),
            ("Search", urls::SEARCH),
        ]
        .iter()
        .map(|(label, target)| Link {
            label: (*label).to_owned(),
            href: format!("{root}{target}"),
            current: if *target == urls::HOME {
                path == urls::HOME
            } else {
                target.starts_with(&format!("{section}/"))
            },
        })
        .collect();
        Base {
            site_title: self.site.title.clone(),
            site_description: self.site.description.clone(),
            root,
            title: title.to_owned(),
            nav,
        }
    }

    fn footnotes(&self, root: &str) -> Footnotes<'_> {
        Footnotes {
            views: self,
            root: root.to_owned(),
            list: Vec::new(),
        }
    }

    fn country_links(&self, root: &str, slugs: &[String]) -> Vec<Link> {
        slugs
            .iter()
            .filter_map(|s| self.site.country(s))
            .map(|c| Link {
                label: c.name.clone(),
                href: format!("{root}{}", urls::country(&c.slug)),
                current: false,
            })
            .collect()
    }

    fn claim(&self, notes: &mut Footnotes, n: usize, id: String, c: &Claim) -> ClaimView {
        ClaimView {
            n,
            id,
            html: md_inline(&c.text),
            axis: c.axis.map(|a| a.label().to_owned()),
            status: c
                .status
                .as_deref()
                .map(|s| status::status_label(s).to_owned()),
            kind: c.kind.clone(),
            when: c.when.as_ref().map(when),
            countries: self.country_links(&notes.root, &c.countries),
            cites: notes.cites(&c.cites),
            backing: backing_line(&self.site.backing(&c.cites)),
            note_html: c.note.as_deref().map(md_inline),
        }
    }

    fn transfer(&self, notes: &mut Footnotes, f: &Transfer) -> TransferView {
        TransferView {
            id: transfer_anchor(f),
            html: md_inline(&f.text),
            outcome: outcome_label(f.outcome),
            blocked: f.outcome == Outcome::Blocked,
            origins: self.country_links(&notes.root, &f.origins),
            origin_note: f.origin_note.clone(),
            number: f.number.as_ref().map(|n| n.text.clone()),
            bounds: f.number.as_ref().and_then(|n| match (n.min, n.max) {
                (Some(lo), Some(hi)) if lo == hi => Some(format!("exactly {lo}")),
                (Some(lo), Some(hi)) => Some(format!("between {lo} and {hi}")),
                (Some(lo), None) => Some(format!("at least {lo}")),
                (None, Some(hi)) => Some(format!("at most {hi}")),
                (None, None) => None,
            }),
            when: f.when.as_ref().map(when),
            payment: f.payment.clone(),
            conditions: f.conditions.clone(),
            cites: notes.cites(&f.cites),
            backing: backing_line(&self.site.backing(&f.cites)),
            note_html: f.note.as_deref().map(md_inline),
        }
    }

    fn disagreement(&self, notes: &mut Footnotes, i: usize) -> DisagreementView {
        let d = &self.site.disagreements[i];
        DisagreementView {
            id: disagreement_anchor(&d.id),
            href: format!(
                "{}{}#{}",
                notes.root,
                urls::DISAGREEMENTS,
                disagreement_anchor(&d.id)
            ),
            question: d.question.clone(),
            axis: d.axis.map(Axis::label),
            same_event: same_event_label(d.same_event),
            note_html: d.note.as_deref().map(md_inline),
            countries: self.country_links(&notes.root, &d.countries),
            sides: d
                .sides
                .iter()
                .map(|s| SideView {
                    position: s.position.clone(),
                    html: md_inline(&s.text),
                    note_html: s.note.as_deref().map(md_inline),
                    cites: notes.cites(&s.cites),
                    backing: backing_line(&self.site.backing(&s.cites)),
                })
                .collect(),
        }
    }

    pub fn disagreements(&self) -> DisagreementsView {
        let base = self.base(urls::DISAGREEMENTS, "Where the sources disagree");
        let mut notes = self.footnotes(&base.root);
        let disagreements = (0..self.site.disagreements.len())
            .map(|i| self.disagreement(&mut notes, i))
            .collect();
        DisagreementsView {
            disagreements,
            footnotes: notes.list,
            base,
        }
    }

    fn status_row(&self, root: &str, c: &Country) -> StatusRow {
        StatusRow {
            name: c.name.clone(),
            href: format!("{root}{}", urls::country(&c.slug)),
            region: c.region.name().to_owned(),
            headline: c.headline.label(),
            headline_key: c.headline.key().to_owned(),
            conflict: c.headline.conflict(),
            axes: c.axes.iter().map(status::AxisReport::label).collect(),
            claims: c.claims.len(),
        }
    }

    fn event(&self, notes: &mut Footnotes, i: usize) -> EventView {
        let e = &self.site.timeline[i];
        EventView {
            id: event_anchor(i),
            when: when(&e.when),
            html: md_inline(&e.text),
            countries: self.country_links(&notes.root, &e.countries),
            cites: notes.cites(&e.cites),
            backing: backing_line(&self.site.backing(&e.cites)),
            note_html: e.note.as_deref().map(md_inline),
        }
    }

    fn legend(&self) -> Vec<LegendItem> {
        status::RULE
            .iter()
            .map(|(h, rule)| LegendItem {
                key: h.key(),
                label: h.label(),
                rule,
                count: self
                    .site
                    .countries
                    .iter()
                    .filter(|c| c.headline.stage == *h)
                    .count(),
            })
            .collect()
    }

    pub fn home(&self) -> HomeView {
        let base = self.base(urls::HOME, "Overview");
        let root = base.root.clone();
        let (dest, other): (Vec<&Country>, Vec<&Country>) = self
            .site
            .countries
            .iter()
            .partition(|c| c.headline.stage != Stage::None);
        let mut destinations: Vec<&Country> = dest;
        destinations.sort_by(|a, b| (a.headline.stage, &a.name).cmp(&(b.headline.stage, &b.name)));
        let count = |stages: &[Stage]| {
            self.site
                .countries
                .iter()
                .filter(|c| stages.contains(&c.headline.stage))
                .count()
        };
        let mut notes = self.footnotes(&root);
        let n = self.site.timeline.len();
        let latest = (n.saturating_sub(5)..n)
            .rev()
            .map(|i| self.event(&mut notes, i))
            .collect();
        let transfers = self
            .site
            .countries
            .iter()
            .flat_map(|c| c.transfers.iter().map(move |t| (c, t)))
            .map(|(c, t)| TransferRow {
                destination: Link {
                    label: c.name.clone(),
                    href: format!("{root}{}#{}", urls::country(&c.slug), transfer_anchor(t)),
                    current: false,
                },
                transfer: self.transfer(&mut notes, t),
            })
            .collect();
        HomeView {
            description_html: md(&self.site.description),
            map_svg: crate::render::map::svg(self.site, &root),
            figures: vec![
                Figure {
                    value: destinations.len(),
                    label: "destination countries named in the sources".into(),
                },
                Figure {
                    value: count(&[Stage::Received]),
                    label: "reported to have received deportees".into(),
                },
                Figure {
                    value: count(&[Stage::AgreementConcluded, Stage::AgreementReported]),
                    label:
                        "with an agreement signed, announced or reported, and no transfer reported"
                            .into(),
                },
                Figure {
                    value: self
                        .site
                        .countries
                        .iter()
                        .filter(|c| c.headline.conflict())
                        .count(),
                    label: "where the sources conflict on a status".into(),
                },
                Figure {
                    value: self.site.citations().len(),
                    label: "verified quotations".into(),
                },
                Figure {
                    value: self.site.sources.len(),
                    label: "source articles".into(),
                },
            ],
            axis_labels: Axis::ALL.iter().map(|a| a.label()).collect(),
            destinations: destinations
                .iter()
                .map(|c| self.status_row(&root, c))
                .collect(),
            others: other.iter().map(|c| self.status_row(&root, c)).collect(),
            legend: self.legend(),
            latest,
            transfers,
            base,
        }
    }

    pub fn country(&self, c: &Country) -> CountryView {
        let path = urls::country(&c.slug);
        let base = self.base(&path, &c.name);
        let root = base.root.clone();
        let mut notes = self.footnotes(&root);
        let order = c.claim_order();
        let all: Vec<ClaimView> = order
            .iter()
            .enumerate()
            .map(|(n, &i)| self.claim(&mut notes, n + 1, claim_anchor(n), &c.claims[i]))
            .collect();
        let axes = Axis::ALL
            .iter()
            .map(|a| {
                let mut entries: Vec<AxisEntry> = Vec::new();
                for (n, cl) in order
                    .iter()
                    .map(|&i| &c.claims[i])
                    .enumerate()
                    .filter(|(_, cl)| cl.axis == Some(*a))
                {
                    let status =
                        status::status_label(cl.status.as_deref().unwrap_or("")).to_owned();
                    let link = Link {
                        label: format!("claim {}", n + 1),
                        href: format!("#{}", claim_anchor(n)),
                        current: false,
                    };
                    match entries.iter_mut().find(|e| e.status == status) {
                        Some(e) => e.claims.push(link),
                        None => entries.push(AxisEntry {
                            status,
                            claims: vec![link],
                        }),
                    }
                }
                if *a == Axis::Transfers {
                    for t in &c.transfers {
                        let status =
                            status::status_label(status::transfer_status(t.outcome)).to_owned();
                        let link = Link {
                            label: "record".to_owned(),
                            href: format!("#{}", transfer_anchor(t)),
                            current: false,
                        };
                        match entries.iter_mut().find(|e| e.status == status) {
                            Some(e) => e.claims.push(link),
                            None => entries.push(AxisEntry {
                                status,
                                claims: vec![link],
                            }),
                        }
                    }
                }
                AxisView {
                    label: a.label(),
                    conflict: c.axes.iter().any(|r| r.axis == *a && r.conflict),
                    entries,
                }
            })
            .collect();
        let (claims, context): (Vec<ClaimView>, Vec<ClaimView>) =
            all.into_iter().partition(|v| v.axis.is_some());
        let transfers = c
            .transfers
            .iter()
            .map(|t| self.transfer(&mut notes, t))
            .collect();
        let disagreements = (0..self.site.disagreements.len())
            .filter(|&i| self.site.disagreements[i].countries.contains(&c.slug))
            .map(|i| self.disagreement(&mut notes, i))
            .collect();
        let mentioned_in = self.mentions(&root, &c.slug);
        CountryView {
            name: c.name.clone(),
            iso2: c.iso2.clone(),
            iso3: c.iso3.clone(),
            iso_numeric: c.iso_numeric.clone(),
            region: c.region.name().to_owned(),
            roles: c.roles.iter().map(|r| role_label(*r)).collect(),
            headline: c.headline.label(),
            headline_key: c.headline.key().to_owned(),
            conflict: c.headline.conflict(),
            summary_html: md(&c.summary),
            axes,
            claims,
            context,
            transfers,
            disagreements,
            mentioned_in,
            footnotes: notes.list,
            file: c.file.display().to_string(),
            yaml_html: highlight::yaml(&c.yaml),
            base,
        }
    }

    /// Other pages that concern a country: topics and timeline events that list it, other countries' flows.
    fn mentions(&self, root: &str, slug: &str) -> Vec<Link> {
        self.mentions
            .get(slug)
            .into_iter()
            .flatten()
            .map(|b| Link {
                label: b.label.clone(),
                href: format!("{root}{}#{}", b.path, b.anchor),
                current: false,
            })
            .collect()
    }

    pub fn countries(&self) -> CountriesView {
        let base = self.base(urls::COUNTRIES, "Countries");
        let mut groups: BTreeMap<&str, Vec<StatusRow>> = BTreeMap::new();
        for c in &self.site.countries {
            groups
                .entry(c.region.name())
                .or_default()
                .push(self.status_row(&base.root, c));
        }
        CountriesView {
            groups: groups
                .into_iter()
                .map(|(region, countries)| CountryGroup {
                    region: region.to_owned(),
                    countries,
                })
                .collect(),
            axis_labels: Axis::ALL.iter().map(|a| a.label()).collect(),
            base,
        }
    }

    fn source_summary(&self, root: &str, i: usize) -> SourceSummary {
        let s = &self.site.sources[i];
        SourceSummary {
            id: s.id.clone(),
            title: s.title.clone(),
            title_inferred: s.title_inferred,
            href: format!("{root}{}", urls::source(&s.id)),
            publisher: s.publisher.clone(),
            author: s.author.clone(),
            relays: s
                .relays
                .iter()
                .map(|r| {
                    self.site
                        .reporters
                        .get(r)
                        .cloned()
                        .unwrap_or_else(|| r.clone())
                })
                .collect(),
            published: s.published.clone(),
            language: s.language.clone(),
            reliability: s.reliability.clone(),
            file: s.file.clone(),
            citations: self.backlinks.keys().filter(|c| c.source == i).count(),
        }
    }

    pub fn sources(&self) -> SourcesView {
        let base = self.base(urls::SOURCES, "Sources");
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
        let base = self.base(&urls::source(&s.id), &s.title);
        let root = base.root.clone();
        let cites: Vec<(&Citation, &Vec<Backlink>)> = self
            .backlinks
            .iter()
            .filter(|(c, _)| c.source == i)
            .collect();
        let cited_by = cites
            .iter()
            .map(|(c, links)| CitedBy {
                anchor: c.anchor(),
                quote: self.quote(c),
                by: links
                    .iter()
                    .map(|b| Link {
                        label: b.label.clone(),
                        href: format!("{root}{}#{}", b.path, b.anchor),
                        current: false,
                    })
                    .collect(),
            })
            .collect();
        let spans: Vec<Citation> = cites.iter().map(|(c, _)| **c).collect();
        SourceView {
            source: self.source_summary(&root, i),
            text_html: highlight_passages(&self.quotes[i], &spans),
            cited_by,
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

    pub fn topics(&self) -> TopicsView {
        let base = self.base(urls::TOPICS, "Topics");
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
        let base = self.base(&urls::topic(&t.slug), &t.title);
        let mut notes = self.footnotes(&base.root);
        let sections = t
            .sections
            .iter()
            .enumerate()
            .map(|(s, section)| SectionView {
                heading: section.heading.clone(),
                id: format!("section-{}", s + 1),
                claims: section
                    .claims
                    .iter()
                    .enumerate()
                    .map(|(i, c)| self.claim(&mut notes, i + 1, section_claim_anchor(s, i), c))
                    .collect(),
            })
            .collect();
        TopicView {
            title: t.title.clone(),
            compare: t.layout == Layout::Compare,
            summary_html: md(&t.summary),
            sections,
            footnotes: notes.list,
            base,
        }
    }

    pub fn timeline(&self) -> TimelineView {
        let base = self.base(urls::TIMELINE, "Timeline");
        let mut notes = self.footnotes(&base.root);
        let events = (0..self.site.timeline.len())
            .map(|i| self.event(&mut notes, i))
            .collect();
        TimelineView {
            events,
            footnotes: notes.list,
            base,
        }
    }

    pub fn about(&self) -> AboutView {
        AboutView {
            base: self.base(urls::ABOUT, "About and methodology"),
            rule: status::RULE
                .iter()
                .map(|(h, text)| RuleStep {
                    label: h.label(),
                    key: h.key(),
                    text,
                })
                .collect(),
            conflict: status::CONFLICT,
            axes: Axis::ALL
                .iter()
                .map(|a| AxisDoc {
                    name: a.name(),
                    label: a.label(),
                    statuses: a.statuses().iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
            codes: crate::diag::CODES
                .iter()
                .map(|(code, name, text)| CodeDoc { code, name, text })
                .collect(),
            citations: self.site.citations().len(),
            sources: self.site.sources.len(),
        }
    }

    pub fn not_found(&self) -> PlainView {
        PlainView {
            base: self.base(urls::NOT_FOUND, "Page not found"),
        }
    }

    pub fn search(&self) -> PlainView {
        PlainView {
            base: self.base(urls::SEARCH, "Search"),
        }
    }

    /// Everything the search page can find: each country, claim, flow, topic section, event and source, with
    /// the anchor of its place on its page.
    pub fn search_entries(&self) -> Vec<SearchEntry> {
        let entry = |t: String, u: String, x: &str| SearchEntry {
            t,
            u,
            x: x.to_owned(),
        };
        let mut out = Vec::new();
        for c in &self.site.countries {
            let page = urls::country(&c.slug);
            out.push(entry(
                format!("{} ({})", c.name, c.headline.label()),
                page.clone(),
                &c.summary,
            ));
            for (n, i) in c.claim_order().into_iter().enumerate() {
                out.push(entry(
                    c.name.clone(),
                    format!("{page}#{}", claim_anchor(n)),
                    &c.claims[i].text,
                ));
            }
            for t in &c.transfers {
                out.push(entry(
                    format!("{}: deportees sent there", c.name),
                    format!("{page}#{}", transfer_anchor(t)),
                    &t.text,
                ));
            }
        }
        for t in &self.site.topics {
            let page = urls::topic(&t.slug);
            out.push(entry(t.title.clone(), page.clone(), &t.summary));
            for (s, section) in t.sections.iter().enumerate() {
                for (i, c) in section.claims.iter().enumerate() {
                    let title = format!("{}: {}", t.title, section.heading);
                    out.push(entry(
                        title,
                        format!("{page}#{}", section_claim_anchor(s, i)),
                        &c.text,
                    ));
                }
            }
        }
        for d in &self.site.disagreements {
            let text: Vec<&str> = d.sides.iter().map(|s| s.text.as_str()).collect();
            out.push(entry(
                format!("Where the sources disagree: {}", d.question),
                format!("{}#{}", urls::DISAGREEMENTS, disagreement_anchor(&d.id)),
                &text.join(" "),
            ));
        }
        for (i, e) in self.site.timeline.iter().enumerate() {
            out.push(entry(
                format!("Timeline, {}", crate::dates::readable(&e.when.value)),
                format!("{}#{}", urls::TIMELINE, event_anchor(i)),
                &e.text,
            ));
        }
        for s in &self.site.sources {
            out.push(entry(
                format!("Source: {}", s.title),
                urls::source(&s.id),
                &s.text,
            ));
        }
        out
    }
}

/// The seed text as HTML with every cited passage in `<mark>`. Overlapping passages are cut into segments at
/// every boundary; each passage's anchor is an empty element where it starts, so any two may overlap.
fn highlight_passages(text: &[char], cites: &[Citation]) -> String {
    let mut cuts: Vec<usize> = cites
        .iter()
        .flat_map(|c| [c.span.start, c.span.end])
        .collect();
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        for c in cites.iter().filter(|c| c.span.start == a) {
            out.push_str(&format!(
                "<span class=\"anchor\" id=\"{}\"></span>",
                c.anchor()
            ));
        }
        let segment: String = text[a..b].iter().collect();
        let escaped = tera::escape_html(&segment);
        if cites.iter().any(|c| c.span.start <= a && b <= c.span.end) {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quote::Span;

    #[test]
    fn overlapping_passages_get_anchors_and_marks() {
        let text: Vec<char> = "abcdefgh".chars().collect();
        let c = |s, e| Citation {
            source: 0,
            span: Span { start: s, end: e },
        };
        let html = highlight_passages(&text, &[c(1, 4), c(2, 6)]);
        assert_eq!(
            html,
            "a<span class=\"anchor\" id=\"q1-4\"></span><mark>b</mark><span class=\"anchor\" id=\"q2-6\"></span><mark>cd</mark><mark>ef</mark>gh"
        );
    }
}
