//! The window: an eframe app that shows one or more scenarios, each with an editor on the
//! left and its KPIs and plots in the centre.
//!
//! - [`app`]: the app, its frame layout and the command queue
//! - [`command`]: every user action as a [`command::Command`]
//! - [`document`]: one open scenario, its undo history and its outcome
//! - [`analysis`]: a document's background runs (Monte Carlo, tornado, marginal value)
//! - [`editor`]: the scenario editor (left panel)
//! - [`plots`]: the plot tabs (centre)
//! - [`goal_seek`]: the goal-seek dialog
//! - [`recovery`]: copies of unsaved edits and the restore offer after a crash; [`watch`]:
//!   files changed on disk by others; `safety`: the app's answers to their questions;
//!   [`headless`]: the binary's test mode for recovery
//! - [`help`]: the Help window (F1), with the engine's rules from the engine's own docs
//! - [`kpi`], [`menu`], [`dialogs`], [`files`], [`screenshot`]: the rest of the window
#![allow(clippy::print_stderr)] // `run` reports start-up failures before any window exists.

pub mod analysis;
pub mod app;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod editor;
pub mod files;
pub mod goal_seek;
pub mod headless;
pub mod help;
pub mod kpi;
pub mod menu;
pub mod plot_tab;
pub mod plots;
pub mod recovery;
mod safety;
pub mod screenshot;
pub mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::BuildoutApp;

/// The window icon, from `assets/icon.png`.
fn icon() -> Option<egui::IconData> {
    let img = image::load_from_memory_with_format(
        include_bytes!("../../assets/icon.png"),
        image::ImageFormat::Png,
    )
    .ok()?
    .into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData {
        rgba: img.into_raw(),
        width,
        height,
    })
}

/// Environment variable giving the window's starting inner size as `WIDTHxHEIGHT` in points,
/// e.g. `BUILDOUT_WINDOW_SIZE=1024x700 buildout --screenshot small.png`.
pub const SIZE_ENV: &str = "BUILDOUT_WINDOW_SIZE";

/// `1024x700` → `[1024.0, 700.0]`; `None` for anything else.
fn parse_size(text: &str) -> Option<[f32; 2]> {
    let (w, h) = text.trim().split_once(['x', '×'])?;
    let (w, h) = (w.trim().parse::<f32>().ok()?, h.trim().parse::<f32>().ok()?);
    (w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0).then_some([w, h])
}

/// Opens the window on `file` (or the default scenario) and runs until it closes. With
/// `screenshot`, draws until the layout settles, saves a PNG of the window there and exits.
pub fn run(file: Option<PathBuf>, screenshot: Option<PathBuf>) -> ExitCode {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Buildout")
        .with_inner_size(
            std::env::var(SIZE_ENV)
                .ok()
                .and_then(|s| parse_size(&s))
                .unwrap_or([1280.0, 800.0]),
        )
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: screenshot.is_none(),
        ..Default::default()
    };
    let job = screenshot.map(screenshot::ScreenshotJob::new);
    let result = job.as_ref().map(|j| j.result.clone());
    let run = eframe::run_native(
        "Buildout",
        options,
        Box::new(move |cc| Ok(Box::new(BuildoutApp::new(cc, file, job)))),
    );
    // The window is closed and the app, dropped, has waited for its workers; a solve still
    // running after that wait must not be exited under (see `engine::optimal::close_solver`).
    let wait = app::WORKERS_WAIT;
    if !crate::engine::optimal::close_solver(wait) {
        eprintln!(
            "buildout: a solve was still running {} s after the window closed",
            wait.as_secs()
        );
    }
    if let Err(e) = run {
        eprintln!("buildout: could not open the window: {e}");
        return ExitCode::from(1);
    }
    match result.map(|r| r.lock().ok().and_then(|mut g| g.take())) {
        None => ExitCode::SUCCESS,
        Some(Some(Ok((w, h)))) => {
            eprintln!("buildout: saved a {w}×{h} screenshot");
            ExitCode::SUCCESS
        }
        Some(Some(Err(e))) => {
            eprintln!("buildout: could not save the screenshot: {e}");
            ExitCode::from(1)
        }
        Some(None) => {
            eprintln!("buildout: the window closed before the screenshot was taken");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn window_sizes_parse() {
        assert_eq!(parse_size("1024x700"), Some([1024.0, 700.0]));
        assert_eq!(parse_size(" 2560 × 1440 "), Some([2560.0, 1440.0]));
        assert_eq!(parse_size("1024"), None);
        assert_eq!(parse_size("0x700"), None);
        assert_eq!(parse_size("wide x tall"), None);
    }
}
