//! The home page: key figures, the status map and tables, reported transfers, the latest dated events.

use serde::Serialize;

use super::{EventView, Link, Reference, StatusRow, TransferView, Views};
use crate::content::Axis;
use crate::model::Country;
use crate::render::markdown::render as md;
use crate::render::urls;
use crate::status::{self, Stage};

#[derive(Debug, Serialize)]
pub struct Figure {
    pub value: usize,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct LegendItem {
    pub key: &'static str,
    pub label: &'static str,
    pub rule: &'static str,
    pub count: usize,
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
    pub figures: Vec<Figure>,
    pub axis_labels: Vec<&'static str>,
    pub destinations: Vec<StatusRow>,
    pub others: Vec<StatusRow>,
    pub legend: Vec<LegendItem>,
    /// Every reported transfer of deportees, by destination: one row per record and source wording.
    pub transfers: Vec<TransferRow>,
    /// The latest events whose month the sources state, newest first.
    pub latest: Vec<EventView>,
    pub references: Vec<Reference>,
}

impl Views<'_> {
    fn legend(&self) -> Vec<LegendItem> {
        status::RULE
            .iter()
            .map(|(stage, rule)| LegendItem {
                key: stage.key(),
                label: stage.label(),
                rule,
                count: self.count(&[*stage]),
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
        let conflicts = self
            .site
            .countries
            .iter()
            .filter(|c| c.headline.conflict())
            .count();
        HomeView {
            description_html: md(&self.site.description),
            map_svg: crate::render::map::svg(self.site, &root),
            figures: vec![
                Figure {
                    value: destinations.len(),
                    label: "countries named as possible or actual destinations".into(),
                },
                Figure {
                    value: self.count(&[Stage::Received]),
                    label: "reported to have received deportees".into(),
                },
                Figure {
                    value: self.count(&[Stage::AgreementConcluded, Stage::AgreementReported]),
                    label:
                        "with an agreement signed, announced or reported, and no transfer reported"
                            .into(),
                },
                Figure {
                    value: conflicts,
                    label: "where the sources conflict on a status".into(),
                },
                Figure {
                    value: self.site.citations().len(),
                    label: "quotations, each checked against its article".into(),
                },
            ],
            axis_labels: Axis::ALL.iter().map(|a| a.label()).collect(),
            destinations: destinations
                .iter()
                .map(|c| self.status_row(&root, c))
                .collect(),
            others: others.iter().map(|c| self.status_row(&root, c)).collect(),
            legend: self.legend(),
            transfers,
            latest,
            references: refs.into_list(),
            base,
        }
    }
}
