//! What a simulation holds in memory, for the timeline's checkpoint budget.
//!
//! Logs, the trace ring, the outcome indexes, the side-effect ledgers and outbox tables live in
//! shared chunks ([`super::chunked`]); a set of chunk addresses passed from one state to the
//! next counts each shared chunk once, so the figure for a list of checkpoints is what they
//! really add.

use super::chunked::ChunkSet;
use super::sim::State;
use std::mem::size_of;

impl State {
    /// Bytes this state holds beyond what `seen` already counted (chunks are added to `seen`).
    pub(crate) fn unseen_bytes(&self, seen: &mut ChunkSet) -> usize {
        let vec = |len: usize, each: usize| len * each;
        let mut bytes = size_of::<Self>() + self.queue.heap_bytes();
        bytes += vec(self.slots.capacity(), size_of::<super::world::Slot>());
        bytes += vec(self.free_slots.capacity(), 4);
        for p in &self.partitions {
            bytes += p.log.unseen_bytes(seen) + vec(p.cursors.capacity(), 4);
        }
        for c in &self.cursors {
            bytes += size_of::<super::world::Cursor>() + c.window.capacity();
        }
        for i in &self.instances {
            bytes += size_of::<super::world::Instance>();
            bytes += vec(i.held.capacity() + i.assigned.capacity(), 4);
        }
        for g in &self.groups {
            bytes += size_of::<super::world::GroupState>();
            bytes += g.applied.unseen_bytes(seen) + g.dedup.unseen_bytes(seen);
            bytes += vec(g.key_last.capacity(), 8) + vec(g.cursors.capacity(), 4);
            bytes += g.output_ids.heap_bytes();
            bytes += g.latency.heap_bytes() + g.processing.heap_bytes();
            bytes += g.latency_window.heap_bytes() + g.processing_window.heap_bytes();
            bytes += vec(g.series.samples.capacity(), size_of::<super::series::Sample>());
        }
        for p in &self.producers {
            bytes += size_of::<super::world::ProducerState>() + p.request_latency.heap_bytes();
        }
        for o in &self.outboxes {
            bytes += size_of::<super::world::OutboxState>() + o.rows.unseen_bytes(seen);
        }
        for o in &self.outcomes {
            bytes += o.unseen_bytes(seen);
        }
        bytes + self.trace.unseen_bytes(seen)
    }
}
