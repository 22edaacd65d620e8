//! `buildout diff A B`: the parameters that differ between two scenarios (with units) and the
//! first year each output series diverges.

use std::path::PathBuf;

use super::params::show;
use super::{EXIT_INVALID, EXIT_OK, load_valid};
use crate::engine::compare::divergence;
use crate::io::param_changes;

#[derive(clap::Args, Debug)]
pub struct Args {
    pub a: PathBuf,
    pub b: PathBuf,
}

pub(super) fn run(args: &Args) -> u8 {
    let (Some(sa), Some(sb)) = (load_valid(&args.a), load_valid(&args.b)) else {
        return EXIT_INVALID;
    };
    let changes = param_changes(&sa, &sb);
    out!("Parameters: {} changed", changes.len());
    for c in &changes {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.unit)
        };
        out!(
            "  {}{unit}: {} → {}",
            c.path,
            show(&c.a, &c.unit),
            show(&c.b, &c.unit)
        );
    }
    let divergence = divergence(&sa, &sb);
    let (diverging, same): (Vec<_>, Vec<_>) =
        divergence.iter().partition(|x| x.first_year.is_some());
    out!(
        "Outputs: {} diverge, {} identical",
        diverging.len(),
        same.len()
    );
    for x in diverging {
        out!(
            "  {}: from {}",
            x.series,
            x.first_year.map_or(String::new(), |y| y.to_string())
        );
    }
    EXIT_OK
}
