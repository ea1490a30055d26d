//! The headline status: derived from a country's cited axis claims and transfer records by one rule, never typed
//! by hand. Where the sources give statuses on one axis that cannot all be true, the axis (and the headline) says
//! "reports conflict" instead of picking one.
//!
//! The stage, first match wins (the about page prints `RULE`):
//! 1. a transfer record with `outcome: sent`                   -> Received deportees
//! 2. an `agreement: concluded` claim (signed or announced)    -> Agreement signed or announced
//! 3. an `agreement: reported` claim (documents, officials)    -> Agreement reported, not announced
//! 4. a `stance: refused` claim                                -> Refused
//! 5. an `outreach` claim                                      -> Approached
//! 6. otherwise                                                -> Not a US destination in the sources
//!
//! Conflict (`CONFLICT` in words): `not_reached` beside `reported` or `concluded` on the agreement axis; a blocked
//! transfer beside a received one; two different statuses on the stance axis.

use crate::content::{Axis, Outcome};
use crate::model::{Claim, Transfer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Received,
    AgreementConcluded,
    AgreementReported,
    Refused,
    Approached,
    None,
}

/// The rule in words, in the order it is applied.
pub const RULE: &[(Stage, &str)] = &[
    (Stage::Received, "a source reports deportees sent there"),
    (Stage::AgreementConcluded, "otherwise, a source reports an agreement that was signed or publicly announced"),
    (Stage::AgreementReported, "otherwise, a source reports an agreement known only from internal documents or officials, not announced"),
    (Stage::Refused, "otherwise, a source reports that the government refused or resisted US requests"),
    (Stage::Approached, "otherwise, a source reports that the United States approached or negotiated with the government"),
    (Stage::None, "otherwise: the sources name the country only as deportees' country of origin or in an arrangement between other countries"),
];

/// When two reports on one axis cannot both be true, in words.
pub const CONFLICT: &str = "Reports conflict when one source says no formal agreement was reached and another reports an agreement, when one reports deportees received and another a transfer blocked, or when sources report different public positions of the government (for example, a denial in one report and no response in another). The status then says “reports conflict”, and the country's page shows each side with its source.";

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Received => "Received deportees",
            Stage::AgreementConcluded => "Agreement signed or announced",
            Stage::AgreementReported => "Agreement reported, not announced",
            Stage::Refused => "Refused",
            Stage::Approached => "Approached",
            Stage::None => "Not a US destination in the sources",
        }
    }

    /// A stable code, for CSS classes, the map legend and open data.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::AgreementConcluded => "agreement-announced",
            Stage::AgreementReported => "agreement-reported",
            Stage::Refused => "refused",
            Stage::Approached => "approached",
            Stage::None => "none",
        }
    }
}

/// What the sources report on one axis: the distinct statuses (codes, strongest first) and whether they conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisReport {
    pub axis: Axis,
    pub statuses: Vec<&'static str>,
    pub conflict: bool,
}

impl AxisReport {
    /// "Nothing reported", one status, several compatible ones, or "Reports conflict: a / b".
    pub fn label(&self) -> String {
        let labels: Vec<&str> = self.statuses.iter().map(|s| status_label(s)).collect();
        match (labels.as_slice(), self.conflict) {
            ([], _) => "Nothing reported".to_owned(),
            (l, true) => format!("Reports conflict: {}", l.join(" / ")),
            (l, false) => l.join("; "),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub stage: Stage,
    /// The axes on which the sources conflict, in `Axis::ALL` order.
    pub conflicts: Vec<Axis>,
}

impl Headline {
    pub fn label(&self) -> String {
        if self.conflicts.is_empty() {
            self.stage.label().to_owned()
        } else {
            format!("{} · reports conflict", self.stage.label())
        }
    }

    pub fn key(&self) -> &'static str {
        self.stage.key()
    }

    pub fn conflict(&self) -> bool {
        !self.conflicts.is_empty()
    }
}

/// A status code as readers see it.
pub fn status_label(code: &str) -> &'static str {
    match code {
        "approached" => "Approached",
        "negotiating" => "Negotiating",
        "reported" => "Reported, not announced",
        "concluded" => "Signed or announced",
        "not_reached" => "No formal agreement",
        "received" => "Received deportees",
        "blocked" => "Transfer blocked",
        "confirmed" => "Confirmed",
        "denied" => "Denied",
        "unaware" => "Says it is unaware",
        "refused" => "Refused",
        "no_comment" => "No comment",
        _ => "Unknown status",
    }
}

/// What a status means, in a reader's words (the about page's glossary).
pub fn status_meaning(code: &str) -> &'static str {
    match code {
        "approached" => "a source says the United States contacted the country, asked it, or identified it as a possible destination",
        "negotiating" => "a source says talks with the country were under way",
        "reported" => "a source says the country agreed, but only on the strength of internal documents or unnamed officials; no announcement or signature is reported",
        "concluded" => "a source says the agreement was signed or publicly announced, or is being carried out",
        "not_reached" => "a source says no formal agreement exists, was reached or was announced",
        "received" => "a source says deportees who are not the country's nationals were sent there",
        "blocked" => "a source says an attempt to send deportees there was stopped, for example by a court",
        "confirmed" => "the government or its embassy confirmed it",
        "denied" => "the government or its embassy denied it",
        "unaware" => "the government or its embassy said it was not aware of it",
        "refused" => "a source says the government refused or resisted US requests",
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
                Axis::Agreement => has("not_reached") && (has("reported") || has("concluded")),
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
    let has = |axis: Axis, status: Option<&str>| {
        axes.iter().any(|a| {
            a.axis == axis && status.map_or(!a.statuses.is_empty(), |s| a.statuses.contains(&s))
        })
    };
    let stage = if has(Axis::Transfers, Some("received")) {
        Stage::Received
    } else if has(Axis::Agreement, Some("concluded")) {
        Stage::AgreementConcluded
    } else if has(Axis::Agreement, Some("reported")) {
        Stage::AgreementReported
    } else if has(Axis::Stance, Some("refused")) {
        Stage::Refused
    } else if has(Axis::Outreach, None) {
        Stage::Approached
    } else {
        Stage::None
    };
    Headline {
        stage,
        conflicts: axes.iter().filter(|a| a.conflict).map(|a| a.axis).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(axis: Axis, status: &str) -> Claim {
        Claim {
            id: String::new(),
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
        assert_eq!(
            stage(
                &[claim(Outreach, "approached"), claim(Stance, "refused")],
                &[]
            ),
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
                &[claim(Agreement, "reported"), claim(Agreement, "concluded")],
                &[]
            ),
            Stage::AgreementConcluded
        );
        assert_eq!(
            stage(&[claim(Agreement, "concluded")], &[transfer(Outcome::Sent)]),
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
        assert_eq!(RULE.len(), 6);
    }

    #[test]
    fn conflicting_reports_are_named_not_resolved() {
        use Axis::*;
        // Denied in one report, no response in another: the stance conflicts.
        let h = headline(
            &[
                claim(Outreach, "approached"),
                claim(Stance, "denied"),
                claim(Stance, "no_comment"),
            ],
            &[],
        );
        assert_eq!(h.conflicts, vec![Stance]);
        assert_eq!(h.label(), "Approached · reports conflict");
        // Sent in one report, blocked in another.
        let h = headline(&[], &[transfer(Outcome::Sent), transfer(Outcome::Blocked)]);
        assert_eq!(
            (h.stage, h.conflicts.clone()),
            (Stage::Received, vec![Transfers])
        );
        // Announced in one, no formal agreement in another.
        let h = headline(
            &[
                claim(Agreement, "concluded"),
                claim(Agreement, "not_reached"),
            ],
            &[],
        );
        assert_eq!(h.conflicts, vec![Agreement]);
        // Compatible reports are not a conflict: approached and negotiating; reported and concluded.
        let h = headline(
            &[
                claim(Outreach, "approached"),
                claim(Outreach, "negotiating"),
                claim(Agreement, "reported"),
                claim(Agreement, "concluded"),
                claim(Stance, "unaware"),
                claim(Stance, "unaware"),
            ],
            &[],
        );
        assert!(h.conflicts.is_empty(), "{h:?}");
    }

    #[test]
    fn axis_labels_list_strongest_first_and_name_conflicts() {
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
        assert_eq!(axes[0].label(), "Approached; Negotiating");
        assert_eq!(axes[2].label(), "Nothing reported");
        assert_eq!(axes[3].label(), "Reports conflict: Denied / No comment");
    }
}
