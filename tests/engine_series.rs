//! The per-group time series: latency percentiles per interval, and how the series halves.

use fanout::engine::{Command, Sample, Simulation, MAX_SAMPLES};
use fanout::scenario::*;

/// A constant producer at `rate_per_s` → one topic → one group with fixed processing of
/// `processing_ms`, no network delay, so with a gap longer than the processing time nothing
/// ever waits: every message's per-hop latency is its processing time.
fn fixed(rate_per_s: f64, processing_ms: f64) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = 7;
    let p = ProducerConfig {
        arrival: Arrival::Constant,
        rate_per_s,
        key_space: 0,
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(1), "orders", 0.0, 0.0, NodeKind::Producer(p)));
    s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, NodeKind::Topic(Default::default())));
    let g = GroupConfig {
        processing: ProcessingTime {
            distribution: Distribution::Fixed,
            mean_ms: processing_ms,
            ..Default::default()
        },
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(3), "worker", 0.0, 0.0, NodeKind::ConsumerGroup(g)));
    for (id, from, to, kind) in [(1, 1, 2, EdgeKind::Publish), (2, 2, 3, EdgeKind::Subscribe)] {
        let mut e = Edge::new(EdgeId(id), NodeId(from), NodeId(to), kind);
        e.network.delay_us = 0;
        e.network.jitter_us = 0;
        s.edges.push(e);
    }
    s
}

/// Within the window histogram's precision (1/32) of `want`.
fn near(got: u64, want: u64) -> bool {
    got.abs_diff(want) as f64 <= want as f64 / 32.0
}

fn series(sim: &Simulation) -> Vec<Sample> {
    sim.metrics().groups[0].series.clone()
}

#[test]
fn fixed_processing_time_is_every_percentile_of_every_interval() {
    let mut sim = Simulation::new(&fixed(50.0, 5.0)).expect("valid");
    // Past one halving of the series (512 samples of 100 ms).
    sim.advance_to(120_000_000);
    let m = sim.metrics();
    let g = &m.groups[0];
    assert!(g.counters.processed > 5_000);
    assert!(near(g.latency.p99_us, 5_000), "whole-run p99 {}", g.latency.p99_us);
    let s = &g.series;
    assert!(s.len() < MAX_SAMPLES && s.len() > 200, "{} samples", s.len());
    let busy: Vec<&Sample> = s.iter().filter(|p| p.throughput_per_s > 0.0).collect();
    assert!(busy.len() + 2 >= s.len(), "every interval after the first has work");
    for p in busy {
        for (what, v) in [
            ("latency p50", p.latency_p50_us),
            ("latency p95", p.latency_p95_us),
            ("latency p99", p.latency_p99_us),
            ("processing p95", p.processing_p95_us),
        ] {
            assert!(near(v, 5_000), "{what} at {} µs: {v}", p.t_us);
        }
    }
}

#[test]
fn intervals_without_processing_report_zero() {
    let mut sc = fixed(50.0, 5.0);
    if let NodeKind::Producer(p) = &mut sc.nodes[0].kind {
        p.arrival = Arrival::Manual;
    }
    let mut sim = Simulation::new(&sc).expect("valid");
    sim.advance_to(1_000_000);
    for p in series(&sim) {
        assert_eq!(
            (p.throughput_per_s, p.latency_p99_us, p.processing_p95_us),
            (0.0, 0, 0),
            "at {} µs",
            p.t_us
        );
    }
}

#[test]
fn a_slow_down_shows_in_its_intervals_only_and_survives_halving() {
    let mut sim = Simulation::new(&fixed(50.0, 5.0)).expect("valid");
    sim.advance_to(10_000_000);
    // Ten times slower for 2 s: processing 50 ms at a gap of 20 ms, so a queue builds up too.
    sim.inject(Command::SlowDown { node: NodeId(3), factor: 10.0, duration_us: 2_000_000 })
        .expect("command applies");
    sim.advance_to(20_000_000);
    let before = series(&sim);
    let spike = |s: &[Sample]| -> Vec<u64> {
        s.iter().filter(|p| p.latency_p99_us > 10_000).map(|p| p.t_us).collect()
    };
    let slow = spike(&before);
    assert!(!slow.is_empty(), "the slow-down shows");
    assert!(slow.iter().all(|&t| (10_000_000..=16_000_000).contains(&t)), "{slow:?}");
    let peak = before.iter().map(|p| p.latency_p99_us).max().unwrap_or(0);
    assert!(peak >= 50_000, "p99 at least the slow processing time: {peak}");
    let peak_processing = before.iter().map(|p| p.processing_p95_us).max().unwrap_or(0);
    assert!(near(peak_processing, 50_000), "{peak_processing}");

    // Halve the series twice: the spike and its height remain, points stay evenly spaced.
    sim.advance_to(160_000_000);
    let after = series(&sim);
    let peak_after = after.iter().map(|p| p.latency_p99_us).max().unwrap_or(0);
    assert_eq!(peak_after, peak);
    let gaps: Vec<u64> = after.windows(2).map(|w| w[1].t_us - w[0].t_us).collect();
    assert!(gaps.iter().all(|&d| d == 400_000), "even spacing, 4 × 100 ms: {gaps:?}");
    assert!(!spike(&after).is_empty());
}
