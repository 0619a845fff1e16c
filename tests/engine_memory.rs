//! Memory has a budget, not a duration: what a run holds depends on what the broker retains and
//! on named caps, and checkpoints share what did not change between them. The browser and CLI
//! figures for long runs are benchmarks (BENCHMARKS.md, "Memory"); these tests check the
//! mechanisms on runs short enough for the test suite.

use fanout::engine::*;
use fanout::scenario::limits::CHECKPOINT_BUDGET_BYTES;
use fanout::scenario::*;

/// One producer at `rate_per_s` → a topic → one group per guarantee in `groups`.
fn pipeline(rate_per_s: f64, retention_s: f64, groups: &[GroupConfig]) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = 3;
    let producer = ProducerConfig { rate_per_s, key_space: 100, ..Default::default() };
    s.nodes.push(Node::new(NodeId(1), "orders", 0.0, 0.0, NodeKind::Producer(producer)));
    let topic = TopicConfig { partitions: 4, retention_s, ..TopicConfig::default() };
    s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, NodeKind::Topic(topic)));
    s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
    for (i, g) in groups.iter().enumerate() {
        let id = 10 + i as u32;
        let name = format!("group {i}");
        s.nodes.push(Node::new(NodeId(id), &name, 0.0, 0.0, NodeKind::ConsumerGroup(g.clone())));
        s.edges.push(Edge::new(EdgeId(id), NodeId(2), NodeId(id), EdgeKind::Subscribe));
    }
    s
}

fn fast_group(guarantee: Guarantee) -> GroupConfig {
    GroupConfig {
        instances: 2,
        concurrency: 4,
        guarantee,
        processing: ProcessingTime { mean_ms: 1.0, ..Default::default() },
        ..Default::default()
    }
}

/// Bytes of `n` 40-byte messages (the engine's message record).
fn messages(n: u64) -> usize {
    n as usize * 40
}

#[test]
fn checkpoints_share_the_log_instead_of_copying_it() {
    // A week's retention keeps every message: 300 s at 1,000/s is 300,000 messages (~12 MB).
    // Sixty independent copies of the growing log would hold ~360 MB.
    let s = pipeline(1_000.0, 7.0 * 86_400.0, &[fast_group(Guarantee::AtLeastOnce)]);
    let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 5_000_000);
    tl.seek(300_000_000);
    let produced = tl.sim().metrics().producers[0].counters.produced;
    let log = messages(produced);
    // Each checkpoint also keeps its own trace ring (TRACE_CAPACITY hops of 40 bytes, 2.6 MB:
    // checkpoints 20 s apart share none of it at 4,000 hops/s) and about 1 MB of other state;
    // the log it shares. Copies of the log would add 6 MB per checkpoint on average.
    let count = tl.checkpoint_count();
    let own = count * (TRACE_CAPACITY * 40 + (1 << 20));
    assert!(count >= 8, "{count} checkpoints");
    assert!(
        tl.checkpoint_bytes() < log + own,
        "{count} checkpoints hold {} bytes for a log of {log} bytes",
        tl.checkpoint_bytes()
    );
    assert!(tl.checkpoint_bytes() <= CHECKPOINT_BUDGET_BYTES);
}

#[test]
fn checkpoints_keep_to_their_budget_and_rewinding_stays_exact() {
    // A minute's retention at 2,000/s: checkpoints more than a minute apart share no log chunk,
    // each holds its own 120,000 messages (4.8 MB); past the budget they thin out.
    let s = pipeline(2_000.0, 60.0, &[fast_group(Guarantee::AtLeastOnce)]);
    let mut tl = Timeline::new(Simulation::new(&s).expect("valid"), 10_000_000);
    tl.seek(600_000_000);
    assert!(
        tl.checkpoint_bytes() <= CHECKPOINT_BUDGET_BYTES,
        "{} bytes in {} checkpoints",
        tl.checkpoint_bytes(),
        tl.checkpoint_count()
    );
    assert!(tl.interval_us() > 10_000_000, "the spacing grew to keep the budget");
    let end = tl.sim().trace_hash();
    tl.seek(123_456_789);
    let mut fresh = Simulation::new(&s).expect("valid");
    fresh.advance_to(123_456_789);
    assert_eq!(tl.sim().trace_hash(), fresh.trace_hash(), "rewind is exact");
    tl.seek(600_000_000);
    assert_eq!(tl.sim().trace_hash(), end, "and so is running forward again");
}

#[test]
fn what_a_run_holds_does_not_grow_with_its_length() {
    // Ten seconds of retention at 500/s, with all three guarantees: after the first minute,
    // what the run holds is what the broker retains and the named caps, whatever its length.
    let groups = [
        fast_group(Guarantee::AtMostOnce),
        fast_group(Guarantee::AtLeastOnce),
        GroupConfig { dedup_window_s: 5.0, ..fast_group(Guarantee::EffectivelyOnce) },
    ];
    let s = pipeline(500.0, 10.0, &groups);
    let mut sim = Simulation::new(&s).expect("valid");
    sim.advance_to(120_000_000);
    let early = sim.retained_bytes();
    sim.advance_to(1_200_000_000);
    let late = sim.retained_bytes();
    // The side-effect ledgers add one bit per event id per group (capped at
    // DUPLICATE_SPAN_IDS): 540,000 more ids × 3 groups ≈ 200 KB.
    assert!(late < early + 400_000, "held {early} bytes at 2 min, {late} at 20 min");
}

/// A group that crashes after its side effect half the time, with a restart long enough that
/// the redelivery comes `restart_s` later.
fn crashing_once(dedup_window_s: f64) -> Scenario {
    let mut s = pipeline(
        5.0,
        7.0 * 86_400.0,
        &[GroupConfig {
            guarantee: Guarantee::EffectivelyOnce,
            crash_after_side_effect_probability: 0.5,
            restart_s: 20.0,
            session_timeout_s: 60.0,
            dedup_window_s,
            ..Default::default()
        }],
    );
    if let NodeKind::Producer(p) = &mut s.nodes[0].kind {
        p.stop_s = Some(30.0);
    }
    s
}

#[test]
fn a_duplicate_after_the_dedup_window_is_applied_again() {
    let run = |window_s: f64| {
        let mut sim = Simulation::new(&crashing_once(window_s)).expect("valid");
        sim.advance_to(600_000_000);
        sim.metrics().groups[0].counters
    };
    let remembered = run(86_400.0);
    assert!(remembered.deduplicated > 0, "{remembered:?}");
    assert_eq!(remembered.duplicate_side_effects, 0, "{remembered:?}");
    // Redeliveries come 20 s after the crash; a 5 s window has forgotten them by then.
    let forgotten = run(5.0);
    assert!(forgotten.duplicate_side_effects > 0, "{forgotten:?}");
    assert_eq!(forgotten.processed, remembered.processed, "outcomes do not depend on it");
}
