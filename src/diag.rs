//! Diagnostics: one type for every problem any stage finds, and the printers that show them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every error code the tool can report; `briefing explain CODE` prints the explanation.
pub const CODES: &[(&str, &str, &str)] = &[
    ("E001", "yaml-syntax", "The file is not well-formed YAML. Fix the syntax at the position shown. Common causes: a colon followed by a space inside an unquoted value (quote the value), a tab used for indentation (indent with spaces), or a line indented differently from its siblings."),
    ("E002", "schema", "A field is unknown, missing, empty, or has the wrong type. The content model (docs/content-model.md) lists every field; unknown fields are refused so that typos are caught, and YAML's null (`~`, `null`, nothing after the colon) is refused in a field that is not optional: write `[]` for an empty list, and leave an optional field out."),
    ("E003", "yaml-alias", "YAML anchors (&name) and aliases (*name) are refused in content: nobody needs them here, and they allow alias bombs. Write the value out."),
    ("E004", "file", "A file could not be read: it is missing, not UTF-8, too large, a link (links are never followed in content), or not where content belongs."),
    ("E005", "slug", "A file name or id is not a valid slug: use lowercase ASCII letters, digits and single hyphens, e.g. `south-sudan`."),
    ("E006", "duplicate", "Two entries share what must be unique: an id, a country's name or ISO code, a seed file or a seed's text (its SHA-256: one article registered twice), or an item listed twice."),
    ("E007", "yaml-tag", "A YAML tag (`!!binary`, `!!str`, `!custom`) is refused in content: the loader would ignore it and read the text beneath, which is never what was meant. Write the plain value."),
    ("E008", "control-character", "A file holds a control character (NUL, escape, bell...), a bidirectional override (U+202A to U+202E, U+2066 to U+2069), a line separator (U+0085, U+2028, U+2029) or a noncharacter (U+FDD0 to U+FDEF, U+FFFE, U+FFFF and their like in every plane). None is needed in content or a seed; each can rewrite a terminal, reorder what a reader sees, shift the line numbers of diagnostics, or make the feed ill-formed XML. Remove it: a YAML escape such as \\x1b in a double-quoted value makes one too, and so does an HTML character reference such as &#x202E; or &#8238;, which Markdown turns into the character."),
    ("E010", "unknown-source", "A citation names a source id that seeds/sources.yaml does not define."),
    ("E011", "unknown-country", "A country slug does not match any file in content/countries/."),
    ("E012", "bad-status", "A claim's status is not one of the values of its axis, or a status is given without an axis (or outside a country file)."),
    ("E013", "bad-date", "A date is not YYYY, YYYY-MM, YYYY-MM-DD, `before YYYY` or `first Trump administration`, or an inferred value has no reason."),
    ("E014", "no-citation", "Every claim, transfer, disagreement side and event needs at least one citation."),
    ("E015", "unknown-reporter", "A source relays, or an attributed passage credits, a reporter id that seeds/sources.yaml does not define."),
    ("E016", "bad-number", "A transfer's or a disagreement side's number, or a payment amount, has min greater than max, or an amount has no bound at all."),
    ("E018", "shared-figure", "A transfer's `covers` lists the countries that one figure covers: it must include the country of the file that records it, and the record needs a `movement` id, shared by the records of those people in every country's file (and from every source), so that the people are counted once, not once per country."),
    ("E017", "block-markdown", "Claim, transfer, side and event texts are one paragraph of Markdown (emphasis and links are fine); lists, headings, quotes and further paragraphs belong in a summary, or in several claims."),
    ("E020", "quote-not-found", "A quote does not occur in its seed. Quotes are compared after normalising whitespace and typographic quote marks only; copy the passage verbatim, garbling included. The closest passage of the seed is shown as a line to paste over the quote (its quote marks as the seed writes them), with a word-by-word diff."),
    ("E021", "quote-ambiguous", "A quote occurs more than once in its seed. Add `prefix` (the words just before) or `suffix` (just after) so that it matches exactly once. The places are shown on their lines of the seed (the first five), each with the shortest prefix or suffix that singles it out."),
    ("E022", "quote-empty", "A quote is empty. Quote the passage that supports the claim."),
    ("E023", "quote-whole-seed", "A quote covers the whole seed: cite the passage that supports the claim, not the whole article."),
    ("E030", "seed-missing", "A source's file is missing from seeds/, or a seed file has no entry in seeds/sources.yaml."),
    ("E031", "seed-hash", "A seed's SHA-256 differs from the `sha256` that seeds/sources.yaml records for it (or that value is not 64 lowercase hex digits). A seed is kept byte for byte: if it changed by accident, restore it; if the source itself was replaced on purpose, check every quotation of it, then record the new hash that the message shows (`sha256sum seeds/FILE` prints it too)."),
    ("E032", "unused-not-found", "An `unused` sentence in seeds/sources.yaml does not occur in its seed."),
    ("E033", "attribution-not-found", "An `attributions` passage in seeds/sources.yaml does not occur exactly once in its seed. Copy the passage verbatim (garbling included), enough of it to occur once."),
    ("E034", "sic-not-found", "A `sic` entry in seeds/sources.yaml (garbled words, marked [sic] wherever a quotation shows them) does not occur in its seed. Copy the words exactly as the seed has them."),
    ("E040", "template", "A template failed to compile or render, or went past a bound that keeps every build finite and the same on every machine. Templates get no environment, clock, randomness or files: the only functions are `range` and `throw`, and only templates in templates/ can be included. A template may not include or call itself (directly or through others: compute nested data in the view), nest blocks more than 24 deep, put more than 16 levels of brackets or 64 operators in one tag, render more than 24 levels deep in all (blocks, includes, component calls and parents), or nest component calls more than 20 deep. A page holds at most 128 MB, and `range` gives at most 100,000 numbers per page."),
    ("E041", "output", "The output could not be written."),
    ("E042", "published-address", "`build --published-at URL` (the deploying workflow's build) found that content/site.yaml does not give URL as its `base_url`: the published site's open data, feed and canonical links would carry relative addresses, or another site's. Set `base_url` to the address the site is published at."),
    ("E050", "conflict-unrecorded", "The sources give conflicting statuses on one of a country's axes (say, a denial and no response), but no entry of content/disagreements.yaml records it. Add one with `countries: [<slug>]`, `axis: <axis>` and a side per position, so that readers see both, cited."),
    ("E051", "disagreement-sides", "A disagreement needs at least two sides, each cited."),
    ("E052", "date-reason-unused", "An inferred date's reason quotes a passage that seeds/sources.yaml lists as unused. A date may rest only on passages the briefing cites: cite the passage, or take it out of `unused`, or reason from another passage."),
    ("E053", "unknown-disagreement", "A topic section names a disagreement id that content/disagreements.yaml does not define."),
    ("E054", "contradiction-compatible", "A disagreement of `kind: contradiction` says its accounts cannot all be true, but every side gives a figure and the figures' bounds overlap: one number satisfies them all (\"over 200\" and \"nearly 300\" both hold for 250). Use `kind: compatible`, or correct the bounds if the words exclude each other."),
    ("E055", "disagreement-countries", "A side of a disagreement names a country (by its name in the text or position) that the record's `countries` does not list: list it, so that the record appears on that country's page. A name inside a compound (\"US-Mexico border\") does not count."),
    ("W001", "todo", "A line still holds a scaffold's TODO (from `briefing new`). A claim whose text holds TODO may go without citations until it is written; fill it in and cite the passage that supports it."),
    ("W002", "uncovered-sentence", "A seed sentence is neither cited by any claim nor listed in the source's `unused` list with a reason. `briefing coverage` lists them all."),
    ("W003", "statement-without-id", "A claim or timeline event has no `id`. Its id, which pages use as an anchor and the open data as a key, is then derived from its text and quotations, and changes whenever it is reworded, breaking every link to it. Write the id the message gives as the item's first key (`id: \"3f2a91bc\"`) and keep it; if an id does change, list the old one under `aliases:` so that old links still land."),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a file: 1-based line and column (columns count Unicode code points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path relative to the project root.
    pub file: Option<PathBuf>,
    /// Data path inside the file, e.g. `claims[3].cites[0].quote`.
    pub path: Option<String>,
    pub pos: Option<Pos>,
    /// The source line at `pos`, kept so that printers need no file access.
    pub line_text: Option<String>,
    pub help: Vec<String>,
    /// Other places the problem concerns (the places an ambiguous quote matches in its seed), each with its line.
    pub labels: Vec<Label>,
}

/// A place in a file, shown with its line and a mark under it, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub file: PathBuf,
    pub pos: Pos,
    /// How many code points the mark covers.
    pub len: usize,
    pub line_text: String,
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic of `code`: an error for `E` codes, a warning for `W` codes.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: if code.starts_with('W') {
                Severity::Warning
            } else {
                Severity::Error
            },
            message: message.into(),
            file: None,
            path: None,
            pos: None,
            line_text: None,
            help: Vec::new(),
            labels: Vec::new(),
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(code.starts_with('E'), "{code} is not an error code");
        Diagnostic::new(code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(code.starts_with('W'), "{code} is not a warning code");
        Diagnostic::new(code, message)
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Places the diagnostic at `pos` in `text` (the file's contents), keeping the line for display.
    pub fn at(self, text: &str, pos: Option<Pos>, path: Option<&str>) -> Self {
        let line = pos.and_then(|p| text.lines().nth(p.line.saturating_sub(1)));
        self.placed(pos, line, path)
    }

    /// Places the diagnostic at `pos`, whose line (`line_text`) the caller already has.
    pub fn placed(mut self, pos: Option<Pos>, line_text: Option<&str>, path: Option<&str>) -> Self {
        self.path = path.map(str::to_owned);
        if pos.is_some() {
            self.line_text = line_text.map(str::to_owned);
        }
        self.pos = pos;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    pub fn label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Pos {
    /// The line and column of the code point at `offset` (a count of code points) in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        Pos::of_offsets(text, &[offset])[0].0
    }

    /// The positions of several code points of `text` (offsets ascending), each with the text of its line, in one
    /// pass: a long seed with thousands of uncited sentences is not read again from the start for each.
    pub fn of_offsets<'a>(text: &'a str, offsets: &[usize]) -> Vec<(Pos, Option<&'a str>)> {
        let mut out = Vec::with_capacity(offsets.len());
        let mut chars = text.char_indices();
        // Code points read so far; the current line's number, first byte, and code points read of it.
        let (mut read, mut line, mut line_start, mut col) = (0, 1, 0, 0);
        for &offset in offsets {
            while read < offset {
                let Some((b, c)) = chars.next() else { break };
                read += 1;
                if c == '\n' {
                    (line, line_start, col) = (line + 1, b + 1, 0);
                } else {
                    col += 1;
                }
            }
            out.push((
                Pos { line, col: col + 1 },
                text[line_start..].lines().next(),
            ));
        }
        out
    }
}

/// Characters no content or seed needs, which a terminal or a browser would act on: C0 and C1 controls other
/// than tab and line feed (NUL, ESC, BEL, CR, NEL...), bidirectional overrides and isolates, and the Unicode line
/// and paragraph separators (one YAML parser breaks lines at them and the other does not).
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
        || is_noncharacter(c)
}

/// Unicode's noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane, U+FFFE, U+1FFFF...):
/// never text, and not allowed in XML, so one makes the feed ill-formed.
pub fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || u32::from(c) & 0xFFFE == 0xFFFE
}

/// What an unsafe character is, for a message: "control character U+001B".
pub fn describe_char(c: char) -> String {
    let kind = match c {
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "bidirectional formatting character",
        '\u{2028}' | '\u{2029}' | '\u{85}' => "line separator",
        c if is_noncharacter(c) => "noncharacter",
        _ => "control character",
    };
    format!("{kind} U+{:04X}", u32::from(c))
}

/// Text from a file made safe to print: every unsafe character becomes `<U+001B>`, so that a seed or a value
/// cannot clear the screen, set the window title or reorder the line it is shown on. Tabs and line feeds stay.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Text printed as one line (a message, a file name, a path given on the command line), escaped as `escape`
/// does and its line feeds too (`<U+000A>`): a file named with one could otherwise print a line of its own
/// that looks like the tool's ("check passed").
pub fn escape_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape_where(text, |c| c == '\n' || is_unsafe(c))
}

fn escape_where(text: &str, unsafe_here: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&unsafe_here) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_here(c) {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sorts diagnostics into a stable order: by file, position, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Github,
    Json,
}

/// At most this many diagnostics of one code are printed for one file in human output; the rest are counted in
/// one line. Tools get every one (`--format json`, `github`).
pub const SHOWN_PER_FILE: usize = 10;

pub fn render(diags: &[Diagnostic], format: Format, color: bool) -> String {
    match format {
        Format::Human => render_human_capped(diags, color),
        Format::Github => diags.iter().map(render_github).collect(),
        Format::Json => {
            let items: Vec<_> = diags.iter().map(to_json).collect();
            let mut s = serde_json::to_string_pretty(&items).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// Each file's diagnostics (a run of them: they come sorted by file), `SHOWN_PER_FILE` of each code, then a line
/// for each code that had more.
fn render_human_capped(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for run in diags.chunk_by(|a, b| a.file == b.file) {
        let mut shown: Vec<(&str, usize)> = Vec::new();
        for d in run {
            let seen = match shown.iter_mut().find(|(code, _)| *code == d.code) {
                Some((_, n)) => n,
                None => {
                    shown.push((d.code, 0));
                    &mut shown.last_mut().expect("just pushed").1
                }
            };
            *seen += 1;
            if *seen <= SHOWN_PER_FILE {
                out.push_str(&render_human(d, color));
            }
        }
        let file = run[0].file.as_ref().map_or_else(String::new, |f| {
            format!(" in {}", escape_line(&f.display().to_string()))
        });
        for (code, n) in shown.into_iter().filter(|(_, n)| *n > SHOWN_PER_FILE) {
            let _ = writeln!(
                out,
                "... and {} more {code} of the same kind{file} (`--format json` lists every one)\n",
                n - SHOWN_PER_FILE
            );
        }
    }
    out
}

/// rustc-style, by annotate-snippets (rustc's renderer): `error[E020]: message`, `--> file:line:col`, the line
/// with a caret under the column (placed by display width: a CJK character takes two), each label's line with
/// its own mark, then `help:` lines. Text from the files is escaped first (`<U+001B>`), so no control character
/// reaches the terminal.
fn render_human(d: &Diagnostic, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let file = d
        .file
        .as_ref()
        .map(|f| escape_line(&f.display().to_string()).into_owned());
    let mut group = Group::with_title(
        level
            .primary_title(escape_line(&d.message).into_owned())
            .id(d.code),
    );
    match (&file, d.pos, &d.line_text) {
        (Some(file), Some(pos), Some(line)) => {
            let label = d.path.as_deref().map(|p| escape_line(p).into_owned());
            group = group.element(snippet(file, pos, 1, line, label, AnnotationKind::Primary));
        }
        (Some(file), pos, _) => {
            let origin = Origin::path(file.clone());
            group = group.element(match pos {
                Some(p) => origin.line(p.line).char_column(p.col),
                None => origin,
            });
            if let Some(path) = &d.path {
                group = group.element(
                    Level::NOTE
                        .with_name("at")
                        .message(escape_line(path).into_owned()),
                );
            }
        }
        (None, _, _) => {}
    }
    for l in &d.labels {
        let file = escape_line(&l.file.display().to_string()).into_owned();
        let message = Some(escape_line(&l.message).into_owned());
        group = group.element(snippet(
            &file,
            l.pos,
            l.len,
            &l.line_text,
            message,
            AnnotationKind::Context,
        ));
    }
    for h in &d.help {
        group = group.element(Level::HELP.message(escape(h).into_owned()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.truncate(out.trim_end().len());
    out.push_str("\n\n");
    out
}

/// One line of a file with a mark under `len` code points from `pos`. The line is escaped; the mark and the
/// column printed in the header are the escaped line's, which are the file's whenever no escaped character comes
/// before the mark (a file holding one is refused at its first, E008).
fn snippet<'a>(
    file: &str,
    pos: Pos,
    len: usize,
    line: &str,
    label: Option<String>,
    kind: annotate_snippets::AnnotationKind,
) -> annotate_snippets::Snippet<'a, annotate_snippets::Annotation<'a>> {
    let before: String = line.chars().take(pos.col.saturating_sub(1)).collect();
    let marked: String = line
        .chars()
        .skip(pos.col.saturating_sub(1))
        .take(len.max(1))
        .collect();
    let (before, marked) = (escape(&before), escape(&marked));
    let start = before.len();
    let end = start + marked.len();
    annotate_snippets::Snippet::source(escape(line).into_owned())
        .line_start(pos.line)
        .path(file.to_owned())
        .annotation(kind.span(start..end).label(label))
}

/// GitHub Actions workflow commands; newlines in messages are %0A-encoded as the runner expects.
fn render_github(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // Property values escape `,` and `:` too, as the runner's toolkit does.
    let prop = |s: &str| {
        escape(s)
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let mut props = Vec::new();
    if let Some(f) = &d.file {
        props.push(format!("file={}", prop(&f.display().to_string())));
    }
    if let Some(p) = d.pos {
        props.push(format!("line={},col={}", p.line, p.col));
    }
    props.push(format!("title={}", d.code));
    let mut msg = d.message.clone();
    for l in &d.labels {
        let _ = write!(
            msg,
            "\n{}:{}:{}: {}",
            l.file.display(),
            l.pos.line,
            l.pos.col,
            l.message
        );
    }
    for h in &d.help {
        msg.push_str("\nhelp: ");
        msg.push_str(h);
    }
    let msg = escape(&msg)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    format!("::{level} {}::{msg}\n", props.join(","))
}

fn to_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "code": d.code,
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": d.message,
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "path": d.path,
        "line": d.pos.map(|p| p.line),
        "column": d.pos.map(|p| p.col),
        "help": d.help,
        "labels": d.labels.iter().map(|l| serde_json::json!({
            "file": l.file.display().to_string(),
            "line": l.pos.line,
            "column": l.pos.col,
            "length": l.len,
            "message": l.message,
        })).collect::<Vec<_>>(),
    })
}

/// The explanation of one code, for `briefing explain`.
pub fn explain(code: &str) -> Option<String> {
    CODES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(c, name, text)| format!("{c} ({name})\n\n{text}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn quote_error(line: &str, col: usize) -> Diagnostic {
        Diagnostic::error("E020", "quote not found")
            .in_file(Path::new("content/countries/x.yaml"))
            .placed(
                Some(Pos { line: 7, col }),
                Some(line),
                Some("claims[0].cites[0].quote"),
            )
    }

    /// The caret goes under the character by display width: each CJK character takes two columns, so counting
    /// characters would put it seven columns early here.
    #[test]
    fn carets_are_placed_by_display_width_after_wide_characters() {
        let line = "    quote: 中华人民共和国 said";
        let col = line.chars().position(|c| c == 's').unwrap() + 1;
        let out = render(&[quote_error(line, col)], Format::Human, false);
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.starts_with("7 |")).unwrap();
        let caret = lines[source + 1];
        // "    quote: " is 11 columns, the seven characters 14, and a space.
        assert_eq!(caret.find('^'), Some("7 | ".len() + 11 + 14 + 1), "{out}");
        assert!(out.contains("--> content/countries/x.yaml:7:"), "{out}");
    }

    /// Colour only when asked for (a terminal, no NO_COLOR: decided by the binary), never otherwise.
    #[test]
    fn colour_only_when_asked_for() {
        let d = [quote_error("quote: x", 8)];
        assert!(!render(&d, Format::Human, false).contains('\u{1b}'));
        assert!(render(&d, Format::Human, true).contains('\u{1b}'));
    }

    /// A diagnostic's other places are each shown with their own line and mark, in every format.
    #[test]
    fn every_label_is_shown_with_its_line() {
        let label = |line: usize, col: usize, text: &str, message: &str| Label {
            file: PathBuf::from("seeds/001.txt"),
            pos: Pos { line, col },
            len: 9,
            line_text: text.to_owned(),
            message: message.to_owned(),
        };
        let d = quote_error("quote: Ruritania", 8)
            .label(label(1, 1, "Ruritania agrees", "place 1"))
            .label(label(3, 5, "The Ruritania embassy", "place 2"));
        let human = render(std::slice::from_ref(&d), Format::Human, false);
        for expected in [
            "::: seeds/001.txt:1:1",
            "1 | Ruritania agrees",
            "  | --------- place 1",
            "::: seeds/001.txt:3:5",
            "3 | The Ruritania embassy",
            "  |     --------- place 2",
        ] {
            assert!(human.contains(expected), "{expected:?} in\n{human}");
        }
        let github = render(std::slice::from_ref(&d), Format::Github, false);
        assert!(github.contains("%0Aseeds/001.txt:3:5: place 2"), "{github}");
        let json: serde_json::Value =
            serde_json::from_str(&render(&[d], Format::Json, false)).unwrap();
        assert_eq!(json[0]["labels"][1]["line"], 3);
        assert_eq!(json[0]["labels"][1]["column"], 5);
        assert_eq!(json[0]["labels"][1]["message"], "place 2");
    }

    proptest! {
        /// The one-pass positions agree with counting from the start for each offset, lines included.
        #[test]
        fn positions_in_one_pass_match_counting_from_the_start(
            text in "[ab\n\r\u{e9}\u{1F600}]{0,40}",
            mut offsets in proptest::collection::vec(0usize..45, 0..8),
        ) {
            offsets.sort_unstable();
            let found = Pos::of_offsets(&text, &offsets);
            for (&offset, (pos, line)) in offsets.iter().zip(found) {
                let before: String = text.chars().take(offset).collect();
                let expected = Pos {
                    line: before.matches('\n').count() + 1,
                    col: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                };
                prop_assert_eq!(pos, expected);
                prop_assert_eq!(line, text.lines().nth(expected.line - 1));
            }
        }
    }
}
