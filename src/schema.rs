//! JSON Schemas of the content files, generated from the Rust types so that they can never drift from what
//! the loader accepts. Committed under schemas/ and named in each YAML file's `yaml-language-server` comment.

use schemars::{schema_for, Schema};

use crate::content::{
    CountryFile, DisagreementsFile, SiteFile, SourcesFile, TimelineFile, TopicFile,
};

/// Each schema's file name under schemas/ and the schema.
pub fn all() -> Vec<(&'static str, Schema)> {
    vec![
        ("country.schema.json", schema_for!(CountryFile)),
        ("topic.schema.json", schema_for!(TopicFile)),
        ("timeline.schema.json", schema_for!(TimelineFile)),
        ("disagreements.schema.json", schema_for!(DisagreementsFile)),
        ("site.schema.json", schema_for!(SiteFile)),
        ("sources.schema.json", schema_for!(SourcesFile)),
    ]
}

/// A schema as committed: pretty JSON with a final newline.
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}
