//! The large open-data files (the tables and the annotations) as runs of records: each part of a file is made
//! once, or country by country. Between rebuilds `serve` keeps every country's runs and makes again only those of
//! the countries a change can have touched (the same countries whose pages it renders again); a build makes every
//! part as it writes it, holding no more than a buffer.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use crate::model::{Country, Site};

/// Whether a part of a file is made once, or once for each country in turn.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Once,
    EachCountry,
}

/// Records as bytes, one buffer for each of a file's streams (a table's CSV and JSON, or the annotations).
#[derive(Debug, Default)]
pub struct Chunk {
    bytes: [Vec<u8>; 2],
    records: usize,
}

/// A build writes what it holds once it holds this much.
const FLUSH_BYTES: usize = 64 * 1024;

/// Records written to one or two streams. A record's bytes in a stream start with a separator that the file's
/// first record goes without (`skip` bytes of it: the `,` before a JSON item, none in CSV), so that a run of
/// records reads the same wherever in the file it goes.
pub struct Records<'a> {
    outs: Vec<&'a mut dyn Write>,
    skip: [usize; 2],
    pending: Chunk,
    written: usize,
    /// Making a run to keep: nothing is written until it is taken.
    capturing: bool,
}

impl<'a> Records<'a> {
    pub fn new(outs: Vec<&'a mut dyn Write>, skip: [usize; 2]) -> Records<'a> {
        Records {
            outs,
            skip,
            pending: Chunk::default(),
            written: 0,
            capturing: false,
        }
    }

    /// Where the record being made goes in stream `k`.
    pub fn buf(&mut self, k: usize) -> &mut Vec<u8> {
        &mut self.pending.bytes[k]
    }

    /// Ends the record made in `buf`.
    pub fn end_record(&mut self) -> io::Result<()> {
        self.pending.records += 1;
        if !self.capturing && self.pending.bytes.iter().map(Vec::len).sum::<usize>() > FLUSH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// How many records there are so far.
    pub fn count(&self) -> usize {
        self.written + self.pending.records
    }

    /// Writes the records held.
    pub fn flush(&mut self) -> io::Result<()> {
        let mut pending = std::mem::take(&mut self.pending);
        self.put(&pending)?;
        pending.bytes.iter_mut().for_each(Vec::clear);
        pending.records = 0;
        self.pending = pending;
        Ok(())
    }

    /// Writes the records held, then `bytes` in stream `k`: what ends the file.
    pub fn end(&mut self, k: usize, bytes: &[u8]) -> io::Result<()> {
        self.flush()?;
        self.outs[k].write_all(bytes)
    }

    /// Writes the records held, then a kept run of records.
    fn append(&mut self, chunk: &Chunk) -> io::Result<()> {
        self.flush()?;
        self.put(chunk)
    }

    /// Writes a run of records after those written.
    fn put(&mut self, chunk: &Chunk) -> io::Result<()> {
        if chunk.records == 0 {
            return Ok(());
        }
        let first = self.written == 0;
        for (k, out) in self.outs.iter_mut().enumerate() {
            let from = if first { self.skip[k] } else { 0 };
            out.write_all(&chunk.bytes[k][from..])?;
        }
        self.written += chunk.records;
        Ok(())
    }

    /// Makes a run of records with `make`, to keep, writing none of them.
    fn capture(&mut self, make: impl FnOnce(&mut Records) -> io::Result<()>) -> io::Result<Chunk> {
        self.flush()?;
        self.capturing = true;
        let made = make(self);
        self.capturing = false;
        made?;
        Ok(std::mem::take(&mut self.pending))
    }
}

/// The runs each file's countries made in earlier rebuilds, by file, part and country slug.
/// Each with the key it was made with (see `write`).
type Runs = HashMap<(usize, String), (u64, Arc<Chunk>)>;

/// What `serve` keeps of the runs: those of the last render, and those of the one being made.
#[derive(Debug, Default)]
pub struct Memo {
    earlier: HashMap<String, Runs>,
    now: Mutex<HashMap<String, Runs>>,
}

impl Memo {
    /// After a render that succeeded: keeps its runs, forgets the earlier.
    pub fn advance(&mut self) {
        let now = self.now.get_mut().unwrap_or_else(PoisonError::into_inner);
        self.earlier = std::mem::take(now);
    }
}

/// What a render may reuse: the runs in `memo`, except those of the countries (by index in `site.countries`)
/// that are `fresh`.
pub struct Reuse<'a> {
    pub memo: &'a Memo,
    pub fresh: &'a (dyn Fn(usize) -> bool + Sync),
}

/// What makes a part's records: given the part's index, and the country of a part made for each.
pub type MakePart<'m> = dyn FnMut(&mut Records, usize, Option<&Country>) -> io::Result<()> + 'm;

/// Writes the parts of `file` in order into `records`, each by `make`, reusing the runs of countries that
/// `reuse` keeps when `key` (given the part's index and the country) gives what it gave for them: a hash of
/// what else than the country a run depends on (0 for nothing). Then writes what is held.
pub fn write(
    file: &str,
    parts: &[Scope],
    site: &Site,
    reuse: Option<&Reuse>,
    records: &mut Records,
    key: &dyn Fn(usize, &Country) -> u64,
    make: &mut MakePart,
) -> io::Result<()> {
    let earlier = reuse.and_then(|r| r.memo.earlier.get(file));
    let mut now = Runs::new();
    for (p, scope) in parts.iter().enumerate() {
        match (scope, reuse) {
            (Scope::Once, _) => make(records, p, None)?,
            (Scope::EachCountry, None) => {
                for c in &site.countries {
                    make(records, p, Some(c))?;
                }
            }
            (Scope::EachCountry, Some(reuse)) => {
                for (i, c) in site.countries.iter().enumerate() {
                    let id = (p, c.slug.clone());
                    let k = key(p, c);
                    let kept = earlier
                        .filter(|_| !(reuse.fresh)(i))
                        .and_then(|runs| runs.get(&id))
                        .filter(|(was, _)| *was == k);
                    let run = match kept {
                        Some((_, run)) => Arc::clone(run),
                        None => Arc::new(records.capture(|r| make(r, p, Some(c)))?),
                    };
                    records.append(&run)?;
                    now.insert(id, (k, run));
                }
            }
        }
    }
    records.flush()?;
    if let Some(reuse) = reuse {
        let mut all = reuse
            .memo
            .now
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        all.insert(file.to_owned(), now);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(r: &mut Records, text: &str) -> io::Result<()> {
        r.buf(0).extend_from_slice(format!(",{text}").as_bytes());
        r.end_record()
    }

    #[test]
    fn a_kept_run_reads_the_same_first_or_later() {
        let mut out = Vec::new();
        let mut r = Records::new(vec![&mut out], [1, 0]);
        let run = r.capture(|r| record(r, "a")).unwrap();
        r.append(&run).unwrap();
        record(&mut r, "b").unwrap();
        r.append(&run).unwrap();
        assert_eq!(r.count(), 3);
        r.end(0, b".").unwrap();
        drop(r);
        assert_eq!(out, b"a,b,a.");
    }
}
