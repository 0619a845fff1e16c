//! The cluster on the canvas (issue 13): with brokers in the scenario, a strip over the graph
//! shows each broker's state now (up, slow ×N, isolated, crashed) and how many partitions it
//! leads, as the run plays: a failover is seen as one broker's leads moving to another. What
//! it shows is the engine's (`Simulation::brokers_now`). In the editor each broker is a button
//! whose menu kills, slows down or isolates it (the inspector's broker control); the embed
//! viewer's lane only shows.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_run;
use crate::engine::BrokerMetrics;
use crate::ui::modal::Modal;
use crate::ui::panels::broker_faults::BrokerFaults;

/// Room the broker menu needs, in pixels (it is placed to fit inside the window).
const MENU_W_PX: f64 = 300.0;
const MENU_H_PX: f64 = 190.0;

/// The brokers now, empty without a run or a cluster.
fn brokers_now(run: &super::RunContext) -> Vec<BrokerMetrics> {
    run.player.borrow().sim().map(|s| s.brokers_now()).unwrap_or_default()
}

/// The lane: one item per broker, drawn by `item`.
fn lane(brokers: &[BrokerMetrics], item: impl Fn(u32, &BrokerMetrics) -> Html) -> Html {
    if brokers.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="broker-lane" aria-label="Cluster">
            { for brokers.iter().zip(1..).map(|(b, n)| item(n, b)) }
        </ul>
    }
}

/// The viewer's lane: each broker's state, nothing to press.
#[function_component(BrokerLane)]
pub fn broker_lane() -> Html {
    let run = use_run();
    lane(&brokers_now(&run), |_, b| {
        let (class, words) = chip_words(b);
        html! {
            <li class={classes!("broker-chip", class)} title="Its state now, and the partitions it leads">{ words }</li>
        }
    })
}

/// The editor's lane: each broker is a button that opens its menu (kill, slow down, isolate).
#[function_component(BrokerLaneMenu)]
pub fn broker_lane_menu() -> Html {
    let run = use_run();
    // The broker whose menu is open and where (client pixels).
    let open = use_state(|| None::<(u32, f64, f64)>);
    let brokers = brokers_now(&run);
    let chips = lane(&brokers, |n, b| {
        let (class, words) = chip_words(b);
        let onclick = {
            let open = open.clone();
            Callback::from(move |e: MouseEvent| {
                // Yew listens at the root: the chip is the button the click landed in.
                let chip = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|t| t.closest("button").ok().flatten());
                let (x, y) = chip.map_or((0.0, 0.0), |c| {
                    let r = c.get_bounding_client_rect();
                    (r.right() - MENU_W_PX, r.bottom() + 4.0)
                });
                open.set(Some((n, x, y)));
            })
        };
        let expanded = open.is_some_and(|(o, _, _)| o == n);
        html! {
            <li>
                <button class={classes!("broker-chip", class)} {onclick} aria-haspopup="dialog"
                        aria-expanded={expanded.to_string()}
                        title={format!("Kill, slow down or isolate broker-{n}")}>{ words }</button>
            </li>
        }
    });
    let menu = open.and_then(|(n, x, y)| {
        let close = {
            let open = open.clone();
            Callback::from(move |()| open.set(None))
        };
        // A menu for a broker the run no longer has (a new scenario) does not open.
        (n as usize <= brokers.len()).then(|| broker_menu(n, (x, y), close))
    });
    html! {
        <>
            { chips }
            <div class="menu-host">{ for menu }</div>
        </>
    }
}

/// Broker `n`'s menu at `at` (moved to fit the window): the inspector's broker control for it
/// alone; sending a fault closes it. A modal dialog: Escape and a click outside close it, and
/// the focus goes back to its chip.
fn broker_menu(n: u32, at: (f64, f64), close: Callback<()>) -> Html {
    let window = gloo::utils::window();
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (w, h) = (size(window.inner_width()), size(window.inner_height()));
    let x = at.0.min(w - MENU_W_PX).max(0.0);
    let y = at.1.min(h - MENU_H_PX).max(0.0);
    html! {
        <Modal class="node-menu broker-menu" label={format!("broker-{n} menu")}
               style={format!("left:{x}px;top:{y}px")} on_close={close.clone()}>
            <div class="menu-title">{ format!("broker-{n}") }</div>
            <div class="menu-body faults">
                <p class="help">{"Kill: it restarts after “For”; a slow-down or isolation lasts as long."}</p>
                <BrokerFaults only={Some(n)} on_sent={close} />
            </div>
        </Modal>
    }
}

/// A broker's state in words and its class (`up`, `slow`, `isolated`, `crashed`):
/// `broker-2 slow ×100 · leads 1`. The lane's chips and the inspector's broker rows say the same.
pub fn chip_words(b: &BrokerMetrics) -> (&'static str, String) {
    let (class, state) = match b.state {
        "up" if b.slow_factor > 1.0 => ("slow", format!("slow ×{}", b.slow_factor)),
        s => (s, s.to_owned()),
    };
    (class, format!("{} {state} · leads {}", b.name, b.leads))
}
