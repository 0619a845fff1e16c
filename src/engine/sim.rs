//! The simulation: state, the event loop and the small helpers every handler uses. The handlers
//! themselves live in `produce` (emitting and publishing), `consume` (fetching, processing,
//! acknowledging) and `group` (membership, faults, commands).

use super::clock::Micros;
use super::model::{Model, NONE32};
use super::queue::{Ev, EventQueue};
use super::reasons::{NodeOutcomes, Reason};
use super::rng::SimRng;
use super::series::FIRST_INTERVAL_US;
use super::trace::{HopOutcome, HopRecord, TraceHash, TraceRing};
use super::world::*;
use crate::scenario::{Problem, Scenario, Severity};
use std::sync::Arc;

/// All running state. Handlers take the model separately (`m`) so that they can read settings
/// while mutating state without cloning anything.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub now: Micros,
    pub queue: EventQueue,
    pub rng: SimRng,
    pub hash: TraceHash,
    pub events: u64,
    pub next_event_id: u64,
    pub partitions: Vec<Partition>,
    pub cursors: Vec<Cursor>,
    pub instances: Vec<Instance>,
    pub slots: Vec<Slot>,
    pub free_slots: Vec<u32>,
    pub groups: Vec<GroupState>,
    pub producers: Vec<ProducerState>,
    pub topics: Vec<TopicState>,
    pub databases: Vec<DatabaseState>,
    pub outboxes: Vec<OutboxState>,
    pub trace: TraceRing,
    /// Per node (model index): the bounded index of outcomes and their counts by reason.
    pub outcomes: Vec<NodeOutcomes>,
    pub sample_interval: Micros,
    pub retention_tick: Micros,
    /// One past the instant of the last event run (0 before any): from then on a fault can
    /// still start before everything else due at its instant (see `engine::faults`).
    pub ran_until: Micros,
    /// What each of the scenario's checks has seen (see `checks`).
    pub checks: Vec<super::checks::CheckRecord>,
    /// The cluster's brokers (empty without a cluster; see `brokers`).
    pub brokers: Vec<super::brokers::BrokerState>,
    /// Per partition: its replication (empty without a cluster).
    pub repl: Vec<super::brokers::Repl>,
    /// Producer sends to the cluster, by index (a slab; `free_sends` lists the unused).
    pub sends: Vec<super::brokers::Send>,
    pub free_sends: Vec<u32>,
    pub cluster: super::brokers::ClusterCounters,
    /// What the built-in checks watch (see `brokers::Observed`).
    pub observed: super::brokers::Observed,
}

/// A running simulation of one scenario. `Clone` is a checkpoint.
///
/// See the module documentation of [`crate::engine`] for the whole API.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub(crate) model: Arc<Model>,
    pub(crate) st: State,
}

impl Simulation {
    /// Builds a simulation at time 0, or returns the scenario's errors (warnings do not stop it).
    pub fn new(scenario: &Scenario) -> Result<Simulation, Vec<Problem>> {
        let problems = scenario.validate();
        if problems.iter().any(|p| p.severity == Severity::Error) {
            return Err(problems.into_iter().filter(|p| p.severity == Severity::Error).collect());
        }
        let model = Model::compile(scenario);
        let st = State::new(&model);
        Ok(Simulation { model: Arc::new(model), st })
    }

    /// Current simulated time, in microseconds.
    pub fn now_us(&self) -> Micros {
        self.st.now
    }

    /// Time of the next pending engine event, if any.
    pub fn next_event_us(&self) -> Option<Micros> {
        self.st.queue.peek_time()
    }

    /// Runs every event due at or before `t_us`, then sets the clock to `t_us` (never
    /// backwards: to go back, use a [`super::Timeline`]).
    pub fn advance_to(&mut self, t_us: Micros) {
        let m = &*self.model;
        while let Some(t) = self.st.queue.peek_time() {
            if t > t_us {
                break;
            }
            self.st.run_next(m);
        }
        self.st.now = self.st.now.max(t_us);
    }

    /// [`Self::advance_to`] in bounded work: runs events due at or before `t_us` while
    /// `budget` (engine events) lasts, taking one from it per event. Returns true when every
    /// such event ran and the clock reads `t_us`; false when the budget ran out first. It only
    /// stops between instants (the events of the instant it is in all run, budget or not), so
    /// the state it stops in is one `advance_to` of the clock's time would give: a command
    /// injected there replays identically. Reaching `t_us` in several calls runs the same
    /// events in the same order as one `advance_to(t_us)`.
    pub fn advance_toward(&mut self, t_us: Micros, budget: &mut u64) -> bool {
        let m = &*self.model;
        while let Some(t) = self.st.queue.peek_time() {
            if t > t_us {
                break;
            }
            if *budget == 0 && t > self.st.now {
                return false;
            }
            self.st.run_next(m);
            *budget = budget.saturating_sub(1);
        }
        self.st.now = self.st.now.max(t_us);
        true
    }

    /// Runs `n` engine events (or fewer if none are left); returns how many ran.
    pub fn step(&mut self, n: u64) -> u64 {
        let m = &*self.model;
        for i in 0..n {
            if self.st.queue.peek_time().is_none() {
                return i;
            }
            self.st.run_next(m);
        }
        n
    }

    /// Running 64-bit hash of every engine event processed and every hop recorded: two runs
    /// that agree on it did the same thing in the same order.
    pub fn trace_hash(&self) -> u64 {
        self.st.hash.0
    }

    /// Engine events processed so far.
    pub fn events_processed(&self) -> u64 {
        self.st.events
    }

    /// Deliveries so far over all groups (one message delivered to one group's instance).
    pub fn deliveries(&self) -> u64 {
        self.st.groups.iter().map(|g| g.c.delivered).sum()
    }

    /// Messages dead-lettered so far over all groups (cheap: no metrics are built).
    pub fn dead_lettered(&self) -> u64 {
        self.st.groups.iter().map(|g| g.c.dead_lettered).sum()
    }

    /// Engine events waiting in the queue.
    pub fn pending_events(&self) -> usize {
        self.st.queue.len()
    }

    /// Bytes this simulation holds, chunks it shares with clones included (a lower bound of
    /// its heap: small vectors and the allocator's overhead are not counted).
    pub fn retained_bytes(&self) -> usize {
        self.st.unseen_bytes(&mut super::chunked::ChunkSet::new())
    }

    /// Interned event type names; an event's type id indexes this list.
    pub fn event_types(&self) -> &[String] {
        &self.model.types
    }
}

impl State {
    pub(crate) fn new(m: &Model) -> State {
        let mut st = State {
            now: 0,
            queue: EventQueue::default(),
            rng: SimRng::new(m.seed),
            hash: TraceHash::default(),
            events: 0,
            next_event_id: 1,
            partitions: vec![Partition::default(); m.partition_topic.len()],
            cursors: Vec::new(),
            instances: Vec::with_capacity(m.instance_count()),
            slots: Vec::new(),
            free_slots: Vec::new(),
            groups: m.groups.iter().map(|_| GroupState::new()).collect(),
            producers: m
                .producers
                .iter()
                .map(|p| ProducerState {
                    c: ProducerCounters::default(),
                    cluster: Default::default(),
                    next_us: p.start_us as f64,
                    request_latency: Default::default(),
                })
                .collect(),
            topics: vec![TopicState::default(); m.topics.len()],
            databases: m
                .databases
                .iter()
                .map(|d| DatabaseState {
                    tokens: bucket_size(d.capacity_per_s),
                    ..Default::default()
                })
                .collect(),
            outboxes: vec![OutboxState::default(); m.outboxes.len()],
            trace: TraceRing::default(),
            outcomes: vec![NodeOutcomes::default(); m.node_ids.len()],
            sample_interval: FIRST_INTERVAL_US,
            retention_tick: 0,
            ran_until: 0,
            checks: super::checks::fresh_records(m),
            brokers: Vec::new(),
            repl: Vec::new(),
            sends: Vec::new(),
            free_sends: Vec::new(),
            cluster: Default::default(),
            observed: Default::default(),
        };
        st.cluster_init(m);
        for (gi, g) in m.groups.iter().enumerate() {
            for _ in 0..g.instances {
                st.instances.push(Instance {
                    group: gi as u16,
                    state: InstanceState::Up,
                    epoch: 0,
                    member: true,
                    free: g.concurrency,
                    held: Vec::new(),
                    assigned: Vec::new(),
                    next: 0,
                    outages: 0,
                });
            }
            for &(edge, topic) in &g.subscriptions {
                let t = &m.topics[usize::from(topic)];
                for p in t.first_partition..t.first_partition + t.partitions {
                    let ci = st.cursors.len() as u32;
                    st.cursors.push(Cursor::new(
                        gi as u16,
                        p,
                        edge,
                        m.edges[usize::from(edge)].filter,
                    ));
                    st.partitions[p as usize].cursors.push(ci);
                    st.groups[gi].cursors.push(ci);
                }
            }
            st.assign(m, gi as u16);
        }
        for (pi, p) in m.producers.iter().enumerate() {
            if p.runs() {
                st.queue.push(p.start_us, Ev::Produce { producer: pi as u16 });
            }
        }
        for (i, f) in m.faults.iter().enumerate() {
            st.queue.push_fault_start(f.at_us, i as u32);
        }
        // Retention is checked ten times per shortest retention, at most every second.
        let shortest = m.topics.iter().map(|t| t.retention_us).min().unwrap_or(Micros::MAX);
        st.retention_tick = (shortest / 10).clamp(1_000, 1_000_000);
        if !m.topics.is_empty() {
            st.queue.push(st.retention_tick, Ev::Retention);
        }
        if !m.groups.is_empty() {
            st.queue.push(st.sample_interval, Ev::Sample);
        }
        st
    }

    /// Pops the next event, moves the clock, folds it into the trace hash and handles it.
    #[inline]
    pub(crate) fn run_next(&mut self, m: &Model) {
        let Some((t, ev)) = self.queue.pop() else { return };
        self.now = t;
        self.ran_until = t.saturating_add(1);
        self.events += 1;
        let [a, b] = ev.words();
        self.hash.add(t);
        self.hash.add(a);
        self.hash.add(b);
        match ev {
            Ev::Produce { producer } => self.on_produce(m, producer),
            Ev::Slot { slot, gen } => {
                if let Some(s) = self.slots.get(slot as usize) {
                    if s.gen == gen {
                        self.on_slot_due(m, slot);
                    }
                }
            }
            Ev::InstanceUp { instance, epoch } => self.on_instance_up(m, instance, epoch),
            Ev::SessionExpired { instance, epoch } => self.on_session_expired(m, instance, epoch),
            Ev::RebalanceDone { group, generation } => {
                self.on_rebalance_done(m, group, generation);
            }
            Ev::Fault { index, start } => self.on_fault(m, index, start),
            Ev::RelayPoll { outbox } => self.on_relay_poll(m, outbox),
            Ev::Retention => self.on_retention(m),
            Ev::Sample => self.on_sample(m),
            Ev::Request { send, gen } => self.on_request(m, send, gen),
            Ev::Reply { send, gen, code } => self.on_reply(m, send, gen, code),
            Ev::RequestTimeout { send, gen } => self.on_request_timeout(m, send, gen),
            Ev::Retry { send, gen } => self.on_retry(m, send, gen),
            Ev::Fetch { partition, replica, epoch } => {
                self.on_fetch(m, partition as usize, usize::from(replica), epoch);
            }
            Ev::BrokerLost { broker, life } => self.on_broker_lost(m, broker, life),
            Ev::IsrCheck => self.on_isr_check(m),
        }
    }

    fn on_slot_due(&mut self, m: &Model, slot: u32) {
        match self.slots[slot as usize].state {
            SlotState::ToTopic => self.on_reach_topic(m, slot),
            SlotState::Lost => self.free_slot(slot),
            SlotState::Processing => self.on_processed(m, slot),
            SlotState::Backoff => self.on_backoff_over(m, slot),
            SlotState::Free => {}
        }
    }

    /// A free message slot (reusing a released one when possible).
    #[inline]
    pub(crate) fn alloc_slot(&mut self) -> u32 {
        match self.free_slots.pop() {
            Some(s) => s,
            None => {
                self.slots.push(Slot::default());
                (self.slots.len() - 1) as u32
            }
        }
    }

    /// Releases a slot; pending timers for it become stale (its generation moves on).
    #[inline]
    pub(crate) fn free_slot(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        s.gen = s.gen.wrapping_add(1);
        s.state = SlotState::Free;
        s.instance = NONE32;
        self.free_slots.push(slot);
    }

    /// Sets the slot's due time and schedules it.
    #[inline]
    pub(crate) fn schedule_slot(&mut self, slot: u32, due: Micros) {
        let s = &mut self.slots[slot as usize];
        s.due_us = due;
        self.queue.push(due, Ev::Slot { slot, gen: s.gen });
    }

    /// Delay of one trip along an edge: its delay plus uniform jitter.
    #[inline]
    pub(crate) fn edge_delay(&mut self, m: &Model, edge: u16) -> Micros {
        let e = &m.edges[usize::from(edge)];
        if e.jitter_us == 0 {
            e.delay_us
        } else {
            e.delay_us + self.rng.below(e.jitter_us + 1)
        }
    }

    /// Records a hop now in the trace ring and folds it into the hash.
    #[inline]
    pub(crate) fn hop(
        &mut self,
        msg: &Msg,
        node: u16,
        edge: u16,
        outcome: HopOutcome,
        detail: u32,
    ) {
        self.hop_at(self.now, msg, node, edge, outcome, detail, None);
    }

    /// Records a hop now with its reason (the reason is not hashed: it adds words, not
    /// behaviour).
    #[inline]
    pub(crate) fn hop_why(
        &mut self,
        msg: &Msg,
        node: u16,
        edge: u16,
        outcome: HopOutcome,
        detail: u32,
        reason: Reason,
    ) {
        self.hop_at(self.now, msg, node, edge, outcome, detail, Some(reason));
    }

    /// Records a hop at time `t` (a delivery's arrival is known when it is sent).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn hop_at(
        &mut self,
        t: Micros,
        msg: &Msg,
        node: u16,
        edge: u16,
        outcome: HopOutcome,
        detail: u32,
        reason: Option<Reason>,
    ) {
        self.hash.add(msg.event_id ^ (outcome as u64) << 56 ^ u64::from(node) << 40);
        self.trace.push(HopRecord {
            t_us: t,
            event_id: msg.event_id,
            correlation_id: msg.correlation_id,
            node,
            edge,
            outcome,
            detail,
            event_type: msg.event_type,
            key: msg.key,
            flags: msg.flags,
            reason,
        });
    }

    /// A fresh event id.
    #[inline]
    pub(crate) fn new_event_id(&mut self) -> u64 {
        let id = self.next_event_id;
        self.next_event_id += 1;
        id
    }

    /// Whether the group has at least one running instance.
    pub(crate) fn group_alive(&self, m: &Model, g: u16) -> bool {
        let gr = &m.groups[usize::from(g)];
        (gr.first_instance..gr.first_instance + gr.instances)
            .any(|i| self.instances[i as usize].state == InstanceState::Up)
    }

    /// The slow-down factor in force for a group (the largest active window).
    #[inline]
    pub(crate) fn slow_factor(&self, g: u16) -> f64 {
        self.groups[usize::from(g)].slow_factors.iter().copied().fold(1.0, f64::max)
    }

    fn on_sample(&mut self, m: &Model) {
        let mut halve = false;
        for g in 0..self.groups.len() {
            let (lag_messages, lag_us) = self.group_lag(g as u16);
            let gs = &mut self.groups[g];
            gs.largest_lag = gs.largest_lag.max(lag_messages);
            let done = gs.c.processed;
            let per_s =
                (done - gs.processed_at_last_sample) as f64 * 1e6 / self.sample_interval as f64;
            gs.processed_at_last_sample = done;
            let [latency_p50_us, latency_p95_us, latency_p99_us] =
                gs.latency_window.quantiles([0.50, 0.95, 0.99]);
            let [processing_p95_us] = gs.processing_window.quantiles([0.95]);
            gs.latency_window.clear();
            gs.processing_window.clear();
            halve |= gs.series.push(super::series::Sample {
                t_us: self.now,
                lag_messages,
                lag_us,
                throughput_per_s: per_s,
                latency_p50_us,
                latency_p95_us,
                latency_p99_us,
                processing_p95_us,
            });
        }
        if halve {
            self.sample_interval *= 2;
        }
        // Checks are watched here, at samples, so that the hot path never sees them.
        self.watch_checks(m);
        self.queue.push(self.now + self.sample_interval, Ev::Sample);
    }

    /// (messages not finished by the group, age of its oldest uncommitted message).
    pub(crate) fn group_lag(&self, g: u16) -> (u64, Micros) {
        let gs = &self.groups[usize::from(g)];
        let mut age = 0;
        for &ci in &gs.cursors {
            age = age.max(self.cursor_lag(ci).1);
        }
        (gs.queued + gs.in_flight, age)
    }

    /// (log end − committed offset, age of the message at the committed offset).
    pub(crate) fn cursor_lag(&self, ci: u32) -> (u64, Micros) {
        let c = &self.cursors[ci as usize];
        let p = &self.partitions[c.partition as usize];
        let lag = p.end().saturating_sub(c.committed.max(p.start));
        let age = p.get(c.committed.max(p.start)).map_or(0, |msg| self.now - msg.appended_us);
        (lag, age)
    }
}

/// Token-bucket size of a database: a tenth of a second of capacity, at least one write, in
/// millionths of a write.
pub(crate) fn bucket_size(capacity_per_s: u64) -> u64 {
    (capacity_per_s * 100_000).max(1_000_000)
}
