//! Row-by-row checking of one table: find the columns, parse every cell, keep good rows.
//! Every problem is collected; a row with any error is not added to the dataset.

use super::columns::{HeaderIndex, Missing};
use super::hierarchy::{Link, NO_MANAGER};
use super::period::{parse_date_cell, resolve, DateCell, OrderEvidence};
use super::ticks;
use super::{AggregatedRow, Dataset, Diagnostics, Options};
use crate::ingest::{Cells, Table};
use crate::model::{FileSummary, Quarter, Shape};
use crate::problem::Problem;
use crate::schema::{CheckboxColumns, ColumnRef, DateOrder, PeriodSource, Schema};
use crate::text::{collapse_whitespace, compare_key};

/// Where the period of a row comes from, resolved to a column index. A timestamp column
/// carries the day-month order: the schema's until the file's dates decide it.
#[derive(Clone, Copy)]
enum PeriodColumn {
    Timestamp(usize, Option<DateOrder>),
    Quarter(usize),
    Constant(Quarter),
}

/// A row's period before the file's day-month order is known.
#[derive(Clone, Copy)]
enum Pending {
    Quarter(Quarter),
    Day(chrono::NaiveDate),
    /// A date that reads both ways, resolved once the order is known.
    Date(DateCell),
    /// The cell was reported.
    Bad,
}

/// Where a checkbox question's answers are, resolved to column indices.
enum BoxColumns {
    Joined(usize),
    PerOption(Vec<usize>),
}

/// Where the team of a row comes from.
enum TeamSource {
    Column(usize),
    Constant(String),
}

struct RoleColumns {
    team: TeamSource,
    group: Option<usize>,
    period: PeriodColumn,
    /// With manager ids: the employee id column, and the (compare keys of the) people
    /// at the top who manage someone: an empty manager cell puts them in their own
    /// direct team.
    employee: Option<(usize, std::collections::HashSet<String>)>,
}

/// Which shape a file has: responses when any item's column is there; aggregated
/// scores when no item is but a domain's (by name or id) is. With the item and domain
/// columns found.
fn file_shape(
    index: &HeaderIndex,
    schema: &Schema,
) -> (Shape, Vec<Result<usize, Missing>>, Vec<Option<usize>>) {
    let item_cols: Vec<Result<usize, Missing>> = schema
        .items
        .iter()
        .map(|it| index.find(&it.column))
        .collect();
    let domain_cols: Vec<Option<usize>> = schema
        .domains
        .iter()
        .map(|d| {
            index
                .find(&ColumnRef::Header(d.name.clone()))
                .or_else(|_| index.find(&ColumnRef::Header(d.id.clone())))
                .ok()
        })
        .collect();
    let any_item = item_cols.iter().any(Result::is_ok);
    let shape = if !any_item && domain_cols.iter().any(Option::is_some) {
        Shape::Aggregated
    } else {
        Shape::Responses
    };
    (shape, item_cols, domain_cols)
}

/// Validate one survey table into `ds`: its shape, its columns, then every row; a file
/// without the columns it needs counts every row as bad.
pub fn add_table(
    ds: &mut Dataset,
    diag: &mut Diagnostics,
    table: &Table,
    schema: &Schema,
    options: &Options,
) {
    let file = table.name();
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        // An empty file was already reported by ingest; there are no columns to look for.
        diag.add_unreadable(file, Vec::new());
        return;
    }
    let index = HeaderIndex::with_alternates(&table.headers, &table.alternates);
    let (shape, item_cols, domain_cols) = file_shape(&index, schema);
    let read_as = table.format.describe();
    let mut summary = FileSummary {
        file: file.clone(),
        shape,
        read_as,
        rows: 0,
        rows_with_errors: 0,
        responses: ds.responses.len()..ds.responses.len(),
    };

    let mut problems = Vec::new();
    let mut roles = resolve_roles(&index, schema, shape, &file, &mut problems);
    let (items, boxes) = match shape {
        Shape::Responses => (
            item_columns(&index, schema, item_cols, &file, &mut problems),
            checkbox_columns(&index, schema, &file, &mut problems),
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let respondents = respondents_column(&index, schema, shape, &file, &mut problems);
    let counted = decide_day_order(table, &index, roles.as_mut(), shape, &file, &mut problems);
    let (Some(roles), true) = (roles, problems.is_empty()) else {
        // Without its columns the file's rows cannot be judged; every row counts as bad.
        let counted = counted.unwrap_or_else(|| table.count_rows());
        summary.rows = counted.rows;
        summary.rows_with_errors = counted.rows;
        diag.problems.extend(counted.problems);
        diag.problems.extend(problems);
        diag.files.push(summary);
        return;
    };
    let mut roles = roles;
    if let (Some((e, tops)), TeamSource::Column(m)) = (roles.employee.as_mut(), &roles.team) {
        let links = reporting_lines(table, &file, &index, *e, *m);
        *tops = top_managers(&links);
        ds.reporting.extend(links);
    }
    let ctx = RowContext {
        file: &file,
        index: &index,
        schema,
        options,
        roles: &roles,
        comments: comment_columns(&index, schema),
    };
    let (bad_rows, counted) = match (shape, respondents) {
        (Shape::Aggregated, Some(resp)) => {
            let overall = index.find(&ColumnRef::Header("Overall".into())).ok();
            let cols = AggregatedColumns {
                respondents: resp,
                domains: &domain_cols,
                overall,
            };
            ctx.aggregated_rows(ds, &mut problems, table, &cols)
        }
        _ => ctx.response_rows(ds, &mut problems, table, &items, &boxes),
    };
    summary.rows = counted.rows;
    summary.rows_with_errors = bad_rows + counted.ragged_rows;
    summary.responses.end = ds.responses.len();
    diag.problems.extend(problems);
    diag.problems.extend(counted.problems);
    diag.files.push(summary);
}

/// Aggregated sheets: the respondent-count column, or none when the schema says the
/// rows carry no count (`Some(None)`); `None` for response files and when the column is
/// missing (a problem).
fn respondents_column(
    index: &HeaderIndex,
    schema: &Schema,
    shape: Shape,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<Option<usize>> {
    match (shape, &schema.aggregated.respondents) {
        (Shape::Aggregated, None) => Some(None),
        (Shape::Aggregated, Some(r)) => match index.require(file, "the number of respondents", r) {
            Ok(c) => Some(Some(c)),
            Err(p) => {
                problems.push(p);
                None
            }
        },
        _ => None,
    }
}

/// Files read row by row (aggregated sheets, and files already failing) decide their
/// day-month order before the rows; response files decide it in their one pass. Such a
/// pass also counts the rows, which a failing file needs: they are returned.
fn decide_day_order(
    table: &Table,
    index: &HeaderIndex,
    roles: Option<&mut RoleColumns>,
    shape: Shape,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<crate::ingest::Rows> {
    let Some(RoleColumns {
        period: PeriodColumn::Timestamp(c, fixed),
        ..
    }) = roles
    else {
        return None;
    };
    if shape != Shape::Aggregated && problems.is_empty() {
        return None;
    }
    let mut evidence = OrderEvidence::default();
    let counted = table.for_each_cells(|_, cells| evidence.add_text(cells.get(*c)));
    match evidence.decide(*fixed) {
        Ok(order) => *fixed = order,
        Err(msg) => problems.push(Problem::file(file, msg).in_column(index.describe(*c))),
    }
    Some(counted)
}

/// Each row's employee and manager ids as a link of the hierarchy (rows without an
/// employee id give none).
fn reporting_lines(
    table: &Table,
    file: &str,
    index: &HeaderIndex,
    employee: usize,
    manager: usize,
) -> Vec<Link> {
    let column = index.describe(manager);
    let mut links = Vec::new();
    table.for_each_cells(|row, cells| {
        let me = cells.get(employee).trim();
        if me.is_empty() {
            return;
        }
        let boss = cells.get(manager).trim();
        links.push(Link {
            unit: collapse_whitespace(me),
            parent: (!boss.is_empty()).then(|| collapse_whitespace(boss)),
            file: file.to_string(),
            row,
            column: column.clone(),
        });
    });
    links
}

/// People with an empty manager cell whom someone names as their manager.
fn top_managers(links: &[Link]) -> std::collections::HashSet<String> {
    let managers: std::collections::HashSet<String> = links
        .iter()
        .filter_map(|l| l.parent.as_deref().map(compare_key))
        .collect();
    links
        .iter()
        .filter(|l| l.parent.is_none())
        .map(|l| compare_key(&l.unit))
        .filter(|k| managers.contains(k))
        .collect()
}

/// Every item's column; a missing one is a problem naming the item.
fn item_columns(
    index: &HeaderIndex,
    schema: &Schema,
    found: Vec<Result<usize, Missing>>,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Vec<usize> {
    let mut items = Vec::new();
    for (it, found) in schema.items.iter().zip(found) {
        match found {
            Ok(c) => items.push(c),
            Err(why) => problems.push(index.missing_problem(
                file,
                &format!("item {}", it.id),
                &it.column,
                why,
            )),
        }
    }
    items
}

/// Each checkbox question's columns. The first layout the file has wins; when none
/// fits, the first one's missing columns are reported.
fn checkbox_columns(
    index: &HeaderIndex,
    schema: &Schema,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Vec<BoxColumns> {
    let mut boxes = Vec::new();
    for cb in &schema.checkboxes {
        let mut first_missing = None;
        let resolved = cb.layouts.iter().find_map(|layout| {
            let mut missing = Vec::new();
            let mut find = |what: String, r: &ColumnRef| match index.find(r) {
                Ok(c) => Some(c),
                Err(why) => {
                    missing.push(index.missing_problem(file, &what, r, why));
                    None
                }
            };
            let found = match layout {
                CheckboxColumns::Joined(r) => {
                    find(format!("checkbox {}", cb.id), r).map(BoxColumns::Joined)
                }
                CheckboxColumns::PerOption(rs) => rs
                    .iter()
                    .zip(&cb.options)
                    .map(|(r, o)| find(format!("checkbox {} option \"{o}\"", cb.id), r))
                    .collect::<Option<Vec<usize>>>()
                    .map(BoxColumns::PerOption),
            };
            if found.is_none() && first_missing.is_none() {
                first_missing = Some(missing);
            }
            found
        });
        match resolved {
            Some(b) => boxes.push(b),
            None => problems.extend(first_missing.unwrap_or_default()),
        }
    }
    boxes
}

fn resolve_roles(
    index: &HeaderIndex,
    schema: &Schema,
    shape: Shape,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<RoleColumns> {
    let cols = &schema.columns;
    let mut need = |role: &str, c: &ColumnRef| match index.require(file, role, c) {
        Ok(i) => Some(i),
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let team = match &cols.team {
        ColumnRef::Constant(name) => Some(TeamSource::Constant(name.clone())),
        c => need("the team", c).map(TeamSource::Column),
    };
    let group = cols.group.as_ref().and_then(|g| need("the group", g));
    let employee = cols.employee.as_ref().map(|e| need("the employee id", e));
    let period = match &cols.period {
        // An aggregated sheet is kept by hand and usually has a "Quarter" column even when
        // the survey export has timestamps: accept either.
        PeriodSource::Timestamp(c) if shape == Shape::Aggregated && index.find(c).is_err() => {
            need("the quarter", &ColumnRef::Header("Quarter".into())).map(PeriodColumn::Quarter)
        }
        PeriodSource::Timestamp(c) => {
            need("the submission date", c).map(|i| PeriodColumn::Timestamp(i, cols.date_order))
        }
        PeriodSource::Quarter(ColumnRef::Constant(text)) => {
            match Quarter::parse_fiscal(text, cols.fiscal_year_start) {
                Some(q) => Some(PeriodColumn::Constant(q)),
                None => {
                    problems.push(Problem::file(
                    file,
                    format!("columns.quarter = {{ constant = \"{text}\" }} to be a quarter such as 2024-Q3"),
                ));
                    None
                }
            }
        }
        PeriodSource::Quarter(c) => need("the quarter", c).map(PeriodColumn::Quarter),
    };
    let employee = match employee {
        Some(found) => Some((found?, std::collections::HashSet::new())),
        None => None,
    };
    Some(RoleColumns {
        team: team?,
        group,
        period: period?,
        employee,
    })
}

struct RowContext<'a> {
    file: &'a str,
    index: &'a HeaderIndex<'a>,
    schema: &'a Schema,
    options: &'a Options,
    roles: &'a RoleColumns,
    /// The schema's comment columns this file has.
    comments: Vec<CommentColumns>,
}

/// Where one comment column of the schema is in a file.
struct CommentColumns {
    /// Index into the schema's comment columns.
    id: u16,
    text: usize,
    topics: Option<usize>,
    sensitive: Option<usize>,
}

/// The schema's comment columns that a file has (a file without one has no comments
/// there; comments are never required).
fn comment_columns(index: &HeaderIndex, schema: &Schema) -> Vec<CommentColumns> {
    schema
        .comments
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let found = |r: &Option<ColumnRef>| r.as_ref().and_then(|r| index.find(r).ok());
            Some(CommentColumns {
                id: k as u16,
                text: index.find(&c.column).ok()?,
                topics: found(&c.topics),
                sensitive: found(&c.sensitive),
            })
        })
        .collect()
}

impl RowContext<'_> {
    fn cell_problem(
        &self,
        row: usize,
        col: usize,
        value: &str,
        expected: impl Into<String>,
    ) -> Problem {
        Problem::cell(self.file, row, self.index.describe(col), value, expected)
    }

    /// A row's team and group texts (an empty group cell is no group), or the problem
    /// that stops it: an empty team cell, or a team not among the known units.
    fn team_cell<'c>(
        &'c self,
        row: usize,
        cells: &Cells<'c>,
        out: &mut Vec<Problem>,
    ) -> Option<(&'c str, Option<&'c str>)> {
        let r = self.roles;
        let (team_text, team_col) = match &r.team {
            TeamSource::Column(c) => (cells.get(*c), *c),
            TeamSource::Constant(name) => (name.as_str(), usize::MAX),
        };
        // An empty group cell means the team has no group (it rolls up straight into
        // the organisation), unless another row gives it one.
        let group = r
            .group
            .map(|c| cells.get(c))
            .filter(|g| !g.trim().is_empty());
        let unknown_unit = self
            .options
            .units
            .as_ref()
            .filter(|(keys, _)| !keys.contains(&compare_key(team_text)));
        let team_text = match &r.employee {
            Some((e, tops)) if team_text.trim().is_empty() => {
                let me = cells.get(*e);
                if tops.contains(&compare_key(me)) {
                    me
                } else {
                    NO_MANAGER
                }
            }
            _ => team_text,
        };
        if team_text.trim().is_empty() {
            out.push(self.cell_problem(row, team_col, team_text, "a team name"));
            return None;
        }
        if let Some((_, expected)) = unknown_unit {
            out.push(self.cell_problem(row, team_col, team_text, expected.clone()));
            return None;
        }
        Some((team_text, group))
    }

    /// A team given a second group: the problem names the group cell (the team cell when
    /// the file has no group column).
    fn group_conflict(&self, row: usize, group: Option<&str>, msg: String) -> Problem {
        let column = match (self.roles.group, &self.roles.team) {
            (Some(g), _) => g,
            (None, TeamSource::Column(c)) => *c,
            (None, TeamSource::Constant(_)) => usize::MAX,
        };
        self.cell_problem(row, column, group.unwrap_or(""), msg)
    }

    /// A row's period, as far as it can be known before the file's day-month order is:
    /// with the order known (`PeriodColumn::Timestamp(_, Some(_))`) every date is
    /// resolved here. Ambiguous dates add to `evidence`.
    fn period_cell(
        &self,
        row: usize,
        cells: &Cells<'_>,
        out: &mut Vec<Problem>,
        evidence: &mut OrderEvidence,
    ) -> Pending {
        match self.roles.period {
            PeriodColumn::Constant(q) => Pending::Quarter(q),
            PeriodColumn::Quarter(c) => {
                let text = cells.get(c);
                let q = Quarter::parse_fiscal(text, self.schema.columns.fiscal_year_start)
                    .or_else(|| self.options.period_labels.get(&compare_key(text)).copied());
                match q {
                    Some(q) => Pending::Quarter(q),
                    None => {
                        out.push(self.cell_problem(
                            row,
                            c,
                            text,
                            "a quarter such as 2024-Q3 (or a label listed under [periods] in the project file)",
                        ));
                        Pending::Bad
                    }
                }
            }
            PeriodColumn::Timestamp(c, order) => {
                let text = cells.get(c);
                let cell = parse_date_cell(text).filter(DateCell::readable);
                match (cell, order) {
                    (Some(DateCell::Known(d)), _) => Pending::Day(d),
                    (Some(cell), Some(order)) => match resolve(cell, Some(order)) {
                        Some(d) => Pending::Day(d),
                        None => {
                            let read = match order {
                                DateOrder::Mdy => "month/day/year",
                                DateOrder::Dmy | DateOrder::Ymd => "day/month/year",
                            };
                            out.push(self.cell_problem(
                                row,
                                c,
                                text,
                                format!("a date that exists when read {read}, the order of this file's dates"),
                            ));
                            Pending::Bad
                        }
                    },
                    (Some(cell), None) => {
                        evidence.add(&cell, text);
                        Pending::Date(cell)
                    }
                    (None, _) => {
                        out.push(self.cell_problem(
                            row,
                            c,
                            text,
                            "a date such as 2024-07-09, 7/9/2024 13:05 or 9.7.2024",
                        ));
                        Pending::Bad
                    }
                }
            }
        }
    }

    /// The ticked options of one checkbox question in one row, as a bit mask.
    pub(super) fn ticks(
        &self,
        row: usize,
        cells: &[&str],
        b: &BoxColumns,
        options: &[String],
        out: &mut Vec<Problem>,
    ) -> u64 {
        let cell = |c: usize| cells.get(c).copied().unwrap_or("");
        match b {
            BoxColumns::Joined(c) => match ticks::parse_joined(cell(*c), options) {
                Ok(ticked) => ticked.iter().fold(0, |m, k| m | 1 << k),
                Err(expected) => {
                    out.push(self.cell_problem(row, *c, cell(*c), expected));
                    0
                }
            },
            BoxColumns::PerOption(cols) => {
                let mut mask = 0;
                for (k, (&c, option)) in cols.iter().zip(options).enumerate() {
                    match ticks::parse_tick(cell(c), option) {
                        Ok(true) => mask |= 1 << k,
                        Ok(false) => {}
                        Err(expected) => out.push(self.cell_problem(row, c, cell(c), expected)),
                    }
                }
                mask
            }
        }
    }

    fn aggregated_rows(
        &self,
        ds: &mut Dataset,
        problems: &mut Vec<Problem>,
        table: &Table,
        cols: &AggregatedColumns,
    ) -> (usize, crate::ingest::Rows) {
        let domain_cols = cols.domains;
        let mut bad_rows = 0;
        let mut no_evidence = OrderEvidence::default();
        let counted = table.for_each_cells(|row, cells| {
            let before = problems.len();
            let team = self
                .team_cell(row, cells, problems)
                .and_then(|(name, group)| match ds.team_id(name, group) {
                    Ok(id) => Some(id),
                    Err(msg) => {
                        problems.push(self.group_conflict(row, group, msg));
                        None
                    }
                });
            // The file's day-month order was decided before the rows (`add_table`).
            let period = match self.period_cell(row, cells, problems, &mut no_evidence) {
                Pending::Quarter(q) => Some(q),
                Pending::Day(d) => Some(Quarter::from_date(d)),
                Pending::Date(_) | Pending::Bad => None,
            };
            let respondents = self.respondents_cell(row, cells, cols.respondents, problems);
            let means = self.domain_means(row, cells, domain_cols, problems);
            let accepted = problems.len() == before;
            // A wrong Overall is a warning: the row is still read.
            if let Some(c) = cols.overall {
                self.check_overall(row, cells, c, domain_cols, &means, problems);
            }
            match (team, period, respondents) {
                (Some(team), Some(period), Some(respondents)) if accepted => {
                    ds.aggregated.push(AggregatedRow {
                        team,
                        period,
                        respondents,
                        means,
                    })
                }
                _ => bad_rows += 1,
            }
        });
        (bad_rows, counted)
    }

    /// A row's respondent count: `Some(None)` when the schema says the rows carry no
    /// count ("n unknown"), `None` (a problem) when the cell is not a whole number.
    fn respondents_cell(
        &self,
        row: usize,
        cells: &Cells,
        column: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Option<Option<u32>> {
        let Some(resp_col) = column else {
            return Some(None);
        };
        let resp_text = cells.get(resp_col);
        match resp_text.trim().parse::<f64>() {
            Ok(v) if v >= 0.0 && v.fract() == 0.0 && v < u32::MAX as f64 => Some(Some(v as u32)),
            _ => {
                problems.push(self.cell_problem(
                    row,
                    resp_col,
                    resp_text,
                    "a whole number of respondents (0 or more)",
                ));
                None
            }
        }
    }

    /// A row's mean per domain: blank when the sheet has no such column or the cell is
    /// empty, a problem when it is not a mean on the scale.
    fn domain_means(
        &self,
        row: usize,
        cells: &Cells,
        domain_cols: &[Option<usize>],
        problems: &mut Vec<Problem>,
    ) -> Vec<Option<f64>> {
        let scale = &self.schema.scale;
        let mut means = Vec::with_capacity(domain_cols.len());
        for col in domain_cols {
            let Some(c) = *col else {
                means.push(None);
                continue;
            };
            let text = cells.get(c).trim();
            if text.is_empty() {
                means.push(None);
                continue;
            }
            match text.parse::<f64>() {
                Ok(v) if v >= scale.min && v <= scale.max => means.push(Some(v)),
                _ => {
                    problems.push(self.cell_problem(
                        row,
                        c,
                        text,
                        format!("a mean score from {} to {}, or blank", scale.min, scale.max),
                    ));
                    means.push(None);
                }
            }
        }
        means
    }

    /// A sheet's own Overall is not read as a score (Overall is always the mean of the
    /// domains); it is checked against that mean, within what rounding explains: each
    /// value is rounded to at most `d` decimals, so the mean of the rounded domains and
    /// the rounded Overall may differ by up to 10^-d. More is a warning naming the row;
    /// a value that is not a score is an error, as in a domain column.
    fn check_overall(
        &self,
        row: usize,
        cells: &Cells,
        col: usize,
        domain_cols: &[Option<usize>],
        means: &[Option<f64>],
        problems: &mut Vec<Problem>,
    ) {
        let scale = &self.schema.scale;
        let text = cells.get(col).trim();
        if text.is_empty() {
            return;
        }
        let given = match text.parse::<f64>() {
            Ok(v) if v >= scale.min && v <= scale.max => v,
            _ => {
                let expected =
                    format!("a mean score from {} to {}, or blank", scale.min, scale.max);
                problems.push(self.cell_problem(row, col, text, expected));
                return;
            }
        };
        let Some(domain_means) = means.iter().copied().collect::<Option<Vec<f64>>>() else {
            return;
        };
        let decimals = |t: &str| t.split_once('.').map_or(0, |(_, f)| f.len());
        let d = domain_cols
            .iter()
            .flatten()
            .map(|&c| decimals(cells.get(c).trim()))
            .chain([decimals(text)])
            .max()
            .unwrap_or(0)
            .min(9);
        let mean = domain_means.iter().sum::<f64>() / domain_means.len() as f64;
        let tolerance = 10f64.powi(-(d as i32)) + 1e-9;
        if (given - mean).abs() > tolerance {
            let expected = format!(
                "the mean of the domains, {mean:.prec$} (within rounding, ±{:.prec$}); leadpulse uses that mean as Overall",
                tolerance - 1e-9,
                prec = d.max(2),
            );
            problems.push(self.cell_problem(row, col, text, expected).warning());
        }
    }
}

/// The columns of an aggregated sheet: respondent counts (`None`: the schema says there
/// are none), each domain's column, and a given Overall column to check.
struct AggregatedColumns<'a> {
    respondents: Option<usize>,
    domains: &'a [Option<usize>],
    overall: Option<usize>,
}

mod responses;

#[cfg(test)]
mod tests;
