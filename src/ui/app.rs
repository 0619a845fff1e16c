//! The application shell: top bar, palette, canvas, inspector and metrics drawer, around one
//! editor model provided by context.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use std::rc::Rc;

use super::canvas::{canvas_size, client_to_canvas, Canvas};
use super::panels::{
    drafts::DraftsDialog,
    gallery::Gallery,
    inspector::Inspector,
    metrics::MetricsDrawer,
    notes::{has_notes, NotesPanel},
    palette::Palette,
    share_menu::ShareMenu,
};
use super::run::{
    fault_lane::FaultLane,
    live_layer::{Legend, LiveLayer},
    player::Player,
    RunCommand, RunContext, RunControls,
};
use super::state::{EditorHandle, EditorState};
use super::topbar::TopBar;
use crate::editor::{viewport::Viewport, Action, NODE_H, NODE_W};
use crate::scenario::{EdgeId, NodeId, NodeKindTag, Scenario};

/// How long after the last pan or zoom the address is updated, in ms.
const VIEW_WRITE_DELAY_MS: u32 = 400;

#[function_component(App)]
pub fn app() -> Html {
    // Where the scenario comes from: the link, a gallery slug, a draft, or the default.
    let initial = use_memo((), |_| super::share::initial());
    let embed = initial.embed.clone();
    let editor = {
        let initial = initial.clone();
        use_reducer(move || EditorState {
            editor: crate::editor::Editor::new(initial.scenario.clone()),
            notice: None,
        })
    };
    // Messages for the user: (counter, text, is_error).
    let message = {
        let notice = initial.notice.clone();
        use_state(move || notice.map(|n| (0u64, n, true)))
    };
    let say = {
        let message = message.clone();
        Callback::from(move |(text, error): (String, bool)| {
            let n = message.as_ref().map_or(1, |(n, _, _)| n + 1);
            message.set(Some((n, text, error)));
        })
    };
    let gallery_open = use_state(|| false);
    let drafts_open = use_state(|| false);
    let share_open = use_state(|| false);
    let viewport = use_state(Viewport::default);
    let renaming = use_state(|| None::<NodeId>);
    let space_held = use_state(|| false);
    let left_open = use_state(|| false);
    let right_open = use_state(|| false);
    let drawer_open = use_state(|| true);
    // The notes start open beside the canvas; on a narrow screen, where they stack under it,
    // folded to their heading (the width matches the stacking rule in app.css).
    let notes_open = use_state(|| {
        let narrow = gloo::utils::window().match_media("(max-width: 900px)").ok().flatten();
        !narrow.is_some_and(|m| m.matches())
    });

    // The run: one player for the app's lifetime, rebuilt or updated as the document changes.
    let player = {
        let editor = editor.clone();
        use_mut_ref(move || Player::new(editor.editor.scenario(), editor.editor.revision()))
    };
    let generation = use_state(|| 0u64);
    let selected_event = use_state(|| None::<u64>);
    let why = use_state(|| None::<super::run::WhyRequest>);
    {
        let player = player.clone();
        let generation = generation.clone();
        let scenario = editor.editor.scenario().clone();
        let current_view = *viewport;
        use_effect_with(editor.editor.revision(), move |rev| {
            player.borrow_mut().update(&scenario, *rev);
            generation.set(*generation + 1);
            // The fragment always holds the current scenario; edits land here after the drop,
            // never during a drag (a drag is not an edit until then).
            super::share::write_fragment(&scenario, &current_view);
        });
    }
    // Each document is saved in a draft of its own as it is edited (see ui::drafts).
    let drafts =
        super::drafts::use_drafts(initial.draft.clone(), &editor, embed.embed, say.clone());
    super::crash::use_test_panic();
    let run_command = {
        let player = player.clone();
        let generation = generation.clone();
        let selected_event = selected_event.clone();
        let editor = editor.clone();
        let say = say.clone();
        let (why, drawer_open) = (why.clone(), drawer_open.clone());
        Callback::from(move |c: RunCommand| {
            let mut p = player.borrow_mut();
            match c {
                RunCommand::TogglePlay => {
                    if p.now_us() >= p.duration_us {
                        p.seek(0);
                    }
                    let play = !p.playing();
                    p.set_playing(play);
                }
                RunCommand::Step => p.step(),
                RunCommand::Reset => {
                    p.set_playing(false);
                    p.rebuild(editor.editor.scenario(), editor.editor.revision());
                    selected_event.set(None);
                }
                RunCommand::Speed(v) => p.set_speed(v),
                RunCommand::Seek(t) => p.seek(t),
                RunCommand::CancelSeek => p.cancel_seek(),
                // Recorded as a scheduled fault at its time, so the link replays it.
                RunCommand::Inject(cmd) => {
                    let injected = p.inject(&cmd, editor.editor.scenario());
                    drop(p);
                    match injected {
                        Ok(fault) => editor.dispatch(Action::AddFault(fault)),
                        Err(why) => {
                            say.emit((format!("That fault could not be injected: {why}"), true))
                        }
                    }
                }
                RunCommand::SelectEvent(id) => selected_event.set(id),
                RunCommand::ShowWhy(node, kind) => {
                    let n = why.as_ref().map_or(0, |w| w.n + 1);
                    why.set(Some(super::run::WhyRequest { node, kind, n }));
                    drawer_open.set(true);
                }
            }
            generation.set(*generation + 1);
        })
    };
    {
        let player = player.clone();
        let generation = generation.clone();
        let embed = embed.clone();
        use_effect_with((), move |_| {
            let mut p = player.borrow_mut();
            if let Some(t) = embed.start_s {
                p.seek(crate::engine::secs_to_us(t));
            }
            if embed.autoplay {
                p.set_playing(true);
            }
            drop(p);
            generation.set(*generation + 1);
        });
    }
    let run_context = RunContext {
        player: player.clone(),
        generation: *generation,
        selected_event: *selected_event,
        why: *why,
        command: run_command.clone(),
    };
    let on_tick = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    // The selected event's path, for the particle layer to highlight.
    let highlight = {
        let player = player.clone();
        use_memo((*selected_event, *generation), move |(event, _)| {
            let p = player.borrow();
            let mut edges: Vec<EdgeId> = event
                .and_then(|id| p.sim().and_then(|s| s.trace(id)))
                .map(|t| t.hops.iter().filter_map(|h| h.edge).collect())
                .unwrap_or_default();
            edges.dedup();
            edges
        })
    };

    // Open with the view the link was shared with, or fit the scenario once the canvas has a
    // size (embeds always fit: their frame is not the sharer's window).
    {
        let viewport = viewport.clone();
        let editor = editor.clone();
        let shared_view = initial.view.filter(|_| !initial.embed.embed);
        use_effect_with((), move |_| match shared_view {
            Some(v) => viewport.set(v),
            None => {
                if let Some((w, h)) = canvas_size() {
                    viewport.set(Viewport::fit(editor.editor.scenario(), w, h));
                }
            }
        });
    }

    // Listeners registered once (keyboard, resize) must fit the scenario of *now*, not of
    // the render that registered them: they read it through this ref.
    let latest = use_mut_ref(|| editor.editor.scenario().clone());
    *latest.borrow_mut() = editor.editor.scenario().clone();

    // The fragment carries the view too: written a moment after panning or zooming stops
    // (browsers limit how often the address may change). The timer reads the scenario of
    // *then* through `latest`, so an edit made meanwhile is never overwritten by an older one.
    {
        let latest = latest.clone();
        let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        use_effect_with(*viewport, move |v| {
            let v = *v;
            *pending.borrow_mut() =
                Some(gloo::timers::callback::Timeout::new(VIEW_WRITE_DELAY_MS, move || {
                    super::share::write_fragment(&latest.borrow(), &v);
                }));
        });
    }
    let fit_view = {
        let viewport = viewport.clone();
        let latest = latest.clone();
        Callback::from(move |()| {
            if let Some((w, h)) = canvas_size() {
                viewport.set(Viewport::fit(&latest.borrow(), w, h));
            }
        })
    };

    // Another link pasted into this tab changes only the fragment, which does not reload the
    // page: open it (undoable), as a fresh load would. The app's own writes use replaceState,
    // which fires no hashchange.
    {
        let editor = editor.clone();
        let say = say.clone();
        let fit_view = fit_view.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                match super::share::from_fragment() {
                    Some(Ok(scenario)) => {
                        editor.dispatch(Action::Load(scenario));
                        let fit_view = fit_view.clone();
                        gloo::timers::callback::Timeout::new(0, move || fit_view.emit(())).forget();
                    }
                    Some(Err(e)) => say.emit((e, true)),
                    None => {}
                }
            });
            move || drop(listener)
        });
    }

    // An embed keeps the whole graph in view when its frame changes size.
    {
        let fit_view = fit_view.clone();
        let in_embed = embed.embed;
        use_effect_with((), move |_| {
            let listener = in_embed.then(|| {
                EventListener::new(&gloo::utils::window(), "resize", move |_| fit_view.emit(()))
            });
            move || drop(listener)
        });
    }

    // Keyboard shortcuts of diagram tools, ignored while typing in a field.
    {
        let editor = editor.clone();
        let fit_view = fit_view.clone();
        let space_held = space_held.clone();
        let run_command = run_command.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            // Space alone toggles play; Space held while dragging pans instead. The state is
            // "not held", "held" or "held and the pointer was pressed" (then it was a pan).
            #[derive(Clone, Copy, PartialEq)]
            enum SpaceKey {
                Up,
                Held,
                Panned,
            }
            let space = Rc::new(std::cell::Cell::new(SpaceKey::Up));
            let pointer = EventListener::new(&window, "pointerdown", {
                let space = space.clone();
                move |_| {
                    if space.get() == SpaceKey::Held {
                        space.set(SpaceKey::Panned);
                    }
                }
            });
            let opts = EventListenerOptions::enable_prevent_default();
            let down = EventListener::new_with_options(&window, "keydown", opts, {
                let space_held = space_held.clone();
                let space = space.clone();
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if not_for_canvas(e) {
                        return;
                    }
                    if let Some(action) = shortcut(e) {
                        e.prevent_default();
                        match action {
                            Shortcut::Edit(a) => editor.dispatch(a),
                            Shortcut::FitView => fit_view.emit(()),
                            Shortcut::SpaceDown => {
                                if !e.repeat() {
                                    space.set(SpaceKey::Held);
                                    space_held.set(true);
                                }
                            }
                        }
                    }
                }
            });
            let up = EventListener::new(&window, "keyup", move |e| {
                if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                    if e.key() == " " {
                        // Only a Space the canvas took (keydown set Held) toggles play; one
                        // typed in a field is none of the canvas's business (not even a render).
                        let was = space.replace(SpaceKey::Up);
                        if was != SpaceKey::Up {
                            space_held.set(false);
                        }
                        if was == SpaceKey::Held {
                            run_command.emit(RunCommand::TogglePlay);
                        }
                    }
                }
            });
            move || drop((down, up, pointer))
        });
    }

    let on_add = {
        let editor = editor.clone();
        let viewport = viewport.clone();
        let left_open = left_open.clone();
        Callback::from(move |(kind, at): (NodeKindTag, Option<(f64, f64)>)| {
            // On a phone the palette is a sheet over the canvas: out of the way of the new node.
            left_open.set(false);
            let vp = *viewport;
            let world = match at {
                Some((cx, cy)) => {
                    let Some((sx, sy)) = client_to_canvas(cx, cy) else { return };
                    let Some((w, h)) = canvas_size() else { return };
                    if sx < 0.0 || sy < 0.0 || sx > w || sy > h {
                        return; // dropped outside the canvas
                    }
                    vp.to_world(sx, sy)
                }
                None => {
                    let (w, h) = canvas_size().unwrap_or((800.0, 600.0));
                    let (cx, cy) = vp.to_world(w / 2.0, h / 2.0);
                    crate::editor::placement::free_spot(editor.editor.scenario(), cx, cy)
                }
            };
            editor.dispatch(Action::AddNode { kind, x: world.0, y: world.1 });
        })
    };

    let on_title = {
        let editor = editor.clone();
        Callback::from(move |t: String| editor.dispatch(Action::SetTitle(t)))
    };
    let toggle = |h: &UseStateHandle<bool>| {
        let h = h.clone();
        Callback::from(move |()| h.set(!*h))
    };
    let on_viewport = {
        let viewport = viewport.clone();
        Callback::from(move |v: Viewport| viewport.set(v))
    };
    let on_rename = {
        let renaming = renaming.clone();
        Callback::from(move |id: NodeId| renaming.set(Some(id)))
    };
    let zoom_by = |factor: f64| {
        let viewport = viewport.clone();
        Callback::from(move |_: MouseEvent| {
            let (w, h) = canvas_size().unwrap_or((800.0, 600.0));
            viewport.set(viewport.zoomed_at(factor, w / 2.0, h / 2.0));
        })
    };
    let dispatch = |a: Action| {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(a.clone()))
    };

    let scenario = editor.editor.scenario().clone();
    let show_panels = !embed.embed || embed.editable;
    // A lesson's notes and checks stand beside the canvas (an embed's page has its own text).
    let show_notes = !embed.embed && has_notes(&scenario);
    // Encoding a link deflates the scenario: do it when the document changes, not per render.
    let open_in_fanout = {
        let scenario = scenario.clone();
        let view = *viewport;
        use_memo(editor.editor.revision(), move |_| {
            if embed.embed {
                super::share::share_url(&scenario, &view)
            } else {
                String::new()
            }
        })
    };
    let rename_box = renaming.and_then(|id| scenario.node(id).cloned()).map(|node| {
        let (sx, sy) = viewport.to_screen(node.x - NODE_W / 2.0, node.y - NODE_H / 2.0);
        let on_done = {
            let renaming = renaming.clone();
            let editor = editor.clone();
            let id = node.id;
            Callback::from(move |value: Option<String>| {
                if let Some(name) = value {
                    editor.dispatch(Action::Rename { id, name });
                }
                renaming.set(None);
            })
        };
        html! {
            <RenameBox name={node.name.clone()} left={sx} top={sy} width={NODE_W * viewport.zoom} on_done={on_done} />
        }
    });

    let notice = editor.notice.clone().map(|(n, text)| {
        html! { <div class="toast error" role="status" key={format!("r{n}")}>{ text }</div> }
    });
    let message_view = (*message).clone().map(|(n, text, error)| {
        let dismiss = {
            let message = message.clone();
            Callback::from(move |_: MouseEvent| message.set(None))
        };
        html! {
            <div class={classes!("toast", error.then_some("error"))} role={if error { "alert" } else { "status" }} key={format!("m{n}")}>
                <span>{ text }</span>
                <button class="btn icon small-btn" aria-label="Dismiss" onclick={dismiss}>{"×"}</button>
            </div>
        }
    });
    let on_notice = say.reform(|text: String| {
        let error = !(text.ends_with("copied.") || text.starts_with("Scenario imported"));
        (text, error)
    });
    let open_gallery = {
        let gallery_open = gallery_open.clone();
        Callback::from(move |_: MouseEvent| gallery_open.set(true))
    };
    let toggle_drafts = {
        let drafts_open = drafts_open.clone();
        Callback::from(move |_: MouseEvent| drafts_open.set(!*drafts_open))
    };
    let close_drafts = {
        let drafts_open = drafts_open.clone();
        Callback::from(move |()| drafts_open.set(false))
    };
    let close_gallery = {
        let gallery_open = gallery_open.clone();
        Callback::from(move |()| gallery_open.set(false))
    };
    let toggle_share = {
        let share_open = share_open.clone();
        Callback::from(move |_: MouseEvent| share_open.set(!*share_open))
    };
    let close_share = {
        let share_open = share_open.clone();
        Callback::from(move |()| share_open.set(false))
    };
    // After a gallery scenario opens, fit it once the new graph has rendered.
    let fit_later = {
        let fit_view = fit_view.clone();
        Callback::from(move |()| {
            let fit_view = fit_view.clone();
            gloo::timers::callback::Timeout::new(0, move || fit_view.emit(())).forget();
        })
    };

    // Reopens a draft in this tab (undoably); this tab then saves into that draft.
    let open_draft = {
        let editor = editor.clone();
        let slot = drafts.slot.clone();
        let theirs = drafts.theirs.clone();
        let drafts_open = drafts_open.clone();
        let say = say.clone();
        let fit_later = fit_later.clone();
        Callback::from(move |d: crate::editor::drafts::Draft| {
            drafts_open.set(false);
            theirs.set(None);
            match d.scenario().and_then(super::share::distinct_ids) {
                Ok(s) => {
                    let same = **editor.editor.scenario() == s;
                    slot.borrow_mut().continue_draft(d.id, same);
                    if !same {
                        editor.dispatch(Action::Load(s));
                        fit_later.emit(());
                    }
                }
                Err(e) => say.emit((format!("That draft could not be opened: {e}"), true)),
            }
        })
    };
    let conflict = (*drafts.theirs).clone().map(|d| {
        let load_theirs = {
            let open_draft = open_draft.clone();
            let d = d.clone();
            // Their newest version, if they saved again since.
            Callback::from(move |_: MouseEvent| {
                let latest = super::drafts::shelf().get(&d.id).cloned();
                open_draft.emit(latest.unwrap_or_else(|| d.clone()));
            })
        };
        let keep_mine = {
            let theirs = drafts.theirs.clone();
            Callback::from(move |_: MouseEvent| theirs.set(None))
        };
        html! {
            <div class="toast conflict" role="alert" key="conflict">
                <span>
                    <b>{"Another tab changed this draft."}</b>
                    { format!(" It saved a different version (“{}”). Yours is kept as a separate draft, so nothing is lost.", d.display_title()) }
                </span>
                <button class="btn" onclick={load_theirs}>{"Load theirs"}</button>
                <button class="btn primary" onclick={keep_mine}>{"Keep mine"}</button>
            </div>
        }
    });

    let actions = if embed.embed {
        let full = (*open_in_fanout).clone();
        html! {
            <a class="btn primary" href={full} target="_blank" rel="noopener">{"Open in Fanout"}</a>
        }
    } else {
        html! {
            <>
                <button class="btn" aria-label="Recent drafts" title="Recent drafts" aria-expanded={drafts_open.to_string()}
                        onclick={toggle_drafts}>{"Drafts"}</button>
                <button class="btn" aria-label="Gallery" onclick={open_gallery.clone()}>{"Gallery"}</button>
                <button class="btn primary" aria-label="Share" aria-expanded={share_open.to_string()}
                        onclick={toggle_share.clone()}>{"Share"}</button>
            </>
        }
    };
    html! {
        <ContextProvider<EditorHandle> context={editor.clone()}>
        <ContextProvider<RunContext> context={run_context}>
            <div class={classes!("app", embed.embed.then_some("embed"), (embed.embed && !embed.editable).then_some("viewer"))}>
                <TopBar title={scenario.title.clone()} on_title={on_title} embed={embed.embed}
                        left_open={*left_open} right_open={*right_open}
                        on_toggle_left={toggle(&left_open)} on_toggle_right={toggle(&right_open)}
                        actions={actions}>
                    <RunControls />
                    if !embed.embed {
                        <div class="edit-controls" role="group" aria-label="Edit">
                            <button class="btn" aria-label="New scenario" title="Start from an empty canvas (undoable)"
                                    onclick={dispatch(Action::Load(Scenario::empty()))}>{"New"}</button>
                            <button class="btn icon" aria-label="Undo" title="Undo (Ctrl+Z)"
                                    disabled={!editor.editor.can_undo()} onclick={dispatch(Action::Undo)}>{ super::icons::undo() }</button>
                            <button class="btn icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                                    disabled={!editor.editor.can_redo()} onclick={dispatch(Action::Redo)}>{ super::icons::redo() }</button>
                        </div>
                    }
                </TopBar>
                <div class={classes!("workspace", show_notes.then_some("has-notes"))}>
                    if show_panels {
                        <aside class="panel left" aria-label="Palette" data-open={left_open.to_string()}>
                            <Palette on_add={on_add} />
                        </aside>
                    }
                    if show_notes {
                        <NotesPanel open={*notes_open} on_toggle={toggle(&notes_open)} />
                    }
                    <main class="center">
                        if show_panels { <FaultLane /> }
                        <div class="canvas-wrap" role="region" aria-label="Canvas">
                            <Canvas viewport={*viewport} on_viewport={on_viewport} on_rename={on_rename}
                                    space_held={*space_held} />
                            <LiveLayer player={player.clone()} scenario={scenario.clone()} viewport={*viewport}
                                       highlight={highlight.clone()} on_tick={on_tick} generation={*generation} />
                            if scenario.nodes.is_empty() {
                                <div class="canvas-hint">
                                    <b>{"Build an event-driven system"}</b>
                                    {"Drag a producer, a topic and consumer groups from the palette, then connect them port to port."}
                                </div>
                            }
                            // Always there: the box coming and going must not rebuild the canvas
                            // beside it (which takes the focus from the node being renamed).
                            <div class="rename-host">{ for rename_box }</div>
                            <div class="canvas-toolbar" role="toolbar" aria-label="View">
                                <button class="btn icon" aria-label="Zoom in" title="Zoom in" onclick={zoom_by(1.25)}>{"+"}</button>
                                <button class="btn icon" aria-label="Zoom out" title="Zoom out" onclick={zoom_by(0.8)}>{"−"}</button>
                                <button class="btn" aria-label="Fit view" title="Fit view (F)"
                                        onclick={fit_view.reform(|_: MouseEvent| ())}>{"Fit"}</button>
                                if show_panels {
                                    <button class="btn" aria-label="Auto-layout" title="Lay out left to right (L)"
                                            onclick={dispatch(Action::AutoLayout)}>{"Layout"}</button>
                                }
                                <span class="zoom-level" role="status" aria-label="Zoom level">{ format!("{:.0}%", viewport.zoom * 100.0) }</span>
                            </div>
                            <Legend />
                        </div>
                        <MetricsDrawer open={*drawer_open} on_toggle={toggle(&drawer_open)} compact={embed.embed} only={embed.metrics.clone()} />
                    </main>
                    if show_panels {
                        <aside class="panel right inspector" aria-label="Inspector" data-open={right_open.to_string()}>
                            <Inspector />
                        </aside>
                    }
                </div>
                <div class="toast-stack" aria-live="polite">{ for conflict }{ for notice }{ for message_view }</div>
                if *gallery_open {
                    <Gallery on_close={close_gallery} on_opened={fit_later.clone()} />
                }
                if *drafts_open {
                    <DraftsDialog on_close={close_drafts} on_open={open_draft.clone()}
                                  current={drafts.slot.borrow().id().clone()} generation={drafts.generation} />
                }
                if *share_open {
                    <ShareMenu on_close={close_share} on_notice={on_notice} on_opened={fit_later.clone()} view={*viewport} />
                }
            </div>
        </ContextProvider<RunContext>>
        </ContextProvider<EditorHandle>>
    }
}

#[derive(Properties, PartialEq)]
struct RenameBoxProps {
    name: AttrValue,
    left: f64,
    top: f64,
    width: f64,
    /// `Some(new name)` on Enter or blur, `None` on Escape.
    on_done: Callback<Option<String>>,
}

/// The in-place rename field shown over a node after a double-click.
#[function_component(RenameBox)]
fn rename_box(props: &RenameBoxProps) -> Html {
    let input = use_node_ref();
    // Enter and blur both finish; only the first counts.
    let finished = use_mut_ref(|| false);
    // What had the focus (the node, after F2 or a double-click): Enter and Escape go back to it.
    let before = use_mut_ref(|| None::<web_sys::Element>);
    {
        let input = input.clone();
        let before = before.clone();
        let name = props.name.clone();
        use_effect_with((), move |_| {
            *before.borrow_mut() = gloo::utils::document().active_element();
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                // Set once, not rendered: the app re-renders while a run plays, and a rendered
                // value would overwrite what is being typed.
                el.set_value(&name);
                let _ = el.focus();
                el.select();
            }
        });
    }
    let finish = {
        let on_done = props.on_done.clone();
        move |value: Option<String>| {
            if !std::mem::replace(&mut *finished.borrow_mut(), true) {
                on_done.emit(value);
            }
        }
    };
    let on_key = {
        let finish = finish.clone();
        Callback::from(move |e: KeyboardEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = match e.key().as_str() {
                "Enter" => Some(el.value()),
                "Escape" => None,
                _ => return,
            };
            finish(value);
            if let Some(node) = before.borrow().as_ref() {
                super::modal::focus(node);
            }
        })
    };
    let on_blur = Callback::from(move |e: FocusEvent| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        finish(Some(el.value()));
    });
    html! {
        <input class="rename-box" aria-label="Node name" maxlength="80" ref={input}
               style={format!("left:{}px;top:{}px;width:{}px", props.left, props.top, props.width)}
               onkeydown={on_key} onblur={on_blur} />
    }
}

/// Whether the canvas shortcuts should leave this key alone: typing in a field, a dialog or
/// menu open over the canvas, or Space/Enter on a control that Space presses.
fn not_for_canvas(e: &web_sys::KeyboardEvent) -> bool {
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(el) = target else { return false };
    if is_typing(e) || el.closest("dialog,[role=dialog],[role=menu]").ok().flatten().is_some() {
        return true;
    }
    let control = el.closest("button,a,[role=tab]").ok().flatten().is_some();
    control && e.key() == " "
}

/// Whether a key event comes from a text field (shortcuts must not steal typing).
fn is_typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select")
                || el.get_attribute("contenteditable").is_some()
        })
        .unwrap_or(false)
}

enum Shortcut {
    Edit(Action),
    FitView,
    SpaceDown,
}

/// The shortcut a key press means, if any.
fn shortcut(e: &web_sys::KeyboardEvent) -> Option<Shortcut> {
    let cmd = e.ctrl_key() || e.meta_key();
    let key = e.key();
    Some(match (cmd, e.shift_key(), key.as_str()) {
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
