//! One edge on the canvas: a curve from the source's output port to the target's input port
//! (its geometry is `editor::geometry`'s, which the particle layer and the tests share).

use yew::prelude::*;

pub use crate::editor::geometry::{bezier, point_at, ports};
use crate::scenario::{EdgeId, EdgeKind};

#[derive(Properties, PartialEq)]
pub struct EdgeViewProps {
    pub id: EdgeId,
    pub kind: EdgeKind,
    /// Centre of the source node (world).
    pub from: (f64, f64),
    /// Centre of the target node (world).
    pub to: (f64, f64),
    pub selected: bool,
    /// Accessible description ("Checkout publishes to OrderCreated").
    pub label: AttrValue,
}

/// The SVG path of an edge leaving (x0, y0) rightwards and entering (x1, y1) from the left.
pub fn curve(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    let [_, (ax, ay), (bx, by), _] = bezier(x0, y0, x1, y1);
    format!("M{x0} {y0} C{ax} {ay} {bx} {by} {x1} {y1}")
}

#[function_component(EdgeView)]
pub fn edge_view(props: &EdgeViewProps) -> Html {
    let (x0, y0, x1, y1) = ports(props.from, props.to);
    let d = curve(x0, y0, x1, y1);
    let kind = match props.kind {
        EdgeKind::Publish => "publish",
        EdgeKind::Subscribe => "subscribe",
        EdgeKind::DeadLetter => "dead-letter",
        EdgeKind::Write => "write",
        EdgeKind::Call => "call",
    };
    let class = classes!("edge", kind, props.selected.then_some("selected"));
    html! {
        <g class={class} data-edge-id={props.id.0.to_string()} role="button" tabindex="0"
           aria-label={props.label.clone()} aria-pressed={props.selected.to_string()}>
            <path class="edge-hit" d={d.clone()} />
            <path class="edge-line" d={d} marker-end="url(#arrow)" />
        </g>
    }
}
