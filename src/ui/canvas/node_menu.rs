//! A node's menu — right-click, long press, or the context-menu key (Shift+F10) on a focused
//! node: rename, duplicate, delete, "Connect to…" a valid target, and faults while running.
//! A modal dialog: focus stays in it and goes back to the node when it closes.

use yew::prelude::*;

use crate::editor::{connect_targets, Action};
use crate::scenario::{Node, NodeId};
use crate::ui::kinds;
use crate::ui::modal::Modal;
use crate::ui::panels::faults::Faults;
use crate::ui::state::EditorHandle;

/// Room the menu needs, in pixels (it is placed to fit inside the window).
pub const MENU_W_PX: f64 = 300.0;
pub const MENU_H_PX: f64 = 230.0;

/// What the menu needs from the canvas. A plain function rather than a component: the canvas
/// holds its state, which keeps a component's worth of generic code out of the wasm.
pub struct NodeMenu<'a> {
    pub editor: &'a EditorHandle,
    pub node: &'a Node,
    /// Where the menu's top-left corner goes, in client pixels (moved to fit the window).
    pub at: (f64, f64),
    /// Whether it lists the nodes this one can connect to, instead of its actions.
    pub connecting: &'a UseStateHandle<bool>,
    pub on_close: Callback<()>,
    pub on_rename: Callback<NodeId>,
}

/// Focuses the first button of the menu's body once it has rendered (the list replaces the
/// button that opened it, so the focus would otherwise fall out of the menu).
fn focus_first_later() {
    gloo::timers::callback::Timeout::new(0, || {
        let first = gloo::utils::document().query_selector(".node-menu .menu-body button");
        if let Ok(Some(el)) = first {
            crate::ui::modal::focus(&el);
        }
    })
    .forget();
}

pub fn node_menu(m: NodeMenu) -> Html {
    let id = m.node.id;
    let name = &m.node.name;
    let act = |a: Action| {
        let editor = m.editor.clone();
        let on_close = m.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            editor.dispatch(a.clone());
            on_close.emit(());
        })
    };
    let rename = {
        let on_rename = m.on_rename.clone();
        let on_close = m.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            on_close.emit(());
            on_rename.emit(id);
        })
    };
    let show_targets = |on: bool| {
        let connecting = m.connecting.clone();
        Callback::from(move |_: MouseEvent| {
            connecting.set(on);
            focus_first_later();
        })
    };
    let content = if **m.connecting {
        let s = m.editor.editor.scenario();
        let targets: Vec<&Node> =
            connect_targets(s, id).into_iter().filter_map(|t| s.node(t)).collect();
        html! {
            <div class="connect-list" role="group" aria-label={format!("Connect {name} to")}>
                <p class="menu-sub">{ format!("Connect {name} to:") }</p>
                if targets.is_empty() {
                    <p class="muted small">{"No node here accepts a connection from it."}</p>
                }
                { for targets.into_iter().map(|t| {
                    let label = format!("{} — {}", t.name, kinds::title(t.kind.tag()));
                    html! {
                        <button class="btn" onclick={act(Action::Connect { from: id, to: t.id })}>{ label }</button>
                    }
                }) }
                <button class="btn back" onclick={show_targets(false)}>{"Back"}</button>
            </div>
        }
    } else {
        html! {
            <>
                <div class="menu-items">
                    <button class="btn" onclick={rename}>{"Rename"}</button>
                    <button class="btn" onclick={act(Action::DuplicateSelection)}>{"Duplicate"}</button>
                    <button class="btn" onclick={act(Action::DeleteSelection)}>{"Delete"}</button>
                    <button class="btn" onclick={show_targets(true)}>{"Connect to…"}</button>
                </div>
                <Faults node={m.node.clone()} />
            </>
        }
    };
    // Keep the whole menu inside the window.
    let window = gloo::utils::window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (w, h) = (size(window.inner_width()), size(window.inner_height()));
    let x = m.at.0.min(w - MENU_W_PX).max(0.0);
    let y = m.at.1.min(h - MENU_H_PX).max(0.0);
    html! {
        <Modal class="node-menu" label={format!("{name} menu")} style={format!("left:{x}px;top:{y}px")}
               on_close={m.on_close.clone()}>
            <div class="menu-title">{ name.clone() }</div>
            <div class="menu-body">{ content }</div>
        </Modal>
    }
}
