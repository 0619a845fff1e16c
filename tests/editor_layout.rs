//! Auto-layout: layers left to right, no overlaps, determinism, and graphs that are not DAGs.

use fanout::editor::layout::{layered, LAYER_SPACING, ROW_SPACING};
use fanout::editor::{snap, Action, Editor, GRID};
use fanout::scenario::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

type Positions = BTreeMap<NodeId, (f64, f64)>;

/// A scenario with nodes of the given kinds (all at the origin) and edges between them; an
/// edge's kind is the one the editor would give it, or `publish` when none fits (layout does
/// not look at kinds).
fn graph(nodes: &[(u32, NodeKindTag)], edges: &[(u32, u32)]) -> Scenario {
    let mut s = Scenario::empty();
    for &(id, tag) in nodes {
        s.nodes.push(Node::new(NodeId(id), format!("n{id}"), 0.0, 0.0, tag.default_kind()));
    }
    for (i, &(from, to)) in edges.iter().enumerate() {
        let tag = |id: u32| nodes.iter().find(|n| n.0 == id).map(|n| n.1);
        let kind = match (tag(from), tag(to)) {
            (Some(a), Some(b)) => edge_allowed(a, b).unwrap_or(EdgeKind::Publish),
            _ => EdgeKind::Publish,
        };
        let id = EdgeId(u32::try_from(i + 1).expect("small"));
        s.edges.push(Edge::new(id, NodeId(from), NodeId(to), kind));
    }
    s
}

fn positions(s: &Scenario) -> Positions {
    let out = layered(s);
    assert_eq!(out.len(), s.nodes.len(), "one position per node");
    for ((id, _, _), node) in out.iter().zip(&s.nodes) {
        assert_eq!(*id, node.id, "answers in the scenario's order");
    }
    out.into_iter().map(|(id, x, y)| (id, (x, y))).collect()
}

/// Two nodes either sit in different layers or at least a row apart; all on the grid.
fn assert_tidy(p: &Positions) {
    let all: Vec<_> = p.iter().collect();
    for (i, (a, (ax, ay))) in all.iter().enumerate() {
        assert!(ax.is_finite() && ay.is_finite(), "{a}");
        assert_eq!(snap(*ax), *ax, "{a} off the grid");
        assert_eq!(snap(*ay), *ay, "{a} off the grid");
        for (b, (bx, by)) in &all[i + 1..] {
            let apart = (ax - bx).abs() >= LAYER_SPACING || (ay - by).abs() >= ROW_SPACING;
            assert!(apart, "{a} at ({ax}, {ay}) overlaps {b} at ({bx}, {by})");
        }
    }
}

fn x(p: &Positions, id: u32) -> f64 {
    p[&NodeId(id)].0
}

fn y(p: &Positions, id: u32) -> f64 {
    p[&NodeId(id)].1
}

#[test]
fn checkout_fan_out_is_three_columns_with_the_groups_stacked() {
    use NodeKindTag::*;
    let s = graph(
        &[
            (1, Producer),
            (2, Topic),
            (3, ConsumerGroup),
            (4, ConsumerGroup),
            (5, Service),
            (6, ConsumerGroup),
            (7, ConsumerGroup),
        ],
        &[(1, 2), (2, 3), (2, 4), (2, 5), (2, 6), (2, 7)],
    );
    let p = positions(&s);
    assert_tidy(&p);
    let columns: std::collections::BTreeSet<i64> = p.values().map(|(x, _)| *x as i64).collect();
    assert_eq!(columns.len(), 3, "{p:?}");
    assert_eq!(x(&p, 2) - x(&p, 1), LAYER_SPACING);
    assert_eq!(x(&p, 3) - x(&p, 2), LAYER_SPACING);
    for g in 4..=7 {
        assert_eq!(x(&p, g), x(&p, 3), "groups share a column");
        assert_eq!(y(&p, g) - y(&p, g - 1), ROW_SPACING, "stacked in id order");
    }
    // The producer and the topic sit level with the middle group.
    assert_eq!(y(&p, 2), y(&p, 5));
    assert_eq!(y(&p, 1), y(&p, 5));
}

#[test]
fn default_scenario_lays_out_as_a_fan_out_and_survives_the_editor_snap() {
    let s = Scenario::default();
    let p = positions(&s);
    assert_tidy(&p);
    let columns: std::collections::BTreeSet<i64> = p.values().map(|(x, _)| *x as i64).collect();
    assert_eq!(columns.len(), 3);
    // Through the editor: AutoLayout snaps to the grid, which must change nothing.
    let mut editor = Editor::new(s);
    editor.apply(Action::AutoLayout);
    for n in &editor.scenario().nodes {
        assert_eq!((n.x, n.y), p[&n.id], "{}", n.id);
    }
}

#[test]
fn barycenter_ordering_removes_an_avoidable_crossing() {
    use NodeKindTag::*;
    // In id order, 1→4 and 2→3 cross; swapping one layer untangles them.
    let s = graph(&[(1, Producer), (2, Producer), (3, Topic), (4, Topic)], &[(1, 4), (2, 3)]);
    let p = positions(&s);
    assert_tidy(&p);
    assert_eq!(y(&p, 1) < y(&p, 2), y(&p, 4) < y(&p, 3), "{p:?}");
}

#[test]
fn a_feedback_loop_keeps_the_main_flow_left_to_right() {
    use NodeKindTag::*;
    // Producer → orders → Payment → payments → Refunds → back to orders.
    let s = graph(
        &[(1, Producer), (2, Topic), (3, Service), (4, Topic), (5, Service)],
        &[(1, 2), (2, 3), (3, 4), (4, 5), (5, 2)],
    );
    let p = positions(&s);
    assert_tidy(&p);
    for (a, b) in [(1, 2), (2, 3), (3, 4), (4, 5)] {
        assert!(x(&p, a) < x(&p, b), "{a} → {b}: {p:?}");
    }
}

#[test]
fn self_loops_dangling_edges_and_duplicate_ids_do_not_panic() {
    use NodeKindTag::*;
    let mut s = graph(
        &[(1, Service), (2, Topic), (3, Service)],
        &[(1, 1), (1, 2), (2, 3), (3, 2), (2, 99)],
    );
    s.nodes.push(Node::new(NodeId(3), "twin", 5.0, 5.0, Database.default_kind()));
    let out = layered(&s);
    assert_eq!(out.len(), 4);
    assert!(out.iter().all(|(_, x, y)| x.is_finite() && y.is_finite()));
}

#[test]
fn isolated_nodes_go_in_a_row_below() {
    use NodeKindTag::*;
    let s = graph(
        &[(1, Producer), (2, Topic), (3, ConsumerGroup), (10, Database), (11, Outbox), (12, Topic)],
        &[(1, 2), (2, 3)],
    );
    let p = positions(&s);
    assert_tidy(&p);
    let lowest_connected = [1, 2, 3].iter().map(|&id| y(&p, id)).fold(f64::MIN, f64::max);
    for id in [10, 11, 12] {
        assert!(y(&p, id) > lowest_connected, "{id}: {p:?}");
        assert_eq!(y(&p, id), y(&p, 10), "one row");
    }
    assert!(x(&p, 10) < x(&p, 11) && x(&p, 11) < x(&p, 12));
    // Only isolated nodes: a grid from the corner.
    let lonely = graph(&[(1, Database), (2, Database), (3, Database)], &[]);
    assert_tidy(&positions(&lonely));
}

#[test]
fn empty_scenario() {
    assert!(layered(&Scenario::empty()).is_empty());
}

#[test]
fn the_diagram_keeps_its_top_left_corner_and_a_second_layout_changes_nothing() {
    let mut s = Scenario::default();
    for n in &mut s.nodes {
        n.x += 1_000.0;
        n.y += 2_000.0;
    }
    let min_x = s.nodes.iter().map(|n| n.x).fold(f64::MAX, f64::min);
    let min_y = s.nodes.iter().map(|n| n.y).fold(f64::MAX, f64::min);
    let p = positions(&s);
    assert_eq!(p.values().map(|v| v.0).fold(f64::MAX, f64::min), snap(min_x));
    assert_eq!(p.values().map(|v| v.1).fold(f64::MAX, f64::min), snap(min_y));
    for n in &mut s.nodes {
        (n.x, n.y) = p[&n.id];
    }
    assert_eq!(positions(&s), p, "layout is idempotent");
}

#[test]
fn five_hundred_nodes_two_thousand_edges() {
    // A deterministic pseudo-random graph with long edges and cycles (LCG: no rand needed).
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |m: u64| {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    let nodes: Vec<(u32, NodeKindTag)> =
        (1..=500).map(|i| (i, NodeKindTag::ALL[(i % 8) as usize])).collect();
    let edges: Vec<(u32, u32)> =
        (0..2_000).map(|_| (next(500) as u32 + 1, next(500) as u32 + 1)).collect();
    let s = graph(&nodes, &edges);
    #[allow(clippy::disallowed_methods)] // Timing the test itself, not the engine.
    let started = std::time::Instant::now();
    let p = positions(&s);
    println!("500 nodes, 2,000 edges: laid out in {:?}", started.elapsed());
    assert_tidy(&p);
    // And a 500-node chain (deepest possible path) with a back edge.
    let chain: Vec<(u32, u32)> = (1..500).map(|i| (i, i + 1)).chain([(500, 1)]).collect();
    let p = positions(&graph(&nodes, &chain));
    assert_tidy(&p);
    assert!((1..500).all(|i| x(&p, i) < x(&p, i + 1)));
}

// ------------------------------------------------------------------------------------------
// Properties over random graphs
// ------------------------------------------------------------------------------------------

/// Node count, and edges as pairs of node indices.
fn random_graph(max_nodes: usize) -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (1..max_nodes).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..n * 3)))
}

fn build(n: usize, pairs: &[(usize, usize)], acyclic: bool) -> Scenario {
    let nodes: Vec<(u32, NodeKindTag)> =
        (0..n).map(|i| (3 * i as u32 + 2, NodeKindTag::ALL[i % 8])).collect();
    let edges: Vec<(u32, u32)> = pairs
        .iter()
        .filter(|(a, b)| !acyclic || a != b)
        .map(|&(a, b)| if acyclic { (a.min(b), a.max(b)) } else { (a, b) })
        .map(|(a, b)| (nodes[a].0, nodes[b].0))
        .collect();
    graph(&nodes, &edges)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn acyclic_edges_point_left_to_right((n, pairs) in random_graph(60)) {
        let s = build(n, &pairs, true);
        let p = positions(&s);
        assert_tidy(&p);
        for e in &s.edges {
            prop_assert!(p[&e.to].0 > p[&e.from].0, "{} → {}: {:?}", e.from, e.to, p);
        }
    }

    #[test]
    fn any_graph_lays_out_tidily((n, pairs) in random_graph(60)) {
        let s = build(n, &pairs, false);
        assert_tidy(&positions(&s));
    }

    /// Same graph, same layout: twice in a row, and whatever order the nodes and edges are
    /// listed in.
    #[test]
    fn deterministic((n, pairs) in random_graph(40)) {
        let s = build(n, &pairs, false);
        let first = positions(&s);
        prop_assert_eq!(&positions(&s), &first);
        let mut shuffled = s.clone();
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        shuffled.nodes.rotate_left(n / 3);
        prop_assert_eq!(&positions(&shuffled), &first);
    }
}

#[test]
fn coordinates_are_whole_grid_steps() {
    assert_eq!(LAYER_SPACING % GRID, 0.0);
    assert_eq!(ROW_SPACING % GRID, 0.0);
}
