//! Fault injection while running: the actions that make sense for the selected node (crash a
//! consumer, take it down, slow it down, take a broker down, send a poison message, rebuild a
//! projection). Each becomes an engine `Command` at the current simulated time, which the app
//! records as a scheduled fault at that time (the fault lane shows it, the link replays it).
//! Button labels are the scenario's ([`FaultKind::action`]).

use yew::prelude::*;

use super::broker_faults::BrokerFaults;
use super::fields::check_number;
use crate::engine::{secs_to_us, Command};
use crate::scenario::{FaultKind, Node, NodeKindTag};
use crate::ui::run::{use_run, RunCommand};

#[derive(Properties, PartialEq)]
pub struct FaultsProps {
    pub node: Node,
}

#[function_component(Faults)]
pub fn faults(props: &FaultsProps) -> Html {
    let run = use_run();
    let seconds = use_state(|| crate::scenario::DEFAULT_FAULT_WINDOW_S.to_string());
    let factor = use_state(|| String::from("10"));
    let error = use_state(|| None::<String>);
    let id = props.node.id;
    let tag = props.node.kind.tag();
    let can_run = run.player.borrow().sim().is_some();

    // Reads the duration field; on a bad value, says why and sends nothing.
    let send = |make: fn(crate::scenario::NodeId, f64, f64) -> Command| {
        let run = run.clone();
        let seconds = seconds.clone();
        let factor = factor.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let d = check_number(&seconds, 0.001, 24.0 * 3600.0, false);
            let f = check_number(&factor, 1.0, 1000.0, false);
            match (d, f) {
                (Ok(d), Ok(f)) => {
                    error.set(None);
                    run.command.emit(RunCommand::Inject(make(id, d, f)));
                }
                (Err(e), _) => error.set(Some(format!("Duration: {e}"))),
                (_, Err(e)) => error.set(Some(format!("Factor: {e}"))),
            }
        })
    };
    // With brokers, a topic's menu kills, slows or isolates one of them.
    let brokers = run.player.borrow().sim().map_or(0, |sim| sim.broker_count());
    // One button: the kind's own label, sending the command `make` builds.
    let button = |kind: FaultKind, make: fn(crate::scenario::NodeId, f64, f64) -> Command| {
        html! {
            <button class="btn" disabled={!can_run} onclick={send(make)}>{ kind.action() }</button>
        }
    };
    let actions = match tag {
        NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => html! {
            <>
                <div class="fault-params">
                    { text_input("For", "s", &seconds) }
                    { text_input("Slow-down", "×", &factor) }
                </div>
                <div class="fault-buttons">
                    { button(FaultKind::Crash, |node, _, _| Command::Crash { node, instance: None, restart_after_us: None }) }
                    { button(FaultKind::Down, |node, d, _| Command::Down { node, instance: None, duration_us: secs_to_us(d) }) }
                    { button(FaultKind::SlowDown, |node, d, f| Command::SlowDown { node, factor: f, duration_us: secs_to_us(d) }) }
                    if tag == NodeKindTag::Projection {
                        { button(FaultKind::Rebuild, |node, _, _| Command::Rebuild { node }) }
                    }
                </div>
            </>
        },
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue if brokers > 0 => {
            html! { <BrokerFaults /> }
        }
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => html! {
            <>
                <div class="fault-params">{ text_input("For", "s", &seconds) }</div>
                <div class="fault-buttons">
                    { button(FaultKind::BrokerDown, |node, d, _| Command::BrokerDown { node, duration_us: secs_to_us(d) }) }
                </div>
            </>
        },
        NodeKindTag::Producer => html! {
            <div class="fault-buttons">
                { button(FaultKind::Poison, |node, _, _| Command::Poison { node }) }
                { button(FaultKind::Produce, |node, _, _| Command::Produce { node, count: 10 }) }
            </div>
        },
        NodeKindTag::Database | NodeKindTag::Outbox => return Html::default(),
    };
    html! {
        <section class="faults" aria-label="Inject a fault">
            <h3>{"Inject now"}</h3>
            <p class="help">{"Happens at the current simulated time and joins the fault lane, so the link replays it."}</p>
            { actions }
            if let Some(e) = &*error { <div class="error" role="alert">{ e.clone() }</div> }
        </section>
    }
}

/// A one-line text field with its label and unit, holding its text in `h` (checked on use).
pub(super) fn text_input(
    label: &'static str,
    unit: &'static str,
    h: &UseStateHandle<String>,
) -> Html {
    let h2 = h.clone();
    let on_input = Callback::from(move |e: InputEvent| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        h2.set(el.value());
    });
    html! {
        <label class="inline-field">
            <span>{ label }</span>
            <input type="text" inputmode="decimal" aria-label={label} value={(**h).clone()} oninput={on_input} />
            <span class="unit">{ unit }</span>
        </label>
    }
}
