//! Random scenarios for property tests of the engine's books: a producer → an input topic with
//! short or long retention → one to three consumers (groups, services, projections) under all
//! three guarantees with crashes, failures and retries, a dead-letter queue, optionally a service
//! writing through an outbox whose relay crashes, network drops and copies on the publish edge,
//! and scheduled faults. Shared by `engine_outcomes.rs` and `engine_reasons.rs`.
#![allow(dead_code)]

use fanout::scenario::*;
use proptest::prelude::*;

/// One consumer on the input topic.
#[derive(Clone, Debug)]
pub struct Consumer {
    pub kind: u8,
    pub instances: u32,
    pub concurrency: u32,
    pub mean_ms: f64,
    pub guarantee: Guarantee,
    pub crash_before: f64,
    pub crash_after: f64,
    pub failure: f64,
    pub attempts: u32,
    pub exponential: bool,
    pub dead_letter: bool,
}

#[derive(Clone, Debug)]
pub struct World {
    pub seed: u64,
    pub rate_per_s: f64,
    pub stop_s: f64,
    pub keyed: bool,
    pub poison: f64,
    pub partitions: u32,
    pub retention_s: f64,
    pub consumers: Vec<Consumer>,
    /// A service that consumes the input and emits through an outbox (relay crash probability).
    pub outbox: Option<f64>,
    /// (kind, target consumer, at, duration)
    pub faults: Vec<(u8, usize, f64, f64)>,
    /// Publish edge drop and duplicate probabilities, producer dual-write crash probability.
    pub network: (f64, f64, f64),
}

pub fn guarantee() -> impl Strategy<Value = Guarantee> {
    prop_oneof![
        Just(Guarantee::AtMostOnce),
        Just(Guarantee::AtLeastOnce),
        Just(Guarantee::EffectivelyOnce)
    ]
}

pub fn consumer() -> impl Strategy<Value = Consumer> {
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

pub fn world() -> impl Strategy<Value = World> {
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
        (
            prop_oneof![Just(0.0), 0.0f64..0.1],
            prop_oneof![Just(0.0), 0.0f64..0.1],
            prop_oneof![Just(0.0), 0.0f64..0.05],
        ),
    )
        .prop_map(
            |(
                (seed, rate_per_s, stop_s, keyed, poison),
                (partitions, retention_s),
                consumers,
                outbox,
                faults,
                network,
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
                    network,
                }
            },
        )
}

pub const KINDS: [FaultKind; 5] = [
    FaultKind::Crash,
    FaultKind::Down,
    FaultKind::SlowDown,
    FaultKind::BrokerDown,
    FaultKind::Rebuild,
];

pub fn group_config(c: &Consumer) -> GroupConfig {
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
pub fn build(w: &World) -> (Scenario, f64) {
    let node = |id: u32, name: &str, kind: NodeKind| Node::new(NodeId(id), name, 0.0, 0.0, kind);
    let mut s = Scenario::empty();
    s.seed = w.seed;
    let producer = ProducerConfig {
        rate_per_s: w.rate_per_s,
        stop_s: Some(w.stop_s),
        key_space: if w.keyed { 40 } else { 0 },
        poison_probability: w.poison,
        crash_between_write_and_publish_probability: w.network.2,
        ..Default::default()
    };
    s.nodes.push(node(1, "producer", NodeKind::Producer(producer)));
    let input = TopicConfig {
        partitions: w.partitions,
        retention_s: w.retention_s,
        ..TopicConfig::default()
    };
    s.nodes.push(node(2, "input", NodeKind::Topic(input)));
    s.nodes.push(node(3, "dlq", NodeKind::DeadLetterQueue(Default::default())));
    let mut publish = Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish);
    publish.network.drop_probability = w.network.0;
    publish.network.duplicate_probability = w.network.1;
    s.edges.push(publish);
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
