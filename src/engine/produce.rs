//! Emitting events: producers, services' outputs, publishing over edges, appending to
//! partitions, outbox relays and synchronous call chains.

use super::clock::Micros;
use super::model::{Model, Role, NONE16};
use super::queue::Ev;
use super::reasons::Reason;
use super::sim::State;
use super::trace::HopOutcome;
use super::world::*;
use crate::scenario::limits::{MAX_CALL_DEPTH, MAX_OUTBOX_ROWS, MAX_PARTITION_LOG_LEN};
use crate::scenario::{Arrival, KeyDistribution};

/// Partition of a key: a fixed integer mix of the key, so the mapping is the same on every
/// platform and every run (like Kafka's murmur2 of the key bytes).
#[inline]
pub(crate) fn key_partition(key: u32, partitions: u32) -> u32 {
    let mut x = u64::from(key) ^ 0x9e37_79b9_7f4a_7c15;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    (((x >> 32) * u64::from(partitions)) >> 32) as u32
}

/// What a service does with the outputs of one processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Emit {
    /// Write them to its outboxes (with the side effect, in one transaction).
    pub outbox: bool,
    /// Publish them on its publish edges.
    pub publish: bool,
    /// They will never be published (a crash before publishing that no redelivery repairs).
    pub lost: bool,
}

/// How a publish that does not reach its topic is explained, and whether it goes into the
/// publishing node's outcome index at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LossWhy {
    /// Reason and hop detail of a drop on the edge.
    pub dropped: Reason,
    /// Reason and hop detail of a refusal by a down broker.
    pub refused: Reason,
    /// Hop detail of a drop (a refusal's is at least 1).
    pub detail: u32,
    /// Index it under the edge's source node now (`false`: the caller decides, as a dead-letter
    /// publish does when it settles the message's outcome).
    pub index: bool,
}

impl LossWhy {
    /// A plain publish by a producer, a service or a relay.
    pub(crate) const PUBLISH: LossWhy = LossWhy {
        dropped: Reason::NetworkDrop,
        refused: Reason::BrokerDown,
        detail: 0,
        index: true,
    };
}

impl State {
    pub(crate) fn on_produce(&mut self, m: &Model, p: u16) {
        let pc = &m.producers[usize::from(p)];
        if self.now >= pc.stop_us {
            return;
        }
        let n = if pc.arrival == Arrival::Bursts { pc.burst_size } else { 1 };
        for _ in 0..n {
            if self.producers[usize::from(p)].c.produced >= pc.max_events {
                return;
            }
            self.emit_from_producer(m, p, 0);
        }
        if !pc.runs() {
            return;
        }
        let ps = &mut self.producers[usize::from(p)];
        let mean_gap_us = 1e6 / pc.rate_per_s;
        ps.next_us += match pc.arrival {
            Arrival::Constant => mean_gap_us,
            Arrival::Poisson => self.rng.exponential(mean_gap_us),
            Arrival::Bursts => pc.burst_interval_us as f64,
            Arrival::Manual => return,
        };
        let at = (ps.next_us as Micros).max(self.now);
        if at < pc.stop_us && ps.c.produced < pc.max_events {
            self.queue.push(at, Ev::Produce { producer: p });
        }
    }

    fn draw_key(&mut self, m: &Model, p: u16) -> u32 {
        let pc = &m.producers[usize::from(p)];
        let n = pc.key_space;
        if n == 0 {
            return NO_KEY;
        }
        match pc.key_distribution {
            KeyDistribution::Uniform => self.rng.below(u64::from(n)) as u32,
            KeyDistribution::HotKey => {
                if self.rng.chance(pc.hot_key) {
                    0
                } else {
                    self.rng.below(u64::from(n)) as u32
                }
            }
            KeyDistribution::Zipf => {
                // Inverse CDF of a continuous power law on [1, n + 1): key k has weight about
                // k^-s. Close to Zipf's law and needs no table.
                let s = pc.zipf_exponent;
                let u = self.rng.unit();
                let top = f64::from(n) + 1.0;
                let x = if (s - 1.0).abs() < 1e-9 {
                    libm::exp(u * libm::log(top))
                } else {
                    let a = 1.0 - s;
                    libm::pow((libm::pow(top, a) - 1.0) * u + 1.0, 1.0 / a)
                };
                ((x as u32).saturating_sub(1)).min(n - 1)
            }
        }
    }

    /// A producer emits one event: it handles the request (calls, database write, outbox),
    /// then publishes. `extra_flags` marks injected poison messages.
    pub(crate) fn emit_from_producer(&mut self, m: &Model, p: u16, extra_flags: u8) {
        let pc = &m.producers[usize::from(p)];
        let id = self.new_event_id();
        let key = self.draw_key(m, p);
        let (schema, mut flags) = match pc.upgrade {
            Some((at, v, compatible)) if self.now >= at => {
                (v, if compatible { F_COMPATIBLE } else { 0 })
            }
            _ => (pc.schema, 0),
        };
        if self.rng.chance(pc.poison) {
            flags |= F_POISON;
        }
        flags |= extra_flags;
        let msg = Msg {
            event_id: id,
            correlation_id: id,
            created_us: self.now,
            appended_us: self.now,
            key,
            event_type: pc.event_type,
            schema,
            flags,
        };
        let ps = &mut self.producers[usize::from(p)];
        ps.c.produced += 1;
        if flags & F_POISON != 0 {
            ps.c.poison += 1;
        }
        self.hop(&msg, pc.node, NONE16, HopOutcome::Produced, 0);

        // The caller waits for the whole synchronous chain; one failure fails the request.
        let mut latency = pc.handle_us;
        for &(edge, callee) in &pc.calls {
            match self.call(m, edge, callee, &msg, 1) {
                Some(t) => latency += t,
                None => {
                    self.producers[usize::from(p)].c.requests_failed += 1;
                    return;
                }
            }
        }
        if let Err(d) = self.admit_writes(m, &pc.out.databases) {
            // The database refused the write (over `capacity_per_s`): the request fails and
            // nothing is published, as a failed transaction would.
            self.producers[usize::from(p)].c.requests_failed += 1;
            let why = Reason::DatabaseRefused;
            self.hop_why(&msg, pc.node, NONE16, HopOutcome::Lost, u32::from(d), why);
            self.note(pc.node, why, &msg, NONE16, u32::from(d));
            return;
        }
        for &(edge, o) in &pc.out.outboxes {
            self.outbox_write(m, o, edge, msg);
        }
        if !pc.out.publish.is_empty() && self.rng.chance(pc.crash_between) {
            // Dual write: the database has the change, the broker never hears of it.
            self.producers[usize::from(p)].c.lost_dual_write += 1;
            self.hop_why(&msg, pc.node, NONE16, HopOutcome::Lost, 0, Reason::DualWrite);
            self.note(pc.node, Reason::DualWrite, &msg, NONE16, 0);
            return;
        }
        let mut ack_us = 0;
        for &edge in &pc.out.publish {
            if m.edges[usize::from(edge)].filter >> msg.event_type & 1 == 0 {
                continue;
            }
            // The acknowledgement takes the publish's own trip (jitter included) and a trip
            // back drawn from the same edge.
            let (lost, trip_us) = self.publish_timed(m, edge, msg, LossWhy::PUBLISH);
            ack_us = ack_us.max(trip_us + self.edge_delay(m, edge));
            if lost.is_some() {
                self.producers[usize::from(p)].c.publish_lost += 1;
            }
        }
        // With brokers, an acknowledged send's latency is recorded when its answer arrives.
        if m.cluster.is_none() || pc.client.acks == crate::scenario::Acks::Zero {
            self.producers[usize::from(p)].request_latency.record(latency + ack_us);
        }
    }

    /// The event ids and branch decisions of a service's outputs for `input`: remembered from
    /// an earlier processing of the same input event id, or drawn and reserved now. A fresh
    /// block of ids from the one counter keeps ids small and dense (the dedup store indexes
    /// by id) and can never collide with another event's.
    pub(crate) fn service_outputs(&mut self, m: &Model, g: u16, input: &Msg) -> OutputBlock {
        if let Some(b) = self.groups[usize::from(g)].output_ids.get(input.event_id) {
            return b;
        }
        let mut otherwise = 0u32;
        let mut count = 0u64;
        for (j, mapping) in m.groups[usize::from(g)].mappings.iter().enumerate() {
            if mapping.input.is_some_and(|t| t != input.event_type) {
                continue;
            }
            if mapping.otherwise.is_some() && self.rng.chance(mapping.otherwise_ppm) {
                otherwise |= 1 << (j % 32);
                count += 1;
            } else {
                count += mapping.outputs.len() as u64;
            }
        }
        let b = OutputBlock { first_id: self.next_event_id, otherwise };
        self.next_event_id += count;
        self.groups[usize::from(g)].output_ids.insert(input.event_id, b);
        b
    }

    /// Emits a service's outputs for `input` as `block` decided, taking the steps `step`
    /// names. Returns how many of them pass a publish edge's filter.
    pub(crate) fn emit_outputs(
        &mut self,
        m: &Model,
        g: u16,
        input: &Msg,
        block: OutputBlock,
        step: Emit,
    ) -> u64 {
        let gr = &m.groups[usize::from(g)];
        let mut id = block.first_id;
        let mut publishable = 0;
        for (j, mapping) in gr.mappings.iter().enumerate() {
            if mapping.input.is_some_and(|t| t != input.event_type) {
                continue;
            }
            let outs: &[u8] = match &mapping.otherwise {
                Some(o) if block.otherwise >> (j % 32) & 1 == 1 => std::slice::from_ref(o),
                _ => &mapping.outputs,
            };
            for &event_type in outs {
                let msg = Msg {
                    event_id: id,
                    correlation_id: input.correlation_id,
                    // End-to-end latency runs from the request that started the chain.
                    created_us: input.created_us,
                    appended_us: self.now,
                    key: input.key,
                    event_type,
                    schema: 1,
                    flags: 0,
                };
                id += 1;
                self.groups[usize::from(g)].c.emitted += 1;
                self.hop(&msg, gr.node, NONE16, HopOutcome::Produced, 0);
                if step.outbox {
                    for &(edge, o) in &gr.out.outboxes {
                        self.outbox_write(m, o, edge, msg);
                    }
                }
                let on = |e: &u16| m.edges[usize::from(*e)].filter >> event_type & 1 == 1;
                if !gr.out.publish.iter().any(on) {
                    continue;
                }
                publishable += 1;
                if step.lost {
                    let why = Reason::OutputCrashBetween;
                    self.hop_why(&msg, gr.node, NONE16, HopOutcome::Lost, 0, why);
                    self.note(gr.node, why, &msg, NONE16, 0);
                } else if step.publish {
                    for &edge in gr.out.publish.iter().filter(|e| on(e)) {
                        self.publish(m, edge, msg);
                    }
                }
            }
        }
        publishable
    }

    /// Sends a message along a publish or dead-letter edge. Returns `false` if it is lost
    /// (dropped by the network or refused by a down broker); a duplicate copy may follow it.
    pub(crate) fn publish(&mut self, m: &Model, edge: u16, msg: Msg) -> bool {
        self.publish_timed(m, edge, msg, LossWhy::PUBLISH).0.is_none()
    }

    /// [`Self::publish`] with the reasons a loss is given; returns the reason if it is lost.
    pub(crate) fn publish_why(
        &mut self,
        m: &Model,
        edge: u16,
        msg: Msg,
        loss: LossWhy,
    ) -> Option<Reason> {
        self.publish_timed(m, edge, msg, loss).0
    }

    /// [`Self::publish_why`], also returning the one-way delay of the first copy (0 if
    /// refused).
    fn publish_timed(
        &mut self,
        m: &Model,
        edge: u16,
        msg: Msg,
        loss: LossWhy,
    ) -> (Option<Reason>, Micros) {
        let e = &m.edges[usize::from(edge)];
        let Role::Topic(topic) = m.roles[usize::from(e.to)] else { return (None, 0) };
        if self.topics[usize::from(topic)].down > 0 {
            self.topics[usize::from(topic)].refused += 1;
            let detail = loss.detail.max(1);
            self.hop_why(&msg, e.to, edge, HopOutcome::Lost, detail, loss.refused);
            if loss.index {
                self.note(e.from, loss.refused, &msg, edge, detail);
            }
            return (Some(loss.refused), 0);
        }
        if m.cluster.is_some() {
            return (None, self.cluster_publish(m, edge, topic, msg));
        }
        if self.rng.chance(e.drop) {
            self.hop_why(&msg, e.to, edge, HopOutcome::Lost, loss.detail, loss.dropped);
            if loss.index {
                self.note(e.from, loss.dropped, &msg, edge, loss.detail);
            }
            let delay = self.edge_delay(m, edge);
            self.send_to_topic(edge, msg, delay, SlotState::Lost);
            return (Some(loss.dropped), delay);
        }
        let copies = if self.rng.chance(e.duplicate) { 2 } else { 1 };
        let mut first_us = 0;
        for copy in 0..copies {
            let mut msg = msg;
            if copies == 2 {
                msg.flags |= F_NET;
            }
            if copy == 1 {
                msg.flags |= F_COPY;
            }
            let delay = self.edge_delay(m, edge);
            if copy == 0 {
                first_us = delay;
            }
            if delay == 0 {
                self.append(m, topic, msg, edge);
            } else {
                self.send_to_topic(edge, msg, delay, SlotState::ToTopic);
            }
        }
        (None, first_us)
    }

    fn send_to_topic(&mut self, edge: u16, msg: Msg, delay: Micros, state: SlotState) {
        let slot = self.alloc_slot();
        let now = self.now;
        let s = &mut self.slots[slot as usize];
        *s = Slot { msg, edge, state, sent_us: now, gen: s.gen, ..Slot::default() };
        self.schedule_slot(slot, now + delay);
    }

    pub(crate) fn on_reach_topic(&mut self, m: &Model, slot: u32) {
        let s = self.slots[slot as usize];
        self.free_slot(slot);
        if let Role::Topic(topic) = m.roles[usize::from(m.edges[usize::from(s.edge)].to)] {
            self.append(m, topic, s.msg, s.edge);
        }
    }

    /// Appends to the partition the key picks (round-robin without a key) and tells every
    /// group reading it. `via` is the publish edge it arrived on (recorded in the hop so a
    /// trace and the animation can show the path).
    pub(crate) fn append(&mut self, m: &Model, topic: u16, msg: Msg, via: u16) {
        let pi = self.pick_partition(m, topic, &msg) as usize;
        self.append_to(m, topic, pi, msg, via);
    }

    /// Appends to partition `pi` of `topic` (its committed log) and tells every group reading
    /// it.
    pub(crate) fn append_to(&mut self, m: &Model, topic: u16, pi: usize, mut msg: Msg, via: u16) {
        let t = &m.topics[usize::from(topic)];
        let index = pi as u32 - t.first_partition;
        self.topics[usize::from(topic)].appended += 1;
        msg.appended_us = self.now;
        self.partitions[pi].log.push_back(msg);
        self.hop(&msg, t.node, via, HopOutcome::Appended, index);
        if self.partitions[pi].log.len() > MAX_PARTITION_LOG_LEN {
            self.expire_front(m, pi, true);
        }
        let bit = 1u128 << msg.event_type;
        // Every cursor counts the entry before any instance may fetch it: a group reading the
        // partition through two subscribe edges has two cursors, and the first pump could
        // otherwise deliver through the second before that one counted it.
        for k in 0..self.partitions[pi].cursors.len() {
            let ci = self.partitions[pi].cursors[k] as usize;
            let c = &mut self.cursors[ci];
            if c.filter & bit == 0 {
                continue;
            }
            c.queued += 1;
            let gs = &mut self.groups[usize::from(c.group)];
            gs.integrate(self.now);
            gs.queued += 1;
            gs.c.produced += 1;
        }
        for k in 0..self.partitions[pi].cursors.len() {
            let c = &self.cursors[self.partitions[pi].cursors[k] as usize];
            if c.filter & bit != 0 && c.owner != super::model::NONE32 {
                self.pump(m, c.owner);
            }
        }
    }

    pub(crate) fn outbox_write(&mut self, m: &Model, o: u16, edge: u16, msg: Msg) {
        let ob = &mut self.outboxes[usize::from(o)];
        let node = m.outboxes[usize::from(o)].node;
        if ob.rows.len() >= MAX_OUTBOX_ROWS {
            // The table is full (the relay has been kept from publishing for long): the
            // transaction that carried the row fails, and the event with it.
            ob.c.refused += 1;
            self.hop_why(&msg, node, edge, HopOutcome::Lost, 0, Reason::OutboxFull);
            self.note(node, Reason::OutboxFull, &msg, edge, 0);
            return;
        }
        ob.rows.push_back(msg);
        ob.c.written += 1;
        let start = !ob.polling;
        ob.polling = true;
        self.hop(&msg, node, edge, HopOutcome::Outboxed, 0);
        if start {
            self.queue.push(
                self.now + m.outboxes[usize::from(o)].interval_us,
                Ev::RelayPoll { outbox: o },
            );
        }
    }

    /// The relay publishes a batch of rows. A down broker keeps the rest for the next poll; a
    /// relay crash after publishing keeps the batch too, so it is published again (at least
    /// once).
    pub(crate) fn on_relay_poll(&mut self, m: &Model, o: u16) {
        let ob = &m.outboxes[usize::from(o)];
        let n = self.outboxes[usize::from(o)].rows.len().min(ob.batch as usize);
        let mut sent = 0;
        'rows: for k in 0..n {
            let Some(&msg) = self.outboxes[usize::from(o)].rows.get(k) else { break };
            for &edge in &ob.publish {
                let e = &m.edges[usize::from(edge)];
                if e.filter >> msg.event_type & 1 == 0 {
                    continue;
                }
                if let Role::Topic(t) = m.roles[usize::from(e.to)] {
                    if self.topics[usize::from(t)].down > 0 {
                        break 'rows;
                    }
                }
                self.publish(m, edge, msg);
                self.outboxes[usize::from(o)].c.published += 1;
            }
            sent += 1;
        }
        let crashed = sent > 0 && self.rng.chance(ob.crash);
        let st = &mut self.outboxes[usize::from(o)];
        if crashed {
            st.c.relay_crashes += 1;
            for k in 0..sent {
                if let Some(row) = st.rows.get_mut(k) {
                    row.flags |= F_COPY | F_RELAY;
                }
            }
        } else {
            for _ in 0..sent {
                st.rows.pop_front();
            }
        }
        if st.rows.is_empty() {
            st.polling = false;
        } else {
            self.queue.push(self.now + ob.interval_us, Ev::RelayPoll { outbox: o });
        }
    }

    /// A synchronous call along `edge` to group `callee`, which may call further. Returns the
    /// time the caller waits, or `None` if the call fails (callee down, request dropped).
    /// The chain is computed at once from the state at the time of the request.
    pub(crate) fn call(
        &mut self,
        m: &Model,
        edge: u16,
        callee: u16,
        msg: &Msg,
        depth: usize,
    ) -> Option<Micros> {
        let node = m.groups[usize::from(callee)].node;
        let up = self.group_alive(m, callee);
        let dropped = self.rng.chance(m.edges[usize::from(edge)].drop);
        if depth > MAX_CALL_DEPTH || !up || dropped {
            self.groups[usize::from(callee)].c.calls_failed += 1;
            self.hop(msg, node, edge, HopOutcome::Called, 1);
            return None;
        }
        self.groups[usize::from(callee)].c.calls += 1;
        let mut wait =
            self.edge_delay(m, edge) + self.edge_delay(m, edge) + self.processing_time(m, callee);
        for &(e2, g2) in &m.groups[usize::from(callee)].calls {
            match self.call(m, e2, g2, msg, depth + 1) {
                Some(t) => wait += t,
                None => {
                    self.groups[usize::from(callee)].c.calls_failed += 1;
                    self.hop(msg, node, edge, HopOutcome::Called, 1);
                    return None;
                }
            }
        }
        self.hop(msg, node, edge, HopOutcome::Called, 0);
        Some(wait)
    }
}
