//! A double-ended queue of `Copy` records stored in fixed-size, reference-counted chunks.
//!
//! Partition logs, the trace ring and the side-effect ledgers grow at the back and shrink at
//! the front. Keeping them in shared chunks makes a clone (a timeline checkpoint) cost one
//! pointer per chunk instead of a copy of every record: a chunk is copied only when a clone
//! writes to it (`Arc::make_mut`), and only the last chunk is ever appended to. Memory held by
//! many checkpoints is then what they see differently, not their number times the whole state.

use std::collections::{BTreeSet, VecDeque};

/// Addresses of chunks already counted (a B-tree: the crate keeps hash sets out, see clippy.toml).
pub(crate) type ChunkSet = BTreeSet<usize>;
use std::sync::Arc;

/// Records per chunk: 1 024 (40 KiB of 40-byte messages), small enough that copying the chunk
/// a checkpoint shares costs little, large enough that a chunk pointer per 1 024 records is
/// nothing.
pub(crate) const CHUNK: usize = 1024;

/// Records in shared chunks; every chunk but the last holds exactly [`CHUNK`] records, so an
/// index finds its chunk by division.
#[derive(Clone, Debug)]
pub(crate) struct ChunkedDeque<T> {
    chunks: VecDeque<Arc<Vec<T>>>,
    /// Records already taken from the front of `chunks[0]`.
    head: usize,
    len: usize,
}

impl<T> Default for ChunkedDeque<T> {
    fn default() -> Self {
        Self { chunks: VecDeque::new(), head: 0, len: 0 }
    }
}

impl<T: Copy> ChunkedDeque<T> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    pub(crate) fn push_back(&mut self, x: T) {
        if self.chunks.back().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push_back(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.chunks.back_mut() {
            writable(last).push(x);
            self.len += 1;
        }
    }

    #[inline]
    pub(crate) fn front(&self) -> Option<&T> {
        self.get(0)
    }

    #[inline]
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        let first = self.chunks.front()?;
        let x = *first.get(self.head)?;
        self.head += 1;
        self.len -= 1;
        if self.head == first.len() {
            // Shared chunks are never written at the front: the whole chunk goes at once.
            self.chunks.pop_front();
            self.head = 0;
        }
        Some(x)
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let at = self.head + i;
        self.chunks.get(at / CHUNK).and_then(|c| c.get(at % CHUNK))
    }

    /// The record at `i` for writing; copies its chunk first if a clone shares it.
    #[inline]
    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        if i >= self.len {
            return None;
        }
        let at = self.head + i;
        self.chunks.get_mut(at / CHUNK).and_then(|c| writable(c).get_mut(at % CHUNK))
    }

    /// Records from front to back (reversible).
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        let head = self.head;
        self.chunks
            .iter()
            .enumerate()
            .flat_map(move |(k, c)| c[if k == 0 { head } else { 0 }..].iter())
    }

    /// Bytes of the chunks not in `seen` (which then holds them): a set shared over several
    /// clones counts each chunk once.
    pub(crate) fn unseen_bytes(&self, seen: &mut ChunkSet) -> usize {
        let bytes = CHUNK * std::mem::size_of::<T>();
        self.chunks.iter().filter(|c| seen.insert(Arc::as_ptr(c) as usize)).count() * bytes
    }
}

/// The chunk for writing, copied (with room for a whole chunk) if another clone shares it.
#[inline]
fn writable<T: Copy>(chunk: &mut Arc<Vec<T>>) -> &mut Vec<T> {
    if Arc::get_mut(chunk).is_none() {
        let mut own = Vec::with_capacity(CHUNK);
        own.extend_from_slice(chunk);
        *chunk = Arc::new(own);
    }
    Arc::make_mut(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_vecdeque_across_chunk_boundaries() {
        let mut d = ChunkedDeque::default();
        let mut v = VecDeque::new();
        let mut x = 0u64;
        for round in 0..7 {
            for _ in 0..(CHUNK * 3 / 2 + round) {
                d.push_back(x);
                v.push_back(x);
                x += 1;
            }
            for _ in 0..(CHUNK + round * 37) {
                assert_eq!(d.pop_front(), v.pop_front());
            }
            assert_eq!(d.len(), v.len());
            for i in [0, 1, CHUNK - 1, CHUNK, d.len().saturating_sub(1), d.len()] {
                assert_eq!(d.get(i), v.get(i));
            }
            assert!(d.iter().eq(v.iter()));
            assert!(d.iter().rev().eq(v.iter().rev()));
        }
    }

    #[test]
    fn a_clone_shares_chunks_until_written() {
        let mut a = ChunkedDeque::default();
        for i in 0..(CHUNK * 4) as u32 {
            a.push_back(i);
        }
        let mut b = a.clone();
        *b.get_mut(5).expect("present") = 99;
        b.push_back(7);
        assert_eq!(a.get(5), Some(&5));
        assert_eq!(b.get(5), Some(&99));
        let mut seen = ChunkSet::new();
        let first = a.unseen_bytes(&mut seen);
        // `b` copied the chunk it wrote; its new last chunk is its own.
        assert_eq!(b.unseen_bytes(&mut seen), 2 * CHUNK * 4);
        assert_eq!(first, 4 * CHUNK * 4);
    }
}
