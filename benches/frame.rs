//! CPU time of whole frames of the window: the app in an egui_kittest harness (no GPU) on the
//! default scenario, a value changing every frame (so every frame revalidates, resimulates and
//! rebuilds KPIs and plots) and the plot tab rotating through every tab, plus tessellation of
//! the frame's shapes. Prints the median and 95th percentile per frame.
//!
//! A second run lets the background analysis settle (Monte Carlo of the default scenario's
//! drivers, tornado, marginal value) and then times frames of the Uncertainty tab, whose fan
//! chart and histogram draw the real results, and of the Sensitivity tab.
//!
//! `cargo bench --bench frame` (release profile).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Duration;

use buildout::ui::BuildoutApp;
use buildout::ui::plots::PlotTab;
use cpu_time::ThreadTime;
use egui_kittest::Harness;

const WARM_UP: usize = 30;
const FRAMES: usize = 400;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let k = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[k]
}

fn main() {
    editing();
    settled();
}

/// Frames with the analysis finished: nothing is edited, so nothing reruns.
fn settled() {
    let mut h: Harness<'_, BuildoutApp> = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| BuildoutApp::default());
    h.state_mut().plots.tab = PlotTab::Uncertainty;
    // The analysis starts after its debounce and runs on worker threads: step until it is
    // done (at most a couple of minutes).
    let mut waited = 0;
    loop {
        h.step();
        let doc = h.state().doc().unwrap();
        if doc.analysis.mc.result().is_some() && !doc.analysis.is_busy() {
            break;
        }
        waited += 1;
        assert!(waited < 12_000, "the analysis did not settle");
        std::thread::sleep(Duration::from_millis(10));
    }
    for tab in [PlotTab::Uncertainty, PlotTab::Sensitivity] {
        h.state_mut().plots.tab = tab;
        let mut times = Vec::with_capacity(FRAMES);
        for frame in 0..WARM_UP + FRAMES {
            let start = ThreadTime::now();
            h.step();
            let shapes = h.output().shapes.clone();
            let _mesh = h.ctx.tessellate(shapes, 1.0);
            if frame >= WARM_UP {
                times.push(start.elapsed());
            }
        }
        times.sort();
        println!(
            "settled analysis, {} tab ({} Monte Carlo samples drawn): median {:.2} ms, p95 {:.2} ms",
            tab.label(),
            h.state()
                .doc()
                .unwrap()
                .analysis
                .mc
                .result()
                .map_or(0, |r| r.len()),
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3
        );
    }
}

/// Frames with a value changing every frame, through every tab.
fn editing() {
    let mut h: Harness<'_, BuildoutApp> = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| BuildoutApp::default());
    h.run();
    let base = h.state().doc().unwrap().scenario.segments[0].capex_usd_per_unit;
    let mut times = Vec::with_capacity(FRAMES);
    let mut per_tab: Vec<Vec<Duration>> = vec![Vec::new(); PlotTab::ALL.len()];
    for frame in 0..WARM_UP + FRAMES {
        let k = frame % PlotTab::ALL.len();
        {
            let app = h.state_mut();
            app.plots.tab = PlotTab::ALL[k];
            let doc = app.doc_mut().unwrap();
            // A different value every frame, like a drag in the editor.
            doc.scenario.segments[0].capex_usd_per_unit =
                base * (1.0 + 0.001 * (frame % 100) as f64);
        }
        let start = ThreadTime::now();
        h.step();
        let shapes = h.output().shapes.clone();
        let _mesh = h.ctx.tessellate(shapes, 1.0);
        let took = start.elapsed();
        if frame >= WARM_UP {
            times.push(took);
            per_tab[k].push(took);
        }
    }
    times.sort();
    println!(
        "whole frame, default scenario ({} segments, {} periods), value changing every frame:",
        h.state().doc().unwrap().scenario.segments.len(),
        h.state().doc().unwrap().scenario.horizon.len()
    );
    println!(
        "  {} frames: median {:.2} ms, p95 {:.2} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3
    );
    for (tab, t) in PlotTab::ALL.iter().zip(&mut per_tab) {
        t.sort();
        println!(
            "  {:<22} median {:.2} ms, p95 {:.2} ms",
            tab.label(),
            percentile(t, 0.5).as_secs_f64() * 1e3,
            percentile(t, 0.95).as_secs_f64() * 1e3
        );
    }
}
