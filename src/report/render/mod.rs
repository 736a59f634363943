//! Writing a [`Report`]: as text for the terminal (with bar charts aligned for Chinese
//! labels), Markdown, HTML ([`html`]), JSON with stable keys, or one of its tables as CSV.

pub mod html;

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_i18n::t;
use serde_json::{Map, Value as Json, json};

use super::{Bars, Block, Cell, Figure, Report, Table, Trend, Value};
use crate::output::{display_width, write_plain_table};

/// How wide the longest bar of a terminal chart is, in columns.
const BAR_WIDTH: usize = 30;

/// The header of a report: its title, the company, the period and what it is compared with.
fn subtitle(report: &Report) -> String {
    let mut line = t!("report.period", period = report.period.to_string()).into_owned();
    if let Some(previous) = &report.previous {
        line.push_str(&t!("report.compared", previous = previous.to_string()));
    }
    line.push_str(&t!("report.as_of", day = report.as_of));
    for (key, value) in &report.filters {
        line.push_str(&format!(" · {}={value}", crate::i18n::column("", key)));
    }
    line
}

/// The report as text for a terminal.
pub fn text(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "{}", report.title)?;
    if !report.company.is_empty() {
        writeln!(out, "{}", report.company)?;
    }
    writeln!(out, "{}", subtitle(report))?;
    for section in &report.sections {
        writeln!(out, "\n== {} ==", section.title)?;
        for block in &section.blocks {
            writeln!(out)?;
            match block {
                Block::Figures(figures) => text_figures(out, figures, report.previous.is_some())?,
                Block::Table(table) => {
                    writeln!(out, "{}", table.title)?;
                    // A header and a rule over no rows reads as something missing.
                    if table.rows.is_empty() {
                        writeln!(out, "{}", t!("report.no_rows"))?;
                        continue;
                    }
                    let header: Vec<&str> = table.columns.iter().map(|(_, label)| label.as_str()).collect();
                    let rows: Vec<Vec<String>> =
                        table.rows.iter().map(|r| r.iter().map(Cell::shown).collect()).collect();
                    write_plain_table(out, &header, &rows)?;
                }
                Block::Bars(bars) => text_bars(out, bars)?,
                Block::Trend(trend) => {
                    writeln!(out, "{}", trend.title)?;
                    let (header, rows) = trend_rows(trend);
                    let header: Vec<&str> = header.iter().map(String::as_str).collect();
                    write_plain_table(out, &header, &rows)?;
                }
                Block::Note(note) => writeln!(out, "{note}")?,
            }
        }
    }
    Ok(())
}

/// The columns of a figures table: the label, the value and, compared, the previous value and
/// the change.
fn figure_rows(figures: &[Figure], compared: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![t!("report.figure").into_owned(), t!("report.value").into_owned()];
    if compared {
        header.push(t!("report.previous").into_owned());
        header.push(t!("report.change").into_owned());
    }
    let rows = figures
        .iter()
        .map(|f| {
            let mut row = vec![f.label.clone(), f.value.shown()];
            if compared {
                let previous = f.previous.map(Value::shown).unwrap_or_default();
                let change = f.previous.and_then(|p| f.value.change(p)).unwrap_or_default();
                row.extend([previous, change]);
            }
            row
        })
        .collect();
    (header, rows)
}

fn text_figures(out: &mut dyn Write, figures: &[Figure], compared: bool) -> io::Result<()> {
    let (header, rows) = figure_rows(figures, compared);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write_plain_table(out, &header, &rows)
}

/// A bar of `value` out of `largest`, in eighths of a column.
fn bar(value: f64, largest: f64, width: usize) -> String {
    if largest <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / largest) * (width * 8) as f64).round() as usize;
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
    }
    if bar.is_empty() {
        bar.push('▏');
    }
    bar
}

fn text_bars(out: &mut dyn Write, bars: &Bars) -> io::Result<()> {
    writeln!(out, "{}", bars.title)?;
    let label_width = bars.items.iter().map(|(_, l, _)| display_width(l)).max().unwrap_or(0);
    let largest = bars.items.iter().filter_map(|(_, _, v)| v.as_f64()).fold(0.0, f64::max);
    for (_, label, value) in &bars.items {
        let padding = " ".repeat(label_width - display_width(label));
        let drawn = bar(value.as_f64().unwrap_or(0.0), largest, BAR_WIDTH);
        writeln!(out, " {label}{padding}  {drawn} {}", value.shown())?;
    }
    Ok(())
}

/// A trend as a table: one row per month, one column per series.
fn trend_rows(trend: &Trend) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec![t!("report.month").into_owned()];
    header.extend(trend.series.iter().map(|(_, label, _)| label.clone()));
    let rows = trend
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let mut row = vec![month.clone()];
            row.extend(
                trend
                    .series
                    .iter()
                    .map(|(_, _, values)| values.get(i).map(|v| v.shown()).unwrap_or_default()),
            );
            row
        })
        .collect();
    (header, rows)
}

/// A Markdown table; `|` in cells is escaped.
fn markdown_table(out: &mut dyn Write, header: &[String], rows: &[Vec<String>], numeric_from: usize) -> io::Result<()> {
    let escape = |cell: &str| cell.replace('|', "\\|");
    writeln!(
        out,
        "| {} |",
        header.iter().map(|h| escape(h)).collect::<Vec<_>>().join(" | ")
    )?;
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if i >= numeric_from { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", rule.join("|"))?;
    for row in rows {
        writeln!(
            out,
            "| {} |",
            row.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")
        )?;
    }
    Ok(())
}

/// The report as a Markdown document, to commit beside the data.
pub fn markdown(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "# {}\n", report.title)?;
    if !report.company.is_empty() {
        writeln!(out, "{}  ", report.company)?;
    }
    writeln!(out, "{}", subtitle(report))?;
    for section in &report.sections {
        writeln!(out, "\n## {}", section.title)?;
        for block in &section.blocks {
            writeln!(out)?;
            match block {
                Block::Figures(figures) => {
                    let (header, rows) = figure_rows(figures, report.previous.is_some());
                    markdown_table(out, &header, &rows, 1)?;
                }
                Block::Table(table) => {
                    writeln!(out, "### {}\n", table.title)?;
                    let header: Vec<String> = table.columns.iter().map(|(_, l)| l.clone()).collect();
                    let rows: Vec<Vec<String>> =
                        table.rows.iter().map(|r| r.iter().map(Cell::shown).collect()).collect();
                    markdown_table(out, &header, &rows, 1)?;
                }
                Block::Bars(bars) => {
                    writeln!(out, "### {}\n", bars.title)?;
                    let largest = bars.items.iter().filter_map(|(_, _, v)| v.as_f64()).fold(0.0, f64::max);
                    let rows: Vec<Vec<String>> = bars
                        .items
                        .iter()
                        .map(|(_, label, value)| {
                            vec![
                                label.clone(),
                                value.shown(),
                                bar(value.as_f64().unwrap_or(0.0), largest, 20),
                            ]
                        })
                        .collect();
                    let header = [String::new(), t!("report.value").into_owned(), String::new()];
                    markdown_table(out, &header, &rows, 1)?;
                }
                Block::Trend(trend) => {
                    writeln!(out, "### {}\n", trend.title)?;
                    let (header, rows) = trend_rows(trend);
                    markdown_table(out, &header, &rows, 1)?;
                }
                Block::Note(note) => writeln!(out, "{note}")?,
            }
        }
    }
    Ok(())
}

/// A figure's value as JSON: counts as integers, rates as fractions, "–" as null.
fn number(value: Value) -> Json {
    match value {
        Value::Count(n) => json!(n),
        Value::Signed(n) => json!(n),
        Value::Rate(r) | Value::Number(r) => r.map_or(Json::Null, |r| json!((r * 1e6).round() / 1e6)),
    }
}

/// The report as JSON: every figure a number under a stable key (`section.figure`), the
/// previous period's beside it, and every table, distribution and trend by its key.
pub fn json(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut figures = Map::new();
    let mut previous = Map::new();
    let mut tables = Map::new();
    let mut distributions = Map::new();
    let mut trends = Map::new();
    for section in &report.sections {
        for block in &section.blocks {
            match block {
                Block::Figures(list) => {
                    for figure in list {
                        let key = format!("{}.{}", section.key, figure.key);
                        figures.insert(key.clone(), number(figure.value));
                        if let Some(p) = figure.previous {
                            previous.insert(key, number(p));
                        }
                    }
                }
                Block::Table(table) => {
                    tables.insert(table.key.clone(), table_json(table));
                }
                Block::Bars(bars) => {
                    let items: Map<String, Json> = bars.items.iter().map(|(k, _, v)| (k.clone(), number(*v))).collect();
                    distributions.insert(bars.key.clone(), Json::Object(items));
                }
                Block::Trend(trend) => {
                    let mut series = Map::new();
                    series.insert("months".into(), json!(trend.months));
                    for (key, _, values) in &trend.series {
                        series.insert(key.clone(), Json::Array(values.iter().map(|v| number(*v)).collect()));
                    }
                    trends.insert(trend.key.clone(), Json::Object(series));
                }
                Block::Note(_) => {}
            }
        }
    }
    let filters: BTreeMap<&str, &str> = report.filters.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let document = json!({
        "report": report.name,
        "title": report.title,
        "company": report.company,
        "period": {"from": report.period.from, "to": report.period.to, "name": report.period.to_string()},
        "previous": report.previous.map(|p| json!({"from": p.from, "to": p.to, "name": p.to_string()})),
        "as_of": report.as_of,
        "filters": filters,
        "figures": figures,
        "previous_figures": previous,
        "tables": tables,
        "distributions": distributions,
        "trends": trends,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// A table as JSON rows keyed by column.
fn table_json(table: &Table) -> Json {
    Json::Array(
        table
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Json> = table
                    .columns
                    .iter()
                    .zip(row)
                    .map(|((key, _), cell)| {
                        let value = match cell {
                            Cell::Text(text) | Cell::Code { value: text, .. } => json!(text),
                            Cell::Value(value) => number(*value),
                        };
                        (key.clone(), value)
                    })
                    .collect();
                Json::Object(object)
            })
            .collect(),
    )
}

/// One table of the report as CSV (keys as the header, numbers as JSON gives them): the one
/// named, or the report's only table; `figures` gives the headline figures.
pub fn csv(out: &mut dyn Write, report: &Report, name: Option<&str>) -> Result<(), String> {
    let names: Vec<&str> = std::iter::once("figures")
        .chain(report.tables().map(|t| t.key.as_str()))
        .collect();
    let wanted = match name {
        Some(name) => name,
        None if names.len() == 2 => names[1],
        None => return Err(t!("report.which_table", tables = names.join(", ")).into_owned()),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    let io = |e: csv::Error| e.to_string();
    let plain = |value: Value| match number(value) {
        Json::Null => String::new(),
        other => other.to_string(),
    };
    if wanted == "figures" {
        writer.write_record(["key", "label", "value", "previous"]).map_err(io)?;
        for section in &report.sections {
            for block in &section.blocks {
                if let Block::Figures(figures) = block {
                    for f in figures {
                        let previous = f.previous.map(plain).unwrap_or_default();
                        let key = format!("{}.{}", section.key, f.key);
                        writer
                            .write_record([key, f.label.clone(), plain(f.value), previous])
                            .map_err(io)?;
                    }
                }
            }
        }
        return writer.flush().map_err(|e| e.to_string());
    }
    let table = report
        .tables()
        .find(|t| t.key == wanted)
        .ok_or_else(|| t!("report.unknown_table", table = wanted, tables = names.join(", ")).into_owned())?;
    writer
        .write_record(table.columns.iter().map(|(key, _)| key))
        .map_err(io)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| match cell {
                Cell::Text(text) | Cell::Code { value: text, .. } => text.clone(),
                Cell::Value(value) => plain(*value),
            }))
            .map_err(io)?;
    }
    writer.flush().map_err(|e| e.to_string())
}
