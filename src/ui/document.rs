//! One open scenario: its file, its edits, its undo history, its latest outcome and its
//! background analysis.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::util::undoer::{Settings as UndoSettings, Undoer};

use crate::engine::optimal::is_optimal;
use crate::engine::{Outcome, simulate};
use crate::io::FileStamp;
use crate::model::{Issue, Scenario, validate};

use super::analysis::AnalysisState;
use super::editor::EditorState;
use super::kpi::cap_warnings;
use crate::format::kpi_rows;

/// What an `Optimal` document shows while its plan is not (yet) solved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The result of the `Balanced` rule, the seed of the optimisation.
    Seed,
    /// The plan of an earlier version of the scenario.
    EarlierPlan,
}

/// Where the optimal plan of a document stands ([`Document::plan_state`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanState {
    /// The allocation is not `Optimal`: the outcome is the scenario's own.
    NotOptimal,
    /// The outcome shown is the current scenario's optimal plan.
    Shown,
    /// Being solved (or waiting for edits to settle).
    Solving(Shown),
    /// No optimal plan exists for the current scenario: why.
    Failed(String, Shown),
}

impl PlanState {
    /// The line the window shows above the plots, if any.
    pub fn message(&self) -> Option<String> {
        let shown = |s: &Shown| match s {
            Shown::Seed => "the Balanced rule's result (the seed of the optimisation) is shown",
            Shown::EarlierPlan => "the plan of the previous version is shown",
        };
        match self {
            Self::NotOptimal | Self::Shown => None,
            Self::Solving(s) => Some(format!(
                "Solving the optimal plan… until it is ready, {}",
                shown(s)
            )),
            Self::Failed(e, s) => Some(format!("No optimal plan: {e}. Meanwhile {}", shown(s))),
        }
    }
}

/// An open scenario.
pub struct Document {
    /// Unique within a run, for tabs and commands.
    pub id: u64,
    pub scenario: Scenario,
    /// The file it was loaded from or last saved to.
    pub path: Option<PathBuf>,
    /// The scenario as it is on disk (or as created), to tell whether there are unsaved edits;
    /// `None` when that is unknown (a restored document), which counts as unsaved.
    saved: Option<Scenario>,
    /// The file as this document last read or wrote it, to notice changes made by others.
    pub disk: Option<FileStamp>,
    /// The text the scenario was loaded from or last saved as, which the next save patches
    /// (`None` for a new scenario, written afresh).
    pub source: Option<String>,
    /// The file changed on disk since: its new stamp (`None`: it is gone). Cleared by Reload
    /// or Keep mine.
    pub disk_change: Option<Option<FileStamp>>,
    undoer: Undoer<Scenario>,
    /// The scenario that `issues` and `outcome` were computed for.
    checked: Option<Scenario>,
    /// Validation problems of the current scenario.
    pub issues: Vec<Issue>,
    /// The outcome of the last valid version of the scenario. For an `Optimal` scenario, the
    /// outcome of its optimal plan, solved in the background ([`Self::take_plan`]); until the
    /// first plan arrives, what the `Balanced` rule (the optimisation's seed) gives.
    pub outcome: Option<Outcome>,
    /// For an `Optimal` scenario: the optimum (its result revision) whose outcome `outcome`
    /// is; `None` while `outcome` is not a plan's.
    plan_shown: Option<u64>,
    pub editor: EditorState,
    /// Monte Carlo, tornado and marginal value, computed in the background.
    pub analysis: AnalysisState,
    /// The supply-cap warnings of the scenario as opened or last saved: the KPI strip folds
    /// those into a count and shows a cap warning an edit made new or changed.
    pub known_caps: Option<BTreeSet<String>>,
}

impl Document {
    pub fn new(id: u64, scenario: Scenario, path: Option<PathBuf>) -> Self {
        let mut doc = Self {
            id,
            saved: Some(scenario.clone()),
            scenario,
            path,
            disk: None,
            source: None,
            disk_change: None,
            undoer: Undoer::with_settings(UndoSettings {
                max_undos: 200,
                stable_time: 0.5,
                auto_save_interval: 30.0,
            }),
            checked: None,
            issues: Vec::new(),
            outcome: None,
            plan_shown: None,
            editor: EditorState::default(),
            analysis: AnalysisState::default(),
            known_caps: None,
        };
        doc.refresh();
        doc.remember_caps();
        doc
    }

    /// Takes the present supply-cap warnings as the known ones (at open and at save).
    fn remember_caps(&mut self) {
        if let Some(o) = &self.outcome {
            self.known_caps = Some(cap_warnings(&kpi_rows(&self.scenario, o)));
        }
    }

    /// A document restored from a recovery file: `saved` is its file as it is now, if it could
    /// be read (the document is unsaved unless it equals it); `disk` the file as the document
    /// knew it before the crash.
    pub fn recovered(
        id: u64,
        scenario: Scenario,
        path: Option<PathBuf>,
        saved: Option<Scenario>,
        disk: Option<FileStamp>,
    ) -> Self {
        let mut doc = Self::new(id, scenario, path);
        doc.saved = saved;
        doc.disk = disk;
        doc
    }

    /// Whether the scenario differs from the file on disk.
    pub fn is_dirty(&self) -> bool {
        self.saved.as_ref() != Some(&self.scenario)
    }

    /// Whether the shown outcome belongs to an earlier version (the current one is invalid,
    /// or its optimal plan is not solved yet).
    pub fn is_stale(&self) -> bool {
        !self.issues.is_empty()
            || matches!(
                self.plan_state(),
                PlanState::Solving(_) | PlanState::Failed(..)
            )
    }

    /// Where an `Optimal` scenario's plan stands.
    pub fn plan_state(&self) -> PlanState {
        if !is_optimal(&self.scenario) {
            return PlanState::NotOptimal;
        }
        let optimum = &self.analysis.optimum;
        let earlier = if self.plan_shown.is_some() {
            Shown::EarlierPlan
        } else {
            Shown::Seed
        };
        if optimum.is_fresh() {
            if let super::analysis::Status::Failed(e) = optimum.status() {
                return PlanState::Failed(e.clone(), earlier);
            }
            if self.plan_shown.is_some() && self.plan_shown == optimum.result_revision() {
                return PlanState::Shown;
            }
        }
        PlanState::Solving(earlier)
    }

    /// Shows the optimal plan's outcome once it is solved for the current scenario (an
    /// `Optimal` one); called every frame after the analysis is updated.
    pub fn take_plan(&mut self) {
        let optimum = &self.analysis.optimum;
        if !is_optimal(&self.scenario) || !self.issues.is_empty() || !optimum.is_fresh() {
            return;
        }
        if let (Some(r), Some(rev)) = (optimum.result(), optimum.result_revision())
            && self.plan_shown != Some(rev)
        {
            self.outcome = Some(r.outcome.clone());
            self.plan_shown = Some(rev);
            // The caps of a file as opened or saved are those of its plan.
            if !self.is_dirty() {
                self.remember_caps();
            }
        }
    }

    /// The file name, or "Untitled".
    pub fn file_name(&self) -> String {
        self.path.as_deref().and_then(Path::file_name).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// The tab label: scenario name, and `•` when unsaved.
    pub fn tab_label(&self) -> String {
        let dot = if self.is_dirty() { " •" } else { "" };
        format!("{}{dot}", self.scenario.name)
    }

    /// How the unsaved-changes questions name the document: its file (`“plan.ron”`), or its
    /// scenario when it has no file yet (`“Unsaved” (not saved yet)`).
    pub fn guard_name(&self) -> String {
        match self.path.as_deref().and_then(Path::file_name) {
            Some(n) => format!("“{}”", n.to_string_lossy()),
            None => format!("“{}” (not saved yet)", self.scenario.name),
        }
    }

    /// Revalidates and resimulates if the scenario changed since the last call.
    /// Returns whether anything was recomputed.
    pub fn refresh(&mut self) -> bool {
        if self.checked.as_ref() == Some(&self.scenario) {
            return false;
        }
        self.issues = validate(&self.scenario);
        if self.issues.is_empty() {
            let outcome = simulate(&self.scenario);
            // Numbers beyond f64 come only from absurd inputs: say so, never plot infinities.
            match outcome.first_non_finite() {
                // An optimal scenario keeps its last plan's outcome until the new one is
                // solved (it shows the seed only until the first one is).
                None if is_optimal(&self.scenario) && self.plan_shown.is_some() => {}
                None => {
                    self.outcome = Some(outcome);
                    self.plan_shown = None;
                }
                Some(what) => self.issues.push(Issue {
                    path: "outcome".to_owned(),
                    message: format!(
                        "the results grow beyond the largest number (about 1.8e308): {what}; \
                         look for an absurdly large or small number in the scenario"
                    ),
                }),
            }
        }
        self.checked = Some(self.scenario.clone());
        true
    }

    /// Records the current state for undo (an edit that keeps changing, such as a drag, becomes
    /// one step once it has been still for half a second).
    pub fn feed_undo(&mut self, time: f64) {
        self.undoer.feed_state(time, &self.scenario);
    }

    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.scenario)
    }

    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.scenario)
    }

    /// What Undo would undo, in words ("Power · lead time: 4 years to 5 years"), if anything.
    pub fn undo_name(&self) -> Option<String> {
        let mut u = self.undoer.clone();
        let previous = u.undo(&self.scenario)?;
        Some(describe_change(previous, &self.scenario))
    }

    /// What Redo would redo, in words.
    pub fn redo_name(&self) -> Option<String> {
        let mut u = self.undoer.clone();
        let next = u.redo(&self.scenario)?.clone();
        Some(describe_change(&self.scenario, &next))
    }

    pub fn undo(&mut self) {
        if let Some(previous) = self.undoer.undo(&self.scenario) {
            self.scenario = previous.clone();
        }
    }

    pub fn redo(&mut self) {
        if let Some(next) = self.undoer.redo(&self.scenario) {
            self.scenario = next.clone();
        }
    }

    /// Marks the current scenario as saved to `path` as `text`, which is now as `stamp` says.
    pub fn mark_saved(&mut self, path: PathBuf, stamp: Option<FileStamp>, text: String) {
        self.saved = Some(self.scenario.clone());
        self.source = Some(text);
        self.path = Some(path);
        self.disk = stamp;
        self.disk_change = None;
        self.refresh();
        self.remember_caps();
    }

    /// Replaces the scenario by the file's current content (Reload), read from `text`; undo
    /// brings the edits back.
    pub fn reload(&mut self, scenario: Scenario, stamp: FileStamp, text: String) {
        self.source = Some(text);
        self.scenario = scenario.clone();
        self.saved = Some(scenario);
        self.disk = Some(stamp);
        self.disk_change = None;
        self.refresh();
        self.remember_caps();
    }
}

/// The tab labels of `docs`, in order: [`Document::tab_label`], and where two tabs would read
/// alike (two files of one scenario), the file name after it: `Plan — a.ron`, `Plan — b.ron`.
/// Tabs that still read alike (two unsaved copies) are numbered.
pub fn tab_labels(docs: &[Document]) -> Vec<String> {
    let mut labels: Vec<String> = docs
        .iter()
        .map(|d| {
            let twin = docs
                .iter()
                .any(|o| o.id != d.id && o.scenario.name == d.scenario.name);
            if twin {
                let dot = if d.is_dirty() { " •" } else { "" };
                format!("{} — {}{dot}", d.scenario.name, d.file_name())
            } else {
                d.tab_label()
            }
        })
        .collect();
    crate::format::number_alike(&mut labels);
    labels
}

/// The change from `before` to `after` in words: the first parameter that differs, by name with
/// both values ("Power · lead time: 4 years to 5 years"), and how many others changed with it.
pub fn describe_change(before: &Scenario, after: &Scenario) -> String {
    use crate::model::{ParamValue, param_name, params};
    let old = params(before);
    let new = params(after);
    let mut changes = new.iter().filter_map(|p| {
        let was = old.iter().find(|o| o.path == p.path);
        match was {
            Some(o) if o.value == p.value => None,
            Some(o) => Some((p, Some(o))),
            None => Some((p, None)),
        }
    });
    let removed = old
        .iter()
        .filter(|o| !new.iter().any(|p| p.path == o.path))
        .count();
    let Some((first, was)) = changes.next() else {
        return if removed > 0 {
            format!("{removed} values removed")
        } else {
            "an edit".to_owned()
        };
    };
    // A distribution that followed its number is part of the same edit.
    let follower = format!("uncertainty[{}]", first.path);
    let more = changes.filter(|(p, _)| p.path != follower).count() + removed;
    let unit = crate::ui::editor::param_unit(&first.unit);
    let show = |v: &ParamValue| match v {
        ParamValue::Number(x) => unit.show(*x),
        ParamValue::Text(t) => format!("“{t}”"),
    };
    let what = match was {
        Some(o) => format!(
            "{}: {} to {}",
            param_name(&first.path),
            show(&o.value),
            show(&first.value)
        ),
        None => format!("{} added", param_name(&first.path)),
    };
    match more {
        0 => what,
        1 => format!("{what} and 1 more change"),
        n => format!("{what} and {n} more changes"),
    }
}
