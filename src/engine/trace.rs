//! Traces of individual events, kept in a bounded ring of hop records, and the running hash of
//! everything the engine did (for determinism checks).

use super::clock::Micros;
use super::reasons::Reason;
use serde::Serialize;

/// Hops kept: the most recent 65 536; older hops are overwritten.
pub const TRACE_CAPACITY: usize = 1 << 16;

/// Most records [`Simulation::hops_since`] looks at.
pub const HOP_SCAN_LIMIT: usize = 1 << 14;

/// What happened at one hop of an event's journey.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HopOutcome {
    /// Emitted by a producer or a service.
    Produced,
    /// Appended to a topic partition (`detail` = partition index).
    Appended,
    /// Lost on an edge (network drop), refused by a down broker or by a dual write, a full
    /// outbox, an overloaded database, or after the last attempt with no dead-letter target
    /// (`detail` = attempt then; the hop's [`super::Reason`] says which).
    Lost,
    /// Delivered to a consumer instance (`detail` = attempt).
    Delivered,
    /// Delivered again after a crash or rebalance, or replayed.
    Redelivered,
    /// Processed; side effect applied.
    Processed,
    /// Processed again: a duplicate side effect.
    Duplicate,
    /// Recognised by the dedup store; side effect skipped.
    Deduplicated,
    /// Attempt failed (`detail` = attempt); retried after backoff.
    Retried,
    /// Parked in the dead-letter target.
    DeadLettered,
    /// The consumer crashed while holding it.
    Crashed,
    /// Removed by retention before the group read it (`detail` = the engine's number of the
    /// partition, which the reason's phrase names the topic and retention of).
    Expired,
    /// Written to an outbox table.
    Outboxed,
    /// A synchronous call (`detail` = 1 if it failed).
    Called,
    /// Taken from its instance by a rebalance (the partition was revoked) before an outcome.
    Revoked,
}

impl HopOutcome {
    /// Whether a hop of this outcome carries its message along its edge (and is drawn moving
    /// there): an append, a delivery, a relay, a call, a redelivery, a dead letter, a loss.
    pub fn travels(self) -> bool {
        matches!(
            self,
            HopOutcome::Appended
                | HopOutcome::Delivered
                | HopOutcome::Outboxed
                | HopOutcome::Called
                | HopOutcome::Redelivered
                | HopOutcome::DeadLettered
                | HopOutcome::Lost
        )
    }
}

/// One hop as stored in the ring.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HopRecord {
    pub t_us: Micros,
    pub event_id: u64,
    pub correlation_id: u64,
    pub node: u16,
    /// Edge index, or `u16::MAX` for none.
    pub edge: u16,
    pub outcome: HopOutcome,
    /// Interned event type.
    pub event_type: u8,
    /// Key, or `NO_KEY`.
    pub key: u32,
    /// The message's flags (`F_COPY` marks a network or relay copy).
    pub flags: u8,
    pub detail: u32,
    /// Why, on hops that decide a loss, an expiry, a dead-lettering or a duplicate side
    /// effect (one byte: the record stays 40 bytes).
    pub reason: Option<Reason>,
}

/// The ring of recent hops, in shared chunks so that checkpoints share all but the newest.
#[derive(Clone, Debug, Default)]
pub(crate) struct TraceRing {
    hops: super::chunked::ChunkedDeque<HopRecord>,
}

impl TraceRing {
    #[inline]
    pub(crate) fn push(&mut self, hop: HopRecord) {
        self.hops.push_back(hop);
        if self.hops.len() > TRACE_CAPACITY {
            self.hops.pop_front();
        }
    }

    /// Hops in the order they were recorded, newest first.
    pub(crate) fn iter_newest_first(&self) -> impl Iterator<Item = &HopRecord> {
        self.hops.iter().rev()
    }

    /// Hops in the order they were recorded, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &HopRecord> {
        self.hops.iter()
    }

    /// Bytes of chunks not yet in `seen` (see [`super::chunked::ChunkedDeque::unseen_bytes`]).
    pub(crate) fn unseen_bytes(&self, seen: &mut super::chunked::ChunkSet) -> usize {
        self.hops.unseen_bytes(seen)
    }
}

/// The dot state of a hop: lost and dead-lettered hops by their outcome; redeliveries and
/// network or relay copies as duplicates; a delivery after the first attempt as a retry.
fn hop_state(h: &HopRecord) -> super::MessageState {
    use super::MessageState;
    match h.outcome {
        HopOutcome::Lost | HopOutcome::Expired => MessageState::Lost,
        HopOutcome::DeadLettered => MessageState::DeadLettered,
        HopOutcome::Redelivered | HopOutcome::Duplicate => MessageState::Duplicate,
        _ if h.flags & super::world::F_COPY != 0 => MessageState::Duplicate,
        HopOutcome::Delivered | HopOutcome::Retried if h.detail >= 2 => {
            MessageState::Retry(u8::try_from(h.detail).unwrap_or(u8::MAX))
        }
        _ => MessageState::Normal,
    }
}

/// FNV-1a style running hash over 64-bit words: cheap, and any difference in order or content
/// of processed events changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TraceHash(pub u64);

impl Default for TraceHash {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl TraceHash {
    #[inline]
    pub(crate) fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// One hop of an event, as the UI shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    /// Simulated time of the hop.
    pub t_us: Micros,
    /// The event.
    pub event_id: u64,
    /// Its business flow.
    pub correlation_id: u64,
    /// Node where it happened.
    pub node: crate::scenario::NodeId,
    /// Edge it travelled, if any.
    pub edge: Option<crate::scenario::EdgeId>,
    /// What happened.
    pub outcome: HopOutcome,
    /// Extra number: attempt, partition index or failure flag (see [`HopOutcome`]).
    pub detail: u32,
    /// The event's type, as an index into [`super::Simulation::event_types`] (a number, so
    /// reading thousands of hops per frame allocates nothing per hop).
    pub event_type: u8,
    /// The event's key (for example an order id), if it has one.
    pub key: Option<u32>,
    /// How a dot for this hop is drawn, by the same rules as [`super::Snapshot`]'s dots: the
    /// UI animates hops it did not catch in a snapshot and must colour them alike.
    pub state: super::MessageState,
    /// Why, on a hop that lost, expired, dead-lettered or applied a duplicate side effect (and
    /// on a crash or revocation that lost an at-most-once message).
    pub reason: Option<Reason>,
    /// The reason in words: filled by [`super::Simulation::trace`] and
    /// [`super::Simulation::trace_correlation`]; `None` from the per-frame readers
    /// ([`super::Simulation::hops_since`], [`super::Simulation::recent_hops`]), which allocate
    /// nothing per hop — [`super::Simulation::reason_text`] phrases one of theirs.
    pub reason_text: Option<String>,
}

/// The journey of one event, from the hops still in the ring.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    /// The event.
    pub event_id: u64,
    /// Its business flow; [`super::Simulation::trace_correlation`] lists every event of it.
    pub correlation_id: u64,
    /// Hops, oldest first.
    pub hops: Vec<Hop>,
}

impl super::Simulation {
    fn hop_view(&self, h: &HopRecord) -> Hop {
        let m = &self.model;
        Hop {
            t_us: h.t_us,
            event_id: h.event_id,
            correlation_id: h.correlation_id,
            node: m.node_ids.get(usize::from(h.node)).copied().unwrap_or_default(),
            edge: m.edges.get(usize::from(h.edge)).map(|e| e.id),
            outcome: h.outcome,
            detail: h.detail,
            event_type: h.event_type,
            key: (h.key != super::world::NO_KEY).then_some(h.key),
            state: hop_state(h),
            reason: h.reason,
            reason_text: None,
        }
    }

    /// [`Self::hop_view`] with the reason in words.
    fn hop_view_explained(&self, h: &HopRecord) -> Hop {
        let mut hop = self.hop_view(h);
        hop.reason_text = h.reason.map(|r| {
            let facts = super::reasons::Facts { node: h.node, edge: h.edge, detail: h.detail };
            super::reasons::phrase(&self.model, r, facts)
        });
        hop
    }

    /// Every recorded hop of one event, with reasons in words, or `None` if none is left in the
    /// ring (the ring keeps the last [`TRACE_CAPACITY`] hops of the whole simulation).
    pub fn trace(&self, event_id: u64) -> Option<Trace> {
        let mut hops: Vec<Hop> = self
            .st
            .trace
            .iter()
            .filter(|h| h.event_id == event_id && h.t_us <= self.st.now)
            .map(|h| self.hop_view_explained(h))
            .collect();
        // Arrivals are recorded when sent, with their future time: order by time (stable).
        crate::sort::sort_by_key(&mut hops, |h| h.t_us);
        let correlation_id = hops.first()?.correlation_id;
        Some(Trace { event_id, correlation_id, hops })
    }

    /// Every recorded hop of every event of one business flow, oldest first.
    pub fn trace_correlation(&self, correlation_id: u64) -> Vec<Hop> {
        let mut hops: Vec<Hop> = self
            .st
            .trace
            .iter()
            .filter(|h| h.correlation_id == correlation_id && h.t_us <= self.st.now)
            .map(|h| self.hop_view_explained(h))
            .collect();
        crate::sort::sort_by_key(&mut hops, |h| h.t_us);
        hops
    }

    /// Hops that happened in (`after_us`, now], oldest first, at most `max` of them (the newest
    /// are kept): what the animation shows for the time one frame covered. Scans at most
    /// [`HOP_SCAN_LIMIT`] of the newest records, so a frame never costs more than that.
    pub fn hops_since(&self, after_us: Micros, max: usize) -> Vec<Hop> {
        let now = self.st.now;
        let mut out: Vec<Hop> = self
            .st
            .trace
            .iter_newest_first()
            .take(HOP_SCAN_LIMIT)
            .filter(|h| h.t_us > after_us && h.t_us <= now)
            .take(max)
            .map(|h| self.hop_view(h))
            .collect();
        out.reverse();
        out
    }

    /// The most recent `n` hops, oldest first (for an event log).
    pub fn recent_hops(&self, n: usize) -> Vec<Hop> {
        let all: Vec<&HopRecord> = self.st.trace.iter().filter(|h| h.t_us <= self.st.now).collect();
        all[all.len().saturating_sub(n)..].iter().map(|h| self.hop_view(h)).collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hop_record_stays_40_bytes() {
        assert_eq!(std::mem::size_of::<super::HopRecord>(), 40);
        assert_eq!(std::mem::size_of::<super::super::reasons::OutcomeEntry>(), 32);
    }
}
