//! Validate: references, statuses, dates and citations, turning the loaded files into the resolved `Site`.
//! Every problem is collected as a Diagnostic; nothing stops at the first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{self, Axis, Basis, Cite, Qualified};
use crate::diag::Diagnostic;
use crate::load::{self, is_slug, Doc, Loaded};
use crate::model::{self, Citation, Site};
use crate::quote::{self, word_diff, Located, NearMiss, Outcome, Query, SeedIndex, Span};
use crate::suggest::closest;
use crate::{dates, status};

/// Seeds shorter than this may be quoted whole; a longer seed quoted whole is not a citation of a passage.
const WHOLE_SEED_MIN_CHARS: usize = 200;

/// What validation needs from the sources while it checks everything else: read only, shared by the threads
/// that check country files side by side.
struct Shared<'a> {
    source_ids: Vec<String>,
    /// Source ids to their index in `Site::sources` (the first, if an id is repeated).
    source_index: HashMap<&'a str, usize>,
    /// `None` where the source's seed file is missing (already reported): its citations are not checked.
    seeds: Vec<Option<SeedIndex>>,
    /// Each source's sentences listed as unused, as written.
    unused: Vec<Vec<String>>,
    country_slugs: BTreeSet<&'a str>,
}

/// One walk over files: the shared context, and what the walk has found so far.
struct Ctx<'s, 'a> {
    shared: &'s Shared<'a>,
    /// Every quote met so far, located together once the walk is over (`locate_quotes`).
    pending: Vec<Pending<'a>>,
    diags: Vec<Diagnostic>,
}

impl<'a> std::ops::Deref for Ctx<'_, 'a> {
    type Target = Shared<'a>;
    fn deref(&self) -> &Shared<'a> {
        self.shared
    }
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
    Attribution(&'a content::Attribution),
}

/// The statements of one file met so far: their derived ids (to find a statement repeated word for word) and
/// their written ids and aliases (which must be unique), each with its path.
#[derive(Default)]
struct Seen {
    repeats: BTreeMap<String, String>,
    ids: BTreeMap<String, String>,
}

/// What became of a pending quote.
enum Resolved {
    At(Span),
    /// Boxed: there is one `Resolved` per quote of the site (hundreds of thousands for a large one), rarely failed.
    Failed(Box<Diagnostic>),
    /// Its seed file is missing (reported already).
    Unchecked,
}

pub fn validate(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    let (site, mut diags) = validate_files(loaded);
    if let Some(site) = &site {
        diags.extend(cross_country(site, loaded));
    }
    (site, diags)
}

/// `validate` for a check that reads each country file once (`briefing check`, `build`): `loaded` holds every
/// file but the countries, which are parsed from `files` a chunk at a time and dropped once checked, so that a large
/// site's parsed files are never all in memory beside the model they become.
/// `read` is called once per country file read, from any thread (for a progress count).
pub fn validate_on_disk(
    root: &Path,
    loaded: &Loaded,
    files: &[load::Unread],
    read: &(dyn Fn() + Sync),
) -> (Option<Site>, Vec<Diagnostic>) {
    let from = Countries::OnDisk { root, files, read };
    let (site, mut diags) = validate_files_from(loaded, from);
    if let (Some(site), Some(doc)) = (&site, &loaded.disagreements) {
        // Rare (an error): the country file is read again to place the diagnostic.
        let place = |slug: &str, field: &str, message: String| {
            let (_, rel) = files.iter().find(|(s, _)| s == slug)?;
            let unread = [(slug.to_owned(), rel.clone())];
            let docs = load::parse_countries(root, &unread, &|| {}, &mut Vec::new());
            Some(docs.get(slug)?.diag("E050", field, message))
        };
        diags.extend(unrecorded_conflicts(site, &place, doc));
        diags.extend(unlisted_countries(site, doc));
    }
    (site, diags)
}

/// Where validation finds the country files: parsed already (`serve` keeps them all), or on disk.
enum Countries<'l> {
    Loaded,
    OnDisk {
        root: &'l Path,
        files: &'l [load::Unread],
        read: &'l (dyn Fn() + Sync),
    },
}

impl Countries<'_> {
    /// Calls `check` with the country files: all of them, or a chunk at a time, each dropped after its call.
    fn each_chunk(
        &self,
        loaded: &Loaded,
        diags: &mut Vec<Diagnostic>,
        mut check: impl FnMut(&BTreeMap<String, Doc<content::CountryFile>>, &mut Vec<Diagnostic>),
    ) {
        match self {
            Countries::Loaded => check(&loaded.countries, diags),
            Countries::OnDisk { root, files, read } => {
                let size = MIN_CHUNK_FILES.max(files.len().div_ceil(MAX_CHUNKS));
                for chunk in files.chunks(size) {
                    let docs = load::parse_countries(root, chunk, read, diags);
                    check(&docs, diags);
                }
            }
        }
    }
}

/// Country files read from disk are parsed and checked in chunks of at least this many, and in at most
/// `MAX_CHUNKS` chunks: each chunk's quotes are located in one pass over every source's text, so chunks stay few.
const MIN_CHUNK_FILES: usize = 10_000;
const MAX_CHUNKS: usize = 8;

/// The checks that compare country files with each other or with the disagreements: names and codes used twice,
/// conflicts no disagreement records. Apart from `validate_files` so that `serve`, which validates an edited
/// country alone, can run them again over the whole site.
pub fn cross_country(site: &Site, loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = duplicates_across_countries(loaded.countries.values(), &mut BTreeMap::new());
    if let Some(doc) = &loaded.disagreements {
        let place = |slug: &str, field: &str, message: String| {
            Some(loaded.countries.get(slug)?.diag("E050", field, message))
        };
        diags.extend(unrecorded_conflicts(site, &place, doc));
        diags.extend(unlisted_countries(site, doc));
    }
    diags
}

/// Every check that reads one file (with the sources and the list of country slugs), and the resolved site.
pub fn validate_files(loaded: &Loaded) -> (Option<Site>, Vec<Diagnostic>) {
    validate_files_from(loaded, Countries::Loaded)
}

fn validate_files_from(loaded: &Loaded, from: Countries) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Without the sources nothing can be checked; loading has already reported why it is missing. The country
    // files not read yet are still parsed, for their own errors.
    let Some(sources_doc) = &loaded.sources else {
        from.each_chunk(loaded, &mut diags, |_, _| {});
        return (None, diags);
    };
    let mut pending = Vec::new();
    let (sources, seeds) = validate_sources(loaded, sources_doc, &mut diags, &mut pending);
    let mut source_index = HashMap::new();
    for (i, s) in sources_doc.data.sources.iter().enumerate() {
        source_index.entry(s.id.as_str()).or_insert(i);
    }
    let shared = Shared {
        source_ids: sources.iter().map(|s| s.id.clone()).collect(),
        source_index,
        seeds,
        unused: sources_doc
            .data
            .sources
            .iter()
            .map(|s| s.unused.iter().map(|u| u.text.clone()).collect())
            .collect(),
        country_slugs: loaded.country_slugs.iter().map(String::as_str).collect(),
    };
    let mut ctx = Ctx {
        shared: &shared,
        pending,
        diags,
    };
    for (i, s) in sources_doc.data.sources.iter().enumerate() {
        if let (Basis::Inferred, Some(reason)) = (s.published.basis, &s.published.reason) {
            let path = format!("sources[{i}].published.reason");
            if let Some(d) = ctx.reason_on_unused(sources_doc, &path, reason, i) {
                ctx.diags.push(d);
            }
        }
    }

    let mut countries = Vec::new();
    let mut seen_codes = BTreeMap::new();
    // Files already parsed are compared with each other by `cross_country`, afterwards.
    let across = matches!(from, Countries::OnDisk { .. });
    let check_countries = |docs: &BTreeMap<String, Doc<content::CountryFile>>,
                           diags: &mut Vec<Diagnostic>| {
        let (mut chunk, pending, found) = walk_countries(&shared, docs);
        diags.extend(found);
        diags.extend(locate_country_quotes(
            &mut chunk,
            &sources,
            &shared.seeds,
            &pending,
        ));
        for doc in docs.values() {
            diags.extend(todo_warnings(doc));
        }
        if across {
            diags.extend(duplicates_across_countries(docs.values(), &mut seen_codes));
        }
        countries.extend(chunk);
    };
    from.each_chunk(loaded, &mut ctx.diags, check_countries);

    let mut topics: Vec<model::Topic> = loaded
        .topics
        .iter()
        .map(|(slug, doc)| (slug, doc, Seen::default()))
        .map(|(slug, doc, mut seen)| model::Topic {
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
                    claims: ctx.claims(
                        doc,
                        &format!("sections[{i}].claims"),
                        &s.claims,
                        false,
                        &mut seen,
                    ),
                    disagreements: disagreement_refs(
                        loaded,
                        doc,
                        &format!("sections[{i}].disagreements"),
                        &s.disagreements,
                        &mut ctx.diags,
                    ),
                })
                .collect(),
        })
        .collect();
    topics.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));

    let mut timeline = Vec::new();
    if let Some(doc) = &loaded.timeline {
        let mut seen = Seen::default();
        for (i, e) in doc.data.events.iter().enumerate() {
            let path = format!("events[{i}]");
            ctx.inline_text(doc, &format!("{path}.text"), &e.text);
            ctx.country_refs(doc, &format!("{path}.countries"), &e.countries);
            ctx.diags.extend(repeated_items(
                doc,
                &format!("{path}.countries"),
                &e.countries,
            ));
            let cites = ctx.cites(doc, &path, &e.cites);
            ctx.qualified_date(doc, &format!("{path}.when"), &e.when, &cites);
            let id = ctx.statement_id(
                doc,
                &path,
                e.id.as_deref(),
                &e.aliases,
                derived_id(&e.text, &e.cites),
                &mut seen,
            );
            timeline.push(model::Event {
                id,
                aliases: e.aliases.clone(),
                when: e.when.clone(),
                text: e.text.clone(),
                countries: e.countries.clone(),
                note: ctx.note(doc, &path, &e.note),
                cites,
            });
        }
    }
    let disagreements = match &loaded.disagreements {
        Some(doc) => ctx.disagreements(doc),
        None => Vec::new(),
    };
    // Stable: events with the same date keep their file order (see `dates::sort_key` for partial dates).
    timeline.sort_by_key(|e| dates::sort_key(&e.when.value));

    ctx.diags.extend(todo_warnings(sources_doc));
    for doc in loaded.topics.values() {
        ctx.diags.extend(todo_warnings(doc));
    }
    if let Some(doc) = &loaded.timeline {
        ctx.diags.extend(todo_warnings(doc));
    }
    if let Some(doc) = &loaded.disagreements {
        ctx.diags.extend(todo_warnings(doc));
    }

    // A missing site.yaml has been reported by loading.
    if let Some(doc) = &loaded.site {
        if let Some(url) = doc.data.base_url.as_deref().filter(|u| !is_web_address(u)) {
            ctx.diags.push(
                doc.diag("E002", "base_url", format!("`{url}` is not a web address"))
                    .help("write the address the site is published at, e.g. `https://example.org/briefing/`"),
            );
        }
    }
    let site_file = loaded.site.as_ref().map(|doc| doc.data.clone());
    let reporters = sources_doc
        .data
        .reporters
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let mut site = Site {
        title: site_file
            .as_ref()
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        description: site_file
            .as_ref()
            .map(|s| s.description.clone())
            .unwrap_or_default(),
        licence: site_file.as_ref().and_then(|s| s.licence.clone()),
        base_url: site_file.as_ref().and_then(|s| s.base_url.clone()),
        repository: site_file.as_ref().and_then(|s| s.repository.clone()),
        reporters,
        sources,
        countries,
        topics,
        timeline,
        disagreements,
    };
    let located = locate_quotes(&mut site, &ctx.seeds, &ctx.pending);
    ctx.diags.extend(located);
    status::mark_disputes(&mut site);
    (Some(site), ctx.diags)
}

/// An `http` or `https` address with a host, and nothing that would need escaping in HTML or XML or that would
/// end the path (a query or fragment): canonical links, the sitemap and the 404 page's links are built from it.
fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.contains(|c: char| {
                c.is_whitespace() || c.is_control() || "?#\"'<>\\&`".contains(c)
            })
    })
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
    let mut files = BTreeMap::new();
    let mut texts = BTreeMap::new();
    let mut sources = Vec::new();
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
        } else if let Some(first) = texts.insert(s.sha256.as_str(), s.id.as_str()) {
            // Two files with the same bytes are one article registered twice: it would count as two sources.
            diags.push(
                doc.diag(
                    "E006",
                    &format!("{path}.sha256"),
                    format!("this SHA-256 is already that of source `{first}`: the two files hold the same text"),
                )
                .help("each article is one source: remove this entry and its file, and cite the other source's id"),
            );
        }
        diags.extend(repeated_items(doc, &format!("{path}.relays"), &s.relays));
        for (j, r) in s.relays.iter().enumerate() {
            if !reporter_ids.contains(&r.as_str()) {
                diags.push(unknown_reporter(
                    doc,
                    &format!("{path}.relays[{j}]"),
                    r,
                    &reporter_ids,
                ));
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
        if let Some(seed) = seed {
            check_sha256(doc, &path, s, seed, diags);
        }
        let text = seed.map(|seed| seed.text.clone()).unwrap_or_default();
        for (j, a) in s.attributions.iter().enumerate() {
            let apath = format!("{path}.attributions[{j}]");
            diags.extend(repeated_items(
                doc,
                &format!("{apath}.reporters"),
                &a.reporters,
            ));
            for (k, r) in a.reporters.iter().enumerate() {
                if !reporter_ids.contains(&r.as_str()) {
                    diags.push(unknown_reporter(
                        doc,
                        &format!("{apath}.reporters[{k}]"),
                        r,
                        &reporter_ids,
                    ));
                }
            }
            pending.push(Pending {
                doc,
                path: format!("{apath}.quote"),
                source: i,
                query: Query {
                    exact: &a.quote,
                    ..Query::default()
                },
                kind: Quoted::Attribution(a),
            });
        }
        for (j, garbled) in s.sic.iter().enumerate() {
            // Marked wherever it occurs: it must occur, but may more than once.
            if seed.is_some() && (garbled.trim().is_empty() || !text.contains(garbled.as_str())) {
                diags.push(
                    doc.diag(
                        "E034",
                        &format!("{path}.sic[{j}]"),
                        format!("`{garbled}` is not in seeds/{}", s.file),
                    )
                    .help("copy the garbled words from the seed exactly, with their spacing"),
                );
            }
        }
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
            sha256: s.sha256.clone(),
            title: s.title.clone(),
            title_inferred: s.title_basis == Basis::Inferred,
            publisher: s.publisher.clone(),
            author: s.author.clone(),
            relays: s.relays.clone(),
            published: s.published.clone(),
            language: s.language.clone(),
            translated: s.translated,
            reliability: s.reliability.clone(),
            attributions: Vec::new(),
            sic: s.sic.clone(),
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
                .map(|seed| SeedIndex::new(seed.text.clone()))
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

/// E015 for a reporter id that `reporters` does not list.
fn unknown_reporter(
    doc: &Doc<content::SourcesFile>,
    path: &str,
    id: &str,
    known: &[&str],
) -> Diagnostic {
    let d = doc.diag("E015", path, format!("unknown reporter `{id}`"));
    match closest(id, known.iter().copied()) {
        Some(best) => d.help(format!("did you mean `{best}`?")),
        None => d.help(format!(
            "reporters are listed under `reporters:`: {}",
            known.join(", ")
        )),
    }
}

/// E031 when the seed's bytes do not have the SHA-256 that sources.yaml records (or the record is no hash).
fn check_sha256(
    doc: &Doc<content::SourcesFile>,
    path: &str,
    s: &content::SourceEntry,
    seed: &crate::load::Seed,
    diags: &mut Vec<Diagnostic>,
) {
    let actual = sha256_hex(seed.text.as_bytes());
    let path = format!("{path}.sha256");
    let well_formed = s.sha256.len() == 64
        && s.sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !well_formed {
        diags.push(
            doc.diag("E031", &path, format!("`{}` is not a SHA-256", s.sha256))
                .help(format!(
                    "64 lowercase hex digits; seeds/{} has `{actual}`",
                    s.file
                )),
        );
    } else if s.sha256 != actual {
        diags.push(
            doc.diag(
                "E031",
                &path,
                format!(
                    "seeds/{} does not match its recorded SHA-256: recorded {}, file has {actual}",
                    s.file, s.sha256
                ),
            )
            .help("a seed is kept byte for byte: restore it; or, if the source was replaced on purpose, check its quotations and record the new hash"),
        );
    }
}

/// Lowercase hex of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// E050 for every country axis on which the sources conflict while no disagreement records it: a conflict the
/// reader cannot see both sides of is the mistake this rule exists to stop.
fn unrecorded_conflicts(
    site: &Site,
    place: &dyn Fn(&str, &str, String) -> Option<Diagnostic>,
    doc: &Doc<content::DisagreementsFile>,
) -> Vec<Diagnostic> {
    let disagreements = &site.disagreements;
    let mut out = Vec::new();
    for c in &site.countries {
        for axis in &c.headline.conflicts {
            let recorded = disagreements
                .iter()
                .any(|d| d.axis == Some(*axis) && d.countries.contains(&c.slug));
            if recorded {
                continue;
            }
            let statuses = c
                .axes
                .iter()
                .find(|a| a.axis == *axis)
                .map(|a| a.statuses.join(", "))
                .unwrap_or_default();
            // Point at the first entry that states the axis: a transfer record, or a claim on the axis.
            let field = if *axis == Axis::Transfers {
                "transfers[0].outcome".to_owned()
            } else {
                let i = c
                    .claims
                    .iter()
                    .position(|cl| cl.axis == Some(*axis))
                    .unwrap_or(0);
                format!("claims[{i}].status")
            };
            let message = format!(
                "the sources conflict on the {} axis ({statuses}), and no disagreement records it",
                axis.name()
            );
            let d = place(&c.slug, &field, message).unwrap_or_else(|| {
                Diagnostic::error("E050", "conflict without a disagreement").in_file(&doc.file)
            });
            out.push(d.help(format!(
                "add an entry to {} with `countries: [{}]`, `axis: {}` and one side per position",
                doc.file.display(),
                c.slug,
                axis.name()
            )));
        }
    }
    out
}

/// A number that every side's figure allows, when there are at least two sides and each gives a figure: the
/// proof that accounts said to contradict each other can all be true ("at least 201" in words).
fn common_figure(sides: &[content::Side]) -> Option<String> {
    if sides.len() < 2 {
        return None;
    }
    let numbers: Vec<&content::Number> = sides
        .iter()
        .map(|s| s.number.as_ref())
        .collect::<Option<_>>()?;
    let lo = numbers.iter().filter_map(|n| n.min).max();
    let hi = numbers.iter().filter_map(|n| n.max).min();
    match (lo, hi) {
        (Some(lo), Some(hi)) if lo > hi => None,
        (Some(lo), Some(hi)) if lo == hi => Some(lo.to_string()),
        (Some(lo), Some(hi)) => Some(format!("any number from {lo} to {hi}")),
        (Some(lo), None) => Some(format!("any number from {lo}")),
        (None, Some(hi)) => Some(format!("any number up to {hi}")),
        (None, None) => Some("any number".to_owned()),
    }
}

/// E055 for every country that a disagreement's side names (its name as a word of the position or text) while
/// the record lists it neither in `countries` nor in `mentions`: the record would be missing from that country's
/// page. A name inside a compound ("US-Mexico border") or in the briefing's name for an article ("the CBS News
/// report on Uganda and Honduras") does not count.
fn unlisted_countries(site: &Site, doc: &Doc<content::DisagreementsFile>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, d) in site.disagreements.iter().enumerate() {
        let listed = |slug: &String| d.countries.contains(slug) || d.mentions.contains(slug);
        let mut missing: Vec<(&str, usize)> = Vec::new();
        for (j, side) in d.sides.iter().enumerate() {
            for c in site.countries.iter().filter(|c| !listed(&c.slug)) {
                let named =
                    names_country(&side.position, &c.name) || names_country(&side.text, &c.name);
                if named && !missing.iter().any(|(s, _)| *s == c.slug) {
                    missing.push((&c.slug, j));
                }
            }
        }
        for (slug, j) in missing {
            out.push(
                doc.diag(
                    "E055",
                    &format!("disagreements[{i}].sides[{j}].text"),
                    format!("this side names `{slug}`, which the record lists neither in `countries` nor in `mentions`"),
                )
                .help(format!("add `{slug}` to `countries` if the question is about it, otherwise to `mentions`")),
            );
        }
    }
    out
}

/// Whether `text` names the country `name`: as a whole word, not inside a longer word or a hyphenated compound,
/// and not in the briefing's name for an article ("report on Angola and Equatorial Guinea").
fn names_country(text: &str, name: &str) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let names_an_article = |before: &str| {
        let first = before.strip_suffix(" and ").map(|b| {
            b.rfind("report on ")
                .map(|at| &b[at + "report on ".len()..])
                .filter(|n| {
                    !n.is_empty() && n.split(' ').all(|w| w.starts_with(char::is_uppercase))
                })
        });
        before.ends_with("report on ") || first.flatten().is_some()
    };
    text.match_indices(name).any(|(at, _)| {
        !joined(text[..at].chars().next_back())
            && !joined(text[at + name.len()..].chars().next())
            && !names_an_article(&text[..at])
    })
}

/// Resolves disagreement ids (E053 for an unknown one) to indexes into the disagreements file, in file order.
fn disagreement_refs<T>(
    loaded: &Loaded,
    doc: &Doc<T>,
    path: &str,
    ids: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let known: Vec<&str> = loaded
        .disagreements
        .as_ref()
        .map(|d| d.data.disagreements.iter().map(|x| x.id.as_str()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match known.iter().position(|k| k == id) {
            Some(n) => out.push(n),
            None => {
                let mut d = doc.diag(
                    "E053",
                    &format!("{path}[{i}]"),
                    format!("unknown disagreement `{id}`"),
                );
                if let Some(best) = closest(id, known.iter().copied()) {
                    d = d.help(format!("did you mean `{best}`?"));
                }
                diags.push(d);
            }
        }
    }
    out
}

/// The fragments of `text` in double quotation marks (straight or typographic), at least two words long.
fn quoted_fragments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for ch in text.chars() {
        match (ch, current.as_mut()) {
            ('"' | '\u{201c}' | '\u{201d}', Some(frag)) => {
                if frag.trim().contains(' ') {
                    out.push(frag.trim().to_owned());
                }
                current = None;
            }
            ('"' | '\u{201c}', None) => current = Some(String::new()),
            (c, Some(frag)) => frag.push(c),
            (_, None) => {}
        }
    }
    out
}

/// Checks country files side by side, each walk with its own findings, joined in file order: the countries, their
/// quotes waiting to be located (which their citations' placeholders number) and the diagnostics. On threads of
/// their own: glibc gives each thread an arena, and the walks' short-lived strings, freed among the model they
/// build, would leave the arenas of the threads that render next full of holes (rendering then spent a fifth of its
/// time in malloc's free lists).
fn walk_countries<'a>(
    shared: &Shared<'a>,
    docs: &'a BTreeMap<String, Doc<content::CountryFile>>,
) -> (Vec<model::Country>, Vec<Pending<'a>>, Vec<Diagnostic>) {
    let walk = || -> Vec<(model::Country, Vec<Pending>, Vec<Diagnostic>)> {
        docs.par_iter()
            .map(|(slug, doc)| {
                let mut own = Ctx {
                    shared,
                    pending: Vec::new(),
                    diags: Vec::new(),
                };
                let country = own.country(slug, doc);
                (country, own.pending, own.diags)
            })
            .collect()
    };
    let walked = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(walk),
        Err(_) => walk(),
    };
    let mut countries = Vec::with_capacity(walked.len());
    let (mut pending, mut diags) = (Vec::new(), Vec::new());
    for (mut country, own, found) in walked {
        // A placeholder citation holds the number of its quote in its own walk's list (see `Ctx::cites`).
        let base = pending.len();
        for c in country_cites(&mut country).flatten() {
            c.span.start += base;
            c.span.end += base;
        }
        countries.push(country);
        pending.extend(own);
        diags.extend(found);
    }
    (countries, pending, diags)
}

/// Every list of citations of a country.
fn country_cites(c: &mut model::Country) -> impl Iterator<Item = &mut Vec<Citation>> {
    c.claims
        .iter_mut()
        .map(|cl| &mut cl.cites)
        .chain(c.transfers.iter_mut().map(|t| &mut t.cites))
}

/// Locates the quotes of a chunk of countries and places their citations; returns why any failed.
fn locate_country_quotes(
    countries: &mut [model::Country],
    sources: &[model::Source],
    seeds: &[Option<SeedIndex>],
    pending: &[Pending],
) -> Vec<Diagnostic> {
    let resolved = locate(sources, seeds, pending);
    let mut placed = 0;
    for c in countries.iter_mut() {
        country_cites(c).for_each(|cites| placed += give_spans(cites, &resolved));
    }
    debug_assert_eq!(
        placed,
        pending.len(),
        "a country's citations were not all placed"
    );
    resolved
        .into_iter()
        .filter_map(|r| match r {
            Resolved::Failed(d) => Some(*d),
            _ => None,
        })
        .collect()
}

/// Locates every pending quote, each source's quotes together and the sources in parallel, then gives the
/// placeholder citations their spans (or drops them, with a diagnostic), and fills in the unused sentences.
fn locate_quotes(
    site: &mut Site,
    seeds: &[Option<SeedIndex>],
    pending: &[Pending],
) -> Vec<Diagnostic> {
    let by_id = locate(&site.sources, seeds, pending);
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
            (Resolved::At(span), Quoted::Attribution(a)) => site.sources[p.source]
                .attributions
                .push(model::Attribution {
                    span,
                    reporters: a.reporters.clone(),
                    reason: a.reason.clone(),
                }),
            (Resolved::Failed(d), _) => diags.push(*d),
            _ => {}
        }
    }
    // `support::credited` walks each source's attributed passages in order.
    for s in &mut site.sources {
        s.attributions.sort_by_key(|a| (a.span.start, a.span.end));
    }
    diags
}

/// Locates the pending quotes, each source's together, and resolves each: its span, or why it cannot be used.
fn locate(
    sources: &[model::Source],
    seeds: &[Option<SeedIndex>],
    pending: &[Pending],
) -> Vec<Resolved> {
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
        .filter_map(|(&i, h)| Some((i, sources[present[h?].0].id.as_str())))
        .collect();

    let resolved: Vec<Vec<(usize, Resolved)>> = by_source
        .par_iter()
        .zip(&outcomes)
        .zip(seeds)
        .zip(sources)
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
            let places = ambiguous_places(ids, outcomes, pending, seed, source);
            ids.iter()
                .zip(outcomes)
                .map(|(&i, o)| {
                    let why = Mismatch {
                        seed,
                        source,
                        near: near.get(&i),
                        elsewhere: elsewhere.get(&i).copied(),
                        places: places.get(&i),
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
    by_id
}

/// Gives every placeholder citation of the topics, timeline and disagreements its span, or removes it if its quote
/// failed; returns how many placeholders it met. Every list of citations that `Ctx::cites` makes for them must be
/// visited here (the countries' are placed by `locate_country_quotes`).
fn place_citations(site: &mut Site, resolved: &[Resolved]) -> usize {
    let mut placeholders = 0;
    for t in &mut site.topics {
        for s in &mut t.sections {
            for cl in &mut s.claims {
                placeholders += give_spans(&mut cl.cites, resolved);
            }
        }
    }
    for e in &mut site.timeline {
        placeholders += give_spans(&mut e.cites, resolved);
    }
    for d in &mut site.disagreements {
        for side in &mut d.sides {
            placeholders += give_spans(&mut side.cites, resolved);
        }
    }
    placeholders
}

/// Gives each placeholder citation of a list its span, or removes it if its quote failed; returns how many it met.
fn give_spans(cites: &mut Vec<Citation>, resolved: &[Resolved]) -> usize {
    let met = cites.len();
    cites.retain_mut(|c| match resolved[c.span.start] {
        Resolved::At(span) => {
            c.span = span;
            true
        }
        Resolved::Failed(_) | Resolved::Unchecked => false,
    });
    met
}

/// What is known about a quote beyond its outcome, to explain why it was not found.
struct Mismatch<'s> {
    seed: &'s SeedIndex,
    source: &'s model::Source,
    near: Option<&'s NearMiss>,
    /// Another source that holds the quote verbatim.
    elsewhere: Option<&'s str>,
    /// Where an ambiguous quote matches: each place as a label, and how many there are.
    places: Option<&'s (Vec<crate::diag::Label>, usize)>,
}

/// Ambiguous quotes get their places shown (with their lines in the seed) and a prefix or suffix suggested;
/// past this many in one seed, only the advice: each costs comparisons among its places.
const MAX_PLACED_PER_SEED: usize = 200;

/// The places of this seed's ambiguous citations, as labels on the seed's lines: one pass over the seed to find
/// them and one to number their lines, for all of them.
fn ambiguous_places(
    ids: &[usize],
    outcomes: &[Outcome],
    pending: &[Pending],
    seed: &SeedIndex,
    source: &model::Source,
) -> HashMap<usize, (Vec<crate::diag::Label>, usize)> {
    let ambiguous: Vec<usize> = ids
        .iter()
        .zip(outcomes)
        .filter(|(&i, o)| {
            matches!(pending[i].kind, Quoted::Cite(_)) && matches!(o.located, Located::Ambiguous(_))
        })
        .map(|(&i, _)| i)
        .take(MAX_PLACED_PER_SEED)
        .collect();
    if ambiguous.is_empty() {
        return HashMap::new();
    }
    let found = seed.places(
        &ambiguous
            .iter()
            .map(|&i| pending[i].query)
            .collect::<Vec<_>>(),
    );
    let mut starts: Vec<usize> = found
        .iter()
        .flat_map(|f| f.places.iter().map(|p| p.span.start))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let lines: HashMap<usize, (crate::diag::Pos, Option<&str>)> = starts
        .iter()
        .copied()
        .zip(crate::diag::Pos::of_offsets(&source.text, &starts))
        .collect();
    let file = Path::new("seeds").join(&source.file);
    ambiguous
        .into_iter()
        .zip(found)
        .map(|(i, f)| {
            let labels = f
                .places
                .iter()
                .enumerate()
                .map(|(n, place)| {
                    let (pos, line) = lines[&place.span.start];
                    let add = match &place.hint {
                        Some(quote::Hint::Prefix(p)) => format!("add `prefix: {}`", yaml_string(p)),
                        Some(quote::Hint::Suffix(s)) => format!("add `suffix: {}`", yaml_string(s)),
                        None => "no prefix or suffix of a few words tells it apart".to_owned(),
                    };
                    crate::diag::Label {
                        file: file.clone(),
                        pos,
                        len: place.span.end - place.span.start,
                        line_text: line.unwrap_or_default().to_owned(),
                        message: format!("place {}: to cite this one, {add}", n + 1),
                    }
                })
                .collect();
            (i, (labels, f.total))
        })
        .collect()
}

/// `text` as a YAML double-quoted value (JSON's string syntax is YAML's), to be pasted into a content file.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The span of a located quote, or the diagnostic that says why it cannot be used.
fn resolve(p: &Pending, o: &Outcome, why: &Mismatch) -> Resolved {
    let diag = |code, message: String| p.doc.diag_at(code, &p.path, message);
    let id = &why.source.id;
    let d = match (&p.kind, &o.located) {
        (Quoted::Cite(cite), Located::Found(span)) => {
            let seed = why.seed;
            let whole = seed.normalised().trim();
            // Normalising only shortens: a shorter quote cannot be the whole seed.
            if seed.len() >= WHOLE_SEED_MIN_CHARS && cite.quote.len() >= whole.len() && quote::normalise(&cite.quote) == whole {
                diag("E023", "the quote is the whole seed".into()).help("quote only the passage that supports the claim")
            } else {
                return Resolved::At(*span);
            }
        }
        (Quoted::Unused(_) | Quoted::Attribution(_), Located::Found(span)) => return Resolved::At(*span),
        (Quoted::Cite(_), Located::Empty) => diag("E022", "empty quote".into()).help("quote the passage that supports the claim"),
        (Quoted::Cite(_), Located::Ambiguous(n)) => {
            let d = diag("E021", format!("quote matches {n} places in source `{id}`"));
            ambiguous_help(d, *n, why)
        }
        (Quoted::Cite(cite), Located::NotFound) if (cite.prefix.is_some() || cite.suffix.is_some()) && o.exact_occurrences > 0 => {
            diag("E020", format!("quote found in source `{id}`, but not with this prefix/suffix"))
                .help("`prefix` must be the text right before the quote and `suffix` the text right after")
        }
        (Quoted::Cite(cite), Located::NotFound) => {
            not_found_help(diag("E020", format!("quote not found in source `{id}`")), "quote", &cite.quote, why)
        }
        (Quoted::Unused(_), Located::Ambiguous(n)) => diag("E032", format!("unused sentence occurs {n} times in seeds/{}", why.source.file))
            .help("quote enough of the sentence to make it occur once"),
        (Quoted::Unused(u), Located::Empty | Located::NotFound) => not_found_help(
            diag("E032", format!("unused sentence not found in seeds/{}", why.source.file)),
            "text",
            &u.text,
            why,
        ),
        (Quoted::Attribution(_), Located::Ambiguous(n)) => diag("E033", format!("attributed passage occurs {n} times in seeds/{}", why.source.file))
            .help("quote enough of the passage to make it occur once"),
        (Quoted::Attribution(a), Located::Empty | Located::NotFound) => not_found_help(
            diag("E033", format!("attributed passage not found in seeds/{}", why.source.file)),
            "quote",
            &a.quote,
            why,
        ),
    };
    Resolved::Failed(Box::new(d))
}

/// Shows the places an ambiguous quote matches, each with what would single it out.
fn ambiguous_help(mut d: Diagnostic, n: usize, why: &Mismatch) -> Diagnostic {
    let general = "add `prefix:` (the words just before it) or `suffix:` (just after) so that it matches once";
    let Some((labels, _)) = why.places else {
        return d.help(general);
    };
    for l in labels {
        d = d.label(l.clone());
    }
    if n > labels.len() {
        d = d.help(format!(
            "the first {} of the {n} places are shown; quote a longer passage if the one you mean is not among them",
            labels.len()
        ));
    }
    d.help(general)
}

/// Says why a quote is not in its seed: it is verbatim in another source, or it differs only by characters one
/// cannot see; otherwise shows the closest passage of the seed and a word-level diff.
/// `key` is the field the text is written in (`quote`, or an unused sentence's `text`).
fn not_found_help(mut d: Diagnostic, key: &str, text: &str, why: &Mismatch) -> Diagnostic {
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
        d = d.help(format!(
            "the closest passage in the seed, to paste as the {key}:\n{key}: {}",
            yaml_string(&near.written)
        ));
        if near.normalised != quote {
            d = d.help(format!(
                "what differs, word by word ([-quote-] {{+seed+}}):\n{}",
                word_diff(&quote, &near.normalised)
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

/// A name or ISO code that two country files share: the map, the tables and the open data key on them.
/// Names and codes used by more than one country file: `seen` holds those of the files compared before (files
/// are compared a chunk at a time when they are read from disk).
fn duplicates_across_countries<'d>(
    countries: impl Iterator<Item = &'d Doc<content::CountryFile>>,
    seen: &mut BTreeMap<(&'static str, String), PathBuf>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for doc in countries {
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
            if let Some(first) = seen.insert((field, value), doc.file.clone()) {
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

/// A claim's or event's id: the first 32 bits of a SHA-256 of its text and quotations (each source with its
/// quote, prefix and suffix, in a fixed order), normalised as quotes are located (whitespace, quote marks), so
/// that re-flowing the YAML, or reordering, adding or rewording other claims, leaves it unchanged. Editing the
/// claim itself gives it a new id. Eight hex digits; uniqueness within a file is checked (`unique_statement`).
pub fn derived_id(text: &str, cites: &[Cite]) -> String {
    use sha2::{Digest, Sha256};
    let mut quotes: Vec<[String; 4]> = cites
        .iter()
        .map(|c| {
            let opt = |s: &Option<String>| s.as_deref().map(quote::normalise).unwrap_or_default();
            [
                c.source.clone(),
                quote::normalise(&c.quote),
                opt(&c.prefix),
                opt(&c.suffix),
            ]
        })
        .collect();
    quotes.sort();
    let mut h = Sha256::new();
    h.update(quote::normalise(text).as_bytes());
    for q in &quotes {
        for part in q {
            // Separators that no normalised text holds keep ("ab", "c") apart from ("a", "bc").
            h.update([0x1f]);
            h.update(part.as_bytes());
        }
        h.update([0x1e]);
    }
    h.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
                .help(crate::load::slug_help(id, |s| format!("try `{s}`"))),
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

fn check_date<T>(doc: &Doc<T>, path: &str, value: &str, diags: &mut Vec<Diagnostic>) {
    // A scaffold's `TODO` placeholder is reported on its line as W001, which `build` refuses.
    if value != "TODO" && !dates::is_date(value) {
        diags.push(
            doc.diag("E013", path, format!("`{value}` is not a date"))
                .help(
                "write YYYY, YYYY-MM, YYYY-MM-DD, `before YYYY` or `first Trump administration`, e.g. `2025-03`; say how it is known in `basis`",
            ),
        );
    }
}

impl<'a> Ctx<'_, 'a> {
    /// Claim, transfer, side and event texts are shown inside a sentence: one paragraph at most.
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

    /// A reader's note on a claim, transfer, side or event: one paragraph, like the text it goes with.
    fn note<T>(&mut self, doc: &Doc<T>, owner: &str, note: &Option<String>) -> Option<String> {
        if let Some(n) = note {
            self.inline_text(doc, &format!("{owner}.note"), n);
        }
        note.clone()
    }

    /// A date with how it is known; an inferred date's reason may quote only what the briefing can cite.
    fn qualified_date<T>(&mut self, doc: &Doc<T>, path: &str, q: &Qualified, cites: &[Citation]) {
        check_qualified(doc, path, q, &mut self.diags);
        check_date(doc, &format!("{path}.value"), &q.value, &mut self.diags);
        let mut sources: Vec<usize> = cites.iter().map(|c| c.source).collect();
        sources.dedup();
        if let (Basis::Inferred, Some(reason)) = (q.basis, &q.reason) {
            for source in sources {
                if let Some(d) =
                    self.reason_on_unused(doc, &format!("{path}.reason"), reason, source)
                {
                    self.diags.push(d);
                }
            }
        }
    }

    /// E052 when a fragment that `reason` puts in quotation marks occurs in the source only inside sentences
    /// that `sources.yaml` lists as unused: the date would rest on a passage the briefing does not cite.
    fn reason_on_unused<T>(
        &self,
        doc: &Doc<T>,
        path: &str,
        reason: &str,
        source: usize,
    ) -> Option<Diagnostic> {
        let seed = self.seeds[source].as_ref()?;
        let unused: Vec<String> = self.unused[source]
            .iter()
            .map(|u| crate::quote::normalise(u))
            .collect();
        quoted_fragments(reason).into_iter().find_map(|fragment| {
            let total = seed.occurrences(&fragment);
            let norm = crate::quote::normalise(&fragment);
            let in_unused: usize = unused.iter().map(|u| u.matches(norm.as_str()).count()).sum();
            (total > 0 && in_unused >= total).then(|| {
                doc.diag(
                    "E052",
                    path,
                    format!(
                        "the reason quotes \"{fragment}\", which source `{}` has only in a sentence listed as unused",
                        self.source_ids[source]
                    ),
                )
                .help("reason from passages the briefing cites, or cite this one and take it out of `unused`")
            })
        })
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
        let claims = self.claims(doc, "claims", &c.claims, true, &mut Seen::default());
        let mut ids = BTreeMap::new();
        let transfers: Vec<model::Transfer> = c
            .transfers
            .iter()
            .enumerate()
            .map(|(i, t)| self.transfer(doc, slug, &format!("transfers[{i}]"), t, &mut ids))
            .collect();
        let axes = status::axis_reports(&claims, &transfers);
        model::Country {
            slug: slug.to_owned(),
            name: c.name.clone(),
            iso2: c.iso2.clone(),
            iso3: c.iso3.clone(),
            iso_numeric: c.iso_numeric.clone(),
            region: c.region,
            roles: c.roles.clone(),
            summary: c.summary.clone(),
            headline: status::derive(&axes),
            axes,
            claims,
            transfers,
            file: doc.file.clone(),
        }
    }

    fn transfer<T: Sync>(
        &mut self,
        doc: &'a Doc<T>,
        country: &str,
        path: &str,
        t: &'a content::Transfer,
        ids: &mut BTreeMap<String, String>,
    ) -> model::Transfer {
        check_id(doc, &format!("{path}.id"), &t.id, ids, &mut self.diags);
        self.inline_text(doc, &format!("{path}.text"), &t.text);
        self.country_refs(doc, &format!("{path}.origins"), &t.origins);
        self.diags
            .extend(repeated_items(doc, &format!("{path}.origins"), &t.origins));
        if let Some(n) = &t.number {
            self.check_number(doc, &format!("{path}.number"), n);
        }
        self.transfer_counting(doc, country, path, t);
        let cites = self.cites(doc, path, &t.cites);
        if let Some(w) = &t.when {
            self.qualified_date(doc, &format!("{path}.when"), w, &cites);
        }
        model::Transfer {
            id: t.id.clone(),
            text: t.text.clone(),
            outcome: t.outcome,
            origins: t.origins.clone(),
            origin_note: t.origin_note.clone(),
            number: t.number.clone(),
            movement: t.movement.clone(),
            covers: t.covers.clone(),
            when: t.when.clone(),
            payment: t.payment.clone(),
            paid: t.paid.clone(),
            conditions: t.conditions.clone(),
            note: self.note(doc, path, &t.note),
            cites,
        }
    }

    /// What lets the transfers be counted: a movement id that is a slug; the countries a shared figure covers,
    /// known, each once, this file's country among them, and grouped by a movement (else the same people would
    /// count once per country); a payment's amount with its words, bounds in order and an ISO 4217 currency.
    fn transfer_counting<T>(&mut self, doc: &Doc<T>, own: &str, path: &str, t: &content::Transfer) {
        if let Some(m) = &t.movement {
            if !is_slug(m) {
                self.diags.push(
                    doc.diag(
                        "E005",
                        &format!("{path}.movement"),
                        format!("`{m}` is not a valid id"),
                    )
                    .help(crate::load::slug_help(m, |s| format!("try `{s}`"))),
                );
            }
        }
        if !t.covers.is_empty() {
            let covers = format!("{path}.covers");
            self.country_refs(doc, &covers, &t.covers);
            self.diags.extend(repeated_items(doc, &covers, &t.covers));
            if !t.covers.iter().any(|c| c == own) {
                self.diags.push(
                    doc.diag(
                        "E018",
                        &covers,
                        format!("the countries this figure covers do not include `{own}`, whose file records it"),
                    )
                    .help(format!("add `{own}` to `covers`")),
                );
            }
            if t.movement.is_none() && t.covers.len() > 1 {
                self.diags.push(
                    doc.diag(
                        "E018",
                        &covers,
                        "a figure shared by several countries needs a `movement`",
                    )
                    .help("give every record of these people, in each country's file, the same `movement: <id>`, so that they are counted once"),
                );
            }
        }
        if let Some(paid) = &t.paid {
            let at = format!("{path}.paid");
            if t.payment.is_none() {
                self.diags.push(
                    doc.diag("E002", &at, "an amount without the words it comes from")
                        .help("add `payment:` with the payment as the source words it"),
                );
            }
            if paid.currency.len() != 3 || !paid.currency.bytes().all(|b| b.is_ascii_uppercase()) {
                self.diags.push(
                    doc.diag(
                        "E002",
                        &format!("{at}.currency"),
                        format!("`{}` is not an ISO 4217 currency code", paid.currency),
                    )
                    .help("three capital letters, e.g. `USD`"),
                );
            }
            match (paid.min, paid.max) {
                (Some(lo), Some(hi)) if lo > hi => self.diags.push(doc.diag(
                    "E016",
                    &at,
                    format!("min {lo} is greater than max {hi}"),
                )),
                (None, None) => self.diags.push(
                    doc.diag("E016", &at, "an amount with neither `min` nor `max`")
                        .help("give the bounds the words allow (both the same for an exact sum), or leave `paid` out"),
                ),
                _ => {}
            }
        }
    }

    fn disagreements(
        &mut self,
        doc: &'a Doc<content::DisagreementsFile>,
    ) -> Vec<model::Disagreement> {
        let mut ids = BTreeMap::new();
        let mut out = Vec::new();
        for (i, d) in doc.data.disagreements.iter().enumerate() {
            let path = format!("disagreements[{i}]");
            check_id(doc, &format!("{path}.id"), &d.id, &mut ids, &mut self.diags);
            self.country_refs(doc, &format!("{path}.countries"), &d.countries);
            self.country_refs(doc, &format!("{path}.mentions"), &d.mentions);
            self.diags.extend(repeated_items(
                doc,
                &format!("{path}.mentions"),
                &d.mentions,
            ));
            if d.sides.len() < 2 {
                self.diags.push(
                    doc.diag(
                        "E051",
                        &format!("{path}.sides"),
                        "a disagreement needs at least two sides",
                    )
                    .help("add the other position, with its citation; or make this a claim"),
                );
            }
            let sides = d
                .sides
                .iter()
                .enumerate()
                .map(|(j, side)| {
                    let spath = format!("{path}.sides[{j}]");
                    self.inline_text(doc, &format!("{spath}.text"), &side.text);
                    if let Some(n) = &side.number {
                        self.check_number(doc, &format!("{spath}.number"), n);
                    }
                    model::Side {
                        position: side.position.clone(),
                        text: side.text.clone(),
                        number: side.number.clone(),
                        note: self.note(doc, &spath, &side.note),
                        cites: self.cites(doc, &spath, &side.cites),
                    }
                })
                .collect();
            if d.kind == content::DisagreementKind::Contradiction {
                if let Some(common) = common_figure(&d.sides) {
                    self.diags.push(
                        doc.diag(
                            "E054",
                            &format!("{path}.kind"),
                            format!("every side gives a figure, and {common} satisfies them all: these accounts can all be true"),
                        )
                        .help("use `kind: compatible`; or, if the words exclude each other, correct the sides' `number` bounds"),
                    );
                }
            }
            out.push(model::Disagreement {
                id: d.id.clone(),
                question: d.question.clone(),
                countries: d.countries.clone(),
                mentions: d.mentions.clone(),
                axis: d.axis,
                kind: d.kind,
                note: d.note.clone(),
                sides,
            });
        }
        out
    }

    /// E016 for a number whose bounds are the wrong way round.
    fn check_number<T>(&mut self, doc: &Doc<T>, path: &str, n: &content::Number) {
        if let (Some(lo), Some(hi)) = (n.min, n.max) {
            if lo > hi {
                self.diags.push(doc.diag(
                    "E016",
                    path,
                    format!("min {lo} is greater than max {hi}"),
                ));
            }
        }
    }

    /// Checks and resolves a list of claims; `axes_allowed` is false outside country files. `seen` holds the
    /// file's statements met so far (a topic's sections share one).
    fn claims<T: Sync>(
        &mut self,
        doc: &'a Doc<T>,
        base: &str,
        claims: &'a [content::Claim],
        axes_allowed: bool,
        seen: &mut Seen,
    ) -> Vec<model::Claim> {
        claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let path = format!("{base}[{i}]");
                self.axis_status(doc, &path, c, axes_allowed);
                self.inline_text(doc, &format!("{path}.text"), &c.text);
                self.country_refs(doc, &format!("{path}.countries"), &c.countries);
                self.diags.extend(repeated_items(
                    doc,
                    &format!("{path}.countries"),
                    &c.countries,
                ));
                // A scaffold's claim waits for its citation; its TODO is reported as a warning instead.
                let cites = if c.cites.is_empty() && c.text.contains("TODO") {
                    Vec::new()
                } else {
                    self.cites(doc, &path, &c.cites)
                };
                if let Some(w) = &c.when {
                    self.qualified_date(doc, &format!("{path}.when"), w, &cites);
                }
                let digest = derived_id(&c.text, &c.cites);
                let id = self.statement_id(
                    doc,
                    &path,
                    c.id.as_deref(),
                    &c.aliases,
                    digest.clone(),
                    seen,
                );
                model::Claim {
                    id,
                    aliases: c.aliases.clone(),
                    digest,
                    text: c.text.clone(),
                    axis: c.axis,
                    status: c.status.clone(),
                    kind: c.kind.clone(),
                    when: c.when.clone(),
                    countries: c.countries.clone(),
                    note: self.note(doc, &path, &c.note),
                    cites,
                }
            })
            .collect()
    }

    /// The id of a claim or event at `path`: the one written in the content, checked (a slug, E005; unique in
    /// the file with the aliases, E006), or, where none is written, `derived` with a warning (W003) that gives
    /// it to write. E006 too for a statement that repeats an earlier one word for word (the same derived id):
    /// the two would say the same thing twice.
    fn statement_id<T>(
        &mut self,
        doc: &Doc<T>,
        path: &str,
        written: Option<&str>,
        aliases: &[String],
        derived: String,
        seen: &mut Seen,
    ) -> String {
        if let Some(first) = seen.repeats.get(&derived) {
            let line = doc
                .line_of(first)
                .map_or(String::new(), |l| format!(" (line {l})"));
            self.diags.push(
                doc.diag(
                    "E006",
                    path,
                    format!("this repeats {first}{line}: the same text with the same quotations"),
                )
                .help("remove one of the two, or say something different in each"),
            );
        } else {
            seen.repeats.insert(derived.clone(), path.to_owned());
        }
        let ids = written
            .map(|id| (format!("{path}.id"), id))
            .into_iter()
            .chain(
                aliases
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (format!("{path}.aliases[{i}]"), a.as_str())),
            );
        for (at, id) in ids {
            check_id(doc, &at, id, &mut seen.ids, &mut self.diags);
        }
        match written {
            Some(id) => id.to_owned(),
            None => {
                self.diags.push(
                    doc.warning(
                        "W003",
                        path,
                        "this statement has no `id`: its anchor and its id in the open data would change whenever it is reworded",
                    )
                    .help(format!("add `id: \"{derived}\"` (its id now) as the item's first key, and keep it when you reword")),
                );
                derived
            }
        }
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
            (Some(Axis::Transfers), _) => self.diags.push(
                doc.diag(
                    "E012",
                    &format!("{path}.axis"),
                    "transfers are recorded as `transfers:` entries, not as claims",
                )
                .help("move it to the file's `transfers:` list (id, text, outcome: sent|blocked, cites), so that it reaches the transfers axis"),
            ),
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

    /// Checks a list of citations and queues each quote for `locate_quotes`; `owner` is the path of the claim,
    /// transfer, side or event that holds `cites`. The citations returned are placeholders until then (their span's start
    /// is the index of the pending quote in this walk's list, shifted when walks are joined): `locate_quotes` must
    /// reach every list this returns.
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
