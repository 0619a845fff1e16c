//! The gallery's trace-hash table, shared by the native test that pins it
//! (`engine_timeline.rs`) and the browser test that checks wasm against it (`engine_wasm.rs`).

use fanout::engine::Simulation;
use fanout::scenario::gallery;

/// Simulated time each gallery scenario runs before its hash is taken, in µs.
const UNTIL_US: u64 = 10_000_000;

/// One line per gallery scenario: `slug hash`, as in `tests/engine_trace_hashes.txt`.
pub fn gallery_trace_table() -> Vec<String> {
    gallery::all()
        .into_iter()
        .map(|e| {
            let mut s = Simulation::new(&e.scenario).expect("gallery scenarios are valid");
            s.advance_to(UNTIL_US);
            format!("{} {:016x}", e.slug, s.trace_hash())
        })
        .collect()
}

/// The pinned table.
pub fn pinned() -> Vec<&'static str> {
    include_str!("../engine_trace_hashes.txt").lines().collect()
}

/// Simulated time each coverage scenario runs before its hash is taken, in µs (a minute: long
/// enough for upgrades, rebuilds, backoff and bursts to happen several times).
const COVERAGE_UNTIL_US: u64 = 60_000_000;

/// Scenarios built to exercise the engine's less common paths, one feature each, so that a
/// native-vs-wasm difference in any of them (a float formula, a random draw, an iteration order)
/// shows in its own line: zipf and hot keys, bursts and constant arrivals, exponential backoff
/// with jitter, projection rebuilds, schema upgrades, and every processing distribution.
pub fn coverage_scenarios() -> Vec<(&'static str, fanout::scenario::Scenario)> {
    use fanout::scenario::*;
    let producer = |arrival, key_distribution| ProducerConfig {
        arrival,
        rate_per_s: 150.0,
        burst_size: 40,
        burst_interval_s: 0.7,
        key_space: 500,
        key_distribution,
        zipf_exponent: 1.3,
        hot_key_share: 0.4,
        ..Default::default()
    };
    let group = |distribution, guarantee| GroupConfig {
        instances: 2,
        concurrency: 3,
        guarantee,
        processing: ProcessingTime { distribution, mean_ms: 6.0, spread_ms: 4.0, sigma: 0.8 },
        ..Default::default()
    };
    let mut out = Vec::new();
    let base = |p: ProducerConfig, g: GroupConfig, projection: bool| {
        let mut s = Scenario::empty();
        s.seed = 42;
        s.nodes.push(Node::new(NodeId(1), "producer", 0.0, 0.0, NodeKind::Producer(p)));
        let topic = TopicConfig { partitions: 4, ..Default::default() };
        s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, NodeKind::Topic(topic)));
        let kind = if projection { NodeKind::Projection(g) } else { NodeKind::ConsumerGroup(g) };
        s.nodes.push(Node::new(NodeId(3), "reader", 0.0, 0.0, kind));
        s.nodes.push(Node::new(
            NodeId(4),
            "dlq",
            0.0,
            0.0,
            NodeKind::DeadLetterQueue(Default::default()),
        ));
        s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
        s.edges.push(Edge::new(EdgeId(2), NodeId(2), NodeId(3), EdgeKind::Subscribe));
        s.edges.push(Edge::new(EdgeId(3), NodeId(3), NodeId(4), EdgeKind::DeadLetter));
        s
    };
    use Distribution::*;
    use Guarantee::*;
    out.push((
        "zipf-keys-poisson",
        base(
            producer(Arrival::Poisson, KeyDistribution::Zipf),
            group(LogNormal, AtLeastOnce),
            false,
        ),
    ));
    out.push((
        "hot-key-bursts",
        base(producer(Arrival::Bursts, KeyDistribution::HotKey), group(Uniform, AtMostOnce), false),
    ));
    out.push((
        "constant-uniform-keys",
        base(
            producer(Arrival::Constant, KeyDistribution::Uniform),
            group(Fixed, EffectivelyOnce),
            false,
        ),
    ));
    let mut retrying = group(Exponential, AtLeastOnce);
    retrying.failure_probability = 0.3;
    retrying.crash_after_side_effect_probability = 0.01;
    retrying.retry = RetryPolicy {
        max_attempts: 5,
        backoff: Backoff::Exponential,
        initial_backoff_ms: 20.0,
        multiplier: 2.5,
        jitter: 0.6,
        ..Default::default()
    };
    out.push((
        "retries-with-jitter",
        base(producer(Arrival::Poisson, KeyDistribution::Zipf), retrying, false),
    ));
    let mut rebuilt = base(
        producer(Arrival::Poisson, KeyDistribution::Uniform),
        group(Exponential, EffectivelyOnce),
        true,
    );
    for at_s in [15.0, 40.0] {
        rebuilt.faults.push(Fault {
            node: NodeId(3),
            kind: FaultKind::Rebuild,
            at_s,
            ..Default::default()
        });
    }
    out.push(("projection-rebuilds", rebuilt));
    let mut upgrading = producer(Arrival::Poisson, KeyDistribution::HotKey);
    upgrading.schema_upgrade = Some(SchemaUpgrade { at_s: 20.0, version: 2, compatible: false });
    let mut v1_reader = group(LogNormal, AtLeastOnce);
    v1_reader.max_schema_version = Some(1);
    out.push(("schema-upgrade", base(upgrading, v1_reader, false)));
    out
}

/// One line per coverage scenario after a minute: `name hash`, as in
/// `tests/engine_coverage_hashes.txt`.
pub fn coverage_trace_table() -> Vec<String> {
    coverage_scenarios()
        .into_iter()
        .map(|(name, s)| {
            let mut sim = Simulation::new(&s).expect("coverage scenarios are valid");
            sim.advance_to(COVERAGE_UNTIL_US);
            format!("{name} {:016x}", sim.trace_hash())
        })
        .collect()
}

/// The pinned coverage table.
pub fn coverage_pinned() -> Vec<&'static str> {
    include_str!("../engine_coverage_hashes.txt").lines().collect()
}
