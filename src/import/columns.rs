//! Matching a file's headers to a table's columns: a column's own name, its header in either
//! language (`--headers zh` output imports back), the words people write (客户名称, 联系电话),
//! and the user's `--map "Header=field"` (`--map "Header=-"` drops a column).

use rust_i18n::t;

use super::sheet::{Cells, Sheet};
use crate::error::{Error, Problem, Result};
use crate::export::unneutralise;
use crate::i18n::{self, Lang};
use crate::model::contact::name_key;

/// Which cell of a row each of the table's columns comes from.
#[derive(Debug)]
pub struct Mapping {
    /// For each column of the table, the index of its cell.
    cells: Vec<Option<usize>>,
}

/// `HEADER=field` as given to `--map`: the header and the field (`None` for `-`, drop it).
pub fn parse_map(text: &str) -> std::result::Result<(String, Option<String>), String> {
    let (header, field) = text
        .rsplit_once('=')
        .ok_or_else(|| t!("import.bad_map", map = text).into_owned())?;
    let (header, field) = (header.trim(), field.trim());
    if header.is_empty() || field.is_empty() {
        return Err(t!("import.bad_map", map = text).into_owned());
    }
    Ok((header.to_string(), (field != "-").then(|| field.to_string())))
}

impl Mapping {
    /// Matches `sheet`'s headers to `columns`; an unknown header or two headers for one
    /// column is an error naming them and the known fields.
    pub fn new(
        sheet: &Sheet,
        columns: &[&str],
        kind: &str,
        aliases: &[(&str, &[&str])],
        maps: &[String],
    ) -> Result<Mapping> {
        let problem = |message: String| Error::import(Problem::at(&sheet.name, Some(1), None, message));
        let known = || columns.join(", ");
        let mut mapped: Vec<(String, Option<usize>)> = Vec::new();
        for map in maps {
            let (header, field) = parse_map(map).map_err(Error::Usage)?;
            let column =
                match field {
                    None => None,
                    Some(field) => Some(columns.iter().position(|c| c.eq_ignore_ascii_case(&field)).ok_or_else(
                        || Error::Usage(t!("import.map_unknown_field", field = field, known = known()).into_owned()),
                    )?),
                };
            mapped.push((name_key(&header), column));
        }
        let names: Vec<Vec<String>> = columns
            .iter()
            .map(|&column| {
                let mut names = vec![name_key(column)];
                for lang in Lang::ALL {
                    names.push(name_key(&i18n::column_in(lang, kind, column)));
                }
                for (aliased, words) in aliases {
                    if *aliased == column {
                        names.extend(words.iter().map(|w| name_key(w)));
                    }
                }
                names
            })
            .collect();
        let mut cells: Vec<Option<usize>> = vec![None; columns.len()];
        let mut unknown: Vec<&str> = Vec::new();
        for (at, header) in sheet.headers.iter().enumerate() {
            let key = name_key(header);
            let column = match mapped.iter().find(|(h, _)| *h == key) {
                Some((_, column)) => *column,
                None if key.is_empty() => None,
                None => match names.iter().position(|n| n.contains(&key)) {
                    Some(column) => Some(column),
                    None => {
                        unknown.push(header);
                        continue;
                    }
                },
            };
            if let Some(column) = column {
                if let Some(first) = cells[column] {
                    return Err(problem(
                        t!(
                            "import.header_twice",
                            column = columns[column],
                            first = sheet.headers[first],
                            second = header
                        )
                        .into_owned(),
                    ));
                }
                cells[column] = Some(at);
            }
        }
        if !unknown.is_empty() {
            return Err(problem(
                t!("import.unknown_columns", columns = unknown.join(", "), known = known()).into_owned(),
            ));
        }
        Ok(Mapping { cells })
    }

    /// Refuses a file without a column for each of `required` (of `columns`).
    pub fn require(&self, sheet: &Sheet, columns: &[&str], required: &[&str]) -> Result<()> {
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| columns.iter().position(|c| c == *r).is_none_or(|at| !self.has(at)))
            .copied()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let message = t!("import.missing_columns", columns = missing.join(", ")).into_owned();
        Err(Error::import(Problem::at(&sheet.name, Some(1), None, message)))
    }

    /// Whether the file has the table's column at `column`.
    pub fn has(&self, column: usize) -> bool {
        self.cells[column].is_some()
    }

    /// The row's cells into `values`, one per column, trimmed, neutralised formulas restored
    /// (`'=1+1` exported to keep a spreadsheet from running it is `=1+1`); empty where the
    /// file has no such column.
    pub fn fill(&self, cells: &Cells<'_>, values: &mut [String]) {
        for (value, cell) in values.iter_mut().zip(&self.cells) {
            value.clear();
            if let Some(at) = cell {
                value.push_str(unneutralise(cells.get(*at).trim()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_name_a_header_and_a_field() {
        assert_eq!(
            parse_map("客户 名称=name").unwrap(),
            ("客户 名称".into(), Some("name".into()))
        );
        assert_eq!(parse_map("备用=-").unwrap(), ("备用".into(), None));
        assert!(parse_map("name").is_err());
    }
}
