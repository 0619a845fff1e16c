//! The running simulation as the UI holds it: an engine [`Timeline`] plus play state. The
//! frame loop advances it by wall-clock time × speed; everything it shows comes from the
//! engine's snapshots and metrics.

use crate::engine::{secs_to_us, Command, Micros, Simulation, Timeline};
use crate::scenario::Scenario;

/// Simulated time between checkpoints (the engine doubles it when it holds too many).
const CHECKPOINT_INTERVAL_US: Micros = 2_000_000;
/// Longest wall-clock gap one frame may account for, in ms: a background tab or a debugger
/// pause must not fast-forward the run by minutes.
const MAX_FRAME_GAP_MS: f64 = 100.0;

/// Playback speeds offered, as simulated seconds per wall-clock second.
pub const SPEEDS: [f64; 8] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0];

/// The simulation the UI plays.
pub struct Player {
    timeline: Option<Timeline>,
    /// Why the scenario cannot run, if it cannot.
    pub error: Option<String>,
    pub playing: bool,
    /// Simulated seconds per wall-clock second.
    pub speed: f64,
    /// Simulated time carried between frames below one microsecond.
    carry_us: f64,
    /// End of the run (the scenario's duration).
    pub duration_us: Micros,
    /// The editor revision the engine was last built or updated from.
    pub revision: u64,
    /// Dots drawn in the last frame (world x, y, event id), for clicking one to trace it.
    pub dots: Vec<(f64, f64, u64)>,
    /// Nodes not up in the last drawn snapshot, so the diagram can say so in text too.
    pub node_states: Vec<(crate::scenario::NodeId, crate::engine::NodeState)>,
}

impl Player {
    /// A paused player at time zero of `scenario`.
    pub fn new(scenario: &Scenario, revision: u64) -> Self {
        let mut p = Self {
            timeline: None,
            error: None,
            playing: false,
            speed: 1.0,
            carry_us: 0.0,
            duration_us: 0,
            revision,
            dots: Vec::new(),
            node_states: Vec::new(),
        };
        p.rebuild(scenario, revision);
        p
    }

    /// Starts over from time zero with the same seed (after a structural edit or Reset).
    pub fn rebuild(&mut self, scenario: &Scenario, revision: u64) {
        self.revision = revision;
        self.duration_us = secs_to_us(scenario.run_duration_s());
        self.carry_us = 0.0;
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
    }

    /// Applies an edited scenario from the current instant, or starts over when the graph
    /// changed shape (a new node or edge cannot join a run in the middle).
    pub fn update(&mut self, scenario: &Scenario, revision: u64) {
        if revision == self.revision {
            return;
        }
        let applied = match self.timeline.as_mut() {
            Some(tl) => tl.apply_scenario_change(scenario).is_ok(),
            None => false,
        };
        if applied {
            self.revision = revision;
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

    /// Current simulated time.
    pub fn now_us(&self) -> Micros {
        self.timeline.as_ref().map_or(0, Timeline::now_us)
    }

    /// Advances by one animation frame of `wall_ms` milliseconds; pauses at the end.
    pub fn frame(&mut self, wall_ms: f64) {
        if !self.playing {
            return;
        }
        let Some(tl) = self.timeline.as_mut() else { return };
        let sim_us = wall_ms.clamp(0.0, MAX_FRAME_GAP_MS) * 1000.0 * self.speed + self.carry_us;
        let whole = sim_us.floor();
        self.carry_us = sim_us - whole;
        let target = (tl.now_us() + whole as Micros).min(self.duration_us);
        tl.seek(target);
        if target >= self.duration_us {
            self.playing = false;
        }
    }

    /// Jumps to simulated time `t_us` (backwards through checkpoints, forwards by running).
    pub fn seek(&mut self, t_us: Micros) {
        if let Some(tl) = self.timeline.as_mut() {
            tl.seek(t_us.min(self.duration_us));
            self.carry_us = 0.0;
        }
    }

    /// Runs exactly the next engine event (and pauses).
    pub fn step(&mut self) {
        self.playing = false;
        if let Some(tl) = self.timeline.as_mut() {
            if let Some(next) = tl.sim().next_event_us() {
                if next <= self.duration_us {
                    tl.seek(next);
                }
            }
        }
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

    /// Injects a fault or an action now.
    pub fn inject(&mut self, cmd: Command) -> Result<(), String> {
        match self.timeline.as_mut() {
            Some(tl) => tl.inject(cmd),
            None => Err(self.error.clone().unwrap_or_else(|| "The scenario cannot run.".into())),
        }
    }
}
