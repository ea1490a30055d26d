//! What the site says about where it is published: `robots.txt` always; a sitemap, canonical and Open Graph
//! addresses, and a 404 page with root-absolute links only when `site.yaml` gives a `base_url`; a `base_url` that
//! is not a web address is refused with its position.

mod common;

use common::{stderr, Project};

fn with_base_url(url: &str) -> Project {
    let p = Project::copy_of_real();
    p.set_base_url(Some(url));
    p
}

#[test]
fn without_base_url_every_address_stays_relative() {
    let p = Project::copy_of_real();
    p.set_base_url(None);
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

/// The deploying build names the address it publishes to: it fails, with the position of `base_url`, unless
/// site.yaml gives that address, and writes nothing; given the right one, it builds.
#[test]
fn the_deploying_build_fails_unless_site_yaml_gives_its_address() {
    let p = with_base_url("https://example.org/briefing/");
    let wrong = p.run(&["build", "--published-at", "https://example.net/other/"]);
    assert_eq!(wrong.status.code(), Some(1), "{}", stderr(&wrong));
    let line = p.read("content/site.yaml").lines().count();
    let err = stderr(&wrong);
    assert!(
        err.contains(&format!("content/site.yaml:{line}:11")),
        "{err}"
    );
    assert!(err.contains("E042"), "{err}");
    assert!(
        !p.path().join("public").exists(),
        "a failed build wrote output"
    );

    p.set_base_url(None);
    let missing = p.run(&["build", "--published-at", "https://example.org/briefing/"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("site.yaml has no `base_url`"),
        "{}",
        stderr(&missing)
    );

    p.set_base_url(Some("https://example.org/briefing/"));
    let right = p.run(&["build", "--published-at", "https://example.org/briefing"]);
    assert!(right.status.success(), "{}", stderr(&right));
    assert!(p.path().join("public/sitemap.xml").exists());
}

/// `build --relative` and the offline editions keep every address relative, whatever `base_url` says: no
/// sitemap, no canonical link, relative ids in the open data, a 404 page that works from file://.
#[test]
fn relative_builds_and_offline_editions_ignore_the_published_address() {
    let p = with_base_url("https://example.org/briefing/");
    let out = p.run(&["build", "--relative"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!p.path().join("public/sitemap.xml").exists());
    for page in ["public/countries/rwanda/index.html", "public/404.html"] {
        assert!(
            !p.read(page).contains("example.org"),
            "{page} names the published address"
        );
    }
    assert!(!p
        .read("public/data/annotations.jsonld")
        .contains("example.org"));
    assert!(!p.read("public/data/sources.json").contains("example.org"));

    let out = p.run(&["bundle", "--single-file", "--output", "briefing.html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!p.read("briefing.html").contains("example.org"));
    let out = p.run(&["bundle", "--output", "offline.zip"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zip = std::fs::read(p.path().join("offline.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        let named = String::from_utf8_lossy(&bytes).contains("example.org");
        assert!(
            !named,
            "{:?} in the zip names the published address",
            file.name()
        );
    }
}
