//! The gallery's diagrams read as a person expects: no node on top of another, no edge drawn
//! through a node, flows left to right (only the edges that close a loop run backwards), calls
//! laid out in the order they are made, and every name shown whole. Geometry and labels come
//! from `editor::geometry`, the module the canvas draws with.

use fanout::editor::geometry::{
    edge_curve, name_label, name_width_13px, node_box, point_at, NameLabel, NAME_MAX_W,
};
use fanout::editor::viewport::Viewport;
use fanout::scenario::{gallery, EdgeKind, NodeId, Scenario};
use std::collections::BTreeSet;

/// Least gap between two node boxes, in world units: closer than this they read as one block.
const MIN_GAP: f64 = 16.0;
/// How far an edge must stay from a box it does not connect, in world units.
const EDGE_CLEARANCE: f64 = 6.0;
/// Points sampled along each edge curve.
const SAMPLES: usize = 400;

fn lessons() -> Vec<(&'static str, Scenario)> {
    gallery::all().into_iter().map(|e| (e.slug, e.scenario)).collect()
}

/// Fails with every problem found, one per line.
fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_nodes_overlap() {
    let mut problems = Vec::new();
    for (slug, s) in lessons() {
        for (i, a) in s.nodes.iter().enumerate() {
            for b in &s.nodes[i + 1..] {
                let half = MIN_GAP / 2.0;
                if node_box(a).inflate(half).overlaps(&node_box(b).inflate(half)) {
                    problems.push(format!(
                        "{slug}: {:?} and {:?} overlap or stand closer than {MIN_GAP}",
                        a.name, b.name
                    ));
                }
            }
        }
    }
    assert_none(problems);
}

#[test]
fn no_edge_passes_through_a_node() {
    let mut problems = Vec::new();
    for (slug, s) in lessons() {
        for e in &s.edges {
            let (Some(from), Some(to)) = (s.node(e.from), s.node(e.to)) else {
                problems.push(format!("{slug}: edge {:?} has a missing end", e.id));
                continue;
            };
            let c = edge_curve(from, to);
            for n in &s.nodes {
                let own = n.id == e.from || n.id == e.to;
                // An edge's own ends: it may touch them only where it leaves and arrives.
                let (rect, range) = if own {
                    (node_box(n), 0.03..=0.97)
                } else {
                    (node_box(n).inflate(EDGE_CLEARANCE), 0.0..=1.0)
                };
                let hit = (0..=SAMPLES)
                    .map(|k| k as f64 / SAMPLES as f64)
                    .filter(|t| range.contains(t))
                    .map(|t| point_at(&c, t))
                    .find(|p| rect.contains(*p));
                if let Some((x, y)) = hit {
                    problems.push(format!(
                        "{slug}: the edge {:?} → {:?} passes through {:?} at ({x:.0}, {y:.0})",
                        from.name, to.name, n.name
                    ));
                }
            }
        }
    }
    assert_none(problems);
}

/// Whether `to` can reach `from` along the scenario's edges (then `from → to` closes a loop).
fn closes_a_loop(s: &Scenario, from: NodeId, to: NodeId) -> bool {
    let mut seen = BTreeSet::from([to]);
    let mut stack = vec![to];
    while let Some(n) = stack.pop() {
        if n == from {
            return true;
        }
        for e in s.edges.iter().filter(|e| e.from == n) {
            if seen.insert(e.to) {
                stack.push(e.to);
            }
        }
    }
    false
}

#[test]
fn flows_read_left_to_right() {
    let mut problems = Vec::new();
    for (slug, s) in lessons() {
        for e in &s.edges {
            let (Some(from), Some(to)) = (s.node(e.from), s.node(e.to)) else { continue };
            if to.x <= from.x && !closes_a_loop(&s, e.from, e.to) {
                problems.push(format!(
                    "{slug}: {:?} → {:?} runs right to left without closing a loop",
                    from.name, to.name
                ));
            }
        }
    }
    assert_none(problems);
}

/// A caller makes its calls one after the other, in the order of its call edges: the callees
/// stand left to right in that order, so the chain reads as it runs.
#[test]
fn calls_stand_in_the_order_they_are_made() {
    let mut problems = Vec::new();
    for (slug, s) in lessons() {
        for caller in &s.nodes {
            let xs: Vec<f64> = s
                .edges
                .iter()
                .filter(|e| e.from == caller.id && e.kind == EdgeKind::Call)
                .filter_map(|e| s.node(e.to).map(|n| n.x))
                .collect();
            if !xs.windows(2).all(|w| w[0] < w[1]) {
                problems.push(format!(
                    "{slug}: the calls of {:?} do not stand left to right in call order: {xs:?}",
                    caller.name
                ));
            }
        }
    }
    assert_none(problems);
}

/// What a node's name looks like on the canvas, its lines joined by a space.
fn shown(name: &str) -> String {
    name_label(name).lines.join(" ")
}

#[test]
fn every_gallery_name_is_shown_whole() {
    for (slug, s) in lessons() {
        for n in &s.nodes {
            let label = name_label(&n.name);
            assert_eq!(shown(&n.name), n.name, "{slug}: {:?} is cut on the canvas", n.name);
            assert!((1..=2).contains(&label.lines.len()));
            for line in &label.lines {
                let w = name_width_13px(line) * label.font_px / 13.0;
                assert!(w <= NAME_MAX_W, "{slug}: {line:?} is {w:.0} wide at {} px", label.font_px);
            }
        }
    }
}

#[test]
fn names_that_differ_at_the_end_stay_different() {
    let pairs = [
        ("Ledger (no key)", "Ledger (keyed)"),
        ("Balance (no idempotency)", "Balance (idempotency key)"),
        ("Reporting (short retention)", "Reporting (long retention)"),
        ("CRM sync (v1 reader, breaking)", "CRM sync (v1 reader, additive)"),
        // Longer than two lines: the middle gives way, never the end.
        (
            "Order confirmation service for the EU region (primary)",
            "Order confirmation service for the EU region (standby)",
        ),
        ("Averyveryverylongsinglewordname-1", "Averyveryverylongsinglewordname-2"),
    ];
    for (a, b) in pairs {
        let (la, lb) = (name_label(a), name_label(b));
        assert_ne!(la.lines, lb.lines, "{a:?} and {b:?} look the same");
        for (name, label) in [(a, la), (b, lb)] {
            let last = label.lines.last().expect("a line");
            let tail: String = name.chars().skip(name.chars().count() - 4).collect();
            assert!(last.ends_with(&tail), "{name:?} lost its end: {:?}", label.lines);
            for line in &label.lines {
                assert!(name_width_13px(line) * label.font_px / 13.0 <= NAME_MAX_W, "{line:?}");
            }
        }
    }
    // Short names stay on one line at full size; a break falls between words.
    assert_eq!(name_label("Payment"), NameLabel { lines: vec!["Payment".into()], font_px: 13.0 });
    assert_eq!(name_label("Balances (no key)").lines, ["Balances", "(no key)"]);
    assert_eq!(name_label("Reporting (short retention)").lines, ["Reporting (short", "retention)"]);
}

/// "Fit view" shows every lesson whole, its looping edges included (they reach below or above
/// the nodes they join), on a canvas the size of the playground's at 1280 × 800.
#[test]
fn fit_view_shows_every_edge() {
    let (w, h) = (680.0, 500.0);
    for (slug, s) in lessons() {
        let v = Viewport::fit(&s, w, h);
        for e in &s.edges {
            let (Some(from), Some(to)) = (s.node(e.from), s.node(e.to)) else { continue };
            let c = edge_curve(from, to);
            for k in 0..=SAMPLES {
                let (x, y) = point_at(&c, k as f64 / SAMPLES as f64);
                let (sx, sy) = v.to_screen(x, y);
                assert!(
                    (0.0..=w).contains(&sx) && (0.0..=h).contains(&sy),
                    "{slug}: the edge {:?} → {:?} leaves the fitted view at ({sx:.0}, {sy:.0})",
                    from.name,
                    to.name
                );
            }
        }
    }
}

/// An edge drawn backwards loops under its nodes; "fit view" makes room for the loop, not only
/// for the nodes (a wide, low canvas would otherwise cut it off).
#[test]
fn fit_view_makes_room_for_a_loop() {
    use fanout::scenario::{Edge, EdgeId, Node, NodeKindTag};
    let mut s = Scenario::empty();
    let topic = NodeKindTag::Topic.default_kind();
    s.nodes.push(Node::new(
        NodeId(1),
        "producer",
        1000.0,
        0.0,
        NodeKindTag::Producer.default_kind(),
    ));
    s.nodes.push(Node::new(NodeId(2), "topic", 0.0, 0.0, topic));
    s.edges.push(Edge::new(EdgeId(1), NodeId(1), NodeId(2), EdgeKind::Publish));
    let (w, h) = (1200.0, 200.0);
    let v = Viewport::fit(&s, w, h);
    let c = edge_curve(&s.nodes[0], &s.nodes[1]);
    let lowest =
        (0..=SAMPLES).map(|k| point_at(&c, k as f64 / SAMPLES as f64).1).fold(f64::MIN, f64::max);
    assert!(lowest > 100.0, "the loop runs well under the nodes: {lowest}");
    let (_, sy) = v.to_screen(0.0, lowest);
    assert!(sy <= h, "the loop's lowest point is in view: {sy} of {h}");
}

/// An embed asks its page for the height at which the graph fills the frame's width: at that
/// height the fitted view is limited by the width alone (a taller frame would not show the graph
/// any larger, a shorter one would shrink it) and every node is in view.
#[test]
fn an_embed_asks_for_the_height_that_fits_its_width() {
    use fanout::editor::viewport::{fit_height, MIN_LEGIBLE_ZOOM, MIN_ZOOM};
    for width in [360.0, 700.0, 1000.0] {
        for (slug, s) in lessons() {
            let h = fit_height(&s, width);
            assert!(h > 0.0 && h.is_finite(), "{slug} at {width}: {h}");
            let at = Viewport::fit(&s, width, h);
            let taller = Viewport::fit(&s, width, h * 2.0);
            assert!(
                (at.zoom - taller.zoom).abs() < 1e-9,
                "{slug} at {width}: a taller frame shows it larger ({} vs {})",
                at.zoom,
                taller.zoom
            );
            let shorter = Viewport::fit(&s, width, h * 0.8);
            assert!(
                shorter.zoom < at.zoom || at.zoom <= MIN_LEGIBLE_ZOOM.max(MIN_ZOOM) + 1e-9,
                "{slug} at {width}: a shorter frame would not shrink it"
            );
            for n in &s.nodes {
                let (_, sy) = at.to_screen(n.x, n.y);
                assert!((0.0..=h).contains(&sy), "{slug} at {width}: {:?} out of view", n.name);
            }
        }
    }
    assert_eq!(fit_height(&Scenario::empty(), 700.0), 0.0);
}
