//! Scenario files: pretty RON with a `version` field.
//!
//! Loading checks, in order: size, UTF-8, the file's version (a newer one is refused, an older
//! one migrated, see [`super::migrate`]), non-finite numbers, then the RON parse, which rejects
//! unknown and duplicate fields and nesting deeper than 64. Every error names the file and,
//! where it has one, the line and column, and says what to do. Loading never panics, whatever
//! the bytes, and takes time linear in their length (the fuzz target in `fuzz/` holds it to
//! that). Saving is in [`super::save`].

use std::path::Path;

use ron::extensions::Extensions;

use super::lex;
use super::migrate::migrate;
use super::stamp::FileStamp;
use crate::model::{FILE_VERSION, Scenario};

/// How the first line of a file written by Buildout begins (a comment it writes itself).
pub const HEADER_COMMENT: &str = "// Buildout scenario";

/// Largest scenario file accepted.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Deepest nesting accepted by the parser.
const MAX_NESTING: usize = 64;

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: the file is {size} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes. \
         Is this the right file?"
    )]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path}:{line}:{col}: the file is not UTF-8 text (invalid byte at offset {offset}); \
         save it as UTF-8"
    )]
    NotUtf8 {
        path: String,
        line: usize,
        col: usize,
        offset: usize,
    },
    #[error(
        "{path}: the file is format version {found}, newer than this Buildout understands \
         (version {FILE_VERSION}); update Buildout to open it"
    )]
    NewerVersion { path: String, found: u64 },
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
}

impl LoadError {
    /// Line and column, when the error has them.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, col, .. } | Self::NotUtf8 { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

/// A scenario read from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// The file's format version when it was older than [`FILE_VERSION`] (it was upgraded in
    /// memory; saving writes the current version).
    pub migrated_from: Option<u32>,
    /// The file as read, to notice later changes by others.
    pub stamp: FileStamp,
    /// The text the scenario was read from (upgraded, when the file was older): what a save
    /// patches, see [`super::patch`].
    pub text: String,
}

/// Reads and parses a scenario file (it is not validated: see [`crate::model::validate`]).
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    load_file(path).map(|l| l.scenario)
}

/// [`load`], with what the file was and how it was read.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let shown = path.display().to_string();
    let io = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: shown,
            size: meta.len(),
        });
    }
    // Read at most one byte past the limit, in case the file grew since.
    let mut bytes = Vec::new();
    {
        use std::io::Read as _;
        let file = std::fs::File::open(path).map_err(io)?;
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    let (scenario, migrated_from, text) = parse_source(&bytes, &shown)?;
    Ok(Loaded {
        scenario,
        migrated_from,
        stamp: FileStamp::of(&meta, &bytes),
        text,
    })
}

/// Parses scenario text; `name` is used in messages (a file path or `<default>`).
pub fn parse(text: &str, name: &str) -> Result<Scenario, LoadError> {
    parse_bytes(text.as_bytes(), name).map(|(s, _)| s)
}

/// Parses scenario bytes; also returns the version the file was migrated from, if older.
pub fn parse_bytes(bytes: &[u8], name: &str) -> Result<(Scenario, Option<u32>), LoadError> {
    parse_source(bytes, name).map(|(s, from, _)| (s, from))
}

/// [`parse_bytes`], also returning the text the scenario was read from (the upgraded text if
/// the file was older), which a save patches.
pub fn parse_source(
    bytes: &[u8],
    name: &str,
) -> Result<(Scenario, Option<u32>, String), LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: name.to_owned(),
            size: bytes.len() as u64,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..offset]);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError::NotUtf8 {
            path: name.to_owned(),
            line,
            col,
            offset,
        }
    })?;
    let syntax = |line, col, message: String| LoadError::Syntax {
        path: name.to_owned(),
        line,
        col,
        message,
    };
    let toks = lex::tokens(text);
    let mut migrated = None;
    match lex::version_field(&toks) {
        Some((_, value)) => match lex::integer_value(value) {
            Some(v) if v > u64::from(FILE_VERSION) => {
                return Err(LoadError::NewerVersion {
                    path: name.to_owned(),
                    found: v,
                });
            }
            Some(0) | None => {
                return Err(syntax(
                    value.line,
                    value.col,
                    format!(
                        "`version` must be a file format version, 1 to {FILE_VERSION}, not `{}`",
                        value.text
                    ),
                ));
            }
            Some(v) if v < u64::from(FILE_VERSION) => {
                let from = u32::try_from(v).unwrap_or(FILE_VERSION);
                migrated = Some((
                    from,
                    migrate(text, from).map_err(|e| {
                        syntax(
                            e.line,
                            e.col,
                            format!("{} (upgrading from file format version {from})", e.message),
                        )
                    })?,
                ));
            }
            Some(_) => {}
        },
        None if toks.iter().any(|t| t.text == "(") => {
            return Err(syntax(
                1,
                1,
                format!(
                    "the file has no `version` field; add `version: {FILE_VERSION},` as the \
                     first field of the scenario"
                ),
            ));
        }
        None => {}
    }
    let (text, toks, from) = match &migrated {
        Some((from, upgraded)) => (upgraded.as_str(), lex::tokens(upgraded), Some(*from)),
        None => (text, toks, None),
    };
    if let Some((t, why)) = lex::first_non_finite(&toks) {
        return Err(syntax(t.line, t.col, format!("`{}` {why}", t.text)));
    }
    ron_options()
        .from_str::<Scenario>(text)
        .map(|s| (s, from, text.to_owned()))
        .map_err(|e| syntax(e.span.start.line, e.span.start.col, explain(&e.code)))
}

fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// The parser's message plus what to do about it.
fn explain(code: &ron::Error) -> String {
    let hint = match code {
        ron::Error::NoSuchStructField { .. } => {
            " — check the spelling; the README lists every field"
        }
        ron::Error::MissingStructField { .. } => " — add the field (the README lists every field)",
        ron::Error::DuplicateStructField { .. } => " — remove one of the two",
        ron::Error::ExceededRecursionLimit => " — the file is nested too deeply to be a scenario",
        ron::Error::Eof => " — the file ends early; is it cut off?",
        _ => "",
    };
    format!("{code}{hint}")
}

/// The scenario as pretty, hand-editable RON (big numbers in exponent form, e.g. `2e10`).
pub fn to_ron(s: &Scenario) -> String {
    let pretty = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .depth_limit(5)
        .extensions(Extensions::IMPLICIT_SOME)
        .separate_tuple_members(false);
    let body = match ron::ser::to_string_pretty(s, pretty) {
        Ok(text) => text,
        // Serialising plain data into a String cannot fail; keep a readable fallback anyway.
        Err(e) => format!("// could not write the scenario: {e}\n"),
    };
    let mut out = format!(
        "{HEADER_COMMENT} (file format version {FILE_VERSION}). Money in US dollars, time in years.\n"
    );
    out.push_str(&compact_numbers(&body));
    out.push('\n');
    out
}

/// Rewrites long floating-point literals (|x| ≥ 1e6, or tiny fractions) in exponent form.
/// Integers (years, the version) are left alone: `2.147483647e9` is no `i32`.
fn compact_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for t in lex::tokens(text) {
        if t.kind != lex::TokenKind::Number || t.text.contains(['e', 'E']) || !t.text.contains('.')
        {
            continue;
        }
        let Some(v) = lex::number_value(t.text) else {
            continue;
        };
        if v != 0.0 && (v.abs() >= 1e6 || v.abs() < 1e-4) {
            out.push_str(&text[last..t.offset]);
            out.push_str(&format!("{v:e}"));
            last = t.offset + t.text.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The shipped default scenario, `scenarios/accelerated-7t.ron`, embedded in the binary.
pub const DEFAULT_SCENARIO_RON: &str = include_str!("../../scenarios/accelerated-7t.ron");

/// The embedded default scenario (a test keeps it loadable; the template stands in otherwise).
pub fn default_scenario() -> Scenario {
    parse(DEFAULT_SCENARIO_RON, "<default scenario>").unwrap_or_else(|_| Scenario::template())
}
