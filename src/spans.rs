//! The span index: where each value of a YAML file sits, by its data path (`claims[3].cites[0].quote`).
//!
//! serde_yaml cannot say where a value that parsed came from, so the same text is walked a second time with
//! saphyr-parser events. The walk also refuses what content never needs and serde_yaml would accept silently:
//! anchors and aliases, tags (`!!binary`, `!custom`) and control characters written as escapes. It records
//! YAML's nulls (`~`, `null`, an empty value), which the loader refuses where a string is expected. It keeps every key with its parent's path, so that unknown and missing fields
//! can all be reported at once (serde_yaml stops at the first).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diag::Pos;

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
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

/// The deepest nesting accepted; deeper input is refused before serde sees it (its own limit is 128).
const MAX_DEPTH: usize = 100;

impl SpanIndex {
    pub fn build(text: &str) -> Result<SpanIndex, SpanError> {
        let mut index = SpanIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| SpanError::Syntax {
                pos: Pos {
                    line: e.marker().line(),
                    col: e.marker().col() + 1,
                },
                message: e.info().to_owned(),
            })?;
            let pos = Pos {
                line: span.start.line(),
                col: span.start.col() + 1,
            };
            let tag = match &event {
                Event::Scalar(_, _, _, tag)
                | Event::SequenceStart(_, tag)
                | Event::MappingStart(_, tag) => tag.as_ref(),
                _ => None,
            };
            if let Some(tag) = tag {
                return Err(SpanError::Tag {
                    pos,
                    tag: format!("{}{}", tag.handle, tag.suffix)
                        .replace("tag:yaml.org,2002:", "!!"),
                });
            }
            let anchored = match &event {
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
                Event::Scalar(value, style, ..) => {
                    if let Some(ch) = value.chars().find(|&c| crate::diag::is_unsafe(c)) {
                        return Err(SpanError::Control { pos, ch });
                    }
                    let null = style == ScalarStyle::Plain
                        && matches!(&*value, "" | "~" | "null" | "Null" | "NULL");
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
                    if null {
                        index.nulls.push((path.clone(), pos, value.into_owned()));
                    }
                    index.values.insert(path, pos);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(SpanError::Syntax {
                            pos,
                            message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        });
                    }
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
