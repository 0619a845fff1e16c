//! What is wrong with a scenario, said precisely: which node or edge, which field, what problem.
//! Validation reads the scenario only and never panics, whatever the numbers.

use super::fields;
use super::flow::{event_loops, EventTypes};
use super::limits::*;
use super::{Edge, EdgeId, EdgeKind, GroupConfig, Node, NodeId, NodeKind, NodeKindTag, Scenario};
use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasherDefault, DefaultHasher};

/// A petgraph graph map with a fixed (unseeded) hasher. Its iteration order is insertion order
/// in any case, so results do not depend on hashing.
pub type GraphMap<N, E> = DiGraphMap<N, E, BuildHasherDefault<DefaultHasher>>;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The scenario cannot run.
    Error,
    /// It runs, but probably not as meant.
    Warning,
}

/// One problem found by [`Scenario::validate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The node concerned, if any.
    pub node: Option<NodeId>,
    /// The edge concerned, if any.
    pub edge: Option<EdgeId>,
    /// The field, as a path inside the node, edge or scenario (`retry.max_attempts`).
    pub field: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: ")?;
        if let Some(n) = self.node {
            write!(f, "{n}: ")?;
        }
        if let Some(e) = self.edge {
            write!(f, "{e}: ")?;
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The edge kind for a connection from a node of kind `from` to one of kind `to`, or a one-line
/// reason why such a connection makes no sense. The editor calls this to accept or refuse a
/// connection; documents may omit an edge's kind and get this one.
pub fn edge_allowed(from: NodeKindTag, to: NodeKindTag) -> Result<EdgeKind, &'static str> {
    use NodeKindTag::*;
    match (from, to) {
        (_, Producer) => Err("a producer has no inputs: events start there"),
        (Database, _) => Err("a database emits nothing: to publish its changes, use an outbox"),
        (Producer | Service | Outbox, Topic) => Ok(EdgeKind::Publish),
        (ConsumerGroup | Projection, Topic) => Ok(EdgeKind::DeadLetter),
        (ConsumerGroup | Service | Projection, DeadLetterQueue) => Ok(EdgeKind::DeadLetter),
        (Producer | Outbox, DeadLetterQueue) => {
            Err("only a consumer parks messages in a dead-letter queue")
        }
        (Topic | DeadLetterQueue, ConsumerGroup | Service | Projection) => Ok(EdgeKind::Subscribe),
        (Topic | DeadLetterQueue, Topic | DeadLetterQueue) => {
            Err("a topic cannot feed another topic directly: put a service between them")
        }
        (Topic | DeadLetterQueue, Database | Outbox) => {
            Err("a topic writes nothing: a consumer group or service between them does")
        }
        (Producer | ConsumerGroup | Service | Projection, Database) => Ok(EdgeKind::Write),
        (Producer | Service, Outbox) => Ok(EdgeKind::Write),
        (ConsumerGroup, Outbox) => {
            Err("a consumer group emits nothing: make it a service to publish through an outbox")
        }
        (Projection, _) => Err("a projection only builds a read model: it emits and calls nothing"),
        (Outbox, _) => Err("an outbox relay publishes to topics only"),
        (Producer | Service, ConsumerGroup | Service) => Ok(EdgeKind::Call),
        (Producer | Service, Projection) => {
            Err("a projection reads events from a topic, not calls")
        }
        (ConsumerGroup, ConsumerGroup | Service | Projection) => {
            Err("groups talk through topics: publish to a topic and subscribe to it")
        }
    }
}

/// Whether `kind` is a valid meaning for an edge between these kinds: the kind
/// [`edge_allowed`] gives, or a service using a plain topic as its dead-letter target.
fn edge_kind_allowed(
    from: NodeKindTag,
    to: NodeKindTag,
    kind: EdgeKind,
) -> Result<(), &'static str> {
    let natural = edge_allowed(from, to)?;
    if natural == kind
        || (from == NodeKindTag::Service
            && to == NodeKindTag::Topic
            && kind == EdgeKind::DeadLetter)
    {
        Ok(())
    } else {
        Err(match natural {
            EdgeKind::Publish => "between these nodes an edge publishes",
            EdgeKind::Subscribe => "between these nodes an edge subscribes",
            EdgeKind::DeadLetter => "between these nodes an edge dead-letters",
            EdgeKind::Write => "between these nodes an edge writes",
            EdgeKind::Call => "between these nodes an edge calls",
        })
    }
}

/// The scenario's graph, held in petgraph, for topology questions. Nodes are the scenario's
/// node ids; each edge carries its kind and id (parallel edges keep the last).
#[derive(Clone, Debug)]
pub struct Topology {
    /// Directed graph of node ids.
    pub graph: GraphMap<NodeId, (EdgeKind, EdgeId)>,
}

impl Topology {
    /// The graph of the scenario's nodes and of the edges whose two ends exist.
    pub fn new(scenario: &Scenario) -> Self {
        let mut graph = GraphMap::default();
        for n in &scenario.nodes {
            graph.add_node(n.id);
        }
        for e in &scenario.edges {
            if graph.contains_node(e.from) && graph.contains_node(e.to) {
                graph.add_edge(e.from, e.to, (e.kind, e.id));
            }
        }
        Self { graph }
    }

    /// Strongly connected components of the call graph with a cycle in them.
    pub fn call_cycles(&self) -> Vec<Vec<NodeId>> {
        let mut calls: GraphMap<NodeId, ()> = GraphMap::default();
        for (a, b, (kind, _)) in self.graph.all_edges() {
            if *kind == EdgeKind::Call {
                calls.add_edge(a, b, ());
            }
        }
        tarjan_scc(&calls)
            .into_iter()
            .filter(|c| c.len() > 1 || c.first().is_some_and(|n| calls.contains_edge(*n, *n)))
            .collect()
    }
}

struct Check<'a> {
    problems: Vec<Problem>,
    node: Option<NodeId>,
    edge: Option<EdgeId>,
    prefix: &'a str,
}

impl Check<'_> {
    fn push(&mut self, severity: Severity, field: &str, message: String) {
        let field = if self.prefix.is_empty() {
            field.to_owned()
        } else if field.is_empty() {
            self.prefix.to_owned()
        } else {
            format!("{}.{field}", self.prefix)
        };
        self.problems.push(Problem { node: self.node, edge: self.edge, field, message, severity });
    }
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.push(Severity::Error, field, message.into());
    }
    fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.push(Severity::Warning, field, message.into());
    }
    /// A finite number in `min..=max`.
    fn range(&mut self, field: &str, value: f64, min: f64, max: f64, unit: &str) {
        if !value.is_finite() {
            self.error(field, "is not a number");
        } else if value < min {
            self.error(field, format!("is {value}{unit}; it must be at least {min}{unit}"));
        } else if value > max {
            self.error(field, format!("is {value}{unit}; it must be at most {max}{unit}"));
        }
    }
    /// Every number of a settings type, against the field table's ranges.
    fn numbers<T>(&mut self, table: &'static fields::Fields<T>, cfg: &T) {
        for f in fields::numbers(table) {
            if let Some(message) = (f.get)(cfg).and_then(|v| out_of_range(f, v)) {
                self.error(f.key, message);
            }
        }
    }
    fn name(&mut self, field: &str, value: &str, required: bool) {
        self.name_at(|| field.to_owned(), value, required);
    }
    /// [`Check::name`] for a field whose path is built only when there is a problem: a
    /// document has up to a hundred thousand names in lists, and formatting each path would
    /// cost more than checking the name.
    fn name_at(&mut self, field: impl FnOnce() -> String, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.error(&field(), "is empty");
        } else if value.len() > MAX_NAME_LEN {
            // Characters are at most as many as bytes: count them only when it can matter.
            let len = value.chars().count();
            if len > MAX_NAME_LEN {
                let message = format!("is {len} characters long; the limit is {MAX_NAME_LEN}");
                self.error(&field(), message);
            }
        }
    }
}

/// Why `value` is out of a field's range, in the document's unit: whole numbers as a span
/// (`is 0; it must be from 1 to 100`), others as a bound (`is -1 s; it must be at least 0 s`).
fn out_of_range<T>(f: &fields::Num<T>, value: f64) -> Option<String> {
    let unit = f.doc_unit();
    if !value.is_finite() {
        Some("is not a number".into())
    } else if f.integer && (value < f.min || value > f.max) {
        Some(format!("is {value}{unit}; it must be from {}{unit} to {}{unit}", f.min, f.max))
    } else if value < f.min {
        Some(format!("is {value}{unit}; it must be at least {}{unit}", f.min))
    } else if value > f.max {
        Some(format!("is {value}{unit}; it must be at most {}{unit}", f.max))
    } else {
        None
    }
}

pub(super) fn validate(s: &Scenario) -> Vec<Problem> {
    let mut problems = validate_one(s);
    if s.variant.as_ref().is_some_and(|v| v.variant.is_some()) {
        problems.insert(
            0,
            Problem {
                node: None,
                edge: None,
                field: "variant.variant".to_owned(),
                message: "a variant cannot hold a variant of its own".to_owned(),
                severity: Severity::Error,
            },
        );
    }
    problems
}

/// The variant's problems, each under `variant: …` and tied to no node or edge of the
/// scenario (ids are shared between the two, the problem is not).
pub(super) fn variant_problems(s: &Scenario) -> Vec<Problem> {
    let Some(v) = s.variant.as_deref() else { return Vec::new() };
    let mut out = Vec::new();
    for p in validate_one(v) {
        let place = match (p.node, p.edge) {
            (Some(n), _) => format!("{n}: "),
            (_, Some(e)) => format!("{e}: "),
            _ => String::new(),
        };
        out.push(Problem {
            node: None,
            edge: None,
            field: format!("variant: {place}{}", p.field),
            ..p
        });
    }
    out
}

fn validate_one(s: &Scenario) -> Vec<Problem> {
    let mut c = Check { problems: Vec::new(), node: None, edge: None, prefix: "" };
    scenario_fields(&mut c, s);
    // Every count is checked before anything is built from the document: past a limit, the
    // analyses below could take time and memory out of proportion (issue 10), and the counts
    // are what to fix first anyway.
    let types = EventTypes::of(s);
    if !within_limits(&mut c, s, types.len()) {
        return sorted(c.problems);
    }
    let index = Index::new(&mut c, s);
    for node in &s.nodes {
        c.node = Some(node.id);
        node_fields(&mut c, &node.kind);
        c.prefix = "";
        c.name("name", &node.name, false);
        for (field, v) in [("x", node.x), ("y", node.y)] {
            c.range(field, v, -MAX_COORDINATE, MAX_COORDINATE, "");
        }
    }
    c.node = None;
    edges(&mut c, s, &index.kinds);
    c.edge = None;
    c.node = None;
    wiring(&mut c, s, &index);
    cluster(&mut c, s);
    faults(&mut c, s, &index);
    checks(&mut c, s, &index);
    story(&mut c, s, &index);
    event_types(&mut c, s);
    cycles(&mut c, s, &index, &types);
    sorted(c.problems)
}

/// Errors first; otherwise in the order found.
fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    crate::sort::sort_by_key(&mut problems, |p| p.severity);
    problems
}

fn scenario_fields(c: &mut Check<'_>, s: &Scenario) {
    c.name("title", &s.title, false);
    let notes = s.notes.chars().count();
    if notes > MAX_NOTES_LEN {
        c.error("notes", format!("is {notes} characters long; the limit is {MAX_NOTES_LEN}"));
    }
    // The seed is any u64 in a document (the editor offers the exactly representable ones).
    if let (Some(_), Some(f)) = (s.duration_s, fields::number(fields::SCENARIO, "duration_s")) {
        if let Some(message) = (f.get)(s).and_then(|v| out_of_range(f, v)) {
            c.error(f.key, message);
        }
    }
}

/// Checks every count against its limit (nodes, edges, faults, mappings, outputs, filter
/// entries, distinct event types) in one linear pass; `false` if any is over.
fn within_limits(c: &mut Check<'_>, s: &Scenario, types: usize) -> bool {
    let before = c.problems.len();
    for (what, found, limit) in [
        ("nodes", s.nodes.len(), MAX_NODES),
        ("edges", s.edges.len(), MAX_EDGES),
        ("faults", s.faults.len(), MAX_FAULTS),
        ("checks", s.checks.len(), MAX_CHECKS),
    ] {
        if found > limit {
            c.error(what, format!("{found} {what}; the limit is {limit}"));
        }
    }
    for node in &s.nodes {
        let Some(g) = node.kind.group() else { continue };
        c.node = Some(node.id);
        c.prefix = kind_prefix(&node.kind);
        if g.mappings.len() > MAX_MAPPINGS {
            c.error(
                "mappings",
                format!("{} mappings; the limit is {MAX_MAPPINGS}", g.mappings.len()),
            );
        }
        for (i, m) in g.mappings.iter().enumerate() {
            if m.outputs.len() > MAX_OUTPUTS {
                c.error(
                    &format!("mappings[{i}].outputs"),
                    format!("more than {MAX_OUTPUTS} outputs"),
                );
            }
        }
    }
    c.node = None;
    c.prefix = "";
    for e in s.edges.iter().filter(|e| e.event_types.len() > MAX_EVENT_TYPES) {
        c.edge = Some(e.id);
        let found = e.event_types.len();
        c.error("event_types", format!("{found} names; the limit is {MAX_EVENT_TYPES}"));
    }
    c.edge = None;
    if types > MAX_EVENT_TYPES {
        c.error("nodes", format!("{types} event types; the limit is {MAX_EVENT_TYPES}"));
    }
    c.problems.len() == before
}

/// The field prefix of a node kind's settings (`service`, as in `service.mappings`).
fn kind_prefix(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Producer(_) => "producer",
        NodeKind::Topic(_) => "topic",
        NodeKind::ConsumerGroup(_) => "consumer_group",
        NodeKind::Service(_) => "service",
        NodeKind::DeadLetterQueue(_) => "dead_letter_queue",
        NodeKind::Database(_) => "database",
        NodeKind::Projection(_) => "projection",
        NodeKind::Outbox(_) => "outbox",
    }
}

/// Lookups every check needs, built once so that none searches the document: node kinds and
/// nodes by id, and each node's edges.
struct Index<'a> {
    /// Each node id's kind; with a duplicated id, the last node's (reported as an error).
    kinds: BTreeMap<NodeId, NodeKindTag>,
    /// The first node with each id, as [`Scenario::node`] finds it.
    nodes: BTreeMap<NodeId, &'a Node>,
    /// Edges leaving each node, in document order.
    out: BTreeMap<NodeId, Vec<&'a Edge>>,
    /// Edges arriving at each node, in document order.
    into: BTreeMap<NodeId, Vec<&'a Edge>>,
}

impl<'a> Index<'a> {
    /// Builds the index, reporting duplicated node ids.
    fn new(c: &mut Check<'_>, s: &'a Scenario) -> Self {
        let kinds = node_kinds(c, s);
        let mut nodes = BTreeMap::new();
        for n in &s.nodes {
            nodes.entry(n.id).or_insert(n);
        }
        let (mut out, mut into) = (BTreeMap::<_, Vec<_>>::new(), BTreeMap::<_, Vec<_>>::new());
        for e in &s.edges {
            out.entry(e.from).or_default().push(e);
            into.entry(e.to).or_default().push(e);
        }
        Index { kinds, nodes, out, into }
    }

    fn out(&self, id: NodeId) -> impl Iterator<Item = &'a Edge> + '_ {
        self.out.get(&id).into_iter().flatten().copied()
    }

    fn into(&self, id: NodeId) -> impl Iterator<Item = &'a Edge> + '_ {
        self.into.get(&id).into_iter().flatten().copied()
    }

    /// The node's name, or its id when it has none.
    fn name(&self, id: NodeId) -> String {
        match self.nodes.get(&id) {
            Some(n) if !n.name.is_empty() => n.name.clone(),
            _ => id.to_string(),
        }
    }
}

fn node_kinds(c: &mut Check<'_>, s: &Scenario) -> BTreeMap<NodeId, NodeKindTag> {
    let mut kinds = BTreeMap::new();
    for n in &s.nodes {
        if kinds.insert(n.id, n.kind.tag()).is_some() {
            c.node = Some(n.id);
            c.error("id", format!("{} is used by more than one node", n.id));
        }
    }
    c.node = None;
    kinds
}

fn node_fields(c: &mut Check<'_>, kind: &NodeKind) {
    let tag = kind.tag();
    c.prefix = kind_prefix(kind);
    match kind {
        NodeKind::Producer(p) => {
            c.name("event_type", &p.event_type, true);
            c.numbers(fields::PRODUCER, p);
        }
        NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => c.numbers(fields::TOPIC, t),
        NodeKind::ConsumerGroup(g) | NodeKind::Service(g) | NodeKind::Projection(g) => {
            group_fields(c, g);
            if !g.mappings.is_empty() && tag != NodeKindTag::Service {
                c.warn("mappings", "only a service emits events; these mappings are ignored");
            }
        }
        NodeKind::Database(db) => c.numbers(fields::DATABASE, db),
        NodeKind::Outbox(o) => c.numbers(fields::OUTBOX, o),
    }
}

fn group_fields(c: &mut Check<'_>, g: &GroupConfig) {
    c.numbers(fields::GROUP, g);
    if g.processing.spread_ms.is_finite()
        && g.processing.mean_ms.is_finite()
        && g.processing.spread_ms > g.processing.mean_ms
    {
        c.error("processing.spread_ms", "is larger than mean_ms: times would go below zero");
    }
    for (i, m) in g.mappings.iter().enumerate() {
        c.name_at(|| format!("mappings[{i}].input"), &m.input, false);
        for (j, o) in m.outputs.iter().enumerate() {
            c.name_at(|| format!("mappings[{i}].outputs[{j}]"), o, true);
        }
        c.name_at(|| format!("mappings[{i}].otherwise"), &m.otherwise, false);
        // Mappings come by the thousand in a large document: paths are built only on a problem.
        for f in fields::numbers(fields::MAPPING) {
            if let Some(v) = (f.get)(m) {
                if let Some(message) = out_of_range(f, v) {
                    c.error(&format!("mappings[{i}].{}", f.key), message);
                }
            }
        }
    }
}

fn edges(c: &mut Check<'_>, s: &Scenario, kinds: &BTreeMap<NodeId, NodeKindTag>) {
    let mut seen = BTreeSet::new();
    for e in &s.edges {
        c.edge = Some(e.id);
        c.node = None;
        if !seen.insert(e.id) {
            c.error("id", format!("{} is used by more than one edge", e.id));
        }
        let from = kinds.get(&e.from).copied();
        let to = kinds.get(&e.to).copied();
        if from.is_none() {
            c.error("from", format!("{} does not exist", e.from));
        }
        if to.is_none() {
            c.error("to", format!("{} does not exist", e.to));
        }
        if e.from == e.to {
            c.error("to", "an edge cannot join a node to itself");
        } else if let (Some(f), Some(t)) = (from, to) {
            if let Err(why) = edge_kind_allowed(f, t, e.kind) {
                let message = match (e.kind, t.is_log()) {
                    (EdgeKind::Subscribe, _) if !f.is_log() => {
                        format!("a subscription must start at a topic, not a {f}")
                    }
                    (EdgeKind::DeadLetter, false) => {
                        format!(
                            "a dead-letter target must be a topic or dead-letter queue, not a {t}"
                        )
                    }
                    _ => format!(
                        "a {} edge from a {f} to a {t} is not allowed: {why}",
                        e.kind.label()
                    ),
                };
                c.error("kind", message);
            }
        }
        let n = &e.network;
        c.numbers(fields::NETWORK, n);
        if e.kind == EdgeKind::Subscribe
            && (n.drop_probability > 0.0 || n.duplicate_probability > 0.0)
        {
            c.warn(
                "network",
                "a consumer's fetch is reliable: drop and duplicate apply to publish, dead-letter \
                 and call edges only",
            );
        }
        for (i, t) in e.event_types.iter().enumerate() {
            c.name_at(|| format!("event_types[{i}]"), t, true);
        }
    }
}

fn wiring(c: &mut Check<'_>, s: &Scenario, index: &Index<'_>) {
    for node in &s.nodes {
        c.node = Some(node.id);
        let out = |k: EdgeKind| index.out(node.id).filter(move |e| e.kind == k);
        let into = |k: EdgeKind| index.into(node.id).filter(move |e| e.kind == k);
        let tag = node.kind.tag();
        match tag {
            NodeKindTag::Producer => {
                let feeds = index.out(node.id).next().is_some();
                if !feeds {
                    c.warn("", "this producer publishes nowhere: connect it to a topic");
                }
            }
            NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => {
                if into(EdgeKind::Subscribe).next().is_none()
                    && into(EdgeKind::Call).next().is_none()
                {
                    c.warn("", format!("this {tag} subscribes to nothing: connect a topic to it"));
                }
                if out(EdgeKind::DeadLetter).count() > 1 {
                    c.error("", "more than one dead-letter target: keep one dead-letter edge");
                }
                let emits = out(EdgeKind::Publish).next().is_some()
                    || out(EdgeKind::Write)
                        .any(|e| index.kinds.get(&e.to) == Some(&NodeKindTag::Outbox));
                if tag == NodeKindTag::Service {
                    if let NodeKind::Service(g) = &node.kind {
                        if !g.mappings.is_empty() && !emits {
                            c.warn(
                                "service.mappings",
                                "this service emits events but publishes nowhere",
                            );
                        }
                    }
                }
            }
            NodeKindTag::Outbox if out(EdgeKind::Publish).next().is_none() => {
                c.warn("", "this outbox's relay publishes nowhere: connect it to a topic");
            }
            _ => {}
        }
    }
    c.node = None;
}

/// The cluster's numbers against the field table, and each topic's replication against it: a
/// replication factor the brokers can hold, a `min.insync.replicas` the replicas can meet.
fn cluster(c: &mut Check<'_>, s: &Scenario) {
    let Some(cl) = &s.cluster else {
        for n in &s.nodes {
            if let NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) = &n.kind {
                if t.replication_factor > 1 || t.min_insync_replicas > 1 {
                    c.node = Some(n.id);
                    c.warn(
                        "topic.replication_factor",
                        "replication needs brokers: add a cluster to the scenario",
                    );
                }
            }
        }
        c.node = None;
        return;
    };
    c.prefix = "cluster";
    c.numbers(fields::CLUSTER, cl);
    c.prefix = "";
    for n in &s.nodes {
        let (NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t)) = &n.kind else { continue };
        c.node = Some(n.id);
        if t.replication_factor > cl.brokers {
            c.error(
                "topic.replication_factor",
                format!(
                    "is {}; the cluster has {} broker{}",
                    t.replication_factor,
                    cl.brokers,
                    if cl.brokers == 1 { "" } else { "s" }
                ),
            );
        }
        if t.min_insync_replicas > t.replication_factor {
            c.warn(
                "topic.min_insync_replicas",
                format!(
                    "is {} with {} replicas: every acks=all send will be refused",
                    t.min_insync_replicas, t.replication_factor
                ),
            );
        }
    }
    c.node = None;
}

/// A broker fault names a broker of the cluster; its `node` is not used.
fn broker_fault(c: &mut Check<'_>, s: &Scenario, f: &crate::scenario::Fault, p: &str) {
    c.node = None;
    for n in fields::numbers(fields::FAULT) {
        let used = (n.when)(f, NodeKindTag::Topic);
        if let Some(message) = (n.get)(f).filter(|_| used).and_then(|v| out_of_range(n, v)) {
            c.error(&format!("{p}.{}", n.key), message);
        }
    }
    match &s.cluster {
        None => c.error(&format!("{p}.kind"), "a broker fault needs a cluster of brokers"),
        Some(_) if f.broker == 0 => {
            c.error(&format!("{p}.broker"), "names no broker (1 is broker-1)")
        }
        Some(cl) if f.broker > cl.brokers => c.error(
            &format!("{p}.broker"),
            format!("is {}; the cluster has brokers 1 to {}", f.broker, cl.brokers),
        ),
        Some(_) => {}
    }
}

fn faults(c: &mut Check<'_>, s: &Scenario, index: &Index<'_>) {
    for (i, f) in s.faults.iter().enumerate() {
        let p = format!("faults[{i}]");
        if f.kind.hits_broker() {
            broker_fault(c, s, f, &p);
            continue;
        }
        c.node = Some(f.node);
        let tag = index.kinds.get(&f.node).copied();
        // The numbers its kind uses, against the field table the fault lane edits with.
        for n in fields::numbers(fields::FAULT) {
            let used = (n.when)(f, tag.unwrap_or(NodeKindTag::Producer));
            if let Some(message) = (n.get)(f).filter(|_| used).and_then(|v| out_of_range(n, v)) {
                c.error(&format!("{p}.{}", n.key), message);
            }
        }
        let Some(tag) = tag else {
            c.node = None;
            c.error(&format!("{p}.node"), format!("{} does not exist", f.node));
            continue;
        };
        let fits = f.kind.fits(tag);
        if !fits {
            c.error(
                &format!("{p}.kind"),
                format!("a {} fault cannot hit a {tag}", f.kind.label().to_ascii_lowercase()),
            );
        }
        if let (Some(inst), Some(g)) =
            (f.instance, index.nodes.get(&f.node).and_then(|n| n.kind.group()))
        {
            if inst >= g.instances {
                c.error(
                    &format!("{p}.instance"),
                    format!(
                        "is {inst}; the group has instances 0 to {}",
                        g.instances.saturating_sub(1)
                    ),
                );
            }
        }
    }
    c.node = None;
}

/// Each check names a node that exists (or none, for a scenario-wide figure), a figure that
/// applies to that node's kind, and a finite bound from 0 to `MAX_CHECK_VALUE`.
fn checks(c: &mut Check<'_>, s: &Scenario, index: &Index<'_>) {
    for (i, check) in s.checks.iter().enumerate() {
        let p = format!("checks[{i}]");
        c.node = None;
        c.range(&format!("{p}.value"), check.value, 0.0, MAX_CHECK_VALUE, "");
        let figure = check.figure;
        let Some(id) = check.node else {
            if !figure.applies_to(None) {
                c.error(
                    &format!("{p}.node"),
                    format!("{figure} has no meaning over the whole scenario: name a node"),
                );
            }
            continue;
        };
        let Some(tag) = index.kinds.get(&id).copied() else {
            c.error(&format!("{p}.node"), format!("{id} does not exist"));
            continue;
        };
        c.node = Some(id);
        if !figure.applies_to(Some(tag)) {
            c.error(&format!("{p}.figure"), format!("a {tag} has no {figure}"));
        }
    }
    c.node = None;
}

/// The story's steps: how many, when, their captions and the nodes they highlight.
fn story(c: &mut Check<'_>, s: &Scenario, index: &Index<'_>) {
    c.node = None;
    if s.steps.len() > MAX_STEPS {
        c.error("steps", format!("has {} steps; the limit is {MAX_STEPS}", s.steps.len()));
    }
    for (i, step) in s.steps.iter().enumerate().take(MAX_STEPS) {
        let p = format!("steps[{i}]");
        for n in fields::numbers(fields::STEP) {
            if let Some(message) = (n.get)(step).and_then(|v| out_of_range(n, v)) {
                c.error(&format!("{p}.{}", n.key), message);
            }
        }
        let len = step.caption.chars().count();
        if len > MAX_CAPTION_LEN {
            c.error(
                &format!("{p}.caption"),
                format!("is {len} characters long; the limit is {MAX_CAPTION_LEN}"),
            );
        } else if step.caption.trim().is_empty() {
            c.warn(&format!("{p}.caption"), "is empty: a step tells the reader what to watch");
        }
        if step.highlight.len() > MAX_HIGHLIGHTS {
            c.error(
                &format!("{p}.highlight"),
                format!("names {} nodes; the limit is {MAX_HIGHLIGHTS}", step.highlight.len()),
            );
        }
        for id in step.highlight.iter().take(MAX_HIGHLIGHTS) {
            if !index.kinds.contains_key(id) {
                c.error(&format!("{p}.highlight"), format!("{id} does not exist"));
            }
        }
    }
}

/// Warns about event types named like commands.
fn event_types(c: &mut Check<'_>, s: &Scenario) {
    for n in &s.nodes {
        if let NodeKind::Producer(p) = &n.kind {
            if fields::looks_like_command(&p.event_type) {
                c.node = Some(n.id);
                c.warn(
                    "producer.event_type",
                    format!(
                        "`{}` reads like a command; an event is a fact named in the past tense",
                        p.event_type
                    ),
                );
            }
        }
    }
    c.node = None;
}

/// Cycles of synchronous calls, and cycles of events that feed themselves forever (see
/// [`super::flow`]).
fn cycles(c: &mut Check<'_>, s: &Scenario, index: &Index<'_>, types: &EventTypes<'_>) {
    let topo = Topology::new(s);
    for cycle in topo.call_cycles() {
        let names: Vec<String> = cycle.iter().map(|id| index.name(*id)).collect();
        c.node = cycle.first().copied();
        c.error("", format!("synchronous calls go round in a cycle: {}", names.join(" → ")));
    }
    for found in event_loops(s, &index.kinds, types) {
        let mut names: Vec<String> = found.services.iter().map(|id| index.name(*id)).collect();
        crate::sort::sort_by(&mut names, String::cmp);
        names.dedup();
        let names = names.join(", ");
        c.node = found.services.first().copied();
        // Fanning out of the cycle does not stop it; only an `otherwise` branch can.
        if found.has_exit {
            c.warn(
                "service.mappings",
                format!("events go round in a cycle ({names}); it ends only by chance"),
            );
        } else {
            c.error(
                "service.mappings",
                format!(
                    "events go round a cycle with no exit ({names}): each event would cause new \
                     ones forever"
                ),
            );
        }
    }
    c.node = None;
}
