//! A whole run's outcomes of one kind — lost, expired, dead-lettered, duplicate side effects —
//! from the engine's bounded outcome index rather than the hop ring (which keeps only recent
//! hops, so an early loss would not be found): the newest of every node, each with the engine's
//! reason in words, and the exact count over the run.

use yew::prelude::*;

use super::metrics::format_t;
use crate::engine::{OutcomeKind, OutcomeRecord, OUTCOME_INDEX_CAPACITY};
use crate::scenario::NodeId;
use crate::ui::run::{use_run, RunCommand};
use crate::ui::state::use_editor;

/// Rows shown.
const ROWS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct OutcomeListProps {
    pub kind: OutcomeKind,
    /// Only this node's outcomes (a database's: its writers'; a topic's: its readers'); all
    /// nodes when `None`.
    pub node: Option<NodeId>,
}

/// The newest records over the chosen nodes, newest first, and the exact total.
fn gather(
    sim: &crate::engine::Simulation,
    nodes: &[NodeId],
    kind: OutcomeKind,
) -> (Vec<OutcomeRecord>, u64) {
    let mut rows: Vec<OutcomeRecord> =
        nodes.iter().flat_map(|&n| sim.newest_outcomes(n, kind, ROWS)).collect();
    // Unstable: (time, event, node) is unique, and the stable sort's code is larger in wasm.
    rows.sort_unstable_by(|a, b| {
        (b.t_us, b.event_id, b.node.0).cmp(&(a.t_us, a.event_id, a.node.0))
    });
    rows.truncate(ROWS);
    let total = nodes.iter().map(|&n| sim.outcome_total(n, kind)).sum();
    (rows, total)
}

#[function_component(OutcomeList)]
pub fn outcome_list(props: &OutcomeListProps) -> Html {
    let run = use_run();
    let editor = use_editor();
    let scenario = editor.editor.scenario().clone();
    let (busy, now_us) = {
        let p = run.player.borrow();
        (p.busy(), p.now_us())
    };
    // As the log: while playing, once per simulated second at most.
    let key = (
        if busy { now_us / 1_000_000 } else { now_us },
        props.kind,
        props.node,
        editor.editor.revision(),
    );
    let nodes: Vec<NodeId> = match props.node {
        Some(n) => super::figures::outcome_nodes(&scenario, n),
        None => scenario.nodes.iter().map(|n| n.id).collect(),
    };
    let gathered = {
        let player = run.player.clone();
        use_memo(key, move |(_, kind, _, _)| {
            player.borrow().sim().map_or((Vec::new(), 0), |s| gather(s, &nodes, *kind))
        })
    };
    let (rows, total) = &*gathered;
    let types: Vec<String> =
        run.player.borrow().sim().map(|s| s.event_types().to_vec()).unwrap_or_default();
    let name = |id: NodeId| scenario.node(id).map(|n| n.name.clone()).unwrap_or_default();
    let select =
        |id: u64| run.command.reform(move |_: MouseEvent| RunCommand::SelectEvent(Some(id)));
    // Keyboard users open a trace with Enter or Space on a focused row, as in the log.
    let open_on_enter = |id: u64| {
        let command = run.command.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                command.emit(RunCommand::SelectEvent(Some(id)));
            }
        })
    };
    let label = props.kind.label();
    html! {
        <>
            <p class="muted outcome-total" role="status">
                { if *total as usize > rows.len() {
                    format!("{total} {label} over the whole run; the newest {} shown (each node keeps its newest {OUTCOME_INDEX_CAPACITY} with their reasons).", rows.len())
                } else {
                    format!("{total} {label} over the whole run.")
                } }
            </p>
            <table class="log-table" aria-label={format!("Why: {label}")}>
                <thead><tr><th>{"Time"}</th><th>{"Event"}</th><th>{"Type"}</th><th>{"Node"}</th><th>{"Why"}</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr key={format!("{}-{}-{}", r.t_us, r.event_id, r.node.0)} onclick={select(r.event_id)}
                            onkeydown={open_on_enter(r.event_id)} class={classes!((run.selected_event == Some(r.event_id)).then_some("selected"))}
                            tabindex="0" aria-label={format!("Event {} at {}: {}", r.event_id, format_t(r.t_us), r.text)}>
                            <td>{ format_t(r.t_us) }</td>
                            <td>{ format!("#{}", r.event_id) }</td>
                            <td>{ types.get(usize::from(r.event_type)).cloned().unwrap_or_default() }</td>
                            <td>{ name(r.node) }</td>
                            <td class="why">{ r.text.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </>
    }
}
