//! Scaffolds: `briefing new country "<name>"` writes a commented profile that passes check with TODO warnings;
//! `briefing new source <file>` copies a seed into seeds/ (byte for byte) and registers it in sources.yaml.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::content::{CountryFile, SourcesFile};
use crate::diag::{describe_char, is_unsafe};
use crate::load::{
    is_slug, linked_component, parse_doc, read_bounded, suggest_slug, unsafe_char, MAX_FILE_BYTES,
};

/// Returns the path written, relative to the project. The file is named `slug`, or the name transliterated.
pub fn country(root: &Path, name: &str, slug: Option<&str>) -> io::Result<PathBuf> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(
            "give the country's name, e.g. \"Costa Rica\"".into(),
        ));
    }
    // A name is one line of plain text: a line break, an escape or a bidirectional override would break the
    // scaffold's YAML or its comment, or hide what it says.
    if let Some(c) = name
        .chars()
        .find(|&c| is_unsafe(c) || c == '\n' || c == '\t')
    {
        return Err(invalid(format!(
            "the name holds a {}; give it as plain text on one line",
            describe_char(c)
        )));
    }
    let slug = match slug {
        Some(slug) if is_slug(slug) => slug.to_owned(),
        Some(slug) => {
            return Err(invalid(format!(
                "`{slug}` is not a valid slug: use lowercase ASCII letters, digits and single hyphens{}",
                suggest_slug(slug).map_or(String::new(), |s| format!(", e.g. `{s}`"))
            )))
        }
        None => suggest_slug(name).ok_or_else(|| {
            invalid(format!(
                "cannot make a file name of \"{name}\": give one with --slug, e.g. --slug my-country"
            ))
        })?,
    };
    let dir = Path::new("content/countries");
    let rel = dir.join(format!("{slug}.yaml"));
    let text = country_scaffold(name);
    // The scaffold must load, or `check` would greet the contributor with a syntax error.
    if let Err(d) = parse_doc::<CountryFile>(&rel, text.clone()) {
        let why = d.first().map_or(String::new(), |d| d.message.clone());
        return Err(invalid(format!(
            "cannot write a profile for this name: {why}"
        )));
    }
    refuse_links(root, dir)?;
    fs::create_dir_all(root.join(dir))?;
    create_new(&root.join(&rel), text.as_bytes()).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already exists: edit it, or give this country another file name with --slug",
                rel.display()
            ),
        ),
        _ => e,
    })?;
    Ok(rel)
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Refuses a link anywhere on `rel` below the project: a scaffold is never written through one.
fn refuse_links(root: &Path, rel: &Path) -> io::Result<()> {
    match linked_component(root, rel) {
        Some(link) => Err(invalid(format!(
            "{} is a link; links are not followed when writing",
            link.display()
        ))),
        None => Ok(()),
    }
}

/// Creates `path`, which must not exist yet; a link at `path` (even one pointing nowhere) is not followed.
fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .mode(0o644)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `name` as a YAML double-quoted value: JSON's string syntax is YAML's.
fn quoted(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_default()
}

fn country_scaffold(name: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../../schemas/country.schema.json
# Profile of {name}. Every statement needs a citation: a verbatim quote from a seed (seeds/*.txt).
# Field reference: docs/content-model.md and CONTRIBUTING.md. Check your work with `briefing check`.
name: {quoted}
iso2: XX # TODO: ISO 3166-1 alpha-2 code, e.g. AO
iso3: XXX # TODO: ISO 3166-1 alpha-3 code, e.g. AGO
# iso_numeric: "024" # ISO 3166-1 numeric code, quoted; omit it if the country has none
region: Africa # TODO: one of Africa, Americas, Asia, Europe, Middle East, Oceania
roles: [destination] # any of: destination, origin, precedent
summary: |
  TODO: two to four neutral sentences restating this file's cited claims, attributed
  ("according to internal documents reported by CBS News").
claims:
  # One entry per fact. `axis` and `status` only for status facts, no stronger than the quote:
{statuses}  # (deportees sent there are `transfers:` records, not claims)
  - text: "TODO: what the source says, attributed to it."
    # axis: outreach
    # status: approached
    cites: []
    # cites:
    #   - source: cbs-angola-equatorial-guinea # an id from seeds/sources.yaml
    #     quote: "the passage, copied verbatim"
"#,
        quoted = quoted(name),
        statuses = claim_statuses(),
    )
}

/// The scaffold's comment lines listing each claim axis and its statuses, from the content model itself.
fn claim_statuses() -> String {
    crate::content::Axis::ALL
        .iter()
        .filter(|a| **a != crate::content::Axis::Transfers)
        .map(|a| {
            let kind = if *a == crate::content::Axis::Agreement {
                " (+ kind)"
            } else {
                ""
            };
            format!("  #   {}: {}{kind}\n", a.name(), a.statuses().join(" | "))
        })
        .collect()
}

/// What of the new source is registered already, said plainly: its id, its file name, or the same text (the
/// same SHA-256) under another name, which would make one article count as two sources.
fn registered_clash(existing: &SourcesFile, id: &str, name: &str, sha256: &str) -> Option<String> {
    let by =
        |f: &dyn Fn(&crate::content::SourceEntry) -> bool| existing.sources.iter().find(|s| f(s));
    if let Some(s) = by(&|s| s.id == id) {
        return Some(format!(
            "the id `{id}` is already registered (for seeds/{}): choose another with --id",
            s.file
        ));
    }
    if let Some(s) = by(&|s| s.file == name) {
        return Some(format!(
            "seeds/{name} is already registered, as `{}`: rename the file to add another article",
            s.id
        ));
    }
    by(&|s| s.sha256 == sha256).map(|s| {
        format!(
            "this text is already registered, as `{}` (seeds/{}, the same SHA-256 {sha256}): cite that id",
            s.id, s.file
        )
    })
}

/// Copies `file` into seeds/ (unless it is already there) and appends its entry to seeds/sources.yaml.
/// Returns the new source's id.
pub fn source(root: &Path, file: &Path, id: Option<&str>) -> io::Result<String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| invalid(format!("{} is not a file", file.display())))?;
    if !name.ends_with(".txt") || name.starts_with('.') {
        return Err(invalid(format!(
            "{name}: seeds are plain-text .txt files, not hidden"
        )));
    }
    // The file is named on the command line, so a link to it is followed; what it leads to must be a regular file.
    let bytes = read_bounded(file, MAX_FILE_BYTES, true)
        .map_err(|e| invalid(format!("{}: {e}", file.display())))?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| invalid(format!("{name} is not UTF-8 text")))?;
    if let Some((pos, c)) = unsafe_char(&text, true) {
        return Err(invalid(format!(
            "{name}:{}:{}: {}; remove it before adding the seed",
            pos.line,
            pos.col,
            describe_char(c)
        )));
    }
    let stem = name.trim_end_matches(".txt");
    let id = match id {
        Some(id) => id.to_owned(),
        None => suggest_slug(stem).ok_or_else(|| {
            invalid(format!(
                "cannot make an id of \"{stem}\": give one with --id"
            ))
        })?,
    };
    if !is_slug(&id) {
        return Err(invalid(format!(
            "`{id}` is not a valid id: use lowercase letters, digits and hyphens"
        )));
    }
    let sources_rel = Path::new("seeds/sources.yaml");
    refuse_links(root, sources_rel)?;
    let before = read_bounded(&root.join(sources_rel), MAX_FILE_BYTES, false)
        .map_err(|e| invalid(format!("seeds/sources.yaml: {e}")))
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| invalid("seeds/sources.yaml is not UTF-8".into()))
        })?;
    let existing: SourcesFile = parse_doc::<SourcesFile>(sources_rel, before.clone())
        .map_err(|d| {
            let why = d.first().map_or(String::new(), |d| d.message.clone());
            invalid(format!("seeds/sources.yaml does not load: {why}"))
        })?
        .data;
    let sha256 = crate::validate::sha256_hex(&bytes);
    if let Some(clash) = registered_clash(&existing, &id, &name, &sha256) {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, clash));
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
    sha256: {sha256}
    title: {title}
    title_basis: inferred # TODO: `stated` if this first line is the article's headline
    publisher: {{ value: Unknown outlet, basis: inferred, reason: "TODO: what the seed says of its outlet" }}
    relays: [] # TODO: reporter ids (see `reporters` above) whose reporting this seed passes on
    published: {{ value: "TODO", basis: inferred, reason: "TODO: the date the seed states, or how it is inferred" }}
    language: "TODO: language, and whether it is a translation"
    translated: false # TODO: `true` if the text is a translation (by machine or not)
    reliability: "TODO: translation quality, garbled names"
    unused: []
"#,
        title = serde_json::to_string(title).unwrap_or_default(),
        file = serde_json::to_string(&name).unwrap_or_default(),
    );
    let after = format!("{}{entry}", before.trim_end_matches('\n').to_owned() + "\n");
    // The entry is appended to the `sources:` list, which must be the file's last key: check before keeping it.
    let registered = parse_doc::<SourcesFile>(sources_rel, after.clone())
        .ok()
        .is_some_and(|d| d.data.sources.iter().any(|s| s.id == id));
    if !registered {
        return Err(invalid(
            "could not append to seeds/sources.yaml: keep `sources:` as its last key".into(),
        ));
    }
    let target = root.join("seeds").join(&name);
    if fs::canonicalize(file).ok() != fs::canonicalize(&target).ok() {
        create_new(&target, &bytes).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("seeds/{name} exists with other content"),
            ),
            _ => e,
        })?;
    }
    // Through a temporary file and a rename: a link at seeds/sources.yaml is replaced, never written through,
    // and a reader never sees half the file.
    let mut tmp = tempfile::NamedTempFile::new_in(root.join("seeds"))?;
    tmp.write_all(after.as_bytes())?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o644))?;
    tmp.persist(root.join(sources_rel)).map_err(|e| e.error)?;
    Ok(id)
}
