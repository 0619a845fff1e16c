//! Small clusters for the broker tests: a producer, a replicated topic and a consumer group,
//! with the settings and faults a test names.

#![allow(dead_code)]

use fanout::engine::{ClusterMetrics, Metrics, Simulation};
use fanout::scenario::Scenario;

/// Settings of one cluster scenario.
#[derive(Clone, Debug)]
pub struct Spec {
    pub seed: u64,
    pub brokers: u32,
    pub partitions: u32,
    pub rf: u32,
    pub min_isr: u32,
    pub unclean: bool,
    pub acks: &'static str,
    pub idempotence: bool,
    pub rate: f64,
    pub drop: f64,
    pub fetch_ms: f64,
    pub duration_s: f64,
    /// (kind, broker, at_s, duration_s)
    pub faults: Vec<(&'static str, u32, f64, f64)>,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            seed: 1,
            brokers: 3,
            partitions: 3,
            rf: 3,
            min_isr: 1,
            unclean: false,
            acks: "all",
            idempotence: true,
            rate: 200.0,
            drop: 0.0,
            fetch_ms: 5.0,
            duration_s: 30.0,
            faults: Vec::new(),
        }
    }
}

pub fn scenario(s: &Spec) -> Scenario {
    let faults: Vec<String> = s
        .faults
        .iter()
        .map(|(kind, broker, at, dur)| {
            format!(
                r#"{{ "node": 0, "kind": "{kind}", "broker": {broker}, "at_s": {at}, "duration_s": {dur}, "factor": 20 }}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{
  "version": 1, "seed": {seed}, "duration_s": {dur},
  "cluster": {{ "brokers": {brokers}, "replica_fetch_delay_ms": {fetch}, "replica_lag_time_max_ms": 2000 }},
  "nodes": [
    {{ "id": 1, "name": "Orders", "kind": {{ "producer": {{ "event_type": "OrderPlaced", "rate_per_s": {rate},
       "acks": "{acks}", "enable_idempotence": {idem}, "request_timeout_ms": 500, "delivery_timeout_ms": 10000 }} }} }},
    {{ "id": 2, "name": "orders", "kind": {{ "topic": {{ "partitions": {parts}, "replication_factor": {rf},
       "min_insync_replicas": {min_isr}, "unclean_leader_election": {unclean} }} }} }},
    {{ "id": 3, "name": "Billing", "kind": {{ "consumer_group": {{ "processing": {{ "mean_ms": 1 }} }} }} }}
  ],
  "edges": [
    {{ "id": 1, "from": 1, "to": 2, "kind": "publish", "network": {{ "drop_probability": {drop} }} }},
    {{ "id": 2, "from": 2, "to": 3, "kind": "subscribe" }}
  ],
  "faults": [{faults}]
}}"#,
        seed = s.seed,
        dur = s.duration_s,
        brokers = s.brokers,
        fetch = s.fetch_ms,
        rate = s.rate,
        acks = s.acks,
        idem = s.idempotence,
        parts = s.partitions,
        rf = s.rf,
        min_isr = s.min_isr,
        unclean = s.unclean,
        drop = s.drop,
        faults = faults.join(", ")
    );
    Scenario::from_json(&json).expect("cluster scenario parses")
}

pub fn run(s: &Spec) -> (Simulation, Metrics) {
    let sc = scenario(s);
    let mut sim = Simulation::new(&sc).unwrap_or_else(|p| panic!("invalid: {p:?}"));
    sim.advance_to((s.duration_s * 1e6) as u64);
    let m = sim.metrics();
    (sim, m)
}

pub fn cluster(m: &Metrics) -> &ClusterMetrics {
    m.cluster.as_ref().expect("a cluster")
}
