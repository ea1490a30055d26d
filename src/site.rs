//! The pipeline: load -> validate -> render, each stage timed; `check` stops before rendering.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic};
use crate::model::Site;
use crate::render::{self, Output, Tally};
use crate::{coverage, load, validate};

/// Stage timings, printed with `--verbose`; on a terminal, the stage under way is shown while it runs.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>, pub Progress);

impl Timings {
    pub fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        self.1.start(stage);
        let start = Instant::now();
        let out = f();
        self.0.push((stage, start.elapsed()));
        self.1.end();
        out
    }

    /// `time` for a stage that can take seconds on a large site: on a terminal its line also counts what `f`
    /// adds to the tally ("render and write… 41,200 files written"), out of `total` when it is known.
    pub fn time_counting<T>(
        &mut self,
        stage: &'static str,
        unit: &'static str,
        total: Option<usize>,
        f: impl FnOnce(&Tally) -> T,
    ) -> T {
        let tally = Tally::default();
        let start = Instant::now();
        let out = self.1.counting(stage, (unit, total), &tally, || f(&tally));
        self.0.push((stage, start.elapsed()));
        out
    }
}

/// How often a counting stage's line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// A count as a progress line shows it: "41,200 files written", "2,500 of 10,000 country files".
fn count_text(done: usize, (unit, total): (&str, Option<usize>)) -> String {
    match total {
        Some(total) => format!("{} of {} {unit}", grouped(done), grouped(total)),
        None => format!("{} {unit}", grouped(done)),
    }
}

/// `line` cut to fit in `width` columns without reaching the last (where some terminals wrap at once), without
/// trailing spaces; 80 columns when the width is unknown (0).
fn fit(line: &str, width: usize) -> String {
    let width = if width == 0 { 80 } else { width };
    let cut: String = line.chars().take(width - 1).collect();
    cut.trim_end().to_owned()
}

/// A number with its thousands separated by commas, as the site's English text writes them.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Progress for work that can take seconds (a large site): one line on stderr naming the stage under way,
/// erased when the stage ends, so that nothing of it stays in the terminal. Off unless stderr is a terminal.
#[derive(Debug, Default, Clone, Copy)]
pub struct Progress {
    /// What is being done ("building"); `None` when silent.
    what: Option<&'static str>,
    color: bool,
}

impl Progress {
    /// Progress on stderr if it is a terminal and `quiet` is not set; dimmed if `color` allows.
    pub fn on_terminal(what: &'static str, quiet: bool, color: bool) -> Progress {
        use std::io::IsTerminal;
        let shown = !quiet && std::io::stderr().is_terminal();
        Progress {
            what: shown.then_some(what),
            color,
        }
    }

    fn start(&self, stage: &str) {
        self.show(stage, "");
    }

    /// Replaces the line with the stage under way and, after it, `count`, cut to the terminal's width: a line
    /// that wrapped could not be erased.
    fn show(&self, stage: &str, count: &str) {
        if let Some(what) = self.what {
            let (dim, reset) = if self.color {
                ("\x1b[2m", "\x1b[0m")
            } else {
                ("", "")
            };
            let width = rustix::termios::tcgetwinsize(std::io::stderr())
                .map_or(0, |w| usize::from(w.ws_col));
            let line = fit(&format!("{what}: {stage}… {count}"), width);
            eprint!("\r\x1b[K{dim}{line}{reset}");
        }
    }

    /// Runs `f`, showing the stage with `tally`'s count, redrawn every `TICK` from a thread of its own and
    /// once more at the end (so that the last count shown is the whole).
    fn counting<T>(
        &self,
        stage: &str,
        unit: (&str, Option<usize>),
        tally: &Tally,
        f: impl FnOnce() -> T,
    ) -> T {
        if self.what.is_none() {
            return f();
        }
        let show = || self.show(stage, &count_text(tally.get(), unit));
        let out = std::thread::scope(|scope| {
            let (stop, stopped) = mpsc::channel::<()>();
            scope.spawn(move || {
                show();
                // Ends when `stop` is dropped, that is when `f` has returned.
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(TICK) {
                    show();
                }
            });
            let out = f();
            drop(stop);
            out
        });
        show();
        self.end();
        out
    }

    fn end(&self) {
        if self.what.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}

/// The outcome of checking: the resolved site (if the sources could be read) and every diagnostic, sorted.
pub struct Checked {
    pub site: Option<Site>,
    pub diags: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates everything, and lists uncovered seed sentences as warnings.
/// Country files are parsed during validation, a chunk at a time (`validate::validate_on_disk`): "load" reads
/// everything else.
pub fn check(root: &Path, timings: &mut Timings) -> Checked {
    let (loaded, mut diags, countries) =
        timings.time("load", || load::load_deferring_countries(root));
    let total = Some(countries.len());
    let stage = "load countries and validate";
    let (site, more) = timings.time_counting(stage, "country files read", total, |tally| {
        validate::validate_on_disk(root, &loaded, &countries, &|| tally.add(1))
    });
    diags.extend(more);
    finish_check(site, diags, timings)
}

/// The last step of checking, shared with `serve`'s incremental checks: coverage warnings once every citation
/// resolved (before that they would repeat the errors), and a stable order.
pub fn finish_check(
    site: Option<Site>,
    mut diags: Vec<Diagnostic>,
    timings: &mut Timings,
) -> Checked {
    if let (Some(site), false) = (&site, diags.iter().any(Diagnostic::is_error)) {
        diags.extend(timings.time("coverage", || uncovered_diagnostics(site)));
    }
    diag::sort(&mut diags);
    Checked { site, diags }
}

/// What stops a build but not a check: a scaffold's TODO is only a warning while editing, but it must not
/// reach the published site.
pub fn promote_for_build(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| d.code == "W001") {
        d.severity = diag::Severity::Error;
    }
}

/// One warning per seed sentence that nothing cites and nothing lists as unused.
pub fn uncovered_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let uncovered = coverage::uncovered(site);
    // Sentences come by source and in reading order, so each source's positions are found in one pass.
    uncovered
        .chunk_by(|a, b| a.source == b.source)
        .flat_map(|group| {
            let source = &site.sources[group[0].source];
            let starts: Vec<usize> = group.iter().map(|u| u.span.start).collect();
            let places = diag::Pos::of_offsets(&source.text, &starts);
            group.iter().zip(places).map(move |(u, (pos, line))| {
                Diagnostic::warning(
                    "W002",
                    format!("sentence of `{}` is neither cited nor listed as unused", source.id),
                )
                .in_file(&Path::new("seeds").join(&source.file))
                .placed(Some(pos), line, None)
                .help(format!(
                    "cite it from a claim, or add it to `unused` in seeds/sources.yaml with a reason:\n\"{}\"",
                    u.text
                ))
            })
        })
        .collect()
}

/// A site that passed the checks, with its compiled templates and the warnings to print: ready to render.
pub struct Ready {
    pub site: Site,
    pub tera: tera::Tera,
    pub warnings: Vec<Diagnostic>,
}

/// Which addresses the output carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addresses {
    /// As published: absolute under `site.yaml`'s `base_url`, where it gives one, wherever a copied address must
    /// still lead somewhere (ids in the open data, the feed, canonical links, the sitemap, the 404 page's links).
    Published,
    /// Every address relative, whatever `base_url` says: the offline editions, and `build --relative`, which a
    /// reader opens from `file://`, where the published addresses would lead out of the copy.
    Relative,
}

impl Ready {
    pub fn with_addresses(mut self, addresses: Addresses) -> Ready {
        if addresses == Addresses::Relative {
            self.site.base_url = None;
        }
        self
    }
}

/// `build --published-at URL`, the deploying build's guard: `site.yaml` must give `URL` as its `base_url` (a
/// trailing `/` aside), or the published data would carry relative ids, or the wrong address (E042).
pub fn check_published_at(root: &Path, site: &Site, url: &str) -> Option<Diagnostic> {
    let same = |a: &str| a.trim_end_matches('/') == url.trim_end_matches('/');
    if site.base_url.as_deref().is_some_and(same) {
        return None;
    }
    let rel = Path::new("content/site.yaml");
    let message = match &site.base_url {
        Some(b) => format!("the site is published at `{url}`, but `base_url` is `{b}`"),
        None => format!("the site is published at `{url}`, but site.yaml has no `base_url`"),
    };
    // Parsed again only to place the message on `base_url`; it parsed when the site was checked.
    let doc = std::fs::read_to_string(root.join(rel))
        .ok()
        .and_then(|text| load::parse_doc::<crate::content::SiteFile>(rel, text).ok());
    let placed = match doc {
        Some(doc) if site.base_url.is_some() => doc.diag("E042", "base_url", message),
        _ => Diagnostic::error("E042", message).in_file(rel),
    };
    Some(placed.help(format!("set `base_url: \"{url}\"` in content/site.yaml")))
}

/// Checks, and compiles the templates. Errors from either stop the build; warnings come back with the site.
pub fn prepare(root: &Path, timings: &mut Timings) -> Result<Ready, Vec<Diagnostic>> {
    let mut checked = check(root, timings);
    promote_for_build(&mut checked.diags);
    let (Some(site), false) = (checked.site.take(), checked.has_errors()) else {
        return Err(checked.diags);
    };
    let tera = timings.time("templates", || render::templates::load(root))?;
    Ok(Ready {
        site,
        tera,
        warnings: checked.diags,
    })
}

/// Checks, then renders into memory (`serve`, `bundle`). Errors from any stage stop the build; warnings come back
/// with the output.
pub fn build(
    root: &Path,
    timings: &mut Timings,
    addresses: Addresses,
) -> Result<(Output, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ready = prepare(root, timings)?.with_addresses(addresses);
    let out = timings.time_counting("render", "files rendered", None, |tally| {
        render::render(root, &ready.site, &ready.tera, tally)
    })?;
    Ok((out, ready.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_their_thousands_grouped() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (100_646, "100,646"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), text);
        }
        assert_eq!(
            count_text(41_200, ("files written", None)),
            "41,200 files written"
        );
        assert_eq!(
            count_text(2_500, ("country files read", Some(10_000))),
            "2,500 of 10,000 country files read"
        );
    }

    #[test]
    fn a_progress_line_fits_in_the_terminal() {
        assert_eq!(fit("building: render… ", 80), "building: render…");
        assert_eq!(fit("building: render… 41,200 files", 12), "building: r");
        assert_eq!(fit(&"x".repeat(100), 0).len(), 79);
    }
}
