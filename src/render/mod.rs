//! Render: the resolved site into pages (Tera, in parallel) and assets, as an in-memory tree of files.

pub mod data;
pub mod edition;
pub mod map;
pub mod markdown;
pub mod template_check;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::Diagnostic;
use crate::model::Site;
use views::Views;

/// The built site: output path (relative, `/`-separated) to bytes. Sorted, so writing is deterministic.
pub type Output = BTreeMap<String, Vec<u8>>;

#[derive(Debug, Clone, Copy)]
enum Page {
    Home,
    /// A page of the countries index, from 0.
    Countries(usize),
    Country(usize),
    Sources,
    Source(usize),
    Topics,
    Topic(usize),
    Timeline,
    Disagreements,
    About,
    Contribute,
    NotFound,
    Search,
    Data,
    StatusSheet,
    Corrections,
}

fn pages(site: &Site, country_wanted: &(dyn Fn(usize) -> bool + Sync)) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Sources,
        Page::Topics,
        Page::Timeline,
        Page::Disagreements,
        Page::About,
        Page::Contribute,
        Page::NotFound,
        Page::Search,
        Page::Data,
        Page::StatusSheet,
        Page::Corrections,
    ];
    pages.extend((0..views::listing_pages(site.countries.len())).map(Page::Countries));
    pages.extend(
        (0..site.countries.len())
            .filter(|&i| country_wanted(i))
            .map(Page::Country),
    );
    pages.extend((0..site.sources.len()).map(Page::Source));
    pages.extend((0..site.topics.len()).map(Page::Topic));
    pages
}

/// The templates with the site's global context, and the memo of pages they rendered before (in `serve`).
struct Templates<'a> {
    tera: Tera,
    memo: Option<&'a Memo>,
    /// A hash of the global context, which a memo's page depends on as much as on its view.
    globals: u64,
}

/// What `serve` keeps between renders. Large pages rendered earlier, by a hash of their template and data: a
/// listing page whose data did not change is not rendered again (valid only with the templates that filled it).
/// And each country's rows of the open data, made again only for the countries a render renders the pages of.
#[derive(Debug, Default)]
pub struct Memo {
    earlier: HashMap<u64, Arc<str>>,
    now: Mutex<HashMap<u64, Arc<str>>>,
    data: data::parts::Memo,
}

impl Memo {
    /// After a render that succeeded: keeps the pages and rows it used or made, forgets the others.
    pub fn advance(&mut self) {
        let now = self.now.get_mut().unwrap_or_else(PoisonError::into_inner);
        self.earlier = std::mem::take(now);
        self.data.advance();
    }
}

/// Pages smaller than this render faster than they hash, and remembering every country page would double memory.
const MEMO_MIN_BYTES: usize = 64 * 1024;

/// A hash of what a page is made from: its template and its data, after `seed` (the global context's hash, or 0
/// for the global context itself). 64 bits: a collision is not a practical risk.
fn view_hash<V: Serialize>(seed: u64, template: &str, view: &V) -> u64 {
    struct HashWriter(std::hash::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(std::hash::DefaultHasher::new());
    w.0.write_u64(seed);
    w.0.write(template.as_bytes());
    // Serialising typed views into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut w, view);
    w.0.finish()
}

fn render_view<V: Serialize>(
    tera: &Templates,
    template: &str,
    view: &V,
) -> Result<String, Diagnostic> {
    let memo = tera
        .memo
        .map(|m| (m, view_hash(tera.globals, template, view)));
    if let Some((memo, key)) = memo {
        if let Some(html) = memo.earlier.get(&key) {
            let mut now = memo.now.lock().unwrap_or_else(PoisonError::into_inner);
            now.insert(key, Arc::clone(html));
            return Ok(html.to_string());
        }
    }
    let context = Context::from_serialize(view)
        .map_err(|e| Diagnostic::error("E040", templates::error_chain(&e)))?;
    let html = template_check::render_page(&tera.tera, template, &context).map_err(|e| {
        let mut d = match e.kind() {
            // Where it failed, which may be a template the page's includes or extends, or a component.
            tera::ErrorKind::RenderingError(report) => templates::report_diagnostic(report),
            // An I/O error is the page's bound: its cause says which.
            tera::ErrorKind::Io(_) => Diagnostic::error(
                "E040",
                std::error::Error::source(&e).map_or_else(|| e.to_string(), ToString::to_string),
            ),
            _ => Diagnostic::error("E040", templates::error_chain(&e)),
        };
        if d.file.is_none() {
            d = d.in_file(&Path::new("templates").join(template));
        }
        d.message = format!("template failed to render: {}", d.message);
        d
    })?;
    if let Some((memo, key)) = memo.filter(|_| html.len() >= MEMO_MIN_BYTES) {
        let mut now = memo.now.lock().unwrap_or_else(PoisonError::into_inner);
        now.insert(key, Arc::from(html.as_str()));
    }
    Ok(html)
}

/// Where a page is written, relative to the site's root.
fn page_path(site: &Site, page: Page) -> String {
    match page {
        Page::Home => urls::HOME.into(),
        Page::Countries(n) => urls::countries_page(n + 1),
        Page::Country(i) => urls::country(&site.countries[i].slug),
        Page::Sources => urls::SOURCES.into(),
        Page::Source(i) => urls::source(&site.sources[i].id),
        Page::Topics => urls::TOPICS.into(),
        Page::Topic(i) => urls::topic(&site.topics[i].slug),
        Page::Timeline => urls::TIMELINE.into(),
        Page::Disagreements => urls::DISAGREEMENTS.into(),
        Page::About => urls::ABOUT.into(),
        Page::Contribute => urls::CONTRIBUTE.into(),
        Page::NotFound => urls::NOT_FOUND.into(),
        Page::Search => urls::SEARCH.into(),
        Page::Data => urls::DATA.into(),
        Page::StatusSheet => urls::STATUS_SHEET.into(),
        Page::Corrections => urls::CORRECTIONS.into(),
    }
}

fn render_page(
    site: &Site,
    views: &Views,
    tera: &Templates,
    page: Page,
) -> Result<String, Diagnostic> {
    match page {
        Page::Home => render_view(tera, "home.html", &views.home()),
        Page::Countries(n) => render_view(tera, "countries.html", &views.countries(n)),
        Page::Country(i) => render_view(tera, "country.html", &views.country(&site.countries[i])),
        Page::Sources => render_view(tera, "sources.html", &views.sources()),
        Page::Source(i) => render_view(tera, "source.html", &views.source(i)),
        Page::Topics => render_view(tera, "topics.html", &views.topics()),
        Page::Topic(i) => render_view(tera, "topic.html", &views.topic(i)),
        Page::Timeline => render_view(tera, "timeline.html", &views.timeline()),
        Page::Disagreements => render_view(tera, "disagreements.html", &views.disagreements()),
        Page::About => render_view(tera, "about.html", &views.about()),
        Page::Contribute => render_view(tera, "contribute.html", &views.contribute()),
        Page::NotFound => render_view(tera, "404.html", &views.not_found()),
        Page::Search => render_view(tera, "search.html", &views.search()),
        Page::Data => render_view(tera, "data.html", &views.data()),
        Page::StatusSheet => render_view(tera, "status-sheet.html", &views.status_sheet()),
        Page::Corrections => render_view(tera, "corrections.html", &views.corrections()),
    }
}

/// Renders every page and adds the static assets from `templates/static/`, counting the files in `tally`.
pub fn render(
    root: &Path,
    site: &Site,
    tera: &Tera,
    tally: &Tally,
) -> Result<Output, Vec<Diagnostic>> {
    render_some(root, site, tera, &|_| true, None, tally)
}

/// Renders every page but the country pages (by index in `site.countries`) that `country_wanted` leaves out:
/// `serve` keeps those from its previous build when it knows a change cannot have touched them, and passes a
/// `memo` of large pages rendered before. Each file made is counted in `tally`.
pub fn render_some(
    root: &Path,
    site: &Site,
    tera: &Tera,
    country_wanted: &(dyn Fn(usize) -> bool + Sync),
    memo: Option<&Memo>,
    tally: &Tally,
) -> Result<Output, Vec<Diagnostic>> {
    let out = Mutex::new(Output::new());
    let sink = Counted { sink: &out, tally };
    match render_each(root, site, tera, country_wanted, memo, &sink) {
        Ok(_) => Ok(out.into_inner().unwrap_or_else(PoisonError::into_inner)),
        Err(Failed::Content(diags)) => Err(diags),
        // Collecting in memory cannot fail.
        Err(Failed::Output(e)) => Err(vec![Diagnostic::error("E041", e.to_string())]),
    }
}

/// Why rendering into a sink stopped.
#[derive(Debug)]
pub enum Failed {
    /// A template could not render, or an asset could not be read.
    Content(Vec<Diagnostic>),
    /// The sink could not take a file.
    Output(std::io::Error),
}

/// What takes each file as it is rendered (its path relative to the site's root, and its bytes), from several
/// threads at once: `build` writes it straight into the staging folder, so that the whole site is never held in
/// memory and writing overlaps rendering.
pub trait Sink: Sync {
    /// Takes one whole file.
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Takes one file that `fill` writes piece by piece (the large data files).
    fn write(
        &self,
        path: String,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// How much of a stage's work is done, counted from any thread.
#[derive(Debug, Default)]
pub struct Tally(AtomicUsize);

impl Tally {
    pub fn add(&self, n: usize) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// A sink that counts the files it passes on, for a progress line.
pub struct Counted<'a> {
    pub sink: &'a dyn Sink,
    pub tally: &'a Tally,
}

impl Sink for Counted<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        self.sink.put(path, bytes)?;
        self.tally.add(1);
        Ok(())
    }

    fn write(
        &self,
        path: String,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.sink.write(path, fill)?;
        self.tally.add(1);
        Ok(())
    }
}

/// The site in memory, for `serve` and `bundle`.
impl Sink for Mutex<Output> {
    fn put(&self, path: String, bytes: Vec<u8>) -> std::io::Result<()> {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, bytes);
        Ok(())
    }

    fn write(
        &self,
        path: String,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.put(path, bytes)
    }
}

/// Renders every page and asset into `sink`; returns how many files it gave.
pub fn render_into(
    root: &Path,
    site: &Site,
    tera: &Tera,
    sink: &dyn Sink,
) -> Result<usize, Failed> {
    render_each(root, site, tera, &|_| true, None, sink)
}

fn render_each(
    root: &Path,
    site: &Site,
    tera: &Tera,
    country_wanted: &(dyn Fn(usize) -> bool + Sync),
    memo: Option<&Memo>,
    sink: &dyn Sink,
) -> Result<usize, Failed> {
    let views = Views::new(site, crate::history::History::read(root));
    // What every page shows the same is given to Tera once, as its global context, not with every page's view.
    let globals = views.globals();
    let mut tera = tera.clone();
    tera.global_context().insert("site", &globals);
    let templates = Templates {
        tera,
        memo,
        globals: view_hash(0, "", &globals),
    };
    // The data files and the search index are made while the pages render, and given to `put` at once: at
    // 100,000 pages they are hundreds of megabytes, not to be held until the last page is done.
    let (rendered, data_files) = rayon::join(
        || -> Vec<Result<(), Failed>> {
            pages(site, country_wanted)
                .into_par_iter()
                .map(|p| {
                    let html = render_page(site, &views, &templates, p)
                        .map_err(|d| Failed::Content(vec![d]))?;
                    sink.put(page_path(site, p), html.into_bytes())
                        .map_err(Failed::Output)
                })
                .collect()
        },
        || {
            // The countries whose pages are rendered are those whose rows may have changed.
            let reuse = memo.map(|m| data::parts::Reuse {
                memo: &m.data,
                fresh: country_wanted,
            });
            let data = data::write(site, &views, reuse.as_ref(), sink)?;
            let search =
                write_search_index(|f| views.each_search_entry(f), SEARCH_PART_BYTES, sink)?;
            Ok(data + search)
        },
    );
    let mut diags = Vec::new();
    let mut files = data_files.map_err(Failed::Output)?;
    for r in rendered {
        match r {
            Ok(()) => files += 1,
            Err(Failed::Content(d)) => diags.extend(d),
            Err(Failed::Output(e)) => return Err(Failed::Output(e)),
        }
    }
    let mut out = Output::new();
    copy_static(root, &mut out, &mut diags);
    let css = out
        .get("static/style.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    out.insert(
        urls::STATUS_MAP.into(),
        map::standalone(site, &css, &map_credits(site)).into_bytes(),
    );
    for (i, s) in site.sources.iter().enumerate() {
        out.insert(
            urls::passages_css(&s.id),
            views.passages_css(i).into_bytes(),
        );
    }
    add_crawler_files(site, &mut out);
    if !diags.is_empty() {
        diags.dedup();
        return Err(Failed::Content(diags));
    }
    Ok(files + put_all(out, sink).map_err(Failed::Output)?)
}

/// The standalone map's last lines: what it shows, where it comes from, and the licence, in lines short enough
/// for the drawing's width.
fn map_credits(site: &Site) -> String {
    let mut text = format!(
        "{}. Each country's status is derived from {} news articles by the rule on the briefing's About page, and every quotation behind it is checked against its article; each country's page gives the evidence and how strong it is. Boundaries: Natural Earth (public domain), 1:110m, Equal Earth projection.",
        site.title,
        site.sources.len()
    );
    if let Some(licence) = &site.licence {
        text.push(' ');
        text.push_str(&markdown::to_plain(licence));
    }
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + word.len() > 150 {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}

/// Gives every file of `out` to `sink`, in parallel; returns how many.
fn put_all(out: Output, sink: &dyn Sink) -> std::io::Result<usize> {
    let n = out.len();
    out.into_par_iter()
        .try_for_each(|(path, bytes)| sink.put(path, bytes))?;
    Ok(n)
}

/// Entries per part of the search index are added until the part passes this size: the search page loads the
/// first part with the page and the others one after another, so a large site's page stays light at first.
const SEARCH_PART_BYTES: usize = 512 * 1024;

/// The search index as scripts loaded by `<script>` tags, as mdBook does (`fetch()` fails from `file://`).
/// `static/searchindex.js` sets `window.BRIEFING_SEARCH`: the kinds' labels, ranking boosts and whether their
/// titles weigh as titles (`SearchKind::titled`), the first entries,
/// and the paths of the other parts, each of which pushes its entries onto `window.BRIEFING_SEARCH_PARTS`. An entry
/// is an array `[kind, title, url, text]`, `kind` indexing `SearchKind::ALL` (its declaration order), with the
/// detail line as a fifth element when there is one. `entries` gives each entry in order; every part but the first
/// goes to `sink` as soon as it is full, the first (which names the others) at the end. Returns how many parts.
fn write_search_index(
    entries: impl FnOnce(
        &mut dyn FnMut(views::SearchEntry) -> std::io::Result<()>,
    ) -> std::io::Result<()>,
    part_bytes: usize,
    sink: &dyn Sink,
) -> std::io::Result<usize> {
    let part_path = |n: usize| format!("static/search/{n}.js");
    let put_part = |n: usize, rows: &[String]| {
        let script = format!(
            "(window.BRIEFING_SEARCH_PARTS = window.BRIEFING_SEARCH_PARTS || []).push([\n{}\n]);\n",
            rows.join(",\n")
        );
        sink.put(part_path(n), script.into_bytes())
    };
    // The first part's rows, and those of the part being filled (the n-th after the first, from 1).
    let (mut first, mut rows, mut n, mut size) = (Vec::<String>::new(), Vec::<String>::new(), 0, 0);
    entries(&mut |e| {
        let kind = e.kind as usize;
        // Serialising numbers and strings into a String cannot fail.
        let row = match &e.detail {
            Some(d) => serde_json::to_string(&(kind, &e.title, &e.url, &e.text, d)),
            None => serde_json::to_string(&(kind, &e.title, &e.url, &e.text)),
        }
        .expect("numbers and strings serialise");
        if size > part_bytes {
            if n > 0 {
                put_part(n, &rows)?;
                rows.clear();
            }
            n += 1;
            size = 0;
        }
        size += row.len() + 1;
        if n == 0 { &mut first } else { &mut rows }.push(row);
        Ok(())
    })?;
    if n > 0 {
        put_part(n, &rows)?;
    }
    let paths: Vec<String> = (1..=n).map(part_path).collect();
    let kinds: Vec<&str> = views::SearchKind::ALL.iter().map(|k| k.label()).collect();
    let boosts: Vec<f64> = views::SearchKind::ALL.iter().map(|k| k.boost()).collect();
    let titled: Vec<bool> = views::SearchKind::ALL.iter().map(|k| k.titled()).collect();
    let script = format!(
        "window.BRIEFING_SEARCH = {{\"kinds\": {}, \"boosts\": {}, \"titled\": {}, \"parts\": {}, \"docs\": [\n{}\n]}};\n",
        serde_json::json!(kinds),
        serde_json::json!(boosts),
        serde_json::json!(titled),
        serde_json::json!(paths),
        first.join(",\n")
    );
    sink.put(urls::SEARCH_INDEX.into(), script.into_bytes())?;
    Ok(n + 1)
}

/// `robots.txt` (everything may be crawled) and, when `site.yaml` says where the site is published, `sitemap.xml`:
/// a sitemap needs absolute addresses, which a site that also works from `file://` cannot otherwise have. It lists
/// every country page, including those that `serve` keeps from its previous build and did not render this time.
fn add_crawler_files(site: &Site, out: &mut Output) {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = site.base_url.as_deref() {
        let mut sitemap = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        // Every page, including the countries that `serve` did not render this time: the pages went to the sink
        // as they rendered, so they are named here rather than read back.
        let pages: std::collections::BTreeSet<String> = pages(site, &|_| true)
            .into_iter()
            .map(|p| page_path(site, p))
            .filter(|p| p != urls::NOT_FOUND && p != urls::SEARCH)
            .collect();
        for path in &pages {
            let loc = templates::escape_html(&urls::published(base, path));
            sitemap.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
        }
        sitemap.push_str("</urlset>\n");
        robots.push_str(&format!(
            "Sitemap: {}\n",
            urls::published(base, urls::SITEMAP)
        ));
        out.insert(urls::SITEMAP.into(), sitemap.into_bytes());
    }
    out.insert(urls::ROBOTS.into(), robots.into_bytes());
}

fn copy_static(root: &Path, out: &mut Output, diags: &mut Vec<Diagnostic>) {
    let dir = root.join("templates/static");
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        // Links and special files are not skipped: reading refuses them, with the reason.
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match crate::load::read_bounded(entry.path(), crate::load::MAX_FILE_BYTES, false) {
            Ok(bytes) => {
                out.insert(format!("static/{name}"), bytes);
            }
            Err(e) => diags.push(
                Diagnostic::error("E004", format!("cannot read asset: {e}"))
                    .in_file(&Path::new("templates/static").join(rel)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use views::{SearchEntry, SearchKind};

    /// The rows of one index script: the array after `"docs": ` or inside `push(...)`.
    fn rows(script: &str) -> Vec<serde_json::Value> {
        let start = script.find("[\n").expect("an array of rows");
        let end = script.rfind("\n]").expect("the end of the rows");
        serde_json::from_str(&script[start..end + 2]).expect("rows are JSON")
    }

    #[test]
    fn search_index_splits_into_parts_that_keep_every_entry_once_in_order() {
        let entries: Vec<SearchEntry> = (0..50)
            .map(|i| SearchEntry {
                kind: if i < 10 {
                    SearchKind::Country
                } else {
                    SearchKind::Statement
                },
                title: format!("Entry {i}"),
                url: format!("countries/c{i}/index.html"),
                text: "words ".repeat(20),
                detail: (i < 10).then(|| "Approached".to_owned()),
            })
            .collect();
        let out = Mutex::new(Output::new());
        let parts =
            write_search_index(|f| entries.into_iter().try_for_each(f), 1000, &out).unwrap();
        let out = out.into_inner().unwrap();
        assert_eq!(parts, out.len());
        let first = std::str::from_utf8(&out[urls::SEARCH_INDEX]).unwrap();
        let head: serde_json::Value = serde_json::from_str(
            first
                .strip_prefix("window.BRIEFING_SEARCH = ")
                .and_then(|s| s.strip_suffix(";\n"))
                .expect("one assignment"),
        )
        .expect("the first script is JSON");
        let parts: Vec<&str> = head["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(parts.len() >= 4, "{} parts", parts.len());
        assert_eq!(head["kinds"][SearchKind::Statement as usize], "Statement");
        let mut all = rows(first);
        for p in &parts {
            let script = std::str::from_utf8(&out[*p]).unwrap();
            assert!(script.starts_with(
                "(window.BRIEFING_SEARCH_PARTS = window.BRIEFING_SEARCH_PARTS || []).push("
            ));
            // Each part stays near the budget: one entry beyond it at most.
            assert!(script.len() < 1000 + 300, "{p} has {} bytes", script.len());
            all.extend(rows(script));
        }
        let titles: Vec<&str> = all.iter().map(|r| r[1].as_str().unwrap()).collect();
        let expected: Vec<String> = (0..50).map(|i| format!("Entry {i}")).collect();
        assert_eq!(titles, expected);
        assert_eq!(all[0][4], "Approached");
        assert_eq!(
            all[20].as_array().unwrap().len(),
            4,
            "no detail, no fifth element"
        );
    }

    #[test]
    fn a_small_site_has_one_search_script() {
        let entries = vec![SearchEntry {
            kind: SearchKind::Topic,
            title: "Legal basis".into(),
            url: "topics/legal-basis/index.html".into(),
            text: "The court said \"no\" </script>".into(),
            detail: None,
        }];
        let out = Mutex::new(Output::new());
        write_search_index(
            |f| entries.into_iter().try_for_each(f),
            SEARCH_PART_BYTES,
            &out,
        )
        .unwrap();
        let out = out.into_inner().unwrap();
        assert_eq!(out.len(), 1);
        let script = std::str::from_utf8(&out[urls::SEARCH_INDEX]).unwrap();
        assert!(script.contains("\"parts\": []"));
        assert_eq!(rows(script)[0][3], "The court said \"no\" </script>");
    }
}
