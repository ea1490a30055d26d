//! A site with more destinations than a listing page holds (`LISTED_AT_MOST`): the countries index runs to several
//! pages that list every country once, the home page and the status sheet summarise, and no page grows with the
//! number of countries.

mod common;

use briefing::render::views::LISTED_AT_MOST;
use briefing::site::{Addresses, Timings};
use common::Project;

const EXTRA: usize = 2 * LISTED_AT_MOST + 1;

fn at_scale() -> (Project, briefing::render::Output) {
    let p = Project::copy_of_real();
    let quote = "According to internal documents obtained by CBS NewsWashington has reportedly already contacted countries such as Angola, Equatorial Guinea, Benin, Eswatini, Libya, Moldova, and Rwanda as possible destinations for people who cannot be returned to their countries of origin";
    for k in 0..EXTRA {
        p.write(
            &format!("content/countries/testland-{k:04}.yaml"),
            &format!(
                "name: Testland {k}\niso2: XX\niso3: XXX\nregion: Africa\nroles: [destination]\nsummary: A test country.\nclaims:\n  - id: t{k}\n    text: Testland {k} was contacted.\n    axis: outreach\n    status: approached\n    cites:\n      - source: africa-europe-negotiations\n        quote: \"{quote}\"\n"
            ),
        );
    }
    let out = match briefing::site::build(p.path(), &mut Timings::default(), Addresses::Relative) {
        Ok((out, _)) => out,
        Err(diags) => panic!("build failed: {diags:#?}"),
    };
    (p, out)
}

fn text<'a>(out: &'a briefing::render::Output, path: &str) -> &'a str {
    std::str::from_utf8(out.get(path).unwrap_or_else(|| panic!("{path} missing"))).unwrap()
}

#[test]
fn listing_pages_paginate_and_summarise_at_scale() {
    let (p, out) = at_scale();
    let countries = std::fs::read_dir(p.path().join("content/countries"))
        .unwrap()
        .count();
    assert!(countries > EXTRA);
    let pages = countries.div_ceil(LISTED_AT_MOST);
    let paths: Vec<String> = (1..=pages)
        .map(|n| match n {
            1 => "countries/index.html".to_owned(),
            n => format!("countries/page/{n}/index.html"),
        })
        .collect();
    assert!(!out.contains_key(&format!("countries/page/{}/index.html", pages + 1)));
    // Every country is listed on exactly one page of the index, and no page lists more than its share.
    let mut listed = std::collections::BTreeMap::new();
    for (n, path) in paths.iter().enumerate() {
        let html = text(&out, path);
        let rows: Vec<&str> = html
            .split("data-country=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap())
            .collect();
        assert!(rows.len() <= LISTED_AT_MOST, "{path}: {} rows", rows.len());
        for slug in rows {
            assert!(
                listed.insert(slug.to_owned(), n).is_none(),
                "{slug} listed twice"
            );
        }
        assert!(
            html.contains(&format!(
                "Page {} of {pages}: {}",
                n + 1,
                briefing::site::grouped(countries)
            )),
            "{path}: no pager"
        );
        let next = format!("countries/page/{}/index.html\" rel=\"next\"", n + 2);
        assert_eq!(html.contains(&next), n + 1 < pages, "{path}: next link");
    }
    assert_eq!(listed.len(), countries);
    // The home page and the status sheet say how many there are and where they are listed, instead of a row each.
    let home = text(&out, "index.html");
    assert!(
        !home.contains("<table class=\"status"),
        "the home page still lists every country"
    );
    assert!(home.contains("too many to list on this page"));
    assert!(
        !home.contains("Testland 7<"),
        "the phone's chips still name every country"
    );
    let sheet = text(&out, "status-sheet/index.html");
    assert!(!sheet.contains("sheet-table"));
    assert!(sheet.contains("too many for one sheet"));
    let counted: usize = sheet
        .split("<ul class=\"sheet-counts\">")
        .nth(1)
        .expect("no counts on the sheet")
        .split("</ul>")
        .next()
        .unwrap()
        .split("</span> ")
        .skip(1)
        .map(|c| {
            c.split('<')
                .next()
                .unwrap()
                .replace(',', "")
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert!(counted > EXTRA, "the sheet counts {counted} countries");
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(bytes.len() < 400 * 1024, "{path}: {} bytes", bytes.len());
    }
}
