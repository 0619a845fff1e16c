//! The canvas: the scenario's graph in SVG, with pan and zoom, selection, dragging and
//! connecting. Gestures live here; each ends as one editor action.

mod edge_view;
mod gesture;
mod node_menu;
mod node_view;

use std::collections::{BTreeMap, BTreeSet};

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::{connect_targets, viewport::Viewport, Action, GRID, NODE_H, NODE_W};
use crate::scenario::{NodeId, Scenario};
use crate::ui::run::{use_run, RunCommand};
use crate::ui::state::use_editor;
use edge_view::{curve, EdgeView};
use gesture::{Gesture, Target, DRAG_THRESHOLD_PX};
use node_menu::{node_menu, NodeMenu};
use node_view::{DropHint, NodeView};

pub use edge_view::{bezier, point_at, ports};

/// How far an arrow key moves the focused (or selected) nodes, in world units; with Shift, a
/// bigger step.
const NUDGE: f64 = GRID;
const BIG_NUDGE: f64 = 4.0 * GRID;
/// How close a click must be to a dot to select its event, in screen pixels.
const DOT_HIT_PX: f64 = 10.0;
/// Zoom factor per wheel "line" (about one notch of a mouse wheel).
const WHEEL_ZOOM_STEP: f64 = 1.0015;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub viewport: Viewport,
    pub on_viewport: Callback<Viewport>,
    /// Double-click on a node: rename it.
    pub on_rename: Callback<NodeId>,
    /// Whether the Space key is held (Space + drag pans even over nodes).
    pub space_held: bool,
}

/// The `<svg>` element of the canvas, for coordinate conversions.
pub fn svg_element() -> Option<web_sys::Element> {
    gloo::utils::document().query_selector("svg.graph").ok().flatten()
}

/// Client point → point relative to the canvas's top-left corner.
pub fn client_to_canvas(cx: f64, cy: f64) -> Option<(f64, f64)> {
    let rect = svg_element()?.get_bounding_client_rect();
    Some((cx - rect.left(), cy - rect.top()))
}

/// Size of the canvas in pixels.
pub fn canvas_size() -> Option<(f64, f64)> {
    let rect = svg_element()?.get_bounding_client_rect();
    Some((rect.width(), rect.height()))
}

/// Pans the view, if need be, so that the node box centred at world `at` is on screen.
fn reveal(vp: Viewport, at: (f64, f64), on_viewport: &Callback<Viewport>) {
    let Some(size) = canvas_size() else { return };
    let (w, h) = (NODE_W / 2.0, NODE_H / 2.0);
    let seen = vp.revealing((at.0 - w, at.1 - h), (at.0 + w, at.1 + h), size);
    if seen != vp {
        on_viewport.emit(seen);
    }
}

/// The node id on an element or its nearest ancestor carrying `data-node-id`.
fn node_at(el: &web_sys::Element) -> Option<NodeId> {
    let g = el.closest("[data-node-id]").ok().flatten()?;
    g.get_attribute("data-node-id")?.parse().ok().map(NodeId)
}

/// The node under a client point (used for drops, where pointer capture hides the target).
fn node_under(cx: f64, cy: f64) -> Option<NodeId> {
    let el = gloo::utils::document().element_from_point(cx as f32, cy as f32)?;
    node_at(&el)
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let editor = use_editor();
    let run = use_run();
    let gesture = use_state(Gesture::default);
    // The node menu (right-click, long-press or the menu key): node and where it opens, in
    // client pixels.
    let menu = use_state(|| None::<(NodeId, f64, f64)>);
    // Whether the menu lists the nodes to connect to (its "Connect to…" page).
    let menu_connecting = use_state(|| false);
    // Touch pointers currently down, for pinch zoom: (pointer id, canvas x, y).
    let touches = use_mut_ref(Vec::<(i32, f64, f64)>::new);
    let svg_ref = use_node_ref();
    let scenario: &Scenario = editor.editor.scenario();
    let selection = editor.editor.selection();
    let vp = props.viewport;

    // Validation problems per node, recomputed only when the document changes.
    let problems = {
        let scenario = editor.editor.scenario().clone();
        use_memo(editor.editor.revision(), move |_| {
            let mut by_node: BTreeMap<NodeId, Vec<String>> = BTreeMap::new();
            for p in scenario.validate() {
                if let Some(id) = p.node {
                    by_node.entry(id).or_default().push(p.message.clone());
                }
            }
            by_node
        })
    };

    // The wheel zooms around the pointer. Registered natively because Yew's wheel listener
    // is passive, and a passive listener cannot stop the page from zooming or scrolling.
    {
        let on_viewport = props.on_viewport.clone();
        let svg_ref = svg_ref.clone();
        use_effect_with(vp, move |vp| {
            let vp = *vp;
            let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
                let opts = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&svg, "wheel", opts, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else { return };
                    e.prevent_default();
                    let Some((sx, sy)) =
                        client_to_canvas(f64::from(e.client_x()), f64::from(e.client_y()))
                    else {
                        return;
                    };
                    // Pixel deltas; line deltas (Firefox) are about 16 px each.
                    let scale = if e.delta_mode() == 1 { 16.0 } else { 1.0 };
                    let dy = e.delta_y() * scale;
                    if e.ctrl_key() || e.delta_mode() != 0 || e.delta_x() == 0.0 {
                        // Mouse wheel, or a trackpad pinch (reported as ctrl + wheel).
                        let step =
                            if e.ctrl_key() { WHEEL_ZOOM_STEP.powi(6) } else { WHEEL_ZOOM_STEP };
                        on_viewport.emit(vp.zoomed_at(step.powf(-dy), sx, sy));
                    } else {
                        // Two-finger trackpad scroll pans.
                        on_viewport.emit(vp.panned(-e.delta_x() * scale, -dy));
                    }
                })
            });
            move || drop(listener)
        });
    }

    let world_of = move |e: &PointerEvent| {
        client_to_canvas(f64::from(e.client_x()), f64::from(e.client_y()))
            .map(|(sx, sy)| (vp.to_world(sx, sy), (sx, sy)))
    };

    let on_pointer_down = {
        let gesture = gesture.clone();
        let touches = touches.clone();
        let editor = editor.clone();
        let space_held = props.space_held;
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 && e.button() != 1 {
                return;
            }
            let Some((world, screen)) = world_of(&e) else { return };
            if e.pointer_type() == "touch" {
                let mut t = touches.borrow_mut();
                t.retain(|(id, _, _)| *id != e.pointer_id());
                t.push((e.pointer_id(), screen.0, screen.1));
                if t.len() == 2 {
                    // A second finger: this is a pinch, not a drag.
                    gesture.set(Gesture::Idle);
                    return;
                }
            }
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(svg) = el.closest("svg.graph").ok().flatten() {
                let _ = svg.set_pointer_capture(e.pointer_id());
            }
            let additive = e.shift_key();
            if space_held || e.button() == 1 {
                gesture.set(Gesture::Panning { last_screen: screen });
                return;
            }
            if el.get_attribute("data-port").as_deref() == Some("out") {
                if let Some(from) = node_at(&el) {
                    gesture.set(Gesture::Connecting { from, at: world });
                    return;
                }
            }
            if let Some(id) = node_at(&el) {
                if additive {
                    editor.dispatch(Action::SelectNode { id, additive: true });
                } else if !editor.editor.selection().nodes.contains(&id) {
                    editor.dispatch(Action::SelectNode { id, additive: false });
                }
                gesture.set(Gesture::Pressing { target: Target::Node(id), screen, additive });
                return;
            }
            if let Some(edge) = el.closest("[data-edge-id]").ok().flatten() {
                if let Some(id) = edge.get_attribute("data-edge-id").and_then(|v| v.parse().ok()) {
                    editor
                        .dispatch(Action::SelectEdge { id: crate::scenario::EdgeId(id), additive });
                    gesture.set(Gesture::Idle);
                    return;
                }
            }
            if additive {
                gesture.set(Gesture::Boxing { start: world, at: world, additive });
            } else {
                gesture.set(Gesture::Pressing { target: Target::Background, screen, additive });
            }
        })
    };

    let on_pointer_move = {
        let gesture = gesture.clone();
        let on_viewport = props.on_viewport.clone();
        let editor = editor.clone();
        let touches = touches.clone();
        Callback::from(move |e: PointerEvent| {
            let Some((world, screen)) = world_of(&e) else { return };
            if e.pointer_type() == "touch" && touches.borrow().len() == 2 {
                // Pinch: zoom by the change in finger distance around their midpoint, and pan
                // by the midpoint's movement.
                let mut t = touches.borrow_mut();
                let (a, b) = (t[0], t[1]);
                let Some(i) = t.iter().position(|(id, _, _)| *id == e.pointer_id()) else { return };
                t[i] = (e.pointer_id(), screen.0, screen.1);
                let (c, d) = (t[0], t[1]);
                let before = (a.1 - b.1).hypot(a.2 - b.2);
                let after = (c.1 - d.1).hypot(c.2 - d.2);
                let (mx0, my0) = ((a.1 + b.1) / 2.0, (a.2 + b.2) / 2.0);
                let (mx1, my1) = ((c.1 + d.1) / 2.0, (c.2 + d.2) / 2.0);
                if before > 1.0 {
                    on_viewport
                        .emit(vp.zoomed_at(after / before, mx0, my0).panned(mx1 - mx0, my1 - my0));
                }
                return;
            }
            let next = match (*gesture).clone() {
                Gesture::Idle => return,
                Gesture::Pressing { target, screen: start, .. } => {
                    if (screen.0 - start.0).hypot(screen.1 - start.1) < DRAG_THRESHOLD_PX {
                        return;
                    }
                    let start_world = vp.to_world(start.0, start.1);
                    match target {
                        Target::Background => {
                            on_viewport.emit(vp.panned(screen.0 - start.0, screen.1 - start.1));
                            Gesture::Panning { last_screen: screen }
                        }
                        Target::Node(id) => {
                            let mut ids: Vec<NodeId> =
                                editor.editor.selection().nodes.iter().copied().collect();
                            if !ids.contains(&id) {
                                ids = vec![id];
                            }
                            let delta = (world.0 - start_world.0, world.1 - start_world.1);
                            Gesture::Dragging { ids, start: start_world, delta }
                        }
                    }
                }
                Gesture::Panning { last_screen } => {
                    on_viewport.emit(vp.panned(screen.0 - last_screen.0, screen.1 - last_screen.1));
                    Gesture::Panning { last_screen: screen }
                }
                Gesture::Dragging { ids, start, .. } => {
                    Gesture::Dragging { ids, start, delta: (world.0 - start.0, world.1 - start.1) }
                }
                Gesture::Connecting { from, .. } => Gesture::Connecting { from, at: world },
                Gesture::Boxing { start, additive, .. } => {
                    Gesture::Boxing { start, at: world, additive }
                }
            };
            gesture.set(next);
        })
    };

    let on_pointer_up = {
        let gesture = gesture.clone();
        let editor = editor.clone();
        let run = run.clone();
        let touches = touches.clone();
        Callback::from(move |e: PointerEvent| {
            touches.borrow_mut().retain(|(id, _, _)| *id != e.pointer_id());
            let current = (*gesture).clone();
            gesture.set(Gesture::Idle);
            match current {
                Gesture::Pressing { target: Target::Background, .. } => {
                    // A click on a moving dot traces its event; elsewhere it clears.
                    let hit = world_of(&e).and_then(|((x, y), _)| {
                        run.player.borrow().dot_near(x, y, DOT_HIT_PX / vp.zoom)
                    });
                    match hit {
                        Some(id) => run.command.emit(RunCommand::SelectEvent(Some(id))),
                        None => editor.dispatch(Action::ClearSelection),
                    }
                }
                Gesture::Dragging { ids, delta, .. } => {
                    editor.dispatch(Action::MoveNodes { ids, dx: delta.0, dy: delta.1 })
                }
                Gesture::Connecting { from, .. } => {
                    if let Some(to) = node_under(f64::from(e.client_x()), f64::from(e.client_y())) {
                        if to != from {
                            editor.dispatch(Action::Connect { from, to });
                        }
                    }
                }
                Gesture::Boxing { start, at, additive } => editor.dispatch(Action::SelectInRect {
                    x0: start.0,
                    y0: start.1,
                    x1: at.0,
                    y1: at.1,
                    additive,
                }),
                Gesture::Idle | Gesture::Panning { .. } | Gesture::Pressing { .. } => {}
            }
        })
    };

    let on_pointer_cancel = {
        let gesture = gesture.clone();
        let touches = touches.clone();
        Callback::from(move |e: PointerEvent| {
            touches.borrow_mut().retain(|(id, _, _)| *id != e.pointer_id());
            gesture.set(Gesture::Idle)
        })
    };

    // Right-click (or a long press on touch screens) on a node opens its menu.
    let on_context_menu = {
        let menu = menu.clone();
        let editor = editor.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(id) = node_under(f64::from(e.client_x()), f64::from(e.client_y())) else {
                return;
            };
            e.prevent_default();
            if !editor.editor.selection().nodes.contains(&id) {
                editor.dispatch(Action::SelectNode { id, additive: false });
            }
            menu.set(Some((id, f64::from(e.client_x()), f64::from(e.client_y()))));
        })
    };

    // Keyboard users reach nodes and edges with Tab; Enter or Space selects the focused one
    // (Shift adds it), F2 renames a node, the arrows move it (or the selection it is in), and
    // the menu key or Shift+F10 opens its menu (where "Connect to…" is).
    let on_key = {
        let editor = editor.clone();
        let on_rename = props.on_rename.clone();
        let on_viewport = props.on_viewport.clone();
        let menu = menu.clone();
        Callback::from(move |e: KeyboardEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            let additive = e.shift_key();
            let key = e.key();
            if let Some(id) = node_at(&el) {
                let step = if e.shift_key() { BIG_NUDGE } else { NUDGE };
                let nudge = match key.as_str() {
                    "ArrowLeft" => Some((-step, 0.0)),
                    "ArrowRight" => Some((step, 0.0)),
                    "ArrowUp" => Some((0.0, -step)),
                    "ArrowDown" => Some((0.0, step)),
                    _ => None,
                };
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
                        if !editor.editor.selection().nodes.contains(&id) {
                            editor.dispatch(Action::SelectNode { id, additive: false });
                        }
                        // Under the node, as a right-click there would open it.
                        let r = el.get_bounding_client_rect();
                        menu.set(Some((id, r.left(), r.bottom())));
                    }
                    _ => {}
                }
                if let Some((dx, dy)) = nudge {
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
            } else if let Some(edge) = el.closest("[data-edge-id]").ok().flatten() {
                if matches!(key.as_str(), "Enter" | " ") {
                    if let Some(id) =
                        edge.get_attribute("data-edge-id").and_then(|v| v.parse().ok())
                    {
                        e.prevent_default();
                        e.stop_propagation();
                        editor.dispatch(Action::SelectEdge {
                            id: crate::scenario::EdgeId(id),
                            additive,
                        });
                    }
                }
            }
        })
    };

    // A node reached with Tab is panned into view (the arrows keep the node they move in view).
    let on_focus = {
        let on_viewport = props.on_viewport.clone();
        let scenario = editor.editor.scenario().clone();
        Callback::from(move |e: FocusEvent| {
            let el: web_sys::Element = e.target_unchecked_into();
            if let Some(n) = node_at(&el).and_then(|id| scenario.node(id)) {
                reveal(vp, (n.x, n.y), &on_viewport);
            }
        })
    };

    let on_double_click = {
        let on_rename = props.on_rename.clone();
        // Pointer capture makes the svg the target of clicks; ask what is under the pointer.
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = node_under(f64::from(e.client_x()), f64::from(e.client_y())) {
                on_rename.emit(id);
            }
        })
    };

    // While an edge is being dragged, every node says whether it would accept it.
    // Worked out once per drag start (and per edit), not on every pointer move.
    let connect_from = match &*gesture {
        Gesture::Connecting { from, .. } => Some(*from),
        _ => None,
    };
    let hints = {
        let scenario = editor.editor.scenario().clone();
        use_memo((editor.editor.revision(), connect_from), move |(_, from)| {
            from.map(|from| {
                let ok: BTreeSet<NodeId> = connect_targets(&scenario, from).into_iter().collect();
                (from, ok)
            })
        })
    };
    let hint_of = |id: NodeId| match &*hints {
        Some((from, ok)) if *from != id => {
            if ok.contains(&id) {
                DropHint::Accepts
            } else {
                DropHint::Refuses
            }
        }
        _ => DropHint::None,
    };

    // One lookup table per render: edges ask for their ends' positions and names.
    let by_id: BTreeMap<NodeId, &crate::scenario::Node> =
        scenario.nodes.iter().map(|n| (n.id, n)).collect();
    let position = |id: NodeId| {
        by_id.get(&id).map(|n| {
            let (dx, dy) = gesture.offset_of(id);
            (n.x + dx, n.y + dy)
        })
    };
    let name_of = |id: NodeId| by_id.get(&id).map(|n| n.name.clone()).unwrap_or_default();

    let edges = scenario.edges.iter().filter_map(|e| {
        let (from, to) = (position(e.from)?, position(e.to)?);
        let label = format!("{} {} {}", name_of(e.from), e.kind.label(), name_of(e.to));
        Some(html! {
            <EdgeView key={format!("e{}", e.id.0)} id={e.id} kind={e.kind} from={from} to={to}
                      selected={selection.edges.contains(&e.id)} label={label} />
        })
    });

    let run_states = run.player.borrow().node_states.clone();
    let nodes = scenario.nodes.iter().map(|n| {
        html! {
            <NodeView key={format!("n{}", n.id.0)} node={n.clone()}
                      selected={selection.nodes.contains(&n.id)}
                      offset={gesture.offset_of(n.id)} hint={hint_of(n.id)}
                      problems={problems.get(&n.id).cloned().unwrap_or_default()}
                      run_state={run_states.iter().find(|(id, _)| *id == n.id).map(|(_, s)| *s)} />
        }
    });

    let overlay = match &*gesture {
        Gesture::Connecting { from, at } => position(*from).map(|p| {
            let (x0, y0, _, _) = ports(p, p);
            html! { <path class="edge-draft" d={curve(x0, y0, at.0, at.1)} /> }
        }),
        Gesture::Boxing { start, at, .. } => Some(html! {
            <rect class="select-box" x={start.0.min(at.0).to_string()} y={start.1.min(at.1).to_string()}
                  width={(start.0 - at.0).abs().to_string()} height={(start.1 - at.1).abs().to_string()} />
        }),
        _ => None,
    };

    let grid = 24.0 * vp.zoom;
    let cursor = match &*gesture {
        Gesture::Panning { .. } => "grabbing",
        _ if props.space_held => "grab",
        _ => "default",
    };
    let menu_view = menu.and_then(|(id, x, y)| {
        let close = {
            let menu = menu.clone();
            let connecting = menu_connecting.clone();
            Callback::from(move |()| {
                menu.set(None);
                connecting.set(false);
            })
        };
        Some(node_menu(NodeMenu {
            editor: &editor,
            node: scenario.node(id)?,
            at: (x, y),
            connecting: &menu_connecting,
            on_close: close,
            on_rename: props.on_rename.clone(),
        }))
    });

    html! {
        <>
        <svg class="graph" ref={svg_ref} role="application" aria-label="Scenario graph"
             style={format!("cursor:{cursor}")}
             onpointerdown={on_pointer_down} onpointermove={on_pointer_move}
             onpointerup={on_pointer_up} onpointercancel={on_pointer_cancel}
             ondblclick={on_double_click} onkeydown={on_key} oncontextmenu={on_context_menu}
             onfocusin={on_focus}>
            <defs>
                <pattern id="grid" width={grid.to_string()} height={grid.to_string()} patternUnits="userSpaceOnUse"
                         x={vp.offset_x.rem_euclid(grid).to_string()} y={vp.offset_y.rem_euclid(grid).to_string()}>
                    <circle class="grid-dot" cx="1" cy="1" r="1" />
                </pattern>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"
                        orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" fill="context-stroke" />
                </marker>
            </defs>
            <rect class="canvas-bg" width="100%" height="100%" fill="url(#grid)" />
            <g class="world" transform={format!("translate({} {}) scale({})", vp.offset_x, vp.offset_y, vp.zoom)}>
                <g class="edges">{ for edges }</g>
                <g class="nodes">{ for nodes }</g>
                { for overlay }
            </g>
        </svg>
        // Always there, so that the menu coming and going never rebuilds the <svg> beside it
        // (which would take the focus from the node that opened the menu).
        <div class="menu-host">{ for menu_view }</div>
        </>
    }
}
