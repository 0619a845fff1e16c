//! Keyboard users on the canvas: nodes and edges are reached with Tab; Enter or Space selects
//! the focused one (Shift adds it), F2 renames a node, the arrows move it (or the selection it
//! is in), and the menu key or Shift+F10 opens its menu (where "Connect to…" is). What an
//! arrow means is `editor::keys` (tested natively).

use yew::prelude::*;

use super::{edge_at, node_at, reveal};
use crate::editor::keys::{nudge, Key};
use crate::editor::viewport::Viewport;
use crate::editor::Action;
use crate::scenario::NodeId;
use crate::ui::state::EditorHandle;

/// Opens a node's menu at a client point.
pub type OpenMenu = Callback<(NodeId, f64, f64)>;

/// The canvas's keydown handler.
pub fn on_key(
    editor: EditorHandle,
    vp: Viewport,
    on_viewport: Callback<Viewport>,
    on_rename: Callback<NodeId>,
    open_menu: OpenMenu,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let el: web_sys::Element = e.target_unchecked_into();
        let additive = e.shift_key();
        let key = e.key();
        if let Some(id) = node_at(&el) {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            match key.as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    e.stop_propagation();
                    editor.dispatch(Action::SelectNode { id, additive });
                }
                "F2" => on_rename.emit(id),
                "ContextMenu" | "F10" if key == "ContextMenu" || e.shift_key() => {
                    e.prevent_default();
                    // Under the node, as a right-click there would open it.
                    let r = el.get_bounding_client_rect();
                    open_menu.emit((id, r.left(), r.bottom()));
                }
                _ => {}
            }
            if let Some((dx, dy)) = nudge(Key { key: &key, command: false, shift: e.shift_key() }) {
                e.prevent_default();
                let selected = &editor.editor.selection().nodes;
                let ids = if selected.contains(&id) {
                    selected.iter().copied().collect()
                } else {
                    vec![id]
                };
                editor.dispatch(Action::MoveNodes { ids, dx, dy });
                if let Some(n) = editor.editor.scenario().node(id) {
                    reveal(vp, (n.x + dx, n.y + dy), &on_viewport);
                }
            }
        } else if let Some(id) = edge_at(&el) {
            if matches!(key.as_str(), "Enter" | " ") {
                e.prevent_default();
                e.stop_propagation();
                editor.dispatch(Action::SelectEdge { id, additive });
            }
        }
    })
}

/// A node reached with Tab is panned into view (the arrows keep the node they move in view).
pub fn on_focus(
    editor: &EditorHandle,
    vp: Viewport,
    on_viewport: Callback<Viewport>,
) -> Callback<FocusEvent> {
    let scenario = editor.editor.scenario().clone();
    Callback::from(move |e: FocusEvent| {
        let el: web_sys::Element = e.target_unchecked_into();
        if let Some(n) = node_at(&el).and_then(|id| scenario.node(id)) {
            reveal(vp, (n.x, n.y), &on_viewport);
        }
    })
}
