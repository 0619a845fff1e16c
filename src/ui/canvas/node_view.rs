//! One node on the canvas: a memoised component, so a change to one node re-renders one node.

use yew::prelude::*;

use crate::editor::geometry::{fit_width, name_label, NameLabel, NAME_MAX_W};
use crate::editor::{NODE_H, NODE_W};
use crate::engine::NodeState;
use crate::scenario::{Node, NodeKind, NodeKindTag};
use crate::ui::kinds;

/// The line under the name is regular 11.5 px (`.node-sub` in app.css), about as wide as the
/// semibold the width estimate is made for at 10.5 px.
const SUB_FONT_PX: f64 = 10.5;
/// Most partition bars or instance dots drawn on a node; more are summarised as "+n".
const MAX_MARKS: u32 = 12;

/// Whether a node would accept the edge being dragged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DropHint {
    None,
    Accepts,
    Refuses,
}

#[derive(Properties, PartialEq)]
pub struct NodeViewProps {
    pub node: Node,
    pub selected: bool,
    /// Drag offset in world units, drawn until the drop commits it.
    pub offset: (f64, f64),
    pub hint: DropHint,
    /// Validation problems of this node, one sentence each.
    pub problems: Vec<String>,
    /// The run's state of this node when it is not simply up (crashed, down, degraded).
    #[prop_or_default]
    pub run_state: Option<NodeState>,
    /// The story's current step points at this node.
    #[prop_or_default]
    pub highlighted: bool,
}

/// Whether nodes of `kind` have an input port (something can point at them).
pub fn has_input(kind: NodeKindTag) -> bool {
    kind != NodeKindTag::Producer
}

/// Whether nodes of `kind` have an output port.
pub fn has_output(kind: NodeKindTag) -> bool {
    kind != NodeKindTag::Database
}

#[function_component(NodeView)]
pub fn node_view(props: &NodeViewProps) -> Html {
    let n = &props.node;
    let tag = n.kind.tag();
    let (x, y) = (n.x + props.offset.0, n.y + props.offset.1);
    let (left, top) = (x - NODE_W / 2.0, y - NODE_H / 2.0);
    let class = classes!(
        "node",
        props.selected.then_some("selected"),
        props.highlighted.then_some("highlighted"),
        match props.hint {
            DropHint::Accepts => Some("accepts"),
            DropHint::Refuses => Some("refuses"),
            DropHint::None => None,
        },
        (!props.problems.is_empty()).then_some("invalid"),
        props.run_state.map(state_word),
    );
    let mut label = format!("{} — {}", n.name, kinds::title(tag));
    if let Some(state) = props.run_state {
        label.push_str(" — ");
        label.push_str(state_word(state));
    }
    let marks = marks(&n.kind);
    let name = name_label(&n.name);
    let two_lines = name.lines.len() > 1;
    html! {
        <g class={class} data-node-id={n.id.0.to_string()} transform={format!("translate({left} {top})")}
           style={format!("--kind: var({})", kinds::css_var(tag))}
           role="button" tabindex="0" aria-label={label} aria-pressed={props.selected.to_string()}>
            <rect class="node-box" width={NODE_W.to_string()} height={NODE_H.to_string()} rx="12" />
            <rect class="node-stripe" width="5" height={(NODE_H - 16.0).to_string()} x="0" y="8" rx="2.5" />
            <g class="node-icon" transform="translate(14 12)">
                <rect width="26" height="26" rx="7" />
                <g transform="translate(4 4)"><svg width="18" height="18" viewBox="0 0 24 24">{ kinds::icon(tag) }</svg></g>
            </g>
            { name_text(&name) }
            <text class="node-sub" x="48" y={if two_lines { "47" } else { "41" }}>{ fit_width(&kinds::summary(&n.kind), SUB_FONT_PX, NAME_MAX_W) }</text>
            { marks }
            if !props.problems.is_empty() {
                <g class="node-badge" transform={format!("translate({} -6)", NODE_W - 10.0)}>
                    <title>{ props.problems.join("\n") }</title>
                    <circle r="9" cx="0" cy="6" />
                    <text x="0" y="10" text-anchor="middle">{"!"}</text>
                </g>
            }
            if has_input(tag) {
                <circle class="port in" data-port="in" cx="0" cy={(NODE_H / 2.0).to_string()} r="6" />
            }
            if has_output(tag) {
                <circle class="port out" data-port="out" cx={NODE_W.to_string()} cy={(NODE_H / 2.0).to_string()} r="6"
                        aria-label={format!("Connect from {}", n.name)} />
            }
        </g>
    }
}

/// The word for a run state, in the node's accessible name and class.
fn state_word(s: NodeState) -> &'static str {
    match s {
        NodeState::Up => "up",
        NodeState::Degraded => "degraded",
        NodeState::Down => "down",
        NodeState::Crashed => "crashed",
    }
}

/// Partition bars (topics) or instance dots (groups) along the bottom of the node.
fn marks(kind: &NodeKind) -> Html {
    let (count, bars) = match kind {
        NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) => (t.partitions, true),
        NodeKind::ConsumerGroup(g) | NodeKind::Service(g) | NodeKind::Projection(g) => {
            (g.instances, false)
        }
        _ => return Html::default(),
    };
    let shown = count.min(MAX_MARKS);
    let y = NODE_H - 15.0;
    html! {
        <g class={if bars { "marks partitions" } else { "marks instances" }} transform={format!("translate(48 {y})")}>
            { for (0..shown).map(|i| {
                let x = f64::from(i) * 9.0;
                if bars {
                    html! { <rect x={x.to_string()} y="0" width="6" height="8" rx="1.5" /> }
                } else {
                    html! { <circle cx={(x + 3.0).to_string()} cy="4" r="3.2" /> }
                }
            }) }
            if count > shown {
                <text x={(f64::from(shown) * 9.0 + 2.0).to_string()} y="8">{ format!("+{}", count - shown) }</text>
            }
        </g>
    }
}

/// The node's name on one line, or on two at the size `name_label` chose: never cut at the end,
/// where names that differ usually do.
fn name_text(label: &NameLabel) -> Html {
    // Smaller sizes are classes (`.node-name.s12`, `.s11` in app.css).
    let class = if label.font_px < 11.5 {
        "node-name s11"
    } else if label.font_px < 12.5 {
        "node-name s12"
    } else {
        "node-name"
    };
    match label.lines.as_slice() {
        [first, second] => html! {
            <text class={class} x="48" y="19">
                <tspan x="48">{ first.clone() }</tspan>
                <tspan x="48" dy="14">{ second.clone() }</tspan>
            </text>
        },
        lines => html! { <text class={class} x="48" y="24">{ lines.concat() }</text> },
    }
}
