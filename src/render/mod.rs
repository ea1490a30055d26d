//! Render: the resolved site into pages (Tera, in parallel) and assets, as an in-memory tree of files.

pub mod data;
pub mod edition;
pub mod map;
pub mod markdown;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::Path;
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
    Countries,
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
}

fn pages(site: &Site, country_wanted: &(dyn Fn(usize) -> bool + Sync)) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Countries,
        Page::Sources,
        Page::Topics,
        Page::Timeline,
        Page::Disagreements,
        Page::About,
        Page::Contribute,
        Page::NotFound,
        Page::Search,
    ];
    pages.extend(
        (0..site.countries.len())
            .filter(|&i| country_wanted(i))
            .map(Page::Country),
    );
    pages.extend((0..site.sources.len()).map(Page::Source));
    pages.extend((0..site.topics.len()).map(Page::Topic));
    pages
}

/// The templates, and the memo of pages they rendered before (in `serve`).
struct Templates<'a> {
    tera: &'a Tera,
    memo: Option<&'a Memo>,
}

/// Large pages rendered earlier, by a hash of their template and data, for `serve`: a listing page whose data
/// did not change is not rendered again. Valid only with the templates that filled it.
#[derive(Debug, Default)]
pub struct Memo {
    earlier: HashMap<u64, Arc<str>>,
    now: Mutex<HashMap<u64, Arc<str>>>,
}

impl Memo {
    /// After a render that succeeded: keeps the pages it used or made, forgets the others.
    pub fn advance(&mut self) {
        let now = self.now.get_mut().unwrap_or_else(PoisonError::into_inner);
        self.earlier = std::mem::take(now);
    }
}

/// Pages smaller than this render faster than they hash, and remembering every country page would double memory.
const MEMO_MIN_BYTES: usize = 64 * 1024;

/// A hash of what a page is made from: its template and its data (64 bits: a collision is not a practical risk).
fn view_hash<V: Serialize>(template: &str, view: &V) -> u64 {
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
    let memo = tera.memo.map(|m| (m, view_hash(template, view)));
    if let Some((memo, key)) = memo {
        if let Some(html) = memo.earlier.get(&key) {
            let mut now = memo.now.lock().unwrap_or_else(PoisonError::into_inner);
            now.insert(key, Arc::clone(html));
            return Ok(html.to_string());
        }
    }
    let context = Context::from_serialize(view)
        .map_err(|e| Diagnostic::error("E040", templates::error_chain(&e)))?;
    let html = tera.tera.render(template, &context).map_err(|e| {
        // Tera's chain names the template twice ("Failed to render 'x': ... while rendering 'x'"); the file says it.
        let chain = templates::error_chain(&e);
        let message = chain.split_once("': ").map_or(chain.as_str(), |(_, m)| m);
        Diagnostic::error("E040", format!("template failed to render: {message}"))
            .in_file(&Path::new("templates").join(template))
    })?;
    if let Some((memo, key)) = memo.filter(|_| html.len() >= MEMO_MIN_BYTES) {
        let mut now = memo.now.lock().unwrap_or_else(PoisonError::into_inner);
        now.insert(key, Arc::from(html.as_str()));
    }
    Ok(html)
}

fn render_page(
    site: &Site,
    views: &Views,
    tera: &Templates,
    page: Page,
) -> Result<(String, String), Diagnostic> {
    Ok(match page {
        Page::Home => (
            urls::HOME.into(),
            render_view(tera, "home.html", &views.home())?,
        ),
        Page::Countries => (
            urls::COUNTRIES.into(),
            render_view(tera, "countries.html", &views.countries())?,
        ),
        Page::Country(i) => {
            let c = &site.countries[i];
            (
                urls::country(&c.slug),
                render_view(tera, "country.html", &views.country(c))?,
            )
        }
        Page::Sources => (
            urls::SOURCES.into(),
            render_view(tera, "sources.html", &views.sources())?,
        ),
        Page::Source(i) => (
            urls::source(&site.sources[i].id),
            render_view(tera, "source.html", &views.source(i))?,
        ),
        Page::Topics => (
            urls::TOPICS.into(),
            render_view(tera, "topics.html", &views.topics())?,
        ),
        Page::Topic(i) => (
            urls::topic(&site.topics[i].slug),
            render_view(tera, "topic.html", &views.topic(i))?,
        ),
        Page::Timeline => (
            urls::TIMELINE.into(),
            render_view(tera, "timeline.html", &views.timeline())?,
        ),
        Page::Disagreements => (
            urls::DISAGREEMENTS.into(),
            render_view(tera, "disagreements.html", &views.disagreements())?,
        ),
        Page::About => (
            urls::ABOUT.into(),
            render_view(tera, "about.html", &views.about())?,
        ),
        Page::Contribute => (
            urls::CONTRIBUTE.into(),
            render_view(tera, "contribute.html", &views.contribute())?,
        ),
        Page::NotFound => (
            urls::NOT_FOUND.into(),
            render_view(tera, "404.html", &views.not_found())?,
        ),
        Page::Search => (
            urls::SEARCH.into(),
            render_view(tera, "search.html", &views.search())?,
        ),
    })
}

/// Renders every page and adds the static assets from `templates/static/`.
pub fn render(root: &Path, site: &Site, tera: &Tera) -> Result<Output, Vec<Diagnostic>> {
    render_some(root, site, tera, &|_| true, None)
}

/// Renders every page but the country pages (by index in `site.countries`) that `country_wanted` leaves out:
/// `serve` keeps those from its previous build when it knows a change cannot have touched them, and passes a
/// `memo` of large pages rendered before.
pub fn render_some(
    root: &Path,
    site: &Site,
    tera: &Tera,
    country_wanted: &(dyn Fn(usize) -> bool + Sync),
    memo: Option<&Memo>,
) -> Result<Output, Vec<Diagnostic>> {
    let out = Mutex::new(Output::new());
    let put = |path: String, bytes: Vec<u8>| {
        out.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, bytes);
        Ok(())
    };
    match render_each(root, site, tera, country_wanted, memo, &put) {
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
pub type Put<'a> = dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync + 'a;

/// Renders every page and asset into `put`; returns how many files it gave.
pub fn render_into(root: &Path, site: &Site, tera: &Tera, put: &Put) -> Result<usize, Failed> {
    render_each(root, site, tera, &|_| true, None, put)
}

fn render_each(
    root: &Path,
    site: &Site,
    tera: &Tera,
    country_wanted: &(dyn Fn(usize) -> bool + Sync),
    memo: Option<&Memo>,
    put: &Put,
) -> Result<usize, Failed> {
    let views = Views::new(site, crate::history::History::read(root));
    let templates = Templates { tera, memo };
    // The data files and the search index are made while the pages render.
    // The data files and the search index are made while the pages render, and given to `put` at once: at
    // 100,000 pages they are hundreds of megabytes, not to be held until the last page is done.
    let (rendered, data_files) = rayon::join(
        || -> Vec<Result<(), Failed>> {
            pages(site, country_wanted)
                .into_par_iter()
                .map(|p| {
                    let (path, html) = render_page(site, &views, &templates, p)
                        .map_err(|d| Failed::Content(vec![d]))?;
                    put(path, html.into_bytes()).map_err(Failed::Output)
                })
                .collect()
        },
        || {
            let mut out = Output::new();
            data::add(site, &views, &mut out);
            out.insert(urls::SEARCH_INDEX.into(), search_index(&views));
            put_all(out, put)
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
    for (i, s) in site.sources.iter().enumerate() {
        out.insert(
            urls::passages_css(&s.id),
            views.passages_css(i).into_bytes(),
        );
    }
    if !diags.is_empty() {
        diags.dedup();
        return Err(Failed::Content(diags));
    }
    Ok(files + put_all(out, put).map_err(Failed::Output)?)
}

/// Gives every file of `out` to `put`, in parallel; returns how many.
fn put_all(out: Output, put: &Put) -> std::io::Result<usize> {
    let n = out.len();
    out.into_par_iter()
        .try_for_each(|(path, bytes)| put(path, bytes))?;
    Ok(n)
}

/// The search index as a script that sets `window.BRIEFING_SEARCH`, loaded by a `<script>` tag as mdBook does.
fn search_index(views: &Views) -> Vec<u8> {
    let json = serde_json::to_string(&views.search_entries()).unwrap_or_else(|_| "[]".into());
    format!("window.BRIEFING_SEARCH = {json};\n").into_bytes()
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
