//! What the user has selected: nodes and edges, by id.

use std::collections::BTreeSet;

use crate::scenario::{EdgeId, NodeId, Scenario};

/// Selected nodes and edges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected nodes.
    pub nodes: BTreeSet<NodeId>,
    /// Selected edges.
    pub edges: BTreeSet<EdgeId>,
}

impl Selection {
    /// Nothing selected.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.edges.clear();
    }

    /// Selects exactly one node.
    pub fn select_only_node(&mut self, id: NodeId) {
        self.clear();
        self.nodes.insert(id);
    }

    /// Selects exactly one edge.
    pub fn select_only_edge(&mut self, id: EdgeId) {
        self.clear();
        self.edges.insert(id);
    }

    /// A click on a node: selects only it, or with `additive` (Shift) toggles it.
    pub fn pick_node(&mut self, id: NodeId, additive: bool) {
        if !additive {
            self.select_only_node(id);
        } else if !self.nodes.remove(&id) {
            self.nodes.insert(id);
        }
    }

    /// A click on an edge: selects only it, or with `additive` toggles it.
    pub fn pick_edge(&mut self, id: EdgeId, additive: bool) {
        if !additive {
            self.select_only_edge(id);
        } else if !self.edges.remove(&id) {
            self.edges.insert(id);
        }
    }

    /// The single selected node, if exactly one node and no edge is selected.
    pub fn single_node(&self) -> Option<NodeId> {
        match (self.nodes.len(), self.edges.len()) {
            (1, 0) => self.nodes.iter().next().copied(),
            _ => None,
        }
    }

    /// The single selected edge, if exactly one edge and no node is selected.
    pub fn single_edge(&self) -> Option<EdgeId> {
        match (self.nodes.len(), self.edges.len()) {
            (0, 1) => self.edges.iter().next().copied(),
            _ => None,
        }
    }

    /// Drops ids that no longer exist in `s` (after undo, delete, load).
    pub fn retain_existing(&mut self, s: &Scenario) {
        self.nodes.retain(|id| s.node(*id).is_some());
        self.edges.retain(|id| s.edge(*id).is_some());
    }
}
