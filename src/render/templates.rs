//! The Tera templates: every `templates/*.html` compiled once, in name order.

use std::path::Path;

use tera::Tera;

use super::template_check;
use crate::diag::Diagnostic;

pub fn load(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let dir = root.join("templates");
    if crate::load::linked_component(root, Path::new("templates")).is_some() {
        return Err(vec![Diagnostic::error(
            "E040",
            "templates/ is a link; links are not followed",
        )
        .in_file(Path::new("templates"))]);
    }
    let mut raw = Vec::new();
    let mut diags = Vec::new();
    let entries = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name();
    for entry in entries {
        match entry {
            Ok(e)
                if !e.file_type().is_dir() && e.path().extension().is_some_and(|x| x == "html") =>
            {
                let name = e.file_name().to_string_lossy().into_owned();
                let read = crate::load::read_bounded(e.path(), crate::load::MAX_FILE_BYTES, false)
                    .map_err(|e| e.to_string())
                    .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8".to_owned()));
                match read {
                    Ok(text) => raw.push((name, text)),
                    Err(err) => diags.push(
                        Diagnostic::error("E040", format!("cannot read template: {err}"))
                            .in_file(&Path::new("templates").join(&name)),
                    ),
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::error(
                "E040",
                format!("cannot list templates/: {err}"),
            )),
        }
    }
    if raw.is_empty() && diags.is_empty() {
        diags.push(Diagnostic::error(
            "E040",
            "no templates found in templates/",
        ));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    compile(raw)
}

/// Compiles templates given as (name, text), within `template_check`'s bounds.
pub fn compile(raw: Vec<(String, String)>) -> Result<Tera, Vec<Diagnostic>> {
    // The nesting is bounded before Tera parses, and what each template may enter before anything renders.
    let diags: Vec<Diagnostic> = raw
        .iter()
        .filter_map(|(name, text)| template_check::nesting(name, text).err())
        .collect();
    if !diags.is_empty() {
        return Err(diags);
    }
    template_check::calls(&raw)?;
    let mut tera = Tera::new();
    tera.set_escape_fn(write_escaped);
    // Functions and filters must be registered before the templates load: Tera refuses a call to any other.
    tera.register_function("range", template_check::bounded_range);
    template_check::contained(|| tera.add_raw_templates(raw.iter().map(|(n, t)| (n, t))))
        .map_err(|e| load_errors(&e, &raw))?;
    Ok(tera)
}

/// HTML escaping for every `{{ }}` and every text the views write as HTML: the characters that can end a text
/// or a quoted attribute value, or start an entity. Tera 1's escaping also wrote `/` as `&#x2F;`, which HTML
/// does not need and which made every relative URL longer (`..&#x2F;..&#x2F;countries&#x2F;index.html`).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_pieces(s, |piece| {
        out.push_str(piece);
        Ok(())
    })
    .expect("a String takes every piece");
    out
}

/// `escape_html` into a writer: Tera's escape function, for every `{{ }}` of the templates.
pub fn write_escaped(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_pieces(s, |piece| out.write_all(piece.as_bytes()))
}

/// The one escaper: gives `s` to `put` in pieces, each unescaped run and each entity in turn.
fn escape_pieces(s: &str, mut put: impl FnMut(&str) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut from = 0;
    // The five are ASCII, so each is one byte and never inside a multi-byte character.
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        put(&s[from..i])?;
        put(entity)?;
        from = i + 1;
    }
    put(&s[from..])
}

/// Tera's errors when the templates load, each placed in its template's file at its line and column: a syntax
/// error, or the list of calls to unknown functions, filters, tests, components and templates.
fn load_errors(e: &tera::Error, raw: &[(String, String)]) -> Vec<Diagnostic> {
    let text_of = |name: &str| {
        raw.iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, t)| t.as_str())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let mut d = report_diagnostic(report);
            d.message = format!("template syntax error: {}", d.message);
            vec![d]
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            vec![template_check::error_at(
                current,
                text_of(current),
                &format!("\"{parent}\""),
                format!("`{parent}` is not a template in templates/; only those can be extended"),
            )]
        }
        _ => {
            // Tera lists every unknown call as a report of its own: "error: MESSAGE\n --> NAME:LINE:COL\n...".
            let message = e.to_string();
            let diags: Vec<Diagnostic> = message
                .split("\n\n")
                .filter_map(|report| {
                    let what = report.lines().next()?.strip_prefix("error: ")?;
                    let (name, pos) = report_locus(report)?;
                    let mut d = Diagnostic::error("E040", what.to_owned())
                        .in_file(&Path::new("templates").join(name))
                        .at(text_of(name), Some(pos), None);
                    if what.starts_with("Unknown function") {
                        d = d.help(format!(
                            "templates get no environment, file system or clock, only their page's data (functions: {})",
                            template_check::FUNCTIONS.join(", ")
                        ));
                    } else if what.starts_with("Unknown template") {
                        d = d.help("only templates in templates/ can be included");
                    }
                    Some(d)
                })
                .collect();
            if diags.is_empty() {
                vec![Diagnostic::error("E040", error_chain(e)).in_file(Path::new("templates"))]
            } else {
                diags
            }
        }
    }
}

/// The template and position a report of Tera's gives on its line " --> NAME:LINE:COL".
fn report_locus(report: &str) -> Option<(&str, crate::diag::Pos)> {
    let locus = report
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let (rest, col) = locus.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((
        name,
        crate::diag::Pos {
            line: line.parse().ok()?,
            col: col.parse().ok()?,
        },
    ))
}

/// A report of Tera's (a syntax or rendering error) as a diagnostic in its template's file at its line and
/// column, with the line as Tera shows it; the templates that called the one that failed, if any, as help.
pub fn report_diagnostic(report: &tera::ReportError) -> Diagnostic {
    let span = report.span();
    let pos = crate::diag::Pos {
        line: span.start_line,
        col: span.start_col + 1,
    };
    let shown =
        tera::Error::new(tera::ErrorKind::RenderingError(Box::new(report.clone()))).to_string();
    // Tera shows the line as "LINE | TEXT" under the locus.
    let prefix = format!("{} | ", span.start_line);
    let line = shown.lines().find_map(|l| l.strip_prefix(&prefix));
    let mut d = Diagnostic::error("E040", report.message().to_owned())
        .in_file(&Path::new("templates").join(report.filename()))
        .placed(Some(pos), line, None);
    for note in shown.lines() {
        if let Some(from) = note.strip_prefix("note: ") {
            d = d.help(from.to_owned());
        }
    }
    d
}

/// Tera's error with its causes, which hold the useful part (an I/O error's reason, for one).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        msg.push_str(": ");
        msg.push_str(&c.to_string());
        cause = c.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_for_text_and_attributes_but_slashes_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/t.html"),
            "<a href=\"{{ href }}\" title='{{ t }}'>{{ t }}</a>",
        )
        .unwrap();
        let tera = load(dir.path()).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("href", "../../countries/index.html?a=1&b=\"2\"");
        ctx.insert("t", "<script>'é'</script>");
        assert_eq!(
            tera.render("t.html", &ctx).unwrap(),
            "<a href=\"../../countries/index.html?a=1&amp;b=&quot;2&quot;\" \
             title='&lt;script&gt;&#x27;é&#x27;&lt;/script&gt;'>&lt;script&gt;&#x27;é&#x27;&lt;/script&gt;</a>"
        );
    }
}
