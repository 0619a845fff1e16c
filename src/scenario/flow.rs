//! Which events can feed themselves forever: event type T reaching service C makes C emit T'
//! that reaches service C', and so on back to (C, T).
//!
//! The analysis is near-linear in the document, because a link opened by a stranger runs it in
//! the reader's tab. Issue 10 measured the naive form (one state per (consumer, type) and one
//! transition per (mapping, input, output, receiver)) at 23 s and 674 MB for a 17 KB document:
//! a mapping with an empty `input` matches every type, so transitions multiplied. Here every
//! product is broken by an intermediate state, so the graph has at most
//! `MAX_EVENT_TYPES × (edges + services) + MAPPINGS × MAX_OUTPUTS` transitions (about 400,000 at
//! the limits):
//!
//! * `Holds(n, t)`: a log or outbox `n` holds type `t`, or a service `n` receives it;
//! * `Emits(c, t)`: service `c` emits `t`, whatever made it (one per type, not per mapping);
//! * `AnyInput(c)`: service `c` received something its empty-input mappings match.
//!
//! Types are interned once in a map, filters become 128-bit masks, and states are found through a
//! dense table, so no step searches a list. Strongly connected components come from Kosaraju's
//! algorithm, which petgraph runs without recursion (Tarjan's recursive one could exhaust the
//! stack on a graph this size).

use super::limits::MAX_EVENT_TYPES;
use super::{EdgeKind, NodeId, NodeKind, NodeKindTag, Scenario};
use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeFiltered;
use std::collections::BTreeMap;

/// A cycle of events found by [`event_loops`].
#[derive(Debug)]
pub(super) struct Loop {
    /// The services on it, in document order (never empty).
    pub services: Vec<NodeId>,
    /// Whether every cycle in it has an `otherwise` branch that can end it (by chance), rather
    /// than some cycle of transitions that happen whatever the dice say.
    pub has_exit: bool,
}

/// A set of interned event types (bit `t` for type `t`); the engine uses the same 128-bit form.
type Mask = u128;

/// Index of a state's kind in the dense table: `Holds` for types `0..128`, `Emits` after them,
/// then `AnyInput`.
const EMITS: usize = MAX_EVENT_TYPES;
const ANY_INPUT: usize = 2 * MAX_EVENT_TYPES;
const STATES_PER_NODE: usize = 2 * MAX_EVENT_TYPES + 1;

/// Every event type producers and services emit, interned by a map (ids in order of first
/// appearance). Validation counts them against [`MAX_EVENT_TYPES`] before any analysis.
pub(super) struct EventTypes<'a> {
    ids: BTreeMap<&'a str, usize>,
}

impl<'a> EventTypes<'a> {
    /// The types of `s`, in one pass over its names.
    pub(super) fn of(s: &'a Scenario) -> Self {
        let mut ids = BTreeMap::new();
        let mut add = |name: &'a str| {
            let next = ids.len();
            ids.entry(name).or_insert(next);
        };
        for n in &s.nodes {
            match &n.kind {
                NodeKind::Producer(p) => add(&p.event_type),
                NodeKind::Service(g) => {
                    for m in &g.mappings {
                        m.outputs.iter().for_each(|o| add(o));
                        if !m.otherwise.is_empty() {
                            add(&m.otherwise);
                        }
                    }
                }
                _ => {}
            }
        }
        EventTypes { ids }
    }

    /// How many distinct types there are.
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The type's bit, or none for a name no one emits (or past the limit, which validation
    /// refuses before asking).
    fn bit(&self, name: &str) -> Mask {
        match self.ids.get(name) {
            Some(&t) if t < MAX_EVENT_TYPES => 1 << t,
            _ => 0,
        }
    }

    /// The types an edge lets through: every type when it has no filter.
    fn filter(&self, names: &[String]) -> Mask {
        if names.is_empty() {
            Mask::MAX
        } else {
            names.iter().fold(0, |m, n| m | self.bit(n))
        }
    }

    /// What a mapping emits for sure, and what only by chance. As in the engine, `otherwise`
    /// replaces the outputs with probability `otherwise_probability`: at 0 (or with no
    /// `otherwise`) the outputs are certain and `otherwise` never happens, at 1 the reverse.
    fn outputs(&self, m: &super::Mapping) -> Outputs {
        let outputs = m.outputs.iter().fold(0, |acc, o| acc | self.bit(o));
        let otherwise = self.bit(&m.otherwise);
        let p = m.otherwise_probability;
        if otherwise == 0 || p.is_nan() || p <= 0.0 {
            Outputs { certain: outputs, chance: 0 }
        } else if p >= 1.0 {
            Outputs { certain: otherwise, chance: 0 }
        } else {
            Outputs { certain: 0, chance: outputs | otherwise }
        }
    }
}

/// The types one mapping emits, by whether it emits them whatever the dice say.
#[derive(Clone, Copy)]
struct Outputs {
    certain: Mask,
    chance: Mask,
}

impl Outputs {
    fn all(self) -> Mask {
        self.certain | self.chance
    }
}

/// The services of a scenario with their settings, in document order.
fn services(s: &Scenario) -> impl Iterator<Item = (NodeId, &super::GroupConfig)> {
    s.nodes.iter().filter_map(|n| match &n.kind {
        NodeKind::Service(g) => Some((n.id, g)),
        _ => None,
    })
}

/// The types in `mask`, lowest first.
fn types_in(mut mask: Mask) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let t = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            t
        })
    })
}

/// The state graph: states are created on first use and found through a dense table indexed
/// by (node slot, state kind). A transition's weight says whether it happens only by chance
/// (an `otherwise` branch can be taken instead).
struct States {
    graph: DiGraph<usize, bool>,
    table: Vec<Option<NodeIndex>>,
}

impl States {
    fn new(nodes: usize) -> Self {
        States { graph: DiGraph::new(), table: vec![None; nodes * STATES_PER_NODE] }
    }

    fn get(&self, slot: usize, kind: usize) -> Option<NodeIndex> {
        self.table.get(slot * STATES_PER_NODE + kind).copied().flatten()
    }

    fn get_or_add(&mut self, slot: usize, kind: usize) -> Option<NodeIndex> {
        let cell = self.table.get_mut(slot * STATES_PER_NODE + kind)?;
        Some(*cell.get_or_insert_with(|| self.graph.add_node(slot)))
    }

    /// `from(t)` → `to(t)` for every type `t` in `mask` whose `from` state exists.
    fn carry(&mut self, (from, from_kind): (usize, usize), to: usize, mask: Mask) {
        for t in types_in(mask) {
            if let Some(a) = self.get(from, from_kind + t) {
                if let Some(b) = self.get_or_add(to, t) {
                    self.graph.add_edge(a, b, false);
                }
            }
        }
    }
}

/// Every cycle of events in `s`. `kinds` gives each node id's kind and `types` its event types
/// (as validation read them; at most [`MAX_EVENT_TYPES`]).
pub(super) fn event_loops(
    s: &Scenario,
    kinds: &BTreeMap<NodeId, NodeKindTag>,
    types: &EventTypes<'_>,
) -> Vec<Loop> {
    // Dense slots: the last node with an id wins, as in `kinds`.
    let slots: BTreeMap<NodeId, usize> =
        crate::sort::btree_map(s.nodes.iter().enumerate().map(|(i, n)| (n.id, i)));
    // What each mapping emits, per service slot, and what each service emits at all.
    let mut outputs: Vec<Vec<(&super::Mapping, Outputs)>> = vec![Vec::new(); s.nodes.len()];
    for (id, g) in services(s) {
        if let Some(&slot) = slots.get(&id) {
            outputs[slot] = g.mappings.iter().map(|m| (m, types.outputs(m))).collect();
        }
    }
    let emits: Vec<Mask> =
        outputs.iter().map(|ms| ms.iter().fold(0, |acc, (_, out)| acc | out.all())).collect();
    let mut st = States::new(s.nodes.len());
    for (slot, &mask) in emits.iter().enumerate() {
        for t in types_in(mask) {
            st.get_or_add(slot, EMITS + t);
        }
    }
    follow_edges(&mut st, s, kinds, types, &slots, &emits);
    for (slot, mappings) in outputs.iter().enumerate() {
        transitions(&mut st, types, slot, mappings);
    }
    components(&st, s)
}

/// The transitions along edges: a service's emissions into logs and outboxes, relays from
/// outboxes to logs, then subscriptions from logs to services. Each step only follows states
/// the one before created.
fn follow_edges(
    st: &mut States,
    s: &Scenario,
    kinds: &BTreeMap<NodeId, NodeKindTag>,
    types: &EventTypes<'_>,
    slots: &BTreeMap<NodeId, usize>,
    emits: &[Mask],
) {
    let is = |id: &NodeId, tag: NodeKindTag| kinds.get(id) == Some(&tag);
    let ends: Vec<Option<(usize, usize, Mask)>> = s
        .edges
        .iter()
        .map(|e| Some((*slots.get(&e.from)?, *slots.get(&e.to)?, types.filter(&e.event_types))))
        .collect();
    for step in 0..3 {
        for (e, ends) in s.edges.iter().zip(&ends) {
            let Some((from, to, filter)) = *ends else { continue };
            let service = is(&e.from, NodeKindTag::Service);
            match (step, e.kind) {
                (0, EdgeKind::Publish) if service => {
                    st.carry((from, EMITS), to, emits[from] & filter)
                }
                (0, EdgeKind::Write) if service && is(&e.to, NodeKindTag::Outbox) => {
                    st.carry((from, EMITS), to, emits[from] & filter);
                }
                (1, EdgeKind::Publish) if is(&e.from, NodeKindTag::Outbox) => {
                    st.carry((from, 0), to, filter);
                }
                (2, EdgeKind::Subscribe) if is(&e.to, NodeKindTag::Service) => {
                    st.carry((from, 0), to, filter);
                }
                _ => {}
            }
        }
    }
}

/// The transitions of one service's mappings: from the state of each input (or of any input)
/// to the emission of each output. A transition is certain if any mapping makes it for sure
/// (see [`EventTypes::outputs`]), otherwise it happens by chance.
fn transitions(
    st: &mut States,
    types: &EventTypes<'_>,
    slot: usize,
    mappings: &[(&super::Mapping, Outputs)],
) {
    let mut found: BTreeMap<(NodeIndex, NodeIndex), bool> = BTreeMap::new();
    for (m, outputs) in mappings {
        let source = if m.input.is_empty() {
            st.get_or_add(slot, ANY_INPUT)
        } else {
            let t = types.bit(&m.input);
            (t != 0).then(|| st.get(slot, t.trailing_zeros() as usize)).flatten()
        };
        let Some(source) = source else { continue };
        for t in types_in(outputs.all()) {
            if let Some(emit) = st.get(slot, EMITS + t) {
                let chance = outputs.chance >> t & 1 == 1;
                *found.entry((source, emit)).or_insert(chance) &= chance;
            }
        }
    }
    if let Some(any) = st.get(slot, ANY_INPUT) {
        for t in 0..MAX_EVENT_TYPES {
            if let Some(input) = st.get(slot, t) {
                st.graph.add_edge(input, any, false);
            }
        }
    }
    for ((a, b), exit) in found {
        st.graph.add_edge(a, b, exit);
    }
}

/// For each state, the strongly connected component it is in, and which components hold a
/// cycle (an edge inside them, a self-loop included). Only edges `keep` accepts count.
fn cyclic_components(
    g: &DiGraph<usize, bool>,
    keep: impl Fn(bool) -> bool,
) -> (Vec<Vec<NodeIndex>>, Vec<usize>, Vec<bool>) {
    let comps = kosaraju_scc(&EdgeFiltered::from_fn(g, |e| keep(*e.weight())));
    let mut comp_of = vec![usize::MAX; g.node_count()];
    for (i, comp) in comps.iter().enumerate() {
        for n in comp {
            comp_of[n.index()] = i;
        }
    }
    let mut looped = vec![false; comps.len()];
    for e in g.raw_edges().iter().filter(|e| keep(e.weight)) {
        let (a, b) = (comp_of[e.source().index()], comp_of[e.target().index()]);
        if a == b {
            looped[a] = true;
        }
    }
    (comps, comp_of, looped)
}

/// The strongly connected components of the state graph that hold a cycle, as [`Loop`]s. A
/// component has no exit when some cycle in it is made of certain transitions only: events
/// then go round it forever whatever the dice say. Otherwise every cycle can end by chance.
fn components(st: &States, s: &Scenario) -> Vec<Loop> {
    let g = &st.graph;
    let (_, certain_of, certain_looped) = cyclic_components(g, |chance| !chance);
    let (comps, _, looped) = cyclic_components(g, |_| true);
    let mut loops = Vec::new();
    for (comp, _) in comps.iter().zip(&looped).filter(|(_, looped)| **looped) {
        let endless = comp.iter().any(|n| certain_looped[certain_of[n.index()]]);
        let mut slots: Vec<usize> = comp.iter().map(|n| g[*n]).collect();
        slots.sort_unstable();
        slots.dedup();
        let services = slots
            .into_iter()
            .filter_map(|slot| s.nodes.get(slot))
            .filter(|n| matches!(n.kind, NodeKind::Service(_)))
            .map(|n| n.id)
            .collect::<Vec<_>>();
        if !services.is_empty() {
            loops.push(Loop { services, has_exit: !endless });
        }
    }
    loops
}
