//! About and methodology (for readers), how to contribute (for contributors, with the error codes), and the pages
//! with nothing but the frame (404, search).

use serde::Serialize;

use super::Views;
use crate::content::Axis;
use crate::render::urls;
use crate::status;

#[derive(Debug, Serialize)]
pub struct RuleStep {
    pub label: &'static str,
    pub key: &'static str,
    pub text: &'static str,
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
    pub conflict: &'static str,
    pub axes: Vec<AxisDoc>,
    pub citations: usize,
    pub sources: usize,
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
            conflict: status::CONFLICT,
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
