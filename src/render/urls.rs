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
/// For contributors: how to contribute, and the error codes.
pub const CONTRIBUTE: &str = "contribute/index.html";
/// The search index, a script that sets a global: `fetch()` is not allowed from `file://`.
pub const SEARCH_INDEX: &str = "static/searchindex.js";

pub fn country(slug: &str) -> String {
    format!("countries/{slug}/index.html")
}

pub fn source(id: &str) -> String {
    format!("sources/{id}/index.html")
}

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
}
