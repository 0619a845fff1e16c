//! Outcome reasons: every lost, expired, dead-lettered and duplicated message carries the
//! engine's reason, in words that name the facts (the retention, the group, the attempts, the
//! guarantee, the dedup window, the edge's drop rate…). Each reason below comes from a small
//! scenario built to cause it. A property test over random scenarios checks that the counts by
//! reason add up to the counters (lost, expired, dead-lettered, duplicate side effects, and the
//! producers' and outboxes' losses) and that the bounded index keeps at most its capacity.
//! `PROPTEST_CASES=200 cargo test --test engine_reasons` searches deeper.

use fanout::engine::{
    OutcomeKind, Reason, ReasonCount, Simulation, OUTCOME_INDEX_CAPACITY, REASON_COUNT,
};
use fanout::scenario::*;
use proptest::prelude::*;

mod random_world;
use random_world::*;

const PRODUCER: NodeId = NodeId(1);
const TOPIC: NodeId = NodeId(2);
const GROUP: NodeId = NodeId(3);

fn node(id: u32, name: &str, kind: NodeKind) -> Node {
    Node::new(NodeId(id), name, 0.0, 0.0, kind)
}

/// Checkout → orders → Payment, with the settings given; the publish edge is `EdgeId(1)`.
fn chain(producer: ProducerConfig, topic: TopicConfig, group: GroupConfig) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = 5;
    s.nodes.push(node(1, "Checkout", NodeKind::Producer(producer)));
    s.nodes.push(node(2, "orders", NodeKind::Topic(topic)));
    s.nodes.push(node(3, "Payment", NodeKind::ConsumerGroup(group)));
    s.edges.push(Edge::new(EdgeId(1), PRODUCER, TOPIC, EdgeKind::Publish));
    s.edges.push(Edge::new(EdgeId(2), TOPIC, GROUP, EdgeKind::Subscribe));
    s
}

fn producer(rate_per_s: f64, stop_s: f64) -> ProducerConfig {
    ProducerConfig { rate_per_s, stop_s: Some(stop_s), ..Default::default() }
}

fn group(guarantee: Guarantee) -> GroupConfig {
    GroupConfig {
        guarantee,
        processing: ProcessingTime { mean_ms: 5.0, ..Default::default() },
        ..Default::default()
    }
}

fn run(s: &Scenario, secs: f64) -> Simulation {
    let mut sim = Simulation::new(s).expect("valid scenario");
    sim.advance_to((secs * 1e6) as u64);
    sim
}

/// The count of one reason at a node; fails with every reason seen there if it never happened.
fn reason(sim: &Simulation, node: NodeId, r: Reason) -> ReasonCount {
    let counts = sim.outcome_counts(node);
    counts
        .iter()
        .find(|c| c.reason == r)
        .cloned()
        .unwrap_or_else(|| panic!("{r:?} never happened at {node}: {counts:#?}"))
}

fn group_counters(sim: &Simulation, id: NodeId) -> GroupCountersView {
    let m = sim.metrics();
    let g = m.groups.iter().find(|g| g.id == id).expect("group");
    GroupCountersView { c: g.counters, reasons: g.outcome_reasons.clone() }
}

struct GroupCountersView {
    c: fanout::engine::GroupCounters,
    reasons: Vec<ReasonCount>,
}

/// The reason's text also appears on the event's trace, on the hop that carries it.
fn traced(sim: &Simulation, node: NodeId, kind: OutcomeKind, text: &str) {
    let records = sim.outcomes(node, kind);
    let newest = records.first().expect("an indexed record");
    assert_eq!(newest.text, text);
    assert!(records.windows(2).all(|w| w[0].t_us >= w[1].t_us), "newest first");
    let trace = sim.trace(newest.event_id).expect("a trace");
    assert!(
        trace.hops.iter().any(|h| h.reason_text.as_deref() == Some(text)),
        "no hop says `{text}`: {:#?}",
        trace.hops
    );
}

#[test]
fn at_most_once_crash_before_the_side_effect() {
    let g =
        GroupConfig { crash_before_side_effect_probability: 0.05, ..group(Guarantee::AtMostOnce) };
    let sim = run(&chain(producer(100.0, 20.0), TopicConfig::default(), g), 40.0);
    let text = "at-most-once: committed at fetch, instance crashed before the side effect";
    let r = reason(&sim, GROUP, Reason::AtMostOnceCrash);
    assert_eq!(r.text, text);
    assert_eq!(r.kind, OutcomeKind::Lost);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.lost);
    traced(&sim, GROUP, OutcomeKind::Lost, text);
}

#[test]
fn at_most_once_down_and_revoked_by_a_rebalance() {
    let g = GroupConfig {
        instances: 2,
        concurrency: 4,
        processing: ProcessingTime { mean_ms: 200.0, ..Default::default() },
        ..group(Guarantee::AtMostOnce)
    };
    let mut s = chain(producer(30.0, 20.0), TopicConfig::default(), g);
    s.faults.push(Fault {
        node: GROUP,
        kind: FaultKind::Down,
        at_s: 5.0,
        duration_s: 2.0,
        instance: Some(0),
        ..Default::default()
    });
    let sim = run(&s, 30.0);
    let down = reason(&sim, GROUP, Reason::AtMostOnceDown);
    assert_eq!(
        down.text,
        "at-most-once: committed at fetch, instance went down before the side effect"
    );
    let revoked = reason(&sim, GROUP, Reason::AtMostOnceRevoked);
    assert_eq!(
        revoked.text,
        "revoked by a rebalance (at-most-once): committed at fetch, never processed"
    );
    assert_eq!(down.count + revoked.count, group_counters(&sim, GROUP).c.lost);
}

#[test]
fn retention_names_its_seconds_the_topic_and_the_group() {
    let g = GroupConfig {
        processing: ProcessingTime { mean_ms: 50.0, ..Default::default() },
        ..group(Guarantee::AtLeastOnce)
    };
    let topic = TopicConfig { partitions: 1, retention_s: 2.0, ..TopicConfig::default() };
    let sim = run(&chain(producer(100.0, 20.0), topic, g), 30.0);
    let text = "retention (2 s) removed it from orders before Payment read it";
    let r = reason(&sim, GROUP, Reason::Retention);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.expired);
    traced(&sim, GROUP, OutcomeKind::Expired, text);
}

fn poison(dead_letter: Option<Network>) -> Simulation {
    let p = ProducerConfig { poison_probability: 0.1, ..producer(50.0, 10.0) };
    let g = GroupConfig {
        retry: RetryPolicy { max_attempts: 3, initial_backoff_ms: 10.0, ..Default::default() },
        ..group(Guarantee::AtLeastOnce)
    };
    let mut s = chain(p, TopicConfig::default(), g);
    if let Some(network) = dead_letter {
        s.nodes.push(node(4, "orders.DLQ", NodeKind::DeadLetterQueue(TopicConfig::default())));
        let mut e = Edge::new(EdgeId(3), GROUP, NodeId(4), EdgeKind::DeadLetter);
        e.network = network;
        s.edges.push(e);
    }
    run(&s, 20.0)
}

#[test]
fn poison_without_a_dead_letter_target_is_lost_after_its_attempts() {
    let sim = poison(None);
    let text = "3 attempts failed (poison), no dead-letter target";
    let r = reason(&sim, GROUP, Reason::NoDeadLetterPoison);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.lost);
    traced(&sim, GROUP, OutcomeKind::Lost, text);
}

#[test]
fn poison_is_parked_in_the_named_dead_letter_queue() {
    let sim = poison(Some(Network::default()));
    let text = "3 attempts failed (poison); parked in orders.DLQ";
    let r = reason(&sim, GROUP, Reason::DeadLetteredPoison);
    assert_eq!(r.text, text);
    assert_eq!(r.kind, OutcomeKind::DeadLettered);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.dead_lettered);
    traced(&sim, GROUP, OutcomeKind::DeadLettered, text);
}

#[test]
fn a_dead_letter_dropped_on_its_edge_is_lost() {
    let sim = poison(Some(Network { drop_probability: 1.0, ..Default::default() }));
    let text = "3 attempts failed; dropped on the edge to the dead-letter queue orders.DLQ \
                (network drop 100 %)";
    let r = reason(&sim, GROUP, Reason::DeadLetterDropped);
    assert_eq!(r.text, text);
    let c = group_counters(&sim, GROUP).c;
    assert_eq!((r.count, c.dead_lettered), (c.lost, 0));
    traced(&sim, GROUP, OutcomeKind::Lost, text);
}

#[test]
fn a_redelivery_after_a_crash_after_the_side_effect_is_a_duplicate() {
    let g =
        GroupConfig { crash_after_side_effect_probability: 0.05, ..group(Guarantee::AtLeastOnce) };
    let sim = run(&chain(producer(100.0, 20.0), TopicConfig::default(), g), 40.0);
    let text = "redelivered after a crash after the side effect; no dedup store (at-least-once)";
    let r = reason(&sim, GROUP, Reason::DuplicateRedelivered);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.duplicate_side_effects);
    traced(&sim, GROUP, OutcomeKind::DuplicateSideEffect, text);
}

#[test]
fn a_dedup_store_that_forgot_names_its_window() {
    let g = GroupConfig {
        crash_after_side_effect_probability: 0.05,
        dedup_window_s: 0.05,
        restart_s: 1.0,
        ..group(Guarantee::EffectivelyOnce)
    };
    let sim = run(&chain(producer(100.0, 20.0), TopicConfig::default(), g), 40.0);
    let text = "the dedup store had forgotten it (window 0.05 s)";
    let r = reason(&sim, GROUP, Reason::DuplicateDedupForgot);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, GROUP).c.duplicate_side_effects);
    traced(&sim, GROUP, OutcomeKind::DuplicateSideEffect, text);
}

fn with_network(network: Network, guarantee: Guarantee) -> Simulation {
    let mut s = chain(producer(100.0, 20.0), TopicConfig::default(), group(guarantee));
    s.edges[0].network = network;
    run(&s, 30.0)
}

#[test]
fn a_drop_on_the_publish_edge_names_the_drop_rate() {
    let sim = with_network(
        Network { drop_probability: 0.05, ..Default::default() },
        Guarantee::AtLeastOnce,
    );
    let text = "dropped on the edge to orders (network drop 5 %)";
    let r = reason(&sim, PRODUCER, Reason::NetworkDrop);
    assert_eq!(r.text, text);
    let m = sim.metrics();
    assert_eq!(r.count, m.producers[0].counters.publish_lost);
    assert_eq!(m.producers[0].outcome_reasons.len(), 1);
    traced(&sim, PRODUCER, OutcomeKind::Lost, text);
}

#[test]
fn a_network_duplicate_names_the_guarantee_without_a_dedup_store() {
    for (guarantee, name) in
        [(Guarantee::AtLeastOnce, "at-least-once"), (Guarantee::AtMostOnce, "at-most-once")]
    {
        let sim =
            with_network(Network { duplicate_probability: 0.1, ..Default::default() }, guarantee);
        let text = format!(
            "the network delivered its publish twice (edge duplicate); no dedup store ({name})"
        );
        let r = reason(&sim, GROUP, Reason::DuplicateNetworkCopy);
        assert_eq!(r.text, text);
        assert_eq!(r.count, group_counters(&sim, GROUP).c.duplicate_side_effects);
        traced(&sim, GROUP, OutcomeKind::DuplicateSideEffect, &text);
    }
}

#[test]
fn a_dual_write_crash_loses_the_event_at_the_producer() {
    let p = ProducerConfig {
        crash_between_write_and_publish_probability: 0.05,
        ..producer(100.0, 20.0)
    };
    let sim = run(&chain(p, TopicConfig::default(), group(Guarantee::AtLeastOnce)), 30.0);
    let text = "dual write: crashed between the database write and the publish";
    let r = reason(&sim, PRODUCER, Reason::DualWrite);
    assert_eq!(r.text, text);
    assert_eq!(r.count, sim.metrics().producers[0].counters.lost_dual_write);
    traced(&sim, PRODUCER, OutcomeKind::Lost, text);
}

#[test]
fn a_down_broker_refuses_the_publish() {
    let mut s = chain(producer(100.0, 20.0), TopicConfig::default(), group(Guarantee::AtLeastOnce));
    s.faults.push(Fault {
        node: TOPIC,
        kind: FaultKind::BrokerDown,
        at_s: 5.0,
        duration_s: 2.0,
        ..Default::default()
    });
    let sim = run(&s, 30.0);
    let text = "broker down: orders refused the publish";
    let r = reason(&sim, PRODUCER, Reason::BrokerDown);
    assert_eq!(r.text, text);
    assert_eq!(r.count, sim.metrics().producers[0].counters.publish_lost);
    traced(&sim, PRODUCER, OutcomeKind::Lost, text);
}

#[test]
fn a_database_over_capacity_refuses_the_producers_write() {
    let mut s = chain(producer(100.0, 10.0), TopicConfig::default(), group(Guarantee::AtLeastOnce));
    s.nodes.push(node(4, "Ledger", NodeKind::Database(DatabaseConfig { capacity_per_s: 10.0 })));
    s.edges.push(Edge::new(EdgeId(3), PRODUCER, NodeId(4), EdgeKind::Write));
    let sim = run(&s, 20.0);
    let text = "Ledger over capacity (10 writes/s): the write was refused, the request failed and \
                nothing was published";
    assert_eq!(reason(&sim, PRODUCER, Reason::DatabaseRefused).text, text);
    traced(&sim, PRODUCER, OutcomeKind::Lost, text);
}

/// Checkout → orders → Shipping (a service) → shipped → Mail.
fn service(s_config: GroupConfig, mail: GroupConfig) -> Scenario {
    let mut s = chain(producer(100.0, 20.0), TopicConfig::default(), group(Guarantee::AtLeastOnce));
    let mappings = vec![Mapping { outputs: vec!["Shipped".into()], ..Default::default() }];
    s.nodes.push(node(4, "Shipping", NodeKind::Service(GroupConfig { mappings, ..s_config })));
    s.nodes.push(node(5, "shipped", NodeKind::Topic(TopicConfig::default())));
    s.nodes.push(node(6, "Mail", NodeKind::ConsumerGroup(mail)));
    s.edges.push(Edge::new(EdgeId(3), TOPIC, NodeId(4), EdgeKind::Subscribe));
    s.edges.push(Edge::new(EdgeId(4), NodeId(4), NodeId(5), EdgeKind::Publish));
    s.edges.push(Edge::new(EdgeId(5), NodeId(5), NodeId(6), EdgeKind::Subscribe));
    s
}

#[test]
fn an_at_most_once_service_crashing_before_its_publish_loses_its_outputs() {
    let shipping = GroupConfig {
        crash_between_write_and_publish_probability: 0.05,
        ..group(Guarantee::AtMostOnce)
    };
    let sim = run(&service(shipping, group(Guarantee::AtLeastOnce)), 40.0);
    let text = "at-most-once: Shipping crashed between its write and the publish, and its input \
                is never delivered again";
    let r = reason(&sim, NodeId(4), Reason::OutputCrashBetween);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, NodeId(4)).c.lost_outputs);
    assert!(!r.reason.loses_input());
    traced(&sim, NodeId(4), OutcomeKind::Lost, text);
}

#[test]
fn a_service_that_processed_its_input_twice_emits_a_duplicate_downstream() {
    let shipping =
        GroupConfig { crash_after_side_effect_probability: 0.05, ..group(Guarantee::AtLeastOnce) };
    let sim = run(&service(shipping, group(Guarantee::AtLeastOnce)), 40.0);
    let text = "the same event arrived again on another offset (emitted or published again \
                upstream); no dedup store (at-least-once)";
    let r = reason(&sim, NodeId(6), Reason::DuplicateAnotherOffset);
    assert_eq!(r.text, text);
    assert_eq!(r.count, group_counters(&sim, NodeId(6)).c.duplicate_side_effects);
}

/// Checkout → Outbox → (relay) → orders → Payment.
fn outbox(config: OutboxConfig, rate_per_s: f64, stop_s: f64) -> Scenario {
    let mut s =
        chain(producer(rate_per_s, stop_s), TopicConfig::default(), group(Guarantee::AtLeastOnce));
    s.edges.remove(0);
    s.nodes.push(node(4, "Outbox", NodeKind::Outbox(config)));
    s.edges.push(Edge::new(EdgeId(3), PRODUCER, NodeId(4), EdgeKind::Write));
    s.edges.push(Edge::new(EdgeId(4), NodeId(4), TOPIC, EdgeKind::Publish));
    s
}

#[test]
fn a_relay_crash_republishes_rows_as_duplicates() {
    let config = OutboxConfig { relay_crash_probability: 0.2, ..Default::default() };
    let sim = run(&outbox(config, 100.0, 20.0), 30.0);
    let text = "republished by an outbox relay that crashed before marking it sent; no dedup \
                store (at-least-once)";
    let r = reason(&sim, GROUP, Reason::DuplicateRelayCopy);
    assert_eq!(r.text, text);
    let c = group_counters(&sim, GROUP).c;
    let all: u64 = group_counters(&sim, GROUP).reasons.iter().map(|r| r.count).sum();
    assert_eq!(all, c.duplicate_side_effects);
}

#[test]
fn a_full_outbox_table_fails_the_transaction() {
    let mut s = outbox(OutboxConfig::default(), 10_000.0, 16.0);
    s.faults.push(Fault {
        node: TOPIC,
        kind: FaultKind::BrokerDown,
        at_s: 0.5,
        duration_s: 30.0,
        ..Default::default()
    });
    let sim = run(&s, 16.0);
    let text = "outbox table full (131072 unsent rows in Outbox): the transaction failed";
    let r = reason(&sim, NodeId(4), Reason::OutboxFull);
    assert_eq!(r.text, text);
    assert_eq!(r.count, sim.metrics().outboxes[0].counters.refused);
    traced(&sim, NodeId(4), OutcomeKind::Lost, text);
}

#[test]
fn the_size_cap_expires_and_the_index_keeps_its_capacity_with_exact_counts() {
    let g = GroupConfig {
        processing: ProcessingTime { mean_ms: 100.0, ..Default::default() },
        ..group(Guarantee::AtLeastOnce)
    };
    let topic = TopicConfig { partitions: 1, retention_s: 3600.0, ..TopicConfig::default() };
    let sim = run(&chain(producer(10_000.0, 16.0), topic, g), 16.0);
    let text =
        "the size cap of orders (131072 entries per partition) removed it before Payment read it";
    let r = reason(&sim, GROUP, Reason::SizeCap);
    assert_eq!(r.text, text);
    let expired = group_counters(&sim, GROUP).c.expired;
    assert_eq!(r.count, expired);
    assert!(expired > OUTCOME_INDEX_CAPACITY as u64, "only {expired} expired");
    let records = sim.outcomes(GROUP, OutcomeKind::Expired);
    assert_eq!(records.len(), OUTCOME_INDEX_CAPACITY);
    assert!(records.windows(2).all(|w| w[0].event_id > w[1].event_id), "newest first");
    assert!(records.iter().all(|r| r.text == text && r.node == GROUP));
}

#[test]
fn every_reason_has_its_code_and_one_kind() {
    assert_eq!(Reason::ALL.len(), REASON_COUNT);
    for (i, r) in Reason::ALL.iter().enumerate() {
        assert_eq!(*r as usize, i, "{r:?}");
        assert!(!r.loses_input() || r.kind() == OutcomeKind::Lost, "{r:?}");
    }
    assert_eq!(std::mem::size_of::<Reason>(), 1);
    assert_eq!(std::mem::size_of::<Option<Reason>>(), 1);
}

// The random-scenario builder of tests/engine_outcomes.rs, with lossy publish edges and
// dual writes added.

/// Counts by reason at a node, as (kind, loses input, count).
fn sum(counts: &[ReasonCount], keep: impl Fn(&ReasonCount) -> bool) -> u64 {
    counts.iter().filter(|c| keep(c)).map(|c| c.count).sum()
}

fn of(r: Reason) -> impl Fn(&ReasonCount) -> bool {
    move |c| c.reason == r
}

/// The counts by reason add up to the counters they explain; the index holds the newest
/// records up to its capacity.
fn reasons_add_up(sim: &Simulation) -> Result<(), String> {
    let m = sim.metrics();
    for g in &m.groups {
        let (r, c) = (&g.outcome_reasons, &g.counters);
        let kind = |k: OutcomeKind| move |x: &ReasonCount| x.kind == k;
        let found = [
            sum(r, |x| x.reason.loses_input()),
            sum(r, of(Reason::OutputCrashBetween)),
            sum(r, kind(OutcomeKind::Expired)),
            sum(r, kind(OutcomeKind::DeadLettered)),
            sum(r, kind(OutcomeKind::DuplicateSideEffect)),
        ];
        let want = [c.lost, c.lost_outputs, c.expired, c.dead_lettered, c.duplicate_side_effects];
        if found != want {
            return Err(format!("{}: by reason {found:?}, counters {want:?}: {r:#?}", g.name));
        }
        for k in OutcomeKind::ALL {
            let n = sim.outcomes(g.id, k).len() as u64;
            if n != sum(r, kind(k)).min(OUTCOME_INDEX_CAPACITY as u64) {
                return Err(format!("{}: {n} {k:?} records for {r:#?}", g.name));
            }
        }
    }
    for p in &m.producers {
        let (r, c) = (&p.outcome_reasons, &p.counters);
        let publish = sum(r, of(Reason::NetworkDrop)) + sum(r, of(Reason::BrokerDown));
        if (publish, sum(r, of(Reason::DualWrite))) != (c.publish_lost, c.lost_dual_write) {
            return Err(format!("{}: {r:#?} vs {c:?}", p.name));
        }
    }
    for o in &m.outboxes {
        if sum(&o.outcome_reasons, of(Reason::OutboxFull)) != o.counters.refused {
            return Err(format!("{}: {:#?} vs {:?}", o.name, o.outcome_reasons, o.counters));
        }
    }
    Ok(())
}

fn config() -> ProptestConfig {
    // 24 cases keep the suite to seconds; PROPTEST_CASES for a deeper search.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn counts_by_reason_sum_to_the_counters(w in world()) {
        let (s, quiet_s) = build(&w);
        let mut sim = Simulation::new(&s).map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
        // Check midway too: the sums hold at every instant, not only once drained.
        sim.advance_to((quiet_s * 0.5e6) as u64);
        reasons_add_up(&sim).map_err(|e| TestCaseError::fail(format!("seed {}: {e}", s.seed)))?;
        sim.advance_to(((quiet_s + 20.0) * 1e6) as u64);
        reasons_add_up(&sim).map_err(|e| TestCaseError::fail(format!("seed {}: {e}", s.seed)))?;
    }
}
