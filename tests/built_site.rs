//! Invariants of the built site, checked in memory on the real content: every internal link and anchor
//! resolves, every URL is relative, and nothing is loaded from outside the site.

use std::collections::{BTreeMap, BTreeSet};

use briefing::render::Output;
use briefing::site::{build, Addresses, Timings};

fn real_site() -> Output {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // As a reader opens it from file:// (the published build adds absolute canonical addresses).
    match build(root, &mut Timings::default(), Addresses::Relative) {
        Ok((out, _warnings)) => out,
        Err(diags) => panic!("build failed: {diags:#?}"),
    }
}

/// Values of `attr="..."` in an HTML page (the generator always double-quotes attributes).
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Resolves `href` against the page at `page` (both `/`-separated, relative to the site root).
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&quot;", "\"")
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = real_site();
    let ids: BTreeMap<&str, BTreeSet<&str>> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            (
                p.as_str(),
                attr_values(std::str::from_utf8(bytes).unwrap(), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (page, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for raw in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
        {
            let href = unescape(raw);
            if href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            if href.starts_with('/') || href.contains("//") {
                failures.push(format!("{page}: non-relative URL {href}"));
                continue;
            }
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(page, path)
            };
            let Some(target) = target.filter(|t| site.contains_key(t)) else {
                failures.push(format!("{page}: broken link {href}"));
                continue;
            };
            if let Some(f) = fragment {
                if !ids.get(target.as_str()).is_some_and(|set| set.contains(f)) {
                    failures.push(format!("{page}: missing anchor {href}"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(
        failures.is_empty(),
        "{} broken:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn nothing_is_loaded_from_outside_the_site() {
    for (page, bytes) in real_site()
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".css"))
    {
        let text = std::str::from_utf8(bytes).unwrap();
        for src in attr_values(text, "src") {
            assert!(!src.contains(':'), "{page} loads {src}");
        }
        for tag in text.split("<link ").skip(1) {
            let href = attr_values(&format!(" {tag}"), "href")
                .first()
                .map(|s| s.to_string())
                .unwrap_or_default();
            assert!(!href.contains(':'), "{page} links a resource from {href}");
        }
        assert!(!text.contains("@import"), "{page} imports CSS");
        assert!(!text.contains("url(http"), "{page} loads a remote url()");
    }
}

#[test]
fn every_country_page_cites_each_axis_it_states() {
    let site = real_site();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (loaded, _) = briefing::load::load(root);
    let (model, _) = briefing::validate::validate(&loaded);
    let model = model.unwrap();
    for c in &model.countries {
        let html = std::str::from_utf8(&site[&format!("countries/{}/index.html", c.slug)])
            .unwrap()
            .to_owned();
        assert!(
            html.contains(&c.headline.label()),
            "{} page lacks its headline",
            c.slug
        );
        for claim in c.claims.iter().filter(|cl| cl.axis.is_some()) {
            assert!(
                !claim.cites.is_empty(),
                "{}: axis claim without a verified citation",
                c.slug
            );
            let anchor = format!("#{}", claim.cites[0].anchor());
            assert!(
                html.contains(&anchor),
                "{}: citation link {anchor} missing",
                c.slug
            );
        }
    }
}

#[test]
fn every_page_has_a_strict_policy_and_no_inline_code() {
    let mut pages = 0;
    for (page, bytes) in real_site().iter().filter(|(p, _)| p.ends_with(".html")) {
        pages += 1;
        let html = std::str::from_utf8(bytes).unwrap();
        let csp: Vec<&str> = html
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(csp.len(), 1, "{page}: expected one CSP meta tag");
        let policy = csp[0];
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{page}: policy lacks {directive}: {policy}"
            );
        }
        assert!(
            !policy.contains("unsafe"),
            "{page}: policy allows unsafe code: {policy}"
        );
        assert!(!html.contains("<style"), "{page}: inline <style>");
        assert!(
            !html.contains(" style=\""),
            "{page}: inline style attribute"
        );
        for script in html.split("<script").skip(1) {
            let tag_end = script.find('>').unwrap();
            // A JSON-LD data block is never run (browsers execute no script of that type, whatever the
            // policy); tests/open_data.rs checks that it is JSON and cannot close its element early.
            if &script[..tag_end] == " type=\"application/ld+json\"" {
                continue;
            }
            assert!(
                script[..tag_end].contains(" src=\""),
                "{page}: inline <script>"
            );
            assert!(
                script[tag_end + 1..].starts_with("</script>"),
                "{page}: script with inline body"
            );
        }
        let lower = html.to_ascii_lowercase();
        for (i, _) in lower.match_indices(" on") {
            let name: String = lower[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            let after = &lower[i + 3 + name.len()..];
            assert!(
                name.is_empty() || !after.starts_with("=\""),
                "{page}: inline event handler on{name}"
            );
        }
    }
    assert!(pages > 40);
}

#[test]
fn the_map_shows_and_links_every_country_of_the_briefing() {
    let site = real_site();
    let home = std::str::from_utf8(&site["index.html"]).unwrap();
    let start = home
        .find("<svg class=\"map\"")
        .expect("no map on the home page");
    let svg = &home[start..start + home[start..].find("</svg>").unwrap()];
    let countries = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/countries"),
    )
    .unwrap()
    .count();
    let linked: BTreeSet<&str> = attr_values(svg, "href").into_iter().collect();
    assert_eq!(
        linked.len(),
        countries,
        "countries linked from the map: {linked:?}"
    );
    // Every linked shape carries its status class, and the world's other countries are drawn too.
    assert_eq!(svg.matches("class=\"country status-").count(), countries);
    assert!(svg.matches("class=\"country\"").count() > 100);
}

#[test]
fn the_standalone_map_carries_its_colours_legend_sources_and_licence() {
    let site = real_site();
    let svg = std::str::from_utf8(&site["status-map.svg"]).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    // Self-contained: its colours are written in, and it loads nothing.
    assert!(
        !svg.contains("var(--"),
        "a CSS variable is left for the file's viewer to resolve"
    );
    assert!(
        svg.contains(".map .status-received { fill: #"),
        "no colour for received"
    );
    assert!(!svg.contains("<image") && !svg.contains("@import") && !svg.contains("url(http"));
    for (stage, _) in briefing::status::RULE {
        assert!(
            svg.contains(&format!("{} (", stage.label())),
            "the legend has no entry for {}",
            stage.label()
        );
    }
    assert!(svg.contains("Natural Earth"), "no sources line");
    assert!(
        svg.contains("Creative Commons Attribution 4.0"),
        "no licence"
    );
    let home = std::str::from_utf8(&site["index.html"]).unwrap();
    assert!(
        home.contains("href=\"status-map.svg\""),
        "the home page does not link it"
    );
    assert!(
        home.contains("href=\"status-sheet/index.html\""),
        "the home page does not link the status sheet"
    );
}
