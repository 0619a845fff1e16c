//! The viewer's graph: the scenario drawn with the editor canvas's own node and edge shapes,
//! panned by dragging and zoomed by the wheel, with nothing to select, drag or connect (an
//! embed's reader watches; "Open in Fanout" is where editing starts).

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::viewport::Viewport;
use crate::scenario::{NodeId, Scenario};
use crate::ui::canvas::{defs, replication_view, use_wheel, EdgeShape, NodeHint, NodeShape};
use crate::ui::run::use_run;

#[derive(Properties, PartialEq)]
pub struct GraphProps {
    pub scenario: Rc<Scenario>,
    pub viewport: Viewport,
    pub on_viewport: Callback<Viewport>,
}

/// Where a drag started: the pointer (client pixels) and the view then.
type DragStart = Option<(f64, f64, Viewport)>;

#[function_component(Graph)]
pub fn graph(props: &GraphProps) -> Html {
    let run = use_run();
    let svg_ref = use_node_ref();
    let drag = use_mut_ref(|| DragStart::None);
    let vp = props.viewport;
    use_wheel(&svg_ref, vp, props.on_viewport.clone());

    let on_down = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(svg) =
                e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = svg.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some((f64::from(e.client_x()), f64::from(e.client_y()), vp));
        })
    };
    let on_move = {
        let (drag, on_viewport) = (drag.clone(), props.on_viewport.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x, y, from)) = *drag.borrow() {
                let (dx, dy) = (f64::from(e.client_x()) - x, f64::from(e.client_y()) - y);
                on_viewport.emit(from.panned(dx, dy));
            }
        })
    };
    let on_up = Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None);

    let s = &props.scenario;
    let by_id: BTreeMap<NodeId, &crate::scenario::Node> =
        crate::sort::btree_map(s.nodes.iter().map(|n| (n.id, n)));
    let edges = s.edges.iter().filter_map(|e| {
        let (from, to) = (by_id.get(&e.from)?, by_id.get(&e.to)?);
        let label = format!("{} {} {}", from.name, e.kind.label(), to.name);
        Some(html! {
            <EdgeShape key={format!("e{}", e.id.0)} id={e.id} kind={e.kind} from={(from.x, from.y)}
                       to={(to.x, to.y)} selected={false} label={label} />
        })
    });
    let p = run.player.borrow();
    let run_states = p.node_states.clone();
    // With a cluster, each topic's partitions under it, live (as on the editor's canvas).
    let replication = p
        .sim()
        .map(|sim| replication_view::replications(sim, s, |id| by_id.get(&id).map(|n| (n.x, n.y))));
    // The nodes the story's current step points at.
    let now_s = crate::engine::us_to_secs(p.now_us());
    drop(p);
    let highlighted: Vec<NodeId> =
        s.step_at(now_s).map(|(_, st)| st.highlight.clone()).unwrap_or_default();
    let nodes = s.nodes.iter().map(|n| {
        html! {
            <NodeShape key={format!("n{}", n.id.0)} node={n.clone()} selected={false}
                       offset={(0.0, 0.0)} hint={NodeHint::None} problems={Vec::<String>::new()}
                       run_state={run_states.iter().find(|(id, _)| *id == n.id).map(|(_, s)| *s)}
                       highlighted={highlighted.contains(&n.id)} />
        }
    });
    html! {
        <svg class="graph" ref={svg_ref} role="group" style="cursor:grab"
             aria-label={format!("Scenario graph: {} nodes, {} connections", s.nodes.len(), s.edges.len())}
             onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()}
             onpointercancel={on_up}>
            { defs(vp) }
            <rect class="canvas-bg" width="100%" height="100%" fill="url(#grid)" />
            <g class="world" transform={format!("translate({} {}) scale({})", vp.offset_x, vp.offset_y, vp.zoom)}>
                <g class="edges">{ for edges }</g>
                // Under the nodes, as on the editor's canvas.
                { for replication }
                <g class="nodes">{ for nodes }</g>
            </g>
        </svg>
    }
}
