//! Property tests: the YAML loader, the quote locator and the Markdown renderer never panic, whatever the input,
//! and keep their promises. The locator is held to a brute-force oracle: quotes are passages picked from the
//! generated text (with prefix and suffix from their real surroundings), found exactly where they were picked,
//! and an ambiguous quote reports exactly as many places as the oracle counts. Markdown never yields a script.

use std::path::Path;

use briefing::content::CountryFile;
use briefing::load::parse_doc;
use briefing::quote::{normalise, Hint, Located, Query, SeedIndex, Span};
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

/// Texts where repeats are common (small alphabets, so that prefix and suffix are what tell occurrences apart,
/// and occurrences overlap), and texts with any character.
fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ab]{1,40}",
        "[ab \n\u{201c}\"]{1,80}",
        "(a|b|aa|ab| |\u{e9}|\u{2019}){1,60}",
        "(\\PC|[ \n\t]){1,200}",
    ]
}

/// The chars `[start, start + len)` of `text` (`start` wrapped into range) as a quote, and where the locator must
/// find them: the range without its leading and trailing whitespace (`None` if nothing else is left).
fn passage(text: &str, start: usize, len: usize) -> (String, Option<Span>) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = start % chars.len();
    let mut end = (start + len).min(chars.len());
    let quote: String = chars[start..end].iter().collect();
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (quote, (start < end).then_some(Span { start, end }))
}

/// Every place the TextQuoteSelector matches, by brute force: the byte offsets in the normalised text where the
/// normalised quote starts, with the prefix right before it and the suffix right after (a space between aside).
fn oracle(text: &str, exact: &str, prefix: &str, suffix: &str) -> Vec<usize> {
    let (t, q, p, s) = (
        normalise(text),
        normalise(exact),
        normalise(prefix),
        normalise(suffix),
    );
    if q.is_empty() {
        return Vec::new();
    }
    t.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| {
            t[i..].starts_with(&q)
                && t[..i].trim_end().ends_with(&p)
                && t[i + q.len()..].trim_start().starts_with(&s)
        })
        .collect()
}

/// The locator's answer is the oracle's: empty, not found, found once (at a span whose text is the quote, with
/// no whitespace at either end), or ambiguous with exactly the oracle's count.
fn agrees_with_oracle(
    text: &str,
    quote: &str,
    located: &Located,
    expected: &[usize],
) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    match located {
        Located::Empty => prop_assert!(normalise(quote).is_empty()),
        Located::NotFound => prop_assert!(
            expected.is_empty() && !normalise(quote).is_empty(),
            "not found, but the oracle finds {:?}",
            expected
        ),
        Located::Found(span) => {
            prop_assert_eq!(
                expected.len(),
                1,
                "found once, but the oracle says {:?}",
                expected
            );
            prop_assert!(
                span.start < span.end && span.end <= chars.len(),
                "{:?}",
                span
            );
            prop_assert!(
                !chars[span.start].is_whitespace() && !chars[span.end - 1].is_whitespace()
            );
            let found: String = chars[span.start..span.end].iter().collect();
            prop_assert_eq!(normalise(&found), normalise(quote));
        }
        Located::Ambiguous(n) => {
            prop_assert!(*n > 1);
            prop_assert_eq!(*n, expected.len(), "ambiguity miscounted: {:?}", expected);
        }
    }
    Ok(())
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
    fn any_quote_is_located_as_the_brute_force_oracle_says(
        seed in "(\\PC|[ \n\t\u{201c}\u{201d}\u{2019}]){0,300}",
        quote in "(\\PC|[ \n\u{201c}]){0,20}",
        prefix in proptest::option::of("\\PC{0,5}"),
    ) {
        // Arbitrary text rarely holds the quote: this mostly pins "not found", and never panicking.
        let index = SeedIndex::new(seed.as_str());
        let expected = oracle(&seed, &quote, prefix.as_deref().unwrap_or(""), "");
        agrees_with_oracle(&seed, &quote, &index.locate(&quote, prefix.as_deref(), None), &expected)?;
        if let Some(near) = index.closest_passage(&quote) {
            prop_assert!(normalise(&seed).contains(&near.normalised), "{:?} is not a passage of {:?}", near, seed);
            // As written, it is the same passage: pasted as the quote, it matches there.
            prop_assert_eq!(normalise(&near.written), near.normalised.clone());
        }
    }

    /// An ambiguous quote's places are as many as it matches, and the prefix or suffix suggested for a place
    /// makes the quote match there alone.
    #[test]
    fn the_context_suggested_for_each_place_singles_it_out(
        seed in "(a|b|ab|\u{201c}a\u{201d}| |\n){1,80}",
        start in 0usize..80,
        len in 1usize..6,
    ) {
        let (quote, _) = passage(&seed, start, len);
        let index = SeedIndex::new(seed.as_str());
        if let Located::Ambiguous(n) = index.locate(&quote, None, None) {
            let query = Query { exact: &quote, prefix: None, suffix: None };
            let found = index.places(&[query]).pop().unwrap();
            prop_assert_eq!(found.total, n);
            prop_assert_eq!(found.places.len(), n.min(briefing::quote::MAX_PLACES_SHOWN));
            for place in &found.places {
                let located = match &place.hint {
                    Some(Hint::Prefix(p)) => index.locate(&quote, Some(p), None),
                    Some(Hint::Suffix(s)) => index.locate(&quote, None, Some(s)),
                    None => continue,
                };
                prop_assert_eq!(located, Located::Found(place.span), "{:?} {:?}", quote, place.hint);
            }
        }
    }

    #[test]
    fn a_passage_of_the_text_is_found_exactly_where_it_is(
        seed in texts(),
        start in 0usize..400,
        len in 1usize..40,
    ) {
        let (quote, at) = passage(&seed, start, len);
        let index = SeedIndex::new(seed.as_str());
        let located = index.locate(&quote, None, None);
        agrees_with_oracle(&seed, &quote, &located, &oracle(&seed, &quote, "", ""))?;
        if let (Located::Found(span), Some(at)) = (&located, at) {
            prop_assert_eq!(*span, at, "{:?} in {:?}", quote, seed);
        }
    }

    #[test]
    fn a_passage_quoted_with_its_real_context_is_found_exactly_where_it_is(
        seed in texts(),
        start in 0usize..400,
        len in 1usize..20,
        before in 0usize..8,
        after in 0usize..8,
    ) {
        let chars: Vec<char> = seed.chars().collect();
        let (quote, at) = passage(&seed, start, len);
        let start = start % chars.len();
        let end = (start + len).min(chars.len());
        let prefix: String = chars[start.saturating_sub(before)..start].iter().collect();
        let suffix: String = chars[end..(end + after).min(chars.len())].iter().collect();
        let index = SeedIndex::new(seed.as_str());
        let located = index.locate(&quote, Some(&prefix), Some(&suffix));
        let expected = oracle(&seed, &quote, &prefix, &suffix);
        // The real surroundings always match; only a quote of whitespace alone has no place.
        prop_assert_eq!(expected.is_empty(), at.is_none());
        agrees_with_oracle(&seed, &quote, &located, &expected)?;
        if let (Located::Found(span), Some(at)) = (&located, at) {
            prop_assert_eq!(*span, at, "{:?} between {:?} and {:?} in {:?}", quote, prefix, suffix, seed);
        }
    }

    #[test]
    fn many_quotes_at_once_are_located_as_each_alone(
        seed in texts(),
        picks in prop::collection::vec((0usize..400, 1usize..12, 0usize..4, any::<bool>()), 1..12),
    ) {
        let chars: Vec<char> = seed.chars().collect();
        let piece = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        let owned: Vec<(String, String, String)> = picks
            .iter()
            .map(|&(start, len, context, absent)| {
                let start = start % chars.len();
                let end = (start + len).min(chars.len());
                let mut quote = piece(start, end);
                if absent {
                    quote.push('z');
                }
                (quote, piece(start.saturating_sub(context), start), piece(end, (end + context).min(chars.len())))
            })
            .collect();
        let queries: Vec<Query> = owned
            .iter()
            .map(|(q, p, s)| Query { exact: q, prefix: Some(p), suffix: Some(s) })
            .collect();
        let index = SeedIndex::new(seed.as_str());
        let together = index.locate_all(&queries);
        prop_assert_eq!(together.len(), queries.len());
        for (q, outcome) in queries.iter().zip(&together) {
            prop_assert_eq!(&outcome.located, &index.locate(q.exact, q.prefix, q.suffix));
            prop_assert_eq!(outcome.exact_occurrences, oracle(&seed, q.exact, "", "").len());
        }
    }

    #[test]
    fn a_passage_with_an_invisible_character_is_explained(
        seed in "[abc \u{e9}.]{1,60}",
        start in 0usize..60,
        len in 2usize..12,
        cut in 1usize..12,
    ) {
        let (quote, _) = passage(&seed, start, len);
        let chars: Vec<char> = normalise(&quote).chars().collect();
        prop_assume!(chars.len() >= 2);
        let cut = 1 + cut % (chars.len() - 1);
        let spoiled: String = chars[..cut].iter().chain(&['\u{200b}']).chain(&chars[cut..]).collect();
        let index = SeedIndex::new(seed.as_str());
        prop_assert_eq!(index.locate(&spoiled, None, None), Located::NotFound);
        let near = index.near_misses(&[&spoiled]).pop().flatten();
        prop_assert!(near.is_some_and(|n| n.invisible_in_quote && !n.normalisation), "{:?}", spoiled);
        // The same passage written decomposed (e and a combining acute) differs by normalisation only.
        if quote.contains('\u{e9}') {
            let decomposed = quote.replace('\u{e9}', "e\u{301}");
            prop_assert_eq!(index.locate(&decomposed, None, None), Located::NotFound);
            let near = index.near_misses(&[&decomposed]).pop().flatten();
            prop_assert!(near.is_some_and(|n| n.normalisation && !n.invisible_in_quote), "{:?}", decomposed);
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
            let index = SeedIndex::new(text.as_str());
            let chars: Vec<char> = text.chars().collect();
            for s in briefing::coverage::sentences(&text) {
                let sentence: String = chars[s.start..s.end].iter().collect();
                match index.locate(&sentence, None, None) {
                    Located::Found(span) => assert_eq!(span, s, "{}: {sentence}", path.display()),
                    Located::Ambiguous(n) => {
                        assert_eq!(n, oracle(&text, &sentence, "", "").len(), "{sentence}")
                    }
                    other => panic!("{}: {sentence:?} -> {other:?}", path.display()),
                }
            }
        }
    }
}
