//! Consuming: fetching from partitions, processing, side effects, acknowledgements, retries,
//! dead-lettering and retention.
//!
//! Accounting rule (see `docs/output-format.md`): every message that enters a group's input gets
//! exactly one *outcome* — processed, dead-lettered, lost or expired — however many times it is
//! delivered. The delivery holding the `S_OWNER` flag records it; redeliveries and replays of a
//! settled offset are not owners and only add to `redelivered`, `replayed` and the side-effect
//! counters.

use super::clock::{to_us, Micros};
use super::effects::DUPLICATE_SPAN_IDS;
use super::model::{Model, NONE16, NONE32};
use super::produce::{Emit, LossWhy};
use super::reasons::{Facts, Failure, Reason};
use super::sim::State;
use super::trace::HopOutcome;
use super::world::*;
use crate::scenario::{Backoff, Distribution, Guarantee};

/// Outcome recorded for a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Processed,
    /// A copy of an event already applied, skipped by the dedup store: not processed.
    DuplicateSkipped,
    DeadLettered,
    Lost,
}

impl State {
    /// Fills the instance's free processing slots: first with retry-store messages whose
    /// backoff is over (oldest first), then from its partitions, round-robin.
    pub(crate) fn pump(&mut self, m: &Model, instance: u32) {
        let inst = &self.instances[instance as usize];
        let g = inst.group;
        if inst.free == 0 || inst.state != InstanceState::Up || self.groups[usize::from(g)].paused {
            return;
        }
        while self.instances[instance as usize].free > 0 {
            let Some(slot) = self.groups[usize::from(g)].retry_ready.pop_front() else { break };
            self.start_retry(m, slot, instance);
        }
        let inst = &self.instances[instance as usize];
        let n = inst.assigned.len();
        let mut idle = 0;
        while idle < n && self.instances[instance as usize].free > 0 {
            let inst = &mut self.instances[instance as usize];
            let k = inst.next % n;
            inst.next = k + 1;
            let ci = inst.assigned[k];
            if self.fetch(m, ci, instance) {
                idle = 0;
            } else {
                idle += 1;
            }
        }
    }

    /// Delivers the next message of a cursor to `instance`; `false` if there is none.
    fn fetch(&mut self, m: &Model, ci: u32, instance: u32) -> bool {
        let c = &self.cursors[ci as usize];
        let pi = c.partition as usize;
        if self.topics[usize::from(m.partition_topic[pi])].down > 0 {
            return false;
        }
        if c.position < self.partitions[pi].start {
            self.skip_expired(ci);
        }
        let c = &mut self.cursors[ci as usize];
        let p = &self.partitions[pi];
        let msg = loop {
            let Some(msg) = p.get(c.position) else { return false };
            if c.filter >> msg.event_type & 1 == 1 {
                break *msg;
            }
            // Not for this group: settled at once, never counted.
            if c.position >= c.hwm {
                c.push(W_FINAL | W_ACKED);
            } else {
                c.set(c.position, W_ACKED);
            }
            c.advance();
            c.position += 1;
        };
        let offset = c.position;
        c.position += 1;
        // What the built-in checks observe (never behaviour): offsets go up within a session,
        // and nothing is read that the ISR does not all have.
        if c.last_fetched != u64::MAX && offset <= c.last_fetched {
            self.observed.offsets_backwards += 1;
        }
        c.last_fetched = offset;
        if let Some(r) = self.repl.get(pi) {
            if offset >= r.isr_low_watermark() {
                self.observed.read_above_hw += 1;
            }
        }
        let g = c.group;
        let gs = &mut self.groups[usize::from(g)];
        let mut flags = 0;
        if offset >= c.hwm {
            c.push(W_OWNED);
            c.queued -= 1;
            gs.queued -= 1;
            gs.in_flight += 1;
            flags |= S_OWNER;
        } else {
            if offset < c.replay_until {
                gs.c.replayed += 1;
            } else {
                gs.c.redelivered += 1;
            }
            flags |= S_REDELIVERY;
            if c.status(offset) & (W_FINAL | W_OWNED) == 0 {
                c.set(offset, W_OWNED);
                flags |= S_OWNER;
            }
        }
        let edge = c.edge;
        gs.c.delivered += 1;
        let slot = self.alloc_slot();
        let now = self.now;
        let arrive = now + self.edge_delay(m, edge);
        let s = &mut self.slots[slot as usize];
        *s = Slot {
            msg,
            offset,
            sent_us: now,
            due_us: arrive,
            arrive_us: arrive,
            started_us: arrive,
            gen: s.gen,
            cursor: ci,
            instance,
            group: g,
            edge,
            attempt: 1,
            flags,
            state: SlotState::Processing,
        };
        let inst = &mut self.instances[instance as usize];
        inst.free -= 1;
        inst.held.push(slot);
        let gr = &m.groups[usize::from(g)];
        let outcome =
            if flags & S_REDELIVERY != 0 { HopOutcome::Redelivered } else { HopOutcome::Delivered };
        self.hop_at(arrive, &msg, gr.node, edge, outcome, 1, None);
        if gr.guarantee == Guarantee::AtMostOnce {
            // Commit right after the fetch, before processing (Kafka's at-most-once recipe): a
            // crash from here on loses the message, and no other instance is handed it again.
            self.ack(slot);
        }
        // Arrival changes nothing but where the dot is drawn, so the delivery goes straight to
        // processing: one queue entry per delivery.
        let t = self.processing_time(m, g);
        self.slots[slot as usize].state = SlotState::Processing;
        self.schedule_slot(slot, arrive + t);
        true
    }

    /// Entries that retention removed while the cursor was behind: the offsets still open in
    /// the window were settled as expired when they went; the fetch position jumps to the log
    /// start.
    fn skip_expired(&mut self, ci: u32) {
        let c = &mut self.cursors[ci as usize];
        let start = self.partitions[c.partition as usize].start;
        while c.hwm < start {
            if c.window.is_empty() {
                c.hwm = start;
                c.base = start;
                c.committed = c.committed.max(start);
                break;
            }
            c.push(W_FINAL | W_ACKED);
        }
        c.advance();
        c.position = c.position.max(start);
    }

    /// One processing time drawn from the group's distribution, stretched by slow-downs.
    pub(crate) fn processing_time(&mut self, m: &Model, g: u16) -> Micros {
        let p = &m.groups[usize::from(g)].processing;
        let t = match p.distribution {
            Distribution::Fixed => p.mean_us,
            Distribution::Uniform => p.mean_us - p.spread_us + 2.0 * p.spread_us * self.rng.unit(),
            Distribution::Exponential => self.rng.exponential(p.mean_us),
            Distribution::LogNormal => libm::exp(p.mu + p.sigma * self.rng.normal()),
        };
        to_us(t.max(0.0) * self.slow_factor(g))
    }

    fn start_attempt(&mut self, m: &Model, slot: u32) {
        let g = self.slots[slot as usize].group;
        let t = self.processing_time(m, g);
        let now = self.now;
        let s = &mut self.slots[slot as usize];
        s.state = SlotState::Processing;
        s.started_us = now;
        s.arrive_us = now;
        self.schedule_slot(slot, now + t);
    }

    /// Takes one write from each database in `databases` (a node's write edges); the index of
    /// the first one out of capacity if any is (the attempt fails as overloaded, the request
    /// fails).
    pub(crate) fn admit_writes(&mut self, m: &Model, databases: &[(u16, u16)]) -> Result<(), u16> {
        for &(_, d) in databases {
            let cap = m.databases[usize::from(d)].capacity_per_s;
            let db = &mut self.databases[usize::from(d)];
            if cap > 0 {
                let elapsed = self.now - db.refilled_at;
                db.refilled_at = self.now;
                db.tokens =
                    (db.tokens + elapsed.saturating_mul(cap)).min(super::sim::bucket_size(cap));
                if db.tokens < 1_000_000 {
                    db.c.rejected += 1;
                    return Err(d);
                }
                db.tokens -= 1_000_000;
            }
            db.c.writes += 1;
        }
        Ok(())
    }

    pub(crate) fn on_processed(&mut self, m: &Model, slot: u32) {
        let s = self.slots[slot as usize];
        let g = s.group;
        let gr = &m.groups[usize::from(g)];
        let gs = &mut self.groups[usize::from(g)];
        gs.processing.record(self.now - s.started_us);
        gs.processing_window.record(self.now - s.started_us);
        let failure = if s.msg.schema > gr.max_schema && s.msg.flags & F_COMPATIBLE == 0 {
            Some(Failure::Schema)
        } else if s.msg.flags & F_POISON != 0 {
            Some(Failure::Poison)
        } else if self.admit_writes(m, &gr.out.databases).is_err() {
            Some(Failure::Overload)
        } else if self.rng.chance(gr.fail) {
            Some(Failure::Transient)
        } else {
            None
        };
        if let Some(f) = failure {
            self.fail(m, slot, f);
            return;
        }
        // Every attempt runs on an instance, from a partition or from the retry store alike,
        // and any of them can crash it.
        if self.rng.chance(gr.crash_before) {
            self.crash(m, s.instance, None, false);
            return;
        }
        let outcome =
            if self.side_effect(m, slot) { Outcome::Processed } else { Outcome::DuplicateSkipped };
        if !gr.mappings.is_empty() && !self.emit_for(m, slot, outcome) {
            return;
        }
        if self.rng.chance(gr.crash_after) {
            // The effect happened: the message has its outcome. Unacknowledged, it will be
            // delivered again (a duplicate unless the dedup store catches it).
            self.finalize(slot, outcome, None);
            self.crash(m, s.instance, None, false);
            return;
        }
        self.ack(slot);
        self.finalize(slot, outcome, None);
        self.release(m, slot);
    }

    /// A service emits the outputs of a processed input: into its outboxes with the side
    /// effect (not when the dedup store skipped it: the rows are there from the first time),
    /// then onto its publish edges. A crash between the write and the publish (`false`) is a
    /// real crash of the instance: the input is delivered again and its processing emits the
    /// same outputs, with the same event ids. Only at-most-once, which commits before
    /// processing, never delivers it again: its unpublished outputs count as lost.
    fn emit_for(&mut self, m: &Model, slot: u32, outcome: Outcome) -> bool {
        let s = self.slots[slot as usize];
        let gr = &m.groups[usize::from(s.group)];
        let block = self.service_outputs(m, s.group, &s.msg);
        let crash = !gr.out.publish.is_empty() && self.rng.chance(gr.crash_between);
        let lost = crash && gr.guarantee == Guarantee::AtMostOnce;
        let outbox = outcome == Outcome::Processed;
        let step = Emit { outbox, publish: !crash, lost };
        let publishable = self.emit_outputs(m, s.group, &s.msg, block, step);
        if !crash {
            return true;
        }
        self.finalize(slot, outcome, None);
        if lost {
            self.groups[usize::from(s.group)].c.lost_outputs += publishable;
        }
        self.crash(m, s.instance, None, false);
        false
    }

    /// Applies the side effect unless the dedup store has seen the event (`false` then) and
    /// checks per-key order.
    fn side_effect(&mut self, m: &Model, slot: u32) -> bool {
        let s = self.slots[slot as usize];
        let gr = &m.groups[usize::from(s.group)];
        let gs = &mut self.groups[usize::from(s.group)];
        let id = s.msg.event_id;
        if gr.guarantee == Guarantee::EffectivelyOnce {
            if gs.dedup.contains(id, self.now, gr.dedup_window_us) {
                gs.c.deduplicated += 1;
                self.hop(&s.msg, gr.node, NONE16, HopOutcome::Deduplicated, 0);
                return false;
            }
            // The dedup record is written in the same transaction as the effect.
            gs.dedup.insert(id, self.now);
        }
        let again = gs.applied.insert(id, DUPLICATE_SPAN_IDS);
        gs.c.side_effects += 1;
        let why = again.then(|| duplicate_reason(gr.guarantee, &s));
        if let Some(why) = why {
            gs.c.duplicate_side_effects += 1;
            self.note(gr.node, why, &s.msg, NONE16, u32::from(s.attempt));
        }
        let gs = &mut self.groups[usize::from(s.group)];
        if s.msg.key != NO_KEY {
            let k = s.msg.key as usize;
            if k >= gs.key_last.len() {
                gs.key_last.resize(k + 1, 0);
            }
            if gs.key_last[k] > id {
                gs.c.ordering_violations += 1;
            } else {
                gs.key_last[k] = id;
            }
        }
        match why {
            Some(why) => {
                let attempt = u32::from(s.attempt);
                self.hop_why(&s.msg, gr.node, NONE16, HopOutcome::Duplicate, attempt, why);
            }
            None => self.hop(&s.msg, gr.node, NONE16, HopOutcome::Processed, u32::from(s.attempt)),
        }
        true
    }

    /// A failed attempt: back off and retry from the retry store, or after the last attempt
    /// park the message in the dead-letter target (lost if there is none).
    fn fail(&mut self, m: &Model, slot: u32, why: Failure) {
        let s = self.slots[slot as usize];
        let gr = &m.groups[usize::from(s.group)];
        self.groups[usize::from(s.group)].c.failed_attempts += 1;
        if u32::from(s.attempt) < gr.retry.max_attempts {
            self.groups[usize::from(s.group)].c.retried += 1;
            self.hop(&s.msg, gr.node, NONE16, HopOutcome::Retried, u32::from(s.attempt));
            // Leaving the partition: the offset is acknowledged and settled there; the retry
            // store now holds the message (and its outcome, if this delivery owns it).
            self.ack(slot);
            if s.flags & S_RETRY_STORE == 0 {
                if s.flags & S_OWNER != 0 {
                    let c = &mut self.cursors[s.cursor as usize];
                    c.set(s.offset, W_FINAL);
                    c.advance();
                }
                self.slots[slot as usize].flags |= S_RETRY_STORE;
            }
            let wait = self.backoff(m, s.group, s.attempt);
            self.detach(m, slot);
            let sl = &mut self.slots[slot as usize];
            sl.attempt = sl.attempt.saturating_add(1);
            sl.state = SlotState::Backoff;
            sl.sent_us = self.now;
            self.groups[usize::from(s.group)].retrying += 1;
            self.schedule_slot(slot, self.now + wait);
        } else {
            self.give_up(m, slot, why);
        }
    }

    /// After the last attempt: park the message in the dead-letter target, or lose it (no
    /// target, or the dead-letter publish was dropped or refused).
    fn give_up(&mut self, m: &Model, slot: u32, why: Failure) {
        let s = self.slots[slot as usize];
        let gr = &m.groups[usize::from(s.group)];
        let attempt = u32::from(s.attempt);
        let (outcome, reason, edge) = match gr.dead_letter {
            Some((edge, _)) => {
                let mut msg = s.msg;
                msg.flags &= !(F_COPY | F_RELAY | F_NET | super::brokers::F_RETRY);
                let parked = why.reason(true);
                self.hop_why(&s.msg, gr.node, edge, HopOutcome::DeadLettered, attempt, parked);
                // Only the owner's loss is counted (in `finalize`); the hop tells every copy.
                let loss = LossWhy {
                    dropped: Reason::DeadLetterDropped,
                    refused: Reason::DeadLetterRefused,
                    detail: attempt,
                    index: false,
                };
                match self.publish_why(m, edge, msg, loss) {
                    None => (Outcome::DeadLettered, parked, edge),
                    Some(lost) => (Outcome::Lost, lost, edge),
                }
            }
            None => {
                let lost = why.reason(false);
                self.hop_why(&s.msg, gr.node, NONE16, HopOutcome::Lost, attempt, lost);
                (Outcome::Lost, lost, NONE16)
            }
        };
        self.ack(slot);
        let facts = Facts { node: gr.node, edge, detail: attempt };
        self.finalize(slot, outcome, Some((reason, facts)));
        self.release(m, slot);
    }

    /// Wait before attempt `attempt + 1`.
    fn backoff(&mut self, m: &Model, g: u16, attempt: u8) -> Micros {
        let r = &m.groups[usize::from(g)].retry;
        let base = match r.backoff {
            Backoff::Fixed => r.initial_us,
            Backoff::Exponential => {
                r.initial_us * libm::pow(r.multiplier, f64::from(attempt.saturating_sub(1)))
            }
        }
        .min(r.max_us);
        let wait = if r.jitter > 0.0 { base * (1.0 - r.jitter * self.rng.unit()) } else { base };
        to_us(wait)
    }

    /// The backoff is over: the retry store releases the message to the first free processing
    /// slot of a running instance, behind the messages released before it.
    pub(crate) fn on_backoff_over(&mut self, m: &Model, slot: u32) {
        let g = self.slots[slot as usize].group;
        self.groups[usize::from(g)].retry_ready.push_back(slot);
        self.pump_group(m, g);
    }

    /// A retry attempt takes one of the instance's processing slots, like a delivery does.
    fn start_retry(&mut self, m: &Model, slot: u32, instance: u32) {
        let g = self.slots[slot as usize].group;
        self.groups[usize::from(g)].retrying -= 1;
        let inst = &mut self.instances[instance as usize];
        inst.free -= 1;
        inst.held.push(slot);
        self.slots[slot as usize].instance = instance;
        self.start_attempt(m, slot);
    }

    /// Acknowledges the delivery's offset (once).
    pub(crate) fn ack(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        if s.flags & S_ACKED != 0 {
            return;
        }
        s.flags |= S_ACKED;
        let s = *s;
        self.groups[usize::from(s.group)].c.acknowledged += 1;
        if s.flags & S_RETRY_STORE == 0 && s.cursor != NONE32 {
            let c = &mut self.cursors[s.cursor as usize];
            c.set(s.offset, W_ACKED);
            c.advance();
        }
    }

    /// Records the message's outcome if this delivery owns it; a loss or a dead-lettering
    /// goes into the group's outcome index with its reason and edge.
    pub(crate) fn finalize(&mut self, slot: u32, outcome: Outcome, why: Option<(Reason, Facts)>) {
        let s = self.slots[slot as usize];
        if s.flags & S_OWNER == 0 {
            return;
        }
        if let Some((reason, f)) = why {
            self.note(f.node, reason, &s.msg, f.edge, f.detail);
        }
        self.slots[slot as usize].flags &= !S_OWNER;
        let now = self.now;
        let gs = &mut self.groups[usize::from(s.group)];
        gs.integrate(now);
        gs.in_flight -= 1;
        match outcome {
            Outcome::Processed => {
                gs.c.processed += 1;
                gs.latency.record(now - s.msg.appended_us);
                gs.latency_window.record(now - s.msg.appended_us);
                gs.end_to_end.record(now - s.msg.created_us);
                gs.sojourn_sum_us += u128::from(now - s.msg.appended_us);
            }
            Outcome::DuplicateSkipped => gs.c.duplicates_skipped += 1,
            Outcome::DeadLettered => gs.c.dead_lettered += 1,
            Outcome::Lost => gs.c.lost += 1,
        }
        if s.flags & S_RETRY_STORE == 0 {
            let c = &mut self.cursors[s.cursor as usize];
            c.set(s.offset, W_FINAL);
            c.advance();
        }
    }

    /// Takes the slot off its instance (freeing a processing slot there).
    fn detach(&mut self, m: &Model, slot: u32) {
        let i = self.slots[slot as usize].instance;
        if i == NONE32 {
            return;
        }
        self.slots[slot as usize].instance = NONE32;
        let inst = &mut self.instances[i as usize];
        if let Some(k) = inst.held.iter().position(|&h| h == slot) {
            inst.held.swap_remove(k);
            inst.free += 1;
        }
        self.pump(m, i);
    }

    /// Done with the slot: frees its instance's processing slot and the slot itself.
    pub(crate) fn release(&mut self, m: &Model, slot: u32) {
        self.detach(m, slot);
        self.free_slot(slot);
    }

    /// Removes the oldest entry of a partition (retention by age, or by size when `by_size`).
    /// Groups that had not delivered it count it expired.
    pub(crate) fn expire_front(&mut self, m: &Model, pi: usize, by_size: bool) {
        let Some(msg) = self.partitions[pi].log.pop_front() else { return };
        let offset = self.partitions[pi].start;
        self.partitions[pi].start += 1;
        let topic = m.partition_topic[pi];
        self.topics[usize::from(topic)].expired += 1;
        let bit = 1u128 << msg.event_type;
        for k in 0..self.partitions[pi].cursors.len() {
            let ci = self.partitions[pi].cursors[k] as usize;
            let c = &mut self.cursors[ci];
            if c.filter & bit == 0 {
                continue;
            }
            let gs = &mut self.groups[usize::from(c.group)];
            let reason = if offset >= c.hwm {
                gs.integrate(self.now);
                c.queued -= 1;
                gs.queued -= 1;
                gs.c.expired += 1;
                if by_size {
                    Reason::SizeCap
                } else {
                    Reason::Retention
                }
            } else if c.status(offset) & (W_FINAL | W_OWNED) == 0 {
                // Delivered once, its delivery died, and it went before the redelivery.
                gs.integrate(self.now);
                gs.in_flight -= 1;
                gs.c.expired += 1;
                c.set(offset, W_FINAL | W_ACKED);
                c.advance();
                if by_size {
                    Reason::SizeCapBeforeRedelivery
                } else {
                    Reason::RetentionBeforeRedelivery
                }
            } else {
                if c.status(offset) & (W_FINAL | W_ACKED) == W_FINAL {
                    // Settled but never acknowledged (processed, then the instance crashed):
                    // the entry is gone, so the commit follows the log start, as a consumer's
                    // offset reset does.
                    c.set(offset, W_ACKED);
                    c.advance();
                }
                continue;
            };
            let node = m.groups[usize::from(c.group)].node;
            self.hop_why(&msg, node, NONE16, HopOutcome::Expired, pi as u32, reason);
            self.note(node, reason, &msg, NONE16, pi as u32);
        }
    }

    /// Settles as expired an open offset that retention removed while a delivery held it, once
    /// that delivery has died without an outcome.
    pub(crate) fn expire_orphan(&mut self, m: &Model, ci: u32, offset: u64, msg: &Msg) {
        let c = &mut self.cursors[ci as usize];
        if c.status(offset) & (W_FINAL | W_OWNED) != 0 {
            return;
        }
        let gs = &mut self.groups[usize::from(c.group)];
        gs.integrate(self.now);
        gs.in_flight -= 1;
        gs.c.expired += 1;
        c.set(offset, W_FINAL | W_ACKED);
        c.advance();
        let node = m.groups[usize::from(c.group)].node;
        let (pi, why) = (c.partition, Reason::RemovedWhileHeld);
        self.hop_why(msg, node, NONE16, HopOutcome::Expired, pi, why);
        self.note(node, why, msg, NONE16, pi);
    }

    pub(crate) fn on_retention(&mut self, m: &Model) {
        for (ti, t) in m.topics.iter().enumerate() {
            let _ = ti;
            for pi in t.first_partition as usize..(t.first_partition + t.partitions) as usize {
                while self.partitions[pi]
                    .log
                    .front()
                    .is_some_and(|msg| msg.appended_us + t.retention_us <= self.now)
                {
                    self.expire_front(m, pi, false);
                }
            }
        }
        self.queue.push(self.now + self.retention_tick, super::queue::Ev::Retention);
    }
}

/// Why a side effect applied to an event id that already had one was not caught.
fn duplicate_reason(guarantee: Guarantee, s: &Slot) -> Reason {
    if guarantee == Guarantee::EffectivelyOnce {
        // The store was asked and did not know the id: it had forgotten it.
        Reason::DuplicateDedupForgot
    } else if s.flags & S_REDELIVERY != 0 {
        Reason::DuplicateRedelivered
    } else if s.msg.flags & super::brokers::F_RETRY != 0 {
        Reason::DuplicateProducerRetry
    } else if s.msg.flags & F_NET != 0 {
        Reason::DuplicateNetworkCopy
    } else if s.msg.flags & F_RELAY != 0 {
        Reason::DuplicateRelayCopy
    } else {
        Reason::DuplicateAnotherOffset
    }
}
