//! The timeline: events grouped by year and month; events the sources date only to the year stand apart, after
//! the months, as "month not stated", never placed among them.

use serde::Serialize;

use super::{EventView, Reference, Views};
use crate::dates;
use crate::render::urls;

#[derive(Debug, Serialize)]
pub struct MonthGroup {
    /// "March", or `None` when the sources do not state the month.
    pub month: Option<&'static str>,
    /// The group's heading: "March 2025", "2025, month not stated", "Year not stated".
    pub label: String,
    pub id: String,
    pub events: Vec<EventView>,
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    /// "2025", or "Before 2025".
    pub year: String,
    pub id: String,
    pub months: Vec<MonthGroup>,
}

#[derive(Debug, Serialize)]
pub struct TimelineView {
    pub base: super::Base,
    pub years: Vec<YearGroup>,
    pub references: Vec<Reference>,
}

impl Views<'_> {
    pub fn timeline(&self) -> TimelineView {
        let base = self.base(
            urls::TIMELINE,
            "Timeline",
            Some(std::path::Path::new("content/timeline.yaml")),
        );
        let mut refs = self.references(&base.root);
        let mut years: Vec<YearGroup> = Vec::new();
        // The timeline is sorted by date, partial dates after the full ones of their year or month.
        for (i, e) in self.site.timeline.iter().enumerate() {
            let year = dates::year_label(&e.when.value);
            let month = dates::month_label(&e.when.value);
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearGroup {
                    id: format!("year-{}", years.len() + 1),
                    year,
                    months: Vec::new(),
                });
            }
            let group = years.last_mut().expect("pushed above when empty");
            if group.months.last().is_none_or(|m| m.month != month) {
                let label = match month {
                    Some(m) => format!("{m} {}", group.year),
                    None if group.year.starts_with("Before") => "Year not stated".to_owned(),
                    None => format!("{}, month not stated", group.year),
                };
                group.months.push(MonthGroup {
                    id: format!("{}-{}", group.id, group.months.len() + 1),
                    month,
                    label,
                    events: Vec::new(),
                });
            }
            let event = self.event(&mut refs, i);
            group
                .months
                .last_mut()
                .expect("pushed above when empty")
                .events
                .push(event);
        }
        TimelineView {
            years,
            references: refs.into_list(),
            base,
        }
    }
}
