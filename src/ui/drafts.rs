//! Browser glue of the recent drafts ([`crate::editor::drafts`]): localStorage holds the drafts,
//! sessionStorage remembers which draft this tab shows (a reload keeps writing the same slot),
//! and the browser's clock dates them. Storage that is missing (private mode) or full gives a
//! message, never a panic.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::Storage;
use yew::prelude::*;

use super::state::EditorHandle;
use crate::editor::drafts::{self, Draft, DraftId, Shelf};
use crate::scenario::Scenario;

/// sessionStorage key of the draft this tab shows.
const TAB_DRAFT_KEY: &str = "fanout.tab-draft";
/// Where Fanout kept its one autosave before drafts; read once, moved into a draft.
const LEGACY_AUTOSAVE_KEY: &str = "fanout.autosave.v1";

fn local() -> Option<Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

/// The browser's clock, in ms since 1970.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A new draft id.
pub fn new_id() -> DraftId {
    // Math.random is fine here: ids only need to differ between tabs, not be unguessable.
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    DraftId::generate(now_ms(), random)
}

/// Every draft in this browser's storage.
pub fn shelf() -> Shelf {
    let Some(storage) = local() else { return Shelf::default() };
    let len = storage.length().unwrap_or(0);
    let entries = (0..len).filter_map(|i| {
        let key = storage.key(i).ok().flatten()?;
        if !key.starts_with(drafts::KEY_PREFIX) {
            return None;
        }
        let value = storage.get_item(&key).ok().flatten()?;
        Some((key, value))
    });
    Shelf::read(entries.collect::<Vec<_>>())
}

/// Saves `s` as draft `id`, first dropping what the caps ask; returns the value written (to
/// tell this tab's own writes from another tab's).
pub fn save(id: &DraftId, s: &Scenario) -> Result<String, String> {
    let storage = local().ok_or_else(|| {
        "This browser does not let Fanout keep drafts; your work is still in the link.".to_owned()
    })?;
    let (key, value) = drafts::encode(id, s, now_ms())?;
    for old in shelf().make_room(id, &key, &value) {
        let _ = storage.remove_item(&old);
    }
    storage.set_item(&key, &value).map_err(|_| {
        "Your draft could not be saved (the browser's storage is full or off); your work is \
         still in the link."
            .to_owned()
    })?;
    Ok(value)
}

/// Removes a draft from this browser.
pub fn remove(id: &DraftId) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(&id.key());
    }
}

/// The draft this tab showed before a reload, if it said.
pub fn tab_draft() -> Option<DraftId> {
    session()?.get_item(TAB_DRAFT_KEY).ok().flatten().as_deref().and_then(DraftId::parse)
}

/// Remembers which draft this tab shows.
pub fn set_tab_draft(id: &DraftId) {
    if let Some(s) = session() {
        let _ = s.set_item(TAB_DRAFT_KEY, id.as_str());
    }
}

/// Moves the autosave of an older Fanout into a draft (once; an unreadable one is left alone).
pub fn migrate_legacy_autosave() {
    let Some(storage) = local() else { return };
    let Some(json) = storage.get_item(LEGACY_AUTOSAVE_KEY).ok().flatten() else { return };
    // gloo stored the JSON text as a JSON string.
    let text = match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(serde_json::Value::String(text)) => text,
        _ => json,
    };
    if let Ok(s) = Scenario::from_json(&text) {
        if save(&new_id(), &s).is_ok() {
            let _ = storage.remove_item(LEGACY_AUTOSAVE_KEY);
        }
    }
}

/// The draft to continue when the app opens with no link: this tab's own (after a reload),
/// else the newest that reads. Damaged drafts are skipped.
pub fn to_continue() -> Option<(Draft, Scenario)> {
    let shelf = shelf();
    let own = tab_draft().and_then(|id| shelf.get(&id).cloned());
    own.into_iter()
        .chain(shelf.drafts().iter().cloned())
        .find_map(|d| d.scenario().and_then(super::share::distinct_ids).ok().map(|s| (d, s)))
}

/// This tab's draft: which slot it writes and what it last wrote there. Opening a document (any
/// [`crate::editor::Action::Load`]: a link, a lesson, an import, New) moves it to a fresh slot,
/// so the draft it leaves stays as it was; a document is saved only once it is edited, so
/// opening something writes nothing. (Undoing an open brings the earlier document back into the
/// new slot: its next save is a copy, and the original draft is untouched.)
pub struct Slot {
    id: DraftId,
    last_written: Option<String>,
    /// The revision the document was opened at (not saved until the revision moves past it).
    baseline: u64,
    /// The editor's document count when this slot was taken.
    document: u64,
    /// The slot the next opened document takes instead of a fresh one (reopening a draft).
    adopt: Option<DraftId>,
}

impl Slot {
    /// The slot of the document the app opened with (editor revision 0, document 0).
    pub fn new(id: DraftId) -> Self {
        Slot { id, last_written: None, baseline: 0, document: 0, adopt: None }
    }

    /// The draft this tab shows.
    pub fn id(&self) -> &DraftId {
        &self.id
    }

    /// Makes the next opened document continue draft `id` (when a draft is reopened). If the
    /// document already shows that scenario, no document opens: take the slot at once.
    pub fn continue_draft(&mut self, id: DraftId, same_document: bool) {
        if same_document {
            self.take(id, self.baseline);
        } else {
            self.adopt = Some(id);
        }
    }

    fn take(&mut self, id: DraftId, revision: u64) {
        self.id = id;
        self.baseline = revision;
        self.last_written = None;
        set_tab_draft(&self.id);
    }

    /// Called on every document revision: starts a new slot when a document was opened, else
    /// saves an edited document. The error is a message for the user.
    pub fn on_revision(
        &mut self,
        revision: u64,
        document: u64,
        s: &Scenario,
    ) -> Result<(), String> {
        if document != self.document {
            self.document = document;
            let id = self.adopt.take().unwrap_or_else(new_id);
            self.take(id, revision);
            return Ok(());
        }
        if revision == self.baseline {
            return Ok(());
        }
        self.last_written = Some(save(&self.id, s)?);
        Ok(())
    }

    /// Another tab changed storage key `key`. If it saved a different version of this tab's
    /// draft, this tab's version moves to a new draft at once (nothing is overwritten, whatever
    /// the person decides later) and their draft is returned for the person to choose.
    pub fn on_storage(
        &mut self,
        key: &str,
        new_value: Option<&str>,
        current: &Scenario,
    ) -> Result<Option<Draft>, String> {
        let my_link = crate::scenario::link::encode(current);
        let change =
            drafts::slot_change(&self.id, key, new_value, self.last_written.as_deref(), &my_link);
        match change {
            drafts::SlotChange::Theirs(theirs) => {
                let id = new_id();
                self.last_written = Some(save(&id, current)?);
                self.id = id;
                // Saved: later edits save again; the document itself did not change.
                set_tab_draft(&self.id);
                Ok(Some(theirs))
            }
            _ => Ok(None),
        }
    }
}

/// What the app needs of the drafts machinery.
pub struct DraftsUi {
    pub slot: Rc<RefCell<Slot>>,
    /// Moves when another tab changes any draft (the Recent drafts list reads storage again).
    pub generation: u64,
    /// Another tab's version of the draft this tab showed, until the person chooses.
    pub theirs: UseStateHandle<Option<Draft>>,
}

/// Saves the document as it is edited, and listens for other tabs' saves (the `storage` event
/// fires in every other tab of the site). Nothing is saved or listened to in an embed.
#[hook]
pub fn use_drafts(
    first: DraftId,
    editor: &EditorHandle,
    in_embed: bool,
    say: Callback<(String, bool)>,
) -> DraftsUi {
    let slot = use_mut_ref(|| Slot::new(first));
    let generation = use_state(|| 0u64);
    let theirs = use_state(|| None::<Draft>);
    // The storage listener, registered once, compares with the document of *now*.
    let latest = use_mut_ref(|| editor.editor.scenario().clone());
    *latest.borrow_mut() = editor.editor.scenario().clone();
    {
        let slot = slot.clone();
        let scenario = editor.editor.scenario().clone();
        let document = editor.editor.document();
        let say = say.clone();
        use_effect_with(editor.editor.revision(), move |rev| {
            if in_embed {
                return;
            }
            if *rev == 0 {
                set_tab_draft(slot.borrow().id());
            }
            if let Err(e) = slot.borrow_mut().on_revision(*rev, document, &scenario) {
                say.emit((e, true));
            }
        });
    }
    {
        let slot = slot.clone();
        let generation = generation.clone();
        let theirs = theirs.clone();
        use_effect_with((), move |_| {
            let listener = (!in_embed).then(|| {
                EventListener::new(&gloo::utils::window(), "storage", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
                    // `None`: another tab cleared all storage; only the list changes.
                    let Some(key) = e.key() else {
                        generation.set(*generation + 1);
                        return;
                    };
                    if !key.starts_with(drafts::KEY_PREFIX) {
                        return;
                    }
                    generation.set(*generation + 1);
                    let new_value = e.new_value();
                    let current = latest.borrow().clone();
                    match slot.borrow_mut().on_storage(&key, new_value.as_deref(), &current) {
                        Ok(Some(d)) => theirs.set(Some(d)),
                        Ok(None) => {}
                        Err(msg) => say.emit((msg, true)),
                    }
                })
            });
            move || drop(listener)
        });
    }
    DraftsUi { slot, generation: *generation, theirs }
}
