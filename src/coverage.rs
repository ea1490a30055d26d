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
/// a capital, digit or quote mark does, unless the word is a known abbreviation or an initial ("By A. Reporter",
/// "J.R. Smith").
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

/// Whether the sentence ends with a known abbreviation or initials (capital letters each followed by a full
/// stop: "A.", "J.R."). Only the last few characters are looked at, so a long run of abbreviations
/// ("U.S. U.S. ...") costs no more than other text.
fn ends_with_abbreviation(sentence: &[char]) -> bool {
    let longest = ABBREVIATIONS.iter().map(|a| a.len()).max().unwrap_or(0);
    let tail = &sentence[sentence.len().saturating_sub(longest + 1)..];
    let word_start = tail
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    if word_start == 0 && tail.len() > longest {
        return false;
    }
    let last = &tail[word_start..];
    let initials = !last.is_empty()
        && last.len().is_multiple_of(2)
        && last
            .chunks(2)
            .all(|pair| pair[0].is_uppercase() && pair[1] == '.');
    initials || ABBREVIATIONS.contains(&last.iter().collect::<String>().as_str())
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

/// For each sentence (sorted and disjoint, as `sentences` gives them), whether one span overlaps it by at least
/// MIN_OVERLAP code points, or entirely if it is shorter. `spans` is sorted by start. A span that starts before
/// a sentence overlaps it most when it ends furthest, so a running maximum of ends stands for all of them; the
/// spans that start inside a sentence are looked at for that sentence only. Linear after the sort.
fn covered(sentences: &[Span], spans: &[Span]) -> Vec<bool> {
    let mut next = 0;
    let mut furthest_end = 0;
    sentences
        .iter()
        .map(|s| {
            while next < spans.len() && spans[next].start <= s.start {
                furthest_end = furthest_end.max(spans[next].end);
                next += 1;
            }
            let need = MIN_OVERLAP.min(s.end - s.start);
            let mut best = furthest_end.min(s.end).saturating_sub(s.start);
            for c in spans[next..].iter().take_while(|c| c.start < s.end) {
                best = best.max(c.end.min(s.end) - c.start);
            }
            best >= need
        })
        .collect()
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
    let mut spans: Vec<Vec<Span>> = site
        .sources
        .iter()
        .map(|s| s.unused.iter().map(|u| u.span).collect())
        .collect();
    for c in site.citations() {
        spans[c.source].push(c.span);
    }
    let mut out = Vec::new();
    for (si, (source, spans)) in site.sources.iter().zip(&mut spans).enumerate() {
        spans.sort_unstable();
        let sentences = sentences(&source.text);
        let covered = covered(&sentences, spans);
        let chars: Vec<char> = source.text.chars().collect();
        for (s, _) in sentences.iter().zip(covered).filter(|(_, c)| !c) {
            out.push(Uncovered {
                source: si,
                span: *s,
                text: chars[s.start..s.end].iter().collect(),
            });
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

    /// The definition the sweep in `covered` must agree with: some single span overlaps enough.
    fn covered_by_brute_force(sentences: &[Span], spans: &[Span]) -> Vec<bool> {
        sentences
            .iter()
            .map(|s| {
                let need = MIN_OVERLAP.min(s.end - s.start);
                spans
                    .iter()
                    .any(|c| c.end.min(s.end).saturating_sub(c.start.max(s.start)) >= need)
            })
            .collect()
    }

    #[test]
    fn coverage_sweep_agrees_with_comparing_every_pair() {
        let sp = |start, end| Span { start, end };
        let sentences = [sp(0, 30), sp(31, 35), sp(36, 80), sp(81, 120), sp(121, 200)];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut spans: Vec<Span> = (0..(seed % 5))
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let start = (seed >> 33) as usize % 200;
                    let len = (seed >> 20) as usize % 60 + 1;
                    sp(start, (start + len).min(200))
                })
                .collect();
            spans.sort_unstable();
            assert_eq!(
                covered(&sentences, &spans),
                covered_by_brute_force(&sentences, &spans),
                "{spans:?}"
            );
        }
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
        // Initials do not end a sentence; a capital word before a stop does.
        assert_eq!(
            texts("By A. Reporter and J.R. Smith. Deportees went to Ghana. The end"),
            vec![
                "By A. Reporter and J.R. Smith.",
                "Deportees went to Ghana.",
                "The end"
            ]
        );
    }
}
