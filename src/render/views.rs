//! Typed page data: everything a template shows is computed here from the model; templates only lay it out.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Axis, Layout, Qualified, Role};
use crate::model::{Citation, Claim, Country, Site};
use crate::render::markdown::{render as md, render_inline as md_inline};
use crate::render::{highlight, urls};
use crate::status::{self, Headline};

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
    /// Distinct original reporters behind the claim.
    pub reporters: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub name: String,
    pub href: String,
    pub region: String,
    pub headline: String,
    pub headline_key: String,
    /// For each axis in `Axis::ALL` order, the statuses the sources report.
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
    /// Every reported flow of deportees, by destination: one row per flow and source wording.
    pub flows: Vec<FlowRow>,
}

#[derive(Debug, Serialize)]
pub struct FlowRow {
    pub destination: Link,
    pub flow: FlowView,
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
    /// Each reported status with the claims (anchors on this page) that state it.
    pub entries: Vec<AxisEntry>,
}

#[derive(Debug, Serialize)]
pub struct AxisEntry {
    pub status: String,
    pub claims: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct FlowView {
    pub id: String,
    pub html: String,
    pub origins: Vec<Link>,
    pub origin_note: Option<String>,
    pub number: Option<String>,
    pub bounds: Option<String>,
    pub when: Option<When>,
    pub payment: Option<String>,
    pub conditions: Option<String>,
    pub cites: Vec<CiteView>,
    pub reporters: Vec<String>,
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
    pub flows: Vec<FlowView>,
    pub mentioned_in: Vec<Link>,
    pub footnotes: Vec<CiteView>,
    pub file: String,
    pub yaml_html: String,
    /// False when the file was too long to colour: the page says so.
    pub yaml_coloured: bool,
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
    pub reporters: Vec<String>,
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

/// A status value as readers see it: `no_comment` -> `No comment`.
fn status_label(s: &str) -> String {
    let s = s.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Destination => "Destination",
        Role::Origin => "Deportees' country of origin",
        Role::Precedent => "Precedent partner",
    }
}

fn when(q: &Qualified) -> When {
    When {
        value: q.value.clone(),
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
    /// countries' flows of its nationals. Computed once, so a country page costs no scan of the whole site.
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
                label: format!("Timeline, {}", e.when.value),
                path: urls::TIMELINE.to_owned(),
                anchor: event_anchor(i),
            });
        }
    }
    for other in &site.countries {
        for (i, f) in other.flows.iter().enumerate() {
            for slug in &f.origins {
                out.entry(slug).or_default().push(Backlink {
                    label: format!("Deportees sent to {}", other.name),
                    path: urls::country(&other.slug),
                    anchor: flow_anchor(i),
                });
            }
        }
    }
    // A claim listing a country twice, or a flow naming an origin twice, gives one link.
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

fn flow_anchor(i: usize) -> String {
    format!("flow-{}", i + 1)
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
            for (i, f) in country.flows.iter().enumerate() {
                add(
                    &f.cites,
                    &format!("{} (flow)", country.name),
                    &path,
                    flow_anchor(i),
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
                &format!("Timeline, {}", e.when.value),
                urls::TIMELINE,
                event_anchor(i),
            );
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
            status: c.status.as_deref().map(status_label),
            kind: c.kind.clone(),
            when: c.when.as_ref().map(when),
            countries: self.country_links(&notes.root, &c.countries),
            cites: notes.cites(&c.cites),
            reporters: self.site.reporters_behind(&c.cites),
        }
    }

    fn flow(&self, notes: &mut Footnotes, i: usize, f: &crate::model::Flow) -> FlowView {
        FlowView {
            id: flow_anchor(i),
            html: md_inline(&f.text),
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
            reporters: self.site.reporters_behind(&f.cites),
        }
    }

    fn status_row(&self, root: &str, c: &Country) -> StatusRow {
        StatusRow {
            name: c.name.clone(),
            href: format!("{root}{}", urls::country(&c.slug)),
            region: c.region.name().to_owned(),
            headline: c.headline.label().to_owned(),
            headline_key: c.headline.key().to_owned(),
            axes: Axis::ALL
                .iter()
                .map(|a| {
                    let mut statuses: Vec<String> = c
                        .claims
                        .iter()
                        .filter(|cl| cl.axis == Some(*a))
                        .filter_map(|cl| cl.status.as_deref().map(status_label))
                        .collect();
                    let mut seen = std::collections::BTreeSet::new();
                    statuses.retain(|s| seen.insert(s.clone()));
                    statuses.join(", ")
                })
                .collect(),
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
            reporters: self.site.reporters_behind(&e.cites),
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
                    .filter(|c| c.headline == *h)
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
            .partition(|c| c.headline != Headline::None);
        let mut destinations: Vec<&Country> = dest;
        destinations.sort_by(|a, b| (a.headline, &a.name).cmp(&(b.headline, &b.name)));
        let count = |h: Headline| {
            self.site
                .countries
                .iter()
                .filter(|c| c.headline == h)
                .count()
        };
        let mut notes = self.footnotes(&root);
        let n = self.site.timeline.len();
        let latest = (n.saturating_sub(5)..n)
            .rev()
            .map(|i| self.event(&mut notes, i))
            .collect();
        let flows = self
            .site
            .countries
            .iter()
            .flat_map(|c| c.flows.iter().enumerate().map(move |(i, f)| (c, i, f)))
            .map(|(c, i, f)| FlowRow {
                destination: Link {
                    label: c.name.clone(),
                    href: format!("{root}{}#{}", urls::country(&c.slug), flow_anchor(i)),
                    current: false,
                },
                flow: self.flow(&mut notes, i, f),
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
                    value: count(Headline::Received),
                    label: "reported to have received deportees".into(),
                },
                Figure {
                    value: count(Headline::Agreement),
                    label: "with an agreement reported, no transfers yet".into(),
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
            flows,
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
                    let status = status_label(cl.status.as_deref().unwrap_or(""));
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
                AxisView {
                    label: a.label(),
                    entries,
                }
            })
            .collect();
        let (claims, context): (Vec<ClaimView>, Vec<ClaimView>) =
            all.into_iter().partition(|v| v.axis.is_some());
        let flows = c
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| self.flow(&mut notes, i, f))
            .collect();
        let mentioned_in = self.mentions(&root, &c.slug);
        let yaml = highlight::yaml(&c.yaml);
        CountryView {
            name: c.name.clone(),
            iso2: c.iso2.clone(),
            iso3: c.iso3.clone(),
            iso_numeric: c.iso_numeric.clone(),
            region: c.region.name().to_owned(),
            roles: c.roles.iter().map(|r| role_label(*r)).collect(),
            headline: c.headline.label().to_owned(),
            headline_key: c.headline.key().to_owned(),
            summary_html: md(&c.summary),
            axes,
            claims,
            context,
            flows,
            mentioned_in,
            footnotes: notes.list,
            file: c.file.display().to_string(),
            yaml_html: yaml.html,
            yaml_coloured: yaml.coloured,
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
            for (i, f) in c.flows.iter().enumerate() {
                out.push(entry(
                    format!("{}: deportees sent there", c.name),
                    format!("{page}#{}", flow_anchor(i)),
                    &f.text,
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
        for (i, e) in self.site.timeline.iter().enumerate() {
            out.push(entry(
                format!("Timeline, {}", e.when.value),
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
