//! How strong the evidence behind a statement or a status is, derived from its citations by one rule (`RULE`,
//! printed on the about page): how many distinct original reporters back it, attributed passage by passage (a
//! CBS relay's sentence "The Wall Street Journal reported..." counts for the Journal), whether any of them is
//! named at all, and whether the cited articles are all translations. Nothing here is typed by hand.

use crate::content::Axis;
use crate::model::{Citation, Country, Site, Source};
use crate::quote::Span;
use crate::status;

/// The level of support, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Corroborated,
    Single,
    Unattributed,
}

/// The rule in words, in the order it is applied.
pub const RULE: &[(Level, &str)] = &[
    (Level::Corroborated, "two or more independent original reporters back it: outlets the cited passages name as the source of their reporting, each counted once however many articles relay it"),
    (Level::Single, "otherwise, one named original reporter backs it, through one article or several relaying the same outlet"),
    (Level::Unattributed, "otherwise: it rests only on articles or passages that name no original reporter"),
];

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Corroborated => "corroborated",
            Level::Single => "single",
            Level::Unattributed => "unattributed",
        }
    }

    /// In words, as the badge and the tables show it.
    pub fn label(self) -> &'static str {
        match self {
            Level::Corroborated => "corroborated",
            Level::Single => "one outlet",
            Level::Unattributed => "unattributed reporting only",
        }
    }
}

/// Who stands behind a set of citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub level: Level,
    /// The named original reporters, by id, sorted.
    pub reporters: Vec<String>,
    /// Whether some cited passage names no original reporter.
    pub unattributed: bool,
    /// The distinct cited articles, and how many of them are translations.
    pub articles: usize,
    pub translated: usize,
}

/// The reporters a cited passage of `source` is credited to: those of the attributed passages it overlaps, and
/// the source's `relays` for any part outside them. The flag is set when some part is credited to no one.
pub fn credited(source: &Source, span: Span) -> (Vec<&str>, bool) {
    let mut reporters: Vec<&str> = Vec::new();
    let mut unattributed = false;
    // `attributions` are sorted by start: walk them over the span, noting any stretch none of them covers.
    let mut covered_to = span.start;
    let mut outside = false;
    for a in &source.attributions {
        if a.span.end <= span.start || a.span.start >= span.end {
            continue;
        }
        if a.span.start > covered_to {
            outside = true;
        }
        covered_to = covered_to.max(a.span.end);
        reporters.extend(a.reporters.iter().map(String::as_str));
        unattributed |= a.reporters.is_empty();
    }
    if outside || covered_to < span.end {
        reporters.extend(source.relays.iter().map(String::as_str));
        unattributed |= source.relays.is_empty();
    }
    (reporters, unattributed)
}

impl Support {
    /// The support of a set of citations; `None` when there are none.
    pub fn of<'c>(site: &Site, cites: impl IntoIterator<Item = &'c Citation>) -> Option<Support> {
        let mut reporters: Vec<&str> = Vec::new();
        let mut articles: Vec<usize> = Vec::new();
        let mut unattributed = false;
        for c in cites {
            let source = &site.sources[c.source];
            let (named, none) = credited(source, c.span);
            reporters.extend(named);
            unattributed |= none;
            articles.push(c.source);
        }
        if articles.is_empty() {
            return None;
        }
        reporters.sort_unstable();
        reporters.dedup();
        articles.sort_unstable();
        articles.dedup();
        let level = match reporters.len() {
            0 => Level::Unattributed,
            1 => Level::Single,
            _ => Level::Corroborated,
        };
        Some(Support {
            level,
            reporters: reporters.into_iter().map(str::to_owned).collect(),
            unattributed,
            translated: articles
                .iter()
                .filter(|&&i| site.sources[i].translated)
                .count(),
            articles: articles.len(),
        })
    }

    /// The reporters by name, as `Site::reporters` gives them.
    pub fn reporter_names<'s>(&self, site: &'s Site) -> Vec<&'s str> {
        self.reporters
            .iter()
            .filter_map(|r| site.reporters.get(r).map(String::as_str))
            .collect()
    }

    /// In a reader's words: "One outlet: CBS News · 2 articles, both translations".
    pub fn describe(&self, site: &Site) -> String {
        let names = and_list(&self.reporter_names(site));
        let mut out = match self.level {
            Level::Corroborated => format!("Corroborated by {names}"),
            Level::Single => format!("One outlet: {names}"),
            Level::Unattributed => "Unattributed reporting only".to_owned(),
        };
        if self.unattributed && self.level != Level::Unattributed {
            out.push_str("; also a passage that names no source");
        }
        let articles = match self.articles {
            1 => "1 article".to_owned(),
            n => format!("{n} articles"),
        };
        let translated = match (self.translated, self.articles) {
            (0, _) => String::new(),
            (1, 1) => ", a translation".to_owned(),
            (2, 2) => ", both translations".to_owned(),
            (t, n) if t == n => ", all translations".to_owned(),
            (t, _) => format!(", {t} of them translations"),
        };
        out.push_str(&format!(" · {articles}{translated}"));
        out
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The citations behind one status of a country's axis: its claims with that status, or, on the transfers
/// axis, its records with that outcome.
pub fn status_cites<'c>(
    c: &'c Country,
    axis: Axis,
    statuses: &'c [&'c str],
) -> impl Iterator<Item = &'c Citation> + 'c {
    let claims = c
        .claims
        .iter()
        .filter(move |cl| cl.axis == Some(axis))
        .filter(move |cl| cl.status.as_deref().is_some_and(|s| statuses.contains(&s)))
        .flat_map(|cl| cl.cites.iter());
    let transfers = c
        .transfers
        .iter()
        .filter(move |t| {
            axis == Axis::Transfers && statuses.contains(&status::transfer_status(t.outcome))
        })
        .flat_map(|t| t.cites.iter());
    claims.chain(transfers)
}

/// The support of one status on a country's axis.
pub fn of_status(site: &Site, c: &Country, axis: Axis, status: &str) -> Option<Support> {
    Support::of(site, status_cites(c, axis, &[status]))
}

/// The support of a country's headline status: that of the statuses its stage rests on (none for a country
/// that is not a destination).
pub fn of_headline(site: &Site, c: &Country) -> Option<Support> {
    let (axis, statuses) = c.headline.stage.basis()?;
    Support::of(site, status_cites(c, axis, statuses))
}
