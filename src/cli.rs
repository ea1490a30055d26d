//! The command line: one Options struct per command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diag::Format;

#[derive(Debug, Parser)]
#[command(
    name = "briefing",
    version = env!("BRIEFING_VERSION"),
    about = "Builds the cited briefing on US third-country deportations"
)]
pub struct Cli {
    /// The project folder (holding content/, seeds/ and templates/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// How to print diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print how long each stage took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// No progress lines (they are shown only on a terminal anyway).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check everything and write the site to the output folder, replacing it atomically.
    Build(BuildOptions),
    /// Check everything (YAML, references, every quote) and build nothing; lists all problems.
    Check,
    /// Build the site into one zip for offline reading (it works from file://); public/ is not touched.
    Bundle(BundleOptions),
    /// List every seed sentence that no claim cites and no `unused` entry accounts for.
    Coverage,
    /// Explain an error code, e.g. `briefing explain E020`.
    Explain(ExplainOptions),
    /// Scaffold new content.
    #[command(subcommand)]
    New(NewCommand),
    /// Write the JSON Schemas of the content files (for editors) into schemas/.
    Schema(SchemaOptions),
    /// Preview the site on 127.0.0.1, rebuilt in memory on each change, with live reload; writes nothing.
    Serve(ServeOptions),
    /// Print a completion script for a shell, e.g. `briefing completions bash > ~/.local/share/bash-completion/completions/briefing`.
    Completions(CompletionsOptions),
    /// Print the manual page (roff), e.g. `briefing man > ~/.local/share/man/man1/briefing.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsOptions {
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write content/countries/<slug>.yaml: a commented profile whose TODOs `check` reports until filled in.
    Country {
        /// The country's name, e.g. "Costa Rica".
        name: String,
        /// The file's name and the country's id in links, e.g. `costa-rica` (default: the name transliterated
        /// to ASCII).
        #[arg(long)]
        slug: Option<String>,
    },
    /// Copy a seed into seeds/ (byte for byte) and register it in seeds/sources.yaml.
    Source {
        /// The article as a UTF-8 .txt file.
        file: PathBuf,
        /// The id citations will use (default: from the file name).
        #[arg(long)]
        id: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SchemaOptions {
    /// Output folder, relative to the project folder.
    #[arg(long, short, default_value = "schemas")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildOptions {
    /// Output folder, relative to the project folder.
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// The address the build is published at: fail unless site.yaml's `base_url` is that address (for the
    /// deploying workflow).
    #[arg(long, value_name = "URL", conflicts_with = "relative")]
    pub published_at: Option<String>,
    /// Every address relative, as in the offline editions, even with a `base_url` (a copy to open from file://).
    #[arg(long)]
    pub relative: bool,
}

#[derive(Debug, Args)]
pub struct BundleOptions {
    /// The file to write, relative to the project folder [default: briefing-offline.zip, or briefing.html with
    /// --single-file].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write the whole briefing as one self-contained HTML document to mail or print, instead of the zip.
    #[arg(long)]
    pub single_file: bool,
}

#[derive(Debug, Args)]
pub struct ExplainOptions {
    pub code: String,
}

#[derive(Debug, Args)]
pub struct ServeOptions {
    /// The port on 127.0.0.1; 0 picks a free one (the URL is printed).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using the system's file events (for network and container file systems,
    /// where events are unreliable); also used when file events cannot be watched.
    #[arg(long)]
    pub poll: bool,
}
