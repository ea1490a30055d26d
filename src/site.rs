//! The pipeline: load -> validate -> render, each stage timed; `check` stops before rendering.

use std::path::Path;
use std::time::Instant;

use crate::diag::{self, Diagnostic};
use crate::model::Site;
use crate::render::{self, Output};
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
        if let Some(what) = self.what {
            let (dim, reset) = if self.color {
                ("\x1b[2m", "\x1b[0m")
            } else {
                ("", "")
            };
            eprint!("\r\x1b[K{dim}{what}: {stage}…{reset}");
        }
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
    let (site, more) = timings.time("load countries and validate", || {
        validate::validate_on_disk(root, &loaded, &countries)
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
) -> Result<(Output, Vec<Diagnostic>), Vec<Diagnostic>> {
    let ready = prepare(root, timings)?;
    let out = timings.time("render", || render::render(root, &ready.site, &ready.tera))?;
    Ok((out, ready.warnings))
}
