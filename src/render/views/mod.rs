//! Typed page data: everything a template shows is computed here from the model; templates only lay it out.
//! This file holds what several pages share (the page frame, references, claim and transfer views); each page
//! kind has its own file.

mod about;
mod country;
mod data;
mod disagreements;
mod home;
mod search;
mod sheet;
mod sources;
mod timeline;
mod topics;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::content::{Axis, Basis, Outcome, Qualified};
use crate::history::History;
use crate::model::{Citation, Claim, Country, Site, Transfer};
use crate::render::markdown::render_inline as md_inline;
use crate::render::urls;
use crate::status;
use crate::support::{self, Support};

pub use about::{AboutView, ContributeView, CorrectionsView, PlainView};
pub use country::{CountriesView, CountryView};
pub use data::DataView;
pub use disagreements::DisagreementsView;
pub use home::HomeView;
pub use search::{SearchEntry, SearchKind};
pub use sheet::StatusSheetView;
pub use sources::{SourceView, SourcesView};
pub use timeline::TimelineView;
pub use topics::{TopicView, TopicsView};

/// What every page shows the same, whatever the page: Tera's global context (`site` in the templates), set once
/// for a build rather than serialised again with every page's view.
#[derive(Debug, Serialize)]
pub struct SiteGlobals {
    pub title: String,
    pub description: String,
    /// The licence of the briefing's text and data, as HTML.
    pub licence_html: Option<String>,
    /// The main navigation: each entry's label and its path from the root (a page puts its `root` before it).
    pub nav: Vec<NavItem>,
    /// The Atom feed of the content's changes, and the open-data page, from the root.
    pub feed: &'static str,
    pub data: &'static str,
    /// The published site's address without its last `/`, when `site.yaml` gives a `base_url` (and the build
    /// keeps addresses absolute): a page's address is this, `/` and its `Base::address`.
    pub base_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub target: &'static str,
}

/// The main navigation, in its order: label and path from the root.
const NAV: [(&str, &str); 7] = [
    ("Overview", urls::HOME),
    ("Countries", urls::COUNTRIES),
    ("Timeline", urls::TIMELINE),
    ("Topics", urls::TOPICS),
    ("Disagreements", urls::DISAGREEMENTS),
    ("Sources", urls::SOURCES),
    ("About", urls::ABOUT),
];

/// What each page's frame shows of its own: where the root is, its title, its navigation entry, when its content
/// last changed. What every page shows the same is in `SiteGlobals`.
#[derive(Debug, Serialize)]
pub struct Base {
    pub root: String,
    pub title: String,
    /// The target of the navigation entry this page is under (`SiteGlobals::nav`), if any.
    pub nav_current: Option<&'static str>,
    /// "23 November 2026": the last change to the content this page shows, from the repository's history.
    pub updated: Option<String>,
    /// Extra stylesheets this page needs (relative to the root).
    pub styles: Vec<String>,
    /// The page's address below `SiteGlobals::base_url` (`countries/benin/`), for "Cite this page" and, but on
    /// the 404 page, for its canonical address and Open Graph.
    pub address: String,
    pub canonical: bool,
    /// SHA-256 hashes (base64) of the page's JSON-LD blocks, which its Content-Security-Policy names: a data block
    /// is never run, but the Nu HTML Checker holds every inline script to the policy.
    pub script_hashes: Vec<String>,
    /// Where a reader reports a mistake on this page: a new issue in the repository, its title and text
    /// prefilled with the page, when `site.yaml` names the repository; otherwise the page that says how.
    pub report_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    pub current: bool,
}

impl Link {
    fn to(label: impl Into<String>, href: impl Into<String>) -> Link {
        Link {
            label: label.into(),
            href: href.into(),
            current: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct When {
    /// In a reader's words: "March 2025", "2025, month not stated".
    pub text: String,
    pub inferred: bool,
    pub reason: Option<String>,
}

/// A footnote marker in the text: the reference's number, and this occurrence's own id for the back-link.
#[derive(Debug, Clone, Serialize)]
pub struct Marker {
    pub n: usize,
    pub id: String,
    pub href: String,
}

/// One entry of a page's reference list: one distinct quotation, printed once.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub n: usize,
    pub id: String,
    pub quote: String,
    /// The quotation as HTML, its garbled words (the source's `sic`) marked.
    pub quote_html: String,
    pub title: String,
    /// The outlet as a reader knows it, or what is known about it: "Outlet not stated; relays CBS News".
    pub outlet: String,
    /// As stated, or "undated".
    pub date: String,
    /// The passage, emphasised, on the source's page.
    pub passage_href: String,
    /// The same on the published site, when `site.yaml` gives a `base_url`: what paper prints.
    pub passage_url: Option<String>,
    /// Every place on this page that cites it.
    pub backlinks: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub id: String,
    /// Anchors the statement had before (its aliases), which old links still use.
    pub aliases: Vec<String>,
    pub html: String,
    /// "US outreach: Approached", for claims on an axis.
    pub status: Option<String>,
    pub kind: Option<String>,
    pub when: Option<When>,
    pub countries: Vec<Link>,
    pub markers: Vec<Marker>,
    /// Who stands behind the claim: "One outlet: CBS News · 2 articles, both translations".
    pub backing: String,
    /// A reader's note on the source's wording.
    pub note_html: Option<String>,
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
    pub markers: Vec<Marker>,
    pub backing: String,
    pub note_html: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SideView {
    pub position: String,
    pub html: String,
    pub note_html: Option<String>,
    pub markers: Vec<Marker>,
    pub backing: String,
}

#[derive(Debug, Serialize)]
pub struct DisagreementView {
    pub id: String,
    /// Its place on the disagreements page, from any page.
    pub href: String,
    pub question: String,
    pub axis: Option<&'static str>,
    /// The record's kind as a sentence: "These accounts cannot all be true."
    pub kind: &'static str,
    pub kind_code: &'static str,
    pub note_html: Option<String>,
    pub countries: Vec<Link>,
    pub sides: Vec<SideView>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub id: String,
    pub aliases: Vec<String>,
    pub when: When,
    pub html: String,
    pub countries: Vec<Link>,
    pub markers: Vec<Marker>,
    pub backing: String,
    pub note_html: Option<String>,
}

/// A country's headline status as a badge: the stage, any dispute over it, and how strong its support is.
#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    /// "Received deportees", or "Received deportees · accounts differ" when a record disputes a status.
    pub status: String,
    pub key: &'static str,
    /// `conflict` or `differ` when a disagreement record disputes one of the country's statuses.
    pub dispute: Option<&'static str>,
    /// The support of the headline, in words ("unattributed reporting only"), for a destination.
    pub support: Option<&'static str>,
    pub support_key: Option<&'static str>,
    /// The same at length: "One outlet: CBS News · 2 articles, both translations".
    pub support_detail: Option<String>,
}

/// The most countries a listing page (the home page's table, a page of the countries index, the status sheet)
/// lists: beyond it, the home page and the status sheet summarise, and the countries index runs to several pages,
/// so that no page grows with the site.
pub const LISTED_AT_MOST: usize = 500;

/// How many pages the countries index takes for `countries` countries (one at least).
pub fn listing_pages(countries: usize) -> usize {
    countries.div_ceil(LISTED_AT_MOST).max(1)
}

/// Where a listing of several pages stands: "Page 2 of 20", and a link to each page.
#[derive(Debug, Serialize)]
pub struct Pager {
    pub label: String,
    pub pages: Vec<Link>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The pager of page `n` (from 0) of the countries index, seen from a page at `root`; none for one page.
    fn of(root: &str, n: usize, countries: usize) -> Option<Pager> {
        let total = listing_pages(countries);
        if total == 1 {
            return None;
        }
        let href = |k: usize| format!("{root}{}", urls::countries_page(k + 1));
        let pages = (0..total)
            .map(|k| Link {
                label: format!("{}", k + 1),
                href: href(k),
                current: k == n,
            })
            .collect();
        Some(Pager {
            label: format!(
                "Page {} of {total}: {} countries, {LISTED_AT_MOST} a page",
                n + 1,
                crate::site::grouped(countries)
            ),
            pages,
            previous: n.checked_sub(1).map(href),
            next: (n + 1 < total).then(|| href(n + 1)),
        })
    }
}

#[derive(Debug, Serialize)]
pub struct StatusRow {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub region: String,
    pub badge: Badge,
    /// For each axis in `Axis::ALL` order, the statuses the sources report (with "Reports conflict:" or
    /// "Accounts differ:" before them when a record disputes the axis).
    pub axes: Vec<String>,
}

/// Where a citation is used: the page and the anchor of the claim that uses it. A page's label and path are
/// shared by all its citations (there is one of these per citation of the site).
#[derive(Debug, Clone)]
struct Backlink {
    label: Arc<str>,
    path: Arc<str>,
    anchor: String,
}

/// Builds every page's view from the site, sharing what several pages need; each shared index is computed once,
/// so that no page costs a scan of the whole site.
pub struct Views<'a> {
    site: &'a Site,
    history: History,
    /// Each source's text, indexed by code point.
    texts: Vec<CharIndex<'a>>,
    /// For each source, its cited passages (sorted) and the places that cite each.
    backlinks: Vec<BTreeMap<Citation, Vec<Backlink>>>,
    /// For each country slug, the other pages that concern it.
    mentions: BTreeMap<&'a str, Vec<Backlink>>,
}

/// A page's references, numbered in the order the page shows its citations: a quotation cited twice keeps its
/// number. Views must ask for markers in reading order.
pub struct References<'v> {
    views: &'v Views<'v>,
    root: String,
    numbers: HashMap<Citation, usize>,
    list: Vec<Reference>,
}

impl References<'_> {
    fn markers(&mut self, cites: &[Citation]) -> Vec<Marker> {
        cites
            .iter()
            .map(|c| {
                let n = match self.numbers.get(c) {
                    Some(&n) => n,
                    None => {
                        let n = self.list.len() + 1;
                        self.numbers.insert(*c, n);
                        self.list.push(self.views.reference(&self.root, n, c));
                        n
                    }
                };
                let entry = &mut self.list[n - 1];
                let id = format!("cite-{n}-{}", entry.backlinks.len() + 1);
                entry.backlinks.push(Link::to(
                    backlink_label(entry.backlinks.len()),
                    format!("#{id}"),
                ));
                Marker {
                    n,
                    id,
                    href: format!("#ref-{n}"),
                }
            })
            .collect()
    }

    pub fn into_list(self) -> Vec<Reference> {
        self.list
    }
}

/// Back-links are lettered like a printed reference work's: a, b, ..., z, aa, ab, ...
fn backlink_label(i: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if i < 26 {
        (letters[i] as char).to_string()
    } else {
        format!(
            "{}{}",
            letters[(i / 26 - 1) % 26] as char,
            letters[i % 26] as char
        )
    }
}

/// `text` escaped for HTML, each occurrence of a garbled word of its source wrapped in `<span class="sic">`, which
/// the stylesheet follows with "[sic]": the quotation's own characters stay as the source has them.
fn sic_html(text: &str, sic: &[String]) -> String {
    let mut marks: Vec<(usize, usize)> = sic
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            text.match_indices(w.as_str())
                .map(|(at, m)| (at, at + m.len()))
        })
        .collect();
    marks.sort_unstable();
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for (start, end) in marks {
        if start < at {
            continue; // inside a longer mark already made
        }
        out.push_str(&crate::render::templates::escape_html(&text[at..start]));
        out.push_str("<span class=\"sic\" title=\"[sic]: so in the source\">");
        out.push_str(&crate::render::templates::escape_html(&text[start..end]));
        out.push_str("</span>");
        at = end;
    }
    out.push_str(&crate::render::templates::escape_html(&text[at..]));
    out
}

/// Who stands behind a statement, in a reader's words (empty for one without citations).
fn backing_line(site: &Site, cites: &[Citation]) -> String {
    Support::of(site, cites).map_or_else(String::new, |s| s.describe(site))
}

/// One axis of a country in a status table: its statuses, after the dispute a record names over it.
fn axis_cell(c: &Country, report: &status::AxisReport) -> String {
    match c.headline.dispute_on(report.axis) {
        Some(d) => format!("{}: {}", capitalise(d.label()), report.label()),
        None => report.label(),
    }
}

/// "reports conflict" -> "Reports conflict".
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Sent => "Sent",
        Outcome::Blocked => "Attempt blocked",
    }
}

fn when(q: &Qualified) -> When {
    When {
        text: crate::dates::readable(&q.value),
        inferred: q.basis == Basis::Inferred,
        reason: q.reason.clone(),
    }
}

/// A claim's place on its page: its stable id, so that a link survives edits to the other claims.
fn claim_anchor(id: &str) -> String {
    format!("claim-{id}")
}

fn transfer_anchor(t: &Transfer) -> String {
    format!("transfer-{}", t.id)
}

fn disagreement_anchor(id: &str) -> String {
    format!("disagreement-{id}")
}

fn section_anchor(s: usize) -> String {
    format!("section-{}", s + 1)
}

fn event_anchor(id: &str) -> String {
    format!("event-{id}")
}

/// Where each place that cites a passage is, built once for all source pages.
fn backlinks_of(site: &Site) -> Vec<BTreeMap<Citation, Vec<Backlink>>> {
    let mut out: Vec<BTreeMap<Citation, Vec<Backlink>>> = vec![BTreeMap::new(); site.sources.len()];
    let mut add = |cites: &[Citation], label: &Arc<str>, path: &Arc<str>, anchor: String| {
        for c in cites {
            out[c.source].entry(*c).or_default().push(Backlink {
                label: Arc::clone(label),
                path: Arc::clone(path),
                anchor: anchor.clone(),
            });
        }
    };
    for country in &site.countries {
        let path: Arc<str> = urls::country(&country.slug).into();
        let name: Arc<str> = country.name.as_str().into();
        for i in country.claim_order() {
            let claim = &country.claims[i];
            add(&claim.cites, &name, &path, claim_anchor(&claim.id));
        }
        for t in &country.transfers {
            let label = format!("{}: deportees sent", country.name).into();
            add(&t.cites, &label, &path, transfer_anchor(t));
        }
    }
    for topic in &site.topics {
        let path: Arc<str> = urls::topic(&topic.slug).into();
        let title: Arc<str> = topic.title.as_str().into();
        for c in topic.sections.iter().flat_map(|s| &s.claims) {
            add(&c.cites, &title, &path, claim_anchor(&c.id));
        }
    }
    let timeline: Arc<str> = urls::TIMELINE.into();
    for e in &site.timeline {
        let label = format!("Timeline, {}", crate::dates::readable(&e.when.value)).into();
        add(&e.cites, &label, &timeline, event_anchor(&e.id));
    }
    let disagreements: Arc<str> = urls::DISAGREEMENTS.into();
    for d in &site.disagreements {
        let label = format!("Where the sources disagree: {}", d.question).into();
        for side in &d.sides {
            add(
                &side.cites,
                &label,
                &disagreements,
                disagreement_anchor(&d.id),
            );
        }
    }
    for links in &mut out {
        for list in links.values_mut() {
            list.dedup_by(|a, b| a.path == b.path && a.anchor == b.anchor);
        }
    }
    out
}

/// For each country slug, the other pages that concern it: topics and timeline events that list it, other
/// countries' transfers of its nationals, disagreements that name it.
fn mentions_of(site: &Site) -> BTreeMap<&str, Vec<Backlink>> {
    let mut out: BTreeMap<&str, Vec<Backlink>> = BTreeMap::new();
    for t in &site.topics {
        for (s, section) in t.sections.iter().enumerate() {
            for c in &section.claims {
                for slug in &c.countries {
                    out.entry(slug).or_default().push(Backlink {
                        label: format!("{}: {}", t.title, section.heading).into(),
                        path: urls::topic(&t.slug).into(),
                        anchor: section_anchor(s),
                    });
                }
            }
        }
    }
    for e in &site.timeline {
        for slug in &e.countries {
            out.entry(slug).or_default().push(Backlink {
                label: format!(
                    "Timeline, {}: {}",
                    crate::dates::readable(&e.when.value),
                    opening_words(&e.text)
                )
                .into(),
                path: urls::TIMELINE.into(),
                anchor: event_anchor(&e.id),
            });
        }
    }
    for other in &site.countries {
        for t in &other.transfers {
            for slug in &t.origins {
                out.entry(slug).or_default().push(Backlink {
                    label: format!("Deportees sent to {}", other.name).into(),
                    path: urls::country(&other.slug).into(),
                    anchor: transfer_anchor(t),
                });
            }
        }
    }
    // A claim listing a country twice, a section with several claims naming it, or two transfers to one
    // country of its nationals, give one link: a list of links with the same words is no guide.
    for links in out.values_mut() {
        let mut seen = std::collections::BTreeSet::new();
        links.retain(|l| seen.insert((Arc::clone(&l.label), Arc::clone(&l.path))));
    }
    out
}

/// The first words of a Markdown text, as plain text, cut at a word and marked as cut: what tells two links to
/// the same heading apart.
fn opening_words(markdown: &str) -> String {
    const ROOM: usize = 60;
    let plain = crate::render::markdown::to_plain(markdown);
    if plain.chars().count() <= ROOM {
        return plain;
    }
    let cut: String = plain.chars().take(ROOM).collect();
    let words = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", words.trim_end_matches([',', ';', ':']))
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, history: History) -> Views<'a> {
        Views {
            site,
            history,
            texts: site
                .sources
                .iter()
                .map(|s| CharIndex::new(&s.text))
                .collect(),
            backlinks: backlinks_of(site),
            mentions: mentions_of(site),
        }
    }

    /// The quoted passage's text, as it stands in the source.
    pub fn quote(&self, c: &Citation) -> String {
        self.texts[c.source]
            .slice(c.span.start, c.span.end)
            .to_owned()
    }

    /// Up to `chars` code points of the source's text before and after a quoted passage.
    pub fn context(&self, c: &Citation, chars: usize) -> (String, String) {
        let text = &self.texts[c.source];
        let before = text.slice(c.span.start.saturating_sub(chars), c.span.start);
        let after = text.slice(c.span.end, (c.span.end + chars).min(text.len()));
        (before.to_owned(), after.to_owned())
    }

    /// The repository's dates of the content's changes.
    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn site(&self) -> &Site {
        self.site
    }

    /// What every page shows the same: the templates' global context.
    pub fn globals(&self) -> SiteGlobals {
        SiteGlobals {
            title: self.site.title.clone(),
            description: self.site.description.clone(),
            licence_html: self.site.licence.as_deref().map(md_inline),
            nav: NAV
                .iter()
                .map(|&(label, target)| NavItem { label, target })
                .collect(),
            feed: crate::render::data::FEED,
            data: urls::DATA,
            base_url: self
                .site
                .base_url
                .as_deref()
                .map(|b| b.trim_end_matches('/').to_owned()),
        }
    }

    /// The page frame. `file` is the content file the page shows, for its "last updated" date.
    fn base(&self, path: &str, title: &str, file: Option<&std::path::Path>) -> Base {
        let base_url = self.site.base_url.as_deref();
        // A host serves the 404 page at whatever address was missing, so its links cannot be relative to it.
        let root = match base_url {
            Some(b) if path == urls::NOT_FOUND => urls::path_of(b),
            _ => urls::root_of(path),
        };
        let section = path.split('/').next().unwrap_or("");
        let nav_current = NAV.iter().map(|&(_, target)| target).find(|target| {
            if *target == urls::HOME {
                path == urls::HOME
            } else {
                target.starts_with(&format!("{section}/"))
            }
        });
        let updated = match file {
            Some(f) => self.history.of(f),
            None => self.history.overall(),
        };
        Base {
            report_href: self
                .report_issue(
                    title,
                    &self.absolute(path).unwrap_or_else(|| path.to_owned()),
                )
                .unwrap_or_else(|| format!("{root}{}", urls::CORRECTIONS)),
            root,
            title: title.to_owned(),
            nav_current,
            updated: updated.map(crate::dates::readable),
            styles: Vec::new(),
            address: urls::page_address(path).to_owned(),
            canonical: path != urls::NOT_FOUND,
            script_hashes: Vec::new(),
        }
    }

    /// A new issue in the repository reporting a mistake on the page `title` at `address`, its text a short form
    /// in a reader's words; `None` without a repository.
    pub(super) fn report_issue(&self, title: &str, address: &str) -> Option<String> {
        let repo = self.site.repository.as_deref()?.trim_end_matches('/');
        let subject = format!("Correction: {title}");
        let body = format!(
            "Page: {title} ({address})\n\nWhat is wrong:\n\n\nWhat the sources say instead (the article and the passage, if you know them):\n\n"
        );
        Some(format!(
            "{repo}/issues/new?title={}&body={}",
            urls::query_value(&subject),
            urls::query_value(&body)
        ))
    }

    /// A page's address under `base_url`, when the site has one.
    fn absolute(&self, path: &str) -> Option<String> {
        self.site
            .base_url
            .as_deref()
            .map(|b| urls::published(b, path))
    }

    fn references(&self, root: &str) -> References<'_> {
        References {
            views: self,
            root: root.to_owned(),
            numbers: HashMap::new(),
            list: Vec::new(),
        }
    }

    fn reference(&self, root: &str, n: usize, c: &Citation) -> Reference {
        let s = &self.site.sources[c.source];
        let relays: Vec<&str> = s
            .relays
            .iter()
            .filter_map(|r| self.site.reporters.get(r).map(String::as_str))
            .collect();
        let outlet = match (s.publisher.basis, relays.as_slice()) {
            (Basis::Stated, []) if !is_not_stated(&s.publisher.value) => s.publisher.value.clone(),
            (Basis::Stated, r) if !is_not_stated(&s.publisher.value) => {
                format!("{}, relaying {}", s.publisher.value, r.join(" and "))
            }
            (_, []) => "Outlet not stated; names no original reporter".to_owned(),
            (_, r) => format!("Outlet not stated; relays {}", r.join(" and ")),
        };
        let quote = self.quote(c);
        Reference {
            n,
            id: format!("ref-{n}"),
            quote_html: sic_html(&quote, &s.sic),
            quote,
            title: s.title.clone(),
            outlet,
            date: match s.published.basis {
                Basis::Stated => crate::dates::readable(&s.published.value),
                Basis::Inferred => "undated".to_owned(),
            },
            passage_href: format!("{root}{}#{}", urls::source(&s.id), c.anchor()),
            passage_url: self
                .absolute(&urls::source(&s.id))
                .map(|page| format!("{page}#{}", c.anchor())),
            backlinks: Vec::new(),
        }
    }

    fn country_links(&self, root: &str, slugs: &[String]) -> Vec<Link> {
        slugs
            .iter()
            .filter_map(|s| self.site.country(s))
            .map(|c| Link::to(c.name.clone(), format!("{root}{}", urls::country(&c.slug))))
            .collect()
    }

    fn claim(&self, refs: &mut References, c: &Claim) -> ClaimView {
        ClaimView {
            id: claim_anchor(&c.id),
            aliases: c.aliases.iter().map(|a| claim_anchor(a)).collect(),
            html: md_inline(&c.text),
            status: c
                .axis
                .zip(c.status.as_deref())
                .map(|(a, s)| format!("{}: {}", a.label(), status::status_label(s))),
            kind: c.kind.clone(),
            when: c.when.as_ref().map(when),
            countries: self.country_links(&refs.root, &c.countries),
            markers: refs.markers(&c.cites),
            backing: backing_line(self.site, &c.cites),
            note_html: c.note.as_deref().map(md_inline),
        }
    }

    fn transfer(&self, refs: &mut References, t: &Transfer) -> TransferView {
        TransferView {
            id: transfer_anchor(t),
            html: md_inline(&t.text),
            outcome: outcome_label(t.outcome),
            blocked: t.outcome == Outcome::Blocked,
            origins: self.country_links(&refs.root, &t.origins),
            origin_note: t.origin_note.clone(),
            number: t.number.as_ref().map(|n| n.text.clone()),
            bounds: t.number.as_ref().and_then(|n| match (n.min, n.max) {
                (Some(lo), Some(hi)) if lo == hi => Some(format!("exactly {lo}")),
                (Some(lo), Some(hi)) => Some(format!("between {lo} and {hi}")),
                (Some(lo), None) => Some(format!("at least {lo}")),
                (None, Some(hi)) => Some(format!("at most {hi}")),
                (None, None) => None,
            }),
            when: t.when.as_ref().map(when),
            payment: t.payment.clone(),
            conditions: t.conditions.clone(),
            markers: refs.markers(&t.cites),
            backing: backing_line(self.site, &t.cites),
            note_html: t.note.as_deref().map(md_inline),
        }
    }

    fn disagreement(&self, refs: &mut References, i: usize) -> DisagreementView {
        let d = &self.site.disagreements[i];
        DisagreementView {
            id: disagreement_anchor(&d.id),
            href: format!(
                "{}{}#{}",
                refs.root,
                urls::DISAGREEMENTS,
                disagreement_anchor(&d.id)
            ),
            question: d.question.clone(),
            axis: d.axis.map(Axis::label),
            kind: d.kind.sentence(),
            kind_code: d.kind.code(),
            note_html: d.note.as_deref().map(md_inline),
            countries: self.country_links(&refs.root, &d.countries),
            sides: d
                .sides
                .iter()
                .map(|s| SideView {
                    position: s.position.clone(),
                    html: md_inline(&s.text),
                    note_html: s.note.as_deref().map(md_inline),
                    markers: refs.markers(&s.cites),
                    backing: backing_line(self.site, &s.cites),
                })
                .collect(),
        }
    }

    fn event(&self, refs: &mut References, i: usize) -> EventView {
        let e = &self.site.timeline[i];
        EventView {
            id: event_anchor(&e.id),
            aliases: e.aliases.iter().map(|a| event_anchor(a)).collect(),
            when: when(&e.when),
            html: md_inline(&e.text),
            countries: self.country_links(&refs.root, &e.countries),
            markers: refs.markers(&e.cites),
            backing: backing_line(self.site, &e.cites),
            note_html: e.note.as_deref().map(md_inline),
        }
    }

    fn status_row(&self, root: &str, c: &Country) -> StatusRow {
        StatusRow {
            slug: c.slug.clone(),
            name: c.name.clone(),
            href: format!("{root}{}", urls::country(&c.slug)),
            region: c.region.name().to_owned(),
            badge: self.badge(c),
            axes: c.axes.iter().map(|a| axis_cell(c, a)).collect(),
        }
    }

    fn badge(&self, c: &Country) -> Badge {
        let support = support::of_headline(self.site, c);
        Badge {
            status: c.headline.label(),
            key: c.headline.key(),
            dispute: c.headline.dispute().map(status::Dispute::key),
            support: support.as_ref().map(|s| s.level.label()),
            support_key: support.as_ref().map(|s| s.level.key()),
            support_detail: support.map(|s| s.describe(self.site)),
        }
    }
}

/// A text whose spans count code points, sliced without decoding it from the start each time, and without a
/// copy of it as characters (four bytes each: 360 MB for the sources of 100,000 pages): an ASCII text needs no
/// index at all, any other keeps the byte offset of every `STEP`th code point.
struct CharIndex<'a> {
    text: &'a str,
    chars: usize,
    /// Empty for an ASCII text, where code points are bytes.
    marks: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 64;

    fn new(text: &'a str) -> CharIndex<'a> {
        if text.is_ascii() {
            return CharIndex {
                text,
                chars: text.len(),
                marks: Vec::new(),
            };
        }
        let marks: Vec<usize> = text
            .char_indices()
            .step_by(Self::STEP)
            .map(|(b, _)| b)
            .collect();
        CharIndex {
            text,
            chars: text.chars().count(),
            marks,
        }
    }

    /// How many code points the text has.
    fn len(&self) -> usize {
        self.chars
    }

    /// The byte offset of code point `n` (the text's length in bytes at or past its end).
    fn byte(&self, n: usize) -> usize {
        if self.marks.is_empty() {
            return n.min(self.text.len());
        }
        let Some(&mark) = self.marks.get(n / Self::STEP) else {
            return self.text.len();
        };
        self.text[mark..]
            .char_indices()
            .nth(n % Self::STEP)
            .map_or(self.text.len(), |(b, _)| mark + b)
    }

    /// Code points `start..end`.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.byte(start)..self.byte(end).max(self.byte(start))]
    }
}

/// Structured data for a page's `<script type="application/ld+json">` block: schema.org terms through an inline
/// context (nothing to fetch, so it works offline), with `<`, `>` and `&` escaped so that no text can end the
/// script element.
/// Its hash goes into the page's policy (`Base::script_hashes`).
fn json_ld(base: &mut Base, graph: Vec<serde_json::Value>) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let doc = serde_json::json!({
        "@context": { "@vocab": "https://schema.org/" },
        "@graph": graph,
    });
    let text = serde_json::to_string(&doc)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    base.script_hashes
        .push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())));
    text
}

impl Views<'_> {
    /// A link for structured data: absolute under `base_url`, otherwise relative to the page (`root` leads to
    /// the site's root), which a JSON-LD processor resolves against the page's address.
    fn ld_link(&self, root: &str, path: &str) -> String {
        self.absolute(path)
            .unwrap_or_else(|| format!("{root}{path}"))
    }

    /// A source article as schema.org sees it: a news article, its title, outlet and date where stated.
    fn article_node(&self, root: &str, i: usize) -> serde_json::Value {
        let s = &self.site.sources[i];
        let mut node = serde_json::json!({
            "@type": "NewsArticle",
            "@id": self.ld_link(root, &urls::source(&s.id)),
            "headline": s.title,
            "identifier": { "@type": "PropertyValue", "propertyID": "SHA-256", "value": s.sha256 },
        });
        if s.publisher.basis == Basis::Stated && !is_not_stated(&s.publisher.value) {
            node["publisher"] =
                serde_json::json!({ "@type": "Organization", "name": s.publisher.value });
        }
        if let Some(a) = s.author.as_ref().filter(|a| a.basis == Basis::Stated) {
            node["author"] = serde_json::json!({ "@type": "Person", "name": a.value });
        }
        if s.published.basis == Basis::Stated {
            node["datePublished"] = serde_json::json!(s.published.value);
        }
        node
    }

    /// A statement as a schema.org `Claim`, whose `appearance` is each quotation that supports it: a
    /// `Quotation` that is part of the quoted article, named here by its id and title and described in full once,
    /// on its own page (`article_node`). A quotation's id is its passage on the source's page.
    fn claim_node(
        &self,
        root: &str,
        id: &str,
        text: &str,
        cites: &[Citation],
    ) -> serde_json::Value {
        let appearance: Vec<serde_json::Value> = cites
            .iter()
            .map(|c| {
                let source = &self.site.sources[c.source];
                let article = self.ld_link(root, &urls::source(&source.id));
                serde_json::json!({
                    "@type": "Quotation",
                    "@id": format!("{article}#{}", c.anchor()),
                    "text": self.quote(c),
                    "isPartOf": { "@type": "NewsArticle", "@id": article, "headline": source.title },
                })
            })
            .collect();
        serde_json::json!({
            "@type": "Claim",
            "@id": id,
            "text": text.split_whitespace().collect::<Vec<_>>().join(" "),
            "appearance": appearance,
        })
    }
}

/// Whether a publisher value says the outlet is unknown ("Not stated in the article", "Unknown outlet").
fn is_not_stated(value: &str) -> bool {
    let v = value.to_lowercase();
    v.starts_with("not stated") || v.starts_with("unknown")
}

#[cfg(test)]
mod tests {
    use super::{backlink_label, CharIndex};

    #[test]
    fn char_index_slices_by_code_point() {
        let ascii = "plain text";
        let mixed: String = "é“x”—ab".repeat(50);
        for text in [ascii, mixed.as_str(), ""] {
            let index = CharIndex::new(text);
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(index.len(), chars.len());
            for start in 0..=chars.len() {
                for end in start..=chars.len() {
                    let expected: String = chars[start..end].iter().collect();
                    assert_eq!(index.slice(start, end), expected, "{start}..{end}");
                }
            }
        }
    }

    #[test]
    fn backlinks_are_lettered() {
        assert_eq!(backlink_label(0), "a");
        assert_eq!(backlink_label(25), "z");
        assert_eq!(backlink_label(26), "aa");
        assert_eq!(backlink_label(27), "ab");
    }
}
