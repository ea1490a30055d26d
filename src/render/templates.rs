//! The Tera templates: every `templates/*.html` compiled once, in name order.

use std::fs;
use std::path::Path;

use tera::Tera;

use crate::diag::Diagnostic;

pub fn load(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let dir = root.join("templates");
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
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html") =>
            {
                let name = e.file_name().to_string_lossy().into_owned();
                match fs::read_to_string(e.path()) {
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
    tera.add_raw_templates(raw).map_err(|e| {
        vec![Diagnostic::error("E040", error_chain(&e)).in_file(Path::new("templates"))]
    })?;
    Ok(tera)
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
