//! Validation at the limits: the worst documents within them validate (their speed is measured
//! by `cargo bench --bench validate`, never here), documents past them are refused on their
//! counts alone, and the event-cycle analysis that used to take 23 s (issue 10) still finds
//! exactly the cycles that can happen.

#[path = "../benches/support/worst_case.rs"]
mod worst_case;

use fanout::scenario::limits::*;
use fanout::scenario::*;

fn over_a_limit(p: &Problem) -> bool {
    p.message.contains("the limit is") || p.message.contains("more than")
}

#[test]
fn worst_documents_within_the_limits_validate() {
    for (name, s) in worst_case::all().into_iter().filter(|(name, _)| *name != "issue_ten") {
        let json = s.to_json();
        assert!(json.len() <= MAX_JSON_BYTES, "{name}: {} bytes", json.len());
        let problems = s.validate();
        assert!(!problems.iter().any(over_a_limit), "{name}: {problems:#?}");
        // The same answer through the file format, as a visitor's document arrives.
        let opened = Scenario::from_json(&json).expect("own JSON opens");
        assert_eq!(opened.validate(), problems, "{name}");
    }
}

#[test]
fn worst_documents_push_each_limit_to_its_maximum() {
    let all: std::collections::BTreeMap<_, _> = worst_case::all().into_iter().collect();
    let mappings = |s: &Scenario| {
        s.nodes.iter().filter_map(|n| n.kind.group()).map(|g| g.mappings.len()).sum::<usize>()
    };
    // Hundreds of services of 32 wildcard mappings: the most the byte limit allows.
    assert!(
        mappings(&all["most_mappings"]) > 250 * MAX_MAPPINGS,
        "{}",
        mappings(&all["most_mappings"])
    );
    assert_eq!(all["most_edges"].edges.len(), MAX_EDGES);
    assert_eq!(all["most_nodes"].nodes.len(), MAX_NODES);
    assert_eq!(all["most_nodes"].edges.len(), MAX_EDGES);
    assert_eq!(all["most_nodes"].faults.len(), MAX_FAULTS);
    let s = &all["most_event_types"];
    let filter = s.edges.iter().map(|e| e.event_types.len()).max();
    assert_eq!(filter, Some(MAX_EVENT_TYPES));
    assert!(s.edges.iter().flat_map(|e| &e.event_types).all(|t| t.chars().count() == MAX_NAME_LEN));
}

#[test]
fn the_issue_ten_document_is_refused_on_its_count_of_event_types_alone() {
    let s = worst_case::issue_ten();
    assert!(s.to_json().len() < 32 * 1024);
    let problems = s.validate();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].field, "nodes");
    assert!(problems[0].message.ends_with(&format!("event types; the limit is {MAX_EVENT_TYPES}")));
}

#[test]
fn counts_past_their_limits_are_reported_before_any_analysis() {
    // Far past every limit at once: 10,000 services of 100 wildcard mappings on one topic.
    let mut s = Scenario::empty();
    s.nodes.push(Node::new(NodeId(1), "bus", 0.0, 0.0, NodeKind::Topic(TopicConfig::default())));
    let mapping = Mapping { outputs: vec!["A".into(); 20], ..Mapping::default() };
    for i in 0..10_000 {
        let g = GroupConfig { mappings: vec![mapping.clone(); 100], ..GroupConfig::default() };
        s.nodes.push(Node::new(NodeId(i + 2), "", 0.0, 0.0, NodeKind::Service(g)));
        s.edges.push(Edge::new(EdgeId(2 * i), NodeId(1), NodeId(i + 2), EdgeKind::Subscribe));
        s.edges.push(Edge::new(EdgeId(2 * i + 1), NodeId(i + 2), NodeId(1), EdgeKind::Publish));
    }
    s.edges[0].event_types = (0..1_000).map(|i| format!("T{i}")).collect();
    let problems = s.validate();
    assert!(problems.iter().all(over_a_limit), "{:#?}", &problems[..3]);
    for field in
        ["nodes", "edges", "service.mappings", "service.mappings[0].outputs", "event_types"]
    {
        assert!(problems.iter().any(|p| p.field == field), "{field}");
    }
}

// ------------------------------------------------------------------------------------------
// The event-cycle analysis: what it finds, on small graphs
// ------------------------------------------------------------------------------------------

/// A producer of `first` into topic 2, and one service per mapping list, each subscribed to
/// topic 2 and publishing back to it.
fn loop_of(first: &str, services: &[Vec<Mapping>]) -> Scenario {
    let mut s = Scenario::empty();
    let producer = ProducerConfig { event_type: first.into(), ..ProducerConfig::default() };
    s.nodes.push(Node::new(NodeId(1), "source", 0.0, 0.0, NodeKind::Producer(producer)));
    s.nodes.push(Node::new(NodeId(2), "bus", 0.0, 0.0, NodeKind::Topic(TopicConfig::default())));
    s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
    for (i, mappings) in services.iter().enumerate() {
        let id = NodeId(10 + i as u32);
        let g = GroupConfig { mappings: mappings.clone(), ..GroupConfig::default() };
        s.nodes.push(Node::new(id, format!("s{i}"), 0.0, 0.0, NodeKind::Service(g)));
        s.edges.push(Edge::new(EdgeId(10 + 2 * i as u32), NodeId(2), id, EdgeKind::Subscribe));
        s.edges.push(Edge::new(EdgeId(11 + 2 * i as u32), id, NodeId(2), EdgeKind::Publish));
    }
    s
}

fn map(input: &str, outputs: &[&str], otherwise: &str, p: f64) -> Mapping {
    Mapping {
        input: input.into(),
        outputs: outputs.iter().map(|o| (*o).to_owned()).collect(),
        otherwise: otherwise.into(),
        otherwise_probability: p,
    }
}

/// The cycle problems, as (severity, message).
fn cycles(s: &Scenario) -> Vec<(Severity, String)> {
    let problems = s.validate().into_iter().filter(|p| p.message.contains("events go round"));
    problems.map(|p| (p.severity, p.message)).collect()
}

#[test]
fn a_wildcard_mapping_that_feeds_itself_has_no_exit() {
    let s = loop_of("A", &[vec![map("", &["B"], "", 0.0)]]);
    let found = cycles(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Severity::Error);
    assert!(found[0].1.contains("(s0)"), "{found:?}");
}

#[test]
fn an_otherwise_branch_lets_a_cycle_end_by_chance() {
    let s = loop_of("A", &[vec![map("A", &["B"], "Done", 0.1)], vec![map("B", &["A"], "", 0.0)]]);
    assert_eq!(
        cycles(&s),
        vec![(
            Severity::Warning,
            "events go round in a cycle (s0, s1); it ends only by chance".into()
        )]
    );
}

#[test]
fn an_otherwise_that_never_happens_is_no_way_round() {
    // `otherwise` at probability 0 is never emitted, so `A` does not come back.
    let s = loop_of("A", &[vec![map("A", &["Done"], "A", 0.0)]]);
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
    // At probability 1 it always replaces the outputs: `A` always comes back.
    let s = loop_of("A", &[vec![map("A", &["Done"], "A", 1.0)]]);
    assert_eq!(cycles(&s).first().map(|c| c.0), Some(Severity::Error));
}

#[test]
fn a_certain_cycle_inside_one_with_exits_is_still_endless() {
    // A → A for sure (second mapping), besides A → B → A by chance: A never stops.
    let s = loop_of(
        "A",
        &[vec![
            map("A", &["B"], "Done", 0.5),
            map("A", &["A"], "", 0.0),
            map("B", &["A"], "", 0.0),
        ]],
    );
    assert_eq!(cycles(&s).first().map(|c| c.0), Some(Severity::Error), "{:?}", cycles(&s));
    // The same transition by chance in one mapping and for sure in another is certain.
    let s = loop_of("A", &[vec![map("A", &["A"], "Done", 0.5), map("", &["A"], "", 0.0)]]);
    assert_eq!(cycles(&s).first().map(|c| c.0), Some(Severity::Error), "{:?}", cycles(&s));
}

#[test]
fn filters_and_outboxes_are_followed() {
    // The service's publish edge lets only `Done` through: no way back.
    let mut s = loop_of("A", &[vec![map("", &["A"], "", 0.0)]]);
    s.edges[2].event_types = vec!["Done".into()];
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
    // Publishing through an outbox and its relay closes the loop again.
    s.nodes.push(Node::new(
        NodeId(3),
        "outbox",
        0.0,
        0.0,
        NodeKind::Outbox(OutboxConfig::default()),
    ));
    s.edges.push(Edge::new(EdgeId(50), NodeId(10), NodeId(3), EdgeKind::Write));
    s.edges.push(Edge::new(EdgeId(51), NodeId(3), NodeId(2), EdgeKind::Publish));
    assert_eq!(cycles(&s).first().map(|c| c.0), Some(Severity::Error), "{:?}", cycles(&s));
    // A filter on the subscription breaks it.
    s.edges[1].event_types = vec!["Other".into()];
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
}

#[test]
fn a_mapping_for_a_type_no_one_sends_never_fires() {
    // `Z` would lead to `A`, which the service receives, but nothing ever sends `Z`.
    let s = loop_of("A", &[vec![map("Z", &["A"], "", 0.0), map("A", &["Done"], "", 0.0)]]);
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
}
