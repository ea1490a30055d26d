//! The status sheet: every country's headline status and its support on one printable page, for a reader to
//! take away, from the same rows as the home page's tables.

use serde::Serialize;

use super::{StatusRow, Views};
use crate::model::Country;
use crate::render::urls;
use crate::status::Stage;

#[derive(Debug, Serialize)]
pub struct StatusSheetView {
    pub base: super::Base,
    /// The destinations, by stage in the rule's order, each stage by name.
    pub rows: Vec<StatusRow>,
    /// The other countries (the last step of the rule), named in one line: they have no status to weigh.
    pub others: Vec<super::Link>,
    pub others_label: &'static str,
    pub support_rule: Vec<super::about::SupportStep>,
    pub dispute_rule: &'static str,
    pub sources: usize,
    /// Thousands grouped.
    pub citations: String,
    pub map_href: String,
    /// Where there are more destinations than one sheet lists (`LISTED_AT_MOST`): the sentence that says so, and
    /// the count of countries at each status in place of the rows.
    pub at_scale: Option<String>,
    pub counts: Vec<super::home::LegendItem>,
}

impl Views<'_> {
    pub fn status_sheet(&self) -> StatusSheetView {
        let base = self.base(urls::STATUS_SHEET, "Status of every country", None);
        let (mut destinations, mut others): (Vec<&Country>, Vec<&Country>) = self
            .site
            .countries
            .iter()
            .partition(|c| c.headline.stage != Stage::None);
        destinations.sort_by(|a, b| (a.headline.stage, &a.name).cmp(&(b.headline.stage, &b.name)));
        others.sort_by(|a, b| a.name.cmp(&b.name));
        let at_scale = (destinations.len() > super::LISTED_AT_MOST).then(|| {
            format!(
                "The sources name {} countries as destinations, too many for one sheet: here is how many have each status; the countries index lists every country with its status and support.",
                crate::site::grouped(destinations.len())
            )
        });
        if at_scale.is_some() {
            destinations.clear();
            others.clear();
        }
        StatusSheetView {
            counts: if at_scale.is_some() {
                self.legend()
            } else {
                Vec::new()
            },
            at_scale,
            rows: destinations
                .iter()
                .map(|c| self.status_row(&base.root, c))
                .collect(),
            others: others
                .iter()
                .map(|c| {
                    super::Link::to(
                        c.name.clone(),
                        format!("{}{}", base.root, urls::country(&c.slug)),
                    )
                })
                .collect(),
            others_label: Stage::None.label(),
            support_rule: super::about::support_steps(),
            dispute_rule: crate::status::DISPUTE,
            sources: self.site.sources.len(),
            citations: crate::site::grouped(self.site.citations().len()),
            map_href: format!("{}{}", base.root, urls::STATUS_MAP),
            base,
        }
    }
}
