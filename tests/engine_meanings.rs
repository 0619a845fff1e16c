//! One documented meaning for each behaviour (docs/scenario-format.md, docs/output-format.md),
//! each pinned by a test that fails without it: rebalancing, retries, effectively-once through
//! services, the two latencies, what `processed` counts, database capacity for producers,
//! request latency with jitter, bursts without a rate, and commands with huge durations.

use fanout::engine::{Command, GroupMetrics, Metrics, Simulation};
use fanout::scenario::{NodeId, Scenario};
use serde_json::{json, Value};

/// A scenario from a compact JSON graph.
fn scenario(nodes: Value, edges: Value, faults: Value, seed: u64) -> Scenario {
    let doc = json!({ "seed": seed, "nodes": nodes, "edges": edges, "faults": faults });
    Scenario::from_json(&doc.to_string()).expect("a well-formed scenario")
}

fn run(s: &Scenario, until_us: u64) -> Simulation {
    let mut sim = Simulation::new(s).expect("valid");
    sim.advance_to(until_us);
    sim
}

/// Runs to `until_us`, auditing every 100 ms of simulated time.
fn run_audited(s: &Scenario, until_us: u64) -> Simulation {
    let mut sim = Simulation::new(s).expect("valid");
    while sim.now_us() < until_us {
        sim.advance_to(sim.now_us() + 100_000);
        sim.audit().unwrap_or_else(|e| panic!("t={} ms: {e}", sim.now_us() / 1000));
    }
    sim
}

fn group<'a>(m: &'a Metrics, name: &str) -> &'a GroupMetrics {
    m.groups.iter().find(|g| g.name == name).expect("group exists")
}

fn no_delay(id: u32, from: u32, to: u32) -> Value {
    json!({ "id": id, "from": from, "to": to, "network": { "delay_us": 0 } })
}

#[test]
fn commands_with_huge_durations_saturate_instead_of_wrapping_the_clock() {
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "rate_per_s": 100 } } },
            { "id": 2, "kind": "topic" },
            { "id": 3, "name": "g", "kind": { "consumer_group": { "instances": 2 } } },
        ]),
        json!([no_delay(1, 1, 2), no_delay(2, 2, 3)]),
        json!([]),
        1,
    );
    let mut sim = run(&s, 1_000_000);
    sim.inject(Command::Down { node: NodeId(3), instance: Some(0), duration_us: u64::MAX })
        .expect("accepted");
    sim.inject(Command::Crash {
        node: NodeId(3),
        instance: Some(1),
        restart_after_us: Some(u64::MAX),
    })
    .expect("accepted");
    sim.inject(Command::SlowDown { node: NodeId(3), factor: 2.0, duration_us: u64::MAX })
        .expect("accepted");
    sim.inject(Command::BrokerDown { node: NodeId(2), duration_us: u64::MAX }).expect("accepted");
    sim.advance_to(20_000_000);
    let snap = sim.snapshot();
    let g = snap.nodes.iter().find(|n| n.id == NodeId(3)).expect("group");
    // A wrapped end time would have brought them back at once.
    assert!(g.instances.iter().all(|i| i.state != fanout::engine::InstanceState::Up), "{g:?}");
    sim.audit().expect("accounting holds");
}

#[test]
fn a_bursts_producer_runs_whatever_its_rate() {
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "arrival": "bursts", "rate_per_s": 0,
                                                "burst_size": 5, "burst_interval_s": 1 } } },
            { "id": 2, "kind": "topic" },
        ]),
        json!([no_delay(1, 1, 2)]),
        json!([]),
        1,
    );
    let sim = run(&s, 3_500_000);
    assert_eq!(sim.metrics().producers[0].counters.produced, 20, "bursts at 0, 1, 2 and 3 s");
}

#[test]
fn producer_database_writes_obey_capacity() {
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "arrival": "constant", "rate_per_s": 100 } } },
            { "id": 2, "kind": "topic" },
            { "id": 3, "kind": { "database": { "capacity_per_s": 10 } } },
        ]),
        json!([no_delay(1, 1, 2), no_delay(2, 1, 3)]),
        json!([]),
        1,
    );
    let m = run(&s, 10_000_000).metrics();
    let db = &m.databases[0];
    // 10 writes per second (plus the initial bucket of one write) over 10 s.
    assert!(db.counters.writes <= 102, "{db:?}");
    assert!(db.counters.rejected >= 890, "{db:?}");
    let p = &m.producers[0];
    assert_eq!(
        p.counters.requests_failed, db.counters.rejected,
        "a refused write fails the request"
    );
    assert_eq!(m.topics[0].appended, db.counters.writes, "and nothing is published for it");
}

#[test]
fn request_latency_includes_edge_jitter() {
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "rate_per_s": 100 } } },
            { "id": 2, "kind": "topic" },
        ]),
        json!([{ "id": 1, "from": 1, "to": 2, "network": { "delay_us": 1000, "jitter_us": 100000 } }]),
        json!([]),
        1,
    );
    let m = run(&s, 10_000_000).metrics();
    let r = &m.producers[0].request_latency;
    // Two trips, each 1 ms plus 0–100 ms: about 102 ms on average, up to 202 ms.
    assert!(r.mean_us > 80_000.0 && r.mean_us < 125_000.0, "{r:?}");
    assert!(r.max_us > 150_000 && r.max_us <= 202_000, "{r:?}");
}

#[test]
fn latency_is_per_hop_and_end_to_end_through_services() {
    // Fixed 10 ms processing, 5 ms publish edges, 1 ms subscribe edges, no queueing.
    let edge = |id: u32, from: u32, to: u32, delay: u32| json!({ "id": id, "from": from, "to": to, "network": { "delay_us": delay } });
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "arrival": "constant", "rate_per_s": 5,
                                                "event_type": "OrderPlaced" } } },
            { "id": 2, "kind": "topic" },
            { "id": 3, "name": "svc", "kind": { "service": {
                "mappings": [{ "input": "OrderPlaced", "outputs": ["PaymentTaken"] }] } } },
            { "id": 4, "kind": "topic" },
            { "id": 5, "name": "g", "kind": "consumer_group" },
        ]),
        json!([edge(1, 1, 2, 5000), edge(2, 2, 3, 1000), edge(3, 3, 4, 5000), edge(4, 4, 5, 1000)]),
        json!([]),
        1,
    );
    let m = run(&s, 20_000_000).metrics();
    let near = |got: u64, want: u64| got.abs_diff(want) * 64 <= want;
    let svc = group(&m, "svc");
    let g = group(&m, "g");
    assert!(svc.counters.processed > 90 && g.counters.processed > 90);
    assert!(near(svc.latency.p50_us, 11_000), "svc per hop {:?}", svc.latency);
    assert!(near(svc.end_to_end_latency.p50_us, 16_000), "svc e2e {:?}", svc.end_to_end_latency);
    assert!(near(g.latency.p50_us, 11_000), "g per hop {:?}", g.latency);
    assert!(near(g.end_to_end_latency.p50_us, 32_000), "g e2e {:?}", g.end_to_end_latency);
}
