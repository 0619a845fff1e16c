//! The inspector: every setting of the selected node or edge (or of the scenario when nothing
//! is selected), with units, defaults, one-line help and inline validation. Each change is one
//! `UpdateNode` / `UpdateEdge` action.

use yew::prelude::*;

use super::faults::Faults;
use super::fields::{NumField, SelectField, TextField};
use crate::editor::Action;
use crate::scenario::{
    limits, Arrival, Assignment, Backoff, DatabaseConfig, Distribution, Edge, EdgeKind,
    GroupConfig, Guarantee, KeyDistribution, Mapping, Node, NodeKind, NodeKindTag, OutboxConfig,
    ProducerConfig, Scenario, Severity, TopicConfig,
};
use crate::ui::kinds;
use crate::ui::state::use_editor;

/// Builds a callback that copies `cfg`, applies `body` with the new value, and emits the copy.
macro_rules! set {
    ($cfg:expr, $on:expr, |$c:ident, $v:ident : $t:ty| $body:expr) => {{
        let cfg = $cfg.clone();
        let on = $on.clone();
        Callback::from(move |$v: $t| {
            let mut $c = cfg.clone();
            $body;
            on.emit($c)
        })
    }};
}

/// Probability fields show percent; the scenario stores 0..=1.
fn pct(p: f64) -> f64 {
    p * 100.0
}

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
    let on_seed = {
        let editor = editor.clone();
        Callback::from(move |v: f64| editor.dispatch(Action::SetSeed(v as u64)))
    };
    let on_duration = {
        let editor = editor.clone();
        Callback::from(move |v: f64| editor.dispatch(Action::SetDuration(Some(v))))
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
            <NumField label="Seed" help="Same seed, same run: change it to see another random run."
                      value={scenario.seed as f64} min=0.0 max={9_007_199_254_740_991.0} integer=true on_commit={on_seed} />
            <NumField label="Run length" unit="s" help="Simulated time the run covers; the timeline spans it. Default 60."
                      value={scenario.run_duration_s()} min=0.001 max={limits::MAX_DURATION_S} on_commit={on_duration} />
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
        NodeKind::Producer(p) => producer_fields(p, on_kind.reform(NodeKind::Producer)),
        NodeKind::Topic(t) => topic_fields(t, on_kind.reform(NodeKind::Topic)),
        NodeKind::DeadLetterQueue(t) => topic_fields(t, on_kind.reform(NodeKind::DeadLetterQueue)),
        NodeKind::ConsumerGroup(g) => group_fields(g, tag, on_kind.reform(NodeKind::ConsumerGroup)),
        NodeKind::Service(g) => group_fields(g, tag, on_kind.reform(NodeKind::Service)),
        NodeKind::Projection(g) => group_fields(g, tag, on_kind.reform(NodeKind::Projection)),
        NodeKind::Database(d) => database_fields(d, on_kind.reform(NodeKind::Database)),
        NodeKind::Outbox(o) => outbox_fields(o, on_kind.reform(NodeKind::Outbox)),
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

fn producer_fields(p: &ProducerConfig, on: Callback<ProducerConfig>) -> Html {
    let arrival = match p.arrival {
        Arrival::Constant => "constant",
        Arrival::Poisson => "poisson",
        Arrival::Bursts => "bursts",
        Arrival::Manual => "manual",
    };
    let keys = match p.key_distribution {
        KeyDistribution::Uniform => "uniform",
        KeyDistribution::Zipf => "zipf",
        KeyDistribution::HotKey => "hot_key",
    };
    let command_hint = looks_like_command(&p.event_type);
    html! {
        <>
            <TextField label="Event type" value={p.event_type.clone()} max_len={limits::MAX_NAME_LEN} required=true
                       help={command_hint.unwrap_or("A fact in the past tense, such as OrderCreated.")}
                       on_commit={set!(p, on, |c, v: String| c.event_type = v.trim().to_owned())} />
            <SelectField label="Arrival" value={arrival}
                         help="How events are spaced in time."
                         options={vec![("poisson", "Poisson (random gaps)"), ("constant", "Constant rate"),
                                       ("bursts", "Bursts"), ("manual", "By hand")]}
                         on_change={set!(p, on, |c, v: String| c.arrival = match v.as_str() {
                             "constant" => Arrival::Constant, "bursts" => Arrival::Bursts,
                             "manual" => Arrival::Manual, _ => Arrival::Poisson })} />
            if matches!(p.arrival, Arrival::Constant | Arrival::Poisson) {
                <NumField label="Rate" unit="events/s" help="Mean events per second. Default 10."
                          value={p.rate_per_s} min=0.0 max={limits::MAX_RATE_PER_S}
                          on_commit={set!(p, on, |c, v: f64| c.rate_per_s = v)} />
            }
            if p.arrival == Arrival::Bursts {
                <NumField label="Burst size" unit="events" help="Events emitted at once. Default 10."
                          value={f64::from(p.burst_size)} min=1.0 max={f64::from(limits::MAX_BURST_SIZE)} integer=true
                          on_commit={set!(p, on, |c, v: f64| c.burst_size = v as u32)} />
                <NumField label="Burst interval" unit="s" help="Time between bursts. Default 1."
                          value={p.burst_interval_s} min=0.001 max={limits::MAX_TIME_S}
                          on_commit={set!(p, on, |c, v: f64| c.burst_interval_s = v)} />
            }
            <NumField label="Key space" unit="keys" help="Distinct keys (e.g. order ids); 0 sends events without a key, round-robin."
                      value={f64::from(p.key_space)} min=0.0 max={f64::from(limits::MAX_KEY_SPACE)} integer=true
                      on_commit={set!(p, on, |c, v: f64| c.key_space = v as u32)} />
            <SelectField label="Key distribution" value={keys} help="How keys are picked: uniform, a few hot ones, or one hot key."
                         options={vec![("uniform", "Uniform"), ("zipf", "Zipf (skewed)"), ("hot_key", "One hot key")]}
                         on_change={set!(p, on, |c, v: String| c.key_distribution = match v.as_str() {
                             "zipf" => KeyDistribution::Zipf, "hot_key" => KeyDistribution::HotKey,
                             _ => KeyDistribution::Uniform })} />
            <NumField label="Poison messages" unit="%" help="Share of events that fail every attempt. Default 0."
                      value={pct(p.poison_probability)} min=0.0 max=100.0
                      on_commit={set!(p, on, |c, v: f64| c.poison_probability = v / 100.0)} />
            <NumField label="Schema version" unit="" help="Payload version emitted. Default 1."
                      value={f64::from(p.schema_version)} min=1.0 max={f64::from(limits::MAX_SCHEMA_VERSION)} integer=true
                      on_commit={set!(p, on, |c, v: f64| c.schema_version = v as u32)} />
            <NumField label="Crash between write and publish" unit="%"
                      help="Dual write: the database is written, the event never sent. An outbox fixes it."
                      value={pct(p.crash_between_write_and_publish_probability)} min=0.0 max=100.0
                      on_commit={set!(p, on, |c, v: f64| c.crash_between_write_and_publish_probability = v / 100.0)} />
            <NumField label="Request handling" unit="ms" help="Time to store the request before answering. Default 0."
                      value={p.handle_ms} min=0.0 max=60000.0
                      on_commit={set!(p, on, |c, v: f64| c.handle_ms = v)} />
            <NumField label="Start" unit="s" help="When it starts emitting. Default 0."
                      value={p.start_s} min=0.0 max={limits::MAX_TIME_S}
                      on_commit={set!(p, on, |c, v: f64| c.start_s = v)} />
        </>
    }
}

/// A gentle note when an event type reads like a command (`CreateOrder`) rather than a fact.
fn looks_like_command(name: &str) -> Option<&'static str> {
    const VERBS: &[&str] = &[
        "Create", "Update", "Delete", "Send", "Process", "Do", "Make", "Charge", "Reserve",
        "Cancel", "Register", "Place", "Ship",
    ];
    let starts_with_verb = VERBS.iter().any(|v| name.starts_with(v));
    let past = name.ends_with("ed")
        || name.ends_with("Sent")
        || name.ends_with("Made")
        || name.ends_with("Done");
    (starts_with_verb && !past)
        .then_some("This reads like a command; events are facts in the past tense (OrderCreated).")
}

fn topic_fields(t: &TopicConfig, on: Callback<TopicConfig>) -> Html {
    html! {
        <>
            <NumField label="Partitions" unit="" help="The key picks the partition; each is read by one instance of a group."
                      value={f64::from(t.partitions)} min=1.0 max={f64::from(limits::MAX_PARTITIONS)} integer=true
                      on_commit={set!(t, on, |c, v: f64| c.partitions = v as u32)} />
            <NumField label="Retention" unit="s" help="Events older than this are removed, read or not. Default 7 days."
                      value={t.retention_s} min=1.0 max={limits::MAX_RETENTION_S}
                      on_commit={set!(t, on, |c, v: f64| c.retention_s = v)} />
        </>
    }
}

fn group_fields(g: &GroupConfig, tag: NodeKindTag, on: Callback<GroupConfig>) -> Html {
    let guarantee = match g.guarantee {
        Guarantee::AtMostOnce => "at_most_once",
        Guarantee::AtLeastOnce => "at_least_once",
        Guarantee::EffectivelyOnce => "effectively_once",
    };
    let dist = match g.processing.distribution {
        Distribution::Fixed => "fixed",
        Distribution::Uniform => "uniform",
        Distribution::Exponential => "exponential",
        Distribution::LogNormal => "log_normal",
    };
    let backoff = match g.retry.backoff {
        Backoff::Fixed => "fixed",
        Backoff::Exponential => "exponential",
    };
    let assignment = match g.assignment {
        Assignment::Range => "range",
        Assignment::RoundRobin => "round_robin",
    };
    html! {
        <>
            <SelectField label="Delivery guarantee" value={guarantee}
                         help="At-most-once acks first; at-least-once acks after; effectively-once adds a dedup store."
                         options={vec![("at_most_once", "At-most-once"), ("at_least_once", "At-least-once"),
                                       ("effectively_once", "Effectively-once")]}
                         on_change={set!(g, on, |c, v: String| c.guarantee = match v.as_str() {
                             "at_most_once" => Guarantee::AtMostOnce,
                             "effectively_once" => Guarantee::EffectivelyOnce,
                             _ => Guarantee::AtLeastOnce })} />
            if g.guarantee == Guarantee::EffectivelyOnce {
                <NumField label="Dedup window" unit="s"
                          help="How long the dedup store remembers an event id; a later duplicate is applied again. Default 86,400 (a day)."
                          value={g.dedup_window_s} min=0.001 max={limits::MAX_TIME_S}
                          on_commit={set!(g, on, |c, v: f64| c.dedup_window_s = v)} />
            }
            <NumField label="Instances" unit="" help="Consumers in the group; partitions are shared among them."
                      value={f64::from(g.instances)} min=1.0 max={f64::from(limits::MAX_INSTANCES)} integer=true
                      on_commit={set!(g, on, |c, v: f64| c.instances = v as u32)} />
            <NumField label="Concurrency" unit="per instance" help="Messages processed at once; above 1, order can break."
                      value={f64::from(g.concurrency)} min=1.0 max={f64::from(limits::MAX_CONCURRENCY)} integer=true
                      on_commit={set!(g, on, |c, v: f64| c.concurrency = v as u32)} />
            <SelectField label="Processing time" value={dist} help="Distribution of the time one message takes."
                         options={vec![("fixed", "Fixed"), ("uniform", "Uniform"), ("exponential", "Exponential"),
                                       ("log_normal", "Log-normal")]}
                         on_change={set!(g, on, |c, v: String| c.processing.distribution = match v.as_str() {
                             "uniform" => Distribution::Uniform, "exponential" => Distribution::Exponential,
                             "log_normal" => Distribution::LogNormal, _ => Distribution::Fixed })} />
            <NumField label="Mean processing time" unit="ms" help="Average time per message. Default 10."
                      value={g.processing.mean_ms} min=0.0 max={limits::MAX_TIME_S * 1000.0}
                      on_commit={set!(g, on, |c, v: f64| c.processing.mean_ms = v)} />
            <NumField label="Max attempts" unit="" help="Attempts before the message is dead-lettered. Default 3."
                      value={f64::from(g.retry.max_attempts)} min=1.0 max={f64::from(limits::MAX_ATTEMPTS)} integer=true
                      on_commit={set!(g, on, |c, v: f64| c.retry.max_attempts = v as u32)} />
            <SelectField label="Backoff" value={backoff} help="Wait between attempts: fixed, or growing each time."
                         options={vec![("exponential", "Exponential"), ("fixed", "Fixed")]}
                         on_change={set!(g, on, |c, v: String| c.retry.backoff =
                             if v == "fixed" { Backoff::Fixed } else { Backoff::Exponential })} />
            <NumField label="Initial backoff" unit="ms" help="Wait before the second attempt. Default 100."
                      value={g.retry.initial_backoff_ms} min=0.0 max={limits::MAX_TIME_S * 1000.0}
                      on_commit={set!(g, on, |c, v: f64| c.retry.initial_backoff_ms = v)} />
            <NumField label="Jitter" unit="%" help="Random share taken off each wait, to spread retries. Default 0."
                      value={pct(g.retry.jitter)} min=0.0 max=100.0
                      on_commit={set!(g, on, |c, v: f64| c.retry.jitter = v / 100.0)} />
            <NumField label="Transient failures" unit="%" help="Share of attempts that fail and are retried. Default 0."
                      value={pct(g.failure_probability)} min=0.0 max=100.0
                      on_commit={set!(g, on, |c, v: f64| c.failure_probability = v / 100.0)} />
            <NumField label="Crash before side effect" unit="%" help="Instance crashes mid-processing, before the effect."
                      value={pct(g.crash_before_side_effect_probability)} min=0.0 max=100.0
                      on_commit={set!(g, on, |c, v: f64| c.crash_before_side_effect_probability = v / 100.0)} />
            <NumField label="Crash after side effect" unit="%" help="Crashes after the effect, before the ack: redelivery duplicates it."
                      value={pct(g.crash_after_side_effect_probability)} min=0.0 max=100.0
                      on_commit={set!(g, on, |c, v: f64| c.crash_after_side_effect_probability = v / 100.0)} />
            <SelectField label="Partition assignment" value={assignment} help="How partitions are shared among instances."
                         options={vec![("range", "Range"), ("round_robin", "Round-robin")]}
                         on_change={set!(g, on, |c, v: String| c.assignment =
                             if v == "round_robin" { Assignment::RoundRobin } else { Assignment::Range })} />
            <NumField label="Session timeout" unit="s" help="Time before a crashed instance's partitions move. Default 10."
                      value={g.session_timeout_s} min=0.0 max={limits::MAX_TIME_S}
                      on_commit={set!(g, on, |c, v: f64| c.session_timeout_s = v)} />
            <NumField label="Newest schema understood" unit="" help="0 = any. A newer event fails every attempt."
                      value={f64::from(g.max_schema_version.unwrap_or(0))} min=0.0 max={f64::from(limits::MAX_SCHEMA_VERSION)} integer=true
                      on_commit={set!(g, on, |c, v: f64| c.max_schema_version = (v >= 1.0).then_some(v as u32))} />
            if tag == NodeKindTag::Service {
                <TextField label="Emits" multiline=true max_len={2000}
                           help="One line per rule: Input -> Output, Output2 (an empty input matches every event)."
                           value={mappings_text(&g.mappings)}
                           on_commit={set!(g, on, |c, v: String| c.mappings = parse_mappings(&v))} />
            }
        </>
    }
}

/// Service mappings as editable lines: `OrderCreated -> PaymentAuthorized, InventoryReserved`.
fn mappings_text(ms: &[Mapping]) -> String {
    ms.iter()
        .map(|m| format!("{} -> {}", m.input, m.outputs.join(", ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_mappings(text: &str) -> Vec<Mapping> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(limits::MAX_MAPPINGS)
        .map(|line| {
            let (input, outputs) = line.split_once("->").unwrap_or((line, ""));
            Mapping {
                input: input.trim().to_owned(),
                outputs: outputs
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .take(limits::MAX_OUTPUTS)
                    .map(str::to_owned)
                    .collect(),
                ..Mapping::default()
            }
        })
        .collect()
}

fn database_fields(d: &DatabaseConfig, on: Callback<DatabaseConfig>) -> Html {
    html! {
        <NumField label="Capacity" unit="writes/s" help="Writes per second before it overloads; 0 = unlimited."
                  value={d.capacity_per_s} min=0.0 max={limits::MAX_RATE_PER_S}
                  on_commit={set!(d, on, |c, v: f64| c.capacity_per_s = v)} />
    }
}

fn outbox_fields(o: &OutboxConfig, on: Callback<OutboxConfig>) -> Html {
    html! {
        <>
            <NumField label="Relay interval" unit="ms" help="How often the relay polls the outbox table. Default 100."
                      value={o.relay_interval_ms} min=1.0 max={limits::MAX_TIME_S * 1000.0}
                      on_commit={set!(o, on, |c, v: f64| c.relay_interval_ms = v)} />
            <NumField label="Relay batch" unit="rows" help="Most rows published per poll. Default 100."
                      value={f64::from(o.relay_batch)} min=1.0 max=100000.0 integer=true
                      on_commit={set!(o, on, |c, v: f64| c.relay_batch = v as u32)} />
            <NumField label="Relay crash" unit="%" help="Crash after publishing, before marking sent: the batch goes again."
                      value={pct(o.relay_crash_probability)} min=0.0 max=100.0
                      on_commit={set!(o, on, |c, v: f64| c.relay_crash_probability = v / 100.0)} />
        </>
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
    html! {
        <div class="edge-panel" key={format!("edge-{}", e.id.0)}>
            <div class="inspector-kind"><span>{ format!("{} {what} {}", name(e.from), name(e.to)) }</span></div>
            { problems_for(scenario, None, Some(e.id)) }
            <NumField label="Delay" unit="ms" help="One-way network delay. Default 1."
                      value={e.network.delay_us as f64 / 1000.0} min=0.0 max={limits::MAX_TIME_S * 1000.0}
                      on_commit={set!(e, on, |c, v: f64| c.network.delay_us = (v * 1000.0).round() as u64)} />
            <NumField label="Jitter" unit="ms" help="Extra random delay, up to this much. Default 0."
                      value={e.network.jitter_us as f64 / 1000.0} min=0.0 max={limits::MAX_TIME_S * 1000.0}
                      on_commit={set!(e, on, |c, v: f64| c.network.jitter_us = (v * 1000.0).round() as u64)} />
            <NumField label="Drop" unit="%" help="Share of messages lost on the way. Default 0."
                      value={pct(e.network.drop_probability)} min=0.0 max=100.0
                      on_commit={set!(e, on, |c, v: f64| c.network.drop_probability = v / 100.0)} />
            <NumField label="Duplicate" unit="%" help="Share delivered twice (a producer retry after a lost ack). Default 0."
                      value={pct(e.network.duplicate_probability)} min=0.0 max=100.0
                      on_commit={set!(e, on, |c, v: f64| c.network.duplicate_probability = v / 100.0)} />
            <TextField label="Event types" help="Only these types travel this edge (comma-separated); empty = all."
                       value={e.event_types.join(", ")} max_len={2000}
                       on_commit={set!(e, on, |c, v: String| c.event_types = v.split(',')
                           .map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())} />
        </div>
    }
}
