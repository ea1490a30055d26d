//! The single-file edition: every page of the briefing a reader needs (home, countries, disagreements, timeline,
//! topics, sources, about) in one self-contained HTML document to mail or print. It is made from the built site:
//! each page's `<main>` becomes a section, its ids are prefixed with the page's key so that they stay unique, links
//! between pages become links between sections, links to what the document leaves out (search, data files) become
//! plain text, headings move down one level under the document's title, and scripts go (none is needed). The
//! stylesheets are inlined in one `<style>` element that the document's Content-Security-Policy allows by its hash.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::render::{urls, Output};

/// The pages in the edition, in reading order, by output path: taken from the build itself, so the edition holds
/// exactly the pages the site has.
fn pages(out: &Output) -> Vec<String> {
    let under = |dir: &str| -> Vec<String> {
        out.keys()
            .filter(|p| {
                p.strip_prefix(dir)
                    .and_then(|rest| rest.strip_suffix("/index.html"))
                    .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
            })
            .cloned()
            .collect()
    };
    let mut order = vec![urls::HOME.to_owned(), urls::COUNTRIES.to_owned()];
    order.extend(under("countries/"));
    order.push(urls::DISAGREEMENTS.to_owned());
    order.push(urls::TIMELINE.to_owned());
    order.push(urls::TOPICS.to_owned());
    order.extend(under("topics/"));
    order.push(urls::SOURCES.to_owned());
    order.extend(under("sources/"));
    order.push(urls::ABOUT.to_owned());
    order
}

/// Marks a file as written by `briefing bundle --single-file`, the only kind of file that command replaces.
pub const GENERATOR: &str = "briefing bundle --single-file";

/// A page's key: its path without `/index.html`, folders joined by `-` (`countries-rwanda`); the home page `home`.
fn key_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some("") => "home".to_owned(),
        Some(dir) => dir.trim_end_matches('/').replace('/', "-"),
        None => path.trim_end_matches(".html").replace('/', "-"),
    }
}

/// `href` (as written in the page at `from`) resolved to a path from the site root, and its fragment.
fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_owned(), fragment);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    (parts.join("/"), fragment)
}

/// The value of `name="..."` in a tag, if present.
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn set_attr(tag: &str, name: &str, value: &str) -> String {
    let needle = format!(" {name}=\"");
    match tag.find(&needle) {
        Some(i) => {
            let start = i + needle.len();
            let end = tag[start..].find('"').map_or(tag.len(), |e| e + start);
            format!("{}{value}{}", &tag[..start], &tag[end..])
        }
        None => tag.to_owned(),
    }
}

/// Rewrites one page's `<main>` content for the edition.
struct Rewriter<'a> {
    page: &'a str,
    key: String,
    /// Included pages' keys by output path.
    included: &'a BTreeMap<String, String>,
}

impl Rewriter<'_> {
    fn prefixed(&self, ids: &str) -> String {
        ids.split(' ')
            .map(|id| format!("{}--{id}", self.key))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Where a link goes in the edition, or `None` when its target is not in it.
    fn target(&self, href: &str) -> Option<String> {
        let href = href.replace("&#x2F;", "/").replace("&amp;", "&");
        if href.starts_with("http://")
            || href.starts_with("https://")
            || href.starts_with("mailto:")
        {
            return Some(href);
        }
        let (path, fragment) = resolve(self.page, &href);
        let key = self.included.get(&path)?;
        Some(match fragment {
            Some(f) => format!("#{key}--{f}"),
            None => format!("#{key}"),
        })
    }

    fn rewrite(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut rest = html;
        let mut in_svg = false;
        let mut in_script = false;
        // Each open `<a>` and whether it was turned into a `<span>` (its target is not in the edition).
        let mut anchors: Vec<bool> = Vec::new();
        while let Some(lt) = rest.find('<') {
            if !in_script {
                out.push_str(&rest[..lt]);
            }
            let Some(gt) = rest[lt..].find('>') else {
                break;
            };
            let tag = &rest[lt..lt + gt + 1];
            rest = &rest[lt + gt + 1..];
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect();
            match name.as_str() {
                "script" => in_script = true,
                "/script" => in_script = false,
                "svg" => {
                    in_svg = true;
                    out.push_str(tag);
                }
                "/svg" => {
                    in_svg = false;
                    out.push_str(tag);
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "/h1" | "/h2" | "/h3" | "/h4" | "/h5" => {
                    let level: u8 = name
                        .trim_start_matches("/h")
                        .trim_start_matches('h')
                        .parse()
                        .unwrap_or(5);
                    let close = if name.starts_with('/') { "/" } else { "" };
                    let renamed = format!("<{close}h{}{}", level + 1, &tag[1 + name.len()..]);
                    out.push_str(&self.attributes(&renamed, in_svg));
                }
                "a" => match attr(tag, "href").map(|h| self.target(h)) {
                    Some(None) => {
                        anchors.push(true);
                        out.push_str("<span>");
                    }
                    _ => {
                        anchors.push(false);
                        out.push_str(&self.attributes(tag, in_svg));
                    }
                },
                "/a" => out.push_str(if anchors.pop() == Some(true) {
                    "</span>"
                } else {
                    tag
                }),
                _ if !in_script => out.push_str(&self.attributes(tag, in_svg)),
                _ => {}
            }
        }
        out.push_str(rest);
        out
    }

    /// Prefixes ids (and the ids that attributes refer to) and retargets links. Ids inside the map are kept: the
    /// map's clip path and patterns are referred to by `url(#...)`, and there is one map.
    fn attributes(&self, tag: &str, in_svg: bool) -> String {
        let mut tag = tag.to_owned();
        if !in_svg {
            for name in ["id", "aria-labelledby", "aria-describedby"] {
                if let Some(v) = attr(&tag, name).map(str::to_owned) {
                    tag = set_attr(&tag, name, &self.prefixed(&v));
                }
            }
        }
        if let Some(target) = attr(&tag, "href").and_then(|h| self.target(h)) {
            tag = set_attr(
                &tag,
                "href",
                &crate::render::templates::escape_html(&target),
            );
        }
        tag
    }
}

/// The passages stylesheet of one source page, with its anchors' ids prefixed as the edition prefixes them.
fn passages_css(css: &str, key: &str) -> String {
    css.replace("#q", &format!("#{key}--q"))
}

/// The single-file edition of the site `out` (a complete build), as HTML bytes.
pub fn single_file(out: &Output) -> Result<Vec<u8>, String> {
    let order = pages(out);
    let included: BTreeMap<String, String> = order.iter().map(|p| (p.clone(), key_of(p))).collect();
    let text = |path: &str| -> Result<&str, String> {
        out.get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
            .ok_or_else(|| format!("the build has no {path}"))
    };
    let mut css = text("static/style.css")?.to_owned();
    for page in order
        .iter()
        .filter(|p| p.starts_with("sources/") && p.as_str() != urls::SOURCES)
    {
        let id = page
            .trim_start_matches("sources/")
            .trim_end_matches("/index.html");
        css.push_str(&passages_css(text(&urls::passages_css(id))?, &key_of(page)));
    }
    // Each page section starts a new sheet of paper.
    css.push_str("\n.page { border-top: 3px double var(--line); margin-top: 3rem; }\n@media print { .page { break-before: page; border: 0; margin: 0; } nav.toc { display: block !important; break-after: page; } }\n");
    // Trimmed: the Nu HTML Checker hashes a style element's text without its outer whitespace, browsers with it.
    let css = css.trim();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
    let mut body = String::new();
    let mut toc = String::new();
    for path in &order {
        let html = text(path)?;
        let main = html
            .split_once("<main id=\"main\">")
            .and_then(|(_, m)| m.rsplit_once("</main>"))
            .map(|(m, _)| m)
            .ok_or_else(|| format!("{path} has no <main>"))?;
        let title = page_title(html);
        let key = key_of(path);
        let rewriter = Rewriter {
            page: path,
            key: key.clone(),
            included: &included,
        };
        let _ = write!(
            body,
            "<section class=\"page\" id=\"{key}\">\n{}\n</section>\n",
            rewriter.rewrite(main)
        );
        let _ = writeln!(toc, "<li><a href=\"#{key}\">{title}</a></li>");
    }
    let home = text(urls::HOME)?;
    let between = |from: &str, to: &str| {
        home.split_once(from)
            .and_then(|(_, rest)| rest.split_once(to))
            .map_or(String::new(), |(v, _)| v.to_owned())
    };
    // The home page's title is "Overview · <site title>"; its description meta is already escaped.
    let title = between("<title>Overview · ", "</title>");
    let description = between("<meta name=\"description\" content=\"", "\">");
    let mut doc = String::with_capacity(body.len() + css.len() + 4096);
    let _ = write!(
        doc,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{GENERATOR}\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{hash}'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <title>{title}</title>\n<meta name=\"description\" content=\"{description}\">\n<style>{css}</style>\n</head>\n<body>\n\
         <header class=\"site-header\"><span class=\"site-title\">{title}</span></header>\n<main id=\"main\">\n\
         <h1>{title}</h1>\n<p class=\"lead\">The whole briefing in one file: every country, the disagreements, the timeline, the topics and the full text of each source, with every quotation's reference. Links lead to the sections of this file.</p>\n\
         <nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol>\n{toc}</ol></nav>\n{body}</main>\n</body>\n</html>\n"
    );
    Ok(doc.into_bytes())
}

/// A page's own title: its `<title>` without the " · <site title>" every page ends it with (a title may hold
/// " · " itself). The site title is read from the page's header link, escaped the same way.
fn page_title(html: &str) -> &str {
    let inner = |from: &str, to: &str| {
        html.split_once(from)
            .and_then(|(_, rest)| rest.split_once(to))
            .map(|(v, _)| v)
    };
    let site = html
        .split_once("class=\"site-title\"")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</a>"))
        .map_or("", |(v, _)| v);
    let title = inner("<title>", "</title>").unwrap_or("");
    title
        .strip_suffix(site)
        .and_then(|t| t.strip_suffix(" · "))
        .unwrap_or(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_keeps_its_own_middle_dots_in_the_contents() {
        let page = "<title>Talks · the Rwanda deal · Briefing · Third countries</title>\n\
                    <a class=\"site-title\" href=\"../index.html\">Briefing · Third countries</a>";
        assert_eq!(page_title(page), "Talks · the Rwanda deal");
        assert_eq!(page_title("<title>Plain</title>"), "Plain");
    }

    #[test]
    fn links_resolve_against_the_page_that_holds_them() {
        assert_eq!(
            resolve(
                "countries/rwanda/index.html",
                "../../sources/x/index.html#q1-2"
            ),
            ("sources/x/index.html".to_owned(), Some("q1-2".to_owned()))
        );
        assert_eq!(
            resolve("index.html", "#ref-3"),
            ("index.html".to_owned(), Some("ref-3".to_owned()))
        );
        assert_eq!(key_of("countries/rwanda/index.html"), "countries-rwanda");
        assert_eq!(key_of("index.html"), "home");
    }

    #[test]
    fn ids_links_and_headings_are_rewritten_for_one_document() {
        let included = BTreeMap::from([
            (
                "countries/rwanda/index.html".to_owned(),
                "countries-rwanda".to_owned(),
            ),
            ("sources/x/index.html".to_owned(), "sources-x".to_owned()),
        ]);
        let r = Rewriter {
            page: "countries/rwanda/index.html",
            key: "countries-rwanda".to_owned(),
            included: &included,
        };
        let html = "<h1>Rwanda</h1><section aria-labelledby=\"s-h\"><h2 id=\"s-h\">S</h2>\
                    <a id=\"cite-1-1\" href=\"#ref-1\">[1]</a> <a href=\"..&#x2F;..&#x2F;sources&#x2F;x&#x2F;index.html#q1-2\">p</a> \
                    <a href=\"..&#x2F;..&#x2F;data&#x2F;claims.json\">data</a><script src=\"x.js\" defer></script></section>";
        assert_eq!(
            r.rewrite(html),
            "<h2>Rwanda</h2><section aria-labelledby=\"countries-rwanda--s-h\"><h3 id=\"countries-rwanda--s-h\">S</h3>\
             <a id=\"countries-rwanda--cite-1-1\" href=\"#countries-rwanda--ref-1\">[1]</a> <a href=\"#sources-x--q1-2\">p</a> \
             <span>data</span></section>"
        );
    }
}
