//! Migrations: a file written by an older Buildout is upgraded on load, one version at a time,
//! up to [`FILE_VERSION`].
//!
//! Each step rewrites the *text* of the file, not a parsed tree, so that everything the step
//! does not touch — comments, layout, the order of fields, line numbers — stays as the planner
//! wrote it; `scenarios/` are upgraded by the same code with their citations intact. Only the
//! columns of a rewritten line can move, by the length of what was inserted.
//!
//! | from | to | what changed |
//! |------|----|--------------|
//! | 1 | 2 | `revenue.utilisation` is a curve (`utilisation: 0.7` becomes `Constant(0.7)`), so the share of the fleet that is sold can change over time like every other rate of the scenario; uncertainty drivers on `revenue.utilisation` now name its number, `revenue.utilisation.value` |
//! | 2 | 3 | an uncertainty driver may say `fixed_bounds: true` (its distribution stays put when its number is edited; by default it follows the number). Nothing in a version 2 file changes but its version: its drivers follow their numbers |
//! | 3 | 4 | the scenario has an `objective` (default `CumulativeCompute`, not written when it is the default) and two more allocation policies, `Optimal(fixed: [...])` and `Schedule(spend: [...], installations_per_year: ...)`; a version 3 file means the same in version 4, so only its version changes |
//! | 4 | 5 | `Optimal` may carry the planner's own `limits: [(segment: ..., min_usd_per_year: ..., max_usd_per_year: ..., committed: (until_year: ..., usd_per_year: ...), max_change_usd_per_year: ...)]`; a version 4 file has none and reads the same |
//!
//! To change the format: add a step here (from the current version), raise [`FILE_VERSION`],
//! add `tests/fixtures/vN.ron` (the same scenario in the new version), and upgrade the shipped
//! files with `cargo test --test migrations -- --ignored` (which runs these steps on
//! `scenarios/` in place, comments kept); `tests/migrations.rs` checks the rest.

use super::lex::{self, Token, TokenKind};
use super::text_edit::{Edit, apply};
use crate::model::FILE_VERSION;

/// One upgrade, from version `from` to `from + 1`.
pub struct Step {
    pub from: u32,
    /// What changed, for messages and docs.
    pub summary: &'static str,
    run: fn(&[Token<'_>]) -> Result<Vec<Edit>, MigrateError>,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Step({} → {}: {})",
            self.from,
            self.from + 1,
            self.summary
        )
    }
}

/// Every step, oldest first; `STEPS[k].from == k + 1`.
pub const STEPS: &[Step] = &[
    Step {
        from: 1,
        summary: "revenue.utilisation became a curve",
        run: v1_to_v2,
    },
    Step {
        from: 2,
        summary: "uncertainty drivers may keep fixed bounds",
        run: v2_to_v3,
    },
    Step {
        from: 3,
        summary: "an objective, and the Optimal and Schedule allocations",
        run: v3_to_v4,
    },
    Step {
        from: 4,
        summary: "the planner's own limits on an optimal plan",
        run: v4_to_v5,
    },
];

/// Why an older file could not be upgraded; positions are in the text given to [`migrate`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {message}")]
pub struct MigrateError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl MigrateError {
    fn at(t: &Token<'_>, message: impl Into<String>) -> Self {
        Self {
            line: t.line,
            col: t.col,
            message: message.into(),
        }
    }
}

/// Upgrades `text`, a file of version `from`, to [`FILE_VERSION`]. The version field is
/// rewritten by each step.
pub fn migrate(text: &str, from: u32) -> Result<String, MigrateError> {
    let mut text = text.to_owned();
    let mut version = from;
    while version < FILE_VERSION {
        let Some(step) = STEPS.iter().find(|s| s.from == version) else {
            return Err(MigrateError {
                line: 1,
                col: 1,
                message: format!("no upgrade is known from file format version {version}"),
            });
        };
        let toks = lex::tokens(&text);
        let Some((_, value)) = lex::version_field(&toks) else {
            return Err(MigrateError {
                line: 1,
                col: 1,
                message: "the file has no `version` field".to_owned(),
            });
        };
        let mut edits = (step.run)(&toks)?;
        edits.push(Edit::replace(value, (version + 1).to_string()));
        text = apply(&text, edits);
        version += 1;
    }
    Ok(text)
}

/// The content of a plain string token without escapes (`"a.b"` → `a.b`).
fn plain_string<'a>(t: &Token<'a>) -> Option<&'a str> {
    let inner = t.text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\')).then_some(inner)
}

/// Version 1 → 2: `utilisation: 0.7` → `utilisation: Constant(0.7)`; driver paths
/// `"revenue.utilisation"` → `"revenue.utilisation.value"`.
fn v1_to_v2(toks: &[Token<'_>]) -> Result<Vec<Edit>, MigrateError> {
    let mut edits = Vec::new();
    for w in toks.windows(3) {
        let field = |name: &str| w[0].kind == TokenKind::Ident && w[0].text == name;
        if !(w[1].kind == TokenKind::Punct && w[1].text == ":") {
            continue;
        }
        // Only `Revenue` has a field called `utilisation`.
        if field("utilisation") {
            if w[2].kind != TokenKind::Number {
                return Err(MigrateError::at(
                    &w[2],
                    format!(
                        "in a version 1 file, `utilisation` is a number such as 0.7, not `{}`",
                        w[2].text
                    ),
                ));
            }
            edits.push(Edit::replace(&w[2], format!("Constant({})", w[2].text)));
        }
        if field("path")
            && w[2].kind == TokenKind::Str
            && plain_string(&w[2]) == Some("revenue.utilisation")
        {
            edits.push(Edit::replace(&w[2], "\"revenue.utilisation.value\""));
        }
    }
    Ok(edits)
}

/// Version 2 → 3: a driver may carry `fixed_bounds: true`; absent means false, so a version 2
/// file reads the same — only its version changes (a version 2 reader would refuse the field,
/// hence the new version).
fn v2_to_v3(_toks: &[Token<'_>]) -> Result<Vec<Edit>, MigrateError> {
    Ok(Vec::new())
}

/// Version 3 → 4: nothing to rewrite. The new `objective` field defaults to what version 3
/// meant (cumulative delivered compute, the measure of its results), and the new allocation
/// policies were not expressible in version 3.
fn v3_to_v4(_: &[Token<'_>]) -> Result<Vec<Edit>, MigrateError> {
    Ok(Vec::new())
}

/// Version 4 → 5: `Optimal` may carry `limits: [...]` (minimum and maximum spend, committed
/// spend, a limit on its change); absent means none, so a version 4 file reads the same.
fn v4_to_v5(_: &[Token<'_>]) -> Result<Vec<Edit>, MigrateError> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_form_a_chain_to_the_current_version() {
        for (k, s) in STEPS.iter().enumerate() {
            assert_eq!(s.from as usize, k + 1, "{s:?}");
        }
        assert_eq!(STEPS.len() as u32 + 1, FILE_VERSION);
    }

    #[test]
    fn v1_utilisation_becomes_a_constant_curve_and_comments_stay() {
        let v1 = "// my plan\n(\n    version: 1, // keep\n    revenue: (\n        utilisation: 0.7, // sold\n    ),\n    uncertainty: [(path: \"revenue.utilisation\", x: 1), (path: \"revenue.discount_rate\")],\n)\n";
        let v2 = migrate(v1, 1).expect("migrates");
        assert_eq!(
            v2,
            "// my plan\n(\n    version: 5, // keep\n    revenue: (\n        utilisation: Constant(0.7), // sold\n    ),\n    uncertainty: [(path: \"revenue.utilisation.value\", x: 1), (path: \"revenue.discount_rate\")],\n)\n"
        );
    }

    #[test]
    fn a_v1_file_without_revenue_only_changes_its_version() {
        let v1 = "(version: 1, name: \"utilisation: 0.5\") // utilisation: 0.5";
        assert_eq!(
            migrate(v1, 1).expect("migrates"),
            format!("(version: {FILE_VERSION}, name: \"utilisation: 0.5\") // utilisation: 0.5")
        );
    }

    #[test]
    fn a_v2_file_changes_only_its_version() {
        let v2 =
            "(version: 2, uncertainty: [(path: \"x\", distribution: Uniform(low: 1, high: 2))])";
        assert_eq!(
            migrate(v2, 2).expect("migrates"),
            format!(
                "(version: {FILE_VERSION}, uncertainty: [(path: \"x\", distribution: \
                 Uniform(low: 1, high: 2))])"
            )
        );
    }

    #[test]
    fn a_v1_utilisation_that_is_not_a_number_is_located() {
        let err = migrate("(version: 1,\n revenue: (utilisation: Constant(1.0)))", 1).unwrap_err();
        assert_eq!((err.line, err.col), (2, 25), "{err}");
        assert!(err.message.contains("a number such as 0.7"), "{err}");
    }

    #[test]
    fn v2_to_the_current_version_changes_only_the_version() {
        let v2 = "// plan\n(\n    version: 2, // v\n    allocation: Balanced(),\n)\n";
        assert_eq!(
            migrate(v2, 2).expect("migrates"),
            "// plan\n(\n    version: 5, // v\n    allocation: Balanced(),\n)\n"
        );
    }

    #[test]
    fn unknown_versions_are_refused() {
        assert!(migrate("(version: 0)", 0).is_err());
    }
}
