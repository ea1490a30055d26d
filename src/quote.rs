//! Quote location: normalisation and the per-seed index that finds quotes the way the W3C Web Annotation
//! TextQuoteSelector does (`exact`, with optional `prefix`/`suffix`). Offsets are Unicode code points.
//!
//! All the quotes of a seed are located together: the distinct strings to look for (each normalised quote, and
//! each quote with its prefix before it and its suffix after it) are counted in one pass over the seed, every
//! occurrence of every string, self-overlapping ones and strings inside other strings included. Strings of 32
//! bytes or more are found through a rolling hash of their first 32 bytes, looked up at every byte of the seed and
//! confirmed byte for byte; shorter ones by an Aho-Corasick automaton, which also takes over every string of a
//! seed where the confirmations would outgrow a linear budget (a long repetitive quote in a repetitive text). The
//! time is linear in the seed, the quotes and the occurrences, however many quotes there are.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// A seed's text normalised for matching. Offsets in it are mapped back to the original's code points by walking
/// the original again, for all the offsets wanted at once: a map kept for every character would take eight
/// times the seed's size.
#[derive(Debug, Clone)]
pub struct SeedIndex {
    /// Shared with the loaded seed and the model's source: one copy of each text however many hold it.
    text: std::sync::Arc<str>,
    norm: String,
    /// Code points in the original text.
    len: usize,
    /// Built the first time a passage is suggested: most seeds never need it.
    words: OnceLock<WordIndex>,
    /// The typographic quote marks that normalising made straight, by their byte offset in `norm`: a passage
    /// suggested to the contributor is given back as the seed writes it.
    marks: Vec<(usize, char)>,
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

/// One quote to locate, as written in the content: whitespace and quote marks are normalised here.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<'a> {
    pub exact: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

/// Where a query matched, and how often its `exact` text occurs with prefix and suffix left aside (which tells a
/// wrong prefix or suffix from a wrong quote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub located: Located,
    pub exact_occurrences: usize,
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
    // Most quotes are already normal: printable ASCII, single spaces, no space at either end.
    let b = s.as_bytes();
    if b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && b.iter().all(|&c| (b' '..0x7f).contains(&c))
        && !s.contains("  ")
    {
        return s.to_owned();
    }
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

/// The name of a character that takes no room on screen (zero-width, joiners, direction marks, soft hyphen,
/// variation selectors...), or `None` for a visible one. Such a character in a quote or a seed makes two
/// identical-looking passages differ.
pub fn invisible_name(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    Some(match c {
        '\u{00ad}' => "soft hyphen",
        '\u{034f}' => "combining grapheme joiner",
        '\u{061c}' => "Arabic letter mark",
        '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' => "Hangul filler",
        '\u{17b4}' | '\u{17b5}' => "Khmer inherent vowel",
        '\u{180b}'..='\u{180d}' | '\u{180f}' => "Mongolian variation selector",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200b}' => "zero width space",
        '\u{200c}' => "zero width non-joiner",
        '\u{200d}' => "zero width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' => "bidirectional embedding or override",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\u{206a}'..='\u{206f}' => "deprecated format character",
        '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}' => "variation selector",
        '\u{feff}' => "zero width no-break space (byte order mark)",
        '\u{1d173}'..='\u{1d17a}' => "musical formatting character",
        '\u{e0000}'..='\u{e007f}' => "tag character",
        _ => return None,
    })
}

/// The chars of the normalised text (see `normalise`, but the ends not trimmed of a space), each with the
/// code-point offset in `text` of the char it stands for, and that char.
fn normalised_chars(text: &str) -> impl Iterator<Item = (usize, char, char)> + '_ {
    let mut after_space = true;
    text.chars().enumerate().filter_map(move |(i, c)| {
        let space = c.is_whitespace();
        if space && after_space {
            return None;
        }
        after_space = space;
        Some((i, if space { ' ' } else { fold_quote_mark(c) }, c))
    })
}

/// Folds normalised text so that passages that look the same become the same: invisible characters dropped,
/// every character canonically decomposed (NFD, without reordering combining marks), spaces collapsed again.
/// Calls `emit` with each char of the result and the byte offset, in `s`, of the char it came from.
fn fold_invisible_and_nfd(s: &str, mut emit: impl FnMut(usize, char)) {
    let mut after_space = true;
    for (b, c) in s.char_indices() {
        if invisible_name(c).is_some() || (c == ' ' && after_space) {
            continue;
        }
        after_space = c == ' ';
        unicode_normalization::char::decompose_canonical(c, |d| emit(b, d));
    }
}

fn folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_invisible_and_nfd(s, |_, c| out.push(c));
    out.truncate(out.trim_end().len());
    out
}

/// Above this many bytes of patterns, patterns are split over several automata, each far below the automaton's
/// limits (2^31 states), so that building one never fails.
const MAX_PATTERN_BYTES: usize = 1 << 24;

/// Patterns at least this long are found through a rolling hash of their first `WINDOW` bytes, checked at every
/// byte of the text: no structure as large as the patterns is built, which is most of the cost of an automaton
/// when each text is scanned once. Shorter patterns go to an Aho-Corasick automaton.
const WINDOW: usize = 32;

/// Distinct non-empty strings to count in texts, each counted once however many quotes share it.
#[derive(Debug, Default)]
struct Patterns {
    ids: HashMap<String, usize>,
    list: Vec<String>,
}

/// Per pattern: how many times it occurs (overlapping occurrences included) and the byte offset of its first one.
struct Counts {
    n: Vec<usize>,
    first: Vec<usize>,
    /// The first `keep` starts of each pattern, when asked for (the places of an ambiguous quote).
    starts: Vec<Vec<usize>>,
    keep: usize,
}

impl Counts {
    fn new(patterns: usize) -> Counts {
        Counts::keeping(patterns, 0)
    }

    fn keeping(patterns: usize, keep: usize) -> Counts {
        Counts {
            n: vec![0; patterns],
            first: vec![usize::MAX; patterns],
            starts: if keep > 0 {
                vec![Vec::new(); patterns]
            } else {
                Vec::new()
            },
            keep,
        }
    }

    /// Pattern `p` occurs at byte `at`; occurrences of one pattern come in the order of their starts.
    fn record(&mut self, p: usize, at: usize) {
        if self.n[p] == 0 {
            self.first[p] = at;
        }
        if self.n[p] < self.keep {
            self.starts[p].push(at);
        }
        self.n[p] += 1;
    }
}

impl Patterns {
    fn add(&mut self, pattern: String) -> usize {
        if let Some(&id) = self.ids.get(&pattern) {
            return id;
        }
        self.list.push(pattern.clone());
        self.ids.insert(pattern, self.list.len() - 1);
        self.list.len() - 1
    }

    fn searcher(&self) -> Searcher<'_> {
        self.searcher_with(WINDOW)
    }

    /// A searcher whose hashed windows are `window` bytes long (small in tests, so that short texts exercise it).
    fn searcher_with(&self, window: usize) -> Searcher<'_> {
        let mut by_window: HashMap<u64, Vec<usize>, Mixed> = HashMap::default();
        let mut short = Vec::new();
        let mut long_bytes = 0;
        for (id, p) in self.list.iter().enumerate() {
            if p.len() >= window {
                by_window
                    .entry(Rolling::new(&p.as_bytes()[..window]).hash)
                    .or_default()
                    .push(id);
                long_bytes += p.len();
            } else {
                short.push(id);
            }
        }
        let filter = Filter::new(by_window.keys());
        Searcher {
            patterns: &self.list,
            window,
            by_window,
            filter,
            long_bytes,
            short: (!short.is_empty()).then(|| Automata::new(&self.list, short)),
        }
    }
}

/// A bit per value of a hash's top bits, set for the hashes of the patterns' windows: most bytes of a text start
/// no pattern, and one bit, in a table small enough to stay in cache, says so before the hash table is asked.
struct Filter {
    bits: Vec<u64>,
    shift: u32,
}

impl Filter {
    fn new<'h>(hashes: impl ExactSizeIterator<Item = &'h u64>) -> Filter {
        // About 32 bits per pattern (few false hits), at least 4,096 and at most 2^22 (512 KB).
        let log2 = (hashes.len() * 32)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(12, 22);
        let mut filter = Filter {
            bits: vec![0; 1 << (log2 - 6)],
            shift: 64 - log2,
        };
        for &h in hashes {
            let i = filter.index(h);
            filter.bits[i >> 6] |= 1 << (i & 63);
        }
        filter
    }

    fn index(&self, hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn may_hold(&self, hash: u64) -> bool {
        let i = self.index(hash);
        self.bits[i >> 6] & (1 << (i & 63)) != 0
    }
}

/// A polynomial hash (wrapping, over bytes) of the last `window` bytes, moved one byte at a time. Collisions only
/// cost a comparison: every candidate is compared byte for byte.
struct Rolling {
    hash: u64,
    /// BASE to the power `window`: what the byte leaving the window weighed.
    out_weight: u64,
}

impl Rolling {
    const BASE: u64 = 0x100_0000_01b3;

    fn new(window: &[u8]) -> Rolling {
        let mut r = Rolling {
            hash: 0,
            out_weight: 1,
        };
        for &b in window {
            r.hash = r.hash.wrapping_mul(Self::BASE).wrapping_add(u64::from(b));
            r.out_weight = r.out_weight.wrapping_mul(Self::BASE);
        }
        r
    }

    fn roll(&mut self, out: u8, add: u8) {
        self.hash = self
            .hash
            .wrapping_mul(Self::BASE)
            .wrapping_add(u64::from(add))
            .wrapping_sub(self.out_weight.wrapping_mul(u64::from(out)));
    }
}

/// Hashes a rolling hash for the table: its low bits alone are weak (they depend only on the bytes' low bits), so
/// they are mixed with the high ones (the finaliser of MurmurHash3). Far cheaper than SipHash, run at every byte.
#[derive(Default, Clone, Copy)]
struct Mixed(u64);

impl std::hash::Hasher for Mixed {
    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::hash::BuildHasher for Mixed {
    type Hasher = Mixed;
    fn build_hasher(&self) -> Mixed {
        Mixed(0)
    }
}

/// Aho-Corasick automata over some of the patterns, each automaton with the ids its pattern numbers stand for.
struct Automata(Vec<(Vec<usize>, AhoCorasick)>);

impl Automata {
    fn new(list: &[String], ids: Vec<usize>) -> Automata {
        let mut automata = Vec::new();
        let mut rest = &ids[..];
        while !rest.is_empty() {
            let mut end = 0;
            let mut bytes = 0;
            while end < rest.len()
                && (end == 0 || bytes + list[rest[end]].len() <= MAX_PATTERN_BYTES)
            {
                bytes += list[rest[end]].len();
                end += 1;
            }
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                // Not the DFA the crate picks for a few patterns: building it follows failure links from every
                // state, which is quadratic on a long repetitive quote (seconds for one of 20,000 characters).
                // Not the contiguous NFA either: converting to it costs more than it saves on texts that are
                // scanned once, about as long as the patterns.
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(rest[..end].iter().map(|&id| &list[id]))
                // At most MAX_PATTERN_BYTES of patterns (or one pattern, itself bounded by the file size limit):
                // far below the automaton's state and pattern limits.
                .expect("the patterns fit in one automaton");
            automata.push((rest[..end].to_vec(), ac));
            rest = &rest[end..];
        }
        Automata(automata)
    }

    fn count_in(&self, text: &str, counts: &mut Counts) {
        for (ids, ac) in &self.0 {
            // Overlapping search, MatchKind::Standard (set above), unanchored: the only configuration for which
            // `find_overlapping_iter` is defined, so it cannot panic. Matches of one pattern come in the order of
            // their ends, which for one length is the order of their starts.
            for m in ac.find_overlapping_iter(text) {
                counts.record(ids[m.pattern().as_usize()], m.start());
            }
        }
    }
}

/// Finds every occurrence of every pattern; shared between threads when it scans several texts.
struct Searcher<'p> {
    patterns: &'p [String],
    window: usize,
    /// The patterns of at least `window` bytes, by the hash of their first `window` bytes.
    by_window: HashMap<u64, Vec<usize>, Mixed>,
    filter: Filter,
    long_bytes: usize,
    /// The shorter patterns.
    short: Option<Automata>,
}

impl Searcher<'_> {
    fn count_in(&self, text: &str) -> Counts {
        let mut counts = Counts::new(self.patterns.len());
        self.count_into(text, &mut counts);
        counts
    }

    /// Counts into `counts` (made for these patterns, keeping starts or not).
    fn count_into(&self, text: &str, counts: &mut Counts) {
        if !self.count_long_in(text, counts) {
            // Hashing met too many candidates to stay linear (a long repetitive text and quote): an automaton over
            // every pattern is, whatever the text.
            *counts = Counts::keeping(self.patterns.len(), counts.keep);
            Automata::new(self.patterns, (0..self.patterns.len()).collect()).count_in(text, counts);
            return;
        }
        if let Some(short) = &self.short {
            short.count_in(text, counts);
        }
    }

    /// Counts the long patterns through their hashed windows; `false` (counts partial) if the comparisons of
    /// candidates outgrow a few times the size of the text and the patterns, which no real quoting does.
    fn count_long_in(&self, text: &str, counts: &mut Counts) -> bool {
        let bytes = text.as_bytes();
        if self.by_window.is_empty() || bytes.len() < self.window {
            return true;
        }
        let budget = 8 * (bytes.len() + self.long_bytes) + (1 << 16);
        let mut work = 0;
        let mut rolling = Rolling::new(&bytes[..self.window]);
        for at in 0..=bytes.len() - self.window {
            if at > 0 {
                rolling.roll(bytes[at - 1], bytes[at + self.window - 1]);
            }
            if !self.filter.may_hold(rolling.hash) {
                continue;
            }
            let Some(ids) = self.by_window.get(&rolling.hash) else {
                continue;
            };
            for &id in ids {
                let p = self.patterns[id].as_bytes();
                work += p.len();
                if work > budget {
                    return false;
                }
                if bytes[at..].starts_with(p) {
                    counts.record(id, at);
                }
            }
        }
        true
    }
}

/// How often a query matched (with its prefix and suffix), how often its exact text did, and the normalised byte
/// range of its match when there is exactly one.
struct Tally {
    total: usize,
    exact: usize,
    single: Option<(usize, usize)>,
}

/// What one query looks for among the patterns.
struct Plan {
    exact: usize,
    exact_len: usize,
    /// With a prefix or suffix: the patterns "prefix quote suffix" (with and without a space at each junction,
    /// since normalisation ignores the space between them) and where the quote starts inside each.
    context: Vec<(usize, usize)>,
}

impl SeedIndex {
    pub fn new(text: impl Into<std::sync::Arc<str>>) -> SeedIndex {
        let text: std::sync::Arc<str> = text.into();
        let mut norm = String::with_capacity(text.len());
        let mut marks = Vec::new();
        for (_, c, original) in normalised_chars(&text) {
            if c != original && c != ' ' {
                marks.push((norm.len(), original));
            }
            norm.push(c);
        }
        SeedIndex {
            norm,
            len: text.chars().count(),
            text,
            words: OnceLock::new(),
            marks,
        }
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

    /// The original code-point offsets of the chars at these normalised byte offsets (each the start of a
    /// char of `norm`, or its length), in the order given; one walk over the original for them all.
    fn originals(&self, offsets: &[usize]) -> Vec<usize> {
        let mut wanted: Vec<usize> = offsets.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found = vec![self.len; wanted.len()];
        let mut next = 0;
        let mut byte = 0;
        for (i, c, _) in normalised_chars(&self.text) {
            if next == wanted.len() {
                break;
            }
            if wanted[next] == byte {
                found[next] = i;
                next += 1;
            }
            byte += c.len_utf8();
        }
        offsets
            .iter()
            .map(|o| found[wanted.partition_point(|w| w < o)])
            .collect()
    }

    /// Original code-point spans of normalised byte ranges `[s, e)` (`e > s`).
    fn spans_of(&self, ranges: &[(usize, usize)]) -> Vec<Span> {
        let ends: Vec<usize> = ranges
            .iter()
            .flat_map(|&(s, e)| {
                [
                    s,
                    e - self.norm[..e].chars().next_back().map_or(0, char::len_utf8),
                ]
            })
            .collect();
        self.originals(&ends)
            .chunks(2)
            .map(|p| Span {
                start: p[0],
                end: p[1] + 1,
            })
            .collect()
    }

    pub fn locate(&self, exact: &str, prefix: Option<&str>, suffix: Option<&str>) -> Located {
        let query = Query {
            exact,
            prefix,
            suffix,
        };
        self.locate_all(&[query])
            .pop()
            .map_or(Located::Empty, |o| o.located)
    }

    /// How often `exact` occurs, overlapping occurrences included (0 for an empty quote).
    pub fn occurrences(&self, exact: &str) -> usize {
        let query = Query {
            exact,
            ..Query::default()
        };
        self.locate_all(&[query])
            .pop()
            .map_or(0, |o| o.exact_occurrences)
    }

    /// Locates every query in one pass over the seed; outcomes come in the order of `queries`.
    pub fn locate_all(&self, queries: &[Query]) -> Vec<Outcome> {
        let mut patterns = Patterns::default();
        let plans: Vec<Option<Plan>> = queries
            .iter()
            .map(|q| {
                let exact = normalise(q.exact);
                if exact.is_empty() {
                    return None;
                }
                let prefix = normalise(q.prefix.unwrap_or(""));
                let suffix = normalise(q.suffix.unwrap_or(""));
                let mut context = Vec::new();
                if !prefix.is_empty() || !suffix.is_empty() {
                    let junctions = |side: &str| {
                        if side.is_empty() {
                            &[""][..]
                        } else {
                            &["", " "][..]
                        }
                    };
                    for before in junctions(&prefix) {
                        for after in junctions(&suffix) {
                            let whole = format!("{prefix}{before}{exact}{after}{suffix}");
                            context.push((patterns.add(whole), prefix.len() + before.len()));
                        }
                    }
                }
                Some(Plan {
                    exact_len: exact.len(),
                    exact: patterns.add(exact),
                    context,
                })
            })
            .collect();
        let counts = patterns.searcher().count_in(&self.norm);
        let tallies: Vec<Option<Tally>> = plans
            .iter()
            .map(|plan| {
                let plan = plan.as_ref()?;
                let places = if plan.context.is_empty() {
                    vec![(plan.exact, 0)]
                } else {
                    plan.context.clone()
                };
                let total: usize = places.iter().map(|&(p, _)| counts.n[p]).sum();
                let single = places
                    .iter()
                    .find(|&&(p, _)| total == 1 && counts.n[p] == 1)
                    .map(|&(p, offset)| counts.first[p] + offset)
                    .map(|start| (start, start + plan.exact_len));
                Some(Tally {
                    total,
                    exact: counts.n[plan.exact],
                    single,
                })
            })
            .collect();
        let ranges: Vec<(usize, usize)> =
            tallies.iter().flatten().filter_map(|t| t.single).collect();
        let mut spans = self.spans_of(&ranges).into_iter();
        tallies
            .into_iter()
            .map(|tally| match tally {
                None => Outcome {
                    located: Located::Empty,
                    exact_occurrences: 0,
                },
                Some(t) => Outcome {
                    located: match (t.total, t.single.and_then(|_| spans.next())) {
                        (1, Some(span)) => Located::Found(span),
                        (0 | 1, _) => Located::NotFound,
                        (n, _) => Located::Ambiguous(n),
                    },
                    exact_occurrences: t.exact,
                },
            })
            .collect()
    }

    /// For each quote not found as written: whether it is in the seed once invisible characters are removed and
    /// both are in one Unicode normalisation form, and what made the difference. One pass over the seed.
    pub fn near_misses(&self, quotes: &[&str]) -> Vec<Option<NearMiss>> {
        let mut patterns = Patterns::default();
        let ids: Vec<Option<usize>> = quotes
            .iter()
            .map(|q| {
                let f = folded(&normalise(q));
                (!f.is_empty()).then(|| patterns.add(f))
            })
            .collect();
        if patterns.list.is_empty() {
            return vec![None; quotes.len()];
        }
        let counts = patterns.searcher().count_in(&folded(&self.norm));
        // Each match's first and last folded chars, mapped back to the normalised chars they came from.
        let matched: Vec<usize> = ids
            .iter()
            .flatten()
            .copied()
            .filter(|&id| counts.n[id] > 0)
            .collect();
        let ends: Vec<usize> = matched
            .iter()
            .flat_map(|&id| {
                let last = patterns.list[id]
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8);
                [
                    counts.first[id],
                    counts.first[id] + patterns.list[id].len() - last,
                ]
            })
            .collect();
        let mut wanted: Vec<usize> = ends.clone();
        wanted.sort_unstable();
        wanted.dedup();
        let mut sources = vec![0; wanted.len()];
        let (mut next, mut byte) = (0, 0);
        fold_invisible_and_nfd(&self.norm, |from, c| {
            if next < wanted.len() && wanted[next] == byte {
                sources[next] = from;
                next += 1;
            }
            byte += c.len_utf8();
        });
        let source_of = |b: usize| sources[wanted.partition_point(|&w| w < b)];
        let passages: HashMap<usize, (usize, usize)> = matched
            .iter()
            .zip(ends.chunks(2))
            .map(|(&id, e)| {
                let last = source_of(e[1]);
                let end = last + self.norm[last..].chars().next().map_or(0, char::len_utf8);
                (id, (source_of(e[0]), end))
            })
            .collect();
        // The invisible characters of the seed's passages, placed in the original in one walk.
        let invisible: HashMap<usize, (char, usize)> = passages
            .iter()
            .filter_map(|(&id, &(s, e))| {
                let (b, c) = self.norm[s..e]
                    .char_indices()
                    .find(|&(_, c)| invisible_name(c).is_some())?;
                Some((id, (c, s + b)))
            })
            .collect();
        let offsets: Vec<usize> = invisible.values().map(|&(_, b)| b).collect();
        let originals: HashMap<usize, usize> = offsets
            .iter()
            .copied()
            .zip(self.originals(&offsets))
            .collect();
        quotes
            .iter()
            .zip(ids)
            .map(|(quote, id)| {
                let &(s, e) = passages.get(&id?)?;
                let quote = normalise(quote);
                let strip = |s: &str| normalise(&s.replace(|c| invisible_name(c).is_some(), ""));
                Some(NearMiss {
                    invisible_in_quote: quote.chars().any(|c| invisible_name(c).is_some()),
                    invisible_in_seed: invisible.get(&id?).map(|&(c, b)| (c, originals[&b])),
                    normalisation: strip(&quote) != strip(&self.norm[s..e]),
                })
            })
            .collect()
    }

    /// The passage of the seed closest to `quote`, for "did you mean" help; `None` when no word of the quote is
    /// in the seed. Bounded whatever the seed: a few candidate places are found through the quote's rarest words,
    /// and the quote is aligned with a window of bounded size at each.
    pub fn closest_passage(&self, quote: &str) -> Option<Passage> {
        let quote = normalise(quote);
        let qchars: Vec<char> = quote.chars().collect();
        if qchars.is_empty() || qchars.len() > MAX_SUGGEST_CHARS {
            return None;
        }
        let words = self.words.get_or_init(|| WordIndex::new(&self.norm));
        let slack = 16 + quote.len() / 4;
        words
            .candidates(&quote)
            .into_iter()
            .filter_map(|start| {
                let lo = char_floor(&self.norm, words.starts[start].saturating_sub(slack));
                let hi = char_floor(
                    &self.norm,
                    (words.starts[start] + quote.len() + slack).min(self.norm.len()),
                );
                let window: Vec<char> = self.norm[lo..hi].chars().collect();
                let (cost, s, e) = align(&qchars, &window)?;
                let to_byte =
                    |i: usize| lo + window[..i].iter().map(|c| c.len_utf8()).sum::<usize>();
                Some((cost, to_byte(s), to_byte(e)))
            })
            .min_by_key(|&(cost, s, _)| (cost, s))
            .map(|(_, s, e)| snap_to_words(&self.norm, s, e))
            // A passage neither starts nor ends with a space: pasted as a quote, it must normalise to itself.
            .map(|(s, e)| {
                let t = &self.norm[s..e];
                let start = s + (t.len() - t.trim_start_matches(' ').len());
                (start, e - (t.len() - t.trim_end_matches(' ').len()))
            })
            .filter(|(s, e)| s < e)
            .map(|(s, e)| Passage {
                normalised: self.norm[s..e].to_owned(),
                written: self.written(s, e),
            })
    }

    /// The normalised text of bytes `[s, e)` with its quote marks as the seed writes them: what a quote may be
    /// (its line breaks and runs of spaces made one space), so that it can be pasted into the YAML.
    fn written(&self, s: usize, e: usize) -> String {
        let mut out = String::with_capacity(e - s);
        let mut last = s;
        let first = self.marks.partition_point(|&(b, _)| b < s);
        for &(b, c) in self.marks[first..].iter().take_while(|&&(b, _)| b < e) {
            out.push_str(&self.norm[last..b]);
            out.push(c);
            last = b + self.norm[b..].chars().next().map_or(0, char::len_utf8);
        }
        out.push_str(&self.norm[last..e]);
        out
    }

    /// Where each ambiguous query matches (at most `MAX_PLACES_SHOWN` places each, with how many there are),
    /// and for each place the shortest prefix or suffix, in whole words, that tells it from the others. One
    /// pass over the seed for them all; the comparisons are among the places, at most `MAX_PLACES_KEPT` each.
    pub fn places(&self, queries: &[Query]) -> Vec<Places> {
        let mut patterns = Patterns::default();
        let ids: Vec<Option<usize>> = queries
            .iter()
            .map(|q| {
                let exact = normalise(q.exact);
                (!exact.is_empty()).then(|| patterns.add(exact))
            })
            .collect();
        if patterns.list.is_empty() {
            return queries.iter().map(|_| Places::default()).collect();
        }
        let mut counts = Counts::keeping(patterns.list.len(), MAX_PLACES_KEPT);
        patterns.searcher().count_into(&self.norm, &mut counts);
        let found: Vec<(Vec<_>, usize)> = queries
            .iter()
            .zip(&ids)
            .map(|(q, id)| {
                let Some(id) = *id else {
                    return (Vec::new(), 0);
                };
                let len = patterns.list[id].len();
                let (prefix, suffix) = (
                    normalise(q.prefix.unwrap_or("")),
                    normalise(q.suffix.unwrap_or("")),
                );
                // The places that agree with the prefix and suffix given, as `locate_all` counts them.
                let at: Vec<usize> = counts.starts[id]
                    .iter()
                    .copied()
                    .filter(|&st| {
                        let (before, after) = (&self.norm[..st], &self.norm[st + len..]);
                        (prefix.is_empty()
                            || before.ends_with(&prefix)
                            || before
                                .strip_suffix(' ')
                                .is_some_and(|b| b.ends_with(&prefix)))
                            && (suffix.is_empty()
                                || after.starts_with(&suffix)
                                || after
                                    .strip_prefix(' ')
                                    .is_some_and(|a| a.starts_with(&suffix)))
                    })
                    .collect();
                // Past the kept places, uniqueness among them proves nothing.
                let complete = counts.n[id] <= MAX_PLACES_KEPT;
                let shown: Vec<((usize, usize), Option<Hint>)> = at
                    .iter()
                    .take(MAX_PLACES_SHOWN)
                    .map(|&st| {
                        let hint = complete
                            .then(|| self.hint(&at, st, st + len, len))
                            .flatten();
                        ((st, st + len), hint)
                    })
                    .collect();
                (shown, at.len())
            })
            .collect();
        let ranges: Vec<(usize, usize)> = found
            .iter()
            .flat_map(|(shown, _)| shown.iter().map(|&(range, _)| range))
            .collect();
        let mut spans = self.spans_of(&ranges).into_iter();
        found
            .into_iter()
            .map(|(shown, total)| Places {
                total,
                places: shown
                    .into_iter()
                    .zip(spans.by_ref())
                    .map(|((_, hint), span)| Place { span, hint })
                    .collect(),
            })
            .collect()
    }

    /// The shortest context of at most `MAX_HINT_WORDS` words, before (`prefix`) or after (`suffix`) the place
    /// `[st, en)`, that no other of the places `at` (starts of the same `len` bytes) shares.
    fn hint(&self, at: &[usize], st: usize, en: usize, len: usize) -> Option<Hint> {
        let before = self.norm[..st]
            .strip_suffix(' ')
            .unwrap_or(&self.norm[..st]);
        let after = self.norm[en..]
            .strip_prefix(' ')
            .unwrap_or(&self.norm[en..]);
        let shares = |other: usize, side: &str, is_prefix: bool| {
            let (b, a) = (&self.norm[..other], &self.norm[other + len..]);
            if is_prefix {
                b.ends_with(side) || b.strip_suffix(' ').is_some_and(|b| b.ends_with(side))
            } else {
                a.starts_with(side) || a.strip_prefix(' ').is_some_and(|a| a.starts_with(side))
            }
        };
        let unique = |side: &str, is_prefix: bool| {
            !side.is_empty() && at.iter().all(|&o| o == st || !shares(o, side, is_prefix))
        };
        // The normalised text ends with a space when the seed does: a context never holds it, as locating
        // trims it.
        let after = after.trim_end();
        let prefix = (1..=MAX_HINT_WORDS)
            .map(|k| {
                before
                    .rmatch_indices(' ')
                    .nth(k - 1)
                    .map_or(0, |(i, _)| i + 1)
            })
            .find(|&from| unique(&before[from..], true))
            .map(|from| {
                (
                    before.len() - from,
                    Hint::Prefix(self.written(from, before.len())),
                )
            });
        let base = en + (self.norm[en..].len() - self.norm[en..].trim_start_matches(' ').len());
        let suffix = (1..=MAX_HINT_WORDS)
            .map(|k| {
                after
                    .match_indices(' ')
                    .nth(k - 1)
                    .map_or(after.len(), |(i, _)| i)
            })
            .find(|&to| unique(&after[..to], false))
            .map(|to| (to, Hint::Suffix(self.written(base, base + to))));
        [prefix, suffix]
            .into_iter()
            .flatten()
            .min_by_key(|(chars, _)| *chars)
            .map(|(_, hint)| hint)
    }
}

/// A passage of a seed: as quotes are compared with it, and as the seed writes it (quote marks kept, line breaks
/// and runs of spaces made one space), to be pasted as a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub normalised: String,
    pub written: String,
}

/// At most this many places of an ambiguous quote are shown.
pub const MAX_PLACES_SHOWN: usize = 5;
/// Places of one quote kept to tell them apart; a quote matching more gets no prefix or suffix suggested.
const MAX_PLACES_KEPT: usize = 1000;
/// A suggested prefix or suffix is at most this many words.
const MAX_HINT_WORDS: usize = 8;

/// Where an ambiguous quote matches: the first places, and how many there are (up to `MAX_PLACES_KEPT`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub places: Vec<Place>,
    pub total: usize,
}

/// One place an ambiguous quote matches, and what would make the quote match there alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub span: Span,
    pub hint: Option<Hint>,
}

/// A context to add to a quote, as the seed writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    Prefix(String),
    Suffix(String),
}

/// Why a quote missing from its seed still looks like a passage of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub invisible_in_quote: bool,
    /// The first invisible character of the seed's passage, and its code-point offset in the seed.
    pub invisible_in_seed: Option<(char, usize)>,
    /// The visible characters are the same but encoded differently (NFC against NFD).
    pub normalisation: bool,
}

/// The first invisible character of `s`: its position in code points, and the character.
pub fn first_invisible(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|&(_, c)| invisible_name(c).is_some())
}

/// Whether each quote occurs verbatim (after normalisation) in each text: for every quote, the first text that
/// holds it. One automaton over all the quotes, one pass over each text, the texts scanned in parallel.
pub fn first_text_holding(quotes: &[&str], texts: &[&SeedIndex]) -> Vec<Option<usize>> {
    use rayon::prelude::*;
    let mut patterns = Patterns::default();
    let ids: Vec<Option<usize>> = quotes
        .iter()
        .map(|q| {
            let q = normalise(q);
            (!q.is_empty()).then(|| patterns.add(q))
        })
        .collect();
    if patterns.list.is_empty() {
        return vec![None; quotes.len()];
    }
    let searcher = patterns.searcher();
    let found: Vec<Vec<bool>> = texts
        .par_iter()
        .map(|t| {
            searcher
                .count_in(&t.norm)
                .n
                .iter()
                .map(|&n| n > 0)
                .collect()
        })
        .collect();
    ids.iter()
        .map(|id| {
            let id = (*id)?;
            found.iter().position(|f| f[id])
        })
        .collect()
}

/// The largest char boundary of `s` at or before `i`.
fn char_floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Moves a passage's ends outwards to whole words when they cut through letters or digits, so that a quote
/// that drops a word's last letter is shown the whole word, but never takes in the punctuation after it (a quote
/// ending "Africa" is compared with "Africa", not "Africa."). A word longer than this is left cut.
fn snap_to_words(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    const MAX_EXTEND: usize = 40;
    let inside = |i: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i..].chars().next();
        before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
    };
    for _ in 0..MAX_EXTEND {
        if !inside(s) {
            break;
        }
        s -= text[..s].chars().next_back().map_or(0, char::len_utf8);
    }
    for _ in 0..MAX_EXTEND {
        if !inside(e) {
            break;
        }
        e += text[e..].chars().next().map_or(0, char::len_utf8);
    }
    (s, e)
}

/// The substring of `window` closest to `quote` by edit distance (both ends free in the window): its cost and
/// its char range. O(quote × window) time, O(window) memory.
fn align(quote: &[char], window: &[char]) -> Option<(usize, usize, usize)> {
    if window.is_empty() {
        return None;
    }
    // Each cell: (edits so far, where in the window this alignment started).
    let mut prev: Vec<(usize, usize)> = (0..=window.len()).map(|j| (0, j)).collect();
    let mut row = prev.clone();
    for (i, &qc) in quote.iter().enumerate() {
        row[0] = (i + 1, 0);
        for (j, &wc) in window.iter().enumerate() {
            let diagonal = (prev[j].0 + usize::from(qc != wc), prev[j].1);
            let skip_quote = (prev[j + 1].0 + 1, prev[j + 1].1);
            let skip_window = (row[j].0 + 1, row[j].1);
            row[j + 1] = [diagonal, skip_quote, skip_window]
                .into_iter()
                .min_by_key(|&(cost, _)| cost)
                .unwrap_or(diagonal);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    let (end, &(cost, start)) = prev
        .iter()
        .enumerate()
        .min_by_key(|&(_, &(cost, _))| cost)?;
    (end > start).then_some((cost, start, end))
}

/// The seed's words (split at spaces), found again by their letters and digits: where each word starts, and
/// for each key how often it occurs and where (the first `MAX_POSITIONS` times).
#[derive(Debug, Clone)]
struct WordIndex {
    starts: Vec<usize>,
    by_key: HashMap<String, (usize, Vec<usize>)>,
}

/// Positions kept per word; a word that occurs more often only says "somewhere common".
const MAX_POSITIONS: usize = 64;
/// The quote's rarest words that vote for places: at most this many times MAX_POSITIONS votes.
const MAX_VOTING_WORDS: usize = 8;
/// Places compared with the quote, at most.
const MAX_CANDIDATES: usize = 4;

/// A word's letters and digits, lower-cased: `"Africa."` and `Africa` are the same word for finding places.
fn word_key(word: &str) -> Cow<'_, str> {
    if word
        .chars()
        .all(|c| c.is_alphanumeric() && !c.is_uppercase())
    {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

impl WordIndex {
    fn new(norm: &str) -> WordIndex {
        let mut starts = Vec::new();
        let mut by_key: HashMap<String, (usize, Vec<usize>)> = HashMap::new();
        let mut at = 0;
        for word in norm.split(' ') {
            let key = word_key(word);
            match by_key.get_mut(key.as_ref()) {
                Some((n, at)) => {
                    *n += 1;
                    if at.len() < MAX_POSITIONS {
                        at.push(starts.len());
                    }
                }
                None => {
                    by_key.insert(key.into_owned(), (1, vec![starts.len()]));
                }
            }
            starts.push(at);
            at += word.len() + 1;
        }
        by_key.remove("");
        WordIndex { starts, by_key }
    }

    /// Word numbers where the quote could start: each position of one of its words, moved back by that word's
    /// place in the quote, is a vote; rare words first, and the places with most votes win.
    fn candidates(&self, quote: &str) -> Vec<usize> {
        let mut known: Vec<(usize, usize, &Vec<usize>)> = quote
            .split(' ')
            .enumerate()
            .filter_map(|(j, w)| {
                let (n, at) = self.by_key.get(word_key(w).as_ref())?;
                Some((*n, j, at))
            })
            .collect();
        known.sort_by_key(|&(n, j, _)| (n, j));
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for (_, j, at) in known.iter().take(MAX_VOTING_WORDS) {
            for &w in at.iter() {
                *votes.entry(w.saturating_sub(*j)).or_default() += 1;
            }
        }
        let mut ranked: Vec<(usize, usize)> = votes.into_iter().collect();
        ranked.sort_by_key(|&(start, n)| (std::cmp::Reverse(n), start));
        ranked
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|(start, _)| start)
            .collect()
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
        } else if i < a.len() && j < b.len() && lcs[i + 1][j + 1] == lcs[i][j] {
            // A word replaced by another, shown side by side rather than as a removal here and an addition later.
            out.push(format!("[-{}-] {{+{}+}}", a[i], b[j]));
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
    fn every_occurrence_counts_overlapping_and_nested_ones_too() {
        let idx = SeedIndex::new("aaaa ab");
        let outcomes = idx.locate_all(&[
            Query {
                exact: "aa",
                ..Query::default()
            },
            Query {
                exact: "aaa",
                ..Query::default()
            },
            Query {
                exact: "a",
                ..Query::default()
            },
            Query {
                exact: "aa",
                prefix: Some("a"),
                suffix: Some("a a"),
            },
            Query {
                exact: "ab",
                prefix: Some("aaaa"),
                ..Query::default()
            },
        ]);
        let located: Vec<Located> = outcomes.iter().map(|o| o.located.clone()).collect();
        assert_eq!(
            located,
            [
                Located::Ambiguous(3),
                Located::Ambiguous(2),
                Located::Ambiguous(5),
                Located::Found(Span { start: 1, end: 3 }),
                Located::Found(Span { start: 5, end: 7 }),
            ]
        );
        assert_eq!(outcomes[3].exact_occurrences, 3);
    }

    #[test]
    fn closest_passage_and_diff_show_what_differs() {
        let idx = SeedIndex::new(
            "The embassy is not aware of any such dialogue between the two governments.",
        );
        let near = idx
            .closest_passage("embassy is not aware of any dialogue")
            .unwrap()
            .normalised;
        assert!(near.starts_with("embassy is not aware of any"), "{near}");
        assert_eq!(word_diff("a b c", "a x c"), "a [-b-] {+x+} c");
    }

    #[test]
    fn closest_passage_keeps_to_the_quotes_extent() {
        let idx = SeedIndex::new("They were sent to South Africa. Others went to Ghana.");
        // No trailing full stop in the passage when the quote has none; a cut word is completed.
        assert_eq!(
            idx.closest_passage("sent to Suoth Africa")
                .map(|p| p.normalised)
                .as_deref(),
            Some("sent to South Africa")
        );
        assert_eq!(
            idx.closest_passage("Others went to Ghan")
                .map(|p| p.normalised)
                .as_deref(),
            Some("Others went to Ghana")
        );
        // As the seed writes it: its quote marks kept, its line breaks made spaces.
        let curly = SeedIndex::new("He called it \u{201c}a\ngesture\u{201d} today.");
        assert_eq!(
            curly
                .closest_passage("called it \"a gesture\"")
                .map(|p| p.written),
            Some("called it \u{201c}a gesture\u{201d}".to_owned())
        );
        assert_eq!(SeedIndex::new("").closest_passage("anything"), None);
        assert_eq!(SeedIndex::new("   \n").closest_passage("anything"), None);
    }

    #[test]
    fn a_closest_passage_has_no_space_at_either_end() {
        // Found by the property test: the passage once ended in the tab after "s", normalised to a space.
        let near = SeedIndex::new("s\tAA\u{11A50}")
            .closest_passage("S\n!")
            .unwrap();
        assert_eq!(near.normalised, near.normalised.trim());
        assert_eq!(normalise(&near.written), near.normalised);
    }

    #[test]
    fn near_misses_tell_invisible_characters_from_normalisation() {
        let idx = SeedIndex::new("The caf\u{e9} closed. A soft\u{ad}hyphen here.");
        let misses = idx.near_misses(&[
            "cafe\u{301} closed",
            "The caf\u{e9}\u{200b} closed",
            "softhyphen here",
            "absent",
        ]);
        assert_eq!(
            misses,
            [
                Some(NearMiss {
                    invisible_in_quote: false,
                    invisible_in_seed: None,
                    normalisation: true
                }),
                Some(NearMiss {
                    invisible_in_quote: true,
                    invisible_in_seed: None,
                    normalisation: false
                }),
                Some(NearMiss {
                    invisible_in_quote: false,
                    invisible_in_seed: Some(('\u{ad}', 23)),
                    normalisation: false
                }),
                None,
            ]
        );
    }

    #[test]
    fn quotes_are_found_in_other_texts() {
        let a = SeedIndex::new("alpha beta");
        let b = SeedIndex::new("gamma  delta");
        assert_eq!(
            first_text_holding(&["gamma delta", "beta", "epsilon", " "], &[&a, &b]),
            [Some(1), Some(0), None, None]
        );
    }

    /// Every occurrence of every pattern by brute force: (count, first byte offset).
    fn brute_counts(list: &[String], text: &str) -> Vec<(usize, usize)> {
        list.iter()
            .map(|p| {
                let at: Vec<usize> = (0..text.len())
                    .filter(|&i| text.as_bytes()[i..].starts_with(p.as_bytes()))
                    .collect();
                (at.len(), at.first().copied().unwrap_or(usize::MAX))
            })
            .collect()
    }

    fn counted(searcher: &Searcher, text: &str) -> Vec<(usize, usize)> {
        let c = searcher.count_in(text);
        c.n.into_iter().zip(c.first).collect()
    }

    proptest::proptest! {
        /// Hashed windows (here of 1 to 4 bytes, so that short texts use them) and the automaton for shorter
        /// patterns count what brute force counts, overlapping occurrences and patterns inside others included.
        #[test]
        fn hashed_windows_count_every_occurrence(
            text in "[ab\u{e9} ]{0,60}",
            pieces in proptest::collection::vec("[ab\u{e9} ]{1,8}", 1..10),
            window in 1usize..5,
        ) {
            let mut patterns = Patterns::default();
            for p in pieces {
                patterns.add(p);
            }
            proptest::prop_assert_eq!(
                counted(&patterns.searcher_with(window), &text),
                brute_counts(&patterns.list, &text)
            );
        }
    }

    #[test]
    fn too_many_candidates_fall_back_to_the_automaton() {
        // Every byte starts a candidate that matches almost to its end: hashing alone would compare
        // 20,000 x 5,000 bytes.
        let text = "a".repeat(20_000);
        let mut patterns = Patterns::default();
        patterns.add("a".repeat(5_000));
        patterns.add(format!("{}b", "a".repeat(4_000)));
        let searcher = patterns.searcher();
        let mut partial = Counts::new(2);
        assert!(!searcher.count_long_in(&text, &mut partial));
        assert_eq!(counted(&searcher, &text), [(15_001, 0), (0, usize::MAX)]);
    }
}
