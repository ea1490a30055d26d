//! The tables of the open data and how each row is made from the model. Keys join: a claim's citations name
//! it, a citation names its source, a transfer its country, a side its disagreement; every code has its label
//! in the next column.

use crate::content::{Axis, Basis, Outcome, Qualified};
use std::collections::HashMap;
use std::io;
use std::sync::OnceLock;

use crate::model::{
    Citation, Claim, Country, Disagreement, Event, Section, Side, Site, Topic, Transfer,
};
use crate::render::urls;
use crate::render::views::Views;
use crate::status;
use crate::support::{self, Support};

use super::parts::Scope;
use super::table::{col, Cell, Emit, Kind::*, Part, Table};

/// Code points of the source's text kept before and after a quotation, as the W3C TextQuoteSelector's `prefix`
/// and `suffix` (Hypothesis keeps as many).
pub const CONTEXT_CHARS: usize = 32;

/// Every table's definition.
pub struct Tables {
    pub countries: Table,
    pub statements: Table,
    pub claims: Table,
    pub transfers: Table,
    pub events: Table,
    pub disagreements: Table,
    pub sides: Table,
    pub citations: Table,
    pub sources: Table,
}

impl Tables {
    /// In the order the data page and the data package list them.
    pub fn all(&self) -> [&Table; 9] {
        [
            &self.countries,
            &self.statements,
            &self.claims,
            &self.transfers,
            &self.events,
            &self.disagreements,
            &self.sides,
            &self.citations,
            &self.sources,
        ]
    }
}

fn date_columns() -> impl Iterator<Item = super::table::Column> {
    [
        col("date", Text, "When, as the sources state it or as worked out from them: YYYY, YYYY-MM, YYYY-MM-DD or `before YYYY`."),
        col("date_basis", Text, "`stated` when a source states the date, `inferred` when it was worked out (then `date_reason` says how).").codes(["stated", "inferred"]),
        col("date_reason", Text, "How an inferred date was worked out, from the sources' own words."),
    ]
    .into_iter()
    .chain(bound_columns(["date_earliest", "date_latest", "date_precision", "date_sort"]))
}

/// What makes a date column usable by tools: the first and last days it allows, what it states, and a key
/// that sorts it as the timeline does (named `<prefix>_earliest`, `_latest`, `_precision`, `_sort`).
fn bound_columns(names: [&'static str; 4]) -> [super::table::Column; 4] {
    let [earliest, latest, precision, sort] = names;
    [
        col(earliest, Date, "The first day the date allows (ISO 8601): the 1st of its month, or 1 January of its year; empty for `before YYYY`."),
        col(latest, Date, "The last day the date allows (ISO 8601): the day itself, the last of its month or of its year, or 31 December of the year before `before YYYY`."),
        col(precision, Text, "What the date states: a `day`, a `month`, a `year`, only that it was `before` a year, or a `period` the sources name without years (Trump's first administration).").codes(["day", "month", "year", "before", "period"]),
        col(sort, Integer, "A key that sorts the dates as the timeline does: `YYYYMMDD`, with day 32 for a month alone, month 13 for a year alone and 14 for \"before\" the next year (`before 2025` is 20241432)."),
    ]
}

/// The cells of `bound_columns` for a date value (all empty without one).
fn bound_cells(value: Option<&str>) -> [Cell; 4] {
    let bounds = value.and_then(crate::dates::bounds);
    [
        Cell::opt(bounds.as_ref().and_then(|(lo, _)| lo.clone())),
        Cell::opt(bounds.map(|(_, hi)| hi)),
        Cell::opt(value.and_then(crate::dates::precision)),
        value
            .and_then(crate::dates::sort_number)
            .map_or(Cell::Null, Cell::Integer),
    ]
}

/// A date as the cells of `date_columns`: the value, its basis and reason, and its bounds.
fn date_cells(q: Option<&Qualified>) -> impl Iterator<Item = Cell> {
    qualified_cells(q)
        .into_iter()
        .chain(bound_cells(q.map(|q| q.value.as_str())))
}

/// A dated or attributed value as three cells: the value, its basis, and the reason when inferred.
fn qualified_cells(q: Option<&Qualified>) -> [Cell; 3] {
    match q {
        Some(q) => [
            Cell::text(&q.value),
            Cell::text(basis_code(q.basis)),
            Cell::opt(q.reason.as_deref()),
        ],
        None => [Cell::Null, Cell::Null, Cell::Null],
    }
}

fn basis_code(b: Basis) -> &'static str {
    match b {
        Basis::Stated => "stated",
        Basis::Inferred => "inferred",
    }
}

fn support_codes() -> impl Iterator<Item = &'static str> {
    support::RULE.iter().map(|(l, _)| l.key())
}

/// How many of the backing columns a statement keeps: all but the citations' ids, which belong to placements.
const STATEMENT_BACKING: usize = 5;

fn backing_columns() -> [super::table::Column; 6] {
    [
        col("support", Text, "How strong its support is, by the rule on the About page: `corroborated` (two or more independent original reporters), `single` (one named original reporter), `unattributed` (only passages that name no original reporter).").required().codes(support_codes()),
        col("support_label", Text, "The support in words, with its reporters and articles.").required(),
        col("reporters", List, "Ids of the original reporting behind it, passage by passage: the outlets the cited passages are credited to (a relay's sentence that names another outlet counts for that outlet), each once."),
        col("reporter_names", List, "The same outlets by name."),
        col("sources", List, "Ids of the cited source articles (see sources).").required(),
        col("citations", List, "Ids of its citations (see citations), in the order given.").required(),
    ]
}

/// The columns a claim or an event ends with: its text, the countries it concerns, what backs it, where it is.
fn statement_columns(
    text: &'static str,
    countries: &'static str,
    page: &'static str,
) -> impl Iterator<Item = super::table::Column> {
    [
        col("text", Text, text).required(),
        col("countries", List, countries),
    ]
    .into_iter()
    .chain(backing_columns())
    .chain([col("page", Text, page).required()])
}

fn every_status() -> impl Iterator<Item = &'static str> {
    Axis::ALL.iter().flat_map(|a| a.statuses().iter().copied())
}

/// How many citations there are: the rows of the citations table, and the annotations.
pub fn citation_count(site: &Site) -> usize {
    let position = definitions()
        .all()
        .iter()
        .position(|t| t.name == "citations");
    position.map_or(0, |i| row_counts(site)[i])
}

/// How many rows each table has, in `Tables::all` order, without building them.
pub fn row_counts(site: &Site) -> [usize; 9] {
    let claims = site.countries.iter().map(|c| c.claims.len()).sum::<usize>()
        + site
            .topics
            .iter()
            .flat_map(|t| &t.sections)
            .map(|s| s.claims.len())
            .sum::<usize>();
    let transfers = site.countries.iter().map(|c| c.transfers.len()).sum();
    let sides = site.disagreements.iter().map(|d| d.sides.len()).sum();
    let citations = site
        .countries
        .iter()
        .flat_map(|c| {
            c.claims
                .iter()
                .map(|cl| cl.cites.len())
                .chain(c.transfers.iter().map(|t| t.cites.len()))
        })
        .chain(
            site.topics
                .iter()
                .flat_map(|t| &t.sections)
                .flat_map(|s| s.claims.iter().map(|cl| cl.cites.len())),
        )
        .chain(site.timeline.iter().map(|e| e.cites.len()))
        .chain(
            site.disagreements
                .iter()
                .flat_map(|d| d.sides.iter().map(|s| s.cites.len())),
        )
        .sum();
    let statements = site
        .countries
        .iter()
        .flat_map(|c| &c.claims)
        .chain(
            site.topics
                .iter()
                .flat_map(|t| &t.sections)
                .flat_map(|s| &s.claims),
        )
        .map(|cl| cl.digest.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    [
        site.countries.len(),
        statements,
        claims,
        transfers,
        site.timeline.len(),
        site.disagreements.len(),
        sides,
        citations,
        site.sources.len(),
    ]
}

/// The tables' definitions; their rows are made from a `Rows` when they are written.
pub fn definitions() -> Tables {
    Tables {
        countries: countries(),
        statements: statements(),
        claims: claims(),
        transfers: transfers(),
        events: events(),
        disagreements: disagreements(),
        sides: sides(),
        citations: citations(),
        sources: sources(),
    }
}

/// What the rows are made from: the model and its views.
pub struct Rows<'a> {
    site: &'a Site,
    views: &'a Views<'a>,
    /// Every claim's placements (the ids of the claims), by statement, in order; made when first wanted.
    placements: OnceLock<HashMap<String, Vec<String>>>,
}

/// Which column of the citations table names the statement.
#[derive(Clone, Copy)]
pub enum Owner {
    Claim,
    Transfer,
    Event,
    Side,
}

/// A statement that cites sources: a claim, transfer, event or side, with its id in its table, its text, and
/// where it is shown (relative to the site's root, with its anchor).
pub struct Statement<'a> {
    pub owner: Owner,
    pub id: String,
    pub text: &'a str,
    pub page: String,
    pub cites: &'a [Citation],
}

/// The parts of the citations table and of the annotations, in their order: each country's claims (in the order
/// its page shows them), the topics' claims, each country's transfers, then the events and the sides.
pub const CITING: [Scope; 4] = [
    Scope::EachCountry,
    Scope::Once,
    Scope::EachCountry,
    Scope::Once,
];

impl<'a> Rows<'a> {
    pub fn new(site: &'a Site, views: &'a Views<'a>) -> Rows<'a> {
        Rows {
            site,
            views,
            placements: OnceLock::new(),
        }
    }

    /// The ids of every claim placing each statement, by the statement's id (its digest), in order.
    fn placements(&self) -> &HashMap<String, Vec<String>> {
        self.placements.get_or_init(|| {
            let mut placements: HashMap<String, Vec<String>> = HashMap::new();
            for (cl, st) in self.claims() {
                placements.entry(cl.digest.clone()).or_default().push(st.id);
            }
            placements
        })
    }

    pub fn site(&self) -> &'a Site {
        self.site
    }

    /// A country's claims in the order its page shows them.
    fn country_claims(
        &self,
        c: &'a Country,
    ) -> impl Iterator<Item = (&'a Claim, Statement<'a>)> + 'a {
        let page = urls::country(&c.slug);
        c.claim_order().into_iter().map(move |i| {
            let cl = &c.claims[i];
            (cl, claim_statement(&c.slug, &page, cl))
        })
    }

    /// The topics' claims, with the topic and section stating each.
    #[allow(clippy::type_complexity)]
    fn topic_claims(
        &self,
    ) -> impl Iterator<Item = (&'a Topic, &'a Section, &'a Claim, Statement<'a>)> + 'a {
        self.site.topics.iter().flat_map(|t| {
            let page = urls::topic(&t.slug);
            t.sections.iter().flat_map(move |s| {
                let page = page.clone();
                s.claims
                    .iter()
                    .map(move |cl| (t, s, cl, claim_statement(&t.slug, &page, cl)))
            })
        })
    }

    /// Every claim: the country pages' claims, then the topics'.
    fn claims(&self) -> impl Iterator<Item = (&'a Claim, Statement<'a>)> + '_ {
        let countries = self.site.countries.iter();
        let topics = self.topic_claims().map(|(_, _, cl, st)| (cl, st));
        countries.flat_map(|c| self.country_claims(c)).chain(topics)
    }

    fn transfers(
        &self,
        c: &'a Country,
    ) -> impl Iterator<Item = (&'a Transfer, Statement<'a>)> + 'a {
        c.transfers.iter().map(move |tr| {
            let st = Statement {
                owner: Owner::Transfer,
                id: format!("{}/{}", c.slug, tr.id),
                text: &tr.text,
                page: format!("{}#transfer-{}", urls::country(&c.slug), tr.id),
                cites: &tr.cites,
            };
            (tr, st)
        })
    }

    fn events(&self) -> impl Iterator<Item = (&'a Event, Statement<'a>)> + 'a {
        self.site.timeline.iter().map(|e| {
            let st = Statement {
                owner: Owner::Event,
                id: e.id.clone(),
                text: &e.text,
                page: format!("{}#event-{}", urls::TIMELINE, e.id),
                cites: &e.cites,
            };
            (e, st)
        })
    }

    /// Every side of every disagreement, with its number from 1.
    fn sides(
        &self,
    ) -> impl Iterator<Item = (&'a Disagreement, usize, &'a Side, Statement<'a>)> + 'a {
        self.site.disagreements.iter().flat_map(|d| {
            d.sides.iter().enumerate().map(move |(n, s)| {
                let st = Statement {
                    owner: Owner::Side,
                    id: format!("{}/{}", d.id, n + 1),
                    text: &s.text,
                    page: format!("{}#disagreement-{}", urls::DISAGREEMENTS, d.id),
                    cites: &s.cites,
                };
                (d, n + 1, s, st)
            })
        })
    }

    /// Every citation of `CITING`'s part `part` (of `country`, for a part made for each), with the statement
    /// citing it and its number there from 1.
    pub fn each_citation(
        &self,
        part: usize,
        country: Option<&'a Country>,
        f: &mut dyn FnMut(&Statement, usize, &Citation) -> io::Result<()>,
    ) -> io::Result<()> {
        let statements: Box<dyn Iterator<Item = Statement>> = match (part, country) {
            (0, Some(c)) => Box::new(self.country_claims(c).map(|(_, st)| st)),
            (1, _) => Box::new(self.topic_claims().map(|(.., st)| st)),
            (2, Some(c)) => Box::new(self.transfers(c).map(|(_, st)| st)),
            (3, _) => Box::new(
                self.events()
                    .map(|(_, st)| st)
                    .chain(self.sides().map(|(.., st)| st)),
            ),
            _ => Box::new(std::iter::empty()),
        };
        for st in statements {
            for (n, c) in st.cites.iter().enumerate() {
                f(&st, n + 1, c)?;
            }
        }
        Ok(())
    }

    /// The backing cells of a statement: its support, its reporters by id and by name, its sources, its
    /// citations' ids.
    fn backing(&self, st: &Statement) -> [Cell; 6] {
        let mut sources: Vec<&str> = Vec::new();
        for c in st.cites {
            let s = &self.site.sources[c.source];
            if !sources.contains(&s.id.as_str()) {
                sources.push(&s.id);
            }
        }
        let (level, label, reporters, names) = match Support::of(self.site, st.cites) {
            Some(s) => (
                Cell::text(s.level.key()),
                Cell::text(s.describe(self.site)),
                Cell::list(s.reporters.iter().map(String::as_str)),
                Cell::list(s.reporter_names(self.site)),
            ),
            None => (
                Cell::Null,
                Cell::Null,
                Cell::List(Vec::new()),
                Cell::List(Vec::new()),
            ),
        };
        [
            level,
            label,
            reporters,
            names,
            Cell::list(sources),
            Cell::List((1..=st.cites.len()).map(|n| citation_id(st, n)).collect()),
        ]
    }
}

fn claim_statement<'a>(scope: &str, page: &str, cl: &'a Claim) -> Statement<'a> {
    Statement {
        owner: Owner::Claim,
        id: format!("{scope}/{}", cl.id),
        text: &cl.text,
        page: format!("{page}#claim-{}", cl.id),
        cites: &cl.cites,
    }
}

/// The id of a statement's `n`-th citation: `<kind>/<id of the statement>/<n>`.
pub fn citation_id(st: &Statement, n: usize) -> String {
    let kind = match st.owner {
        Owner::Claim => "claim",
        Owner::Transfer => "transfer",
        Owner::Event => "event",
        Owner::Side => "side",
    };
    format!("{kind}/{}/{n}", st.id)
}

fn country_row(r: &Rows, c: &Country, emit: &mut Emit) -> io::Result<()> {
    let mut row = vec![
        Cell::text(&c.slug),
        Cell::text(&c.name),
        Cell::text(&c.iso2),
        Cell::text(&c.iso3),
        Cell::opt(c.iso_numeric.as_deref()),
        Cell::text(c.region.name()),
        Cell::list(c.roles.iter().map(|r| role_code(*r))),
        Cell::text(c.headline.key()),
        Cell::text(c.headline.label()),
    ];
    let headline = support::of_headline(r.site, c);
    row.extend([
        headline
            .as_ref()
            .map_or(Cell::Null, |s| Cell::text(s.level.key())),
        headline
            .as_ref()
            .map_or(Cell::Null, |s| Cell::text(s.describe(r.site))),
        Cell::list(
            headline
                .iter()
                .flat_map(|s| s.reporters.iter().map(String::as_str)),
        ),
        Cell::opt(c.headline.dispute().map(status::Dispute::key)),
        Cell::list(c.headline.disputes.iter().map(|(a, _)| a.name())),
    ]);
    for report in &c.axes {
        row.push(Cell::list(report.statuses.iter().copied()));
        row.push(Cell::text(report.label()));
    }
    row.push(Cell::text(urls::country(&c.slug)));
    emit(row)
}

fn country_claim_rows(r: &Rows, c: &Country, emit: &mut Emit) -> io::Result<()> {
    for (cl, st) in r.country_claims(c) {
        emit(claim_row(r, &c.slug, Some(c), None, cl, st))?;
    }
    Ok(())
}

fn topic_claim_rows(r: &Rows, emit: &mut Emit) -> io::Result<()> {
    for (t, s, cl, st) in r.topic_claims() {
        emit(claim_row(r, &t.slug, None, Some((t, s)), cl, st))?;
    }
    Ok(())
}

/// A claim's row; `scope` is the slug of the country or topic stating it.
fn claim_row(
    r: &Rows,
    scope: &str,
    country: Option<&Country>,
    topic: Option<(&Topic, &Section)>,
    cl: &Claim,
    st: Statement,
) -> Vec<Cell> {
    let mut row = vec![
        Cell::text(&st.id),
        Cell::text(&cl.digest),
        Cell::list(cl.aliases.iter().map(|a| format!("{scope}/{a}"))),
        Cell::opt(country.map(|c| c.slug.as_str())),
        Cell::opt(topic.map(|(t, _)| t.slug.as_str())),
        Cell::opt(topic.map(|(_, s)| s.heading.as_str())),
        Cell::opt(cl.axis.map(Axis::name)),
        Cell::opt(cl.axis.map(Axis::label)),
        Cell::opt(cl.status.as_deref()),
        Cell::opt(cl.status.as_deref().map(status::status_label)),
        Cell::opt(cl.kind.as_deref()),
    ];
    row.extend(date_cells(cl.when.as_ref()));
    row.extend([Cell::text(&cl.text), Cell::list(&cl.countries)]);
    row.extend(r.backing(&st));
    row.push(Cell::text(st.page));
    row
}

/// One row per statement, however many pages place it, where it is first placed (the country pages' claims
/// come first, then the topics'): that placement's text and backing (every placement has the same, the id
/// being derived from them), and every placement's id.
fn statement_rows<'a>(
    r: &Rows<'a>,
    claims: impl Iterator<Item = (&'a Claim, Statement<'a>)>,
    emit: &mut Emit,
) -> io::Result<()> {
    let placements = r.placements();
    for (cl, st) in claims {
        let placed = &placements[cl.digest.as_str()];
        if placed[0] != st.id {
            continue;
        }
        let mut row = vec![Cell::text(&cl.digest), Cell::text(&cl.text)];
        row.extend(r.backing(&st).into_iter().take(STATEMENT_BACKING));
        row.push(Cell::list(placed));
        emit(row)?;
    }
    Ok(())
}

/// What a country's statement rows depend on besides the country: every placement of the statements it places
/// first, wherever they are.
fn country_statements_key(r: &Rows, c: &Country) -> u64 {
    use std::hash::{Hash, Hasher};
    let placements = r.placements();
    let mut h = std::hash::DefaultHasher::new();
    for (cl, st) in r.country_claims(c) {
        let placed = &placements[cl.digest.as_str()];
        if placed[0] == st.id {
            placed.hash(&mut h);
        }
    }
    h.finish()
}

fn transfer_rows(r: &Rows, c: &Country, emit: &mut Emit) -> io::Result<()> {
    for (tr, st) in r.transfers(c) {
        let covers = if tr.covers.is_empty() {
            std::slice::from_ref(&c.slug)
        } else {
            &tr.covers[..]
        };
        let mut row = vec![
            Cell::text(&st.id),
            Cell::text(&c.slug),
            Cell::text(tr.movement.clone().unwrap_or_else(|| st.id.clone())),
            Cell::list(covers),
            Cell::text(outcome_code(tr.outcome)),
            Cell::text(status::status_label(status::transfer_status(tr.outcome))),
            Cell::list(&tr.origins),
            Cell::list(
                tr.origins
                    .iter()
                    .filter_map(|o| r.site.country(o).map(|c| c.iso3.as_str())),
            ),
            Cell::opt(tr.origin_note.as_deref()),
            Cell::opt(tr.number.as_ref().map(|n| n.text.as_str())),
            tr.number
                .as_ref()
                .and_then(|n| n.min)
                .map_or(Cell::Null, Cell::Integer),
            tr.number
                .as_ref()
                .and_then(|n| n.max)
                .map_or(Cell::Null, Cell::Integer),
        ];
        row.extend(date_cells(tr.when.as_ref()));
        let paid = tr.paid.as_ref();
        row.extend([
            Cell::opt(tr.payment.as_deref()),
            paid.and_then(|p| p.min).map_or(Cell::Null, Cell::Integer),
            paid.and_then(|p| p.max).map_or(Cell::Null, Cell::Integer),
            Cell::opt(paid.map(|p| p.currency.as_str())),
            Cell::opt(tr.conditions.as_deref()),
            Cell::text(&tr.text),
        ]);
        row.extend(r.backing(&st));
        row.push(Cell::text(st.page));
        emit(row)?;
    }
    Ok(())
}

fn event_rows(r: &Rows, emit: &mut Emit) -> io::Result<()> {
    for (e, st) in r.events() {
        let mut row = vec![
            Cell::text(&e.id),
            Cell::list(&e.aliases),
            Cell::text(crate::dates::readable(&e.when.value)),
        ];
        row.extend(date_cells(Some(&e.when)));
        row.extend([Cell::text(&e.text), Cell::list(&e.countries)]);
        row.extend(r.backing(&st));
        row.push(Cell::text(st.page));
        emit(row)?;
    }
    Ok(())
}

fn disagreement_rows(r: &Rows, emit: &mut Emit) -> io::Result<()> {
    for d in &r.site.disagreements {
        emit(vec![
            Cell::text(&d.id),
            Cell::text(&d.question),
            Cell::list(&d.countries),
            Cell::opt(d.axis.map(Axis::name)),
            Cell::opt(d.axis.map(Axis::label)),
            Cell::text(d.kind.code()),
            Cell::text(d.kind.sentence()),
            Cell::opt(d.note.as_deref()),
            Cell::Integer(d.sides.len() as u64),
            Cell::text(format!("{}#disagreement-{}", urls::DISAGREEMENTS, d.id)),
        ])?;
    }
    Ok(())
}

fn side_rows(r: &Rows, emit: &mut Emit) -> io::Result<()> {
    for (d, n, s, st) in r.sides() {
        let mut row = vec![
            Cell::text(&st.id),
            Cell::text(&d.id),
            Cell::Integer(n as u64),
            Cell::text(&s.position),
            Cell::text(&s.text),
            Cell::opt(s.note.as_deref()),
            Cell::opt(s.number.as_ref().map(|n| n.text.as_str())),
            s.number
                .as_ref()
                .and_then(|n| n.min)
                .map_or(Cell::Null, Cell::Integer),
            s.number
                .as_ref()
                .and_then(|n| n.max)
                .map_or(Cell::Null, Cell::Integer),
        ];
        row.extend(r.backing(&st));
        row.push(Cell::text(st.page));
        emit(row)?;
    }
    Ok(())
}

/// The rows of `CITING`'s part `part` (of `country`, for a part made for each).
fn citation_rows(
    r: &Rows,
    part: usize,
    country: Option<&Country>,
    emit: &mut Emit,
) -> io::Result<()> {
    r.each_citation(part, country, &mut |st, n, c| {
        let s = &r.site.sources[c.source];
        let (prefix, suffix) = r.views.context(c, CONTEXT_CHARS);
        let mut owners = [Cell::Null, Cell::Null, Cell::Null, Cell::Null];
        owners[st.owner as usize] = Cell::text(&st.id);
        let mut row = vec![Cell::text(citation_id(st, n))];
        row.extend(owners);
        row.extend([
            Cell::text(&s.id),
            Cell::text(r.views.quote(c)),
            Cell::text(prefix),
            Cell::text(suffix),
            Cell::Integer(c.span.start as u64),
            Cell::Integer(c.span.end as u64),
            Cell::text(format!("{}#{}", urls::source(&s.id), c.anchor())),
        ]);
        emit(row)
    })
}

fn source_rows(r: &Rows, emit: &mut Emit) -> io::Result<()> {
    for s in &r.site.sources {
        let title_basis = if s.title_inferred {
            Basis::Inferred
        } else {
            Basis::Stated
        };
        let mut row = vec![
            Cell::text(&s.id),
            Cell::text(&s.title),
            Cell::text(basis_code(title_basis)),
        ];
        // An outlet the article does not state is empty, with the reason beside it.
        match super::known(&s.publisher) {
            Some(_) => row.extend(qualified_cells(Some(&s.publisher))),
            None => row.extend([
                Cell::Null,
                Cell::Null,
                Cell::opt(s.publisher.reason.as_deref()),
            ]),
        }
        row.extend(qualified_cells(s.author.as_ref()));
        row.extend(qualified_cells(Some(&s.published)));
        row.extend(bound_cells(Some(&s.published.value)));
        row.extend([
            Cell::list(&s.relays),
            Cell::list(
                s.relays
                    .iter()
                    .filter_map(|id| r.site.reporters.get(id).cloned()),
            ),
            Cell::text(&s.language),
            Cell::text(&s.reliability),
            Cell::text(&s.sha256),
            Cell::Integer(s.text.chars().count() as u64),
            Cell::text(text_path(&s.id)),
            Cell::text(urls::source(&s.id)),
        ]);
        emit(row)?;
    }
    Ok(())
}

fn countries() -> Table {
    Table::new(
        "countries",
        "Countries",
        "Every country the briefing covers: its codes, its status on each of the four axes as the sources \
         report it (codes, strongest first, with their labels), and the headline status derived from them by \
         the rule on the About page.",
        vec![
            col("id", Text, "The country's id, as used in page addresses and other tables.").required(),
            col("name", Text, "The country's name in English.").required(),
            col("iso2", Text, "ISO 3166-1 alpha-2 code (Kosovo: XK).").required(),
            col("iso3", Text, "ISO 3166-1 alpha-3 code (Kosovo: XKX).").required(),
            col("iso_numeric", Text, "ISO 3166-1 numeric code, where one exists (three digits, as text: Albania is `008`).").read_as_text(),
            col("region", Text, "Africa, Americas, Asia, Europe, Middle East or Oceania.").required().codes(["Africa", "Americas", "Asia", "Europe", "Middle East", "Oceania"]),
            col("roles", List, "How the sources involve it: destination, origin (deportees' nationality), precedent.").codes(["destination", "origin", "precedent"]).required(),
            col("headline", Text, "The derived status's code.").required().codes(status::RULE.iter().map(|(s, _)| s.key())),
            col("headline_label", Text, "The derived status in words, with \"reports conflict\" or \"accounts differ\" when a disagreement record disputes one of its statuses.").required(),
            col("headline_support", Text, "How strong the support of the headline status is (see `support` in claims): the support of the statuses its stage rests on. Empty for a country that is not a destination.").codes(support_codes()),
            col("headline_support_label", Text, "The same in words, with its reporters and articles."),
            col("headline_reporters", List, "Ids of the original reporters behind the headline status."),
            col("dispute", Text, "`conflict` when a disagreement record about one of its axes says the accounts cannot all be true, `differ` when it says they may describe different events or times.").codes(["conflict", "differ"]),
            col("disputed_axes", List, "The axes such records dispute.").codes(Axis::ALL.iter().map(|a| a.name())),
            col("outreach", List, "US outreach: the statuses the sources report, as codes, strongest first (the About page explains each).").codes(Axis::Outreach.statuses().iter().copied()),
            col("outreach_label", Text, "US outreach in words.").required(),
            col("agreement", List, "Agreement: the statuses the sources report, as codes, strongest first.").codes(Axis::Agreement.statuses().iter().copied()),
            col("agreement_label", Text, "Agreement in words.").required(),
            col("transfers", List, "Transfers: the statuses the sources report, as codes, strongest first.").codes(Axis::Transfers.statuses().iter().copied()),
            col("transfers_label", Text, "Transfers in words.").required(),
            col("stance", List, "The government's public stance: the statuses the sources report, as codes, strongest first.").codes(Axis::Stance.statuses().iter().copied()),
            col("stance_label", Text, "The stance in words.").required(),
            col("page", Text, "The country's page, relative to the site's root.").required(),
        ],
        vec![Part::Country(country_row)],
    )
}

fn statements() -> Table {
    let mut columns = vec![
        col(
            "id",
            Text,
            "8 hex digits derived from the statement's text and quotations: the same words with the same quotations on several pages are one statement (a reworded statement is a new one; its placements keep their ids).",
        )
        .required()
        .read_as_text(),
        col(
            "text",
            Text,
            "What the sources say, in the briefing's words (Markdown).",
        )
        .required(),
    ];
    // Its backing but the citations' ids (those are the placements'): support, reporters, sources.
    columns.extend(backing_columns().into_iter().take(STATEMENT_BACKING));
    columns.push(
        col(
            "placements",
            List,
            "Ids of the claims that place it on a page (see claims): one, or several when the same statement \
             is made on several countries' or topics' pages.",
        )
        .required(),
    );
    Table::new(
        "statements",
        "Statements",
        "Every distinct statement of the country and topic pages, once, however many pages make it: count \
         statements here, and placements (with each page's status on an axis) in claims.",
        columns,
        vec![
            Part::CountryKeyed(
                |r, c, e| statement_rows(r, r.country_claims(c), e),
                country_statements_key,
            ),
            Part::Once(|r, e| statement_rows(r, r.topic_claims().map(|(.., cl, st)| (cl, st)), e)),
        ],
    )
}

fn claims() -> Table {
    let mut columns = vec![
        col("id", Text, "`<country or topic id>/<id>`: the statement's id, written in the content and kept when it is reworded, so it stays the same when this or other claims are added, moved or reworded.").required(),
        col("statement", Text, "The statement it places (see statements): the same statement made on several pages is one statement and one claim per page.").required().read_as_text(),
        col("aliases", List, "Ids the claim had before (`<country or topic id>/<id>`): links to their anchors still land on it."),
        col("country", Text, "The country whose page states it (see countries), for a country's claims."),
        col("topic", Text, "The topic whose page states it, for a topic's claims."),
        col("section", Text, "The topic's section that states it."),
        col("axis", Text, "The status axis it reports on, for status claims.").codes(["outreach", "agreement", "stance"]),
        col("axis_label", Text, "The axis in words."),
        col("status", Text, "The status it reports on that axis.").codes(every_status()),
        col("status_label", Text, "The status in words."),
        col("kind", Text, "The kind of agreement, as the sources describe it."),
    ];
    columns.extend(date_columns());
    columns.extend(statement_columns(
        "What the sources say, in the briefing's words (Markdown).",
        "Ids of the other countries it concerns.",
        "Where it is stated, relative to the site's root.",
    ));
    Table::new(
        "claims",
        "Claims",
        "Every statement as placed on a country's or topic's page (a statement made on two pages is two \
         rows, of one statement), with the status it gives that country on an axis and the quotations that \
         support it.",
        columns,
        vec![Part::Country(country_claim_rows), Part::Once(topic_claim_rows)],
    )
    .foreign_key("statement", "statements")
    .foreign_key("country", "countries")
}

fn transfers() -> Table {
    let mut columns = vec![
        col("id", Text, "`<country id>/<transfer id>`.").required(),
        col("country", Text, "The receiving country (see countries).").required(),
        col(
            "movement",
            Text,
            "The movement of people the record describes: records of one movement (in several countries, from \
             several sources) share it, so count people once per movement. A record that shares it with no other \
             has its own id here.",
        )
        .required(),
        col(
            "covers",
            List,
            "Ids of the countries its figure covers: this country alone, or several when the sources give one \
             figure for them together (then each of those countries has a record of the same movement).",
        )
        .required(),
        col(
            "outcome",
            Text,
            "`sent`, or `blocked` when the sources say the attempt was stopped.",
        )
        .required()
        .codes(["sent", "blocked"]),
        col("outcome_label", Text, "The outcome in words.").required(),
        col(
            "origins",
            List,
            "Ids of the deportees' countries of origin, where the sources name them.",
        ),
        col(
            "origin_iso3",
            List,
            "The same countries by ISO 3166-1 alpha-3 code.",
        ),
        col(
            "origin_note",
            Text,
            "Who was sent, in words, where countries alone do not say it.",
        ),
        col("number_as_stated", Text, "How many, in the sources' words."),
        col("number_min", Integer, "The least number those words allow (\"hundreds\": 200; \"several hundred\": 300; \"over 100\": 101)."),
        col(
            "number_max",
            Integer,
            "The greatest number those words allow (\"nearly 300\": 299).",
        ),
    ];
    columns.extend(date_columns());
    columns.extend([
        col("payment", Text, "Money or aid reported in exchange, in the sources' words."),
        col("payment_min", Integer, "The least sum those words allow, in `payment_currency` (\"millions of dollars\": 2000000)."),
        col("payment_max", Integer, "The greatest sum those words allow, in `payment_currency`."),
        col("payment_currency", Text, "The payment's currency, an ISO 4217 code (`USD`)."),
        col(
            "conditions",
            Text,
            "Conditions reported (detention, onward travel).",
        ),
        col(
            "text",
            Text,
            "What the sources say, in the briefing's words (Markdown).",
        )
        .required(),
    ]);
    columns.extend(backing_columns());
    columns.push(
        col(
            "page",
            Text,
            "Where it is shown, relative to the site's root.",
        )
        .required(),
    );
    Table::new(
        "transfers",
        "Transfers",
        "Every reported transfer of deportees to a country, or blocked attempt: who, how many (as stated, with \
         the bounds the wording implies), when, at what price. An agreement to accept people is not one.",
        columns,
        vec![Part::Country(transfer_rows)],
    )
    .foreign_key("country", "countries")
}

fn events() -> Table {
    let mut columns = vec![
        col(
            "id",
            Text,
            "The event's id, written in the content and kept when it is reworded.",
        )
        .required()
        .read_as_text(),
        col(
            "aliases",
            List,
            "Ids the event had before: links to their anchors still land on it.",
        ),
        col(
            "date_label",
            Text,
            "The date in words, as the timeline shows it.",
        )
        .required(),
    ];
    columns.extend(date_columns().map(|c| match c.name {
        "date" | "date_basis" => c.required(),
        _ => c,
    }));
    columns.extend(statement_columns(
        "What happened, in the briefing's words (Markdown).",
        "Ids of the countries it concerns.",
        "Its place on the timeline, relative to the site's root.",
    ));
    Table::new(
        "events",
        "Timeline events",
        "Every dated event of the timeline, in date order. Most dates are worked out from the articles, \
         which rarely state a year: `date_basis` and `date_reason` say how.",
        columns,
        vec![Part::Once(event_rows)],
    )
}

fn disagreements() -> Table {
    Table::new(
        "disagreements",
        "Disagreements",
        "Every recorded disagreement between the sources: the question, the countries and axis concerned, and \
         what kind of disagreement it is. Its positions are in disagreement-sides.",
        vec![
            col("id", Text, "The disagreement's id.").required(),
            col("question", Text, "What is disputed, as a question.").required(),
            col("countries", List, "Ids of the countries concerned."),
            col("axis", Text, "The status axis in dispute, when it is one.").codes(Axis::ALL.iter().map(|a| a.name())),
            col("axis_label", Text, "The axis in words."),
            col("kind", Text, "`contradiction`: the accounts cannot all be true; `compatible`: they differ in precision or detail but can all be true; `different-events`: they may describe different events, times or arrangements; `open`: the sources leave the question open.").required().codes(crate::content::DisagreementKind::ALL.iter().map(|k| k.code())),
            col("kind_label", Text, "The same, in words.").required(),
            col("note", Text, "Why the sides may differ (Markdown)."),
            col("sides", Integer, "How many positions it records.").required(),
            col("page", Text, "Where it is shown, relative to the site's root.").required(),
        ],
        vec![Part::Once(disagreement_rows)],
    )
}

fn sides() -> Table {
    let mut columns = vec![
        col("id", Text, "`<disagreement id>/<n>`.").required(),
        col(
            "disagreement",
            Text,
            "The disagreement (see disagreements).",
        )
        .required(),
        col(
            "side",
            Integer,
            "Its number among the disagreement's sides, from 1.",
        )
        .required(),
        col("position", Text, "The position in a few words.").required(),
        col(
            "text",
            Text,
            "Who says it, in the briefing's words (Markdown).",
        )
        .required(),
        col("note", Text, "A note on the source's wording (Markdown)."),
        col("number", Text, "The figure it gives, as stated."),
        col("number_min", Integer, "The least number its words allow."),
        col(
            "number_max",
            Integer,
            "The greatest number its words allow.",
        ),
    ];
    columns.extend(backing_columns());
    columns.push(
        col(
            "page",
            Text,
            "Where it is shown, relative to the site's root.",
        )
        .required(),
    );
    Table::new(
        "disagreement-sides",
        "Sides of the disagreements",
        "Each position of each disagreement, with its quotations.",
        columns,
        vec![Part::Once(side_rows)],
    )
    .foreign_key("disagreement", "disagreements")
}

fn sources() -> Table {
    let mut columns = vec![
            col("id", Text, "The source's id, as citations name it.").required(),
            col("title", Text, "The article's title, or a descriptive one where it states none.").required(),
            col("title_basis", Text, "`stated`: the article's own title; `inferred`: a descriptive title.").required().codes(["stated", "inferred"]),
            col("publisher", Text, "The outlet that published the article, where it is known; empty where the article does not say (`publisher_reason` says what is known)."),
            col("publisher_basis", Text, "`stated` or `inferred`, where the outlet is known.").codes(["stated", "inferred"]),
            col("publisher_reason", Text, "How the outlet was worked out, or why it is not known."),
            col("author", Text, "The author, where known."),
            col("author_basis", Text, "`stated` or `inferred`.").codes(["stated", "inferred"]),
            col("author_reason", Text, "How the author was worked out."),
            col("published", Text, "When it was published: YYYY, YYYY-MM or YYYY-MM-DD.").required(),
            col("published_basis", Text, "`stated` or `inferred`.").required().codes(["stated", "inferred"]),
            col("published_reason", Text, "How the date was worked out."),
    ];
    columns.extend(bound_columns([
        "published_earliest",
        "published_latest",
        "published_precision",
        "published_sort",
    ]));
    columns.extend([
        col(
            "relays",
            List,
            "Ids of the original reporting it passes on.",
        ),
        col("relay_names", List, "The same, by name."),
        col(
            "language",
            Text,
            "Its language, and whether it is a translation.",
        )
        .required(),
        col(
            "reliability",
            Text,
            "What a reader should know of its text (machine translation, garbled names).",
        )
        .required(),
        col(
            "sha256",
            Text,
            "The SHA-256 of the text's bytes, in lowercase hex.",
        )
        .required(),
        col(
            "characters",
            Integer,
            "The text's length in Unicode code points: citation positions count these.",
        )
        .required(),
        col(
            "text",
            Text,
            "The article's text, byte for byte, relative to the site's root.",
        )
        .required(),
        col(
            "page",
            Text,
            "The source's page, relative to the site's root.",
        )
        .required(),
    ]);
    Table::new(
        "sources",
        "Sources",
        "The source articles: title, outlet, author and date with how each is known, the original reporting \
         they relay, and the SHA-256 of the text that every quotation was checked against. The text itself is \
         published beside the data, byte for byte.",
        columns,
        vec![Part::Once(source_rows)],
    )
    .json_name("sources-table")
}
fn citations() -> Table {
    Table::new(
        "citations",
        "Citations",
        "Every quotation of a source, once for each statement that cites it: the passage as the W3C Web \
         Annotation TextQuoteSelector gives it (exact, with the text before and after), and its position in the \
         source's text in Unicode code points, from 0, end excluded. Exactly one of claim, transfer, event and \
         side names the statement that cites it.",
        vec![
            col("id", Text, "`<kind>/<id of the statement>/<n>`: the n-th citation of that claim, transfer, event or side.").required(),
            col("claim", Text, "The claim that cites it (see claims)."),
            col("transfer", Text, "The transfer that cites it (see transfers)."),
            col("event", Text, "The timeline event that cites it (see events)."),
            col("side", Text, "The side of a disagreement that cites it (see disagreement-sides)."),
            col("source", Text, "The source article quoted (see sources).").required(),
            col("exact", Text, "The quotation, exactly as it stands in the source's text.").required(),
            col("prefix", Text, "Up to 32 code points of the source's text just before it."),
            col("suffix", Text, "Up to 32 code points of the source's text just after it."),
            col("start", Integer, "Where it starts in the source's text, in Unicode code points from 0.").required(),
            col("end", Integer, "Where it ends, in code points, excluded.").required(),
            col("passage", Text, "The passage, highlighted, on the source's page (relative to the site's root).").required(),
        ],
        vec![
            Part::Country(|r, c, e| citation_rows(r, 0, Some(c), e)),
            Part::Once(|r, e| citation_rows(r, 1, None, e)),
            Part::Country(|r, c, e| citation_rows(r, 2, Some(c), e)),
            Part::Once(|r, e| citation_rows(r, 3, None, e)),
        ],
    )
    .foreign_key("claim", "claims")
    .foreign_key("transfer", "transfers")
    .foreign_key("event", "events")
    .foreign_key("side", "disagreement-sides")
    .foreign_key("source", "sources")
}
/// Where a source's text is published, byte for byte, relative to the site's root.
pub fn text_path(id: &str) -> String {
    format!("data/texts/{id}.txt")
}

fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Sent => "sent",
        Outcome::Blocked => "blocked",
    }
}

fn role_code(r: crate::content::Role) -> &'static str {
    match r {
        crate::content::Role::Destination => "destination",
        crate::content::Role::Origin => "origin",
        crate::content::Role::Precedent => "precedent",
    }
}
