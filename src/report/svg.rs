//! A small SVG chart writer for the report: a plot area with a title, a legend, an x and up to
//! two y axes (years, values in a unit, a log10 scale or named rows), and marks drawn in data
//! coordinates — lines, filled bands, rectangles (bars) and reference lines.
//!
//! Marks are clipped to the plot area; points that are not finite are left out, and every
//! number written is finite, so the SVG text never holds `NaN` or `inf`. Text is escaped.
//! Sizes are in CSS pixels of a fixed-width view box that scales to the page.

use std::fmt::Write as _;

use super::html::escape;
use crate::format::palette::css;
use crate::format::{percent_tick, quantity_tick, usd_tick};

/// Width of every chart's view box.
pub const WIDTH: f64 = 960.0;
/// Font size of tick labels and the legend.
const FONT: f64 = 12.0;
/// Average advance of a character at [`FONT`], for laying out labels without a font.
const CHAR_WIDTH: f64 = FONT * 0.58;
/// Space reserved for the title and subtitle above the legend.
const TITLE_HEIGHT: f64 = 46.0;
const LEGEND_ROW: f64 = 20.0;

/// How an axis reads its values.
#[derive(Clone, Debug, PartialEq)]
pub enum Scale {
    /// Calendar years (fractional: 2030.5 is mid-2030).
    Years,
    /// Values in a unit, from a nice range that includes zero.
    Linear(Format),
    /// Values in a unit, from a nice range around them (zero only if they reach it).
    Span(Format),
    /// log10 of values: ticks at whole decades.
    Log(Format),
    /// Named rows, the first at the top (a value `k` is row `k`'s centre).
    Rows(Vec<String>),
}

/// How tick labels read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `$1.5T`
    Usd,
    /// `2.5M`
    Quantity,
    /// `25 %` (values are fractions)
    Percent,
}

impl Format {
    fn label(self, v: f64) -> String {
        match self {
            Self::Usd => usd_tick(v),
            Self::Quantity => quantity_tick(v),
            Self::Percent => percent_tick(v),
        }
    }
}

/// One axis: how it reads, its label (with the unit) and the data range it must show.
#[derive(Clone, Debug)]
pub struct Axis {
    pub scale: Scale,
    pub label: String,
    /// Bounds to include beyond the marks' own (e.g. a limit line's value).
    pub include: Vec<f64>,
}

impl Axis {
    pub fn new(scale: Scale, label: impl Into<String>) -> Self {
        Self {
            scale,
            label: label.into(),
            include: Vec::new(),
        }
    }

    /// Makes the axis show `v`.
    pub fn including(mut self, v: f64) -> Self {
        self.include.push(v);
        self
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    fn attribute(self) -> &'static str {
        match self {
            Self::Solid => "",
            Self::Dashed => " stroke-dasharray=\"7 4\"",
            Self::Dotted => " stroke-dasharray=\"2 3\"",
        }
    }
}

/// Something drawn in data coordinates.
#[derive(Clone, Debug)]
pub enum Mark {
    /// A polyline; `right` reads y on the right axis.
    Line {
        points: Vec<[f64; 2]>,
        color: u32,
        width: f64,
        dash: Dash,
        right: bool,
    },
    /// The band between `lower` and `upper` over `xs`.
    Band {
        xs: Vec<f64>,
        lower: Vec<f64>,
        upper: Vec<f64>,
        color: u32,
        opacity: f64,
    },
    /// A rectangle from `(x0, y0)` to `(x1, y1)`, with a hover text.
    Rect {
        x: [f64; 2],
        y: [f64; 2],
        color: u32,
        tip: String,
    },
    /// A horizontal reference line across the plot.
    HLine { y: f64, color: u32, dash: Dash },
    /// A vertical reference line across the plot.
    VLine { x: f64, color: u32, dash: Dash },
    /// A short text at a point, left-aligned or, with `end`, right-aligned to it.
    Label {
        at: [f64; 2],
        text: String,
        end: bool,
    },
}

/// A legend entry: a swatch in a colour (a line or a filled box) and its text.
#[derive(Clone, Debug)]
pub struct Key {
    pub text: String,
    pub color: u32,
    /// A filled box (areas, bars) rather than a line.
    pub filled: bool,
    pub dash: Dash,
}

impl Key {
    pub fn line(text: impl Into<String>, color: u32, dash: Dash) -> Self {
        Self {
            text: text.into(),
            color,
            filled: false,
            dash,
        }
    }

    pub fn filled(text: impl Into<String>, color: u32) -> Self {
        Self {
            text: text.into(),
            color,
            filled: true,
            dash: Dash::Solid,
        }
    }
}

/// One chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The `id` of the `<svg>` element.
    pub id: String,
    pub title: String,
    /// A line under the title: what is drawn, and how.
    pub subtitle: String,
    /// Height of the plot area.
    pub plot_height: f64,
    pub x: Axis,
    pub y: Axis,
    /// A right y axis: `(axis, scale)` — its marks are drawn at `value × scale` on the left
    /// axis, and its ticks read the left ticks ÷ `scale`, so that both share the grid.
    pub right: Option<(Axis, f64)>,
    pub marks: Vec<Mark>,
    pub legend: Vec<Key>,
}

/// A finite number as SVG text, one decimal (0 for anything not finite).
fn n(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The smallest `{1, 2, 5} × 10^k` not below `x` (> 0).
fn nice_step(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|s| *s >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * p)
}

/// Tick positions for `lo..=hi` and the range they span: about `count` steps of a nice size,
/// the range widened to whole steps.
fn linear_ticks(lo: f64, hi: f64, count: f64) -> (Vec<f64>, f64, f64) {
    let span = hi - lo;
    if !(span > 0.0 && span.is_finite()) {
        let v = if lo.is_finite() { lo } else { 0.0 };
        let half = if v == 0.0 { 1.0 } else { v.abs() * 0.5 };
        return linear_ticks(v - half, v + half, count);
    }
    let step = nice_step(span / count);
    // Float noise (7.000000001 steps) does not add a step.
    let first = (lo / step + 1e-9).floor();
    let last = (hi / step - 1e-9).ceil();
    let ticks = (first as i64..=last as i64)
        .map(|k| {
            let v = k as f64 * step;
            // A tick at "zero" can come out as float noise.
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        })
        .collect();
    (ticks, first * step, last * step)
}

/// Year ticks over `lo..=hi`: every 1, 2, 5, 10 … years, at most about 12.
fn year_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|s| span / s <= 12.0)
        .unwrap_or(100.0);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// An axis laid out: its data range, tick values and their labels.
struct Laid {
    lo: f64,
    hi: f64,
    ticks: Vec<(f64, String)>,
}

impl Laid {
    fn of(axis: &Axis, values: &[f64], ticks: f64) -> Self {
        let finite = || {
            values
                .iter()
                .chain(&axis.include)
                .copied()
                .filter(|v| v.is_finite())
        };
        let min = finite().fold(f64::INFINITY, f64::min);
        let max = finite().fold(f64::NEG_INFINITY, f64::max);
        match &axis.scale {
            Scale::Years => {
                let (lo, hi) = if min <= max { (min, max) } else { (0.0, 1.0) };
                let hi = if hi > lo { hi } else { lo + 1.0 };
                let ticks = year_ticks(lo, hi)
                    .into_iter()
                    .map(|v| (v, format!("{}", v as i64)))
                    .collect();
                Self { lo, hi, ticks }
            }
            Scale::Linear(format) | Scale::Span(format) => {
                let (min, max) = if min <= max { (min, max) } else { (0.0, 1.0) };
                let (min, max) = if matches!(axis.scale, Scale::Linear(_)) {
                    (min.min(0.0), max.max(0.0))
                } else {
                    (min, max)
                };
                // A little headroom, so that a bar at the top does not touch the frame.
                let room = (max - min) * 0.03;
                let (min, max) = (if min < 0.0 { min - room } else { min }, max + room);
                let (ticks, lo, hi) = linear_ticks(min, max, ticks);
                let ticks = ticks.into_iter().map(|v| (v, format.label(v))).collect();
                Self { lo, hi, ticks }
            }
            Scale::Log(format) => {
                let (min, max) = if min <= max { (min, max) } else { (0.0, 1.0) };
                let (lo, hi) = (min.floor(), max.ceil().max(min.floor() + 1.0));
                let every = ((hi - lo) / 8.0).ceil().max(1.0);
                let ticks = (lo as i64..=hi as i64)
                    .filter(|k| (k - lo as i64) % every as i64 == 0)
                    .map(|k| (k as f64, format.label(10f64.powi(k as i32))))
                    .collect();
                Self { lo, hi, ticks }
            }
            Scale::Rows(names) => {
                let rows = names.len().max(1) as f64;
                let ticks = names
                    .iter()
                    .enumerate()
                    .map(|(k, name)| (k as f64, name.clone()))
                    .collect();
                Self {
                    lo: -0.5,
                    hi: rows - 0.5,
                    ticks,
                }
            }
        }
    }

    /// Pixel position of `v` between `px0` (at `lo`) and `px1` (at `hi`).
    fn at(&self, v: f64, px0: f64, px1: f64) -> f64 {
        let t = (v - self.lo) / (self.hi - self.lo);
        px0 + t.clamp(-0.05, 1.05) * (px1 - px0)
    }
}

/// Where the plot area is, in pixels.
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    /// The plot area as a rectangle's attributes.
    fn area(&self) -> String {
        format!(
            "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            n(self.left),
            n(self.top),
            n(self.right - self.left),
            n(self.bottom - self.top)
        )
    }
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// The legend's entries laid out in rows across `width`: `(x, row)` of each.
fn legend_layout(keys: &[Key], left: f64, width: f64) -> Vec<(f64, usize)> {
    let mut out = Vec::with_capacity(keys.len());
    let (mut x, mut row) = (left, 0);
    for k in keys {
        let w = 26.0 + text_width(&k.text) + 18.0;
        if x > left && x + w > left + width {
            x = left;
            row += 1;
        }
        out.push((x, row));
        x += w;
    }
    out
}

impl Chart {
    /// A chart over years, with a left axis.
    pub fn new(id: &str, title: &str, x: Axis, y: Axis) -> Self {
        Self {
            id: id.to_owned(),
            title: title.to_owned(),
            subtitle: String::new(),
            plot_height: 260.0,
            x,
            y,
            right: None,
            marks: Vec::new(),
            legend: Vec::new(),
        }
    }

    pub fn subtitle(mut self, text: impl Into<String>) -> Self {
        self.subtitle = text.into();
        self
    }

    pub fn height(mut self, plot_height: f64) -> Self {
        self.plot_height = plot_height;
        self
    }

    pub fn add(&mut self, mark: Mark) {
        self.marks.push(mark);
    }

    pub fn key(&mut self, key: Key) {
        self.legend.push(key);
    }

    /// The x and left-y values of the marks (right-axis lines scaled into the left axis).
    fn extents(&self) -> (Vec<f64>, Vec<f64>) {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        let scale = self.right.as_ref().map_or(1.0, |(_, s)| *s);
        for m in &self.marks {
            match m {
                Mark::Line { points, right, .. } => {
                    let k = if *right { scale } else { 1.0 };
                    for [x, y] in points {
                        xs.push(*x);
                        ys.push(y * k);
                    }
                }
                Mark::Band {
                    xs: bx,
                    lower,
                    upper,
                    ..
                } => {
                    xs.extend(bx);
                    ys.extend(lower);
                    ys.extend(upper);
                }
                Mark::Rect { x, y, .. } => {
                    xs.extend(x);
                    ys.extend(y);
                }
                Mark::HLine { y, .. } => ys.push(*y),
                Mark::VLine { x, .. } => xs.push(*x),
                Mark::Label { .. } => {}
            }
        }
        (xs, ys)
    }

    /// The chart as an `<svg>` element.
    pub fn svg(&self) -> String {
        let (xs, ys) = self.extents();
        let x = Laid::of(&self.x, &xs, 8.0);
        let y = Laid::of(&self.y, &ys, 5.0);
        let tick_width = |l: &Laid| {
            l.ticks
                .iter()
                .map(|(_, t)| text_width(t))
                .fold(0.0, f64::max)
        };
        let rows = matches!(self.y.scale, Scale::Rows(_));
        let left = (tick_width(&y) + if rows { 16.0 } else { 34.0 }).max(64.0);
        let right_ticks: Vec<(f64, String)> = match &self.right {
            Some((axis, scale)) => {
                let format = match axis.scale {
                    Scale::Linear(f) | Scale::Span(f) | Scale::Log(f) => f,
                    _ => Format::Quantity,
                };
                y.ticks
                    .iter()
                    .map(|(v, _)| (*v, format.label(v / scale)))
                    .collect()
            }
            None => Vec::new(),
        };
        let right_width = right_ticks
            .iter()
            .map(|(_, t)| text_width(t))
            .fold(0.0, f64::max);
        let right = if self.right.is_some() {
            WIDTH - right_width - 34.0
        } else {
            WIDTH - 20.0
        };
        let legend = legend_layout(&self.legend, left, right - left);
        let legend_rows = legend.last().map_or(0, |(_, r)| r + 1);
        let top = TITLE_HEIGHT + legend_rows as f64 * LEGEND_ROW + 10.0;
        let f = Frame {
            left,
            right,
            top,
            bottom: top + self.plot_height,
        };
        let height = f.bottom + 46.0;
        let id = escape(&self.id);
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" \
             role=\"img\" aria-labelledby=\"{id}-title\">",
            n(WIDTH),
            n(height),
            n(WIDTH),
            n(height)
        );
        let _ = write!(
            s,
            "<title id=\"{id}-title\">{}</title>",
            escape(&self.title)
        );
        let _ = write!(
            s,
            "<text class=\"chart-title\" x=\"{}\" y=\"20\">{}</text>",
            n(f.left),
            escape(&self.title)
        );
        if !self.subtitle.is_empty() {
            let _ = write!(
                s,
                "<text class=\"chart-subtitle\" x=\"{}\" y=\"38\">{}</text>",
                n(f.left),
                escape(&self.subtitle)
            );
        }
        self.legend_svg(&mut s, &legend);
        let px = |v: f64| x.at(v, f.left, f.right);
        // Rows read top-down (row 0 at the top); values bottom-up.
        let py = |v: f64| {
            if rows {
                y.at(v, f.top, f.bottom)
            } else {
                y.at(v, f.bottom, f.top)
            }
        };
        grid_svg(&mut s, &f, (&x, &px), (&y, &py), &right_ticks, rows);
        let clip = format!("{id}-clip");
        let _ = write!(s, "<clipPath id=\"{clip}\"><rect {}/></clipPath>", f.area());
        let _ = write!(s, "<g class=\"marks\" clip-path=\"url(#{clip})\">");
        let scale = self.right.as_ref().map_or(1.0, |(_, k)| *k);
        for m in &self.marks {
            mark_svg(&mut s, m, &px, &py, scale, &f);
        }
        s.push_str("</g>");
        axes_svg(&mut s, &f, self, height);
        s.push_str("</svg>");
        s
    }

    fn legend_svg(&self, s: &mut String, layout: &[(f64, usize)]) {
        if self.legend.is_empty() {
            return;
        }
        s.push_str("<g class=\"legend\">");
        for (k, (x, row)) in self.legend.iter().zip(layout) {
            let y = TITLE_HEIGHT + 8.0 + *row as f64 * LEGEND_ROW;
            let color = css(k.color);
            if k.filled {
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"11\" rx=\"2\" fill=\"{color}\"/>",
                    n(*x),
                    n(y - 5.5)
                );
            } else {
                let _ = write!(
                    s,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{color}\" \
                     stroke-width=\"2.5\"{}/>",
                    n(*x),
                    n(y),
                    n(x + 18.0),
                    n(y),
                    k.dash.attribute()
                );
            }
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\">{}</text>",
                n(x + 24.0),
                n(y + 0.5),
                escape(&k.text)
            );
        }
        s.push_str("</g>");
    }
}

/// An axis laid out, with the pixel position of a value on it.
type Placed<'a> = (&'a Laid, &'a dyn Fn(f64) -> f64);

/// Grid lines and tick labels of both axes (and the right axis' labels).
fn grid_svg(
    s: &mut String,
    f: &Frame,
    (x, px): Placed<'_>,
    (y, py): Placed<'_>,
    right_ticks: &[(f64, String)],
    rows: bool,
) {
    s.push_str("<g class=\"grid\">");
    for (v, _) in &x.ticks {
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            n(px(*v)),
            n(f.top),
            n(px(*v)),
            n(f.bottom)
        );
    }
    if !rows {
        for (v, _) in &y.ticks {
            let class = if *v == 0.0 { " class=\"zero\"" } else { "" };
            let _ = write!(
                s,
                "<line{class} x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                n(f.left),
                n(py(*v)),
                n(f.right),
                n(py(*v))
            );
        }
    }
    s.push_str("</g><g class=\"ticks\">");
    for (v, label) in &x.ticks {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n(px(*v)),
            n(f.bottom + 17.0),
            escape(label)
        );
    }
    for (v, label) in &y.ticks {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            n(f.left - 8.0),
            n(py(*v)),
            escape(label)
        );
    }
    for (v, label) in right_ticks {
        let _ = write!(
            s,
            "<text class=\"right\" x=\"{}\" y=\"{}\" dominant-baseline=\"middle\">{}</text>",
            n(f.right + 8.0),
            n(py(*v)),
            escape(label)
        );
    }
    s.push_str("</g>");
}

/// The plot frame and the axis labels.
fn axes_svg(s: &mut String, f: &Frame, c: &Chart, height: f64) {
    let _ = write!(s, "<rect class=\"frame\" {}/>", f.area());
    s.push_str("<g class=\"axis-labels\">");
    if !c.x.label.is_empty() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n((f.left + f.right) / 2.0),
            n(height - 8.0),
            escape(&c.x.label)
        );
    }
    let mid = (f.top + f.bottom) / 2.0;
    if !c.y.label.is_empty() {
        let _ = write!(
            s,
            "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text>",
            n(mid),
            n(mid),
            escape(&c.y.label)
        );
    }
    if let Some((axis, _)) = &c.right {
        let x = WIDTH - 10.0;
        let _ = write!(
            s,
            "<text class=\"right\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" \
             transform=\"rotate(90 {} {})\">{}</text>",
            n(x),
            n(mid),
            n(x),
            n(mid),
            escape(&axis.label)
        );
    }
    s.push_str("</g>");
}

fn mark_svg(
    s: &mut String,
    m: &Mark,
    px: &dyn Fn(f64) -> f64,
    py: &dyn Fn(f64) -> f64,
    scale: f64,
    f: &Frame,
) {
    match m {
        Mark::Line {
            points,
            color,
            width,
            dash,
            right,
        } => {
            let k = if *right { scale } else { 1.0 };
            let path: Vec<String> = points
                .iter()
                .filter(|[x, y]| x.is_finite() && (y * k).is_finite())
                .map(|[x, y]| format!("{},{}", n(px(*x)), n(py(y * k))))
                .collect();
            if path.len() < 2 {
                return;
            }
            let _ = write!(
                s,
                "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" \
                 stroke-linejoin=\"round\"{} points=\"{}\"/>",
                css(*color),
                n(*width),
                dash.attribute(),
                path.join(" ")
            );
        }
        Mark::Band {
            xs,
            lower,
            upper,
            color,
            opacity,
        } => {
            let finite: Vec<(f64, f64, f64)> = xs
                .iter()
                .zip(lower.iter().zip(upper))
                .filter(|(x, (l, u))| x.is_finite() && l.is_finite() && u.is_finite())
                .map(|(x, (l, u))| (*x, *l, *u))
                .collect();
            if finite.len() < 2 {
                return;
            }
            let top = finite.iter().map(|(x, _, u)| (x, u));
            let bottom = finite.iter().rev().map(|(x, l, _)| (x, l));
            let path: Vec<String> = top
                .chain(bottom)
                .map(|(x, y)| format!("{},{}", n(px(*x)), n(py(*y))))
                .collect();
            let _ = write!(
                s,
                "<polygon fill=\"{}\" fill-opacity=\"{}\" points=\"{}\"/>",
                css(*color),
                n_opacity(*opacity),
                path.join(" ")
            );
        }
        Mark::Rect { x, y, color, tip } => {
            if !(x.iter().chain(y).all(|v| v.is_finite())) {
                return;
            }
            let (x0, x1) = (px(x[0]), px(x[1]));
            let (y0, y1) = (py(y[0]), py(y[1]));
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                n(x0.min(x1)),
                n(y0.min(y1)),
                n((x1 - x0).abs()),
                n((y1 - y0).abs()),
                css(*color),
                escape(tip)
            );
        }
        Mark::HLine { y, color, dash } => {
            if !y.is_finite() {
                return;
            }
            let _ = write!(
                s,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>",
                n(f.left),
                n(py(*y)),
                n(f.right),
                n(py(*y)),
                css(*color),
                dash.attribute()
            );
        }
        Mark::VLine { x, color, dash } => {
            if !x.is_finite() {
                return;
            }
            let _ = write!(
                s,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>",
                n(px(*x)),
                n(f.top),
                n(px(*x)),
                n(f.bottom),
                css(*color),
                dash.attribute()
            );
        }
        Mark::Label { at, text, end } => {
            if !(at[0].is_finite() && at[1].is_finite()) {
                return;
            }
            let (anchor, dx) = if *end { ("end", -4.0) } else { ("start", 4.0) };
            let _ = write!(
                s,
                "<text class=\"mark-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" \
                 dominant-baseline=\"middle\">{}</text>",
                n(px(at[0]) + dx),
                n(py(at[1])),
                escape(text)
            );
        }
    }
}

/// An opacity with two decimals.
fn n_opacity(x: f64) -> String {
    format!("{:.2}", x.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_finite_and_short() {
        assert_eq!(n(1.25), "1.3");
        assert_eq!(n(2.0), "2");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(f64::INFINITY), "0");
    }

    #[test]
    fn ticks_are_one_two_five_and_cover_the_range() {
        let (ticks, lo, hi) = linear_ticks(0.0, 7.3e12, 5.0);
        assert_eq!(ticks, vec![0.0, 2e12, 4e12, 6e12, 8e12]);
        assert_eq!((lo, hi), (0.0, 8e12));
        let (ticks, lo, hi) = linear_ticks(-0.3, 0.9, 5.0);
        // 1.2 over 5 steps: 0.24, so steps of 0.5.
        assert_eq!((lo, hi), (-0.5, 1.0));
        assert!(ticks.contains(&0.0));
        // A flat series still gets a range.
        let (_, lo, hi) = linear_ticks(0.0, 0.0, 5.0);
        assert!(lo < 0.0 && hi > 0.0);
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(1.0), 1.0);
        // 17 years: every 2 (8.5 steps, at most 12); 36 years: every 5.
        assert_eq!(year_ticks(2024.0, 2041.0).first(), Some(&2024.0));
        assert_eq!(year_ticks(2024.0, 2041.0).len(), 9);
        assert_eq!(
            year_ticks(2024.0, 2060.0),
            vec![
                2025.0, 2030.0, 2035.0, 2040.0, 2045.0, 2050.0, 2055.0, 2060.0
            ]
        );
        assert_eq!(year_ticks(2024.0, 2030.0).len(), 7);
    }

    #[test]
    fn a_chart_writes_its_title_legend_axes_and_marks() {
        let mut c = Chart::new(
            "c1",
            "Money <&> compute",
            Axis::new(Scale::Years, "Year"),
            Axis::new(Scale::Linear(Format::Usd), "Capital [$]"),
        );
        c.right = Some((
            Axis::new(Scale::Linear(Format::Quantity), "Compute [PFLOP/s]"),
            1e6,
        ));
        c.add(Mark::Line {
            points: vec![[2024.0, 0.0], [2025.0, 1e12], [2026.0, f64::NAN]],
            color: 0x112233,
            width: 2.0,
            dash: Dash::Solid,
            right: false,
        });
        c.add(Mark::Line {
            points: vec![[2024.0, 0.0], [2026.0, 2e6]],
            color: 0x445566,
            width: 2.0,
            dash: Dash::Dashed,
            right: true,
        });
        c.key(Key::line("Capital", 0x112233, Dash::Solid));
        let svg = c.svg();
        assert!(svg.starts_with("<svg id=\"c1\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"c1-title\">Money &lt;&amp;&gt; compute</title>"));
        assert!(svg.contains(">Capital</text>"));
        // The right line is scaled into the left range: $2T at 2026; its axis reads 2M.
        assert!(svg.contains(">$2T</text>"));
        assert!(svg.contains(">2M</text>"));
        assert!(svg.contains("stroke-dasharray"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn rows_read_top_down() {
        let mut c = Chart::new(
            "rows",
            "Rows",
            Axis::new(Scale::Years, ""),
            Axis::new(Scale::Rows(vec!["First".into(), "Second".into()]), ""),
        );
        c.add(Mark::Rect {
            x: [2024.0, 2025.0],
            y: [-0.3, 0.3],
            color: 0,
            tip: "a".into(),
        });
        let svg = c.svg();
        let first = svg.find(">First<").unwrap_or(0);
        let y_of = |at: usize| {
            let head = &svg[..at];
            let k = head.rfind("y=\"").unwrap_or(0) + 3;
            head[k..]
                .split('"')
                .next()
                .unwrap_or("")
                .parse::<f64>()
                .unwrap_or(0.0)
        };
        let second = svg.find(">Second<").unwrap_or(0);
        assert!(y_of(first) < y_of(second), "row 0 is drawn above row 1");
    }
}
