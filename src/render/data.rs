//! Open data: the briefing as JSON and CSV, for readers who want the claims and citations themselves.
//! Citation offsets count Unicode code points of the seed text, half-open `[start, end)`.

use serde::Serialize;

use crate::content::{Axis, Basis, Outcome, SameEvent};
use crate::model::{Citation, Claim, Site};
use crate::render::views::Views;
use crate::render::{urls, Output};

#[derive(Serialize)]
struct CitationRecord<'a> {
    source: &'a str,
    file: &'a str,
    start: usize,
    end: usize,
    quote: String,
    anchor: String,
}

#[derive(Serialize)]
struct ClaimRecord<'a> {
    /// The page the claim is on, relative to the site root.
    page: String,
    country: Option<&'a str>,
    topic: Option<&'a str>,
    text: &'a str,
    axis: Option<&'static str>,
    status: Option<&'a str>,
    kind: Option<&'a str>,
    date: Option<&'a str>,
    date_inferred: bool,
    reporters: Vec<String>,
    citations: Vec<CitationRecord<'a>>,
}

#[derive(Serialize)]
struct CountryRecord<'a> {
    slug: &'a str,
    name: &'a str,
    iso2: &'a str,
    iso3: &'a str,
    iso_numeric: Option<&'a str>,
    region: &'static str,
    /// The headline stage's code (`received`, `agreement-announced`, ...) and label.
    headline: &'static str,
    headline_label: String,
    /// The axes on which the sources conflict.
    conflicts: Vec<&'static str>,
    /// Per axis, the status codes the sources report, strongest first.
    outreach: Vec<&'static str>,
    agreement: Vec<&'static str>,
    transfers: Vec<&'static str>,
    stance: Vec<&'static str>,
    page: String,
}

/// A transfer record: deportees sent (or an attempt blocked) to a country.
#[derive(Serialize)]
struct TransferRecord<'a> {
    id: String,
    country: &'a str,
    outcome: &'static str,
    origins: Vec<&'a str>,
    origin_note: Option<&'a str>,
    number_as_stated: Option<&'a str>,
    number_min: Option<u64>,
    number_max: Option<u64>,
    date: Option<&'a str>,
    date_inferred: bool,
    payment: Option<&'a str>,
    conditions: Option<&'a str>,
    text: &'a str,
    page: String,
    citations: Vec<CitationRecord<'a>>,
}

#[derive(Serialize)]
struct SideRecord<'a> {
    position: &'a str,
    text: &'a str,
    citations: Vec<CitationRecord<'a>>,
}

#[derive(Serialize)]
struct DisagreementRecord<'a> {
    id: &'a str,
    question: &'a str,
    countries: Vec<&'a str>,
    axis: Option<&'static str>,
    same_event: &'static str,
    sides: Vec<SideRecord<'a>>,
}

fn citation<'a>(site: &'a Site, views: &Views, c: &Citation) -> CitationRecord<'a> {
    let s = &site.sources[c.source];
    CitationRecord {
        source: &s.id,
        file: &s.file,
        start: c.span.start,
        end: c.span.end,
        quote: views.quote(c),
        anchor: c.anchor(),
    }
}

fn claim<'a>(
    site: &'a Site,
    views: &Views,
    page: String,
    country: Option<&'a str>,
    topic: Option<&'a str>,
    c: &'a Claim,
) -> ClaimRecord<'a> {
    ClaimRecord {
        page,
        country,
        topic,
        text: &c.text,
        axis: c.axis.map(Axis::name),
        status: c.status.as_deref(),
        kind: c.kind.as_deref(),
        date: c.when.as_ref().map(|w| w.value.as_str()),
        date_inferred: c
            .when
            .as_ref()
            .is_some_and(|w| w.basis == crate::content::Basis::Inferred),
        reporters: site.backing(&c.cites).outlets,
        citations: c.cites.iter().map(|x| citation(site, views, x)).collect(),
    }
}

/// One CSV field, quoted when it must be (RFC 4180). A field a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP advises for CSV exports.
fn csv_field(s: &str) -> String {
    let s = &if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = header.join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Adds `data/claims.json`, `data/countries.json`, `data/countries.csv` and `data/citations.csv`.
pub fn add(site: &Site, views: &Views, out: &mut Output) {
    let mut claims = Vec::new();
    for c in &site.countries {
        for cl in &c.claims {
            claims.push(claim(
                site,
                views,
                urls::country(&c.slug),
                Some(&c.slug),
                None,
                cl,
            ));
        }
    }
    for t in &site.topics {
        for cl in t.sections.iter().flat_map(|s| s.claims.iter()) {
            claims.push(claim(
                site,
                views,
                urls::topic(&t.slug),
                None,
                Some(&t.slug),
                cl,
            ));
        }
    }
    let countries: Vec<CountryRecord> = site
        .countries
        .iter()
        .map(|c| CountryRecord {
            slug: &c.slug,
            name: &c.name,
            iso2: &c.iso2,
            iso3: &c.iso3,
            iso_numeric: c.iso_numeric.as_deref(),
            region: c.region.name(),
            headline: c.headline.key(),
            headline_label: c.headline.label(),
            conflicts: c.headline.conflicts.iter().map(|a| a.name()).collect(),
            outreach: c.axes[0].statuses.clone(),
            agreement: c.axes[1].statuses.clone(),
            transfers: c.axes[2].statuses.clone(),
            stance: c.axes[3].statuses.clone(),
            page: urls::country(&c.slug),
        })
        .collect();
    out.insert(
        "data/countries.csv".into(),
        csv(
            &[
                "slug",
                "name",
                "iso2",
                "iso3",
                "iso_numeric",
                "region",
                "headline",
                "headline_label",
                "conflicts",
                "outreach",
                "agreement",
                "transfers",
                "stance",
                "page",
            ],
            countries.iter().map(|c| {
                vec![
                    c.slug.to_owned(),
                    c.name.to_owned(),
                    c.iso2.to_owned(),
                    c.iso3.to_owned(),
                    c.iso_numeric.unwrap_or("").to_owned(),
                    c.region.to_owned(),
                    c.headline.to_owned(),
                    c.headline_label.clone(),
                    c.conflicts.join(";"),
                    c.outreach.join(";"),
                    c.agreement.join(";"),
                    c.transfers.join(";"),
                    c.stance.join(";"),
                    c.page.clone(),
                ]
            }),
        ),
    );
    let citations: Vec<CitationRecord> = site
        .citations()
        .iter()
        .map(|c| citation(site, views, c))
        .collect();
    out.insert(
        "data/citations.csv".into(),
        csv(
            &["source", "file", "start", "end", "quote"],
            citations.iter().map(|c| {
                vec![
                    c.source.to_owned(),
                    c.file.to_owned(),
                    c.start.to_string(),
                    c.end.to_string(),
                    c.quote.clone(),
                ]
            }),
        ),
    );
    out.insert("data/countries.json".into(), json(&countries));
    add_transfers(site, views, out);
    add_disagreements(site, views, out);
    out.insert("data/claims.json".into(), json(&claims));
}

/// `data/transfers.json` and `.csv`: one row per transfer record; an agreement to accept people is not one.
fn add_transfers(site: &Site, views: &Views, out: &mut Output) {
    let records: Vec<TransferRecord> = site
        .countries
        .iter()
        .flat_map(|c| c.transfers.iter().map(move |t| (c, t)))
        .map(|(c, t)| TransferRecord {
            id: format!("{}/{}", c.slug, t.id),
            country: &c.slug,
            outcome: match t.outcome {
                Outcome::Sent => "sent",
                Outcome::Blocked => "blocked",
            },
            origins: t.origins.iter().map(String::as_str).collect(),
            origin_note: t.origin_note.as_deref(),
            number_as_stated: t.number.as_ref().map(|n| n.text.as_str()),
            number_min: t.number.as_ref().and_then(|n| n.min),
            number_max: t.number.as_ref().and_then(|n| n.max),
            date: t.when.as_ref().map(|w| w.value.as_str()),
            date_inferred: t.when.as_ref().is_some_and(|w| w.basis == Basis::Inferred),
            payment: t.payment.as_deref(),
            conditions: t.conditions.as_deref(),
            text: &t.text,
            page: urls::country(&c.slug),
            citations: t.cites.iter().map(|x| citation(site, views, x)).collect(),
        })
        .collect();
    let opt = |s: Option<&str>| s.unwrap_or("").to_owned();
    let num = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    out.insert(
        "data/transfers.csv".into(),
        csv(
            &[
                "id",
                "country",
                "outcome",
                "origins",
                "origin_note",
                "number_as_stated",
                "number_min",
                "number_max",
                "date",
                "date_inferred",
                "payment",
                "conditions",
                "text",
                "page",
                "sources",
            ],
            records.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.country.to_owned(),
                    r.outcome.to_owned(),
                    r.origins.join(";"),
                    opt(r.origin_note),
                    opt(r.number_as_stated),
                    num(r.number_min),
                    num(r.number_max),
                    opt(r.date),
                    r.date_inferred.to_string(),
                    opt(r.payment),
                    opt(r.conditions),
                    r.text.to_owned(),
                    r.page.clone(),
                    sources_of(&r.citations),
                ]
            }),
        ),
    );
    out.insert("data/transfers.json".into(), json(&records));
}

/// `data/disagreements.json` (nested) and `.csv` (one row per side).
fn add_disagreements(site: &Site, views: &Views, out: &mut Output) {
    let records: Vec<DisagreementRecord> = site
        .disagreements
        .iter()
        .map(|d| DisagreementRecord {
            id: &d.id,
            question: &d.question,
            countries: d.countries.iter().map(String::as_str).collect(),
            axis: d.axis.map(Axis::name),
            same_event: same_event_code(d.same_event),
            sides: d
                .sides
                .iter()
                .map(|s| SideRecord {
                    position: &s.position,
                    text: &s.text,
                    citations: s.cites.iter().map(|x| citation(site, views, x)).collect(),
                })
                .collect(),
        })
        .collect();
    out.insert(
        "data/disagreements.csv".into(),
        csv(
            &[
                "id",
                "question",
                "countries",
                "axis",
                "same_event",
                "side",
                "position",
                "text",
                "sources",
            ],
            records.iter().flat_map(|d| {
                d.sides.iter().enumerate().map(move |(i, s)| {
                    vec![
                        d.id.to_owned(),
                        d.question.to_owned(),
                        d.countries.join(";"),
                        d.axis.unwrap_or("").to_owned(),
                        d.same_event.to_owned(),
                        (i + 1).to_string(),
                        s.position.to_owned(),
                        s.text.to_owned(),
                        sources_of(&s.citations),
                    ]
                })
            }),
        ),
    );
    out.insert("data/disagreements.json".into(), json(&records));
}

pub fn same_event_code(s: SameEvent) -> &'static str {
    match s {
        SameEvent::Yes => "yes",
        SameEvent::Unclear => "unclear",
        SameEvent::No => "no",
    }
}

/// The cited sources' ids, `;`-separated, each once.
fn sources_of(citations: &[CitationRecord]) -> String {
    let mut ids: Vec<&str> = citations.iter().map(|c| c.source).collect();
    ids.dedup();
    ids.join(";")
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(super::csv_field("plain"), "plain");
        assert_eq!(super::csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(super::csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(super::csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(super::csv_field("\r=1+1"), "\"'\r=1+1\"");
    }
}
