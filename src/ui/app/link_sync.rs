//! Keeping the address and the view in step with the document: the fragment always holds the
//! current scenario and view (so a reload or a copied address restores them), a link pasted
//! into the tab opens, and the first view is the shared one or a fit.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::editor::{viewport::Viewport, Action};
use crate::scenario::Scenario;
use crate::ui::canvas::canvas_size;
use crate::ui::share::{self, Initial};
use crate::ui::state::EditorHandle;

/// How long after the last pan or zoom the address is updated, in ms (browsers limit how
/// often the address may change).
const VIEW_WRITE_DELAY_MS: u32 = 400;

/// Ways to refit the view, for the app's buttons and dialogs.
#[derive(Clone, PartialEq)]
pub struct Fit {
    /// Fits the whole graph in the canvas now.
    pub now: Callback<()>,
    /// Fits once the graph just opened has rendered.
    pub later: Callback<()>,
}

/// Wires the link and the view for the app's lifetime; returns the fit callbacks.
#[hook]
pub fn use_link_sync(
    initial: Rc<Initial>,
    editor: &EditorHandle,
    viewport: &UseStateHandle<Viewport>,
    say: Callback<(String, bool)>,
) -> Fit {
    // Listeners and timers registered once must see the scenario of *now*, not of the render
    // that registered them: they read it through this ref.
    let latest = use_mut_ref(|| editor.editor.scenario().clone());
    *latest.borrow_mut() = editor.editor.scenario().clone();
    let fit = {
        let viewport = viewport.clone();
        let latest = latest.clone();
        let now = Callback::from(move |()| {
            if let Some((w, h)) = canvas_size() {
                viewport.set(Viewport::fit(&latest.borrow(), w, h));
            }
        });
        let fit_now = now.clone();
        let later = Callback::from(move |()| {
            let fit_now = fit_now.clone();
            Timeout::new(0, move || fit_now.emit(())).forget();
        });
        Fit { now, later }
    };
    use_first_view(&initial, viewport, &fit);
    use_fragment_writes(editor, viewport, latest);
    use_pasted_links(editor, say, fit.later.clone());
    use_embed_refit(initial.embed.embed, fit.now.clone());
    fit
}

/// Opens with the view the link was shared with, or fits the scenario once the canvas has a
/// size (embeds always fit: their frame is not the sharer's window).
#[hook]
fn use_first_view(initial: &Initial, viewport: &UseStateHandle<Viewport>, fit: &Fit) {
    let viewport = viewport.clone();
    let fit = fit.now.clone();
    let shared_view = initial.view.filter(|_| !initial.embed.embed);
    use_effect_with((), move |_| match shared_view {
        Some(v) => viewport.set(v),
        None => fit.emit(()),
    });
}

/// The fragment holds the document from the moment an edit lands (after a drop, never during
/// a drag), and the view a moment after panning or zooming stops. The timer reads the scenario
/// of *then*, so an edit made meanwhile is never overwritten by an older one.
#[hook]
fn use_fragment_writes(
    editor: &EditorHandle,
    viewport: &UseStateHandle<Viewport>,
    latest: Rc<RefCell<Rc<Scenario>>>,
) {
    {
        let scenario = editor.editor.scenario().clone();
        let view = **viewport;
        use_effect_with(editor.editor.revision(), move |_| share::write_fragment(&scenario, &view));
    }
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(**viewport, move |v| {
        let v = *v;
        *pending.borrow_mut() = Some(Timeout::new(VIEW_WRITE_DELAY_MS, move || {
            share::write_fragment(&latest.borrow(), &v);
        }));
    });
}

/// Another link pasted into this tab changes only the fragment, which does not reload the
/// page: open it (undoably), as a fresh load would. The app's own writes use replaceState,
/// which fires no hashchange.
#[hook]
fn use_pasted_links(editor: &EditorHandle, say: Callback<(String, bool)>, fit_later: Callback<()>) {
    let editor = editor.clone();
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            match share::from_fragment() {
                Some(Ok(scenario)) => {
                    editor.dispatch(Action::Load(scenario));
                    fit_later.emit(());
                }
                Some(Err(e)) => say.emit((e, true)),
                None => {}
            }
        });
        move || drop(listener)
    });
}

/// An embed keeps the whole graph in view when its frame changes size.
#[hook]
fn use_embed_refit(in_embed: bool, fit: Callback<()>) {
    use_effect_with((), move |_| {
        let listener = in_embed
            .then(|| EventListener::new(&gloo::utils::window(), "resize", move |_| fit.emit(())));
        move || drop(listener)
    });
}
