//! The open data and what lets a reader cite and join it: stable ids, tables whose keys join, the data
//! package, the feed, citation metadata, structured data in pages, and the sources' hashes. The external
//! validators (frictionless, feedparser, pyld) run on the built site in scripts/test; these tests pin what can
//! be checked from Rust.

mod common;

use std::collections::BTreeMap;

use briefing::site::{check, Timings};
use common::Project;

/// Each claim's id by its text (whitespace collapsed), for the country `slug`.
fn claim_ids(p: &Project, slug: &str) -> BTreeMap<String, String> {
    let checked = check(p.path(), &mut Timings::default());
    assert!(!checked.has_errors(), "{:#?}", checked.diags);
    let site = checked.site.unwrap();
    site.country(slug)
        .unwrap()
        .claims
        .iter()
        .map(|c| {
            let text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
            (text, c.id.clone())
        })
        .collect()
}

#[test]
fn claim_ids_survive_reordering_and_rewording_elsewhere_in_the_file() {
    let p = Project::copy_of_real();
    let file = "content/countries/rwanda.yaml";
    let before = claim_ids(&p, "rwanda");
    assert!(before.len() > 5, "{before:?}");
    // Move the first claim to the end of the list, and reword another one.
    let yaml = p.read(file);
    let claims_at = yaml.find("claims:\n").unwrap() + "claims:\n".len();
    let first_end = claims_at + 1 + yaml[claims_at + 1..].find("\n  - ").unwrap() + 1;
    let list_end = yaml[first_end..]
        .find("\ntransfers:")
        .map_or(yaml.len(), |i| first_end + i + 1);
    let moved = format!(
        "{}{}{}{}",
        &yaml[..claims_at],
        &yaml[first_end..list_end],
        &yaml[claims_at..first_end],
        &yaml[list_end..]
    );
    assert_ne!(moved, yaml);
    p.write(file, &moved);
    p.edit(
        file,
        "Journal says the administration was trying to negotiate with\n",
        "Journal says the administration sought to negotiate with\n",
    );
    let after = claim_ids(&p, "rwanda");
    let mut kept = 0;
    for (text, id) in &before {
        match after.get(text) {
            Some(new_id) => {
                assert_eq!(new_id, id, "the id of \"{text}\" changed");
                kept += 1;
            }
            // The reworded claim gets a new id: it says something else now.
            None => assert!(text.contains("trying to negotiate"), "lost \"{text}\""),
        }
    }
    assert_eq!(kept, before.len() - 1);
    let ids: std::collections::BTreeSet<&String> = after.values().collect();
    assert_eq!(ids.len(), after.len(), "ids are not unique: {after:?}");
}
