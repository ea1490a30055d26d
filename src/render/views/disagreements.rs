//! Where the sources disagree: every recorded disagreement, each side with its own source.

use serde::Serialize;

use super::{DisagreementView, Reference, Views};
use crate::render::urls;

#[derive(Debug, Serialize)]
pub struct DisagreementsView {
    pub base: super::Base,
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
        DisagreementsView {
            disagreements,
            references: refs.into_list(),
            base,
        }
    }
}
