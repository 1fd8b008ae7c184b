//! Response rows in one parallel pass: each piece of the file is checked on its own
//! (every cell scored, every problem noted, ambiguous dates parsed but not resolved),
//! and the pieces are merged in file order as they come: teams are registered in the
//! order they first appear and good rows are kept. At the end the file's day-month
//! order is decided from all its dates and the kept rows' dates are resolved. The
//! result is the one a row-by-row reading gives.

use std::collections::HashMap;

use super::super::answers::score;
use super::super::period::{resolve, DateCell, OrderEvidence};
use super::super::{Comment, Dataset, ItemColumn, PieceRow};
use super::{BoxColumns, Pending, PeriodColumn, RowContext};
use crate::ingest::{RowPiece, Rows, Table};
use crate::model::Quarter;
use crate::problem::Problem;

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
    /// Per item, its scores in this piece's rows.
    items: Vec<ItemColumn>,
    /// Checkbox masks per row, row after row.
    masks: Vec<u64>,
    problems: Vec<Problem>,
    /// The (team, group) texts of this piece in the order they first appear.
    teams: Vec<(String, Option<String>)>,
    /// Comments, with the index of their row in `rows`.
    comments: Vec<(usize, Comment)>,
    evidence: OrderEvidence,
}

/// Scores of the answer texts already seen in one item's column (raw text as written):
/// the labels of a survey repeat, so each distinct text is normalised once.
struct SeenAnswers {
    seen: Vec<(Prefix, Box<str>, Result<f32, String>)>,
}

/// A text's length and its first 8 bytes (zero-padded), compared before the text itself:
/// a text of at most 8 bytes is equal to another exactly when their prefixes are, so
/// short answers ("1", "Agree") are matched without a byte-by-byte comparison.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Prefix(usize, u64);

impl Prefix {
    fn of(text: &str) -> Prefix {
        let bytes = text.as_bytes();
        let head = bytes
            .iter()
            .take(8)
            .enumerate()
            .fold(0u64, |head, (i, &b)| head | u64::from(b) << (8 * i));
        Prefix(bytes.len(), head)
    }

    fn matches(self, other: Prefix, text: &str, seen: &str) -> bool {
        self == other && (self.0 <= 8 || text.as_bytes()[8..] == seen.as_bytes()[8..])
    }
}

/// Whether a sensitive-comment flag cell marks its comment: anything but empty, `0`,
/// `false` or `no` does (when in doubt, the comment is not shown).
fn is_flagged(cell: &str) -> bool {
    !matches!(
        cell.to_ascii_lowercase().as_str(),
        "" | "0" | "false" | "no" | "n"
    )
}

/// Past this many distinct texts a column is free text; it is scored cell by cell.
const SEEN_LIMIT: usize = 64;

/// A kept row whose date reads both ways, until the file's order is known: the row's
/// index among the responses and its `A/B/YEAR` (a readable date has A, B <= 31).
struct Undated {
    index: u32,
    a: u8,
    b: u8,
    year: u16,
}

/// What the dataset held before a file, to put back when none of the file can be kept.
struct Before {
    teams: Vec<super::super::Team>,
    team_ids: std::collections::BTreeMap<String, u32>,
    team_cache: HashMap<String, (Option<String>, u32)>,
    responses: usize,
}

impl Before {
    fn of(ds: &Dataset) -> Before {
        Before {
            teams: ds.teams.clone(),
            team_ids: ds.team_ids.clone(),
            team_cache: ds.team_cache.clone(),
            responses: ds.responses.len(),
        }
    }

    fn restore(self, ds: &mut Dataset) {
        ds.teams = self.teams;
        ds.team_ids = self.team_ids;
        ds.team_cache = self.team_cache;
        ds.responses.truncate(self.responses);
    }
}

impl RowContext<'_> {
    /// Score one answer (reverse coding applied; NaN for no answer), remembering it.
    fn cached_score(&self, seen: &mut SeenAnswers, item: usize, text: &str) -> Result<f32, String> {
        let prefix = Prefix::of(text);
        if let Some((_, _, v)) = seen
            .seen
            .iter()
            .find(|(p, t, _)| prefix.matches(*p, text, t))
        {
            return v.clone();
        }
        let scale = &self.schema.scale;
        let v = score(scale, text).map(|v| match v {
            Some(v) if self.schema.items[item].reverse => (scale.min + scale.max - v) as f32,
            Some(v) => v as f32,
            None => f32::NAN,
        });
        if seen.seen.len() < SEEN_LIMIT {
            seen.seen.push((prefix, text.into(), v.clone()));
        }
        v
    }

    /// A row's non-empty comments, with their topics and flags, as the `at`-th row of
    /// its piece.
    fn row_comments(
        &self,
        cells: &crate::ingest::Cells,
        at: usize,
        out: &mut Vec<(usize, Comment)>,
    ) {
        for c in &self.comments {
            let text = cells.get(c.text).trim();
            if text.is_empty() {
                continue;
            }
            let cell = |col: Option<usize>| col.map_or("", |k| cells.get(k).trim());
            let topics_text = cell(c.topics);
            let split = if topics_text.contains(';') { ';' } else { ',' };
            let topics = topics_text
                .split(split)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(Box::from)
                .collect();
            out.push((
                at,
                Comment {
                    response: 0,
                    column: c.id,
                    text: text.into(),
                    topics,
                    flagged: is_flagged(cell(c.sensitive)),
                },
            ));
        }
    }

    /// Check every row of one piece.
    fn read_piece(&self, items: &[usize], boxes: &[BoxColumns], visit: &mut RowPiece<'_>) -> Piece {
        let mut piece = Piece {
            items: vec![ItemColumn::default(); items.len()],
            ..Piece::default()
        };
        let mut index: HashMap<String, Vec<(Option<String>, u32)>> = HashMap::new();
        let mut seen: Vec<SeenAnswers> = items
            .iter()
            .map(|_| SeenAnswers { seen: Vec::new() })
            .collect();
        visit(&mut |row, cells| {
            let before = piece.problems.len();
            let team = self
                .team_cell(row, cells, &mut piece.problems)
                .map(|(name, group)| {
                    let known = index.get(name).and_then(|seen| {
                        seen.iter()
                            .find(|(g, _)| g.as_deref() == group)
                            .map(|(_, id)| *id)
                    });
                    known.unwrap_or_else(|| {
                        let id = piece.teams.len() as u32;
                        let group = group.map(str::to_string);
                        piece.teams.push((name.to_string(), group.clone()));
                        index.entry(name.to_string()).or_default().push((group, id));
                        id
                    })
                });
            let period = self.period_cell(row, cells, &mut piece.problems, &mut piece.evidence);
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
                piece.items[k].push(v);
            }
            self.row_comments(cells, piece.rows.len(), &mut piece.comments);
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

    /// Check every response row (in parallel pieces, merged as they come), then resolve
    /// the kept rows' dates. Returns the rows with errors and what the pass counted.
    /// When the file's day-month order cannot be decided, nothing of the file is kept
    /// and its one problem says why.
    pub(super) fn response_rows(
        &self,
        ds: &mut Dataset,
        problems: &mut Vec<Problem>,
        table: &Table,
        items: &[usize],
        boxes: &[BoxColumns],
    ) -> (usize, Rows) {
        let before = Before::of(ds);
        let problems_before = problems.len();
        let mut evidence = OrderEvidence::default();
        let mut undated = Vec::new();
        let mut bad_rows = 0;
        let rows = table.map_row_chunks(
            |visit| self.read_piece(items, boxes, visit),
            |piece| {
                evidence.merge(&piece.evidence);
                bad_rows += self.merge_piece(ds, problems, piece, boxes.len(), &mut undated);
            },
        );
        let PeriodColumn::Timestamp(c, None) = self.roles.period else {
            return (bad_rows, rows);
        };
        match evidence.decide(None) {
            Ok(order) => {
                for u in undated {
                    let cell = DateCell::Ambiguous {
                        a: u.a.into(),
                        b: u.b.into(),
                        year: u.year.into(),
                    };
                    // A readable date reads in the order its file's dates decide: a
                    // date with A > 12 makes the order day-first, and one with B > 12
                    // month-first; a file with both has no order.
                    let day =
                        resolve(cell, order).expect("a readable date resolves in its file's order");
                    let i = u.index as usize;
                    ds.responses.period[i] = Quarter::from_date(day);
                    ds.responses.date[i] = Some(day);
                }
                (bad_rows, rows)
            }
            Err(msg) => {
                before.restore(ds);
                problems.truncate(problems_before);
                let p = Problem::file(self.file, msg).in_column(self.index.describe(c));
                problems.push(p);
                // Without an order no date can be trusted: every row counts as bad.
                (rows.rows - rows.ragged_rows, rows)
            }
        }
    }

    /// Register a piece's teams and keep its good rows (ambiguous dates left for later
    /// in `undated`); the number of rows with errors.
    fn merge_piece(
        &self,
        ds: &mut Dataset,
        problems: &mut Vec<Problem>,
        piece: Piece,
        n_boxes: usize,
        undated: &mut Vec<Undated>,
    ) -> usize {
        let teams: Vec<Result<u32, String>> = piece
            .teams
            .iter()
            .map(|(name, group)| ds.team_id(name, group.as_deref()))
            .collect();
        problems.extend(piece.problems);
        let mut bad_rows = 0;
        let mut kept = Vec::with_capacity(piece.rows.len());
        for (i, r) in piece.rows.iter().enumerate() {
            let team = match r.team.map(|t| (t, &teams[t as usize])) {
                Some((_, Ok(id))) => Some(*id),
                Some((t, Err(msg))) => {
                    let group = piece.teams[t as usize].1.as_deref();
                    problems.push(self.group_conflict(r.row, group, msg.clone()));
                    None
                }
                None => None,
            };
            let (period, day) = match r.period {
                Pending::Quarter(q) => (Some(q), None),
                Pending::Day(d) | Pending::Date(DateCell::Known(d)) => {
                    (Some(Quarter::from_date(d)), Some(d))
                }
                // Set when the file's order is known.
                Pending::Date(DateCell::Ambiguous { .. }) => (Some(Quarter(0)), None),
                Pending::Bad => (None, None),
            };
            match (team, period) {
                (Some(team), Some(period)) if r.clean => {
                    if let Pending::Date(DateCell::Ambiguous { a, b, year }) = r.period {
                        undated.push(Undated {
                            index: (ds.responses.len() + kept.len()) as u32,
                            a: a as u8,
                            b: b as u8,
                            year: year as u16,
                        });
                    }
                    kept.push(PieceRow {
                        at: i,
                        team,
                        period,
                        date: day,
                    });
                }
                _ => bad_rows += 1,
            }
        }
        let base = ds.responses.len() as u32;
        let mut kept_at = kept.iter().enumerate().map(|(k, r)| (r.at, k)).peekable();
        for (at, mut comment) in piece.comments {
            while kept_at.next_if(|(a, _)| *a < at).is_some() {}
            if let Some(&(a, k)) = kept_at.peek() {
                if a == at {
                    comment.response = base + k as u32;
                    ds.responses.comments.push(comment);
                }
            }
        }
        ds.responses
            .extend_from_piece(&kept, &piece.items, &piece.masks, n_boxes);
        bad_rows
    }
}
