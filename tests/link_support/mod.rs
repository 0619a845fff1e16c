//! Scenarios shared by the share-link tests (`link_codec.rs`, `link_golden.rs`).
//!
//! `thirty_nodes` and `kitchen_sink` are pinned by golden links in `link_golden.rs`: changing
//! what they build makes those tests fail. Add a new builder instead.

// Each test crate uses only some of these.
#![allow(dead_code)]

use fanout::scenario::*;

/// A hand-built 30-node, 40-edge shop: five producers, seven topics and two dead-letter queues,
/// services with mappings, consumer groups, databases, projections and an outbox, on a 20-unit
/// grid, with a few non-default settings and a scheduled fault. It stands for "a big diagram a
/// person would build and share": the size budget of issue 6 (≤ 1,000 characters) is measured
/// on it.
pub fn thirty_nodes() -> Scenario {
    let mut s = Scenario::empty();
    s.title = "Shop, the whole picture".to_owned();
    s.notes = "Orders, payments, shipping and the read side of a small shop.".to_owned();
    s.seed = 42;
    s.duration_s = Some(120.0);

    let producer = |event: &str, rate: f64| {
        NodeKind::Producer(ProducerConfig {
            event_type: event.to_owned(),
            rate_per_s: rate,
            ..ProducerConfig::default()
        })
    };
    let topic =
        |partitions: u32| NodeKind::Topic(TopicConfig { partitions, ..TopicConfig::default() });
    let group = |mean_ms: f64, instances: u32| {
        NodeKind::ConsumerGroup(GroupConfig {
            instances,
            processing: ProcessingTime { mean_ms, ..ProcessingTime::default() },
            ..GroupConfig::default()
        })
    };
    let service = |input: &str, output: &str| {
        NodeKind::Service(GroupConfig {
            mappings: vec![Mapping {
                input: input.to_owned(),
                outputs: vec![output.to_owned()],
                ..Mapping::default()
            }],
            ..GroupConfig::default()
        })
    };
    let projection = || NodeKind::Projection(GroupConfig::default());
    let dlq = || NodeKind::DeadLetterQueue(TopicConfig::default());
    let db = || NodeKind::Database(DatabaseConfig::default());

    let nodes: Vec<(&str, f64, f64, NodeKind)> = vec![
        // 1..=5 producers
        ("Checkout", 100.0, 100.0, producer("OrderCreated", 20.0)),
        ("Sign-up", 100.0, 260.0, producer("UserRegistered", 5.0)),
        ("Catalog admin", 100.0, 420.0, producer("ProductUpdated", 1.0)),
        ("Returns desk", 100.0, 580.0, producer("ReturnRequested", 0.5)),
        ("Reviews", 100.0, 740.0, producer("ReviewPosted", 2.0)),
        // 6..=12 topics
        ("orders", 360.0, 100.0, topic(6)),
        ("users", 360.0, 260.0, topic(3)),
        ("products", 360.0, 420.0, topic(2)),
        ("returns", 360.0, 580.0, topic(1)),
        ("reviews", 360.0, 740.0, topic(2)),
        ("payments", 880.0, 100.0, topic(6)),
        ("shipments", 880.0, 260.0, topic(3)),
        // 13..=14 dead-letter queues
        ("orders-dlq", 620.0, 900.0, dlq()),
        ("payments-dlq", 1140.0, 900.0, dlq()),
        // 15..=17 services
        ("Payment", 620.0, 100.0, service("OrderCreated", "PaymentCaptured")),
        ("Shipping", 1140.0, 100.0, service("PaymentCaptured", "OrderShipped")),
        ("Refunds", 620.0, 580.0, service("ReturnRequested", "PaymentRefunded")),
        // 18..=24 consumer groups
        ("Inventory", 620.0, 220.0, group(15.0, 2)),
        ("Order email", 620.0, 340.0, group(120.0, 1)),
        ("Welcome email", 620.0, 460.0, group(120.0, 1)),
        ("Fraud check", 1140.0, 220.0, group(40.0, 3)),
        ("Search indexer", 620.0, 700.0, group(25.0, 1)),
        ("Analytics", 1140.0, 340.0, group(5.0, 1)),
        ("Loyalty points", 1140.0, 460.0, group(10.0, 1)),
        // 25..=27 databases
        ("Orders DB", 1400.0, 100.0, db()),
        ("Stock DB", 1400.0, 220.0, db()),
        ("Warehouse", 1400.0, 340.0, db()),
        // 28..=29 projections
        ("Order history", 1140.0, 580.0, projection()),
        ("Customer 360", 1140.0, 700.0, projection()),
        // 30 outbox
        ("Orders outbox", 880.0, 580.0, NodeKind::Outbox(OutboxConfig::default())),
    ];
    for (i, (name, x, y, kind)) in nodes.into_iter().enumerate() {
        let id = NodeId(u32::try_from(i + 1).expect("30 fits"));
        s.nodes.push(Node::new(id, name, x, y, kind));
    }

    use EdgeKind::*;
    let edges: Vec<(u32, u32, EdgeKind)> = vec![
        (1, 6, Publish),
        (2, 7, Publish),
        (3, 8, Publish),
        (4, 9, Publish),
        (5, 10, Publish),
        (6, 15, Subscribe),
        (6, 18, Subscribe),
        (6, 19, Subscribe),
        (6, 21, Subscribe),
        (6, 23, Subscribe),
        (6, 28, Subscribe),
        (7, 20, Subscribe),
        (7, 23, Subscribe),
        (7, 24, Subscribe),
        (7, 29, Subscribe),
        (8, 22, Subscribe),
        (8, 23, Subscribe),
        (9, 17, Subscribe),
        (10, 22, Subscribe),
        (10, 29, Subscribe),
        (15, 11, Publish),
        (17, 11, Publish),
        (11, 16, Subscribe),
        (11, 24, Subscribe),
        (11, 23, Subscribe),
        (11, 28, Subscribe),
        (16, 12, Publish),
        (12, 19, Subscribe),
        (12, 23, Subscribe),
        (12, 28, Subscribe),
        (15, 14, DeadLetter),
        (18, 13, DeadLetter),
        (21, 13, DeadLetter),
        (16, 14, DeadLetter),
        (18, 26, Write),
        (15, 25, Write),
        (16, 27, Write),
        (17, 30, Write),
        (30, 11, Publish),
        (24, 25, Write),
    ];
    for (i, (from, to, kind)) in edges.into_iter().enumerate() {
        let id = EdgeId(u32::try_from(i + 1).expect("40 fits"));
        s.edges.push(Edge::new(id, NodeId(from), NodeId(to), kind));
    }
    // A slow link and an event-type filter, so the sample carries some edge settings too.
    s.edges[0].network.delay_us = 5_000;
    s.edges[11].event_types = vec!["UserRegistered".to_owned()];
    s.faults.push(Fault {
        node: NodeId(19),
        kind: FaultKind::Crash,
        at_s: 30.0,
        duration_s: 20.0,
        ..Fault::default()
    });
    s
}

/// Another 30-node scenario, with names the link dictionary does not contain (a factory's
/// telemetry), so the size figure is not flattered by words the dictionary happens to know.
pub fn thirty_nodes_unfamiliar() -> Scenario {
    let mut s = Scenario::empty();
    s.title = "Plant floor telemetry".to_owned();
    s.seed = 7;
    let lines = ["Press", "Lathe", "Kiln", "Mixer", "Welder", "Conveyor"];
    let mut next = 1_u32;
    let mut add = |s: &mut Scenario, name: String, x: f64, y: f64, kind: NodeKind| {
        let id = NodeId(next);
        next += 1;
        s.nodes.push(Node::new(id, name, x, y, kind));
        id
    };
    let bus = add(
        &mut s,
        "vibration-bus".to_owned(),
        380.0,
        340.0,
        NodeKind::Topic(TopicConfig { partitions: 12, ..TopicConfig::default() }),
    );
    let alarms = add(
        &mut s,
        "alarm-feed".to_owned(),
        900.0,
        340.0,
        NodeKind::Topic(TopicConfig {
            partitions: 4,
            retention_s: 86_400.0,
            ..TopicConfig::default()
        }),
    );
    let parked = add(
        &mut s,
        "quarantine".to_owned(),
        640.0,
        720.0,
        NodeKind::DeadLetterQueue(TopicConfig::default()),
    );
    let mut edges: Vec<(NodeId, NodeId, EdgeKind)> = Vec::new();
    let mut filtered: Vec<(NodeId, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let y = 60.0 + 120.0 * i as f64;
        let sensor = add(
            &mut s,
            format!("{line} accelerometer"),
            120.0,
            y,
            NodeKind::Producer(ProducerConfig {
                event_type: format!("{line}VibrationSampled"),
                arrival: Arrival::Constant,
                rate_per_s: 50.0 + 10.0 * i as f64,
                key_space: 8,
                ..ProducerConfig::default()
            }),
        );
        edges.push((sensor, bus, EdgeKind::Publish));
        let detector = add(
            &mut s,
            format!("{line} anomaly detector"),
            640.0,
            y,
            NodeKind::Service(GroupConfig {
                instances: 2,
                processing: ProcessingTime {
                    distribution: Distribution::LogNormal,
                    mean_ms: 8.0 + i as f64,
                    ..ProcessingTime::default()
                },
                mappings: vec![Mapping {
                    input: format!("{line}VibrationSampled"),
                    outputs: vec![format!("{line}ThresholdExceeded")],
                    ..Mapping::default()
                }],
                ..GroupConfig::default()
            }),
        );
        edges.push((bus, detector, EdgeKind::Subscribe));
        edges.push((detector, alarms, EdgeKind::Publish));
        edges.push((detector, parked, EdgeKind::DeadLetter));
        let log = add(
            &mut s,
            format!("{line} service log"),
            1420.0,
            y + 460.0,
            NodeKind::ConsumerGroup(GroupConfig::default()),
        );
        filtered.push((log, format!("{line}ThresholdExceeded")));
    }
    let sinks = [
        ("Maintenance pager", 1160.0, 100.0),
        ("Shift dashboard", 1160.0, 220.0),
        ("Downtime ledger", 1160.0, 340.0),
        ("Spare-parts planner", 1160.0, 460.0),
        ("Quality lab", 1160.0, 580.0),
        ("Historian", 640.0, 840.0),
        ("Energy meter", 1160.0, 700.0),
        ("Line supervisor app", 1160.0, 820.0),
        ("Cold-storage archive", 1420.0, 340.0),
    ];
    for (name, x, y) in sinks {
        let sink = add(
            &mut s,
            name.to_owned(),
            x,
            y,
            NodeKind::ConsumerGroup(GroupConfig {
                processing: ProcessingTime { mean_ms: 30.0, ..ProcessingTime::default() },
                ..GroupConfig::default()
            }),
        );
        let source = if name == "Historian" { bus } else { alarms };
        edges.push((source, sink, EdgeKind::Subscribe));
    }
    for (i, (from, to, kind)) in edges.into_iter().enumerate() {
        let id = EdgeId(u32::try_from(i + 1).expect("fits"));
        s.edges.push(Edge::new(id, from, to, kind));
    }
    for (log, event_type) in filtered {
        let id = s.next_edge_id();
        let mut edge = Edge::new(id, alarms, log, EdgeKind::Subscribe);
        edge.event_types = vec![event_type];
        s.edges.push(edge);
    }
    s
}

/// Every field of the format at a value other than its default, node and edge ids that are not
/// consecutive, an empty name, and names that look like markup: the golden vector that pins
/// every key of the link's tables.
pub fn kitchen_sink() -> Scenario {
    let mut s = Scenario::empty();
    s.title = "Kitchen sink <b>bold</b>".to_owned();
    s.notes =
        "Every setting at a value that is not its default.\nSecond line: \"quoted\" & ünïcödé 🚀."
            .to_owned();
    s.seed = u64::MAX;
    s.duration_s = Some(90.5);
    let group = GroupConfig {
        instances: 3,
        concurrency: 2,
        assignment: Assignment::RoundRobin,
        session_timeout_s: 4.0,
        rebalance_pause_s: 0.25,
        restart_s: 2.5,
        processing: ProcessingTime {
            distribution: Distribution::Uniform,
            mean_ms: 40.0,
            spread_ms: 10.0,
            sigma: 0.75,
        },
        guarantee: Guarantee::EffectivelyOnce,
        // Added after the golden link was written: it stays at its default (one day) so the
        // old link still decodes to this; `link_codec.rs` round-trips a changed value.
        dedup_window_s: 86_400.0,
        retry: RetryPolicy {
            max_attempts: 7,
            backoff: Backoff::Fixed,
            initial_backoff_ms: 25.0,
            max_backoff_ms: 1_000.0,
            multiplier: 3.0,
            jitter: 0.3,
        },
        max_schema_version: Some(2),
        failure_probability: 0.01,
        crash_before_side_effect_probability: 0.002,
        crash_after_side_effect_probability: 0.003,
        crash_between_write_and_publish_probability: 0.004,
        mappings: Vec::new(),
    };
    let producer = ProducerConfig {
        event_type: "OrderPlaced".to_owned(),
        arrival: Arrival::Bursts,
        rate_per_s: 12.5,
        burst_size: 20,
        burst_interval_s: 2.0,
        key_space: 500,
        key_distribution: KeyDistribution::HotKey,
        zipf_exponent: 1.2,
        hot_key_share: 0.7,
        schema_version: 1,
        schema_upgrade: Some(SchemaUpgrade { at_s: 30.0, version: 3, compatible: true }),
        poison_probability: 0.001,
        crash_between_write_and_publish_probability: 0.05,
        handle_ms: 3.0,
        start_s: 1.0,
        stop_s: Some(80.0),
        max_events: Some(10_000),
        ..ProducerConfig::default()
    };
    let nodes = [
        (10, "<script>alert('x')</script>", NodeKind::Producer(producer)),
        (
            20,
            "orders",
            NodeKind::Topic(TopicConfig {
                partitions: 8,
                retention_s: 3_600.0,
                ..TopicConfig::default()
            }),
        ),
        (
            30,
            "Payment",
            NodeKind::Service(GroupConfig {
                mappings: vec![Mapping {
                    input: "OrderPlaced".to_owned(),
                    outputs: vec!["PaymentTaken".to_owned(), "ReceiptIssued".to_owned()],
                    otherwise: "PaymentDeclined".to_owned(),
                    otherwise_probability: 0.1,
                }],
                ..group.clone()
            }),
        ),
        (31, "", NodeKind::ConsumerGroup(group.clone())),
        (
            40,
            "parked",
            NodeKind::DeadLetterQueue(TopicConfig {
                partitions: 2,
                retention_s: 7_200.0,
                ..TopicConfig::default()
            }),
        ),
        (50, "Ledger DB", NodeKind::Database(DatabaseConfig { capacity_per_s: 250.0 })),
        (
            60,
            "Order view",
            NodeKind::Projection(GroupConfig { instances: 2, ..GroupConfig::default() }),
        ),
        (
            70,
            "Outbox",
            NodeKind::Outbox(OutboxConfig {
                relay_interval_ms: 50.0,
                relay_batch: 10,
                relay_crash_probability: 0.02,
            }),
        ),
        (71, "payments", NodeKind::Topic(TopicConfig::default())),
    ];
    for (i, (id, name, kind)) in nodes.into_iter().enumerate() {
        let (x, y) = (-100.5 + 260.0 * i as f64, 33.25 * i as f64);
        s.nodes.push(Node::new(NodeId(id), name, x, y, kind));
    }
    let edges = [
        (5, 10, 20, EdgeKind::Publish),
        (6, 20, 30, EdgeKind::Subscribe),
        (7, 20, 31, EdgeKind::Subscribe),
        (9, 30, 40, EdgeKind::DeadLetter),
        (12, 30, 50, EdgeKind::Write),
        (13, 30, 70, EdgeKind::Write),
        (14, 70, 71, EdgeKind::Publish),
        (15, 20, 60, EdgeKind::Subscribe),
        (16, 10, 31, EdgeKind::Call),
    ];
    for (id, from, to, kind) in edges {
        s.edges.push(Edge::new(EdgeId(id), NodeId(from), NodeId(to), kind));
    }
    s.edges[0].network = Network {
        delay_us: 2_500,
        jitter_us: 400,
        drop_probability: 0.01,
        duplicate_probability: 0.02,
    };
    s.edges[1].event_types = vec!["OrderPlaced".to_owned()];
    s.faults = vec![
        Fault {
            node: NodeId(31),
            kind: FaultKind::Crash,
            at_s: 10.0,
            duration_s: 5.0,
            instance: Some(1),
            ..Fault::default()
        },
        Fault {
            node: NodeId(30),
            kind: FaultKind::Down,
            at_s: 20.0,
            duration_s: 5.0,
            ..Fault::default()
        },
        Fault {
            node: NodeId(31),
            kind: FaultKind::SlowDown,
            at_s: 30.0,
            duration_s: 5.0,
            factor: 4.0,
            ..Fault::default()
        },
        Fault {
            node: NodeId(20),
            kind: FaultKind::BrokerDown,
            at_s: 40.0,
            duration_s: 2.0,
            ..Fault::default()
        },
        Fault { node: NodeId(60), kind: FaultKind::Rebuild, at_s: 50.0, ..Fault::default() },
    ];
    s
}
