//! A scenario as a broker run: the subset of Fanout's settings that `fanout verify --broker
//! redis` can express on Redis Streams, or the list of settings it cannot (refused, nothing is
//! run). Pure: no broker, no process; docs/verify.md has the same mapping as a table.

use crate::scenario::{
    Arrival, Distribution, EdgeKind, FaultKind, Guarantee, KeyDistribution, Network, NodeId,
    NodeKind, Scenario, TopicConfig,
};
use serde::{Deserialize, Serialize};

/// Most consumer processes one verify run starts (instances summed over groups).
pub const MAX_CONSUMERS: u32 = 16;

/// Most events per second summed over producers: real processes on a shared machine.
pub const MAX_TOTAL_RATE_PER_S: f64 = 500.0;

/// One producer process.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProducerPlan {
    pub node: NodeId,
    pub name: String,
    /// Poisson (`true`) or evenly spaced arrivals.
    pub poisson: bool,
    pub rate_per_s: f64,
    pub key_space: u32,
    pub poison_probability: f64,
    pub start_s: f64,
    pub stop_s: Option<f64>,
    /// The partition streams of each topic it publishes to (one list per topic).
    pub topics: Vec<Vec<String>>,
    /// Scheduled extra events: (at_s, count, poison).
    pub bursts: Vec<(f64, u32, bool)>,
}

/// One consumer group: its instances are consumer processes of one Redis consumer group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GroupPlan {
    pub node: NodeId,
    pub name: String,
    /// The Redis consumer group's name.
    pub redis_group: String,
    pub instances: u32,
    pub guarantee: Guarantee,
    pub distribution: Distribution,
    pub mean_ms: f64,
    pub spread_ms: f64,
    pub sigma: f64,
    /// The partition streams it reads.
    pub streams: Vec<String>,
    pub max_attempts: u32,
    pub fixed_backoff: bool,
    pub initial_backoff_ms: f64,
    pub max_backoff_ms: f64,
    pub multiplier: f64,
    pub jitter: f64,
    pub failure_probability: f64,
    pub crash_before: f64,
    pub crash_after: f64,
    pub restart_s: f64,
    pub dedup_window_s: f64,
    /// The dead-letter stream, if the group has a dead-letter edge.
    pub dead_letter: Option<String>,
    /// The databases it writes to: (node, capacity per second; 0 = unlimited).
    pub databases: Vec<(NodeId, u64)>,
    /// Scheduled faults on its instances: (at_s, duration_s, instance or all, crash or down).
    pub faults: Vec<(f64, f64, Option<u32>, bool)>,
}

/// What one verify run does on the broker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    pub seconds: f64,
    pub seed: u64,
    pub producers: Vec<ProducerPlan>,
    pub groups: Vec<GroupPlan>,
}

/// The stream of partition `p` of topic `node`.
pub fn partition_stream(node: NodeId, p: u32) -> String {
    format!("fanout:topic:{}:{p}", node.0)
}

/// The stream of a dead-letter queue node.
pub fn dead_letter_stream(node: NodeId) -> String {
    format!("fanout:dlq:{}", node.0)
}

/// The streams of a topic node, one per partition (none for another kind).
fn streams_of(scenario: &Scenario, topic: NodeId) -> Vec<String> {
    match scenario.node(topic).map(|n| &n.kind) {
        Some(NodeKind::Topic(t)) => (0..t.partitions).map(|p| partition_stream(topic, p)).collect(),
        _ => Vec::new(),
    }
}

/// A node as messages name it: `node 3 (Ledger)`.
fn name(scenario: &Scenario, id: NodeId) -> String {
    match scenario.node(id) {
        Some(n) if !n.name.is_empty() => format!("{} ({})", n.id, n.name),
        _ => id.to_string(),
    }
}

/// Edges and scheduled faults Redis cannot express.
fn refuse_edges_and_faults(scenario: &Scenario, refused: &mut Vec<String>) {
    let name = |id: NodeId| name(scenario, id);
    for e in &scenario.edges {
        if e.network != Network::default() {
            refused.push(format!(
                "{}: network delay, jitter, drops and duplicates are the engine's; on loopback Redis the network is what it is",
                e.id
            ));
        }
        if !e.event_types.is_empty() {
            refused.push(format!("{}: event-type filters are not mapped onto streams", e.id));
        }
        if e.kind == EdgeKind::Call {
            refused.push(format!("{}: synchronous calls have no broker to run on", e.id));
        }
    }
    for f in &scenario.faults {
        let ok = match f.kind {
            FaultKind::Crash | FaultKind::Down => {
                scenario.node(f.node).is_some_and(|n| matches!(n.kind, NodeKind::ConsumerGroup(_)))
            }
            FaultKind::Poison | FaultKind::Produce => true,
            _ => false,
        };
        if !ok {
            refused.push(format!(
                "fault {} on {}: only crash and down windows of consumer groups and poison/emit bursts of producers run on a real broker",
                f.kind.label(),
                name(f.node)
            ));
        }
    }
}

/// A producer's process, with what of its settings Redis cannot express added to `refused`.
fn producer_plan(
    scenario: &Scenario,
    n: &crate::scenario::Node,
    p: &crate::scenario::ProducerConfig,
    refused: &mut Vec<String>,
) -> ProducerPlan {
    let who = name(scenario, n.id);
    let streams_of = |topic: NodeId| streams_of(scenario, topic);
    let mut no = |what: &str| refused.push(format!("{who}: {what}"));
    if matches!(p.arrival, Arrival::Bursts | Arrival::Manual) {
        no("arrivals `bursts` and `manual` are not run on a broker (poisson and constant are)");
    }
    if p.key_distribution != KeyDistribution::Uniform {
        no("only uniform keys are produced");
    }
    if p.schema_upgrade.is_some() {
        no("schema upgrades are not run on a broker");
    }
    if p.crash_between_write_and_publish_probability > 0.0 || p.handle_ms > 0.0 {
        no("request handling and dual-write crashes belong to the engine's producer model");
    }
    if p.max_events.is_some() {
        no("max_events is not run on a broker");
    }
    let topics: Vec<Vec<String>> = scenario
        .edges
        .iter()
        .filter(|e| e.from == n.id && e.kind == EdgeKind::Publish)
        .map(|e| streams_of(e.to))
        .collect();
    let bursts = scenario
        .faults
        .iter()
        .filter(|f| f.node == n.id)
        .filter(|f| matches!(f.kind, FaultKind::Poison | FaultKind::Produce))
        .map(|f| (f.at_s, f.count, f.kind == FaultKind::Poison))
        .collect();
    ProducerPlan {
        node: n.id,
        name: n.name.clone(),
        poisson: p.arrival == Arrival::Poisson,
        rate_per_s: p.rate_per_s,
        key_space: p.key_space.max(1),
        poison_probability: p.poison_probability,
        start_s: p.start_s,
        stop_s: p.stop_s,
        topics,
        bursts,
    }
}

/// A group's processes, with what of its settings Redis cannot express added to `refused`.
fn group_plan(
    scenario: &Scenario,
    n: &crate::scenario::Node,
    g: &crate::scenario::GroupConfig,
    refused: &mut Vec<String>,
) -> GroupPlan {
    let who = name(scenario, n.id);
    let streams_of = |topic: NodeId| streams_of(scenario, topic);
    let mut no = |what: &str| refused.push(format!("{who}: {what}"));
    if g.concurrency > 1 {
        no("concurrency above 1 is not run (one consumer process handles one message at a time)");
    }
    if g.max_schema_version.is_some() {
        no("schema versions are not run on a broker");
    }
    if g.crash_between_write_and_publish_probability > 0.0 || !g.mappings.is_empty() {
        no("emitting outputs is not run on a broker");
    }
    let edges = |kind: EdgeKind| scenario.edges.iter().filter(move |e| e.kind == kind);
    let streams: Vec<String> = edges(EdgeKind::Subscribe)
        .filter(|e| e.to == n.id)
        .flat_map(|e| streams_of(e.from))
        .collect();
    let dead_letter =
        edges(EdgeKind::DeadLetter).find(|e| e.from == n.id).map(|e| dead_letter_stream(e.to));
    let databases = edges(EdgeKind::Write)
        .filter(|e| e.from == n.id)
        .filter_map(|e| match scenario.node(e.to).map(|d| &d.kind) {
            Some(NodeKind::Database(d)) => Some((e.to, d.capacity_per_s as u64)),
            _ => None,
        })
        .collect();
    let faults = scenario
        .faults
        .iter()
        .filter(|f| f.node == n.id && matches!(f.kind, FaultKind::Crash | FaultKind::Down))
        .map(|f| (f.at_s, f.duration_s, f.instance, f.kind == FaultKind::Crash))
        .collect();
    GroupPlan {
        node: n.id,
        name: n.name.clone(),
        redis_group: format!("g{}", n.id.0),
        instances: g.instances,
        guarantee: g.guarantee,
        distribution: g.processing.distribution,
        mean_ms: g.processing.mean_ms,
        spread_ms: g.processing.spread_ms,
        sigma: g.processing.sigma,
        streams,
        max_attempts: g.retry.max_attempts,
        fixed_backoff: g.retry.backoff == crate::scenario::Backoff::Fixed,
        initial_backoff_ms: g.retry.initial_backoff_ms,
        max_backoff_ms: g.retry.max_backoff_ms,
        multiplier: g.retry.multiplier,
        jitter: g.retry.jitter,
        failure_probability: g.failure_probability,
        crash_before: g.crash_before_side_effect_probability,
        crash_after: g.crash_after_side_effect_probability,
        restart_s: g.restart_s,
        dedup_window_s: g.dedup_window_s,
        dead_letter,
        databases,
        faults,
    }
}

/// The plan for `scenario` run `seconds` on Redis, or every setting Redis verify cannot
/// express, one sentence each.
pub fn plan(scenario: &Scenario, seconds: f64) -> Result<Plan, Vec<String>> {
    let mut refused = Vec::new();
    refuse_edges_and_faults(scenario, &mut refused);
    let mut producers = Vec::new();
    let mut groups = Vec::new();
    for n in &scenario.nodes {
        let who = name(scenario, n.id);
        let mut no = |what: &str| refused.push(format!("{who}: {what}"));
        match &n.kind {
            NodeKind::Producer(p) => producers.push(producer_plan(scenario, n, p, &mut refused)),
            NodeKind::ConsumerGroup(g) => groups.push(group_plan(scenario, n, g, &mut refused)),
            NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => {
                if t.retention_s < TopicConfig::default().retention_s && t.retention_s < seconds {
                    no("retention shorter than the run is not mapped (Redis trims streams by length or id, not by age)");
                }
            }
            NodeKind::Database(_) => {}
            NodeKind::Service(_) => no("services (groups that emit) are not run on a broker yet"),
            NodeKind::Projection(_) => no("projections and replay are not run on a broker"),
            NodeKind::Outbox(_) => no("outboxes are not run on a broker"),
        }
    }
    let consumers: u32 = groups.iter().map(|g| g.instances).sum();
    if consumers > MAX_CONSUMERS {
        refused.push(format!(
            "{consumers} consumer instances in all: a verify run starts at most {MAX_CONSUMERS} processes"
        ));
    }
    let rate: f64 = producers.iter().map(|p| p.rate_per_s * p.topics.len() as f64).sum();
    if rate > MAX_TOTAL_RATE_PER_S {
        refused.push(format!(
            "{rate} events/s in all: a verify run produces at most {MAX_TOTAL_RATE_PER_S} events/s (real processes on a shared machine)"
        ));
    }
    if groups.is_empty() {
        refused.push("no consumer group: nothing to verify".to_owned());
    }
    if refused.is_empty() {
        Ok(Plan { seconds, seed: scenario.seed, producers, groups })
    } else {
        Err(refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(file: &str) -> Scenario {
        let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).expect("lesson");
        Scenario::from_json(&text).expect("parses")
    }

    #[test]
    fn the_guarantees_and_poison_lessons_map_onto_redis() {
        let p = plan(&lesson("10-delivery-guarantees.json"), 30.0).expect("runs");
        assert_eq!(p.producers.len(), 1);
        assert_eq!(
            p.producers[0].topics,
            vec![vec![
                "fanout:topic:2:0".to_owned(),
                "fanout:topic:2:1".to_owned(),
                "fanout:topic:2:2".to_owned()
            ]]
        );
        assert_eq!(p.groups.len(), 3);
        assert!(p.groups.iter().all(|g| g.streams.len() == 3 && g.dead_letter.is_none()));
        let p = plan(&lesson("04-poison-message-and-dlq.json"), 30.0).expect("runs");
        assert!(p.groups.iter().all(|g| g.dead_letter.as_deref() == Some("fanout:dlq:7")));
        assert_eq!(p.groups[0].databases, vec![(NodeId(5), 70)]);
    }

    #[test]
    fn settings_redis_cannot_express_are_refused_each_by_name() {
        let mut s = lesson("10-delivery-guarantees.json");
        if let NodeKind::ConsumerGroup(g) = &mut s.nodes[2].kind {
            g.concurrency = 4;
        }
        s.edges[0].network.drop_probability = 0.1;
        let refused = plan(&s, 30.0).expect_err("refused");
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused[0].contains("edge 1") && refused[0].contains("network"), "{refused:?}");
        assert!(refused[1].contains("Ledger (at-most-once)") && refused[1].contains("concurrency"));
        // Projections, outboxes and services are refused too.
        let refused = plan(&lesson("07-outbox.json"), 30.0).expect_err("refused");
        assert!(refused.iter().any(|r| r.contains("outbox")), "{refused:?}");
    }
}
