//! The questions the data page shows how to answer: each with the SQL that answers it over the published CSV
//! tables (DuckDB's dialect, run from `data/`), and its answer worked out here from the model, which the page
//! prints beside the query. A test runs each query in DuckDB over the published files and compares its result
//! with the answer the page prints, so that the page's recipe, the tables and the site cannot drift apart.

use std::collections::BTreeMap;

use crate::content::Outcome;
use crate::model::Site;

/// A question, the query that answers it, and the answer: a header row and rows of cells, in the query's order
/// (an empty cell where SQL gives NULL).
pub struct Question {
    pub id: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub sql: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

const PEOPLE_SENT: &str = "\
-- Each movement of people once, at the smallest number that its records' words allow
-- (every source that gives a figure allows at least that many), then one total per
-- country, or per group of countries that one figure covers together.
WITH movements AS (
  SELECT movement, covers, min(number_min) AS at_least
  FROM read_csv('transfers.csv')
  WHERE outcome = 'sent'
  GROUP BY movement, covers
)
SELECT covers, sum(at_least) AS at_least,
       count(at_least) AS movements_with_a_figure, count(*) AS movements
FROM movements
GROUP BY covers
ORDER BY covers;";

const EVENTS_BY_MONTH: &str = "\
-- Timeline events by month, for the events whose month is known.
SELECT strftime(date_earliest, '%Y-%m') AS month, count(*) AS events
FROM read_csv('events.csv')
WHERE date_precision IN ('month', 'day')
GROUP BY month
ORDER BY month;";

const STATEMENTS_PER_REPORTER: &str = "\
-- Statements per original reporter: each statement once, however many pages make it.
SELECT reporter, count(*) AS statements
FROM (SELECT unnest(string_split(reporters, ';')) AS reporter
      FROM read_csv('statements.csv'))
GROUP BY reporter
ORDER BY statements DESC, reporter;";

pub fn all(site: &Site) -> Vec<Question> {
    vec![
        people_sent(site),
        events_by_month(site),
        statements_per_reporter(site),
    ]
}

fn people_sent(site: &Site) -> Question {
    // (movement, covers) -> the smallest lower bound of its records, where any gives one.
    let mut movements: BTreeMap<(String, String), Option<u64>> = BTreeMap::new();
    for c in &site.countries {
        for t in c.transfers.iter().filter(|t| t.outcome == Outcome::Sent) {
            let movement = t
                .movement
                .clone()
                .unwrap_or_else(|| format!("{}/{}", c.slug, t.id));
            let covers = if t.covers.is_empty() {
                c.slug.clone()
            } else {
                t.covers.join(";")
            };
            let least = t.number.as_ref().and_then(|n| n.min);
            let entry = movements.entry((movement, covers)).or_insert(least);
            *entry = match (*entry, least) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    // covers -> (sum of the figures, movements with a figure, movements)
    let mut totals: BTreeMap<String, (Option<u64>, usize, usize)> = BTreeMap::new();
    for ((_, covers), least) in movements {
        let t = totals.entry(covers).or_insert((None, 0, 0));
        if let Some(n) = least {
            t.0 = Some(t.0.unwrap_or(0) + n);
            t.1 += 1;
        }
        t.2 += 1;
    }
    Question {
        id: "people-sent",
        title: "How many people were sent to each country, without double counting?",
        explanation: "A movement of people is often reported by several sources, and one figure sometimes \
            covers two countries together (\"hundreds ... to Costa Rica and Panama\"): the records of one \
            movement share its `movement` id, and `covers` lists the countries its figure covers. Count each \
            movement once, at the smallest of its records' lower bounds, and add up only movements that cover \
            the same countries: a total for Costa Rica and Panama together cannot be split between them. These \
            are lower bounds, and movements the sources give no figure for count for nothing.",
        sql: PEOPLE_SENT,
        columns: &["covers", "at_least", "movements_with_a_figure", "movements"],
        rows: totals
            .into_iter()
            .map(|(covers, (sum, counted, all))| {
                vec![
                    covers,
                    sum.map(|n| n.to_string()).unwrap_or_default(),
                    counted.to_string(),
                    all.to_string(),
                ]
            })
            .collect(),
    }
}

fn events_by_month(site: &Site) -> Question {
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    for e in &site.timeline {
        if matches!(
            crate::dates::precision(&e.when.value),
            Some("month" | "day")
        ) {
            *months.entry(e.when.value[..7].to_owned()).or_default() += 1;
        }
    }
    Question {
        id: "events-by-month",
        title: "How many timeline events fall in each month?",
        explanation: "Dates are partial (a year, a month, a day, or only \"before\" a year): `date_earliest` \
            and `date_latest` are the first and last days a date allows, as dates, and `date_precision` says \
            what it states. Events known only to the year are left out here.",
        sql: EVENTS_BY_MONTH,
        columns: &["month", "events"],
        rows: months
            .into_iter()
            .map(|(m, n)| vec![m, n.to_string()])
            .collect(),
    }
}

fn statements_per_reporter(site: &Site) -> Question {
    let mut seen = std::collections::BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let claims = site.countries.iter().flat_map(|c| &c.claims).chain(
        site.topics
            .iter()
            .flat_map(|t| &t.sections)
            .flat_map(|s| &s.claims),
    );
    // The reporters passage by passage, as the statements table and the pages give them.
    for cl in claims.filter(|cl| seen.insert(cl.digest.as_str())) {
        for r in crate::support::Support::of(site, &cl.cites).map_or_else(Vec::new, |s| s.reporters)
        {
            *counts.entry(r).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Question {
        id: "statements-per-reporter",
        title: "How many statements rest on each original reporter?",
        explanation: "Several articles relay one outlet's reporting, and one statement can be made on several \
            pages: count the rows of statements (one per statement), by the outlets in `reporters`. A \
            statement backed by two outlets counts for each.",
        sql: STATEMENTS_PER_REPORTER,
        columns: &["reporter", "statements"],
        rows: rows
            .into_iter()
            .map(|(r, n)| vec![r.to_owned(), n.to_string()])
            .collect(),
    }
}
