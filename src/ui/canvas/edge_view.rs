//! One edge on the canvas: a curve from the source's output port to the target's input port.

use yew::prelude::*;

use crate::editor::NODE_W;
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

/// Control points of an edge leaving (x0, y0) rightwards and entering (x1, y1) from the left.
/// The SVG path and the particle layer both use it, so dots ride exactly on the drawn curve.
pub fn bezier(x0: f64, y0: f64, x1: f64, y1: f64) -> [(f64, f64); 4] {
    let pull = ((x1 - x0).abs() / 2.0).max(60.0);
    [(x0, y0), (x0 + pull, y0), (x1 - pull, y1), (x1, y1)]
}

/// The point at parameter `t` (0..=1) of a cubic Bézier curve.
pub fn point_at(c: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
    )
}

/// The SVG path of an edge leaving (x0, y0) rightwards and entering (x1, y1) from the left.
pub fn curve(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    let [_, (cx0, _), (cx1, _), _] = bezier(x0, y0, x1, y1);
    format!("M{x0} {y0} C{cx0} {y0} {cx1} {y1} {x1} {y1}")
}

/// Port positions for an edge between two node centres.
pub fn ports(from: (f64, f64), to: (f64, f64)) -> (f64, f64, f64, f64) {
    (from.0 + NODE_W / 2.0, from.1, to.0 - NODE_W / 2.0 - 3.0, to.1)
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
