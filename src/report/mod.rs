//! Reports (`cs report NAME`): what the department hands to management, computed in one pass
//! over each table and laid out as a [`Report`]: sections of figures, tables, distributions
//! (bar charts) and monthly trends, which [`render`] writes as a terminal table, Markdown,
//! HTML, JSON or CSV. Every label is in the language being spoken; JSON and CSV keys are
//! stable English names for scripts.

pub mod complaints;
pub mod customers;
pub mod labels;
pub mod period;
pub mod render;
pub mod scope;
pub mod shipments;
pub mod staff;
pub mod visits;

use serde::Serialize;

pub use period::Period;

/// A figure's value, kept as the number it is so JSON gets numbers and the renderers format.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A count of records.
    Count(u64),
    /// A share, 0 to 1, shown as a percentage; `None` where nothing was there to count.
    Rate(Option<f64>),
    /// A mean or a median with one decimal; `None` with nothing to average.
    Number(Option<f64>),
    /// A signed whole number (a net promoter score, a change in a count).
    Signed(Option<i64>),
}

impl Value {
    /// The value as a plain number, for charts and changes; `None` for "–".
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(n as f64),
            Value::Rate(r) | Value::Number(r) => r,
            Value::Signed(n) => n.map(|n| n as f64),
        }
    }

    /// The value as people read it: counts as they are, rates as percentages with one
    /// decimal, other numbers with one decimal, and "–" for nothing.
    pub fn shown(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Rate(Some(r)) => format!("{:.1}%", r * 100.0),
            Value::Number(Some(n)) => format!("{n:.1}"),
            Value::Signed(Some(n)) => n.to_string(),
            Value::Rate(None) | Value::Number(None) | Value::Signed(None) => NOTHING.to_string(),
        }
    }

    /// How this value changed from `previous`: counts and numbers by their difference, rates
    /// in percentage points.
    pub fn change(self, previous: Value) -> Option<String> {
        let (now, before) = (self.as_f64()?, previous.as_f64()?);
        Some(match self {
            Value::Rate(_) => format!("{:+.1} pp", ((now - before) * 1000.0).round() / 10.0 + 0.0), // i18n: not a message
            Value::Count(_) | Value::Signed(_) => format!("{:+}", (now - before).round() as i64),
            // Rounded first, so a tiny fall is "+0.0" rather than "-0.0".
            Value::Number(_) => format!("{:+.1}", ((now - before) * 10.0).round() / 10.0 + 0.0),
        })
    }
}

/// A figure's, chart's or section's label in the language spoken (`report.label.KEY`).
pub fn label(key: &str) -> String {
    rust_i18n::t!(format!("report.label.{key}")).into_owned()
}

/// Table columns by key, labelled in the language spoken (`report.column.KEY`).
pub fn columns(keys: &[&str]) -> Vec<(String, String)> {
    keys.iter()
        .map(|k| (k.to_string(), rust_i18n::t!(format!("report.column.{k}")).into_owned()))
        .collect()
}

/// What an empty figure shows: never 0%, NaN or a division by zero.
pub const NOTHING: &str = "–";

/// A share of `part` in `whole`, or `None` when the whole is zero.
pub fn rate(part: u64, whole: u64) -> Value {
    Value::Rate((whole > 0).then(|| part as f64 / whole as f64))
}

/// The mean of some numbers, or `None` without any.
pub fn mean(values: &[f64]) -> Value {
    Value::Number((!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64))
}

/// The median of some numbers (the mean of the middle two for an even count), or `None`.
pub fn median(values: &mut [f64]) -> Value {
    if values.is_empty() {
        return Value::Number(None);
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Value::Number(Some(if !values.len().is_multiple_of(2) {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }))
}

/// One headline figure: a stable key, its label, its value and, where the report compares
/// periods, the value in the previous period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The key scripts read (`visits`, `csat`).
    pub key: String,
    /// The label people read.
    pub label: String,
    /// The value in the period.
    pub value: Value,
    /// The value in the previous period, when compared.
    pub previous: Option<Value>,
}

/// A table: named columns (the first usually a label) and rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The key scripts read, and the name `--table` picks.
    pub key: String,
    /// The heading people read.
    pub title: String,
    /// The columns: a key and a label each.
    pub columns: Vec<(String, String)>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text (a name, a label, a date).
    Text(String),
    /// A stored value of a column (a status, a category): shown in the language spoken,
    /// written as stored in JSON and CSV, which stay canonical for scripts.
    Code {
        /// The kind of record, for its own words (`value.KIND.COLUMN.VALUE`); empty for none.
        kind: String,
        /// The column, for the word (`value.COLUMN.VALUE`).
        column: String,
        /// The value as stored.
        value: String,
    },
    /// A figure.
    Value(Value),
}

impl Cell {
    /// A stored value of `column` of a `kind` of record (empty for the common words).
    pub fn code(kind: &str, column: &str, value: &str) -> Cell {
        Cell::Code {
            kind: kind.to_string(),
            column: column.to_string(),
            value: value.to_string(),
        }
    }

    /// The cell as people read it.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Code { kind, column, value } => crate::i18n::value_of(kind, column, value).into_owned(),
            Cell::Value(value) => value.shown(),
        }
    }
}

/// A distribution: labelled counts or rates, drawn as horizontal bars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bars {
    /// The key scripts read.
    pub key: String,
    /// The heading people read.
    pub title: String,
    /// Each bar: its key, label and value.
    pub items: Vec<(String, String, Value)>,
}

/// Monthly values of one or more series, drawn as lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The key scripts read.
    pub key: String,
    /// The heading people read.
    pub title: String,
    /// The months, `YYYY-MM`.
    pub months: Vec<String>,
    /// Each series: its key, label and one value per month.
    pub series: Vec<(String, String, Vec<Value>)>,
}

/// One part of a section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Headline figures.
    Figures(Vec<Figure>),
    /// A table.
    Table(Table),
    /// A distribution.
    Bars(Bars),
    /// A monthly trend.
    Trend(Trend),
    /// A sentence.
    Note(String),
}

/// One section of a report (a report of one table has one or a few).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The key scripts read.
    pub key: String,
    /// The heading people read.
    pub title: String,
    /// What it shows, in order.
    pub blocks: Vec<Block>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The report's name (`customers`, `quarterly`).
    pub name: String,
    /// Its title, in the language being spoken.
    pub title: String,
    /// The company, from `cs.toml`.
    pub company: String,
    /// The period reported on.
    pub period: Period,
    /// The period compared with, when the report compares.
    pub previous: Option<Period>,
    /// The day lists of late and overdue things are judged on.
    pub as_of: chrono::NaiveDate,
    /// The filters applied (`owner`, `center`, `class`), as (key, value).
    pub filters: Vec<(String, String)>,
    /// The sections.
    pub sections: Vec<Section>,
}

impl Report {
    /// Every table of the report, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_figures_show_a_dash_never_nan() {
        assert_eq!(rate(0, 0).shown(), NOTHING);
        assert_eq!(rate(1, 3).shown(), "33.3%");
        assert_eq!(mean(&[]).shown(), NOTHING);
        assert_eq!(mean(&[4.0, 5.0]).shown(), "4.5");
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), Value::Number(Some(3.0)));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Value::Number(Some(2.5)));
        assert_eq!(rate(3, 4).change(rate(1, 2)), Some("+25.0 pp".to_string()));
        assert_eq!(Value::Count(7).change(Value::Count(9)), Some("-2".to_string()));
        assert_eq!(rate(1, 2).change(rate(0, 0)), None);
    }
}
