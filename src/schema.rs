//! JSON Schemas of the content files, generated from the Rust types so that they can never drift from what
//! the loader accepts. Committed under schemas/ and named in each YAML file's `yaml-language-server` comment.

use schemars::{schema_for, Schema};

use crate::content::{CountryFile, SiteFile, SourcesFile, TimelineFile, TopicFile};

/// Each schema's file name under schemas/, the content it describes, and the schema.
pub fn all() -> Vec<(&'static str, &'static str, Schema)> {
    vec![
        (
            "country.schema.json",
            "content/countries/*.yaml",
            schema_for!(CountryFile),
        ),
        (
            "topic.schema.json",
            "content/topics/*.yaml",
            schema_for!(TopicFile),
        ),
        (
            "timeline.schema.json",
            "content/timeline.yaml",
            schema_for!(TimelineFile),
        ),
        (
            "site.schema.json",
            "content/site.yaml",
            schema_for!(SiteFile),
        ),
        (
            "sources.schema.json",
            "seeds/sources.yaml",
            schema_for!(SourcesFile),
        ),
    ]
}

/// A schema as committed: pretty JSON with a final newline.
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}
