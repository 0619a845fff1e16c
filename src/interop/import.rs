//! AsyncAPI 3.0 documents into a scenario.
//!
//! Channels become topics (or dead-letter queues), `send` operations producers or a service's
//! outputs, `receive` operations consumer groups or a service's inputs, Kafka bindings their
//! settings. What Fanout exported ([`super::asyncapi`]) comes back exactly, from its `x-fanout-*`
//! extensions; for any other document, what it does not say (rates, processing times,
//! partitions) is taken from the scenario defaults and listed in [`Imported::assumed`], which
//! the scenario's notes repeat so the user sees what to edit.
//!
//! Input is bounded: the text by [`MAX_JSON_BYTES`], YAML expansion by [`yaml::MAX_VALUES`], the
//! result by [`MAX_NODES`] and [`MAX_EDGES`]; every failure is an error message, never a panic.

use super::asyncapi::{key_of, value_of, X_EDGE, X_NODE, X_SCENARIO};
use super::yaml;
use crate::scenario::fields::{Field, Fields, GROUP, PRODUCER, TOPIC};
use crate::scenario::limits::{MAX_EDGES, MAX_JSON_BYTES, MAX_NODES, MAX_NOTES_LEN};
use crate::scenario::{format_number, GroupConfig, ProducerConfig, Scenario, TopicConfig};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What an import made, and what it had to assume.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The scenario (shape-checked; [`Scenario::validate`] tells whether it runs).
    pub scenario: Scenario,
    /// One line per assumption ("Orders API: 10 events/s, Poisson arrivals (…)").
    pub assumed: Vec<String>,
}

/// Reads AsyncAPI 3.0 text: JSON, or YAML with one document or several (`---`).
pub fn import_text(text: &str) -> Result<Imported, String> {
    import_documents(&parse_text(text)?)
}

/// The documents in `text`, refusing what is too large before parsing.
pub fn parse_text(text: &str) -> Result<Vec<Value>, String> {
    if text.len() > MAX_JSON_BYTES {
        return Err(format!(
            "the file is {} KB; an imported document is at most {} KB",
            text.len() / 1024,
            MAX_JSON_BYTES / 1024
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            return Ok(vec![v]);
        }
    }
    let docs: Vec<Value> = yaml::parse_stream(text)?.into_iter().filter(|d| !d.is_null()).collect();
    if docs.is_empty() {
        return Err("the file holds no document".into());
    }
    Ok(docs)
}

/// Checks that `doc` is AsyncAPI 3.x with every reference resolved inside it.
pub fn check_document(doc: &Value) -> Result<(), String> {
    let Some(version) = doc.get("asyncapi") else {
        return Err("this is not an AsyncAPI document: it has no `asyncapi` field".into());
    };
    let version = version.as_str().unwrap_or_default();
    if !version.starts_with("3.") {
        return Err(format!(
            "this is AsyncAPI {version}; Fanout reads AsyncAPI 3.0 (the AsyncAPI CLI's \
             `asyncapi convert` upgrades a 2.x document)"
        ));
    }
    check_refs(doc, doc)
}

// Recursion is bounded: values nest at most 128 deep (yaml::MAX_DEPTH, serde_json's own limit).
fn check_refs(doc: &Value, v: &Value) -> Result<(), String> {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref") {
                let r = r.as_str().unwrap_or_default();
                if resolve(doc, r).is_none() {
                    return Err(format!(
                        "the reference `{r}` is unresolved (Fanout reads references inside the \
                         document, like #/components/messages/Name)"
                    ));
                }
            }
            m.values().try_for_each(|x| check_refs(doc, x))
        }
        Value::Array(a) => a.iter().try_for_each(|x| check_refs(doc, x)),
        _ => Ok(()),
    }
}

/// The value a local reference (`#/components/messages/A`) points at.
fn resolve<'a>(doc: &'a Value, r: &str) -> Option<&'a Value> {
    let pointer = r.strip_prefix('#')?;
    let pointer = pointer.replace("%20", " ");
    doc.pointer(&pointer)
}

/// `v`, with references followed (a bounded number of hops, so a cycle ends).
fn deref<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str).and_then(|r| resolve(doc, r)) {
            Some(next) => v = next,
            None => break,
        }
    }
    v
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A node or an edge being built, as scenario JSON, with the id it takes.
struct Builder {
    nodes: Vec<Value>,
    edges: Vec<Value>,
    assumed: Vec<String>,
    /// Channel address → node id.
    logs: BTreeMap<String, u64>,
    /// Generic group name → node id.
    groups: BTreeMap<String, u64>,
    /// Ids already taken (from extensions) or given.
    node_ids: Vec<u64>,
    edge_ids: Vec<u64>,
    next_node: u64,
    next_edge: u64,
    laid_out: bool,
}

/// Builds one scenario from every document.
pub fn import_documents(docs: &[Value]) -> Result<Imported, String> {
    let several = docs.len() > 1;
    for (i, doc) in docs.iter().enumerate() {
        check_document(doc).map_err(|e| {
            if several {
                format!("document {}: {e}", i + 1)
            } else {
                e
            }
        })?;
    }
    let base = match docs.iter().find_map(|d| d.get("info").and_then(|i| i.get(X_SCENARIO))) {
        Some(ext) => {
            Scenario::from_json(&ext.to_string()).map_err(|e| format!("{X_SCENARIO}: {e}"))?
        }
        None => {
            let mut s = Scenario::empty();
            s.title = match docs {
                [one] => text(&one["info"], "title").unwrap_or("Imported from AsyncAPI").to_owned(),
                _ => "Imported from AsyncAPI".to_owned(),
            };
            s
        }
    };
    let mut base_json = value_of(&base);
    let mut b = Builder {
        nodes: take_array(&mut base_json, "nodes"),
        edges: take_array(&mut base_json, "edges"),
        assumed: Vec::new(),
        logs: BTreeMap::new(),
        groups: BTreeMap::new(),
        node_ids: base.nodes.iter().map(|n| u64::from(n.id.0)).collect(),
        edge_ids: base.edges.iter().map(|e| u64::from(e.id.0)).collect(),
        next_node: 1,
        next_edge: 1,
        laid_out: true,
    };
    for doc in docs {
        collect_ids(doc, &mut b, 0);
    }
    b.next_node = b.node_ids.iter().max().map_or(1, |m| m.saturating_add(1));
    b.next_edge = b.edge_ids.iter().max().map_or(1, |m| m.saturating_add(1));
    for doc in docs {
        read_document(doc, &mut b)?;
    }
    finish(base_json, b)
}

fn take_array(v: &mut Value, key: &str) -> Vec<Value> {
    match v.as_object_mut().and_then(|m| m.remove(key)) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    }
}

/// Records the ids extensions give, so generated ids never collide with them.
fn collect_ids(v: &Value, b: &mut Builder, depth: usize) {
    if depth > yaml::MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let id = x.get("id").and_then(Value::as_u64);
                match (k.as_str(), id) {
                    (X_NODE, Some(id)) => b.node_ids.push(id),
                    (X_EDGE, Some(id)) => b.edge_ids.push(id),
                    _ => collect_ids(x, b, depth + 1),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_ids(x, b, depth + 1)),
        _ => {}
    }
}

impl Builder {
    fn add_node(&mut self, node: Value) -> Result<u64, String> {
        if self.nodes.len() >= MAX_NODES {
            return Err(format!("the documents describe more than {MAX_NODES} nodes (MAX_NODES)"));
        }
        let id = node["id"].as_u64().unwrap_or(0);
        // A node two documents both describe (the same file twice) is made once.
        if !self.nodes.iter().any(|n| n["id"].as_u64() == Some(id)) {
            self.nodes.push(node);
        }
        Ok(id)
    }

    fn fresh_node(&mut self) -> u64 {
        self.laid_out = false;
        self.next_node = self.next_node.saturating_add(1);
        self.next_node - 1
    }

    fn add_edge(&mut self, mut edge: Value, ext: Option<&Value>) -> Result<(), String> {
        let id = match ext.and_then(|x| x.get("id")).and_then(Value::as_u64) {
            // An edge is described once, by the operation of its application.
            Some(id) if self.edges.iter().any(|e| e["id"].as_u64() == Some(id)) => return Ok(()),
            Some(id) => id,
            None => {
                self.next_edge = self.next_edge.saturating_add(1);
                self.next_edge - 1
            }
        };
        if self.edges.len() >= MAX_EDGES {
            return Err(format!("the documents describe more than {MAX_EDGES} edges (MAX_EDGES)"));
        }
        edge["id"] = json!(id);
        if let Some(x) = ext {
            for key in ["kind", "network"] {
                if let Some(v) = x.get(key) {
                    edge[key] = v.clone();
                }
            }
        }
        self.edges.push(edge);
        Ok(())
    }
}

/// A node as scenario JSON from its `x-fanout-node` extension (or `None` without one).
fn node_from_ext(ext: Option<&Value>, tag: &str, settings: Value) -> Option<Value> {
    let ext = ext?;
    let kind = text(ext, "kind").unwrap_or(tag);
    Some(json!({
        "id": ext.get("id")?.as_u64()?,
        "name": ext.get("name").cloned().unwrap_or_default(),
        "x": ext.get("x").cloned().unwrap_or(json!(0.0)),
        "y": ext.get("y").cloned().unwrap_or(json!(0.0)),
        "kind": { kind: settings },
    }))
}

/// The channels of `doc` (key → node id) and its messages (`channel/message` key → type).
fn read_channels(doc: &Value, b: &mut Builder) -> Result<BTreeMap<String, u64>, String> {
    let mut keys = BTreeMap::new();
    let Some(channels) = doc.get("channels").and_then(Value::as_object) else { return Ok(keys) };
    for (key, chan) in channels {
        let chan = deref(doc, chan);
        let address = text(chan, "address").unwrap_or(key).to_owned();
        if let Some(&id) = b.logs.get(&address) {
            keys.insert(key.clone(), id);
            continue;
        }
        let kafka = chan.get("bindings").map(|x| deref(doc, x)).and_then(|x| x.get("kafka"));
        let kafka = kafka.map(|k| deref(doc, k));
        let ext = chan.get(X_NODE);
        let settings = ext.and_then(|x| x.get("settings")).filter(|v| v.is_object());
        let mut settings = settings.cloned().unwrap_or(json!({}));
        let partitions = kafka.and_then(|k| k.get("partitions")).and_then(Value::as_u64);
        let retention = kafka
            .and_then(|k| k.get("topicConfiguration"))
            .and_then(|c| c.get("retention.ms"))
            .and_then(Value::as_i64);
        let name = kafka.and_then(|k| text(k, "topic")).unwrap_or(&address).to_owned();
        if let Some(p) = partitions {
            settings["partitions"] = json!(p);
        }
        if let Some(ms) = retention.filter(|&ms| ms >= 0) {
            settings["retention_s"] = json!(ms as f64 / 1000.0);
        }
        let node = match node_from_ext(ext, "topic", settings.clone()) {
            Some(node) => node,
            None => {
                if partitions.is_none() {
                    b.assumed.push(format!(
                        "{name}: {} (the channel has no Kafka binding)",
                        defaults::<TopicConfig>(TOPIC, &["partitions"])
                    ));
                }
                let id = b.fresh_node();
                json!({ "id": id, "name": name, "kind": { "topic": settings } })
            }
        };
        let id = b.add_node(node)?;
        b.logs.insert(address, id);
        keys.insert(key.clone(), id);
    }
    Ok(keys)
}

/// One operation of a document, resolved.
struct Op {
    send: bool,
    /// The channel's node.
    log: u64,
    /// Event types, with the key space their Kafka key binding gives.
    types: Vec<(String, Option<u64>)>,
    /// Whether the operation named its messages (a filter) rather than taking the channel's.
    named: bool,
    ext: Option<Value>,
    /// Kafka `groupId` of a receive operation.
    group: Option<String>,
}

/// `~1` and `~0` in a JSON pointer segment.
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A Kafka `groupId` schema's value (`enum: [billing]` or `const: billing`).
fn group_id(schema: &Value) -> Option<String> {
    let v = schema.get("const").or_else(|| schema.get("enum").and_then(|e| e.get(0)))?;
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The key space a message's Kafka key says: an integer key from 0 to `maximum`.
fn key_space(doc: &Value, message: &Value) -> Option<u64> {
    let kafka = deref(doc, message.get("bindings")?).get("kafka")?;
    let key = deref(doc, deref(doc, kafka).get("key")?);
    (text(key, "type")? == "integer").then_some(())?;
    key.get("maximum")?.as_u64().map(|m| m.saturating_add(1))
}

fn read_operations(doc: &Value, chans: &BTreeMap<String, u64>) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    let Some(map) = doc.get("operations").and_then(Value::as_object) else { return Ok(ops) };
    for (key, op) in map {
        let op = deref(doc, op);
        let send = match text(op, "action") {
            Some("send") => true,
            Some("receive") => false,
            _ => return Err(format!("operation `{key}`: `action` must be send or receive")),
        };
        let chan_ref = op.get("channel").unwrap_or(&Value::Null);
        let chan_key = chan_ref.get("$ref").and_then(Value::as_str);
        let log = chan_key.and_then(|r| r.strip_prefix("#/channels/")).map(unescape);
        let Some(&log) = log.as_ref().and_then(|k| chans.get(k)) else {
            return Err(format!("operation `{key}`: its channel is not one of #/channels"));
        };
        let chan = deref(doc, chan_ref);
        let named = op.get("messages").and_then(Value::as_array);
        let list: Vec<&Value> = match named {
            Some(a) => a.iter().collect(),
            None => chan
                .get("messages")
                .and_then(Value::as_object)
                .map(|m| m.values().collect())
                .unwrap_or_default(),
        };
        let mut types: Vec<(String, Option<u64>)> = Vec::new();
        for m in list {
            let by_key = m.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next());
            let m = deref(doc, m);
            if let Some(t) = text(m, "name").or(by_key) {
                if !types.iter().any(|x| x.0 == t) {
                    types.push((t.to_owned(), key_space(doc, m)));
                }
            }
        }
        let kafka = op.get("bindings").map(|x| deref(doc, x)).and_then(|x| x.get("kafka"));
        let group = kafka.and_then(|k| deref(doc, k).get("groupId")).map(|g| deref(doc, g));
        ops.push(Op {
            send,
            log,
            types,
            named: named.is_some(),
            ext: op.get(X_EDGE).cloned(),
            group: group.and_then(group_id),
        });
    }
    Ok(ops)
}

/// The edge of an operation of node `app`; `filter` is its event-type filter.
fn op_edge(b: &mut Builder, op: &Op, app: u64, filter: &[String]) -> Result<(), String> {
    let (from, to, kind) =
        if op.send { (app, op.log, "publish") } else { (op.log, app, "subscribe") };
    let edge = json!({ "from": from, "to": to, "kind": kind, "event_types": filter });
    b.add_edge(edge, op.ext.as_ref())
}

fn type_names(op: &Op) -> Vec<String> {
    op.types.iter().map(|t| t.0.clone()).collect()
}

fn read_document(doc: &Value, b: &mut Builder) -> Result<(), String> {
    let chans = read_channels(doc, b)?;
    let ops = read_operations(doc, &chans)?;
    let info = doc.get("info").unwrap_or(&Value::Null);
    let ext = info.get(X_NODE);
    let settings = ext.and_then(|x| x.get("settings")).cloned().unwrap_or(json!({}));
    if let Some(node) = node_from_ext(ext, "service", settings) {
        // Fanout's own export: the node and its edges as they were.
        let app = b.add_node(node)?;
        for op in &ops {
            let filter = if op.named { type_names(op) } else { Vec::new() };
            op_edge(b, op, app, &filter)?;
        }
        return Ok(());
    }
    let app_name = text(info, "title").unwrap_or("Application").to_owned();
    read_application(b, &app_name, &ops)
}

/// A document from elsewhere: its application becomes a consumer group, a service or
/// producers (one per event type it sends), and receive operations of other Kafka groups
/// become groups of their own.
fn read_application(b: &mut Builder, app_name: &str, ops: &[Op]) -> Result<(), String> {
    // The application's own receive operations: without a group id, with one that is its name
    // (`order-service` for "Order service"), or all of them when they share one group id.
    let mut groups = ops.iter().filter(|op| !op.send).map(|op| &op.group);
    let one_group = groups.next().is_some_and(|g| groups.all(|x| x == g));
    let slug = key_of(&app_name.to_ascii_lowercase());
    let own = |op: &&Op| {
        one_group || op.group.as_deref().is_none_or(|g| key_of(&g.to_ascii_lowercase()) == slug)
    };
    let receives: Vec<&Op> = ops.iter().filter(|op| !op.send).filter(own).collect();
    let sends: Vec<&Op> = ops.iter().filter(|op| op.send).collect();
    let mut sent: Vec<String> = Vec::new();
    for op in &sends {
        for (t, _) in &op.types {
            if !sent.contains(t) {
                sent.push(t.clone());
            }
        }
    }
    if !receives.is_empty() {
        let app = if sends.is_empty() {
            group_node(b, app_name, "consumer_group", json!({}))?
        } else {
            let settings = json!({ "mappings": [{ "outputs": sent }] });
            b.assumed
                .push(format!("{app_name}: every event it receives emits {}", sent.join(", ")));
            group_node(b, app_name, "service", settings)?
        };
        for op in &receives {
            op_edge(b, op, app, &if op.named { type_names(op) } else { Vec::new() })?;
        }
        for op in &sends {
            // Outputs reach only the channels that carry them.
            let types = type_names(op);
            let filter = if types.len() < sent.len() { types } else { Vec::new() };
            op_edge(b, op, app, &filter)?;
        }
    } else if !sends.is_empty() {
        read_producers(b, app_name, &sends)?;
    }
    for op in ops.iter().filter(|op| !op.send && !own(op)) {
        let name = op.group.clone().unwrap_or_default();
        let app = group_node(b, &name, "consumer_group", json!({}))?;
        op_edge(b, op, app, &if op.named { type_names(op) } else { Vec::new() })?;
    }
    Ok(())
}

/// One producer per event type the application sends.
fn read_producers(b: &mut Builder, app_name: &str, sends: &[&Op]) -> Result<(), String> {
    let mut types: Vec<(String, Option<u64>)> = Vec::new();
    for op in sends {
        for t in &op.types {
            if !types.iter().any(|x| x.0 == t.0) {
                types.push(t.clone());
            }
        }
    }
    if types.is_empty() {
        types.push((ProducerConfig::default().event_type, None));
    }
    let several = types.len() > 1;
    for (t, keys) in &types {
        let name = if several { format!("{app_name}: {t}") } else { app_name.to_owned() };
        let mut settings = json!({ "event_type": t });
        if let Some(k) = keys {
            settings["key_space"] = json!(k);
        }
        let id = b.fresh_node();
        b.add_node(json!({ "id": id, "name": name, "kind": { "producer": settings } }))?;
        b.assumed.push(producer_assumption(&name, keys.is_none()));
        for op in
            sends.iter().filter(|op| op.types.is_empty() || op.types.iter().any(|x| &x.0 == t))
        {
            op_edge(b, op, id, &[])?;
        }
    }
    Ok(())
}

/// The group (or service) called `name`, made once across documents.
fn group_node(b: &mut Builder, name: &str, kind: &str, settings: Value) -> Result<u64, String> {
    if let Some(&id) = b.groups.get(name) {
        return Ok(id);
    }
    let id = b.fresh_node();
    b.add_node(json!({ "id": id, "name": name, "kind": { kind: settings } }))?;
    b.groups.insert(name.to_owned(), id);
    let keys = ["processing.mean_ms", "instances", "guarantee"];
    b.assumed.push(format!(
        "{name}: {} (the document gives no processing time)",
        defaults::<GroupConfig>(GROUP, &keys)
    ));
    Ok(id)
}

/// "Label value unit" of each setting `keys` at its default, as the inspector shows them
/// (`Rate 10 events/s`), from the field table.
fn defaults<T: Default>(table: &'static Fields<T>, keys: &[&str]) -> String {
    let d = T::default();
    let mut parts = Vec::new();
    for key in keys {
        let Some(field) = table.iter().find(|f| f.key() == *key) else { continue };
        parts.push(match field {
            Field::Num(n) => {
                let v = (n.get)(&d).unwrap_or_default() * n.scale;
                format!("{} {} {}", n.label, format_number(v), n.unit).trim_end().to_owned()
            }
            Field::Choice(c) => {
                format!("{} {}", c.label, c.options.get((c.get)(&d)).map_or("", |o| o.1))
            }
            Field::Text(t) => format!("{} {}", t.label, (t.get)(&d)),
        });
    }
    parts.join(", ")
}

fn producer_assumption(name: &str, no_key: bool) -> String {
    let keys: &[&str] =
        if no_key { &["rate_per_s", "arrival", "key_space"] } else { &["rate_per_s", "arrival"] };
    format!("{name}: {} (the document gives no rate)", defaults(PRODUCER, keys))
}

/// The scenario: nodes and edges in id order (the order the engine numbers them in), laid
/// out if any node came without a position, and the assumptions in its notes.
fn finish(mut doc: Value, mut b: Builder) -> Result<Imported, String> {
    let id = |v: &Value| v["id"].as_u64().unwrap_or(0);
    b.nodes.sort_unstable_by_key(id);
    b.edges.sort_unstable_by_key(id);
    doc["nodes"] = Value::Array(b.nodes);
    doc["edges"] = Value::Array(b.edges);
    if !b.assumed.is_empty() {
        let mut notes = doc["notes"].as_str().unwrap_or_default().to_owned();
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str("Imported from AsyncAPI. Assumed where the documents say nothing (edit them in the inspector):");
        for line in &b.assumed {
            if notes.chars().count() + line.chars().count() + 3 > MAX_NOTES_LEN {
                break;
            }
            notes.push_str("\n- ");
            notes.push_str(line);
        }
        doc["notes"] = json!(notes);
    }
    let mut scenario =
        Scenario::from_json(&doc.to_string()).map_err(|e| format!("the imported scenario: {e}"))?;
    if !b.laid_out {
        for (id, x, y) in crate::editor::layout::layered(&scenario) {
            if let Some(n) = scenario.nodes.iter_mut().find(|n| n.id == id) {
                n.x = x;
                n.y = y;
            }
        }
    }
    Ok(Imported { scenario, assumed: b.assumed })
}
