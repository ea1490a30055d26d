//! The walk of a YAML file with saphyr-parser: the tree its typed data is deserialised from, and the span index,
//! where each value sits by its data path (`claims[3].cites[0].quote`).
//!
//! A file is parsed once, into the tree. The span index, which only diagnostics need, is built from the same text
//! when one asks for a position; serde_yaml, which cannot say where a value came from, is asked only when the tree
//! does not deserialise, for its messages. The walk also refuses what content never needs and serde_yaml would
//! accept silently: anchors and aliases, tags (`!!binary`, `!custom`) and control characters written as escapes.
//! It notes YAML's nulls (`~`, `null`, an empty value), which the loader refuses where a string is expected. The
//! index keeps every key with its parent's path, so that unknown and missing fields can all be reported at once
//! (serde_yaml stops at the first).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diag::{Diagnostic, Pos};

#[derive(Debug, Default)]
pub struct SpanIndex {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// Every key in document order: the path of the mapping holding it, the key, and where it is.
    pub key_list: Vec<(String, String, Pos)>,
    /// The path and position of every mapping, in document order.
    pub maps: Vec<(String, Pos)>,
    /// Every value that is YAML's null (`~`, `null`, nothing after the colon), with its text: serde_yaml reads
    /// one as the text "~" or "" where a string is expected, so the loader refuses it there.
    pub nulls: Vec<(String, Pos, String)>,
    /// Where each line of the text starts (byte offsets): a diagnostic finds its line without reading the text
    /// from the start, so that placing one costs the same however many came before it.
    line_starts: Vec<usize>,
}

/// Why a file could not be indexed.
#[derive(Debug)]
pub enum SpanError {
    Syntax {
        pos: Pos,
        message: String,
    },
    Alias {
        pos: Pos,
    },
    /// A tag (`!!binary`, `!foo`): serde_yaml ignores it and reads the text beneath, which is never what was meant.
    Tag {
        pos: Pos,
        tag: String,
    },
    /// A value holds a control character (NUL, escape...), a bidirectional override or a line separator, written
    /// as an escape (`"\x1b"`): no content needs one, and a terminal or a browser would act on it.
    Control {
        pos: Pos,
        ch: char,
    },
    /// A value holds an HTML character reference (`&#x202E;`, `&#8238;`) for such a character: Markdown decodes
    /// it into the character, so it is refused as the character itself is.
    Reference {
        pos: Pos,
        reference: String,
        ch: char,
    },
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// The deepest nesting accepted; deeper input is refused before serde sees it (its own limit is 128).
const MAX_DEPTH: usize = 100;

/// saphyr's events with where each starts, refusing what content never needs: tags, anchors and aliases,
/// control characters written as escapes, nesting deeper than `MAX_DEPTH`. Ends after the first error.
struct CheckedEvents<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    depth: usize,
    documents: usize,
    failed: bool,
}

fn checked_events(text: &str) -> CheckedEvents<'_> {
    CheckedEvents {
        parser: Parser::new_from_str(text),
        depth: 0,
        documents: 0,
        failed: false,
    }
}

impl<'a> Iterator for CheckedEvents<'a> {
    type Item = Result<(Event<'a>, Pos), SpanError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.parser.next()?.map_err(|e| SpanError::Syntax {
            pos: Pos {
                line: e.marker().line(),
                col: e.marker().col() + 1,
            },
            message: e.info().to_owned(),
        });
        let checked = item.and_then(|(event, span)| {
            let pos = Pos {
                line: span.start.line(),
                col: span.start.col() + 1,
            };
            self.check(&event, pos)?;
            Ok((event, pos))
        });
        self.failed = checked.is_err();
        Some(checked)
    }
}

impl CheckedEvents<'_> {
    fn check(&mut self, event: &Event, pos: Pos) -> Result<(), SpanError> {
        let tag = match event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, tag)
            | Event::MappingStart(_, tag) => tag.as_ref(),
            _ => None,
        };
        if let Some(tag) = tag {
            return Err(SpanError::Tag {
                pos,
                tag: format!("{}{}", tag.handle, tag.suffix).replace("tag:yaml.org,2002:", "!!"),
            });
        }
        let anchored = match event {
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _) => *anchor != 0,
            Event::Alias(_) => true,
            _ => false,
        };
        if anchored {
            return Err(SpanError::Alias { pos });
        }
        match event {
            Event::Scalar(value, ..) => {
                if let Some(ch) = value.chars().find(|&c| crate::diag::is_unsafe(c)) {
                    return Err(SpanError::Control { pos, ch });
                }
                if let Some((reference, ch)) = unsafe_reference(value) {
                    return Err(SpanError::Reference { pos, reference, ch });
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.depth >= MAX_DEPTH {
                    return Err(SpanError::Syntax {
                        pos,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                self.depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            // A content file is one document; serde_yaml refuses more with no position, so the walk places it.
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SpanError::Syntax {
                        pos,
                        message: "a second YAML document starts here".into(),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The first numeric character reference in `text` (`&#x1b;`, `&#27;`, as HTML and Markdown decode them) that
/// stands for an unsafe character, with that character. Every value is checked, not only the Markdown ones: a
/// reference means nothing in plain text, and which field is Markdown is the renderer's business.
fn unsafe_reference(text: &str) -> Option<(String, char)> {
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        let after = &rest[at + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (after, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len > 0 && digits[len..].starts_with(';') {
            // A value past U+10FFFF, or a surrogate, decodes to U+FFFD, which is harmless.
            let value = u32::from_str_radix(&digits[..len], radix).ok();
            if let Some(ch) = value.and_then(char::from_u32) {
                if crate::diag::is_unsafe(ch) {
                    let end = at + 2 + (after.len() - digits.len()) + len + 1;
                    return Some((rest[at..end].to_owned(), ch));
                }
            }
        }
        rest = after;
    }
    None
}

/// The byte offset where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Whether a scalar is YAML's null: `~`, `null` or nothing, unquoted.
fn is_null(value: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

impl SpanIndex {
    pub fn build(text: &str) -> Result<SpanIndex, SpanError> {
        let mut index = SpanIndex {
            line_starts: line_starts(text),
            ..SpanIndex::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        for item in checked_events(text) {
            let (event, pos) = item?;
            match event {
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        if key.is_none() {
                            let full = join(path, &value);
                            index.key_list.push((path.clone(), value.to_string(), pos));
                            index.keys.insert(full.clone(), pos);
                            *key = Some(full);
                            continue;
                        }
                    }
                    let path = next_path(&mut stack);
                    if is_null(&value, style) {
                        index.nulls.push((path.clone(), pos, value.into_owned()));
                    }
                    index.values.insert(path, pos);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = next_path(&mut stack);
                    index.values.insert(path.clone(), pos);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        index.maps.push((path.clone(), pos));
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Ok(index)
    }

    /// Line `line` (from 1) of `text`, the text this index was built from, as `str::lines` gives it.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        if start == text.len() {
            return None;
        }
        let end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |&next| next - 1);
        let l = text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// `d` placed at `pos` in `text` (the indexed text), as `Diagnostic::at` places it, in constant time.
    pub fn place(
        &self,
        d: Diagnostic,
        text: &str,
        pos: Option<Pos>,
        path: Option<&str>,
    ) -> Diagnostic {
        d.placed(pos, pos.and_then(|p| self.line(text, p.line)), path)
    }

    /// Whether the mapping at `path` has `key`.
    pub fn has_key(&self, path: &str, key: &str) -> bool {
        self.keys.contains_key(&join(path, key))
    }

    /// Position of the value at `path`, falling back to its key, then to the nearest enclosing value.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p).or_else(|| self.keys.get(p)) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// A YAML document as a tree, from the same checked walk: what the loader deserialises the typed data from, so
/// that a file is parsed once. Scalars keep whether they were plain, which decides what is null.
#[derive(Debug)]
pub enum Node {
    Scalar { value: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// The outcome of `parse_tree`.
pub struct Tree {
    /// The document, if the text holds exactly one.
    pub root: Option<Node>,
    /// Whether some value is YAML's null, which the span index then places (see `SpanIndex::nulls`).
    pub has_null: bool,
}

enum Open {
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>, Option<Node>),
}

/// Walks `text` once, refusing what `SpanIndex::build` refuses, and builds its tree.
pub fn parse_tree(text: &str) -> Result<Tree, SpanError> {
    let mut stack: Vec<Open> = Vec::new();
    let mut documents = Vec::new();
    let mut has_null = false;
    for item in checked_events(text) {
        let node = match item?.0 {
            Event::Scalar(value, style, ..) => {
                let is_key = matches!(stack.last(), Some(Open::Map(_, None)));
                has_null |= !is_key && is_null(&value, style);
                // Copied at its length: the parser's own buffer has room to spare, which the typed data would
                // otherwise keep for the whole build (a third of the memory of a large site's content).
                Node::Scalar {
                    value: String::from(&*value),
                    plain: style == ScalarStyle::Plain,
                }
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(items)) => Node::Seq(items),
                Some(Open::Map(entries, _)) => Node::Map(entries),
                None => continue,
            },
            _ => continue,
        };
        match stack.last_mut() {
            None => documents.push(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    let root = (documents.len() == 1).then(|| documents.pop()).flatten();
    Ok(Tree { root, has_null })
}

/// Why a tree did not deserialise. Never shown: the loader then asks serde_yaml, whose messages and positions
/// the diagnostics are made from, so this deserialiser only needs to be right where it succeeds.
#[derive(Debug)]
pub struct NotTyped(String);

impl std::fmt::Display for NotTyped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotTyped {}

impl serde::de::Error for NotTyped {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        NotTyped(msg.to_string())
    }
}

fn not_typed<T>(what: &str) -> Result<T, NotTyped> {
    Err(NotTyped(format!("left to serde_yaml: {what}")))
}

/// Deserialises as serde_yaml 0.9 does, for the shapes content uses (structs, sequences, options, strings,
/// unit enums, unsigned integers, booleans): any scalar is a string, a plain null is `None`. Anything else
/// (a plain scalar that YAML reads as another number form, a missing document, a map where a string is
/// expected) is refused, and serde_yaml decides.
impl<'de> serde::Deserializer<'de> for Node {
    type Error = NotTyped;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, NotTyped> {
        not_typed("a value of no declared type")
    }

    fn deserialize_str<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match self {
            Node::Scalar { value, .. } => v.visit_string(value),
            _ => not_typed("a collection where text is expected"),
        }
    }

    fn deserialize_string<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: serde::de::Visitor<'de>>(
        self,
        v: V,
    ) -> Result<V::Value, NotTyped> {
        self.deserialize_str(v)
    }

    fn deserialize_bool<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match self {
            Node::Scalar { value, plain: true } if value == "true" => v.visit_bool(true),
            Node::Scalar { value, plain: true } if value == "false" => v.visit_bool(false),
            _ => not_typed("a boolean"),
        }
    }

    fn deserialize_u64<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match self {
            // Plain decimal digits only, without a leading zero: other forms (0x1F, +5, 007) are serde_yaml's.
            Node::Scalar { value, plain: true }
                if value.bytes().all(|b| b.is_ascii_digit())
                    && (value == "0" || !value.starts_with('0')) =>
            {
                match value.parse::<u64>() {
                    Ok(n) => v.visit_u64(n),
                    Err(_) => not_typed("a number out of range"),
                }
            }
            _ => not_typed("a number"),
        }
    }

    fn deserialize_u32<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        self.deserialize_u64(v)
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match &self {
            Node::Scalar { value, plain: true } if is_null(value, ScalarStyle::Plain) => {
                v.visit_none()
            }
            _ => v.visit_some(self),
        }
    }

    fn deserialize_seq<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match self {
            Node::Seq(items) => {
                let mut access = serde::de::value::SeqDeserializer::new(items.into_iter());
                let out = v.visit_seq(&mut access)?;
                access.end()?;
                Ok(out)
            }
            _ => not_typed("something else where a list is expected"),
        }
    }

    fn deserialize_map<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, NotTyped> {
        match self {
            Node::Map(entries) => {
                let mut access = serde::de::value::MapDeserializer::new(entries.into_iter());
                let out = v.visit_map(&mut access)?;
                access.end()?;
                Ok(out)
            }
            _ => not_typed("something else where a mapping is expected"),
        }
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, NotTyped> {
        self.deserialize_map(v)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, NotTyped> {
        use serde::de::IntoDeserializer;
        match self {
            Node::Scalar { value, .. } => v.visit_enum(value.into_deserializer()),
            _ => not_typed("something else where a name is expected"),
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u128 f32 f64 char bytes byte_buf unit unit_struct newtype_struct
        tuple tuple_struct ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, NotTyped> for Node {
    type Deserializer = Node;

    fn into_deserializer(self) -> Node {
        self
    }
}

/// The path of `key` inside the mapping at `path`.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of the value that comes next in the current container, advancing it.
fn next_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => String::new(),
        Some(Frame::Map { key, .. }) => key.take().unwrap_or_default(),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            p
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn lines_found_by_the_index_are_those_of_str_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\n\nb\n", "é\r\nü\n", "\n\n"] {
            let index = SpanIndex {
                line_starts: line_starts(text),
                ..SpanIndex::default()
            };
            for n in 0..6usize {
                let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i));
                assert_eq!(index.line(text, n), expected, "{text:?} line {n}");
            }
        }
    }

    use super::*;

    #[test]
    fn nested_paths_get_line_and_column() {
        let text =
            "name: A\nclaims:\n  - text: x\n    cites:\n      - source: s\n        quote: \"q\"\n";
        let idx = SpanIndex::build(text).unwrap();
        assert_eq!(
            idx.find("claims[0].cites[0].quote"),
            Some(Pos { line: 6, col: 16 })
        );
        // A missing value falls back to its key, then to the enclosing value.
        assert_eq!(idx.find("claims[0].text"), Some(Pos { line: 3, col: 11 }));
        assert_eq!(
            idx.find("claims[0].cites[0].prefix"),
            Some(Pos { line: 5, col: 9 })
        );
    }

    #[test]
    fn anchors_and_aliases_are_refused() {
        let text = "a: &x [1]\nb: *x\n";
        assert!(matches!(
            SpanIndex::build(text),
            Err(SpanError::Alias { .. })
        ));
    }
}
