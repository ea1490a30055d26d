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
    // Tera's parser recurses on nesting: a template too deep for it is refused before it is parsed.
    let diags: Vec<Diagnostic> = raw
        .iter()
        .filter_map(|(name, text)| template_check::nesting(name, text).err())
        .collect();
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    tera.register_function("range", template_check::bounded_range);
    template_check::contained(|| tera.add_raw_templates(raw.clone()))
        .map_err(|e| vec![parse_error(&error_chain(&e), &raw)])?;
    let sources = raw.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    template_check::calls(&tera, &sources)?;
    Ok(tera)
}

/// HTML escaping for every `{{ }}` and every text the views write as HTML: the characters that can end a text
/// or a quoted attribute value, or start an entity. Tera's own escaping also writes `/` as `&#x2F;`, which HTML
/// does not need and which made every relative URL longer (`..&#x2F;..&#x2F;countries&#x2F;index.html`).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
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
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

/// Tera reports a syntax error as "Failed to parse 'NAME': --> L:C ... = expected ..."; this places it in the
/// template's file at its line and column, with the expectation as help.
fn parse_error(chain: &str, raw: &[(String, String)]) -> Diagnostic {
    let name = chain
        .strip_prefix("Failed to parse '")
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or("");
    let pos = chain.split("--> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(crate::diag::Pos {
            line: line.trim().parse().ok()?,
            col: col.parse().ok()?,
        })
    });
    let expected = chain
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .unwrap_or("");
    let Some((_, text)) = raw.iter().find(|(n, _)| n == name) else {
        return Diagnostic::error("E040", chain.to_owned()).in_file(Path::new("templates"));
    };
    let mut d = Diagnostic::error("E040", "template syntax error")
        .in_file(&Path::new("templates").join(name))
        .at(text, pos, None);
    if !expected.is_empty() {
        d = d.help(expected.to_owned());
    }
    d
}

/// Tera's error with its causes, which hold the useful part (the template, the line, the variable).
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
