//! Pointer gestures on the canvas as a small state machine (idle → pressing → panning /
//! dragging / connecting / boxing → idle), apart from the model: only the end of a gesture
//! becomes an editor action.

use crate::scenario::NodeId;

/// Pointer travel, in screen pixels, past which a press becomes a drag.
pub const DRAG_THRESHOLD_PX: f64 = 3.0;

/// What a press started on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// Empty canvas.
    Background,
    /// A node's body.
    Node(NodeId),
}

/// The gesture in progress. Positions are world coordinates unless named `screen`.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed, not moved far enough to mean anything yet.
    Pressing { target: Target, screen: (f64, f64), additive: bool },
    /// Dragging the view.
    Panning { last_screen: (f64, f64) },
    /// Dragging nodes: `delta` is the offset drawn until the drop commits it.
    Dragging { ids: Vec<NodeId>, start: (f64, f64), delta: (f64, f64) },
    /// Dragging a new edge from a node's output port.
    Connecting { from: NodeId, at: (f64, f64) },
    /// Drawing a selection box (Shift + drag on empty canvas).
    Boxing { start: (f64, f64), at: (f64, f64), additive: bool },
}

impl Gesture {
    /// The drag offset to draw for `id`, if it is being dragged.
    pub fn offset_of(&self, id: NodeId) -> (f64, f64) {
        match self {
            Gesture::Dragging { ids, delta, .. } if ids.contains(&id) => *delta,
            _ => (0.0, 0.0),
        }
    }
}
