//! Uncertainty in place: every number field of the editor has a context menu — "Make
//! uncertain…" or, when the number already has a distribution, "Edit distribution…" and "Make
//! certain" — and an uncertain number is tinted with a `~` badge whose hover text gives its
//! distribution.
//!
//! Rows know their number only by its parameter path (the path validation marks, the format of
//! [`crate::model::params`]), and the number itself is borrowed while the row is drawn. So the
//! rows read a snapshot of the drivers ([`Uncertain`], built once per frame) and leave a
//! [`Request`]; after the sections, the editor opens the dialog or removes the driver. The
//! dialog ([`super::uncertain_dialog`]) edits a draft and writes it to `scenario.uncertainty`
//! on Apply, so a change is one undo step.
//!
//! This module needs no other part of the editor, so that the rows ([`super::fields`]) can
//! mark uncertain numbers without a circle of imports.

use std::cell::RefCell;
use std::collections::HashMap;

use egui::{Color32, Response, RichText, Ui};

use crate::format::units::{describe, param_unit};
use crate::model::{Driver, ParamValue, Scenario, params};

/// What a number field's context menu asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Open the distribution dialog for the number at this path (new or existing driver).
    Edit(String),
    /// Remove the number's driver.
    MakeCertain(String),
    /// Widen the fixed bounds of the number's driver to include its value.
    Widen(String),
}

/// The scenario's numbers and drivers as this frame's rows see them.
pub struct Uncertain {
    /// Value and unit of every number, by path.
    numbers: HashMap<String, (f64, String)>,
    drivers: Vec<Driver>,
    request: RefCell<Option<Request>>,
}

impl Uncertain {
    pub fn new(s: &Scenario) -> Self {
        let numbers = params(s)
            .into_iter()
            .filter_map(|p| match p.value {
                ParamValue::Number(x) => Some((p.path, (x, p.unit))),
                ParamValue::Text(_) => None,
            })
            .collect();
        Self {
            numbers,
            drivers: s.uncertainty.clone(),
            request: RefCell::new(None),
        }
    }

    /// The value and unit of the number at `path`.
    pub fn number(&self, path: &str) -> Option<&(f64, String)> {
        self.numbers.get(path)
    }

    /// Whether `path` names a number of the scenario.
    pub fn is_number(&self, path: &str) -> bool {
        self.numbers.contains_key(path)
    }

    /// The driver of the number at `path`, if it is uncertain.
    pub fn driver(&self, path: &str) -> Option<&Driver> {
        self.drivers.iter().find(|d| d.path == path)
    }

    /// The driver of `path` and the number, when the driver has fixed bounds and the number
    /// lies outside them.
    pub fn outside(&self, path: &str) -> Option<(&Driver, f64)> {
        let d = self.driver(path).filter(|d| d.fixed_bounds)?;
        let x = self.numbers.get(path)?.0;
        (!d.distribution.contains(x)).then_some((d, x))
    }

    /// The unit text of the number at `path`.
    fn unit(&self, path: &str) -> &str {
        self.numbers.get(path).map_or("", |(_, u)| u.as_str())
    }

    fn ask(&self, request: Request) {
        *self.request.borrow_mut() = Some(request);
    }

    /// What a context menu asked for this frame.
    pub fn take_request(&self) -> Option<Request> {
        self.request.borrow_mut().take()
    }
}

/// The tint of an uncertain field: the theme's selection colour.
pub fn tint_color(ui: &Ui) -> Color32 {
    ui.visuals().selection.stroke.color
}

/// The context menu of the number field `field` at `path`, and its `~` badge when uncertain.
pub fn menu_ui(ui: &mut Ui, u: &Uncertain, path: &str, field: &Response) {
    let unit = param_unit(u.unit(path));
    let description = u.driver(path).map(|d| describe(&d.distribution, unit));
    if let Some(text) = &description {
        ui.label(RichText::new("~").strong().color(tint_color(ui)))
            .on_hover_text(format!(
                "Uncertain — {text}\nRight-click the number to edit the distribution or make it \
                 certain"
            ));
    }
    if let Some((d, x)) = u.outside(path) {
        let (lo, hi) = d.distribution.support();
        ui.colored_label(ui.visuals().warn_fg_color, "⚠ outside its bounds")
            .on_hover_text(format!(
                "{} lies outside the fixed bounds of its distribution ({} to {}): Monte Carlo and \
                 the tornado never sample it",
                unit.show(x),
                unit.show(lo),
                unit.show(hi)
            ));
        if ui
            .small_button("Widen bounds")
            .on_hover_text(format!("Widen the bounds to include {}", unit.show(x)))
            .clicked()
        {
            u.ask(Request::Widen(path.to_owned()));
        }
    }
    field.context_menu(|ui| match &description {
        Some(text) => {
            ui.label(RichText::new(text).weak());
            if ui.button("Edit distribution…").clicked() {
                u.ask(Request::Edit(path.to_owned()));
            }
            if ui.button("Make certain").clicked() {
                u.ask(Request::MakeCertain(path.to_owned()));
            }
        }
        None => {
            if ui
                .button("Make uncertain…")
                .on_hover_text("Give this number a distribution, for Monte Carlo and the tornado")
                .clicked()
            {
                u.ask(Request::Edit(path.to_owned()));
            }
        }
    });
}
