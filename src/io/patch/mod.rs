//! Patch-saves: a scenario is written by editing the text it was loaded from, so that a save
//! changes only what changed — comments, blank lines, field order and the spelling of every
//! unchanged number stay byte for byte, and a one-value edit is a one-line diff in git (what
//! `toml_edit` does for `Cargo.toml`).
//!
//! [`tree`] reads a file into a document model (each value with its byte range); `merge`
//! diffs it against the scenario written afresh ([`crate::io::to_ron`]) and produces the edits;
//! [`crate::io::text_edit::apply`] applies them. The result is read back and must equal the
//! scenario; if it does not (a file in a layout the patcher cannot follow), the scenario is
//! written afresh instead and [`Written::Rewritten`] says so. A scenario with no source text
//! (a new one) is written afresh.

mod merge;
pub mod tree;

use super::text_edit::apply;
use super::{parse, to_ron};
use crate::model::Scenario;

/// How a scenario's text was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// By patching the text it was loaded from.
    Patched,
    /// Afresh, in the pretty format: there was no source text.
    Fresh,
    /// Afresh, though there was a source text: the patch could not be made (the source's
    /// comments and layout are not in the new text).
    Rewritten,
}

/// The text to save `scenario` as: `source` (the text it was loaded from) patched, or the
/// pretty format when there is none (see the module docs).
pub fn write(source: Option<&str>, scenario: &Scenario) -> (String, Written) {
    let fresh = to_ron(scenario);
    let Some(source) = source else {
        return (fresh, Written::Fresh);
    };
    match patch_with(source, scenario, &fresh) {
        Some(text) => (text, Written::Patched),
        None => (fresh, Written::Rewritten),
    }
}

/// `source` edited to say `scenario`, or `None` if that cannot be done (see the module docs).
pub fn patch(source: &str, scenario: &Scenario) -> Option<String> {
    patch_with(source, scenario, &to_ron(scenario))
}

fn patch_with(source: &str, scenario: &Scenario, fresh: &str) -> Option<String> {
    let base = tree::parse(source)?;
    let new = tree::parse(fresh)?;
    // First leaving out the defaults the fresh text writes, then (should that not read back)
    // writing every field it has.
    for omit_defaults in [true, false] {
        let mut patcher = merge::Patcher {
            base: &base,
            new: &new,
            unit: base.indent_unit(),
            omit_defaults,
            renames: Vec::new(),
        };
        patcher.renames = patcher.segment_renames();
        let mut edits = Vec::new();
        patcher.node(&base.root, &new.root, &mut edits);
        let text = apply(source, edits);
        if parse(&text, "<patched>").is_ok_and(|back| back == *scenario) {
            return Some(text);
        }
    }
    None
}

#[cfg(test)]
mod tests;
