//! The open-data page: what each file holds, its columns, a few of its rows, its licence and how to cite it,
//! from the same table definitions that write the files.

use serde::Serialize;

use super::{Link, Views};
use crate::render::data::table::{Column, Kind, Table};
use crate::render::data::{self, tables};
use crate::render::markdown::render_inline as md_inline;
use crate::render::urls;

/// Rows of each table shown as a sample.
const SAMPLE_ROWS: usize = 3;

#[derive(Debug, Serialize)]
pub struct ColumnView {
    pub name: &'static str,
    pub kind: &'static str,
    pub required: bool,
    pub description_html: String,
}

#[derive(Debug, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: &'static str,
    pub description: &'static str,
    pub csv_href: String,
    pub json_href: String,
    pub csv_name: String,
    pub json_name: String,
    pub rows: usize,
    pub columns: Vec<ColumnView>,
    /// The sample's columns (a readable few) and its first rows.
    pub sample_columns: Vec<&'static str>,
    pub sample: Vec<Vec<String>>,
}

/// A question the data answers: the query, and its answer as the page prints it.
#[derive(Debug, Serialize)]
pub struct QuestionView {
    pub id: &'static str,
    pub title: &'static str,
    pub explanation_html: String,
    pub sql: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct DataView {
    pub base: super::Base,
    pub tables: Vec<TableView>,
    pub package_href: String,
    pub csl_href: String,
    pub annotations_href: String,
    pub context_href: String,
    pub feed_href: String,
    pub questions: Vec<QuestionView>,
    /// `table.column` of every column whose values can look like numbers but are codes or ids.
    pub text_columns: Vec<String>,
    pub not_licensed: &'static str,
    /// Each source's text, byte for byte, by the source's title.
    pub texts: Vec<Link>,
    /// "Third-country deportations: a cited briefing, open data, last updated 23 November 2026."
    pub cite: String,
    pub jsonld: String,
}

/// The columns a sample shows: enough to recognise a row, none that only a program reads.
fn sample_columns(table: &str) -> &'static [&'static str] {
    match table {
        "countries" => &["id", "name", "iso3", "headline", "headline_label"],
        "statements" => &["id", "placements", "text"],
        "claims" => &["id", "country", "topic", "status_label", "text"],
        "transfers" => &["id", "outcome", "number_as_stated", "date", "date_basis"],
        "events" => &["id", "date_label", "date_basis", "text"],
        "disagreements" => &["id", "question", "kind"],
        "disagreement-sides" => &["id", "position", "text"],
        "citations" => &["id", "claim", "exact", "start", "end"],
        _ => &["title", "published", "sha256"],
    }
}

fn kind_label(c: &Column) -> &'static str {
    match c.kind {
        Kind::Text => "text",
        Kind::Date => "date (YYYY-MM-DD)",
        Kind::Integer => "integer",
        Kind::Boolean => "true or false",
        Kind::List => "list",
    }
}

impl Views<'_> {
    pub fn data(&self) -> DataView {
        let mut base = self.base(urls::DATA, "Open data", None);
        let root = base.root.clone();
        // Only the samples are built: the page must not cost what the files cost.
        let samples = tables::definitions();
        let sample_rows = tables::Rows::new(self.site, self);
        let href = |path: &str| format!("{root}{path}");
        let tables: Vec<TableView> = samples
            .all()
            .into_iter()
            .zip(tables::row_counts(self.site))
            .map(|(t, rows): (&Table, usize)| {
                let shown = sample_columns(t.name);
                let index: Vec<usize> = shown
                    .iter()
                    .filter_map(|name| t.columns.iter().position(|c| c.name == *name))
                    .collect();
                TableView {
                    id: format!("table-{}", t.name),
                    title: t.title,
                    description: t.description,
                    csv_href: href(&t.csv_path()),
                    json_href: href(&t.json_path()),
                    csv_name: t.csv_path().trim_start_matches("data/").to_owned(),
                    json_name: t.json_path().trim_start_matches("data/").to_owned(),
                    rows,
                    columns: t
                        .columns
                        .iter()
                        .map(|c| ColumnView {
                            name: c.name,
                            kind: kind_label(c),
                            required: c.required,
                            description_html: md_inline(c.description),
                        })
                        .collect(),
                    sample_columns: index.iter().map(|&i| t.columns[i].name).collect(),
                    sample: t
                        .collect(&sample_rows, SAMPLE_ROWS)
                        .iter()
                        .map(|row| index.iter().map(|&i| row[i].csv_text()).collect())
                        .collect(),
                }
            })
            .collect();
        let date = base.updated.clone();
        let cite = format!(
            "{}, open data{}{}.",
            self.site.title,
            date.as_ref()
                .map_or(String::new(), |d| format!(", last updated {d}")),
            self.absolute(urls::DATA)
                .map_or(String::new(), |u| format!(", {u}"))
        );
        let files = [
            (data::PACKAGE.to_owned(), "application/json"),
            (
                data::CSL.to_owned(),
                "application/vnd.citationstyles.csl+json",
            ),
            (
                data::ANNOTATIONS.to_owned(),
                "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            ),
            (data::ANNO_CONTEXT.to_owned(), "application/ld+json"),
        ];
        let texts = self
            .site
            .sources
            .iter()
            .map(|s| (tables::text_path(&s.id), "text/plain"));
        let distribution: Vec<serde_json::Value> = samples
            .all()
            .into_iter()
            .flat_map(|t| {
                [
                    (t.csv_path(), "text/csv"),
                    (t.json_path(), "application/json"),
                ]
            })
            .chain(files)
            .chain(texts)
            .map(|(path, format)| {
                serde_json::json!({
                    "@type": "DataDownload",
                    "contentUrl": self.ld_link(&root, &path),
                    "encodingFormat": format,
                })
            })
            .collect();
        let mut dataset = serde_json::json!({
            "@type": "Dataset",
            "@id": self.ld_link(&root, urls::DATA),
            "name": format!("{}: open data", self.site.title),
            "description": self.site.description.split_whitespace().collect::<Vec<_>>().join(" "),
            "isAccessibleForFree": true,
            "creator": {
                "@type": "Organization",
                "name": format!("The contributors to {}", self.site.title),
                "url": self.ld_link(&root, urls::ABOUT),
            },
            "keywords": [
                "deportation",
                "third-country deportation",
                "United States immigration policy",
                "safe third country agreements",
                "news sources",
            ],
            "spatialCoverage": {
                "@type": "Place",
                "name": format!(
                    "The {} countries the sources name as destinations, origins of deportees or precedents",
                    self.site.countries.len()
                ),
            },
            "distribution": distribution,
        });
        // The timeline's span, from the first day of its first date to the last of its last.
        let bounds: Vec<(Option<String>, String)> = self
            .site
            .timeline
            .iter()
            .filter_map(|e| crate::dates::bounds(&e.when.value))
            .collect();
        let first = bounds.iter().filter_map(|(lo, _)| lo.clone()).min();
        let last = bounds.iter().map(|(_, hi)| hi.clone()).max();
        if let (Some(first), Some(last)) = (first, last) {
            dataset["temporalCoverage"] = serde_json::json!(format!("{first}/{last}"));
        }
        // The version is the day of the content's last change; first published the day site.yaml was added.
        if let Some(d) = self.history.overall() {
            dataset["version"] = serde_json::json!(d);
        }
        if let Some(d) = self
            .history
            .added(std::path::Path::new("content/site.yaml"))
        {
            dataset["datePublished"] = serde_json::json!(d);
        }
        if let Some(licence) = data::licences(self.site).first() {
            dataset["license"] = licence["path"].clone();
        }
        if let Some(d) = self.history.overall() {
            dataset["dateModified"] = serde_json::json!(d);
        }
        DataView {
            tables,
            package_href: href(data::PACKAGE),
            csl_href: href(data::CSL),
            annotations_href: href(data::ANNOTATIONS),
            context_href: href(data::ANNO_CONTEXT),
            questions: data::questions::all(self.site)
                .into_iter()
                .map(|q| QuestionView {
                    id: q.id,
                    title: q.title,
                    explanation_html: md_inline(q.explanation),
                    sql: q.sql,
                    columns: q.columns,
                    rows: q.rows,
                })
                .collect(),
            text_columns: samples
                .all()
                .into_iter()
                .flat_map(|t| {
                    t.columns
                        .iter()
                        .filter(|c| c.looks_numeric)
                        .map(move |c| format!("{}.{}", t.name, c.name))
                })
                .collect(),
            not_licensed: data::NOT_LICENSED,
            feed_href: format!("{root}{}", data::FEED),
            texts: self
                .site
                .sources
                .iter()
                .map(|s| Link::to(s.title.clone(), href(&tables::text_path(&s.id))))
                .collect(),
            cite,
            jsonld: super::json_ld(&mut base, vec![dataset]),
            base,
        }
    }
}
