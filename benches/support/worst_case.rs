//! The largest documents validation can be given within the limits (`src/scenario/limits.rs`),
//! shared by the native benchmark (`benches/validate.rs`) and the test that proves they validate
//! (`tests/scenario_worst_case.rs`). Each one pushes a different limit to its maximum, in the
//! shape that used to make validation slow: services whose mappings match every input and feed
//! each other (the event-cycle analysis), all edges, all event types, all nodes and faults.
//! Every document stays within [`MAX_JSON_BYTES`] as JSON, so any of them could arrive as a file
//! or a link.

#![allow(dead_code)] // Each user takes the documents it needs.

use fanout::scenario::limits::*;
use fanout::scenario::*;

/// Event type `i` (`T0`..`T127`): short, so that the documents fit in [`MAX_JSON_BYTES`].
fn type_name(i: usize) -> String {
    format!("T{}", i % MAX_EVENT_TYPES)
}

/// A service whose `mappings` all match `input` (empty: every type), each emitting
/// [`MAX_OUTPUTS`] types taken in turn from the whole type range, starting at `first`.
fn busy_service(input: &str, first: usize, otherwise: bool) -> GroupConfig {
    let mappings = (0..MAX_MAPPINGS)
        .map(|m| Mapping {
            input: input.to_owned(),
            outputs: (0..MAX_OUTPUTS).map(|o| type_name(first + m * MAX_OUTPUTS + o)).collect(),
            otherwise: if otherwise { type_name(first + m) } else { String::new() },
            otherwise_probability: if otherwise { 0.5 } else { 0.0 },
        })
        .collect();
    GroupConfig { mappings, ..GroupConfig::default() }
}

fn node(s: &mut Scenario, id: u32, name: String, kind: NodeKind) -> NodeId {
    s.nodes.push(Node::new(NodeId(id), name, f64::from(id), 0.0, kind));
    NodeId(id)
}

fn edge(s: &mut Scenario, from: NodeId, to: NodeId, kind: EdgeKind) -> &mut Edge {
    let id = EdgeId(s.edges.len() as u32 + 1);
    s.edges.push(Edge::new(id, from, to, kind));
    s.edges.last_mut().expect("just pushed")
}

/// The document issue 10 measured (23 s and 674 MB to validate, 17 KB of JSON): five services
/// of [`MAX_MAPPINGS`] mappings with an empty `input` and [`MAX_OUTPUTS`] outputs of their own
/// (1,280 event types, ten times the limit), each publishing to one topic and subscribed to it.
/// Not within the limits: it is refused, and must be refused quickly.
pub fn issue_ten() -> Scenario {
    let mut s = wildcard_services(5);
    for (n, node) in s.nodes.iter_mut().enumerate() {
        if let NodeKind::Service(g) = &mut node.kind {
            for (m, mapping) in g.mappings.iter_mut().enumerate() {
                for (o, output) in mapping.outputs.iter_mut().enumerate() {
                    *output = format!("E{n}_{m}_{o}");
                }
            }
        }
    }
    s.title = "issue 10: five wildcard services, 1,280 event types".into();
    s
}

/// `services` services of [`MAX_MAPPINGS`] mappings with an empty `input` (every type matches),
/// [`MAX_OUTPUTS`] outputs each drawn from all [`MAX_EVENT_TYPES`] types, on one topic they all
/// publish to and subscribe to: every (service, type) pair can reach every other.
pub fn wildcard_services(services: u32) -> Scenario {
    let mut s = Scenario::empty();
    s.title = format!("{services} wildcard services on one topic");
    let producer = ProducerConfig { event_type: type_name(0), ..ProducerConfig::default() };
    let p = node(&mut s, 1, "source".into(), NodeKind::Producer(producer));
    let topic = node(&mut s, 2, "bus".into(), NodeKind::Topic(TopicConfig::default()));
    edge(&mut s, p, topic, EdgeKind::Publish);
    for i in 0..services {
        let kind = NodeKind::Service(busy_service("", i as usize * 7, i % 2 == 0));
        let id = node(&mut s, 10 + i, format!("s{i}"), kind);
        edge(&mut s, topic, id, EdgeKind::Subscribe);
        edge(&mut s, id, topic, EdgeKind::Publish);
    }
    s
}

/// Most mappings: as many wildcard services as fit in [`MAX_JSON_BYTES`] (and [`MAX_NODES`]).
pub fn most_mappings() -> Scenario {
    let per_service = wildcard_services(1).to_json().len();
    let fit = (MAX_JSON_BYTES / per_service).min(MAX_NODES - 2) as u32;
    let mut s = wildcard_services(fit);
    while s.to_json().len() > MAX_JSON_BYTES {
        s = wildcard_services(s.nodes.len() as u32 - 3);
    }
    s.title = "most mappings".into();
    s
}

/// Most edges: [`MAX_EDGES`] edges, 100 services each subscribed to 19 topics and publishing to
/// one of them, every edge with a filter, every mapping matching one type.
pub fn most_edges() -> Scenario {
    const SERVICES: u32 = 100;
    const TOPICS: u32 = 19;
    let mut s = Scenario::empty();
    s.title = "most edges".into();
    let topics: Vec<NodeId> = (0..TOPICS)
        .map(|t| node(&mut s, 1 + t, format!("t{t}"), NodeKind::Topic(TopicConfig::default())))
        .collect();
    for i in 0..SERVICES {
        let first = i as usize * 3;
        let kind = NodeKind::Service(busy_service(&type_name(first), first, false));
        let id = node(&mut s, 100 + i, format!("s{i}"), kind);
        for (t, topic) in topics.iter().enumerate() {
            let filter = (0..4).map(|k| type_name(first + t * 4 + k)).collect();
            edge(&mut s, *topic, id, EdgeKind::Subscribe).event_types = filter;
        }
        let out = topics[i as usize % topics.len()];
        edge(&mut s, id, out, EdgeKind::Publish).event_types = vec![type_name(first + 1)];
    }
    assert_eq!(s.edges.len(), MAX_EDGES);
    s
}

/// Most event types: [`MAX_EVENT_TYPES`] types with [`MAX_NAME_LEN`]-character names, emitted
/// by producers and services and listed in full in the filters of a ring of services that
/// publish through outboxes.
pub fn most_event_types() -> Scenario {
    let long = |i: usize| format!("{:0>width$}", i % MAX_EVENT_TYPES, width = MAX_NAME_LEN);
    let all: Vec<String> = (0..MAX_EVENT_TYPES).map(long).collect();
    let mut s = Scenario::empty();
    s.title = "most event types".into();
    const RING: u32 = 16;
    for i in 0..RING {
        let producer = ProducerConfig { event_type: long(i as usize), ..ProducerConfig::default() };
        let p = node(&mut s, 1 + i * 4, format!("p{i}"), NodeKind::Producer(producer));
        let t = node(&mut s, 2 + i * 4, format!("t{i}"), NodeKind::Topic(TopicConfig::default()));
        let mut g = busy_service("", 0, true);
        for (m, mapping) in g.mappings.iter_mut().enumerate() {
            mapping.outputs =
                (0..MAX_OUTPUTS).map(|o| long(m * MAX_OUTPUTS + o + 3 * i as usize)).collect();
            mapping.otherwise = long(m);
        }
        let svc = node(&mut s, 3 + i * 4, format!("s{i}"), NodeKind::Service(g));
        let ob =
            node(&mut s, 4 + i * 4, format!("o{i}"), NodeKind::Outbox(OutboxConfig::default()));
        edge(&mut s, p, t, EdgeKind::Publish);
        edge(&mut s, t, svc, EdgeKind::Subscribe).event_types = all.clone();
        edge(&mut s, svc, ob, EdgeKind::Write).event_types = all.clone();
        let next = NodeId(2 + ((i + 1) % RING) * 4);
        edge(&mut s, ob, next, EdgeKind::Publish).event_types = all.clone();
    }
    s
}

/// Most nodes: [`MAX_NODES`] nodes of every kind, [`MAX_EDGES`] edges (a call chain, a
/// publish/subscribe mesh, dead-letter and write edges) and [`MAX_FAULTS`] faults.
pub fn most_nodes() -> Scenario {
    let mut s = Scenario::empty();
    s.title = "most nodes".into();
    let per = MAX_NODES as u32 / 5;
    let ids = |base: u32| (0..per).map(move |i| NodeId(base + i));
    for i in 0..per {
        let producer = ProducerConfig { event_type: type_name(i as usize), ..Default::default() };
        node(&mut s, 1000 + i, format!("p{i}"), NodeKind::Producer(producer));
        node(&mut s, 2000 + i, format!("t{i}"), NodeKind::Topic(TopicConfig::default()));
        let g = busy_service(&type_name(i as usize), i as usize, false);
        node(&mut s, 3000 + i, format!("s{i}"), NodeKind::Service(g));
        node(&mut s, 4000 + i, format!("g{i}"), NodeKind::ConsumerGroup(GroupConfig::default()));
        node(&mut s, 5000 + i, format!("d{i}"), NodeKind::Database(DatabaseConfig::default()));
    }
    let (producers, topics, services, groups, dbs): (Vec<_>, Vec<_>, Vec<_>, Vec<_>, Vec<_>) = (
        ids(1000).collect(),
        ids(2000).collect(),
        ids(3000).collect(),
        ids(4000).collect(),
        ids(5000).collect(),
    );
    for i in 0..per as usize {
        let next = (i + 1) % per as usize;
        edge(&mut s, producers[i], topics[i], EdgeKind::Publish);
        edge(&mut s, topics[i], services[i], EdgeKind::Subscribe);
        edge(&mut s, topics[i], groups[i], EdgeKind::Subscribe);
        edge(&mut s, services[i], topics[next], EdgeKind::Publish);
        edge(&mut s, services[i], dbs[i], EdgeKind::Write);
        edge(&mut s, groups[i], dbs[next], EdgeKind::Write);
        edge(&mut s, groups[i], topics[(i + 7) % per as usize], EdgeKind::DeadLetter);
        if next != 0 {
            edge(&mut s, services[i], services[next], EdgeKind::Call);
        }
    }
    let mut i = 0;
    while s.edges.len() < MAX_EDGES {
        let (a, b) = (i % per as usize, (i * 7 + 3) % per as usize);
        edge(&mut s, topics[a], services[b], EdgeKind::Subscribe);
        i += 1;
    }
    for f in 0..MAX_FAULTS {
        let target = groups[f % groups.len()];
        s.faults.push(Fault { node: target, at_s: f as f64, duration_s: 1.0, ..Fault::default() });
    }
    s
}

/// Every document above, named, for the benchmark and the test.
pub fn all() -> Vec<(&'static str, Scenario)> {
    vec![
        ("issue_ten", issue_ten()),
        ("most_mappings", most_mappings()),
        ("most_edges", most_edges()),
        ("most_event_types", most_event_types()),
        ("most_nodes", most_nodes()),
    ]
}
