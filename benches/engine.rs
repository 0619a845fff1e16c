//! Engine throughput: deliveries per second (one message processed by one group) for the
//! checkout fan-out, and how the cost grows with messages in flight and with node count.
//!
//! Run: `cargo bench --bench engine` (figures in BENCHMARKS.md, section "Engine").

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fanout::engine::Simulation;
use fanout::scenario::Scenario;
use std::hint::black_box;

#[path = "support/fan_out.rs"]
mod support;
use support::{fan_out, fan_out_replicated};

/// Deliveries made by simulating `seconds` of the scenario.
fn run(s: &Scenario, seconds: u64) -> u64 {
    let mut sim = Simulation::new(s).expect("bench scenario is valid");
    sim.advance_to(seconds * 1_000_000);
    black_box(sim.metrics());
    sim.deliveries()
}

fn checkout_fan_out(c: &mut Criterion) {
    // 100 000 orders per simulated second, five groups: 500 000 deliveries per run.
    let s = fan_out(100_000.0, 5, 1_000);
    let deliveries = run(&s, 1);
    let mut g = c.benchmark_group("checkout_fan_out");
    g.throughput(Throughput::Elements(deliveries));
    g.sample_size(20);
    g.bench_function("5_groups_6_partitions", |b| b.iter(|| run(&s, 1)));
    g.finish();
}

fn in_flight(c: &mut Criterion) {
    let mut g = c.benchmark_group("in_flight");
    g.sample_size(10);
    // Publish-edge delay × rate ≈ messages in flight: 100, 1 000, 10 000, 100 000 (plus ~500
    // deliveries on the subscribe edges).
    for delay_us in [1_000u64, 10_000, 100_000, 1_000_000] {
        let s = fan_out(100_000.0, 5, delay_us);
        let deliveries = run(&s, 2);
        g.throughput(Throughput::Elements(deliveries));
        g.bench_with_input(BenchmarkId::from_parameter(delay_us), &s, |b, s| b.iter(|| run(s, 2)));
    }
    g.finish();
}

fn node_count(c: &mut Criterion) {
    let mut g = c.benchmark_group("groups");
    g.sample_size(10);
    // Same total deliveries (≈ 500 000), spread over more groups.
    for groups in [5u32, 50, 250] {
        let s = fan_out(500_000.0 / f64::from(groups), groups, 1_000);
        let deliveries = run(&s, 1);
        g.throughput(Throughput::Elements(deliveries));
        g.bench_with_input(BenchmarkId::from_parameter(groups), &s, |b, s| b.iter(|| run(s, 1)));
    }
    g.finish();
}

/// The checkout fan-out on brokers (issue 13): replication factor 3, acks=all. The target is at
/// least half of `checkout_fan_out` in the same session.
fn replicated(c: &mut Criterion) {
    let s = fan_out_replicated(100_000.0, 5, 1_000);
    let deliveries = run(&s, 1);
    let mut g = c.benchmark_group("replicated");
    g.throughput(Throughput::Elements(deliveries));
    g.sample_size(20);
    g.bench_function("rf3_acks_all_5_groups_6_partitions", |b| b.iter(|| run(&s, 1)));
    g.finish();
}

criterion_group!(benches, checkout_fan_out, in_flight, node_count, replicated);
criterion_main!(benches);
