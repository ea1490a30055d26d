//! Scaffolds: `briefing new country "<name>"` writes a commented profile that passes check with TODO warnings;
//! `briefing new source <file>` copies a seed into seeds/ (byte for byte) and registers it in sources.yaml.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::content::SourcesFile;
use crate::load::{is_slug, parse_doc, suggest_slug};

/// Returns the path written, relative to the project.
pub fn country(root: &Path, name: &str) -> io::Result<PathBuf> {
    let name = name.trim();
    if name.is_empty() || name.contains(['\n', '"', '\\']) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "give the country's name, e.g. \"Costa Rica\"",
        ));
    }
    let slug = suggest_slug(name);
    let rel = Path::new("content/countries").join(format!("{slug}.yaml"));
    let path = root.join(&rel);
    if path.exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", rel.display()),
        ));
    }
    fs::create_dir_all(path.parent().unwrap_or(root))?;
    fs::write(&path, country_scaffold(name))?;
    Ok(rel)
}

fn country_scaffold(name: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../../schemas/country.schema.json
# Profile of {name}. Every statement needs a citation: a verbatim quote from a seed (seeds/*.txt).
# Field reference: docs/content-model.md and CONTRIBUTING.md. Check your work with `briefing check`.
name: "{name}"
iso2: XX # TODO: ISO 3166-1 alpha-2 code, e.g. AO
iso3: XXX # TODO: ISO 3166-1 alpha-3 code, e.g. AGO
# iso_numeric: "024" # ISO 3166-1 numeric code, quoted; omit it if the country has none
region: Africa # TODO: one of Africa, Americas, Asia, Europe, Middle East, Oceania
roles: [destination] # any of: destination, origin, precedent
summary: |
  TODO: two to four neutral sentences restating this file's cited claims, attributed
  ("according to internal documents reported by CBS News").
claims:
  # One entry per fact. `axis` and `status` only for status facts:
  #   outreach: approached | negotiating        agreement: reported | concluded (+ kind)
  #   transfers: received                        stance: confirmed | denied | unaware | refused | no_comment
  - text: "TODO: what the source says, attributed to it."
    # axis: outreach
    # status: approached
    cites: []
    # cites:
    #   - source: cbs-angola-equatorial-guinea # an id from seeds/sources.yaml
    #     quote: "the passage, copied verbatim"
"#
    )
}

/// Copies `file` into seeds/ (unless it is already there) and appends its entry to seeds/sources.yaml.
/// Returns the new source's id.
pub fn source(root: &Path, file: &Path, id: Option<&str>) -> io::Result<String> {
    let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| invalid(format!("{} is not a file", file.display())))?;
    if !name.ends_with(".txt") || name.starts_with('.') {
        return Err(invalid(format!(
            "{name}: seeds are plain-text .txt files, not hidden"
        )));
    }
    let bytes = fs::read(file)?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| invalid(format!("{name} is not UTF-8 text")))?;
    let stem = name.trim_end_matches(".txt");
    let id = id.map_or_else(|| suggest_slug(stem), str::to_owned);
    if !is_slug(&id) {
        return Err(invalid(format!(
            "`{id}` is not a valid id: use lowercase letters, digits and hyphens"
        )));
    }
    let sources_path = root.join("seeds/sources.yaml");
    let before = fs::read_to_string(&sources_path)?;
    let existing: SourcesFile =
        parse_doc::<SourcesFile>(Path::new("seeds/sources.yaml"), before.clone())
            .map_err(|d| invalid(format!("seeds/sources.yaml does not load: {}", d.message)))?
            .data;
    if existing
        .sources
        .iter()
        .any(|s| s.id == id || s.file == name)
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{name} or id `{id}` is already registered"),
        ));
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(stem);
    let entry = format!(
        r#"
  - id: {id}
    file: {file}
    title: {title}
    title_basis: inferred # TODO: `stated` if this first line is the article's headline
    publisher: {{ value: Unknown outlet, basis: inferred, reason: "TODO: what the seed says of its outlet" }}
    relays: [] # TODO: reporter ids (see `reporters` above) whose reporting this seed passes on
    published: {{ value: "TODO", basis: inferred, reason: "TODO: the date the seed states, or how it is inferred" }}
    language: "TODO: language, and whether it is a translation"
    reliability: "TODO: translation quality, garbled names"
    unused: []
"#,
        title = serde_json::to_string(title).unwrap_or_default(),
        file = serde_json::to_string(&name).unwrap_or_default(),
    );
    let after = format!("{}{entry}", before.trim_end_matches('\n').to_owned() + "\n");
    // The entry is appended to the `sources:` list, which must be the file's last key: check before keeping it.
    let registered = parse_doc::<SourcesFile>(Path::new("seeds/sources.yaml"), after.clone())
        .ok()
        .is_some_and(|d| d.data.sources.iter().any(|s| s.id == id));
    if !registered {
        return Err(invalid(
            "could not append to seeds/sources.yaml: keep `sources:` as its last key".into(),
        ));
    }
    let target = root.join("seeds").join(&name);
    if fs::canonicalize(file).ok() != fs::canonicalize(&target).ok() {
        if target.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("seeds/{name} exists with other content"),
            ));
        }
        fs::write(&target, &bytes)?;
    }
    fs::write(&sources_path, after)?;
    Ok(id)
}
