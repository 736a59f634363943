//! What a spreadsheet user leaves behind in hand-edited files, which `cs` must read as well:
//! a month saved by Excel (a BOM and CRLF line ends), a month with its columns in another order
//! and channels and purposes typed in Chinese, a month without a line break after its last
//! line, and statuses typed in Chinese.

use std::path::Path;

use anyhow::Result;
use rand::RngExt;
use rand::rngs::StdRng;

use cs::model::customer::Status;
use cs::model::visit::{Channel, Purpose};
use cs::store::csvfile::encode_header;
use cs::store::table::{Column, Month};
use cs::store::visits::{self, VisitCol};

use crate::table_file::TableFile;
use crate::visits::MonthOrdinal;

/// The hand-edit quirks, by month file.
pub const BOM_CRLF_MONTH: Month = Month { year: 2026, month: 10 };
pub const REORDERED_MONTH: Month = Month { year: 2025, month: 9 };
pub const NO_FINAL_NEWLINE_MONTH: Month = Month { year: 2026, month: 11 };
/// The column order of the rearranged month, as a spreadsheet user left it.
pub const REORDERED_COLUMNS: [VisitCol; 14] = [
    VisitCol::Date,
    VisitCol::Customer,
    VisitCol::By,
    VisitCol::Channel,
    VisitCol::Purpose,
    VisitCol::Summary,
    VisitCol::Score,
    VisitCol::Nps,
    VisitCol::Topics,
    VisitCol::Survey,
    VisitCol::Answers,
    VisitCol::Next,
    VisitCol::Id,
    VisitCol::Created,
];

/// A status as typed in Chinese by hand (`活跃`), which `cs` reads as the stored name.
pub fn chinese_status(status: Status) -> &'static str {
    match status {
        Status::Active => "活跃",
        Status::Dormant => "休眠",
        Status::Lost => "流失",
        Status::Prospect => "潜在客户",
    }
}

/// One record's fields as a hand-edited month has them: in the rearranged month, in the
/// spreadsheet's column order, with now and then a channel or purpose typed in Chinese.
pub fn hand_edited(rng: &mut StdRng, month: u32, mut row: Vec<String>) -> Vec<String> {
    if month != REORDERED_MONTH.ordinal() {
        return row;
    }
    if rng.random_bool(0.02) {
        let channel: Channel = row[VisitCol::Channel.index()].parse().expect("a channel cs wrote");
        row[VisitCol::Channel.index()] = channel.chinese().to_string();
    }
    if rng.random_bool(0.02) {
        let purpose: Purpose = row[VisitCol::Purpose.index()].parse().expect("a purpose cs wrote");
        row[VisitCol::Purpose.index()] = purpose.chinese().to_string();
    }
    REORDERED_COLUMNS
        .iter()
        .map(|c| std::mem::take(&mut row[c.index()]))
        .collect()
}

/// A month's file, with that month's quirks: a spreadsheet's column order, or Excel's BOM and
/// CRLF line ends.
pub fn month_file(dir: &Path, month: Month) -> Result<TableFile> {
    let header = if month == REORDERED_MONTH {
        let names: Vec<&str> = REORDERED_COLUMNS.iter().map(|c| c.name()).collect();
        encode_header(&names)
    } else {
        encode_header(visits::TABLE.columns)
    };
    TableFile::create(
        dir.join(visits::TABLE.file(Some(month))),
        header,
        month == BOM_CRLF_MONTH,
    )
}
