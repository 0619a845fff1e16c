//! AsyncAPI 3.0 out of a scenario, one document per application.
//!
//! An *application* is a node that sends or receives: a producer, a consumer group, a service,
//! a projection or an outbox's relay. Each gets a document of its own (as AsyncAPI describes one
//! application per document); topics and dead-letter queues are channels, defined the same way
//! in every document that uses them. Kafka bindings carry what they can say (a topic's
//! partitions and retention, a group's id, a message's key); `x-fanout-*` extensions carry the
//! rest, so that importing the documents gives back the same scenario, and so the same run:
//!
//! * `info.x-fanout-node`, a channel's `x-fanout-node`: the node's id, name, position, kind and
//!   the settings no binding carries;
//! * an operation's `x-fanout-edge`: the edge's id, network and (dead-letter) kind;
//! * `info.x-fanout-scenario`: the seed, run length, faults, checks, notes, and the nodes and
//!   edges that are neither channels nor operations (databases, writes, calls), in the scenario
//!   format itself.
//!
//! The mapping is documented in `docs/asyncapi-and-mermaid.md`; [`super::import`] reads it back.

use crate::scenario::{Edge, EdgeKind, Node, NodeId, NodeKind, NodeKindTag, Scenario};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The AsyncAPI version written, and the major version read.
pub const ASYNCAPI_VERSION: &str = "3.0.0";
/// Version of the Kafka bindings written.
pub const KAFKA_BINDING_VERSION: &str = "0.5.0";
/// Extension holding a node's identity and the settings no binding carries.
pub const X_NODE: &str = "x-fanout-node";
/// Extension holding an operation's edge.
pub const X_EDGE: &str = "x-fanout-edge";
/// Extension holding what is neither a channel nor an operation.
pub const X_SCENARIO: &str = "x-fanout-scenario";

/// One exported document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// A file stem for it (`payment-service`).
    pub stem: String,
    /// The AsyncAPI document.
    pub value: Value,
}

/// `x` as a JSON value, through the compact writer the share links already use: a
/// `serde_json::to_value` would compile every scenario type's serialiser once more (wasm size).
pub(crate) fn value_of<T: serde::Serialize>(x: &T) -> Value {
    serde_json::to_string(x).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Whether a node of this kind gets a document of its own.
pub fn is_application(tag: NodeKindTag) -> bool {
    tag.is_consumer() || matches!(tag, NodeKindTag::Producer | NodeKindTag::Outbox)
}

/// Whether an edge is an operation: something an application sends to or receives from a log.
fn is_operation(s: &Scenario, e: &Edge) -> bool {
    let tag = |id| s.node(id).map(|n| n.kind.tag());
    match e.kind {
        EdgeKind::Publish | EdgeKind::DeadLetter => {
            tag(e.from).is_some_and(is_application) && tag(e.to).is_some_and(NodeKindTag::is_log)
        }
        EdgeKind::Subscribe => {
            tag(e.from).is_some_and(NodeKindTag::is_log) && tag(e.to).is_some_and(is_application)
        }
        EdgeKind::Write | EdgeKind::Call => false,
    }
}

/// `text` as an AsyncAPI key (`[A-Za-z0-9_.-]`), never empty.
pub fn key_of(text: &str) -> String {
    let key: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    // One dash for each run of other characters ("checkout (calls)" → "checkout-calls").
    let key = key.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if key.is_empty() {
        "unnamed".to_owned()
    } else {
        key
    }
}

/// A name for a node: its own, or its kind and id when it has none.
fn display_name(n: &Node) -> String {
    if n.name.trim().is_empty() {
        format!("{} {}", n.kind.tag().label(), n.id.0)
    } else {
        n.name.clone()
    }
}

/// The AsyncAPI documents of `s`: one per application in node order, or one for the whole
/// scenario when it has no application.
pub fn export(s: &Scenario) -> Vec<Document> {
    let keys = channel_keys(s);
    let types = channel_types(s);
    let scenario_ext = scenario_extension(s);
    // The scenario in its own format once: nodes' settings and edges' networks are read from it.
    let full = value_of(s);
    let mut used: Vec<NodeId> = Vec::new();
    let mut docs: Vec<(Value, Map<String, Value>, Vec<NodeId>)> = Vec::new();
    for app in s.nodes.iter().filter(|n| is_application(n.kind.tag())) {
        let (ops, chans) = operations(s, &full, app, &keys);
        used.extend(&chans);
        let of = if s.title.is_empty() { String::new() } else { format!(" \"{}\"", s.title) };
        let mut info = json!({
            "title": display_name(app),
            "version": "1.0.0",
            "description": format!("The {} {} of the Fanout scenario{of}.",
                app.kind.tag().label(), display_name(app)),
        });
        info[X_NODE] = node_extension(app, &full, |_| ());
        docs.push((info, ops, chans));
    }
    if docs.is_empty() {
        let title = if s.title.is_empty() { "Fanout scenario" } else { &s.title };
        docs.push((json!({ "title": title, "version": "1.0.0" }), Map::new(), Vec::new()));
    }
    // Logs no operation uses still belong to the scenario: the first document defines them.
    let orphans = s.nodes.iter().filter(|n| n.kind.tag().is_log() && !used.contains(&n.id));
    let orphans: Vec<NodeId> = orphans.map(|n| n.id).collect();
    if let Some(first) = docs.first_mut() {
        first.2.extend(orphans);
    }
    let mut stems: Vec<String> = Vec::new();
    docs.into_iter()
        .map(|(mut info, ops, chans)| {
            info[X_SCENARIO] = scenario_ext.clone();
            let title = info["title"].as_str().unwrap_or_default().to_ascii_lowercase();
            let stem = unique(&mut stems, &key_of(&title));
            Document { stem, value: document(s, &full, info, &chans, ops, &keys, &types) }
        })
        .collect()
}

/// `key`, or `key-2`, `key-3`… if already taken; records it as taken.
fn unique(taken: &mut Vec<String>, key: &str) -> String {
    let mut candidate = key.to_owned();
    let mut i = 2;
    while taken.contains(&candidate) {
        candidate = format!("{key}-{i}");
        i += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// A channel key for every log, unique across the scenario.
fn channel_keys(s: &Scenario) -> BTreeMap<NodeId, String> {
    let mut taken = Vec::new();
    crate::sort::btree_map(
        s.nodes
            .iter()
            .filter(|n| n.kind.tag().is_log())
            .map(|n| (n.id, unique(&mut taken, &key_of(&display_name(n))))),
    )
}

/// The event types each log carries, as far as the scenario says: what its publishers emit
/// (or their filter), plus every type an edge at the log filters on.
fn channel_types(s: &Scenario) -> BTreeMap<NodeId, Vec<String>> {
    let mut out: BTreeMap<NodeId, Vec<String>> = BTreeMap::new();
    let mut add = |log: NodeId, t: &str| {
        let list = out.entry(log).or_default();
        if !t.is_empty() && !list.iter().any(|x| x == t) {
            list.push(t.to_owned());
        }
    };
    for e in &s.edges {
        let log = match e.kind {
            EdgeKind::Publish | EdgeKind::DeadLetter => e.to,
            EdgeKind::Subscribe => e.from,
            EdgeKind::Write | EdgeKind::Call => continue,
        };
        if !s.node(log).is_some_and(|n| n.kind.tag().is_log()) {
            continue;
        }
        e.event_types.iter().for_each(|t| add(log, t));
        if e.event_types.is_empty() && e.kind == EdgeKind::Publish {
            match s.node(e.from).map(|n| &n.kind) {
                Some(NodeKind::Producer(p)) => add(log, &p.event_type),
                Some(NodeKind::Service(g)) => {
                    for m in &g.mappings {
                        m.outputs.iter().for_each(|o| add(log, o));
                        add(log, &m.otherwise);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The operations of `app` (keyed), and the channels they use.
fn operations(
    s: &Scenario,
    full: &Value,
    app: &Node,
    channels: &BTreeMap<NodeId, String>,
) -> (Map<String, Value>, Vec<NodeId>) {
    let mut ops = Map::new();
    let mut used = Vec::new();
    let mut taken = Vec::new();
    for e in s.edges.iter().filter(|e| is_operation(s, e)) {
        let (action, log) = match e.kind {
            EdgeKind::Subscribe if e.to == app.id => ("receive", e.from),
            EdgeKind::Publish | EdgeKind::DeadLetter if e.from == app.id => ("send", e.to),
            _ => continue,
        };
        let Some(chan) = channels.get(&log) else { continue };
        let mut op = json!({
            "action": action,
            "channel": { "$ref": format!("#/channels/{chan}") },
        });
        if !e.event_types.is_empty() {
            let refs: Vec<Value> = e
                .event_types
                .iter()
                .map(|t| json!({ "$ref": format!("#/channels/{chan}/messages/{}", key_of(t)) }))
                .collect();
            op["messages"] = Value::Array(refs);
        }
        if action == "receive" {
            op["bindings"] = json!({ "kafka": {
                "groupId": { "type": "string", "enum": [display_name(app)] },
                "bindingVersion": KAFKA_BINDING_VERSION,
            }});
        }
        let mut edge = json!({ "id": e.id.0 });
        if e.kind == EdgeKind::DeadLetter {
            edge["kind"] = json!("dead_letter");
        }
        let network = full["edges"].as_array().and_then(|a| a.iter().find(|x| x["id"] == e.id.0));
        if let Some(network) = network.and_then(|x| x.get("network")) {
            edge["network"] = network.clone();
        }
        op[X_EDGE] = edge;
        let key = unique(&mut taken, &format!("{action}-{chan}"));
        ops.insert(key, op);
        if !used.contains(&log) {
            used.push(log);
        }
    }
    (ops, used)
}

/// `x-fanout-node`: identity, position, kind and settings (as `full`, the scenario's JSON, has
/// them), less what `strip` removes because a binding carries it.
fn node_extension(n: &Node, full: &Value, strip: impl Fn(&mut Map<String, Value>)) -> Value {
    let node = full["nodes"].as_array().and_then(|a| a.iter().find(|x| x["id"] == n.id.0));
    let kind = node.and_then(|x| x["kind"].as_object()).and_then(|m| m.iter().next());
    let (tag, mut settings) = kind.map(|(k, v)| (k.clone(), v.clone())).unwrap_or_default();
    let mut ext = json!({ "id": n.id.0, "name": n.name, "x": n.x, "y": n.y, "kind": tag });
    if let Some(m) = settings.as_object_mut() {
        strip(m);
        if !m.is_empty() {
            ext["settings"] = settings;
        }
    }
    ext
}

/// `x-fanout-scenario`: the scenario less its channels, applications and operations.
fn scenario_extension(s: &Scenario) -> Value {
    let rest = Scenario {
        nodes: s.nodes.iter().filter(|n| !is_carried(n.kind.tag())).cloned().collect(),
        edges: s.edges.iter().filter(|e| !is_operation(s, e)).cloned().collect(),
        ..s.clone()
    };
    value_of(&rest)
}

/// Whether a node of this kind travels as a channel or a document of its own.
pub fn is_carried(tag: NodeKindTag) -> bool {
    tag.is_log() || is_application(tag)
}

/// A whole document: `info` plus the channels `chans`, the operations and their messages.
fn document(
    s: &Scenario,
    full: &Value,
    info: Value,
    chans: &[NodeId],
    ops: Map<String, Value>,
    keys: &BTreeMap<NodeId, String>,
    types: &BTreeMap<NodeId, Vec<String>>,
) -> Value {
    let mut channels = Map::new();
    let mut messages = Map::new();
    for id in chans {
        let (Some(n), Some(key)) = (s.node(*id), keys.get(id)) else { continue };
        let Some(t) = n.kind.topic() else { continue };
        let mut chan_messages = Map::new();
        for ty in types.get(id).into_iter().flatten() {
            let k = key_of(ty);
            chan_messages
                .insert(k.clone(), json!({ "$ref": format!("#/components/messages/{k}") }));
            messages.entry(k).or_insert_with(|| message(s, ty));
        }
        let mut kafka = json!({
            "topic": display_name(n),
            "partitions": t.partitions,
            "bindingVersion": KAFKA_BINDING_VERSION,
        });
        let ms = exact_ms(t.retention_s);
        if let Some(ms) = ms {
            kafka["topicConfiguration"] = json!({ "retention.ms": ms });
        }
        let mut chan = json!({ "address": display_name(n), "title": display_name(n) });
        if !chan_messages.is_empty() {
            chan["messages"] = Value::Object(chan_messages);
        }
        chan["bindings"] = json!({ "kafka": kafka });
        chan[X_NODE] = node_extension(n, full, |m| {
            m.remove("partitions");
            if ms.is_some() {
                m.remove("retention_s");
            }
        });
        channels.insert(key.clone(), chan);
    }
    let mut doc = json!({
        "asyncapi": ASYNCAPI_VERSION,
        "info": info,
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": ops,
    });
    if !messages.is_empty() {
        doc["components"] = json!({ "messages": messages });
    }
    doc
}

/// Seconds as whole milliseconds, when that is exact both ways.
fn exact_ms(seconds: f64) -> Option<u64> {
    let ms = seconds * 1000.0;
    let whole = ms.is_finite() && ms >= 0.0 && ms.fract() == 0.0 && ms < 9.0e15;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::float_cmp)]
    (whole && (ms as u64) as f64 / 1000.0 == seconds).then_some(ms as u64)
}

/// A message component for event type `ty`, with the Kafka key its producers draw.
fn message(s: &Scenario, ty: &str) -> Value {
    let mut m = json!({
        "name": ty,
        "title": ty,
        "payload": { "type": "object" },
    });
    let key_space = s.nodes.iter().find_map(|n| match &n.kind {
        NodeKind::Producer(p) if p.event_type == ty && p.key_space > 0 => Some(p.key_space),
        _ => None,
    });
    if let Some(k) = key_space {
        m["bindings"] = json!({ "kafka": {
            "key": { "type": "integer", "minimum": 0, "maximum": k - 1 },
            "bindingVersion": KAFKA_BINDING_VERSION,
        }});
    }
    m
}
