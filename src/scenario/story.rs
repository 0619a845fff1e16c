//! A scenario's story: captioned steps that guide a reader through a run. Each step starts at
//! a simulated time, says what to watch in a caption, may highlight nodes, and may stop the run
//! there until the reader clicks Next. Steps never change what the engine does (editing them
//! relabels a run, see [`super::Scenario::same_run_as`]); the player stops at a pause and the
//! canvas shows the step that has started.

use serde::{Deserialize, Serialize};

use super::{config::is_default, NodeId, Scenario};

/// One captioned step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Step {
    /// When the step starts, in simulated seconds.
    #[serde(skip_serializing_if = "is_default")]
    pub at_s: f64,
    /// What to watch now, in a sentence or two.
    #[serde(skip_serializing_if = "is_default")]
    pub caption: String,
    /// Nodes to draw the reader's eye to while the step shows.
    #[serde(skip_serializing_if = "is_default")]
    pub highlight: Vec<NodeId>,
    /// The run stops when it reaches the step, until the reader clicks Next.
    #[serde(skip_serializing_if = "is_default")]
    pub pause: bool,
}

impl Scenario {
    /// The steps' positions in time order (equal times keep list order).
    pub fn steps_in_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.steps.len()).collect();
        crate::sort::sort_by(&mut order, |&a, &b| {
            self.steps[a].at_s.total_cmp(&self.steps[b].at_s)
        });
        order
    }

    /// The step showing at `t_s`: the last, in time order, that has started, with its place in
    /// that order (0 for the first), for "step 2 of 4".
    pub fn step_at(&self, t_s: f64) -> Option<(usize, &Step)> {
        let order = self.steps_in_order();
        let place = order.iter().rposition(|&i| self.steps[i].at_s <= t_s)?;
        Some((place, &self.steps[order[place]]))
    }

    /// The first pausing step after `t_s`, in seconds: where a playing run stops next.
    pub fn next_pause_after(&self, t_s: f64) -> Option<f64> {
        self.steps.iter().filter(|s| s.pause && s.at_s > t_s).map(|s| s.at_s).min_by(f64::total_cmp)
    }
}
