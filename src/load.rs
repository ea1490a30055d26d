//! Load: a sorted walk of content/ and seeds/, each YAML file parsed into its typed struct with a span index.
//! Every problem becomes a Diagnostic; loading goes on past a bad file so that all are reported at once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::content::{CountryFile, SiteFile, SourcesFile, TimelineFile, TopicFile};
use crate::diag::{Diagnostic, Pos};
use crate::spans::{SpanError, SpanIndex};

/// Content files above this size are refused before parsing (the real ones are a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One parsed YAML file: where it came from, its text, where each value sits, and the typed data.
#[derive(Debug)]
pub struct Doc<T> {
    pub file: PathBuf,
    pub text: String,
    pub spans: SpanIndex,
    pub data: T,
}

impl<T> Doc<T> {
    /// A diagnostic placed at the value found at `path` in this file.
    pub fn diag(&self, code: &'static str, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).in_file(&self.file).at(
            &self.text,
            self.spans.find(path),
            Some(path),
        )
    }
}

#[derive(Debug)]
pub struct Seed {
    pub file: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Doc<SiteFile>>,
    pub sources: Option<Doc<SourcesFile>>,
    /// Seed texts by file name.
    pub seeds: BTreeMap<String, Seed>,
    /// Country profiles by slug (the file's stem), sorted.
    pub countries: BTreeMap<String, Doc<CountryFile>>,
    /// Every country file's slug, including files that failed to parse: references to them are not errors.
    pub country_slugs: std::collections::BTreeSet<String>,
    pub topics: BTreeMap<String, Doc<TopicFile>>,
    pub timeline: Option<Doc<TimelineFile>>,
}

pub fn load(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Loaded {
        site: load_doc(root, Path::new("content/site.yaml"), &mut diags),
        sources: load_doc(root, Path::new("seeds/sources.yaml"), &mut diags),
        timeline: load_doc(root, Path::new("content/timeline.yaml"), &mut diags),
        ..Loaded::default()
    };
    for rel in list_files(root, "seeds", "txt", &mut diags) {
        if let Some(text) = read_text(root, &rel, &mut diags) {
            let name = file_name(&rel);
            out.seeds.insert(name, Seed { file: rel, text });
        }
    }
    report_strays(root, &mut diags);
    for (slug, doc) in load_dir(root, "content/countries", &mut diags) {
        out.country_slugs.insert(slug.clone());
        if let Some(doc) = doc {
            out.countries.insert(slug, doc);
        }
    }
    for (slug, doc) in load_dir(root, "content/topics", &mut diags) {
        if let Some(doc) = doc {
            out.topics.insert(slug, doc);
        }
    }
    (out, diags)
}

/// What content/ may hold; anything else (a `timeline.yml`, a `country/` folder) is a mistake worth naming,
/// since it would otherwise be silently left out of the site.
const CONTENT_ENTRIES: &[&str] = &["site.yaml", "timeline.yaml", "countries", "topics"];

fn report_strays(root: &Path, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = fs::read_dir(root.join("content")) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names
        .iter()
        .filter(|n| !n.starts_with('.') && !CONTENT_ENTRIES.contains(&n.as_str()))
    {
        let mut d = Diagnostic::error("E004", "unexpected entry in content/")
            .in_file(&Path::new("content").join(name));
        d = d.help(
            match crate::suggest::closest(name, CONTENT_ENTRIES.iter().copied()) {
                Some(best) => format!("did you mean `content/{best}`?"),
                None => format!("content/ holds only {}", CONTENT_ENTRIES.join(", ")),
            },
        );
        diags.push(d);
    }
}

/// One file's outcome: its slug (if valid), its parsed contents (if they parsed), and its problems.
type Loading<T> = (Option<String>, Option<Doc<T>>, Vec<Diagnostic>);

/// Every `.yaml` file of `dir` with a valid slug, parsed in parallel; diagnostics keep the files' order.
fn load_dir<T: DeserializeOwned + Send>(
    root: &Path,
    dir: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Option<Doc<T>>)> {
    let files = list_files(root, dir, "yaml", diags);
    let loaded: Vec<Loading<T>> = files
        .par_iter()
        .map(|rel| {
            let mut own = Vec::new();
            let slug = slug_of(rel, &mut own);
            let doc = slug.as_ref().and_then(|_| load_doc(root, rel, &mut own));
            (slug, doc, own)
        })
        .collect();
    loaded
        .into_iter()
        .filter_map(|(slug, doc, own)| {
            diags.extend(own);
            slug.map(|s| (s, doc))
        })
        .collect()
}

fn file_name(rel: &Path) -> String {
    rel.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Files with extension `ext` directly in `dir`, sorted by name. Hidden files (editor swap files) are skipped;
/// links and files with another extension are reported, not followed or silently ignored.
fn list_files(root: &Path, dir: &str, ext: &str, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let base = root.join(dir);
    match fs::symlink_metadata(&base) {
        _ if linked_component(root, Path::new(dir)).is_some() => {
            diags.push(
                Diagnostic::error(
                    "E004",
                    "links are not followed in content: replace it with the folder itself",
                )
                .in_file(Path::new(dir)),
            );
            return files;
        }
        Ok(meta) if meta.is_dir() => {}
        _ => return files,
    }
    for entry in WalkDir::new(&base)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(
                    Diagnostic::error("E004", format!("cannot list {dir}/: {e}"))
                        .in_file(Path::new(dir)),
                );
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || (dir == "seeds" && name.ends_with(".yaml")) {
            continue;
        }
        let rel = Path::new(dir).join(entry.file_name());
        let kind = entry.file_type();
        if kind.is_symlink() {
            diags.push(
                Diagnostic::error(
                    "E004",
                    "links are not followed in content: replace it with the file itself",
                )
                .in_file(&rel),
            );
        } else if kind.is_dir() {
            diags.push(
                Diagnostic::error("E004", format!("unexpected folder in {dir}/"))
                    .in_file(&rel)
                    .help(format!("{dir}/ holds .{ext} files only")),
            );
        } else if entry.path().extension().and_then(|e| e.to_str()) != Some(ext) {
            diags.push(
                Diagnostic::error(
                    "E004",
                    format!("unexpected file in {dir}/: expected a .{ext} file"),
                )
                .in_file(&rel),
            );
        } else {
            files.push(rel);
        }
    }
    files
}

/// The slug a file name gives, if it is a valid one.
fn slug_of(rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = rel.file_stem()?.to_string_lossy().into_owned();
    if is_slug(&stem) {
        Some(stem)
    } else {
        diags.push(
            Diagnostic::error("E005", format!("`{stem}` is not a valid slug"))
                .in_file(rel)
                .help(format!("rename the file to `{}.yaml`", suggest_slug(&stem))),
        );
        None
    }
}

/// Names Windows reserves for devices: a page folder with one of these names could not be opened there.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Lowercase ASCII letters and digits, separated by single hyphens, at most 64 long, not a reserved name.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !RESERVED.contains(&s)
        && s.len() <= 64
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The ASCII letter a Latin letter with a diacritic is written with in a slug: "é" -> 'e'.
fn fold_latin(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőřśšşţťùúûüūůűųýÿźżž";
    const TO: &str = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorsssttuuuuuuuuyyzzz";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// A slug made from any name: "Costa Rica" -> "costa-rica", "São Tomé" -> "sao-tome".
pub fn suggest_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase).map(fold_latin) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    // Always a valid slug: at most 64 characters, never a reserved device name.
    let mut out: String = out.trim_end_matches('-').chars().take(64).collect();
    out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "country".to_owned()
    } else if RESERVED.contains(&out.as_str()) {
        format!("{out}-country")
    } else {
        out
    }
}

/// The first component of `rel` (below `root`) that is a symbolic link, if any: content is read only from
/// real folders and files inside the project, so a link anywhere on the path is refused.
pub fn linked_component(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in rel.components() {
        path.push(part);
        if fs::symlink_metadata(root.join(&path)).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(path);
        }
    }
    None
}

/// Reads a file as UTF-8 text, refusing links, oversized files and invalid UTF-8 with a position.
fn read_text(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let path = root.join(rel);
    let fail = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::error("E004", msg).in_file(rel));
        None
    };
    if let Some(link) = linked_component(root, rel) {
        return fail(
            diags,
            format!(
                "{} is a link; links are not followed in content",
                link.display()
            ),
        );
    }
    let meta = match fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(diags, "file is missing".to_owned())
        }
        Err(e) => return fail(diags, format!("cannot read: {e}")),
    };
    if meta.file_type().is_symlink() {
        return fail(diags, "links are not followed in content".to_owned());
    }
    if meta.len() > MAX_FILE_BYTES {
        return fail(
            diags,
            format!(
                "file is {} bytes; the limit is {MAX_FILE_BYTES}",
                meta.len()
            ),
        );
    }
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => return fail(diags, format!("cannot read: {e}")),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let pos = Pos::of_offset(valid, valid.chars().count());
            diags.push(
                Diagnostic::error("E004", "file is not valid UTF-8")
                    .in_file(rel)
                    .at(valid, Some(pos), None)
                    .help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// Reads, indexes and deserialises one YAML file. A missing file is reported as E004.
fn load_doc<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<T>> {
    // One line ending for both parsers: the YAML parser counts a lone \r as a line break, `str::lines` does not.
    let text = read_text(root, rel, diags)?
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    parse_doc(rel, text).map_err(|d| diags.push(d)).ok()
}

/// Indexes and deserialises YAML text that came from `rel`; anchors and aliases are refused.
pub fn parse_doc<T: DeserializeOwned>(rel: &Path, text: String) -> Result<Doc<T>, Diagnostic> {
    let spans = match SpanIndex::build(&text) {
        Ok(s) => s,
        Err(SpanError::Syntax { pos, message }) => {
            return Err(
                Diagnostic::error("E001", format!("invalid YAML: {message}"))
                    .in_file(rel)
                    .at(&text, Some(pos), None)
                    .help("a value containing `: ` or ` #`, or starting with a quote mark, `[`, `{`, `&`, `*`, `!`, `|` or `>`, must be put in double quotes"),
            );
        }
        Err(SpanError::Control { pos, ch }) => {
            return Err(Diagnostic::error(
                "E002",
                format!("control character U+{:04X} in a value", u32::from(ch)),
            )
            .in_file(rel)
            .at(&text, Some(pos), None)
            .help(
                "remove it: values hold plain text (a YAML escape such as \\0 or \\x1b makes one)",
            ));
        }
        Err(SpanError::Alias { pos }) => {
            return Err(Diagnostic::error(
                "E003",
                "YAML anchors and aliases are not allowed in content",
            )
            .in_file(rel)
            .at(&text, Some(pos), None)
            .help("write the value out in full"));
        }
    };
    match serde_yaml::from_str::<T>(&text) {
        Ok(data) => Ok(Doc {
            file: rel.to_path_buf(),
            text,
            spans,
            data,
        }),
        Err(e) => Err(schema_diagnostic(rel, &text, &spans, &e)),
    }
}

/// Turns a serde_yaml error into a diagnostic with its position and, for a misspelt name, a suggestion.
fn schema_diagnostic(
    rel: &Path,
    text: &str,
    spans: &SpanIndex,
    e: &serde_yaml::Error,
) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic shows the position itself.
    let message = match full.find(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let (path, detail) = match message.split_once(": ") {
        Some((p, d)) if !p.contains(' ') => (Some(p.to_owned()), d.to_owned()),
        _ => (None, message.clone()),
    };
    let pos = e
        .location()
        .map(|l| Pos {
            line: l.line(),
            col: l.column(),
        })
        .or_else(|| path.as_deref().and_then(|p| spans.find(p)));
    let mut d =
        Diagnostic::error("E002", detail.clone())
            .in_file(rel)
            .at(text, pos, path.as_deref());
    if let Some(help) = schema_help(&detail) {
        d = d.help(help);
    }
    d
}

/// "did you mean" for unknown fields and variants; an example for a missing field.
fn schema_help(detail: &str) -> Option<String> {
    let quoted: Vec<&str> = detail.split('`').skip(1).step_by(2).collect();
    if detail.starts_with("unknown field") || detail.starts_with("unknown variant") {
        let (given, valid) = quoted.split_first()?;
        return Some(
            match crate::suggest::closest(given, valid.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("expected one of: {}", valid.join(", ")),
            },
        );
    }
    if detail.starts_with("missing field") {
        let field = quoted.first()?;
        return Some(format!(
            "add it, e.g. {}",
            crate::suggest::example_for(field)
        ));
    }
    None
}

/// Applies a change to one file to `loaded` without walking the rest again (`serve` calls it for each file that
/// changed) and returns that file's diagnostics, which replace its earlier ones. `None` when the change cannot be
/// applied alone (a folder, a link, an unexpected name, a required file removed): the caller loads everything.
pub fn reload_file(root: &Path, loaded: &mut Loaded, rel: &Path) -> Option<Vec<Diagnostic>> {
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let exists = match fs::symlink_metadata(root.join(rel)) {
        Ok(m) if m.is_file() && linked_component(root, rel).is_none() => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        _ => return None,
    };
    let content_name = |name: &str, ext: &str| {
        !name.starts_with('.') && Path::new(name).extension().and_then(|e| e.to_str()) == Some(ext)
    };
    let mut diags = Vec::new();
    match (parts.as_slice(), exists) {
        (
            ["content", "site.yaml"] | ["content", "timeline.yaml"] | ["seeds", "sources.yaml"],
            false,
        ) => return None,
        (["content", "site.yaml"], true) => loaded.site = load_doc(root, rel, &mut diags),
        (["content", "timeline.yaml"], true) => loaded.timeline = load_doc(root, rel, &mut diags),
        (["seeds", "sources.yaml"], true) => loaded.sources = load_doc(root, rel, &mut diags),
        (["seeds", name], _) if content_name(name, "txt") => {
            let text = if exists {
                read_text(root, rel, &mut diags)
            } else {
                None
            };
            match text {
                Some(text) => loaded.seeds.insert(
                    (*name).to_owned(),
                    Seed {
                        file: rel.to_path_buf(),
                        text,
                    },
                ),
                None => loaded.seeds.remove(*name),
            };
        }
        (["content", "countries", name], _) if content_name(name, "yaml") => {
            let slug = reload_slugged(root, rel, exists, &mut loaded.countries, &mut diags)?;
            if exists && is_slug(&slug) {
                loaded.country_slugs.insert(slug);
            } else {
                loaded.country_slugs.remove(&slug);
            }
        }
        (["content", "topics", name], _) if content_name(name, "yaml") => {
            reload_slugged(root, rel, exists, &mut loaded.topics, &mut diags)?;
        }
        // Something that is not content is gone (an editor's temporary file, a stray file): only its own
        // diagnostics, if it had any, go with it.
        (["content", name], false) if !CONTENT_ENTRIES.contains(name) => {}
        (["content", "countries" | "topics", _] | ["seeds", _], false) => {}
        _ => return None,
    }
    Some(diags)
}

/// Re-reads one file of a folder of `<slug>.yaml` files into `docs`, as `load_dir` would; returns its slug.
fn reload_slugged<T: DeserializeOwned>(
    root: &Path,
    rel: &Path,
    exists: bool,
    docs: &mut BTreeMap<String, Doc<T>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let slug = rel.file_stem()?.to_string_lossy().into_owned();
    let doc = if exists && slug_of(rel, diags).is_some() {
        load_doc(root, rel, diags)
    } else {
        None
    };
    match doc {
        Some(doc) => docs.insert(slug.clone(), doc),
        None => docs.remove(&slug),
    };
    Some(slug)
}
