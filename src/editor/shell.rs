//! The shell around the diagram — which panes and dialogs are open, which node is being
//! renamed, whether Space is held — as one model changed only by [`ShellMsg`]s. The app holds
//! it in a reducer; pure Rust, so its rules are tested natively.

use crate::scenario::NodeId;

/// A modal dialog. One is open at a time: opening another replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    Gallery,
    Drafts,
    Share,
}

/// A pane that folds away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    /// The palette (a sheet over the canvas on a narrow screen, closed until asked for).
    Palette,
    /// The inspector (likewise).
    Inspector,
    /// The metrics drawer under the canvas.
    Drawer,
    /// A lesson's notes and checks beside the canvas.
    Notes,
}

/// What is open around the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shell {
    pub dialog: Option<Dialog>,
    pub palette: bool,
    pub inspector: bool,
    pub drawer: bool,
    pub notes: bool,
    /// The node whose name is being edited in place.
    pub renaming: Option<NodeId>,
    /// Space is held: a drag pans even over nodes.
    pub space_held: bool,
}

/// A change to the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellMsg {
    /// Opens a dialog, or closes it when it is the one open (its button toggles it).
    ToggleDialog(Dialog),
    /// Opens a dialog.
    Open(Dialog),
    /// Closes whatever dialog is open.
    CloseDialog,
    Toggle(Pane),
    Show(Pane),
    Hide(Pane),
    /// Starts editing a node's name in place, or (`None`) stops.
    Rename(Option<NodeId>),
    SpaceHeld(bool),
}

impl Shell {
    /// The shell a page opens with. On a narrow screen the palette and inspector are sheets
    /// over the canvas and the notes stack under it: all start folded.
    pub fn new(narrow: bool) -> Self {
        Shell {
            dialog: None,
            palette: false,
            inspector: false,
            drawer: true,
            notes: !narrow,
            renaming: None,
            space_held: false,
        }
    }

    fn pane(&mut self, p: Pane) -> &mut bool {
        match p {
            Pane::Palette => &mut self.palette,
            Pane::Inspector => &mut self.inspector,
            Pane::Drawer => &mut self.drawer,
            Pane::Notes => &mut self.notes,
        }
    }

    /// The shell after `msg`.
    pub fn update(mut self, msg: ShellMsg) -> Self {
        match msg {
            ShellMsg::ToggleDialog(d) => {
                self.dialog = if self.dialog == Some(d) { None } else { Some(d) }
            }
            ShellMsg::Open(d) => self.dialog = Some(d),
            ShellMsg::CloseDialog => self.dialog = None,
            ShellMsg::Toggle(p) => {
                let open = self.pane(p);
                *open = !*open;
            }
            ShellMsg::Show(p) => *self.pane(p) = true,
            ShellMsg::Hide(p) => *self.pane(p) = false,
            ShellMsg::Rename(id) => self.renaming = id,
            ShellMsg::SpaceHeld(held) => self.space_held = held,
        }
        self
    }

    /// Whether `d` is the dialog open.
    pub fn is_open(&self, d: Dialog) -> bool {
        self.dialog == Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_screen_opens_with_the_drawer_and_notes_and_a_narrow_one_folds_the_notes() {
        let wide = Shell::new(false);
        assert!(wide.drawer && wide.notes && !wide.palette && !wide.inspector);
        assert_eq!(wide.dialog, None);
        assert!(!Shell::new(true).notes);
    }

    #[test]
    fn one_dialog_at_a_time_and_its_button_toggles_it() {
        let s = Shell::new(false).update(ShellMsg::ToggleDialog(Dialog::Share));
        assert!(s.is_open(Dialog::Share));
        let s = s.update(ShellMsg::Open(Dialog::Gallery));
        assert!(s.is_open(Dialog::Gallery) && !s.is_open(Dialog::Share));
        let s = s.update(ShellMsg::ToggleDialog(Dialog::Gallery));
        assert_eq!(s.dialog, None);
        let s = s.update(ShellMsg::Open(Dialog::Drafts)).update(ShellMsg::CloseDialog);
        assert_eq!(s.dialog, None);
    }

    #[test]
    fn panes_toggle_show_and_hide_independently() {
        let s = Shell::new(false).update(ShellMsg::Toggle(Pane::Palette));
        assert!(s.palette);
        let s = s.update(ShellMsg::Hide(Pane::Drawer)).update(ShellMsg::Show(Pane::Inspector));
        assert!(s.palette && !s.drawer && s.inspector && s.notes);
        let s = s.update(ShellMsg::Show(Pane::Drawer)).update(ShellMsg::Toggle(Pane::Notes));
        assert!(s.drawer && !s.notes);
    }

    #[test]
    fn renaming_and_space_are_remembered_until_changed() {
        let s = Shell::new(false).update(ShellMsg::Rename(Some(NodeId(3))));
        assert_eq!(s.renaming, Some(NodeId(3)));
        let s = s.update(ShellMsg::SpaceHeld(true));
        assert!(s.space_held && s.renaming == Some(NodeId(3)));
        let s = s.update(ShellMsg::Rename(None)).update(ShellMsg::SpaceHeld(false));
        assert_eq!(s, Shell::new(false));
    }
}
