//! The goal-seek dialog: "which value of this parameter makes this metric reach this target?"
//! — a parameter picked from the scenario's numbers (searchable), a metric (a KPI, or a series
//! in a year), a target, and the bounds to search (prefilled by
//! [`default_bounds`]). The engine's bracketing root finder ([`goal_seek`]) runs on a worker
//! thread; the answer is the value (with a button to apply it to the scenario, one undo step)
//! or, when the target is out of reach, the range the metric spans within the bounds.
//!
//! Inputs are named `Find a parameter`, `Metric kind`, `KPI to reach`, `Series to reach`,
//! `Year to reach`, `Target`, `Lowest value`, `Highest value`; buttons `Seek`, `Apply …`,
//! `Close`.

mod sections;

use egui::RichText;

use super::analysis::job::{Job, Poll};
use super::command::Command;
use crate::engine::Outcome;
use crate::engine::goalseek::{Seek, SeekAnswer, default_bounds, goal_seek};
use crate::engine::metrics::{AnalysisError, metric};
use crate::model::Scenario;
use sections::{answer_ui, bounds_ui, metric_ui, parameter_ui};

/// What the target is a value of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    /// A KPI by key.
    Kpi(String),
    /// A series (by name) at the end of a year (a flow: summed over it).
    Series(String, i32),
}

impl Metric {
    /// The engine's metric key: the KPI key or `SERIES@YEAR`.
    pub fn key(&self) -> String {
        match self {
            Self::Kpi(k) => k.clone(),
            Self::Series(s, y) => format!("{s}@{y}"),
        }
    }
}

/// The dialog's state, for one document.
pub struct GoalSeekDialog {
    /// The document it works on.
    pub doc: u64,
    pub search: String,
    /// The parameter, by path.
    pub path: Option<String>,
    pub metric: Metric,
    pub target: f64,
    pub low: f64,
    pub high: f64,
    job: Option<Job<Result<SeekAnswer, AnalysisError>>>,
    /// The last answer and the question it answers.
    pub answer: Option<(Seek, Result<SeekAnswer, String>)>,
    asked: Option<Seek>,
}

impl GoalSeekDialog {
    /// The dialog on document `doc`, on `path` if given (e.g. the tornado's widest bar), with
    /// the target at the metric's present value.
    pub fn new(
        doc: u64,
        s: &Scenario,
        o: Option<&Outcome>,
        path: Option<String>,
        kpi: &str,
    ) -> Self {
        let mut d = Self {
            doc,
            search: String::new(),
            path: None,
            metric: Metric::Kpi(kpi.to_owned()),
            target: o.and_then(|o| metric(o, kpi)).unwrap_or(0.0),
            low: 0.0,
            high: 1.0,
            job: None,
            answer: None,
            asked: None,
        };
        if let Some(p) = path {
            d.choose(s, p);
        }
        d
    }

    /// Picks the parameter at `path`, with its default bounds.
    fn choose(&mut self, s: &Scenario, path: String) {
        // The bounds always hold the number as it is now (a driver's fixed bounds may not).
        if let Some(bounds) = default_bounds(s, &path) {
            (self.low, self.high) = bounds;
        }
        self.path = Some(path);
        self.answer = None;
    }

    /// The question as it stands, if a parameter is chosen.
    pub fn question(&self) -> Option<Seek> {
        Some(Seek {
            path: self.path.clone()?,
            metric: self.metric.key(),
            target: self.target,
            low: self.low,
            high: self.high,
        })
    }

    /// Whether the seek is running.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Starts the seek on a worker thread.
    pub fn seek(&mut self, ctx: &egui::Context, s: &Scenario) {
        let Some(q) = self.question() else {
            return;
        };
        let (s, asked) = (s.clone(), q.clone());
        match Job::spawn(ctx, "goal-seek", 0, move |_| goal_seek(&s, &q)) {
            Ok(job) => {
                self.job = Some(job);
                self.asked = Some(asked);
            }
            Err(e) => self.answer = Some((asked, Err(e))),
        }
    }

    /// Takes in a finished seek.
    fn poll(&mut self) {
        let Some(job) = &self.job else {
            return;
        };
        let result = match job.poll() {
            Poll::Running => return,
            Poll::Done(r) => r.map_err(|e| e.to_string()),
            Poll::Lost => Err("the search stopped unexpectedly".to_owned()),
        };
        self.job = None;
        if let Some(q) = self.asked.take() {
            self.answer = Some((q, result));
        }
    }
}

/// Shows the dialog. Returns the commands it emits (Apply) and whether it was closed.
pub fn goal_seek_ui(
    ctx: &egui::Context,
    d: &mut GoalSeekDialog,
    s: &Scenario,
    o: Option<&Outcome>,
) -> (Vec<Command>, bool) {
    d.poll();
    if d.is_running() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    let mut out = Vec::new();
    let mut open = true;
    let mut close = false;
    egui::Window::new("Goal seek")
        .open(&mut open)
        .default_width(460.0)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(
                RichText::new("Which value of a parameter makes a metric reach a target?").weak(),
            );
            parameter_ui(ui, d, s);
            ui.separator();
            metric_ui(ui, d, o);
            ui.separator();
            bounds_ui(ui, d, s);
            ui.separator();
            answer_ui(ui, d, s, o, &mut out);
            ui.horizontal(|ui| {
                let ready = d.question().is_some() && !d.is_running();
                if ui
                    .add_enabled(ready, egui::Button::new("Seek"))
                    .on_disabled_hover_text("Pick a parameter first")
                    .clicked()
                {
                    d.seek(ctx, s);
                }
                if d.is_running() {
                    ui.spinner();
                    ui.label("Searching…");
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
            });
        });
    (out, close || !open)
}
