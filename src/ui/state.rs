//! The editor model as Yew state: [`EditorState`] wraps [`Editor`] and implements `Reducible`,
//! so every component changes the document only by dispatching an [`Action`].

use std::rc::Rc;

use yew::prelude::*;

use crate::editor::{Action, Editor, Outcome};

/// The editor plus the last refusal, shown to the user as a one-line notice.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct EditorState {
    pub editor: Editor,
    /// The last refused action's reason, with a counter so that the same reason twice still
    /// shows twice.
    pub notice: Option<(u64, String)>,
}

impl Reducible for EditorState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match next.editor.apply(action) {
            Outcome::Refused(reason) => {
                let n = next.notice.as_ref().map_or(0, |(n, _)| n + 1);
                next.notice = Some((n, reason));
            }
            Outcome::Unchanged => {}
            // The refusal was about the last gesture; the next change makes it moot.
            Outcome::Edited | Outcome::Selected => next.notice = None,
        }
        Rc::new(next)
    }
}

/// The handle components use to read the editor and dispatch actions.
pub type EditorHandle = UseReducerHandle<EditorState>;

/// Reads the editor handle from context (the app provides it around everything).
#[hook]
pub fn use_editor() -> EditorHandle {
    use_context::<EditorHandle>().expect("the app provides the editor context")
}
