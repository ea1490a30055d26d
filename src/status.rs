//! The headline status: derived from a country's cited axis claims and transfer records by one rule, never typed
//! by hand; and the disputes over it, which the disagreement records name.
//!
//! The stage, first match wins (the about page prints `RULE`; each stage rests on the statuses `Stage::basis`
//! names, whose citations give the status its support, see `support`):
//! 1. a transfer record with `outcome: sent`                       -> Received deportees
//! 2. an `agreement: signed` claim                                 -> Agreement signed
//! 3. an `agreement: announced` claim                              -> Acceptance announced
//! 4. an `agreement: agreed` or `agreement: reported` claim        -> Agreement reported
//! 5. a `stance: refused` claim                                    -> Refused
//! 6. a `stance: resisted` claim                                   -> Resisted US requests
//! 7. an `outreach` claim                                          -> Approached
//! 8. otherwise                                                    -> Not a US destination in the sources
//!
//! Statuses that cannot stand side by side unexamined (`AxisReport::conflict`: no formal agreement beside any
//! agreement; a blocked transfer beside a received one; two public positions) must be recorded in a disagreement
//! (E050). What the status then says follows the record's kind (`DISPUTE`): "reports conflict" when the accounts
//! cannot all be true, "accounts differ" when they may describe different events or times.

use std::collections::BTreeMap;

use crate::content::{Axis, DisagreementKind, Outcome};
use crate::model::{Claim, Site, Transfer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Received,
    AgreementSigned,
    AgreementAnnounced,
    AgreementReported,
    Refused,
    Resisted,
    Approached,
    None,
}

/// The rule in words, in the order it is applied.
pub const RULE: &[(Stage, &str)] = &[
    (Stage::Received, "a source reports deportees sent there"),
    (Stage::AgreementSigned, "otherwise, a source reports that an agreement was signed"),
    (Stage::AgreementAnnounced, "otherwise, a source reports that the country announced it will accept deportees, or that an agreement was announced"),
    (Stage::AgreementReported, "otherwise, a source reports that the country agreed, or accepts deportees under an arrangement, without saying that anything was signed or announced (including agreements known only from internal documents)"),
    (Stage::Refused, "otherwise, a source reports that the government refused US requests"),
    (Stage::Resisted, "otherwise, a source reports that the government resisted US requests, without saying it refused"),
    (Stage::Approached, "otherwise, a source reports that the United States approached or negotiated with the government"),
    (Stage::None, "otherwise: the sources name the country only as deportees' country of origin or in an arrangement between other countries"),
];

/// How a dispute over a status is shown, in words: the rule for the badge's "reports conflict" and "accounts
/// differ", which the home and about pages print.
pub const DISPUTE: &str = "When the sources' accounts of a country's status cannot all be true, its status says “reports conflict”; when they may describe different events, times or arrangements, it says “accounts differ”. Either way the country's page shows each account beside its source. Accounts that differ only in precision or detail, and can all be true, are shown side by side without a mark.";

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Received => "Received deportees",
            Stage::AgreementSigned => "Agreement signed",
            Stage::AgreementAnnounced => "Acceptance announced",
            Stage::AgreementReported => "Agreement reported",
            Stage::Refused => "Refused",
            Stage::Resisted => "Resisted US requests",
            Stage::Approached => "Approached",
            Stage::None => "Not a US destination in the sources",
        }
    }

    /// A stable code, for CSS classes, the map legend and open data.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::AgreementSigned => "agreement-signed",
            Stage::AgreementAnnounced => "agreement-announced",
            Stage::AgreementReported => "agreement-reported",
            Stage::Refused => "refused",
            Stage::Resisted => "resisted",
            Stage::Approached => "approached",
            Stage::None => "none",
        }
    }

    /// The axis and statuses a country must have for this stage; the stage's support is theirs.
    pub fn basis(self) -> Option<(Axis, &'static [&'static str])> {
        match self {
            Stage::Received => Some((Axis::Transfers, &["received"])),
            Stage::AgreementSigned => Some((Axis::Agreement, &["signed"])),
            Stage::AgreementAnnounced => Some((Axis::Agreement, &["announced"])),
            Stage::AgreementReported => Some((Axis::Agreement, &["agreed", "reported"])),
            Stage::Refused => Some((Axis::Stance, &["refused"])),
            Stage::Resisted => Some((Axis::Stance, &["resisted"])),
            Stage::Approached => Some((Axis::Outreach, &["approached", "negotiating"])),
            Stage::None => None,
        }
    }
}

/// What the sources report on one axis: the distinct statuses (codes, strongest first) and whether they conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisReport {
    pub axis: Axis,
    pub statuses: Vec<&'static str>,
    /// Statuses that cannot stand side by side without a disagreement recording them (E050).
    pub conflict: bool,
}

/// What a disagreement record about a country's axis makes its status say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dispute {
    /// The accounts cannot all be true.
    Conflict,
    /// They may describe different events, times or arrangements.
    Differ,
}

impl Dispute {
    /// The record kinds that mark a status; compatible accounts and open questions do not.
    pub fn of(kind: DisagreementKind) -> Option<Dispute> {
        match kind {
            DisagreementKind::Contradiction => Some(Dispute::Conflict),
            DisagreementKind::DifferentEvents => Some(Dispute::Differ),
            DisagreementKind::Compatible | DisagreementKind::Open => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dispute::Conflict => "reports conflict",
            Dispute::Differ => "accounts differ",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Dispute::Conflict => "conflict",
            Dispute::Differ => "differ",
        }
    }
}

impl AxisReport {
    /// "Nothing reported", one status, or several as one phrase ("Approached, negotiating").
    pub fn label(&self) -> String {
        if self.statuses.is_empty() {
            return "Nothing reported".to_owned();
        }
        let labels: Vec<String> = self
            .statuses
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = status_label(s);
                // Every label starts with a capital; after the first it is part of the phrase.
                if i == 0 {
                    label.to_owned()
                } else {
                    label.to_lowercase()
                }
            })
            .collect();
        labels.join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub stage: Stage,
    /// The axes on which the statuses conflict, in `Axis::ALL` order (each must be recorded: E050).
    pub conflicts: Vec<Axis>,
    /// For each axis a disagreement record disputes, in `Axis::ALL` order, what the record makes it say (the
    /// strongest, when several records concern the axis). Set by `mark_disputes` once the records are known.
    pub disputes: Vec<(Axis, Dispute)>,
}

impl Headline {
    /// The strongest dispute over any of the country's axes.
    pub fn dispute(&self) -> Option<Dispute> {
        self.disputes.iter().map(|&(_, d)| d).min()
    }

    /// The dispute over one axis.
    pub fn dispute_on(&self, axis: Axis) -> Option<Dispute> {
        self.disputes
            .iter()
            .find(|(a, _)| *a == axis)
            .map(|&(_, d)| d)
    }

    pub fn label(&self) -> String {
        match self.dispute() {
            Some(d) => format!("{} · {}", self.stage.label(), d.label()),
            None => self.stage.label().to_owned(),
        }
    }

    pub fn key(&self) -> &'static str {
        self.stage.key()
    }
}

/// A status code as readers see it.
pub fn status_label(code: &str) -> &'static str {
    match code {
        "approached" => "Approached",
        "negotiating" => "Negotiating",
        "signed" => "Agreement signed",
        "announced" => "Acceptance announced",
        "agreed" => "Agreement reported",
        "reported" => "In internal documents",
        "not_reached" => "No formal agreement",
        "received" => "Received deportees",
        "blocked" => "Transfer blocked",
        "confirmed" => "Confirmed",
        "denied" => "Denied",
        "unaware" => "Says it is unaware",
        "refused" => "Refused",
        "resisted" => "Resisted US requests",
        "no_comment" => "No comment",
        _ => "Unknown status",
    }
}

/// What a status means, in a reader's words (the about page's glossary).
pub fn status_meaning(code: &str) -> &'static str {
    match code {
        "approached" => "a source says the United States contacted the country, asked it, or identified it as a possible destination",
        "negotiating" => "a source says talks with the country were under way",
        "signed" => "a source says an agreement was signed",
        "announced" => "a source says the country announced that it will accept deportees, or that an agreement was announced",
        "agreed" => "a source says the country agreed, reached an agreement, or accepts deportees under an arrangement, without saying that anything was signed or announced",
        "reported" => "a source says the country agreed, but only on the strength of internal documents or unnamed officials",
        "not_reached" => "a source says no formal agreement exists, was reached or was announced, or that none is expected",
        "received" => "a source says deportees who are not the country's nationals were sent there",
        "blocked" => "a source says an attempt to send deportees there was stopped, for example by a court",
        "confirmed" => "the government or its embassy confirmed it, or announced it",
        "denied" => "the government or its embassy denied it",
        "unaware" => "the government or its embassy said it was not aware of it",
        "refused" => "a source says the government refused US requests",
        "resisted" => "a source says the government resisted US requests, without saying that it refused",
        "no_comment" => "the government or its embassy did not comment or did not respond",
        _ => "",
    }
}

/// The transfers axis status a record gives.
pub fn transfer_status(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Sent => "received",
        Outcome::Blocked => "blocked",
    }
}

/// What the sources report on every axis, in `Axis::ALL` order. Transfers come from the records alone.
pub fn axis_reports(claims: &[Claim], transfers: &[Transfer]) -> Vec<AxisReport> {
    Axis::ALL
        .iter()
        .map(|&axis| {
            let reported: Vec<&str> = if axis == Axis::Transfers {
                transfers
                    .iter()
                    .map(|t| transfer_status(t.outcome))
                    .collect()
            } else {
                claims
                    .iter()
                    .filter(|c| c.axis == Some(axis))
                    .filter_map(|c| c.status.as_deref())
                    .collect()
            };
            // Strongest first: the order of `Axis::statuses`, which lists each axis's statuses that way.
            let statuses: Vec<&'static str> = axis
                .statuses()
                .iter()
                .copied()
                .filter(|s| reported.contains(s))
                .collect();
            let has = |s: &str| statuses.contains(&s);
            let conflict = match axis {
                Axis::Outreach => false,
                Axis::Agreement => has("not_reached") && statuses.len() > 1,
                Axis::Transfers => has("received") && has("blocked"),
                Axis::Stance => statuses.len() > 1,
            };
            AxisReport {
                axis,
                statuses,
                conflict,
            }
        })
        .collect()
}

pub fn derive(axes: &[AxisReport]) -> Headline {
    let has = |(axis, statuses): (Axis, &[&str])| {
        axes.iter()
            .any(|a| a.axis == axis && a.statuses.iter().any(|s| statuses.contains(s)))
    };
    let stage = RULE
        .iter()
        .map(|&(stage, _)| stage)
        .find(|stage| stage.basis().is_none_or(has))
        .unwrap_or(Stage::None);
    Headline {
        stage,
        conflicts: axes.iter().filter(|a| a.conflict).map(|a| a.axis).collect(),
        disputes: Vec::new(),
    }
}

/// Gives every country's headline the disputes that the disagreement records name over its axes: run once the
/// records and the countries are both resolved (after validation, and after `serve` revalidates a country).
pub fn mark_disputes(site: &mut Site) {
    let mut by_country: BTreeMap<&str, Vec<(Axis, Dispute)>> = BTreeMap::new();
    for d in &site.disagreements {
        if let (Some(axis), Some(dispute)) = (d.axis, Dispute::of(d.kind)) {
            for slug in &d.countries {
                by_country.entry(slug).or_default().push((axis, dispute));
            }
        }
    }
    for c in &mut site.countries {
        let mut disputes = by_country.remove(c.slug.as_str()).unwrap_or_default();
        disputes.sort();
        // The strongest per axis: `Conflict` sorts before `Differ`.
        disputes.dedup_by_key(|(axis, _)| *axis);
        c.headline.disputes = disputes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(axis: Axis, status: &str) -> Claim {
        Claim {
            id: String::new(),
            aliases: vec![],
            digest: String::new(),
            text: String::new(),
            axis: Some(axis),
            status: Some(status.to_owned()),
            kind: None,
            when: None,
            countries: vec![],
            note: None,
            cites: vec![],
        }
    }

    fn transfer(outcome: Outcome) -> Transfer {
        Transfer {
            id: "t".into(),
            text: String::new(),
            outcome,
            origins: vec![],
            origin_note: None,
            number: None,
            movement: None,
            covers: vec![],
            when: None,
            payment: None,
            paid: None,
            conditions: None,
            note: None,
            cites: vec![],
        }
    }

    fn headline(claims: &[Claim], transfers: &[Transfer]) -> Headline {
        derive(&axis_reports(claims, transfers))
    }

    #[test]
    fn rule_order_is_pinned() {
        use Axis::*;
        let stage = |c: &[Claim], t: &[Transfer]| headline(c, t).stage;
        assert_eq!(stage(&[], &[]), Stage::None);
        assert_eq!(
            stage(&[claim(Outreach, "approached")], &[]),
            Stage::Approached
        );
        let approached_and =
            |axis, status| stage(&[claim(Outreach, "approached"), claim(axis, status)], &[]);
        assert_eq!(approached_and(Stance, "resisted"), Stage::Resisted);
        assert_eq!(approached_and(Stance, "refused"), Stage::Refused);
        assert_eq!(
            approached_and(Agreement, "reported"),
            Stage::AgreementReported
        );
        assert_eq!(
            approached_and(Agreement, "agreed"),
            Stage::AgreementReported
        );
        assert_eq!(
            approached_and(Agreement, "announced"),
            Stage::AgreementAnnounced
        );
        assert_eq!(approached_and(Agreement, "signed"), Stage::AgreementSigned);
        // A refusal and a resistance: the refusal, which comes first in the rule.
        assert_eq!(
            stage(&[claim(Stance, "resisted"), claim(Stance, "refused")], &[]),
            Stage::Refused
        );
        assert_eq!(
            stage(
                &[claim(Stance, "refused"), claim(Agreement, "reported")],
                &[]
            ),
            Stage::AgreementReported
        );
        assert_eq!(
            stage(
                &[claim(Agreement, "announced"), claim(Agreement, "signed")],
                &[]
            ),
            Stage::AgreementSigned
        );
        assert_eq!(
            stage(&[claim(Agreement, "signed")], &[transfer(Outcome::Sent)]),
            Stage::Received
        );
        // A blocked attempt alone is not a transfer.
        assert_eq!(
            stage(
                &[claim(Outreach, "approached")],
                &[transfer(Outcome::Blocked)]
            ),
            Stage::Approached
        );
        // Every stage but the last rests on statuses its axis can take.
        for (stage, _) in RULE {
            match stage.basis() {
                Some((axis, statuses)) => {
                    assert!(
                        statuses.iter().all(|s| axis.statuses().contains(s)),
                        "{stage:?}"
                    )
                }
                None => assert_eq!(*stage, Stage::None),
            }
        }
        assert_eq!(RULE.len(), 8);
    }

    #[test]
    fn statuses_that_need_a_record_are_found() {
        use Axis::*;
        // Denied in one report, no response in another: the stance.
        let h = headline(
            &[
                claim(Outreach, "approached"),
                claim(Stance, "denied"),
                claim(Stance, "no_comment"),
            ],
            &[],
        );
        assert_eq!(h.conflicts, vec![Stance]);
        // Sent in one report, blocked in another.
        let h = headline(&[], &[transfer(Outcome::Sent), transfer(Outcome::Blocked)]);
        assert_eq!(
            (h.stage, h.conflicts.clone()),
            (Stage::Received, vec![Transfers])
        );
        // No formal agreement in one, an announcement in another.
        let h = headline(
            &[
                claim(Agreement, "announced"),
                claim(Agreement, "not_reached"),
            ],
            &[],
        );
        assert_eq!(h.conflicts, vec![Agreement]);
        // Compatible reports need none: approached and negotiating; reported and signed.
        let h = headline(
            &[
                claim(Outreach, "approached"),
                claim(Outreach, "negotiating"),
                claim(Agreement, "reported"),
                claim(Agreement, "signed"),
                claim(Stance, "unaware"),
                claim(Stance, "unaware"),
            ],
            &[],
        );
        assert!(h.conflicts.is_empty(), "{h:?}");
        // Until a record disputes a status, the label does not say so.
        assert_eq!(h.label(), "Agreement signed");
    }

    #[test]
    fn a_dispute_shows_the_strongest_kind_of_its_records() {
        let mut h = headline(&[claim(Axis::Outreach, "approached")], &[]);
        h.disputes = vec![(Axis::Agreement, Dispute::Differ)];
        assert_eq!(h.label(), "Approached · accounts differ");
        h.disputes = vec![
            (Axis::Agreement, Dispute::Differ),
            (Axis::Stance, Dispute::Conflict),
        ];
        assert_eq!(h.label(), "Approached · reports conflict");
        assert_eq!(h.dispute_on(Axis::Agreement), Some(Dispute::Differ));
        assert_eq!(h.dispute_on(Axis::Outreach), None);
        assert_eq!(Dispute::of(DisagreementKind::Compatible), None);
        assert_eq!(Dispute::of(DisagreementKind::Open), None);
    }

    #[test]
    fn axis_labels_list_strongest_first() {
        use Axis::*;
        let axes = axis_reports(
            &[
                claim(Stance, "no_comment"),
                claim(Stance, "denied"),
                claim(Outreach, "negotiating"),
                claim(Outreach, "approached"),
            ],
            &[],
        );
        assert_eq!(axes[0].label(), "Approached, negotiating");
        assert_eq!(axes[2].label(), "Nothing reported");
        assert_eq!(axes[3].label(), "Denied, no comment");
    }
}
