//! Load: a sorted walk of content/ and seeds/, each YAML file parsed into its typed struct with a span index.
//! Every problem becomes a Diagnostic; loading goes on past a bad file so that all are reported at once.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use walkdir::WalkDir;

use crate::content::{
    CountryFile, DisagreementsFile, SiteFile, SourcesFile, TimelineFile, TopicFile,
};
use crate::diag::{Diagnostic, Pos};
use crate::spans::{SpanError, SpanIndex};

/// Content files above this size are refused before parsing (the real ones are a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One parsed YAML file: where it came from, its text, the typed data, and where each value sits (built when a
/// diagnostic first needs a position: most files never do).
#[derive(Debug)]
pub struct Doc<T> {
    pub file: PathBuf,
    pub text: String,
    spans: OnceLock<SpanIndex>,
    pub data: T,
}

impl<T> Doc<T> {
    /// An error placed at the value found at `path` in this file.
    pub fn diag(&self, code: &'static str, path: &str, message: impl Into<String>) -> Diagnostic {
        self.place(Diagnostic::error(code, message), path)
    }

    /// A warning placed at the value found at `path` in this file.
    pub fn warning(
        &self,
        code: &'static str,
        path: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.place(Diagnostic::warning(code, message), path)
    }

    fn place(&self, d: Diagnostic, path: &str) -> Diagnostic {
        let index = span_index(&self.spans, &self.text);
        index.place(
            d.in_file(&self.file),
            &self.text,
            index.find(path),
            Some(path),
        )
    }

    /// The line of the value found at `path` in this file, if it is there.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        span_index(&self.spans, &self.text)
            .find(path)
            .map(|p| p.line)
    }
}

/// The span index of `text`, built on first use. The text was walked without error when it was loaded, so the
/// same walk cannot fail here; if it did, positions would only be missing.
fn span_index<'a>(cell: &'a OnceLock<SpanIndex>, text: &str) -> &'a SpanIndex {
    cell.get_or_init(|| SpanIndex::build(text).unwrap_or_default())
}

#[derive(Debug)]
pub struct Seed {
    pub file: PathBuf,
    pub text: std::sync::Arc<str>,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Doc<SiteFile>>,
    pub sources: Option<Doc<SourcesFile>>,
    /// Seed texts by file name.
    pub seeds: BTreeMap<String, Seed>,
    /// Seed file names that are present but were refused (a link, too large, not UTF-8...): already reported,
    /// so a source naming one is not also told that its file is missing.
    pub refused_seeds: std::collections::BTreeSet<String>,
    /// Country profiles by slug (the file's stem), sorted.
    pub countries: BTreeMap<String, Doc<CountryFile>>,
    /// Every country file's slug, including files that failed to parse: references to them are not errors.
    pub country_slugs: std::collections::BTreeSet<String>,
    pub topics: BTreeMap<String, Doc<TopicFile>>,
    pub timeline: Option<Doc<TimelineFile>>,
    pub disagreements: Option<Doc<DisagreementsFile>>,
}

pub fn load(root: &Path) -> (Loaded, Vec<Diagnostic>) {
    let (mut loaded, mut diags, files) = load_deferring_countries(root);
    loaded.countries = parse_countries(root, &files, &|| {}, &mut diags);
    (loaded, diags)
}

/// A content file whose contents are not read yet: its slug and its path relative to the project.
pub type Unread = (String, PathBuf);

/// Everything but the contents of the country files: their slugs (every file with a valid one, so that references
/// to a country resolve before its file is read) and paths, for `parse_countries`. A check that needs each country
/// file only once reads them a chunk at a time, so that a large site's parsed files are never all in memory.
pub fn load_deferring_countries(root: &Path) -> (Loaded, Vec<Diagnostic>, Vec<Unread>) {
    let mut diags = Vec::new();
    let mut out = Loaded {
        site: load_doc(root, Path::new("content/site.yaml"), &mut diags),
        sources: load_doc(root, Path::new("seeds/sources.yaml"), &mut diags),
        timeline: load_doc(root, Path::new("content/timeline.yaml"), &mut diags),
        disagreements: load_doc(root, Path::new("content/disagreements.yaml"), &mut diags),
        ..Loaded::default()
    };
    let (seed_files, refused) = list_files(root, "seeds", "txt", &mut diags);
    out.refused_seeds.extend(refused);
    for rel in seed_files {
        let name = file_name(&rel);
        // A seed keeps its line endings byte for byte, so a carriage return is allowed there.
        match read_text(root, &rel, &mut diags) {
            Some(text) => match unsafe_char(&text, true) {
                None => {
                    out.seeds.insert(
                        name,
                        Seed {
                            file: rel,
                            text: text.into(),
                        },
                    );
                }
                Some((pos, ch)) => {
                    diags.push(unsafe_char_diagnostic(&rel, &text, pos, ch));
                    out.refused_seeds.insert(name);
                }
            },
            None => {
                out.refused_seeds.insert(name);
            }
        }
    }
    report_strays(root, &mut diags);
    if !root.join("content/countries").is_dir()
        && linked_component(root, Path::new("content/countries")).is_none()
    {
        diags.push(
            Diagnostic::error("E004", "folder content/countries/ is missing")
                .in_file(Path::new("content/countries"))
                .help("every country has a file there; `briefing new country \"Name\"` makes one"),
        );
    }
    let mut countries = slugged_files(root, "content/countries", &mut diags);
    // In the order of their slugs, which a map of parsed files would have ("a" before "a-b", where file names
    // sort "a-b.yaml" first): chunks then follow each other in that order.
    countries.sort_by(|a, b| a.0.cmp(&b.0));
    out.country_slugs
        .extend(countries.iter().map(|(slug, _)| slug.clone()));
    let topics = slugged_files(root, "content/topics", &mut diags);
    for (slug, doc) in parse_files(root, &topics, &|| {}, &mut diags) {
        if let Some(doc) = doc {
            out.topics.insert(slug, doc);
        }
    }
    (out, diags, countries)
}

/// Parses country files side by side; a file that fails to parse (reported) is left out. `read` is called
/// once per file read, from any thread (for a progress count).
pub fn parse_countries(
    root: &Path,
    files: &[Unread],
    read: &(dyn Fn() + Sync),
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Doc<CountryFile>> {
    parse_files(root, files, read, diags)
        .into_iter()
        .filter_map(|(slug, doc)| Some((slug, doc?)))
        .collect()
}

/// What content/ may hold; anything else (a `timeline.yml`, a `country/` folder) is a mistake worth naming,
/// since it would otherwise be silently left out of the site.
const CONTENT_ENTRIES: &[&str] = &[
    "site.yaml",
    "timeline.yaml",
    "disagreements.yaml",
    "countries",
    "topics",
];

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

/// Every `.yaml` file of `dir` with a valid slug (the others are reported), in file-name order.
fn slugged_files(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Unread> {
    let (files, _) = list_files(root, dir, "yaml", diags);
    files
        .into_iter()
        .filter_map(|rel| Some((slug_of(&rel, diags)?, rel)))
        .collect()
}

/// Parses files in parallel, each with its slug (`None` where it did not parse); diagnostics keep the files' order.
fn parse_files<T: DeserializeOwned + JsonSchema + Send>(
    root: &Path,
    files: &[Unread],
    read: &(dyn Fn() + Sync),
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, Option<Doc<T>>)> {
    let parsed: Vec<(Option<Doc<T>>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(_, rel)| {
            let mut own = Vec::new();
            let doc = load_doc(root, rel, &mut own);
            read();
            (doc, own)
        })
        .collect();
    files
        .iter()
        .zip(parsed)
        .map(|((slug, _), (doc, own))| {
            diags.extend(own);
            (slug.clone(), doc)
        })
        .collect()
}

fn file_name(rel: &Path) -> String {
    rel.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Files with extension `ext` directly in `dir`, sorted by name, and the names of the entries refused (reported).
/// Hidden files (editor swap files) are skipped; links and files with another extension are reported, not
/// followed or silently ignored.
fn list_files(
    root: &Path,
    dir: &str,
    ext: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut refused = Vec::new();
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
            return (files, refused);
        }
        Ok(meta) if meta.is_dir() => {}
        _ => return (files, refused),
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
        if !kind.is_file() {
            refused.push(name.clone());
        }
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
    (files, refused)
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
                .help(slug_help(&stem, |s| {
                    format!("rename the file to `{s}.yaml`")
                })),
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

/// A slug made from any name, transliterated to ASCII (deunicode): "Costa Rica" -> "costa-rica", "São Tomé" ->
/// "sao-tome", "Україна" -> "ukrayina". `None` when nothing of the name transliterates to a letter or digit.
pub fn suggest_slug(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
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
        None
    } else if RESERVED.contains(&out.as_str()) {
        Some(format!("{out}-country"))
    } else {
        Some(out)
    }
}

/// The help for a name that is not a slug: `with` the slug suggested, or the rule when none can be made.
pub fn slug_help(name: &str, with: impl Fn(&str) -> String) -> String {
    suggest_slug(name).map_or_else(
        || "use lowercase ASCII letters, digits and single hyphens".to_owned(),
        |s| with(&s),
    )
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

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    Link,
    /// Something other than a regular file: "a folder", "a named pipe", "a device"...
    NotAFile(&'static str),
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "file is missing"),
            ReadError::Link => write!(f, "it is a link; links are not followed in content"),
            ReadError::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge(n) => write!(
                f,
                "file is {n} bytes or more; the limit is {MAX_FILE_BYTES}"
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

/// Reads a regular file of at most `limit` bytes. What the file is, is checked on the opened handle (fstat), not
/// on the path, so nothing swapped in between is read: opening never blocks (a named pipe with no writer would),
/// a link at the last component is refused unless `follow` (an explicit command-line argument), and reading
/// stops at the limit even if the file grows.
pub fn read_bounded(path: &Path, limit: u64, follow: bool) -> Result<Vec<u8>, ReadError> {
    use rustix::fs::{Mode, OFlags};
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|e| match e {
        rustix::io::Errno::NOENT => ReadError::Missing,
        // What O_NOFOLLOW gives for a link.
        rustix::io::Errno::LOOP if !follow => ReadError::Link,
        e => ReadError::Io(e.into()),
    })?;
    let mut file = fs::File::from(fd);
    let meta = file.metadata().map_err(ReadError::Io)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        use std::os::unix::fs::FileTypeExt;
        return Err(ReadError::NotAFile(if kind.is_dir() {
            "a folder"
        } else if kind.is_fifo() {
            "a named pipe"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "a special file"
        }));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.by_ref()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The first character of `text` that no content needs, with its position; `allow_cr` for seeds, whose line
/// endings are kept byte for byte. Scans bytes: every unsafe character (see `diag::is_unsafe`) is a control byte
/// below 0x20 or 0x7F, a C1 control (0xC2 0x80..0x9F), a separator or bidirectional control of the 0xE2
/// 0x80/0x81 block, or a noncharacter, which starts with 0xEF or 0xF0..0xF4; text with none of these (most of
/// it) is never decoded.
pub fn unsafe_char(text: &str, allow_cr: bool) -> Option<(Pos, char)> {
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        b'\r' => !allow_cr,
        0..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xA8..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
        // Noncharacters: U+FDD0..FDEF and U+FFFE/FFFF (EF B7 / EF BF), and the last two of planes 1 to 16.
        0xEF..=0xF4 => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(crate::diag::is_noncharacter),
        _ => false,
    })?;
    // `at` starts a character (the bytes matched are never continuation bytes).
    let ch = text[at..].chars().next()?;
    Some((Pos::of_offset(text, text[..at].chars().count()), ch))
}

/// The diagnostic for an unsafe character found in `text` (the contents of `rel`).
pub fn unsafe_char_diagnostic(rel: &Path, text: &str, pos: Pos, ch: char) -> Diagnostic {
    Diagnostic::error(
        "E008",
        format!("{} in the file", crate::diag::describe_char(ch)),
    )
    .in_file(rel)
    .at(text, Some(pos), None)
    .help("remove it: no content or seed needs it, and a terminal or a browser would act on it")
}

/// Reads a file as UTF-8 text, refusing links, special files, oversized files and invalid UTF-8 with a position.
fn read_text(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    if let Some(link) = linked_component(root, rel) {
        diags.push(
            Diagnostic::error(
                "E004",
                format!(
                    "{} is a link; links are not followed in content",
                    link.display()
                ),
            )
            .in_file(rel),
        );
        return None;
    }
    let bytes = match read_bounded(&root.join(rel), MAX_FILE_BYTES, false) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error("E004", e.to_string()).in_file(rel));
            return None;
        }
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
fn load_doc<T: DeserializeOwned + JsonSchema>(
    root: &Path,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Doc<T>> {
    let text = read_text(root, rel, diags)?;
    parse_doc(rel, text).map_err(|d| diags.extend(d)).ok()
}

/// Indexes and deserialises YAML text that came from `rel`. Anchors, aliases, tags, nulls and unsafe characters
/// are refused; every unknown and missing field of the file is reported, not only the first.
pub fn parse_doc<T: DeserializeOwned + JsonSchema>(
    rel: &Path,
    text: String,
) -> Result<Doc<T>, Vec<Diagnostic>> {
    // One line ending for both parsers: the YAML parser counts a lone \r as a line break, `str::lines` does not.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    // And no other line break: serde_yaml breaks lines at U+0085, U+2028 and U+2029, saphyr does not, so the
    // two would disagree on every position after one.
    if let Some((pos, ch)) = unsafe_char(&text, false) {
        return Err(vec![unsafe_char_diagnostic(rel, &text, pos, ch)]);
    }
    let tree = crate::spans::parse_tree(&text).map_err(|e| vec![span_diagnostic(rel, &text, e)])?;
    let spans = OnceLock::new();
    let nulls = if tree.has_null {
        null_diagnostics::<T>(rel, &text, span_index(&spans, &text))
    } else {
        Vec::new()
    };
    // The tree deserialises the way serde_yaml would, or not at all: serde_yaml then parses the text again, to
    // decide, and gives the message and position of what is wrong.
    let typed = match tree.root.map(T::deserialize) {
        Some(Ok(data)) => Ok(data),
        _ => serde_yaml::from_str::<T>(&text),
    };
    match typed {
        Ok(_) if !nulls.is_empty() => Err(nulls),
        Ok(data) => Ok(Doc {
            file: rel.to_path_buf(),
            text,
            spans,
            data,
        }),
        Err(e) => {
            let index = span_index(&spans, &text);
            let mut diags = nulls;
            diags.extend(field_diagnostics::<T>(rel, &text, index));
            let d = schema_diagnostic(rel, &text, index, &e);
            // serde_yaml stops at the first unknown or missing field, which the schema walk has found with the rest.
            let repeated =
                d.message.starts_with("unknown field") || d.message.starts_with("missing field");
            if diags.is_empty() || !repeated {
                diags.push(d);
            }
            Err(diags)
        }
    }
}

/// The hint for a YAML syntax error: a colon inside a value, a tab, an indentation, an unclosed quote or bracket.
fn syntax_help(message: &str, line: &str, col: usize) -> &'static str {
    const QUOTE: &str = "a value containing `: ` or ` #`, or starting with a quote mark, `[`, `{`, `&`, `*`, `!`, `|` or `>`, must be put in double quotes";
    const INDENT: &str = "this line is indented differently from the lines around it: the keys of one mapping start in the same column, and a value that runs over several lines needs `|` or quotes";
    const FLOW: &str =
        "a `[` or `{` is not closed, or a value that starts with one must be put in double quotes";
    if message.contains("byte order mark") {
        "remove the invisible byte order mark (U+FEFF) here: one may only open a file, never stand inside a value"
    } else if message.contains("second YAML document") {
        "a content file holds one YAML document: remove this `---` line (or `...` before it), or move what follows into a file of its own"
    } else if message.contains("invalid Unicode character escape") {
        "\\uD800 to \\uDFFF are halves of a UTF-16 pair, not characters: write the character itself, or \\U and eight hex digits for one past U+FFFF (\\U0001F600)"
    } else if message.contains("tab") {
        "indent with spaces: YAML does not allow tabs in indentation"
    } else if message.contains("mapping values are not allowed") {
        let before: String = line.chars().take(col.saturating_sub(1)).collect();
        if before.contains(": ") {
            "this value holds `: `, which YAML reads as a new key: put the whole value in double quotes"
        } else {
            INDENT
        }
    } else if message.contains("flow") || message.contains("only valid inside a block") {
        FLOW
    } else if message.contains("expected key")
        || message.contains("indicator")
        || message.contains("block")
    {
        INDENT
    } else if message.contains("quoted scalar") {
        "a quoted value is not closed: end it with the same quote mark (inside double quotes, write \\\" for a quote mark)"
    } else {
        QUOTE
    }
}

/// The column (from 1) of the first `\\uD800`-to-`\\uDFFF` escape in `line` at or after column `from`.
fn surrogate_escape_col(line: &str, from: usize) -> Option<usize> {
    let chars: Vec<char> = line.chars().collect();
    (from.saturating_sub(1)..chars.len())
        .find(|&i| {
            let hex: String = chars.iter().skip(i + 2).take(4).collect();
            chars[i] == '\\'
                && chars.get(i + 1) == Some(&'u')
                && u32::from_str_radix(&hex, 16).is_ok_and(|v| (0xD800..=0xDFFF).contains(&v))
        })
        .map(|i| i + 1)
}

/// The diagnostic for what the span walk refused.
fn span_diagnostic(rel: &Path, text: &str, e: SpanError) -> Diagnostic {
    match e {
        SpanError::Syntax { mut pos, message } => {
            // saphyr places a tab error at the start of the value it was reading; point at the tab itself.
            if message.contains("tab") {
                if let Some((i, line)) = text
                    .lines()
                    .enumerate()
                    .skip(pos.line.saturating_sub(1))
                    .find(|(_, l)| l.trim_start_matches(' ').starts_with('\t'))
                {
                    pos = Pos {
                        line: i + 1,
                        col: line.find('\t').unwrap_or(0) + 1,
                    };
                }
            }
            let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
            // saphyr places a bad escape at the start of its quoted value; point at the escape itself.
            if message.contains("invalid Unicode character escape") {
                if let Some(col) = surrogate_escape_col(line, pos.col) {
                    pos.col = col;
                }
            }
            let help = syntax_help(&message, line, pos.col);
            Diagnostic::error("E001", format!("invalid YAML: {message}"))
                .in_file(rel)
                .at(text, Some(pos), None)
                .help(help)
        }
        SpanError::Control { pos, ch } => Diagnostic::error(
            "E008",
            format!("{} in a value", crate::diag::describe_char(ch)),
        )
        .in_file(rel)
        .at(text, Some(pos), None)
        .help("remove it: values hold plain text (a YAML escape such as \\0 or \\x1b makes one)"),
        SpanError::Reference { pos, reference, ch } => Diagnostic::error(
            "E008",
            format!(
                "the character reference `{reference}` in a value makes a {}",
                crate::diag::describe_char(ch)
            ),
        )
        .in_file(rel)
        .at(text, Some(pos), None)
        .help("remove it: Markdown turns a reference into the character itself, which no content needs"),
        SpanError::Alias { pos } => Diagnostic::error(
            "E003",
            "YAML anchors and aliases are not allowed in content",
        )
        .in_file(rel)
        .at(text, Some(pos), None)
        .help("write the value out in full"),
        SpanError::Tag { pos, tag } => Diagnostic::error(
            "E007",
            format!("YAML tag `{tag}` is not allowed in content"),
        )
        .in_file(rel)
        .at(text, Some(pos), None)
        .help("write the plain value, without the tag"),
    }
}

/// YAML's null where the schema does not allow one: serde_yaml would read `name: ~` as the name "~", `name:` as
/// "", and `claims:` as an empty list that editors (and the JSON Schema) call an error. Where the schema allows
/// null (an optional value), a null is what it says.
fn null_diagnostics<T: JsonSchema>(rel: &Path, text: &str, spans: &SpanIndex) -> Vec<Diagnostic> {
    if spans.nulls.is_empty() {
        return Vec::new();
    }
    let root = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    spans
        .nulls
        .iter()
        .filter(|(path, ..)| raw_schema_at(&root, path).is_some_and(|s| !allows_null(&root, s)))
        .map(|(path, pos, null)| {
            let d = Diagnostic::error(
                "E002",
                if null.is_empty() {
                    "empty value".to_owned()
                } else {
                    format!("`{null}` is YAML's null, not a value")
                },
            )
            .in_file(rel);
            spans.place(d, text, Some(*pos), Some(path))
            .help("write the value (in double quotes if it is the text itself; `[]` for an empty list), or leave an optional field out")
        })
        .collect()
}

/// Every unknown and every missing field of the file, found by walking its keys against the type's JSON Schema.
fn field_diagnostics<T: JsonSchema>(rel: &Path, text: &str, spans: &SpanIndex) -> Vec<Diagnostic> {
    let root = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let mut out = Vec::new();
    // A missing field that an unknown key is a misspelling of is not reported twice.
    let mut suggested = std::collections::BTreeSet::new();
    for (parent, key, pos) in &spans.key_list {
        let Some(schema) = schema_at(&root, parent) else {
            continue;
        };
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        if props.contains_key(key)
            || schema.get("additionalProperties") != Some(&Value::Bool(false))
        {
            continue;
        }
        let names: Vec<&str> = props.keys().map(String::as_str).collect();
        let best = crate::suggest::closest(key, names.iter().copied());
        let path = crate::spans::join(parent, key);
        out.push(
            spans
                .place(
                    Diagnostic::error("E002", format!("unknown field `{key}`")).in_file(rel),
                    text,
                    Some(*pos),
                    (!parent.is_empty()).then_some(path.as_str()),
                )
                .help(match best {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("expected one of: {}", names.join(", ")),
                }),
        );
        if let Some(best) = best {
            suggested.insert(crate::spans::join(parent, best));
        }
    }
    for (path, pos) in &spans.maps {
        let Some(required) = schema_at(&root, path)
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for field in required.iter().filter_map(Value::as_str) {
            if !spans.has_key(path, field) && !suggested.contains(&crate::spans::join(path, field))
            {
                out.push(
                    spans
                        .place(
                            Diagnostic::error("E002", format!("missing field `{field}`"))
                                .in_file(rel),
                            text,
                            Some(*pos),
                            (!path.is_empty()).then_some(path.as_str()),
                        )
                        .help(format!(
                            "add it, e.g. {}",
                            crate::suggest::example_for(field)
                        )),
                );
            }
        }
    }
    out
}

/// The schema of the value at `path` (`claims[3].cites[0]`), following `$ref`s and the non-null side of an
/// optional value.
fn schema_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut schema = resolve(root, root)?;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
        if !key.is_empty() {
            schema = resolve(root, schema.get("properties")?.get(key)?)?;
        }
        for _ in indexes.matches(']') {
            schema = resolve(root, schema.get("items")?)?;
        }
    }
    Some(schema)
}

/// The schema of the value at `path` as its parent declares it, before `$ref`s and optionality are resolved.
fn raw_schema_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    if let Some(parent) = path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) {
        return schema_at(root, parent.0)?.get("items");
    }
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    if key.is_empty() {
        return None;
    }
    schema_at(root, parent)?.get("properties")?.get(key)
}

/// Whether a value may be null under `schema`: `Option<T>` fields are `anyOf [T, null]` or `type: [T, "null"]`.
fn allows_null(root: &Value, schema: &Value) -> bool {
    let null = Value::from("null");
    match schema.get("type") {
        Some(Value::Array(types)) if types.contains(&null) => return true,
        Some(t) if *t == null => return true,
        _ => {}
    }
    if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
        return alternatives.iter().any(|a| allows_null(root, a));
    }
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| root.get("$defs")?.get(r.strip_prefix("#/$defs/")?))
        .is_some_and(|s| allows_null(root, s))
}

fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> Option<&'a Value> {
    // Bounded: a schema's references never nest deeper than a few levels.
    for _ in 0..16 {
        if let Some(name) = schema.get("$ref").and_then(Value::as_str) {
            schema = root.get("$defs")?.get(name.strip_prefix("#/$defs/")?)?;
        } else if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
            schema = alternatives
                .iter()
                .find(|a| a.get("type").and_then(Value::as_str) != Some("null"))?;
        } else {
            return Some(schema);
        }
    }
    None
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
    if let (Some(path), true) = (&path, detail.starts_with("unknown variant")) {
        return variant_diagnostic(path, &detail)
            .in_file(rel)
            .at(text, pos, Some(path));
    }
    let mut d =
        Diagnostic::error("E002", detail.clone())
            .in_file(rel)
            .at(text, pos, path.as_deref());
    if let Some(help) = schema_help(&detail) {
        d = d.help(help);
    }
    d
}

/// serde's "unknown variant `x`, expected one of ..." said in the content's words: which field, which values,
/// and for an axis named by one of its statuses (`axis: denied`), the axis that status belongs to.
fn variant_diagnostic(path: &str, detail: &str) -> Diagnostic {
    let quoted: Vec<&str> = detail.split('`').skip(1).step_by(2).collect();
    let (given, valid) = quoted.split_first().map_or(("", &[][..]), |(g, v)| (*g, v));
    let field = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or(path);
    let message = if field == "axis" {
        format!("`{given}` is not a status axis")
    } else {
        format!("`{given}` is not a valid `{field}`")
    };
    let owner = crate::content::Axis::ALL
        .into_iter()
        .find(|a| field == "axis" && a.statuses().contains(&given));
    let help = match (owner, crate::suggest::closest(given, valid.iter().copied())) {
        (Some(axis), _) => format!(
            "`{given}` is a status of the {0} axis: write `axis: {0}` and `status: {given}`",
            axis.name()
        ),
        (None, Some(best)) => format!(
            "did you mean `{best}`? (expected one of: {})",
            valid.join(", ")
        ),
        (None, None) => format!("expected one of: {}", valid.join(", ")),
    };
    Diagnostic::error("E002", message).help(help)
}

/// "did you mean" for unknown fields and variants; an example for a missing field.
fn schema_help(detail: &str) -> Option<String> {
    let quoted: Vec<&str> = detail.split('`').skip(1).step_by(2).collect();
    if detail.starts_with("unknown field") {
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
                        text: text.into(),
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

/// Re-reads one file of a folder of `<slug>.yaml` files into `docs`, as `parse_files` would; returns its slug.
fn reload_slugged<T: DeserializeOwned + schemars::JsonSchema>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::*;

    #[test]
    fn country_files_come_in_the_order_of_their_slugs() {
        // The model's countries are looked up by slug with a binary search: the chunks of a large check must
        // follow each other in slug order, not in file-name order ("a-b.yaml" sorts before "a.yaml").
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/countries")).unwrap();
        for slug in ["a", "a-b", "b", "a0"] {
            fs::write(
                dir.path().join(format!("content/countries/{slug}.yaml")),
                "name: X\n",
            )
            .unwrap();
        }
        let (_, _, files) = load_deferring_countries(dir.path());
        let slugs: Vec<&str> = files.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(slugs, ["a", "a-b", "a0", "b"]);
    }

    /// The tree's typed data, or None where it leaves the file to serde_yaml; panics if the two disagree.
    fn fast_agrees<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Option<T> {
        let fast = crate::spans::parse_tree(text)
            .ok()?
            .root
            .and_then(|n| T::deserialize(n).ok());
        if let Some(fast) = &fast {
            let slow: T = serde_yaml::from_str(text).unwrap_or_else(|e| {
                panic!("the tree accepted what serde_yaml refuses ({e}):\n{text}")
            });
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "\n{text}");
        }
        fast
    }

    fn yaml_files(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect()
    }

    /// Every content file of the project and of the test fixtures (valid and invalid) is read by the tree as
    /// serde_yaml reads it, and the valid ones are read by the tree alone, not handed to serde_yaml.
    #[test]
    fn the_tree_deserialises_every_content_file_as_serde_yaml_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fast = 0;
        let mut files = yaml_files(&root.join("content"));
        files.extend(yaml_files(&root.join("seeds")));
        let project = files.len();
        files.extend(yaml_files(&root.join("tests/fixtures")));
        for (i, path) in files.iter().enumerate() {
            // The fixture that is not UTF-8 is refused before parsing.
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.to_string_lossy();
            let typed = if name.ends_with("sources.yaml") {
                fast_agrees::<SourcesFile>(&text).is_some()
            } else if name.contains("/countries/") {
                fast_agrees::<CountryFile>(&text).is_some()
            } else if name.contains("/topics/") {
                fast_agrees::<TopicFile>(&text).is_some()
            } else if name.ends_with("timeline.yaml") {
                fast_agrees::<TimelineFile>(&text).is_some()
            } else if name.ends_with("disagreements.yaml") {
                fast_agrees::<DisagreementsFile>(&text).is_some()
            } else if name.ends_with("site.yaml") {
                fast_agrees::<SiteFile>(&text).is_some()
            } else {
                continue;
            };
            assert!(typed || i >= project, "{name} was left to serde_yaml");
            fast += usize::from(typed);
        }
        assert!(
            fast > project,
            "{fast} of {} files read by the tree",
            files.len()
        );
    }

    /// The forms the tree leaves to serde_yaml, and the ones it reads itself.
    #[test]
    fn the_tree_reads_plain_forms_and_leaves_the_rest_to_serde_yaml() {
        let number =
            |n: &str| fast_agrees::<Number>(&format!("text: x\nmin: {n}\n")).map(|v| v.min);
        assert_eq!(number("12"), Some(Some(12)));
        assert_eq!(number("0"), Some(Some(0)));
        assert_eq!(number("~"), Some(None));
        for other in [
            "0x1F",
            "+5",
            "007",
            "\"5\"",
            "1e3",
            "-1",
            "99999999999999999999999",
        ] {
            assert_eq!(number(other), None, "{other}");
        }
        let claim = fast_agrees::<Claim>(
            "text: >-\n  folded\n  text\nnote: |\n  kept\n  lines\naxis: stance\nstatus: 'denied'\n\
             countries: [a, \"b\"]\ncites:\n  - { source: s, quote: \"q \\u00e9\" }\n",
        )
        .unwrap();
        assert_eq!(claim.text, "folded text");
        assert_eq!(claim.note.as_deref(), Some("kept\nlines\n"));
        assert_eq!(claim.cites[0].quote, "q é");
        // serde_yaml reads a null where a list is expected as an empty list; the loader refuses it.
        assert!(fast_agrees::<Claim>("text: x\ncites:\n").is_none());
        assert!(fast_agrees::<Claim>("text: x\ncites: []\ntext: y\n").is_none());
        assert!(
            fast_agrees::<Claim>("---\ntext: x\ncites: []\n---\ntext: y\ncites: []\n").is_none()
        );
    }

    /// The byte scan finds the same first unsafe character as a scan of every character with `is_unsafe`.
    #[test]
    fn unsafe_characters_are_found_by_their_bytes() {
        let by_chars = |t: &str, allow_cr: bool| {
            t.chars()
                .enumerate()
                .find(|&(_, c)| crate::diag::is_unsafe(c) && !(allow_cr && c == '\r'))
                .map(|(i, c)| (Pos::of_offset(t, i), c))
        };
        let mut cases: Vec<String> = vec![
            "plain text\nwith lines\tand tabs".into(),
            "“curly” quotes – dashes … and é".into(),
            "line\r\nending".into(),
        ];
        for c in (0u32..0x30)
            .chain(0x7E..0xA1)
            .chain(0x2020..0x2070)
            .chain([
                0xFEFF, 0x1F600, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFFFD, 0xFFFE, 0xFFFF,
            ])
            .chain([0x1FFFE, 0x2FFFF, 0x10FFFE, 0x10FFFF, 0x10FFFD])
        {
            if let Some(c) = char::from_u32(c) {
                cases.push(format!("ab “é”\nx{c}y\u{2028}"));
            }
        }
        for t in &cases {
            for allow_cr in [false, true] {
                assert_eq!(unsafe_char(t, allow_cr), by_chars(t, allow_cr), "{t:?}");
            }
        }
    }
}
