//! The bench workload, shared by the native bench (`benches/engine.rs`) and the wasm one
//! (`tests/wasm_bench.rs`) so both measure the same thing.

use fanout::scenario::*;

/// One producer → a 6-partition topic → `groups` consumer groups of 6 instances each, with
/// enough concurrency to keep up (a delivery holds a processing slot from fetch to ack, so the
/// subscribe-edge delay counts against capacity). `publish_delay_us` on the publish edge sets how
/// many messages are in flight (rate × delay) without limiting throughput.
pub fn fan_out(rate_per_s: f64, groups: u32, publish_delay_us: u64) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = 7;
    let producer = ProducerConfig {
        event_type: "OrderCreated".into(),
        rate_per_s,
        key_space: 10_000,
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(1), "Orders", 0.0, 0.0, NodeKind::Producer(producer)));
    let topic = TopicConfig { partitions: 6, ..Default::default() };
    s.nodes.push(Node::new(NodeId(2), "orders", 0.0, 0.0, NodeKind::Topic(topic)));
    let mut publish = Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish);
    publish.network.delay_us = publish_delay_us;
    s.edges.push(publish);
    for g in 0..groups {
        let config = GroupConfig {
            instances: 6,
            concurrency: 64,
            processing: ProcessingTime {
                distribution: Distribution::Exponential,
                mean_ms: 0.02,
                ..Default::default()
            },
            ..Default::default()
        };
        let id = NodeId(10 + g);
        s.nodes.push(Node::new(
            id,
            format!("group {g}"),
            0.0,
            0.0,
            NodeKind::ConsumerGroup(config),
        ));
        s.edges.push(Edge::new(EdgeId(10 + g), NodeId(2), id, EdgeKind::Subscribe));
    }
    s
}

/// [`fan_out`] on a cluster of three brokers, the topic replicated three times
/// (`min.insync.replicas` 2) and the producer on Kafka's defaults (`acks=all`, idempotent):
/// every record is sent, fetched by two followers, committed and acknowledged.
#[allow(dead_code)]
pub fn fan_out_replicated(rate_per_s: f64, groups: u32, publish_delay_us: u64) -> Scenario {
    let mut s = fan_out(rate_per_s, groups, publish_delay_us);
    s.cluster = Some(Box::new(Cluster { brokers: 3, ..Cluster::default() }));
    for n in &mut s.nodes {
        if let NodeKind::Topic(t) = &mut n.kind {
            t.replication_factor = 3;
            t.min_insync_replicas = 2;
        }
    }
    s
}
