//! Everything the user can ask of the app, as one enum. Menus, shortcuts and buttons emit a
//! [`Command`]; the app runs the queue once, at the end of the frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::analysis::Settings as AnalysisSettings;
use super::plot_tab::PlotTab;

/// A request from the user, run by [`crate::ui::app::BuildoutApp::run_command`].
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    New,
    /// Show the open dialog.
    Open,
    /// Open this file (from a dialog, drag and drop, recent files or the command line).
    OpenPath(PathBuf),
    Save,
    SaveAs,
    /// Save the active scenario to this path (from a dialog or a test).
    SaveTo(PathBuf),
    ExportCsv,
    ExportCsvTo(PathBuf),
    /// Write the active scenario's report (one self-contained HTML file), in the background.
    ExportReport,
    ExportReportTo(PathBuf),
    /// Export the visible plot as PNG.
    ExportPlotPng,
    /// Export the whole window as PNG.
    ExportWindowPng,
    ExportPngTo {
        path: PathBuf,
        whole_window: bool,
    },
    Undo,
    Redo,
    /// Close the active tab (asks first when it has unsaved changes).
    CloseTab,
    /// Close the tab with this document id without asking.
    DiscardTab(u64),
    SelectTab(u64),
    /// Quit the app (asks first when anything is unsaved).
    Quit,
    /// Quit without asking.
    DiscardAllAndQuit,
    ClearRecent,
    /// Start the visible document's stale analysis now, without waiting for edits to settle.
    RunAnalysis,
    /// Stop the visible document's running analysis (it restarts after the next edit).
    CancelAnalysis,
    /// New Monte Carlo and tornado settings for the visible document.
    SetAnalysisSettings(AnalysisSettings),
    /// Open the goal-seek dialog on the visible document.
    GoalSeek,
    /// Set one number of a document, by parameter path (goal seek's Apply).
    SetParameter {
        doc: u64,
        path: String,
        value: f64,
    },
    /// Show a plot tab.
    ShowPlotTab(PlotTab),
    /// Show a plot tab with a calendar year marked on every time plot (a warning clicked):
    /// `about` says why, above the plots.
    ShowPeriod {
        tab: PlotTab,
        year: i32,
        about: String,
    },
    /// Widen the fixed bounds of the visible document's driver on this number to include it.
    WidenBounds(String),
    /// Open the Help window on a page (F1: how Buildout computes).
    Help(HelpPage),
}

impl Command {
    /// The commands that have a keyboard shortcut, in the order they are checked.
    pub const WITH_SHORTCUTS: [Self; 9] = [
        Self::SaveAs, // before Save: Ctrl+Shift+S must not be eaten as Ctrl+S
        Self::Save,
        Self::New,
        Self::Open,
        Self::Redo, // before Undo: Ctrl+Shift+Z
        Self::Undo,
        Self::CloseTab,
        Self::Quit,
        Self::Help(HelpPage::Computes),
    ];

    /// The label shown in menus.
    pub fn label(&self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open | Self::OpenPath(_) => "Open…",
            Self::Save | Self::SaveTo(_) => "Save",
            Self::SaveAs => "Save as…",
            Self::ExportCsv | Self::ExportCsvTo(_) => "Export CSV…",
            Self::ExportReport | Self::ExportReportTo(_) => "Export report…",
            Self::ExportPlotPng => "Export plot as PNG…",
            Self::ExportWindowPng | Self::ExportPngTo { .. } => "Export window as PNG…",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::CloseTab | Self::DiscardTab(_) => "Close tab",
            Self::SelectTab(_) => "Select tab",
            Self::Quit | Self::DiscardAllAndQuit => "Quit",
            Self::ClearRecent => "Clear recent files",
            Self::RunAnalysis => "Run now",
            Self::CancelAnalysis => "Cancel run",
            Self::SetAnalysisSettings(_) => "Analysis settings",
            Self::GoalSeek => "Goal seek…",
            Self::SetParameter { .. } => "Set parameter",
            Self::WidenBounds(_) => "Widen bounds",
            Self::Help(p) => p.label(),
            Self::ShowPlotTab(t) | Self::ShowPeriod { tab: t, .. } => t.label(),
        }
    }

    /// The main keyboard shortcut, if any.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        Some(match self {
            Self::New => KeyboardShortcut::new(cmd, Key::N),
            Self::Open => KeyboardShortcut::new(cmd, Key::O),
            Self::Save => KeyboardShortcut::new(cmd, Key::S),
            Self::SaveAs => KeyboardShortcut::new(cmd_shift, Key::S),
            Self::Undo => KeyboardShortcut::new(cmd, Key::Z),
            Self::Redo => KeyboardShortcut::new(cmd, Key::Y),
            Self::CloseTab => KeyboardShortcut::new(cmd, Key::W),
            Self::Quit => KeyboardShortcut::new(cmd, Key::Q),
            Self::Help(HelpPage::Computes) => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            _ => return None,
        })
    }

    /// Other shortcuts that also trigger the command (Redo: Ctrl+Shift+Z).
    fn alternate_shortcut(&self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND.plus(Modifiers::SHIFT),
                Key::Z,
            )),
            _ => None,
        }
    }

    /// The commands whose shortcuts were pressed this frame (and consumes those key presses).
    pub fn from_shortcuts(ctx: &egui::Context) -> Vec<Self> {
        ctx.input_mut(|input| {
            Self::WITH_SHORTCUTS
                .into_iter()
                .filter(|c| {
                    let main = c.shortcut().is_some_and(|s| input.consume_shortcut(&s));
                    main || c
                        .alternate_shortcut()
                        .is_some_and(|s| input.consume_shortcut(&s))
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_and_edit_command_has_its_shortcut() {
        let keys: Vec<_> = Command::WITH_SHORTCUTS
            .iter()
            .filter_map(|c| c.shortcut().map(|s| (s.modifiers, s.logical_key)))
            .collect();
        assert_eq!(keys.len(), Command::WITH_SHORTCUTS.len());
        assert_eq!(first_repeat(&keys), None, "two commands share a shortcut");
    }

    /// The first pair of equal items, wherever they are in the list.
    fn first_repeat<T: PartialEq>(items: &[T]) -> Option<(usize, usize)> {
        (0..items.len()).find_map(|i| {
            (i + 1..items.len())
                .find(|&j| items[i] == items[j])
                .map(|j| (i, j))
        })
    }

    #[test]
    fn a_repeat_is_found_wherever_it_is() {
        assert_eq!(first_repeat(&[1, 2, 3]), None);
        assert_eq!(
            first_repeat(&[1, 2, 1]),
            Some((0, 2)),
            "not next to each other"
        );
        assert_eq!(first_repeat(&[3, 1, 2, 2]), Some((2, 3)));
    }
}

/// A page of the Help window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpPage {
    Computes,
    Shortcuts,
    About,
}

impl HelpPage {
    pub const ALL: [Self; 3] = [Self::Computes, Self::Shortcuts, Self::About];

    pub fn label(self) -> &'static str {
        match self {
            Self::Computes => "How Buildout computes",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::About => "About Buildout",
        }
    }
}
