//! A polite live region that tells screen-reader users what the animation shows: a node that
//! crashes, goes down or comes back, messages reaching a dead-letter queue, and the end of the
//! run. It reads what the player already holds (node states the particle layer took from the
//! engine's snapshot, the engine's dead-letter count, the clock) and says it in words, at most
//! once every [`QUIET_MS`] so that a busy run does not drown the reader.

use yew::prelude::*;

use super::{format_clock, use_run};
use crate::engine::NodeState;
use crate::scenario::NodeId;

/// Least time between two announcements, in ms of wall-clock time.
const QUIET_MS: f64 = 2_000.0;

/// What was last seen, and what waits to be said.
#[derive(Default)]
struct Seen {
    states: Vec<(NodeId, NodeState)>,
    dead_lettered: u64,
    ended: bool,
    pending: Vec<String>,
    said_at_ms: f64,
}

/// Sentences for what changed between `old` and `new` node states (non-running nodes only).
fn state_changes(
    old: &[(NodeId, NodeState)],
    new: &[(NodeId, NodeState)],
    name: impl Fn(NodeId) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    for &(id, state) in new {
        if old.iter().any(|&(o, s)| o == id && s == state) {
            continue;
        }
        out.push(match state {
            NodeState::Crashed => format!("{} crashed.", name(id)),
            NodeState::Down => format!("{} is down.", name(id)),
            NodeState::Degraded => format!("{} is degraded.", name(id)),
            NodeState::Up => continue,
        });
    }
    for &(id, _) in old {
        if !new.iter().any(|&(n, _)| n == id) {
            out.push(format!("{} is running again.", name(id)));
        }
    }
    out
}

#[function_component(RunAnnouncer)]
pub fn run_announcer() -> Html {
    let run = use_run();
    let seen = use_mut_ref(Seen::default);
    let text = use_state(String::new);
    let p = run.player.borrow();
    let scenario = p.scenario();
    let name =
        |id: NodeId| scenario.node(id).map_or_else(|| format!("node {}", id.0), |n| n.name.clone());
    let mut s = seen.borrow_mut();
    let changes = state_changes(&s.states, &p.node_states, name);
    s.pending.extend(changes);
    s.states.clone_from(&p.node_states);
    let dead = p.sim().map_or(0, |sim| sim.dead_lettered());
    if dead > s.dead_lettered {
        let n = dead - s.dead_lettered;
        s.pending.push(format!("{n} message{} dead-lettered.", if n == 1 { "" } else { "s" }));
    }
    s.dead_lettered = dead;
    let ended = p.duration_us > 0 && p.now_us() >= p.duration_us && !p.busy();
    let finished = ended && !s.ended;
    if finished {
        s.pending.push(format!("Run finished at {}.", format_clock(p.now_us())));
    }
    s.ended = ended;
    let now_ms = js_sys::Date::now();
    if !s.pending.is_empty() && (finished || now_ms - s.said_at_ms >= QUIET_MS) {
        let said = std::mem::take(&mut s.pending).join(" ");
        s.said_at_ms = now_ms;
        if *text != said {
            text.set(said);
        }
    }
    html! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-label="Run announcements">
            { (*text).clone() }
        </div>
    }
}
