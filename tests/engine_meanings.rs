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

/// Producer → topic (2 partitions) → a group named "g" with `settings`; no edge delays.
fn one_group(producer: Value, settings: Value, faults: Value, seed: u64) -> Scenario {
    scenario(
        json!([
            { "id": 1, "kind": { "producer": producer } },
            { "id": 2, "kind": { "topic": { "partitions": 2 } } },
            { "id": 3, "name": "g", "kind": { "consumer_group": settings } },
        ]),
        json!([no_delay(1, 1, 2), no_delay(2, 2, 3)]),
        faults,
        seed,
    )
}

#[test]
fn a_membership_change_of_many_instances_is_one_rebalance() {
    let s = one_group(
        json!({ "rate_per_s": 50 }),
        json!({ "instances": 4 }),
        json!([{ "node": 3, "kind": "down", "at_s": 2, "duration_s": 3 }]),
        1,
    );
    let m = run_audited(&s, 10_000_000).metrics();
    let g = group(&m, "g");
    assert_eq!(g.counters.rebalances, 2, "four instances leave together, then come back together");
}

#[test]
fn a_rebalance_revokes_in_flight_deliveries_so_a_moved_partition_is_processed_once() {
    // Eager: when instance 1 comes back, both partitions are revoked; instance 0 stops the
    // deliveries it still holds (2 s each, longer than the pause) instead of finishing them
    // while partition 1's new owner delivers them again.
    let s = one_group(
        json!({ "arrival": "constant", "rate_per_s": 3, "key_space": 0 }),
        json!({ "instances": 2, "concurrency": 4, "rebalance_pause_s": 0.5,
                "processing": { "distribution": "fixed", "mean_ms": 2000 } }),
        json!([{ "node": 3, "kind": "down", "instance": 1, "at_s": 5, "duration_s": 5 }]),
        1,
    );
    let m = run_audited(&s, 30_000_000).metrics();
    let g = group(&m, "g");
    assert!(g.counters.redelivered > 0, "revoked deliveries come again: {g:?}");
    assert_eq!(g.counters.duplicate_side_effects, 0, "and only the new delivery applies them");
    assert_eq!(g.counters.lost, 0);
}

#[test]
fn retry_attempts_take_a_processing_slot_ahead_of_the_backlog() {
    // One slot, 100 ms per attempt, 50 ms backoff. The poison message fails at 100 ms; the
    // slot goes to the next queued message (100–200 ms); its retry, released at 150 ms, takes
    // the slot next, ahead of the rest of the backlog (fails at 300 ms); the same again (last
    // attempt fails at 500 ms). A retry worker beside the instance would have failed it at
    // 100 + 2 × 150 = 400 ms.
    let s = one_group(
        json!({ "arrival": "manual", "key_space": 0 }),
        json!({ "processing": { "distribution": "fixed", "mean_ms": 100 },
                "retry": { "max_attempts": 3, "backoff": "fixed", "initial_backoff_ms": 50 } }),
        json!([]),
        1,
    );
    let mut sim = Simulation::new(&s).expect("valid");
    sim.inject(Command::Poison { node: NodeId(1) }).expect("poison");
    sim.inject(Command::Produce { node: NodeId(1), count: 10 }).expect("produce");
    sim.advance_to(5_000_000);
    let hops = sim.hops_since(0, 10_000);
    let lost: Vec<_> =
        hops.iter().filter(|h| h.outcome == fanout::engine::HopOutcome::Lost).collect();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].t_us, 500_000, "{lost:?}");
    let m = sim.metrics();
    assert_eq!(group(&m, "g").counters.processed, 10);
}

#[test]
fn retry_attempts_can_crash_and_are_tried_again() {
    let s = one_group(
        json!({ "rate_per_s": 50, "stop_s": 20 }),
        json!({ "instances": 2, "concurrency": 2, "failure_probability": 0.3,
                "crash_before_side_effect_probability": 0.05, "restart_s": 1,
                "retry": { "max_attempts": 100, "initial_backoff_ms": 10, "max_backoff_ms": 100 } }),
        json!([]),
        3,
    );
    let sim = run_audited(&s, 120_000_000);
    let hops = sim.hops_since(0, 1 << 14);
    assert!(
        hops.iter().any(|h| h.outcome == fanout::engine::HopOutcome::Crashed && h.detail >= 2),
        "a retry attempt crashed its instance"
    );
    let m = sim.metrics();
    let g = group(&m, "g");
    assert_eq!(g.queued + g.in_flight, 0, "drained: {g:?}");
    assert_eq!(g.counters.processed, g.counters.produced, "nothing lost: {g:?}");
}

/// Producer → topic → service `svc` (at-least-once, `svc_settings`) emitting one output per
/// input → topic → group `g` with `guarantee`.
fn through_a_service(svc_settings: Value, guarantee: &str, seed: u64) -> Scenario {
    let mut svc = svc_settings;
    svc["mappings"] = json!([{ "input": "OrderPlaced", "outputs": ["PaymentTaken"] }]);
    scenario(
        json!([
            { "id": 1, "kind": { "producer": { "rate_per_s": 50, "stop_s": 20,
                                                "event_type": "OrderPlaced" } } },
            { "id": 2, "kind": { "topic": { "partitions": 2 } } },
            { "id": 3, "name": "svc", "kind": { "service": svc } },
            { "id": 4, "kind": { "topic": { "partitions": 2 } } },
            { "id": 5, "name": "g", "kind": { "consumer_group": { "guarantee": guarantee } } },
        ]),
        json!([no_delay(1, 1, 2), no_delay(2, 2, 3), no_delay(3, 3, 4), no_delay(4, 4, 5)]),
        json!([]),
        seed,
    )
}

#[test]
fn a_service_reprocessing_an_input_emits_the_same_event_ids() {
    let svc = json!({ "instances": 2, "concurrency": 4, "restart_s": 1, "session_timeout_s": 2,
                      "crash_after_side_effect_probability": 0.05 });
    let m =
        run_audited(&through_a_service(svc.clone(), "effectively_once", 1), 120_000_000).metrics();
    let (s, g) = (group(&m, "svc"), group(&m, "g"));
    let orders = m.producers[0].counters.produced;
    assert!(s.counters.duplicate_side_effects > 0, "the service reprocessed inputs: {s:?}");
    assert!(g.counters.duplicates_skipped > 0, "downstream dedup saw the same ids: {g:?}");
    assert_eq!(g.counters.side_effects, orders, "one effect per order downstream: {g:?}");
    assert_eq!(g.counters.duplicate_side_effects, 0);

    let m = run_audited(&through_a_service(svc, "at_least_once", 1), 120_000_000).metrics();
    let (s, g) = (group(&m, "svc"), group(&m, "g"));
    assert!(
        g.counters.duplicate_side_effects > 0
            && g.counters.duplicate_side_effects <= s.counters.duplicate_side_effects,
        "the re-emitted outputs count as duplicates downstream: {s:?} {g:?}"
    );
}

#[test]
fn a_crash_between_write_and_publish_is_a_real_crash_with_a_redelivery() {
    let svc = json!({ "instances": 2, "concurrency": 4, "restart_s": 1, "session_timeout_s": 2,
                      "crash_between_write_and_publish_probability": 0.05 });
    let m = run_audited(&through_a_service(svc, "effectively_once", 2), 120_000_000).metrics();
    let (s, g) = (group(&m, "svc"), group(&m, "g"));
    let orders = m.producers[0].counters.produced;
    assert!(s.counters.crashes > 0, "the instance crashed: {s:?}");
    assert!(s.counters.redelivered > 0, "and its input came again: {s:?}");
    assert_eq!(s.counters.lost_outputs, 0, "nothing is lost under at-least-once");
    assert_eq!(g.counters.side_effects, orders, "every order's payment arrives once: {g:?}");
}

#[test]
fn processed_excludes_copies_the_dedup_store_skipped() {
    let s = scenario(
        json!([
            { "id": 1, "kind": { "producer": { "rate_per_s": 100, "stop_s": 10 } } },
            { "id": 2, "kind": "topic" },
            { "id": 3, "name": "g", "kind": { "consumer_group": { "guarantee": "effectively_once" } } },
        ]),
        json!([
            { "id": 1, "from": 1, "to": 2, "network": { "delay_us": 0, "duplicate_probability": 0.3 } },
            no_delay(2, 2, 3)
        ]),
        json!([]),
        1,
    );
    let m = run_audited(&s, 30_000_000).metrics();
    let g = group(&m, "g");
    let events = m.producers[0].counters.produced;
    assert_eq!(g.counters.processed, events, "one per event, copies excluded: {g:?}");
    assert!(g.counters.duplicates_skipped > 0);
    assert_eq!(g.counters.produced, g.counters.processed + g.counters.duplicates_skipped);
    assert!(g.conserved);
}
