//! Brokers, replication and producer acknowledgements (Kafka's model, Kafka's names).
//!
//! Only a scenario with a `cluster` comes here; without one every topic is the ideal broker of
//! `produce` and nothing below runs (no state, no queue entry), so older scenarios keep their
//! exact runs.
//!
//! # Model
//!
//! * Each partition has replicas on `replication_factor` brokers, placed as Kafka's default
//!   assignment does ([`assign`]). One replica leads; the others follow by fetching.
//! * The partition's log in `State::partitions` is the **committed** log: the records below the
//!   high watermark, which is all a consumer can read. Records the leader has and the ISR has
//!   not all copied yet wait in [`Repl::pending`], above the high watermark. Every replica's
//!   log is a prefix of the leader's, so a replica is described by its log end offset alone.
//! * The high watermark is the smallest log end offset in the ISR; when it moves, records move
//!   from `pending` into the committed log (and consumers see them).
//! * A follower out of step for `replica.lag.time.max.ms` leaves the ISR; it rejoins when its
//!   log end reaches the high watermark. The leader's own ISR changes need the controller:
//!   an isolated leader cannot shrink its ISR (its acks=all sends wait, as in Kafka).
//! * A lost broker (crash, isolation) is noticed by the controller after
//!   `leader_election_delay_ms`: it leaves every ISR (but the last member, which Kafka keeps),
//!   and each partition it led gets a new leader: the first live ISR replica in assignment
//!   order, else (with `unclean.leader.election.enable`) the first live replica, else none
//!   (offline until an ISR replica returns). The new leader's log decides: the other replicas
//!   truncate to it, and acknowledged records beyond it are lost (`acknowledged_lost`).
//! * A producer's send goes to the partition's leader; `acks` picks when it is answered. An
//!   answer or request can be dropped by the edge's network; a request unanswered for
//!   `request.timeout.ms` is retried after `retry.backoff.ms`, within `retries` and
//!   `delivery.timeout.ms`. With `enable.idempotence` the leader drops a retried record it
//!   already has (by producer id and sequence: here, the event id); without it the record is
//!   written at a second offset (`retry_duplicates`).
//!
//! Simplification (documented): after an unclean election whose leader lacks committed
//! records, those records stay readable in Fanout's log (consumers may have read them already);
//! their acknowledgements are counted lost all the same.

use std::collections::{BTreeMap, VecDeque};

use super::clock::Micros;
use super::model::{ClientRt, Model, Role, NONE16};
use super::queue::Ev;
use super::reasons::Reason;
use super::sim::State;
use super::trace::HopOutcome;
use super::world::{Msg, F_COPY, NO_KEY};
use crate::scenario::limits::{MAX_PARTITION_IDS, MAX_PENDING_RECORDS, MAX_SENDS_IN_FLIGHT};
use crate::scenario::Acks;
use serde::Serialize;

/// "No replica" / "not acknowledged".
pub(crate) const NONE8: u8 = u8::MAX;
/// Message flag: a producer was told this record is written (its acknowledgement left the
/// broker and was not dropped).
pub(crate) const F_ACKED: u8 = 64;
/// Message flag: written again by a producer's retry (with `F_COPY`); tells a duplicate's
/// reason downstream.
pub(crate) const F_RETRY: u8 = 32;

/// Answer codes.
const OK: u8 = 0;
const NOT_ENOUGH_REPLICAS: u8 = 1;
const NOT_LEADER: u8 = 2;

/// Kafka's default replica assignment (rack unaware): partition p's first replica on broker
/// `(p + start) % n`, the others after it shifted by `start` plus one every `n` partitions.
pub(crate) fn assign(partitions: u32, rf: u8, brokers: u16, start: u32) -> Vec<Vec<u8>> {
    let n = u32::from(brokers.max(1));
    let mut shift = start % n.max(1);
    (0..partitions)
        .map(|p| {
            if p > 0 && p % n == 0 {
                shift += 1;
            }
            let first = (p + start) % n;
            let mut r = vec![first as u8];
            for j in 0..u32::from(rf).saturating_sub(1) {
                let idx = (first + 1 + (shift + j) % (n - 1).max(1)) % n;
                r.push(idx as u8);
            }
            r
        })
        .collect()
}

/// One broker's state.
#[derive(Clone, Debug, Default)]
pub(crate) struct BrokerState {
    pub crashed: u32,
    pub isolated: u32,
    pub slow: Vec<f64>,
    /// Bumped at each loss, so that the controller's notice of an earlier one is ignored.
    pub life: u32,
}

impl BrokerState {
    pub(crate) fn reachable(&self) -> bool {
        self.crashed == 0 && self.isolated == 0
    }
    fn factor(&self) -> f64 {
        self.slow.iter().copied().fold(1.0, f64::max)
    }
}

/// A record above the high watermark.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    pub msg: Msg,
    pub send: u32,
    pub send_gen: u32,
    pub acks: Acks,
    /// Broker that acknowledged it (acks=1), or `NONE8`.
    pub acked_by: u8,
    /// The node that sent it (whose outcome index explains its loss).
    pub from: u16,
}

/// A partition's replication state.
#[derive(Clone, Debug, Default)]
pub(crate) struct Repl {
    /// Log end offset of each replica (index = position in the assignment).
    pub leo: Vec<u64>,
    pub caught_up_us: Vec<Micros>,
    pub fetching: Vec<bool>,
    /// In-sync replicas, bit = position.
    pub isr: u32,
    /// Position of the leader, or `NONE8` (offline).
    pub leader: u8,
    pub epoch: u32,
    pub pending: VecDeque<Pending>,
    /// Event id → offset of the records the leader's log holds (newest `MAX_PARTITION_IDS`).
    pub ids: BTreeMap<u64, u64>,
    pub id_order: VecDeque<u64>,
    /// Committed offsets an unclean leader lacked: lost to the cluster though still readable
    /// here (see the module's simplification). One range per such election.
    pub lost_ranges: Vec<(u64, u64)>,
}

impl Repl {
    /// The smallest log end offset in the ISR: what a consumer may read below (recomputed
    /// from the replicas, apart from the committed log it should equal).
    pub(crate) fn isr_low_watermark(&self) -> u64 {
        (0..self.leo.len())
            .filter(|&p| self.isr & 1 << p != 0)
            .map(|p| self.leo[p])
            .min()
            .unwrap_or(0)
    }

    fn remember(&mut self, id: u64, offset: u64) {
        if self.id_order.len() >= MAX_PARTITION_IDS {
            if let Some(old) = self.id_order.pop_front() {
                self.ids.remove(&old);
            }
        }
        self.ids.insert(id, offset);
        self.id_order.push_back(id);
    }
    fn isr_count(&self) -> u32 {
        self.isr.count_ones()
    }
}

/// A producer's record on its way, retries included.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Send {
    pub msg: Msg,
    pub producer: u16,
    pub edge: u16,
    pub partition: u32,
    pub attempt: u32,
    pub deadline: Micros,
    pub gen: u32,
    pub open: bool,
}

/// What the cluster counted. See `docs/output-format.md`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClusterCounters {
    /// Records sent to a leader (one per event and publish edge).
    pub sends: u64,
    /// Sends acknowledged to their producer.
    pub acknowledged: u64,
    /// Sends with acks=0, once their request reached the broker or was lost: never answered.
    pub unacknowledged: u64,
    /// Acknowledged records later lost: truncated when a replica without them became leader.
    pub acknowledged_lost: u64,
    /// Attempts refused because the ISR was smaller than `min.insync.replicas` (acks=all).
    pub not_enough_replicas: u64,
    /// Sends given up at `delivery.timeout.ms`.
    pub timed_out: u64,
    /// Sends given up when their `retries` ran out.
    pub retries_exhausted: u64,
    /// Attempts after the first.
    pub retries: u64,
    /// Records written at a second offset by a retry (idempotence off).
    pub retry_duplicates: u64,
    /// Retried records the leader dropped because it had them (idempotence on).
    pub retries_deduplicated: u64,
    /// Leaders elected by the controller after a broker was lost or came back.
    pub leader_elections: u64,
    /// Elections of an out-of-sync replica.
    pub unclean_elections: u64,
    /// Followers removed from an ISR.
    pub isr_shrinks: u64,
    /// Followers that rejoined an ISR.
    pub isr_expands: u64,
}

/// An acknowledgement a producer received: where the record was, for the lost-write check.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Acked {
    pub partition: u32,
    pub offset: u64,
    pub event_id: u64,
}

/// Acknowledgements the lost-write check re-reads at every evaluation (the newest); older
/// ones were checked once, as they left the window.
pub(crate) const ACKED_WINDOW: usize = 65_536;

/// What the built-in checks watch, apart from the counters the engine keeps: the history a
/// Jepsen-style checker reads (acknowledgements, fetches), never used to decide anything.
#[derive(Clone, Debug, Default)]
pub(crate) struct Observed {
    /// Fetches of an offset not above the previous fetch of the same cursor and session.
    pub offsets_backwards: u64,
    /// Fetches of an offset at or above the smallest log end in the ISR.
    pub read_above_hw: u64,
    /// The newest acknowledgements (at most [`ACKED_WINDOW`]).
    pub acked: super::chunked::ChunkedDeque<Acked>,
    /// Acknowledgements found lost as they left the window, and how many left it.
    pub acked_lost_evicted: u64,
    pub acked_evicted: u64,
    /// Lost as they left the window, in topics outside the rule's premises.
    pub acked_lost_evicted_elsewhere: u64,
}

/// Packs an acknowledged-lost record's facts: acking broker, acks, new leader, unclean.
pub(crate) fn lost_detail(acked_by: u8, acks: Acks, leader: u8, unclean: bool) -> u32 {
    u32::from(acked_by) | (acks as u32) << 8 | u32::from(leader) << 16 | u32::from(unclean) << 24
}

impl State {
    pub(crate) fn cluster_init(&mut self, m: &Model) {
        let Some(c) = &m.cluster else { return };
        self.brokers = vec![BrokerState::default(); usize::from(c.brokers)];
        self.repl = m
            .replicas
            .iter()
            .map(|r| Repl {
                leo: vec![0; r.len()],
                caught_up_us: vec![0; r.len()],
                fetching: vec![false; r.len()],
                isr: (1u32 << r.len()) - 1,
                leader: 0,
                ..Repl::default()
            })
            .collect();
        self.queue.push((c.lag_max_us / 2).max(1), Ev::IsrCheck);
    }

    /// Adds one to a counter of the cluster and of the producer that sent (if a producer did).
    fn bump(&mut self, producer: u16, field: fn(&mut ClusterCounters) -> &mut u64) {
        *field(&mut self.cluster) += 1;
        if let Some(ps) = self.producers.get_mut(usize::from(producer)) {
            *field(&mut ps.cluster) += 1;
        }
    }

    fn client(m: &Model, producer: u16) -> ClientRt {
        m.producers.get(usize::from(producer)).map_or(ClientRt::DEFAULT, |p| p.client)
    }

    /// The partition a record goes to (the key's, round-robin without one): the ideal broker's
    /// append and the cluster's leaders pick alike.
    pub(crate) fn pick_partition(&mut self, m: &Model, topic: u16, msg: &Msg) -> u32 {
        let t = &m.topics[usize::from(topic)];
        let ts = &mut self.topics[usize::from(topic)];
        let index = if msg.key == NO_KEY {
            ts.round_robin += 1;
            ((ts.round_robin - 1) % u64::from(t.partitions)) as u32
        } else {
            super::produce::key_partition(msg.key, t.partitions)
        };
        t.first_partition + index
    }

    /// A publish to a topic of the cluster: a send with the publishing node's client settings.
    /// Returns the one-way delay of its first request.
    pub(crate) fn cluster_publish(&mut self, m: &Model, edge: u16, topic: u16, msg: Msg) -> Micros {
        let from = m.edges[usize::from(edge)].from;
        let producer = match m.roles[usize::from(from)] {
            Role::Producer(p) => p,
            _ => NONE16,
        };
        let partition = self.pick_partition(m, topic, &msg);
        let client = Self::client(m, producer);
        self.bump(producer, |c| &mut c.sends);
        if self.sends.len() - self.free_sends.len() >= MAX_SENDS_IN_FLIGHT {
            self.bump(producer, |c| &mut c.retries_exhausted);
            self.fail_send_now(m, &msg, producer, edge, Reason::RetriesExhausted, 0);
            return 0;
        }
        let send = Send {
            msg,
            producer,
            edge,
            partition,
            attempt: 0,
            deadline: self.now.saturating_add(client.delivery_us),
            gen: 0,
            open: true,
        };
        let i = match self.free_sends.pop() {
            Some(i) => {
                // The generation goes on from the slot's last use, so that a stale timeout or
                // answer of that send can never match this one.
                let gen = self.sends[i as usize].gen;
                self.sends[i as usize] = Send { gen, ..send };
                i
            }
            None => {
                self.sends.push(send);
                (self.sends.len() - 1) as u32
            }
        };
        self.send_attempt(m, i)
    }

    /// An acks=0 send is over once its request reached the broker or was lost: no one answers.
    fn finish_unacknowledged(&mut self, i: u32) {
        let producer = self.sends[i as usize].producer;
        self.bump(producer, |c| &mut c.unacknowledged);
        self.release_send(i);
    }

    fn release_send(&mut self, i: u32) {
        let s = &mut self.sends[i as usize];
        s.open = false;
        s.gen = s.gen.wrapping_add(1);
        self.free_sends.push(i);
    }

    /// One attempt of a send: its request leaves now.
    fn send_attempt(&mut self, m: &Model, i: u32) -> Micros {
        let s = &mut self.sends[i as usize];
        s.gen = s.gen.wrapping_add(1);
        let (gen, edge, deadline) = (s.gen, s.edge, s.deadline);
        let client = Self::client(m, s.producer);
        let delay = self.edge_delay(m, edge);
        let dropped = self.rng.chance(m.edges[usize::from(edge)].drop);
        if !dropped {
            self.queue.push(self.now + delay, Ev::Request { send: i, gen });
        }
        if client.acks == Acks::Zero {
            if dropped {
                let s = self.sends[i as usize];
                self.hop_why(
                    &s.msg,
                    m.edges[usize::from(edge)].to,
                    edge,
                    HopOutcome::Lost,
                    0,
                    Reason::NetworkDrop,
                );
                self.note(m.edges[usize::from(edge)].from, Reason::NetworkDrop, &s.msg, edge, 0);
                self.finish_unacknowledged(i);
            }
        } else {
            let at = self.now.saturating_add(client.request_us).min(deadline);
            self.queue.push(at, Ev::RequestTimeout { send: i, gen });
        }
        delay
    }

    /// A request reaches the partition's leader.
    pub(crate) fn on_request(&mut self, m: &Model, i: u32, gen: u32) {
        let s = self.sends[i as usize];
        if !s.open || s.gen != gen {
            return;
        }
        let client = Self::client(m, s.producer);
        let pi = s.partition as usize;
        let topic = m.partition_topic[pi];
        let t = &m.topics[usize::from(topic)];
        let r = &self.repl[pi];
        let leader = r.leader;
        let leader_broker = (leader != NONE8).then(|| m.replicas[pi][usize::from(leader)]);
        let reachable = leader_broker.is_some_and(|b| self.brokers[usize::from(b)].reachable());
        if !reachable {
            // An isolated leader never hears it (the request times out); a crashed one refuses
            // the connection, and an offline partition has no leader to send to.
            let isolated = leader_broker.is_some_and(|b| {
                let bs = &self.brokers[usize::from(b)];
                bs.crashed == 0 && bs.isolated > 0
            });
            if client.acks == Acks::Zero {
                self.zero_lost(m, i);
            } else if !isolated {
                self.reply(m, i, NOT_LEADER);
            }
            return;
        }
        if client.acks == Acks::All && r.isr_count() < u32::from(t.min_insync) {
            self.bump(s.producer, |c| &mut c.not_enough_replicas);
            self.reply(m, i, NOT_ENOUGH_REPLICAS);
            return;
        }
        let hw = self.partitions[pi].end();
        let mut msg = s.msg;
        if let Some(&offset) = self.repl[pi].ids.get(&msg.event_id) {
            if client.idempotent {
                self.bump(s.producer, |c| &mut c.retries_deduplicated);
                self.already_written(m, i, pi, offset, hw, client.acks);
                return;
            }
            self.bump(s.producer, |c| &mut c.retry_duplicates);
            msg.flags |= F_COPY | F_RETRY;
        }
        if self.repl[pi].pending.len() >= MAX_PENDING_RECORDS {
            self.reply(m, i, NOT_LEADER);
            return;
        }
        self.leader_append(m, i, pi, msg, client.acks, leader);
    }

    /// The leader appends a record above the high watermark and answers per `acks`.
    fn leader_append(&mut self, m: &Model, i: u32, pi: usize, msg: Msg, acks: Acks, leader: u8) {
        let gen = self.sends[i as usize].gen;
        let from = m.edges[usize::from(self.sends[i as usize].edge)].from;
        let r = &mut self.repl[pi];
        let offset = self.partitions[pi].end() + r.pending.len() as u64;
        r.pending.push_back(Pending { msg, send: i, send_gen: gen, acks, acked_by: NONE8, from });
        r.remember(msg.event_id, offset);
        r.leo[usize::from(leader)] = offset + 1;
        match acks {
            Acks::Zero => self.finish_unacknowledged(i),
            Acks::One => {
                if self.reply(m, i, OK) {
                    self.observe_ack(m, pi, offset, msg.event_id);
                    let broker = m.replicas[pi][usize::from(leader)];
                    if let Some(p) = self.repl[pi].pending.back_mut() {
                        p.msg.flags |= F_ACKED;
                        p.acked_by = broker;
                    }
                }
            }
            Acks::All => {}
        }
        self.kick_fetches(m, pi);
        self.advance_hw(m, pi);
    }

    /// A retried record the leader already has (idempotence): answered as its first write is.
    fn already_written(&mut self, m: &Model, i: u32, pi: usize, offset: u64, hw: u64, acks: Acks) {
        if offset < hw || acks != Acks::All {
            if acks == Acks::Zero {
                self.finish_unacknowledged(i);
            } else if self.reply(m, i, OK) {
                self.observe_ack(m, pi, offset, self.sends[i as usize].msg.event_id);
                if offset < hw {
                    return;
                }
                let leader = self.repl[pi].leader;
                let broker = m.replicas[pi].get(usize::from(leader)).copied().unwrap_or(NONE8);
                if let Some(p) = self.repl[pi].pending.get_mut((offset - hw) as usize) {
                    p.msg.flags |= F_ACKED;
                    p.acked_by = broker;
                }
            }
            return;
        }
        let gen = self.sends[i as usize].gen;
        if let Some(p) = self.repl[pi].pending.get_mut((offset - hw) as usize) {
            p.send = i;
            p.send_gen = gen;
            p.acks = acks;
        }
    }

    /// Records an acknowledgement for the lost-write check; one leaving the window is checked
    /// once as it goes.
    fn observe_ack(&mut self, m: &Model, pi: usize, offset: u64, event_id: u64) {
        let o = &mut self.observed;
        o.acked.push_back(Acked { partition: pi as u32, offset, event_id });
        if o.acked.len() > ACKED_WINDOW {
            if let Some(old) = o.acked.pop_front() {
                o.acked_evicted += 1;
                if !self.still_written(old) {
                    let safe = premises(m, m.partition_topic[old.partition as usize]).0;
                    let o = &mut self.observed;
                    if safe {
                        o.acked_lost_evicted += 1;
                    } else {
                        o.acked_lost_evicted_elsewhere += 1;
                    }
                }
            }
        }
    }

    /// Whether an acknowledged record is still in its partition's log (committed or above
    /// the high watermark) at its offset; one retention removed counts as still written.
    pub(crate) fn still_written(&self, a: Acked) -> bool {
        let pi = a.partition as usize;
        let p = &self.partitions[pi];
        if a.offset < p.start {
            return true;
        }
        let lost = self.repl.get(pi).is_some_and(|r| {
            r.lost_ranges.iter().any(|&(from, to)| (from..to).contains(&a.offset))
        });
        if lost {
            return false;
        }
        let id = match p.get(a.offset) {
            Some(msg) => Some(msg.event_id),
            None => self
                .repl
                .get(pi)
                .and_then(|r| r.pending.get((a.offset - p.end()) as usize).map(|x| x.msg.event_id)),
        };
        id == Some(a.event_id)
    }

    /// An acks=0 request that found no leader: the record is gone, and no one is told.
    fn zero_lost(&mut self, m: &Model, i: u32) {
        let s = self.sends[i as usize];
        let to = m.edges[usize::from(s.edge)].to;
        self.hop_why(&s.msg, to, s.edge, HopOutcome::Lost, 0, Reason::NoLeader);
        self.note(m.edges[usize::from(s.edge)].from, Reason::NoLeader, &s.msg, s.edge, 0);
        self.finish_unacknowledged(i);
    }

    /// Sends an answer back over the edge. Returns whether it will arrive (the network may
    /// drop it; the producer then waits for its request timeout).
    fn reply(&mut self, m: &Model, i: u32, code: u8) -> bool {
        let s = self.sends[i as usize];
        let dropped = self.rng.chance(m.edges[usize::from(s.edge)].drop);
        if dropped {
            return false;
        }
        let delay = self.edge_delay(m, s.edge);
        self.queue.push(self.now + delay, Ev::Reply { send: i, gen: s.gen, code });
        true
    }

    /// An answer reaches the producer.
    pub(crate) fn on_reply(&mut self, m: &Model, i: u32, gen: u32, code: u8) {
        let s = self.sends[i as usize];
        if !s.open || s.gen != gen {
            return;
        }
        if code == OK {
            self.bump(s.producer, |c| &mut c.acknowledged);
            if let Some(pc) = m.producers.get(usize::from(s.producer)) {
                let took = self.now - s.msg.created_us + pc.handle_us;
                self.producers[usize::from(s.producer)].request_latency.record(took);
            }
            self.release_send(i);
        } else {
            self.retry_or_fail(m, i);
        }
    }

    /// A request went unanswered for `request.timeout.ms` (or the delivery timeout came).
    pub(crate) fn on_request_timeout(&mut self, m: &Model, i: u32, gen: u32) {
        let s = self.sends[i as usize];
        if s.open && s.gen == gen {
            self.retry_or_fail(m, i);
        }
    }

    fn retry_or_fail(&mut self, m: &Model, i: u32) {
        let s = self.sends[i as usize];
        let client = Self::client(m, s.producer);
        let at = self.now.saturating_add(client.backoff_us);
        if self.now >= s.deadline || at >= s.deadline {
            self.bump(s.producer, |c| &mut c.timed_out);
            self.fail_send(m, i, Reason::DeliveryTimedOut);
        } else if s.attempt >= client.retries {
            self.bump(s.producer, |c| &mut c.retries_exhausted);
            self.fail_send(m, i, Reason::RetriesExhausted);
        } else {
            self.bump(s.producer, |c| &mut c.retries);
            let s = &mut self.sends[i as usize];
            s.attempt += 1;
            s.gen = s.gen.wrapping_add(1);
            let gen = s.gen;
            self.queue.push(at, Ev::Retry { send: i, gen });
        }
    }

    pub(crate) fn on_retry(&mut self, m: &Model, i: u32, gen: u32) {
        let s = self.sends[i as usize];
        if s.open && s.gen == gen {
            self.send_attempt(m, i);
        }
    }

    fn fail_send(&mut self, m: &Model, i: u32, why: Reason) {
        let s = self.sends[i as usize];
        self.fail_send_now(m, &s.msg, s.producer, s.edge, why, s.attempt + 1);
        self.release_send(i);
    }

    fn fail_send_now(
        &mut self,
        m: &Model,
        msg: &Msg,
        producer: u16,
        edge: u16,
        why: Reason,
        n: u32,
    ) {
        if let Some(ps) = self.producers.get_mut(usize::from(producer)) {
            ps.c.publish_lost += 1;
        }
        let e = &m.edges[usize::from(edge)];
        self.hop_why(msg, e.to, edge, HopOutcome::Lost, n, why);
        self.note(e.from, why, msg, edge, n);
    }

    /// Schedules a fetch for every live follower behind the leader that is not fetching.
    fn kick_fetches(&mut self, m: &Model, pi: usize) {
        let Some(c) = &m.cluster else { return };
        let r = &self.repl[pi];
        let leader = r.leader;
        if leader == NONE8 {
            return;
        }
        let lb = m.replicas[pi][usize::from(leader)];
        if !self.brokers[usize::from(lb)].reachable() {
            return;
        }
        let end = r.leo[usize::from(leader)];
        let epoch = r.epoch;
        for pos in 0..m.replicas[pi].len() {
            let b = m.replicas[pi][pos];
            let r = &self.repl[pi];
            if pos == usize::from(leader) || r.fetching[pos] || r.leo[pos] >= end {
                continue;
            }
            let bs = &self.brokers[usize::from(b)];
            if !bs.reachable() {
                continue;
            }
            let factor = bs.factor().max(self.brokers[usize::from(lb)].factor());
            let delay = ((c.fetch_us as f64) * factor) as Micros;
            self.repl[pi].fetching[pos] = true;
            self.queue.push(
                self.now + delay.max(1),
                Ev::Fetch { partition: pi as u32, replica: pos as u8, epoch },
            );
        }
    }

    /// A follower's fetch comes back: it holds everything the leader has now.
    pub(crate) fn on_fetch(&mut self, m: &Model, pi: usize, pos: usize, epoch: u32) {
        self.repl[pi].fetching[pos] = false;
        let r = &self.repl[pi];
        if r.epoch != epoch || r.leader == NONE8 {
            self.kick_fetches(m, pi);
            return;
        }
        let lb = m.replicas[pi][usize::from(r.leader)];
        let fb = m.replicas[pi][pos];
        if !self.brokers[usize::from(lb)].reachable() || !self.brokers[usize::from(fb)].reachable()
        {
            return;
        }
        let end = r.leo[usize::from(r.leader)];
        let hw = self.partitions[pi].end();
        let r = &mut self.repl[pi];
        r.leo[pos] = end;
        r.caught_up_us[pos] = self.now;
        if r.isr & 1 << pos == 0 && end >= hw {
            r.isr |= 1 << pos;
            self.cluster.isr_expands += 1;
        }
        self.advance_hw(m, pi);
        self.kick_fetches(m, pi);
    }

    /// Moves the high watermark to the smallest log end in the ISR, committing records (and
    /// answering acks=all sends).
    fn advance_hw(&mut self, m: &Model, pi: usize) {
        let r = &self.repl[pi];
        if r.leader == NONE8 {
            return;
        }
        let mut hw = u64::MAX;
        for pos in 0..r.leo.len() {
            if r.isr & 1 << pos != 0 {
                hw = hw.min(r.leo[pos]);
            }
        }
        let topic = m.partition_topic[pi];
        while self.partitions[pi].end() < hw {
            let Some(mut p) = self.repl[pi].pending.pop_front() else { break };
            if p.acks == Acks::All {
                let s = self.sends[p.send as usize];
                if s.open && s.gen == p.send_gen && self.reply(m, p.send, OK) {
                    p.msg.flags |= F_ACKED;
                    let offset = self.partitions[pi].end();
                    self.observe_ack(m, pi, offset, p.msg.event_id);
                }
            }
            let offset = self.partitions[pi].end();
            if self.repl[pi].ids.get(&p.msg.event_id).is_some_and(|&o| o != offset) {
                self.topics[usize::from(topic)].two_offsets += 1;
            }
            let via = self.sends.get(p.send as usize).map_or(NONE16, |s| s.edge);
            self.append_to(m, topic, pi, p.msg, via);
        }
    }

    /// The controller checks each ISR: followers out of step for `replica.lag.time.max.ms`
    /// leave it (only where the leader can reach the controller).
    pub(crate) fn on_isr_check(&mut self, m: &Model) {
        let Some(c) = &m.cluster else { return };
        for pi in 0..self.repl.len() {
            let r = &self.repl[pi];
            if r.leader == NONE8 {
                continue;
            }
            let lb = m.replicas[pi][usize::from(r.leader)];
            if !self.brokers[usize::from(lb)].reachable() {
                continue;
            }
            let end = r.leo[usize::from(r.leader)];
            let mut shrunk = false;
            let r = &mut self.repl[pi];
            for pos in 0..r.leo.len() {
                if pos == usize::from(r.leader) || r.isr & 1 << pos == 0 {
                    continue;
                }
                if r.leo[pos] >= end {
                    r.caught_up_us[pos] = self.now;
                } else if self.now - r.caught_up_us[pos] > c.lag_max_us {
                    r.isr &= !(1 << pos);
                    self.cluster.isr_shrinks += 1;
                    shrunk = true;
                }
            }
            if shrunk {
                self.advance_hw(m, pi);
            }
        }
        self.queue.push(self.now + (c.lag_max_us / 2).max(1), Ev::IsrCheck);
    }

    /// A broker fault starts or ends.
    pub(crate) fn broker_fault(
        &mut self,
        m: &Model,
        b: u16,
        kind: crate::scenario::FaultKind,
        start: bool,
        factor: f64,
    ) {
        use crate::scenario::FaultKind;
        let Some(c) = &m.cluster else { return };
        let Some(bs) = self.brokers.get_mut(usize::from(b)) else { return };
        let was = bs.reachable();
        match (kind, start) {
            (FaultKind::BrokerCrash, true) => bs.crashed += 1,
            (FaultKind::BrokerCrash, false) => bs.crashed = bs.crashed.saturating_sub(1),
            (FaultKind::BrokerIsolate, true) => bs.isolated += 1,
            (FaultKind::BrokerIsolate, false) => bs.isolated = bs.isolated.saturating_sub(1),
            (FaultKind::BrokerSlow, true) => bs.slow.push(factor),
            (FaultKind::BrokerSlow, false) => {
                if let Some(k) = bs.slow.iter().position(|&x| x == factor) {
                    bs.slow.swap_remove(k);
                }
            }
            _ => {}
        }
        let now_up = bs.reachable();
        if was && !now_up {
            bs.life = bs.life.wrapping_add(1);
            let life = bs.life;
            self.queue.push(self.now + c.election_us, Ev::BrokerLost { broker: b, life });
            for pi in 0..self.repl.len() {
                for pos in 0..m.replicas[pi].len() {
                    if m.replicas[pi][pos] == b as u8 {
                        self.repl[pi].fetching[pos] = false;
                    }
                }
            }
        } else if !was && now_up {
            self.broker_back(m, b);
        }
    }

    /// Restarts broker `b` now if it is crashed: every crash window of it still open closes
    /// here (their pending ends are dropped, so a later one cannot end a newer crash), and it
    /// comes back as at the end of a crash. A broker that is up is left as it is.
    pub(crate) fn restart_broker(&mut self, m: &Model, b: u16) {
        let Some(bs) = self.brokers.get(usize::from(b)) else { return };
        if bs.crashed == 0 {
            return;
        }
        let crash_of_b = |index: u32| {
            m.faults.get(index as usize).is_some_and(|f| {
                f.kind == crate::scenario::FaultKind::BrokerCrash && f.role == Role::Broker(b)
            })
        };
        self.queue.remap_faults(|index, start| (start || !crash_of_b(index)).then_some(index));
        let crashed = self.brokers[usize::from(b)].crashed;
        for _ in 0..crashed {
            self.broker_fault(m, b, crate::scenario::FaultKind::BrokerCrash, false, 0.0);
        }
    }

    /// The controller notices a lost broker: out of every ISR, new leaders where it led.
    pub(crate) fn on_broker_lost(&mut self, m: &Model, b: u16, life: u32) {
        let bs = &self.brokers[usize::from(b)];
        if bs.reachable() || bs.life != life {
            return;
        }
        for pi in 0..self.repl.len() {
            let Some(pos) = m.replicas[pi].iter().position(|&x| x == b as u8) else { continue };
            let r = &mut self.repl[pi];
            // Kafka keeps the last in-sync replica in the ISR, so that only it may lead again
            // (unless an unclean election is allowed).
            if r.isr & 1 << pos != 0 && r.isr_count() > 1 {
                r.isr &= !(1 << pos);
                self.cluster.isr_shrinks += 1;
            }
            if self.repl[pi].leader == pos as u8 {
                self.elect(m, pi);
            } else {
                self.advance_hw(m, pi);
            }
        }
    }

    /// A broker is back: it leads offline partitions it can lead, and fetches what it missed.
    fn broker_back(&mut self, m: &Model, b: u16) {
        for pi in 0..self.repl.len() {
            if !m.replicas[pi].contains(&(b as u8)) {
                continue;
            }
            if self.repl[pi].leader == NONE8 {
                self.elect(m, pi);
            }
            self.kick_fetches(m, pi);
        }
    }

    /// Elects a leader for a partition whose leader is lost (or that has none).
    fn elect(&mut self, m: &Model, pi: usize) {
        let topic = &m.topics[usize::from(m.partition_topic[pi])];
        let reps = &m.replicas[pi];
        let r = &self.repl[pi];
        let old = r.leader;
        let live = |pos: usize| self.brokers[usize::from(reps[pos])].reachable();
        let clean = (0..reps.len()).find(|&p| p as u8 != old && r.isr & 1 << p != 0 && live(p));
        let unclean = if clean.is_none() && topic.unclean {
            (0..reps.len()).find(|&p| p as u8 != old && live(p))
        } else {
            None
        };
        let Some(new) = clean.or(unclean) else {
            self.repl[pi].leader = NONE8;
            return;
        };
        self.cluster.leader_elections += 1;
        self.topics[usize::from(m.partition_topic[pi])].elections += 1;
        let is_unclean = clean.is_none();
        if is_unclean {
            self.cluster.unclean_elections += 1;
        }
        let end = self.repl[pi].leo[new];
        self.truncate(m, pi, end, reps[new], is_unclean);
        let hw = self.partitions[pi].end();
        let r = &mut self.repl[pi];
        r.leader = new as u8;
        r.epoch = r.epoch.wrapping_add(1);
        let end = end.max(hw);
        r.leo[new] = end;
        for pos in 0..r.leo.len() {
            r.leo[pos] = r.leo[pos].min(end);
            r.fetching[pos] = false;
            r.caught_up_us[pos] = self.now;
        }
        if is_unclean {
            r.isr = 1 << new;
        }
        self.kick_fetches(m, pi);
        self.advance_hw(m, pi);
    }

    /// The new leader's log decides: records beyond `end` are gone, and an acknowledged one is
    /// counted lost with its reason.
    fn truncate(&mut self, m: &Model, pi: usize, end: u64, leader: u8, unclean: bool) {
        let hw = self.partitions[pi].end();
        let topic = m.partition_topic[pi];
        let node = m.topics[usize::from(topic)].node;
        let keep = end.saturating_sub(hw) as usize;
        while self.repl[pi].pending.len() > keep {
            let Some(p) = self.repl[pi].pending.pop_back() else { break };
            self.repl[pi].ids.remove(&p.msg.event_id);
            if p.msg.flags & F_ACKED != 0 {
                let detail = lost_detail(p.acked_by, p.acks, leader, unclean);
                self.acknowledged_lost(m, node, p.from, &p.msg, detail);
            }
        }
        // An unclean leader may lack committed records too (see the module's simplification).
        if end < hw {
            self.repl[pi].lost_ranges.push((end, hw));
        }
        let from = publisher_of(m, topic);
        for offset in end..hw {
            if let Some(msg) = self.partitions[pi].get(offset).copied() {
                if msg.flags & F_ACKED != 0 {
                    let detail = lost_detail(NONE8, Acks::All, leader, unclean);
                    self.acknowledged_lost(m, node, from, &msg, detail);
                }
            }
        }
    }

    /// Counts and explains one acknowledged record lost at topic `node`, in the outcome index
    /// of `from`, the node it was acknowledged to.
    fn acknowledged_lost(&mut self, m: &Model, node: u16, from: u16, msg: &Msg, detail: u32) {
        let producer = match m.roles.get(usize::from(from)) {
            Some(Role::Producer(p)) => *p,
            _ => NONE16,
        };
        self.bump(producer, |c| &mut c.acknowledged_lost);
        self.hop_why(msg, node, NONE16, HopOutcome::Lost, detail, Reason::AcknowledgedLost);
        self.note(from, Reason::AcknowledgedLost, msg, NONE16, detail);
    }

    /// Partitions whose ISR is smaller than their replicas, and partitions without a leader,
    /// over the partitions `range` (all: `0..usize::MAX`).
    pub(crate) fn partition_health(&self, m: &Model, range: std::ops::Range<usize>) -> (u64, u64) {
        let mut under = 0;
        let mut offline = 0;
        let end = range.end.min(self.repl.len());
        for pi in range.start.min(end)..end {
            let r = &self.repl[pi];
            if r.isr_count() < m.replicas[pi].len() as u32 {
                under += 1;
            }
            if r.leader == NONE8 {
                offline += 1;
            }
        }
        (under, offline)
    }

    /// Sends still open (in flight, waiting for an answer or a retry).
    pub(crate) fn sends_in_flight(&self) -> u64 {
        self.sends.iter().filter(|s| s.open).count() as u64
    }
}

impl super::sim::Simulation {
    /// Number of brokers (0 without a cluster).
    pub fn broker_count(&self) -> u32 {
        self.model.cluster.as_ref().map_or(0, |c| u32::from(c.brokers))
    }

    /// The partitions of one topic with their replication now (empty without a cluster or for
    /// another node): only that topic's partitions are read, so the canvas can draw every
    /// topic's on every refresh.
    pub fn replication_of(
        &self,
        node: crate::scenario::NodeId,
    ) -> Vec<super::metrics::ReplicaMetrics> {
        let m = &*self.model;
        let Some(range) =
            m.node_ids.iter().position(|&n| n == node).and_then(|i| match m.roles[i] {
                Role::Topic(t) => {
                    let t = &m.topics[usize::from(t)];
                    Some(t.first_partition as usize..(t.first_partition + t.partitions) as usize)
                }
                _ => None,
            })
        else {
            return Vec::new();
        };
        self.replicas_in(range)
    }

    /// Every partition's replication now, in partition order (empty without a cluster).
    fn replicas_now(&self) -> Vec<super::metrics::ReplicaMetrics> {
        self.replicas_in(0..usize::MAX)
    }

    /// The replication now of the partitions `range` (global partition indices), in order.
    fn replicas_in(&self, range: std::ops::Range<usize>) -> Vec<super::metrics::ReplicaMetrics> {
        let m = &*self.model;
        let st = &self.st;
        let end = range.end.min(st.repl.len());
        let start = range.start.min(end);
        let mut partitions = Vec::with_capacity(end - start);
        for (pi, r) in st.repl.iter().enumerate().take(end).skip(start) {
            let reps = &m.replicas[pi];
            let topic = &m.topics[usize::from(m.partition_topic[pi])];
            let hw = st.partitions[pi].end();
            partitions.push(super::metrics::ReplicaMetrics {
                topic: m.node_ids[usize::from(topic.node)],
                partition: pi as u32 - topic.first_partition,
                replicas: reps.iter().map(|&b| u32::from(b) + 1).collect(),
                leader: reps.get(usize::from(r.leader)).map(|&b| u32::from(b) + 1),
                isr: (0..reps.len())
                    .filter(|&p| r.isr & 1 << p != 0)
                    .map(|p| u32::from(reps[p]) + 1)
                    .collect(),
                high_watermark: hw,
                log_end: hw + r.pending.len() as u64,
                leader_epoch: r.epoch,
            });
        }
        partitions
    }

    /// Each broker now (empty without a cluster).
    pub fn brokers_now(&self) -> Vec<super::metrics::BrokerMetrics> {
        let partitions = self.replicas_now();
        self.st
            .brokers
            .iter()
            .enumerate()
            .map(|(b, bs)| super::metrics::BrokerMetrics {
                name: format!("broker-{}", b + 1),
                state: if bs.crashed > 0 {
                    "crashed"
                } else if bs.isolated > 0 {
                    "isolated"
                } else {
                    "up"
                },
                slow_factor: bs.factor(),
                leads: partitions.iter().filter(|p| p.leader == Some(b as u32 + 1)).count() as u64,
            })
            .collect()
    }

    /// The cluster's figures now, if the scenario has one.
    pub(crate) fn cluster_metrics(&self) -> Option<super::metrics::ClusterMetrics> {
        use super::metrics::ClusterMetrics;
        let m = &*self.model;
        m.cluster.as_ref()?;
        let st = &self.st;
        let (under, offline) = st.partition_health(m, 0..usize::MAX);
        let partitions = self.replicas_now();
        let brokers = self.brokers_now();
        Some(ClusterMetrics {
            checks: self.cluster_checks(),
            counters: st.cluster,
            in_flight: st.sends_in_flight(),
            under_replicated_partitions: under,
            offline_partitions: offline,
            brokers,
            partitions,
        })
    }
}

/// The node a committed record of `topic` was acknowledged to, as far as the log can say: the
/// topic's one producer, else the topic itself.
fn publisher_of(m: &Model, topic: u16) -> u16 {
    let mut found = None;
    for p in &m.producers {
        let to_topic = p
            .out
            .publish
            .iter()
            .any(|&e| m.roles[usize::from(m.edges[usize::from(e)].to)] == Role::Topic(topic));
        if to_topic {
            if found.is_some() {
                return m.topics[usize::from(topic)].node;
            }
            found = Some(p.node);
        }
    }
    found.unwrap_or(m.topics[usize::from(topic)].node)
}

/// Whether a topic meets the premises of the lost-write rule (every publisher with acks=all,
/// `min.insync.replicas` ≥ 2, no unclean election) and of the idempotence rule (every
/// publisher idempotent). Services, relays and dead-letter publishes use Kafka's defaults.
pub(crate) fn premises(m: &Model, topic: u16) -> (bool, bool) {
    let t = &m.topics[usize::from(topic)];
    let publishers = m.producers.iter().filter(|p| {
        p.out
            .publish
            .iter()
            .any(|&e| m.roles[usize::from(m.edges[usize::from(e)].to)] == Role::Topic(topic))
    });
    let (mut all, mut idempotent) = (true, true);
    for p in publishers {
        all &= p.client.acks == Acks::All;
        idempotent &= p.client.idempotent;
    }
    (all && t.min_insync >= 2 && !t.unclean, idempotent)
}

/// One rule of the built-in checker (Jepsen's Kafka workload), over the run so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterCheck {
    /// `no_acknowledged_write_lost`, `offsets_increase`, `no_record_at_two_offsets`,
    /// `nothing_read_above_high_watermark`.
    pub rule: &'static str,
    /// The rule in words, with its premises.
    pub sentence: &'static str,
    /// Whether its premises hold somewhere in the scenario (else it says nothing).
    pub applies: bool,
    /// Holds or fails (a rule that does not apply holds).
    pub verdict: super::checks::Verdict,
    /// Violations seen where the premises hold.
    pub violations: u64,
    /// The same seen where they do not (the rule promises nothing there: acks=1 loses).
    pub outside_premises: u64,
    /// What was examined: acknowledgements, fetches or committed records.
    pub examined: u64,
}

impl super::sim::Simulation {
    /// The built-in checks of a scenario with brokers (empty without one): Jepsen's Kafka
    /// rules, read from what the run observed (acknowledgements against the logs as they are
    /// now, fetches, commits), not from the engine's own loss counters.
    pub fn cluster_checks(&self) -> Vec<ClusterCheck> {
        use super::checks::Verdict;
        let m = &*self.model;
        if m.cluster.is_none() {
            return Vec::new();
        }
        let st = &self.st;
        let topics: Vec<(bool, bool)> =
            (0..m.topics.len()).map(|t| premises(m, t as u16)).collect();
        let safe_partition = |pi: usize| topics[usize::from(m.partition_topic[pi])].0;
        let mut lost = st.observed.acked_lost_evicted;
        let mut lost_elsewhere = st.observed.acked_lost_evicted_elsewhere;
        let examined = st.observed.acked_evicted + st.observed.acked.len() as u64;
        for a in st.observed.acked.iter() {
            if !st.still_written(*a) {
                if safe_partition(a.partition as usize) {
                    lost += 1;
                } else {
                    lost_elsewhere += 1;
                }
            }
        }
        let twice_elsewhere: u64 =
            (0..m.topics.len()).filter(|&t| !topics[t].1).map(|t| st.topics[t].two_offsets).sum();
        let twice: u64 =
            (0..m.topics.len()).filter(|&t| topics[t].1).map(|t| st.topics[t].two_offsets).sum();
        let committed: u64 = st.partitions.iter().map(|p| p.end()).sum();
        let fetched: u64 = st.groups.iter().map(|g| g.c.delivered).sum();
        let rule = |rule, sentence, applies: bool, (violations, outside): (u64, u64), examined| {
            ClusterCheck {
                rule,
                sentence,
                applies,
                verdict: if violations > 0 { Verdict::Fails } else { Verdict::Holds },
                violations,
                outside_premises: outside,
                examined,
            }
        };
        vec![
            rule(
                "no_acknowledged_write_lost",
                "no acknowledged write lost (where acks=all, min.insync.replicas ≥ 2 and no \
                 unclean election)",
                topics.iter().any(|t| t.0),
                (lost, lost_elsewhere),
                examined,
            ),
            rule(
                "offsets_increase",
                "offsets increase per partition for each consumer between rebalances",
                true,
                (st.observed.offsets_backwards, 0),
                fetched,
            ),
            rule(
                "no_record_at_two_offsets",
                "with idempotence, no record at two offsets",
                topics.iter().any(|t| t.1),
                (twice, twice_elsewhere),
                committed,
            ),
            rule(
                "nothing_read_above_high_watermark",
                "nothing read above the high watermark",
                true,
                (st.observed.read_above_hw, 0),
                fetched,
            ),
        ]
    }
}
