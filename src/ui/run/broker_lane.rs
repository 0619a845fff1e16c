//! The cluster on the canvas (issue 13): with brokers in the scenario, a strip over the graph
//! shows each broker's state now (up, slow ×N, isolated, crashed) and how many partitions it
//! leads, as the run plays: a failover is seen as one broker's leads moving to another. What
//! it shows is the engine's (`Simulation::brokers_now`); killing, slowing and isolating a
//! broker are in a topic's inspector, beside its partitions' leaders and ISRs.

use yew::prelude::*;

use super::use_run;
use crate::engine::BrokerMetrics;

#[function_component(BrokerLane)]
pub fn broker_lane() -> Html {
    let run = use_run();
    let p = run.player.borrow();
    let brokers = p.sim().map(|s| s.brokers_now()).unwrap_or_default();
    drop(p);
    if brokers.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="broker-lane" aria-label="Cluster">
            { for brokers.iter().map(chip) }
        </ul>
    }
}

/// A broker's state in words (`up`, `slow ×100`, `isolated`, `crashed`) and its class: the
/// lane's and the inspector's broker menu's.
pub fn state_words(b: &BrokerMetrics) -> (&'static str, String) {
    match b.state {
        "up" if b.slow_factor > 1.0 => ("slow", format!("slow ×{}", b.slow_factor)),
        s => (s, s.to_owned()),
    }
}

/// One broker: its name, its state in words and the partitions it leads.
fn chip(b: &BrokerMetrics) -> Html {
    let (class, state) = state_words(b);
    html! {
        <li class={classes!("broker-chip", class)} title="Its state now, and the partitions it leads">
            <b>{ b.name.clone() }</b>{ format!(" {state} · leads {}", b.leads) }
        </li>
    }
}
