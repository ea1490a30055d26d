//! A table of the open data: its columns (name, type, whether required, what it holds, its codes) and rows,
//! written as CSV and as JSON with the same columns, and described by a Frictionless Table Schema. One
//! definition serves the files, the data package and the data page, so they cannot drift apart.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::parts::{self, Records, Reuse, Scope};
use super::tables::Rows;
use crate::model::Country;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// An ISO 8601 calendar date, `YYYY-MM-DD` (a JSON string).
    Date,
    Integer,
    Boolean,
    /// Several values: a JSON array, or `;`-separated in CSV (Frictionless's `list` type with that delimiter).
    List,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
    /// The codes the column may hold, when it holds codes.
    pub codes: Vec<&'static str>,
    /// Text that a tool guessing types would read as a number and damage: `008` (a code with leading zeros),
    /// `12345678` or `1e100000` (ids of hex digits).
    pub looks_numeric: bool,
}

/// A column: `col("id", Text, "...")`; `.required()` and `.codes(...)` refine it.
pub fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        required: false,
        description,
        codes: Vec::new(),
        looks_numeric: false,
    }
}

impl Column {
    pub fn required(mut self) -> Column {
        self.required = true;
        self
    }

    /// A text column whose values can look like numbers: to be read as text (see `looks_numeric`).
    pub fn read_as_text(mut self) -> Column {
        self.looks_numeric = true;
        self
    }

    pub fn codes(mut self, codes: impl IntoIterator<Item = &'static str>) -> Column {
        self.codes = codes.into_iter().collect();
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(u64),
    Boolean(bool),
    List(Vec<String>),
    Null,
}

impl Cell {
    /// Text, or null when there is none (an empty text is null in both formats, as Frictionless reads CSV).
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Null
        } else {
            Cell::Text(s)
        }
    }

    pub fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Null, Cell::text)
    }

    pub fn list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Cell {
        Cell::List(items.into_iter().map(Into::into).collect())
    }

    /// As a CSV field's text, before quoting.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Boolean(b) => b.to_string(),
            Cell::List(items) => items.join(";"),
            Cell::Null => String::new(),
        }
    }

    /// Appends the cell as JSON to `out`.
    fn write_json(&self, out: &mut Vec<u8>) -> io::Result<()> {
        match self {
            Cell::Text(s) => serde_json::to_writer(&mut *out, s)?,
            Cell::Integer(n) => serde_json::to_writer(&mut *out, n)?,
            Cell::Boolean(b) => serde_json::to_writer(&mut *out, b)?,
            Cell::List(items) => serde_json::to_writer(&mut *out, items)?,
            Cell::Null => out.extend_from_slice(b"null"),
        }
        Ok(())
    }

    /// Appends the cell as a CSV field to `out`, quoted when it must be.
    fn write_csv(&self, out: &mut Vec<u8>) {
        match self {
            Cell::Text(s) => csv_field(s, out),
            Cell::List(_) | Cell::Integer(_) | Cell::Boolean(_) => csv_field(&self.csv_text(), out),
            Cell::Null => {}
        }
    }
}

/// A foreign key: `column` holds ids of `table`'s primary key (null where the row refers to none).
#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub column: &'static str,
    pub table: &'static str,
}

/// Where a table's rows go, one at a time: the files being written, or the data page's sample.
pub type Emit<'e> = dyn FnMut(Vec<Cell>) -> io::Result<()> + 'e;

/// What makes a run of a table's rows from the model, in order, giving each to `Emit`: once, or for each country
/// in turn (`serve` keeps those between rebuilds, see `parts`).
#[derive(Clone, Copy)]
pub enum Part {
    Once(fn(&Rows, &mut Emit) -> io::Result<()>),
    Country(fn(&Rows, &Country, &mut Emit) -> io::Result<()>),
    /// Made for each country, from the country and from what the key (a hash) depends on.
    CountryKeyed(
        fn(&Rows, &Country, &mut Emit) -> io::Result<()>,
        fn(&Rows, &Country) -> u64,
    ),
}

impl Part {
    fn scope(self) -> Scope {
        match self {
            Part::Once(_) => Scope::Once,
            Part::Country(_) | Part::CountryKeyed(..) => Scope::EachCountry,
        }
    }

    /// Gives the part's rows to `emit` (`country` is the country of a part made for each).
    fn emit(self, rows: &Rows, country: Option<&Country>, emit: &mut Emit) -> io::Result<()> {
        let each = match self {
            Part::Once(f) => return f(rows, emit),
            Part::Country(f) | Part::CountryKeyed(f, _) => f,
        };
        match country {
            Some(c) => each(rows, c, emit),
            None => rows
                .site()
                .countries
                .iter()
                .try_for_each(|c| each(rows, c, emit)),
        }
    }
}

#[derive(Clone)]
pub struct Table {
    /// The file name without extension, and the resource name in the data package.
    pub name: &'static str,
    /// Where the JSON version is written, when not `<name>.json` (`sources.json` is the CSL-JSON list).
    pub json_name: Option<&'static str>,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: Vec<Column>,
    pub foreign_keys: Vec<ForeignKey>,
    /// The rows are made when they are written, never all held: at 100,000 pages the tables are gigabytes.
    pub parts: Vec<Part>,
}

impl Table {
    pub fn new(
        name: &'static str,
        title: &'static str,
        description: &'static str,
        columns: Vec<Column>,
        parts: Vec<Part>,
    ) -> Table {
        Table {
            name,
            json_name: None,
            title,
            description,
            columns,
            foreign_keys: Vec::new(),
            parts,
        }
    }

    pub fn foreign_key(mut self, column: &'static str, table: &'static str) -> Table {
        self.foreign_keys.push(ForeignKey { column, table });
        self
    }

    pub fn json_name(mut self, name: &'static str) -> Table {
        self.json_name = Some(name);
        self
    }

    pub fn csv_path(&self) -> String {
        format!("data/{}.csv", self.name)
    }

    pub fn json_path(&self) -> String {
        format!("data/{}.json", self.json_name.unwrap_or(self.name))
    }

    /// The first `limit` rows, held in memory: for the data page's few sample rows. Only those are made.
    pub fn collect(&self, rows: &Rows, limit: usize) -> Vec<Vec<Cell>> {
        let mut out = Vec::new();
        for part in &self.parts {
            // Collecting into memory cannot fail: an error only stops the rows once there are enough.
            let _ = part.emit(rows, None, &mut |row| {
                if out.len() == limit {
                    return Err(io::Error::other("enough rows"));
                }
                out.push(row);
                Ok(())
            });
        }
        out
    }

    /// Writes every row of the table from `rows` as CSV into `csv` and as JSON into `json`, at once, reusing
    /// the countries' rows that `reuse` keeps.
    pub fn write(
        &self,
        rows: &Rows,
        reuse: Option<&Reuse>,
        csv: &mut dyn Write,
        json: &mut dyn Write,
    ) -> io::Result<()> {
        let mut w = Writer::new(self, csv, json)?;
        let scopes: Vec<Scope> = self.parts.iter().map(|p| p.scope()).collect();
        let keys = &w.keys;
        parts::write(
            &self.csv_path(),
            &scopes,
            rows.site(),
            reuse,
            &mut w.records,
            &|p, c| match self.parts[p] {
                Part::CountryKeyed(_, key) => key(rows, c),
                _ => 0,
            },
            &mut |records, p, country| {
                self.parts[p].emit(rows, country, &mut |row| encode(self, keys, records, &row))
            },
        )?;
        w.finish()
    }
}

/// A table being written as CSV and JSON, a row at a time.
struct Writer<'a> {
    /// Each column's name as a JSON object key, with its colon.
    keys: Vec<Vec<u8>>,
    /// Stream 0 is the CSV, 1 the JSON.
    records: Records<'a>,
}

impl<'a> Writer<'a> {
    /// CSV: RFC 4180, CRLF line ends, a header row of the column names. JSON: an array of objects, one a line,
    /// each with every column in order (null where empty).
    fn new(
        table: &Table,
        csv: &'a mut dyn Write,
        json: &'a mut dyn Write,
    ) -> io::Result<Writer<'a>> {
        let header: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        write!(csv, "{}\r\n", header.join(","))?;
        json.write_all(b"[")?;
        let keys = table
            .columns
            .iter()
            .map(|c| {
                let mut key = serde_json::to_vec(c.name)?;
                key.extend_from_slice(b": ");
                Ok(key)
            })
            .collect::<io::Result<_>>()?;
        // The JSON's first row goes without the comma that separates the others.
        let records = Records::new(vec![csv, json], [0, 1]);
        Ok(Writer { keys, records })
    }

    fn finish(mut self) -> io::Result<()> {
        let end: &[u8] = if self.records.count() == 0 {
            b"]\n"
        } else {
            b"\n]\n"
        };
        self.records.end(1, end)
    }
}

/// Adds a row to `records`, as CSV and as JSON; its cells follow `columns`, one each (the unit tests and the
/// data package's validation check every table's rows against its columns).
fn encode(table: &Table, keys: &[Vec<u8>], records: &mut Records, row: &[Cell]) -> io::Result<()> {
    debug_assert_eq!(row.len(), table.columns.len(), "a row of {}", table.name);
    let csv = records.buf(0);
    for (j, cell) in row.iter().enumerate() {
        if j > 0 {
            csv.push(b',');
        }
        cell.write_csv(csv);
    }
    csv.extend_from_slice(b"\r\n");
    let json = records.buf(1);
    json.extend_from_slice(b",\n  {");
    for (j, (key, cell)) in keys.iter().zip(row).enumerate() {
        if j > 0 {
            json.extend_from_slice(b", ");
        }
        json.extend_from_slice(key);
        cell.write_json(json)?;
    }
    json.push(b'}');
    records.end_record()
}

impl Table {
    /// The Frictionless Table Schema; `suffix` names the resources that foreign keys point to (`-csv`, `-json`).
    pub fn schema(&self, suffix: &str) -> Value {
        let fields: Vec<Value> = self
            .columns
            .iter()
            .map(|c| {
                // A list's codes cannot be an `enum` (it would apply to the whole list): they are named instead.
                let mut description = if c.kind == Kind::List && !c.codes.is_empty() {
                    format!("{} Codes: {}.", c.description, c.codes.join(", "))
                } else {
                    c.description.to_owned()
                };
                if c.looks_numeric {
                    description.push_str(" Read it as text: its values can look like numbers.");
                }
                let mut field = json!({
                    "name": c.name,
                    "description": description,
                });
                match c.kind {
                    Kind::Text => field["type"] = json!("string"),
                    Kind::Date => field["type"] = json!("date"),
                    Kind::Integer => field["type"] = json!("integer"),
                    Kind::Boolean => field["type"] = json!("boolean"),
                    Kind::List => {
                        field["type"] = json!("list");
                        field["delimiter"] = json!(";");
                        field["itemType"] = json!("string");
                    }
                }
                let mut constraints = serde_json::Map::new();
                if c.required {
                    constraints.insert("required".into(), json!(true));
                }
                if !c.codes.is_empty() && c.kind == Kind::Text {
                    constraints.insert("enum".into(), json!(c.codes));
                }
                if c.name == "id" {
                    constraints.insert("unique".into(), json!(true));
                }
                if !constraints.is_empty() {
                    field["constraints"] = Value::Object(constraints);
                }
                field
            })
            .collect();
        json!({
            "fields": fields,
            "primaryKey": ["id"],
            "missingValues": [""],
            "foreignKeys": self.foreign_keys.iter().map(|k| json!({
                "fields": [k.column],
                "reference": { "resource": format!("{}{suffix}", k.table), "fields": ["id"] },
            })).collect::<Vec<_>>(),
        })
    }
}

/// One CSV field, quoted when it must be (RFC 4180). A field a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP advises for CSV exports.
fn csv_field(s: &str, out: &mut Vec<u8>) {
    let quoted = s.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push(b'"');
    }
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push(b'\'');
    }
    if quoted {
        for part in s.split_inclusive('"') {
            out.extend_from_slice(part.as_bytes());
            if part.ends_with('"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> String {
        let mut out = Vec::new();
        csv_field(s, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
    }

    #[test]
    fn csv_and_json_hold_the_same_columns() {
        let t = Table::new(
            "t",
            "T",
            "A test.",
            vec![
                col("id", Kind::Text, "id").required(),
                col("n", Kind::Integer, "n"),
                col("tags", Kind::List, "tags"),
                col("note", Kind::Text, "note"),
            ],
            vec![Part::Once(|_, _| Ok(()))],
        );
        let (mut csv, mut json) = (Vec::new(), Vec::new());
        let mut w = Writer::new(&t, &mut csv, &mut json).unwrap();
        let row = [
            Cell::text("a"),
            Cell::Integer(3),
            Cell::list(["x", "y"]),
            Cell::text(""),
        ];
        encode(&t, &w.keys, &mut w.records, &row).unwrap();
        w.finish().unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "id,n,tags,note\r\na,3,x;y,\r\n"
        );
        assert_eq!(
            String::from_utf8(json.clone()).unwrap(),
            "[\n  {\"id\": \"a\", \"n\": 3, \"tags\": [\"x\",\"y\"], \"note\": null}\n]\n"
        );
        let parsed: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(parsed[0]["tags"][1], "y");
    }

    #[test]
    fn an_empty_table_is_a_header_and_an_empty_array() {
        let t = Table::new(
            "t",
            "T",
            "A test.",
            vec![col("id", Kind::Text, "id")],
            vec![Part::Once(|_, _| Ok(()))],
        );
        let (mut csv, mut json) = (Vec::new(), Vec::new());
        Writer::new(&t, &mut csv, &mut json)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(csv, b"id\r\n");
        assert_eq!(json, b"[]\n");
    }
}
