//! Validate: references, statuses, dates and citations, turning the loaded files into the resolved `Site`.
//! Every problem is collected as a Diagnostic; nothing stops at the first.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::{self, Axis, Basis, Cite, Qualified};
use crate::diag::Diagnostic;
use crate::load::{is_slug, Doc, Loaded};
use crate::model::{self, Citation, Site};
use crate::quote::{word_diff, Located, SeedIndex};
use crate::status;
use crate::suggest::closest;

/// Seeds shorter than this may be quoted whole; a longer seed quoted whole is not a citation of a passage.
const WHOLE_SEED_MIN_CHARS: usize = 200;

/// What validation needs from the sources while it checks everything else.
struct Ctx<'a> {
    source_ids: Vec<String>,
    /// `None` where the source's seed file is missing (already reported): its citations are not checked.
    seeds: Vec<Option<SeedIndex>>,
    country_slugs: BTreeSet<&'a str>,
    diags: Vec<Diagnostic>,
}

pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Without the sources nothing can be checked; loading has already reported why it is missing.
    let Some(sources_doc) = &loaded.sources else {
        return (None, diags);
    };
    let (sources, seeds) = validate_sources(loaded, sources_doc, &mut diags);
    let mut ctx = Ctx {
        source_ids: sources.iter().map(|s| s.id.clone()).collect(),
        seeds,
        country_slugs: loaded.country_slugs.iter().map(String::as_str).collect(),
        diags,
    };

    let countries: Vec<model::Country> = loaded
        .countries
        .iter()
        .map(|(slug, doc)| ctx.country(slug, doc))
        .collect();
    ctx.diags
        .extend(duplicates_across_countries(&loaded.countries));

    let mut topics: Vec<model::Topic> = loaded
        .topics
        .iter()
        .map(|(slug, doc)| model::Topic {
            slug: slug.clone(),
            title: doc.data.title.clone(),
            order: doc.data.order,
            layout: doc.data.layout,
            summary: doc.data.summary.clone(),
            sections: doc
                .data
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| model::Section {
                    heading: s.heading.clone(),
                    claims: ctx.claims(doc, &format!("sections[{i}].claims"), &s.claims, false),
                })
                .collect(),
        })
        .collect();
    topics.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));

    let mut timeline = Vec::new();
    if let Some(doc) = &loaded.timeline {
        for (i, e) in doc.data.events.iter().enumerate() {
            let path = format!("events[{i}]");
            ctx.inline_text(doc, &format!("{path}.text"), &e.text);
            ctx.qualified_date(doc, &format!("{path}.when"), &e.when);
            ctx.country_refs(doc, &format!("{path}.countries"), &e.countries);
            ctx.diags.extend(repeated_items(
                doc,
                &format!("{path}.countries"),
                &e.countries,
            ));
            timeline.push(model::Event {
                when: e.when.clone(),
                text: e.text.clone(),
                countries: e.countries.clone(),
                cites: ctx.cites(doc, &path, &e.cites),
            });
        }
    }
    // Stable: events with the same date keep their file order. A date known only to the year or month sorts
    // after the dated events of that year or month, not before them: "2025" means "some time in 2025".
    timeline.sort_by_key(|e| date_sort_key(&e.when.value));

    ctx.diags.extend(todo_warnings(sources_doc));
    for doc in loaded.countries.values() {
        ctx.diags.extend(todo_warnings(doc));
    }
    for doc in loaded.topics.values() {
        ctx.diags.extend(todo_warnings(doc));
    }
    if let Some(doc) = &loaded.timeline {
        ctx.diags.extend(todo_warnings(doc));
    }

    // A missing site.yaml has been reported by loading.
    let (title, description) = match &loaded.site {
        Some(doc) => (doc.data.title.clone(), doc.data.description.clone()),
        None => (String::new(), String::new()),
    };
    let reporters = sources_doc
        .data
        .reporters
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let site = Site {
        title,
        description,
        reporters,
        sources,
        countries,
        topics,
        timeline,
    };
    (Some(site), ctx.diags)
}

fn validate_sources(
    loaded: &Loaded,
    doc: &Doc<content::SourcesFile>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<model::Source>, Vec<Option<SeedIndex>>) {
    let data = &doc.data;
    let reporter_ids: Vec<&str> = data.reporters.iter().map(|r| r.id.as_str()).collect();
    let mut seen = BTreeMap::new();
    for (i, r) in data.reporters.iter().enumerate() {
        check_id(doc, &format!("reporters[{i}].id"), &r.id, &mut seen, diags);
    }
    let mut seen = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut sources = Vec::new();
    let mut indexes = Vec::new();
    for (i, s) in data.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        check_id(doc, &format!("{path}.id"), &s.id, &mut seen, diags);
        if let Some(first) = files.insert(s.file.as_str(), s.id.as_str()) {
            diags.push(
                doc.diag(
                    "E006",
                    &format!("{path}.file"),
                    format!(
                        "seed file `{}` is already the file of source `{first}`",
                        s.file
                    ),
                )
                .help("each seed is one source; cite the other source's id instead"),
            );
        }
        diags.extend(repeated_items(doc, &format!("{path}.relays"), &s.relays));
        for (j, r) in s.relays.iter().enumerate() {
            if !reporter_ids.contains(&r.as_str()) {
                let mut d = doc.diag(
                    "E015",
                    &format!("{path}.relays[{j}]"),
                    format!("unknown reporter `{r}`"),
                );
                if let Some(best) = closest(r, reporter_ids.iter().copied()) {
                    d = d.help(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
        check_qualified(doc, &format!("{path}.publisher"), &s.publisher, diags);
        if let Some(a) = &s.author {
            check_qualified(doc, &format!("{path}.author"), a, diags);
        }
        check_qualified(doc, &format!("{path}.published"), &s.published, diags);
        check_date(
            doc,
            &format!("{path}.published.value"),
            &s.published.value,
            diags,
        );
        let seed = loaded.seeds.get(&s.file);
        // A seed that is there but was refused (a link, too large, not UTF-8) has been reported with its reason.
        if seed.is_none() && !loaded.refused_seeds.contains(&s.file) {
            let mut d = doc.diag(
                "E030",
                &format!("{path}.file"),
                format!("seed file `seeds/{}` not found", s.file),
            );
            if let Some(best) = closest(&s.file, loaded.seeds.keys().map(String::as_str)) {
                d = d.help(format!("did you mean `{best}`?"));
            }
            diags.push(d);
        }
        let text = seed.map(|seed| seed.text.clone()).unwrap_or_default();
        let index = seed.map(|seed| SeedIndex::new(&seed.text));
        let mut unused = Vec::new();
        for (j, u) in s.unused.iter().enumerate() {
            let Some(index) = &index else { break };
            let upath = format!("{path}.unused[{j}].text");
            match index.locate(&u.text, None, None) {
                Located::Found(span) => unused.push(model::UnusedSentence {
                    text: u.text.clone(),
                    reason: u.reason.clone(),
                    span,
                }),
                Located::Ambiguous(n) => diags.push(
                    doc.diag(
                        "E032",
                        &upath,
                        format!("unused sentence occurs {n} times in seeds/{}", s.file),
                    )
                    .help("quote enough of the sentence to make it occur once"),
                ),
                Located::Empty | Located::NotFound => {
                    let mut d = doc.diag(
                        "E032",
                        &upath,
                        format!("unused sentence not found in seeds/{}", s.file),
                    );
                    d = not_found_help(d, index, &u.text);
                    diags.push(d);
                }
            }
        }
        sources.push(model::Source {
            id: s.id.clone(),
            file: s.file.clone(),
            title: s.title.clone(),
            title_inferred: s.title_basis == Basis::Inferred,
            publisher: s.publisher.clone(),
            author: s.author.clone(),
            relays: s.relays.clone(),
            published: s.published.clone(),
            language: s.language.clone(),
            reliability: s.reliability.clone(),
            unused,
            text,
        });
        indexes.push(index);
    }
    let registered: BTreeSet<&str> = data.sources.iter().map(|s| s.file.as_str()).collect();
    for (name, seed) in &loaded.seeds {
        if !registered.contains(name.as_str()) {
            diags.push(
                Diagnostic::error("E030", "seed has no entry in seeds/sources.yaml")
                    .in_file(&seed.file)
                    .help(format!("register it with `briefing new source {name}`")),
            );
        }
    }
    (sources, indexes)
}

/// Adds the closest passage of the seed and a word-level diff to a "not found" diagnostic.
fn not_found_help(mut d: Diagnostic, seed: &SeedIndex, text: &str) -> Diagnostic {
    if let Some(near) = seed.closest_passage(text) {
        d = d
            .help(format!("the closest passage in the seed is:\n\"{near}\""))
            .help(format!(
                "what differs, word by word ([-quote-] {{+seed+}}):\n{}",
                word_diff(&crate::quote::normalise(text), &near)
            ));
    }
    d
}

/// A name or ISO code that two country files share: the map, the tables and the open data key on them.
fn duplicates_across_countries(
    countries: &BTreeMap<String, Doc<content::CountryFile>>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: BTreeMap<(&str, String), &std::path::Path> = BTreeMap::new();
    for doc in countries.values() {
        let c = &doc.data;
        let keys = [
            ("name", Some(c.name.trim().to_lowercase())),
            ("iso2", Some(c.iso2.clone())),
            ("iso3", Some(c.iso3.clone())),
            ("iso_numeric", c.iso_numeric.clone()),
        ];
        for (field, value) in keys {
            // XX and XXX are the scaffold's placeholders, reported as TODOs until filled in.
            let Some(value) = value.filter(|v| v != "XX" && v != "XXX") else {
                continue;
            };
            if let Some(first) = seen.insert((field, value), &doc.file) {
                diags.push(
                    doc.diag(
                        "E006",
                        field,
                        format!("this {field} is already used by {}", first.display()),
                    )
                    .help("each country has one file; merge the two, or correct the code"),
                );
            }
        }
    }
    diags
}

/// An item listed twice in a list of references (origins, countries, relays).
fn repeated_items<T>(doc: &Doc<T>, path: &str, items: &[String]) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| !seen.insert(item.as_str()))
        .map(|(i, item)| {
            doc.diag(
                "E006",
                &format!("{path}[{i}]"),
                format!("`{item}` is listed twice"),
            )
            .help("remove the repeated item")
        })
        .collect()
}

/// The help for a status its axis does not have: the axis it belongs to (`denied` is a stance, not an outreach
/// status), or the closest status of this axis.
fn status_help(axis: Axis, status: &str) -> String {
    let valid = axis.statuses();
    if let Some(owner) = Axis::ALL.iter().find(|a| a.statuses().contains(&status)) {
        return format!(
            "`{status}` is a status of the {0} axis: write `axis: {0}`, or use one of the {1} statuses: {2}",
            owner.name(),
            axis.name(),
            valid.join(", ")
        );
    }
    match closest(status, valid.iter().copied()) {
        Some(best) => format!(
            "did you mean `{best}`? (expected one of: {})",
            valid.join(", ")
        ),
        None => format!("expected one of: {}", valid.join(", ")),
    }
}

/// One warning per line that still holds a scaffold's `TODO`.
fn todo_warnings<T>(doc: &Doc<T>) -> Vec<Diagnostic> {
    doc.text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let col = line.find("TODO")?;
            let pos = crate::diag::Pos {
                line: i + 1,
                col: line[..col].chars().count() + 1,
            };
            Some(
                Diagnostic::warning("W001", "the scaffold's TODO is still here")
                    .in_file(&doc.file)
                    .at(&doc.text, Some(pos), None)
                    .help("fill it in (see docs/content-model.md), then remove the TODO"),
            )
        })
        .collect()
}

fn check_id<T>(
    doc: &Doc<T>,
    path: &str,
    id: &str,
    seen: &mut BTreeMap<String, String>,
    diags: &mut Vec<Diagnostic>,
) {
    if !is_slug(id) {
        diags.push(
            doc.diag("E005", path, format!("`{id}` is not a valid id"))
                .help(format!("try `{}`", crate::load::suggest_slug(id))),
        );
    }
    if let Some(first) = seen.insert(id.to_owned(), path.to_owned()) {
        diags.push(doc.diag(
            "E006",
            path,
            format!("id `{id}` is already used at {first}"),
        ));
    }
}

fn check_qualified<T>(doc: &Doc<T>, path: &str, q: &Qualified, diags: &mut Vec<Diagnostic>) {
    if q.basis == Basis::Inferred && q.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        diags.push(
            doc.diag("E013", &format!("{path}.basis"), "an inferred value needs a `reason`")
                .help("say how it was inferred, e.g. `reason: \"the seed says 'In March'; the year is inferred\"`"),
        );
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month and day that exist (leap years included).
pub fn is_date(s: &str) -> bool {
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = s.split('-').collect();
    let year = parts.first().and_then(|y| num(y, 4));
    let month = parts
        .get(1)
        .map(|m| num(m, 2).filter(|m| (1..=12).contains(m)));
    let day = parts.get(2).map(|d| num(d, 2));
    match (year, month, day, parts.len()) {
        // Year 0000 and the like are typos, not dates.
        (Some(y), ..) if y < 1000 => false,
        (Some(_), None, None, 1) => true,
        (Some(_), Some(Some(_)), None, 2) => true,
        (Some(y), Some(Some(m)), Some(Some(d)), 3) => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

/// (year, month, day) with unknown parts last: `2025` -> (2025, 13, 32).
pub fn date_sort_key(value: &str) -> (u32, u32, u32) {
    let mut parts = value.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next().flatten().unwrap_or(0);
    let month = parts.next().flatten().unwrap_or(13);
    let day = parts.next().flatten().unwrap_or(32);
    (year, month, day)
}

fn check_date<T>(doc: &Doc<T>, path: &str, value: &str, diags: &mut Vec<Diagnostic>) {
    if !is_date(value) {
        diags.push(
            doc.diag("E013", path, format!("`{value}` is not a date"))
                .help(
                "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. `2025-03`; say how it is known in `basis`",
            ),
        );
    }
}

impl Ctx<'_> {
    /// Claim, flow and event texts are shown inside a sentence: one paragraph at most.
    fn inline_text<T>(&mut self, doc: &Doc<T>, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.diags.push(
                doc.diag("E002", path, "empty text")
                    .help("say what the source says, attributed to it"),
            );
        } else if !crate::render::markdown::is_one_paragraph(text) {
            self.diags.push(
                doc.diag("E017", path, "this text must be one paragraph")
                    .help("move lists, headings and further paragraphs to the summary, or split the claim in several"),
            );
        }
    }

    fn qualified_date<T>(&mut self, doc: &Doc<T>, path: &str, q: &Qualified) {
        check_qualified(doc, path, q, &mut self.diags);
        check_date(doc, &format!("{path}.value"), &q.value, &mut self.diags);
    }

    fn country_refs<T>(&mut self, doc: &Doc<T>, path: &str, slugs: &[String]) {
        for (i, slug) in slugs.iter().enumerate() {
            if !self.country_slugs.contains(slug.as_str()) {
                let mut d = doc.diag(
                    "E011",
                    &format!("{path}[{i}]"),
                    format!("unknown country `{slug}`"),
                );
                if let Some(best) = closest(slug, self.country_slugs.iter().copied()) {
                    d = d.help(format!("did you mean `{best}`?"));
                } else {
                    d = d.help(format!(
                        "add content/countries/{slug}.yaml (`briefing new country`)"
                    ));
                }
                self.diags.push(d);
            }
        }
    }

    fn country(&mut self, slug: &str, doc: &Doc<content::CountryFile>) -> model::Country {
        let c = &doc.data;
        let code_ok =
            |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase());
        if !code_ok(&c.iso2, 2) {
            self.diags.push(
                doc.diag(
                    "E002",
                    "iso2",
                    format!("`{}` is not an ISO 3166-1 alpha-2 code", c.iso2),
                )
                .help("two capital letters, e.g. `AO`"),
            );
        }
        if !code_ok(&c.iso3, 3) {
            self.diags.push(
                doc.diag(
                    "E002",
                    "iso3",
                    format!("`{}` is not an ISO 3166-1 alpha-3 code", c.iso3),
                )
                .help("three capital letters, e.g. `AGO`"),
            );
        }
        if let Some(n) = &c.iso_numeric {
            if n.len() != 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
                self.diags.push(
                    doc.diag(
                        "E002",
                        "iso_numeric",
                        format!("`{n}` is not an ISO 3166-1 numeric code"),
                    )
                    .help("three digits, quoted, e.g. `\"024\"`"),
                );
            }
        }
        let claims = self.claims(doc, "claims", &c.claims, true);
        let flows = c
            .flows
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let path = format!("flows[{i}]");
                self.inline_text(doc, &format!("{path}.text"), &f.text);
                self.country_refs(doc, &format!("{path}.origins"), &f.origins);
                self.diags
                    .extend(repeated_items(doc, &format!("{path}.origins"), &f.origins));
                if let Some(w) = &f.when {
                    self.qualified_date(doc, &format!("{path}.when"), w);
                }
                if let Some(n) = &f.number {
                    if let (Some(lo), Some(hi)) = (n.min, n.max) {
                        if lo > hi {
                            self.diags.push(doc.diag(
                                "E016",
                                &format!("{path}.number"),
                                format!("min {lo} is greater than max {hi}"),
                            ));
                        }
                    }
                }
                model::Flow {
                    text: f.text.clone(),
                    origins: f.origins.clone(),
                    origin_note: f.origin_note.clone(),
                    number: f.number.clone(),
                    when: f.when.clone(),
                    payment: f.payment.clone(),
                    conditions: f.conditions.clone(),
                    cites: self.cites(doc, &path, &f.cites),
                }
            })
            .collect();
        model::Country {
            slug: slug.to_owned(),
            name: c.name.clone(),
            iso2: c.iso2.clone(),
            iso3: c.iso3.clone(),
            iso_numeric: c.iso_numeric.clone(),
            region: c.region,
            roles: c.roles.clone(),
            summary: c.summary.clone(),
            headline: status::derive(&claims),
            claims,
            flows,
            file: doc.file.clone(),
            yaml: doc.text.clone(),
        }
    }

    /// Checks and resolves a list of claims; `axes_allowed` is false outside country files.
    fn claims<T>(
        &mut self,
        doc: &Doc<T>,
        base: &str,
        claims: &[content::Claim],
        axes_allowed: bool,
    ) -> Vec<model::Claim> {
        claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let path = format!("{base}[{i}]");
                self.axis_status(doc, &path, c, axes_allowed);
                self.inline_text(doc, &format!("{path}.text"), &c.text);
                if let Some(w) = &c.when {
                    self.qualified_date(doc, &format!("{path}.when"), w);
                }
                self.country_refs(doc, &format!("{path}.countries"), &c.countries);
                self.diags.extend(repeated_items(
                    doc,
                    &format!("{path}.countries"),
                    &c.countries,
                ));
                model::Claim {
                    text: c.text.clone(),
                    axis: c.axis,
                    status: c.status.clone(),
                    kind: c.kind.clone(),
                    when: c.when.clone(),
                    countries: c.countries.clone(),
                    // A scaffold's claim waits for its citation; its TODO is reported as a warning instead.
                    cites: if c.cites.is_empty() && c.text.contains("TODO") {
                        Vec::new()
                    } else {
                        self.cites(doc, &path, &c.cites)
                    },
                }
            })
            .collect()
    }

    fn axis_status<T>(&mut self, doc: &Doc<T>, path: &str, c: &content::Claim, axes_allowed: bool) {
        match (c.axis, &c.status) {
            (Some(_), _) | (None, Some(_)) if !axes_allowed => {
                self.diags.push(
                    doc.diag(
                        "E012",
                        &format!("{path}.axis"),
                        "status axes belong to country files",
                    )
                    .help(
                        "remove `axis` and `status` here, or move the claim to the country's file",
                    ),
                );
            }
            (Some(axis), Some(status)) => {
                let valid = axis.statuses();
                if !valid.contains(&status.as_str()) {
                    let mut d = doc.diag(
                        "E012",
                        &format!("{path}.status"),
                        format!("`{status}` is not a status of the {} axis", axis.name()),
                    );
                    d = d.help(status_help(axis, status));
                    self.diags.push(d);
                }
            }
            (Some(axis), None) => self.diags.push(
                doc.diag(
                    "E012",
                    path,
                    format!("a claim on the {} axis needs a `status`", axis.name()),
                )
                .help(format!("add `status: {}`", axis.statuses()[0])),
            ),
            (None, Some(status)) => {
                let owner = Axis::ALL
                    .iter()
                    .find(|a| a.statuses().contains(&status.as_str()));
                self.diags.push(
                    doc.diag("E012", &format!("{path}.status"), "a status needs an `axis`")
                        .help(match owner {
                            Some(a) => format!("add `axis: {}`", a.name()),
                            None => "add an `axis` (outreach, agreement, transfers, stance) with one of its statuses".to_owned(),
                        }),
                );
            }
            (None, None) => {}
        }
        if c.kind.is_some() && c.axis != Some(Axis::Agreement) {
            self.diags.push(doc.diag(
                "E012",
                &format!("{path}.kind"),
                "`kind` describes agreements: it needs `axis: agreement`",
            ));
        }
    }

    /// Locates each quote in its seed; `owner` is the path of the claim, flow or event that holds `cites`.
    fn cites<T>(&mut self, doc: &Doc<T>, owner: &str, cites: &[Cite]) -> Vec<Citation> {
        if cites.is_empty() {
            self.diags.push(
                doc.diag("E014", &format!("{owner}.cites"), "no citation")
                    .help("add `cites: [{ source: <seed id>, quote: \"<verbatim passage>\" }]`"),
            );
        }
        let mut out = Vec::new();
        for (i, cite) in cites.iter().enumerate() {
            let path = format!("{owner}.cites[{i}]");
            let Some(source) = self.source_ids.iter().position(|s| *s == cite.source) else {
                let mut d = doc.diag(
                    "E010",
                    &format!("{path}.source"),
                    format!("unknown source `{}`", cite.source),
                );
                d = d.help(
                    match closest(&cite.source, self.source_ids.iter().map(String::as_str)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!(
                            "sources are defined in seeds/sources.yaml: {}",
                            self.source_ids.join(", ")
                        ),
                    },
                );
                self.diags.push(d);
                continue;
            };
            let Some(seed) = &self.seeds[source] else {
                continue;
            };
            let qpath = format!("{path}.quote");
            match seed.locate(&cite.quote, cite.prefix.as_deref(), cite.suffix.as_deref()) {
                Located::Found(span) => {
                    if crate::quote::normalise(&cite.quote) == seed.normalised().trim() && seed.len() >= WHOLE_SEED_MIN_CHARS {
                        self.diags.push(doc.diag("E023", &qpath, "the quote is the whole seed").help("quote only the passage that supports the claim"));
                    } else {
                        out.push(Citation { source, span });
                    }
                }
                Located::Empty => self.diags.push(doc.diag("E022", &qpath, "empty quote").help("quote the passage that supports the claim")),
                Located::Ambiguous(n) => self.diags.push(
                    doc.diag("E021", &qpath, format!("quote matches {n} places in source `{}`", cite.source))
                        .help("add `prefix:` (the words just before it) or `suffix:` (just after) so that it matches once"),
                ),
                Located::NotFound => {
                    let has_context = cite.prefix.is_some() || cite.suffix.is_some();
                    let d = if has_context && seed.occurrences(&cite.quote) > 0 {
                        doc.diag(
                            "E020",
                            &qpath,
                            format!("quote found in source `{}`, but not with this prefix/suffix", cite.source),
                        )
                        .help("`prefix` must be the text right before the quote and `suffix` the text right after")
                    } else {
                        let d = doc.diag("E020", &qpath, format!("quote not found in source `{}`", cite.source));
                        not_found_help(d, seed, &cite.quote)
                    };
                    self.diags.push(d);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn undated_parts_sort_last() {
        use super::date_sort_key as k;
        assert!(k("2025-02") < k("2025"));
        assert!(k("2025-02-01") < k("2025-02"));
        assert!(k("2022") < k("2025-01"));
    }

    #[test]
    fn dates_are_year_month_or_day_precision() {
        for ok in ["2025", "2025-03", "2025-03-01", "2024-02-29"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "25",
            "2025-13",
            "2025-3",
            "March 2025",
            "2025-03-32",
            "2025-02-29",
            "2025-04-31",
            "0000",
            "0000-01-01",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
