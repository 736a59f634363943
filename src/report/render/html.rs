//! The report as one self-contained HTML file: inline CSS and SVG charts, no scripts, fonts or
//! anything else from the network, readable opened from disk and printed on A4.

use std::fmt::Write as _;

use rust_i18n::t;

use super::super::{Bars, Block, Cell, Report, Trend, Value};
use super::{figure_rows, subtitle};

/// The page's style: system fonts (with the common Chinese ones), A4 margins when printed.
// i18n: not a message
const STYLE: &str = "\
@page{size:A4;margin:16mm}\
body{font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;\
color:#1f2933;max-width:960px;margin:24px auto;padding:0 16px;line-height:1.45}\
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #3e6fb0;padding-bottom:4px;margin-top:28px}\
h3{font-size:15px;margin:18px 0 6px}.sub{color:#52606d;font-size:13px}\
table{border-collapse:collapse;font-size:13px;margin:6px 0 12px}\
th,td{border-bottom:1px solid #d9e2ec;padding:4px 10px;text-align:left}td.n,th.n{text-align:right}\
th{background:#f0f4f8}section{break-inside:avoid-page}svg{display:block;margin:4px 0 12px}\
@media print{body{margin:0;max-width:none}}";

/// HTML-escapes text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as an HTML document.
pub fn html(report: &Report) -> String {
    let mut page = String::new();
    let lang = crate::i18n::current().code();
    let _ = write!(
        page,
        // i18n: not a message
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&report.title)
    );
    let _ = writeln!(page, "<h1>{}</h1>", escape(&report.title));
    if !report.company.is_empty() {
        // i18n: not a message
        let _ = writeln!(page, "<div class=\"sub\">{}</div>", escape(&report.company));
    }
    // i18n: not a message
    let _ = writeln!(page, "<div class=\"sub\">{}</div>", escape(&subtitle(report)));
    for section in &report.sections {
        let _ = writeln!(page, "<section><h2>{}</h2>", escape(&section.title));
        for block in &section.blocks {
            match block {
                Block::Figures(figures) => {
                    let (header, rows) = figure_rows(figures, report.previous.is_some());
                    let numeric: Vec<bool> = (0..header.len()).map(|i| i > 0).collect();
                    table(&mut page, &header, &rows, &numeric);
                }
                Block::Table(t) => {
                    let _ = writeln!(page, "<h3>{}</h3>", escape(&t.title));
                    let header: Vec<String> = t.columns.iter().map(|(_, l)| l.clone()).collect();
                    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(Cell::shown).collect()).collect();
                    // Numbers to the right, text (names, dates, ids) to the left.
                    let numeric: Vec<bool> = (0..header.len())
                        .map(|i| !t.rows.is_empty() && t.rows.iter().all(|r| matches!(r.get(i), Some(Cell::Value(_)))))
                        .collect();
                    table(&mut page, &header, &rows, &numeric);
                }
                Block::Bars(bars) => bar_chart(&mut page, bars),
                Block::Trend(trend) => line_chart(&mut page, trend),
                Block::Note(note) => {
                    let _ = writeln!(page, "<p>{}</p>", escape(note));
                }
            }
        }
        page.push_str("</section>\n");
    }
    let _ = writeln!(
        page,
        "<p class=\"sub\">{}</p></body></html>",
        escape(&t!("report.made_by"))
    );
    page
}

/// A table; the `numeric` columns are aligned right.
fn table(page: &mut String, header: &[String], rows: &[Vec<String>], numeric: &[bool]) {
    let class = |i: usize| {
        if numeric.get(i) == Some(&true) {
            " class=\"n\""
        } else {
            ""
        }
    };
    page.push_str("<table><thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let _ = write!(page, "<th{}>{}</th>", class(i), escape(h));
    }
    page.push_str("</tr></thead><tbody>\n");
    for row in rows {
        page.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(page, "<td{}>{}</td>", class(i), escape(cell));
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody></table>\n");
}

/// Horizontal bars, labels on the left.
fn bar_chart(page: &mut String, bars: &Bars) {
    let _ = writeln!(page, "<h3>{}</h3>", escape(&bars.title));
    let (row, label_width, bar_width) = (22.0, 180.0, 420.0);
    let largest = bars.items.iter().filter_map(|(_, _, v)| v.as_f64()).fold(0.0, f64::max);
    let height = row * bars.items.len() as f64 + 4.0;
    let _ = writeln!(
        page,
        // i18n: not a message
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" font-size=\"12\">",
        label_width + bar_width + 80.0
    );
    for (i, (_, label, value)) in bars.items.iter().enumerate() {
        let y = i as f64 * row + 2.0;
        let length = if largest > 0.0 {
            value.as_f64().unwrap_or(0.0) / largest * bar_width
        } else {
            0.0
        };
        let _ = writeln!(
            page,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_width}\" y=\"{}\" width=\"{length:.1}\" height=\"{}\" fill=\"#3e6fb0\"/><text x=\"{}\" y=\"{}\">{}</text>",
            label_width - 8.0,
            y + 14.0,
            escape(label),
            y + 3.0,
            row - 6.0,
            label_width + length + 6.0,
            y + 14.0,
            escape(&value.shown())
        );
    }
    page.push_str("</svg>\n");
}

/// Lines over the months, one per series, with a legend.
fn line_chart(page: &mut String, trend: &Trend) {
    let _ = writeln!(page, "<h3>{}</h3>", escape(&trend.title));
    let (width, height, left, bottom) = (640.0, 200.0, 48.0, 24.0);
    let colors = ["#3e6fb0", "#d9822b", "#3f9142", "#a23b72"];
    let values: Vec<f64> = trend
        .series
        .iter()
        .flat_map(|(_, _, v)| v.iter().filter_map(|x| x.as_f64()))
        .collect();
    let top = values.iter().copied().fold(0.0, f64::max).max(1.0);
    let months = trend.months.len().max(2) - 1;
    let x = |i: usize| left + (width - left - 10.0) * i as f64 / months as f64;
    let y = |v: f64| 10.0 + (height - bottom - 10.0) * (1.0 - v / top);
    let _ = writeln!(
        page,
        // i18n: not a message
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{}\" font-size=\"11\">",
        height + 18.0 * trend.series.len() as f64
    );
    let _ = writeln!(
        page,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9aa5b1\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>",
        y(0.0),
        width - 10.0,
        y(0.0),
        left - 4.0,
        y(top) + 4.0,
        Value::Number(Some(top)).shown().trim_end_matches(".0"),
        left - 4.0,
        y(0.0)
    );
    for (i, month) in trend.months.iter().enumerate() {
        let _ = write!(
            page,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x(i),
            height - 6.0,
            escape(month)
        );
    }
    for (n, (_, label, series)) in trend.series.iter().enumerate() {
        let color = colors[n % colors.len()];
        let points: Vec<String> = series
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_f64().map(|v| format!("{:.1},{:.1}", x(i), y(v))))
            .collect();
        let _ = writeln!(
            page,
            // i18n: not a message
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/><rect x=\"{left}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            points.join(" "),
            height + 4.0 + 18.0 * n as f64,
            left + 14.0,
            height + 13.0 + 18.0 * n as f64,
            escape(label)
        );
    }
    page.push_str("</svg>\n");
}
