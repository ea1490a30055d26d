//! A table of the open data: its columns (name, type, whether required, what it holds, its codes) and rows,
//! written as CSV and as JSON with the same columns, and described by a Frictionless Table Schema. One
//! definition serves the files, the data package and the data page, so they cannot drift apart.

use std::fmt::Write as _;

use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
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
}

/// A column: `col("id", Text, "...")`; `.required()` and `.codes(...)` refine it.
pub fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        required: false,
        description,
        codes: Vec::new(),
    }
}

impl Column {
    pub fn required(mut self) -> Column {
        self.required = true;
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

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Integer(n) => json!(n),
            Cell::Boolean(b) => json!(b),
            Cell::List(items) => json!(items),
            Cell::Null => Value::Null,
        }
    }
}

/// A foreign key: `column` holds ids of `table`'s primary key (null where the row refers to none).
#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub column: &'static str,
    pub table: &'static str,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The file name without extension, and the resource name in the data package.
    pub name: &'static str,
    /// Where the JSON version is written, when not `<name>.json` (`sources.json` is the CSL-JSON list).
    pub json_name: Option<&'static str>,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: Vec<Column>,
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(
        name: &'static str,
        title: &'static str,
        description: &'static str,
        columns: Vec<Column>,
    ) -> Table {
        Table {
            name,
            json_name: None,
            title,
            description,
            columns,
            foreign_keys: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub fn foreign_key(mut self, column: &'static str, table: &'static str) -> Table {
        self.foreign_keys.push(ForeignKey { column, table });
        self
    }

    /// Adds a row; its cells follow `columns`, one each (the unit tests and the data package's validation
    /// check every table's rows against its columns).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row of {}", self.name);
        self.rows.push(row);
    }

    pub fn csv_path(&self) -> String {
        format!("data/{}.csv", self.name)
    }

    pub fn json_path(&self) -> String {
        format!("data/{}.json", self.json_name.unwrap_or(self.name))
    }

    /// RFC 4180, CRLF line ends, a header row of the column names.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = String::new();
        let header: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let fields: Vec<String> = row.iter().map(|c| csv_field(&c.csv_text())).collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out.into_bytes()
    }

    /// An array of objects, one a line, each with every column in order (null where empty).
    pub fn json(&self) -> Vec<u8> {
        let mut out = String::from("[");
        for (i, row) in self.rows.iter().enumerate() {
            out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
            for (j, (column, cell)) in self.columns.iter().zip(row).enumerate() {
                if j > 0 {
                    out.push_str(", ");
                }
                // Serialising a string or a JSON value cannot fail.
                let _ = write!(
                    out,
                    "{}: {}",
                    Value::from(column.name),
                    serde_json::to_string(&cell.json()).unwrap_or_default()
                );
            }
            out.push('}');
        }
        out.push_str(if self.rows.is_empty() { "]\n" } else { "\n]\n" });
        out.into_bytes()
    }

    /// The Frictionless Table Schema; `suffix` names the resources that foreign keys point to (`-csv`, `-json`).
    pub fn schema(&self, suffix: &str) -> Value {
        let fields: Vec<Value> = self
            .columns
            .iter()
            .map(|c| {
                // A list's codes cannot be an `enum` (it would apply to the whole list): they are named instead.
                let description = if c.kind == Kind::List && !c.codes.is_empty() {
                    format!("{} Codes: {}.", c.description, c.codes.join(", "))
                } else {
                    c.description.to_owned()
                };
                let mut field = json!({
                    "name": c.name,
                    "description": description,
                });
                match c.kind {
                    Kind::Text => field["type"] = json!("string"),
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
fn csv_field(s: &str) -> String {
    let s = &if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1+1"), "\"'\r=1+1\"");
    }

    #[test]
    fn csv_and_json_hold_the_same_columns() {
        let mut t = Table::new(
            "t",
            "T",
            "A test.",
            vec![
                col("id", Kind::Text, "id").required(),
                col("n", Kind::Integer, "n"),
                col("tags", Kind::List, "tags"),
                col("note", Kind::Text, "note"),
            ],
        );
        t.push(vec![
            Cell::text("a"),
            Cell::Integer(3),
            Cell::list(["x", "y"]),
            Cell::text(""),
        ]);
        assert_eq!(
            String::from_utf8(t.csv()).unwrap(),
            "id,n,tags,note\r\na,3,x;y,\r\n"
        );
        assert_eq!(
            String::from_utf8(t.json()).unwrap(),
            "[\n  {\"id\": \"a\", \"n\": 3, \"tags\": [\"x\",\"y\"], \"note\": null}\n]\n"
        );
        let parsed: Value = serde_json::from_slice(&t.json()).unwrap();
        assert_eq!(parsed[0]["tags"][1], "y");
    }
}
