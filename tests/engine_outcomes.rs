//! Every message reaches exactly one outcome and every run drains: once the producers have
//! stopped and the last fault has ended, nothing stays queued or in flight, the accounting
//! recomputed from raw state holds at every step, and no committed offset passes an offset whose
//! outcome is still open without a live delivery that will decide it.
//!
//! The property test draws broad random scenarios — short retention, crashes before and after
//! the side effect under all three guarantees, transient failures and retries with backoff,
//! dead-letter targets or none, down/crash/slow/broker-down faults, projection rebuilds, services
//! that emit through an outbox whose relay crashes. Every failure names the seed.
//! `PROPTEST_CASES=2000 cargo test --test engine_outcomes` searches deeper.

use fanout::engine::Simulation;
use fanout::scenario::*;
use proptest::prelude::*;

/// The case from the issue: retention 2 s, four concurrent deliveries, a 5 % crash rate.
fn retention_and_crashes(guarantee: Guarantee, crash_after: bool, seed: u64) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = seed;
    let producer = ProducerConfig { rate_per_s: 100.0, stop_s: Some(60.0), ..Default::default() };
    s.nodes.push(Node::new(NodeId(1), "orders", 0.0, 0.0, NodeKind::Producer(producer)));
    let topic = TopicConfig { partitions: 2, retention_s: 2.0 };
    s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, NodeKind::Topic(topic)));
    let p = 0.05;
    let group = GroupConfig {
        instances: 2,
        concurrency: 4,
        guarantee,
        processing: ProcessingTime { mean_ms: 30.0, ..Default::default() },
        crash_before_side_effect_probability: if crash_after { 0.0 } else { p },
        crash_after_side_effect_probability: if crash_after { p } else { 0.0 },
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(3), "payments", 0.0, 0.0, NodeKind::ConsumerGroup(group)));
    s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
    s.edges.push(Edge::new(EdgeId(2), NodeId(2), NodeId(3), EdgeKind::Subscribe));
    s
}

/// Runs to `quiet_s` auditing every 100 ms, then in 1 s steps until every group has drained
/// (or `quiet_s` + 20 simulated minutes pass); returns the first problem found.
fn drains(s: &Scenario, quiet_s: f64) -> Result<(), String> {
    let mut sim = Simulation::new(s).map_err(|p| format!("seed {}: invalid: {p:?}", s.seed))?;
    let audit = |sim: &Simulation| {
        sim.audit().map_err(|e| format!("seed {}: t={} ms: {e}", s.seed, sim.now_us() / 1000))
    };
    let quiet_us = (quiet_s * 1e6) as u64;
    while sim.now_us() < quiet_us {
        sim.advance_to(sim.now_us() + 100_000);
        audit(&sim)?;
    }
    let limit_us = quiet_us + 1_200_000_000;
    loop {
        let m = sim.metrics();
        let open: Vec<String> = m
            .groups
            .iter()
            .filter(|g| g.queued + g.in_flight > 0)
            .map(|g| format!("{} (queued {}, in flight {})", g.name, g.queued, g.in_flight))
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        if sim.now_us() >= limit_us {
            return Err(format!(
                "seed {}: not drained {} s after the last fault: {}",
                s.seed,
                (limit_us - quiet_us) / 1_000_000,
                open.join(", ")
            ));
        }
        sim.advance_to(sim.now_us() + 1_000_000);
        audit(&sim)?;
    }
}

#[test]
fn short_retention_with_crashes_drains_under_every_guarantee() {
    for guarantee in [Guarantee::AtMostOnce, Guarantee::AtLeastOnce, Guarantee::EffectivelyOnce] {
        for crash_after in [false, true] {
            for seed in 1..=4 {
                let s = retention_and_crashes(guarantee, crash_after, seed);
                drains(&s, 60.0)
                    .unwrap_or_else(|e| panic!("{guarantee:?} after={crash_after}: {e}"));
            }
        }
    }
}

#[test]
fn committed_offsets_follow_retention_after_a_crash() {
    // Before the fix, offsets stranded below the log start held the commit back for good.
    let s = retention_and_crashes(Guarantee::AtLeastOnce, true, 7);
    let mut sim = Simulation::new(&s).expect("valid");
    sim.advance_to(600_000_000);
    let m = sim.metrics();
    let g = &m.groups[0];
    assert_eq!(g.queued + g.in_flight, 0, "{g:?}");
    for p in &g.partitions {
        assert_eq!(p.lag_messages, 0, "partition {} still lags: {p:?}", p.partition);
    }
}

/// One consumer on the input topic.
#[derive(Clone, Debug)]
struct Consumer {
    kind: u8,
    instances: u32,
    concurrency: u32,
    mean_ms: f64,
    guarantee: Guarantee,
    crash_before: f64,
    crash_after: f64,
    failure: f64,
    attempts: u32,
    exponential: bool,
    dead_letter: bool,
}

#[derive(Clone, Debug)]
struct World {
    seed: u64,
    rate_per_s: f64,
    stop_s: f64,
    keyed: bool,
    poison: f64,
    partitions: u32,
    retention_s: f64,
    consumers: Vec<Consumer>,
    /// A service that consumes the input and emits through an outbox (relay crash probability).
    outbox: Option<f64>,
    /// (kind, target consumer, at, duration)
    faults: Vec<(u8, usize, f64, f64)>,
}

fn guarantee() -> impl Strategy<Value = Guarantee> {
    prop_oneof![
        Just(Guarantee::AtMostOnce),
        Just(Guarantee::AtLeastOnce),
        Just(Guarantee::EffectivelyOnce)
    ]
}

fn consumer() -> impl Strategy<Value = Consumer> {
    (
        (0u8..3, 1u32..=3, 1u32..=4, 1.0f64..25.0, guarantee()),
        (0.0f64..0.1, 0.0f64..0.1, 0.0f64..0.2, 1u32..=4, any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (kind, instances, concurrency, mean_ms, guarantee),
                (crash_before, crash_after, failure, attempts, exponential, dead_letter),
            )| Consumer {
                kind,
                instances,
                concurrency,
                mean_ms,
                guarantee,
                crash_before,
                crash_after,
                failure,
                attempts,
                exponential,
                dead_letter,
            },
        )
}

fn world() -> impl Strategy<Value = World> {
    (
        (
            any::<u64>(),
            10.0f64..150.0,
            2.0f64..20.0,
            any::<bool>(),
            prop_oneof![Just(0.0), 0.0f64..0.05],
        ),
        (1u32..=4, prop_oneof![0.2f64..3.0, 3.0f64..60.0]),
        proptest::collection::vec(consumer(), 1..=3),
        proptest::option::of(0.0f64..0.3),
        proptest::collection::vec((0u8..5, 0usize..4, 0.0f64..20.0, 0.1f64..10.0), 0..=3),
    )
        .prop_map(
            |(
                (seed, rate_per_s, stop_s, keyed, poison),
                (partitions, retention_s),
                consumers,
                outbox,
                faults,
            )| {
                World {
                    seed,
                    rate_per_s,
                    stop_s,
                    keyed,
                    poison,
                    partitions,
                    retention_s,
                    consumers,
                    outbox,
                    faults,
                }
            },
        )
}

const KINDS: [FaultKind; 5] = [
    FaultKind::Crash,
    FaultKind::Down,
    FaultKind::SlowDown,
    FaultKind::BrokerDown,
    FaultKind::Rebuild,
];

fn group_config(c: &Consumer) -> GroupConfig {
    GroupConfig {
        instances: c.instances,
        concurrency: c.concurrency,
        processing: ProcessingTime {
            distribution: Distribution::Exponential,
            mean_ms: c.mean_ms,
            ..Default::default()
        },
        guarantee: c.guarantee,
        failure_probability: c.failure,
        crash_before_side_effect_probability: c.crash_before,
        crash_after_side_effect_probability: c.crash_after,
        restart_s: 0.5,
        session_timeout_s: 1.0,
        rebalance_pause_s: 0.2,
        retry: RetryPolicy {
            max_attempts: c.attempts,
            backoff: if c.exponential { Backoff::Exponential } else { Backoff::Fixed },
            initial_backoff_ms: 50.0,
            jitter: 0.5,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Producer → input topic → consumers (groups, services, projections), a dead-letter queue,
/// optionally a service → outbox → relay → output topic → reader, and scheduled faults.
/// Returns the scenario and the time by which producers have stopped and faults have ended.
fn build(w: &World) -> (Scenario, f64) {
    let mut s = Scenario::empty();
    s.seed = w.seed;
    let producer = ProducerConfig {
        rate_per_s: w.rate_per_s,
        stop_s: Some(w.stop_s),
        key_space: if w.keyed { 40 } else { 0 },
        poison_probability: w.poison,
        ..Default::default()
    };
    let node = |id: u32, name: &str, kind: NodeKind| Node::new(NodeId(id), name, 0.0, 0.0, kind);
    s.nodes.push(node(1, "producer", NodeKind::Producer(producer)));
    let input = TopicConfig { partitions: w.partitions, retention_s: w.retention_s };
    s.nodes.push(node(2, "input", NodeKind::Topic(input)));
    s.nodes.push(node(3, "dlq", NodeKind::DeadLetterQueue(Default::default())));
    s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
    let mut next_edge = 10;
    let mut edge = |s: &mut Scenario, from: u32, to: u32, kind: EdgeKind| {
        s.edges.push(Edge::new(EdgeId(next_edge), NodeId(from), NodeId(to), kind));
        next_edge += 1;
    };
    let mut targets = Vec::new();
    for (i, c) in w.consumers.iter().enumerate() {
        let id = 10 + i as u32;
        let config = group_config(c);
        let kind = match c.kind {
            0 => NodeKind::ConsumerGroup(config),
            1 => NodeKind::Projection(config),
            _ => NodeKind::Service(GroupConfig {
                mappings: vec![Mapping { outputs: vec![], ..Default::default() }],
                ..config
            }),
        };
        s.nodes.push(node(id, &format!("consumer {i}"), kind));
        edge(&mut s, 2, id, EdgeKind::Subscribe);
        if c.dead_letter {
            edge(&mut s, id, 3, EdgeKind::DeadLetter);
        }
        targets.push(id);
    }
    if let Some(relay_crash) = w.outbox {
        let service = GroupConfig {
            mappings: vec![Mapping { outputs: vec!["Shipped".into()], ..Default::default() }],
            crash_after_side_effect_probability: 0.02,
            restart_s: 0.5,
            session_timeout_s: 1.0,
            ..Default::default()
        };
        s.nodes.push(node(30, "shipping", NodeKind::Service(service)));
        let outbox = OutboxConfig { relay_crash_probability: relay_crash, ..Default::default() };
        s.nodes.push(node(31, "outbox", NodeKind::Outbox(outbox)));
        s.nodes.push(node(32, "shipped", NodeKind::Topic(TopicConfig::default())));
        let reader =
            GroupConfig { crash_before_side_effect_probability: 0.02, ..Default::default() };
        s.nodes.push(node(33, "reader", NodeKind::ConsumerGroup(reader)));
        edge(&mut s, 2, 30, EdgeKind::Subscribe);
        edge(&mut s, 30, 31, EdgeKind::Write);
        edge(&mut s, 31, 32, EdgeKind::Publish);
        edge(&mut s, 32, 33, EdgeKind::Subscribe);
        targets.push(30);
    }
    let mut quiet_s = w.stop_s;
    for &(kind, target, at_s, duration_s) in &w.faults {
        let kind = KINDS[usize::from(kind)];
        let node = match kind {
            FaultKind::BrokerDown => NodeId(2),
            FaultKind::Rebuild => match w.consumers.iter().position(|c| c.kind == 1) {
                Some(i) => NodeId(10 + i as u32),
                None => continue,
            },
            _ => NodeId(targets[target % targets.len()]),
        };
        s.faults.push(Fault { node, kind, at_s, duration_s, ..Default::default() });
        quiet_s = quiet_s.max(at_s + duration_s);
    }
    (s, quiet_s + 1.0)
}

fn config() -> ProptestConfig {
    // 48 cases keep the suite to seconds; PROPTEST_CASES for a deeper search.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_message_gets_one_outcome_and_runs_drain(w in world()) {
        let (s, quiet_s) = build(&w);
        drains(&s, quiet_s).map_err(TestCaseError::fail)?;
    }
}
