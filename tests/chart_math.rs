//! Metrics charts: nice ticks, labels, decimation, scales and summaries (the arithmetic of
//! `ui::panels::chart`, tested natively).

use fanout::chart_math::*;
use proptest::prelude::*;

fn series(name: &str, points: Vec<(f64, f64)>) -> ChartSeries {
    ChartSeries { name: name.to_owned(), colour: "var(--s-normal)".to_owned(), points }
}

// ------------------------------------------------------------------------------------------
// Ticks
// ------------------------------------------------------------------------------------------

#[test]
fn ticks_are_round_numbers_covering_the_data() {
    let cases: [(f64, f64, usize, &[f64]); 9] = [
        (0.0, 7.0, 4, &[0.0, 2.0, 4.0, 6.0, 8.0]),
        (0.0, 10.0, 4, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
        (0.0, 3_400.0, 4, &[0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0]),
        (0.0, 1_200.0, 4, &[0.0, 500.0, 1_000.0, 1_500.0]),
        (0.0, 0.7, 4, &[0.0, 0.2, 0.4, 0.6, 0.8]),
        (0.0, 0.3, 3, &[0.0, 0.1, 0.2, 0.3]),
        (-35.0, 80.0, 3, &[-50.0, 0.0, 50.0, 100.0]),
        (1_000_000.0, 1_010_000.0, 2, &[1_000_000.0, 1_005_000.0, 1_010_000.0]),
        (0.0, 95.0, 5, &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0]),
    ];
    for (min, max, target, expected) in cases {
        let t = nice_ticks(min, max, target);
        assert_eq!(t.values, expected, "{min}..{max}");
        assert_eq!((t.lo, t.hi), (expected[0], expected[expected.len() - 1]));
    }
}

#[test]
fn decimal_ticks_have_no_float_noise() {
    let t = nice_ticks(0.0, 0.7, 7);
    assert_eq!(t.step, 0.1);
    // 3 × 0.1 would be 0.30000000000000004.
    assert!(t.values.contains(&0.3) && t.values.contains(&0.7), "{:?}", t.values);
    let labels: Vec<String> = t.values.iter().map(|v| format_tick(*v, t.step)).collect();
    assert_eq!(labels, ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"]);
}

#[test]
fn degenerate_ranges_still_get_an_axis() {
    assert_eq!(nice_ticks(0.0, 0.0, 2).values, [0.0, 0.5, 1.0]);
    assert_eq!(nice_ticks(5.0, 5.0, 2).values, [0.0, 2.0, 4.0, 6.0]);
    assert_eq!(nice_ticks(-5.0, -5.0, 2).values, [-6.0, -4.0, -2.0, 0.0]);
    assert_eq!(nice_ticks(10.0, 0.0, 2).values, [0.0, 5.0, 10.0], "swapped bounds");
    let t = nice_ticks(f64::NAN, f64::INFINITY, 4);
    assert_eq!(t.values, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], "non-finite bounds are zero");
    assert!(nice_ticks(0.0, 1.0, 0).values.len() >= 2, "target 0 is 1");
    assert!(nice_ticks(-f64::MAX, f64::MAX, 1_000).values.len() <= MAX_TICKS);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the range: ticks cover it, are evenly spaced by a 1-2-5 step, and few.
    #[test]
    fn ticks_cover_the_range_with_a_1_2_5_step(
        a in -1e12_f64..1e12, b in -1e12_f64..1e12, target in 1_usize..12,
    ) {
        let t = nice_ticks(a, b, target);
        let (min, max) = (a.min(b), a.max(b));
        prop_assert!(t.lo <= min && t.hi >= max, "{t:?}");
        prop_assert!(t.values.len() >= 2 && t.values.len() <= MAX_TICKS, "{t:?}");
        let mantissa = t.step / 10f64.powf(t.step.log10().floor());
        prop_assert!(
            [1.0, 2.0, 5.0, 10.0].iter().any(|m| (mantissa - m).abs() < 1e-9),
            "step {} is not 1-2-5", t.step
        );
        for pair in t.values.windows(2) {
            prop_assert!(((pair[1] - pair[0]) - t.step).abs() <= t.step * 1e-9, "{t:?}");
        }
        // Labels of neighbouring ticks never read the same.
        let labels: Vec<String> = t.values.iter().map(|v| format_tick(*v, t.step)).collect();
        for pair in labels.windows(2) {
            prop_assert_ne!(&pair[0], &pair[1], "{:?}", labels);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Labels
// ------------------------------------------------------------------------------------------

#[test]
fn compact_numbers() {
    let cases = [
        (0.0, "0"),
        (-0.0, "0"),
        (7.0, "7"),
        (0.05, "0.05"),
        (0.001_234_5, "0.00123"),
        (12.5, "12.5"),
        (999.0, "999"),
        (999.6, "1k"),
        (2_500.0, "2.5k"),
        (12_345.0, "12.3k"),
        (999_960.0, "1M"),
        (1_200_000.0, "1.2M"),
        (3.4e9, "3.4G"),
        (5e15, "5000T"),
        (-3_000.0, "\u{2212}3k"),
        (f64::NAN, "–"),
    ];
    for (v, expected) in cases {
        assert_eq!(format_compact(v), expected, "{v}");
    }
}

#[test]
fn tick_labels_show_what_the_step_needs() {
    let cases = [
        (0.0, 500.0, "0"),
        (500.0, 500.0, "500"),
        (2_500.0, 500.0, "2.5k"),
        (1_000.0, 500.0, "1k"),
        (1_002_000.0, 2_000.0, "1.002M"),
        (7.5, 2.5, "7.5"),
        (0.25, 0.25, "0.25"),
        (0.000_2, 0.000_1, "0.0002"),
        (-50.0, 50.0, "\u{2212}50"),
        (1e12, 1e12, "1T"),
    ];
    for (v, step, expected) in cases {
        assert_eq!(format_tick(v, step), expected, "{v} by {step}");
    }
}

#[test]
fn time_axes_pick_a_unit_and_round_steps_in_it() {
    let labels = |end_s: f64| {
        let (ticks, unit) = time_ticks(end_s, 5);
        assert!(ticks.values.iter().all(|v| *v <= end_s), "{ticks:?}");
        assert_eq!((ticks.lo, ticks.hi), (0.0, end_s));
        ticks.values.iter().map(|v| format_time(*v, unit)).collect::<Vec<_>>()
    };
    assert_eq!(labels(0.5), ["0 s", "0.1 s", "0.2 s", "0.3 s", "0.4 s", "0.5 s"]);
    assert_eq!(labels(30.0), ["0 s", "5 s", "10 s", "15 s", "20 s", "25 s", "30 s"]);
    assert_eq!(labels(95.0), ["0 s", "20 s", "40 s", "60 s", "80 s"]);
    assert_eq!(labels(120.0), ["0 s", "20 s", "40 s", "60 s", "80 s", "100 s", "120 s"]);
    assert_eq!(labels(150.0), ["0 min", "0.5 min", "1 min", "1.5 min", "2 min", "2.5 min"]);
    assert_eq!(labels(600.0), ["0 min", "2 min", "4 min", "6 min", "8 min", "10 min"]);
    assert_eq!(
        labels(3_600.0),
        ["0 min", "10 min", "20 min", "30 min", "40 min", "50 min", "60 min"]
    );
    assert_eq!(labels(4.0 * 3_600.0), ["0 h", "1 h", "2 h", "3 h", "4 h"]);
    assert_eq!(labels(7.0 * 86_400.0), ["0 d", "1 d", "2 d", "3 d", "4 d", "5 d", "6 d", "7 d"]);
    // Not a positive number: a one-second axis.
    for end in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(time_ticks(end, 5).0.hi, 1.0);
    }
}

#[test]
fn durations_read_naturally() {
    let cases = [
        (0.0, "0 s"),
        (0.25, "250 ms"),
        (0.000_5, "0.5 ms"),
        (45.0, "45 s"),
        (150.0, "2.5 min"),
        (3_600.0, "60 min"),
        (4_320.0, "72 min"),
        (9_000.0, "2.5 h"),
        (3.0 * 86_400.0, "3 d"),
    ];
    for (t, expected) in cases {
        assert_eq!(format_duration(t), expected, "{t}");
    }
}

// ------------------------------------------------------------------------------------------
// Decimation
// ------------------------------------------------------------------------------------------

#[test]
fn short_series_are_drawn_as_they_are() {
    let points: Vec<(f64, f64)> = (0..300).map(|i| (f64::from(i), f64::from(i % 7))).collect();
    assert_eq!(decimate(&points, MAX_DRAWN_POINTS), points);
    assert_eq!(decimate(&[], MAX_DRAWN_POINTS), []);
    let with_gaps = [(0.0, 1.0), (1.0, f64::NAN), (f64::INFINITY, 2.0), (2.0, 3.0)];
    assert_eq!(decimate(&with_gaps, MAX_DRAWN_POINTS), [(0.0, 1.0), (2.0, 3.0)]);
}

#[test]
fn a_one_sample_spike_survives_decimation() {
    let mut points: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i) * 0.01, 5.0)).collect();
    points[6_543].1 = 9_000.0;
    points[2_001].1 = -40.0;
    let drawn = decimate(&points, MAX_DRAWN_POINTS);
    assert!(drawn.len() <= MAX_DRAWN_POINTS, "{}", drawn.len());
    assert!(drawn.contains(&points[6_543]), "the peak is kept");
    assert!(drawn.contains(&points[2_001]), "the trough is kept");
    assert_eq!(drawn.first(), points.first(), "the line starts where the data does");
    assert_eq!(drawn.last(), points.last(), "and ends where it does");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    /// Bounded, in time order, made of input points, and the extremes survive.
    #[test]
    fn decimation_keeps_shape_order_and_bounds(
        values in prop::collection::vec(-1e6_f64..1e6, 0..3_000), max in 0_usize..400,
    ) {
        let points: Vec<(f64, f64)> =
            values.iter().enumerate().map(|(i, v)| (i as f64 * 0.1, *v)).collect();
        let drawn = decimate(&points, max);
        prop_assert!(drawn.len() <= max.max(4), "{} points for a budget of {max}", drawn.len());
        prop_assert!(drawn.windows(2).all(|w| w[0].0 < w[1].0), "time order");
        prop_assert!(drawn.iter().all(|p| points.contains(p)));
        if let (Some(lo), Some(hi)) = (
            points.iter().map(|p| p.1).reduce(f64::min),
            points.iter().map(|p| p.1).reduce(f64::max),
        ) {
            prop_assert!(drawn.iter().any(|p| p.1 == lo) && drawn.iter().any(|p| p.1 == hi));
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scales, points, colours, summaries
// ------------------------------------------------------------------------------------------

#[test]
fn scales_map_linearly_and_y_runs_upwards() {
    let x = Scale { domain: (0.0, 60.0), range: (0.0, 600.0) };
    assert_eq!(x.map(30.0), 300.0);
    assert_eq!(x.fraction(15.0), 0.25);
    let y = Scale { domain: (0.0, 100.0), range: (120.0, 0.0) };
    assert_eq!(y.map(0.0), 120.0);
    assert_eq!(y.map(100.0), 0.0);
    let flat = Scale { domain: (3.0, 3.0), range: (10.0, 20.0) };
    assert_eq!((flat.map(3.0), flat.fraction(3.0)), (10.0, 0.0));
}

#[test]
fn polyline_points_are_short_and_bounded() {
    let x = Scale { domain: (0.0, 10.0), range: (0.0, 600.0) };
    let y = Scale { domain: (0.0, 1.0), range: (100.0, 0.0) };
    assert_eq!(
        polyline_points(&[(0.0, 0.0), (5.0, 0.5), (10.0, 1.0)], x, y),
        "0.0,100.0 300.0,50.0 600.0,0.0"
    );
    assert_eq!(polyline_points(&[(1.0, 1e300)], x, y), "60.0,-1000000.0");
    assert_eq!(polyline_points(&[], x, y), "");
}

#[test]
fn only_plain_colours_reach_css() {
    for ok in ["#2563eb", "var(--s-retry)", "rgb(10 20 30 / 50%)", "tomato", "hsl(210, 50%, 40%)"] {
        assert_eq!(safe_colour(ok), ok);
    }
    for bad in [
        "",
        "red; background: url(https://evil.example/x)",
        "url(#x)",
        "var(--a) } body { display: none",
        "expression(alert(1))",
        "\"><script>",
        "calc(var(--a))",
    ] {
        assert_eq!(safe_colour(bad), "currentColor", "{bad}");
    }
}

#[test]
fn summaries_say_what_the_chart_shows() {
    let lag = series("Orders <b>", vec![(0.0, 10.0), (30.0, 3_400.0), (60.0, 1_200.0)]);
    let empty = series("Email", vec![]);
    assert_eq!(
        describe("Consumer lag", "msgs", 120.0, &[lag.clone(), empty.clone()]),
        "Consumer lag in msgs over the first 120 s. Orders <b>: latest 1.2k, peak 3.4k. \
         Email: no data."
    );
    assert_eq!(
        describe("Throughput", "", 0.5, std::slice::from_ref(&empty)),
        "Throughput over the first 500 ms. No data yet."
    );
    assert_eq!(value_range(&[lag, empty]), Some((10.0, 3_400.0)));
    assert_eq!(value_range(&[series("x", vec![(0.0, f64::NAN)])]), None);
    assert_eq!(latest(&[(0.0, 1.0), (1.0, f64::NAN)]), Some(1.0));
    let many: Vec<ChartSeries> =
        (0..MAX_SERIES + 3).map(|i| series(&format!("s{i}"), vec![(0.0, 1.0)])).collect();
    assert!(describe("Lag", "msgs", 10.0, &many).ends_with(" 3 more series not shown."));
}
