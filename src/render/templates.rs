//! The Tera templates: every `templates/*.html` compiled once, in name order.

use std::path::Path;

use tera::Tera;

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
    let mut tera = Tera::default();
    tera.add_raw_templates(raw.clone())
        .map_err(|e| vec![parse_error(&error_chain(&e), &raw)])?;
    Ok(tera)
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
