//! The home page: key figures, the status map and tables, reported transfers, the latest dated events.

use serde::Serialize;

use super::{EventView, Link, Reference, StatusRow, TransferView, Views};
use crate::content::Axis;
use crate::model::Country;
use crate::render::markdown::render as md;
use crate::render::urls;
use crate::status::{self, Stage};
use crate::support::{self, Level};

#[derive(Debug, Serialize)]
pub struct Figure {
    /// The number as the site's text writes it, thousands grouped ("10,000").
    pub value: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct LegendItem {
    pub key: &'static str,
    pub label: &'static str,
    pub rule: &'static str,
    /// Thousands grouped, as the figures.
    pub count: String,
}

/// A destination as a chip of the phone's map: its name in its status's colours.
#[derive(Debug, Serialize)]
pub struct Chip {
    pub name: String,
    pub href: String,
    pub key: &'static str,
    pub disputed: bool,
    /// "Received deportees · accounts differ; support: one outlet", for its title.
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct StripRegion {
    pub region: &'static str,
    pub countries: Vec<Chip>,
}

#[derive(Debug, Serialize)]
pub struct TransferRow {
    pub destination: Link,
    pub transfer: TransferView,
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub base: super::Base,
    pub description_html: String,
    /// Inline SVG drawn at build time.
    pub map_svg: String,
    /// What phones show instead of the map: the destinations by region, as chips in their statuses' colours.
    pub strip: Vec<StripRegion>,
    pub figures: Vec<Figure>,
    pub axis_labels: Vec<&'static str>,
    pub destinations: Vec<StatusRow>,
    /// The countries that are not destinations, named in one sentence: four columns of "Nothing reported"
    /// would say nothing.
    pub others: Vec<Link>,
    pub others_label: &'static str,
    /// Where there are more destinations than a page lists (`LISTED_AT_MOST`): the sentence that says so, and
    /// where every country is listed; the table, the phone's chips and the list of others are then left out.
    pub at_scale: Option<String>,
    pub legend: Vec<LegendItem>,
    /// Every reported transfer of deportees, by destination: one row per record and source wording.
    pub transfers: Vec<TransferRow>,
    /// The latest events whose month the sources state, newest first.
    pub latest: Vec<EventView>,
    /// What the list of latest events leaves out: events dated only to a year, which may be later.
    pub year_only: Option<String>,
    /// How a disputed status is marked (`status::DISPUTE`), and the support levels in words.
    pub dispute_rule: &'static str,
    pub support_levels: Vec<&'static str>,
    pub references: Vec<Reference>,
}

impl Views<'_> {
    pub(super) fn legend(&self) -> Vec<LegendItem> {
        status::RULE
            .iter()
            .map(|(stage, rule)| LegendItem {
                key: stage.key(),
                label: stage.label(),
                rule,
                count: crate::site::grouped(self.count(&[*stage])),
            })
            .collect()
    }

    fn count(&self, stages: &[Stage]) -> usize {
        self.site
            .countries
            .iter()
            .filter(|c| stages.contains(&c.headline.stage))
            .count()
    }

    /// A sentence on the timeline's events dated only to a year that may be later than the latest event with a
    /// stated month (its year or after), which the list of latest events cannot place: how many, which years,
    /// and whether those years are inferred.
    fn year_only_events(&self) -> Option<String> {
        let timeline = &self.site.timeline;
        let latest_year = timeline
            .iter()
            .rev()
            .find(|e| crate::dates::month_label(&e.when.value).is_some())
            .map(|e| crate::dates::year_label(&e.when.value));
        let events: Vec<&crate::model::Event> = timeline
            .iter()
            .filter(|e| crate::dates::is_year(&e.when.value))
            .filter(|e| latest_year.as_ref().is_none_or(|y| e.when.value >= *y))
            .collect();
        if events.is_empty() {
            return None;
        }
        let mut years: Vec<&str> = events.iter().map(|e| e.when.value.as_str()).collect();
        years.dedup();
        let inferred = events
            .iter()
            .filter(|e| e.when.basis == crate::content::Basis::Inferred)
            .count();
        let how = match inferred {
            0 => String::new(),
            n if n == events.len() => {
                ", a year the briefing infers because the articles state none".to_owned()
            }
            n => format!(" ({n} of them inferred, because the articles state none)"),
        };
        let count = match events.len() {
            1 => "One event is".to_owned(),
            n => format!("{n} events are"),
        };
        Some(format!(
            "{count} dated only to {}{how}; {} fall before or after these.",
            support::and_list(&years),
            if events.len() == 1 {
                "it may"
            } else {
                "they may"
            }
        ))
    }

    /// The phone's map: destinations grouped by region (in `Region` order), each region's in the tables' order.
    fn strip(&self, root: &str, destinations: &[&Country]) -> Vec<StripRegion> {
        let mut regions: Vec<StripRegion> = Vec::new();
        let mut ordered: Vec<&&Country> = destinations.iter().collect();
        ordered.sort_by_key(|c| c.region);
        for c in ordered {
            let chip = Chip {
                name: c.name.clone(),
                href: format!("{root}{}", urls::country(&c.slug)),
                key: c.headline.key(),
                disputed: c.headline.dispute().is_some(),
                status: match support::of_headline(self.site, c) {
                    Some(s) => format!("{}; support: {}", c.headline.label(), s.level.label()),
                    None => c.headline.label(),
                },
            };
            match regions.last_mut() {
                Some(r) if r.region == c.region.name() => r.countries.push(chip),
                _ => regions.push(StripRegion {
                    region: c.region.name(),
                    countries: vec![chip],
                }),
            }
        }
        regions
    }

    pub fn home(&self) -> HomeView {
        let base = self.base(urls::HOME, "Overview", None);
        let root = base.root.clone();
        let (mut destinations, others): (Vec<&Country>, Vec<&Country>) = self
            .site
            .countries
            .iter()
            .partition(|c| c.headline.stage != Stage::None);
        destinations.sort_by(|a, b| (a.headline.stage, &a.name).cmp(&(b.headline.stage, &b.name)));
        // References are numbered in reading order: the transfers table comes before the events.
        let mut refs = self.references(&root);
        let transfers = self
            .site
            .countries
            .iter()
            .flat_map(|c| c.transfers.iter().map(move |t| (c, t)))
            .map(|(c, t)| TransferRow {
                destination: Link::to(
                    c.name.clone(),
                    format!(
                        "{root}{}#{}",
                        urls::country(&c.slug),
                        super::transfer_anchor(t)
                    ),
                ),
                transfer: self.transfer(&mut refs, t),
            })
            .collect();
        let dated: Vec<usize> = (0..self.site.timeline.len())
            .filter(|&i| crate::dates::month_label(&self.site.timeline[i].when.value).is_some())
            .collect();
        let latest = dated
            .iter()
            .rev()
            .take(5)
            .map(|&i| self.event(&mut refs, i))
            .collect();
        let disputed = self
            .site
            .countries
            .iter()
            .filter(|c| c.headline.dispute().is_some())
            .count();
        let unattributed = self
            .site
            .countries
            .iter()
            .filter(|c| {
                support::of_headline(self.site, c).is_some_and(|s| s.level == Level::Unattributed)
            })
            .count();
        let at_scale = (destinations.len() > super::LISTED_AT_MOST).then(|| {
            format!(
                "The sources name {} countries as destinations, too many to list on this page: the countries index lists every country with its status, {} a page, and the open data hold them all.",
                crate::site::grouped(destinations.len()),
                super::LISTED_AT_MOST
            )
        });
        let listed: &[&Country] = if at_scale.is_some() {
            &[]
        } else {
            &destinations
        };
        let others: &[&Country] = if at_scale.is_some() { &[] } else { &others };
        HomeView {
            description_html: md(&self.site.description),
            map_svg: crate::render::map::svg(self.site, &root),
            strip: self.strip(&root, listed),
            figures: vec![
                Figure {
                    value: crate::site::grouped(destinations.len()),
                    label: "countries named as possible or actual destinations".into(),
                },
                Figure {
                    value: crate::site::grouped(self.count(&[Stage::Received])),
                    label: "reported to have received deportees".into(),
                },
                Figure {
                    value: crate::site::grouped(self.count(&[
                        Stage::AgreementSigned,
                        Stage::AgreementAnnounced,
                        Stage::AgreementReported,
                    ])),
                    label:
                        "with an agreement signed, announced or reported, and no transfer reported"
                            .into(),
                },
                Figure {
                    value: crate::site::grouped(unattributed),
                    label: "whose status rests on unattributed reporting only".into(),
                },
                Figure {
                    value: crate::site::grouped(disputed),
                    label: "where the sources' accounts of a status conflict or differ".into(),
                },
                Figure {
                    value: crate::site::grouped(self.site.citations().len()),
                    label: "quotations, each checked against its article".into(),
                },
            ],
            axis_labels: Axis::ALL.iter().map(|a| a.label()).collect(),
            destinations: listed.iter().map(|c| self.status_row(&root, c)).collect(),
            others: others
                .iter()
                .map(|c| Link::to(c.name.clone(), format!("{root}{}", urls::country(&c.slug))))
                .collect(),
            others_label: Stage::None.label(),
            at_scale,
            legend: self.legend(),
            transfers,
            year_only: self.year_only_events(),
            dispute_rule: status::DISPUTE,
            support_levels: support::RULE.iter().map(|(l, _)| l.label()).collect(),
            latest,
            references: refs.into_list(),
            base,
        }
    }
}
