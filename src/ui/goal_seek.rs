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

use egui::{ComboBox, RichText, ScrollArea, TextEdit, Ui};

use super::analysis::job::{Job, Poll};
use super::command::Command;
use super::editor::{Unit, number_ui, param_unit};
use crate::engine::Outcome;
use crate::engine::goalseek::{Seek, SeekAnswer, default_bounds, goal_seek};
use crate::engine::metrics::{kpi_values, metric, metric_unit};
use crate::model::{ParamValue, Scenario, params};

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
    job: Option<Job<Result<SeekAnswer, String>>>,
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

    fn choose(&mut self, s: &Scenario, path: String) {
        if let Some((lo, hi)) = default_bounds(s, &path) {
            (self.low, self.high) = (lo, hi);
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
            Poll::Done(r) => r,
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

/// The unit of parameter `path` in `s`, and its value.
fn param_info(s: &Scenario, path: &str) -> Option<(String, f64)> {
    params(s).into_iter().find_map(|p| match p.value {
        ParamValue::Number(x) if p.path == path => Some((p.unit, x)),
        _ => None,
    })
}

fn parameter_ui(ui: &mut Ui, d: &mut GoalSeekDialog, s: &Scenario) {
    let l = ui.label("Find a parameter");
    ui.add(
        TextEdit::singleline(&mut d.search)
            .hint_text("e.g. capex, Power, lead_time")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    let needle = d.search.trim().to_lowercase();
    let numbers: Vec<(String, String, f64)> = params(s)
        .into_iter()
        .filter_map(|p| match p.value {
            ParamValue::Number(x) if p.path.to_lowercase().contains(&needle) => {
                Some((p.path, p.unit, x))
            }
            _ => None,
        })
        .collect();
    let mut chosen = None;
    ScrollArea::vertical()
        .id_salt("goal-seek-params")
        .max_height(140.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (path, unit, x) in &numbers {
                let selected = d.path.as_deref() == Some(path.as_str());
                if ui
                    .selectable_label(selected, path)
                    .on_hover_text(format!("Now {}", param_unit(unit).show(*x)))
                    .clicked()
                {
                    chosen = Some(path.clone());
                }
            }
            if numbers.is_empty() {
                ui.weak("No number's path contains that.");
            }
        });
    if let Some(p) = chosen {
        d.choose(s, p);
    }
    match d
        .path
        .as_deref()
        .and_then(|p| param_info(s, p).map(|i| (p, i)))
    {
        Some((p, (unit, x))) => {
            ui.label(format!("Parameter: {p}, now {}", param_unit(&unit).show(x)));
        }
        None => {
            ui.weak("Pick the parameter to vary from the list.");
        }
    }
}

fn metric_ui(ui: &mut Ui, d: &mut GoalSeekDialog, o: Option<&Outcome>) {
    let Some(o) = o else {
        ui.weak("The scenario has no valid result to take metrics from.");
        return;
    };
    let before = d.metric.clone();
    ui.horizontal(|ui| {
        let l = ui.label("Metric kind");
        let mut series = matches!(d.metric, Metric::Series(..));
        let r = ui.radio_value(&mut series, false, "A KPI");
        r.labelled_by(l.id);
        ui.radio_value(&mut series, true, "A series in a year");
        match (&d.metric, series) {
            (Metric::Kpi(_), true) => {
                let year = o.horizon.map_or(2030, |h| h.end_year);
                d.metric = Metric::Series("delivered compute".to_owned(), year);
            }
            (Metric::Series(..), false) => d.metric = Metric::Kpi("compute_end".to_owned()),
            _ => {}
        }
    });
    match &mut d.metric {
        Metric::Kpi(key) => {
            let kpis = kpi_values(o);
            let shown = kpis
                .iter()
                .find(|k| k.key == *key)
                .map_or(key.clone(), |k| k.label.clone());
            let l = ui.label("KPI to reach");
            ComboBox::from_id_salt("goal-seek-kpi")
                .selected_text(shown)
                .height(300.0)
                .show_ui(ui, |ui| {
                    for k in &kpis {
                        ui.selectable_value(key, k.key.clone(), &k.label);
                    }
                })
                .response
                .labelled_by(l.id);
        }
        Metric::Series(name, year) => {
            let l = ui.label("Series to reach");
            ComboBox::from_id_salt("goal-seek-series")
                .selected_text(name.clone())
                .height(300.0)
                .show_ui(ui, |ui| {
                    for c in o.columns() {
                        ui.selectable_value(name, c.name.clone(), &c.name);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.horizontal(|ui| {
                let l = ui.label("Year to reach");
                let (lo, hi) = o
                    .horizon
                    .map_or((1900, 2300), |h| (h.start_year, h.end_year));
                ui.add(egui::DragValue::new(year).range(lo..=hi).speed(0.1))
                    .labelled_by(l.id);
            });
        }
    }
    let key = d.metric.key();
    let now = metric(o, &key);
    if d.metric != before {
        // A new metric: start from its present value.
        d.target = now.unwrap_or(d.target);
        d.answer = None;
    }
    let unit = metric_unit(o, &key).unwrap_or_default();
    let u = param_unit(&unit);
    ui.horizontal(|ui| {
        let l = ui.label("Target");
        number_ui(ui, &mut d.target, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        if let Some(v) = now {
            ui.weak(format!("now {}", u.show(v)));
        }
    });
}

fn bounds_ui(ui: &mut Ui, d: &mut GoalSeekDialog, s: &Scenario) {
    let Some((unit, _)) = d.path.as_deref().and_then(|p| param_info(s, p)) else {
        return;
    };
    let u = param_unit(&unit);
    ui.horizontal(|ui| {
        let l = ui.label("Lowest value");
        number_ui(ui, &mut d.low, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        let l = ui.label("Highest value");
        number_ui(ui, &mut d.high, u, f64::MIN..=f64::MAX).labelled_by(l.id);
        if ui
            .button("Reset")
            .on_hover_text(
                "The driver's range if the number is uncertain, else zero to twice its value",
            )
            .clicked()
            && let Some(p) = d.path.clone()
        {
            d.choose(s, p);
        }
    });
}

fn answer_ui(
    ui: &mut Ui,
    d: &GoalSeekDialog,
    s: &Scenario,
    o: Option<&Outcome>,
    out: &mut Vec<Command>,
) {
    let Some((q, answer)) = &d.answer else {
        return;
    };
    let p_unit = param_info(s, &q.path).map_or_else(String::new, |(u, _)| u);
    let pu: Unit<'_> = param_unit(&p_unit);
    let m_unit = o
        .and_then(|o| metric_unit(o, &q.metric))
        .unwrap_or_default();
    let mu = param_unit(&m_unit);
    match answer {
        Ok(SeekAnswer::Found {
            value,
            achieved,
            evaluations,
        }) => {
            ui.label(
                RichText::new(format!(
                    "Found: {} = {} gives {} = {}",
                    q.path,
                    pu.show(*value),
                    q.metric,
                    mu.show(*achieved)
                ))
                .strong(),
            );
            ui.weak(format!("{evaluations} simulations"));
            if (achieved - q.target).abs() > 1e-6 * q.target.abs().max(1.0) {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "The metric steps across {} here rather than reaching it: no value \
                         within the bounds gives it exactly.",
                        mu.show(q.target)
                    ),
                );
            }
            if ui
                .button(format!("Apply {}", pu.show(*value)))
                .on_hover_text("Set the parameter to this value (one undo step)")
                .clicked()
            {
                out.push(Command::SetParameter {
                    doc: d.doc,
                    path: q.path.clone(),
                    value: *value,
                });
            }
        }
        Ok(SeekAnswer::Unreachable {
            min_metric,
            max_metric,
            closest_value,
            closest_metric,
        }) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Unreachable within bounds: the metric ranges from {} to {}",
                    mu.show(*min_metric),
                    mu.show(*max_metric)
                ),
            );
            ui.weak(format!(
                "Closest: {} = {} gives {}. Widen the bounds or pick another parameter.",
                q.path,
                pu.show(*closest_value),
                mu.show(*closest_metric)
            ));
        }
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
}
