//! A node's figures, live: the full set in the inspector when it is selected (a topic's
//! partitions with each reader's lag too), one key figure on the canvas, and the per-node
//! figures an embed's `metrics=` names. Which figures a kind has, their labels and units come
//! from the scenario's one table ([`CheckFigure`]); their values from the engine
//! ([`Simulation::figure`]), for the selected node only.

use yew::prelude::*;

use crate::engine::{OutcomeKind, PartitionSnapshot, Simulation};
use crate::scenario::{
    format_count, format_value, CheckFigure, EdgeKind, NodeId, NodeKindTag, Scenario,
};
use crate::ui::run::{format_clock, use_run, RunCommand};

/// Figures that are a problem when above zero, most telling first: a node's key figure on the
/// canvas is the first of them that is, else its [`volume`].
fn alarms(kind: NodeKindTag) -> &'static [CheckFigure] {
    use CheckFigure as F;
    match kind {
        NodeKindTag::Producer => &[
            F::AcknowledgedLost,
            F::LostDualWrite,
            F::PublishLost,
            F::RetryDuplicates,
            F::FailedRequests,
        ],
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => {
            &[F::OfflinePartitions, F::UnderReplicatedPartitions, F::Refused]
        }
        NodeKindTag::Outbox => &[F::Refused],
        NodeKindTag::Database => &[F::DuplicateSideEffects, F::RejectedWrites],
        NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => {
            &[F::DuplicateSideEffects, F::Lost, F::DeadLettered, F::Expired, F::FailedCalls]
        }
    }
}

/// What a node shows when nothing is wrong. Consumers show their lag (drawn with its age).
fn volume(kind: NodeKindTag) -> Option<CheckFigure> {
    match kind {
        NodeKindTag::Producer => Some(CheckFigure::EventsEmitted),
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => Some(CheckFigure::Retained),
        NodeKindTag::Database => Some(CheckFigure::Writes),
        NodeKindTag::Outbox => Some(CheckFigure::Pending),
        NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => None,
    }
}

/// Whether a figure above zero is a problem (drawn red), a warning or neither.
fn tone(f: CheckFigure, kind: NodeKindTag) -> Option<&'static str> {
    use CheckFigure as F;
    match f {
        F::Redelivered | F::OrderingViolations | F::RelayCrashes => Some("warn"),
        // A topic's retention removing events is what retention is for.
        F::Expired if kind.is_log() => None,
        _ if alarms(kind).contains(&f) => Some("bad"),
        _ => None,
    }
}

/// `2,428 events emitted`, `3 lost by dual write`: a count-like figure and its label.
fn said(f: CheckFigure, value: f64) -> String {
    crate::scenario::units::counted(value as u64, f.label())
}

/// The key figure of the node at `index` (scenario order) and whether it is a problem: the
/// first alarm above zero, else the node's volume when above zero. Cheap (a few counters), so
/// the canvas reads it for every node in every frame.
pub fn key_figure(sim: &Simulation, index: usize, kind: NodeKindTag) -> Option<(String, bool)> {
    let value = |f| sim.figure_at(index, f).unwrap_or(0.0);
    if let Some(&f) = alarms(kind).iter().find(|&&f| value(f) > 0.0) {
        return Some((said(f, value(f)), true));
    }
    let f = volume(kind)?;
    let v = value(f);
    (v > 0.0).then(|| (said(f, v), false))
}

/// The outcomes a figure's "why" lists, when the engine's outcome index holds them.
fn why_kind(f: CheckFigure, kind: NodeKindTag) -> Option<OutcomeKind> {
    use CheckFigure as F;
    match f {
        F::Lost | F::PublishLost | F::LostDualWrite | F::AcknowledgedLost | F::TimedOut => {
            Some(OutcomeKind::Lost)
        }
        F::Refused if kind == NodeKindTag::Outbox => Some(OutcomeKind::Lost),
        // A topic's expired events were mostly read first: no list of problems to show.
        F::Expired if !kind.is_log() => Some(OutcomeKind::Expired),
        F::DeadLettered => Some(OutcomeKind::DeadLettered),
        F::DuplicateSideEffects => Some(OutcomeKind::DuplicateSideEffect),
        _ => None,
    }
}

/// The nodes whose outcome index holds `node`'s outcomes: a database's are recorded by the
/// nodes writing to it (duplicate side effects), a topic's by the groups reading it (expired
/// before read); every other node records its own.
pub fn outcome_nodes(s: &Scenario, node: NodeId) -> Vec<NodeId> {
    let kind = s.node(node).map(|n| n.kind.tag());
    let linked = |edge: EdgeKind, towards: bool| -> Vec<NodeId> {
        let ends = s.edges.iter().filter(|e| e.kind == edge);
        if towards {
            ends.filter(|e| e.to == node).map(|e| e.from).collect()
        } else {
            ends.filter(|e| e.from == node).map(|e| e.to).collect()
        }
    };
    match kind {
        Some(NodeKindTag::Database) => linked(EdgeKind::Write, true),
        Some(k) if k.is_log() => linked(EdgeKind::Subscribe, false),
        _ => vec![node],
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeFiguresProps {
    pub node: NodeId,
    pub kind: NodeKindTag,
}

/// The selected node's figures, refreshed with the run's panels (a few times a second while
/// playing). Each lost, expired, dead-lettered or duplicated figure above zero links to the
/// Events tab's list of them, with the engine's reasons.
#[function_component(NodeFigures)]
pub fn node_figures(props: &NodeFiguresProps) -> Html {
    let run = use_run();
    let editor = crate::ui::state::use_editor();
    let player = run.player.borrow();
    let Some(sim) = player.sim() else { return Html::default() };
    let (node, kind) = (props.node, props.kind);
    // Synchronous calls only for the groups that are called.
    let called = sim.figure(Some(node), CheckFigure::Calls).is_some_and(|c| c > 0.0);
    // With brokers, a producer's sends and a topic's replication too.
    let cluster: &[CheckFigure] = match kind {
        _ if sim.broker_count() == 0 => &[],
        NodeKindTag::Producer => &[
            CheckFigure::AcknowledgedLost,
            CheckFigure::NotEnoughReplicas,
            CheckFigure::TimedOut,
            CheckFigure::RetryDuplicates,
        ],
        k if k.is_log() => &[
            CheckFigure::UnderReplicatedPartitions,
            CheckFigure::OfflinePartitions,
            CheckFigure::LeaderElections,
        ],
        _ => &[],
    };
    let rows = CheckFigure::shown_at(kind).iter().chain(cluster).filter_map(|&f| {
        if !called && matches!(f, CheckFigure::Calls | CheckFigure::FailedCalls) {
            return None;
        }
        let value = sim.figure(Some(node), f)?;
        let class = (value > 0.0).then(|| tone(f, kind)).flatten();
        let why = why_kind(f, kind).filter(|_| value > 0.0).map(|outcome| {
            let onclick =
                run.command.reform(move |_: MouseEvent| RunCommand::ShowWhy(node, outcome));
            html! {
                <button class="link why-link" {onclick}
                        aria-label={format!("Why: list the {} events", f.label())}>{"why?"}</button>
            }
        });
        Some(html! {
            <>
                <dt>{ f.label() }</dt>
                <dd class={class} data-figure={f.code()} data-value={value.to_string()}>
                    { format_value(value, f.unit()) }{ for why }
                </dd>
            </>
        })
    });
    let partitions = if kind.is_log() {
        partitions_table(editor.editor.scenario(), &sim.partitions_of(node), sim, node)
    } else {
        html! {}
    };
    html! {
        <section class="figures" aria-labelledby="figures-heading">
            <h3 id="figures-heading">{"Figures"}<span class="muted small">{ format!(" at {}", format_clock(sim.now_us())) }</span></h3>
            <dl class="kv" aria-label="Figures">{ for rows }</dl>
            { partitions }
        </section>
    }
}

/// A topic's partitions: end offset, then each reading group's lag (log end − committed), one
/// row each, one column per partition; with brokers first its leader, ISR and high watermark
/// (the committed end offset consumers read below) and the leader's log end.
fn partitions_table(
    s: &Scenario,
    parts: &[PartitionSnapshot],
    sim: &Simulation,
    node: NodeId,
) -> Html {
    let Some(first) = parts.first() else { return html! {} };
    let name = |id: NodeId| s.node(id).map(|n| n.name.clone()).unwrap_or_default();
    let replication = sim.replication_of(node);
    let end = if replication.is_empty() { "end offset" } else { "high watermark" };
    let mut rows: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    if !replication.is_empty() {
        let brokers = |b: &[u32]| b.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let leader = replication.iter().map(|r| match r.leader {
            Some(b) => (format!("broker-{b}"), false),
            None => ("offline".to_owned(), true),
        });
        rows.push(("leader".to_owned(), leader.collect()));
        let isr = replication.iter().map(|r| (brokers(&r.isr), r.isr.len() < r.replicas.len()));
        rows.push(("ISR (brokers)".to_owned(), isr.collect()));
        let log_end =
            replication.iter().map(|r| (format_count(r.log_end), r.log_end > r.high_watermark));
        rows.push(("leader's log end".to_owned(), log_end.collect()));
    }
    rows.push((end.to_owned(), parts.iter().map(|p| (format_count(p.log_end), false)).collect()));
    for c in &first.cursors {
        let lags = parts.iter().map(|p| {
            let lag = p.cursors.iter().find(|x| x.group == c.group).map_or(0, |x| x.lag_messages);
            (format_count(lag), lag > 0)
        });
        rows.push((format!("lag of {}", name(c.group)), lags.collect()));
    }
    html! {
        <div class="table-wrap">
            <table class="metrics-table partitions-table" aria-label="Offsets and lag per partition">
                <thead><tr>
                    <th scope="col">{"Partition"}</th>
                    { for parts.iter().map(|p| html! { <th scope="col">{ p.index }</th> }) }
                </tr></thead>
                <tbody>
                    { for rows.into_iter().map(|(label, cells)| html! {
                        <tr>
                            <th scope="row">{ label }</th>
                            { for cells.into_iter().map(|(n, warn)| html! {
                                <td class={warn.then_some("warn")}>{ n }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// A figure an embed's `metrics=` names, as (label, value now, figure): `NAME@NODE` for a
/// node's figure (`duplicates@Ledger`, `p95@Checkout (calls)`; the node by its name, in any
/// case), a bare `NAME` for the whole scenario's (`failed_requests`). Figure names are those of
/// [`CheckFigure::by_name`]. `None` when the name or the node means nothing here.
pub fn asked_figure(
    sim: &Simulation,
    s: &Scenario,
    asked: &str,
) -> Option<(String, f64, CheckFigure)> {
    let Some((name, node)) = asked.split_once('@') else {
        let f = CheckFigure::by_name(asked, None)?;
        return Some((f.label().to_owned(), sim.figure(None, f)?, f));
    };
    let node = s.nodes.iter().find(|n| n.name.trim().eq_ignore_ascii_case(node.trim()))?;
    let f = CheckFigure::by_name(name, Some(node.kind.tag()))?;
    Some((f.of_node(&node.name), sim.figure(Some(node.id), f)?, f))
}
