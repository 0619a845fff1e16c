//! Undo/redo as two stacks of whole-scenario snapshots. Snapshots are `Rc`-shared, so recording
//! one costs a pointer; the scenario itself is copied once per edit, which for the graph sizes
//! the format allows is cheaper and far simpler than inverse operations.

use std::rc::Rc;

use crate::scenario::Scenario;

/// Most undo steps kept; the oldest fall off ("put a limit on everything").
pub const MAX_HISTORY: usize = 200;

/// The undo and redo stacks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<Rc<Scenario>>,
    redo: Vec<Rc<Scenario>>,
}

impl History {
    /// Records the state before an edit; a new edit forgets what could be redone.
    pub fn record(&mut self, before: Rc<Scenario>) {
        if self.undo.len() == MAX_HISTORY {
            self.undo.remove(0);
        }
        self.undo.push(before);
        self.redo.clear();
    }

    /// The state to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: Rc<Scenario>) -> Option<Rc<Scenario>> {
        let previous = self.undo.pop()?;
        self.redo.push(current);
        Some(previous)
    }

    /// The state to go forward to, given the current one (kept for undo).
    pub fn redo(&mut self, current: Rc<Scenario>) -> Option<Rc<Scenario>> {
        let next = self.redo.pop()?;
        self.undo.push(current);
        Some(next)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
