//! `briefing serve`: the site built in memory, served on 127.0.0.1, rebuilt when content, seeds or templates
//! change, with open pages reloaded (Server-Sent Events) once a rebuild has finished. Content errors are printed
//! and shown over the page while the last good site stays served. Nothing is written to disk.

mod connections;
mod http;
mod rebuild;
mod watch;

use std::collections::BTreeSet;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, RwLock};
use std::time::Instant;

use crate::cli::{Cli, ServeOptions};
use crate::diag::{self, Diagnostic, Format};
use crate::site::{Progress, Timings};
pub use rebuild::Files;

pub use rebuild::{Outcome, Rebuilder};

/// What open pages are told after each rebuild: which build is current, and the errors of the last attempt.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Status {
    /// Changes whenever the served files change; a page served with another value reloads.
    pub generation: u64,
    /// The diagnostics of a failed rebuild, as `check` prints them; `None` once the site builds again.
    pub error: Option<String>,
}

/// The files being served (`None` until a first build succeeds) and their generation.
pub struct Served {
    pub output: Option<Arc<Files>>,
    pub generation: u64,
}

/// How diagnostics are printed in the terminal.
#[derive(Clone, Copy)]
struct Printer {
    format: Format,
    color: bool,
    quiet: bool,
}

impl Printer {
    fn diagnostics(&self, diags: &[Diagnostic]) {
        let text = diag::render(diags, self.format, self.color);
        if self.format == Format::Json {
            let _ = std::io::stdout().write_all(text.as_bytes());
        } else {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

/// Runs the server until SIGINT or SIGTERM; returns the exit code (0, or 2 if it cannot start).
pub fn run(cli: &Cli, opts: &ServeOptions, color: bool) -> u8 {
    let printer = Printer {
        format: cli.format,
        color,
        quiet: cli.quiet,
    };
    let root = match cli.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "{}",
                diag::escape_line(&format!(
                    "error: cannot open the project folder {}: {e}",
                    cli.root.display()
                ))
            );
            return 2;
        }
    };
    // Bound before building, so that a port in use is reported at once.
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, opts.port))) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} on 127.0.0.1 is already in use (another `briefing serve`?): stop that server, or choose another port with --port (--port 0 picks a free one)",
                opts.port
            );
            return 2;
        }
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", opts.port);
            return 2;
        }
    };
    let port = listener.local_addr().map_or(opts.port, |a| a.port());

    // Watching starts before the first build, so that a change made during it is not missed.
    let (changes_tx, changes) = mpsc::channel();
    let watching = match watch::start(&root, opts.poll, changes_tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the project for changes: {e}");
            return 2;
        }
    };
    if let Some(note) = watching.note() {
        eprintln!("{}", diag::escape_line(&note));
    }

    let mut timings = Timings(
        Vec::new(),
        Progress::on_terminal("first build", cli.quiet, color),
    );
    let start = Instant::now();
    let (rebuilder, outcome) = Rebuilder::new(&root, &mut timings);
    if cli.verbose {
        print_timings(&timings);
    }
    // Each server run starts from its own generation, so that a page left open from an earlier run reloads.
    let first = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64);
    let served = Arc::new(RwLock::new(Served {
        output: None,
        generation: first,
    }));
    let status = report(&printer, &served, outcome, start);
    let (status_tx, _) = tokio::sync::watch::channel(status);
    let status_tx = Arc::new(status_tx);

    let url = format!("http://127.0.0.1:{port}/");
    println!("serving {url} (Ctrl+C stops)");
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }

    {
        let served = Arc::clone(&served);
        let status_tx = Arc::clone(&status_tx);
        let verbose = cli.verbose;
        std::thread::spawn(move || {
            rebuild_loop(rebuilder, &changes, &printer, verbose, &served, &status_tx)
        });
    }
    let code = http::serve(listener, served, status_tx);
    drop(watching);
    code
}

/// Waits for changes and rebuilds, one batch at a time; changes that arrive during a rebuild make the next batch.
fn rebuild_loop(
    mut rebuilder: Rebuilder,
    changes: &mpsc::Receiver<BTreeSet<PathBuf>>,
    printer: &Printer,
    verbose: bool,
    served: &RwLock<Served>,
    status_tx: &tokio::sync::watch::Sender<Status>,
) {
    while let Ok(mut batch) = changes.recv() {
        while let Ok(more) = changes.try_recv() {
            batch.extend(more);
        }
        let start = Instant::now();
        let mut timings = Timings::default();
        let outcome = rebuilder.rebuild(&batch, &mut timings);
        if let Outcome::Unchanged = outcome {
            continue;
        }
        if verbose {
            print_timings(&timings);
        }
        if !printer.quiet {
            let names: Vec<String> = batch.iter().map(|p| p.display().to_string()).collect();
            eprintln!("changed: {}", diag::escape_line(&names.join(", ")));
        }
        let status = report(printer, served, outcome, start);
        status_tx.send_replace(status);
    }
}

/// Prints the outcome, serves the new files if there are any, and returns the status to tell open pages.
fn report(printer: &Printer, served: &RwLock<Served>, outcome: Outcome, start: Instant) -> Status {
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    // The lock is only held to swap a pointer; a panic while holding it cannot leave the data half-written.
    let mut served = served
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match outcome {
        Outcome::Built {
            output,
            changed,
            warnings,
        } => {
            printer.diagnostics(&warnings);
            if changed > 0 {
                served.generation += 1;
            }
            if !printer.quiet {
                eprintln!(
                    "built {} files in {ms:.0} ms ({changed} changed)",
                    output.len()
                );
            }
            served.output = Some(output);
            Status {
                generation: served.generation,
                error: None,
            }
        }
        // Not reported by the rebuild loop, which skips it; a first build always builds or fails.
        Outcome::Unchanged => Status {
            generation: served.generation,
            error: None,
        },
        Outcome::Failed(diags) => {
            printer.diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let kept = if served.output.is_some() {
                "the last good site is still served"
            } else {
                "nothing to serve until it builds"
            };
            eprintln!("build failed: {errors} error(s); {kept}");
            let mut text = diag::render(&diags, Format::Human, false);
            text.push_str(&format!("build failed: {errors} error(s); {kept}\n"));
            Status {
                generation: served.generation,
                error: Some(text),
            }
        }
    }
}

fn print_timings(timings: &Timings) {
    for (stage, d) in &timings.0 {
        eprintln!("{stage:>10}: {:.2} ms", d.as_secs_f64() * 1000.0);
    }
}

/// Opens `url` in the desktop's browser; a failure is only reported, the server goes on.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = opener {
        eprintln!("cannot open a browser ({e}); open {url} yourself");
    }
}
