//! The Atom feed (`feed.xml`) of the content's dated changes: each new country, topic and source on the day its
//! file was first committed, and each page's latest change. Dates come from the repository (`History`), never
//! from the build's clock, so that two builds of one commit are identical; without a history the feed lists
//! nothing. Entry ids are `tag:` URIs (RFC 4151), minted on the day of the change.

use std::path::{Path, PathBuf};

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::model::Site;
use crate::render::markdown::to_plain;
use crate::render::urls;
use crate::render::views::Views;

pub const FEED: &str = "feed.xml";

/// The feed keeps the newest changes, as feeds do: a feed reader keeps what it saw before.
const ENTRIES: usize = 100;

struct Entry {
    /// `YYYY-MM-DD`.
    date: String,
    /// What changed, for the tag URI: `countries/rwanda/added`.
    key: String,
    title: String,
    /// Relative to the site's root.
    page: String,
    summary: String,
}

/// The tag URI's authority: the host of `base_url` or of the repository, or a name under `.invalid` (RFC 2606:
/// it can be no one else's) for a site that has neither.
fn authority(site: &Site) -> String {
    site.base_url
        .as_deref()
        .or(site.repository.as_deref())
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .filter(|host| !host.is_empty())
        .unwrap_or("third-country-briefing.invalid")
        .to_owned()
}

/// An entry for a file's first commit and, if it changed later, one for its latest change.
fn file_entries(
    views: &Views,
    file: &Path,
    key: &str,
    page: String,
    added: (String, String),
    updated: (String, String),
    out: &mut Vec<Entry>,
) {
    let history = views.history();
    let first = history.added(file);
    let last = history.of(file);
    if let Some(date) = first {
        out.push(Entry {
            date: date.to_owned(),
            key: format!("{key}/added"),
            title: added.0,
            page: page.clone(),
            summary: added.1,
        });
    }
    if let Some(date) = last.filter(|d| Some(*d) != first) {
        out.push(Entry {
            date: date.to_owned(),
            key: format!("{key}/changed"),
            title: updated.0,
            page,
            summary: updated.1,
        });
    }
}

fn entries(site: &Site, views: &Views) -> Vec<Entry> {
    let mut out = Vec::new();
    for s in &site.sources {
        let file = Path::new("seeds").join(&s.file);
        if let Some(date) = views.history().added(&file) {
            out.push(Entry {
                date: date.to_owned(),
                key: format!("sources/{}/added", s.id),
                title: format!("New source: {}", s.title),
                page: urls::source(&s.id),
                summary: format!(
                    "A new source article, quoted passage by passage: {}. {}",
                    s.title,
                    to_plain(&s.reliability)
                ),
            });
        }
    }
    for c in &site.countries {
        let summary = format!(
            "{}: {}. {} statements, {} transfers. {}",
            c.name,
            c.headline.label(),
            c.claims.len(),
            c.transfers.len(),
            to_plain(&c.summary)
        );
        file_entries(
            views,
            &c.file,
            &format!("countries/{}", c.slug),
            urls::country(&c.slug),
            (format!("New country: {}", c.name), summary.clone()),
            (format!("{} updated", c.name), summary),
            &mut out,
        );
    }
    for t in &site.topics {
        let file = PathBuf::from(format!("content/topics/{}.yaml", t.slug));
        let claims: usize = t.sections.iter().map(|s| s.claims.len()).sum();
        let summary = format!("{}. {claims} statements.", to_plain(&t.summary));
        file_entries(
            views,
            &file,
            &format!("topics/{}", t.slug),
            urls::topic(&t.slug),
            (format!("New topic: {}", t.title), summary.clone()),
            (format!("{} updated", t.title), summary),
            &mut out,
        );
    }
    for (file, key, page, title, summary) in [
        (
            "content/timeline.yaml",
            "timeline",
            urls::TIMELINE,
            "Timeline",
            format!("{} dated events.", site.timeline.len()),
        ),
        (
            "content/disagreements.yaml",
            "disagreements",
            urls::DISAGREEMENTS,
            "Where the sources disagree",
            format!("{} recorded disagreements.", site.disagreements.len()),
        ),
    ] {
        if let Some(date) = views.history().of(Path::new(file)) {
            out.push(Entry {
                date: date.to_owned(),
                key: format!("{key}/changed"),
                title: format!("{title} updated"),
                page: page.to_owned(),
                summary,
            });
        }
    }
    // Newest first; one day's changes in a fixed order.
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    out.truncate(ENTRIES);
    out
}

/// The feed as Atom 1.0, written by quick-xml (which escapes every text and attribute). Links are relative to
/// the feed (at the site's root) unless `base_url` is set.
pub fn atom(site: &Site, views: &Views) -> String {
    let entries = entries(site, views);
    let authority = authority(site);
    let link = |page: &str| match &site.base_url {
        Some(base) => format!("{}/{page}", base.trim_end_matches('/')),
        None => page.to_owned(),
    };
    // The newest change; a site without history says when its content was last dated instead.
    let updated = entries
        .first()
        .map(|e| e.date.clone())
        .or_else(|| views.history().overall().map(str::to_owned))
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_feed(&mut w, site, &entries, &authority, &updated, &link)
        // Writing into a Vec cannot fail.
        .expect("a feed written into memory");
    let mut xml =
        String::from_utf8(w.into_inner()).expect("quick-xml writes the UTF-8 it is given");
    xml.push('\n');
    xml
}

fn write_feed(
    w: &mut Writer<Vec<u8>>,
    site: &Site,
    entries: &[Entry],
    authority: &str,
    updated: &str,
    link: &dyn Fn(&str) -> String,
) -> std::io::Result<()> {
    let text = |w: &mut Writer<Vec<u8>>, name: &str, value: &str| {
        w.create_element(name)
            .write_text_content(BytesText::new(value))
            .map(|_| ())
    };
    let alternate = |w: &mut Writer<Vec<u8>>, kind: &str, rel: &str, href: &str| {
        w.create_element("link")
            .with_attributes([("rel", rel), ("type", kind), ("href", href)])
            .write_empty()
            .map(|_| ())
    };
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attributes([("xmlns", "http://www.w3.org/2005/Atom"), ("xml:lang", "en")])
        .write_inner_content(|w| {
            text(w, "id", &format!("tag:{authority},2025:feed"))?;
            text(w, "title", &site.title)?;
            text(w, "subtitle", &to_plain(&site.description))?;
            text(w, "updated", &format!("{updated}T00:00:00Z"))?;
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", &site.title))?;
            alternate(w, "application/atom+xml", "self", &link(FEED))?;
            alternate(w, "text/html", "alternate", &link(urls::HOME))?;
            for e in entries {
                w.create_element("entry").write_inner_content(|w| {
                    text(w, "id", &format!("tag:{authority},{}:{}", e.date, e.key))?;
                    text(w, "title", &e.title)?;
                    text(w, "updated", &format!("{}T00:00:00Z", e.date))?;
                    alternate(w, "text/html", "alternate", &link(&e.page))?;
                    text(w, "summary", &e.summary)
                })?;
            }
            Ok(())
        })?;
    Ok(())
}
