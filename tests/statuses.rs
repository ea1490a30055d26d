//! The statuses a reader sees first (badges, the home page's figures and tables) follow the cited evidence.
//! One test per finding of the content fact-check (issue 9): each fails if that mistake comes back.

use std::path::Path;

use briefing::content::Axis;
use briefing::model::{Country, Site};
use briefing::site::{build, Addresses, Timings};
use briefing::status::Stage;

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
fn angola_denial_and_no_response_show_as_a_conflict() {
    let site = model();
    let angola = country(&site, "angola");
    let stance = axis(angola, Axis::Stance);
    assert!(stance.conflict, "{stance:?}");
    assert!(angola.headline.label().contains("reports conflict"));
    assert!(!angola.headline.label().to_lowercase().contains("denies"));
    assert!(page("angola").contains("Reports conflict"));
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
    assert_eq!(ss.headline.label(), "Received deportees · reports conflict");
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
        Stage::AgreementConcluded
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
    let refused = peru
        .claims
        .iter()
        .find(|c| c.status.as_deref() == Some("refused"))
        .unwrap();
    assert!(refused.cites.iter().all(|c| c.source == overview));
    let backing = site.backing(&refused.cites);
    assert!(backing.outlets.is_empty(), "{backing:?}");
    assert_eq!(backing.unattributed, 1);
    let html = page("peru");
    assert!(html.contains("names no original reporter"));
    assert!(!html.contains(&format!("reporter: {}", site.sources[overview].title)));
}
