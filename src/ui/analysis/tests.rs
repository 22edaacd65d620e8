//! The analysis state with real worker threads on a tiny scenario: first run at once, edits
//! wait for the debounce and cancel what runs, Cancel holds, Run resumes.

use std::time::{Duration, Instant};

use super::*;
use crate::model::testing::tiny;
use crate::model::{Distribution, Driver};

fn uncertain_tiny() -> Scenario {
    let mut s = tiny();
    s.uncertainty = vec![Driver {
        path: "segments[Fabs].capex_usd_per_unit".into(),
        distribution: Distribution::Uniform {
            low: 8.0,
            high: 12.0,
        },
        fixed_bounds: false,
    }];
    s
}

/// A test's window: its workers, cancelled with the analysis state dropped before it, are
/// waited for when the test ends, so that the test binary never exits under a running solve
/// (see `crate::engine::optimal::close_solver`).
#[derive(Default)]
struct Window(egui::Context);

impl Drop for Window {
    fn drop(&mut self) {
        job::Workers::of(&self.0).wait(Duration::from_secs(10));
    }
}

/// Updates at time `now` until nothing runs (at most 20 s of wall time).
fn settle(a: &mut AnalysisState, ctx: &egui::Context, now: f64, s: &Scenario) {
    let start = Instant::now();
    a.update(ctx, now, s, true, true);
    while a.is_running() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
        a.update(ctx, now, s, true, true);
    }
}

#[test]
fn the_first_run_starts_at_once_and_fills_every_slot() {
    let window = Window::default();
    let ctx = &window.0;
    let s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.settings.samples = 50;
    a.update(ctx, 0.0, &s, true, true);
    assert!(a.is_running(), "no debounce before the first run");
    settle(&mut a, ctx, 0.0, &s);
    assert_eq!(a.mc.status(), &Status::Done);
    assert!(a.mc.is_fresh());
    assert_eq!(a.mc.result().map(|r| r.len()), Some(50));
    assert_eq!(a.tornado.status(), &Status::Done);
    assert_eq!(a.tornado.result().map(|t| t.bars.len()), Some(1));
    assert_eq!(a.optimum.status(), &Status::Done);
    assert!(!a.is_busy());
}

#[test]
fn an_edit_waits_for_the_debounce_then_reruns() {
    let window = Window::default();
    let ctx = &window.0;
    let mut s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.settings.samples = 20;
    settle(&mut a, ctx, 0.0, &s);
    s.segments[0].lead_time_years = 1.0;
    a.update(ctx, 10.0, &s, true, true);
    assert!(!a.is_running());
    assert!(!a.mc.is_fresh());
    assert_eq!(a.mc.status(), &Status::Waiting);
    // The old result stays on screen meanwhile.
    assert!(a.mc.result().is_some());
    a.update(ctx, 10.0 + DEBOUNCE_SECONDS / 2.0, &s, true, true);
    assert!(!a.is_running(), "still within the debounce");
    assert!(a.is_busy(), "a run is due");
    settle(&mut a, ctx, 10.0 + DEBOUNCE_SECONDS + 0.01, &s);
    assert!(
        a.mc.is_fresh() && a.tornado.is_fresh() && a.optimum.is_fresh(),
        "{:?} {:?} {:?}",
        a.mc.status(),
        a.tornado.status(),
        a.optimum.status()
    );
}

#[test]
fn an_invalid_or_hidden_scenario_does_not_run() {
    let window = Window::default();
    let ctx = &window.0;
    let s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.update(ctx, 0.0, &s, false, true);
    assert!(!a.is_running());
    a.update(ctx, 0.0, &s, true, false);
    assert!(!a.is_running());
    assert!(!a.is_busy());
}

#[test]
fn a_new_kpi_reruns_the_tornado_alone() {
    let window = Window::default();
    let ctx = &window.0;
    let s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.settings.samples = 20;
    settle(&mut a, ctx, 0.0, &s);
    a.settings.tornado_metric = "fleet_end".into();
    a.update(ctx, 1.0, &s, true, true);
    assert!(a.mc.is_fresh() && a.optimum.is_fresh());
    assert!(!a.tornado.is_fresh());
    settle(&mut a, ctx, 5.0, &s);
    assert_eq!(
        a.tornado.result().map(|t| t.metric.as_str()),
        Some("fleet_end")
    );
}

#[test]
fn cancel_stops_the_run_and_holds_until_the_next_edit_or_run() {
    let window = Window::default();
    let ctx = &window.0;
    let mut s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.settings.samples = MAX_SAMPLES;
    a.update(ctx, 0.0, &s, true, true);
    assert!(a.mc.is_running());
    a.cancel();
    assert_eq!(a.mc.status(), &Status::Cancelled);
    assert!(!a.is_running());
    a.update(ctx, 5.0, &s, true, true);
    assert!(!a.mc.is_running(), "held after Cancel");
    assert!(!a.is_busy());
    // An edit releases the hold (after the debounce).
    s.segments[0].lead_time_years = 1.0;
    a.settings.samples = 20;
    a.update(ctx, 6.0, &s, true, true);
    assert_eq!(a.mc.status(), &Status::Waiting);
    settle(&mut a, ctx, 7.0, &s);
    assert!(a.mc.is_fresh());
    // Run resumes after a Cancel without an edit.
    a.settings.samples = MAX_SAMPLES;
    a.update(ctx, 8.0, &s, true, true);
    a.run_now();
    a.update(ctx, 8.0, &s, true, true);
    assert!(a.mc.is_running());
    a.cancel();
    a.run_now();
    a.settings.samples = 30;
    a.update(ctx, 8.5, &s, true, true);
    settle(&mut a, ctx, 9.5, &s);
    assert_eq!(a.mc.result().map(|r| r.len()), Some(30));
}

#[test]
fn a_scenario_without_drivers_explains_itself() {
    let window = Window::default();
    let ctx = &window.0;
    let s = tiny();
    let mut a = AnalysisState::default();
    settle(&mut a, ctx, 0.0, &s);
    assert!(matches!(a.mc.status(), Status::Failed(m) if m.contains("no uncertain numbers")));
    assert!(a.mc.result().is_none());
    assert!(matches!(a.tornado.status(), Status::Failed(_)));
    // The optimal plan needs no drivers.
    assert_eq!(a.optimum.status(), &Status::Done);
}

#[test]
fn a_result_is_for_an_earlier_scenario_only_after_an_edit_not_a_setting() {
    let window = Window::default();
    let ctx = &window.0;
    let mut s = uncertain_tiny();
    let mut a = AnalysisState::default();
    a.settings.samples = 50;
    settle(&mut a, ctx, 0.0, &s);
    assert!(a.mc.is_fresh() && a.importance.is_fresh());
    assert!(!a.mc.is_for_earlier_scenario());
    // Another sample count: Monte Carlo is stale, but its result is still for this scenario.
    a.settings.samples = 60;
    a.update(ctx, 1.0, &s, true, true);
    assert!(!a.mc.is_fresh());
    assert!(!a.mc.is_for_earlier_scenario());
    settle(&mut a, ctx, 10.0, &s);
    assert!(a.mc.is_fresh());
    // An edit: every result is for the scenario before it until the reruns are in.
    s.segments[0].capex_usd_per_unit *= 1.1;
    a.update(ctx, 20.0, &s, true, true);
    for (name, earlier) in [
        ("mc", a.mc.is_for_earlier_scenario()),
        ("tornado", a.tornado.is_for_earlier_scenario()),
        ("importance", a.importance.is_for_earlier_scenario()),
        ("optimum", a.optimum.is_for_earlier_scenario()),
    ] {
        assert!(earlier, "{name}");
    }
    settle(&mut a, ctx, 30.0, &s);
    assert!(!a.mc.is_for_earlier_scenario() && !a.optimum.is_for_earlier_scenario());
}
