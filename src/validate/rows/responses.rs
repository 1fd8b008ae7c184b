//! Response rows in one parallel pass: each piece of the file is checked on its own
//! (every cell scored, every problem noted, dates parsed but not yet resolved), then the
//! pieces are merged in file order: the file's day-month order is decided from all its
//! dates, teams are registered in the order they first appear, and good rows are kept.
//! The result is the one a row-by-row reading gives.

use std::collections::HashMap;

use super::super::answers::score;
use super::super::period::{parse_date_cell, resolve, DateCell, OrderEvidence};
use super::super::{Dataset, Quarter};
use super::{BoxColumns, PeriodColumn, RowContext, TeamSource};
use crate::ingest::{Cells, RowPiece, Rows, Table};
use crate::problem::Problem;
use crate::schema::compare_key;

/// A row's period before the file's date order is known.
#[derive(Clone, Copy)]
enum Pending {
    Quarter(Quarter),
    Date(DateCell),
    /// The cell was reported.
    Bad,
}

/// One row of a piece: where it is, its team (an index into the piece's team list),
/// its period, and whether its own cells raised a problem.
struct PendingRow {
    row: usize,
    team: Option<u32>,
    period: Pending,
    clean: bool,
}

/// What one piece of the file gave.
#[derive(Default)]
struct Piece {
    rows: Vec<PendingRow>,
    /// `items` scores per row, row after row.
    scores: Vec<f32>,
    /// Checkbox masks per row, row after row.
    masks: Vec<u64>,
    problems: Vec<Problem>,
    /// The (team, group) texts of this piece in the order they first appear.
    teams: Vec<(String, Option<String>)>,
    evidence: OrderEvidence,
}

/// Scores of the answer texts already seen in one item's column (raw text as written):
/// the labels of a survey repeat, so each distinct text is normalised once.
struct SeenAnswers {
    seen: Vec<(Box<str>, Result<f32, String>)>,
}

/// Past this many distinct texts a column is free text; it is scored cell by cell.
const SEEN_LIMIT: usize = 64;

impl RowContext<'_> {
    /// Score one answer (reverse coding applied; NaN for no answer), remembering it.
    fn cached_score(&self, seen: &mut SeenAnswers, item: usize, text: &str) -> Result<f32, String> {
        if let Some((_, v)) = seen.seen.iter().find(|(t, _)| &**t == text) {
            return v.clone();
        }
        let scale = &self.schema.scale;
        let v = score(scale, text).map(|v| match v {
            Some(v) if self.schema.items[item].reverse => (scale.min + scale.max - v) as f32,
            Some(v) => v as f32,
            None => f32::NAN,
        });
        if seen.seen.len() < SEEN_LIMIT {
            seen.seen.push((text.into(), v.clone()));
        }
        v
    }

    /// The piece's index of a row's team and group, or the problem that stops it.
    fn piece_team(
        &self,
        piece: &mut Piece,
        index: &mut HashMap<String, Vec<(Option<String>, u32)>>,
        row: usize,
        cells: &Cells<'_>,
    ) -> Option<u32> {
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
        if team_text.trim().is_empty() {
            let p = self.cell_problem(row, team_col, team_text, "a team name");
            piece.problems.push(p);
            return None;
        }
        if let Some((_, expected)) = unknown_unit {
            let p = self.cell_problem(row, team_col, team_text, expected.clone());
            piece.problems.push(p);
            return None;
        }
        let known = index.get(team_text).and_then(|seen| {
            seen.iter()
                .find(|(g, _)| g.as_deref() == group)
                .map(|(_, id)| *id)
        });
        if known.is_some() {
            return known;
        }
        let id = piece.teams.len() as u32;
        piece
            .teams
            .push((team_text.to_string(), group.map(str::to_string)));
        index
            .entry(team_text.to_string())
            .or_default()
            .push((group.map(str::to_string), id));
        Some(id)
    }

    /// A row's period, as far as it can be known before the file's date order.
    fn pending_period(&self, piece: &mut Piece, row: usize, cells: &Cells<'_>) -> Pending {
        match self.roles.period {
            PeriodColumn::Constant(q) => Pending::Quarter(q),
            PeriodColumn::Quarter(c) => {
                let text = cells.get(c);
                let q = Quarter::parse(text)
                    .or_else(|| self.options.period_labels.get(&compare_key(text)).copied());
                match q {
                    Some(q) => Pending::Quarter(q),
                    None => {
                        piece.problems.push(self.cell_problem(
                            row,
                            c,
                            text,
                            "a quarter such as 2024-Q3 (or a label listed under [periods] in the project file)",
                        ));
                        Pending::Bad
                    }
                }
            }
            PeriodColumn::Timestamp(c, _) => {
                let text = cells.get(c);
                match parse_date_cell(text) {
                    Some(cell) => {
                        piece.evidence.add(&cell, text);
                        Pending::Date(cell)
                    }
                    None => {
                        piece.problems.push(self.cell_problem(
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

    /// Check every row of one piece.
    fn read_piece(&self, items: &[usize], boxes: &[BoxColumns], visit: &mut RowPiece<'_>) -> Piece {
        let mut piece = Piece::default();
        let mut index: HashMap<String, Vec<(Option<String>, u32)>> = HashMap::new();
        let mut seen: Vec<SeenAnswers> = items
            .iter()
            .map(|_| SeenAnswers { seen: Vec::new() })
            .collect();
        visit(&mut |row, cells| {
            let before = piece.problems.len();
            let team = self.piece_team(&mut piece, &mut index, row, cells);
            let period = self.pending_period(&mut piece, row, cells);
            for (k, &c) in items.iter().enumerate() {
                let text = cells.get(c);
                let v = match self.cached_score(&mut seen[k], k, text) {
                    Ok(v) => v,
                    Err(expected) => {
                        piece
                            .problems
                            .push(self.cell_problem(row, c, text, expected));
                        f32::NAN
                    }
                };
                piece.scores.push(v);
            }
            if !boxes.is_empty() {
                let texts: Vec<&str> = (0..cells.len()).map(|c| cells.get(c)).collect();
                for (b, cb) in boxes.iter().zip(&self.schema.checkboxes) {
                    let mask = self.ticks(row, &texts, b, &cb.options, &mut piece.problems);
                    piece.masks.push(mask);
                }
            }
            piece.rows.push(PendingRow {
                row,
                team,
                period,
                clean: piece.problems.len() == before,
            });
        });
        piece
    }

    /// Check every response row (in parallel pieces), then keep the good ones in file
    /// order. Returns the rows with errors and what the pass counted; `None` with the
    /// problem when the file's day-month order cannot be decided (no row is kept then).
    pub(super) fn response_rows(
        &self,
        ds: &mut Dataset,
        table: &Table,
        items: &[usize],
        boxes: &[BoxColumns],
    ) -> (usize, Rows) {
        let (pieces, rows) = table.map_row_chunks(|visit| self.read_piece(items, boxes, visit));
        let mut evidence = OrderEvidence::default();
        for p in &pieces {
            evidence.merge(&p.evidence);
        }
        let order = match self.roles.period {
            PeriodColumn::Timestamp(c, fixed) => match evidence.decide(fixed) {
                Ok(order) => order,
                Err(msg) => {
                    let p = Problem::file(self.file, msg).in_column(self.index.describe(c));
                    ds.problems.push(p);
                    // Without an order no date can be trusted: every row counts as bad.
                    return (rows.rows - rows.ragged_rows, rows);
                }
            },
            _ => None,
        };
        let mut bad_rows = 0;
        for piece in pieces {
            bad_rows += self.merge_piece(ds, piece, items.len(), boxes.len(), order);
        }
        (bad_rows, rows)
    }

    /// Register a piece's teams, resolve its dates and keep its good rows; the number of
    /// rows with errors.
    fn merge_piece(
        &self,
        ds: &mut Dataset,
        piece: Piece,
        n_items: usize,
        n_boxes: usize,
        order: Option<crate::schema::DateOrder>,
    ) -> usize {
        let teams: Vec<Result<u32, String>> = piece
            .teams
            .iter()
            .map(|(name, group)| ds.team_id(name, group.as_deref()))
            .collect();
        ds.problems.extend(piece.problems);
        let mut bad_rows = 0;
        for (i, r) in piece.rows.iter().enumerate() {
            let team = match r.team.map(|t| (t, &teams[t as usize])) {
                Some((_, Ok(id))) => Some(*id),
                Some((t, Err(msg))) => {
                    let group = piece.teams[t as usize].1.as_deref().unwrap_or("");
                    let column = match (self.roles.group, &self.roles.team) {
                        (Some(g), _) => g,
                        (None, TeamSource::Column(c)) => *c,
                        (None, TeamSource::Constant(_)) => usize::MAX,
                    };
                    ds.problems
                        .push(self.cell_problem(r.row, column, group, msg.clone()));
                    None
                }
                None => None,
            };
            let (period, day) = match r.period {
                Pending::Quarter(q) => (Some(q), None),
                Pending::Date(cell) => {
                    let day = resolve(cell, order);
                    (day.map(Quarter::from_date), day)
                }
                Pending::Bad => (None, None),
            };
            match (team, period) {
                (Some(team), Some(period)) if r.clean => {
                    let out = &mut ds.responses;
                    out.team.push(team);
                    out.period.push(period);
                    out.date.push(day);
                    let scores = &piece.scores[i * n_items..(i + 1) * n_items];
                    for (col, v) in out.items.iter_mut().zip(scores) {
                        col.push(*v);
                    }
                    let masks = &piece.masks[i * n_boxes..(i + 1) * n_boxes];
                    for (col, m) in out.checkboxes.iter_mut().zip(masks) {
                        col.push(*m);
                    }
                }
                _ => bad_rows += 1,
            }
        }
        bad_rows
    }
}
