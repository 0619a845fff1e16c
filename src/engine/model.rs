//! The compiled model: a scenario turned into flat, indexed, integer settings the hot loop can
//! read without lookups. Node and edge ids become dense indices, event type names become small
//! ids, probabilities become parts per million, durations become microseconds.

use super::clock::{ms_to_us, secs_to_us, Micros};
use super::rng::{ppm, Ppm};
use crate::scenario::{
    Acks, Arrival, Assignment, Backoff, Distribution, EdgeId, EdgeKind, FaultKind, GroupConfig,
    Guarantee, KeyDistribution, Node, NodeId, NodeKind, NodeKindTag, ProducerConfig, Scenario,
    TopicConfig,
};
use std::collections::BTreeMap;

/// "No index" for `u16` indices.
pub(crate) const NONE16: u16 = u16::MAX;
/// "No index" for `u32` indices.
pub(crate) const NONE32: u32 = u32::MAX;
/// Event-type mask matching every type.
pub(crate) const ALL_TYPES: u128 = u128::MAX;

/// What a node is in the engine, with its index in the table of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Producer(u16),
    /// Topics and dead-letter queues.
    Topic(u16),
    /// Consumer groups, services and projections.
    Group(u16),
    Database(u16),
    Outbox(u16),
    /// A broker of the cluster (not a node: the target of a broker fault).
    Broker(u16),
}

#[derive(Clone, Debug)]
pub(crate) struct EdgeRt {
    pub id: EdgeId,
    pub from: u16,
    pub to: u16,
    pub kind: EdgeKind,
    pub delay_us: Micros,
    pub jitter_us: Micros,
    pub drop: Ppm,
    pub duplicate: Ppm,
    /// Event types allowed on this edge.
    pub filter: u128,
}

#[derive(Clone, Debug)]
pub(crate) struct ProducerRt {
    pub node: u16,
    pub event_type: u8,
    pub arrival: Arrival,
    pub rate_per_s: f64,
    pub burst_size: u32,
    pub burst_interval_us: Micros,
    pub key_space: u32,
    pub key_distribution: KeyDistribution,
    pub zipf_exponent: f64,
    pub hot_key: Ppm,
    pub schema: u8,
    /// (from, version, compatible)
    pub upgrade: Option<(Micros, u8, bool)>,
    pub poison: Ppm,
    pub crash_between: Ppm,
    pub handle_us: Micros,
    pub start_us: Micros,
    pub stop_us: Micros,
    pub max_events: u64,
    pub out: Outputs,
    /// Synchronous calls, in edge order: (edge, callee group).
    pub calls: Vec<(u16, u16)>,
    /// How it sends to a cluster's brokers.
    pub client: ClientRt,
}

/// A client's sending settings towards a cluster (Kafka's producer configuration).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ClientRt {
    pub acks: Acks,
    pub retries: u32,
    pub backoff_us: Micros,
    pub delivery_us: Micros,
    pub request_us: Micros,
    pub idempotent: bool,
}

impl ClientRt {
    /// Kafka's producer defaults: what services, relays and dead-letter publishes send with.
    pub(crate) const DEFAULT: ClientRt = ClientRt {
        acks: Acks::All,
        retries: crate::scenario::limits::MAX_RETRIES,
        backoff_us: 100_000,
        delivery_us: 120_000_000,
        request_us: 30_000_000,
        idempotent: true,
    };
}

/// The cluster, compiled.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ClusterRt {
    pub brokers: u16,
    pub lag_max_us: Micros,
    pub fetch_us: Micros,
    pub election_us: Micros,
}

impl ProducerRt {
    /// Whether it emits on its own: `bursts` is paced by `burst_size` and `burst_interval_s`
    /// alone, so its `rate_per_s` does not matter; `constant` and `poisson` need a rate.
    pub(crate) fn runs(&self) -> bool {
        match self.arrival {
            Arrival::Manual => false,
            Arrival::Bursts => true,
            Arrival::Constant | Arrival::Poisson => self.rate_per_s > 0.0,
        }
    }
}

/// Where a node's emitted events and side effects go.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outputs {
    /// Publish edges (to topics).
    pub publish: Vec<u16>,
    /// Write edges to outboxes: (edge, outbox).
    pub outboxes: Vec<(u16, u16)>,
    /// Write edges to databases: (edge, database).
    pub databases: Vec<(u16, u16)>,
}

#[derive(Clone, Debug)]
pub(crate) struct TopicRt {
    pub node: u16,
    pub partitions: u32,
    pub first_partition: u32,
    pub retention_us: Micros,
    /// Replicas per partition (1 without a cluster).
    pub replication: u8,
    pub min_insync: u8,
    pub unclean: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct ProcessingRt {
    pub distribution: Distribution,
    pub mean_us: f64,
    pub spread_us: f64,
    /// Log-normal location and shape.
    pub mu: f64,
    pub sigma: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct RetryRt {
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub initial_us: f64,
    pub max_us: f64,
    pub multiplier: f64,
    pub jitter: f64,
}

#[derive(Clone, Debug)]
pub(crate) struct MappingRt {
    /// Input type, or `None` for every type.
    pub input: Option<u8>,
    pub outputs: Vec<u8>,
    pub otherwise: Option<u8>,
    pub otherwise_ppm: Ppm,
}

#[derive(Clone, Debug)]
pub(crate) struct GroupRt {
    pub node: u16,
    pub tag: NodeKindTag,
    pub instances: u32,
    pub first_instance: u32,
    pub concurrency: u32,
    pub assignment: Assignment,
    pub session_us: Micros,
    pub pause_us: Micros,
    pub restart_us: Micros,
    pub processing: ProcessingRt,
    pub guarantee: Guarantee,
    /// How long the dedup store of an effectively-once group remembers an event id.
    pub dedup_window_us: Micros,
    pub retry: RetryRt,
    pub max_schema: u8,
    pub fail: Ppm,
    pub crash_before: Ppm,
    pub crash_after: Ppm,
    pub crash_between: Ppm,
    pub mappings: Vec<MappingRt>,
    /// Subscribe edges: (edge, topic).
    pub subscriptions: Vec<(u16, u16)>,
    pub out: Outputs,
    /// Dead-letter edge and its topic.
    pub dead_letter: Option<(u16, u16)>,
    pub calls: Vec<(u16, u16)>,
}

#[derive(Clone, Debug)]
pub(crate) struct DatabaseRt {
    pub node: u16,
    /// Writes per second; 0 = unlimited.
    pub capacity_per_s: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct OutboxRt {
    pub node: u16,
    pub interval_us: Micros,
    pub batch: u32,
    pub crash: Ppm,
    pub publish: Vec<u16>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FaultRt {
    pub role: Role,
    pub kind: FaultKind,
    pub at_us: Micros,
    pub duration_us: Micros,
    pub instance: Option<u32>,
    pub factor: f64,
    pub count: u32,
}

impl FaultRt {
    fn new(f: &crate::scenario::Fault, role: Role) -> Self {
        FaultRt {
            role,
            kind: f.kind,
            at_us: secs_to_us(f.at_s),
            duration_us: secs_to_us(f.duration_s),
            instance: f.instance,
            factor: f.factor,
            count: f.count,
        }
    }
}

/// The whole compiled scenario. Immutable while running except through
/// `Simulation::apply_scenario_change`.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub seed: u64,
    pub types: Vec<String>,
    pub node_ids: Vec<NodeId>,
    pub names: Vec<String>,
    pub tags: Vec<NodeKindTag>,
    pub roles: Vec<Role>,
    pub edges: Vec<EdgeRt>,
    pub producers: Vec<ProducerRt>,
    pub topics: Vec<TopicRt>,
    pub groups: Vec<GroupRt>,
    pub databases: Vec<DatabaseRt>,
    pub outboxes: Vec<OutboxRt>,
    /// Faults by index (the index their queue entries carry): first the scenario's, in its
    /// order (`own_faults` of them), then the run's own: commands injected as faults, and the
    /// open windows of faults an edit took out of the scenario (see `engine::faults`).
    pub faults: Vec<FaultRt>,
    pub own_faults: usize,
    /// Partition index → topic.
    pub partition_topic: Vec<u16>,
    /// The brokers, if the scenario has a cluster.
    pub cluster: Option<ClusterRt>,
    /// Partition index → its replicas' brokers (0-based), the preferred leader first; empty
    /// without a cluster.
    pub replicas: Vec<Vec<u8>>,
    /// The scenario's checks, compiled (not part of the structure: they can change freely).
    pub checks: Vec<super::checks::CheckRt>,
}

struct Types(Vec<String>);

impl Types {
    fn intern(&mut self, name: &str) -> u8 {
        if let Some(i) = self.0.iter().position(|t| t == name) {
            return i as u8;
        }
        // Validation caps the number of types; past the cap names share the last id, which only
        // weakens filters and never breaks an invariant.
        if self.0.len() >= 128 {
            return 127;
        }
        self.0.push(name.to_owned());
        (self.0.len() - 1) as u8
    }
    fn find(&self, name: &str) -> Option<u8> {
        self.0.iter().position(|t| t == name).map(|i| i as u8)
    }
}

fn sat_u8(v: u32) -> u8 {
    v.min(255) as u8
}

/// The event types the scenario's producers and services emit, interned first so that their
/// ids do not depend on filters.
fn emitted_types(s: &Scenario) -> Types {
    let mut types = Types(Vec::new());
    for n in &s.nodes {
        match &n.kind {
            NodeKind::Producer(p) => {
                types.intern(&p.event_type);
            }
            NodeKind::Service(g) => {
                for m in &g.mappings {
                    for o in &m.outputs {
                        types.intern(o);
                    }
                    if !m.otherwise.is_empty() {
                        types.intern(&m.otherwise);
                    }
                }
            }
            _ => {}
        }
    }
    types
}

/// Each node's role: its kind and its place among the nodes of that kind.
fn roles(s: &Scenario) -> Vec<Role> {
    let (mut np, mut nt, mut ng, mut nd, mut no) = (0u16, 0u16, 0u16, 0u16, 0u16);
    let next = |c: &mut u16| {
        *c += 1;
        *c - 1
    };
    s.nodes
        .iter()
        .map(|n| match n.kind.tag() {
            NodeKindTag::Producer => Role::Producer(next(&mut np)),
            NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => Role::Topic(next(&mut nt)),
            NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => {
                Role::Group(next(&mut ng))
            }
            NodeKindTag::Database => Role::Database(next(&mut nd)),
            NodeKindTag::Outbox => Role::Outbox(next(&mut no)),
        })
        .collect()
}

/// The edges between nodes that exist, with their filters as type masks.
fn compile_edges(s: &Scenario, index: &BTreeMap<NodeId, u16>, types: &Types) -> Vec<EdgeRt> {
    s.edges
        .iter()
        .filter_map(|e| {
            let (from, to) = (*index.get(&e.from)?, *index.get(&e.to)?);
            let filter = if e.event_types.is_empty() {
                ALL_TYPES
            } else {
                e.event_types
                    .iter()
                    .filter_map(|t| types.find(t))
                    .fold(0u128, |m, t| m | 1u128 << t)
            };
            Some(EdgeRt {
                id: e.id,
                from,
                to,
                kind: e.kind,
                delay_us: e.network.delay_us,
                jitter_us: e.network.jitter_us,
                drop: ppm(e.network.drop_probability),
                duplicate: ppm(e.network.duplicate_probability),
                filter,
            })
        })
        .collect()
}

/// What compiling one node needs to know of the others: the compiled edges and every node's
/// role.
struct Wiring {
    edges: Vec<EdgeRt>,
    roles: Vec<Role>,
}

/// An edge's index and the topic (or group) at its other end.
type EdgeTo = (u16, u16);

impl Wiring {
    fn role_of(&self, node: u16) -> Role {
        self.roles[usize::from(node)]
    }

    /// Where a node's results go: the topics it publishes to, the outboxes and databases it
    /// writes.
    fn outputs(&self, node: u16) -> Outputs {
        let mut out = Outputs::default();
        for (i, e) in self.edges.iter().enumerate().filter(|(_, e)| e.from == node) {
            match (e.kind, self.role_of(e.to)) {
                (EdgeKind::Publish, Role::Topic(_)) => out.publish.push(i as u16),
                (EdgeKind::Write, Role::Outbox(o)) => out.outboxes.push((i as u16, o)),
                (EdgeKind::Write, Role::Database(d)) => out.databases.push((i as u16, d)),
                _ => {}
            }
        }
        out
    }

    /// The groups a node calls synchronously, with the calls' edges.
    fn calls(&self, node: u16) -> Vec<EdgeTo> {
        self.edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.from == node && e.kind == EdgeKind::Call)
            .filter_map(|(i, e)| match self.role_of(e.to) {
                Role::Group(g) => Some((i as u16, g)),
                _ => None,
            })
            .collect()
    }

    /// The topics a group subscribes to, and its dead-letter topic (the first such edge).
    fn inputs(&self, node: u16) -> (Vec<EdgeTo>, Option<EdgeTo>) {
        let mut subscriptions = Vec::new();
        let mut dead_letter = None;
        for (ei, e) in self.edges.iter().enumerate() {
            match (e.kind, self.role_of(e.from), self.role_of(e.to)) {
                (EdgeKind::Subscribe, Role::Topic(t), _) if e.to == node => {
                    subscriptions.push((ei as u16, t));
                }
                (EdgeKind::DeadLetter, _, Role::Topic(t))
                    if e.from == node && dead_letter.is_none() =>
                {
                    dead_letter = Some((ei as u16, t));
                }
                _ => {}
            }
        }
        (subscriptions, dead_letter)
    }
}

fn producer_rt(p: &ProducerConfig, node: u16, types: &mut Types, wiring: &Wiring) -> ProducerRt {
    let upgrade =
        p.schema_upgrade.as_ref().map(|u| (secs_to_us(u.at_s), sat_u8(u.version), u.compatible));
    ProducerRt {
        node,
        event_type: types.intern(&p.event_type),
        arrival: p.arrival,
        rate_per_s: p.rate_per_s,
        burst_size: p.burst_size,
        burst_interval_us: secs_to_us(p.burst_interval_s).max(1),
        key_space: p.key_space,
        key_distribution: p.key_distribution,
        zipf_exponent: p.zipf_exponent,
        hot_key: ppm(p.hot_key_share),
        schema: sat_u8(p.schema_version),
        upgrade,
        poison: ppm(p.poison_probability),
        crash_between: ppm(p.crash_between_write_and_publish_probability),
        handle_us: ms_to_us(p.handle_ms),
        start_us: secs_to_us(p.start_s),
        stop_us: p.stop_s.map_or(Micros::MAX, secs_to_us),
        max_events: p.max_events.unwrap_or(u64::MAX),
        out: wiring.outputs(node),
        calls: wiring.calls(node),
        client: ClientRt {
            acks: p.acks,
            retries: p.retries,
            backoff_us: ms_to_us(p.retry_backoff_ms),
            delivery_us: ms_to_us(p.delivery_timeout_ms).max(1),
            request_us: ms_to_us(p.request_timeout_ms).max(1),
            idempotent: p.enable_idempotence,
        },
    }
}

/// A service's mappings, with their types interned (none for other kinds of group).
fn mappings_rt(n: &Node, g: &GroupConfig, types: &mut Types) -> Vec<MappingRt> {
    if !matches!(n.kind, NodeKind::Service(_)) {
        return Vec::new();
    }
    g.mappings
        .iter()
        .map(|mp| MappingRt {
            input: if mp.input.is_empty() {
                None
            } else {
                // An input no one emits can never match: give it a type id no event carries.
                Some(types.find(&mp.input).unwrap_or(u8::MAX))
            },
            outputs: mp.outputs.iter().map(|o| types.intern(o)).collect(),
            otherwise: (!mp.otherwise.is_empty()).then(|| types.intern(&mp.otherwise)),
            otherwise_ppm: ppm(mp.otherwise_probability),
        })
        .collect()
}

/// A consumer group, service or projection; `first_instance` numbers its instances after
/// the groups before it.
fn group_rt(
    n: &Node,
    g: &GroupConfig,
    (node, first_instance): (u16, u32),
    types: &mut Types,
    wiring: &Wiring,
) -> GroupRt {
    let sigma = g.processing.sigma;
    let mean_us = g.processing.mean_ms * 1_000.0;
    let mappings = mappings_rt(n, g, types);
    let (subscriptions, dead_letter) = wiring.inputs(node);
    GroupRt {
        node,
        tag: n.kind.tag(),
        instances: g.instances.max(1),
        first_instance,
        concurrency: g.concurrency.max(1),
        assignment: g.assignment,
        session_us: secs_to_us(g.session_timeout_s),
        pause_us: secs_to_us(g.rebalance_pause_s),
        restart_us: secs_to_us(g.restart_s),
        processing: ProcessingRt {
            distribution: g.processing.distribution,
            mean_us,
            spread_us: g.processing.spread_ms * 1_000.0,
            // Mean of a log-normal is exp(μ + σ²/2).
            mu: libm::log(mean_us.max(1e-9)) - sigma * sigma / 2.0,
            sigma,
        },
        guarantee: g.guarantee,
        dedup_window_us: secs_to_us(g.dedup_window_s),
        retry: RetryRt {
            max_attempts: g.retry.max_attempts.max(1),
            backoff: g.retry.backoff,
            initial_us: g.retry.initial_backoff_ms * 1_000.0,
            max_us: g.retry.max_backoff_ms * 1_000.0,
            multiplier: g.retry.multiplier,
            jitter: g.retry.jitter,
        },
        max_schema: g.max_schema_version.map_or(u8::MAX, sat_u8),
        fail: ppm(g.failure_probability),
        crash_before: ppm(g.crash_before_side_effect_probability),
        crash_after: ppm(g.crash_after_side_effect_probability),
        crash_between: ppm(g.crash_between_write_and_publish_probability),
        mappings,
        subscriptions,
        out: wiring.outputs(node),
        dead_letter,
        calls: wiring.calls(node),
    }
}

impl Model {
    /// Compiles a scenario that validation accepted (no errors).
    pub(crate) fn compile(s: &Scenario) -> Model {
        let mut types = emitted_types(s);
        let index: BTreeMap<NodeId, u16> =
            crate::sort::btree_map(s.nodes.iter().enumerate().map(|(i, n)| (n.id, i as u16)));
        let wiring = Wiring { edges: compile_edges(s, &index, &types), roles: roles(s) };
        let mut m = Model::without_nodes(s, wiring.roles.clone());
        let mut instances = 0u32;
        for (i, n) in s.nodes.iter().enumerate() {
            let node = i as u16;
            match &n.kind {
                NodeKind::Producer(p) => {
                    let producer = producer_rt(p, node, &mut types, &wiring);
                    m.producers.push(producer);
                }
                NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => {
                    let start = s.cluster.as_ref().map_or(0, |c| c.assignment_start);
                    m.add_topic(t, node, start);
                }
                NodeKind::ConsumerGroup(g) | NodeKind::Service(g) | NodeKind::Projection(g) => {
                    let group = group_rt(n, g, (node, instances), &mut types, &wiring);
                    instances += group.instances;
                    m.groups.push(group);
                }
                NodeKind::Database(d) => m.databases.push(DatabaseRt {
                    node,
                    capacity_per_s: if d.capacity_per_s > 0.0 {
                        (d.capacity_per_s.round() as u64).max(1)
                    } else {
                        0
                    },
                }),
                NodeKind::Outbox(o) => m.outboxes.push(OutboxRt {
                    node,
                    interval_us: ms_to_us(o.relay_interval_ms).max(1),
                    batch: o.relay_batch.max(1),
                    crash: ppm(o.relay_crash_probability),
                    publish: wiring.outputs(node).publish,
                }),
            }
        }
        for f in &s.faults {
            if f.kind.hits_broker() {
                let b = f.broker.saturating_sub(1).min(u32::from(u16::MAX)) as u16;
                m.faults.push(FaultRt::new(f, Role::Broker(b)));
            } else if let Some(&node) = index.get(&f.node) {
                m.faults.push(FaultRt::new(f, wiring.role_of(node)));
            }
        }
        m.own_faults = m.faults.len();
        m.edges = wiring.edges;
        m.types = types.0;
        m.checks = super::checks::compile(&s.checks, &m);
        m
    }

    /// The model's frame: the scenario's seed, nodes' names and roles, and the cluster, with
    /// no producer, topic, group, database, outbox, fault or check compiled yet.
    fn without_nodes(s: &Scenario, roles: Vec<Role>) -> Model {
        Model {
            seed: s.seed,
            types: Vec::new(),
            node_ids: s.nodes.iter().map(|n| n.id).collect(),
            names: s.nodes.iter().map(|n| n.name.clone()).collect(),
            tags: s.nodes.iter().map(|n| n.kind.tag()).collect(),
            roles,
            edges: Vec::new(),
            producers: Vec::new(),
            topics: Vec::new(),
            groups: Vec::new(),
            databases: Vec::new(),
            outboxes: Vec::new(),
            faults: Vec::new(),
            own_faults: 0,
            partition_topic: Vec::new(),
            cluster: s.cluster.as_ref().map(|c| ClusterRt {
                brokers: c.brokers.clamp(1, crate::scenario::limits::MAX_BROKERS) as u16,
                lag_max_us: ms_to_us(c.replica_lag_time_max_ms).max(1),
                fetch_us: ms_to_us(c.replica_fetch_delay_ms).max(1),
                election_us: ms_to_us(c.leader_election_delay_ms).max(1),
            }),
            replicas: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// Adds a topic: its partitions, and with a cluster their replicas, placed as Kafka's
    /// default assignment does from `assignment_start` (shifted by one per topic).
    fn add_topic(&mut self, t: &TopicConfig, node: u16, assignment_start: u32) {
        let first_partition = self.partition_topic.len() as u32;
        let topic = self.topics.len() as u16;
        self.partition_topic.extend((0..t.partitions.max(1)).map(|_| topic));
        let replication = match &self.cluster {
            Some(c) => t.replication_factor.clamp(1, u32::from(c.brokers)) as u8,
            None => 1,
        };
        if let Some(c) = &self.cluster {
            self.replicas.extend(super::brokers::assign(
                t.partitions.max(1),
                replication,
                c.brokers,
                assignment_start + u32::from(topic),
            ));
        }
        self.topics.push(TopicRt {
            node,
            partitions: t.partitions.max(1),
            first_partition,
            retention_us: secs_to_us(t.retention_s).max(1),
            replication,
            min_insync: t.min_insync_replicas.clamp(1, 255) as u8,
            unclean: t.unclean_leader_election,
        });
    }

    /// Number of consumer instances over all groups.
    pub(crate) fn instance_count(&self) -> usize {
        self.groups.iter().map(|g| g.instances as usize).sum()
    }

    /// A fault compiled against this model, if its node is in it.
    pub(crate) fn fault(&self, f: &crate::scenario::Fault) -> Option<FaultRt> {
        if f.kind.hits_broker() {
            let b = f.broker.saturating_sub(1).min(u32::from(u16::MAX)) as u16;
            return Some(FaultRt::new(f, Role::Broker(b)));
        }
        let node = self.node_ids.iter().position(|&n| n == f.node)?;
        Some(FaultRt::new(f, self.roles[node]))
    }

    /// `true` if `other` has the same shape as this model: the same nodes, edges, partitions,
    /// instances and event types. Running state is laid out by that shape, so a settings
    /// change must keep it. Faults are not shape: an edit reschedules them (`engine::faults`).
    pub(crate) fn same_structure(&self, other: &Model) -> bool {
        let edges = |m: &Model| -> Vec<_> {
            m.edges.iter().map(|e| (e.id, e.from, e.to, e.kind, e.filter)).collect()
        };
        let topics = |m: &Model| -> Vec<_> {
            m.topics.iter().map(|t| (t.partitions, t.replication)).collect()
        };
        let groups = |m: &Model| -> Vec<_> {
            m.groups.iter().map(|g| (g.instances, g.concurrency)).collect()
        };
        self.node_ids == other.node_ids
            && self.tags == other.tags
            && edges(self) == edges(other)
            && topics(self) == topics(other)
            && groups(self) == groups(other)
            && self.types == other.types
            && self.cluster.as_ref().map(|c| c.brokers) == other.cluster.as_ref().map(|c| c.brokers)
            && self.replicas == other.replicas
    }
}
