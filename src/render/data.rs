//! Open data: the briefing as JSON and CSV, for readers who want the claims and citations themselves.
//! Citation offsets count Unicode code points of the seed text, half-open `[start, end)`.

use serde::Serialize;

use crate::content::Axis;
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
    headline: &'static str,
    page: String,
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
        reporters: site.reporters_behind(&c.cites),
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
            headline: c.headline.label(),
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
                "headline_status",
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
    out.insert("data/claims.json".into(), json(&claims));
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
