//! The run as one model with explicit messages: the app holds a [`RunModel`] in a reducer and
//! every change — a user's command, an edit of the document, a frame of the loop — is a
//! [`RunMsg`]. The player inside is the engine's timeline and is mutated in place (it holds
//! checkpoints worth keeping); the model's `generation` moves with every message, so the
//! components that read the player re-render exactly then.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::player::Player;
use super::{RunCommand, WhyRequest};
use crate::engine::Micros;
use crate::scenario::Scenario;

/// The run's state as the app holds it.
#[derive(Clone)]
pub struct RunModel {
    pub player: Rc<RefCell<Player>>,
    /// Moves on every message.
    pub generation: u64,
    /// The event whose trace is shown.
    pub selected_event: Option<u64>,
    /// The latest "why" asked for from a node's figures.
    pub why: Option<WhyRequest>,
}

impl PartialEq for RunModel {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.player, &o.player)
            && self.generation == o.generation
            && self.selected_event == o.selected_event
            && self.why == o.why
    }
}

/// A change to the run.
#[derive(Clone)]
pub enum RunMsg {
    /// What the user asked for. `Inject` never comes here: it becomes a scheduled fault in
    /// the document, and the document's change reaches the run as [`RunMsg::Document`].
    Command(RunCommand),
    /// The document is now `scenario` at `revision`: the player keeps what it can (a
    /// drawn-only edit relabels, a simulation edit applies from now on).
    Document(Rc<Scenario>, u64),
    /// Back to time zero with the document of now, the same seed, nothing selected.
    Reset(Rc<Scenario>, u64),
    /// The page opened as an embed asked: at `start`, playing or not.
    Start { at: Option<Micros>, autoplay: bool },
    /// The frame loop advanced the player (or a panel asked to re-read it).
    Tick,
}

impl RunModel {
    pub fn new(scenario: &Scenario, revision: u64) -> Self {
        RunModel {
            player: Rc::new(RefCell::new(Player::new(scenario, revision))),
            generation: 0,
            selected_event: None,
            why: None,
        }
    }

    fn command(&mut self, c: RunCommand) {
        let mut p = self.player.borrow_mut();
        match c {
            RunCommand::TogglePlay => {
                if p.now_us() >= p.duration_us {
                    p.seek(0);
                }
                let play = !p.playing();
                p.set_playing(play);
            }
            RunCommand::Step => p.step(),
            RunCommand::Speed(v) => p.set_speed(v),
            RunCommand::Seek(t) => p.seek(t),
            RunCommand::CancelSeek => p.cancel_seek(),
            RunCommand::SelectEvent(id) => self.selected_event = id,
            RunCommand::ShowWhy(node, kind) => {
                let n = self.why.as_ref().map_or(0, |w| w.n + 1);
                self.why = Some(WhyRequest { node, kind, n });
            }
            // Both need the document: the app sends them as their own messages.
            RunCommand::Reset | RunCommand::Inject(_) => {}
        }
    }
}

impl Reducible for RunModel {
    type Action = RunMsg;

    fn reduce(self: Rc<Self>, msg: RunMsg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            RunMsg::Command(c) => next.command(c),
            RunMsg::Document(scenario, revision) => {
                next.player.borrow_mut().update(&scenario, revision)
            }
            RunMsg::Reset(scenario, revision) => {
                let mut p = next.player.borrow_mut();
                p.set_playing(false);
                p.rebuild(&scenario, revision);
                drop(p);
                next.selected_event = None;
            }
            RunMsg::Start { at, autoplay } => {
                let mut p = next.player.borrow_mut();
                if let Some(t) = at {
                    p.seek(t);
                }
                if autoplay {
                    p.set_playing(true);
                }
            }
            RunMsg::Tick => {}
        }
        next.generation += 1;
        Rc::new(next)
    }
}

/// The handle the app dispatches run messages through.
pub type RunHandle = UseReducerHandle<RunModel>;
