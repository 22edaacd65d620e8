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

    /// The programme in free MPS, for another solver or a reader: the `header` lines as
    /// comments, rows and columns named by
    /// their keys (`Starts[2]@13`: segment 2's starts in period 13), numbers written so that
    /// they read back exactly. MPS has no portable way to say "maximise" (`OBJSENSE` is an
    /// extension GLPK rejects), so the header comment says it, and the objective row holds
    /// `cost` as it is: `glpsol --freemps FILE --max`, `clp FILE -maximize -dualsimplex`
    /// (after `glpsol … --check --wmps` to fixed MPS, which Clp 1.17 expects).
    pub fn to_mps(&self, header: &[String]) -> String {
        use std::fmt::Write as _;
        let inf = |v: f64| !v.is_finite();
        let mut out = String::new();
        // `write!` to a String cannot fail. A comment is one line: line breaks and other
        // control characters in the header are spaces.
        for line in header {
            let _ = writeln!(out, "* {}", line.replace(char::is_control, " "));
        }
        let _ = writeln!(
            out,
            "* MAXIMISE the row `objective`: {} rows, {} columns, {} nonzeros\n\
             NAME buildout\nROWS\n N objective",
            self.n_rows(),
            self.n_cols(),
            self.nnz()
        );
        let bounds = |r: usize| (self.row_lower[r], self.row_upper[r]);
        // A ranged row is `rhs ≤ row ≤ rhs + R` as a G row, `rhs − R ≤ row ≤ rhs` as an L
        // row: the one whose far bound comes back exactly, else G (an ulp off at most).
        let ranged_as_l =
            |l: f64, u: f64| !inf(l) && !inf(u) && l + (u - l) != u && u - (u - l) == l;
        for (r, key) in self.rows.iter().enumerate() {
            let kind = match bounds(r) {
                (l, u) if inf(l) && inf(u) => "N",
                (l, u) if l == u => "E",
                (l, u) if !inf(l) && !ranged_as_l(l, u) => "G",
                _ => "L",
            };
            let _ = writeln!(out, " {kind} {key}");
        }
        out.push_str("COLUMNS\n");
        for (j, key) in self.cols.iter().enumerate() {
            let entries = self.col_start[j]..self.col_start[j + 1];
            if self.cost[j] != 0.0 || entries.is_empty() {
                let _ = writeln!(out, " {key} objective {:?}", self.cost[j]);
            }
            for e in entries {
                let _ = writeln!(
                    out,
                    " {key} {} {:?}",
                    self.rows[self.row_idx[e]], self.value[e]
                );
            }
        }
        out.push_str("RHS\n");
        for (r, key) in self.rows.iter().enumerate() {
            let (l, u) = bounds(r);
            let rhs = if inf(l) || ranged_as_l(l, u) { u } else { l };
            if !inf(rhs) && rhs != 0.0 {
                let _ = writeln!(out, " RHS {key} {rhs:?}");
            }
        }
        let ranged: Vec<usize> = (0..self.n_rows())
            .filter(|&r| matches!(bounds(r), (l, u) if !inf(l) && !inf(u) && l != u))
            .collect();
        if !ranged.is_empty() {
            out.push_str("RANGES\n");
            for r in ranged {
                let (l, u) = bounds(r);
                let _ = writeln!(out, " RANGE {} {:?}", self.rows[r], u - l);
            }
        }
        out.push_str("BOUNDS\n");
        for (j, key) in self.cols.iter().enumerate() {
            let (l, u) = (self.col_lower[j], self.col_upper[j]);
            if l == u {
                let _ = writeln!(out, " FX BOUND {key} {l:?}");
                continue;
            }
            match (inf(l), inf(u)) {
                (true, true) => {
                    let _ = writeln!(out, " FR BOUND {key}");
                    continue;
                }
                (true, false) => {
                    let _ = writeln!(out, " MI BOUND {key}");
                }
                (false, _) if l != 0.0 => {
                    let _ = writeln!(out, " LO BOUND {key} {l:?}");
                }
                _ => {}
            }
            if !inf(u) {
                let _ = writeln!(out, " UP BOUND {key} {u:?}");
            }
        }
        out.push_str("ENDATA\n");
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of row and column bound, an entry summed from two, a column with no entry.
    fn every_kind() -> Lp {
        let inf = f64::INFINITY;
        let mut b = LpBuilder::default();
        let c = |k, p| Key::seg(Col::Starts, k, p);
        b.col(c(0, 0), 0.0, inf, 1.5);
        b.col(c(0, 1), 0.0, 2.0, 0.0);
        b.col(c(1, 0), -inf, inf, -0.1);
        b.col(c(1, 1), -inf, 3.0, 0.0);
        b.col(c(2, 0), 0.25, inf, 0.0);
        b.col(c(2, 1), -1.0, 1.0 / 3.0, 0.0);
        b.col(c(3, 0), 7.0, 7.0, 2.0);
        b.col(Key::at(Col::Treasury, 4), 0.0, inf, 0.0);
        let rows = [
            (Row::Treasury, 5.0, 5.0),
            (Row::Fleet, 0.0, inf),
            (Row::Hosting, -inf, 1e-10),
            (Row::Change, -2.0, 0.375),
            (Row::MinSpend, -3.0, -9.0 / 11.0),
            (Row::MaxSpend, -3.0, 7.0 / 3.0),
            (Row::NeverFalls, -inf, inf),
        ];
        for (n, (kind, lower, upper)) in rows.into_iter().enumerate() {
            let r = b.row(Key::at(kind, n), lower, upper);
            b.coef(r, c(n % 4, 0), 0.1 + n as f64);
            b.coef(r, c(2, 1), -(n as f64) / 9.0);
        }
        b.coef(0, c(2, 1), 0.5);
        b.build()
    }

    /// A reader of the free MPS that [`Lp::to_mps`] writes: rows and columns by name, with
    /// their bounds, costs and entries.
    #[allow(clippy::type_complexity)]
    fn read(
        mps: &str,
    ) -> (
        Vec<(String, f64, f64)>,
        Vec<(String, f64, f64, f64)>,
        Vec<(String, String, f64)>,
    ) {
        let inf = f64::INFINITY;
        let (mut rows, mut cols, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        let mut kinds = HashMap::new();
        let mut section = "";
        let num = |s: &str| s.parse::<f64>().unwrap();
        let at = |v: &Vec<(String, f64, f64)>, name: &str| v.iter().position(|r| r.0 == name);
        for line in mps.lines().filter(|l| !l.starts_with('*')) {
            if !line.starts_with(' ') {
                section = line.split_whitespace().next().unwrap();
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            match section {
                "ROWS" if f[1] != "objective" => {
                    let (l, u) = match f[0] {
                        "E" => (0.0, 0.0),
                        "G" => (0.0, inf),
                        "L" => (-inf, 0.0),
                        _ => (-inf, inf),
                    };
                    kinds.insert(f[1].to_string(), f[0].to_string());
                    rows.push((f[1].to_string(), l, u));
                }
                "COLUMNS" => {
                    if cols
                        .last()
                        .is_none_or(|c: &(String, f64, f64, f64)| c.0 != f[0])
                    {
                        cols.push((f[0].to_string(), 0.0, inf, 0.0));
                    }
                    let v = num(f[2]);
                    if f[1] == "objective" {
                        cols.last_mut().unwrap().3 = v;
                    } else {
                        entries.push((f[0].to_string(), f[1].to_string(), v));
                    }
                }
                "RHS" => {
                    let r = at(&rows, f[1]).unwrap();
                    let v = num(f[2]);
                    match kinds[f[1]].as_str() {
                        "E" => (rows[r].1, rows[r].2) = (v, v),
                        "G" => rows[r].1 = v,
                        _ => rows[r].2 = v,
                    }
                }
                "RANGES" => {
                    let r = at(&rows, f[1]).unwrap();
                    match kinds[f[1]].as_str() {
                        "G" => rows[r].2 = rows[r].1 + num(f[2]),
                        _ => rows[r].1 = rows[r].2 - num(f[2]),
                    }
                }
                "BOUNDS" => {
                    let c = cols.iter_mut().find(|c| c.0 == f[2]).unwrap();
                    match f[0] {
                        "FX" => (c.1, c.2) = (num(f[3]), num(f[3])),
                        "FR" => (c.1, c.2) = (-inf, inf),
                        "MI" => c.1 = -inf,
                        "LO" => c.1 = num(f[3]),
                        "UP" => c.2 = num(f[3]),
                        other => panic!("bound {other}"),
                    }
                }
                _ => {}
            }
        }
        (rows, cols, entries)
    }

    #[test]
    fn a_programme_in_mps_reads_back_as_itself() {
        let lp = every_kind();
        let mps = lp.to_mps(&["two\nlines".into(), "three".into()]);
        assert!(mps.starts_with(
            "* two lines\n* three\n* MAXIMISE the row `objective`: 7 rows, 8 columns"
        ));
        let (rows, cols, entries) = read(&mps);
        let want_rows: Vec<(String, f64, f64)> = (0..lp.n_rows())
            .map(|r| (lp.rows[r].to_string(), lp.row_lower[r], lp.row_upper[r]))
            .collect();
        assert_eq!(rows[..5], want_rows[..5]);
        assert_eq!(rows[6], want_rows[6]);
        let (far, want) = (rows[5].2, want_rows[5].2);
        assert!(
            rows[5].1 == want_rows[5].1 && far != want && (far - want).abs() <= want * f64::EPSILON
        );
        let want_cols: Vec<(String, f64, f64, f64)> = (0..lp.n_cols())
            .map(|j| {
                (
                    lp.cols[j].to_string(),
                    lp.col_lower[j],
                    lp.col_upper[j],
                    lp.cost[j],
                )
            })
            .collect();
        assert_eq!(cols, want_cols);
        let want_entries: Vec<(String, String, f64)> = (0..lp.n_cols())
            .flat_map(|j| (lp.col_start[j]..lp.col_start[j + 1]).map(move |e| (j, e)))
            .map(|(j, e)| {
                (
                    lp.cols[j].to_string(),
                    lp.rows[lp.row_idx[e]].to_string(),
                    lp.value[e],
                )
            })
            .collect();
        assert_eq!(entries, want_entries);
        // The fixed column is FX, the free row is N; the ranged rows read back exactly as G
        // rows (−2 + 2.375) and as an L row (−3 + (−9/11 + 3) is not −9/11, −9/11 − (−9/11 + 3)
        // is −3) — and as a G row an ulp off where neither is exact (−3 and 7/3).
        assert!(mps.contains(" FX BOUND Starts[3]@0 7.0\n"));
        assert!(mps.contains(" N NeverFalls@6\n"));
        assert!(mps.contains(" G Change@3\n") && mps.contains(" RANGE Change@3 2.375\n"));
        assert!(mps.contains(" L MinSpend@4\n"));
        assert!(mps.contains(" G MaxSpend@5\n"));
        assert!(
            mps.contains(" Treasury@4 objective 0.0\n"),
            "a column with no entry is listed"
        );
    }
}
