//! The inspector: every setting of the selected node or edge (or of the scenario when nothing
//! is selected), with units, defaults, one-line help and inline validation. Each change is one
//! `UpdateNode` / `UpdateEdge` action.

use yew::prelude::*;

use super::faults::Faults;
use super::fields::TextField;
use super::settings;
use crate::editor::Action;
use crate::scenario::{
    fields, limits, Edge, EdgeKind, GroupConfig, Mapping, Network, Node, NodeKind, NodeKindTag,
    Scenario, Severity,
};
use crate::ui::kinds;
use crate::ui::state::use_editor;

#[function_component(Inspector)]
pub fn inspector() -> Html {
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let selection = editor.editor.selection();
    let body = if let Some(node) = selection.single_node().and_then(|id| scenario.node(id)) {
        let on_kind = {
            let editor = editor.clone();
            let id = node.id;
            Callback::from(move |kind: NodeKind| editor.dispatch(Action::UpdateNode { id, kind }))
        };
        let on_name = {
            let editor = editor.clone();
            let id = node.id;
            Callback::from(move |name: String| editor.dispatch(Action::Rename { id, name }))
        };
        node_panel(&scenario, node, on_name, on_kind)
    } else if let Some(edge) = selection.single_edge().and_then(|id| scenario.edge(id)) {
        let on_edge = {
            let editor = editor.clone();
            Callback::from(move |e: Edge| editor.dispatch(Action::UpdateEdge(e)))
        };
        edge_panel(&scenario, edge, on_edge)
    } else if !selection.is_empty() {
        let del = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.dispatch(Action::DeleteSelection))
        };
        let dup = {
            let editor = editor.clone();
            Callback::from(move |_: MouseEvent| editor.dispatch(Action::DuplicateSelection))
        };
        html! {
            <div class="empty">
                <p>{ format!("{} nodes and {} edges selected.", selection.nodes.len(), selection.edges.len()) }</p>
                <div class="row">
                    <button class="btn" onclick={dup}>{"Duplicate"}</button>
                    <button class="btn" onclick={del}>{"Delete"}</button>
                </div>
            </div>
        }
    } else {
        scenario_panel(&scenario, &editor)
    };
    html! {
        <>
            <div class="panel-head"><span>{"Inspector"}</span></div>
            { body }
        </>
    }
}

fn problems_for(
    scenario: &Scenario,
    node: Option<crate::scenario::NodeId>,
    edge: Option<crate::scenario::EdgeId>,
) -> Html {
    let list: Vec<_> = scenario
        .validate()
        .into_iter()
        .filter(|p| (node.is_some() && p.node == node) || (edge.is_some() && p.edge == edge))
        .collect();
    if list.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="problems" aria-label="Problems">
            { for list.iter().map(|p| html! {
                <li class={if p.severity == Severity::Error { "error" } else { "warning" }}>
                    { if p.field.is_empty() { p.message.clone() } else { format!("{}: {}", p.field, p.message) } }
                </li>
            }) }
        </ul>
    }
}

fn scenario_panel(scenario: &Scenario, editor: &crate::ui::state::EditorHandle) -> Html {
    let on_title = {
        let editor = editor.clone();
        Callback::from(move |t: String| editor.dispatch(Action::SetTitle(t)))
    };
    let on_notes = {
        let editor = editor.clone();
        Callback::from(move |t: String| editor.dispatch(Action::SetNotes(t)))
    };
    let on_settings = {
        let editor = editor.clone();
        let (seed, duration) = (scenario.seed, scenario.duration_s);
        Callback::from(move |s: Scenario| {
            if s.seed != seed {
                editor.dispatch(Action::SetSeed(s.seed));
            }
            if s.duration_s != duration {
                editor.dispatch(Action::SetDuration(s.duration_s));
            }
        })
    };
    let problems = scenario.validate();
    html! {
        <>
            <div class="empty"><p>{"Select a node or an edge to edit its settings. Scenario settings:"}</p></div>
            <TextField label="Title" help="Shown in the header and in share links." value={scenario.title.clone()}
                       max_len={limits::MAX_NAME_LEN} on_commit={on_title} />
            <TextField label="Notes" help="What this scenario shows, for whoever opens it." multiline=true
                       value={scenario.notes.clone()} max_len={limits::MAX_NOTES_LEN} on_commit={on_notes} />
            <super::checks::ChecksList editable=true />
            <super::story::StoryEditor />
            { settings::settings(fields::SCENARIO, scenario, NodeKindTag::Producer, &on_settings) }
            <dl class="kv stats">
                <dt>{"Nodes"}</dt><dd>{ scenario.nodes.len() }</dd>
                <dt>{"Edges"}</dt><dd>{ scenario.edges.len() }</dd>
                <dt>{"Problems"}</dt><dd>{ problems.len() }</dd>
            </dl>
            if !problems.is_empty() {
                <ul class="problems" aria-label="Problems">
                    { for problems.iter().take(20).map(|p| html! {
                        <li class={if p.severity == Severity::Error { "error" } else { "warning" }}>{ p.to_string() }</li>
                    }) }
                </ul>
            }
        </>
    }
}

fn node_panel(
    scenario: &Scenario,
    node: &Node,
    on_name: Callback<String>,
    on_kind: Callback<NodeKind>,
) -> Html {
    let tag = node.kind.tag();
    let settings = match &node.kind {
        NodeKind::Producer(p) => {
            settings::settings(fields::PRODUCER, p, tag, &on_kind.reform(NodeKind::Producer))
        }
        NodeKind::Topic(t) => {
            settings::settings(fields::TOPIC, t, tag, &on_kind.reform(NodeKind::Topic))
        }
        NodeKind::DeadLetterQueue(t) => {
            settings::settings(fields::TOPIC, t, tag, &on_kind.reform(NodeKind::DeadLetterQueue))
        }
        NodeKind::ConsumerGroup(g) => group_fields(g, tag, on_kind.reform(NodeKind::ConsumerGroup)),
        NodeKind::Service(g) => group_fields(g, tag, on_kind.reform(NodeKind::Service)),
        NodeKind::Projection(g) => group_fields(g, tag, on_kind.reform(NodeKind::Projection)),
        NodeKind::Database(d) => {
            settings::settings(fields::DATABASE, d, tag, &on_kind.reform(NodeKind::Database))
        }
        NodeKind::Outbox(o) => {
            settings::settings(fields::OUTBOX, o, tag, &on_kind.reform(NodeKind::Outbox))
        }
    };
    html! {
        <div class="node-panel" key={format!("node-{}", node.id.0)}>
            <div class="inspector-kind" style={format!("--kind: var({})", kinds::css_var(tag))}>
                <span class="kind-icon">{ kinds::icon(tag) }</span>
                <span>{ kinds::title(tag) }</span>
            </div>
            { problems_for(scenario, Some(node.id), None) }
            <super::figures::NodeFigures node={node.id} kind={tag} />
            <Faults node={node.clone()} />
            <TextField label="Name" help="Shown on the canvas. Double-click a node to rename it there."
                       value={node.name.clone()} max_len={limits::MAX_NAME_LEN} required=true on_commit={on_name} />
            { settings }
        </div>
    }
}

fn group_fields(g: &GroupConfig, tag: NodeKindTag, on: Callback<GroupConfig>) -> Html {
    html! {
        <>
            { settings::settings(fields::GROUP, g, tag, &on) }
            if tag == NodeKindTag::Service {
                { mappings_editor(g, on) }
            }
        </>
    }
}

/// A change to a service's list of rules.
type RuleEdit = Box<dyn Fn(&mut Vec<Mapping>)>;

/// A service's rules, one group of fields each (input, outputs, the `otherwise` branch and
/// its probability), with Add and Remove.
fn mappings_editor(g: &GroupConfig, on: Callback<GroupConfig>) -> Html {
    let with = |change: RuleEdit| {
        let (g, on) = (g.clone(), on.clone());
        Callback::from(move |_: MouseEvent| {
            let mut c = g.clone();
            change(&mut c.mappings);
            on.emit(c);
        })
    };
    let full = g.mappings.len() >= limits::MAX_MAPPINGS;
    let add = with(Box::new(|ms| ms.push(Mapping::default())));
    html! {
        <fieldset class="rules">
            <legend>{"Emits"}</legend>
            if g.mappings.is_empty() {
                <p class="help">{"No rules: it consumes events and emits nothing."}</p>
            }
            { for g.mappings.iter().enumerate().map(|(i, m)| {
                let on_rule = {
                    let (g, on) = (g.clone(), on.clone());
                    Callback::from(move |m: Mapping| {
                        let mut c = g.clone();
                        if let Some(slot) = c.mappings.get_mut(i) {
                            *slot = m;
                        }
                        on.emit(c);
                    })
                };
                let remove = with(Box::new(move |ms| {
                    if i < ms.len() {
                        ms.remove(i);
                    }
                }));
                let scope = format!("rule {} ", i + 1);
                html! {
                    <div class="rule" role="group" aria-label={format!("Rule {}", i + 1)}>
                        { settings::scoped(fields::MAPPING, m, NodeKindTag::Service, &on_rule, &scope) }
                        <button class="btn" onclick={remove}>{ format!("Remove rule {}", i + 1) }</button>
                    </div>
                }
            }) }
            <button class="btn" disabled={full} onclick={add}>{"Add rule"}</button>
        </fieldset>
    }
}

fn edge_panel(scenario: &Scenario, e: &Edge, on: Callback<Edge>) -> Html {
    let name = |id| scenario.node(id).map(|n| n.name.clone()).unwrap_or_default();
    let what = match e.kind {
        EdgeKind::Publish => "publishes to",
        EdgeKind::Subscribe => "is read by",
        EdgeKind::DeadLetter => "dead-letters to",
        EdgeKind::Write => "writes to",
        EdgeKind::Call => "calls",
    };
    let on_network = {
        let (e, on) = (e.clone(), on.clone());
        Callback::from(move |n: Network| on.emit(Edge { network: n, ..e.clone() }))
    };
    html! {
        <div class="edge-panel" key={format!("edge-{}", e.id.0)}>
            <div class="inspector-kind"><span>{ format!("{} {what} {}", name(e.from), name(e.to)) }</span></div>
            { problems_for(scenario, None, Some(e.id)) }
            { settings::settings(fields::NETWORK, &e.network, NodeKindTag::Topic, &on_network) }
            { settings::text(&fields::EDGE_EVENT_TYPES, e, &on, AttrValue::default()) }
        </div>
    }
}
