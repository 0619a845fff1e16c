//! Where a node added without a drop point goes (a click or Enter on a palette item): the free
//! grid spot nearest the centre of the view, so nodes added one after another never land on
//! each other.

use crate::scenario::Scenario;

use super::{snap, GRID, NODE_H, NODE_W};

/// Horizontal pitch of the candidate spots: a node's width plus a grid step, in whole steps.
const STEP_X: f64 = 9.0 * GRID;
/// Vertical pitch of the candidate spots: a node's height plus a grid step, in whole steps.
const STEP_Y: f64 = 4.0 * GRID;
/// How many rings of candidates around the centre are tried before giving up (the centre is
/// then used: a full view is no reason to refuse an add).
const MAX_RINGS: i32 = 12;

const _: () = assert!(STEP_X >= NODE_W + GRID && STEP_Y >= NODE_H + GRID);

/// The spot nearest world (`x`, `y`), snapped to the grid, where a new node's box keeps at
/// least a grid step from every other node's box. Below before above, right before left when
/// two spots are as near.
pub fn free_spot(s: &Scenario, x: f64, y: f64) -> (f64, f64) {
    let (cx, cy) = (snap(x), snap(y));
    let free = |(px, py): (f64, f64)| {
        s.nodes
            .iter()
            .all(|n| (n.x - px).abs() >= NODE_W + GRID || (n.y - py).abs() >= NODE_H + GRID)
    };
    // Nearest first; below before above and right before left when as near. A minimum, not a
    // sort: no sorting code is pulled into the wasm for this.
    let key = |(i, j): (i32, i32)| {
        let (dx, dy) = (f64::from(i) * STEP_X, f64::from(j) * STEP_Y);
        (dx * dx + dy * dy, j < 0, i < 0)
    };
    for ring in 0..=MAX_RINGS {
        let best = (-ring..=ring)
            .flat_map(|i| (-ring..=ring).map(move |j| (i, j)))
            .filter(|(i, j)| i.abs().max(j.abs()) == ring)
            .map(|(i, j)| ((i, j), (cx + f64::from(i) * STEP_X, cy + f64::from(j) * STEP_Y)))
            .filter(|(_, p)| free(*p))
            .min_by(|(a, _), (b, _)| {
                let (ka, kb) = (key(*a), key(*b));
                ka.0.total_cmp(&kb.0).then((ka.1, ka.2).cmp(&(kb.1, kb.2)))
            });
        if let Some((_, p)) = best {
            return p;
        }
    }
    (cx, cy)
}
