//! A solver-neutral linear programme: named columns and rows, assembled into a compressed
//! sparse column matrix.
//!
//! Every column and row is named by a [`Key`]: its kind, its segment when it has one, and its
//! period. The builder keeps a map from keys to indices, so a constraint is written by naming
//! what it touches (`b.coef(row, Key::seg(Col::Starts, s, i), capex)`) and an answer is read
//! the same way.
//!
//! **Sign convention** of [`Solution`]: the programme *maximises* `cᵀx`; `row_dual[r]` is
//! `∂ objective / ∂ (the active bound of row r)` and `col_dual[j]` the reduced cost
//! `∂ objective / ∂ (the active bound of column j)` — HiGHS's own convention for a
//! maximisation (checked against re-solves in the tests of [`super::marginal`]).

use std::collections::HashMap;
use std::fmt;

/// What a column (a decision variable) stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    /// Units started by the plan in a segment in a period (scaled: units per $1B of capex₀).
    Starts,
    /// Plan capacity in service (nameplate, before ramp) at the end of a period, same scale.
    Nameplate,
    /// Accelerators installed in a period (millions).
    Install,
    /// Hosted fleet at the end of a period (millions of accelerators).
    Fleet,
    /// Treasury at the end of a period ($B).
    Treasury,
    /// How far delivered compute falls below the previous period's (G perf units), penalised.
    Fall,
    /// Demand not met in a period (G perf units), for the unmet-demand objective.
    Short,
    /// How far a row is violated, in the diagnosis of limits that contradict each other
    /// ([`Lp::elastic`]): `segment` is the row's index, `period` 0 above and 1 below.
    Slack,
}

/// What a row (a constraint) stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Row {
    /// Plan nameplate: last period's, plus starts entering service, less cohorts retiring.
    Nameplate,
    /// Installation within the output of one production link (`segment` = the link's segment).
    Production,
    /// Fleet within the room of one hosting link (no stranding; installation ≤ room − F′).
    Hosting,
    /// Fleet: last period's, plus installed, less cohorts past the accelerator lifetime.
    Fleet,
    /// Treasury balance: what came in, less opex, service and spend, is carried.
    Treasury,
    /// A fixed share of the period's total spend.
    FixedShare,
    /// Delivered compute never falls (less what [`Col::Fall`] lets it).
    NeverFalls,
    /// Unmet demand is at least demand less compute.
    Demand,
    /// A planner's minimum spend on a segment in a period.
    MinSpend,
    /// A planner's maximum spend.
    MaxSpend,
    /// Spend already committed, held exactly.
    Committed,
    /// How far a segment's spend per year may move from the period before.
    Change,
}

/// The name of a column or row: kind, segment (or link's segment), period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key<K> {
    pub kind: K,
    pub segment: Option<usize>,
    pub period: usize,
}

impl<K> Key<K> {
    pub fn seg(kind: K, segment: usize, period: usize) -> Self {
        Self {
            kind,
            segment: Some(segment),
            period,
        }
    }
    pub fn at(kind: K, period: usize) -> Self {
        Self {
            kind,
            segment: None,
            period,
        }
    }
}

impl<K: fmt::Debug> fmt::Display for Key<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.segment {
            Some(s) => write!(f, "{:?}[{s}]@{}", self.kind, self.period),
            None => write!(f, "{:?}@{}", self.kind, self.period),
        }
    }
}

/// Builds a programme column by column and row by row; coefficients may be added in any order
/// (repeated entries are summed).
#[derive(Default)]
pub struct LpBuilder {
    cols: Vec<Key<Col>>,
    col_index: HashMap<Key<Col>, usize>,
    col_lower: Vec<f64>,
    col_upper: Vec<f64>,
    cost: Vec<f64>,
    rows: Vec<Key<Row>>,
    row_index: HashMap<Key<Row>, usize>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    /// (column, row, value)
    entries: Vec<(usize, usize, f64)>,
}

impl LpBuilder {
    /// Adds a column with bounds and objective coefficient; returns its index.
    pub fn col(&mut self, key: Key<Col>, lower: f64, upper: f64, cost: f64) -> usize {
        debug_assert!(!self.col_index.contains_key(&key), "duplicate column {key}");
        let j = self.cols.len();
        self.cols.push(key);
        self.col_index.insert(key, j);
        self.col_lower.push(lower);
        self.col_upper.push(upper);
        self.cost.push(cost);
        j
    }

    /// Adds a row `lower ≤ aᵀx ≤ upper`; returns its index.
    pub fn row(&mut self, key: Key<Row>, lower: f64, upper: f64) -> usize {
        debug_assert!(!self.row_index.contains_key(&key), "duplicate row {key}");
        let r = self.rows.len();
        self.rows.push(key);
        self.row_index.insert(key, r);
        self.row_lower.push(lower);
        self.row_upper.push(upper);
        r
    }

    pub fn col_of(&self, key: Key<Col>) -> Option<usize> {
        self.col_index.get(&key).copied()
    }

    /// Adds `value` to the coefficient of column `col` in row `row` (ignored if the column
    /// does not exist — e.g. a start before period 0 — or the value is 0).
    pub fn coef(&mut self, row: usize, col: Key<Col>, value: f64) {
        if value == 0.0 {
            return;
        }
        if let Some(j) = self.col_of(col) {
            self.entries.push((j, row, value));
        }
    }

    /// Assembles the compressed sparse column matrix (entries sorted by row within a column,
    /// duplicates summed).
    pub fn build(mut self) -> Lp {
        self.entries.sort_unstable_by_key(|e| (e.0, e.1));
        let n = self.cols.len();
        let mut col_start = Vec::with_capacity(n + 1);
        let mut row_idx: Vec<usize> = Vec::with_capacity(self.entries.len());
        let mut value: Vec<f64> = Vec::with_capacity(self.entries.len());
        let mut e = 0;
        for j in 0..n {
            col_start.push(row_idx.len());
            while e < self.entries.len() && self.entries[e].0 == j {
                let (_, r, v) = self.entries[e];
                match value.last_mut() {
                    Some(last) if row_idx.len() > col_start[j] && row_idx.last() == Some(&r) => {
                        *last += v;
                    }
                    _ => {
                        row_idx.push(r);
                        value.push(v);
                    }
                }
                e += 1;
            }
        }
        col_start.push(row_idx.len());
        Lp {
            cols: self.cols,
            col_index: self.col_index,
            col_lower: self.col_lower,
            col_upper: self.col_upper,
            cost: self.cost,
            rows: self.rows,
            row_index: self.row_index,
            row_lower: self.row_lower,
            row_upper: self.row_upper,
            col_start,
            row_idx,
            value,
        }
    }
}

/// An assembled programme: maximise `costᵀx` subject to
/// `row_lower ≤ A x ≤ row_upper`, `col_lower ≤ x ≤ col_upper`; `A` in CSC form.
#[derive(Clone)]
pub struct Lp {
    pub cols: Vec<Key<Col>>,
    pub col_index: HashMap<Key<Col>, usize>,
    pub col_lower: Vec<f64>,
    pub col_upper: Vec<f64>,
    pub cost: Vec<f64>,
    pub rows: Vec<Key<Row>>,
    pub row_index: HashMap<Key<Row>, usize>,
    pub row_lower: Vec<f64>,
    pub row_upper: Vec<f64>,
    pub col_start: Vec<usize>,
    pub row_idx: Vec<usize>,
    pub value: Vec<f64>,
}

impl Lp {
    /// The feasibility programme of this one with the rows `relax` picks made elastic: every
    /// cost zero, and per such row two violation columns ([`Col::Slack`], `≥ 0`, cost −1), one
    /// entering the row with +1 and one with −1. It is always feasible if only those rows
    /// could not be met; its solution says which were not, by how much. Returns it with the
    /// (row, column above, column below) of each relaxed row.
    pub fn elastic(&self, relax: impl Fn(&Key<Row>) -> bool) -> (Self, Vec<(usize, usize, usize)>) {
        let mut out = self.clone();
        out.cost.iter_mut().for_each(|c| *c = 0.0);
        let mut slacks = Vec::new();
        for (r, key) in self.rows.iter().enumerate() {
            if !relax(key) {
                continue;
            }
            let mut pair = [0; 2];
            for (side, sign) in [(0, 1.0), (1, -1.0)] {
                let j = out.cols.len();
                let k = Key::seg(Col::Slack, r, side);
                out.cols.push(k);
                out.col_index.insert(k, j);
                out.col_lower.push(0.0);
                out.col_upper.push(f64::INFINITY);
                out.cost.push(-1.0);
                out.row_idx.push(r);
                out.value.push(sign);
                out.col_start.push(out.row_idx.len());
                pair[side] = j;
            }
            slacks.push((r, pair[0], pair[1]));
        }
        (out, slacks)
    }

    pub fn n_cols(&self) -> usize {
        self.cols.len()
    }
    pub fn n_rows(&self) -> usize {
        self.rows.len()
    }
    pub fn nnz(&self) -> usize {
        self.value.len()
    }
    pub fn col(&self, key: Key<Col>) -> Option<usize> {
        self.col_index.get(&key).copied()
    }
    pub fn row(&self, key: Key<Row>) -> Option<usize> {
        self.row_index.get(&key).copied()
    }
}
