//! Coverage: every sentence of every seed is either cited by some claim or listed as deliberately unused.

use crate::model::Site;
use crate::quote::Span;

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "U.S.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "vs.", "e.g.", "i.e.",
];

/// A sentence counts as cited when a citation overlaps this many of its code points (or all of a shorter one),
/// so that a quote running one character past a boundary does not count for the next sentence.
const MIN_OVERLAP: usize = 10;

/// The sentences of `text` as code-point spans, trimmed of surrounding whitespace. A line break always ends a
/// sentence (headlines, captions); otherwise `.`, `!` or `?` (and any closing quote) followed by whitespace and
/// a capital, digit or quote mark does, unless the word is a known abbreviation.
pub fn sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut end = None;
        if c == '\n' {
            end = Some(i);
        } else if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '"' | '\u{201d}' | '\u{2019}' | '\'') {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].is_whitespace() && chars[k] != '\n' {
                k += 1;
            }
            let next_starts = k < chars.len()
                && k > j
                && (chars[k].is_uppercase()
                    || chars[k].is_ascii_digit()
                    || "\"\u{201c}'\u{2018}".contains(chars[k]));
            let at_end = k >= chars.len() || chars[k] == '\n';
            if (next_starts || at_end) && !ends_with_abbreviation(&chars[start..=i]) {
                end = Some(j);
                i = j.saturating_sub(1);
            }
        }
        if let Some(e) = end {
            push_trimmed(&chars, start, e, &mut out);
            start = e;
        }
        i += 1;
    }
    push_trimmed(&chars, start, chars.len(), &mut out);
    out
}

fn ends_with_abbreviation(sentence: &[char]) -> bool {
    let s: String = sentence.iter().collect();
    let last = s.rsplit(char::is_whitespace).next().unwrap_or("");
    ABBREVIATIONS.contains(&last)
}

/// Adds `[start, end)` trimmed of whitespace, if anything with a letter or digit is left.
fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if chars[start..end].iter().any(|c| c.is_alphanumeric()) {
        out.push(Span { start, end });
    }
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// Index into `Site::sources`.
    pub source: usize,
    pub span: Span,
    pub text: String,
}

/// Every seed sentence that no citation covers and no `unused` entry accounts for, in source order.
pub fn uncovered(site: &Site) -> Vec<Uncovered> {
    let cites = site.citations();
    let mut out = Vec::new();
    for (si, source) in site.sources.iter().enumerate() {
        let chars: Vec<char> = source.text.chars().collect();
        let spans: Vec<Span> = cites
            .iter()
            .filter(|c| c.source == si)
            .map(|c| c.span)
            .chain(source.unused.iter().map(|u| u.span))
            .collect();
        for s in sentences(&source.text) {
            let need = MIN_OVERLAP.min(s.end - s.start);
            if !spans.iter().any(|&c| overlap(c, s) >= need) {
                out.push(Uncovered {
                    source: si,
                    span: s,
                    text: chars[s.start..s.end].iter().collect(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        sentences(t)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits_on_stops_and_lines_but_not_abbreviations() {
        assert_eq!(
            texts(
                "Headline\nThe U.S. said no. \"Yes,\" he said. Come to USA. without papers.\n\nEnd"
            ),
            vec![
                "Headline",
                "The U.S. said no.",
                "\"Yes,\" he said.",
                "Come to USA. without papers.",
                "End"
            ]
        );
    }
}
