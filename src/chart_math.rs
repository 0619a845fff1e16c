//! The arithmetic behind the metrics charts: "nice" axis ticks (1-2-5 steps), compact number and
//! time labels, min/max decimation of long series, and a one-sentence summary for screen readers.
//!
//! Pure functions on plain data, compiled natively and to wasm alike, so they are tested without a
//! browser (`tests/chart_math.rs`); the Yew component that draws with them is `ui::panels::chart`.

use std::fmt::Write as _;

/// Most points a series is drawn with; longer series are decimated ([`decimate`]). A drawer of
/// charts redrawn as the simulation runs stays cheap, and 300 points is still more than one per
/// two pixels of a typical chart.
pub const MAX_DRAWN_POINTS: usize = 300;

/// Most series one chart draws; the rest are left out (and the summary says so).
pub const MAX_SERIES: usize = 12;

/// Most ticks an axis gets, whatever it is asked for: bounds the work on absurd input.
pub const MAX_TICKS: usize = 20;

/// One line on a chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartSeries {
    /// Shown in the legend, as text (it may come from a user: a node's name).
    pub name: String,
    /// Line colour: a CSS colour (`#2563eb`, `rgb(…)`) or a custom property (`var(--s-retry)`).
    /// Anything else is drawn in the text colour (see [`safe_colour`]).
    pub colour: String,
    /// `(t_s, value)`: simulated time in seconds and the value in the chart's unit, in time
    /// order. Points with a non-finite coordinate are skipped.
    pub points: Vec<(f64, f64)>,
}

/// Ticks on an axis: the axis runs from `lo` to `hi`, with a tick every `step` in between.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Start of the axis (the first tick).
    pub lo: f64,
    /// End of the axis (the last tick).
    pub hi: f64,
    /// Distance between ticks: 1, 2 or 5 times a power of ten.
    pub step: f64,
    /// The tick values from `lo` to `hi`, as exact as decimal notation allows (0.3, not
    /// 0.30000000000000004).
    pub values: Vec<f64>,
}

/// The tick step nearest `raw` among 1, 2 and 5 times a power of ten, as `(mantissa, exponent)`:
/// the step is `mantissa × 10^exponent` (Heckbert's "nice numbers", Graphics Gems, 1990).
fn nice_step(raw: f64) -> (f64, i32) {
    // Non-finite or non-positive input cannot happen from `nice_ticks`; answer 1 anyway.
    if !(raw.is_finite() && raw > 0.0) {
        return (1.0, 0);
    }
    let mut exponent = raw.log10().floor() as i32;
    let fraction = raw / pow10(exponent);
    let mantissa = if fraction < 1.5 {
        1.0
    } else if fraction < 3.0 {
        2.0
    } else if fraction < 7.0 {
        5.0
    } else {
        exponent += 1;
        1.0
    };
    (mantissa, exponent)
}

/// 10^e, exact for the integer powers an `f64` can hold exactly (|e| ≤ 22).
fn pow10(e: i32) -> f64 {
    10f64.powi(e)
}

/// `k × mantissa × 10^exponent`, computed so that decimal steps give decimal values:
/// `3 × 0.1` is computed as `3 / 10`, which is the `f64` nearest 0.3.
fn tick_value(k: f64, mantissa: f64, exponent: i32) -> f64 {
    if exponent < 0 {
        k * mantissa / pow10(-exponent)
    } else {
        k * mantissa * pow10(exponent)
    }
}

/// Ticks for an axis that must show `min..=max`, with about `target` intervals (at least one,
/// at most [`MAX_TICKS`]): the axis is widened outwards to whole steps. `min == max` gets an axis
/// around the value (or `0..=1` for zero); non-finite bounds are treated as zero.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Ticks {
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let (mut min, mut max) = (finite(min), finite(max));
    if min > max {
        std::mem::swap(&mut min, &mut max);
    }
    if min == max {
        if min == 0.0 {
            max = 1.0;
        } else if min > 0.0 {
            min = 0.0;
        } else {
            max = 0.0;
        }
    }
    let target = target.clamp(1, MAX_TICKS - 1);
    let (mut mantissa, mut exponent) = nice_step((max - min) / target as f64);
    // Rounding outwards can need one interval more than asked; grow the step until it fits.
    loop {
        let step = tick_value(1.0, mantissa, exponent);
        let first = (min / step).floor();
        let last = (max / step).ceil();
        let count = last - first;
        if count <= (MAX_TICKS - 1) as f64 || !count.is_finite() {
            let count = if count.is_finite() { count as usize } else { 0 };
            let values: Vec<f64> =
                (0..=count).map(|i| tick_value(first + i as f64, mantissa, exponent)).collect();
            let lo = values.first().copied().unwrap_or(min);
            let hi = values.last().copied().unwrap_or(max);
            return Ticks { lo, hi, step, values };
        }
        (mantissa, exponent) = next_step(mantissa, exponent);
    }
}

/// The next larger 1-2-5 step.
fn next_step(mantissa: f64, exponent: i32) -> (f64, i32) {
    if mantissa < 2.0 {
        (2.0, exponent)
    } else if mantissa < 5.0 {
        (5.0, exponent)
    } else {
        (1.0, exponent + 1)
    }
}

/// The unit a time axis is labelled in, chosen from its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// Up to two minutes.
    Seconds,
    /// Up to two hours.
    Minutes,
    /// Up to two days.
    Hours,
    /// Longer.
    Days,
}

impl TimeUnit {
    /// The unit for an axis `end_s` seconds long: the largest one it spans at least twice, so
    /// labels stay short ("90 s", "20 min", "1.5 h").
    pub fn for_span(end_s: f64) -> TimeUnit {
        if end_s.is_nan() || end_s <= 120.0 {
            TimeUnit::Seconds
        } else if end_s <= 120.0 * 60.0 {
            TimeUnit::Minutes
        } else if end_s <= 48.0 * 3600.0 {
            TimeUnit::Hours
        } else {
            TimeUnit::Days
        }
    }

    /// Seconds in one unit.
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0,
            TimeUnit::Minutes => 60.0,
            TimeUnit::Hours => 3600.0,
            TimeUnit::Days => 86_400.0,
        }
    }

    /// The symbol after the number: `s`, `min`, `h`, `d`.
    pub fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "s",
            TimeUnit::Minutes => "min",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
        }
    }
}

/// A time axis from 0 to `end_s` seconds: ticks in seconds (1-2-5 steps *of the axis unit*, so
/// every label is a short number of that unit), only those within the axis, and the unit.
/// `end_s` that is not a positive number gives a one-second axis.
pub fn time_ticks(end_s: f64, target: usize) -> (Ticks, TimeUnit) {
    let end_s = if end_s.is_finite() && end_s > 0.0 { end_s } else { 1.0 };
    let unit = TimeUnit::for_span(end_s);
    let scale = unit.seconds();
    let in_unit = nice_ticks(0.0, end_s / scale, target);
    // Keep the ticks within the axis (with a little slack for rounding): the axis ends at
    // `end_s` exactly, the current time or the end of the run, not at a rounder number.
    let values: Vec<f64> =
        in_unit.values.iter().map(|v| v * scale).filter(|v| *v <= end_s * (1.0 + 1e-9)).collect();
    let ticks = Ticks { lo: 0.0, hi: end_s, step: in_unit.step * scale, values };
    (ticks, unit)
}

/// A time tick's label in the axis unit: `0 s`, `30 s`, `1.5 min`, `2 h`, `3 d`.
pub fn format_time(t_s: f64, unit: TimeUnit) -> String {
    let v = t_s / unit.seconds();
    format!("{} {}", trim_decimals(v, decimals_for(v, 3)), unit.symbol())
}

/// A duration in seconds in the largest unit that keeps it readable, for summaries and
/// legends: `0 s`, `250 ms`, `45 s`, `2.5 min`, `1.2 h`, `3 d`.
pub fn format_duration(t_s: f64) -> String {
    if !t_s.is_finite() {
        return "–".to_owned();
    }
    let a = t_s.abs();
    if a == 0.0 {
        "0 s".to_owned()
    } else if a < 1.0 {
        format!("{} ms", compact_digits(t_s * 1e3))
    } else {
        let unit = TimeUnit::for_span(a);
        format!("{} {}", compact_digits(t_s / unit.seconds()), unit.symbol())
    }
}

/// `v` to three significant digits, without a suffix (`250`, `2.5`, `0.5`).
fn compact_digits(v: f64) -> String {
    trim_decimals(v, decimals_for(v, 3))
}

/// Decimal places that show `v` to `significant` digits (at most 9).
fn decimals_for(v: f64, significant: i32) -> usize {
    if v == 0.0 || !v.is_finite() {
        return 0;
    }
    let magnitude = v.abs().log10().floor() as i32;
    (significant - 1 - magnitude).clamp(0, 9) as usize
}

/// `v` with at most `decimals` places, trailing zeros (and a trailing point) removed; `-0` is
/// `0`, and negative numbers get a real minus sign (−).
fn trim_decimals(v: f64, decimals: usize) -> String {
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => "0".to_owned(),
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// SI suffixes for compact numbers, smallest first: (scale, suffix).
const SUFFIXES: [(f64, &str); 5] = [(1.0, ""), (1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T")];

/// The suffix for a magnitude: the largest one not above it.
fn suffix_for(a: f64) -> (f64, &'static str) {
    SUFFIXES.iter().rev().copied().find(|(scale, _)| a >= *scale).unwrap_or(SUFFIXES[0])
}

/// `v` to three significant digits with an SI suffix: `0`, `0.05`, `12.5`, `999`, `2.5k`,
/// `1.2M`, `−3k`. For legends and summaries; axis labels use [`format_tick`].
pub fn format_compact(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    // Round first, then pick the suffix: 999,960 is "1M", not "1000k".
    let rounded = if v == 0.0 {
        0.0
    } else {
        let factor = pow10(v.abs().log10().floor() as i32 - 2);
        (v / factor).round() * factor
    };
    let (scale, suffix) = suffix_for(rounded.abs());
    let scaled = rounded / scale;
    format!("{}{suffix}", trim_decimals(scaled, decimals_for(scaled, 3)))
}

/// An axis label: `v` with an SI suffix and exactly as many decimals as the axis `step` needs,
/// so neighbouring ticks never read the same (`1.002M` next to `1.004M`, `2.5k`, `0.05`).
pub fn format_tick(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    if v == 0.0 {
        return "0".to_owned();
    }
    let (scale, suffix) = suffix_for(v.abs());
    let step = if step.is_finite() && step > 0.0 { step } else { v.abs() };
    let decimals = (-(step / scale).log10().floor()).clamp(0.0, 9.0) as usize;
    // A step like 0.25 needs one decimal more than its magnitude says.
    let decimals = if ((step / scale) * pow10(decimals as i32)).fract().abs() > 1e-6 {
        (decimals + 1).min(9)
    } else {
        decimals
    };
    format!("{}{suffix}", trim_decimals(v / scale, decimals))
}

/// At most `max_points` of `points` (at least 4), keeping the shape: the first and last points,
/// and in each of equal runs of the rest the lowest and highest in their time order, so a spike
/// one sample wide still shows. Non-finite points are skipped. Short series come back as they
/// are (without the non-finite points).
pub fn decimate(points: &[(f64, f64)], max_points: usize) -> Vec<(f64, f64)> {
    let finite: Vec<(f64, f64)> =
        points.iter().copied().filter(|(t, v)| t.is_finite() && v.is_finite()).collect();
    let max_points = max_points.max(4);
    if finite.len() <= max_points {
        return finite;
    }
    let (first, last) = (finite[0], finite[finite.len() - 1]);
    let inner = &finite[1..finite.len() - 1];
    // Two points per bucket, and the two ends.
    let buckets = (max_points - 2) / 2;
    let mut out = Vec::with_capacity(max_points);
    out.push(first);
    for b in 0..buckets {
        let start = b * inner.len() / buckets;
        let end = (b + 1) * inner.len() / buckets;
        let bucket = &inner[start..end];
        if bucket.is_empty() {
            continue;
        }
        let (mut low, mut high) = (0, 0);
        for (i, p) in bucket.iter().enumerate() {
            if p.1 < bucket[low].1 {
                low = i;
            }
            if p.1 > bucket[high].1 {
                high = i;
            }
        }
        let (a, b) = (low.min(high), low.max(high));
        out.push(bucket[a]);
        if b != a {
            out.push(bucket[b]);
        }
    }
    out.push(last);
    out
}

/// A linear map from data to drawing coordinates: `domain` onto `range` (the range may run
/// backwards, as a y axis does). A domain of zero width maps everything to the range's start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Data interval.
    pub domain: (f64, f64),
    /// Drawing interval.
    pub range: (f64, f64),
}

impl Scale {
    /// Where `v` lands.
    pub fn map(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return r0;
        }
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }

    /// Where `v` lands, as a percentage of the range (for labels placed with CSS).
    pub fn fraction(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        if d1 == d0 {
            0.0
        } else {
            (v - d0) / (d1 - d0)
        }
    }
}

/// An SVG `points` attribute for `points` under the two scales, one decimal per coordinate
/// (a tenth of a unit of a 600-unit-wide drawing is finer than any screen shows). Coordinates are
/// clamped to ±1e6 so a wild value cannot make a huge string or a broken number.
pub fn polyline_points(points: &[(f64, f64)], x: Scale, y: Scale) -> String {
    let mut out = String::with_capacity(points.len() * 12);
    for (i, (t, v)) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let px = x.map(*t).clamp(-1e6, 1e6);
        let py = y.map(*v).clamp(-1e6, 1e6);
        let _ = write!(out, "{px:.1},{py:.1}");
    }
    out
}

/// `colour` if it is safe in a `style` attribute (a hex colour, a colour name, `rgb()`/`hsl()`/
/// `oklch()` and the like, or `var(--name)`), else `currentColor`. Colours come from code, but
/// they end up in CSS: this keeps a stray `;` or `url(` from ever reaching it.
pub fn safe_colour(colour: &str) -> &str {
    let c = colour.trim();
    let allowed = |ch: char| ch.is_ascii_alphanumeric() || " #().,%-/".contains(ch);
    let balanced = c.matches('(').count() == c.matches(')').count() && c.matches('(').count() <= 1;
    let banned = ["url", "expression", "image", "attr"].iter().any(|w| c.contains(w));
    if !c.is_empty() && c.len() <= 64 && c.chars().all(allowed) && balanced && !banned {
        c
    } else {
        "currentColor"
    }
}

/// The latest finite value of a series.
pub fn latest(points: &[(f64, f64)]) -> Option<f64> {
    points.iter().rev().find(|(t, v)| t.is_finite() && v.is_finite()).map(|p| p.1)
}

/// Smallest and largest finite values over all `series`, or `None` if none has a finite point.
pub fn value_range(series: &[ChartSeries]) -> Option<(f64, f64)> {
    series
        .iter()
        .flat_map(|s| s.points.iter())
        .filter(|(t, v)| t.is_finite() && v.is_finite())
        .fold(None, |acc, (_, v)| match acc {
            None => Some((*v, *v)),
            Some((lo, hi)) => Some((f64::min(lo, *v), f64::max(hi, *v))),
        })
}

/// One or two sentences saying what a chart shows, for its `aria-label` and `<title>`:
/// "Consumer lag in msgs over the first 2 min. Orders: latest 1.2k, peak 3.4k. Email: no data."
pub fn describe(title: &str, unit: &str, x_end_s: f64, series: &[ChartSeries]) -> String {
    let mut out = title.trim().to_owned();
    if !unit.trim().is_empty() {
        let _ = write!(out, " in {}", unit.trim());
    }
    let _ = write!(out, " over the first {}.", format_duration(x_end_s.max(0.0)));
    if value_range(series).is_none() {
        out.push_str(" No data yet.");
        return out;
    }
    for s in series.iter().take(MAX_SERIES) {
        let peak = s
            .points
            .iter()
            .filter(|(t, v)| t.is_finite() && v.is_finite())
            .map(|p| p.1)
            .fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v))));
        match (latest(&s.points), peak) {
            (Some(now), Some(peak)) => {
                let _ = write!(
                    out,
                    " {}: latest {}, peak {}.",
                    s.name,
                    format_compact(now),
                    format_compact(peak)
                );
            }
            _ => {
                let _ = write!(out, " {}: no data.", s.name);
            }
        }
    }
    if series.len() > MAX_SERIES {
        let _ = write!(out, " {} more series not shown.", series.len() - MAX_SERIES);
    }
    out
}
