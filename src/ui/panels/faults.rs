//! Fault injection while running: the actions that make sense for the selected node (crash a
//! consumer, take it down, slow it down, take a broker down, send a poison message, rebuild a
//! projection). Each becomes an engine `Command` at the current simulated time.

use yew::prelude::*;

use super::fields::check_number;
use crate::engine::{secs_to_us, Command};
use crate::scenario::{Node, NodeKindTag};
use crate::ui::run::{use_run, RunCommand};

#[derive(Properties, PartialEq)]
pub struct FaultsProps {
    pub node: Node,
}

#[function_component(Faults)]
pub fn faults(props: &FaultsProps) -> Html {
    let run = use_run();
    let seconds = use_state(|| String::from("10"));
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

    let actions = match tag {
        NodeKindTag::ConsumerGroup | NodeKindTag::Service | NodeKindTag::Projection => html! {
            <>
                <div class="fault-params">
                    { text_input("For", "s", &seconds) }
                    { text_input("Slow-down", "×", &factor) }
                </div>
                <div class="fault-buttons">
                    <button class="btn" disabled={!can_run}
                            onclick={send(|node, _, _| Command::Crash { node, instance: None, restart_after_us: None })}>
                        {"Crash now"}</button>
                    <button class="btn" disabled={!can_run}
                            onclick={send(|node, d, _| Command::Down { node, instance: None, duration_us: secs_to_us(d) })}>
                        {"Take down"}</button>
                    <button class="btn" disabled={!can_run}
                            onclick={send(|node, d, f| Command::SlowDown { node, factor: f, duration_us: secs_to_us(d) })}>
                        {"Slow down"}</button>
                    if tag == NodeKindTag::Projection {
                        <button class="btn" disabled={!can_run}
                                onclick={send(|node, _, _| Command::Rebuild { node })}>{"Rebuild by replay"}</button>
                    }
                </div>
            </>
        },
        NodeKindTag::Topic | NodeKindTag::DeadLetterQueue => html! {
            <>
                <div class="fault-params">{ text_input("For", "s", &seconds) }</div>
                <div class="fault-buttons">
                    <button class="btn" disabled={!can_run}
                            onclick={send(|node, d, _| Command::BrokerDown { node, duration_us: secs_to_us(d) })}>
                        {"Take broker down"}</button>
                </div>
            </>
        },
        NodeKindTag::Producer => html! {
            <div class="fault-buttons">
                <button class="btn" disabled={!can_run} onclick={send(|node, _, _| Command::Poison { node })}>
                    {"Send a poison message"}</button>
                <button class="btn" disabled={!can_run} onclick={send(|node, _, _| Command::Produce { node, count: 10 })}>
                    {"Emit 10 events"}</button>
            </div>
        },
        NodeKindTag::Database | NodeKindTag::Outbox => return Html::default(),
    };
    html! {
        <section class="faults" aria-label="Inject a fault">
            <h3>{"Inject now"}</h3>
            <p class="help">{"Happens at the current simulated time; reset or drag the timeline back to undo."}</p>
            { actions }
            if let Some(e) = &*error { <div class="error" role="alert">{ e.clone() }</div> }
        </section>
    }
}
