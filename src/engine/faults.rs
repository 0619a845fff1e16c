//! Faults in a running simulation: commands injected as faults, and faults rescheduled when
//! the scenario is edited mid-run.
//!
//! # One kind of fault
//!
//! A scheduled fault at `t` starts before anything else due at `t` (faults in scenario order;
//! see `queue`). A command injected while the clock reads `t` comes after every event due at
//! `t` that already ran, so it is recorded as the equivalent [`Fault`] at the **fault
//! horizon**: `t` when nothing has run at `t` yet, else `t + 1 µs`, the first instant at which a
//! fault still starts before everything else. There it is the same thing as the same fault in
//! the scenario from the start: the same queue entry, at the same place, under the same index,
//! so the same trace hash. That is what lets the UI record every injection in the scenario (and
//! so in its share link) without the run it shows and the run the link replays ever parting.
//!
//! # Editing the faults of a running simulation
//!
//! [`Simulation::apply_scenario_change`] takes a scenario whose faults differ, by this rule:
//!
//! * **The future is the edited scenario's.** Every fault of the edited scenario that starts at
//!   or after the horizon is scheduled, exactly as a run of the edited scenario from zero has
//!   it, and every fault of the old scenario that had not started is dropped. Adding, moving,
//!   changing or deleting a future fault therefore gives the run a fresh run of the edited
//!   scenario would give, from the first instant it differs.
//! * **The past keeps what it did.** A fault that already started is not undone, and a window
//!   it opened (down, slow-down, broker down) closes when it was going to, whether the edited
//!   scenario keeps the fault, changes it or drops it (a window the scenario no longer has runs
//!   on as the run's own fault, after the scenario's). A fault the edited scenario puts before
//!   the horizon does not happen in this run: the run cannot go back to do it. Restarting the
//!   run (Reset) replays the scenario as it now is.
//!
//! A timeline replays an edit at the instant it was made, so seeking back and forth keeps both
//! halves of the rule.

use std::sync::Arc;

use super::clock::{us_to_secs, Micros};
use super::model::{Model, Role};
use super::sim::Simulation;
use crate::scenario::limits::{MAX_FAULT_COUNT, MAX_SLOWDOWN_FACTOR};
use crate::scenario::{Fault, FaultKind, NodeId};
use serde::Serialize;

/// A fault or action injected while the simulation runs. It becomes the equivalent scheduled
/// fault ([`Simulation::fault_for`]) at [`Simulation::fault_horizon_us`]: the current time, or
/// one microsecond later when something already ran at the current time. Durations may be as
/// long as `Micros::MAX`: an end past the representable clock saturates (the window never
/// ends) rather than wrapping to the past.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Crash one instance (or all) now; it restarts after `restart_after_us` (default: the
    /// group's restart time).
    Crash {
        /// A consumer group, service or projection.
        node: NodeId,
        /// Instance index; `None` = all.
        instance: Option<u32>,
        /// Restart delay.
        restart_after_us: Option<Micros>,
    },
    /// Take instances out of the group for a while.
    Down {
        /// A consumer group, service or projection.
        node: NodeId,
        /// Instance index; `None` = all.
        instance: Option<u32>,
        /// How long.
        duration_us: Micros,
    },
    /// Multiply processing times for a while.
    SlowDown {
        /// A consumer group, service or projection.
        node: NodeId,
        /// Factor, ≥ 1.
        factor: f64,
        /// How long.
        duration_us: Micros,
    },
    /// Take a topic's broker down for a while.
    BrokerDown {
        /// A topic or dead-letter queue.
        node: NodeId,
        /// How long.
        duration_us: Micros,
    },
    /// Make a producer emit one poison message now.
    Poison {
        /// A producer.
        node: NodeId,
    },
    /// Make a producer emit `count` events now (manual producers).
    Produce {
        /// A producer.
        node: NodeId,
        /// How many (at most 10 000 per command).
        count: u32,
    },
    /// Rebuild a projection by replay from offset zero.
    Rebuild {
        /// A projection.
        node: NodeId,
    },
    /// Kill a broker of the cluster; it restarts after `restart_after_us`.
    BrokerCrash {
        /// 1 = `broker-1`.
        broker: u32,
        /// Time to restart.
        restart_after_us: Micros,
    },
    /// Restart a crashed broker now (before its crash's time to restart).
    BrokerRestart {
        /// 1 = `broker-1`.
        broker: u32,
    },
    /// Slow a broker's fetches down for a while.
    BrokerSlow {
        /// 1 = `broker-1`.
        broker: u32,
        /// Factor, ≥ 1.
        factor: f64,
        /// How long.
        duration_us: Micros,
    },
    /// Cut a broker off from the controller, the other brokers and the clients for a while.
    BrokerIsolate {
        /// 1 = `broker-1`.
        broker: u32,
        /// How long.
        duration_us: Micros,
    },
}

impl Command {
    /// The node it hits and the kind of fault it is.
    pub fn target(&self) -> (NodeId, FaultKind) {
        match *self {
            Command::Crash { node, .. } => (node, FaultKind::Crash),
            Command::Down { node, .. } => (node, FaultKind::Down),
            Command::SlowDown { node, .. } => (node, FaultKind::SlowDown),
            Command::BrokerDown { node, .. } => (node, FaultKind::BrokerDown),
            Command::Poison { node } => (node, FaultKind::Poison),
            Command::Produce { node, .. } => (node, FaultKind::Produce),
            Command::Rebuild { node } => (node, FaultKind::Rebuild),
            Command::BrokerCrash { .. } => (NodeId(0), FaultKind::BrokerCrash),
            Command::BrokerRestart { .. } => (NodeId(0), FaultKind::BrokerRestart),
            Command::BrokerSlow { .. } => (NodeId(0), FaultKind::BrokerSlow),
            Command::BrokerIsolate { .. } => (NodeId(0), FaultKind::BrokerIsolate),
        }
    }
}

impl Simulation {
    /// The earliest time a fault added now still does what it would in a run that had it from
    /// the start: now, or one microsecond later when an event already ran at this instant.
    pub fn fault_horizon_us(&self) -> Micros {
        self.st.now.max(self.st.ran_until)
    }

    /// The scheduled fault equivalent to `cmd`, at the fault horizon. Errors name what is
    /// wrong (unknown node, wrong kind of node, bad number).
    pub fn fault_for(&self, cmd: &Command) -> Result<Fault, String> {
        let m = &*self.model;
        let (node, kind) = cmd.target();
        if kind.hits_broker() {
            return self.broker_fault_for(cmd);
        }
        let index = m
            .node_ids
            .iter()
            .position(|&n| n == node)
            .ok_or_else(|| format!("{node} does not exist"))?;
        let tag = m.tags[index];
        if !kind.fits(tag) {
            return Err(format!("{node} is a {tag}; this command does not apply to it"));
        }
        let group = match m.roles[index] {
            Role::Group(g) => Some(&m.groups[usize::from(g)]),
            _ => None,
        };
        let instance_ok = |instance: Option<u32>| match (instance, group) {
            (Some(i), Some(gr)) if i >= gr.instances => {
                Err(format!("{node} has instances 0 to {}", gr.instances - 1))
            }
            _ => Ok(instance),
        };
        let mut f =
            Fault { node, kind, at_s: us_to_secs(self.fault_horizon_us()), ..Fault::default() };
        match *cmd {
            Command::Crash { instance, restart_after_us, .. } => {
                f.instance = instance_ok(instance)?;
                let restart = group.map_or(0, |g| g.restart_us);
                f.duration_s = us_to_secs(restart_after_us.unwrap_or(restart));
            }
            Command::Down { instance, duration_us, .. } => {
                f.instance = instance_ok(instance)?;
                f.duration_s = us_to_secs(duration_us);
            }
            Command::SlowDown { factor, duration_us, .. } => {
                if !(1.0..=MAX_SLOWDOWN_FACTOR).contains(&factor) {
                    return Err(format!("factor {factor} must be from 1 to {MAX_SLOWDOWN_FACTOR}"));
                }
                f.factor = factor;
                f.duration_s = us_to_secs(duration_us);
            }
            Command::BrokerDown { duration_us, .. } => f.duration_s = us_to_secs(duration_us),
            Command::Produce { count, .. } => {
                if count == 0 {
                    return Err(format!("count must be from 1 to {MAX_FAULT_COUNT}"));
                }
                f.count = count.min(MAX_FAULT_COUNT);
            }
            Command::Poison { .. } | Command::Rebuild { .. } => {}
            Command::BrokerCrash { .. }
            | Command::BrokerRestart { .. }
            | Command::BrokerSlow { .. }
            | Command::BrokerIsolate { .. } => {}
        }
        Ok(f)
    }

    /// [`Self::fault_for`] of a command that hits a broker.
    fn broker_fault_for(&self, cmd: &Command) -> Result<Fault, String> {
        let brokers = self.model.cluster.as_ref().map_or(0, |c| u32::from(c.brokers));
        let (kind, broker, factor, duration_us) = match *cmd {
            Command::BrokerCrash { broker, restart_after_us } => {
                (FaultKind::BrokerCrash, broker, None, restart_after_us)
            }
            Command::BrokerRestart { broker } => (FaultKind::BrokerRestart, broker, None, 0),
            Command::BrokerSlow { broker, factor, duration_us } => {
                (FaultKind::BrokerSlow, broker, Some(factor), duration_us)
            }
            Command::BrokerIsolate { broker, duration_us } => {
                (FaultKind::BrokerIsolate, broker, None, duration_us)
            }
            _ => return Err("not a broker command".into()),
        };
        if brokers == 0 {
            return Err("the scenario has no brokers".into());
        }
        if broker == 0 || broker > brokers {
            return Err(format!("broker {broker} does not exist (1 to {brokers})"));
        }
        let mut f = Fault {
            kind,
            broker,
            at_s: us_to_secs(self.fault_horizon_us()),
            duration_s: us_to_secs(duration_us),
            ..Fault::default()
        };
        if let Some(factor) = factor {
            if !(1.0..=MAX_SLOWDOWN_FACTOR).contains(&factor) {
                return Err(format!("factor {factor} must be from 1 to {MAX_SLOWDOWN_FACTOR}"));
            }
            f.factor = factor;
        }
        Ok(f)
    }

    /// Injects a command: schedules its equivalent fault ([`Self::fault_for`]) at the fault
    /// horizon, as a fault of the run's own (the scenario does not change). It takes effect
    /// when the simulation next advances, which may be by as little as the instant it is at.
    /// Errors change nothing.
    pub fn inject(&mut self, cmd: Command) -> Result<(), String> {
        let fault = self.fault_for(&cmd)?;
        let rt = self.model.fault(&fault).ok_or("the node is not in the run")?;
        let at = rt.at_us;
        let model = Arc::make_mut(&mut self.model);
        let index = model.faults.len() as u32;
        model.faults.push(rt);
        self.st.queue.push_fault_start(at, index);
        Ok(())
    }

    /// Takes the faults of `new` (a compiled edit of this simulation's scenario) by the rule
    /// of this module: pending starts of the old scenario's faults go, the new scenario's
    /// future faults come, and whatever already started keeps its pending entries (its
    /// window's end), under the same fault of `new` when `new` still has it unchanged, else as
    /// a fault of the run's own appended to `new`.
    pub(crate) fn reschedule_faults(&mut self, new: &mut Model) {
        let old = &*self.model;
        if old.faults[..old.own_faults] == new.faults[..] {
            // Nothing to reschedule: the run's own faults keep their indices.
            new.faults.extend_from_slice(&old.faults[old.own_faults..]);
            return;
        }
        let horizon = self.fault_horizon_us();
        let mut pending = vec![(false, false); old.faults.len()];
        for (i, start) in self.st.queue.pending_faults() {
            let p = &mut pending[i as usize];
            if start {
                p.0 = true;
            } else {
                p.1 = true;
            }
        }
        let own = new.faults.len();
        let mut claimed = vec![false; own];
        let mut map: Vec<Option<u32>> = vec![None; old.faults.len()];
        for (i, f) in old.faults.iter().enumerate() {
            let scenario_fault = i < old.own_faults;
            let (start, end) = pending[i];
            if (scenario_fault && start) || !(start || end) {
                continue; // the edited scenario decides the future; or nothing is left to do
            }
            let same = if scenario_fault {
                (0..own).find(|&j| !claimed[j] && new.faults[j] == *f)
            } else {
                None
            };
            let j = same.unwrap_or_else(|| {
                new.faults.push(f.clone());
                new.faults.len() - 1
            });
            if j < own {
                claimed[j] = true;
            }
            map[i] = Some(j as u32);
        }
        self.st.queue.remap_faults(|i, _| map.get(i as usize).copied().flatten());
        for (j, f) in new.faults[..own].iter().enumerate() {
            if f.at_us >= horizon {
                self.st.queue.push_fault_start(f.at_us, j as u32);
            }
        }
    }
}
