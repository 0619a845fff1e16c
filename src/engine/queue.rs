//! The event queue: a binary heap ordered by (time, sequence). The sequence number breaks ties
//! in insertion order, so two events at the same microsecond always run in the same order.
//!
//! One exception: a scheduled fault's start takes its fault index as its sequence number, below
//! every other entry's ([`FIRST_SEQ`]), so that it runs before anything else due at its instant,
//! faults in scenario order, whenever it was scheduled. That is what lets a fault added to a
//! running simulation (or a command injected as one) do exactly what it does in a run that had
//! it from the start (see `engine::faults`).

use super::clock::Micros;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens when an entry comes due. Indices point into the simulation's tables; `gen` and
/// `epoch` let a stale entry (its slot reused, its instance restarted) be recognised and skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ev {
    /// A producer emits its next event(s).
    Produce { producer: u16 },
    /// A message slot reaches the end of its current step (transit, processing, backoff).
    Slot { slot: u32, gen: u32 },
    /// A crashed or downed instance comes back.
    InstanceUp { instance: u32, epoch: u32 },
    /// The group gives up on a silent instance and rebalances without it.
    SessionExpired { instance: u32, epoch: u32 },
    /// A rebalance pause ends.
    RebalanceDone { group: u16, generation: u32 },
    /// A scheduled fault starts (`start`) or ends.
    Fault { index: u32, start: bool },
    /// An outbox relay polls its table.
    RelayPoll { outbox: u16 },
    /// Retention removes events past their age.
    Retention,
    /// Metrics time series take a sample.
    Sample,
    /// A producer's request reaches the partition's leader (brokers).
    Request { send: u32, gen: u32 },
    /// The leader's answer reaches the producer.
    Reply { send: u32, gen: u32, code: u8 },
    /// A request went unanswered for `request.timeout.ms`.
    RequestTimeout { send: u32, gen: u32 },
    /// A send's retry backoff is over.
    Retry { send: u32, gen: u32 },
    /// A follower's fetch comes back.
    Fetch { partition: u32, replica: u8, epoch: u32 },
    /// The controller notices a lost broker.
    BrokerLost { broker: u16, life: u32 },
    /// The controller checks the ISRs.
    IsrCheck,
}

impl Ev {
    /// A few words that identify the entry, for the trace hash.
    pub(crate) fn words(self) -> [u64; 2] {
        match self {
            Ev::Produce { producer } => [1, u64::from(producer)],
            Ev::Slot { slot, gen } => [2, u64::from(slot) << 32 | u64::from(gen)],
            Ev::InstanceUp { instance, epoch } => [3, u64::from(instance) << 32 | u64::from(epoch)],
            Ev::SessionExpired { instance, epoch } => {
                [4, u64::from(instance) << 32 | u64::from(epoch)]
            }
            Ev::RebalanceDone { group, generation } => {
                [5, u64::from(group) << 32 | u64::from(generation)]
            }
            // Not the fault's index: its place in the scenario's list is not behaviour, and an
            // edit that deletes an earlier fault renumbers it (see `engine::faults`).
            Ev::Fault { start, .. } => [6, u64::from(start)],
            Ev::RelayPoll { outbox } => [7, u64::from(outbox)],
            Ev::Retention => [8, 0],
            Ev::Sample => [9, 0],
            Ev::Request { send, gen } => [10, u64::from(send) << 32 | u64::from(gen)],
            Ev::Reply { send, gen, code } => {
                [11 | u64::from(code) << 8, u64::from(send) << 32 | u64::from(gen)]
            }
            Ev::RequestTimeout { send, gen } => [12, u64::from(send) << 32 | u64::from(gen)],
            Ev::Retry { send, gen } => [13, u64::from(send) << 32 | u64::from(gen)],
            Ev::Fetch { partition, replica, epoch } => {
                [14 | u64::from(replica) << 8, u64::from(partition) << 32 | u64::from(epoch)]
            }
            Ev::BrokerLost { broker, life } => [15, u64::from(broker) << 32 | u64::from(life)],
            Ev::IsrCheck => [16, 0],
        }
    }
}

/// Sequence number of the first ordinary entry; fault starts use their index, below it.
const FIRST_SEQ: u64 = 1 << 32;

#[derive(Clone, Copy, Debug)]
struct Entry {
    time: Micros,
    seq: u64,
    ev: Ev,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest entry first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

/// Pending events in time order.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    /// Schedules `ev` at `time`.
    #[inline]
    pub(crate) fn push(&mut self, time: Micros, ev: Ev) {
        self.seq += 1;
        self.heap.push(Entry { time, seq: FIRST_SEQ + self.seq, ev });
    }

    /// Schedules the start of fault `index` at `time`, ahead of everything else due then.
    pub(crate) fn push_fault_start(&mut self, time: Micros, index: u32) {
        let ev = Ev::Fault { index, start: true };
        self.heap.push(Entry { time, seq: u64::from(index), ev });
    }

    /// Renumbers the faults of pending entries: `map(index, start)` gives the new index, or
    /// `None` to drop the entry. A start keeps its place ahead of its instant under its new
    /// index; an end keeps its sequence number.
    pub(crate) fn remap_faults(&mut self, mut map: impl FnMut(u32, bool) -> Option<u32>) {
        let mut entries = std::mem::take(&mut self.heap).into_vec();
        entries.retain_mut(|e| {
            let Ev::Fault { index, start } = e.ev else { return true };
            let Some(new) = map(index, start) else { return false };
            e.ev = Ev::Fault { index: new, start };
            if start {
                e.seq = u64::from(new);
            }
            true
        });
        self.heap = BinaryHeap::from(entries);
    }

    /// Faults with an entry pending, as (index, start).
    pub(crate) fn pending_faults(&self) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.heap.iter().filter_map(|e| match e.ev {
            Ev::Fault { index, start } => Some((index, start)),
            _ => None,
        })
    }

    /// Time of the earliest pending event.
    #[inline]
    pub(crate) fn peek_time(&self) -> Option<Micros> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes and returns the earliest pending event.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(Micros, Ev)> {
        self.heap.pop().map(|e| (e.time, e.ev))
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.heap.capacity() * std::mem::size_of::<Entry>()
    }

    /// Number of pending events.
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}
