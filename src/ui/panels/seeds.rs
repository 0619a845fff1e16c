//! The Seeds tab of the metrics drawer: "Run N seeds" runs the scenario as it is now for N seeds
//! in Web Workers (ui::seed_pool), with progress and Cancel while the editor stays usable, then
//! shows every figure as mean ± 95 % confidence interval and each check with the share of seeds
//! in which it held. The arithmetic is the engine's (engine::replications, stats); this only
//! shows it.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::replications::{
    replication_seed, SeedRun, SeedSummary, CURVES, CURVE_POINTS, MAX_SEEDS,
};
use crate::engine::secs_to_us;
use crate::scenario::{format_interval, format_value, Scenario};
use crate::ui::seed_pool::{cores, PoolEvent, SeedPool};

use super::chart::{Chart, ChartSeries};

/// Seeds listed one by one: past this, a thousand rows would make the results' first render a
/// long task on the main thread.
const LISTED_SEEDS: usize = 100;

/// Seeds a run asks for unless the user says otherwise.
const DEFAULT_SEEDS: u32 = 30;

/// One seed run: what it runs, what came back.
#[derive(Clone, Default, PartialEq)]
struct SeedsState {
    /// Which run this is: results of an earlier, cancelled one are ignored.
    generation: u32,
    /// The scenario as it was when the run started.
    scenario: Option<Rc<Scenario>>,
    /// Seeds asked for.
    total: u32,
    /// Workers used.
    workers: u32,
    /// Seeds finished, in seed order.
    runs: Vec<SeedRun>,
    /// Why it stopped early, if it did.
    stopped: Option<String>,
    /// Wall-clock milliseconds (the page's clock) from start to the last result.
    started_ms: f64,
    took_ms: f64,
}

impl SeedsState {
    fn running(&self) -> bool {
        self.scenario.is_some() && self.stopped.is_none() && (self.runs.len() as u32) < self.total
    }
}

enum SeedsMsg {
    Start { scenario: Rc<Scenario>, total: u32, workers: u32, at_ms: f64 },
    Event { generation: u32, event: PoolEvent, at_ms: f64 },
    Cancel,
}

impl Reducible for SeedsState {
    type Action = SeedsMsg;

    fn reduce(self: Rc<Self>, action: SeedsMsg) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            SeedsMsg::Start { scenario, total, workers, at_ms } => {
                s = SeedsState {
                    generation: s.generation + 1,
                    scenario: Some(scenario),
                    total,
                    workers,
                    started_ms: at_ms,
                    ..SeedsState::default()
                };
            }
            SeedsMsg::Event { generation, .. } if generation != s.generation || !s.running() => {
                return self
            }
            SeedsMsg::Event { event: PoolEvent::Done(run), at_ms, .. } => {
                // Kept in seed order as they arrive (no sort: a stable sort is 2.7 KB of wasm).
                let at = s.runs.partition_point(|r| r.index < run.index);
                s.runs.insert(at, run);
                s.took_ms = at_ms - s.started_ms;
            }
            SeedsMsg::Event { event: PoolEvent::Failed(why), .. } => s.stopped = Some(why),
            SeedsMsg::Cancel if s.running() => {
                s.stopped = Some(format!("Cancelled after {} of {} seeds.", s.runs.len(), s.total))
            }
            SeedsMsg::Cancel => return self,
        }
        Rc::new(s)
    }
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

#[function_component(SeedsPanel)]
pub fn seeds_panel() -> Html {
    let editor = crate::ui::state::use_editor();
    let state = use_reducer(SeedsState::default);
    let pool: Rc<RefCell<Option<SeedPool>>> = use_mut_ref(|| None);
    let count = use_state(|| DEFAULT_SEEDS);
    {
        // The workers stop when the run ends, is cancelled or fails (a running run's pool is
        // the one just started: no cleanup between the two renders may drop it)…
        let pool = pool.clone();
        use_effect_with(state.running(), move |running| {
            if !running {
                pool.borrow_mut().take();
            }
        });
    }
    {
        // … and when the drawer goes.
        let pool = pool.clone();
        use_effect_with((), move |_| move || drop(pool.borrow_mut().take()));
    }
    let start = {
        let (state, pool, count, editor) = (state.clone(), pool.clone(), *count, editor.clone());
        Callback::from(move |_: MouseEvent| {
            let scenario = editor.editor.scenario().clone();
            let workers = cores().min(count);
            let generation = state.generation + 1;
            let report = {
                let dispatch = state.dispatcher();
                move |event| {
                    dispatch.dispatch(SeedsMsg::Event { generation, event, at_ms: now_ms() })
                }
            };
            let until = secs_to_us(scenario.run_duration_s());
            state.dispatch(SeedsMsg::Start {
                scenario: scenario.clone(),
                total: count,
                workers,
                at_ms: now_ms(),
            });
            match SeedPool::start(&scenario, until, count, workers, report) {
                Ok(p) => *pool.borrow_mut() = Some(p),
                Err(why) => state.dispatch(SeedsMsg::Event {
                    generation,
                    event: PoolEvent::Failed(why),
                    at_ms: now_ms(),
                }),
            }
        })
    };
    let on_count = {
        let count = count.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u32>() {
                count.set(n.clamp(2, MAX_SEEDS));
            }
        })
    };
    let cancel = state.dispatcher();
    let current = editor.editor.scenario();
    html! {
        <div class="seeds">
            <div class="seeds-bar">
                <label class="inline-field">{"Seeds"}
                    <input type="number" min="2" max={MAX_SEEDS.to_string()} value={count.to_string()}
                           aria-label="Number of seeds" onchange={on_count} disabled={state.running()} />
                </label>
                if state.running() {
                    { progress(&state) }
                    <button class="btn" onclick={Callback::from(move |_: MouseEvent| cancel.dispatch(SeedsMsg::Cancel))}>{"Cancel"}</button>
                } else {
                    <button class="btn primary" onclick={start}>{ format!("Run {} seeds", *count) }</button>
                    <span class="muted small">{ format!("seeds {} to {}, {} s each, on up to {} workers",
                        current.seed, replication_seed(current.seed, *count - 1), current.run_duration_s(), cores().min(*count)) }</span>
                }
            </div>
            <SeedResults state={state.clone()} stale={state.scenario.as_deref().is_some_and(|s| s != current.as_ref())} />
        </div>
    }
}

/// The progress bar while seeds run.
fn progress(s: &SeedsState) -> Html {
    let done = s.runs.len();
    let pct = (done as f64 / f64::from(s.total.max(1)) * 100.0).floor();
    let text = format!("{done} of {} seeds", s.total);
    html! {
        <span class="seek-progress seeds-progress">
            <span class="bar" role="progressbar" aria-label="Seeds run" aria-valuemin="0" aria-valuemax="100"
                  aria-valuenow={pct.to_string()} aria-valuetext={text.clone()}>
                <span class="fill" style={format!("width: {pct}%")}></span>
            </span>
            <span class="small">{ format!("{text} on {} workers", s.workers) }</span>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    state: UseReducerHandle<SeedsState>,
    /// The scenario changed since the seeds ran.
    stale: bool,
}

/// What the seeds came to: the checks' shares, every figure's interval, each seed's hash. A
/// component of its own, so that an edit elsewhere does not draw the table again.
#[function_component(SeedResults)]
fn seed_results(props: &ResultsProps) -> Html {
    let s = &*props.state;
    // The per-seed rows are drawn only once the list is opened: the results' first render is
    // then the figures alone.
    let listed = use_state(|| false);
    let on_toggle = {
        let listed = listed.clone();
        Callback::from(move |e: Event| {
            listed.set(e.target_unchecked_into::<web_sys::Element>().has_attribute("open"))
        })
    };
    let Some(scenario) = &s.scenario else {
        return html! {
            <p class="muted small">{"One run's figures depend on its seed. Run the scenario for many seeds to see each figure as a mean with its 95 % confidence interval, and how often each check holds."}</p>
        };
    };
    if let Some(why) = &s.stopped {
        return html! { <p class="muted" role="status">{ why.clone() }</p> };
    }
    if s.running() {
        return html! {};
    }
    let runs = &s.runs;
    let summary = SeedSummary::of(scenario, runs);
    let n = summary.runs;
    let stale = props.stale;
    html! {
        <>
            <p class="small" role="status">{ format!(
                "{n} seeds ({} to {}) in {:.1} s on {} workers. Each figure: mean ± 95 % confidence interval (Student's t), lowest and highest seed.",
                scenario.seed, replication_seed(scenario.seed, n - 1), s.took_ms / 1000.0, s.workers) }</p>
            if stale {
                <p class="small warn-text">{"The scenario changed since these seeds ran: run them again to see its figures."}</p>
            }
            if !scenario.checks.is_empty() {
                <ul class="seed-checks" aria-label="Checks across seeds">
                    { for scenario.checks.iter().zip(&summary.check_passes).map(|(c, &passed)| html! {
                        <li class={if passed == n { "pass" } else if passed == 0 { "fail" } else { "mixed" }}>
                            <strong>{ format!("{passed}/{n}") }</strong>{" seeds: "}{ c.sentence(scenario) }
                            if c.expect_fail { <span class="muted">{" (expected to fail)"}</span> }
                        </li>
                    }) }
                </ul>
            }
            <div class="charts seed-bands">{ for bands(&summary, scenario.run_duration_s()) }</div>
            <div class="table-wrap" role="region" aria-label="Figures across seeds" tabindex="0">
                <table class="metrics-table seed-figures" aria-label="Figures across seeds">
                    <thead><tr>
                        <th scope="col">{"Figure"}</th><th scope="col">{"Mean ± 95 % CI"}</th>
                        <th scope="col">{"Lowest"}</th><th scope="col">{"Highest"}</th>
                    </tr></thead>
                    <tbody>
                        { for summary.measures.iter().map(|(m, i)| { let u = m.unit(); html! {
                            <tr>
                                <th scope="row">{ m.label(scenario) }</th>
                                <td data-mean={i.mean.to_string()}>{ format_interval(i.mean, i.half_width, u) }</td>
                                <td>{ format_value(i.min, u) }</td><td>{ format_value(i.max, u) }</td>
                            </tr>
                        }}) }
                    </tbody>
                </table>
            </div>
            <details class="seed-list" ontoggle={on_toggle}>
                <summary>{ format!("Each seed ({n})") }</summary>
                <table class="metrics-table" aria-label="Each seed">
                    <thead><tr><th scope="col">{"Seed"}</th><th scope="col">{"Trace hash"}</th><th scope="col">{"Engine events"}</th></tr></thead>
                    <tbody>
                        { for runs.iter().take(if *listed { LISTED_SEEDS } else { 0 }).map(|r| html! {
                            <tr data-seed={r.seed.to_string()}><th scope="row">{ r.seed }</th>
                                <td class="mono">{ r.trace_hash.clone() }</td><td>{ r.engine_events }</td></tr>
                        }) }
                    </tbody>
                </table>
                if runs.len() > LISTED_SEEDS {
                    <p class="muted small">{ format!("The first {LISTED_SEEDS}; fanout run --seeds {n} --json lists every one.") }</p>
                }
            </details>
        </>
    }
}

/// Each of [`CURVES`] as its mean across seeds with the 95 % interval shaded around it (kept
/// within the lowest and highest seed), point by point at the end of each of the run's
/// [`CURVE_POINTS`] intervals.
fn bands(summary: &SeedSummary, duration_s: f64) -> impl Iterator<Item = Html> + '_ {
    let t = move |p: usize| duration_s * (p + 1) as f64 / CURVE_POINTS as f64;
    CURVES.iter().zip(&summary.curves).map(move |(&(title, unit), points)| {
        let mean = ChartSeries {
            name: "mean".into(),
            colour: "var(--k-group)".into(),
            points: points.iter().enumerate().map(|(p, i)| (t(p), i.mean)).collect(),
        };
        let band: Vec<_> = points
            .iter()
            .enumerate()
            .filter(|(_, i)| i.half_width.is_finite())
            // Within the lowest and highest seed: a lag's interval of the mean can reach below
            // zero where most seeds have none, which no seed could show.
            .map(|(p, i)| {
                (t(p), (i.mean - i.half_width).max(i.min), (i.mean + i.half_width).min(i.max))
            })
            .collect();
        html! { <Chart {title} {unit} series={vec![mean]} {band} x_max_s={duration_s} /> }
    })
}
