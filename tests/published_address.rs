//! What the site says about where it is published: `robots.txt` always; a sitemap, canonical and Open Graph
//! addresses, and a 404 page with root-absolute links only when `site.yaml` gives a `base_url`; a `base_url` that
//! is not a web address is refused with its position.

mod common;

use common::{stderr, Project};

fn with_base_url(url: &str) -> Project {
    let p = Project::copy_of_real();
    let site = p.read("content/site.yaml");
    p.write("content/site.yaml", &format!("{site}base_url: \"{url}\"\n"));
    p
}

#[test]
fn without_base_url_every_address_stays_relative() {
    let p = Project::copy_of_real();
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("public/robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!p.path().join("public/sitemap.xml").exists());
    let country = p.read("public/countries/rwanda/index.html");
    assert!(!country.contains("rel=\"canonical\""));
    assert!(!country.contains("og:url"));
    let not_found = p.read("public/404.html");
    assert!(not_found.contains("href=\"static/style.css\""));
    assert!(not_found.contains("href=\"countries/index.html\""));
}

#[test]
fn base_url_gives_sitemap_canonical_and_root_absolute_404() {
    let p = with_base_url("https://example.org/briefing");
    let out = p.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        p.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/briefing/sitemap.xml\n"
    );
    let sitemap = p.read("public/sitemap.xml");
    for loc in [
        "<loc>https://example.org/briefing/</loc>",
        "<loc>https://example.org/briefing/countries/rwanda/</loc>",
        "<loc>https://example.org/briefing/topics/legal-basis/</loc>",
    ] {
        assert!(sitemap.contains(loc), "sitemap lacks {loc}");
    }
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not a page to index"
    );
    let pages = sitemap.matches("<url>").count();
    assert!(pages > 40, "only {pages} pages in the sitemap");

    // Tera escapes `/` in values as `&#x2F;`, which HTML reads back as `/`.
    let country = p
        .read("public/countries/rwanda/index.html")
        .replace("&#x2F;", "/");
    let here = "https://example.org/briefing/countries/rwanda/";
    assert!(country.contains(&format!("<link rel=\"canonical\" href=\"{here}\">")));
    assert!(country.contains(&format!("<meta property=\"og:url\" content=\"{here}\">")));
    assert!(country.contains("<meta property=\"og:title\" content=\"Rwanda\">"));
    // Everything else stays relative, so the same build still works from file://.
    assert!(country.contains("href=\"../../static/style.css\""));

    // A host serves the 404 page at any missing address, however deep: its links start at the site's root.
    let not_found = p.read("public/404.html").replace("&#x2F;", "/");
    assert!(not_found.contains("href=\"/briefing/static/style.css\""));
    assert!(not_found.contains("href=\"/briefing/countries/index.html\""));
    assert!(not_found.contains("action=\"/briefing/search/index.html\""));
    assert!(!not_found.contains("rel=\"canonical\""));
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused_with_its_position() {
    let p = with_base_url("example.org/briefing");
    let out = p.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let line = p.read("content/site.yaml").lines().count();
    assert!(
        err.contains(&format!("content/site.yaml:{line}:11")),
        "no position in: {err}"
    );
    assert!(
        err.contains("`example.org/briefing` is not a web address"),
        "{err}"
    );
}
