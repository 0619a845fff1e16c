//! Killing, restarting, slowing down and isolating a broker of the cluster (issue 13): the one control the
//! topic's inspector (and node menu) and the cluster lane's broker menu both show, so the two
//! send the same [`Command`]s with the same fields, labels and checks. Each broker's state in
//! words is the lane's ([`chip_words`]).

use yew::prelude::*;

use super::faults::text_input;
use super::fields::check_number;
use crate::engine::{secs_to_us, BrokerMetrics, Command};
use crate::scenario::FaultKind;
use crate::ui::run::broker_lane::chip_words;
use crate::ui::run::{use_run, RunCommand, RunContext};

#[derive(Properties, PartialEq)]
pub struct BrokerFaultsProps {
    /// The one broker listed (1 = `broker-1`); every broker of the cluster when `None`.
    #[prop_or_default]
    pub only: Option<u32>,
    /// Told after a command went out (the lane's menu closes then).
    #[prop_or_default]
    pub on_sent: Callback<()>,
}

/// The "For" and "Slow-down" fields, then a row per broker with its state and the buttons that
/// kill it (it restarts after "For"), restart it now (when crashed), slow it down or isolate it.
#[function_component(BrokerFaults)]
pub fn broker_faults(props: &BrokerFaultsProps) -> Html {
    let run = use_run();
    let seconds = use_state(|| crate::scenario::DEFAULT_FAULT_WINDOW_S.to_string());
    let factor = use_state(|| String::from("10"));
    let error = use_state(|| None::<String>);
    let (brokers, states) = match run.player.borrow().sim() {
        Some(sim) => (sim.broker_count(), sim.brokers_now()),
        None => (0, Vec::new()),
    };
    let can_run = brokers > 0;
    let listed: Vec<u32> = match props.only {
        Some(b) => vec![b],
        None => (1..=brokers).collect(),
    };
    let send = BrokerSender {
        run,
        seconds: seconds.clone(),
        factor: factor.clone(),
        error: error.clone(),
        on_sent: props.on_sent.clone(),
    };
    html! {
        <>
            <div class="fault-params">
                { text_input("For", "s", &seconds) }
                { text_input("Slow-down", "×", &factor) }
            </div>
            <ul class="broker-list" aria-label="Brokers">
                { for listed.into_iter().map(|b| broker_row(b, states.get(b as usize - 1), can_run, &send)) }
            </ul>
            if let Some(e) = &*error { <div class="error" role="alert">{ e.clone() }</div> }
        </>
    }
}

/// One broker: its state now, and a button per broker fault.
fn broker_row(b: u32, state: Option<&BrokerMetrics>, can_run: bool, send: &BrokerSender) -> Html {
    let words = state.map_or_else(|| format!("broker-{b} up"), |s| chip_words(s).1);
    // Restarting early is for a crashed broker only.
    let crashed = state.is_some_and(|s| s.state == "crashed");
    html! {
        <li class="broker-row">
            <span>{ words }</span>
            { for FaultKind::BROKER.iter().map(|&k| html! {
                <button class="btn" disabled={!can_run || (k == FaultKind::BrokerRestart && !crashed)}
                        onclick={send.click(k, b)}
                        aria-label={format!("{} broker-{b}", k.action())}>{ k.action() }</button>
            }) }
        </li>
    }
}

/// What a broker button sends: it reads the "For" and "Slow-down" fields (on a bad value, says
/// why and sends nothing) and injects the command for its broker.
struct BrokerSender {
    run: RunContext,
    seconds: UseStateHandle<String>,
    factor: UseStateHandle<String>,
    error: UseStateHandle<Option<String>>,
    on_sent: Callback<()>,
}

impl BrokerSender {
    fn click(&self, kind: FaultKind, broker: u32) -> Callback<MouseEvent> {
        let (run, seconds, factor, error, on_sent) = (
            self.run.clone(),
            self.seconds.clone(),
            self.factor.clone(),
            self.error.clone(),
            self.on_sent.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let d = check_number(&seconds, 0.001, 24.0 * 3600.0, false);
            let f = check_number(&factor, 1.0, crate::scenario::limits::MAX_SLOWDOWN_FACTOR, false);
            match broker_command(kind, broker, d, f) {
                Ok(cmd) => {
                    error.set(None);
                    run.command.emit(RunCommand::Inject(cmd));
                    on_sent.emit(());
                }
                Err(e) => error.set(Some(e)),
            }
        })
    }
}

/// The command a broker button sends, from the fields' readings (seconds, factor); a bad
/// reading the command needs is the error, named after its field.
fn broker_command(
    kind: FaultKind,
    broker: u32,
    seconds: Result<f64, String>,
    factor: Result<f64, String>,
) -> Result<Command, String> {
    if kind == FaultKind::BrokerRestart {
        return Ok(Command::BrokerRestart { broker });
    }
    let d = secs_to_us(seconds.map_err(|e| format!("Duration: {e}"))?);
    Ok(match kind {
        FaultKind::BrokerCrash => Command::BrokerCrash { broker, restart_after_us: d },
        FaultKind::BrokerSlow => Command::BrokerSlow {
            broker,
            factor: factor.map_err(|e| format!("Factor: {e}"))?,
            duration_us: d,
        },
        _ => Command::BrokerIsolate { broker, duration_us: d },
    })
}
