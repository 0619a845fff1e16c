//! A time-series chart for the metrics drawer: one or more series over simulated time, with
//! nice ticks, gridlines, a legend and a summary for screen readers.
//!
//! Layout: the lines and gridlines are an SVG in a fixed `600 × plot height` coordinate system
//! stretched to the plot box (`preserveAspectRatio="none"`, strokes with
//! `vector-effect: non-scaling-stroke` so they stay one or two pixels wide whatever the width).
//! Everything that is text (axis labels, legend, empty state) is HTML placed over it by
//! percentage, so it is never stretched and keeps the page's font size at any width. The
//! arithmetic (ticks, labels, decimation, the summary) is in [`crate::chart_math`], tested
//! natively.
//!
//! Props compare by value, so Yew redraws a chart only when its data, axis end or title
//! change; each series is decimated to [`MAX_DRAWN_POINTS`] points before drawing.

use yew::prelude::*;

pub use crate::chart_math::ChartSeries;
use crate::chart_math::{
    decimate, describe, format_compact, format_tick, format_time, latest, nice_ticks,
    polyline_points, safe_colour, time_ticks, value_range, Scale, MAX_DRAWN_POINTS, MAX_SERIES,
};

/// Width of the drawing's coordinate system (CSS scales it to the box).
const VIEW_W: f64 = 600.0;
/// Default height of the chart's body (plot and time labels), in CSS pixels.
pub const DEFAULT_HEIGHT_PX: u32 = 140;
/// Smallest and largest height accepted, in CSS pixels; others are clamped.
const HEIGHT_RANGE_PX: (u32, u32) = (60, 600);
/// Room under the plot for the time labels, plus room above it so the top label is not cut;
/// in CSS pixels (the same numbers as `.chart-body`'s padding in `static/app.css`).
const X_LABELS_PX: u32 = 18;
const TOP_PAD_PX: u32 = 6;
/// Intervals asked of each axis (the 1-2-5 steps give about this many).
const X_TICKS: usize = 5;
const Y_TICKS: usize = 3;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// Shown above the chart and first in its summary ("Consumer lag").
    pub title: AttrValue,
    /// Unit of the values ("msgs", "s", "msgs/s", "ms"); empty for plain counts.
    #[prop_or_default]
    pub unit: AttrValue,
    /// The lines, at most [`MAX_SERIES`] of them drawn (the summary counts the rest).
    pub series: Vec<ChartSeries>,
    /// Height of the plot and its time labels, in CSS pixels, 60 to 600. Default 140.
    #[prop_or(DEFAULT_HEIGHT_PX)]
    pub height_px: u32,
    /// End of the time axis, in simulated seconds (the current time, or the run's duration);
    /// the axis starts at 0. Not a positive number: the latest time in the data.
    pub x_max_s: f64,
    /// A band `(t_s, low, high)` shaded under the lines in the first series' colour (the 95 %
    /// interval across seeds around a mean line); empty for none.
    #[prop_or_default]
    pub band: Vec<(f64, f64, f64)>,
}

/// The axis end: `x_max_s` if usable, else the latest time in the data (or 1 s).
fn axis_end_s(x_max_s: f64, series: &[ChartSeries]) -> f64 {
    if x_max_s.is_finite() && x_max_s > 0.0 {
        return x_max_s;
    }
    series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .filter(|t| t.is_finite() && *t > 0.0)
        .fold(1.0, f64::max)
}

/// A percentage for a CSS `left`/`top`, clamped to the box.
fn percent(fraction: f64) -> String {
    format!("{:.3}%", (fraction * 100.0).clamp(0.0, 100.0))
}

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    let height_px = props.height_px.clamp(HEIGHT_RANGE_PX.0, HEIGHT_RANGE_PX.1);
    let plot_h = f64::from(height_px - X_LABELS_PX - TOP_PAD_PX);
    let shown = &props.series[..props.series.len().min(MAX_SERIES)];
    let end_s = axis_end_s(props.x_max_s, shown);
    let summary = describe(&props.title, &props.unit, end_s, &props.series);

    let (x_ticks, time_unit) = time_ticks(end_s, X_TICKS);
    let x = Scale { domain: (0.0, x_ticks.hi), range: (0.0, VIEW_W) };
    let band_lines = [
        ChartSeries {
            points: props.band.iter().map(|p| (p.0, p.1)).collect(),
            ..ChartSeries::default()
        },
        ChartSeries {
            points: props.band.iter().rev().map(|p| (p.0, p.2)).collect(),
            ..ChartSeries::default()
        },
    ];
    let range = value_range(&[shown, &band_lines[..]].concat());
    let y_ticks = range.map(|(lo, hi)| nice_ticks(lo.min(0.0), hi.max(0.0), Y_TICKS));
    let y = y_ticks.as_ref().map(|t| Scale { domain: (t.lo, t.hi), range: (plot_h, 0.0) });

    let vertical = x_ticks.values.iter().map(|t| {
        let px = format!("{:.1}", x.map(*t));
        html! { <line x1={px.clone()} x2={px} y1="0" y2={plot_h.to_string()} /> }
    });
    let horizontal = y_ticks.iter().zip(y).flat_map(|(ticks, y)| {
        ticks.values.iter().map(move |v| {
            let py = format!("{:.1}", y.map(*v));
            let class = if *v == 0.0 { "zero" } else { "" };
            html! { <line class={class} x1="0" x2={VIEW_W.to_string()} y1={py.clone()} y2={py} /> }
        })
    });
    let band = y.filter(|_| !props.band.is_empty()).map(|y| {
        let edge = |s: &ChartSeries| polyline_points(&s.points, x, y);
        let colour = shown.first().map_or("currentColor", |s| safe_colour(&s.colour));
        html! {
            <polygon class="chart-band" points={format!("{} {}", edge(&band_lines[0]), edge(&band_lines[1]))}
                     style={format!("fill:{colour}")} />
        }
    });
    let lines = y.iter().flat_map(|y| {
        shown.iter().filter(|s| !s.points.is_empty()).map(move |s| {
            let points = polyline_points(&decimate(&s.points, MAX_DRAWN_POINTS), x, *y);
            html! {
                <polyline class="chart-line" points={points}
                          style={format!("stroke:{}", safe_colour(&s.colour))} />
            }
        })
    });
    let x_labels = x_ticks.values.iter().map(|t| {
        html! {
            <span class="chart-tick x" style={format!("left:{}", percent(x.fraction(*t)))}>
                { format_time(*t, time_unit) }
            </span>
        }
    });
    let y_labels = y_ticks.iter().zip(y).flat_map(|(ticks, y)| {
        let step = ticks.step;
        ticks.values.iter().map(move |v| {
            html! {
                <span class="chart-tick y" style={format!("top:{}", percent(y.map(*v) / plot_h))}>
                    { format_tick(*v, step) }
                </span>
            }
        })
    });
    let legend = shown.iter().map(|s| {
        let now = latest(&s.points).map(|v| legend_value(v, &props.unit)).unwrap_or_default();
        html! {
            <li title={s.name.clone()}>
                <span class="swatch" style={format!("background:{}", safe_colour(&s.colour))}></span>
                <span class="name">{ s.name.clone() }</span>
                <span class="latest">{ now }</span>
            </li>
        }
    });

    html! {
        <figure class="chart">
            <figcaption class="chart-head">
                <span class="chart-title">{ props.title.clone() }</span>
                if !props.unit.is_empty() {
                    <span class="chart-unit">{ props.unit.clone() }</span>
                }
                // The summary below says the same for screen readers, with peaks.
                <ul class="chart-legend" aria-hidden="true">{ for legend }</ul>
            </figcaption>
            <div class="chart-body" style={format!("height:{height_px}px")}>
                <div class="chart-plot">
                    <svg viewBox={format!("0 0 {VIEW_W} {plot_h}")} preserveAspectRatio="none"
                         role="img" aria-label={summary.clone()}>
                        <title>{ summary }</title>
                        <g class="chart-grid">{ for vertical }{ for horizontal }</g>
                        <line class="chart-axis" x1="0" x2={VIEW_W.to_string()}
                              y1={plot_h.to_string()} y2={plot_h.to_string()} />
                        { for band }
                        { for lines }
                    </svg>
                    <div class="chart-ticks" aria-hidden="true">{ for x_labels }{ for y_labels }</div>
                    if range.is_none() {
                        <div class="chart-empty" aria-hidden="true">{ "No data yet" }</div>
                    }
                </div>
            </div>
        </figure>
    }
}

/// A series' latest value as the legend shows it: a duration in the unit that reads best
/// (`229 µs`, `1.2 s`; not `0.000229` of an axis in seconds), anything else compact (`1.2k`).
fn legend_value(v: f64, unit: &str) -> String {
    match unit {
        "s" => crate::scenario::units::format_duration_us(v * 1e6),
        "ms" => crate::scenario::units::format_duration_us(v * 1e3),
        _ => format_compact(v),
    }
}
