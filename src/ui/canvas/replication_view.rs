//! A topic's partitions under its node while a cluster runs (issue 13): per partition its
//! leader, ISR against replicas and high watermark (`p0 ▸ b2  ISR 2/3  hw 1,204`), an
//! under-replicated partition's ISR and an offline partition's leader marked, the first few
//! partitions only (`editor::replication` words and bounds them). Redrawn with the canvas on
//! every refresh of the run, from the engine's figures for each topic (`replication_of`).

use yew::prelude::*;

use crate::editor::replication::{
    partition_lines, Health, PartitionLine, BADGE_ROOM, MAX_PARTITION_ROWS, ROW_H,
};
use crate::editor::{NODE_H, NODE_W};
use crate::engine::Simulation;
use crate::scenario::{NodeId, Scenario};

/// Every topic's partitions, at the node's position (`place`, which follows a drag).
pub fn replications(
    sim: &Simulation,
    s: &Scenario,
    place: impl Fn(NodeId) -> Option<(f64, f64)>,
) -> Html {
    if sim.broker_count() == 0 {
        return Html::default();
    }
    let topics = s.nodes.iter().filter(|n| n.kind.tag().is_log()).filter_map(|n| {
        let (x, y) = place(n.id)?;
        Some(block(&n.name, x - NODE_W / 2.0, y + NODE_H / 2.0 + BADGE_ROOM, sim, n.id))
    });
    html! { <g class="replications">{ for topics }</g> }
}

/// One topic's lines in a box whose top-left corner is (`left`, `top`).
fn block(name: &str, left: f64, top: f64, sim: &Simulation, node: NodeId) -> Html {
    let parts = sim.replication_of(node);
    if parts.is_empty() {
        return Html::default();
    }
    let lines = partition_lines(&parts, MAX_PARTITION_ROWS);
    let count = lines.rows.len() + usize::from(lines.more.is_some());
    let height = count as f64 * ROW_H + 8.0;
    let more = lines.more.map(|(text, worst)| {
        let y = (lines.rows.len() + 1) as f64 * ROW_H;
        html! {
            <text role="listitem" class={classes!("more", worst.class())} x="9" y={y.to_string()}>{ text }</text>
        }
    });
    html! {
        <g class="replication" transform={format!("translate({left} {top})")} role="list"
           aria-label={format!("Partitions of {name}")}>
            <rect class="replication-box" width={NODE_W.to_string()} height={height.to_string()} rx="8" aria-hidden="true" />
            { for lines.rows.iter().enumerate().map(|(i, l)| row(l, (i + 1) as f64 * ROW_H)) }
            { for more }
        </g>
    }
}

/// One partition on the baseline `y`. An unhealthy one has a bar in its colour at its left, and
/// its marked part (an offline leader, a short ISR) bold in that colour; its spoken words say it
/// too.
fn row(l: &PartitionLine, y: f64) -> Html {
    let bar = (l.health != Health::InSync).then(|| {
        html! {
            <rect class={classes!("bar", l.health.class())} x="3" y={(y - 10.0).to_string()}
                  width="3" height="12" rx="1.5" aria-hidden="true" />
        }
    });
    let mark = |h: Health| (l.health == h).then_some("mark");
    html! {
        <>
            { for bar }
            <text role="listitem" class={l.health.class()} y={y.to_string()} aria-label={l.spoken.clone()}>
                <tspan x="9">{ format!("{} ", l.partition) }</tspan>
                <tspan x="27" class={mark(Health::Offline)}>{ format!("{} ", l.leader) }</tspan>
                <tspan x="72" class={mark(Health::UnderReplicated)}>{ format!("{} ", l.isr) }</tspan>
                <tspan x={(NODE_W - 8.0).to_string()} text-anchor="end">{ l.high_watermark.clone() }</tspan>
            </text>
        </>
    }
}
