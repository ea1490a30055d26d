//! Where the sources disagree: every recorded disagreement, each side with its own source.

use serde::Serialize;

use super::{DisagreementView, Link, Reference, Views};
use crate::content::DisagreementKind;
use crate::render::urls;

/// The questions of one kind, linked, for the list at the top of the page.
#[derive(Debug, Serialize)]
pub struct KindGroup {
    pub sentence: &'static str,
    pub questions: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct DisagreementsView {
    pub base: super::Base,
    /// Every question, grouped by kind in `DisagreementKind::ALL` order (kinds with none left out).
    pub kinds: Vec<KindGroup>,
    pub disagreements: Vec<DisagreementView>,
    pub references: Vec<Reference>,
}

impl Views<'_> {
    pub fn disagreements(&self) -> DisagreementsView {
        let file = std::path::Path::new("content/disagreements.yaml");
        let base = self.base(
            urls::DISAGREEMENTS,
            "Where the sources disagree",
            Some(file),
        );
        let mut refs = self.references(&base.root);
        let disagreements = (0..self.site.disagreements.len())
            .map(|i| self.disagreement(&mut refs, i))
            .collect();
        let kinds = DisagreementKind::ALL
            .iter()
            .map(|&kind| KindGroup {
                sentence: kind.sentence(),
                questions: self
                    .site
                    .disagreements
                    .iter()
                    .filter(|d| d.kind == kind)
                    .map(|d| {
                        Link::to(
                            d.question.clone(),
                            format!("#{}", super::disagreement_anchor(&d.id)),
                        )
                    })
                    .collect(),
            })
            .filter(|g| !g.questions.is_empty())
            .collect();
        DisagreementsView {
            kinds,
            disagreements,
            references: refs.into_list(),
            base,
        }
    }
}
