//! The one record reader every side file shares (interventions, adoption logs, people,
//! 360 ratings, competency assessments, influence records, reflections): find the
//! columns a file needs, then walk its rows with the cell text, the problem naming file,
//! row, column, value and what was expected, and the count of problems a row raised.

use super::columns::HeaderIndex;
use crate::ingest::Table;
use crate::problem::Problem;
use crate::schema::ColumnRef;

/// A side file being read: its name, its columns and every problem found so far.
pub(crate) struct RecordFile<'t> {
    table: &'t Table,
    pub file: String,
    pub index: HeaderIndex<'t>,
    pub problems: Vec<Problem>,
}

impl<'t> RecordFile<'t> {
    pub fn new(table: &'t Table) -> RecordFile<'t> {
        RecordFile {
            table,
            file: table.name(),
            index: HeaderIndex::with_alternates(&table.headers, &table.alternates),
            problems: Vec::new(),
        }
    }

    /// A column the file must have; without it, a problem naming `role`.
    pub fn need(&mut self, role: &str, column: &ColumnRef) -> Option<usize> {
        self.index
            .need(&self.file, role, column, &mut self.problems)
    }

    /// A column the file may have.
    pub fn optional(&self, column: &ColumnRef) -> Option<usize> {
        self.index.find(column).ok()
    }

    /// A problem about the whole file, in `column`.
    pub fn file_problem(&mut self, column: usize, message: String) {
        let p = Problem::file(&self.file, message).in_column(self.index.describe(column));
        self.problems.push(p);
    }

    /// Call `read` with every data row (ragged rows are skipped by ingest).
    pub fn rows(&mut self, mut read: impl FnMut(&mut Row)) {
        let (table, file, index, problems) =
            (self.table, &self.file, &self.index, &mut self.problems);
        table.for_each_row(|number, cells| {
            let mut row = Row {
                number,
                cells,
                file,
                index,
                errors_before: problems.len(),
                problems: &mut *problems,
            };
            read(&mut row);
        });
    }

    /// What was read, and every problem.
    pub fn finish<T>(self, found: Vec<T>) -> (Vec<T>, Vec<Problem>) {
        (found, self.problems)
    }
}

/// One data row of a side file.
pub(crate) struct Row<'r> {
    /// The spreadsheet row number (as the user sees it).
    pub number: usize,
    cells: &'r [&'r str],
    file: &'r str,
    index: &'r HeaderIndex<'r>,
    problems: &'r mut Vec<Problem>,
    errors_before: usize,
}

impl Row<'_> {
    /// The trimmed text of a cell ("" when the row is short).
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).copied().unwrap_or("").trim()
    }

    /// The text of an optional column, `None` when absent or empty.
    pub fn text(&self, column: Option<usize>) -> Option<String> {
        column
            .map(|c| self.cell(c))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }

    /// A problem in a cell: the value found and what was `expected`.
    pub fn problem(&mut self, column: usize, expected: impl Into<String>) {
        let p = Problem::cell(
            self.file,
            self.number,
            self.index.describe(column),
            self.cell(column),
            expected.into(),
        );
        self.problems.push(p);
    }

    /// `Ok` as `Some`; an `Err(expected)` becomes a problem in `column` and `None`.
    pub fn check<T>(&mut self, column: usize, value: Result<T, String>) -> Option<T> {
        match value {
            Ok(v) => Some(v),
            Err(expected) => {
                self.problem(column, expected);
                None
            }
        }
    }

    /// Whether this row raised a problem.
    pub fn has_problems(&self) -> bool {
        self.problems.len() > self.errors_before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::testing::table;

    /// Problems name the file, the spreadsheet row, the column and the value; a row
    /// knows whether it raised one.
    #[test]
    fn rows_report_problems_in_their_cells() {
        let table = table("log.csv", "Team,Count\nA,1\n B ,x\n");
        let mut f = RecordFile::new(&table);
        let team = f
            .need("the team", &ColumnRef::Header("Team".into()))
            .unwrap();
        let count = f
            .need("the count", &ColumnRef::Header("Count".into()))
            .unwrap();
        assert!(f
            .need("the date", &ColumnRef::Header("Date".into()))
            .is_none());
        let mut read = Vec::new();
        f.rows(|row| {
            let n = row.check(
                count,
                row.cell(count)
                    .parse::<u32>()
                    .map_err(|_| "a count".to_string()),
            );
            if !row.has_problems() {
                read.push((row.cell(team).to_string(), n));
            }
        });
        let (found, problems) = f.finish(read);
        assert_eq!(found, vec![("A".to_string(), Some(1))]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let text = problems[1].to_string();
        assert!(
            text.contains("log.csv:3:") && text.contains("column B") && text.contains("\"x\""),
            "{text}"
        );
        assert!(text.contains("a count"), "{text}");
    }
}
