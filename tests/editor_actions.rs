//! The editor's reducer: one test (at least) per action, through `Editor::apply` only.

use fanout::editor::placement::free_spot;
use fanout::editor::{connect_targets, Action, Editor, Outcome, GRID, NODE_H, NODE_W};
use fanout::scenario::{EdgeKind, NodeId, NodeKind, NodeKindTag, Scenario, TopicConfig};

fn empty() -> Editor {
    Editor::new(Scenario::empty())
}

fn add(ed: &mut Editor, kind: NodeKindTag, x: f64, y: f64) -> NodeId {
    assert_eq!(ed.apply(Action::AddNode { kind, x, y }), Outcome::Edited);
    ed.selection().single_node().expect("the new node is selected")
}

#[test]
fn add_node_snaps_names_and_selects() {
    let mut ed = empty();
    let a = add(&mut ed, NodeKindTag::Topic, 13.0, 37.0);
    let b = add(&mut ed, NodeKindTag::Topic, 100.0, 0.0);
    let s = ed.scenario();
    let na = s.node(a).expect("a");
    assert_eq!((na.x, na.y), (GRID * 1.0, GRID * 2.0));
    assert_eq!(na.name, "Topic");
    assert_eq!(s.node(b).expect("b").name, "Topic 2");
    assert_ne!(a, b);
    assert!(matches!(na.kind, NodeKind::Topic(_)));
}

#[test]
fn every_kind_can_be_added() {
    let mut ed = empty();
    for kind in NodeKindTag::ALL {
        let id = add(&mut ed, kind, 0.0, 0.0);
        assert_eq!(ed.scenario().node(id).expect("node").kind.tag(), kind);
    }
    assert_eq!(ed.scenario().nodes.len(), NodeKindTag::ALL.len());
}

#[test]
fn connect_valid_and_refuse_invalid_with_reason() {
    let mut ed = empty();
    let p = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let t = add(&mut ed, NodeKindTag::Topic, 240.0, 0.0);
    let g1 = add(&mut ed, NodeKindTag::ConsumerGroup, 480.0, 0.0);
    let g2 = add(&mut ed, NodeKindTag::ConsumerGroup, 480.0, 120.0);
    assert_eq!(ed.apply(Action::Connect { from: p, to: t }), Outcome::Edited);
    assert_eq!(ed.apply(Action::Connect { from: t, to: g1 }), Outcome::Edited);
    assert_eq!(ed.apply(Action::Connect { from: t, to: g2 }), Outcome::Edited);
    let kinds: Vec<EdgeKind> = ed.scenario().edges.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EdgeKind::Publish, EdgeKind::Subscribe, EdgeKind::Subscribe]);

    let before = ed.scenario().clone();
    for (from, to) in [(t, p), (p, p), (p, t), (g1, g2)] {
        match ed.apply(Action::Connect { from, to }) {
            Outcome::Refused(reason) => {
                assert!(!reason.is_empty() && reason.ends_with('.'), "{reason}")
            }
            other => panic!("{from:?}->{to:?} should be refused, got {other:?}"),
        }
    }
    assert_eq!(*ed.scenario(), before, "a refused connection changes nothing");
}

#[test]
fn connect_targets_are_exactly_the_connections_the_editor_accepts() {
    // One node of every kind, some already connected: the keyboard's "Connect to…" list must
    // name exactly the nodes a Connect action (what a drag-to-connect sends) accepts.
    let mut ed = empty();
    let ids: Vec<NodeId> =
        NodeKindTag::ALL.into_iter().map(|k| add(&mut ed, k, 0.0, 0.0)).collect();
    assert_eq!(ed.apply(Action::Connect { from: ids[0], to: ids[1] }), Outcome::Edited);
    for &from in &ids {
        let listed = connect_targets(ed.scenario(), from);
        let accepted: Vec<NodeId> = ids
            .iter()
            .copied()
            .filter(|&to| {
                let mut trial = ed.clone();
                trial.apply(Action::Connect { from, to }) == Outcome::Edited
            })
            .collect();
        assert_eq!(listed, accepted, "targets of {from:?}");
    }
    assert!(!connect_targets(ed.scenario(), ids[0]).contains(&ids[1]), "already connected");
}

#[test]
fn nodes_added_at_one_point_get_free_spots_without_overlap() {
    let mut ed = empty();
    let mut placed = Vec::new();
    for kind in NodeKindTag::ALL.into_iter().chain(NodeKindTag::ALL) {
        let (x, y) = free_spot(ed.scenario(), 100.0, 50.0);
        placed.push(add(&mut ed, kind, x, y));
    }
    let s = ed.scenario();
    let first = s.node(placed[0]).expect("first");
    assert_eq!((first.x, first.y), (96.0, 48.0), "the first goes at the (snapped) centre");
    for a in &s.nodes {
        for b in s.nodes.iter().filter(|b| b.id != a.id) {
            let apart = (a.x - b.x).abs() >= NODE_W + GRID || (a.y - b.y).abs() >= NODE_H + GRID;
            assert!(apart, "{} at {},{} overlaps {} at {},{}", a.name, a.x, a.y, b.name, b.x, b.y);
        }
    }
    // They gather around the centre rather than running off in a line.
    assert!(s.nodes.iter().all(|n| (n.x - 96.0).abs() <= 2.0 * 9.0 * GRID));
}

#[test]
fn move_is_one_undo_step_and_snaps() {
    let mut ed = empty();
    let a = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let b = add(&mut ed, NodeKindTag::Topic, 240.0, 0.0);
    let rev = ed.revision();
    ed.apply(Action::MoveNodes { ids: vec![a, b], dx: 50.0, dy: 11.0 });
    assert_eq!(ed.revision(), rev + 1);
    let s = ed.scenario();
    assert_eq!((s.node(a).expect("a").x, s.node(a).expect("a").y), (48.0, 0.0));
    assert_eq!(s.node(b).expect("b").x, 288.0);
    ed.apply(Action::Undo);
    assert_eq!(ed.scenario().node(a).expect("a").x, 0.0);
    assert_eq!(ed.scenario().node(b).expect("b").x, 240.0);
    assert_eq!(ed.apply(Action::MoveNodes { ids: vec![a], dx: 0.0, dy: 0.0 }), Outcome::Unchanged);
}

#[test]
fn undo_redo_walk_history_and_new_edit_drops_redo() {
    let mut ed = empty();
    add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    add(&mut ed, NodeKindTag::Topic, 200.0, 0.0);
    assert!(ed.can_undo() && !ed.can_redo());
    assert_eq!(ed.apply(Action::Undo), Outcome::Edited);
    assert_eq!(ed.scenario().nodes.len(), 1);
    assert_eq!(ed.apply(Action::Redo), Outcome::Edited);
    assert_eq!(ed.scenario().nodes.len(), 2);
    ed.apply(Action::Undo);
    ed.apply(Action::Undo);
    assert_eq!(ed.scenario().nodes.len(), 0);
    assert_eq!(ed.apply(Action::Undo), Outcome::Unchanged);
    ed.apply(Action::Redo);
    add(&mut ed, NodeKindTag::Database, 0.0, 0.0);
    assert!(!ed.can_redo(), "a new edit forgets the redo stack");
}

#[test]
fn delete_removes_selection_with_edges_and_is_undoable() {
    let mut ed = empty();
    let p = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let t = add(&mut ed, NodeKindTag::Topic, 240.0, 0.0);
    let g = add(&mut ed, NodeKindTag::ConsumerGroup, 480.0, 0.0);
    ed.apply(Action::Connect { from: p, to: t });
    ed.apply(Action::Connect { from: t, to: g });
    ed.apply(Action::SelectNode { id: t, additive: false });
    assert_eq!(ed.apply(Action::DeleteSelection), Outcome::Edited);
    assert_eq!(ed.scenario().nodes.len(), 2);
    assert!(ed.scenario().edges.is_empty(), "edges of a deleted node go with it");
    assert!(ed.selection().is_empty());
    ed.apply(Action::Undo);
    assert_eq!(ed.scenario().edges.len(), 2);
    // Deleting an edge alone keeps its nodes.
    let e = ed.scenario().edges[0].id;
    ed.apply(Action::SelectEdge { id: e, additive: false });
    ed.apply(Action::DeleteSelection);
    assert_eq!(ed.scenario().nodes.len(), 3);
    assert_eq!(ed.scenario().edges.len(), 1);
}

#[test]
fn duplicate_copies_nodes_and_inner_edges() {
    let mut ed = empty();
    let p = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let t = add(&mut ed, NodeKindTag::Topic, 240.0, 0.0);
    let g = add(&mut ed, NodeKindTag::ConsumerGroup, 480.0, 0.0);
    ed.apply(Action::Connect { from: p, to: t });
    ed.apply(Action::Connect { from: t, to: g });
    ed.apply(Action::SelectNode { id: p, additive: false });
    ed.apply(Action::SelectNode { id: t, additive: true });
    assert_eq!(ed.apply(Action::DuplicateSelection), Outcome::Edited);
    let s = ed.scenario();
    assert_eq!(s.nodes.len(), 5);
    assert_eq!(s.edges.len(), 3, "only the edge between two copied nodes is copied");
    assert_eq!(ed.selection().nodes.len(), 2, "the copies are selected");
    assert!(!ed.selection().nodes.contains(&p));
    let names: Vec<&str> = s.nodes.iter().map(|n| n.name.as_str()).collect();
    assert!(names.contains(&"Producer 2") && names.contains(&"Topic 2"), "{names:?}");

    // A copy of a node whose name is at the limit still fits the limit.
    let long = "n".repeat(fanout::scenario::limits::MAX_NAME_LEN);
    ed.apply(Action::Rename { id: p, name: long.clone() });
    ed.apply(Action::SelectNode { id: p, additive: false });
    ed.apply(Action::DuplicateSelection);
    let copy = ed.selection().single_node().expect("the copy is selected");
    let name = &ed.scenario().node(copy).expect("copy").name;
    assert!(name.chars().count() <= long.len() && name.ends_with(" 2"), "{name}");
    assert!(ed.scenario().validate().iter().all(|p| p.field != "name"), "the copy's name is valid");
}

#[test]
fn rename_trims_refuses_empty_and_keeps_markup_as_text() {
    let mut ed = empty();
    let a = add(&mut ed, NodeKindTag::Service, 0.0, 0.0);
    assert_eq!(ed.apply(Action::Rename { id: a, name: "  Payment ".into() }), Outcome::Edited);
    assert_eq!(ed.scenario().node(a).expect("a").name, "Payment");
    assert!(matches!(ed.apply(Action::Rename { id: a, name: "   ".into() }), Outcome::Refused(_)));
    let hostile = "<img src=x onerror=alert(1)>";
    ed.apply(Action::Rename { id: a, name: hostile.into() });
    assert_eq!(ed.scenario().node(a).expect("a").name, hostile);
    let long = "x".repeat(500);
    assert!(matches!(ed.apply(Action::Rename { id: a, name: long }), Outcome::Refused(_)));
}

#[test]
fn update_node_and_edge_settings() {
    let mut ed = empty();
    let p = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let t = add(&mut ed, NodeKindTag::Topic, 240.0, 0.0);
    let kind = NodeKind::Topic(TopicConfig { partitions: 6, ..TopicConfig::default() });
    assert_eq!(ed.apply(Action::UpdateNode { id: t, kind: kind.clone() }), Outcome::Edited);
    assert_eq!(ed.scenario().node(t).expect("t").kind, kind);
    // A node keeps its kind.
    let wrong = NodeKindTag::Database.default_kind();
    assert!(matches!(ed.apply(Action::UpdateNode { id: t, kind: wrong }), Outcome::Refused(_)));

    ed.apply(Action::Connect { from: p, to: t });
    let mut edge = ed.scenario().edges[0].clone();
    edge.network.delay_us = 5_000;
    assert_eq!(ed.apply(Action::UpdateEdge(edge.clone())), Outcome::Edited);
    assert_eq!(ed.scenario().edges[0].network.delay_us, 5_000);
    edge.to = p;
    assert!(matches!(ed.apply(Action::UpdateEdge(edge)), Outcome::Refused(_)));
}

#[test]
fn title_notes_seed_and_load() {
    let mut ed = empty();
    ed.apply(Action::SetTitle("  Checkout  ".into()));
    ed.apply(Action::SetNotes("Why fan-out helps".into()));
    ed.apply(Action::SetSeed(42));
    let s = ed.scenario();
    assert_eq!((s.title.as_str(), s.notes.as_str(), s.seed), ("Checkout", "Why fan-out helps", 42));
    assert_eq!(ed.apply(Action::SetDuration(Some(3600.0))), Outcome::Edited);
    assert_eq!(ed.scenario().duration_s, Some(3600.0));
    for bad in [0.0, -1.0, f64::NAN, 1e12] {
        assert!(matches!(ed.apply(Action::SetDuration(Some(bad))), Outcome::Refused(_)), "{bad}");
    }
    assert_eq!(ed.scenario().duration_s, Some(3600.0));
    assert_eq!(ed.apply(Action::Load(Scenario::default())), Outcome::Edited);
    assert_eq!(**ed.scenario(), Scenario::default());
    ed.apply(Action::Undo);
    assert_eq!(ed.scenario().title, "Checkout", "loading a scenario is undoable");
}

#[test]
fn selection_actions_do_not_touch_history() {
    let mut ed = empty();
    let a = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    let b = add(&mut ed, NodeKindTag::Topic, 480.0, 0.0);
    let rev = ed.revision();
    assert_eq!(ed.apply(Action::SelectAll), Outcome::Selected);
    assert_eq!(ed.selection().nodes.len(), 2);
    assert_eq!(ed.apply(Action::ClearSelection), Outcome::Selected);
    assert_eq!(ed.apply(Action::ClearSelection), Outcome::Unchanged);
    ed.apply(Action::SelectNode { id: a, additive: false });
    ed.apply(Action::SelectNode { id: b, additive: true });
    assert_eq!(ed.selection().nodes.len(), 2);
    ed.apply(Action::SelectNode { id: a, additive: true });
    assert_eq!(ed.selection().single_node(), Some(b), "shift-click toggles");
    // Box selection around the first node only.
    ed.apply(Action::SelectInRect { x0: -100.0, y0: -50.0, x1: 100.0, y1: 50.0, additive: false });
    assert_eq!(ed.selection().single_node(), Some(a));
    assert_eq!(ed.revision(), rev, "selection is not an edit");
}

#[test]
fn undo_drops_selection_of_nodes_that_no_longer_exist() {
    let mut ed = empty();
    let a = add(&mut ed, NodeKindTag::Producer, 0.0, 0.0);
    assert_eq!(ed.selection().single_node(), Some(a));
    ed.apply(Action::Undo);
    assert!(ed.selection().is_empty());
}

#[test]
fn auto_layout_is_an_undoable_edit() {
    let mut ed = Editor::new(Scenario::default());
    let before = ed.scenario().clone();
    ed.apply(Action::AutoLayout);
    ed.apply(Action::Undo);
    assert_eq!(*ed.scenario(), before);
}

mod viewport {
    use fanout::editor::viewport::{
        Viewport, MAX_ZOOM, MIN_LEGIBLE_TEXT_PX, MIN_LEGIBLE_ZOOM, MIN_ZOOM, NODE_NAME_PX,
    };
    use fanout::editor::NODE_W;
    use fanout::scenario::Scenario;

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let v = Viewport { offset_x: 30.0, offset_y: -20.0, zoom: 1.0 };
        let before = v.to_world(400.0, 300.0);
        let z = v.zoomed_at(1.5, 400.0, 300.0);
        let after = z.to_world(400.0, 300.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(v.zoomed_at(1000.0, 0.0, 0.0).zoom, MAX_ZOOM);
        assert_eq!(v.zoomed_at(0.0001, 0.0, 0.0).zoom, MIN_ZOOM);
        assert_eq!(v.zoomed_at(f64::NAN, 0.0, 0.0), v);
    }

    #[test]
    fn fit_shows_every_node() {
        let s = Scenario::default();
        let v = Viewport::fit(&s, 1000.0, 600.0);
        for n in &s.nodes {
            let (x, y) = v.to_screen(n.x, n.y);
            assert!((0.0..=1000.0).contains(&x) && (0.0..=600.0).contains(&y), "{n:?} at {x},{y}");
        }
        assert!(v.zoom <= 1.0);
    }

    #[test]
    fn revealing_pans_just_enough_to_show_a_box() {
        let v = Viewport { offset_x: 0.0, offset_y: 0.0, zoom: 1.0 };
        assert_eq!(v.revealing((100.0, 100.0), (200.0, 150.0), (400.0, 300.0)), v, "in view");
        let r = v.revealing((500.0, 100.0), (600.0, 150.0), (400.0, 300.0));
        assert_eq!(r.to_screen(600.0, 150.0), (384.0, 150.0), "right edge 16 px inside");
        let l = v.revealing((-80.0, -40.0), (20.0, 10.0), (400.0, 300.0));
        assert_eq!(l.to_screen(-80.0, -40.0), (16.0, 16.0), "top-left corner 16 px inside");
        let big = v.revealing((0.0, 0.0), (1000.0, 10.0), (400.0, 300.0));
        assert_eq!(big.to_screen(0.0, 0.0).0, 16.0, "too wide: its left edge shows");
    }

    #[test]
    fn fit_on_a_phone_keeps_names_legible_and_frames_the_start_of_the_flow() {
        let s = Scenario::default();
        // The canvas of a 390 × 844 phone; a wide one fits the same graph smaller.
        let (w, h) = (390.0, 420.0);
        let v = Viewport::fit(&s, w, h);
        assert!(v.zoom >= MIN_LEGIBLE_ZOOM, "zoom {}", v.zoom);
        assert!(v.zoom * NODE_NAME_PX >= MIN_LEGIBLE_TEXT_PX - 1e-9);
        assert!(Viewport::fit(&s, 700.0, 500.0).zoom < v.zoom);
        // The leftmost node (where the flow starts) is whole on screen.
        let first = s.nodes.iter().min_by(|a, b| a.x.total_cmp(&b.x)).expect("a node");
        let (x, y) = v.to_screen(first.x - NODE_W / 2.0, first.y);
        assert!((0.0..w / 2.0).contains(&x) && (0.0..h).contains(&y), "{x},{y}");
        // A graph that fits at a legible zoom is centred as before.
        let small = Scenario { nodes: s.nodes[..1].to_vec(), edges: vec![], ..s.clone() };
        let c = Viewport::fit(&small, w, h);
        let (cx, _) = c.to_screen(small.nodes[0].x, small.nodes[0].y);
        assert!((cx - w / 2.0).abs() < 1.0);
    }
}

/// Scheduled faults (issue 12): added, moved, resized, edited and deleted as undoable edits;
/// a fault validation finds wrong is refused with its reason, and nothing changes.
#[test]
fn faults_are_added_updated_and_deleted_undoably() {
    use fanout::scenario::{Fault, FaultKind};
    let mut ed = empty();
    let group = add(&mut ed, NodeKindTag::ConsumerGroup, 0.0, 0.0);
    let topic = add(&mut ed, NodeKindTag::Topic, 0.0, 0.0);
    let node = ed.scenario().node(group).expect("group").clone();
    let crash = Fault::new_on(&node, FaultKind::Crash, 12.0);
    assert_eq!(crash.duration_s, 5.0, "a new crash restarts after the group's restart time");
    assert_eq!(ed.apply(Action::AddFault(crash.clone())), Outcome::Edited);
    let moved = Fault { at_s: 20.5, duration_s: 3.0, ..crash.clone() };
    assert_eq!(ed.apply(Action::UpdateFault { index: 0, fault: moved.clone() }), Outcome::Edited);
    assert_eq!(ed.scenario().faults, vec![moved.clone()]);
    let refusals = [
        (Fault { node: topic, ..crash.clone() }, "cannot hit a topic"),
        (Fault { at_s: 1e9, ..crash.clone() }, "Its time is"),
        (Fault { kind: FaultKind::SlowDown, factor: 0.5, ..crash.clone() }, "Its factor"),
        (Fault { instance: Some(3), ..crash.clone() }, "Its instance"),
        (Fault { node: NodeId(99), ..crash.clone() }, "does not exist"),
    ];
    for (fault, why) in refusals {
        match ed.apply(Action::UpdateFault { index: 0, fault }) {
            Outcome::Refused(reason) => assert!(reason.contains(why), "{reason}"),
            other => panic!("{why}: {other:?}"),
        }
        assert_eq!(ed.scenario().faults, vec![moved.clone()]);
    }
    assert!(matches!(
        ed.apply(Action::UpdateFault { index: 5, fault: crash.clone() }),
        Outcome::Refused(_)
    ));
    assert_eq!(ed.apply(Action::DeleteFault(0)), Outcome::Edited);
    assert!(ed.scenario().faults.is_empty());
    assert_eq!(ed.apply(Action::Undo), Outcome::Edited);
    assert_eq!(ed.scenario().faults, vec![moved]);
    assert_eq!(ed.apply(Action::Undo), Outcome::Edited);
    assert_eq!(ed.scenario().faults, vec![crash]);
    assert_eq!(ed.apply(Action::Undo), Outcome::Edited);
    assert!(ed.scenario().faults.is_empty());
}
