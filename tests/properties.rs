//! Property tests: the YAML loader, the quote locator and the Markdown renderer never panic, whatever the input,
//! and keep their promises (a found quote really is there; Markdown never yields a live script).

use std::path::Path;

use briefing::content::CountryFile;
use briefing::load::parse_doc;
use briefing::quote::{normalise, Located, SeedIndex};
use briefing::render::markdown::render;
use proptest::prelude::*;

/// Text that looks like content YAML often enough to reach deep into the parser.
fn yamlish() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("name: ".to_owned()),
        Just("claims:\n".to_owned()),
        Just("  - ".to_owned()),
        Just("cites: [".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("|\n".to_owned()),
        Just(": ".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just("---\n".to_owned()),
        Just("!!binary ".to_owned()),
        "[a-z]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn yaml_loader_never_panics(text in yamlish()) {
        if let Err(diags) = parse_doc::<CountryFile>(Path::new("content/countries/x.yaml"), text) {
            prop_assert!(!diags.is_empty());
            for d in diags {
                prop_assert!(!d.message.is_empty());
                prop_assert!(d.code.starts_with('E'));
            }
        }
    }

    #[test]
    fn quote_locator_never_panics_and_found_means_present(
        seed in "(\\PC|[ \n\t\u{201c}\u{201d}\u{2019}]){0,300}",
        quote in "(\\PC|[ \n\u{201c}]){0,20}",
        prefix in proptest::option::of("\\PC{0,5}"),
    ) {
        let index = SeedIndex::new(&seed);
        let chars: Vec<char> = seed.chars().collect();
        match index.locate(&quote, prefix.as_deref(), None) {
            Located::Found(span) => {
                prop_assert!(span.start < span.end && span.end <= chars.len());
                let found: String = chars[span.start..span.end].iter().collect();
                prop_assert_eq!(normalise(&found), normalise(&quote));
            }
            Located::Empty => prop_assert!(normalise(&quote).is_empty()),
            Located::NotFound | Located::Ambiguous(_) => {}
        }
        let _ = index.closest_passage(&quote);
    }

    #[test]
    fn a_passage_quoted_with_its_real_context_is_always_found(
        seed in "[ab \n\u{201c}]{1,80}",
        start in 0usize..80,
        len in 1usize..20,
        context in 0usize..6,
    ) {
        // A small alphabet makes repeats common, so prefix and suffix are what tell occurrences apart.
        let chars: Vec<char> = seed.chars().collect();
        let start = start % chars.len();
        let end = (start + len).min(chars.len());
        let exact: String = chars[start..end].iter().collect();
        prop_assume!(!normalise(&exact).is_empty());
        let prefix: String = chars[start.saturating_sub(context)..start].iter().collect();
        let suffix: String = chars[end..(end + context).min(chars.len())].iter().collect();
        let index = SeedIndex::new(&seed);
        match index.locate(&exact, Some(&prefix), Some(&suffix)) {
            Located::Found(span) => {
                let found: String = chars[span.start..span.end].iter().collect();
                prop_assert_eq!(normalise(&found), normalise(&exact));
            }
            Located::Ambiguous(n) => prop_assert!(n > 1),
            other => prop_assert!(false, "{:?} for {:?} in {:?}", other, exact, seed),
        }
    }

    #[test]
    fn markdown_never_yields_live_script(text in "(\\PC|<script>|<img src=x onerror=y>|\\[a\\]\\(javascript:x\\)|\n){0,60}") {
        let html = render(&text).to_ascii_lowercase();
        prop_assert!(!html.contains("<script"));
        prop_assert!(!html.contains("<img"));
        prop_assert!(!html.contains("href=\"javascript:"));
    }
}

#[test]
fn the_real_seeds_locate_every_one_of_their_sentences() {
    // Every sentence of a real seed either locates (once) or is genuinely repeated in it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let index = SeedIndex::new(&text);
            let chars: Vec<char> = text.chars().collect();
            for s in briefing::coverage::sentences(&text) {
                let sentence: String = chars[s.start..s.end].iter().collect();
                match index.locate(&sentence, None, None) {
                    Located::Found(span) => assert_eq!(span, s, "{}: {sentence}", path.display()),
                    Located::Ambiguous(_) => {}
                    other => panic!("{}: {sentence:?} -> {other:?}", path.display()),
                }
            }
        }
    }
}
