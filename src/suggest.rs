//! Suggestions for diagnostics: the nearest valid name, and example values for missing fields.

/// The candidate closest to `given`, if any is close enough to be a plausible typo.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// An example line for a required field, shown when it is missing.
pub fn example_for(field: &str) -> String {
    let example = match field {
        "cites" => "`cites: [{ source: cbs-angola-equatorial-guinea, quote: \"...\" }]`",
        "text" => "`text: \"According to internal documents reported by CBS News, ...\"`",
        "source" => "`source: cbs-angola-equatorial-guinea`",
        "quote" => "`quote: \"the verbatim passage\"`",
        "when" => "`when: { value: \"2025-03\", basis: inferred, reason: \"...\" }`",
        "basis" => "`basis: stated` or `basis: inferred`",
        "region" => "`region: Africa`",
        "roles" => "`roles: [destination]`",
        "iso2" => "`iso2: AO`",
        "iso3" => "`iso3: AGO`",
        "summary" => "`summary: \"A neutral, attributed summary.\"`",
        "claims" => "`claims: []`",
        "sections" => "`sections: [{ heading: \"...\", claims: [] }]`",
        "order" => "`order: 1`",
        _ => return format!("`{field}: ...` (see docs/content-model.md)"),
    };
    example.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_finds_the_field_and_nonsense_finds_nothing() {
        let fields = ["text", "axis", "status", "cites"];
        assert_eq!(closest("stauts", fields), Some("status"));
        assert_eq!(closest("zzzzzz", fields), None);
    }
}
