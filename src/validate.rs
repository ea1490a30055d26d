//! Validate: references, statuses, dates and citations, turning the loaded files into the resolved `Site`.
//! Every problem is collected as a Diagnostic; nothing stops at the first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::content::{self, Axis, Basis, Cite, Qualified};
use crate::diag::Diagnostic;
use crate::load::{is_slug, Doc, Loaded};
use crate::model::{self, Citation, Site};
use crate::quote::{self, word_diff, Located, NearMiss, Outcome, Query, SeedIndex, Span};
use crate::status;
use crate::suggest::closest;

/// Seeds shorter than this may be quoted whole; a longer seed quoted whole is not a citation of a passage.
const WHOLE_SEED_MIN_CHARS: usize = 200;

/// What validation needs from the sources while it checks everything else.
struct Ctx<'a> {
    source_ids: Vec<String>,
    /// Source ids to their index in `Site::sources` (the first, if an id is repeated).
    source_index: HashMap<&'a str, usize>,
    country_slugs: BTreeSet<&'a str>,
    /// Every quote met so far, located together once the walk is over (`locate_quotes`).
    pending: Vec<Pending<'a>>,
    diags: Vec<Diagnostic>,
}

/// A file that diagnostics point into, whatever its content type, so that quotes of every file wait in one list.
trait Placed: Sync {
    fn diag_at(&self, code: &'static str, path: &str, message: String) -> Diagnostic;
}

impl<T: Sync> Placed for Doc<T> {
    fn diag_at(&self, code: &'static str, path: &str, message: String) -> Diagnostic {
        self.diag(code, path, message)
    }
}

/// A quote waiting to be located with the other quotes of its source.
struct Pending<'a> {
    doc: &'a dyn Placed,
    /// Where the quoted text is, e.g. `claims[0].cites[1].quote` or `sources[2].unused[0].text`.
    path: String,
    /// Index into `Site::sources`.
    source: usize,
    query: Query<'a>,
    kind: Quoted<'a>,
}

enum Quoted<'a> {
    Cite(&'a Cite),
    Unused(&'a content::Unused),
}

/// What became of a pending quote.
enum Resolved {
    At(Span),
    Failed(Diagnostic),
    /// Its seed file is missing (reported already).
    Unchecked,
}

pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Without the sources nothing can be checked; loading has already reported why it is missing.
    let Some(sources_doc) = &loaded.sources else {
        return (None, diags);
    };
    let mut pending = Vec::new();
    let (sources, seeds) = validate_sources(loaded, sources_doc, &mut diags, &mut pending);
    let mut source_index = HashMap::new();
    for (i, s) in sources_doc.data.sources.iter().enumerate() {
        source_index.entry(s.id.as_str()).or_insert(i);
    }
    let mut ctx = Ctx {
        source_ids: sources.iter().map(|s| s.id.clone()).collect(),
        source_index,
        country_slugs: loaded.country_slugs.iter().map(String::as_str).collect(),
        pending,
        diags,
    };

    let countries: Vec<model::Country> = loaded
        .countries
        .iter()
        .map(|(slug, doc)| ctx.country(slug, doc))
        .collect();

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
    let mut site = Site {
        title,
        description,
        reporters,
        sources,
        countries,
        topics,
        timeline,
    };
    let located = locate_quotes(&mut site, &seeds, &ctx.pending);
    ctx.diags.extend(located);
    (Some(site), ctx.diags)
}

fn validate_sources<'a>(
    loaded: &'a Loaded,
    doc: &'a Doc<content::SourcesFile>,
    diags: &mut Vec<Diagnostic>,
    pending: &mut Vec<Pending<'a>>,
) -> (Vec<model::Source>, Vec<Option<SeedIndex>>) {
    let data = &doc.data;
    let reporter_ids: Vec<&str> = data.reporters.iter().map(|r| r.id.as_str()).collect();
    let mut seen = BTreeMap::new();
    for (i, r) in data.reporters.iter().enumerate() {
        check_id(doc, &format!("reporters[{i}].id"), &r.id, &mut seen, diags);
    }
    let mut seen = BTreeMap::new();
    let mut sources = Vec::new();
    for (i, s) in data.sources.iter().enumerate() {
        let path = format!("sources[{i}]");
        check_id(doc, &format!("{path}.id"), &s.id, &mut seen, diags);
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
        if seed.is_none() {
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
        // Located with the citations of this source; found ones are added to `unused` then.
        for (j, u) in s.unused.iter().enumerate() {
            pending.push(Pending {
                doc,
                path: format!("{path}.unused[{j}].text"),
                source: i,
                query: Query {
                    exact: &u.text,
                    ..Query::default()
                },
                kind: Quoted::Unused(u),
            });
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
            unused: Vec::new(),
            text,
        });
    }
    let indexes = data
        .sources
        .par_iter()
        .map(|s| {
            loaded
                .seeds
                .get(&s.file)
                .map(|seed| SeedIndex::new(&seed.text))
        })
        .collect();
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

/// Locates every pending quote, each source's quotes together and the sources in parallel, then gives the
/// placeholder citations their spans (or drops them, with a diagnostic), and fills in the unused sentences.
fn locate_quotes(
    site: &mut Site,
    seeds: &[Option<SeedIndex>],
    pending: &[Pending],
) -> Vec<Diagnostic> {
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); seeds.len()];
    for (i, p) in pending.iter().enumerate() {
        by_source[p.source].push(i);
    }
    let outcomes: Vec<Vec<Outcome>> = by_source
        .par_iter()
        .zip(seeds)
        .map(|(ids, seed)| match seed {
            Some(seed) => {
                seed.locate_all(&ids.iter().map(|&i| pending[i].query).collect::<Vec<_>>())
            }
            None => Vec::new(),
        })
        .collect();

    // A citation whose quote is nowhere in its seed may name the wrong source: look for it in the others.
    let strays: Vec<usize> = by_source
        .iter()
        .zip(&outcomes)
        .flat_map(|(ids, outcomes)| ids.iter().zip(outcomes))
        .filter(|(&i, o)| {
            matches!(pending[i].kind, Quoted::Cite(_))
                && o.located == Located::NotFound
                && o.exact_occurrences == 0
        })
        .map(|(&i, _)| i)
        .collect();
    let present: Vec<(usize, &SeedIndex)> = seeds
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s.as_ref()?)))
        .collect();
    let holders = quote::first_text_holding(
        &strays
            .iter()
            .map(|&i| pending[i].query.exact)
            .collect::<Vec<_>>(),
        &present.iter().map(|&(_, s)| s).collect::<Vec<_>>(),
    );
    let elsewhere: HashMap<usize, &str> = strays
        .iter()
        .zip(holders)
        .filter_map(|(&i, h)| Some((i, site.sources[present[h?].0].id.as_str())))
        .collect();

    let resolved: Vec<Vec<(usize, Resolved)>> = by_source
        .par_iter()
        .zip(&outcomes)
        .zip(seeds)
        .zip(&site.sources)
        .map(|(((ids, outcomes), seed), source)| {
            let Some(seed) = seed else {
                return ids.iter().map(|&i| (i, Resolved::Unchecked)).collect();
            };
            // The quotes missing from this seed and from every other: do they differ only invisibly?
            let missing: Vec<usize> = ids
                .iter()
                .zip(outcomes)
                .filter(|(&i, o)| {
                    matches!(o.located, Located::NotFound)
                        && o.exact_occurrences == 0
                        && !elsewhere.contains_key(&i)
                })
                .map(|(&i, _)| i)
                .collect();
            let near: HashMap<usize, NearMiss> = missing
                .iter()
                .zip(
                    seed.near_misses(
                        &missing
                            .iter()
                            .map(|&i| pending[i].query.exact)
                            .collect::<Vec<_>>(),
                    ),
                )
                .filter_map(|(&i, n)| Some((i, n?)))
                .collect();
            ids.iter()
                .zip(outcomes)
                .map(|(&i, o)| {
                    let why = Mismatch {
                        seed,
                        source,
                        near: near.get(&i),
                        elsewhere: elsewhere.get(&i).copied(),
                    };
                    (i, resolve(&pending[i], o, &why))
                })
                .collect()
        })
        .collect();
    let mut by_id: Vec<Resolved> = pending.iter().map(|_| Resolved::Unchecked).collect();
    for (i, r) in resolved.into_iter().flatten() {
        by_id[i] = r;
    }

    let placed = place_citations(site, &by_id);
    debug_assert_eq!(
        placed,
        pending
            .iter()
            .filter(|p| matches!(p.kind, Quoted::Cite(_)))
            .count(),
        "a list of citations made by Ctx::cites is not visited by place_citations"
    );

    let mut diags = Vec::new();
    for (p, r) in pending.iter().zip(by_id) {
        match (r, &p.kind) {
            (Resolved::At(span), Quoted::Unused(u)) => {
                site.sources[p.source].unused.push(model::UnusedSentence {
                    text: u.text.clone(),
                    reason: u.reason.clone(),
                    span,
                })
            }
            (Resolved::Failed(d), _) => diags.push(d),
            _ => {}
        }
    }
    diags
}

/// Gives every placeholder citation of the site its span, or removes it if its quote failed; returns how many
/// placeholders it met. Every list of citations that `Ctx::cites` makes must be visited here.
fn place_citations(site: &mut Site, resolved: &[Resolved]) -> usize {
    let mut placeholders = 0;
    let mut give_spans = |cites: &mut Vec<Citation>| {
        cites.retain_mut(|c| {
            placeholders += 1;
            match resolved[c.span.start] {
                Resolved::At(span) => {
                    c.span = span;
                    true
                }
                Resolved::Failed(_) | Resolved::Unchecked => false,
            }
        })
    };
    for c in &mut site.countries {
        c.claims.iter_mut().for_each(|cl| give_spans(&mut cl.cites));
        c.flows.iter_mut().for_each(|f| give_spans(&mut f.cites));
    }
    for t in &mut site.topics {
        for s in &mut t.sections {
            s.claims.iter_mut().for_each(|cl| give_spans(&mut cl.cites));
        }
    }
    site.timeline
        .iter_mut()
        .for_each(|e| give_spans(&mut e.cites));
    placeholders
}

/// What is known about a quote beyond its outcome, to explain why it was not found.
struct Mismatch<'s> {
    seed: &'s SeedIndex,
    source: &'s model::Source,
    near: Option<&'s NearMiss>,
    /// Another source that holds the quote verbatim.
    elsewhere: Option<&'s str>,
}

/// The span of a located quote, or the diagnostic that says why it cannot be used.
fn resolve(p: &Pending, o: &Outcome, why: &Mismatch) -> Resolved {
    let diag = |code, message: String| p.doc.diag_at(code, &p.path, message);
    let id = &why.source.id;
    let d = match (&p.kind, &o.located) {
        (Quoted::Cite(cite), Located::Found(span)) => {
            let seed = why.seed;
            if quote::normalise(&cite.quote) == seed.normalised().trim() && seed.len() >= WHOLE_SEED_MIN_CHARS {
                diag("E023", "the quote is the whole seed".into()).help("quote only the passage that supports the claim")
            } else {
                return Resolved::At(*span);
            }
        }
        (Quoted::Unused(_), Located::Found(span)) => return Resolved::At(*span),
        (Quoted::Cite(_), Located::Empty) => diag("E022", "empty quote".into()).help("quote the passage that supports the claim"),
        (Quoted::Cite(_), Located::Ambiguous(n)) => diag("E021", format!("quote matches {n} places in source `{id}`"))
            .help("add `prefix:` (the words just before it) or `suffix:` (just after) so that it matches once"),
        (Quoted::Cite(cite), Located::NotFound) if (cite.prefix.is_some() || cite.suffix.is_some()) && o.exact_occurrences > 0 => {
            diag("E020", format!("quote found in source `{id}`, but not with this prefix/suffix"))
                .help("`prefix` must be the text right before the quote and `suffix` the text right after")
        }
        (Quoted::Cite(cite), Located::NotFound) => {
            not_found_help(diag("E020", format!("quote not found in source `{id}`")), &cite.quote, why)
        }
        (Quoted::Unused(_), Located::Ambiguous(n)) => diag("E032", format!("unused sentence occurs {n} times in seeds/{}", why.source.file))
            .help("quote enough of the sentence to make it occur once"),
        (Quoted::Unused(u), Located::Empty | Located::NotFound) => not_found_help(
            diag("E032", format!("unused sentence not found in seeds/{}", why.source.file)),
            &u.text,
            why,
        ),
    };
    Resolved::Failed(d)
}

/// Says why a quote is not in its seed: it is verbatim in another source, or it differs only by characters one
/// cannot see; otherwise shows the closest passage of the seed and a word-level diff.
fn not_found_help(mut d: Diagnostic, text: &str, why: &Mismatch) -> Diagnostic {
    if let Some(other) = why.elsewhere {
        return d.help(format!(
            "this exact quote is in `{other}`: is `source:` the right one?"
        ));
    }
    if let Some(near) = why.near {
        let reasons = usize::from(near.invisible_in_quote)
            + usize::from(near.invisible_in_seed.is_some())
            + usize::from(near.normalisation);
        let only = if reasons == 1 { "only " } else { "" };
        if let Some((at, c)) = quote::first_invisible(text).filter(|_| near.invisible_in_quote) {
            let place = invisible_place(&d, text, at, c);
            d = d.help(format!(
                "the quote differs from the source {only}by an invisible character {} {place}: delete it",
                describe_invisible(c),
            ));
        }
        if let Some((c, offset)) = near.invisible_in_seed {
            let pos = crate::diag::Pos::of_offset(&why.source.text, offset);
            d = d.help(format!(
                "the quote differs from the source {only}by an invisible character {} that the source has at \
                 seeds/{}:{}:{}: quote it too, as `\\u{:04X}` inside double quotes",
                describe_invisible(c),
                why.source.file,
                pos.line,
                pos.col,
                u32::from(c)
            ));
        }
        if near.normalisation {
            d = d.help(format!(
                "the quote differs from the source {only}by Unicode normalisation: the same letters are encoded \
                 differently (composed against decomposed accents, NFC against NFD); copy the passage from the seed"
            ));
        }
        return d;
    }
    if let Some(near) = why.seed.closest_passage(text) {
        let quote = quote::normalise(text);
        d = d.help(format!("the closest passage in the seed is:\n\"{near}\""));
        if near != quote {
            d = d.help(format!(
                "what differs, word by word ([-quote-] {{+seed+}}):\n{}",
                word_diff(&quote, &near)
            ));
        }
    }
    d
}

/// `U+200B (zero width space)`.
fn describe_invisible(c: char) -> String {
    format!(
        "U+{:04X} ({})",
        u32::from(c),
        quote::invisible_name(c).unwrap_or("invisible")
    )
}

/// Where an invisible character of a quote is: its column in the file when it is written there as it is (not
/// as an escape), else its place in the quote.
fn invisible_place(d: &Diagnostic, quote: &str, at: usize, c: char) -> String {
    let column = d.line_text.as_deref().zip(d.pos).and_then(|(line, pos)| {
        line.chars()
            .enumerate()
            .skip(pos.col.saturating_sub(1))
            .find(|&(_, l)| l == c)
            .map(|(i, _)| i + 1)
    });
    match column {
        Some(col) => format!("at column {col}"),
        None => format!(
            "at character {} of the quote ({} characters)",
            at + 1,
            quote.chars().count()
        ),
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

impl<'a> Ctx<'a> {
    /// Claim, flow and event texts are shown inside a sentence: one paragraph at most.
    fn inline_text<T>(&mut self, doc: &Doc<T>, path: &str, text: &str) {
        if !crate::render::markdown::is_one_paragraph(text) {
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

    fn country(&mut self, slug: &str, doc: &'a Doc<content::CountryFile>) -> model::Country {
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
    fn claims<T: Sync>(
        &mut self,
        doc: &'a Doc<T>,
        base: &str,
        claims: &'a [content::Claim],
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
                    d = d.help(match closest(status, valid.iter().copied()) {
                        Some(best) => format!(
                            "did you mean `{best}`? (expected one of: {})",
                            valid.join(", ")
                        ),
                        None => format!("expected one of: {}", valid.join(", ")),
                    });
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

    /// Checks a list of citations and queues each quote for `locate_quotes`; `owner` is the path of the claim,
    /// flow or event that holds `cites`. The citations returned are placeholders until then (their span's start
    /// is the index of the pending quote): `locate_quotes` must reach every list this returns.
    fn cites<T: Sync>(&mut self, doc: &'a Doc<T>, owner: &str, cites: &'a [Cite]) -> Vec<Citation> {
        if cites.is_empty() {
            self.diags.push(
                doc.diag("E014", &format!("{owner}.cites"), "no citation")
                    .help("add `cites: [{ source: <seed id>, quote: \"<verbatim passage>\" }]`"),
            );
        }
        let mut out = Vec::new();
        for (i, cite) in cites.iter().enumerate() {
            let path = format!("{owner}.cites[{i}]");
            let Some(&source) = self.source_index.get(cite.source.as_str()) else {
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
            out.push(Citation {
                source,
                span: Span {
                    start: self.pending.len(),
                    end: self.pending.len(),
                },
            });
            self.pending.push(Pending {
                doc,
                path: format!("{path}.quote"),
                source,
                query: Query {
                    exact: &cite.quote,
                    prefix: cite.prefix.as_deref(),
                    suffix: cite.suffix.as_deref(),
                },
                kind: Quoted::Cite(cite),
            });
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
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
