//! Property tests over random small scenarios: the delivery guarantees mean what they say,
//! messages are conserved at every step, keyed order holds, and runs are deterministic.
//! Every failure message includes the scenario seed so it can be replayed.

use fanout::engine::{Metrics, Simulation};
use fanout::scenario::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Knobs {
    seed: u64,
    rate_per_s: f64,
    events: u64,
    keyed: bool,
    partitions: u32,
    groups: Vec<GroupKnobs>,
    jitter_us: u64,
    publish_duplicate: f64,
    outage: Option<(u32, f64, f64, bool)>,
}

#[derive(Clone, Debug)]
struct GroupKnobs {
    instances: u32,
    concurrency: u32,
    mean_ms: f64,
    crash_before: f64,
    crash_after: f64,
    failure: f64,
    attempts: u32,
}

fn group_knobs() -> impl Strategy<Value = GroupKnobs> {
    (1u32..=3, 1u32..=3, 0.5f64..20.0, 0.0f64..0.15, 0.0f64..0.15, 0.0f64..0.2, 1u32..=4).prop_map(
        |(instances, concurrency, mean_ms, crash_before, crash_after, failure, attempts)| {
            GroupKnobs {
                instances,
                concurrency,
                mean_ms,
                crash_before,
                crash_after,
                failure,
                attempts,
            }
        },
    )
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        any::<u64>(),
        10.0f64..200.0,
        50u64..400,
        any::<bool>(),
        1u32..=4,
        proptest::collection::vec(group_knobs(), 1..=3),
        0u64..5_000,
        prop_oneof![Just(0.0), 0.0f64..0.2],
        proptest::option::of((0u32..3, 0.0f64..5.0, 0.1f64..8.0, any::<bool>())),
    )
        .prop_map(
            |(seed, rate_per_s, events, keyed, partitions, groups, jitter_us, dup, outage)| Knobs {
                seed,
                rate_per_s,
                events,
                keyed,
                partitions,
                groups,
                jitter_us,
                publish_duplicate: dup,
                outage,
            },
        )
}

/// A producer → topic → groups scenario, each group with a dead-letter queue, under one
/// guarantee. `faults` turns crashes, failures and outages on.
fn build(k: &Knobs, guarantee: Guarantee, faults: bool) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = k.seed;
    let producer = ProducerConfig {
        rate_per_s: k.rate_per_s,
        key_space: if k.keyed { 50 } else { 0 },
        max_events: Some(k.events),
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(1), "producer", 0.0, 0.0, NodeKind::Producer(producer)));
    let topic = TopicConfig { partitions: k.partitions, ..Default::default() };
    s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, NodeKind::Topic(topic)));
    s.nodes.push(Node::new(
        NodeId(3),
        "dlq",
        0.0,
        0.0,
        NodeKind::DeadLetterQueue(Default::default()),
    ));
    let mut publish = Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish);
    publish.network.duplicate_probability = if faults { k.publish_duplicate } else { 0.0 };
    s.edges.push(publish);
    for (i, g) in k.groups.iter().enumerate() {
        let id = NodeId(10 + i as u32);
        let on = |p: f64| if faults { p } else { 0.0 };
        let config = GroupConfig {
            instances: g.instances,
            concurrency: g.concurrency,
            processing: ProcessingTime {
                distribution: Distribution::Exponential,
                mean_ms: g.mean_ms,
                ..Default::default()
            },
            guarantee,
            failure_probability: on(g.failure),
            crash_before_side_effect_probability: on(g.crash_before),
            crash_after_side_effect_probability: on(g.crash_after),
            restart_s: 0.5,
            session_timeout_s: 1.0,
            retry: RetryPolicy {
                max_attempts: g.attempts,
                initial_backoff_ms: 20.0,
                ..Default::default()
            },
            ..Default::default()
        };
        s.nodes.push(Node::new(
            id,
            format!("group {i}"),
            0.0,
            0.0,
            NodeKind::ConsumerGroup(config),
        ));
        let mut sub = Edge::new(EdgeId(10 + i as u32), NodeId(2), id, EdgeKind::Subscribe);
        sub.network.jitter_us = k.jitter_us;
        s.edges.push(sub);
        s.edges.push(Edge::new(EdgeId(20 + i as u32), id, NodeId(3), EdgeKind::DeadLetter));
    }
    if let (true, Some((g, at_s, duration_s, down))) = (faults, k.outage) {
        let g = g.min(k.groups.len() as u32 - 1);
        s.faults.push(Fault {
            node: NodeId(10 + g),
            kind: if down { FaultKind::Down } else { FaultKind::Crash },
            at_s,
            duration_s,
            ..Default::default()
        });
    }
    s
}

/// Runs to 60 s auditing conservation every 250 ms, then on in 5 s steps until every group has
/// drained (high crash rates can make a group slower than its producer) or 20 minutes pass.
fn run(s: &Scenario) -> Result<Metrics, String> {
    let mut sim = Simulation::new(s).map_err(|p| format!("invalid: {p:?}"))?;
    let audit = |sim: &Simulation| {
        sim.audit().map_err(|e| format!("seed {}: t={} ms: {e}", s.seed, sim.now_us() / 1000))
    };
    for step in 1..=240u64 {
        sim.advance_to(step * 250_000);
        audit(&sim)?;
    }
    while sim.now_us() < 1_200_000_000 {
        let m = sim.metrics();
        if m.groups.iter().all(|g| g.queued + g.in_flight == 0) {
            return Ok(m);
        }
        sim.advance_to(sim.now_us() + 5_000_000);
        audit(&sim)?;
    }
    Ok(sim.metrics())
}

fn config() -> ProptestConfig {
    // 24 cases keep the suite fast; PROPTEST_CASES=1000 for a deeper search.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn at_most_once_never_applies_a_side_effect_twice(k in knobs()) {
        let mut k = k;
        k.publish_duplicate = 0.0; // a producer's own duplicate is a second message, not a redelivery
        let m = run(&build(&k, Guarantee::AtMostOnce, true)).map_err(TestCaseError::fail)?;
        for g in &m.groups {
            prop_assert_eq!(g.counters.duplicate_side_effects, 0, "seed {}: {}", k.seed, g.name);
            prop_assert!(g.conserved, "seed {}", k.seed);
        }
    }

    #[test]
    fn at_least_once_loses_nothing_while_retention_covers_downtime(k in knobs()) {
        let m = run(&build(&k, Guarantee::AtLeastOnce, true)).map_err(TestCaseError::fail)?;
        for g in &m.groups {
            let c = &g.counters;
            prop_assert_eq!(c.lost, 0, "seed {}: {}", k.seed, g.name);
            prop_assert_eq!(c.expired, 0, "seed {}", k.seed);
            // Drained: every message was processed or parked.
            prop_assert_eq!(g.queued + g.in_flight, 0, "seed {}: {} not drained", k.seed, g.name);
            prop_assert_eq!(c.processed + c.dead_lettered, c.produced, "seed {}", k.seed);
        }
    }

    #[test]
    fn effectively_once_applies_exactly_one_side_effect_per_event(k in knobs()) {
        let mut k = k;
        for g in &mut k.groups {
            g.failure = 0.0; // nothing dead-lettered: every event must get its one effect
        }
        let m = run(&build(&k, Guarantee::EffectivelyOnce, true)).map_err(TestCaseError::fail)?;
        let events = m.producers[0].counters.produced - m.producers[0].counters.publish_lost;
        for g in &m.groups {
            prop_assert_eq!(g.counters.duplicate_side_effects, 0, "seed {}: {}", k.seed, g.name);
            prop_assert_eq!(g.counters.side_effects, events, "seed {}: {}", k.seed, g.name);
        }
    }

    #[test]
    fn keyed_partitions_keep_per_key_order_without_retries(k in knobs()) {
        let mut k = k;
        k.keyed = true;
        for g in &mut k.groups {
            g.concurrency = 1;
        }
        let m = run(&build(&k, Guarantee::AtLeastOnce, false)).map_err(TestCaseError::fail)?;
        for g in &m.groups {
            prop_assert_eq!(g.counters.ordering_violations, 0, "seed {}: {}", k.seed, g.name);
            prop_assert_eq!(g.counters.processed, g.counters.produced, "seed {}", k.seed);
        }
    }

    #[test]
    fn runs_are_deterministic(k in knobs(), guarantee in prop_oneof![
        Just(Guarantee::AtMostOnce), Just(Guarantee::AtLeastOnce), Just(Guarantee::EffectivelyOnce)
    ]) {
        let s = build(&k, guarantee, true);
        let a = run(&s).map_err(TestCaseError::fail)?;
        let b = run(&s).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&a.trace_hash, &b.trace_hash, "seed {}", k.seed);
        prop_assert_eq!(a, b, "seed {}", k.seed);
    }
}

#[test]
fn a_different_seed_gives_a_different_run() {
    let k = Knobs {
        seed: 1,
        rate_per_s: 100.0,
        events: 300,
        keyed: true,
        partitions: 3,
        groups: vec![GroupKnobs {
            instances: 2,
            concurrency: 2,
            mean_ms: 5.0,
            crash_before: 0.05,
            crash_after: 0.05,
            failure: 0.05,
            attempts: 3,
        }],
        jitter_us: 100,
        publish_duplicate: 0.0,
        outage: None,
    };
    let a = run(&build(&k, Guarantee::AtLeastOnce, true)).expect("runs");
    let b = run(&build(&Knobs { seed: 2, ..k }, Guarantee::AtLeastOnce, true)).expect("runs");
    assert_ne!(a.trace_hash, b.trace_hash);
}
