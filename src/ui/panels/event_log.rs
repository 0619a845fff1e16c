//! The event log and the trace view: recent hops from the engine's trace ring, filtered by
//! node, outcome and correlation id; a click on a row (or on a dot on the canvas) shows that
//! event's whole journey and highlights its path.

use yew::prelude::*;

use super::metrics::{format_t, outcome_label};
use super::outcome_list::OutcomeList;
use crate::engine::{Hop, HopOutcome, OutcomeKind};
use crate::scenario::{NodeId, Scenario};
use crate::ui::run::{use_run, RunCommand};
use crate::ui::state::use_editor;

/// Rows shown in the log.
const LOG_ROWS: usize = 200;

/// Outcome filters offered, as (value, label, matching outcomes). A hop also matches a filter
/// when its engine reason is of a kind the filter names (see [`REASON_FILTERS`]).
const OUTCOME_FILTERS: &[(&str, &str, &[HopOutcome])] = &[
    ("", "All outcomes", &[]),
    (
        "problems",
        "Problems only",
        &[
            HopOutcome::Lost,
            HopOutcome::Redelivered,
            HopOutcome::Duplicate,
            HopOutcome::Retried,
            HopOutcome::DeadLettered,
            HopOutcome::Crashed,
            HopOutcome::Revoked,
            HopOutcome::Expired,
        ],
    ),
    ("processed", "Processed", &[HopOutcome::Processed]),
    ("retried", "Retried", &[HopOutcome::Retried]),
    ("duplicate", "Duplicates", &[HopOutcome::Duplicate, HopOutcome::Redelivered]),
    ("dead", "Dead-lettered", &[HopOutcome::DeadLettered]),
    ("lost", "Lost or expired", &[HopOutcome::Lost, HopOutcome::Expired]),
];

/// Filters that also match hops by the kind of their reason: an at-most-once message lost by a
/// crash, an outage or a revocation is a `Crashed` or `Revoked` hop whose reason is a loss, and
/// a reader who asks for what was lost expects to see it.
const REASON_FILTERS: &[(&str, &[OutcomeKind])] =
    &[("lost", &[OutcomeKind::Lost, OutcomeKind::Expired]), ("dead", &[OutcomeKind::DeadLettered])];

/// Filters that list a whole run's outcomes from the engine's outcome index, with reasons.
const WHY_FILTERS: &[(&str, &str, OutcomeKind)] = &[
    ("why-lost", "Lost, whole run: why", OutcomeKind::Lost),
    ("why-expired", "Expired, whole run: why", OutcomeKind::Expired),
    ("why-dead", "Dead-lettered, whole run: why", OutcomeKind::DeadLettered),
    ("why-duplicate", "Duplicate side effects, whole run: why", OutcomeKind::DuplicateSideEffect),
];

fn node_name(s: &Scenario, id: NodeId) -> String {
    s.node(id).map(|n| n.name.clone()).unwrap_or_else(|| format!("node {}", id.0))
}

fn outcome_class(o: HopOutcome) -> &'static str {
    match o {
        HopOutcome::Lost
        | HopOutcome::Expired
        | HopOutcome::DeadLettered
        | HopOutcome::Duplicate => "bad",
        HopOutcome::Retried
        | HopOutcome::Redelivered
        | HopOutcome::Crashed
        | HopOutcome::Revoked => "warn",
        _ => "",
    }
}

/// Whether a hop that is not itself a loss (a crash, an outage, a revocation) lost the message
/// it held: an at-most-once delivery is never redelivered, and the engine gives such a hop a
/// loss reason.
fn lost_by(h: &Hop) -> bool {
    !matches!(h.outcome, HopOutcome::Lost | HopOutcome::Expired)
        && h.reason.is_some_and(|r| matches!(r.kind(), OutcomeKind::Lost | OutcomeKind::Expired))
}

fn hop_class(h: &Hop) -> &'static str {
    if lost_by(h) {
        "bad"
    } else {
        outcome_class(h.outcome)
    }
}

/// What the log is filtered by; each field as its control holds it (empty: no filter).
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    node: String,
    outcome: String,
    correlation: String,
    event_type: String,
    key: String,
}

impl Filters {
    /// Whether hop `h` passes every filter.
    fn keep(&self) -> impl Fn(&Hop) -> bool {
        let outcomes: &[HopOutcome] =
            OUTCOME_FILTERS.iter().find(|(v, _, _)| *v == self.outcome).map_or(&[], |(_, _, m)| m);
        let reasons: &[OutcomeKind] =
            REASON_FILTERS.iter().find(|(v, _)| *v == self.outcome).map_or(&[], |(_, k)| k);
        let node: Option<NodeId> = self.node.parse().ok().map(NodeId);
        let correlation: Option<u64> = self.correlation.trim().parse().ok();
        let event_type: Option<u8> = self.event_type.parse().ok();
        let key: Option<u32> = self.key.trim().parse().ok();
        move |h: &Hop| {
            (outcomes.is_empty()
                || outcomes.contains(&h.outcome)
                || h.reason.is_some_and(|r| reasons.contains(&r.kind())))
                && node.is_none_or(|n| h.node == n)
                && correlation.is_none_or(|c| h.correlation_id == c)
                && event_type.is_none_or(|t| h.event_type == t)
                && key.is_none_or(|k| h.key == Some(k))
        }
    }

    /// The whole-run "why" list the outcome filter asks for, if it asks for one.
    fn why(&self) -> Option<OutcomeKind> {
        WHY_FILTERS.iter().find(|(v, _, _)| *v == self.outcome).map(|(_, _, k)| *k)
    }
}

/// The latest hops that pass `f`, oldest first: fewer while playing. Filtered over a wider
/// window than shown so that rare outcomes still find rows.
fn filtered_hops(sim: &crate::engine::Simulation, f: &Filters, playing: bool) -> Vec<Hop> {
    let rows = if playing { LOG_ROWS / 2 } else { LOG_ROWS };
    let keep = f.keep();
    let mut hops: Vec<Hop> =
        sim.recent_hops(LOG_ROWS * 20).into_iter().filter(|h| keep(h)).collect();
    let first = hops.len().saturating_sub(rows);
    hops.drain(..first);
    hops
}

#[function_component(EventLog)]
pub fn event_log() -> Html {
    let run = use_run();
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let filters = use_state(Filters::default);
    {
        // A node's "why?": its whole-run list of that outcome, with reasons.
        let filters = filters.clone();
        use_effect_with(run.why, move |why| {
            if let Some(w) = why {
                let value = WHY_FILTERS.iter().find(|(_, _, k)| *k == w.kind).map(|(v, _, _)| *v);
                filters.set(Filters {
                    node: w.node.0.to_string(),
                    outcome: value.unwrap_or_default().to_owned(),
                    ..(*filters).clone()
                });
            }
        });
    }
    // Reading the log costs a scan of the trace ring and a table of rows: while playing, do
    // it once per simulated second at most (the panels refresh five times a second); the
    // same while a seek runs in slices.
    let (playing, now_us, can_run) = {
        let p = run.player.borrow();
        (p.busy(), p.now_us(), p.sim().is_some())
    };
    let key = (
        if playing { now_us / 1_000_000 } else { now_us },
        playing,
        (*filters).clone(),
        editor.editor.revision(),
    );
    let hops = {
        let player = run.player.clone();
        use_memo(key, move |(_, playing, f, _)| {
            player.borrow().sim().map(|sim| filtered_hops(sim, f, *playing)).unwrap_or_default()
        })
    };
    if !can_run {
        return Html::default();
    }
    let types: Vec<String> =
        run.player.borrow().sim().map(|s| s.event_types().to_vec()).unwrap_or_default();
    let trace =
        run.selected_event.and_then(|id| run.player.borrow().sim().and_then(|s| s.trace(id)));
    let why = filters.why();
    html! {
        <div class="events">
            <div class="log">
                { filters_view(&filters, &scenario, &types) }
                if let Some(kind) = why {
                    <OutcomeList {kind} node={filters.node.parse().ok().map(NodeId)} />
                } else {
                    { log_table(&hops, &scenario, &types, run.selected_event, &run.command) }
                }
            </div>
            if let Some(t) = trace {
                { trace_view(&t, &scenario, &types, &run.command) }
            }
        </div>
    }
}

/// The filter controls; each change sets one field of the filters.
fn filters_view(filters: &UseStateHandle<Filters>, scenario: &Scenario, types: &[String]) -> Html {
    let set = |field: fn(&mut Filters, String)| {
        let filters = filters.clone();
        Callback::from(move |value: String| {
            let mut f = (*filters).clone();
            field(&mut f, value);
            filters.set(f);
        })
    };
    let on_select = |field| {
        set(field)
            .reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())
    };
    let on_text = |field| {
        set(field)
            .reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
    };
    let f = &**filters;
    html! {
        <div class="log-filters" role="group" aria-label="Filter events">
            <select aria-label="Filter by node" onchange={on_select(|f, v| f.node = v)}>
                <option value="" selected={f.node.is_empty()}>{"All nodes"}</option>
                { for scenario.nodes.iter().map(|n| html! {
                    <option value={n.id.0.to_string()} selected={f.node == n.id.0.to_string()}>{ n.name.clone() }</option>
                }) }
            </select>
            <select aria-label="Filter by outcome" onchange={on_select(|f, v| f.outcome = v)}>
                { for OUTCOME_FILTERS.iter().map(|(v, l, _)| html! {
                    <option value={*v} selected={f.outcome == *v}>{ *l }</option>
                }) }
                <optgroup label="Whole run, with reasons">
                    { for WHY_FILTERS.iter().map(|(v, l, _)| html! {
                        <option value={*v} selected={f.outcome == *v}>{ *l }</option>
                    }) }
                </optgroup>
            </select>
            <select aria-label="Filter by event type" onchange={on_select(|f, v| f.event_type = v)}>
                <option value="" selected={f.event_type.is_empty()}>{"All event types"}</option>
                { for types.iter().enumerate().map(|(i, t)| html! {
                    <option value={i.to_string()} selected={f.event_type == i.to_string()}>{ t.clone() }</option>
                }) }
            </select>
            <input type="text" inputmode="numeric" placeholder="Key" aria-label="Filter by key"
                   value={f.key.clone()} oninput={on_text(|f, v| f.key = v)} />
            <input type="text" inputmode="numeric" placeholder="Correlation id" aria-label="Filter by correlation id"
                   value={f.correlation.clone()} oninput={on_text(|f, v| f.correlation = v)} />
        </div>
    }
}

fn type_name(types: &[String], t: u8) -> String {
    types.get(usize::from(t)).cloned().unwrap_or_default()
}

/// The log's rows, newest first; a click (or Enter or Space on a focused row) shows the trace.
fn log_table(
    shown: &[Hop],
    scenario: &Scenario,
    types: &[String],
    selected: Option<u64>,
    command: &Callback<RunCommand>,
) -> Html {
    let select = |id: u64| command.reform(move |_: MouseEvent| RunCommand::SelectEvent(Some(id)));
    let open_on_enter = |id: u64| {
        let command = command.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                e.stop_propagation();
                command.emit(RunCommand::SelectEvent(Some(id)));
            }
        })
    };
    html! {
        <>
        <table class="log-table" aria-label="Event log">
            <thead><tr><th>{"Time"}</th><th>{"Event"}</th><th>{"Type"}</th><th>{"Key"}</th><th>{"Flow"}</th><th>{"Node"}</th><th>{"Outcome"}</th></tr></thead>
            <tbody>
                { for shown.iter().enumerate().rev().map(|(i, h)| html! {
                    // Rows are keyed by their place counted from the oldest shown, plus what
                    // they say: two identical hops (a network duplicate) differ.
                    <tr key={format!("{i}-{}-{}", h.t_us, h.event_id)} onclick={select(h.event_id)}
                        onkeydown={open_on_enter(h.event_id)} class={classes!((selected == Some(h.event_id)).then_some("selected"))}
                        tabindex="0" aria-label={format!("Event {} at {}", h.event_id, format_t(h.t_us))}>
                        <td>{ format_t(h.t_us) }</td>
                        <td>{ format!("#{}", h.event_id) }</td>
                        <td>{ type_name(types, h.event_type) }</td>
                        <td>{ h.key.map(|k| k.to_string()).unwrap_or_else(|| "–".into()) }</td>
                        <td>{ format!("#{}", h.correlation_id) }</td>
                        <td>{ node_name(scenario, h.node) }</td>
                        <td class={hop_class(h)}>{ outcome_label(h.outcome) }
                            if lost_by(h) { {", lost"} }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
        if shown.is_empty() {
            <p class="muted">{"No events yet: press Play."}</p>
        }
        </>
    }
}

/// One event's whole journey, hop by hop, with the engine's words for why where it went wrong.
fn trace_view(
    t: &crate::engine::Trace,
    scenario: &Scenario,
    types: &[String],
    command: &Callback<RunCommand>,
) -> Html {
    let close = command.reform(|_: MouseEvent| RunCommand::SelectEvent(None));
    html! {
        <aside class="trace" aria-label="Trace">
            <div class="trace-head">
                <b>{ format!("Event #{}", t.event_id) }</b>
                if let Some(first) = t.hops.first() {
                    <span>{ type_name(types, first.event_type) }</span>
                    if let Some(k) = first.key { <span class="muted">{ format!("key {k}") }</span> }
                }
                <span class="muted">{ format!("correlation #{}", t.correlation_id) }</span>
                <span style="flex:1"></span>
                <button class="btn icon" aria-label="Close trace" onclick={close}>{"×"}</button>
            </div>
            <ol class="hops">
                { for t.hops.iter().map(|h| html! {
                    <li>
                        <span class="t">{ format_t(h.t_us) }</span>
                        <span class="node">{ node_name(scenario, h.node) }</span>
                        <span class={classes!("outcome", hop_class(h))}>
                            { outcome_label(h.outcome) }
                            if lost_by(h) { {", lost"} }
                            if matches!(h.outcome, HopOutcome::Delivered | HopOutcome::Retried) && h.detail > 1 {
                                { format!(" (attempt {})", h.detail) }
                            }
                        </span>
                        // The engine's words for why (lost, expired, dead-lettered,
                        // duplicated); the same text the command line prints.
                        if let Some(why) = &h.reason_text {
                            <span class="why">{ why.clone() }</span>
                        }
                    </li>
                }) }
            </ol>
        </aside>
    }
}
