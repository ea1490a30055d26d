//! A country's page: its status axis by axis, what the sources say, transfers, disagreements, context.

use serde::Serialize;

use super::{Badge, ClaimView, DisagreementView, Link, Reference, TransferView, Views};
use crate::content::{Axis, Role};
use crate::model::Country;
use crate::render::markdown::render as md;
use crate::render::urls;
use crate::status;
use crate::support;

#[derive(Debug, Serialize)]
pub struct AxisEntry {
    pub status: String,
    /// The section below that reports it (`CLAIMS_HEADING` or `TRANSFERS_HEADING`), and its items there, each
    /// labelled with the number the section's list shows.
    pub section: &'static str,
    pub claims: Vec<Link>,
    /// How strong the support of this status is, in words ("one outlet"), as a code, and at length.
    pub support: &'static str,
    pub support_key: &'static str,
    pub support_detail: String,
}

#[derive(Debug, Serialize)]
pub struct AxisView {
    pub label: &'static str,
    /// "Reports conflict" or "Accounts differ" when a disagreement record disputes this axis.
    pub dispute: Option<String>,
    pub entries: Vec<AxisEntry>,
}

#[derive(Debug, Serialize)]
pub struct CountryView {
    pub base: super::Base,
    pub name: String,
    pub codes: String,
    pub region: String,
    pub roles: Vec<&'static str>,
    pub badge: Badge,
    pub claims_heading: &'static str,
    pub transfers_heading: &'static str,
    pub summary_html: String,
    pub axes: Vec<AxisView>,
    pub claims: Vec<ClaimView>,
    pub context: Vec<ClaimView>,
    pub transfers: Vec<TransferView>,
    pub disagreements: Vec<DisagreementView>,
    /// Disagreements about many countries at once, linked.
    pub wider_disagreements: Vec<Link>,
    pub mentioned_in: Vec<Link>,
    pub references: Vec<Reference>,
    /// Where a reader can propose a correction.
    pub correction_href: String,
    /// schema.org structured data: the page, the country, and each statement as a `Claim`.
    pub jsonld: String,
}

/// The headings of the lists that an axis's statuses point into.
const CLAIMS_HEADING: &str = "What the sources say";
const TRANSFERS_HEADING: &str = "Deportees sent here";

/// A disagreement naming more countries than this, and not about one status axis, is about the campaign as a
/// whole: a country page links to it rather than showing it.
const WIDER_THAN: usize = 4;

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Destination => "Destination",
        Role::Origin => "Deportees' country of origin",
        Role::Precedent => "Partner in an earlier arrangement",
    }
}

/// The statuses of one axis, strongest first, each with the statements (or transfer records) that report it.
fn add_entry(entries: &mut Vec<(&'static str, Vec<Link>)>, status: &'static str, link: Link) {
    match entries.iter_mut().find(|(s, _)| *s == status) {
        Some((_, links)) => links.push(link),
        None => entries.push((status, vec![link])),
    }
}

impl Views<'_> {
    pub fn country(&self, c: &Country) -> CountryView {
        let path = urls::country(&c.slug);
        let mut base = self.base(&path, &c.name, Some(&c.file));
        let root = base.root.clone();
        let mut refs = self.references(&root);
        let order = c.claim_order();
        // `claim_order` puts the status statements first, then context; numbering follows it.
        let split = order
            .iter()
            .take_while(|&&i| c.claims[i].axis.is_some())
            .count();
        let claims: Vec<ClaimView> = order[..split]
            .iter()
            .map(|&i| self.claim(&mut refs, &c.claims[i]))
            .collect();
        let axes = Axis::ALL
            .iter()
            .map(|&axis| {
                let mut entries = Vec::new();
                for (n, cl) in order.iter().map(|&i| &c.claims[i]).enumerate() {
                    let status = cl
                        .status
                        .as_deref()
                        .and_then(|s| axis.statuses().iter().copied().find(|known| *known == s));
                    if let (Some(a), Some(s)) = (cl.axis, status) {
                        if a == axis {
                            let link = Link::to(
                                (n + 1).to_string(),
                                format!("#{}", super::claim_anchor(&cl.id)),
                            );
                            add_entry(&mut entries, s, link);
                        }
                    }
                }
                if axis == Axis::Transfers {
                    for (i, t) in c.transfers.iter().enumerate() {
                        let link = Link::to(
                            (i + 1).to_string(),
                            format!("#{}", super::transfer_anchor(t)),
                        );
                        add_entry(&mut entries, status::transfer_status(t.outcome), link);
                    }
                }
                AxisView {
                    label: axis.label(),
                    dispute: c
                        .headline
                        .dispute_on(axis)
                        .map(|d| super::capitalise(d.label())),
                    entries: entries
                        .into_iter()
                        .map(|(s, claims)| {
                            // Every status listed has at least one statement or record, each cited (E014).
                            let support = support::of_status(self.site, c, axis, s);
                            AxisEntry {
                                status: status::status_label(s).to_owned(),
                                section: if axis == Axis::Transfers {
                                    TRANSFERS_HEADING
                                } else {
                                    CLAIMS_HEADING
                                },
                                claims,
                                support: support.as_ref().map_or("", |s| s.level.label()),
                                support_key: support.as_ref().map_or("", |s| s.level.key()),
                                support_detail: support
                                    .map_or_else(String::new, |s| s.describe(self.site)),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        // Reading order, and so reference numbers: statements, transfers, disagreements, context.
        let transfers = c
            .transfers
            .iter()
            .map(|t| self.transfer(&mut refs, t))
            .collect();
        // Disagreements over this country's own status, or about a few countries, are shown in full; wider ones
        // (how many countries were approached) are linked, so that the page stays about the country.
        // A record that only mentions the country is linked too.
        let (own, wider): (Vec<usize>, Vec<usize>) = (0..self.site.disagreements.len())
            .filter(|&i| {
                let d = &self.site.disagreements[i];
                d.countries.contains(&c.slug) || d.mentions.contains(&c.slug)
            })
            .partition(|&i| {
                let d = &self.site.disagreements[i];
                d.countries.contains(&c.slug)
                    && (d.axis.is_some() || d.countries.len() <= WIDER_THAN)
            });
        let disagreements = own
            .into_iter()
            .map(|i| self.disagreement(&mut refs, i))
            .collect();
        let wider_disagreements = wider
            .into_iter()
            .map(|i| {
                let d = &self.site.disagreements[i];
                Link::to(
                    d.question.clone(),
                    format!(
                        "{root}{}#{}",
                        urls::DISAGREEMENTS,
                        super::disagreement_anchor(&d.id)
                    ),
                )
            })
            .collect();
        let context = order[split..]
            .iter()
            .map(|&i| self.claim(&mut refs, &c.claims[i]))
            .collect();
        let page = self.ld_link(&root, &path);
        let mut graph = vec![serde_json::json!({
            "@type": "WebPage",
            "@id": page,
            "name": c.name,
            "isPartOf": { "@type": "WebSite", "name": self.site.title },
            "about": { "@type": "Country", "name": c.name, "identifier": c.iso2 },
        })];
        graph.extend(order.iter().map(|&i| {
            let cl = &c.claims[i];
            let id = format!("{page}#{}", super::claim_anchor(&cl.id));
            self.claim_node(&root, &id, &cl.text, &cl.cites)
        }));
        graph.extend(c.transfers.iter().map(|t| {
            let id = format!("{page}#{}", super::transfer_anchor(t));
            self.claim_node(&root, &id, &t.text, &t.cites)
        }));
        CountryView {
            jsonld: super::json_ld(&mut base, graph),
            name: c.name.clone(),
            codes: match &c.iso_numeric {
                Some(n) => format!("{} / {} / {n}", c.iso2, c.iso3),
                None => format!("{} / {}", c.iso2, c.iso3),
            },
            region: c.region.name().to_owned(),
            roles: c.roles.iter().map(|r| role_label(*r)).collect(),
            badge: self.badge(c),
            claims_heading: CLAIMS_HEADING,
            transfers_heading: TRANSFERS_HEADING,
            summary_html: md(&c.summary),
            axes,
            claims,
            context,
            transfers,
            disagreements,
            wider_disagreements,
            mentioned_in: self.mentions(&root, &c.slug),
            references: refs.into_list(),
            correction_href: self.correction_href(&root, &c.file),
            base,
        }
    }

    /// Other pages that concern a country.
    fn mentions(&self, root: &str, slug: &str) -> Vec<Link> {
        self.mentions
            .get(slug)
            .into_iter()
            .flatten()
            .map(|b| Link::to(&*b.label, format!("{root}{}#{}", b.path, b.anchor)))
            .collect()
    }

    /// The file in the repository when `site.yaml` names one; otherwise how to contribute.
    pub(super) fn correction_href(&self, root: &str, file: &std::path::Path) -> String {
        match &self.site.repository {
            Some(repo) => format!(
                "{}/blob/main/{}",
                repo.trim_end_matches('/'),
                file.to_string_lossy().replace('\\', "/")
            ),
            None => format!("{root}{}", urls::CONTRIBUTE),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CountryGroup {
    pub region: String,
    pub countries: Vec<super::StatusRow>,
}

#[derive(Debug, Serialize)]
pub struct CountriesView {
    pub base: super::Base,
    pub groups: Vec<CountryGroup>,
    pub axis_labels: Vec<&'static str>,
    /// Where the index runs to more than one page: which this is, and links to the others.
    pub pager: Option<super::Pager>,
}

impl Views<'_> {
    /// Page `n` (from 0) of the countries index: the countries by region, `LISTED_AT_MOST` a page.
    pub fn countries(&self, n: usize) -> CountriesView {
        let path = urls::countries_page(n + 1);
        let title = match n {
            0 => "Countries".to_owned(),
            n => format!("Countries, page {}", n + 1),
        };
        let base = self.base(&path, &title, None);
        let mut ordered: Vec<&crate::model::Country> = self.site.countries.iter().collect();
        // Stable: within a region, the countries keep their files' order, as on one page.
        ordered.sort_by_key(|c| c.region.name());
        let mut groups: Vec<CountryGroup> = Vec::new();
        for c in ordered
            .chunks(super::LISTED_AT_MOST)
            .nth(n)
            .unwrap_or_default()
        {
            let row = self.status_row(&base.root, c);
            match groups.last_mut() {
                Some(g) if g.region == c.region.name() => g.countries.push(row),
                _ => groups.push(CountryGroup {
                    region: c.region.name().to_owned(),
                    countries: vec![row],
                }),
            }
        }
        CountriesView {
            groups,
            axis_labels: Axis::ALL.iter().map(|a| a.label()).collect(),
            pager: super::Pager::of(&base.root, n, self.site.countries.len()),
            base,
        }
    }
}
