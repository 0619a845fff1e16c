//! The running simulation as the UI holds it: an engine [`Timeline`] plus play state. The
//! frame loop advances it by wall-clock time × speed; everything it shows comes from the
//! engine's snapshots and metrics.
//!
//! The main thread must never block long (issue 10): every call into the engine here runs a
//! bounded slice of engine events ([`SliceBudget`]). Playing caps each frame's work, and says
//! how fast the run really goes when it cannot keep up ([`Pace`]); a seek longer than one
//! slice becomes a [`SeekJob`] that the frame loop carries on, one slice a frame, until it
//! arrives or is cancelled.

use crate::engine::{
    secs_to_us, us_to_secs, ChangeError, Command, Micros, SeekProgress, Simulation, Timeline,
};
use crate::scenario::{Fault, Scenario};

/// Simulated time between checkpoints (the engine doubles it when it holds too many).
const CHECKPOINT_INTERVAL_US: Micros = 2_000_000;
/// Longest wall-clock gap one frame may account for, in ms: a background tab or a debugger
/// pause must not fast-forward the run by minutes.
const MAX_FRAME_GAP_MS: f64 = 100.0;

/// Playback speeds offered, as simulated seconds per wall-clock second.
pub const SPEEDS: [f64; 8] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0];

/// Wall-clock time one slice of engine work aims at, ms: a fifth of the 50 ms at which the
/// browser counts a long task, leaving room for drawing, the panels' re-render and a slice
/// that runs slower than the last one measured.
const SLICE_MS: f64 = 10.0;
/// Engine time per event assumed before any slice is measured, µs. Warm wasm runs the
/// checkout fan-out at well under 1 µs per event; freshly loaded code (before the browser's
/// optimising tier) is several times slower, so the first guess is on the slow side.
const FIRST_US_PER_EVENT: f64 = 2.0;
/// Fewest events a slice runs, so that a slow measurement never stalls a seek.
const MIN_SLICE_EVENTS: u64 = 500;
/// Slices shorter than this are not measured: `performance.now()` is coarse (down to 0.1 ms
/// without cross-origin isolation), so a short slice says little about time per event.
const MIN_MEASURED_MS: f64 = 1.0;
/// Wall-clock time over which the effective speed is averaged, ms.
const PACE_WINDOW_MS: f64 = 1_000.0;

/// Engine events per slice, from the measured time per event.
#[derive(Clone, Copy, Debug)]
struct SliceBudget {
    us_per_event: f64,
    /// Wall-clock time a slice aims at: [`SLICE_MS`], or half of it for each of the two runs
    /// of a comparison (the frame moves both).
    slice_ms: f64,
}

impl SliceBudget {
    fn events(&self) -> u64 {
        ((self.slice_ms * 1_000.0 / self.us_per_event) as u64).max(MIN_SLICE_EVENTS)
    }

    /// Takes in one slice's measurement. A slower slice counts at once (the next one must
    /// not overrun); a faster one eases in, so one lucky slice does not double the next.
    fn record(&mut self, events: u64, ms: f64) {
        if events == 0 || ms < MIN_MEASURED_MS {
            return;
        }
        let sample = ms * 1_000.0 / events as f64;
        self.us_per_event = if sample > self.us_per_event {
            sample
        } else {
            0.7 * self.us_per_event + 0.3 * sample
        };
    }
}

/// Simulated time actually reached while playing against the wall-clock time it took, over
/// about a second: what "running at 0.4× of 100×" reports when the budget held the run back.
#[derive(Clone, Copy, Debug, Default)]
struct Pace {
    wall_ms: f64,
    sim_us: f64,
    /// Some frame in this window stopped short of its target for lack of budget.
    held_back: bool,
    /// The last full window's speed, when the budget held it back.
    effective: Option<f64>,
}

impl Pace {
    fn record(&mut self, wall_ms: f64, sim_us: f64, held_back: bool, speed: f64) {
        self.wall_ms += wall_ms;
        self.sim_us += sim_us;
        self.held_back |= held_back;
        if self.wall_ms >= PACE_WINDOW_MS {
            let reached = self.sim_us / (self.wall_ms * 1_000.0);
            // A window that was never held back runs at the chosen speed, whatever rounding
            // says; one that was, but still within 5 %, is not worth a warning.
            let effective = (self.held_back && reached < 0.95 * speed).then_some(reached);
            *self = Pace { effective, ..Pace::default() };
        }
    }
}

/// A seek spread over frames: where it goes and where it started running from (the
/// checkpoint it rewound to, or the time it started ahead from), for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeekJob {
    pub target_us: Micros,
    pub from_us: Micros,
}

/// The page's clock, ms.
fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// The simulation the UI plays.
pub struct Player {
    timeline: Option<Timeline>,
    /// Why the scenario cannot run, if it cannot.
    pub error: Option<String>,
    /// Play or pause, as the user chose; a seek in progress runs first, then play goes on.
    playing: bool,
    /// Simulated seconds per wall-clock second asked for.
    speed: f64,
    /// A seek still running, one slice a frame.
    seek: Option<SeekJob>,
    budget: SliceBudget,
    pace: Pace,
    /// Simulated time carried between frames below one microsecond.
    carry_us: f64,
    /// End of the run (the scenario's duration).
    pub duration_us: Micros,
    /// The editor revision the engine was last built or updated from.
    pub revision: u64,
    /// The scenario the run reflects now (its seed, settings and names), to tell an edit
    /// that only relabels the run from one that changes it.
    scenario: Scenario,
    /// Dots drawn in the last frame (world x, y, event id), for clicking one to trace it.
    pub dots: Vec<(f64, f64, u64)>,
    /// Nodes not up in the last drawn snapshot, so the diagram can say so in text too.
    pub node_states: Vec<(crate::scenario::NodeId, crate::engine::NodeState)>,
    /// Compare mode: the variant's player, on this one's seed. It never plays by itself: after
    /// every move of this player it seeks to the same simulated time (bounded slices, like any
    /// seek), so one play, step or seek drives both ([`Self::follow`]).
    pub twin: Option<Box<Player>>,
}

impl Player {
    /// A paused player at time zero of `scenario`.
    pub fn new(scenario: &Scenario, revision: u64) -> Self {
        let mut p = Self {
            timeline: None,
            error: None,
            playing: false,
            speed: 1.0,
            seek: None,
            budget: SliceBudget { us_per_event: FIRST_US_PER_EVENT, slice_ms: SLICE_MS },
            pace: Pace::default(),
            carry_us: 0.0,
            duration_us: 0,
            revision,
            scenario: scenario.clone(),
            dots: Vec::new(),
            node_states: Vec::new(),
            twin: None,
        };
        p.rebuild(scenario, revision);
        p
    }

    /// Keeps the twin on the document's variant (run on this one's seed), or drops it.
    fn sync_twin(&mut self, scenario: &Scenario, revision: u64) {
        let Some(v) = scenario.variant.as_deref() else {
            self.twin = None;
            return;
        };
        let v = Scenario { seed: scenario.seed, ..v.clone() };
        match self.twin.as_deref_mut() {
            // A drawn-only edit relabels; any other runs the variant again from zero to now,
            // so its figures are the edited design's from the start.
            Some(t) if t.scenario.same_run_as(&v) => t.update(&v, revision),
            _ => self.twin = Some(Box::new(Player::new(&v, revision))),
        }
        self.follow();
    }

    /// Moves the twin toward this player's time: a slice of its seek now, the rest in the
    /// frames that follow ([`Self::busy`] counts it). With a twin, each run's slices take half
    /// of a frame's engine time, so that a frame moving both stays as short as one alone.
    fn follow(&mut self) {
        let now = self.now_us();
        let share = if self.twin.is_some() { SLICE_MS / 2.0 } else { SLICE_MS };
        self.budget.slice_ms = share;
        let Some(t) = self.twin.as_deref_mut() else { return };
        t.budget.slice_ms = share;
        match t.seek {
            Some(job) if job.target_us == now => t.seek_slice(),
            _ if t.now_us() != now => t.seek(now),
            _ => {}
        }
    }

    /// When the document is this run's variant with this run's design as its variant (the
    /// user switched designs), the two players swap, each keeping its run.
    fn switch_if_swapped(&mut self, scenario: &Scenario) {
        let Some(twin) = self.twin.as_deref() else { return };
        let plain = |s: &Scenario| Scenario { variant: None, ..s.clone() };
        let swapped =
            scenario.variant.as_deref().is_some_and(|v| v.same_run_as(&plain(&self.scenario)))
                && plain(scenario).same_run_as(&twin.scenario);
        if let (true, Some(mut other)) = (swapped, self.twin.take()) {
            std::mem::swap(self, &mut other);
            (self.playing, self.speed) = (other.playing, other.speed);
            other.playing = false;
            self.twin = Some(other);
        }
    }

    /// Starts over from time zero with the same seed (after a structural edit or Reset).
    pub fn rebuild(&mut self, scenario: &Scenario, revision: u64) {
        self.twin = None;
        self.revision = revision;
        self.scenario = scenario.clone();
        self.duration_us = secs_to_us(scenario.run_duration_s());
        self.carry_us = 0.0;
        self.seek = None;
        self.pace = Pace::default();
        match Simulation::new(scenario) {
            Ok(sim) => {
                self.timeline = Some(Timeline::new(sim, CHECKPOINT_INTERVAL_US));
                self.error = None;
            }
            Err(problems) => {
                self.timeline = None;
                self.playing = false;
                let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
                self.error = Some(if problems.len() > 1 {
                    format!("Cannot run: {first} (and {} more problems)", problems.len() - 1)
                } else {
                    format!("Cannot run: {first}")
                });
            }
        }
        self.sync_twin(scenario, revision);
    }

    /// Applies an edited scenario from the current instant, or starts over when the graph
    /// changed shape (a new node or edge cannot join a run in the middle) or the seed changed.
    /// An edit that changes only what is drawn (a move, a rename, the notes) relabels the run
    /// and keeps its past and future. Edited faults take effect by the engine's rule: those
    /// from now on are the edit's, those already started keep what they did.
    pub fn update(&mut self, scenario: &Scenario, revision: u64) {
        if revision == self.revision {
            return;
        }
        self.switch_if_swapped(scenario);
        self.sync_twin(scenario, revision);
        let relabel = self.timeline.is_some()
            && scenario.same_run_as(&self.scenario)
            && !scenario.validate().iter().any(|p| p.severity == crate::scenario::Severity::Error);
        let applied = match self.timeline.as_mut() {
            Some(tl) if relabel => {
                tl.relabel(scenario);
                true
            }
            Some(tl) if scenario.seed == self.scenario.seed => {
                tl.apply_scenario_change(scenario).is_ok()
            }
            _ => false,
        };
        if applied {
            self.revision = revision;
            self.scenario = scenario.clone();
            self.duration_us = secs_to_us(scenario.run_duration_s());
        } else {
            let was_playing = self.playing;
            self.rebuild(scenario, revision);
            self.playing = was_playing && self.timeline.is_some();
        }
    }

    /// The simulation, if the scenario can run.
    pub fn sim(&self) -> Option<&Simulation> {
        self.timeline.as_ref().map(Timeline::sim)
    }

    /// Simulated time between the timeline's checkpoints now: the most a rewind re-runs.
    pub fn checkpoint_spacing_us(&self) -> Micros {
        self.timeline.as_ref().map_or(0, Timeline::interval_us)
    }

    /// Current simulated time.
    /// The scenario the run reflects (for names: the run's announcements).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn now_us(&self) -> Micros {
        self.timeline.as_ref().map_or(0, Timeline::now_us)
    }

    /// Whether the run plays (or will, once a seek in progress arrives).
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Plays or pauses; playing needs a scenario that can run.
    pub fn set_playing(&mut self, playing: bool) {
        self.playing = playing && self.timeline.is_some();
        self.pace = Pace::default();
    }

    /// The speed asked for, simulated seconds per wall-clock second.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn set_speed(&mut self, speed: f64) {
        self.speed = speed;
        self.pace = Pace::default();
    }

    /// The speed the run really reaches while playing, when the engine cannot keep up with
    /// the one asked for.
    pub fn effective_speed(&self) -> Option<f64> {
        self.pace.effective.filter(|_| self.playing && self.seek.is_none())
    }

    /// The seek in progress, if one is.
    pub fn seeking(&self) -> Option<SeekJob> {
        self.seek
    }

    /// Work the frame loop has for this frame: a seek slice or playing.
    pub fn busy(&self) -> bool {
        self.seek.is_some() || self.playing || self.twin.as_deref().is_some_and(Player::busy)
    }

    /// One animation frame of `wall_ms` milliseconds: the next slice of a seek in progress,
    /// else, when playing, the frame's simulated time (capped by the slice budget). Pauses at
    /// the end, and at a story step that pauses.
    pub fn frame(&mut self, wall_ms: f64) {
        self.frame_alone(wall_ms);
        self.follow();
    }

    fn frame_alone(&mut self, wall_ms: f64) {
        if self.seek.is_some() {
            self.seek_slice();
            return;
        }
        if !self.playing {
            return;
        }
        let wall_ms = wall_ms.clamp(0.0, MAX_FRAME_GAP_MS);
        let sim_us = wall_ms * 1000.0 * self.speed + self.carry_us;
        let whole = sim_us.floor();
        self.carry_us = sim_us - whole;
        let from = self.now_us();
        // A story step that pauses stops the run exactly at its time, until Next.
        let stop = self.scenario.next_pause_after(us_to_secs(from)).map(secs_to_us);
        let target =
            (from + whole as Micros).min(self.duration_us).min(stop.unwrap_or(Micros::MAX));
        let Some(p) = self.slice(target) else { return };
        if !p.done {
            // Behind: the rest of this frame's time is dropped rather than owed, or the run
            // would fall further behind every frame.
            self.carry_us = 0.0;
        }
        self.pace.record(wall_ms, (p.now_us - from) as f64, !p.done, self.speed);
        if p.done && (target >= self.duration_us || Some(target) == stop) {
            self.playing = false;
            self.carry_us = 0.0;
        }
    }

    /// Jumps to simulated time `t_us` (backwards through checkpoints, forwards by running):
    /// one slice now, the rest in the frames that follow (see [`Self::seeking`]).
    pub fn seek(&mut self, t_us: Micros) {
        let Some(tl) = self.timeline.as_ref() else { return };
        let target_us = t_us.min(self.duration_us);
        let now = tl.now_us();
        // Retargeting a seek that is still running ahead keeps the bar's start.
        let from_us = match self.seek {
            Some(job) if target_us >= now => job.from_us.min(now),
            _ => tl.rewind_point_us(target_us),
        };
        self.seek = Some(SeekJob { target_us, from_us });
        self.carry_us = 0.0;
        self.pace = Pace::default();
        self.seek_slice();
        self.follow();
    }

    /// Stops a seek in progress where it got to: a consistent state, as if the user had
    /// sought to that time.
    pub fn cancel_seek(&mut self) {
        self.seek = None;
        self.follow();
    }

    fn seek_slice(&mut self) {
        let Some(job) = self.seek else { return };
        if self.slice(job.target_us).is_none_or(|p| p.done) {
            self.seek = None;
        }
    }

    /// One bounded, measured step of the engine toward `t_us`.
    fn slice(&mut self, t_us: Micros) -> Option<SeekProgress> {
        let tl = self.timeline.as_mut()?;
        let start = now_ms();
        let p = tl.seek_step(t_us, self.budget.events());
        self.budget.record(p.events, now_ms() - start);
        Some(p)
    }

    /// Runs exactly the next engine event (and pauses; a seek in progress stops where it is).
    pub fn step(&mut self) {
        self.playing = false;
        self.seek = None;
        if let Some(tl) = self.timeline.as_mut() {
            if tl.sim().next_event_us().is_some_and(|next| next <= self.duration_us) {
                tl.step_event();
            }
        }
        self.follow();
    }

    /// The event whose dot is nearest to world point (`x`, `y`), within `radius`.
    pub fn dot_near(&self, x: f64, y: f64, radius: f64) -> Option<u64> {
        self.dots
            .iter()
            .map(|&(dx, dy, id)| ((dx - x).hypot(dy - y), id))
            .filter(|(d, _)| *d <= radius)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
    }

    /// Injects a fault or an action now, the way a run and its link both keep it: as the
    /// equivalent scheduled fault at the engine's fault horizon, added to `scenario` (the
    /// editor's) and applied to the run at once, so that it shows now and the run does not
    /// restart. Returns the fault for the editor to add ([`crate::editor::Action::AddFault`]),
    /// which then finds the run already has it. Paused, the run moves on to the fault's
    /// instant (at most one microsecond) so that its effect shows.
    pub fn inject(&mut self, cmd: &Command, scenario: &Scenario) -> Result<Fault, String> {
        // Now is the time shown: a seek in progress stops there first.
        self.seek = None;
        let Some(tl) = self.timeline.as_mut() else {
            return Err(self.error.clone().unwrap_or_else(|| "The scenario cannot run.".into()));
        };
        let fault = tl.sim().fault_for(cmd)?;
        let mut next = scenario.clone();
        next.faults.push(fault.clone());
        match tl.apply_scenario_change(&next) {
            Ok(()) => {
                self.scenario = next;
                let at = secs_to_us(fault.at_s);
                if at <= self.duration_us {
                    tl.seek(at);
                }
            }
            // The editor holds a change of shape the run has not taken yet: the edit that
            // adds the fault restarts the run with it.
            Err(ChangeError::NeedsRestart) => {}
            Err(e) => return Err(e.to_string()),
        }
        Ok(fault)
    }
}
