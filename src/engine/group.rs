//! Group membership and faults: partition assignment, crashes and restarts, session timeouts
//! and rebalances, down and slow-down windows, broker outages, projection rebuilds, and the
//! commands a user injects while the simulation runs.

use super::clock::Micros;
use super::consume::Outcome;
use super::model::{Model, Role, NONE16, NONE32};
use super::queue::Ev;
use super::reasons::{Facts, Reason};
use super::sim::State;
use super::trace::HopOutcome;
use super::world::*;
use crate::scenario::limits::MAX_FAULT_COUNT;
use crate::scenario::{Assignment, FaultKind, Guarantee};

impl State {
    /// Deals the group's partitions to its members (range or round-robin). A cursor that
    /// changes hands restarts from its committed offset; after a rebalance every cursor has
    /// (all were revoked, see [`Self::revoke_all`]).
    pub(crate) fn assign(&mut self, m: &Model, g: u16) {
        let gr = &m.groups[usize::from(g)];
        let first = gr.first_instance;
        let members: Vec<u32> =
            (first..first + gr.instances).filter(|&i| self.instances[i as usize].member).collect();
        for i in first..first + gr.instances {
            let inst = &mut self.instances[i as usize];
            inst.assigned.clear();
            inst.next = 0;
        }
        let cursors = std::mem::take(&mut self.groups[usize::from(g)].cursors);
        let k = members.len();
        let mut owners = vec![NONE32; cursors.len()];
        if k > 0 {
            match gr.assignment {
                Assignment::RoundRobin => {
                    for (n, o) in owners.iter_mut().enumerate() {
                        *o = members[n % k];
                    }
                }
                Assignment::Range => {
                    // Per subscription (a run of cursors with the same edge), contiguous ranges;
                    // the first `n % k` members get one more.
                    let mut start = 0;
                    while start < cursors.len() {
                        let edge = self.cursors[cursors[start] as usize].edge;
                        let end = start
                            + cursors[start..]
                                .iter()
                                .take_while(|&&c| self.cursors[c as usize].edge == edge)
                                .count();
                        let n = end - start;
                        let (per, extra) = (n / k, n % k);
                        let mut at = start;
                        for (j, &member) in members.iter().enumerate() {
                            let take = per + usize::from(j < extra);
                            for o in &mut owners[at..at + take] {
                                *o = member;
                            }
                            at += take;
                        }
                        start = end;
                    }
                }
            }
        }
        for (&ci, &owner) in cursors.iter().zip(&owners) {
            let c = &mut self.cursors[ci as usize];
            if c.owner != owner {
                c.owner = owner;
                c.rewind(c.committed);
            }
            if owner != NONE32 {
                self.instances[owner as usize].assigned.push(ci);
            }
        }
        self.groups[usize::from(g)].cursors = cursors;
    }

    /// Starts a rebalance (eager: every partition is revoked, the group pauses, then deals
    /// the partitions again). One membership change is one rebalance: members leaving or
    /// joining at the same instant (a fault or command on several instances, sessions that
    /// expire together) join the rebalance that starts then, which deals with the members
    /// present when its pause ends.
    pub(crate) fn rebalance(&mut self, m: &Model, g: u16) {
        let gs = &self.groups[usize::from(g)];
        if gs.paused && gs.rebalance_started_us == self.now {
            return;
        }
        self.revoke_all(m, g);
        let gs = &mut self.groups[usize::from(g)];
        gs.generation += 1;
        gs.paused = true;
        gs.rebalance_started_us = self.now;
        gs.c.rebalances += 1;
        let generation = gs.generation;
        self.queue.push(
            self.now + m.groups[usize::from(g)].pause_us,
            Ev::RebalanceDone { group: g, generation },
        );
    }

    pub(crate) fn on_rebalance_done(&mut self, m: &Model, g: u16, generation: u32) {
        if self.groups[usize::from(g)].generation != generation {
            return;
        }
        self.groups[usize::from(g)].paused = false;
        self.assign(m, g);
        self.pump_group(m, g);
    }

    pub(crate) fn pump_group(&mut self, m: &Model, g: u16) {
        let gr = &m.groups[usize::from(g)];
        for i in gr.first_instance..gr.first_instance + gr.instances {
            self.pump(m, i);
        }
    }

    /// An instance stops: `down` for a clean leave (immediate rebalance), else a crash (the
    /// group notices after its session timeout). Partition deliveries it held are abandoned
    /// ([`Self::abandon`]); retry attempts go back to the head of the retry store, to be tried
    /// again by the next free instance, except under at-most-once, whose messages are
    /// committed before any processing: a crash loses them wherever they came from. `restart_after` overrides the
    /// group's restart time; `None` uses it. A down instance comes back only when its window
    /// ends.
    pub(crate) fn crash(
        &mut self,
        m: &Model,
        instance: u32,
        restart_after: Option<Micros>,
        down: bool,
    ) {
        if instance == NONE32 || self.instances[instance as usize].state != InstanceState::Up {
            return;
        }
        let g = self.instances[instance as usize].group;
        let gr = &m.groups[usize::from(g)];
        let held = std::mem::take(&mut self.instances[instance as usize].held);
        let mut wake = Vec::new();
        let mut retries = Vec::new();
        let durable_retries = gr.guarantee != Guarantee::AtMostOnce;
        for slot in held {
            if durable_retries && self.slots[slot as usize].flags & S_RETRY_STORE != 0 {
                let s = self.slots[slot as usize];
                self.hop(&s.msg, gr.node, NONE16, HopOutcome::Crashed, u32::from(s.attempt));
                retries.push(slot);
            } else {
                let lost_as = if down { Reason::AtMostOnceDown } else { Reason::AtMostOnceCrash };
                self.abandon(m, slot, (HopOutcome::Crashed, lost_as), &mut wake);
            }
        }
        let gs = &mut self.groups[usize::from(g)];
        for &slot in retries.iter().rev() {
            gs.retry_ready.push_front(slot);
            gs.retrying += 1;
            let sl = &mut self.slots[slot as usize];
            sl.instance = NONE32;
            sl.state = SlotState::Backoff;
            // Its attempt's timer is stale now.
            sl.gen = sl.gen.wrapping_add(1);
        }
        gs.c.crashes += u64::from(!down);
        let inst = &mut self.instances[instance as usize];
        inst.free = gr.concurrency;
        inst.epoch += 1;
        let epoch = inst.epoch;
        if down {
            inst.state = InstanceState::Down;
            inst.member = false;
            self.rebalance(m, g);
        } else {
            inst.state = InstanceState::Crashed;
            let restart = restart_after.unwrap_or(gr.restart_us);
            // Commands may ask for any duration: the clock saturates rather than wraps.
            self.queue.push(self.now.saturating_add(restart), Ev::InstanceUp { instance, epoch });
            self.queue.push(self.now + gr.session_us, Ev::SessionExpired { instance, epoch });
        }
        for other in wake {
            self.pump(m, other);
        }
        if !retries.is_empty() {
            self.pump_group(m, g);
        }
    }

    /// Takes a partition delivery from its instance before it has an outcome (a crash or a
    /// revocation) and frees the slot. Already committed (at-most-once), the message is lost;
    /// otherwise its offset is open again and the partition's owner delivers it again, and that
    /// delivery decides its outcome. The caller frees the instance's processing slot. `why` is
    /// the hop (crashed or revoked) and the reason a committed message is lost with.
    pub(crate) fn abandon(
        &mut self,
        m: &Model,
        slot: u32,
        why: (HopOutcome, Reason),
        wake: &mut Vec<u32>,
    ) {
        let s = self.slots[slot as usize];
        let node = m.groups[usize::from(s.group)].node;
        let attempt = u32::from(s.attempt);
        // Only a delivery committed before its side effect (at-most-once) loses the message.
        let loses = s.flags & (S_ACKED | S_OWNER) == S_ACKED | S_OWNER;
        if loses {
            self.hop_why(&s.msg, node, NONE16, why.0, attempt, why.1);
            let facts = Facts { node, edge: NONE16, detail: attempt };
            self.finalize(slot, Outcome::Lost, Some((why.1, facts)));
        } else {
            self.hop(&s.msg, node, NONE16, why.0, attempt);
        }
        if s.flags & (S_OWNER | S_ACKED) == S_OWNER {
            // Unacknowledged: it must be delivered again. If the partition has an owner
            // already reading past it, move its position back so it is not stranded.
            let c = &mut self.cursors[s.cursor as usize];
            c.clear(s.offset, W_OWNED);
            if s.offset < c.position {
                c.rewind(s.offset);
            }
            if c.owner != s.instance && c.owner != NONE32 {
                wake.push(c.owner);
            }
            if s.offset < self.partitions[c.partition as usize].start {
                // Retention removed it while this delivery held it: no redelivery can
                // come, so it expires now rather than stay open for good.
                self.expire_orphan(m, s.cursor, s.offset, &s.msg);
            }
        }
        self.free_slot(slot);
    }

    /// Kafka's eager protocol: at the start of a rebalance every member gives up every
    /// partition, so every delivery from a partition stops where it is. Retry attempts are not
    /// tied to a partition and keep running.
    fn revoke_all(&mut self, m: &Model, g: u16) {
        let gr = &m.groups[usize::from(g)];
        let mut wake = Vec::new();
        for i in gr.first_instance..gr.first_instance + gr.instances {
            let held = std::mem::take(&mut self.instances[i as usize].held);
            let mut kept = Vec::new();
            for slot in held {
                if self.slots[slot as usize].flags & S_RETRY_STORE != 0 {
                    kept.push(slot);
                } else {
                    let why = (HopOutcome::Revoked, Reason::AtMostOnceRevoked);
                    self.abandon(m, slot, why, &mut wake);
                    self.instances[i as usize].free += 1;
                }
            }
            let inst = &mut self.instances[i as usize];
            inst.held = kept;
            inst.assigned.clear();
            inst.next = 0;
        }
        for k in 0..self.groups[usize::from(g)].cursors.len() {
            let ci = self.groups[usize::from(g)].cursors[k] as usize;
            let c = &mut self.cursors[ci];
            c.owner = NONE32;
            c.rewind(c.committed);
        }
    }

    pub(crate) fn on_instance_up(&mut self, m: &Model, instance: u32, epoch: u32) {
        let inst = &self.instances[instance as usize];
        if inst.epoch != epoch || inst.state != InstanceState::Crashed || inst.outages > 0 {
            return;
        }
        self.bring_up(m, instance);
    }

    fn bring_up(&mut self, m: &Model, instance: u32) {
        let inst = &mut self.instances[instance as usize];
        inst.state = InstanceState::Up;
        inst.epoch += 1;
        let g = inst.group;
        if inst.member {
            // Back before the session timed out: it keeps its partitions and resumes from the
            // committed offsets, redelivering what it had not acknowledged.
            for k in 0..self.instances[instance as usize].assigned.len() {
                let ci = self.instances[instance as usize].assigned[k] as usize;
                let c = &mut self.cursors[ci];
                c.rewind(c.committed);
            }
            self.pump(m, instance);
        } else {
            self.instances[instance as usize].member = true;
            self.rebalance(m, g);
        }
    }

    pub(crate) fn on_session_expired(&mut self, m: &Model, instance: u32, epoch: u32) {
        let inst = &mut self.instances[instance as usize];
        if inst.epoch != epoch || inst.state == InstanceState::Up || !inst.member {
            return;
        }
        inst.member = false;
        let g = inst.group;
        self.rebalance(m, g);
    }

    /// Instances a fault or command hits: one, or all of the group.
    fn fault_instances(m: &Model, g: u16, instance: Option<u32>) -> std::ops::Range<u32> {
        let gr = &m.groups[usize::from(g)];
        match instance {
            Some(i) if i < gr.instances => gr.first_instance + i..gr.first_instance + i + 1,
            Some(_) => 0..0,
            None => gr.first_instance..gr.first_instance + gr.instances,
        }
    }

    pub(crate) fn on_fault(&mut self, m: &Model, index: u32, start: bool) {
        let Some(f) = m.faults.get(index as usize).cloned() else { return };
        let end = Ev::Fault { index, start: false };
        match (f.kind, f.role) {
            (FaultKind::Crash, Role::Group(g)) if start => {
                for i in Self::fault_instances(m, g, f.instance) {
                    self.crash(m, i, Some(f.duration_us), false);
                }
            }
            (FaultKind::Down, Role::Group(g)) => {
                for i in Self::fault_instances(m, g, f.instance) {
                    self.instance_down(m, g, i, start);
                }
                if start {
                    self.queue.push(self.now.saturating_add(f.duration_us), end);
                }
            }
            (FaultKind::SlowDown, Role::Group(g)) => {
                let factors = &mut self.groups[usize::from(g)].slow_factors;
                if start {
                    factors.push(f.factor);
                    self.queue.push(self.now.saturating_add(f.duration_us), end);
                } else if let Some(k) = factors.iter().position(|&x| x == f.factor) {
                    factors.swap_remove(k);
                }
            }
            (FaultKind::BrokerDown, Role::Topic(t)) => {
                self.topic_down(m, t, start);
                if start {
                    self.queue.push(self.now.saturating_add(f.duration_us), end);
                }
            }
            (FaultKind::BrokerRestart, Role::Broker(b)) if start => self.restart_broker(m, b),
            (k, Role::Broker(b)) if k.hits_broker() && k.has_duration() => {
                self.broker_fault(m, b, k, start, f.factor);
                if start {
                    self.queue.push(self.now.saturating_add(f.duration_us), end);
                }
            }
            (FaultKind::Rebuild, Role::Group(g)) if start => self.rebuild(m, g),
            (FaultKind::Poison, Role::Producer(p)) if start => {
                for _ in 0..f.count.min(MAX_FAULT_COUNT) {
                    self.emit_from_producer(m, p, F_POISON);
                }
            }
            (FaultKind::Produce, Role::Producer(p)) if start => {
                for _ in 0..f.count.min(MAX_FAULT_COUNT) {
                    self.emit_from_producer(m, p, 0);
                }
            }
            _ => {}
        }
    }

    /// A `down` window starts or ends for instance `i` of group `g`: it leaves the group
    /// cleanly (a crashed instance asked to stay down leaves now) and rejoins when its last
    /// window ends.
    fn instance_down(&mut self, m: &Model, g: u16, i: u32, start: bool) {
        let inst = &mut self.instances[i as usize];
        if start {
            inst.outages += 1;
            self.crash(m, i, None, true);
            let inst = &mut self.instances[i as usize];
            if inst.state == InstanceState::Crashed {
                inst.state = InstanceState::Down;
                if inst.member {
                    inst.member = false;
                    self.rebalance(m, g);
                }
            }
        } else {
            inst.outages = inst.outages.saturating_sub(1);
            if inst.outages == 0 && inst.state == InstanceState::Down {
                self.bring_up(m, i);
            }
        }
    }

    /// A topic's broker goes down or comes back (`broker_down`, without a cluster); when its
    /// last window ends, the groups reading it fetch again.
    fn topic_down(&mut self, m: &Model, t: u16, start: bool) {
        let ts = &mut self.topics[usize::from(t)];
        if start {
            ts.down += 1;
            return;
        }
        ts.down = ts.down.saturating_sub(1);
        if ts.down == 0 {
            for g in 0..m.groups.len() as u16 {
                if m.groups[usize::from(g)].subscriptions.iter().any(|&(_, st)| st == t) {
                    self.pump_group(m, g);
                }
            }
        }
    }

    /// Rebuilds a projection: its read model is emptied and every partition is replayed from
    /// the log start (offset zero unless retention removed older events).
    pub(crate) fn rebuild(&mut self, m: &Model, g: u16) {
        let gs = &mut self.groups[usize::from(g)];
        gs.c.rebuilds += 1;
        gs.applied.clear();
        gs.dedup.clear();
        gs.key_last.clear();
        for k in 0..self.groups[usize::from(g)].cursors.len() {
            let ci = self.groups[usize::from(g)].cursors[k] as usize;
            let start = self.partitions[self.cursors[ci].partition as usize].start;
            let c = &mut self.cursors[ci];
            if c.window.is_empty() {
                c.base = c.hwm;
            }
            while c.base > start {
                c.window.push_front(W_FINAL);
                c.base -= 1;
            }
            c.committed = c.committed.min(start.max(c.base));
            c.rewind(c.committed);
            c.replay_until = c.hwm;
        }
        self.pump_group(m, g);
    }
}
