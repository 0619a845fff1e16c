//! The keyboard of the canvas, as diagram tools have taught it: what a key press means, apart
//! from the browser events that carry it, so that the table is tested natively.

use super::{Action, GRID};

/// How far an arrow key moves the focused (or selected) nodes, in world units.
pub const NUDGE: f64 = GRID;
/// How far Shift + an arrow key moves them.
pub const BIG_NUDGE: f64 = 4.0 * GRID;

/// A key press, as the shortcuts read it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key<'a> {
    /// `KeyboardEvent.key`: `"z"`, `"Delete"`, `" "`…
    pub key: &'a str,
    /// Ctrl, or ⌘ on a Mac.
    pub command: bool,
    pub shift: bool,
}

/// What a shortcut asks for. One exists per key press, so its size does not matter.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Shortcut {
    /// An editor action (undo, delete, select all…).
    Edit(Action),
    /// Fit the whole graph in view.
    FitView,
    /// Space went down: play/pause on its release, or pan while it is held and the pointer
    /// drags.
    SpaceDown,
}

/// The shortcut a key press on the canvas means, if any.
pub fn shortcut(k: Key) -> Option<Shortcut> {
    Some(match (k.command, k.shift, k.key) {
        (true, false, "z" | "Z") => Shortcut::Edit(Action::Undo),
        (true, true, "z" | "Z") | (true, _, "y" | "Y") => Shortcut::Edit(Action::Redo),
        (true, _, "d" | "D") => Shortcut::Edit(Action::DuplicateSelection),
        (true, _, "a" | "A") => Shortcut::Edit(Action::SelectAll),
        (false, _, "Delete" | "Backspace") => Shortcut::Edit(Action::DeleteSelection),
        (false, _, "Escape") => Shortcut::Edit(Action::ClearSelection),
        (false, _, "f" | "F") => Shortcut::FitView,
        (false, _, "l" | "L") => Shortcut::Edit(Action::AutoLayout),
        (false, _, " ") => Shortcut::SpaceDown,
        _ => return None,
    })
}

/// How far an arrow key moves a node, in world units, if the key is an arrow.
pub fn nudge(k: Key) -> Option<(f64, f64)> {
    if k.command {
        return None;
    }
    let step = if k.shift { BIG_NUDGE } else { NUDGE };
    Some(match k.key {
        "ArrowLeft" => (-step, 0.0),
        "ArrowRight" => (step, 0.0),
        "ArrowUp" => (0.0, -step),
        "ArrowDown" => (0.0, step),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str, command: bool, shift: bool) -> Key<'_> {
        Key { key, command, shift }
    }

    #[test]
    fn undo_and_redo_take_both_spellings() {
        assert_eq!(shortcut(key("z", true, false)), Some(Shortcut::Edit(Action::Undo)));
        assert_eq!(shortcut(key("Z", true, true)), Some(Shortcut::Edit(Action::Redo)));
        assert_eq!(shortcut(key("y", true, false)), Some(Shortcut::Edit(Action::Redo)));
    }

    #[test]
    fn letters_without_ctrl_are_tools_and_with_ctrl_are_edits() {
        assert_eq!(shortcut(key("f", false, false)), Some(Shortcut::FitView));
        assert_eq!(shortcut(key("l", false, false)), Some(Shortcut::Edit(Action::AutoLayout)));
        assert_eq!(
            shortcut(key("d", true, false)),
            Some(Shortcut::Edit(Action::DuplicateSelection))
        );
        assert_eq!(shortcut(key("a", true, false)), Some(Shortcut::Edit(Action::SelectAll)));
        // Ctrl+F is the browser's find, Ctrl+L its address bar: left alone.
        assert_eq!(shortcut(key("f", true, false)), None);
        assert_eq!(shortcut(key("l", true, false)), None);
        assert_eq!(shortcut(key("z", false, false)), None, "a bare z is nothing");
    }

    #[test]
    fn delete_escape_and_space() {
        assert_eq!(
            shortcut(key("Backspace", false, false)),
            Some(Shortcut::Edit(Action::DeleteSelection))
        );
        assert_eq!(
            shortcut(key("Escape", false, true)),
            Some(Shortcut::Edit(Action::ClearSelection))
        );
        assert_eq!(shortcut(key(" ", false, false)), Some(Shortcut::SpaceDown));
        assert_eq!(shortcut(key(" ", true, false)), None);
    }

    #[test]
    fn arrows_nudge_a_grid_step_and_shift_four() {
        assert_eq!(nudge(key("ArrowLeft", false, false)), Some((-NUDGE, 0.0)));
        assert_eq!(nudge(key("ArrowDown", false, true)), Some((0.0, 4.0 * NUDGE)));
        assert_eq!(nudge(key("ArrowUp", true, false)), None, "Ctrl+arrow is the browser's");
        assert_eq!(nudge(key("Enter", false, false)), None);
    }
}
