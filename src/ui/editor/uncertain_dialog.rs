//! The distribution dialog of one uncertain number (opened from a number's context menu, see
//! [`super::uncertain`]): a draft of its distribution until Apply, which writes it to
//! `scenario.uncertainty` as one undo step.

use egui::{Id, Modal, RichText};

use super::distribution::{FieldsSpec, around, fields_ui};
use super::row::{RowContext, Stash, is_under, message_ui};
use super::uncertain::{Request, Uncertain};
use crate::format::units::param_unit;
use crate::model::{Distribution, Driver, Scenario, param_label, validate};

/// The distribution dialog of one number: a draft until Apply.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainDialog {
    pub path: String,
    unit: String,
    current: f64,
    pub draft: Distribution,
    /// Keep the bounds when the number is edited (else they follow it).
    pub fixed_bounds: bool,
    /// Whether the number had a driver when the dialog opened.
    existed: bool,
}

/// Runs what a context menu asked for: removes a driver, or opens the dialog (on the number's
/// driver, or on a triangular ±20 % around its value).
pub fn handle_request(
    request: Request,
    u: &Uncertain,
    dialog: &mut Option<UncertainDialog>,
    s: &mut Scenario,
) {
    match request {
        Request::MakeCertain(path) => s.uncertainty.retain(|d| d.path != path),
        Request::Widen(path) => {
            if let Some(x) = u.number(&path).map(|(x, _)| *x) {
                for d in s.uncertainty.iter_mut().filter(|d| d.path == path) {
                    d.distribution = d.distribution.widened_to(x);
                }
            }
        }
        Request::Edit(path) => {
            let Some((value, unit)) = u.number(&path) else {
                return;
            };
            let existing = u.driver(&path).map(|d| d.distribution);
            *dialog = Some(UncertainDialog {
                draft: existing.unwrap_or_else(|| around(1, *value)),
                fixed_bounds: u.driver(&path).is_some_and(|d| d.fixed_bounds),
                existed: existing.is_some(),
                current: *value,
                unit: unit.clone(),
                path,
            });
        }
    }
}

/// Shows the dialog while `dialog` is open: kind, numbers, bounds, and what is wrong with the
/// draft. Apply writes the driver into `s.uncertainty` (replacing the number's driver, or
/// appended); Make certain removes it; Cancel or Escape leaves the scenario alone.
pub fn dialog_ui(
    ctx: &egui::Context,
    dialog: &mut Option<UncertainDialog>,
    stash: &mut Stash<f64>,
    s: &mut Scenario,
) {
    let Some(d) = dialog else {
        return;
    };
    let driver = Driver {
        path: d.path.clone(),
        distribution: d.draft,
        fixed_bounds: d.fixed_bounds,
    };
    let problems = draft_problems(s, &driver);
    let mut close = false;
    let modal = Modal::new(Id::unique("uncertain-number-dialog")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading(if d.existed {
            "Edit distribution"
        } else {
            "Make uncertain"
        });
        ui.label(RichText::new(param_label(&d.path, &d.unit)).strong())
            .on_hover_text(d.path.as_str());
        let unit = param_unit(&d.unit);
        ui.weak(format!("Now {}", unit.show(d.current)));
        ui.add_space(4.0);
        // The dialog's own rows: no issues of the scenario, the editor's put-aside numbers.
        let none = RowContext::new(&[]).with_numbers(std::mem::take(stash));
        fields_ui(
            ui,
            &none,
            &mut d.draft,
            FieldsSpec {
                path: &format!("uncertainty[{}].distribution", d.path),
                prefix: "Distribution",
                unit,
                current: d.current,
            },
        );
        *stash = none.into_numbers();
        ui.checkbox(&mut d.fixed_bounds, "Fixed bounds")
            .on_hover_text(
                "Keep this distribution where it is when the number is edited. Off: the \
             distribution moves with the number (same ratio to it, or the same difference when \
             either value is 0)",
            );
        if d.fixed_bounds && !d.draft.contains(d.current) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("⚠ {} lies outside these bounds", unit.show(d.current)),
            );
        }
        for p in &problems {
            message_ui(ui, p);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let apply = ui
                .add_enabled(problems.is_empty(), egui::Button::new("Apply"))
                .on_hover_text("Store this distribution in the scenario's uncertainty list")
                .on_disabled_hover_text("Fix the distribution first");
            if apply.clicked() {
                upsert(s, driver.clone());
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
            if d.existed
                && ui
                    .button("Make certain")
                    .on_hover_text("Remove the distribution: the number is fixed again")
                    .clicked()
            {
                s.uncertainty.retain(|x| x.path != d.path);
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        *dialog = None;
    }
}

/// Validation messages about `driver` if it were stored in `s`.
fn draft_problems(s: &Scenario, driver: &Driver) -> Vec<String> {
    let mut trial = s.clone();
    upsert(&mut trial, driver.clone());
    let prefix = format!("uncertainty[{}]", driver.path);
    validate(&trial)
        .into_iter()
        .filter(|i| is_under(&i.path, &prefix))
        .map(|i| i.message)
        .collect()
}

/// Sets the distribution of `driver.path`, adding the driver at the end if it is new.
pub fn upsert(s: &mut Scenario, driver: Driver) {
    match s.uncertainty.iter_mut().find(|d| d.path == driver.path) {
        Some(d) => {
            d.distribution = driver.distribution;
            d.fixed_bounds = driver.fixed_bounds;
        }
        None => s.uncertainty.push(driver),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead_time() -> String {
        "segments[Fabs].lead_time_years".to_owned()
    }

    #[test]
    fn a_request_opens_a_draft_around_the_value_and_apply_stores_it() {
        let mut s = Scenario::template();
        s.uncertainty.clear();
        let u = Uncertain::new(&s);
        assert!(u.is_number(&lead_time()));
        assert!(!u.is_number("segments[Fabs].kind"));
        let mut dialog = None;
        handle_request(Request::Edit(lead_time()), &u, &mut dialog, &mut s);
        let d = dialog.expect("the dialog opens");
        let value = s.segments[0].lead_time_years;
        assert_eq!(d.draft, Distribution::around(value, 0.2));
        assert!(!d.existed);
        upsert(
            &mut s,
            Driver {
                path: d.path.clone(),
                distribution: d.draft,
                fixed_bounds: false,
            },
        );
        assert_eq!(s.uncertainty.len(), 1);
        // Applying again replaces rather than adds.
        upsert(
            &mut s,
            Driver {
                path: lead_time(),
                distribution: Distribution::Uniform {
                    low: 1.0,
                    high: 2.0,
                },
                fixed_bounds: false,
            },
        );
        assert_eq!(s.uncertainty.len(), 1);
        let u = Uncertain::new(&s);
        handle_request(Request::MakeCertain(lead_time()), &u, &mut None, &mut s);
        assert!(s.uncertainty.is_empty());
    }

    #[test]
    fn a_bad_draft_is_explained() {
        let s = Scenario::template();
        let bad = Driver {
            path: lead_time(),
            distribution: Distribution::Uniform {
                low: 3.0,
                high: 1.0,
            },
            fixed_bounds: false,
        };
        assert!(!draft_problems(&s, &bad).is_empty());
        let good = Driver {
            path: lead_time(),
            distribution: Distribution::around(2.0, 0.2),
            fixed_bounds: false,
        };
        assert_eq!(draft_problems(&s, &good), Vec::<String>::new());
    }
}
