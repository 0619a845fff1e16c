//! What a group remembers of the side effects it applied: the ledger that tells a duplicate side
//! effect (the simulator's own bookkeeping, the truth a reader is shown) and the dedup store of
//! an effectively-once consumer (the consumer's own, bounded memory, as a real idempotency store
//! is).
//!
//! Both are bit sets over event ids kept in shared chunks, so checkpoints share them, and both
//! have a named bound instead of growing with the run: the ledger recognises duplicates among
//! the most recent [`DUPLICATE_SPAN_IDS`] event ids; the dedup store forgets an id after its
//! window (`dedup_window_s`) or once it holds [`MAX_DEDUP_KEYS`] newer ones. A duplicate that
//! arrives after the store forgot its id is applied again, and the ledger counts it.

use super::chunked::ChunkedDeque;
use super::clock::Micros;
pub use crate::scenario::limits::{DUPLICATE_SPAN_IDS, MAX_DEDUP_KEYS};

/// One bit per event id over a sliding range of ids.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdBits {
    /// Word index (`id / 64`) of `words[0]`; ids below it are no longer tracked.
    first_word: u64,
    words: ChunkedDeque<u64>,
}

impl IdBits {
    /// Whether `id` is in the set.
    #[inline]
    pub(crate) fn contains(&self, id: u64) -> bool {
        (id >> 6)
            .checked_sub(self.first_word)
            .and_then(|w| self.words.get(w as usize))
            .is_some_and(|w| w >> (id & 63) & 1 == 1)
    }

    /// Inserts `id`; returns whether it was there already. The set covers the newest
    /// `span_ids` ids: older ones are forgotten as newer ones arrive.
    #[inline]
    pub(crate) fn insert(&mut self, id: u64, span_ids: u64) -> bool {
        let Some(w) = (id >> 6).checked_sub(self.first_word) else { return false };
        while self.words.len() as u64 <= w {
            self.words.push_back(0);
        }
        while self.words.len() as u64 > span_ids.div_ceil(64) {
            self.words.pop_front();
            self.first_word += 1;
        }
        let Some(w) = (id >> 6).checked_sub(self.first_word) else { return false };
        match self.words.get_mut(w as usize) {
            Some(word) => {
                let had = *word >> (id & 63) & 1 == 1;
                *word |= 1 << (id & 63);
                had
            }
            None => false,
        }
    }

    #[inline]
    pub(crate) fn remove(&mut self, id: u64) {
        let Some(w) = (id >> 6).checked_sub(self.first_word) else { return };
        if let Some(word) = self.words.get_mut(w as usize) {
            *word &= !(1 << (id & 63));
        }
    }

    /// Forgets every id (the range starts again where it was).
    pub(crate) fn clear(&mut self) {
        self.first_word += self.words.len() as u64;
        self.words = ChunkedDeque::default();
    }

    pub(crate) fn unseen_bytes(&self, seen: &mut super::chunked::ChunkSet) -> usize {
        self.words.unseen_bytes(seen)
    }
}

/// The idempotency store of an effectively-once consumer: the ids it applied within its window.
#[derive(Clone, Debug, Default)]
pub(crate) struct DedupStore {
    keys: IdBits,
    /// (time written, id) in the order written; the front is forgotten first.
    written: ChunkedDeque<(Micros, u64)>,
}

impl DedupStore {
    /// Whether `id` is remembered at `now`, after forgetting what the window or the key cap
    /// drops.
    pub(crate) fn contains(&mut self, id: u64, now: Micros, window_us: Micros) -> bool {
        while let Some(&(t, old)) = self.written.front() {
            if t.saturating_add(window_us) > now && self.written.len() <= MAX_DEDUP_KEYS {
                break;
            }
            self.written.pop_front();
            self.keys.remove(old);
        }
        self.keys.contains(id)
    }

    /// Remembers `id`, written at `now` in the same transaction as the side effect.
    pub(crate) fn insert(&mut self, id: u64, now: Micros) {
        if !self.keys.insert(id, DUPLICATE_SPAN_IDS) {
            self.written.push_back((now, id));
        }
    }

    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.written = ChunkedDeque::default();
    }

    pub(crate) fn unseen_bytes(&self, seen: &mut super::chunked::ChunkSet) -> usize {
        self.keys.unseen_bytes(seen) + self.written.unseen_bytes(seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_bits_forget_ids_older_than_the_span() {
        let mut b = IdBits::default();
        assert!(!b.insert(5, 1 << 12));
        assert!(b.insert(5, 1 << 12));
        assert!(b.contains(5));
        assert!(!b.insert(1 << 13, 1 << 12));
        assert!(!b.contains(5), "id 5 is more than the span behind");
        assert!(!b.insert(5, 1 << 12), "untracked ids are never reported as seen");
        b.remove(1 << 13);
        assert!(!b.contains(1 << 13));
    }

    #[test]
    fn the_dedup_store_forgets_after_its_window() {
        let mut d = DedupStore::default();
        d.insert(7, 1_000);
        assert!(d.contains(7, 1_999, 1_000));
        assert!(!d.contains(7, 2_000, 1_000));
        d.insert(7, 2_000);
        assert!(d.contains(7, 2_500, 1_000));
    }
}
