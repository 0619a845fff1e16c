//! A double-ended queue of `Copy` records stored in fixed-size, reference-counted chunks.
//!
//! Partition logs, the trace ring and the side-effect ledgers grow at the back and shrink at
//! the front. Keeping them in shared chunks makes a clone (a timeline checkpoint) cost one
//! pointer per chunk instead of a copy of every record: a shared chunk is copied only when a
//! clone writes to it (`Arc::make_mut`), and only the last, unshared chunk is appended to.
//! Memory held by many checkpoints is then what they see differently, not their number times
//! the whole state.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

/// Records per chunk: 1 024 (40 KiB of 40-byte messages), small enough that copying the chunk
/// a checkpoint shares costs little, large enough that a chunk pointer per 1 024 records is
/// nothing.
pub(crate) const CHUNK: usize = 1024;

/// Addresses of chunks already counted (a B-tree: the crate keeps hash sets out, see clippy.toml).
pub(crate) type ChunkSet = BTreeSet<usize>;

/// Records in chunks: full ones shared (read-only unless written through [`Self::get_mut`]),
/// then the partly filled last one owned outright, so that appending — once per message and
/// per hop — never touches a reference count. Every full chunk holds exactly [`CHUNK`] records,
/// so an index finds its chunk by division.
#[derive(Clone, Debug)]
pub(crate) struct ChunkedDeque<T> {
    full: VecDeque<Arc<Vec<T>>>,
    /// The last chunk, fewer than [`CHUNK`] records; a clone copies it.
    tail: Vec<T>,
    /// Records already taken from the front of the first chunk (`full[0]`, or `tail` when
    /// there is no full chunk).
    head: usize,
    len: usize,
}

impl<T> Default for ChunkedDeque<T> {
    fn default() -> Self {
        Self { full: VecDeque::new(), tail: Vec::new(), head: 0, len: 0 }
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
        if self.tail.capacity() == 0 {
            self.tail.reserve_exact(CHUNK);
        }
        self.tail.push(x);
        self.len += 1;
        if self.tail.len() == CHUNK {
            let full = std::mem::take(&mut self.tail);
            self.full.push_back(Arc::new(full));
        }
    }

    #[inline]
    pub(crate) fn front(&self) -> Option<&T> {
        self.get(0)
    }

    #[inline]
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let x = match self.full.front() {
            Some(first) => *first.get(self.head)?,
            None => *self.tail.get(self.head)?,
        };
        self.head += 1;
        self.len -= 1;
        if self.full.is_empty() {
            if self.head == self.tail.len() {
                self.tail.clear();
                self.head = 0;
            }
        } else if self.head == CHUNK {
            // Shared chunks are never written at the front: the whole chunk goes at once.
            self.full.pop_front();
            self.head = 0;
        }
        Some(x)
    }

    /// Chunk index and position of record `i` (`k == full.len()` is the tail).
    #[inline]
    fn locate(&self, i: usize) -> Option<(usize, usize)> {
        (i < self.len).then(|| {
            let at = self.head + i;
            (at / CHUNK, at % CHUNK)
        })
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        let (k, at) = self.locate(i)?;
        match self.full.get(k) {
            Some(chunk) => chunk.get(at),
            None => self.tail.get(at),
        }
    }

    /// The record at `i` for writing; copies its chunk first if a clone shares it.
    #[inline]
    pub(crate) fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let (k, at) = self.locate(i)?;
        match self.full.get_mut(k) {
            Some(chunk) => Arc::make_mut(chunk).get_mut(at),
            None => self.tail.get_mut(at),
        }
    }

    /// Records from front to back (reversible).
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        let head = self.head;
        let tail_from = if self.full.is_empty() { head } else { 0 };
        let full = self
            .full
            .iter()
            .enumerate()
            .flat_map(move |(k, c)| c[if k == 0 { head } else { 0 }..].iter());
        full.chain(self.tail[tail_from.min(self.tail.len())..].iter())
    }

    /// Bytes of the chunks not in `seen` (which then holds them), and of the owned last chunk:
    /// a set shared over several clones counts each shared chunk once.
    pub(crate) fn unseen_bytes(&self, seen: &mut ChunkSet) -> usize {
        let size = std::mem::size_of::<T>();
        let shared = self.full.iter().filter(|c| seen.insert(Arc::as_ptr(c) as usize)).count();
        shared * CHUNK * size + self.tail.capacity() * size
    }
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
