//! The scenario format: reading, writing, errors that name the field, validation.

use fanout::scenario::limits::{FORMAT_VERSION, MAX_JSON_BYTES, MAX_NODES};
use fanout::scenario::*;

#[test]
fn default_is_user_registered_and_valid() {
    let s = Scenario::default();
    assert_eq!(s.title, "User registered");
    assert_eq!(s.nodes.len(), 6);
    let problems = s.validate();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn round_trip_is_lossless_and_compact() {
    let s = Scenario::default();
    let json = s.to_json_pretty();
    let back = Scenario::from_json(&json).expect("own output parses");
    assert_eq!(s, back);
    // Defaults are left out.
    assert!(!json.contains("retention_s"), "{json}");
    assert!(!json.contains("max_attempts"));
}

#[test]
fn minimal_document_opens_with_defaults_and_inferred_edge_kinds() {
    let s = Scenario::from_json(
        r#"{"nodes":[{"id":1,"kind":"producer"},{"id":2,"kind":"topic"},
            {"id":3,"kind":{"consumer_group":{}}}],
            "edges":[{"id":1,"from":1,"to":2},{"id":2,"from":2,"to":3}],
            "some_future_field": true}"#,
    )
    .expect("parses");
    assert_eq!(s.version, FORMAT_VERSION);
    assert_eq!(s.edges[0].kind, EdgeKind::Publish);
    assert_eq!(s.edges[1].kind, EdgeKind::Subscribe);
    assert_eq!(s.edges[0].network.delay_us, 1_000);
    match &s.nodes[0].kind {
        NodeKind::Producer(p) => assert_eq!(p.rate_per_s, 10.0),
        other => panic!("{other:?}"),
    }
    assert!(s.is_runnable(), "{:#?}", s.validate());
}

#[test]
fn errors_name_the_field_path() {
    let err =
        Scenario::from_json(r#"{"nodes":[{"id":1,"kind":{"producer":{"rate_per_s":"fast"}}}]}"#)
            .expect_err("wrong type");
    let text = err.to_string();
    assert!(text.starts_with("nodes[0].kind.producer.rate_per_s:"), "{text}");

    let err = Scenario::from_json(r#"{"nodes":[{"id":1,"kind":{"teapot":{}}}]}"#)
        .expect_err("unknown kind");
    assert!(err.to_string().contains("nodes[0].kind"), "{err}");

    let err = Scenario::from_json("{\"nodes\": [1, 2,,]}").expect_err("syntax");
    assert!(matches!(err, ScenarioError::Syntax { line: 1, .. }), "{err:?}");

    let err = Scenario::from_json("[]").expect_err("not an object");
    assert!(err.to_string().contains("object"), "{err}");
}

#[test]
fn newer_versions_are_refused_clearly() {
    let err = Scenario::from_json(r#"{"version": 99}"#).expect_err("newer");
    assert_eq!(err, ScenarioError::UnsupportedVersion { found: 99 });
    assert!(err.to_string().starts_with("version:"));
    assert!(Scenario::from_json(r#"{"version": 0}"#).is_err());
    assert!(Scenario::from_json(r#"{"version": 1}"#).is_ok());
}

#[test]
fn oversize_input_is_refused_before_parsing() {
    let big = " ".repeat(MAX_JSON_BYTES + 1);
    assert!(matches!(Scenario::from_json(&big), Err(ScenarioError::TooLarge { .. })));
}

fn problem<'a>(problems: &'a [Problem], field: &str) -> &'a Problem {
    problems
        .iter()
        .find(|p| p.field == field)
        .unwrap_or_else(|| panic!("no problem on {field}: {problems:#?}"))
}

#[test]
fn validation_names_node_field_and_problem() {
    let mut s = Scenario::default();
    if let NodeKind::Producer(p) = &mut s.nodes[0].kind {
        p.rate_per_s = f64::NAN;
        p.poison_probability = 1.5;
    }
    if let NodeKind::Topic(t) = &mut s.nodes[1].kind {
        t.partitions = 0;
    }
    if let NodeKind::ConsumerGroup(g) = &mut s.nodes[2].kind {
        g.processing.mean_ms = -1.0;
    }
    s.edges.push(Edge::new(EdgeId(99), NodeId(1), NodeId(42), EdgeKind::Publish));
    s.edges.push(Edge::new(EdgeId(100), NodeId(3), NodeId(4), EdgeKind::Subscribe));
    let problems = s.validate();
    let p = problem(&problems, "producer.rate_per_s");
    assert_eq!(p.node, Some(NodeId(1)));
    assert_eq!(p.message, "is not a number");
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(problem(&problems, "producer.poison_probability").node, Some(NodeId(1)));
    assert_eq!(problem(&problems, "topic.partitions").node, Some(NodeId(2)));
    assert!(problem(&problems, "consumer_group.processing.mean_ms").message.contains("at least"));
    let dangling = problem(&problems, "to");
    assert_eq!(dangling.edge, Some(EdgeId(99)));
    assert!(dangling.message.contains("does not exist"));
    let sub = problems.iter().find(|p| p.edge == Some(EdgeId(100))).expect("subscription");
    assert!(sub.message.contains("subscription must start at a topic"), "{sub:?}");
    assert!(!s.is_runnable());
}

#[test]
fn dead_letter_target_must_be_a_log() {
    let mut s = Scenario::default();
    s.nodes.push(Node::new(NodeId(7), "db", 0.0, 0.0, NodeKind::Database(Default::default())));
    s.edges.push(Edge::new(EdgeId(9), NodeId(3), NodeId(7), EdgeKind::DeadLetter));
    let problems = s.validate();
    let p = problems.iter().find(|p| p.edge == Some(EdgeId(9))).expect("problem");
    assert!(p.message.contains("dead-letter target must be a topic"), "{p:?}");
}

#[test]
fn cycle_with_no_exit_is_an_error() {
    let json = r#"{"nodes":[
        {"id":1,"kind":{"producer":{"event_type":"PingSent"}}},
        {"id":2,"kind":"topic"},
        {"id":3,"name":"Echo","kind":{"service":{"mappings":[{"input":"PingSent","outputs":["PingSent"]}]}}}],
      "edges":[{"id":1,"from":1,"to":2},{"id":2,"from":2,"to":3},{"id":3,"from":3,"to":2}]}"#;
    let s = Scenario::from_json(json).expect("parses");
    let problems = s.validate();
    let p = problems.iter().find(|p| p.message.contains("cycle with no exit")).expect("cycle");
    assert_eq!(p.node, Some(NodeId(3)));
    assert_eq!(p.severity, Severity::Error);
}

#[test]
fn oversize_graph_is_an_error() {
    let mut s = Scenario::empty();
    for i in 0..=MAX_NODES as u32 {
        s.nodes.push(Node::new(NodeId(i), "", 0.0, 0.0, NodeKind::Topic(Default::default())));
    }
    let problems = s.validate();
    assert_eq!(problem(&problems, "nodes").severity, Severity::Error);
}

#[test]
fn edge_allowed_gives_a_kind_or_a_reason() {
    use NodeKindTag::*;
    assert_eq!(edge_allowed(Producer, Topic), Ok(EdgeKind::Publish));
    assert_eq!(edge_allowed(Topic, ConsumerGroup), Ok(EdgeKind::Subscribe));
    assert_eq!(edge_allowed(Service, DeadLetterQueue), Ok(EdgeKind::DeadLetter));
    assert_eq!(edge_allowed(Service, Database), Ok(EdgeKind::Write));
    assert_eq!(edge_allowed(Producer, Service), Ok(EdgeKind::Call));
    assert_eq!(edge_allowed(Outbox, Topic), Ok(EdgeKind::Publish));
    assert!(edge_allowed(Topic, Topic).is_err());
    assert!(edge_allowed(Database, Topic).is_err());
    // Every pair answers without panicking.
    for a in NodeKindTag::ALL {
        for b in NodeKindTag::ALL {
            let _ = edge_allowed(a, b);
        }
    }
}

#[test]
fn validation_never_panics_on_extreme_numbers() {
    let mut s = Scenario::default();
    for n in &mut s.nodes {
        n.x = f64::INFINITY;
        match &mut n.kind {
            NodeKind::Producer(p) => {
                p.rate_per_s = f64::MAX;
                p.stop_s = Some(-f64::MAX);
                p.key_space = u32::MAX;
            }
            NodeKind::ConsumerGroup(g) => {
                g.instances = u32::MAX;
                g.retry.multiplier = f64::NEG_INFINITY;
            }
            _ => {}
        }
    }
    s.duration_s = Some(f64::NAN);
    let problems = s.validate();
    assert!(problems.len() > 5);
}
