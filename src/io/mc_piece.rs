//! A piece of a Monte Carlo run, written by `buildout mc --shard K/N --piece OUT` and joined
//! by `buildout mc-merge`: every sample's driver values and KPIs and the yearly values of every
//! series, with what makes pieces belong together — the scenario's hash, the seed, the total
//! number of samples, and the piece's range.
//!
//! The file is a first line naming the format, one line of RON with the header (a person can
//! read what a piece is of), then the numbers as little-endian binary (f64 drivers, f32 series,
//! f64 KPIs, sample-major): exact, so that joined pieces give the very numbers of one run.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::montecarlo::{JoinError, KpiMeta, McResult, McSettings, McValues, SeriesMeta};
use crate::model::Scenario;

const MAGIC: &str = "buildout Monte Carlo piece, format 1";

/// A stable hash of the scenario's numbers and texts (FNV-1a over its RON): pieces of
/// different scenarios, or of a scenario edited between pieces, never join.
pub fn scenario_hash(s: &Scenario) -> u64 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(ron::to_string(s).unwrap_or_default().as_bytes());
    h.finish()
}

/// One piece: the run's identity, and its samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub scenario_name: String,
    pub scenario_hash: u64,
    /// Samples in the whole run the piece is part of.
    pub total_samples: usize,
    pub result: McResult,
}

#[derive(Serialize, Deserialize)]
struct Header {
    scenario: String,
    scenario_hash: String,
    seed: u64,
    total_samples: usize,
    first_sample: u64,
    samples: usize,
    drivers: Vec<String>,
    years: Vec<i32>,
    series: Vec<SeriesMeta>,
    kpis: Vec<KpiMeta>,
    /// Whether each sample of an optimal scenario was re-optimised (absent in older pieces).
    #[serde(default)]
    reoptimise: bool,
}

/// Why a piece cannot be read or pieces cannot be joined.
#[derive(Debug, thiserror::Error)]
pub enum PieceError {
    #[error("{path}: cannot read it: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a Buildout Monte Carlo piece (or a damaged one): {why}")]
    Format { path: String, why: String },
    #[error(
        "{path} is a piece of another scenario (or of the scenario as it was before an edit) than {first}"
    )]
    OtherScenario { path: String, first: String },
    #[error("{path} is a piece of a run of {theirs} samples, {first} of {ours}")]
    OtherTotal {
        path: String,
        first: String,
        theirs: usize,
        ours: usize,
    },
    #[error("the pieces do not make one run: {0}")]
    Join(#[from] JoinError),
}

/// Writes `piece` to `path` (atomically).
pub fn write_piece(path: &Path, piece: &Piece) -> std::io::Result<()> {
    let r = &piece.result;
    let header = Header {
        scenario: piece.scenario_name.clone(),
        scenario_hash: format!("{:016x}", piece.scenario_hash),
        seed: r.settings.seed,
        total_samples: piece.total_samples,
        first_sample: r.settings.first_sample,
        samples: r.settings.samples,
        drivers: r.drivers.clone(),
        years: r.years.clone(),
        series: r.series.clone(),
        kpis: r.kpis.clone(),
        reoptimise: r.settings.reoptimise,
    };
    let line = ron::to_string(&header).map_err(std::io::Error::other)?;
    let values = r.values();
    let mut bytes = format!("{MAGIC}\n{line}\n").into_bytes();
    bytes.reserve(8 * (values.drivers.len() + values.kpis.len()) + 4 * values.series.len());
    for x in &values.drivers {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    for x in &values.series {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    for x in &values.kpis {
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    super::write_atomically(path, &bytes)
}

/// Reads a piece written by [`write_piece`].
pub fn read_piece(path: &Path) -> Result<Piece, PieceError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| PieceError::Read {
        path: shown.clone(),
        source,
    })?;
    let bad = |why: &str| PieceError::Format {
        path: shown.clone(),
        why: why.to_owned(),
    };
    let mut lines = bytes.splitn(3, |b| *b == b'\n');
    if lines.next() != Some(MAGIC.as_bytes()) {
        return Err(bad("its first line is not the format's"));
    }
    let header_line = lines.next().ok_or_else(|| bad("no header"))?;
    let header: Header = std::str::from_utf8(header_line)
        .ok()
        .and_then(|t| ron::from_str(t).ok())
        .ok_or_else(|| bad("its header does not read"))?;
    let body = lines.next().unwrap_or_default();
    let n = header.samples;
    let (nd, ns, nk) = (
        n * header.drivers.len(),
        n * header.series.len() * header.years.len(),
        n * header.kpis.len(),
    );
    if body.len() != 8 * nd + 4 * ns + 8 * nk {
        return Err(bad("its numbers are not as many as its header says"));
    }
    let (d, rest) = body.split_at(8 * nd);
    let (s, k) = rest.split_at(4 * ns);
    let f64s = |b: &[u8]| -> Vec<f64> {
        b.chunks_exact(8)
            .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    };
    let values = McValues {
        drivers: f64s(d),
        series: s
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        kpis: f64s(k),
    };
    let scenario_hash = u64::from_str_radix(&header.scenario_hash, 16)
        .map_err(|_| bad("its scenario hash is not a hash"))?;
    let result = McResult::from_parts(
        McSettings {
            samples: n,
            seed: header.seed,
            first_sample: header.first_sample,
            reoptimise: header.reoptimise,
        },
        header.drivers,
        header.years,
        header.series,
        header.kpis,
        values,
    )
    .ok_or_else(|| bad("its numbers do not fit its shape"))?;
    Ok(Piece {
        scenario_name: header.scenario,
        scenario_hash,
        total_samples: header.total_samples,
        result,
    })
}

/// Joins the pieces read from `paths` into one run of all the samples: they must be of the
/// same scenario (hash), seed and total, and cover samples `0..total` once each.
pub fn merge_pieces(paths: &[&Path]) -> Result<Piece, PieceError> {
    let mut pieces = Vec::with_capacity(paths.len());
    for p in paths {
        pieces.push(read_piece(p)?);
    }
    let Some(first) = pieces.first() else {
        return Err(JoinError::NoPieces.into());
    };
    let first_path = paths[0].display().to_string();
    for (p, path) in pieces.iter().zip(paths).skip(1) {
        if p.scenario_hash != first.scenario_hash {
            return Err(PieceError::OtherScenario {
                path: path.display().to_string(),
                first: first_path,
            });
        }
        if p.total_samples != first.total_samples {
            return Err(PieceError::OtherTotal {
                path: path.display().to_string(),
                first: first_path,
                theirs: p.total_samples,
                ours: first.total_samples,
            });
        }
    }
    let (name, hash, total) = (
        first.scenario_name.clone(),
        first.scenario_hash,
        first.total_samples,
    );
    let result = McResult::join(pieces.into_iter().map(|p| p.result).collect(), 0, total)?;
    Ok(Piece {
        scenario_name: name,
        scenario_hash: hash,
        total_samples: total,
        result,
    })
}

/// The range of samples of shard `k` (1-based) of `n` over `total` samples: contiguous, in
/// order, and together all of them.
pub fn shard_range(k: usize, n: usize, total: usize) -> Option<std::ops::Range<usize>> {
    (n > 0 && (1..=n).contains(&k)).then(|| total * (k - 1) / n..total * k / n)
}
