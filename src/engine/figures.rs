//! One figure of one node (or of the whole scenario), read from the running state: what checks
//! compare with their bounds, what a selected node's figures section and its key figure on the
//! canvas show, and what an embed's `metrics=` names. Which figures exist, their labels and
//! units are the scenario's table ([`CheckFigure`]); how each is counted is here, once.
//!
//! Reading a figure is O(1) for most (a counter), O(partitions) for a topic's retained events
//! or a projection's backlog, O(groups) for a database's side effects, and a histogram walk for
//! a percentile: cheap enough for every node of a frame, unlike [`Simulation::metrics`], which
//! copies every group's series.

use super::model::{Model, Role};
use super::sim::{Simulation, State};
use super::snapshot::PartitionSnapshot;
use crate::scenario::{CheckFigure, NodeId};

/// Whose figure is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Summed over the whole scenario.
    Whole,
    /// A consumer group, service or projection (its index).
    Group(u16),
    /// A producer.
    Producer(u16),
    /// A database.
    Database(u16),
    /// A topic or dead-letter queue.
    Topic(u16),
    /// An outbox.
    Outbox(u16),
}

impl Target {
    /// The target of the node at `index` in the model's node order.
    pub(crate) fn of_index(m: &Model, index: usize) -> Target {
        match m.roles[index] {
            Role::Group(g) => Target::Group(g),
            Role::Producer(p) => Target::Producer(p),
            Role::Database(d) => Target::Database(d),
            Role::Topic(t) => Target::Topic(t),
            Role::Outbox(o) => Target::Outbox(o),
            // Brokers are not nodes: no node index has this role.
            Role::Broker(_) => Target::Whole,
        }
    }

    /// The target of `node`, or the whole scenario for `None` or a node that does not exist.
    pub(crate) fn of(m: &Model, node: Option<NodeId>) -> Target {
        node.and_then(|id| m.node_ids.iter().position(|&n| n == id))
            .map_or(Target::Whole, |i| Target::of_index(m, i))
    }
}

/// Microseconds as the figures' millisecond unit.
fn ms(us: u64) -> f64 {
    us as f64 / 1_000.0
}

impl State {
    /// `figure` of `target` now, in the figure's unit; 0 for a figure the target does not have.
    pub(crate) fn figure(&self, m: &Model, target: Target, figure: CheckFigure) -> f64 {
        match target {
            Target::Group(g) => self.group_figure(g, figure),
            Target::Producer(p) => self.producer_figure(p, figure),
            Target::Database(d) => self.database_figure(m, d, figure),
            Target::Topic(t) => self.topic_figure(m, t, figure),
            Target::Outbox(o) => self.outbox_figure(o, figure),
            Target::Whole => self.whole_figure(m, figure) as f64,
        }
    }

    fn group_figure(&self, g: u16, figure: CheckFigure) -> f64 {
        use CheckFigure as F;
        let gs = &self.groups[usize::from(g)];
        let c = &gs.c;
        let count = match figure {
            F::Processed => c.processed,
            F::DuplicateSideEffects => c.duplicate_side_effects,
            F::Lost => c.lost,
            F::Expired => c.expired,
            F::DeadLettered => c.dead_lettered,
            F::Redelivered => c.redelivered,
            F::Replayed => c.replayed,
            F::Rebuilds => c.rebuilds,
            F::SideEffects => c.side_effects,
            F::OrderingViolations => c.ordering_violations,
            F::Calls => c.calls,
            F::FailedCalls => c.calls_failed,
            F::Lag => self.group_lag(g).0,
            F::MaxLag => gs.largest_lag.max(self.group_lag(g).0),
            F::Backlog => gs.cursors.iter().map(|&ci| self.cursor_lag(ci).0).sum(),
            F::LagTime => return ms(self.group_lag(g).1),
            F::LatencyP50 => return ms(gs.latency.quantile(0.50)),
            F::LatencyP95 => return ms(gs.latency.quantile(0.95)),
            F::LatencyP99 => return ms(gs.latency.quantile(0.99)),
            F::EndToEndLatencyP99 => return ms(gs.end_to_end.quantile(0.99)),
            _ => 0,
        };
        count as f64
    }

    fn producer_figure(&self, p: u16, figure: CheckFigure) -> f64 {
        use CheckFigure as F;
        let ps = &self.producers[usize::from(p)];
        let c = &ps.c;
        let count = match figure {
            F::EventsEmitted => c.produced,
            F::FailedRequests => c.requests_failed,
            F::Lost => c.publish_lost + c.lost_dual_write + ps.cluster.acknowledged_lost,
            F::PublishLost => c.publish_lost,
            F::LostDualWrite => c.lost_dual_write,
            F::AcknowledgedLost => ps.cluster.acknowledged_lost,
            F::NotEnoughReplicas => ps.cluster.not_enough_replicas,
            F::TimedOut => ps.cluster.timed_out,
            F::RetryDuplicates => ps.cluster.retry_duplicates,
            F::RequestLatencyP50 => return ms(ps.request_latency.quantile(0.50)),
            F::RequestLatencyP95 => return ms(ps.request_latency.quantile(0.95)),
            F::RequestLatencyP99 => return ms(ps.request_latency.quantile(0.99)),
            _ => 0,
        };
        count as f64
    }

    fn database_figure(&self, m: &Model, d: u16, figure: CheckFigure) -> f64 {
        use CheckFigure as F;
        let writers = || {
            m.groups
                .iter()
                .enumerate()
                .filter(move |(_, g)| g.out.databases.iter().any(|&(_, x)| x == d))
                .map(|(g, _)| &self.groups[g].c)
        };
        let c = &self.databases[usize::from(d)].c;
        let count = match figure {
            F::Writes => c.writes,
            F::RejectedWrites => c.rejected,
            F::SideEffects => writers().map(|c| c.side_effects).sum(),
            F::DuplicateSideEffects => writers().map(|c| c.duplicate_side_effects).sum(),
            _ => 0,
        };
        count as f64
    }

    fn topic_figure(&self, m: &Model, t: u16, figure: CheckFigure) -> f64 {
        use CheckFigure as F;
        let ts = &self.topics[usize::from(t)];
        let count = match figure {
            F::Appended => ts.appended,
            F::Expired => ts.expired,
            F::Refused => ts.refused,
            F::LeaderElections => ts.elections,
            F::UnderReplicatedPartitions | F::OfflinePartitions => {
                let tr = &m.topics[usize::from(t)];
                let first = tr.first_partition as usize;
                let (under, offline) =
                    self.partition_health(m, first..first + tr.partitions as usize);
                if figure == F::OfflinePartitions {
                    offline
                } else {
                    under
                }
            }
            F::Retained => {
                let tr = &m.topics[usize::from(t)];
                (tr.first_partition..tr.first_partition + tr.partitions)
                    .map(|p| self.partitions[p as usize].log.len() as u64)
                    .sum()
            }
            _ => 0,
        };
        count as f64
    }

    fn outbox_figure(&self, o: u16, figure: CheckFigure) -> f64 {
        use CheckFigure as F;
        let os = &self.outboxes[usize::from(o)];
        let count = match figure {
            F::RowsWritten => os.c.written,
            F::Pending => os.rows.len() as u64,
            F::Published => os.c.published,
            F::RelayCrashes => os.c.relay_crashes,
            F::Refused => os.c.refused,
            _ => 0,
        };
        count as f64
    }

    /// A figure summed over the whole scenario. `lost` is every event lost anywhere: lost by
    /// groups, outputs a service will never publish, publishes lost, events lost by a dual
    /// write, and outbox writes refused with their transaction.
    fn whole_figure(&self, m: &Model, figure: CheckFigure) -> u64 {
        use CheckFigure as F;
        let groups = |f: fn(&super::world::GroupCounters) -> u64| -> u64 {
            self.groups.iter().map(|g| f(&g.c)).sum()
        };
        let producers = |f: fn(&super::world::ProducerCounters) -> u64| -> u64 {
            self.producers.iter().map(|p| f(&p.c)).sum()
        };
        match figure {
            F::Lost => {
                groups(|c| c.lost + c.lost_outputs)
                    + producers(|c| c.publish_lost + c.lost_dual_write)
                    + self.outboxes.iter().map(|o| o.c.refused).sum::<u64>()
                    + self.cluster.acknowledged_lost
            }
            F::DuplicateSideEffects => groups(|c| c.duplicate_side_effects),
            F::Expired => groups(|c| c.expired),
            F::DeadLettered => groups(|c| c.dead_lettered),
            F::OrderingViolations => groups(|c| c.ordering_violations),
            F::FailedRequests => producers(|c| c.requests_failed),
            F::EventsEmitted => self.next_event_id - 1,
            F::AcknowledgedLost => self.cluster.acknowledged_lost,
            F::NotEnoughReplicas => self.cluster.not_enough_replicas,
            F::TimedOut => self.cluster.timed_out,
            F::RetryDuplicates => self.cluster.retry_duplicates,
            F::LeaderElections => self.cluster.leader_elections,
            F::UnderReplicatedPartitions => self.partition_health(m, 0..usize::MAX).0,
            F::OfflinePartitions => self.partition_health(m, 0..usize::MAX).1,
            _ => 0,
        }
    }
}

impl Simulation {
    /// `figure` of `node` now (of the whole scenario for `None`), in the figure's unit; `None`
    /// when the node does not exist or the figure is not one of its kind's
    /// ([`CheckFigure::applies_to`]). Pure and cheap: the UI reads the selected node's figures
    /// on every refresh.
    pub fn figure(&self, node: Option<NodeId>, figure: CheckFigure) -> Option<f64> {
        let m = &*self.model;
        match node {
            None => figure.applies_to(None).then(|| self.st.figure(m, Target::Whole, figure)),
            Some(id) => self.figure_at(m.node_ids.iter().position(|&n| n == id)?, figure),
        }
    }

    /// `figure` of the node at `index` in scenario order (the order of [`Snapshot::nodes`]),
    /// as [`Simulation::figure`] without the search: for drawing every node's key figure in
    /// every frame.
    ///
    /// [`Snapshot::nodes`]: super::Snapshot::nodes
    pub fn figure_at(&self, index: usize, figure: CheckFigure) -> Option<f64> {
        let m = &*self.model;
        let tag = *m.tags.get(index)?;
        figure.applies_to(Some(tag)).then(|| self.st.figure(m, Target::of_index(m, index), figure))
    }

    /// The partitions of one topic or dead-letter queue, with each reading group's position and
    /// lag (what [`Simulation::snapshot`] lists for every topic); empty for other nodes.
    pub fn partitions_of(&self, node: NodeId) -> Vec<PartitionSnapshot> {
        let m = &*self.model;
        let Some(Role::Topic(t)) = m.node_ids.iter().position(|&n| n == node).map(|i| m.roles[i])
        else {
            return Vec::new();
        };
        let tr = &m.topics[usize::from(t)];
        (tr.first_partition..tr.first_partition + tr.partitions)
            .map(|pi| self.partition_snapshot(pi as usize))
            .collect()
    }
}
