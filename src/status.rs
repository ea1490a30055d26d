//! The headline status: derived from a country's cited axis claims by one rule, never typed by hand.
//!
//! The rule, first match wins (the about page prints `RULE`):
//! 1. a `transfers` claim                                  -> Received deportees
//! 2. an `agreement` claim (reported or concluded)         -> Agreement reported
//! 3. a `stance: refused` claim                            -> Refused
//! 4. an `outreach` claim and a `stance` denied or unaware -> Approached, government denies
//! 5. an `outreach` claim                                  -> Approached
//! 6. otherwise                                            -> Not a destination in the sources

use crate::content::Axis;
use crate::model::Claim;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Headline {
    Received,
    Agreement,
    Refused,
    ApproachedDenied,
    Approached,
    None,
}

/// The rule in words, in the order it is applied.
pub const RULE: &[(Headline, &str)] = &[
    (Headline::Received, "a source reports deportees sent there (transfers axis)"),
    (Headline::Agreement, "otherwise, a source reports an agreement, concluded or reported (agreement axis)"),
    (Headline::Refused, "otherwise, a source reports the government refused or resisted (stance: refused)"),
    (Headline::ApproachedDenied, "otherwise, a source reports US outreach and the government denied it or said it was unaware"),
    (Headline::Approached, "otherwise, a source reports US outreach (approached or negotiating)"),
    (Headline::None, "otherwise: the sources name the country only as a deportees' country of origin or a precedent"),
];

impl Headline {
    pub fn label(self) -> &'static str {
        match self {
            Headline::Received => "Received deportees",
            Headline::Agreement => "Agreement reported",
            Headline::Refused => "Refused",
            Headline::ApproachedDenied => "Approached, government denies",
            Headline::Approached => "Approached",
            Headline::None => "Not a destination in the sources",
        }
    }

    /// The CSS class (and legend key) for tables and the map.
    pub fn key(self) -> &'static str {
        match self {
            Headline::Received => "received",
            Headline::Agreement => "agreement",
            Headline::Refused => "refused",
            Headline::ApproachedDenied => "approached-denied",
            Headline::Approached => "approached",
            Headline::None => "none",
        }
    }
}

pub fn derive(claims: &[Claim]) -> Headline {
    let has = |axis: Axis, statuses: &[&str]| {
        claims.iter().any(|c| {
            c.axis == Some(axis)
                && (statuses.is_empty()
                    || c.status.as_deref().is_some_and(|s| statuses.contains(&s)))
        })
    };
    if has(Axis::Transfers, &[]) {
        Headline::Received
    } else if has(Axis::Agreement, &[]) {
        Headline::Agreement
    } else if has(Axis::Stance, &["refused"]) {
        Headline::Refused
    } else if has(Axis::Outreach, &[]) && has(Axis::Stance, &["denied", "unaware"]) {
        Headline::ApproachedDenied
    } else if has(Axis::Outreach, &[]) {
        Headline::Approached
    } else {
        Headline::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(axis: Axis, status: &str) -> Claim {
        Claim {
            text: String::new(),
            axis: Some(axis),
            status: Some(status.to_owned()),
            kind: None,
            when: None,
            countries: vec![],
            cites: vec![],
        }
    }

    #[test]
    fn rule_order_is_pinned() {
        use Axis::*;
        assert_eq!(derive(&[]), Headline::None);
        assert_eq!(
            derive(&[claim(Outreach, "approached")]),
            Headline::Approached
        );
        assert_eq!(
            derive(&[claim(Outreach, "approached"), claim(Stance, "denied")]),
            Headline::ApproachedDenied
        );
        assert_eq!(
            derive(&[claim(Outreach, "approached"), claim(Stance, "no_comment")]),
            Headline::Approached
        );
        assert_eq!(
            derive(&[claim(Outreach, "approached"), claim(Stance, "refused")]),
            Headline::Refused
        );
        assert_eq!(
            derive(&[claim(Stance, "refused"), claim(Agreement, "reported")]),
            Headline::Agreement
        );
        assert_eq!(
            derive(&[claim(Agreement, "concluded"), claim(Transfers, "received")]),
            Headline::Received
        );
        assert_eq!(RULE.len(), 6);
    }
}
