//! Running state: messages, partitions, cursors, instances and per-node counters, in flat
//! vectors addressed by index. Messages are small `Copy` structs; nothing is allocated per
//! message once the vectors have grown to their working size.

use super::chunked::ChunkedDeque;
use super::clock::Micros;
use super::effects::{DedupStore, IdBits};
use super::histogram::{Histogram, WindowHistogram};
use super::series::Series;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// Key of an event without a key (spread round-robin).
pub(crate) const NO_KEY: u32 = u32::MAX;

/// Message flag: a poison message, fails every attempt.
pub(crate) const F_POISON: u8 = 1;
/// Message flag: its schema change is additive, older readers understand it.
pub(crate) const F_COMPATIBLE: u8 = 2;
/// Message flag: a copy made by the network or a relay retry (same event id).
pub(crate) const F_COPY: u8 = 4;
/// Message flag: the copy was republished by an outbox relay after its crash (with `F_COPY`);
/// only tells a duplicate's reason.
pub(crate) const F_RELAY: u8 = 8;
/// Message flag: the network duplicated its publish (set on both copies, whichever is read
/// first); only tells a duplicate's reason.
pub(crate) const F_NET: u8 = 16;

/// One event as it sits in a partition or travels: 40 bytes, `Copy`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Msg {
    pub event_id: u64,
    pub correlation_id: u64,
    /// When the request that started its chain was made: a producer's emission, kept by every
    /// service output that follows from it (start of its end-to-end latency).
    pub created_us: Micros,
    /// When it was appended to the partition it is in (start of its lag and of its per-hop
    /// latency).
    pub appended_us: Micros,
    pub key: u32,
    pub event_type: u8,
    pub schema: u8,
    pub flags: u8,
}

/// One partition's log: the retained entries and the offset of the first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Partition {
    /// Retained entries, in chunks that checkpoints share.
    pub log: ChunkedDeque<Msg>,
    /// Offset of `log[0]` (the log start offset).
    pub start: u64,
    /// Cursors (one per subscribing group and edge) reading this partition.
    pub cursors: Vec<u32>,
}

impl Partition {
    /// Offset the next append gets (the log end offset).
    #[inline]
    pub(crate) fn end(&self) -> u64 {
        self.start + self.log.len() as u64
    }
    #[inline]
    pub(crate) fn get(&self, offset: u64) -> Option<&Msg> {
        offset.checked_sub(self.start).and_then(|i| self.log.get(i as usize))
    }
}

/// Window status bit: a live delivery is responsible for this offset's outcome.
pub(crate) const W_OWNED: u8 = 1;
/// Window status bit: the offset's outcome is recorded (or handed to the retry store).
pub(crate) const W_FINAL: u8 = 2;
/// Window status bit: the offset is acknowledged.
pub(crate) const W_ACKED: u8 = 4;

/// A group's reading position in one partition, reached through one subscribe edge.
///
/// Offsets below `committed` are acknowledged; `[committed, hwm)` is the *window* of offsets
/// delivered at least once whose fate is still open or whose commit waits for a lower offset;
/// `hwm` is one past the highest offset ever delivered. `position` is where the next fetch reads;
/// it moves back to `committed` after a crash or rebalance, which is what makes redeliveries.
#[derive(Clone, Debug)]
pub(crate) struct Cursor {
    pub group: u16,
    pub partition: u32,
    pub edge: u16,
    pub filter: u128,
    /// Instance that owns the partition for this group, or `NONE32`.
    pub owner: u32,
    pub position: u64,
    pub hwm: u64,
    pub committed: u64,
    /// Offset of `window[0]`; `base ≤ committed`.
    pub base: u64,
    pub window: VecDeque<u8>,
    /// Entries at or past `hwm` that pass the filter (never delivered yet).
    pub queued: u64,
    /// Offsets below this are replays of a projection rebuild.
    pub replay_until: u64,
    /// Offset of the last fetch since the position last moved back (a rebalance, a restart, a
    /// crashed delivery), or `u64::MAX`: what the offsets-increase check watches.
    pub last_fetched: u64,
}

impl Cursor {
    pub(crate) fn new(group: u16, partition: u32, edge: u16, filter: u128) -> Self {
        Self {
            group,
            partition,
            edge,
            filter,
            owner: super::model::NONE32,
            position: 0,
            hwm: 0,
            committed: 0,
            base: 0,
            window: VecDeque::new(),
            queued: 0,
            replay_until: 0,
            last_fetched: u64::MAX,
        }
    }

    /// Moves the position back to `offset` (a rebalance, a restart, a crashed delivery): a new
    /// consumer session, for the offsets-increase check.
    #[inline]
    pub(crate) fn rewind(&mut self, offset: u64) {
        self.position = offset;
        self.last_fetched = u64::MAX;
    }

    /// Status bits of a delivered offset (`< hwm`); offsets below the window are settled.
    #[inline]
    pub(crate) fn status(&self, offset: u64) -> u8 {
        match offset.checked_sub(self.base) {
            Some(i) => self.window.get(i as usize).copied().unwrap_or(W_FINAL | W_ACKED),
            None => W_FINAL | W_ACKED,
        }
    }

    #[inline]
    pub(crate) fn set(&mut self, offset: u64, bits: u8) {
        if let Some(s) = offset.checked_sub(self.base).and_then(|i| self.window.get_mut(i as usize))
        {
            *s |= bits;
        }
    }

    #[inline]
    pub(crate) fn clear(&mut self, offset: u64, bits: u8) {
        if let Some(s) = offset.checked_sub(self.base).and_then(|i| self.window.get_mut(i as usize))
        {
            *s &= !bits;
        }
    }

    /// Records the first delivery of offset `hwm` with status `bits`.
    #[inline]
    pub(crate) fn push(&mut self, bits: u8) {
        if self.window.is_empty() {
            self.base = self.hwm;
        }
        self.window.push_back(bits);
        self.hwm += 1;
    }

    /// Moves the commit past acknowledged offsets and forgets settled ones.
    #[inline]
    pub(crate) fn advance(&mut self) {
        while self.committed < self.hwm && self.status(self.committed) & W_ACKED != 0 {
            self.committed += 1;
        }
        while self.base < self.committed {
            match self.window.front() {
                Some(s) if s & W_FINAL != 0 => {
                    self.window.pop_front();
                    self.base += 1;
                }
                _ => break,
            }
        }
        if self.window.is_empty() {
            self.base = self.hwm;
        }
    }
}

/// Lifecycle of a consumer instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceState {
    /// Running.
    Up,
    /// Left the group on purpose (a scheduled or injected down window).
    Down,
    /// Crashed; restarting.
    Crashed,
}

#[derive(Clone, Debug)]
pub(crate) struct Instance {
    pub group: u16,
    pub state: InstanceState,
    /// Bumped on every crash or stop, so that timers of an earlier life are ignored.
    pub epoch: u32,
    /// Counted in partition assignment (a crashed instance stays a member until its session
    /// times out).
    pub member: bool,
    /// Free processing slots.
    pub free: u32,
    /// Slots of messages this instance holds.
    pub held: Vec<u32>,
    /// Cursors assigned to it.
    pub assigned: Vec<u32>,
    /// Next assigned cursor to fetch from (round-robin fairness across partitions).
    pub next: usize,
    /// Outstanding down/crash windows (overlapping faults).
    pub outages: u32,
}

/// What a message slot is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SlotState {
    Free,
    /// On a publish or dead-letter edge towards a topic.
    ToTopic,
    /// Dropped on an edge; kept only to draw it fading out.
    Lost,
    /// Being processed, or travelling to the instance that will process it (`arrive_us` in the
    /// future).
    Processing,
    /// Waiting for its next attempt.
    Backoff,
}

/// Slot flag: this delivery decides the offset's outcome (first or replacing delivery).
pub(crate) const S_OWNER: u8 = 1;
/// Slot flag: already acknowledged.
pub(crate) const S_ACKED: u8 = 2;
/// Slot flag: a redelivery or replay.
pub(crate) const S_REDELIVERY: u8 = 4;
/// Slot flag: moved out of its partition into the retry store.
pub(crate) const S_RETRY_STORE: u8 = 8;

/// A message in motion: on an edge, in processing or waiting for a retry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    pub msg: Msg,
    pub offset: u64,
    pub sent_us: Micros,
    pub due_us: Micros,
    /// When it reaches (reached) the consumer; before that it is drawn on its edge.
    pub arrive_us: Micros,
    /// Start of the current attempt.
    pub started_us: Micros,
    pub gen: u32,
    pub cursor: u32,
    pub instance: u32,
    pub group: u16,
    pub edge: u16,
    pub attempt: u8,
    pub flags: u8,
    pub state: SlotState,
}

impl Default for Slot {
    fn default() -> Self {
        Self {
            msg: Msg::default(),
            offset: 0,
            sent_us: 0,
            due_us: 0,
            arrive_us: 0,
            started_us: 0,
            gen: 0,
            cursor: super::model::NONE32,
            instance: super::model::NONE32,
            group: super::model::NONE16,
            edge: super::model::NONE16,
            attempt: 0,
            flags: 0,
            state: SlotState::Free,
        }
    }
}

/// Counters of one consumer group (also of services and projections). See
/// `docs/output-format.md` for the exact meaning of each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GroupCounters {
    /// Messages that entered the group's input (appended to a partition it reads, passing its
    /// filter). Each group counts every event: fan-out.
    pub produced: u64,
    /// Deliveries to an instance, including redeliveries and replays.
    pub delivered: u64,
    /// Distinct messages processed successfully: their side effect happened with this
    /// delivery (counted once each). Copies the dedup store skipped are not among them.
    pub processed: u64,
    /// Distinct messages settled by the dedup store without a side effect: copies (same event
    /// id, another offset) of an event the group had already applied. An outcome, like
    /// `processed`; always 0 outside effectively-once.
    pub duplicates_skipped: u64,
    /// Offsets acknowledged.
    pub acknowledged: u64,
    /// Deliveries of an offset delivered before (after a crash or rebalance).
    pub redelivered: u64,
    /// Deliveries replayed by a projection rebuild.
    pub replayed: u64,
    /// Projection rebuilds started (scheduled or commanded).
    pub rebuilds: u64,
    /// Side effects applied (first or not).
    pub side_effects: u64,
    /// Side effects applied to an event id that already had one.
    pub duplicate_side_effects: u64,
    /// Deliveries whose side effect the dedup store skipped (effectively-once): redeliveries
    /// of a processed offset and copies alike.
    pub deduplicated: u64,
    /// Distinct messages lost: at-most-once crash, dead-letter edge drop, or no dead-letter
    /// target after the last attempt.
    pub lost: u64,
    /// Retries scheduled.
    pub retried: u64,
    /// Failed attempts (poison, unknown schema, overloaded database, transient failure).
    pub failed_attempts: u64,
    /// Distinct messages parked in the dead-letter target.
    pub dead_lettered: u64,
    /// Distinct messages removed by retention before the group read them.
    pub expired: u64,
    /// Events of one key processed after a later event of the same key.
    pub ordering_violations: u64,
    /// Instance crashes.
    pub crashes: u64,
    /// Rebalances: one per membership change (instances leaving or joining at one instant).
    pub rebalances: u64,
    /// Output events emitted (services), once per processing that emitted them: a reprocessed
    /// input emits its outputs again, with the same event ids.
    pub emitted: u64,
    /// Outputs that will never be published: a crash between the write and the publish under
    /// at-most-once (other guarantees deliver the input again, which publishes them).
    pub lost_outputs: u64,
    /// Synchronous calls received.
    pub calls: u64,
    /// Synchronous calls that failed because the group was down.
    pub calls_failed: u64,
}

/// What a service decided for the outputs of one input: the first of the consecutive event
/// ids its outputs take, and which mappings took their `otherwise` branch (bit j = mapping j).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OutputBlock {
    pub first_id: u64,
    pub otherwise: u32,
}

/// Inputs a service remembers the outputs of (`OutputIds`).
pub(crate) const OUTPUT_ID_MEMORY: usize = 16_384;

/// A service's record of the outputs it emitted per input event id, so that reprocessing an
/// input (a redelivery, a network copy, an upstream re-emission) emits the same events with the
/// same ids, which downstream dedup stores and duplicate counters recognise. It keeps the last
/// `OUTPUT_ID_MEMORY` inputs: memory is bounded whatever the run length, and an input seen again
/// after that many others gets fresh ids, as if the service's own record had expired.
#[derive(Clone, Debug, Default)]
pub(crate) struct OutputIds {
    blocks: BTreeMap<u64, OutputBlock>,
    order: VecDeque<u64>,
}

impl OutputIds {
    pub(crate) fn get(&self, input: u64) -> Option<OutputBlock> {
        self.blocks.get(&input).copied()
    }

    /// Bytes on the heap, about (a B-tree entry and its place in the order).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.order.capacity() * 8
            + self.blocks.len() * 2 * std::mem::size_of::<(u64, OutputBlock)>()
    }

    pub(crate) fn insert(&mut self, input: u64, block: OutputBlock) {
        if self.order.len() >= OUTPUT_ID_MEMORY {
            if let Some(old) = self.order.pop_front() {
                self.blocks.remove(&old);
            }
        }
        self.blocks.insert(input, block);
        self.order.push_back(input);
    }
}

#[derive(Clone, Debug)]
pub(crate) struct GroupState {
    pub cursors: Vec<u32>,
    pub generation: u32,
    pub paused: bool,
    pub slow_factors: Vec<f64>,
    /// Event ids whose side effect this group applied (to count duplicates).
    pub applied: IdBits,
    /// The group's idempotency store (effectively-once only).
    pub dedup: DedupStore,
    /// Output ids per input (services).
    pub output_ids: OutputIds,
    /// Highest event id processed per key (for ordering violations).
    pub key_last: Vec<u64>,
    pub c: GroupCounters,
    /// Distinct messages delivered but without an outcome yet.
    pub in_flight: u64,
    /// Messages never delivered yet (sum of cursors' `queued`).
    pub queued: u64,
    /// Messages in the retry store: in backoff, or waiting for a free processing slot.
    pub retrying: u64,
    /// Retry-store slots whose backoff is over, in the order they take free processing slots.
    pub retry_ready: VecDeque<u32>,
    /// When the current rebalance started (meaningful while `paused`).
    pub rebalance_started_us: Micros,
    /// Per hop: from the append by its immediate producer to successful processing.
    pub latency: Histogram,
    /// End to end: from the request that started the chain to successful processing here.
    pub end_to_end: Histogram,
    pub processing: Histogram,
    /// The same since the last series sample (cleared at each sample).
    pub latency_window: WindowHistogram,
    pub processing_window: WindowHistogram,
    /// Sum of time from append to outcome over processed messages (for Little's law).
    pub sojourn_sum_us: u128,
    /// Integral of (queued + in flight) over time, in message·µs.
    pub area: u128,
    pub area_since: Micros,
    pub series: Series,
    pub processed_at_last_sample: u64,
    /// Largest `queued + in_flight` seen at a series sample.
    pub largest_lag: u64,
}

impl GroupState {
    pub(crate) fn new() -> Self {
        Self {
            cursors: Vec::new(),
            generation: 0,
            paused: false,
            slow_factors: Vec::new(),
            applied: IdBits::default(),
            dedup: DedupStore::default(),
            output_ids: OutputIds::default(),
            key_last: Vec::new(),
            c: GroupCounters::default(),
            in_flight: 0,
            queued: 0,
            retrying: 0,
            retry_ready: VecDeque::new(),
            rebalance_started_us: 0,
            latency: Histogram::default(),
            end_to_end: Histogram::default(),
            processing: Histogram::default(),
            latency_window: WindowHistogram::default(),
            processing_window: WindowHistogram::default(),
            sojourn_sum_us: 0,
            area: 0,
            area_since: 0,
            series: Series::default(),
            processed_at_last_sample: 0,
            largest_lag: 0,
        }
    }

    /// Accumulates the time-integral of the number of messages in the group up to `now`; call
    /// before every change of `queued` or `in_flight`.
    #[inline]
    pub(crate) fn integrate(&mut self, now: Micros) {
        let level = u128::from(self.queued + self.in_flight);
        self.area += level * u128::from(now - self.area_since);
        self.area_since = now;
    }
}

/// Counters of one producer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProducerCounters {
    /// Events emitted.
    pub produced: u64,
    /// Poison messages among them.
    pub poison: u64,
    /// Publishes that never reached a topic: dropped on the edge or refused by a down broker.
    pub publish_lost: u64,
    /// Events lost by a crash between the database write and the publish (dual write).
    pub lost_dual_write: u64,
    /// Requests whose synchronous call chain failed.
    pub requests_failed: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct ProducerState {
    pub c: ProducerCounters,
    /// Its sends to a cluster's brokers (all zero without a cluster).
    pub cluster: super::brokers::ClusterCounters,
    /// Next arrival as a fractional microsecond, so high rates do not round away.
    pub next_us: f64,
    pub request_latency: Histogram,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct TopicState {
    /// Outstanding broker-down windows.
    pub down: u32,
    /// Round-robin counter for events without a key.
    pub round_robin: u64,
    pub appended: u64,
    pub expired: u64,
    /// Appends refused because the broker was down.
    pub refused: u64,
    /// Leaders elected for its partitions (brokers).
    pub elections: u64,
    /// Records committed while the leader's log held their event id at another offset too
    /// (brokers; the idempotence check).
    pub two_offsets: u64,
}

/// Counters of one database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DatabaseCounters {
    /// Writes accepted.
    pub writes: u64,
    /// Writes refused for lack of capacity.
    pub rejected: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct DatabaseState {
    pub c: DatabaseCounters,
    /// Token bucket, in millionths of a write.
    pub tokens: u64,
    pub refilled_at: Micros,
}

/// Counters of one outbox and its relay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounters {
    /// Rows written (events stored with their state change).
    pub written: u64,
    /// Rows published by the relay (a row republished after a relay crash counts again).
    pub published: u64,
    /// Relay crashes after publishing before marking rows sent.
    pub relay_crashes: u64,
    /// Rows refused because the table held `MAX_OUTBOX_ROWS` unsent rows (the event is lost
    /// with the failed transaction).
    pub refused: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct OutboxState {
    /// Rows not yet marked sent, at most [`MAX_OUTBOX_ROWS`](crate::scenario::limits::MAX_OUTBOX_ROWS).
    pub rows: ChunkedDeque<Msg>,
    pub polling: bool,
    pub c: OutboxCounters,
}
