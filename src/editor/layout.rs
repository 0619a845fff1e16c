//! Auto-layout: the scenario's graph in layers, left to right (Sugiyama-style).
//!
//! Event flow reads left to right, so producers come first, then the topics they publish to,
//! then the consumers, then what those write or publish. The steps are the classic ones
//! (Sugiyama, Tagawa and Toda 1981; Gansner et al. 1993, as in Graphviz's `dot`), kept simple:
//!
//! 1. **Graph.** A petgraph `DiGraph` of the nodes in [`NodeId`] order; self-loops, edges to
//!    missing nodes and repeated edges are dropped (they do not change the layering).
//! 2. **Cycles.** A depth-first search from the sources (then from every node, in id order)
//!    finds the back edges (edges to a node on the current search path); reversing them leaves a DAG. Feedback loops (a service that
//!    republishes to a topic it reads) then point backwards, as they should.
//! 3. **Layers.** Longest path from the sources: each node one layer right of its furthest
//!    predecessor. A source is then pulled right to sit just before its nearest successor, so
//!    a late producer (an outbox relay, say) does not stretch its edge across the diagram.
//! 4. **Order.** Edges longer than one layer get a virtual node in every layer they cross, then
//!    alternating down and up sweeps sort each layer by the barycenter (mean position) of each
//!    node's neighbours in the layer before; the order with the fewest crossings is kept. Ties
//!    go to the lower [`NodeId`], so the result depends on nothing but the graph.
//! 5. **Coordinates.** Layer `i` at `x = i ×` [`LAYER_SPACING`]; nodes [`ROW_SPACING`] apart,
//!    each layer centred on the same horizontal line; nodes with no edges in a row (wrapping)
//!    below everything. All coordinates are on the editor's [`GRID`], and the diagram keeps its
//!    top-left corner where it was, so the view does not jump.
//!
//! Everything is deterministic and bounded: virtual nodes are capped at [`MAX_VIRTUAL_NODES`]
//! (beyond that, long edges are sorted by their far ends directly) and the sweeps at
//! [`SWEEPS`], so 500 nodes and 2,000 edges lay out in milliseconds.

use super::{snap, GRID, NODE_H, NODE_W};
use crate::scenario::limits::MAX_COORDINATE;
use crate::scenario::{NodeId, Scenario};
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet};

/// Distance between two layers, in world units: a node's width plus room for the edges' curves.
pub const LAYER_SPACING: f64 = 11.0 * GRID;
/// Distance between two nodes of one layer, in world units: a node's height plus a gap.
pub const ROW_SPACING: f64 = 5.0 * GRID;
/// Most virtual nodes the ordering step creates (long edges × layers they cross). A dense
/// graph of long edges could otherwise ask for a million.
pub const MAX_VIRTUAL_NODES: usize = 20_000;
/// Down-and-up sweep pairs of the ordering step. Barycenter ordering settles within a few;
/// more rarely helps (Gansner et al. use 24 single sweeps).
pub const SWEEPS: usize = 12;

// The spacings must keep nodes apart: checked at compile time.
const _: () = assert!(LAYER_SPACING > NODE_W && ROW_SPACING > NODE_H);

/// New centre positions for every node of `s`, in the order of `s.nodes`, for a layered
/// left-to-right layout. Never panics: works on empty graphs, cycles, self-loops, dangling
/// edges and duplicate ids (edges attach to the first node with an id).
pub fn layered(s: &Scenario) -> Vec<(NodeId, f64, f64)> {
    if s.nodes.is_empty() {
        return Vec::new();
    }
    // Graph vertex `i` is the scenario's node `by_id[i]`: nodes in id order (stable for
    // duplicate ids), which is also the order ties are broken in.
    let mut by_id: Vec<usize> = (0..s.nodes.len()).collect();
    crate::sort::sort_by_key(&mut by_id, |&i| s.nodes[i].id);
    let graph = build_graph(s, &by_id);
    let dag = acyclic_edges(&graph);
    let layer = assign_layers(graph.node_count(), &dag);
    let connected: Vec<bool> = {
        let mut c = vec![false; graph.node_count()];
        for &(u, v) in &dag {
            c[u] = true;
            c[v] = true;
        }
        c
    };
    let layers = order_layers(&layer, &connected, &dag);
    let mut grid = place(&layers, &connected, graph.node_count());

    // Keep the diagram's top-left corner (snapped) where it was, inside the coordinate limits.
    let finite = |v: f64| if v.is_finite() { Some(v) } else { None };
    let min_of = |f: fn(&crate::scenario::Node) -> f64| {
        s.nodes.iter().filter_map(|n| finite(f(n))).reduce(f64::min).unwrap_or(0.0)
    };
    let (width, height) =
        grid.iter().fold((0.0_f64, 0.0_f64), |(w, h), &(x, y)| (w.max(x), h.max(y)));
    // `min` then `max`, not `clamp`: a huge unvalidated graph can be wider than the limits.
    let anchor_x = snap(min_of(|n| n.x).min(MAX_COORDINATE - width).max(-MAX_COORDINATE));
    let anchor_y = snap(min_of(|n| n.y).min(MAX_COORDINATE - height).max(-MAX_COORDINATE));
    for p in &mut grid {
        *p = (p.0 + anchor_x, p.1 + anchor_y);
    }

    // `grid` is indexed like the graph; answer in the scenario's order.
    let mut out = vec![(NodeId(0), 0.0, 0.0); s.nodes.len()];
    for (graph_index, &scenario_index) in by_id.iter().enumerate() {
        let (x, y) = grid[graph_index];
        out[scenario_index] = (s.nodes[scenario_index].id, x, y);
    }
    out
}

/// Step 1: the graph, vertex `i` being the scenario's node `by_id[i]`.
fn build_graph(s: &Scenario, by_id: &[usize]) -> DiGraph<NodeId, ()> {
    let mut graph = DiGraph::with_capacity(by_id.len(), s.edges.len());
    let mut index_of: BTreeMap<NodeId, NodeIndex> = BTreeMap::new();
    for &i in by_id {
        let id = s.nodes[i].id;
        let index = graph.add_node(id);
        index_of.entry(id).or_insert(index);
    }
    let edges: BTreeSet<(NodeIndex, NodeIndex)> = crate::sort::btree_set(
        s.edges
            .iter()
            .filter_map(|e| Some((*index_of.get(&e.from)?, *index_of.get(&e.to)?)))
            .filter(|(u, v)| u != v),
    );
    for (u, v) in edges {
        graph.add_edge(u, v, ());
    }
    graph
}

/// Step 2: the edges as plain index pairs, back edges reversed, duplicates removed.
///
/// The search is iterative (petgraph's `depth_first_search` recurses once per node on a path,
/// which a long chain in an unvalidated document could turn into a stack overflow). It starts
/// from the sources, then from every node not reached yet, and follows successors in id order.
fn acyclic_edges(graph: &DiGraph<NodeId, ()>) -> Vec<(usize, usize)> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = graph.node_count();
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in graph.edge_indices() {
        if let Some((u, v)) = graph.edge_endpoints(e) {
            successors[u.index()].push(v.index());
        }
    }
    for list in &mut successors {
        list.sort_unstable();
    }
    let is_source = |v: &usize| {
        graph.neighbors_directed(NodeIndex::new(*v), Direction::Incoming).next().is_none()
    };
    let roots = (0..n).filter(is_source).chain(0..n);

    let mut state = vec![NEW; n];
    let mut back: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut path: Vec<(usize, usize)> = Vec::new(); // (vertex, next successor to look at)
    for root in roots {
        if state[root] != NEW {
            continue;
        }
        state[root] = ON_PATH;
        path.push((root, 0));
        while let Some((v, next)) = path.last_mut() {
            let v = *v;
            match successors[v].get(*next) {
                Some(&w) => {
                    *next += 1;
                    match state[w] {
                        NEW => {
                            state[w] = ON_PATH;
                            path.push((w, 0));
                        }
                        ON_PATH => {
                            back.insert((v, w));
                        }
                        _ => {}
                    }
                }
                None => {
                    state[v] = DONE;
                    path.pop();
                }
            }
        }
    }
    let edges: BTreeSet<(usize, usize)> = crate::sort::btree_set(
        successors
            .iter()
            .enumerate()
            .flat_map(|(u, list)| list.iter().map(move |&v| (u, v)))
            .map(|(u, v)| if back.contains(&(u, v)) { (v, u) } else { (u, v) }),
    );
    edges.into_iter().collect()
}

/// Step 3: each node's layer (isolated nodes get 0 and are placed apart later).
fn assign_layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, dag.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for &(u, v) in dag {
        graph.add_edge(NodeIndex::new(u), NodeIndex::new(v), ());
    }
    // Reversing every back edge of a depth-first search leaves no cycle, so this cannot fail;
    // if it somehow did, index order still terminates (some edges would point left).
    let order = toposort(&graph, None).unwrap_or_else(|_| graph.node_indices().collect());
    let mut layer = vec![0_usize; n];
    for &v in &order {
        for u in graph.neighbors_directed(v, Direction::Incoming) {
            layer[v.index()] = layer[v.index()].max(layer[u.index()] + 1);
        }
    }
    for v in graph.node_indices() {
        let has_inputs = graph.neighbors_directed(v, Direction::Incoming).next().is_some();
        let nearest_successor = graph.neighbors(v).map(|w| layer[w.index()]).min();
        if let (false, Some(next)) = (has_inputs, nearest_successor) {
            layer[v.index()] = next.saturating_sub(1);
        }
    }
    layer
}

/// Step 4: the nodes of each layer, top to bottom. Vertices `0..n` are the graph's nodes,
/// later ones virtual nodes on long edges; only connected nodes take part.
fn order_layers(layer: &[usize], connected: &[bool], dag: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let n = layer.len();
    let virtual_needed: usize =
        dag.iter().map(|&(u, v)| layer[v].saturating_sub(layer[u] + 1)).sum();
    let use_virtual = virtual_needed <= MAX_VIRTUAL_NODES;

    // Every vertex's layer, and each segment (a whole edge, or one hop of a long edge's chain).
    let mut vertex_layer: Vec<usize> = layer.to_vec();
    let mut segments: Vec<(usize, usize)> = Vec::with_capacity(dag.len() + virtual_needed);
    for &(u, v) in dag {
        let mut from = u;
        if use_virtual {
            for l in layer[u] + 1..layer[v] {
                vertex_layer.push(l);
                let dummy = vertex_layer.len() - 1;
                segments.push((from, dummy));
                from = dummy;
            }
        }
        segments.push((from, v));
    }
    let vertices = vertex_layer.len();
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); vertices];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); vertices];
    for &(u, v) in &segments {
        below[u].push(v);
        above[v].push(u);
    }

    // Initial order: by vertex index, which is id order for real nodes.
    let layer_count = vertex_layer.iter().max().map_or(0, |l| l + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (v, &l) in vertex_layer.iter().enumerate() {
        if v >= n || connected[v] {
            layers[l].push(v);
        }
    }

    let mut position = vec![0.0_f64; vertices];
    let mut best = layers.clone();
    let mut best_crossings = crossings(&layers, &segments, vertices);
    for _ in 0..SWEEPS {
        for l in 1..layers.len() {
            sort_by_barycenter(&mut layers, l, l - 1, &above, &mut position);
        }
        for l in (0..layers.len().saturating_sub(1)).rev() {
            sort_by_barycenter(&mut layers, l, l + 1, &below, &mut position);
        }
        let c = crossings(&layers, &segments, vertices);
        if c < best_crossings {
            best_crossings = c;
            best.clone_from(&layers);
        }
        if best_crossings == 0 {
            break;
        }
    }
    best
}

/// Sorts layer `l` by the mean centred position of each vertex's neighbours in layer `fixed`.
/// A vertex without such neighbours keeps its own position; ties go to the lower index.
fn sort_by_barycenter(
    layers: &mut [Vec<usize>],
    l: usize,
    fixed: usize,
    neighbours: &[Vec<usize>],
    position: &mut [f64],
) {
    for layer in [fixed, l] {
        let centre = (layers[layer].len() as f64 - 1.0) / 2.0;
        for (i, &v) in layers[layer].iter().enumerate() {
            position[v] = i as f64 - centre;
        }
    }
    let barycenter = |v: usize| {
        let (sum, count) =
            neighbours[v].iter().fold((0.0, 0_u32), |(s, c), &u| (s + position[u], c + 1));
        if count == 0 {
            position[v]
        } else {
            sum / f64::from(count)
        }
    };
    let mut keyed: Vec<(f64, usize)> = layers[l].iter().map(|&v| (barycenter(v), v)).collect();
    crate::sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
}

/// Number of pairs of segments that cross between adjacent layers (segments spanning more
/// than one layer, when virtual nodes were capped, are not counted). Counted as inversions
/// with a Fenwick tree: O(E log V).
fn crossings(layers: &[Vec<usize>], segments: &[(usize, usize)], vertices: usize) -> u64 {
    let mut layer_of = vec![usize::MAX; vertices];
    let mut index = vec![0_usize; vertices];
    for (l, layer) in layers.iter().enumerate() {
        for (i, &v) in layer.iter().enumerate() {
            layer_of[v] = l;
            index[v] = i;
        }
    }
    let mut by_layer: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layers.len()];
    for &(u, v) in segments {
        if layer_of[u] != usize::MAX && layer_of[v] == layer_of[u] + 1 {
            by_layer[layer_of[u]].push((index[u], index[v]));
        }
    }
    let mut total = 0;
    for (l, pairs) in by_layer.iter_mut().enumerate() {
        let width = layers.get(l + 1).map_or(0, Vec::len);
        pairs.sort_unstable();
        // For each segment, count earlier ones (smaller upper index) with a larger lower index.
        let mut tree = vec![0_u64; width + 1];
        for (seen, &(_, lower)) in pairs.iter().enumerate() {
            let mut at_most = 0;
            let mut i = lower + 1;
            while i > 0 {
                at_most += tree[i];
                i &= i - 1;
            }
            total += seen as u64 - at_most;
            let mut i = lower + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// Step 5: positions relative to the top-left corner (0, 0), indexed like the graph.
fn place(layers: &[Vec<usize>], connected: &[bool], n: usize) -> Vec<(f64, f64)> {
    let mut grid = vec![(0.0, 0.0); n];
    // Real nodes only take a row; virtual ones just guided the order. In grid units, so
    // centring an even count rounds by half a grid step instead of leaving the grid.
    let row = (ROW_SPACING / GRID).round() as i64;
    let rows = |l: &Vec<usize>| l.iter().filter(|&&v| v < n).count() as i64;
    let tallest = layers.iter().map(rows).max().unwrap_or(0);
    let top = (tallest - 1).max(0) * row / 2;
    let mut bottom = 0.0_f64;
    for (l, layer) in layers.iter().enumerate() {
        let start = top - (rows(layer) - 1).max(0) * row / 2;
        for (i, &v) in layer.iter().filter(|&&v| v < n).enumerate() {
            let y = (start + i as i64 * row) as f64 * GRID;
            grid[v] = (l as f64 * LAYER_SPACING, y);
            bottom = bottom.max(y);
        }
    }
    // Nodes without edges: rows as wide as the layered part (at least four), below it.
    let per_row = layers.len().max(4);
    let first_row = if layers.is_empty() { 0.0 } else { bottom + 1.5 * ROW_SPACING };
    let first_row = snap(first_row);
    let isolated = (0..n).filter(|&v| !connected[v]);
    for (k, v) in isolated.enumerate() {
        let (r, c) = (k / per_row, k % per_row);
        grid[v] = (c as f64 * LAYER_SPACING, first_row + r as f64 * ROW_SPACING);
    }
    grid
}
