//! The support of a status is shown, in words, wherever the status is: the country's badge, the home page's
//! status table, the map's label for the country, and the open data. Built from a copy of the real project, in
//! which Peru's status rests on one article that names no source; crediting that passage to a named reporter
//! must change what every one of those places says.

mod common;

use common::{stderr, Project};

/// What each place says of Peru's support, after a build.
struct Shown {
    badge: String,
    table_row: String,
    map_label: String,
    data: serde_json::Value,
}

fn built(project: &Project) -> Shown {
    let out = project.run(&["build", "--output", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = project.read("out/countries/peru/index.html");
    let badge = page
        .split("<p class=\"headline\">")
        .nth(1)
        .and_then(|p| p.split("</p>").next())
        .expect("the country page has a headline badge")
        .to_owned();
    let home = project.read("out/index.html");
    let table_row = home
        .split("<tr>")
        .find(|row| row.contains("data-country=\"peru\">Peru</a>"))
        .and_then(|row| row.split("</tr>").next())
        .expect("the home page's status table has a row for Peru")
        .to_owned();
    let map_label = home
        .split("<title>Peru: ")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("the map names Peru")
        .to_owned();
    let countries: serde_json::Value =
        serde_json::from_str(&project.read("out/data/countries.json")).unwrap();
    let data = countries
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "peru")
        .expect("countries.json has Peru")
        .clone();
    Shown {
        badge,
        table_row,
        map_label,
        data,
    }
}

#[test]
fn support_is_shown_wherever_the_status_is_and_follows_the_citations() {
    let project = Project::copy_of_real();
    let before = built(&project);
    for (place, text) in [
        ("badge", &before.badge),
        ("status table", &before.table_row),
        ("map", &before.map_label),
    ] {
        assert!(
            text.contains("unattributed reporting only"),
            "{place}: {text}"
        );
    }
    assert_eq!(before.data["headline_support"], "unattributed");
    assert_eq!(before.data["headline_reporters"], serde_json::json!([]));

    // Credit the one passage behind Peru's status to a named reporter.
    project.edit(
        "seeds/sources.yaml",
        "    language: English (a rewrite or summary of other reporting)\n",
        "    language: English (a rewrite or summary of other reporting)\n    attributions:\n      - quote: \"others, such as Peru, have resisted U.S. requests\"\n        reporters: [cbs-news]\n        reason: A test.\n",
    );
    let after = built(&project);
    for (place, text) in [
        ("badge", &after.badge),
        ("status table", &after.table_row),
        ("map", &after.map_label),
    ] {
        assert!(
            text.contains("one outlet") && !text.contains("unattributed"),
            "{place}: {text}"
        );
    }
    assert_eq!(after.data["headline_support"], "single");
    assert_eq!(
        after.data["headline_reporters"],
        serde_json::json!(["cbs-news"])
    );
}

/// A statement's id is written in its file: rewording it keeps its anchor and its row of the open data, and an
/// alias keeps an old anchor landing on it.
#[test]
fn a_reworded_statement_keeps_its_id_and_an_alias_keeps_an_old_anchor() {
    let project = Project::copy_of_real();
    let file = "content/countries/peru.yaml";
    let text = project.read(file);
    let id = text
        .split("- id: \"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("Peru's first claim has an id")
        .to_owned();
    let anchor = |p: &Project, id: &str| {
        let page = p.read("out/countries/peru/index.html");
        page.contains(&format!("id=\"claim-{id}\""))
    };
    let in_data = |p: &Project, id: &str| {
        p.read("out/data/claims.csv")
            .contains(&format!("peru/{id},"))
    };
    let out = project.run(&["build", "--output", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(anchor(&project, &id) && in_data(&project, &id));
    // Reworded: the same id; and the id it had before, listed as an alias, still lands on it.
    let with_aliases = format!("- id: \"{id}\"\n    aliases: [");
    if text.contains(&with_aliases) {
        project.edit(
            file,
            &with_aliases,
            &format!("{with_aliases}\"0ld1d000\", "),
        );
    } else {
        project.edit(
            file,
            &format!("- id: \"{id}\"\n"),
            &format!("{with_aliases}\"0ld1d000\"]\n"),
        );
    }
    project.edit(
        file,
        "to Peru to accept deportees, according to",
        "to Peru to accept deportees, as reported by",
    );
    let out = project.run(&["build", "--output", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(anchor(&project, &id), "the reworded claim lost its anchor");
    assert!(
        in_data(&project, &id),
        "the reworded claim lost its id in the open data"
    );
    assert!(
        anchor(&project, "0ld1d000"),
        "the alias does not land on the claim"
    );
    assert!(
        project
            .read("out/data/claims.csv")
            .contains("peru/0ld1d000"),
        "the alias is not in the open data"
    );
    // An alias may not be another statement's id.
    project.edit(file, "\"0ld1d000\"", &format!("\"{id}\""));
    let out = project.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E006]"), "{}", stderr(&out));
}
