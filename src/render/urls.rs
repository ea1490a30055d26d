//! Where each page lives, and links relative to the page that holds them (so the site works from `file://`).

/// Output path of the home page.
pub const HOME: &str = "index.html";
pub const COUNTRIES: &str = "countries/index.html";
pub const SOURCES: &str = "sources/index.html";
pub const TOPICS: &str = "topics/index.html";
pub const TIMELINE: &str = "timeline/index.html";
pub const DISAGREEMENTS: &str = "disagreements/index.html";
pub const ABOUT: &str = "about/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH: &str = "search/index.html";
/// The open-data page, beside the files it describes.
pub const DATA: &str = "data/index.html";
/// For readers: how to report a mistake.
pub const CORRECTIONS: &str = "corrections/index.html";
/// For contributors: how to contribute, and the error codes.
pub const CONTRIBUTE: &str = "contribute/index.html";
/// The search index, a script that sets a global: `fetch()` is not allowed from `file://`.
pub const SEARCH_INDEX: &str = "static/searchindex.js";
pub const ROBOTS: &str = "robots.txt";
/// The status map as a file of its own, with its legend, sources and licence.
pub const STATUS_MAP: &str = "status-map.svg";
/// Every country's status and its support on one printable page.
pub const STATUS_SHEET: &str = "status-sheet/index.html";
/// Written only when `site.yaml` gives a `base_url`: a sitemap lists absolute addresses.
pub const SITEMAP: &str = "sitemap.xml";

/// `s` as a URL query value: every byte but the unreserved characters percent-encoded.
pub fn query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn country(slug: &str) -> String {
    format!("countries/{slug}/index.html")
}

/// Page `n` (from 1) of the countries index: the first is the index itself.
pub fn countries_page(n: usize) -> String {
    match n {
        0 | 1 => COUNTRIES.to_owned(),
        n => format!("countries/page/{n}/index.html"),
    }
}

pub fn source(id: &str) -> String {
    format!("sources/{id}/index.html")
}

/// The id of the element of a source's page that holds the source's text and nothing else (annotations select
/// it by this id).
pub const SOURCE_TEXT: &str = "source-text";

/// The stylesheet that emphasises a targeted passage on a source's page.
pub fn passages_css(id: &str) -> String {
    format!("static/passages/{id}.css")
}

pub fn topic(slug: &str) -> String {
    format!("topics/{slug}/index.html")
}

/// The prefix that leads from the page at `path` back to the site root: `countries/a/index.html` -> `../../`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The address of the page at `path` on the published site, in the form a static host serves it:
/// (`https://example.org/briefing`, `countries/a/index.html`) -> `https://example.org/briefing/countries/a/`.
pub fn published(base_url: &str, path: &str) -> String {
    format!("{}/{}", base_url.trim_end_matches('/'), page_address(path))
}

/// The page at `path` as a static host serves it, below the site's address: `countries/a/index.html` ->
/// `countries/a/`.
pub fn page_address(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// The path of the published site's root on its host, for root-absolute links: `https://example.org/briefing` ->
/// `/briefing/`, `https://example.org` -> `/`.
pub fn path_of(base_url: &str) -> String {
    let host_and_path = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = host_and_path.find('/').map_or("", |i| &host_and_path[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_matches_depth() {
        assert_eq!(root_of(HOME), "");
        assert_eq!(root_of(NOT_FOUND), "");
        assert_eq!(root_of(COUNTRIES), "../");
        assert_eq!(root_of(&country("south-sudan")), "../../");
    }

    #[test]
    fn published_addresses_end_in_a_folder_or_a_file() {
        let base = "https://example.org/briefing/";
        assert_eq!(published(base, HOME), "https://example.org/briefing/");
        assert_eq!(
            published(base, &country("chad")),
            "https://example.org/briefing/countries/chad/"
        );
        assert_eq!(
            published("https://example.org", NOT_FOUND),
            "https://example.org/404.html"
        );
    }

    #[test]
    fn root_path_of_a_base_url() {
        assert_eq!(path_of("https://example.org/briefing"), "/briefing/");
        assert_eq!(path_of("https://example.org/briefing/"), "/briefing/");
        assert_eq!(path_of("https://example.org"), "/");
        assert_eq!(path_of("http://localhost:8000/"), "/");
    }
}
