//! The `briefing` binary: parse the command line, run the library, print diagnostics, set the exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use briefing::cli::{Cli, Command, NewCommand};
use briefing::diag::{self, Diagnostic, Format};
use briefing::site::{self, Progress, Timings};
use briefing::{bundle, new, render, schema, serve, write};
use clap::{CommandFactory, Parser};

/// Set when a write to stdout or stderr fails (a full disk, say): the exit code must say so, since a report
/// that did not arrive is not a pass.
static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Set when the reader of stdout or stderr has gone (`briefing check | head`): nothing more is written there,
/// and, as Unix tools do, nothing is said of it; the exit code is the command's own.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout or stderr, remembering a failure instead of panicking as `eprintln!` would.
fn emit(stdout: bool, text: &str) {
    let closed = if stdout {
        &STDOUT_CLOSED
    } else {
        &STDERR_CLOSED
    };
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let written = if stdout {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|()| out.flush())
    } else {
        std::io::stderr().lock().write_all(text.as_bytes())
    };
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            closed.store(true, Ordering::Relaxed)
        }
        Err(_) => OUTPUT_FAILED.store(true, Ordering::Relaxed),
    }
}

/// A line for the user on stderr; text that came from a file or the command line is escaped (no raw ESC, and no
/// line feed that would start a line of its own).
macro_rules! say {
    ($($arg:tt)*) => {
        emit(false, &format!("{}\n", diag::escape_line(&format!($($arg)*))))
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let uses_root = !matches!(
        cli.command,
        Command::Completions(_) | Command::Man | Command::Explain(_)
    );
    if uses_root {
        // One clear error for a mistyped --root, rather than every file of the project reported missing.
        let problem = match std::fs::metadata(&cli.root) {
            Ok(m) if m.is_dir() => None,
            Ok(_) => Some("is not a folder"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("no such folder"),
            Err(_) => Some("cannot be read"),
        };
        if let Some(problem) = problem {
            say!(
                "error: {}: {problem}; --root names the project folder, which holds content/, seeds/ and templates/",
                cli.root.display()
            );
            return ExitCode::from(2);
        }
    }
    let color = cli.format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let print = |diags: &[Diagnostic]| {
        let text = diag::render(diags, cli.format, color);
        // JSON is data: it goes to stdout; human and GitHub output go to stderr.
        emit(cli.format == Format::Json, &text);
    };
    let what = match &cli.command {
        Command::Build(_) => "building",
        Command::Bundle(_) => "bundling",
        _ => "checking",
    };
    let mut timings = Timings(Vec::new(), Progress::on_terminal(what, cli.quiet, color));
    let code = match &cli.command {
        Command::Check => {
            let checked = site::check(&cli.root, &mut timings);
            print(&checked.diags);
            summary(&checked.diags, "check");
            u8::from(checked.has_errors())
        }
        Command::Coverage => {
            let checked = site::check(&cli.root, &mut timings);
            let uncovered: Vec<Diagnostic> = checked
                .diags
                .iter()
                .filter(|d| d.code == "W002" || d.is_error())
                .cloned()
                .collect();
            print(&uncovered);
            let n = uncovered.iter().filter(|d| d.code == "W002").count();
            say!("{n} seed sentence(s) neither cited nor listed as unused");
            u8::from(!uncovered.is_empty())
        }
        Command::Build(opts) => match site::prepare(&cli.root, &mut timings).and_then(|ready| {
            match opts
                .published_at
                .as_deref()
                .and_then(|url| site::check_published_at(&cli.root, &ready.site, url))
            {
                Some(d) => Err(vec![d]),
                None => Ok(ready.with_addresses(if opts.relative {
                    site::Addresses::Relative
                } else {
                    site::Addresses::Published
                })),
            }
        }) {
            Err(diags) => content_failed(&diags, "build", &print),
            Ok(ready) => {
                print(&ready.warnings);
                // Pages are written into the staging folder as they are rendered, never all held in memory.
                let staging = write::output_path(&cli.root, &opts.output)
                    .and_then(|out_dir| write::Staging::begin(&out_dir));
                let rendered = staging.map(|staging| {
                    let stage = "render and write";
                    let files = timings.time_counting(stage, "files written", None, |tally| {
                        let sink = render::Counted {
                            sink: &staging,
                            tally,
                        };
                        render::render_into(&cli.root, &ready.site, &ready.tera, &sink)
                    });
                    (staging, files)
                });
                match rendered {
                    Err(e) | Ok((_, Err(render::Failed::Output(e)))) => {
                        written("build", &opts.output, Err(e), "", &print)
                    }
                    Ok((_, Err(render::Failed::Content(diags)))) => {
                        content_failed(&diags, "build", &print)
                    }
                    Ok((staging, Ok(files))) => {
                        let result = timings.time("swap", || staging.finish());
                        let done = format!(
                            "built {files} files into {}",
                            cli.root.join(&opts.output).display()
                        );
                        written("build", &opts.output, result, &done, &print)
                    }
                }
            }
        },
        Command::Bundle(opts) => match built(&cli, &mut timings, "bundle", &print) {
            Err(code) => code,
            Ok(files) => {
                let (edition, default) = if opts.single_file {
                    (bundle::Edition::SingleFile, "briefing.html")
                } else {
                    (bundle::Edition::Zip, "briefing-offline.zip")
                };
                let output = opts.output.clone().unwrap_or_else(|| default.into());
                let bytes = match edition {
                    bundle::Edition::Zip => bundle::zip(&files),
                    bundle::Edition::SingleFile => briefing::render::edition::single_file(&files)
                        .map_err(std::io::Error::other),
                };
                let result = write::output_path(&cli.root, &output).and_then(|path| {
                    bytes.and_then(|bytes| bundle::write_file_atomic(&path, &bytes, edition))
                });
                let done = match edition {
                    bundle::Edition::Zip => format!(
                        "bundled {} files into {}: unzip it and open {}/index.html",
                        files.len(),
                        output.display(),
                        bundle::TOP
                    ),
                    bundle::Edition::SingleFile => format!(
                        "wrote the single-file edition to {}: open it in a browser, or print it",
                        output.display()
                    ),
                };
                written("bundle", &output, result, &done, &print)
            }
        },
        Command::New(NewCommand::Country { name, slug }) => {
            match new::country(&cli.root, name, slug.as_deref()) {
                Ok(rel) => {
                    say!("wrote {}: fill in its TODOs and cite a seed for each claim, then run `briefing check`", rel.display());
                    0
                }
                Err(e) => {
                    say!("error: {e}");
                    2
                }
            }
        }
        Command::New(NewCommand::Source { file, id }) => {
            match new::source(&cli.root, file, id.as_deref()) {
                Ok(id) => {
                    say!("registered `{id}` in seeds/sources.yaml: fill in its TODOs (publisher, date, language), then run `briefing check`");
                    0
                }
                Err(e) => {
                    say!("error: {e}");
                    2
                }
            }
        }
        Command::Schema(opts) => {
            let dir = cli.root.join(&opts.output);
            let written = std::fs::create_dir_all(&dir).and_then(|()| {
                schema::all()
                    .iter()
                    .try_for_each(|(name, s)| std::fs::write(dir.join(name), schema::to_text(s)))
            });
            match written {
                Ok(()) => {
                    say!(
                        "wrote {} schemas into {}",
                        schema::all().len(),
                        dir.display()
                    );
                    0
                }
                Err(e) => {
                    say!("error: cannot write {}: {e}", dir.display());
                    2
                }
            }
        }
        Command::Serve(opts) => serve::run(&cli, opts, color),
        Command::Completions(opts) => {
            let mut script = Vec::new();
            clap_complete::generate(opts.shell, &mut Cli::command(), "briefing", &mut script);
            emit(true, &String::from_utf8_lossy(&script));
            0
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => {
                    emit(true, &String::from_utf8_lossy(&page));
                    0
                }
                Err(e) => {
                    say!("error: cannot write the manual page: {e}");
                    2
                }
            }
        }
        Command::Explain(opts) => match diag::explain(&opts.code) {
            Some(text) => {
                emit(true, &text);
                0
            }
            None => {
                say!(
                    "unknown error code `{}`; the codes are {} (the site's page for contributors, contribute/, explains each)",
                    opts.code,
                    diag::CODES.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
                );
                2
            }
        },
    };
    if cli.verbose {
        for (stage, d) in &timings.0 {
            say!("{stage:>10}: {:.2} ms", d.as_secs_f64() * 1000.0);
        }
    }
    if OUTPUT_FAILED.load(Ordering::Relaxed) {
        // stderr may be what failed; this is the last try.
        let _ = writeln!(
            std::io::stderr(),
            "error: the output could not be written in full"
        );
        return ExitCode::from(code.max(2));
    }
    ExitCode::from(code)
}

/// Checks and renders; on content errors prints them and gives exit code 1, else prints warnings.
fn built(
    cli: &Cli,
    timings: &mut Timings,
    what: &str,
    print: &dyn Fn(&[Diagnostic]),
) -> Result<briefing::render::Output, u8> {
    // The offline editions keep every address relative, whatever `base_url` says.
    match site::build(&cli.root, timings, site::Addresses::Relative) {
        Err(diags) => Err(content_failed(&diags, what, print)),
        Ok((files, warnings)) => {
            print(&warnings);
            Ok(files)
        }
    }
}

/// Reports content errors (or a template that failed): exit code 1, and nothing written.
fn content_failed(diags: &[Diagnostic], what: &str, print: &dyn Fn(&[Diagnostic])) -> u8 {
    print(diags);
    summary(diags, what);
    say!("nothing was written; the existing output is unchanged");
    1
}

/// Reports the outcome of writing `output`: exit code 0, or 2 with an E041 diagnostic.
fn written(
    what: &str,
    output: &Path,
    result: std::io::Result<()>,
    done: &str,
    print: &dyn Fn(&[Diagnostic]),
) -> u8 {
    match result {
        Ok(()) => {
            say!("{done}");
            0
        }
        Err(e) => {
            let d = Diagnostic::error("E041", format!("cannot write {}: {e}", output.display()))
                .help("choose another folder or file with --output, or remove what is in the way");
            print(std::slice::from_ref(&d));
            summary(&[d], what);
            2
        }
    }
}

fn summary(diags: &[Diagnostic], what: &str) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        say!("{what} failed: {errors} error(s), {warnings} warning(s)");
    } else {
        say!("{what} passed: {warnings} warning(s)");
    }
}

// A fifth of a build's CPU was glibc's allocator. Measured at 10,000 synthetic pages (farm-bench, 5 pairs, medians):
// mimalloc 0.76 of glibc's CPU and wall time, tikv-jemallocator 0.81 of its CPU.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
