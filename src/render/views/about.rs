//! About and methodology (for readers), how to contribute (for contributors, with the error codes), and the pages
//! with nothing but the frame (404, search).

use serde::Serialize;

use super::Views;
use crate::content::{Axis, DisagreementKind};
use crate::render::urls;
use crate::status;
use crate::support;

#[derive(Debug, Serialize)]
pub struct RuleStep {
    pub label: &'static str,
    pub key: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SupportStep {
    pub label: &'static str,
    pub key: &'static str,
    pub text: &'static str,
}

/// The support rule, step by step, as the about page and the status sheet state it.
pub(super) fn support_steps() -> Vec<SupportStep> {
    support::RULE
        .iter()
        .map(|(level, text)| SupportStep {
            label: level.label(),
            key: level.key(),
            text,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct KindDoc {
    pub code: &'static str,
    pub sentence: &'static str,
}

#[derive(Debug, Serialize)]
pub struct StatusDoc {
    pub label: &'static str,
    pub meaning: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AxisDoc {
    pub label: &'static str,
    pub statuses: Vec<StatusDoc>,
}

#[derive(Debug, Serialize)]
pub struct AboutView {
    pub base: super::Base,
    pub rule: Vec<RuleStep>,
    /// How a disputed status is marked (`status::DISPUTE`).
    pub dispute: &'static str,
    pub support: Vec<SupportStep>,
    pub kinds: Vec<KindDoc>,
    pub axes: Vec<AxisDoc>,
    pub citations: usize,
    pub sources: usize,
    /// How many sources relay another outlet's reporting, and how many are translations.
    pub relaying: usize,
    pub translated: usize,
}

#[derive(Debug, Serialize)]
pub struct CodeDoc {
    pub code: &'static str,
    pub name: &'static str,
    pub text_html: String,
}

#[derive(Debug, Serialize)]
pub struct ContributeView {
    pub base: super::Base,
    pub codes: Vec<CodeDoc>,
}

/// How a reader reports a mistake.
#[derive(Debug, Serialize)]
pub struct CorrectionsView {
    pub base: super::Base,
    /// A new issue in the repository with the reader's form, when `site.yaml` names the repository.
    pub issue_href: Option<String>,
    pub contribute_href: String,
}

/// A page with nothing but the shared parts (404, search).
#[derive(Debug, Serialize)]
pub struct PlainView {
    pub base: super::Base,
}

impl Views<'_> {
    pub fn about(&self) -> AboutView {
        AboutView {
            base: self.base(urls::ABOUT, "About and methodology", None),
            rule: status::RULE
                .iter()
                .map(|(stage, text)| RuleStep {
                    label: stage.label(),
                    key: stage.key(),
                    text,
                })
                .collect(),
            dispute: status::DISPUTE,
            support: support_steps(),
            kinds: DisagreementKind::ALL
                .iter()
                .map(|k| KindDoc {
                    code: k.code(),
                    sentence: k.sentence(),
                })
                .collect(),
            axes: Axis::ALL
                .iter()
                .map(|a| AxisDoc {
                    label: a.label(),
                    statuses: a
                        .statuses()
                        .iter()
                        .map(|s| StatusDoc {
                            label: status::status_label(s),
                            meaning: status::status_meaning(s),
                        })
                        .collect(),
                })
                .collect(),
            citations: self.site.citations().len(),
            sources: self.site.sources.len(),
            relaying: self
                .site
                .sources
                .iter()
                .filter(|s| !s.relays.is_empty())
                .count(),
            translated: self.site.sources.iter().filter(|s| s.translated).count(),
        }
    }

    pub fn contribute(&self) -> ContributeView {
        ContributeView {
            base: self.base(urls::CONTRIBUTE, "How to contribute", None),
            codes: crate::diag::CODES
                .iter()
                .map(|(code, name, text)| CodeDoc {
                    code,
                    name,
                    text_html: crate::render::markdown::render_inline(text),
                })
                .collect(),
        }
    }

    pub fn corrections(&self) -> CorrectionsView {
        let base = self.base(urls::CORRECTIONS, "Report a mistake", None);
        CorrectionsView {
            issue_href: self.report_issue("(the page's title)", "(its address)"),
            contribute_href: format!("{}{}", base.root, urls::CONTRIBUTE),
            base,
        }
    }

    pub fn not_found(&self) -> PlainView {
        PlainView {
            base: self.base(urls::NOT_FOUND, "Page not found", None),
        }
    }

    pub fn search(&self) -> PlainView {
        PlainView {
            base: self.base(urls::SEARCH, "Search", None),
        }
    }
}
