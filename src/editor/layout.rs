//! Layered auto-layout (placeholder until the petgraph layout lands).
use crate::scenario::{NodeId, Scenario};
/// Node positions for a layered, left-to-right layout.
pub fn layered(s: &Scenario) -> Vec<(NodeId, f64, f64)> {
    s.nodes.iter().map(|n| (n.id, n.x, n.y)).collect()
}
