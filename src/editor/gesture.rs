//! Pointer gestures on the canvas as a pure state machine: idle → pressing → panning /
//! dragging / connecting / boxing → idle. The canvas reads a DOM event into a [`Press`] or a
//! position, feeds it here, and carries out the [`Effect`] that comes back; only the end of a
//! gesture becomes an editor [`Action`], so a drag is one undo step.
//!
//! Pure Rust, so every transition is tested natively (see the tests below); the component in
//! `ui::canvas` holds no gesture logic of its own.

use std::collections::BTreeSet;

use super::{viewport::Viewport, Action};
use crate::scenario::{EdgeId, NodeId};

/// Pointer travel, in screen pixels, past which a press becomes a drag.
pub const DRAG_THRESHOLD_PX: f64 = 3.0;

/// What is under the pointer where it was pressed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    /// Empty canvas.
    Background,
    /// A node's body.
    Node(NodeId),
    /// A node's output port: dragging from it draws a new edge.
    OutPort(NodeId),
    /// An edge.
    Edge(EdgeId),
}

/// A pointer press as the canvas reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Press {
    pub hit: Hit,
    /// Where, relative to the canvas's top-left corner, in pixels.
    pub screen: (f64, f64),
    /// Shift: add to the selection, or draw a selection box on the empty canvas.
    pub additive: bool,
    /// Space held or the middle button: the press pans whatever is under it.
    pub pan: bool,
}

/// What a press started on, while it has not moved far enough to mean anything.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    Background,
    Node(NodeId),
}

/// The gesture in progress. Positions are world coordinates unless named `screen`.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed, not moved far enough to mean anything yet.
    Pressing { target: Target, screen: (f64, f64) },
    /// Dragging the view.
    Panning { last_screen: (f64, f64) },
    /// Dragging nodes: `delta` is the offset drawn until the drop commits it.
    Dragging { ids: Vec<NodeId>, start: (f64, f64), delta: (f64, f64) },
    /// Dragging a new edge from a node's output port.
    Connecting { from: NodeId, at: (f64, f64) },
    /// Drawing a selection box (Shift + drag on empty canvas).
    Boxing { start: (f64, f64), at: (f64, f64), additive: bool },
}

/// What a pointer event asks of the world outside the machine.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Nothing to do (beyond drawing the new gesture).
    None,
    /// An editor action: a selection on press, or the end of a drag, a connection or a box.
    Edit(Action),
    /// Move the view by this many screen pixels.
    Pan { dx: f64, dy: f64 },
    /// A click on the empty canvas at this world point: trace the event whose dot is there,
    /// else clear the selection (the run, not the editor, knows where the dots are).
    Click { world: (f64, f64) },
}

impl Gesture {
    /// The gesture a press starts, and the selection change it makes at once (a press on an
    /// unselected node selects it, so that dragging it moves it alone).
    pub fn press(p: Press, vp: &Viewport, selected: &BTreeSet<NodeId>) -> (Gesture, Effect) {
        let world = vp.to_world(p.screen.0, p.screen.1);
        if p.pan {
            return (Gesture::Panning { last_screen: p.screen }, Effect::None);
        }
        match p.hit {
            Hit::OutPort(from) => (Gesture::Connecting { from, at: world }, Effect::None),
            Hit::Node(id) => {
                let select = if p.additive || !selected.contains(&id) {
                    Effect::Edit(Action::SelectNode { id, additive: p.additive })
                } else {
                    Effect::None
                };
                (Gesture::Pressing { target: Target::Node(id), screen: p.screen }, select)
            }
            Hit::Edge(id) => {
                (Gesture::Idle, Effect::Edit(Action::SelectEdge { id, additive: p.additive }))
            }
            Hit::Background if p.additive => {
                (Gesture::Boxing { start: world, at: world, additive: true }, Effect::None)
            }
            Hit::Background => {
                (Gesture::Pressing { target: Target::Background, screen: p.screen }, Effect::None)
            }
        }
    }

    /// The pointer moved to `screen`. `selected` is the selection now (after the press's own
    /// change): dragging a selected node moves the whole selection.
    pub fn moved(
        self,
        screen: (f64, f64),
        vp: &Viewport,
        selected: &BTreeSet<NodeId>,
    ) -> (Gesture, Effect) {
        let world = vp.to_world(screen.0, screen.1);
        match self {
            Gesture::Idle => (Gesture::Idle, Effect::None),
            Gesture::Pressing { target, screen: start } => {
                if (screen.0 - start.0).hypot(screen.1 - start.1) < DRAG_THRESHOLD_PX {
                    return (Gesture::Pressing { target, screen: start }, Effect::None);
                }
                match target {
                    Target::Background => (
                        Gesture::Panning { last_screen: screen },
                        Effect::Pan { dx: screen.0 - start.0, dy: screen.1 - start.1 },
                    ),
                    Target::Node(id) => {
                        let ids = if selected.contains(&id) {
                            selected.iter().copied().collect()
                        } else {
                            vec![id]
                        };
                        let start = vp.to_world(start.0, start.1);
                        let delta = (world.0 - start.0, world.1 - start.1);
                        (Gesture::Dragging { ids, start, delta }, Effect::None)
                    }
                }
            }
            Gesture::Panning { last_screen } => (
                Gesture::Panning { last_screen: screen },
                Effect::Pan { dx: screen.0 - last_screen.0, dy: screen.1 - last_screen.1 },
            ),
            Gesture::Dragging { ids, start, .. } => {
                let delta = (world.0 - start.0, world.1 - start.1);
                (Gesture::Dragging { ids, start, delta }, Effect::None)
            }
            Gesture::Connecting { from, .. } => {
                (Gesture::Connecting { from, at: world }, Effect::None)
            }
            Gesture::Boxing { start, additive, .. } => {
                (Gesture::Boxing { start, at: world, additive }, Effect::None)
            }
        }
    }

    /// The pointer was released; `over` is the node under it (where a new edge lands). The
    /// gesture is over: the machine goes back to [`Gesture::Idle`].
    pub fn release(self, over: Option<NodeId>, vp: &Viewport) -> Effect {
        match self {
            Gesture::Pressing { target: Target::Background, screen } => {
                Effect::Click { world: vp.to_world(screen.0, screen.1) }
            }
            Gesture::Dragging { ids, delta, .. } => {
                Effect::Edit(Action::MoveNodes { ids, dx: delta.0, dy: delta.1 })
            }
            Gesture::Connecting { from, .. } => match over {
                Some(to) if to != from => Effect::Edit(Action::Connect { from, to }),
                _ => Effect::None,
            },
            Gesture::Boxing { start, at, additive } => Effect::Edit(Action::SelectInRect {
                x0: start.0,
                y0: start.1,
                x1: at.0,
                y1: at.1,
                additive,
            }),
            Gesture::Idle | Gesture::Panning { .. } | Gesture::Pressing { .. } => Effect::None,
        }
    }

    /// The drag offset to draw for `id`, if it is being dragged.
    pub fn offset_of(&self, id: NodeId) -> (f64, f64) {
        match self {
            Gesture::Dragging { ids, delta, .. } if ids.contains(&id) => *delta,
            _ => (0.0, 0.0),
        }
    }

    /// The node a new edge is being drawn from.
    pub fn connecting_from(&self) -> Option<NodeId> {
        match self {
            Gesture::Connecting { from, .. } => Some(*from),
            _ => None,
        }
    }
}

/// Touch points down on the canvas, for pinch zoom: a second finger turns a press into a
/// pinch, and moving either finger zooms around their midpoint and pans with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Touches {
    down: Vec<(i32, (f64, f64))>,
}

impl Touches {
    /// A finger touched down; true when it makes a pinch (two fingers).
    pub fn down(&mut self, id: i32, at: (f64, f64)) -> bool {
        self.down.retain(|(d, _)| *d != id);
        self.down.push((id, at));
        self.pinching()
    }

    /// Whether two fingers are down.
    pub fn pinching(&self) -> bool {
        self.down.len() == 2
    }

    /// A finger moved: during a pinch, the view it makes of `vp`.
    pub fn moved(&mut self, id: i32, at: (f64, f64), vp: &Viewport) -> Option<Viewport> {
        let i = self.down.iter().position(|(d, _)| *d == id)?;
        if !self.pinching() {
            self.down[i].1 = at;
            return None;
        }
        let (a, b) = (self.down[0].1, self.down[1].1);
        self.down[i].1 = at;
        let (c, d) = (self.down[0].1, self.down[1].1);
        let before = (a.0 - b.0).hypot(a.1 - b.1);
        let after = (c.0 - d.0).hypot(c.1 - d.1);
        if before <= 1.0 {
            return None;
        }
        let mid0 = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let mid1 = ((c.0 + d.0) / 2.0, (c.1 + d.1) / 2.0);
        Some(vp.zoomed_at(after / before, mid0.0, mid0.1).panned(mid1.0 - mid0.0, mid1.1 - mid0.1))
    }

    /// A finger lifted or was cancelled.
    pub fn up(&mut self, id: i32) {
        self.down.retain(|(d, _)| *d != id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: NodeId = NodeId(1);
    const B: NodeId = NodeId(2);

    fn vp() -> Viewport {
        Viewport { offset_x: 10.0, offset_y: 20.0, zoom: 2.0 }
    }

    fn press(hit: Hit, screen: (f64, f64)) -> Press {
        Press { hit, screen, additive: false, pan: false }
    }

    fn none() -> BTreeSet<NodeId> {
        BTreeSet::new()
    }

    #[test]
    fn a_small_wobble_stays_a_press_and_releases_as_a_click() {
        let (g, e) = Gesture::press(press(Hit::Background, (100.0, 100.0)), &vp(), &none());
        assert_eq!(e, Effect::None);
        let (g, e) = g.moved((101.0, 101.5), &vp(), &none());
        assert!(matches!(g, Gesture::Pressing { .. }));
        assert_eq!(e, Effect::None);
        assert_eq!(g.release(None, &vp()), Effect::Click { world: (45.0, 40.0) });
    }

    #[test]
    fn dragging_the_background_pans_by_the_pointer_travel() {
        let (g, _) = Gesture::press(press(Hit::Background, (100.0, 100.0)), &vp(), &none());
        let (g, e) = g.moved((110.0, 95.0), &vp(), &none());
        assert_eq!(e, Effect::Pan { dx: 10.0, dy: -5.0 });
        let (g, e) = g.moved((111.0, 95.0), &vp(), &none());
        assert_eq!(e, Effect::Pan { dx: 1.0, dy: 0.0 });
        assert_eq!(g.release(None, &vp()), Effect::None);
    }

    #[test]
    fn pressing_an_unselected_node_selects_it_and_a_drag_moves_it_alone() {
        let selected: BTreeSet<NodeId> = [B].into();
        let (g, e) = Gesture::press(press(Hit::Node(A), (100.0, 100.0)), &vp(), &selected);
        assert_eq!(e, Effect::Edit(Action::SelectNode { id: A, additive: false }));
        // The press selected A: the selection is now {A}.
        let (g, _) = g.moved((120.0, 110.0), &vp(), &[A].into());
        assert_eq!(g.offset_of(A), (10.0, 5.0), "screen travel over the zoom");
        assert_eq!(g.offset_of(B), (0.0, 0.0));
        let drop = g.release(None, &vp());
        assert_eq!(drop, Effect::Edit(Action::MoveNodes { ids: vec![A], dx: 10.0, dy: 5.0 }));
    }

    #[test]
    fn dragging_a_selected_node_moves_the_whole_selection() {
        let selected: BTreeSet<NodeId> = [A, B].into();
        let (g, e) = Gesture::press(press(Hit::Node(B), (0.0, 0.0)), &vp(), &selected);
        assert_eq!(e, Effect::None, "keeps the selection it is part of");
        let (g, _) = g.moved((0.0, 8.0), &vp(), &selected);
        assert_eq!(g.offset_of(A), (0.0, 4.0));
        assert_eq!(
            g.release(None, &vp()),
            Effect::Edit(Action::MoveNodes { ids: vec![A, B], dx: 0.0, dy: 4.0 })
        );
    }

    #[test]
    fn a_node_pressed_and_released_in_place_does_not_move() {
        let (g, _) = Gesture::press(press(Hit::Node(A), (5.0, 5.0)), &vp(), &none());
        assert_eq!(g.release(None, &vp()), Effect::None);
    }

    #[test]
    fn shift_adds_a_node_and_shift_on_the_background_draws_a_box() {
        let shift = |hit| Press { hit, screen: (10.0, 20.0), additive: true, pan: false };
        let sel: BTreeSet<NodeId> = [A].into();
        let (_, e) = Gesture::press(shift(Hit::Node(A)), &vp(), &sel);
        assert_eq!(e, Effect::Edit(Action::SelectNode { id: A, additive: true }), "toggles");
        let (g, _) = Gesture::press(shift(Hit::Background), &vp(), &sel);
        let (g, _) = g.moved((30.0, 60.0), &vp(), &sel);
        assert_eq!(
            g.release(None, &vp()),
            Effect::Edit(Action::SelectInRect {
                x0: 0.0,
                y0: 0.0,
                x1: 10.0,
                y1: 20.0,
                additive: true
            })
        );
    }

    #[test]
    fn an_edge_from_a_port_connects_only_to_another_node() {
        let (g, _) = Gesture::press(press(Hit::OutPort(A), (0.0, 0.0)), &vp(), &none());
        assert_eq!(g.connecting_from(), Some(A));
        let (g, _) = g.moved((50.0, 50.0), &vp(), &none());
        assert_eq!(g, Gesture::Connecting { from: A, at: (20.0, 15.0) });
        assert_eq!(g.clone().release(Some(A), &vp()), Effect::None, "not onto itself");
        assert_eq!(g.clone().release(None, &vp()), Effect::None, "not into the void");
        assert_eq!(g.release(Some(B), &vp()), Effect::Edit(Action::Connect { from: A, to: B }));
    }

    #[test]
    fn space_or_the_middle_button_pans_even_over_a_node() {
        let p = Press { hit: Hit::Node(A), screen: (0.0, 0.0), additive: false, pan: true };
        let (g, e) = Gesture::press(p, &vp(), &none());
        assert_eq!(e, Effect::None, "no selection change");
        let (_, e) = g.moved((1.0, 0.0), &vp(), &none());
        assert_eq!(e, Effect::Pan { dx: 1.0, dy: 0.0 }, "no threshold when panning on purpose");
    }

    #[test]
    fn an_edge_press_selects_the_edge_and_starts_nothing() {
        let (g, e) = Gesture::press(press(Hit::Edge(EdgeId(7)), (0.0, 0.0)), &vp(), &none());
        assert_eq!(g, Gesture::Idle);
        assert_eq!(e, Effect::Edit(Action::SelectEdge { id: EdgeId(7), additive: false }));
        assert_eq!(g.moved((40.0, 0.0), &vp(), &none()).1, Effect::None);
    }

    #[test]
    fn a_pinch_zooms_around_the_fingers_and_pans_with_them() {
        let mut t = Touches::default();
        let v = Viewport::default();
        assert!(!t.down(1, (100.0, 100.0)));
        assert_eq!(t.moved(1, (101.0, 100.0), &v), None, "one finger is not a pinch");
        assert!(t.down(2, (200.0, 100.0)));
        // The second finger moves out: the distance doubles from 99 to 198 around x = 150.5.
        let z = t.moved(2, (299.0, 100.0), &v).expect("a pinch");
        assert!((z.zoom - v.zoom * 2.0).abs() < 1e-9, "{z:?}");
        // The world point under the old midpoint is under the new midpoint.
        let mid0 = v.to_world(150.5, 100.0);
        let mid1 = z.to_screen(mid0.0, mid0.1);
        assert!((mid1.0 - 200.0).abs() < 1e-9 && (mid1.1 - 100.0).abs() < 1e-9, "{mid1:?}");
        t.up(2);
        assert!(!t.pinching());
        assert_eq!(t.moved(1, (0.0, 0.0), &v), None);
    }
}
