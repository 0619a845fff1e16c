//! Metrics: counters, lag, latency and processing-time summaries, throughput and time series,
//! per node and in total; and an audit that recomputes the conservation terms from raw state.

use super::clock::{us_to_secs, Micros};
use super::histogram::Summary;
use super::model::NONE32;
use super::reasons::ReasonCount;
use super::series::Sample;
use super::sim::Simulation;
use super::world::*;
use crate::scenario::{Guarantee, NodeId, NodeKindTag};
use serde::Serialize;

/// Lag of one group on one partition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionLag {
    /// Topic node.
    pub topic: NodeId,
    /// Partition index within the topic.
    pub partition: u32,
    /// Committed offset.
    pub committed: u64,
    /// Log end − committed offset.
    pub lag_messages: u64,
    /// Age of the message at the committed offset, in microseconds.
    pub lag_us: Micros,
}

/// Everything measured about one consumer group, service or projection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupMetrics {
    /// The node.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// Consumer group, service or projection.
    pub kind: NodeKindTag,
    /// Its delivery guarantee.
    pub guarantee: Guarantee,
    /// Counters.
    #[serde(flatten)]
    pub counters: GroupCounters,
    /// Messages never delivered yet.
    pub queued: u64,
    /// Messages delivered without an outcome yet (in transit, processing or in backoff).
    pub in_flight: u64,
    /// Of those, messages waiting for a retry.
    pub retrying: u64,
    /// `queued + in_flight`: how far behind the group is, in messages.
    pub lag_messages: u64,
    /// Age of its oldest uncommitted message, in microseconds.
    pub lag_us: Micros,
    /// Per-hop latency: from the append by the message's immediate producer (a producer, a
    /// service, a relay, a dead-lettering group) to successful processing.
    pub latency: Summary,
    /// End-to-end latency: from the request that started the chain (the producer's emission,
    /// carried through services) to successful processing.
    pub end_to_end_latency: Summary,
    /// Time of each attempt.
    pub processing: Summary,
    /// Mean time from append to outcome over processed messages (W of Little's law), µs.
    pub mean_time_in_system_us: f64,
    /// Time-average of `queued + in_flight` (L of Little's law).
    pub mean_in_system: f64,
    /// Processed messages per simulated second since the start.
    pub throughput_per_s: f64,
    /// Whether produced = processed + duplicates_skipped + in_flight + queued + dead_lettered
    /// + lost + expired.
    pub conserved: bool,
    /// Lag per partition.
    pub partitions: Vec<PartitionLag>,
    /// Sampled lag and throughput.
    pub series: Vec<Sample>,
    /// Its lost, expired, dead-lettered messages and duplicate side effects counted by reason
    /// (a service's lost outputs too), over the whole run.
    pub outcome_reasons: Vec<ReasonCount>,
}

/// One producer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProducerMetrics {
    /// The node.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// Event type it emits.
    pub event_type: String,
    /// Counters.
    #[serde(flatten)]
    pub counters: ProducerCounters,
    /// User-facing latency of successful requests (handling + synchronous calls + publish
    /// acknowledgement).
    pub request_latency: Summary,
    /// Its lost events counted by reason, over the whole run.
    pub outcome_reasons: Vec<ReasonCount>,
    /// Its sends to the brokers (`acknowledged_lost`, `not_enough_replicas`, `timed_out`,
    /// `retry_duplicates`…), in a scenario with a cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<super::brokers::ClusterCounters>,
}

/// One topic or dead-letter queue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicMetrics {
    /// The node.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// Topic or dead-letter queue.
    pub kind: NodeKindTag,
    /// Events appended (copies included).
    pub appended: u64,
    /// Events removed by retention.
    pub expired: u64,
    /// Publishes refused while the broker was down.
    pub refused: u64,
    /// Events retained now.
    pub retained: u64,
}

/// One database.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatabaseMetrics {
    /// The node.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// Counters.
    #[serde(flatten)]
    pub counters: DatabaseCounters,
    /// Side effects applied by the groups that write to it.
    pub side_effects: u64,
    /// Of those, duplicates (an event id applied more than once).
    pub duplicate_side_effects: u64,
}

/// One outbox.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutboxMetrics {
    /// The node.
    pub id: NodeId,
    /// Its name.
    pub name: String,
    /// Counters.
    #[serde(flatten)]
    pub counters: OutboxCounters,
    /// Rows not yet published.
    pub pending: u64,
    /// Its lost rows counted by reason (refused while full, dropped by the relay's publish),
    /// over the whole run.
    pub outcome_reasons: Vec<ReasonCount>,
}

/// Sums over all groups, plus engine figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Totals {
    /// Distinct events emitted by producers and services (re-emitted outputs keep their ids).
    pub events_emitted: u64,
    /// Group counters summed over groups (a fan-out to five groups counts each event five
    /// times in `produced`).
    #[serde(flatten)]
    pub counters: GroupCounters,
    /// Summed `queued`.
    pub queued: u64,
    /// Summed `in_flight`.
    pub in_flight: u64,
    /// Deliveries per simulated second since the start.
    pub deliveries_per_s: f64,
}

/// All metrics at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Simulated time.
    pub now_us: Micros,
    /// Engine events processed.
    pub engine_events: u64,
    /// Running trace hash, as 16 hex digits.
    pub trace_hash: String,
    /// Totals.
    pub total: Totals,
    /// Per consumer group, service and projection.
    pub groups: Vec<GroupMetrics>,
    /// Per producer.
    pub producers: Vec<ProducerMetrics>,
    /// Per topic and dead-letter queue.
    pub topics: Vec<TopicMetrics>,
    /// Per database.
    pub databases: Vec<DatabaseMetrics>,
    /// Per outbox.
    pub outboxes: Vec<OutboxMetrics>,
    /// The brokers and replication, in a scenario with a cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterMetrics>,
}

/// The cluster: its counters, its partitions' health now, each broker and each partition's
/// replicas.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterMetrics {
    /// Counts over the run (`acknowledged_lost`, `not_enough_replicas`, `timed_out`…).
    #[serde(flatten)]
    pub counters: super::brokers::ClusterCounters,
    /// Sends open now: in flight, waiting for an answer or for a retry.
    pub in_flight: u64,
    /// Partitions whose ISR is smaller than their replicas, now.
    pub under_replicated_partitions: u64,
    /// Partitions without a leader, now.
    pub offline_partitions: u64,
    /// Each broker.
    pub brokers: Vec<BrokerMetrics>,
    /// Each partition of each topic.
    pub partitions: Vec<ReplicaMetrics>,
    /// The built-in checks (Jepsen's Kafka rules) over the run so far.
    pub checks: Vec<super::brokers::ClusterCheck>,
}

/// One broker now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BrokerMetrics {
    /// `broker-1`…
    pub name: String,
    /// `up`, `crashed` or `isolated`.
    pub state: &'static str,
    /// Its slow-down factor now (1 = normal).
    pub slow_factor: f64,
    /// Partitions it leads now.
    pub leads: u64,
}

/// One partition's replication now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicaMetrics {
    /// The topic.
    pub topic: NodeId,
    /// Partition number within the topic.
    pub partition: u32,
    /// Brokers holding a replica (1-based), the preferred leader first.
    pub replicas: Vec<u32>,
    /// The leader's broker, or none (offline).
    pub leader: Option<u32>,
    /// In-sync replicas' brokers.
    pub isr: Vec<u32>,
    /// Offsets below it are committed and readable.
    pub high_watermark: u64,
    /// The leader's log end offset.
    pub log_end: u64,
    /// Leader epoch.
    pub leader_epoch: u32,
}

impl ReplicaMetrics {
    /// Fewer in-sync replicas than replicas (what `under_replicated_partitions` counts).
    pub fn under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }

    /// No leader: nothing can be written or read (what `offline_partitions` counts).
    pub fn offline(&self) -> bool {
        self.leader.is_none()
    }
}

fn per_s(count: u64, us: Micros) -> f64 {
    if us == 0 {
        0.0
    } else {
        count as f64 / us_to_secs(us)
    }
}

impl Simulation {
    /// All metrics now.
    pub fn metrics(&self) -> Metrics {
        let (m, st) = (&*self.model, &self.st);
        let groups: Vec<GroupMetrics> =
            (0..m.groups.len()).map(|g| self.group_metrics(g)).collect();
        let mut total = GroupCounters::default();
        let (mut queued, mut in_flight) = (0, 0);
        for g in &groups {
            add_counters(&mut total, &g.counters);
            queued += g.queued;
            in_flight += g.in_flight;
        }
        Metrics {
            now_us: st.now,
            engine_events: st.events,
            trace_hash: format!("{:016x}", st.hash.0),
            total: Totals {
                events_emitted: st.next_event_id - 1,
                counters: total,
                queued,
                in_flight,
                deliveries_per_s: per_s(total.delivered, st.now),
            },
            cluster: self.cluster_metrics(),
            groups,
            producers: (0..m.producers.len()).map(|p| self.producer_metrics(p)).collect(),
            topics: (0..m.topics.len()).map(|t| self.topic_metrics(t)).collect(),
            databases: (0..m.databases.len()).map(|d| self.database_metrics(d)).collect(),
            outboxes: (0..m.outboxes.len()).map(|o| self.outbox_metrics(o)).collect(),
        }
    }

    fn node_name(&self, node: u16) -> String {
        self.model.names[usize::from(node)].clone()
    }

    fn node_id(&self, node: u16) -> NodeId {
        self.model.node_ids[usize::from(node)]
    }

    fn group_metrics(&self, g: usize) -> GroupMetrics {
        let (gr, gs, now) = (&self.model.groups[g], &self.st.groups[g], self.st.now);
        let c = gs.c;
        let (lag_messages, lag_us) = self.st.group_lag(g as u16);
        let area = gs.area + u128::from(gs.queued + gs.in_flight) * u128::from(now - gs.area_since);
        GroupMetrics {
            id: self.node_id(gr.node),
            name: self.node_name(gr.node),
            kind: gr.tag,
            guarantee: gr.guarantee,
            counters: c,
            queued: gs.queued,
            in_flight: gs.in_flight,
            retrying: gs.retrying,
            lag_messages,
            lag_us,
            latency: gs.latency.summary(),
            end_to_end_latency: gs.end_to_end.summary(),
            processing: gs.processing.summary(),
            mean_time_in_system_us: if c.processed == 0 {
                0.0
            } else {
                gs.sojourn_sum_us as f64 / c.processed as f64
            },
            mean_in_system: if now == 0 { 0.0 } else { area as f64 / now as f64 },
            throughput_per_s: per_s(c.processed, now),
            conserved: c.produced
                == c.processed
                    + c.duplicates_skipped
                    + gs.in_flight
                    + gs.queued
                    + c.dead_lettered
                    + c.lost
                    + c.expired,
            partitions: gs.cursors.iter().map(|&ci| self.partition_lag(ci)).collect(),
            series: gs.series.samples.clone(),
            outcome_reasons: self.reason_counts(gr.node),
        }
    }

    /// One cursor of a group: where it has committed in its partition, and how far behind.
    fn partition_lag(&self, ci: u32) -> PartitionLag {
        let (m, st) = (&*self.model, &self.st);
        let cur = &st.cursors[ci as usize];
        let t = &m.topics[usize::from(m.partition_topic[cur.partition as usize])];
        let (lag_messages, lag_us) = st.cursor_lag(ci);
        PartitionLag {
            topic: self.node_id(t.node),
            partition: cur.partition - t.first_partition,
            committed: cur.committed,
            lag_messages,
            lag_us,
        }
    }

    fn producer_metrics(&self, i: usize) -> ProducerMetrics {
        let (m, p, ps) = (&*self.model, &self.model.producers[i], &self.st.producers[i]);
        ProducerMetrics {
            id: self.node_id(p.node),
            name: self.node_name(p.node),
            event_type: m.types.get(usize::from(p.event_type)).cloned().unwrap_or_default(),
            counters: ps.c.clone(),
            request_latency: ps.request_latency.summary(),
            outcome_reasons: self.reason_counts(p.node),
            cluster: m.cluster.as_ref().map(|_| ps.cluster),
        }
    }

    fn topic_metrics(&self, i: usize) -> TopicMetrics {
        let (t, ts) = (&self.model.topics[i], &self.st.topics[i]);
        TopicMetrics {
            id: self.node_id(t.node),
            name: self.node_name(t.node),
            kind: self.model.tags[usize::from(t.node)],
            appended: ts.appended,
            expired: ts.expired,
            refused: ts.refused,
            retained: (t.first_partition..t.first_partition + t.partitions)
                .map(|p| self.st.partitions[p as usize].log.len() as u64)
                .sum(),
        }
    }

    /// A database, with the side effects of the groups that write to it.
    fn database_metrics(&self, d: usize) -> DatabaseMetrics {
        let (m, st) = (&*self.model, &self.st);
        let writers = m
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.out.databases.iter().any(|&(_, x)| usize::from(x) == d));
        let (mut fx, mut dup) = (0, 0);
        for (g, _) in writers {
            fx += st.groups[g].c.side_effects;
            dup += st.groups[g].c.duplicate_side_effects;
        }
        let db = &m.databases[d];
        DatabaseMetrics {
            id: self.node_id(db.node),
            name: self.node_name(db.node),
            counters: st.databases[d].c.clone(),
            side_effects: fx,
            duplicate_side_effects: dup,
        }
    }

    fn outbox_metrics(&self, i: usize) -> OutboxMetrics {
        let (o, os) = (&self.model.outboxes[i], &self.st.outboxes[i]);
        OutboxMetrics {
            id: self.node_id(o.node),
            name: self.node_name(o.node),
            counters: os.c.clone(),
            pending: os.rows.len() as u64,
            outcome_reasons: self.reason_counts(o.node),
        }
    }

    /// Recomputes every group's `queued` and `in_flight` from the raw state (logs, cursor
    /// windows, message slots) and checks them and the conservation equation against the
    /// running counters. `Err` describes the first mismatch.
    pub fn audit(&self) -> Result<(), String> {
        let m = &*self.model;
        let st = &self.st;
        for (g, gr) in m.groups.iter().enumerate() {
            let gs = &st.groups[g];
            let mut queued = 0u64;
            let mut open = 0u64;
            for &ci in &gs.cursors {
                let c = &st.cursors[ci as usize];
                let p = &st.partitions[c.partition as usize];
                for o in c.hwm.max(p.start)..p.end() {
                    if p.get(o).is_some_and(|msg| c.filter >> msg.event_type & 1 == 1) {
                        queued += 1;
                    }
                }
                if c.queued != p.end().saturating_sub(c.hwm.max(p.start)) && c.filter == u128::MAX {
                    return Err(format!(
                        "{}: cursor {ci} queued {} but log says otherwise",
                        gr_name(m, gr.node),
                        c.queued
                    ));
                }
                open += c.window.iter().filter(|&&s| s & W_FINAL == 0).count() as u64;
                if c.committed < c.base || c.committed > c.hwm || c.position > p.end().max(c.hwm) {
                    return Err(format!(
                        "{}: cursor {ci} offsets out of order (base {}, committed {}, hwm {}, position {})",
                        gr_name(m, gr.node), c.base, c.committed, c.hwm, c.position
                    ));
                }
            }
            // Messages in the retry store, or acknowledged and processing below the window,
            // are open but not in any window.
            for s in &st.slots {
                if s.state == SlotState::Free || usize::from(s.group) != g || s.flags & S_OWNER == 0
                {
                    continue;
                }
                let in_window = s.flags & S_RETRY_STORE == 0
                    && s.cursor != NONE32
                    && st.cursors[s.cursor as usize].status(s.offset) & W_FINAL == 0
                    && s.offset >= st.cursors[s.cursor as usize].base;
                if !in_window {
                    open += 1;
                }
            }
            let name = gr_name(m, gr.node);
            if queued != gs.queued {
                return Err(format!("{name}: queued is {} but the logs hold {queued}", gs.queued));
            }
            if open != gs.in_flight {
                return Err(format!(
                    "{name}: in_flight is {} but {open} messages are open",
                    gs.in_flight
                ));
            }
            let c = &gs.c;
            let rhs = c.processed
                + c.duplicates_skipped
                + gs.in_flight
                + gs.queued
                + c.dead_lettered
                + c.lost
                + c.expired;
            if c.produced != rhs {
                return Err(format!(
                    "{name}: produced {} ≠ processed {} + duplicates skipped {} + in flight {} + queued {} + dead-lettered {} + lost {} + expired {}",
                    c.produced, c.processed, c.duplicates_skipped, gs.in_flight, gs.queued, c.dead_lettered, c.lost, c.expired
                ));
            }
        }
        Ok(())
    }
}

fn gr_name(m: &super::model::Model, node: u16) -> String {
    let n = &m.names[usize::from(node)];
    if n.is_empty() {
        m.node_ids[usize::from(node)].to_string()
    } else {
        n.clone()
    }
}

fn add_counters(t: &mut GroupCounters, c: &GroupCounters) {
    t.produced += c.produced;
    t.delivered += c.delivered;
    t.processed += c.processed;
    t.duplicates_skipped += c.duplicates_skipped;
    t.acknowledged += c.acknowledged;
    t.redelivered += c.redelivered;
    t.replayed += c.replayed;
    t.rebuilds += c.rebuilds;
    t.side_effects += c.side_effects;
    t.duplicate_side_effects += c.duplicate_side_effects;
    t.deduplicated += c.deduplicated;
    t.lost += c.lost;
    t.retried += c.retried;
    t.failed_attempts += c.failed_attempts;
    t.dead_lettered += c.dead_lettered;
    t.expired += c.expired;
    t.ordering_violations += c.ordering_violations;
    t.crashes += c.crashes;
    t.rebalances += c.rebalances;
    t.emitted += c.emitted;
    t.lost_outputs += c.lost_outputs;
    t.calls += c.calls;
    t.calls_failed += c.calls_failed;
}

/// One of the Overview's headline counters: its name (in an embed's `metrics=` and in seed-run
/// JSON), its label and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Headline {
    /// Name in links and JSON (`dead-lettered`).
    pub code: &'static str,
    /// Label (`Dead-lettered`).
    pub label: &'static str,
    /// The count.
    pub value: u64,
}

/// How many of [`Metrics::headlines`] count events (once each); the rest count deliveries,
/// summed over the groups that read them.
pub const EVENT_HEADLINES: usize = 2;

/// The Overview's headline counters as (name, label), in the order of [`Metrics::headlines`].
pub const HEADLINES: [(&str, &str); 10] = [
    ("produced", "Produced"),
    ("lost", "Lost"),
    ("processed", "Processed"),
    ("in-flight", "In flight"),
    ("retried", "Retried"),
    ("redelivered", "Redelivered"),
    ("duplicates", "Duplicates"),
    ("dead-lettered", "Dead-lettered"),
    ("expired", "Expired"),
    ("order-violations", "Order violations"),
];

impl Metrics {
    /// The Overview's headline counters ([`HEADLINES`]): first [`EVENT_HEADLINES`] that count
    /// events once each, then deliveries summed over groups. `lost_anywhere` is the whole
    /// scenario's lost figure (`Simulation::figure(None, Lost)`: a group's, a producer's
    /// publish or dual write, a service's output, an outbox row), which the metrics alone
    /// cannot sum.
    pub fn headlines(&self, lost_anywhere: u64) -> [Headline; 10] {
        let t = &self.total;
        let c = &t.counters;
        let values = [
            t.events_emitted,
            lost_anywhere,
            c.processed,
            t.queued + t.in_flight,
            c.retried,
            c.redelivered,
            c.duplicate_side_effects,
            c.dead_lettered,
            c.expired,
            c.ordering_violations,
        ];
        std::array::from_fn(|i| Headline {
            code: HEADLINES[i].0,
            label: HEADLINES[i].1,
            value: values[i],
        })
    }
}
