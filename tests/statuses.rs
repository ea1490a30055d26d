//! The statuses a reader sees first (badges, the home page's figures and tables) follow the cited evidence.
//! One test per finding of the content fact-check (issue 9): each fails if that mistake comes back.

use std::path::Path;

use briefing::content::Axis;
use briefing::model::{Country, Site};
use briefing::site::{build, Addresses, Timings};
use briefing::status::{Dispute, Stage};
use briefing::support::{Level, Support};

fn model() -> Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (loaded, _) = briefing::load::load(root);
    let (site, diags) = briefing::validate::validate(&loaded);
    assert!(
        !diags.iter().any(|d| d.is_error()),
        "the real content has errors: {diags:#?}"
    );
    site.unwrap()
}

fn country<'a>(site: &'a Site, slug: &str) -> &'a Country {
    site.country(slug)
        .unwrap_or_else(|| panic!("no country {slug}"))
}

fn axis(c: &Country, axis: Axis) -> &briefing::status::AxisReport {
    c.axes.iter().find(|a| a.axis == axis).unwrap()
}

fn page(slug: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, _) = build(root, &mut Timings::default(), Addresses::Published)
        .unwrap_or_else(|d| panic!("{d:#?}"));
    String::from_utf8(out[&format!("countries/{slug}/index.html")].clone()).unwrap()
}

#[test]
fn rwanda_cited_transfer_reaches_the_transfers_axis_and_headline() {
    let site = model();
    let rwanda = country(&site, "rwanda");
    assert!(!rwanda.transfers.is_empty());
    assert_eq!(axis(rwanda, Axis::Transfers).statuses, vec!["received"]);
    assert_eq!(rwanda.headline.stage, Stage::Received);
    assert!(!page("rwanda")
        .contains("Nothing reported</span></td></tr>\n<tr><th scope=\"row\">Transfers"));
}

#[test]
fn angola_denial_and_no_response_are_shown_as_differing_accounts() {
    let site = model();
    let angola = country(&site, "angola");
    let stance = axis(angola, Axis::Stance);
    assert!(stance.conflict, "{stance:?}");
    // Neither article says the two answers were to the same request: the record says they may differ.
    assert!(angola.headline.label().contains("accounts differ"));
    assert!(!angola.headline.label().to_lowercase().contains("denies"));
    assert!(page("angola").contains("Accounts differ:"));
}

#[test]
fn equatorial_guinea_said_it_was_unaware_not_that_it_denied() {
    let site = model();
    let eg = country(&site, "equatorial-guinea");
    assert_eq!(axis(eg, Axis::Stance).statuses, vec!["unaware"]);
    assert!(!eg.headline.label().to_lowercase().contains("den"));
}

#[test]
fn south_sudan_sent_and_blocked_reports_conflict() {
    let site = model();
    let ss = country(&site, "south-sudan");
    assert_eq!(ss.headline.stage, Stage::Received);
    assert!(axis(ss, Axis::Transfers).conflict);
    // The record says the two accounts may describe different attempts: they differ, not conflict.
    assert_eq!(ss.headline.label(), "Received deportees · accounts differ");
    assert!(
        site.disagreements
            .iter()
            .any(|d| d.axis == Some(Axis::Transfers)
                && d.countries.iter().any(|c| c == "south-sudan"))
    );
}

#[test]
fn a_signed_agreement_is_not_shown_like_one_only_reported() {
    let site = model();
    assert_eq!(
        country(&site, "paraguay").headline.stage,
        Stage::AgreementSigned
    );
    assert_eq!(
        country(&site, "uganda").headline.stage,
        Stage::AgreementReported
    );
    assert_ne!(
        country(&site, "paraguay").headline.label(),
        country(&site, "uganda").headline.label()
    );
}

#[test]
fn albania_is_not_a_us_destination_rather_than_no_destination() {
    let site = model();
    let albania = country(&site, "albania");
    assert_eq!(albania.headline.stage, Stage::None);
    assert_eq!(
        albania.headline.label(),
        "Not a US destination in the sources"
    );
}

#[test]
fn agreements_to_accept_people_are_never_transfers() {
    let site = model();
    for slug in ["uganda", "honduras"] {
        assert!(country(&site, slug).transfers.is_empty(), "{slug}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, _) = build(root, &mut Timings::default(), Addresses::Published)
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let home = String::from_utf8(out["index.html"].clone()).unwrap();
    let table = home
        .split("<table class=\"flows")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the home page has a transfers table");
    // The destination is each row's header cell.
    let destinations: Vec<&str> = table
        .split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|cell| cell.split("</th>").next())
        .collect();
    assert!(
        destinations.iter().any(|d| d.contains(">Rwanda<")),
        "{destinations:?}"
    );
    for name in ["Uganda", "Honduras"] {
        assert!(
            !destinations
                .iter()
                .any(|d| d.contains(&format!(">{name}<"))),
            "{name} listed as a transfer"
        );
    }
    assert!(!home.contains("no transfers yet"), "asserts an absence");
}

#[test]
fn an_article_naming_no_outlet_is_not_an_original_reporter() {
    let site = model();
    let overview = site
        .sources
        .iter()
        .position(|s| s.relays.is_empty())
        .expect("the overview article relays nobody");
    let peru = country(&site, "peru");
    // The overview says only that Peru "resisted U.S. requests": not a refusal.
    assert_eq!(peru.headline.stage, Stage::Resisted);
    let resisted = peru
        .claims
        .iter()
        .find(|c| c.status.as_deref() == Some("resisted"))
        .unwrap();
    assert!(resisted.cites.iter().all(|c| c.source == overview));
    let support = Support::of(&site, &resisted.cites).unwrap();
    assert!(support.reporters.is_empty(), "{support:?}");
    assert_eq!(support.level, Level::Unattributed);
    let html = page("peru");
    assert!(html.contains("names no original reporter"));
    assert!(!html.contains(&format!("reporter: {}", site.sources[overview].title)));
    // The badge itself says so, in words.
    let badge = html
        .split("class=\"badge ")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(badge.contains("unattributed reporting only"), "{badge}");
}

#[test]
fn a_passage_of_a_relay_naming_another_outlet_counts_for_that_outlet() {
    let site = model();
    // The translated CBS News report says "The Wall Street Journal reported internal talks ... in April".
    let event = site
        .timeline
        .iter()
        .find(|e| e.text.contains("The Wall Street Journal reported"))
        .expect("the timeline has the Journal's April report");
    let support = Support::of(&site, &event.cites).unwrap();
    assert_eq!(support.reporters, vec!["wsj"]);
    // Elsewhere the same article counts for CBS News.
    let source = event.cites[0].source;
    let other = site
        .countries
        .iter()
        .flat_map(|c| &c.claims)
        .find(|cl| cl.cites.iter().all(|c| c.source == source))
        .unwrap();
    assert_eq!(
        Support::of(&site, &other.cites).unwrap().reporters,
        vec!["cbs-news"]
    );
}

#[test]
fn a_status_resting_on_an_unnamed_source_says_so() {
    let site = model();
    // Rwanda's only report of a transfer is the overview that names no source.
    let rwanda = country(&site, "rwanda");
    assert_eq!(rwanda.headline.stage, Stage::Received);
    let support = briefing::support::of_headline(&site, rwanda).unwrap();
    assert_eq!(support.level, Level::Unattributed);
    // Eswatini's rests on one CBS News report, a translation, which other reports of talks without a deal
    // may predate: the record says the accounts differ.
    let eswatini = country(&site, "eswatini");
    let support = briefing::support::of_headline(&site, eswatini).unwrap();
    assert_eq!((support.level, support.translated), (Level::Single, 1));
    assert_eq!(
        eswatini.headline.label(),
        "Received deportees · accounts differ"
    );
}

#[test]
fn the_dispute_marks_follow_the_records_exactly() {
    let site = model();
    let mut marked = 0;
    for c in &site.countries {
        let expected = site
            .disagreements
            .iter()
            .filter(|d| d.axis.is_some() && d.countries.contains(&c.slug))
            .filter_map(|d| Dispute::of(d.kind))
            .min();
        assert_eq!(c.headline.dispute(), expected, "{}", c.slug);
        marked += usize::from(expected.is_some());
    }
    assert!(
        marked > 0,
        "no country is marked: the test would pass on anything"
    );
}

/// The number a home page figure shows, found by its label.
fn figure(home: &str, label: &str) -> usize {
    home.split("<span class=\"figure-value\">")
        .skip(1)
        .find(|f| f.contains(label))
        .and_then(|f| f.split('<').next())
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("no figure {label:?}"))
}

#[test]
fn the_home_and_about_pages_state_only_what_the_data_hold() {
    let site = model();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, _) = build(root, &mut Timings::default(), Addresses::Published)
        .unwrap_or_else(|d| panic!("{d:#?}"));
    let home = String::from_utf8(out["index.html"].clone()).unwrap();
    let about = String::from_utf8(out["about/index.html"].clone()).unwrap();
    let count = |f: &dyn Fn(&Country) -> bool| site.countries.iter().filter(|c| f(c)).count();

    // The rule for marks is stated as the code applies it, and the figures count what the data hold.
    let rule = briefing::status::DISPUTE.replace('\'', "&#x27;");
    assert!(
        home.contains(&rule) && about.contains(&rule),
        "the dispute rule is not stated"
    );
    assert_eq!(
        figure(&home, "conflict or differ"),
        count(&|c| c.headline.dispute().is_some())
    );
    assert_eq!(
        figure(&home, "unattributed reporting only"),
        count(&|c| briefing::support::of_headline(&site, c)
            .is_some_and(|s| s.level == Level::Unattributed))
    );
    assert_eq!(
        figure(&home, "received deportees"),
        count(&|c| c.headline.stage == Stage::Received)
    );

    // The latest events with a stated month are the newest such events; those dated only to a year that may be
    // later are counted, and their year said to be inferred when it is.
    let dated: Vec<_> = site
        .timeline
        .iter()
        .filter(|e| briefing::dates::month_label(&e.when.value).is_some())
        .collect();
    let newest = dated.last().expect("the timeline has dated events");
    let latest = home.split("id=\"latest-h\"").nth(1).unwrap();
    assert!(latest.contains(&briefing::dates::readable(&newest.when.value)));
    let year = briefing::dates::year_label(&newest.when.value);
    let later: Vec<_> = site
        .timeline
        .iter()
        .filter(|e| briefing::dates::is_year(&e.when.value) && e.when.value >= year)
        .collect();
    assert!(!later.is_empty(), "nothing for the sentence to count");
    assert!(
        latest.contains(&format!("{} events are dated only to", later.len())),
        "the home page miscounts the events dated only to a year"
    );
    let inferred = later
        .iter()
        .all(|e| e.when.basis == briefing::content::Basis::Inferred);
    assert_eq!(latest.contains("the briefing infers"), inferred);

    // The about page's counts of relays and translations are the sources'.
    let relaying = site.sources.iter().filter(|s| !s.relays.is_empty()).count();
    let translated = site.sources.iter().filter(|s| s.translated).count();
    assert!(about.contains(&format!(
        "of the {} articles, {relaying} pass on another outlet's reporting and {translated} are translations",
        site.sources.len()
    )));
}
