//! Stable sorting through one compiled copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so every call site
//! compiles a copy of driftsort of its own: about 4–5 KB of wasm each, 51 KB of the embed
//! viewer's code for 11 copies (issue 15). Here each call sorts a list of positions with one
//! and the same comparison type, so the sort is compiled once; the caller's elements are then
//! moved into that order, which is a small generic loop. Same result as `sort_by`: stable.
//! `collect()` into a `BTreeMap` sorts too (one copy per pair type): `btree_map` inserts instead.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `cmp`, keeping equal items in their order (like `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_positions(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    permute(items, &mut order);
}

/// Sorts `items` by a key, keeping items with equal keys in their order (like
/// `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `pairs.collect::<BTreeMap<_, _>>()` without the stable sort that `collect` compiles for
/// each pair type: the pairs are inserted one by one (of equal keys the last pair wins, as with
/// `collect`).
pub fn btree_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// `items.collect::<BTreeSet<_>>()` without its sort, as [`btree_map`].
pub fn btree_set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The one instance of the standard sort: positions compared through a trait object.
#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts `items[order[i]]` at `i` for every `i`, in place, by following each cycle of the
/// permutation once (`order` is spent: it ends as the identity).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included.
        #[test]
        fn matches_std_stable_sort(keys in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = keys.clone();
            sort_by_key(&mut ours, |k| k.0);
            let mut theirs = keys;
            theirs.sort_by_key(|k| k.0);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn a_map_keeps_the_last_pair_of_a_key_as_collect_does() {
        let pairs = [(2, 'a'), (1, 'b'), (2, 'c')];
        assert_eq!(btree_map(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
    }

    #[test]
    fn sorts_by_a_comparison_with_reverse_ties() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by(&mut v, |a, b| b.0.cmp(&a.0));
        assert_eq!(v, [(2, 'a'), (2, 'c'), (1, 'b'), (1, 'd'), (0, 'e')]);
    }
}
