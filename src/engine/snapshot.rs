//! What is where right now, for drawing a frame; and the ways the UI changes a running
//! simulation (commands and settings changes).

use super::clock::Micros;
use super::model::{Model, Role, NONE32};
use super::sim::Simulation;
use super::world::*;
use crate::scenario::{EdgeId, NodeId, Problem, Scenario, Severity};
use serde::Serialize;
use std::sync::Arc;

/// Most message dots listed per edge in a snapshot (the rest are counted in `more`).
pub const MAX_DOTS_PER_EDGE: usize = 64;

/// Overall state of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeState {
    /// Working normally.
    Up,
    /// Working, but some instances are out, it is rebalancing or slowed down.
    Degraded,
    /// Out on purpose (down window), or its broker is down.
    Down,
    /// Every instance crashed.
    Crashed,
}

/// State of one consumer instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceSnapshot {
    /// Up, down or crashed.
    pub state: InstanceState,
    /// Messages it holds (in transit to it or processing).
    pub busy: u32,
    /// Partitions assigned to it, as (topic node, partition index).
    pub partitions: Vec<(NodeId, u32)>,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeSnapshot {
    /// The node.
    pub id: NodeId,
    /// Overall state.
    pub state: NodeState,
    /// Consumer instances (groups, services, projections).
    pub instances: Vec<InstanceSnapshot>,
    /// Messages waiting (groups: never delivered; topics: retained entries; outboxes: rows).
    pub queued: u64,
    /// Messages delivered without an outcome yet (groups).
    pub in_flight: u64,
    /// Messages waiting for a retry (groups).
    pub retrying: u64,
    /// Lag in time: age of the oldest uncommitted message, in microseconds (groups).
    pub lag_us: Micros,
    /// Whether a rebalance pause is on (groups).
    pub rebalancing: bool,
    /// Processing slow-down in force, 1 = normal (groups).
    pub slow_factor: f64,
}

/// How a message dot looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    /// A first delivery.
    Normal,
    /// A redelivery or a network/relay copy.
    Duplicate,
    /// Travelling to a dead-letter target.
    DeadLettered,
    /// Dropped by the network (fades out along the edge).
    Lost,
    /// On its n-th attempt (n ≥ 2).
    Retry(u8),
}

/// A message travelling along an edge.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MessageDot {
    /// The event.
    pub event_id: u64,
    /// Its business flow.
    pub correlation_id: u64,
    /// Its type (index into [`Simulation::event_types`]).
    pub event_type: u8,
    /// How far along the edge, 0..=1.
    pub progress: f32,
    /// How to draw it.
    pub state: MessageState,
}

/// Messages on one edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeSnapshot {
    /// The edge.
    pub id: EdgeId,
    /// Up to [`MAX_DOTS_PER_EDGE`] dots.
    pub messages: Vec<MessageDot>,
    /// Messages on the edge beyond those listed.
    pub more: u32,
}

/// One group's position in one partition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CursorSnapshot {
    /// The group.
    pub group: NodeId,
    /// Committed offset.
    pub committed: u64,
    /// Next offset to fetch.
    pub position: u64,
    /// Log end − committed.
    pub lag_messages: u64,
    /// Age of the message at the committed offset, in microseconds.
    pub lag_us: Micros,
    /// Instance index (within the group) that owns the partition.
    pub owner: Option<u32>,
}

/// One partition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartitionSnapshot {
    /// Its topic (or dead-letter queue).
    pub topic: NodeId,
    /// Index within the topic.
    pub index: u32,
    /// First retained offset.
    pub log_start: u64,
    /// Next offset to be written.
    pub log_end: u64,
    /// Readers.
    pub cursors: Vec<CursorSnapshot>,
}

/// Everything needed to draw one frame.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// Simulated time.
    pub now_us: Micros,
    /// Every node, in scenario order.
    pub nodes: Vec<NodeSnapshot>,
    /// Every edge, in scenario order.
    pub edges: Vec<EdgeSnapshot>,
    /// Every partition.
    pub partitions: Vec<PartitionSnapshot>,
}

/// Why a settings change could not be applied to a running simulation.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeError {
    /// The edited scenario has errors.
    Invalid(Vec<Problem>),
    /// The graph's shape changed (nodes, edges, partitions, instances or event types): start
    /// a new simulation.
    NeedsRestart,
}

impl std::fmt::Display for ChangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeError::Invalid(p) => write!(f, "the scenario has {} error(s)", p.len()),
            ChangeError::NeedsRestart => f.write_str("the graph changed shape: restart the run"),
        }
    }
}

impl std::error::Error for ChangeError {}

impl Simulation {
    /// What is where right now.
    pub fn snapshot(&self) -> Snapshot {
        let m = &*self.model;
        let st = &self.st;
        let mut edges: Vec<EdgeSnapshot> = m
            .edges
            .iter()
            .map(|e| EdgeSnapshot { id: e.id, messages: Vec::new(), more: 0 })
            .collect();
        for s in &st.slots {
            let travelling = match s.state {
                SlotState::ToTopic | SlotState::Lost => true,
                SlotState::Processing => s.arrive_us > st.now,
                SlotState::Backoff | SlotState::Free => false,
            };
            if !travelling {
                continue;
            }
            let edge = &m.edges[usize::from(s.edge)];
            let state = if s.state == SlotState::Lost {
                MessageState::Lost
            } else if edge.kind == crate::scenario::EdgeKind::DeadLetter {
                MessageState::DeadLettered
            } else if s.flags & S_REDELIVERY != 0 || s.msg.flags & F_COPY != 0 {
                MessageState::Duplicate
            } else if s.attempt > 1 {
                MessageState::Retry(s.attempt)
            } else {
                MessageState::Normal
            };
            let Some(e) = edges.get_mut(usize::from(s.edge)) else { continue };
            if e.messages.len() >= MAX_DOTS_PER_EDGE {
                e.more += 1;
                continue;
            }
            let end = if s.state == SlotState::Processing { s.arrive_us } else { s.due_us };
            let span = end.saturating_sub(s.sent_us);
            let progress = if span == 0 {
                1.0
            } else {
                (st.now.saturating_sub(s.sent_us) as f64 / span as f64).min(1.0) as f32
            };
            e.messages.push(MessageDot {
                event_id: s.msg.event_id,
                correlation_id: s.msg.correlation_id,
                event_type: s.msg.event_type,
                progress,
                state,
            });
        }
        let mut nodes = Vec::with_capacity(m.node_ids.len());
        for (i, &id) in m.node_ids.iter().enumerate() {
            let mut n = NodeSnapshot {
                id,
                state: NodeState::Up,
                instances: Vec::new(),
                queued: 0,
                in_flight: 0,
                retrying: 0,
                lag_us: 0,
                rebalancing: false,
                slow_factor: 1.0,
            };
            match m.roles[i] {
                Role::Group(g) => {
                    let gr = &m.groups[usize::from(g)];
                    let gs = &st.groups[usize::from(g)];
                    for ii in gr.first_instance..gr.first_instance + gr.instances {
                        let inst = &st.instances[ii as usize];
                        n.instances.push(InstanceSnapshot {
                            state: inst.state,
                            busy: gr.concurrency - inst.free,
                            partitions: inst
                                .assigned
                                .iter()
                                .map(|&ci| {
                                    let p = st.cursors[ci as usize].partition;
                                    let t = &m.topics[usize::from(m.partition_topic[p as usize])];
                                    (m.node_ids[usize::from(t.node)], p - t.first_partition)
                                })
                                .collect(),
                        });
                    }
                    n.queued = gs.queued;
                    n.in_flight = gs.in_flight;
                    n.retrying = gs.retrying;
                    n.lag_us = st.group_lag(g).1;
                    n.rebalancing = gs.paused;
                    n.slow_factor = st.slow_factor(g);
                    let up = n.instances.iter().filter(|i| i.state == InstanceState::Up).count();
                    let crashed =
                        n.instances.iter().filter(|i| i.state == InstanceState::Crashed).count();
                    n.state = if up == n.instances.len() && !gs.paused && n.slow_factor <= 1.0 {
                        NodeState::Up
                    } else if up > 0 {
                        NodeState::Degraded
                    } else if crashed == n.instances.len() {
                        NodeState::Crashed
                    } else {
                        NodeState::Down
                    };
                }
                Role::Topic(t) => {
                    let tr = &m.topics[usize::from(t)];
                    n.queued = (tr.first_partition..tr.first_partition + tr.partitions)
                        .map(|p| st.partitions[p as usize].log.len() as u64)
                        .sum();
                    if st.topics[usize::from(t)].down > 0 {
                        n.state = NodeState::Down;
                    }
                }
                Role::Outbox(o) => n.queued = st.outboxes[usize::from(o)].rows.len() as u64,
                Role::Producer(_) | Role::Database(_) | Role::Broker(_) => {}
            }
            nodes.push(n);
        }
        let partitions = (0..st.partitions.len()).map(|pi| self.partition_snapshot(pi)).collect();
        Snapshot { now_us: st.now, nodes, edges, partitions }
    }

    /// One partition (index over all topics) with its readers' positions and lags.
    pub(crate) fn partition_snapshot(&self, pi: usize) -> PartitionSnapshot {
        let m = &*self.model;
        let st = &self.st;
        let p = &st.partitions[pi];
        let t = &m.topics[usize::from(m.partition_topic[pi])];
        PartitionSnapshot {
            topic: m.node_ids[usize::from(t.node)],
            index: pi as u32 - t.first_partition,
            log_start: p.start,
            log_end: p.end(),
            cursors: p
                .cursors
                .iter()
                .map(|&ci| {
                    let c = &st.cursors[ci as usize];
                    let gr = &m.groups[usize::from(c.group)];
                    let (lag_messages, lag_us) = st.cursor_lag(ci);
                    CursorSnapshot {
                        group: m.node_ids[usize::from(gr.node)],
                        committed: c.committed,
                        position: c.position,
                        lag_messages,
                        lag_us,
                        owner: (c.owner != NONE32).then(|| c.owner - gr.first_instance),
                    }
                })
                .collect(),
        }
    }

    /// Applies edited settings from the current instant, keeping everything in flight. Only
    /// settings and faults may change (rates, times, probabilities, guarantees, retry
    /// policies, network, mappings, retention, capacities; faults by the rule of
    /// [`crate::engine`]'s `faults` module); a change of shape needs a new simulation.
    pub fn apply_scenario_change(&mut self, scenario: &Scenario) -> Result<(), ChangeError> {
        let errors: Vec<Problem> =
            scenario.validate().into_iter().filter(|p| p.severity == Severity::Error).collect();
        if !errors.is_empty() {
            return Err(ChangeError::Invalid(errors));
        }
        let mut new = Model::compile(scenario);
        if !self.model.same_structure(&new) {
            return Err(ChangeError::NeedsRestart);
        }
        self.reschedule_faults(&mut new);
        // A producer whose rate went from 0 (or manual) to running needs its first tick.
        for (pi, (old, p)) in self.model.producers.iter().zip(&new.producers).enumerate() {
            if !old.runs() && p.runs() {
                let at = self.st.now.max(p.start_us);
                self.st.producers[pi].next_us = at as f64;
                self.st.queue.push(at, super::queue::Ev::Produce { producer: pi as u16 });
            }
        }
        self.st.checks = super::checks::carry_records(&self.model, &self.st.checks, &new);
        self.model = Arc::new(new);
        Ok(())
    }

    /// Takes node names from `scenario` (matched by id) for metrics and reasons' words; the
    /// rest of the model is untouched. See [`super::Timeline::relabel`].
    pub fn relabel(&mut self, scenario: &Scenario) {
        let names: Vec<String> = self
            .model
            .node_ids
            .iter()
            .zip(&self.model.names)
            .map(|(id, old)| scenario.node(*id).map_or_else(|| old.clone(), |n| n.name.clone()))
            .collect();
        if names != self.model.names {
            let mut model = (*self.model).clone();
            model.names = names;
            self.model = Arc::new(model);
        }
    }
}
