//! The scenario: the one serde type that share links, autosave, files and the CLI all use.
//!
//! A [`Scenario`] is the whole playground: a graph of [`Node`]s joined by [`Edge`]s, their
//! settings, scheduled [`Fault`]s, a seed and notes. It is plain data; [`Scenario::validate`]
//! says what is wrong with it (never panicking) and [`edge_allowed`] tells the editor which
//! connections make sense. The JSON format is documented in `docs/scenario-format.md`.

mod checks;
mod config;
pub mod diff;
pub mod fields;
mod flow;
pub mod gallery;
pub mod limits;
pub mod link;
mod story;
pub mod units;
mod validate;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use checks::{Check, CheckFigure, CheckOp, CheckUnit};
pub use config::{
    Acks, Arrival, Assignment, Backoff, Cluster, DatabaseConfig, Distribution, Fault, FaultKind,
    GroupConfig, Guarantee, KeyDistribution, Mapping, Network, OutboxConfig, ProcessingTime,
    ProducerConfig, RetryPolicy, SchemaUpgrade, TopicConfig, DEFAULT_FAULT_WINDOW_S,
};
pub use story::Step;
pub use units::{
    format_count, format_duration_us, format_interval, format_number, format_rate, format_sim_time,
    format_value,
};
pub use validate::{edge_allowed, Problem, Severity, Topology};

use config::is_default;
use limits::{FORMAT_VERSION, MAX_JSON_BYTES};

/// Stable identity of a node: kept across edits, referenced by edges, faults and share links.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct NodeId(pub u32);

/// Stable identity of an edge.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct EdgeId(pub u32);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node {}", self.0)
    }
}

impl fmt::Display for EdgeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "edge {}", self.0)
    }
}

/// The whole playground.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Format version; documents newer than [`limits::FORMAT_VERSION`] are refused. Default 1.
    #[serde(default = "format_version")]
    pub version: u32,
    /// Title shown in the gallery and the header. Default empty.
    #[serde(default, skip_serializing_if = "is_default")]
    pub title: String,
    /// A paragraph explaining what the scenario shows. Default empty.
    #[serde(default, skip_serializing_if = "is_default")]
    pub notes: String,
    /// Seed of the simulation's random number generator. Default 0.
    #[serde(default, skip_serializing_if = "is_default")]
    pub seed: u64,
    /// How long a run lasts when nothing else says, in simulated seconds. Default: 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<f64>,
    /// The nodes, in any order; ids must be unique.
    #[serde(default, skip_serializing_if = "is_default")]
    pub nodes: Vec<Node>,
    /// The edges, in any order; ids must be unique.
    #[serde(default, skip_serializing_if = "is_default")]
    pub edges: Vec<Edge>,
    /// Scheduled faults.
    #[serde(default, skip_serializing_if = "is_default")]
    pub faults: Vec<Fault>,
    /// What the scenario states about its own figures ("nothing lost"), shown as pass or fail.
    /// Added to format version 1 later: older documents have none, older builds ignore them.
    #[serde(default, skip_serializing_if = "is_default")]
    pub checks: Vec<Check>,
    /// Captioned steps that guide a reader through the run (story mode). Added to format
    /// version 1 later: older documents have none, older builds ignore them.
    #[serde(default, skip_serializing_if = "is_default")]
    pub steps: Vec<Step>,
    /// The brokers the topics live on, with replication (Kafka's cluster). Added to format
    /// version 1 later: without one every topic is an ideal broker, as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Box<Cluster>>,
    /// A second design compared with this one (compare mode): a whole scenario, run in
    /// lockstep with this one on this one's seed, its changed settings listed by
    /// [`diff::differences`]. It holds no variant of its own. Added to format version 1 later:
    /// older documents have none, older builds ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<Box<Scenario>>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

/// Run length used when a scenario sets no `duration_s`, in seconds.
pub const DEFAULT_DURATION_S: f64 = 60.0;

/// One box on the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    #[serde(default)]
    pub id: NodeId,
    /// Name shown on the diagram (`Payment`). Default empty.
    #[serde(default, skip_serializing_if = "is_default")]
    pub name: String,
    /// World x coordinate of the node's centre, in diagram units. Default 0.
    #[serde(default)]
    pub x: f64,
    /// World y coordinate of the node's centre, in diagram units. Default 0.
    #[serde(default)]
    pub y: f64,
    /// What the node is, with its settings.
    pub kind: NodeKind,
}

/// What a node is, with the settings of that kind. Written as `{"topic": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Emits events (the write side of a service).
    Producer(ProducerConfig),
    /// A partitioned log.
    Topic(TopicConfig),
    /// Consumes events and applies a side effect.
    ConsumerGroup(GroupConfig),
    /// Consumes events, applies a side effect and emits new events (its `mappings`).
    Service(GroupConfig),
    /// Where messages that cannot be processed are parked; a topic of its own.
    DeadLetterQueue(TopicConfig),
    /// A side-effect store that counts each event id's effects.
    Database(DatabaseConfig),
    /// A read model built from events; can be rebuilt by replay.
    Projection(GroupConfig),
    /// A transactional outbox table and its relay.
    Outbox(OutboxConfig),
}

/// The kind of a node without its settings, for palettes and [`edge_allowed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKindTag {
    /// See [`NodeKind::Producer`].
    Producer,
    /// See [`NodeKind::Topic`].
    Topic,
    /// See [`NodeKind::ConsumerGroup`].
    ConsumerGroup,
    /// See [`NodeKind::Service`].
    Service,
    /// See [`NodeKind::DeadLetterQueue`].
    DeadLetterQueue,
    /// See [`NodeKind::Database`].
    Database,
    /// See [`NodeKind::Projection`].
    Projection,
    /// See [`NodeKind::Outbox`].
    Outbox,
}

impl NodeKindTag {
    /// Every kind, in palette order.
    pub const ALL: [NodeKindTag; 8] = [
        NodeKindTag::Producer,
        NodeKindTag::Topic,
        NodeKindTag::ConsumerGroup,
        NodeKindTag::Service,
        NodeKindTag::DeadLetterQueue,
        NodeKindTag::Database,
        NodeKindTag::Projection,
        NodeKindTag::Outbox,
    ];

    /// Human label (`consumer group`).
    pub fn label(self) -> &'static str {
        match self {
            NodeKindTag::Producer => "producer",
            NodeKindTag::Topic => "topic",
            NodeKindTag::ConsumerGroup => "consumer group",
            NodeKindTag::Service => "service",
            NodeKindTag::DeadLetterQueue => "dead-letter queue",
            NodeKindTag::Database => "database",
            NodeKindTag::Projection => "projection",
            NodeKindTag::Outbox => "outbox",
        }
    }

    /// `true` for kinds that hold a log (topics and dead-letter queues).
    pub fn is_log(self) -> bool {
        matches!(self, NodeKindTag::Topic | NodeKindTag::DeadLetterQueue)
    }

    /// `true` for kinds that consume from logs (groups, services, projections).
    pub fn is_consumer(self) -> bool {
        matches!(self, NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection)
    }

    /// A node of this kind with default settings.
    pub fn default_kind(self) -> NodeKind {
        match self {
            NodeKindTag::Producer => NodeKind::Producer(ProducerConfig::default()),
            NodeKindTag::Topic => NodeKind::Topic(TopicConfig::default()),
            NodeKindTag::ConsumerGroup => NodeKind::ConsumerGroup(GroupConfig::default()),
            NodeKindTag::Service => NodeKind::Service(GroupConfig::default()),
            NodeKindTag::DeadLetterQueue => NodeKind::DeadLetterQueue(TopicConfig::default()),
            NodeKindTag::Database => NodeKind::Database(DatabaseConfig::default()),
            NodeKindTag::Projection => NodeKind::Projection(GroupConfig::default()),
            NodeKindTag::Outbox => NodeKind::Outbox(OutboxConfig::default()),
        }
    }
}

impl fmt::Display for NodeKindTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl NodeKind {
    /// The kind without settings.
    pub fn tag(&self) -> NodeKindTag {
        match self {
            NodeKind::Producer(_) => NodeKindTag::Producer,
            NodeKind::Topic(_) => NodeKindTag::Topic,
            NodeKind::ConsumerGroup(_) => NodeKindTag::ConsumerGroup,
            NodeKind::Service(_) => NodeKindTag::Service,
            NodeKind::DeadLetterQueue(_) => NodeKindTag::DeadLetterQueue,
            NodeKind::Database(_) => NodeKindTag::Database,
            NodeKind::Projection(_) => NodeKindTag::Projection,
            NodeKind::Outbox(_) => NodeKindTag::Outbox,
        }
    }

    /// The consumer settings of groups, services and projections.
    pub fn group(&self) -> Option<&GroupConfig> {
        match self {
            NodeKind::ConsumerGroup(g) | NodeKind::Service(g) | NodeKind::Projection(g) => Some(g),
            _ => None,
        }
    }

    /// The log settings of topics and dead-letter queues.
    pub fn topic(&self) -> Option<&TopicConfig> {
        match self {
            NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => Some(t),
            _ => None,
        }
    }
}

/// What an edge means. Written as `"publish"`, `"subscribe"`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A producer, service or relay appends events to a topic.
    Publish,
    /// A group, service or projection reads a topic.
    Subscribe,
    /// A group parks messages that failed their last attempt.
    DeadLetter,
    /// A side effect in a database, or a row in an outbox.
    Write,
    /// A synchronous request: the caller waits for the callee.
    Call,
}

impl EdgeKind {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Publish => "publish",
            EdgeKind::Subscribe => "subscribe",
            EdgeKind::DeadLetter => "dead-letter",
            EdgeKind::Write => "write",
            EdgeKind::Call => "call",
        }
    }
}

/// One arrow on the diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Stable id.
    #[serde(default)]
    pub id: EdgeId,
    /// Source node.
    #[serde(default)]
    pub from: NodeId,
    /// Target node.
    #[serde(default)]
    pub to: NodeId,
    /// Meaning. May be omitted in a document: it is then inferred from the two node kinds by
    /// [`edge_allowed`].
    pub kind: EdgeKind,
    /// Network behaviour.
    #[serde(default, skip_serializing_if = "is_default")]
    pub network: Network,
    /// Only these event types travel this edge; empty means every type. Default empty.
    #[serde(default, skip_serializing_if = "is_default")]
    pub event_types: Vec<String>,
}

impl Edge {
    /// A new edge with default network settings and no filter.
    pub fn new(id: EdgeId, from: NodeId, to: NodeId, kind: EdgeKind) -> Self {
        Self { id, from, to, kind, network: Network::default(), event_types: Vec::new() }
    }
}

impl Node {
    /// A new node.
    pub fn new(id: NodeId, name: impl Into<String>, x: f64, y: f64, kind: NodeKind) -> Self {
        Self { id, name: name.into(), x, y, kind }
    }
}

/// Why a document could not be read as a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    /// Larger than [`limits::MAX_JSON_BYTES`].
    TooLarge {
        /// Size of the document, in bytes.
        bytes: usize,
    },
    /// Not JSON at all.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// Written by a newer Fanout.
    UnsupportedVersion {
        /// Version in the document.
        found: u64,
    },
    /// JSON, but a field has the wrong shape.
    Field {
        /// Where, like `nodes[2].kind.producer.rate_per_s`.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::TooLarge { bytes } => write!(
                f,
                "the scenario is {bytes} bytes; the limit is {MAX_JSON_BYTES} bytes (MAX_JSON_BYTES)"
            ),
            ScenarioError::Syntax { line, column, message } => {
                write!(f, "not valid JSON at line {line}, column {column}: {message}")
            }
            ScenarioError::UnsupportedVersion { found } => write!(
                f,
                "version: the scenario has format version {found}, but this Fanout reads versions \
                 1 to {FORMAT_VERSION}; open it with a newer Fanout"
            ),
            ScenarioError::Field { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Whether `other` runs exactly as this one does: they differ at most in what is only
    /// drawn — the title, the notes, node names and positions. An edit of that kind must not
    /// touch a run in progress (its future, its injected faults), only relabel it.
    pub fn same_run_as(&self, other: &Scenario) -> bool {
        self.version == other.version
            && self.seed == other.seed
            && self.duration_s == other.duration_s
            && self.edges == other.edges
            && self.faults == other.faults
            && self.checks == other.checks
            && self.nodes.len() == other.nodes.len()
            && self.nodes.iter().zip(&other.nodes).all(|(a, b)| a.id == b.id && a.kind == b.kind)
    }

    /// A scenario with nothing in it.
    pub fn empty() -> Self {
        Self {
            version: FORMAT_VERSION,
            title: String::new(),
            notes: String::new(),
            seed: 0,
            duration_s: None,
            nodes: Vec::new(),
            edges: Vec::new(),
            faults: Vec::new(),
            checks: Vec::new(),
            steps: Vec::new(),
            cluster: None,
            variant: None,
        }
    }

    /// This scenario without its variant, and the variant: the two designs of a comparison.
    pub fn compared(&self) -> Option<(Scenario, &Scenario)> {
        let variant = self.variant.as_deref()?;
        Some((Scenario { variant: None, ..self.clone() }, variant))
    }

    /// A variant to compare with: this scenario as it is (ids kept, so the differences list
    /// only what is then changed), titled as a variant.
    pub fn make_variant(&self) -> Scenario {
        let mut v = Scenario { variant: None, ..self.clone() };
        v.title = format!("{} (variant)", self.title.trim()).trim_start().to_owned();
        v
    }

    /// The two designs swapped: the variant becomes the scenario and this one its variant.
    /// `None` without a variant.
    pub fn swapped(&self) -> Option<Scenario> {
        let (base, variant) = self.compared()?;
        Some(Scenario { variant: Some(Box::new(base)), ..variant.clone() })
    }

    /// Reads a scenario from JSON. The error names the field path and the problem. This checks
    /// the shape only; call [`Scenario::validate`] for the meaning.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_JSON_BYTES {
            return Err(ScenarioError::TooLarge { bytes: text.len() });
        }
        // Editors on Windows start UTF-8 files with a byte order mark; JSON has no use for it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ScenarioError::Syntax {
                line: e.line(),
                column: e.column(),
                message: strip_position(&e),
            })?;
        let Some(object) = value.as_object_mut() else {
            return Err(field_error("(document)", "expected a JSON object"));
        };
        match object.get("version") {
            None => {}
            Some(serde_json::Value::Number(n)) => match n.as_u64() {
                Some(0) | None => {
                    return Err(field_error("version", "expected a whole number from 1"));
                }
                Some(v) if v > u64::from(FORMAT_VERSION) => {
                    return Err(ScenarioError::UnsupportedVersion { found: v });
                }
                Some(_) => {}
            },
            Some(_) => return Err(field_error("version", "expected a whole number")),
        }
        normalise(object)?;
        normalise_variant(object)?;
        from_value(value)
    }

    /// Writes the scenario as indented JSON (fields at their default are left out).
    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the scenario as compact JSON (for share links).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The edge with this id.
    pub fn edge(&self, id: EdgeId) -> Option<&Edge> {
        self.edges.iter().find(|e| e.id == id)
    }

    /// A node id not used yet (one more than the largest).
    pub fn next_node_id(&self) -> NodeId {
        NodeId(self.nodes.iter().map(|n| n.id.0.saturating_add(1)).max().unwrap_or(1))
    }

    /// An edge id not used yet (one more than the largest).
    pub fn next_edge_id(&self) -> EdgeId {
        EdgeId(self.edges.iter().map(|e| e.id.0.saturating_add(1)).max().unwrap_or(1))
    }

    /// Run length in simulated seconds: `duration_s` or [`DEFAULT_DURATION_S`].
    pub fn run_duration_s(&self) -> f64 {
        self.duration_s.unwrap_or(DEFAULT_DURATION_S)
    }

    /// Every problem with the scenario, errors first; empty if it can run as it is.
    pub fn validate(&self) -> Vec<Problem> {
        validate::validate(self)
    }

    /// Every problem of the variant (compare mode), each under `variant: …`; empty without
    /// one. [`Scenario::validate`] checks the scenario alone, which runs without its variant.
    pub fn variant_problems(&self) -> Vec<Problem> {
        validate::variant_problems(self)
    }

    /// `true` if [`Scenario::validate`] finds no error (warnings allowed).
    pub fn is_runnable(&self) -> bool {
        self.validate().iter().all(|p| p.severity != Severity::Error)
    }
}

impl Default for Scenario {
    /// The first-open scenario: "User registered" from the gallery.
    fn default() -> Self {
        gallery::user_registered()
    }
}

/// Deserialises a normalised document; the error names the field path.
#[cfg(not(target_arch = "wasm32"))]
fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { "(document)".to_owned() } else { path };
        ScenarioError::Field { path, message: e.into_inner().to_string() }
    })
}

/// Deserialises a normalised document. In wasm the error names the list entry at fault
/// (`nodes[2]`) rather than the full field path: `serde_path_to_error` wraps every
/// deserialiser and costs the bundle about 10 KB gzipped (BENCHMARKS.md, "Bundle size"). Only
/// the borrowed `&Value` deserialiser is used, so locating the entry adds no new copies of the
/// serde code.
#[cfg(target_arch = "wasm32")]
fn from_value(value: serde_json::Value) -> Result<Scenario, ScenarioError> {
    Scenario::deserialize(&value).map_err(|e| {
        let first_bad = |key: &str, bad: &dyn Fn(&serde_json::Value) -> bool| {
            let i = value.get(key)?.as_array()?.iter().position(bad)?;
            Some(format!("{key}[{i}]"))
        };
        let path = first_bad("nodes", &|v| Node::deserialize(v).is_err())
            .or_else(|| first_bad("edges", &|v| Edge::deserialize(v).is_err()))
            .or_else(|| first_bad("faults", &|v| Fault::deserialize(v).is_err()))
            .or_else(|| first_bad("checks", &|v| Check::deserialize(v).is_err()))
            .unwrap_or_else(|| "(document)".to_owned());
        ScenarioError::Field { path, message: e.to_string() }
    })
}

fn field_error(path: &str, message: &str) -> ScenarioError {
    ScenarioError::Field { path: path.to_owned(), message: message.to_owned() }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Accepts two shorthands of hand-written documents: a node kind with all settings at their
/// defaults written as a bare string (`"kind": "database"`), and an edge without `kind`, which is
/// inferred from the kinds of its two nodes. A node whose kind is missing or unknown is refused
/// here, naming the node: otherwise the edges, which come first in the parsed object, would be
/// blamed for a kind they cannot infer ("edges[1]: missing field `kind`").
// Called for the scenario and its variant: one copy in the wasm bundle, not one per caller.
#[inline(never)]
fn normalise(doc: &mut serde_json::Map<String, serde_json::Value>) -> Result<(), ScenarioError> {
    let mut kinds: std::collections::BTreeMap<u64, NodeKindTag> = Default::default();
    if let Some(serde_json::Value::Array(nodes)) = doc.get_mut("nodes") {
        for (i, node) in nodes.iter_mut().enumerate() {
            let Some(object) = node.as_object_mut() else {
                return Err(field_error(&format!("nodes[{i}]"), "expected a node object"));
            };
            let tag = node_kind_tag(object).map_err(|message| ScenarioError::Field {
                path: format!("nodes[{i}].kind"),
                message,
            })?;
            let id = object.get("id").and_then(serde_json::Value::as_u64).unwrap_or(0);
            // The first node with an id gives its kind, as `Scenario::node` finds it.
            kinds.entry(id).or_insert(tag);
        }
    }
    let kind_of = |v: Option<&serde_json::Value>| {
        kinds.get(&v.and_then(serde_json::Value::as_u64).unwrap_or(0)).copied()
    };
    if let Some(serde_json::Value::Array(edges)) = doc.get_mut("edges") {
        for edge in edges.iter_mut() {
            let Some(obj) = edge.as_object_mut() else { continue };
            if obj.contains_key("kind") {
                continue;
            }
            if let (Some(from), Some(to)) = (kind_of(obj.get("from")), kind_of(obj.get("to"))) {
                if let Ok(kind) = edge_allowed(from, to) {
                    if let Ok(v) = serde_json::to_value(kind) {
                        obj.insert("kind".to_owned(), v);
                    }
                }
            }
        }
    }
    Ok(())
}

/// The variant's document is normalised as the scenario's is, its errors named under
/// `variant.`; a variant inside the variant is refused (one comparison per document), as is a
/// variant of a newer version.
fn normalise_variant(
    doc: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), ScenarioError> {
    let Some(variant) = doc.get_mut("variant") else { return Ok(()) };
    if variant.is_null() {
        return Ok(());
    }
    let Some(v) = variant.as_object_mut() else {
        return Err(field_error("variant", "expected a scenario object"));
    };
    if v.get("variant").is_some_and(|x| !x.is_null()) {
        return Err(field_error("variant.variant", "a variant cannot hold a variant of its own"));
    }
    if let Some(found) = v.get("version").and_then(serde_json::Value::as_u64) {
        if found > u64::from(FORMAT_VERSION) {
            return Err(ScenarioError::UnsupportedVersion { found });
        }
    }
    normalise(v).map_err(|e| match e {
        ScenarioError::Field { path, message } => {
            ScenarioError::Field { path: format!("variant.{path}"), message }
        }
        other => other,
    })
}

/// A node's kind, with a bare string (`"database"`) rewritten to its object form; the error
/// names what is wrong and lists the kinds there are.
fn node_kind_tag(
    node: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<NodeKindTag, String> {
    let kind = node.get_mut("kind").ok_or_else(|| "missing field `kind`".to_owned())?;
    if let serde_json::Value::String(tag) = kind {
        let mut map = serde_json::Map::new();
        map.insert(tag.clone(), serde_json::Value::Object(serde_json::Map::new()));
        *kind = serde_json::Value::Object(map);
    }
    let name = match &*kind {
        serde_json::Value::Object(m) if m.len() == 1 => m.keys().next().cloned(),
        _ => None,
    };
    let Some(name) = name else {
        return Err("expected a node kind such as \"topic\" or {\"topic\": {…}}".to_owned());
    };
    NodeKindTag::deserialize(&serde_json::Value::String(name.clone())).map_err(|_| {
        let known: Vec<String> = NodeKindTag::ALL
            .iter()
            .filter_map(|t| serde_json::to_value(t).ok())
            .map(|v| v.to_string())
            .collect();
        format!("unknown node kind `{name}`; the kinds are {}", known.join(", "))
    })
}
