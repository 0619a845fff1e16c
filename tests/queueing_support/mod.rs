//! Queueing scenarios shared by the queueing-theory tests (`engine_queueing.rs`) and the seed
//! runs' interval test (`engine_replications.rs`).

use fanout::scenario::*;

/// Poisson arrivals at `lambda` per second into one partition, one consumer with exponential
/// service at `mu` per second, no network delay.
pub fn mm1(lambda: f64, mu: f64, seed: u64) -> Scenario {
    let mut s = Scenario::empty();
    s.seed = seed;
    let p = ProducerConfig { rate_per_s: lambda, key_space: 0, ..Default::default() };
    s.nodes.push(Node::new(NodeId(1), "arrivals", 0.0, 0.0, NodeKind::Producer(p)));
    s.nodes.push(Node::new(NodeId(2), "queue", 0.0, 0.0, NodeKind::Topic(Default::default())));
    let g = GroupConfig {
        processing: ProcessingTime {
            distribution: Distribution::Exponential,
            mean_ms: 1000.0 / mu,
            ..Default::default()
        },
        ..Default::default()
    };
    s.nodes.push(Node::new(NodeId(3), "server", 0.0, 0.0, NodeKind::ConsumerGroup(g)));
    for (id, from, to, kind) in [(1, 1, 2, EdgeKind::Publish), (2, 2, 3, EdgeKind::Subscribe)] {
        let mut e = Edge::new(EdgeId(id), NodeId(from), NodeId(to), kind);
        e.network.delay_us = 0;
        s.edges.push(e);
    }
    s
}
