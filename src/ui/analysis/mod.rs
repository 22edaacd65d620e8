//! Background analysis of one document: Monte Carlo, the tornado chart, the drivers'
//! importance (rank correlation and Sobol' indices) and the optimal plan (a linear programme:
//! the gap of the scenario's allocation to it, its marginal values — "what one more billion
//! buys" — and, for an `Optimal` scenario, the outcome shown), each
//! computed by the engine on a worker thread ([`job`]) and kept until the scenario or the
//! settings change.
//!
//! Every frame the app calls [`AnalysisState::update`] with the document's scenario:
//!
//! - An edit (or a change of settings) makes the affected results stale and cancels their
//!   running jobs at once — a newer edit always wins. Stale results stay on screen, marked,
//!   until the new ones arrive.
//! - Runs start once nothing has changed for [`DEBOUNCE_SECONDS`] ([`debounce`]), only for a
//!   valid scenario, and only for the visible document. A document's first run starts at once.
//! - Cancel stops every running job and holds: nothing reruns until the next edit or Run.
//!
//! Each result has its own [`Slot`] so that choosing another tornado KPI reruns the tornado
//! and the importance alone, and new samples rerun Monte Carlo alone (a new seed reruns
//! Monte Carlo and the importance, whose design it draws). The UI thread only polls
//! channels and reads an atomic counter for the progress bar; no frame waits for a worker
//! (only the app's drop does, once: see [`job::Workers`]).

pub mod debounce;
pub mod job;

use std::sync::Arc;
use std::time::Duration;

use crate::engine::importance::{Importance, importance};
use crate::engine::metrics::AnalysisError;
use crate::engine::montecarlo::{FanSeries, McError, McResult, McSettings, monte_carlo};
use crate::engine::optimal::{Gap, Options, Plan, is_optimal, optimise};
use crate::engine::sensitivity::{Tornado, tornado_with};
use crate::engine::{Outcome, simulate};
use crate::model::Scenario;
use debounce::Debounce;
use job::{Job, Poll};

/// Runs `$body` on each of the four slots (they hold different result types).
macro_rules! for_each_slot {
    ($state:expr, |$slot:ident| $body:expr) => {{
        {
            let $slot = &mut $state.mc;
            $body;
        }
        {
            let $slot = &mut $state.tornado;
            $body;
        }
        {
            let $slot = &mut $state.importance;
            $body;
        }
        {
            let $slot = &mut $state.optimum;
            $body;
        }
    }};
}

/// Samples of a window run unless the person picks another number.
pub const DEFAULT_SAMPLES: usize = 2_000;
/// Most samples the window runs (each sample keeps every series per year in memory; larger
/// sweeps belong to `buildout mc`, which can split them by seed range).
pub const MAX_SAMPLES: usize = 20_000;
/// Seconds without an edit before stale results are recomputed.
pub const DEBOUNCE_SECONDS: f64 = 0.8;
/// Base rows of the importance's Saltelli design: `IMPORTANCE_ROWS · (drivers + 2)` runs
/// (3,072 for the default scenario's ten drivers), a few seconds in the background. Sobol'
/// indices from it are good to a few hundredths; `buildout tornado --importance --samples N`
/// takes more.
pub const IMPORTANCE_ROWS: usize = 256;

/// What to compute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub samples: usize,
    pub seed: u64,
    /// The tornado's metric (a KPI key or `SERIES@YEAR`).
    pub tornado_metric: String,
    /// The series Monte Carlo keeps per sample for the fan chart (a column name).
    pub fan_series: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            samples: DEFAULT_SAMPLES,
            seed: 1,
            tornado_metric: "compute_end".to_owned(),
            fan_series: "delivered compute".to_owned(),
        }
    }
}

/// The optimal plan of a scenario, simulated: what the KPI strip measures the allocation
/// against and, for an `Optimal` scenario, the outcome the window shows.
#[derive(Clone, Debug)]
pub struct Optimum {
    pub gap: Gap,
    pub plan: Plan,
    /// The plan's schedule, simulated.
    pub outcome: Outcome,
}

impl Optimum {
    /// Solves `s`'s optimal plan and simulates it (and `s` as it stands, for the gap).
    pub fn solve(s: &Scenario) -> Result<Self, crate::engine::optimal::OptimalError> {
        let plan = optimise(s, &Options::default())?;
        let outcome = simulate(&plan.apply(s));
        let own = if is_optimal(s) {
            None
        } else {
            Some(simulate(s))
        };
        let gap = Gap::between(
            s,
            plan.objective,
            &outcome,
            own.as_ref().unwrap_or(&outcome),
        );
        Ok(Self { gap, plan, outcome })
    }
}

/// Where one result stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Never run.
    Idle,
    /// Stale, waiting for edits to settle (or for a valid scenario).
    Waiting,
    Running,
    Done,
    Cancelled,
    Failed(String),
}

/// Why a job ended without a result.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Stop {
    Cancelled,
    Failed(String),
}

/// One background result: the latest value, which inputs it was computed for, and the job
/// computing the wanted one.
pub struct Slot<T> {
    result: Option<T>,
    status: Status,
    /// Revision of the inputs wanted now, of `result`, and of the running job.
    wanted: u64,
    done: Option<u64>,
    job: Option<(u64, Job<Result<T, Stop>>)>,
    /// Revision of the scenario wanted now, of `result`, and of the running job: a result
    /// stale only because a run setting changed is still for the scenario on screen.
    wanted_scenario: u64,
    done_scenario: Option<u64>,
    job_scenario: u64,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self {
            result: None,
            status: Status::Idle,
            wanted: 0,
            done: None,
            job: None,
            wanted_scenario: 0,
            done_scenario: None,
            job_scenario: 0,
        }
    }
}

impl<T> Slot<T> {
    /// The latest result (possibly stale: see [`Self::is_fresh`]).
    pub fn result(&self) -> Option<&T> {
        self.result.as_ref()
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether the result belongs to the current scenario and settings.
    pub fn is_fresh(&self) -> bool {
        self.done == Some(self.wanted)
    }

    /// The revision of the inputs the result was computed for, if there is a result (a
    /// token: two results with the same one are the same).
    pub fn result_revision(&self) -> Option<u64> {
        self.result.as_ref().and(self.done)
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the result was computed for an earlier version of the scenario (not merely
    /// with other run settings).
    pub fn is_for_earlier_scenario(&self) -> bool {
        self.result.is_some() && self.done_scenario != Some(self.wanted_scenario)
    }

    /// Steps done and in all of the running job (total 0: unknown).
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job.as_ref().map(|(_, j)| j.progress())
    }

    /// New inputs (`scenario`: the revision of the scenario among them): the result is stale
    /// and a job for older inputs is dropped (cancelled).
    fn want(&mut self, revision: u64, scenario: u64) {
        self.wanted = revision;
        self.wanted_scenario = scenario;
        if self.job.as_ref().is_some_and(|(r, _)| *r != revision) {
            self.job = None;
        }
        if !self.is_fresh() && self.job.is_none() {
            self.status = Status::Waiting;
        }
    }

    /// Takes in a finished job's result.
    fn poll(&mut self) {
        let Some((revision, job)) = &self.job else {
            return;
        };
        let revision = *revision;
        match job.poll() {
            Poll::Running => return,
            Poll::Done(Ok(v)) => {
                self.result = Some(v);
                self.done = Some(revision);
                self.done_scenario = Some(self.job_scenario);
                self.status = Status::Done;
            }
            Poll::Done(Err(Stop::Cancelled)) => self.status = Status::Cancelled,
            Poll::Done(Err(Stop::Failed(e))) => {
                // A result for other inputs would mislead: the message replaces it.
                self.result = None;
                self.done = Some(revision);
                self.status = Status::Failed(e);
            }
            Poll::Lost => {
                self.result = None;
                self.done = Some(revision);
                self.status = Status::Failed("the computation stopped unexpectedly".to_owned());
            }
        }
        self.job = None;
    }

    fn needs_run(&self) -> bool {
        !self.is_fresh() && self.job.is_none()
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        total: usize,
        work: impl FnOnce(&job::Control) -> Result<T, Stop> + Send + 'static,
    ) where
        T: Send + 'static,
    {
        match Job::spawn(ctx, name, total, work) {
            Ok(job) => {
                self.job = Some((self.wanted, job));
                self.job_scenario = self.wanted_scenario;
                self.status = Status::Running;
            }
            Err(e) => {
                self.done = Some(self.wanted);
                self.status = Status::Failed(e);
            }
        }
    }

    fn cancel(&mut self) {
        if self.job.take().is_some() {
            self.status = Status::Cancelled;
        }
    }
}

/// The background analysis of one document.
pub struct AnalysisState {
    pub settings: Settings,
    pub mc: Slot<Arc<McResult>>,
    pub tornado: Slot<Tornado>,
    pub importance: Slot<Importance>,
    /// The optimal plan: the scenario's allocation against it, in the objective's units, and
    /// for an `Optimal` scenario the outcome shown.
    pub optimum: Slot<Optimum>,
    debounce: Debounce,
    /// The scenario and settings of the last update.
    seen: Option<(Scenario, Settings)>,
    revision: u64,
    /// Counts changes of the scenario alone (not of the settings).
    scenario_revision: u64,
    /// Set by Cancel: nothing starts until the next change or Run.
    held: bool,
    /// Whether the last update's scenario was valid and visible (runs could start).
    runnable: bool,
    /// Run now was asked for: the next update starts without waiting.
    run_asked: bool,
}

impl Default for AnalysisState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            mc: Slot::default(),
            tornado: Slot::default(),
            importance: Slot::default(),
            optimum: Slot::default(),
            debounce: Debounce::new(DEBOUNCE_SECONDS),
            seen: None,
            revision: 0,
            scenario_revision: 0,
            held: false,
            runnable: false,
            run_asked: false,
        }
    }
}

impl AnalysisState {
    /// Notices changes, takes in finished results and starts what is due (see the module
    /// docs). `valid`: the scenario has no issues; `visible`: its document is shown.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        now: f64,
        scenario: &Scenario,
        valid: bool,
        visible: bool,
    ) {
        self.notice_changes(now, scenario);
        if std::mem::take(&mut self.run_asked) {
            // After the changes are noticed: settings changed with Run now start at once.
            self.held = false;
            self.debounce.settle();
        }
        for_each_slot!(self, |slot| slot.poll());
        self.runnable = valid && visible;
        if !self.runnable || self.held {
            return;
        }
        if let Some(wait) = self.debounce.remaining(now) {
            if self.needs_run() {
                ctx.request_repaint_after(Duration::from_secs_f64(wait));
            }
        } else {
            self.start_due(ctx, scenario);
        }
        if self.is_running() {
            // The progress bar moves while the workers count.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn notice_changes(&mut self, now: f64, scenario: &Scenario) {
        let first = self.seen.is_none();
        let (scenario_changed, settings) = match &self.seen {
            None => (true, None),
            Some((s, settings)) => (s != scenario, Some(settings.clone())),
        };
        let mc_changed = settings.as_ref().is_none_or(|p| {
            (p.samples, p.seed, &p.fan_series)
                != (
                    self.settings.samples,
                    self.settings.seed,
                    &self.settings.fan_series,
                )
        });
        let tornado_changed = settings
            .as_ref()
            .is_none_or(|p| p.tornado_metric != self.settings.tornado_metric);
        let seed_changed = settings
            .as_ref()
            .is_none_or(|p| p.seed != self.settings.seed);
        if !(scenario_changed || mc_changed || tornado_changed) {
            return;
        }
        self.revision += 1;
        if scenario_changed {
            self.scenario_revision += 1;
        }
        let (r, sr) = (self.revision, self.scenario_revision);
        if scenario_changed || mc_changed {
            self.mc.want(r, sr);
        }
        if scenario_changed || tornado_changed {
            self.tornado.want(r, sr);
        }
        if scenario_changed || tornado_changed || seed_changed {
            self.importance.want(r, sr);
        }
        if scenario_changed {
            self.optimum.want(r, sr);
        }
        if scenario_changed {
            self.seen = Some((scenario.clone(), self.settings.clone()));
        } else if let Some((_, s)) = &mut self.seen {
            s.clone_from(&self.settings);
        }
        self.held = false;
        if !first {
            self.debounce.poke(now);
        }
    }

    fn start_due(&mut self, ctx: &egui::Context, scenario: &Scenario) {
        if !self.needs_run() {
            return;
        }
        let s = Arc::new(scenario.clone());
        if self.tornado.needs_run() {
            let (s, metric) = (s.clone(), self.settings.tornado_metric.clone());
            // Two ends per driver; each re-optimises an optimal scenario, so a superseded
            // tornado stops (dropping its job sets the flag).
            let ends = 2 * s.uncertainty.len();
            self.tornado.start(ctx, "tornado", ends, move |c| {
                match tornado_with(&s, &metric, &c.progress, &c.cancel) {
                    Ok(t) => Ok(t),
                    Err(AnalysisError::Cancelled) => Err(Stop::Cancelled),
                    Err(e) => Err(Stop::Failed(e.to_string())),
                }
            });
        }
        if self.importance.needs_run() {
            let (s, metric, seed) = (
                s.clone(),
                self.settings.tornado_metric.clone(),
                self.settings.seed,
            );
            let runs = IMPORTANCE_ROWS * (s.uncertainty.len() + 2);
            self.importance.start(ctx, "importance", runs, move |c| {
                match importance(&s, &metric, IMPORTANCE_ROWS, seed, &c.progress, &c.cancel) {
                    Ok(r) => Ok(r),
                    Err(AnalysisError::Cancelled) => Err(Stop::Cancelled),
                    Err(e) => Err(Stop::Failed(e.to_string())),
                }
            });
        }
        if self.optimum.needs_run() {
            // The solve cannot be interrupted; a superseded one is abandoned (its job dropped).
            let s = s.clone();
            self.optimum.start(ctx, "optimum", 0, move |_| {
                Optimum::solve(&s).map_err(|e| Stop::Failed(e.to_string()))
            });
        }
        if self.mc.needs_run() {
            let settings = McSettings {
                samples: self.settings.samples.clamp(1, MAX_SAMPLES),
                seed: self.settings.seed,
                first_sample: 0,
                reoptimise: false,
            };
            let fan = FanSeries::Named(vec![self.settings.fan_series.clone()]);
            self.mc.start(
                ctx,
                "monte-carlo",
                settings.samples,
                move |c| match monte_carlo(&s, settings, &fan, &c.progress, &c.cancel) {
                    Ok(r) => Ok(Arc::new(r)),
                    Err(McError::Cancelled) => Err(Stop::Cancelled),
                    Err(e) => Err(Stop::Failed(e.to_string())),
                },
            );
        }
    }

    fn needs_run(&self) -> bool {
        self.mc.needs_run()
            || self.tornado.needs_run()
            || self.importance.needs_run()
            || self.optimum.needs_run()
    }

    /// Whether any job is running.
    pub fn is_running(&self) -> bool {
        self.mc.is_running()
            || self.tornado.is_running()
            || self.importance.is_running()
            || self.optimum.is_running()
    }

    /// Whether work is running or due to start (for the `--screenshot` run, which waits).
    pub fn is_busy(&self) -> bool {
        self.is_running() || (self.runnable && !self.held && self.needs_run())
    }

    /// Whether Cancel held the runs.
    pub fn is_held(&self) -> bool {
        self.held
    }

    /// Whether the last update could start runs (the scenario was valid and shown).
    pub fn is_runnable(&self) -> bool {
        self.runnable
    }

    /// Stops every running job; nothing reruns until the next change or [`Self::run_now`].
    pub fn cancel(&mut self) {
        for_each_slot!(self, |slot| slot.cancel());
        self.held = true;
    }

    /// Starts stale results at the next update, without waiting for edits to settle (and
    /// after a Cancel).
    pub fn run_now(&mut self) {
        self.run_asked = true;
    }
}

#[cfg(test)]
mod tests;
