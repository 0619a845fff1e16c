//! Fault injection while running: the actions that make sense for the selected node (crash a
//! consumer, take it down, slow it down, take a broker down, send a poison message, rebuild a
//! projection). Each becomes an engine `Command` at the current simulated time, which the app
//! records as a scheduled fault at that time (the fault lane shows it, the link replays it).
//! Button labels are the scenario's ([`FaultKind::action`]).

use yew::prelude::*;

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
    let text_input = |label: &'static str, unit: &'static str, h: &UseStateHandle<String>| {
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
    };

    // With brokers, a topic's menu kills, slows or isolates one of them.
    let (brokers, states) = match run.player.borrow().sim() {
        Some(sim) => (sim.broker_count(), sim.brokers_now()),
        None => (0, Vec::new()),
    };
    let send_broker = broker_sender(&run, &seconds, &factor, &error);
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
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue if brokers > 0 => html! {
            <>
                <div class="fault-params">
                    { text_input("For", "s", &seconds) }
                    { text_input("Slow-down", "×", &factor) }
                </div>
                <ul class="broker-list" aria-label="Brokers">
                    { for (1..=brokers).map(|b| broker_row(b, &states, can_run, &send_broker)) }
                </ul>
            </>
        },
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

/// One broker of the cluster: its state now, and the buttons that kill (it restarts after the
/// "For" time), slow down or isolate it.
fn broker_row(
    b: u32,
    states: &[crate::engine::BrokerMetrics],
    can_run: bool,
    send: &dyn Fn(FaultKind, u32) -> Callback<MouseEvent>,
) -> Html {
    let state = states
        .get(b as usize - 1)
        .map_or_else(|| "up".to_owned(), |s| crate::ui::run::broker_lane::state_words(s).1);
    html! {
        <li class="broker-row">
            <span>{ format!("broker-{b} · {state}") }</span>
            { for FaultKind::BROKER.iter().map(|&k| html! {
                <button class="btn" disabled={!can_run} onclick={send(k, b)}
                        aria-label={format!("{} broker-{b}", k.action())}>{ k.action() }</button>
            }) }
        </li>
    }
}

/// What a broker button sends: reads the "For" and "Slow-down" fields (on a bad value, says
/// why and sends nothing) and injects the command for `broker`.
fn broker_sender(
    run: &crate::ui::run::RunContext,
    seconds: &UseStateHandle<String>,
    factor: &UseStateHandle<String>,
    error: &UseStateHandle<Option<String>>,
) -> impl Fn(FaultKind, u32) -> Callback<MouseEvent> {
    let (run, seconds, factor, error) =
        (run.clone(), seconds.clone(), factor.clone(), error.clone());
    move |kind, broker| {
        let (run, seconds, factor, error) =
            (run.clone(), seconds.clone(), factor.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let d = check_number(&seconds, 0.001, 24.0 * 3600.0, false);
            let f = check_number(&factor, 1.0, 1000.0, false);
            let cmd = match (kind, d, f) {
                (_, Err(e), _) => return error.set(Some(format!("Duration: {e}"))),
                (FaultKind::BrokerSlow, _, Err(e)) => {
                    return error.set(Some(format!("Factor: {e}")))
                }
                (FaultKind::BrokerCrash, Ok(d), _) => {
                    Command::BrokerCrash { broker, restart_after_us: secs_to_us(d) }
                }
                (FaultKind::BrokerSlow, Ok(d), Ok(f)) => {
                    Command::BrokerSlow { broker, factor: f, duration_us: secs_to_us(d) }
                }
                (_, Ok(d), _) => Command::BrokerIsolate { broker, duration_us: secs_to_us(d) },
            };
            error.set(None);
            run.command.emit(RunCommand::Inject(cmd));
        })
    }
}
