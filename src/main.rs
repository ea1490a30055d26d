//! The `briefing` binary: parse the command line, run the library, print diagnostics, set the exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use briefing::cli::{Cli, Command, NewCommand};
use briefing::diag::{self, Diagnostic, Format};
use briefing::site::{self, Progress, Timings};
use briefing::{bundle, new, schema, serve, write};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let print = |diags: &[Diagnostic]| {
        let text = diag::render(diags, cli.format, color);
        // JSON is data: it goes to stdout; human and GitHub output go to stderr.
        if cli.format == Format::Json {
            let _ = std::io::stdout().write_all(text.as_bytes());
        } else {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
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
            eprintln!("{n} seed sentence(s) neither cited nor listed as unused");
            u8::from(!uncovered.is_empty())
        }
        Command::Build(opts) => match built(&cli, &mut timings, "build", &print) {
            Err(code) => code,
            Ok(files) => {
                let out_dir = cli.root.join(&opts.output);
                let start = std::time::Instant::now();
                let result = write::write_atomic(&out_dir, &files);
                timings.0.push(("write", start.elapsed()));
                let done = format!("built {} files into {}", files.len(), out_dir.display());
                written("build", &opts.output, result, &done, &print)
            }
        },
        Command::Bundle(opts) => match built(&cli, &mut timings, "bundle", &print) {
            Err(code) => code,
            Ok(files) => {
                let path = cli.root.join(&opts.output);
                let result =
                    bundle::zip(&files).and_then(|bytes| bundle::write_file_atomic(&path, &bytes));
                let done = format!(
                    "bundled {} files into {}: unzip it and open {}/index.html",
                    files.len(),
                    opts.output.display(),
                    bundle::TOP
                );
                written("bundle", &opts.output, result, &done, &print)
            }
        },
        Command::New(NewCommand::Country { name }) => match new::country(&cli.root, name) {
            Ok(rel) => {
                eprintln!("wrote {}: fill in its TODOs and cite a seed for each claim, then run `briefing check`", rel.display());
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        Command::New(NewCommand::Source { file, id }) => {
            match new::source(&cli.root, file, id.as_deref()) {
                Ok(id) => {
                    eprintln!("registered `{id}` in seeds/sources.yaml: fill in its TODOs (publisher, date, language), then run `briefing check`");
                    0
                }
                Err(e) => {
                    eprintln!("error: {e}");
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
                    eprintln!(
                        "wrote {} schemas into {}",
                        schema::all().len(),
                        dir.display()
                    );
                    0
                }
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", dir.display());
                    2
                }
            }
        }
        Command::Serve(opts) => serve::run(&cli, opts, color),
        Command::Explain(opts) => match diag::explain(&opts.code) {
            Some(text) => {
                print!("{text}");
                0
            }
            None => {
                eprintln!(
                    "unknown error code `{}`; codes are listed on the site's about page",
                    opts.code
                );
                2
            }
        },
    };
    if cli.verbose {
        for (stage, d) in &timings.0 {
            eprintln!("{stage:>10}: {:.2} ms", d.as_secs_f64() * 1000.0);
        }
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
    match site::build(&cli.root, timings) {
        Err(diags) => {
            print(&diags);
            summary(&diags, what);
            eprintln!("nothing was written; the existing output is unchanged");
            Err(1)
        }
        Ok((files, warnings)) => {
            print(&warnings);
            Ok(files)
        }
    }
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
            eprintln!("{done}");
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
        eprintln!("{what} failed: {errors} error(s), {warnings} warning(s)");
    } else {
        eprintln!("{what} passed: {warnings} warning(s)");
    }
}
