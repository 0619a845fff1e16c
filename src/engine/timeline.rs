//! Checkpoints for scrubbing through time. A [`Timeline`] keeps a clone of the simulation every
//! `interval` of simulated time; seeking to `t` clones the nearest checkpoint at or before `t`
//! and runs forward, which gives exactly the state a run from zero would: the simulation is
//! deterministic, and the user's commands and edits are replayed at the instants they were made.
//!
//! Checkpoints share what did not change between them (logs, the trace ring and ledgers live in
//! shared chunks), and what they add together is held under [`CHECKPOINT_BUDGET_BYTES`]: past
//! it, or past [`MAX_CHECKPOINTS`], every other checkpoint goes and the spacing doubles. The
//! first (time zero) always stays, so every rewind is exact; only how far it re-runs grows.

use super::clock::Micros;
use super::faults::Command;
use super::sim::Simulation;
use super::snapshot::ChangeError;
use crate::scenario::limits::CHECKPOINT_BUDGET_BYTES;
use crate::scenario::Scenario;

/// Most checkpoints kept; when full, every other one is dropped and the interval doubles.
pub const MAX_CHECKPOINTS: usize = 64;

/// Something the user did at an instant, replayed when running past it again.
#[derive(Clone, Debug)]
enum Action {
    Command(Command),
    Change(Box<Scenario>),
}

/// A checkpoint: the simulation, and how many recorded actions it already includes.
#[derive(Clone, Debug)]
struct Checkpoint {
    sim: Simulation,
    applied: usize,
    /// Bytes it holds that the checkpoint before it does not share.
    bytes: usize,
}

/// A simulation with checkpoints, for seeking backwards and forwards.
#[derive(Clone, Debug)]
pub struct Timeline {
    current: Simulation,
    /// Actions included in `current`.
    applied: usize,
    checkpoints: Vec<Checkpoint>,
    interval_us: Micros,
    /// Actions in the order (and so time order) they were made.
    actions: Vec<(Micros, Action)>,
}

impl Timeline {
    /// Starts a timeline at the simulation's current state, checkpointing every `interval_us`
    /// of simulated time (at least 1 ms).
    pub fn new(sim: Simulation, interval_us: Micros) -> Self {
        Self {
            checkpoints: vec![Checkpoint {
                bytes: sim.retained_bytes(),
                sim: sim.clone(),
                applied: 0,
            }],
            current: sim,
            applied: 0,
            interval_us: interval_us.max(1_000),
            actions: Vec::new(),
        }
    }

    /// The simulation at the current time.
    pub fn sim(&self) -> &Simulation {
        &self.current
    }

    /// Current simulated time.
    pub fn now_us(&self) -> Micros {
        self.current.now_us()
    }

    /// Simulated time between checkpoints now.
    pub fn interval_us(&self) -> Micros {
        self.interval_us
    }

    /// Checkpoints held.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Bytes the checkpoints hold together (chunks they share counted once), at most about
    /// [`CHECKPOINT_BUDGET_BYTES`].
    pub fn checkpoint_bytes(&self) -> usize {
        self.checkpoints.iter().map(|c| c.bytes).sum()
    }

    /// Times of the checkpoints held, oldest first: a seek re-runs from the last one before it.
    pub fn checkpoint_times_us(&self) -> impl Iterator<Item = Micros> + '_ {
        self.checkpoints.iter().map(|c| c.sim.now_us())
    }

    /// Moves to time `t_us`, forwards or backwards.
    pub fn seek(&mut self, t_us: Micros) {
        self.rewind_for(t_us);
        self.run_to(t_us, u64::MAX);
    }

    /// Runs forward to `t_us` while `budget` (engine events) lasts, replaying recorded actions
    /// and taking checkpoints on the way. Returns whether it got there. Stopping early leaves
    /// the loop's own state (last checkpoint, actions applied) as it was before the interrupted
    /// stretch, so the next call recomputes the same stop and carries on exactly.
    fn run_to(&mut self, t_us: Micros, mut budget: u64) -> bool {
        loop {
            let last = self.checkpoints.last().map_or(0, |c| c.sim.now_us());
            let next_checkpoint = last + self.interval_us;
            let next_action = self.actions.get(self.applied).map_or(Micros::MAX, |(t, _)| *t);
            let stop = t_us.min(next_checkpoint).min(next_action);
            if !self.current.advance_toward(stop, &mut budget) {
                return false;
            }
            while let Some((t, action)) = self.actions.get(self.applied) {
                if *t != stop {
                    break;
                }
                // Accepted when first made; replaying gives the same result.
                let _ = match action.clone() {
                    Action::Command(c) => self.current.inject(c).map_err(|_| ()),
                    Action::Change(s) => self.current.apply_scenario_change(&s).map_err(|_| ()),
                };
                self.applied += 1;
            }
            if stop == next_checkpoint {
                self.push_checkpoint();
            }
            if stop >= t_us {
                return true;
            }
        }
    }

    fn push_checkpoint(&mut self) {
        if self.checkpoints.last().is_some_and(|c| c.sim.now_us() >= self.current.now_us()) {
            return;
        }
        let bytes = self.checkpoints.last().map_or(0, |prev| added_bytes(&prev.sim, &self.current));
        self.checkpoints.push(Checkpoint {
            sim: self.current.clone(),
            applied: self.applied,
            bytes,
        });
        while self.checkpoints.len() > MAX_CHECKPOINTS
            || (self.checkpoints.len() > 1 && self.checkpoint_bytes() > CHECKPOINT_BUDGET_BYTES)
        {
            self.thin();
        }
    }

    /// Drops every other checkpoint after the first and doubles the spacing; the survivors'
    /// byte counts are taken again against their new neighbours.
    fn thin(&mut self) {
        let mut i = 0;
        self.checkpoints.retain(|_| {
            i += 1;
            i % 2 == 1
        });
        for k in 1..self.checkpoints.len() {
            let bytes = added_bytes(&self.checkpoints[k - 1].sim, &self.checkpoints[k].sim);
            self.checkpoints[k].bytes = bytes;
        }
        self.interval_us = self.interval_us.saturating_mul(2);
    }

    /// Forgets the future: a new action after seeking back rewrites history from now on.
    fn truncate_future(&mut self) {
        let now = self.current.now_us();
        self.actions.truncate(self.applied);
        self.checkpoints.retain(|c| c.sim.now_us() <= now && c.applied <= self.applied);
    }

    /// Injects a command now and records it.
    pub fn inject(&mut self, cmd: Command) -> Result<(), String> {
        self.truncate_future();
        self.current.inject(cmd.clone())?;
        self.actions.push((self.current.now_us(), Action::Command(cmd)));
        self.applied += 1;
        Ok(())
    }

    /// Applies edited settings now and records them.
    pub fn apply_scenario_change(&mut self, scenario: &Scenario) -> Result<(), ChangeError> {
        self.truncate_future();
        self.current.apply_scenario_change(scenario)?;
        self.actions.push((self.current.now_us(), Action::Change(Box::new(scenario.clone()))));
        self.applied += 1;
        Ok(())
    }
}

/// Edits that change what is drawn but not what runs (issue 12: moving, renaming, notes).
impl Timeline {
    /// Takes the names of `scenario`'s nodes everywhere the run keeps them — now, in every
    /// checkpoint and in every recorded edit — without recording an action: the past and the
    /// future of the run (seeks, injected faults, later edits) stay as they were. The caller
    /// checks first that `scenario` runs as the current one does
    /// ([`Scenario::same_run_as`]); names never enter the trace.
    pub fn relabel(&mut self, scenario: &Scenario) {
        self.current.relabel(scenario);
        for c in &mut self.checkpoints {
            c.sim.relabel(scenario);
        }
        for (_, action) in &mut self.actions {
            if let Action::Change(s) = action {
                for n in &mut s.nodes {
                    if let Some(new) = scenario.node(n.id) {
                        n.name.clone_from(&new.name);
                    }
                }
            }
        }
    }

    /// Recorded actions (injected commands and edits), for tests of what an edit keeps.
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }
}

/// Bytes `next` holds that `prev` does not share with it.
fn added_bytes(prev: &Simulation, next: &Simulation) -> usize {
    let mut seen = super::chunked::ChunkSet::new();
    prev.st.unseen_bytes(&mut seen);
    next.st.unseen_bytes(&mut seen)
}

/// How far a [`Timeline::seek_step`] got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeekProgress {
    /// The timeline is at the target.
    pub done: bool,
    /// Simulated time reached.
    pub now_us: Micros,
    /// Engine events this call ran.
    pub events: u64,
}

/// Seeking in bounded work, so that a long seek can be spread over animation frames.
impl Timeline {
    /// [`Self::seek`] in slices: moves toward `t_us`, running at most `max_events` engine
    /// events (and the rest of the instant it stops in). Going backwards, the first call restores the checkpoint (later calls for the
    /// same target are then forwards). Calling it until `done` gives exactly the state one
    /// `seek(t_us)` gives; stopping earlier leaves a consistent state at `now_us`, as if the
    /// user had sought there.
    pub fn seek_step(&mut self, t_us: Micros, max_events: u64) -> SeekProgress {
        self.rewind_for(t_us);
        let before = self.current.events_processed();
        let done = self.run_to(t_us, max_events);
        SeekProgress {
            done,
            now_us: self.current.now_us(),
            events: self.current.events_processed() - before,
        }
    }

    /// The time a seek to `t_us` starts running from: now when `t_us` is ahead, else the
    /// checkpoint it rewinds to (for a progress bar's start).
    pub fn rewind_point_us(&self, t_us: Micros) -> Micros {
        if t_us >= self.current.now_us() {
            return self.current.now_us();
        }
        self.rewind_base(t_us).map_or(0, |c| c.sim.now_us())
    }

    /// The checkpoint a seek back to `t_us` restores: the last one at or before it.
    fn rewind_base(&self, t_us: Micros) -> Option<&Checkpoint> {
        self.checkpoints.iter().rev().find(|c| c.sim.now_us() <= t_us).or(self.checkpoints.first())
    }

    /// Restores the checkpoint for `t_us` when it lies behind the current time.
    fn rewind_for(&mut self, t_us: Micros) {
        if t_us < self.current.now_us() {
            if let Some(base) = self.rewind_base(t_us).cloned() {
                self.current = base.sim;
                self.applied = base.applied;
            }
        }
    }
}
