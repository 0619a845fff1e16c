//! The canvas: the scenario's graph in SVG, with pan and zoom, selection, dragging and
//! connecting. The gestures' rules are `editor::gesture` and `editor::keys` (pure, tested
//! natively); `pointer` and `keyboard` read browser events into them, and each gesture ends as
//! one editor action.

mod edge_view;
mod keyboard;
mod node_menu;
mod node_view;
mod pointer;
pub(crate) mod replication_view;

use std::collections::{BTreeMap, BTreeSet};

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::gesture::{Gesture, Touches};
use crate::editor::{connect_targets, viewport::Viewport, Action, NODE_H, NODE_W};
use crate::scenario::{EdgeId, NodeId, Scenario};
use crate::ui::run::{use_run, RunContext};
use crate::ui::state::{use_editor, EditorHandle};
use edge_view::{curve, EdgeView};
use node_menu::{node_menu, NodeMenu};
use node_view::{DropHint, NodeView};

pub(crate) use edge_view::EdgeView as EdgeShape;
pub use edge_view::{bezier, point_at, ports};
pub(crate) use node_view::{DropHint as NodeHint, NodeView as NodeShape};

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

/// The edge id on an element or its nearest ancestor carrying `data-edge-id`.
fn edge_at(el: &web_sys::Element) -> Option<EdgeId> {
    let g = el.closest("[data-edge-id]").ok().flatten()?;
    g.get_attribute("data-edge-id")?.parse().ok().map(EdgeId)
}

/// The node under a client point (used for drops, where pointer capture hides the target).
fn node_under(cx: f64, cy: f64) -> Option<NodeId> {
    let el = gloo::utils::document().element_from_point(cx as f32, cy as f32)?;
    node_at(&el)
}

/// The wheel zooms around the pointer; a two-finger trackpad scroll pans. Registered natively
/// because Yew's wheel listener is passive, and a passive listener cannot stop the page from
/// zooming or scrolling.
#[hook]
pub(crate) fn use_wheel(svg_ref: &NodeRef, vp: Viewport, on_viewport: Callback<Viewport>) {
    let svg_ref = svg_ref.clone();
    use_effect_with(vp, move |vp| {
        let vp = *vp;
        let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
            let opts = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&svg, "wheel", opts, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else { return };
                e.prevent_default();
                let at = client_to_canvas(f64::from(e.client_x()), f64::from(e.client_y()));
                let Some((sx, sy)) = at else { return };
                // Pixel deltas; line deltas (Firefox) are about 16 px each.
                let scale = if e.delta_mode() == 1 { 16.0 } else { 1.0 };
                let dy = e.delta_y() * scale;
                if e.ctrl_key() || e.delta_mode() != 0 || e.delta_x() == 0.0 {
                    // Mouse wheel, or a trackpad pinch (reported as ctrl + wheel).
                    let step = if e.ctrl_key() { WHEEL_ZOOM_STEP.powi(6) } else { WHEEL_ZOOM_STEP };
                    on_viewport.emit(vp.zoomed_at(step.powf(-dy), sx, sy));
                } else {
                    on_viewport.emit(vp.panned(-e.delta_x() * scale, -dy));
                }
            })
        });
        move || drop(listener)
    });
}

/// Validation problems per node, recomputed only when the document changes.
#[hook]
fn use_problems(editor: &EditorHandle) -> std::rc::Rc<BTreeMap<NodeId, Vec<String>>> {
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
}

/// While an edge is being drawn, whether each node would accept it: worked out once per drag
/// start (and per edit), not on every pointer move.
#[hook]
fn use_drop_hints(
    editor: &EditorHandle,
    from: Option<NodeId>,
) -> std::rc::Rc<Option<(NodeId, BTreeSet<NodeId>)>> {
    let scenario = editor.editor.scenario().clone();
    use_memo((editor.editor.revision(), from), move |(_, from)| {
        from.map(|from| (from, crate::sort::btree_set(connect_targets(&scenario, from))))
    })
}

fn hint_of(hints: &Option<(NodeId, BTreeSet<NodeId>)>, id: NodeId) -> DropHint {
    match hints {
        Some((from, ok)) if *from != id => {
            if ok.contains(&id) {
                DropHint::Accepts
            } else {
                DropHint::Refuses
            }
        }
        _ => DropHint::None,
    }
}

#[function_component(Canvas)]
pub fn canvas(props: &CanvasProps) -> Html {
    let editor = use_editor();
    let run = use_run();
    let gesture = use_state(Gesture::default);
    // The node menu (right-click, long-press or the menu key): node and where it opens, in
    // client pixels; and whether it shows its "Connect to…" page.
    let menu = use_state(|| None::<(NodeId, f64, f64)>);
    let menu_connecting = use_state(|| false);
    let touches = use_mut_ref(Touches::default);
    let svg_ref = use_node_ref();
    let vp = props.viewport;
    let problems = use_problems(&editor);
    use_wheel(&svg_ref, vp, props.on_viewport.clone());
    let hints = use_drop_hints(&editor, gesture.connecting_from());

    let pointer = pointer::Pointer {
        gesture: gesture.clone(),
        touches,
        editor: editor.clone(),
        run: run.clone(),
        vp,
        on_viewport: props.on_viewport.clone(),
        space_held: props.space_held,
    }
    .handlers();
    // The menu opens on the node's selection (the node joins it if it is not in it).
    let open_menu = {
        let (menu, editor) = (menu.clone(), editor.clone());
        Callback::from(move |(id, x, y): (NodeId, f64, f64)| {
            if !editor.editor.selection().nodes.contains(&id) {
                editor.dispatch(Action::SelectNode { id, additive: false });
            }
            menu.set(Some((id, x, y)));
        })
    };
    let on_context_menu = context_menu(open_menu.clone());
    let on_key = keyboard::on_key(
        editor.clone(),
        vp,
        props.on_viewport.clone(),
        props.on_rename.clone(),
        open_menu,
    );
    let on_focus = keyboard::on_focus(&editor, vp, props.on_viewport.clone());
    let on_double_click = double_click(props.on_rename.clone());

    let scenario: &Scenario = editor.editor.scenario();
    let selection = editor.editor.selection();
    // One lookup table per render: edges ask for their ends' positions and names.
    let by_id: BTreeMap<NodeId, &crate::scenario::Node> =
        crate::sort::btree_map(scenario.nodes.iter().map(|n| (n.id, n)));
    let position = |id: NodeId| {
        by_id.get(&id).map(|n| {
            let (dx, dy) = gesture.offset_of(id);
            (n.x + dx, n.y + dy)
        })
    };
    let edges = edge_views(scenario, &selection.edges, &by_id, position);
    let nodes = node_views(&editor, &run, &gesture, &hints, &problems);
    // With a cluster, each topic's partitions under it, live.
    let replication = run
        .player
        .borrow()
        .sim()
        .map(|sim| replication_view::replications(sim, scenario, position));
    let overlay = gesture_overlay(&gesture, position);
    let cursor = match &*gesture {
        Gesture::Panning { .. } => "grabbing",
        _ if props.space_held => "grab",
        _ => "default",
    };
    let menu_view = open_node_menu(&editor, &menu, &menu_connecting, props.on_rename.clone());

    html! {
        <>
        <svg class="graph" ref={svg_ref} role="application" aria-label="Scenario graph"
             style={format!("cursor:{cursor}")}
             onpointerdown={pointer.down} onpointermove={pointer.moved}
             onpointerup={pointer.up} onpointercancel={pointer.cancel}
             ondblclick={on_double_click} onkeydown={on_key} oncontextmenu={on_context_menu}
             onfocusin={on_focus}>
            { defs(vp) }
            <rect class="canvas-bg" width="100%" height="100%" fill="url(#grid)" />
            <g class="world" transform={format!("translate({} {}) scale({})", vp.offset_x, vp.offset_y, vp.zoom)}>
                <g class="edges">{ edges }</g>
                // Under the nodes: a node placed close below a topic stays whole.
                { for replication }
                <g class="nodes">{ nodes }</g>
                { for overlay }
            </g>
        </svg>
        // Always there, so that the menu coming and going never rebuilds the <svg> beside it
        // (which would take the focus from the node that opened the menu).
        <div class="menu-host">{ for menu_view }</div>
        </>
    }
}

/// The node menu where it was opened, if it is open: closing it also leaves its "Connect to…"
/// page.
fn open_node_menu(
    editor: &EditorHandle,
    menu: &UseStateHandle<Option<(NodeId, f64, f64)>>,
    connecting: &UseStateHandle<bool>,
    on_rename: Callback<NodeId>,
) -> Option<Html> {
    let (id, x, y) = (**menu)?;
    let close = {
        let (menu, connecting) = (menu.clone(), connecting.clone());
        Callback::from(move |()| {
            menu.set(None);
            connecting.set(false);
        })
    };
    Some(node_menu(NodeMenu {
        editor,
        node: editor.editor.scenario().node(id)?,
        at: (x, y),
        connecting,
        on_close: close,
        on_rename,
    }))
}

/// Every edge between two nodes that exist, at its ends' positions now, named by them.
fn edge_views(
    scenario: &Scenario,
    selected: &BTreeSet<EdgeId>,
    by_id: &BTreeMap<NodeId, &crate::scenario::Node>,
    position: impl Fn(NodeId) -> Option<(f64, f64)>,
) -> Html {
    let name_of = |id: NodeId| by_id.get(&id).map(|n| n.name.as_str()).unwrap_or_default();
    let edges = scenario.edges.iter().filter_map(|e| {
        let (from, to) = (position(e.from)?, position(e.to)?);
        let label = format!("{} {} {}", name_of(e.from), e.kind.label(), name_of(e.to));
        Some(html! {
            <EdgeView key={format!("e{}", e.id.0)} id={e.id} kind={e.kind} from={from} to={to}
                      selected={selected.contains(&e.id)} label={label} />
        })
    });
    edges.collect::<Html>()
}

/// Every node as the gesture moves it, with its drop hint, its problems, its state in the run
/// and whether the story's current step points at it.
fn node_views(
    editor: &EditorHandle,
    run: &RunContext,
    gesture: &Gesture,
    hints: &Option<(NodeId, BTreeSet<NodeId>)>,
    problems: &BTreeMap<NodeId, Vec<String>>,
) -> Html {
    let (scenario, selection) = (editor.editor.scenario(), editor.editor.selection());
    let run_states = run.player.borrow().node_states.clone();
    let now_s = crate::engine::us_to_secs(run.player.borrow().now_us());
    let highlighted: Vec<NodeId> =
        scenario.step_at(now_s).map(|(_, st)| st.highlight.clone()).unwrap_or_default();
    let nodes = scenario.nodes.iter().map(|n| {
        html! {
            <NodeView key={format!("n{}", n.id.0)} node={n.clone()}
                      selected={selection.nodes.contains(&n.id)}
                      offset={gesture.offset_of(n.id)} hint={hint_of(hints, n.id)}
                      problems={problems.get(&n.id).cloned().unwrap_or_default()}
                      run_state={run_states.iter().find(|(id, _)| *id == n.id).map(|(_, s)| *s)}
                      highlighted={highlighted.contains(&n.id)} />
        }
    });
    nodes.collect::<Html>()
}

/// Right-click (or a long press on touch screens) on a node opens its menu there.
fn context_menu(open_menu: Callback<(NodeId, f64, f64)>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        if let Some(id) = node_under(x, y) {
            e.prevent_default();
            open_menu.emit((id, x, y));
        }
    })
}

/// A double click on a node renames it. Pointer capture makes the svg the target of clicks,
/// so this asks what is under the pointer.
fn double_click(on_rename: Callback<NodeId>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if let Some(id) = node_under(f64::from(e.client_x()), f64::from(e.client_y())) {
            on_rename.emit(id);
        }
    })
}

/// What a gesture draws over the graph: the edge being drawn, or the selection box.
fn gesture_overlay(
    gesture: &Gesture,
    position: impl Fn(NodeId) -> Option<(f64, f64)>,
) -> Option<Html> {
    match gesture {
        Gesture::Connecting { from, at } => position(*from).map(|p| {
            let (x0, y0, _, _) = ports(p, p);
            html! { <path class="edge-draft" d={curve(x0, y0, at.0, at.1)} /> }
        }),
        Gesture::Boxing { start, at, .. } => Some(html! {
            <rect class="select-box" x={start.0.min(at.0).to_string()} y={start.1.min(at.1).to_string()}
                  width={(start.0 - at.0).abs().to_string()} height={(start.1 - at.1).abs().to_string()} />
        }),
        _ => None,
    }
}

/// The grid (moving with the view) and the arrowhead.
pub(crate) fn defs(vp: Viewport) -> Html {
    let grid = 24.0 * vp.zoom;
    html! {
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
    }
}
