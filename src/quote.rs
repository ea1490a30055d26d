//! Quote location: normalisation and the per-seed index that finds a quote the way the W3C Web Annotation
//! TextQuoteSelector does (`exact`, with optional `prefix`/`suffix`). Offsets are Unicode code points.

/// A seed's text normalised for matching, with a map back to the original's code-point offsets.
#[derive(Debug, Clone)]
pub struct SeedIndex {
    norm: String,
    /// For each char of `norm`: (its byte offset in `norm`, the code-point offset in the original).
    map: Vec<(usize, usize)>,
    /// Code points in the original text.
    len: usize,
}

/// A located quote: the half-open range of code points in the original seed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    Found(Span),
    Empty,
    NotFound,
    /// The number of places it matches.
    Ambiguous(usize),
}

/// Typographic quote marks become ASCII ones; every other character stays.
fn fold_quote_mark(c: char) -> char {
    match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => '\'',
        c => c,
    }
}

/// Normalises text for comparison: whitespace runs become one space, typographic quotes ASCII, ends trimmed.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(fold_quote_mark(c));
        }
    }
    out
}

impl SeedIndex {
    pub fn new(text: &str) -> SeedIndex {
        let mut norm = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len());
        let mut len = 0;
        for (i, c) in text.chars().enumerate() {
            len = i + 1;
            if c.is_whitespace() {
                if norm.ends_with(' ') || norm.is_empty() {
                    continue;
                }
                map.push((norm.len(), i));
                norm.push(' ');
            } else {
                map.push((norm.len(), i));
                norm.push(fold_quote_mark(c));
            }
        }
        SeedIndex { norm, map, len }
    }

    /// The number of code points in the original text.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The normalised text (what quotes are compared with).
    pub fn normalised(&self) -> &str {
        &self.norm
    }

    /// Original code-point offset of the char at normalised byte offset `b`.
    fn orig(&self, b: usize) -> usize {
        match self.map.binary_search_by_key(&b, |&(nb, _)| nb) {
            Ok(i) => self.map[i].1,
            Err(_) => self.len,
        }
    }

    /// Original code-point span of the normalised byte range `[s, e)` (`e > s`).
    fn span_of(&self, s: usize, e: usize) -> Span {
        let last = self.norm[..e].chars().next_back().map_or(0, char::len_utf8);
        Span {
            start: self.orig(s),
            end: self.orig(e - last) + 1,
        }
    }

    /// Every place `exact` occurs with `prefix` right before it and `suffix` right after (spaces between ignored).
    fn matches(&self, exact: &str, prefix: &str, suffix: &str) -> Vec<usize> {
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(i) = self.norm[from..].find(exact) {
            let at = from + i;
            let before = self.norm[..at].trim_end();
            let after = self.norm[at + exact.len()..].trim_start();
            if before.ends_with(prefix) && after.starts_with(suffix) {
                hits.push(at);
            }
            from = at + exact.chars().next().map_or(1, char::len_utf8);
        }
        hits
    }

    pub fn locate(&self, exact: &str, prefix: Option<&str>, suffix: Option<&str>) -> Located {
        let exact = normalise(exact);
        if exact.is_empty() {
            return Located::Empty;
        }
        let prefix = normalise(prefix.unwrap_or(""));
        let suffix = normalise(suffix.unwrap_or(""));
        let hits = self.matches(&exact, &prefix, &suffix);
        match hits.as_slice() {
            [] => Located::NotFound,
            [one] => Located::Found(self.span_of(*one, one + exact.len())),
            many => Located::Ambiguous(many.len()),
        }
    }

    /// Whether `exact` occurs at all (used to tell a wrong prefix/suffix from a wrong quote).
    pub fn occurrences(&self, exact: &str) -> usize {
        let exact = normalise(exact);
        if exact.is_empty() {
            0
        } else {
            self.matches(&exact, "", "").len()
        }
    }

    /// The passage of the seed closest to `quote`, word-aligned, for "did you mean" help.
    pub fn closest_passage(&self, quote: &str) -> Option<String> {
        let quote = normalise(quote);
        if quote.chars().count() > MAX_SUGGEST_CHARS {
            return None;
        }
        let qwords = quote.split(' ').count();
        let words: Vec<&str> = self.norm.split(' ').collect();
        if words.is_empty() || qwords == 0 {
            return None;
        }
        let width = qwords.min(words.len());
        // Long quotes against long seeds would be quadratic; compare at most this many characters of each window.
        const MAX_CHARS: usize = 600;
        let q: String = quote.chars().take(MAX_CHARS).collect();
        let mut best: Option<(f64, usize)> = None;
        for start in 0..=words.len() - width {
            let window = words[start..start + width].join(" ");
            let w: String = window.chars().take(MAX_CHARS).collect();
            let score = strsim::normalized_levenshtein(&q, &w);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, start));
            }
        }
        best.map(|(_, start)| words[start..start + width].join(" "))
    }
}

/// Quotes longer than this get no "closest passage" search or diff: both grow with the square of the length,
/// and no real quote is this long.
pub const MAX_SUGGEST_CHARS: usize = 2000;

/// Marks words of `quote` that differ from `passage`: a word-level diff as `[-removed-]{+added+}`.
pub fn word_diff(quote: &str, passage: &str) -> String {
    let a: Vec<&str> = quote.split_whitespace().collect();
    let b: Vec<&str> = passage.split_whitespace().collect();
    if a.len() * b.len() > MAX_SUGGEST_CHARS * MAX_SUGGEST_CHARS / 25 {
        return String::new();
    }
    // Longest common subsequence over words; the inputs are a few hundred words at most.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(a[i].to_owned());
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("[-{}-]", a[i]));
            i += 1;
        } else {
            out.push(format!("{{+{}+}}", b[j]));
            j += 1;
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_typographic_quotes_are_normalised() {
        let idx = SeedIndex::new("He said “yes,\n  and   no” today.");
        assert_eq!(
            idx.locate("said \"yes, and no\"", None, None),
            Located::Found(Span { start: 3, end: 25 })
        );
    }

    #[test]
    fn offsets_count_code_points_not_bytes() {
        let idx = SeedIndex::new("é – “quote” here");
        // "quote" starts at code point 5 (é, space, en dash, space, opening quote mark).
        assert_eq!(
            idx.locate("quote", None, None),
            Located::Found(Span { start: 5, end: 10 })
        );
    }

    #[test]
    fn prefix_and_suffix_disambiguate() {
        let idx = SeedIndex::new("one cat. two cat. three cat.");
        assert_eq!(idx.locate("cat", None, None), Located::Ambiguous(3));
        assert_eq!(
            idx.locate("cat", Some("two"), None),
            Located::Found(Span { start: 13, end: 16 })
        );
        assert_eq!(idx.locate("cat", Some("four"), None), Located::NotFound);
        assert_eq!(idx.locate("  ", None, None), Located::Empty);
    }

    #[test]
    fn closest_passage_and_diff_show_what_differs() {
        let idx = SeedIndex::new(
            "The embassy is not aware of any such dialogue between the two governments.",
        );
        let near = idx
            .closest_passage("embassy is not aware of any dialogue")
            .unwrap();
        assert!(near.starts_with("embassy is not aware of any"), "{near}");
        assert_eq!(word_diff("a b c", "a x c"), "a [-b-] {+x+} c");
    }
}
