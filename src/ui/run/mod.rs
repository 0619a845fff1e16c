//! Running the scenario: the player (engine timeline + play state), the frame loop and
//! particle layer, and the run controls. Commands go in as [`RunCommand`]s; what is shown
//! comes out of engine snapshots and metrics.

mod announce;
mod bench;
pub mod broker_lane;
pub mod fault_lane;
pub mod live_layer;
pub mod model;
pub mod player;
pub mod story;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::{us_to_secs, Command, Micros, OutcomeKind};
use crate::scenario::NodeId;
use player::{Player, SPEEDS};

/// Something the user asks of the run.
#[derive(Clone, Debug, PartialEq)]
pub enum RunCommand {
    TogglePlay,
    Step,
    /// Back to time zero with the same seed.
    Reset,
    Speed(f64),
    Seek(Micros),
    /// Stop a seek in progress where it got to.
    CancelSeek,
    /// A fault or action injected now.
    Inject(Command),
    /// Select an event (by id) to show its trace, or clear it.
    SelectEvent(Option<u64>),
    /// List a node's outcomes of one kind, with their reasons, in the Events tab.
    ShowWhy(NodeId, OutcomeKind),
}

/// A request to list a node's outcomes of one kind in the Events tab; `n` tells two requests
/// for the same list apart (asking again after changing the filters shows it again).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WhyRequest {
    pub node: NodeId,
    pub kind: OutcomeKind,
    pub n: u64,
}

/// The run as components see it: the app's [`model::RunModel`] and the callback for commands.
/// `generation` moves on every message, so components that read the player re-render exactly
/// then.
#[derive(Clone)]
pub struct RunContext {
    pub player: Rc<RefCell<Player>>,
    pub generation: u64,
    pub selected_event: Option<u64>,
    /// The latest "why" asked for from a node's figures.
    pub why: Option<WhyRequest>,
    pub command: Callback<RunCommand>,
}

impl PartialEq for RunContext {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.player, &o.player)
            && self.generation == o.generation
            && self.selected_event == o.selected_event
            && self.why == o.why
    }
}

/// Reads the run context (the app provides it around everything).
#[hook]
pub fn use_run() -> RunContext {
    use_context::<RunContext>().expect("the app provides the run context")
}

/// Simulated time as the clock shows it: `12.345 s`, `3:05.2`, `1:02:03`.
pub fn format_clock(t_us: Micros) -> String {
    let s = us_to_secs(t_us);
    if s < 60.0 {
        format!("{s:.3} s")
    } else if s < 3600.0 {
        format!("{}:{:04.1}", (s / 60.0).floor(), s % 60.0)
    } else {
        let whole = s.floor() as u64;
        format!("{}:{:02}:{:02}", whole / 3600, (whole / 60) % 60, whole % 60)
    }
}

fn speed_label(v: f64) -> String {
    format!("{v}×")
}

/// A reached speed as the warning shows it: two significant figures at most (`0.43×`, `37×`).
fn reached_label(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}×")
    } else if v >= 1.0 {
        format!("{v:.1}×")
    } else {
        format!("{v:.2}×")
    }
}

/// A seek running in slices: a progress bar (from where it started running to its target)
/// and Cancel.
fn seek_progress(job: player::SeekJob, now: Micros, command: &Callback<RunCommand>) -> Html {
    let span = job.target_us.saturating_sub(job.from_us).max(1) as f64;
    let pct = ((now.saturating_sub(job.from_us)) as f64 / span * 100.0).clamp(0.0, 100.0).floor();
    let text = format!("{} of {}", format_clock(now), format_clock(job.target_us));
    html! {
        <span class="seek-progress">
            <span class="bar" role="progressbar" aria-label="Seeking" aria-valuemin="0"
                  aria-valuemax="100" aria-valuenow={pct.to_string()} aria-valuetext={text.clone()}
                  title={format!("Running to {text}")}>
                <span class="fill" style={format!("width: {pct}%")}></span>
            </span>
            <button class="btn" title="Stop here: the run stays at the time reached"
                    onclick={command.reform(|_: MouseEvent| RunCommand::CancelSeek)}>{"Cancel"}</button>
        </span>
    }
}

/// What the run controls show of the seed: the editor lets it be changed (the viewer of an
/// embed shows it only).
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    pub seed: u64,
    /// A new seed typed in; without it the seed is shown, not editable.
    #[prop_or_default]
    pub on_seed: Option<Callback<u64>>,
}

#[function_component(RunControls)]
pub fn run_controls(props: &RunControlsProps) -> Html {
    let run = use_run();
    let seed = props.seed;
    let on_seed = props.on_seed.clone().map(|on_seed| {
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(v) => on_seed.emit(v),
                // Not a seed: show the current one again rather than keep the typo.
                Err(_) => input.set_value(&seed.to_string()),
            }
        })
    });
    let p = run.player.borrow();
    let playing = p.playing();
    let now = p.now_us();
    let duration = p.duration_us;
    let speed = p.speed();
    let effective = p.effective_speed();
    let seeking = p.seeking();
    // Every rewind is exact (the run is deterministic); how far it re-runs is what varies.
    let rewind_hint = format!(
        "Drag back to rewind: exact at any time, re-run from the nearest checkpoint (every {})",
        format_clock(p.checkpoint_spacing_us())
    );
    let can_run = p.sim().is_some();
    let error = p.error.clone();
    drop(p);

    let cmd = |c: RunCommand| run.command.reform(move |_: MouseEvent| c.clone());
    let on_speed = run.command.reform(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        RunCommand::Speed(sel.value().parse().unwrap_or(1.0))
    });
    let on_seek = run.command.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let s: f64 = input.value().parse().unwrap_or(0.0);
        RunCommand::Seek((s * 1e6).round() as Micros)
    });
    let play_label = if playing { "Pause" } else { "Play" };
    html! {
        <div class="run" role="group" aria-label="Run">
            <button class="btn primary icon" aria-label={play_label} title={format!("{play_label} (Space)")}
                    disabled={!can_run} onclick={cmd(RunCommand::TogglePlay)}>
                { if playing { super::icons::pause() } else { super::icons::play() } }
            </button>
            <button class="btn icon" aria-label="Step" title="Run the next engine event"
                    disabled={!can_run} onclick={cmd(RunCommand::Step)}>{ super::icons::step() }</button>
            <button class="btn icon" aria-label="Reset" title="Back to time zero, same seed"
                    disabled={!can_run} onclick={cmd(RunCommand::Reset)}>{ super::icons::reset() }</button>
            <select class="speed" aria-label="Speed" title="Simulated seconds per second" onchange={on_speed}>
                { for SPEEDS.iter().map(|v| html! {
                    <option value={v.to_string()} selected={(*v - speed).abs() < 1e-9}>{ speed_label(*v) }</option>
                }) }
            </select>
            if let Some(v) = effective {
                <span class="effective-speed" title="The engine cannot keep up with this speed: this is how fast the run really goes">
                    { format!("running at {} of {}", reached_label(v), speed_label(speed)) }
                </span>
            }
            // While a seek runs, the slider stays where the user put it; the clock and the bar
            // show the way there.
            <input class="timeline" type="range" aria-label="Timeline" title={rewind_hint} min="0"
                   max={us_to_secs(duration).to_string()} step="0.1"
                   value={us_to_secs(seeking.map_or(now, |j| j.target_us)).to_string()}
                   disabled={!can_run} oninput={on_seek} />
            <output class="clock" aria-label="Simulated time">{ format_clock(now) }</output>
            // The seek's progress takes the seed's place for its duration: the bar is short.
            if let Some(job) = seeking {
                { seek_progress(job, now, &run.command) }
            } else {
                <label class="seed" title="Same seed, same run. Change it to see another random run.">
                    <span>{"seed"}</span>
                    if let Some(on_seed) = on_seed {
                        <input type="text" inputmode="numeric" aria-label="Seed" value={seed.to_string()} onchange={on_seed} />
                    } else {
                        <output aria-label="Seed">{ seed }</output>
                    }
                </label>
            }
            if let Some(e) = error {
                <span class="run-error" role="status" title={e.clone()}>{"Cannot run"}</span>
            }
            <announce::RunAnnouncer />
        </div>
    }
}
