//! The application shell: top bar, palette, canvas, inspector and metrics drawer around three
//! models, each changed only by its messages — the editor (the document: `Action`), the run
//! (`RunMsg`, `ui::run::model`) and the shell (what is open: `ShellMsg`, `editor::shell`).
//! The editor and the run reach the panels by context; this module wires them and lays out.

mod embed_height;
mod link_sync;
mod rename_box;
mod shortcuts;
mod toasts;

pub(crate) use embed_height::use_embed_height;

use std::rc::Rc;

use yew::prelude::*;

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
    broker_lane::BrokerLaneMenu,
    fault_lane::FaultLane,
    live_layer::{Legend, LiveLayer},
    model::{RunHandle, RunModel, RunMsg},
    story::StoryCaption,
    RunCommand, RunContext, RunControls,
};
use super::state::{EditorHandle, EditorState};
use super::topbar::TopBar;
use crate::editor::shell::{Dialog, Pane, Shell, ShellMsg};
use crate::editor::{viewport::Viewport, Action, NODE_H, NODE_W};
use crate::scenario::{EdgeId, NodeKindTag, Scenario};
use link_sync::Fit;
use rename_box::RenameBox;

impl Reducible for Shell {
    type Action = ShellMsg;

    fn reduce(self: Rc<Self>, msg: ShellMsg) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).update(msg))
    }
}

/// Where the notes stack under the canvas (the width matches the stacking rule in app.css).
fn narrow_screen() -> bool {
    let narrow = gloo::utils::window().match_media("(max-width: 900px)").ok().flatten();
    narrow.is_some_and(|m| m.matches())
}

#[function_component(App)]
pub fn app() -> Html {
    // Where the scenario comes from: the link, a gallery slug, a draft, or the default.
    let initial = use_memo((), |_| super::share::initial());
    let embed = initial.embed.clone();
    let editor = {
        let scenario = initial.scenario.clone();
        use_reducer(move || EditorState {
            editor: crate::editor::Editor::new(scenario),
            notice: None,
        })
    };
    let shell = use_reducer(|| Shell::new(narrow_screen()));
    let (message, say) = toasts::use_messages(initial.notice.clone());
    let viewport = use_state(Viewport::default);
    let run = use_document_run(&editor);
    // Each document is saved in a draft of its own as it is edited (see ui::drafts).
    let drafts =
        super::drafts::use_drafts(initial.draft.clone(), &editor, embed.embed, say.clone());
    super::crash::use_test_panic();
    let fit = link_sync::use_link_sync(initial.clone(), &editor, &viewport, say.clone());
    embed_height::use_embed_height(
        embed.embed,
        editor.editor.scenario().clone(),
        editor.editor.revision(),
        shell.drawer,
    );
    let run_command = run_commands(&run, &editor, shell.dispatcher().to_callback(), say.clone());
    {
        let run = run.dispatcher();
        let at = embed.start_s.map(crate::engine::secs_to_us);
        let autoplay = embed.autoplay;
        use_effect_with((), move |_| run.dispatch(RunMsg::Start { at, autoplay }));
    }
    shortcuts::use_shortcuts(
        editor.dispatcher().to_callback(),
        shell.dispatcher().to_callback(),
        fit.now.clone(),
        run_command.clone(),
    );
    let highlight = use_highlight(&run);
    let run_context = RunContext {
        player: run.player.clone(),
        generation: run.generation,
        selected_event: run.selected_event,
        why: run.why,
        command: run_command,
    };

    let scenario = editor.editor.scenario().clone();
    let show_panels = !embed.embed || embed.editable;
    // A lesson's notes and checks stand beside the canvas (an embed's page has its own text).
    let show_notes = !embed.embed && has_notes(&scenario);
    let open_in_fanout = use_open_in_fanout(&editor, *viewport, embed.embed);
    let shell_msg = |m: ShellMsg| shell.dispatcher().to_callback().reform(move |()| m);
    let dialogs = dialogs(&shell, &editor, &drafts, &say, &fit, *viewport);
    let toasts = toasts::toasts(toasts::Toasts {
        refusal: editor.notice.clone(),
        message: &message,
        conflict: conflict(&drafts, &dialogs.open_draft),
    });
    html! {
        <ContextProvider<EditorHandle> context={editor.clone()}>
        <ContextProvider<RunContext> context={run_context}>
            <div class={classes!("app", embed.embed.then_some("embed"), (embed.embed && !embed.editable).then_some("viewer"))}>
                <TopBar title={scenario.title.clone()} on_title={editor.dispatcher().to_callback().reform(Action::SetTitle)}
                        embed={embed.embed} left_open={shell.palette} right_open={shell.inspector}
                        on_toggle_left={shell_msg(ShellMsg::Toggle(Pane::Palette))}
                        on_toggle_right={shell_msg(ShellMsg::Toggle(Pane::Inspector))}
                        actions={top_actions(&shell, embed.embed.then(|| (*open_in_fanout).clone()))}>
                    <RunControls seed={scenario.seed}
                                 on_seed={Some(editor.dispatcher().to_callback().reform(Action::SetSeed))} />
                    if !embed.embed { { edit_controls(&editor) } }
                </TopBar>
                <div class={classes!("workspace", show_notes.then_some("has-notes"))}>
                    if show_panels {
                        <aside class="panel left" aria-label="Palette" data-open={shell.palette.to_string()}>
                            <Palette on_add={on_add(&editor, &shell, &viewport)} />
                        </aside>
                    }
                    if show_notes {
                        <NotesPanel open={shell.notes} on_toggle={shell_msg(ShellMsg::Toggle(Pane::Notes))} />
                    }
                    <main class="center">
                        if show_panels { <FaultLane /> }
                        { canvas_area(&editor, &shell, &run, &viewport, &fit, highlight, show_panels) }
                        <MetricsDrawer open={shell.drawer} on_toggle={shell_msg(ShellMsg::Toggle(Pane::Drawer))}
                                       compact={embed.embed} only={embed.metrics.clone()} />
                    </main>
                    if show_panels {
                        <aside class="panel right inspector" aria-label="Inspector" data-open={shell.inspector.to_string()}>
                            <Inspector />
                        </aside>
                    }
                </div>
                { toasts }
                { dialogs.view }
            </div>
        </ContextProvider<RunContext>>
        </ContextProvider<EditorHandle>>
    }
}

/// The run of the document: it follows the document, a drawn-only edit relabelling it and a
/// simulation edit applying from now on.
#[hook]
fn use_document_run(editor: &EditorHandle) -> RunHandle {
    let run = {
        let (scenario, revision) = (editor.editor.scenario().clone(), editor.editor.revision());
        use_reducer(move || RunModel::new(&scenario, revision))
    };
    {
        let run = run.dispatcher();
        let scenario = editor.editor.scenario().clone();
        use_effect_with(editor.editor.revision(), move |rev| {
            run.dispatch(RunMsg::Document(scenario, *rev))
        });
    }
    run
}

/// The selected event's path, for the particle layer to highlight.
#[hook]
fn use_highlight(run: &RunHandle) -> Rc<Vec<EdgeId>> {
    let player = run.player.clone();
    use_memo((run.selected_event, run.generation), move |(event, _)| {
        let p = player.borrow();
        let mut edges: Vec<EdgeId> = event
            .and_then(|id| p.sim().and_then(|s| s.trace(id)))
            .map(|t| t.hops.iter().filter_map(|h| h.edge).collect())
            .unwrap_or_default();
        edges.dedup();
        edges
    })
}

/// An embed's "Open in Fanout" address (empty outside embeds). Encoding a link deflates the
/// scenario: done when the document changes, not per render (a playing run re-renders every
/// frame).
#[hook]
fn use_open_in_fanout(editor: &EditorHandle, view: Viewport, in_embed: bool) -> Rc<String> {
    let scenario = editor.editor.scenario().clone();
    use_memo(editor.editor.revision(), move |_| {
        if in_embed {
            super::share::share_url(&scenario, &view)
        } else {
            String::new()
        }
    })
}

/// The run's commands: most go to the run model as they are; a reset takes the document of
/// now; an injected fault becomes a scheduled fault in the document (so the link replays it);
/// asking "why?" opens the drawer where the answer is listed.
fn run_commands(
    run: &RunHandle,
    editor: &EditorHandle,
    shell: Callback<ShellMsg>,
    say: Callback<(String, bool)>,
) -> Callback<RunCommand> {
    let (run, editor) = (run.clone(), editor.clone());
    Callback::from(move |c: RunCommand| match c {
        RunCommand::Reset => {
            run.dispatch(RunMsg::Reset(editor.editor.scenario().clone(), editor.editor.revision()))
        }
        RunCommand::Inject(cmd) => {
            let injected = run.player.borrow_mut().inject(&cmd, editor.editor.scenario());
            match injected {
                Ok(fault) => editor.dispatch(Action::AddFault(fault)),
                Err(why) => say.emit((format!("That fault could not be injected: {why}"), true)),
            }
            run.dispatch(RunMsg::Tick);
        }
        RunCommand::ShowWhy(..) => {
            run.dispatch(RunMsg::Command(c));
            shell.emit(ShellMsg::Show(Pane::Drawer));
        }
        c => run.dispatch(RunMsg::Command(c)),
    })
}

/// The canvas with what floats over it: the live layer, the hint on an empty canvas, the
/// rename box, the view toolbar and the legend.
fn canvas_area(
    editor: &EditorHandle,
    shell: &UseReducerHandle<Shell>,
    run: &RunHandle,
    viewport: &UseStateHandle<Viewport>,
    fit: &Fit,
    highlight: Rc<Vec<EdgeId>>,
    show_panels: bool,
) -> Html {
    let scenario = editor.editor.scenario().clone();
    let shell_cb = shell.dispatcher().to_callback();
    let on_viewport = {
        let viewport = viewport.clone();
        Callback::from(move |v: Viewport| viewport.set(v))
    };
    let zoom_by = |factor: f64| {
        let viewport = viewport.clone();
        Callback::from(move |_: MouseEvent| {
            let (w, h) = canvas_size().unwrap_or((800.0, 600.0));
            viewport.set(viewport.zoomed_at(factor, w / 2.0, h / 2.0));
        })
    };
    let rename_box = shell.renaming.and_then(|id| scenario.node(id).cloned()).map(|node| {
        let (sx, sy) = viewport.to_screen(node.x - NODE_W / 2.0, node.y - NODE_H / 2.0);
        let on_done = {
            let (editor, shell) = (editor.clone(), shell_cb.clone());
            let id = node.id;
            Callback::from(move |value: Option<String>| {
                if let Some(name) = value {
                    editor.dispatch(Action::Rename { id, name });
                }
                shell.emit(ShellMsg::Rename(None));
            })
        };
        html! {
            <RenameBox name={node.name.clone()} left={sx} top={sy} width={NODE_W * viewport.zoom} on_done={on_done} />
        }
    });
    let on_tick = run.dispatcher().to_callback().reform(|()| RunMsg::Tick);
    html! {
        <div class="canvas-wrap" role="region" aria-label="Canvas">
            <Canvas viewport={**viewport} on_viewport={on_viewport}
                    on_rename={shell_cb.reform(|id| ShellMsg::Rename(Some(id)))}
                    space_held={shell.space_held} />
            <LiveLayer player={run.player.clone()} scenario={scenario.clone()} viewport={**viewport}
                       highlight={highlight} on_tick={on_tick} generation={run.generation} />
            if scenario.nodes.is_empty() {
                <div class="canvas-hint">
                    <b>{"Build an event-driven system"}</b>
                    {"Drag a producer, a topic and consumer groups from the palette, then connect them port to port."}
                </div>
            }
            // Always there: the box coming and going must not rebuild the canvas beside it
            // (which takes the focus from the node being renamed).
            <div class="rename-host">{ for rename_box }</div>
            <div class="canvas-toolbar" role="toolbar" aria-label="View">
                <button class="btn icon" aria-label="Zoom in" title="Zoom in" onclick={zoom_by(1.25)}>{"+"}</button>
                <button class="btn icon" aria-label="Zoom out" title="Zoom out" onclick={zoom_by(0.8)}>{"−"}</button>
                <button class="btn" aria-label="Fit view" title="Fit view (F)"
                        onclick={fit.now.reform(|_: MouseEvent| ())}>{"Fit"}</button>
                if show_panels {
                    <button class="btn" aria-label="Auto-layout" title="Lay out left to right (L)"
                            onclick={on_click(editor, Action::AutoLayout)}>{"Layout"}</button>
                }
                <span class="zoom-level" role="status" aria-label="Zoom level">{ format!("{:.0}%", viewport.zoom * 100.0) }</span>
            </div>
            <StoryCaption scenario={scenario.clone()} />
            <BrokerLaneMenu />
            <Legend />
        </div>
    }
}

/// A button's click that dispatches `a`.
fn on_click(editor: &EditorHandle, a: Action) -> Callback<MouseEvent> {
    editor.dispatcher().to_callback().reform(move |_: MouseEvent| a.clone())
}

/// New, Undo and Redo.
fn edit_controls(editor: &EditorHandle) -> Html {
    html! {
        <div class="edit-controls" role="group" aria-label="Edit">
            <button class="btn" aria-label="New scenario" title="Start from an empty canvas (undoable)"
                    onclick={on_click(editor, Action::Load(Scenario::empty()))}>{"New"}</button>
            <button class="btn icon" aria-label="Undo" title="Undo (Ctrl+Z)"
                    disabled={!editor.editor.can_undo()} onclick={on_click(editor, Action::Undo)}>{ super::icons::undo() }</button>
            <button class="btn icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                    disabled={!editor.editor.can_redo()} onclick={on_click(editor, Action::Redo)}>{ super::icons::redo() }</button>
        </div>
    }
}

/// The top bar's buttons on the right: Drafts, Gallery and Share; in an embed, "Open in
/// Fanout" with the same state.
fn top_actions(shell: &UseReducerHandle<Shell>, open_in_fanout: Option<String>) -> Html {
    if let Some(full) = open_in_fanout {
        return html! {
            <a class="btn primary" href={full} target="_blank" rel="noopener">{"Open in Fanout"}</a>
        };
    }
    let toggle = |d: Dialog| {
        shell.dispatcher().to_callback().reform(move |_: MouseEvent| ShellMsg::ToggleDialog(d))
    };
    html! {
        <>
            <button class="btn" aria-label="Recent drafts" title="Recent drafts"
                    aria-expanded={shell.is_open(Dialog::Drafts).to_string()}
                    onclick={toggle(Dialog::Drafts)}>{"Drafts"}</button>
            <button class="btn" aria-label="Gallery" onclick={toggle(Dialog::Gallery)}>{"Gallery"}</button>
            <button class="btn primary" aria-label="Share" aria-expanded={shell.is_open(Dialog::Share).to_string()}
                    onclick={toggle(Dialog::Share)}>{"Share"}</button>
        </>
    }
}

/// Adds a node from the palette: where it was dropped, or on a free spot near the middle of
/// the view when added by click or keyboard.
fn on_add(
    editor: &EditorHandle,
    shell: &UseReducerHandle<Shell>,
    viewport: &UseStateHandle<Viewport>,
) -> Callback<(NodeKindTag, Option<(f64, f64)>)> {
    let (editor, shell, vp) = (editor.clone(), shell.dispatcher(), **viewport);
    Callback::from(move |(kind, at): (NodeKindTag, Option<(f64, f64)>)| {
        // On a phone the palette is a sheet over the canvas: out of the way of the new node.
        shell.dispatch(ShellMsg::Hide(Pane::Palette));
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
}

/// The open dialog, and the callback that reopens a draft (the drafts' conflict toast uses
/// it too).
struct Dialogs {
    view: Html,
    open_draft: Callback<crate::editor::drafts::Draft>,
}

fn dialogs(
    shell: &UseReducerHandle<Shell>,
    editor: &EditorHandle,
    drafts: &super::drafts::DraftsUi,
    say: &Callback<(String, bool)>,
    fit: &Fit,
    view: Viewport,
) -> Dialogs {
    let close = shell.dispatcher().to_callback().reform(|()| ShellMsg::CloseDialog);
    // Reopens a draft in this tab (undoably); this tab then saves into that draft.
    let open_draft = {
        let (editor, say, fit_later, close) =
            (editor.clone(), say.clone(), fit.later.clone(), close.clone());
        let (slot, theirs) = (drafts.slot.clone(), drafts.theirs.clone());
        Callback::from(move |d: crate::editor::drafts::Draft| {
            close.emit(());
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
    let on_notice = say.reform(|text: String| {
        let error = !(text.ends_with("copied.") || text.starts_with("Scenario imported"));
        (text, error)
    });
    let view = match shell.dialog {
        None => html! {},
        Some(Dialog::Gallery) => {
            html! { <Gallery on_close={close} on_opened={fit.later.clone()} /> }
        }
        Some(Dialog::Drafts) => html! {
            <DraftsDialog on_close={close} on_open={open_draft.clone()}
                          current={drafts.slot.borrow().id().clone()} generation={drafts.generation} />
        },
        Some(Dialog::Share) => html! {
            <ShareMenu on_close={close} on_notice={on_notice} on_opened={fit.later.clone()} view={view} />
        },
    };
    Dialogs { view, open_draft }
}

/// The toast for a draft another tab changed: load their newest version, or keep this one.
fn conflict(
    drafts: &super::drafts::DraftsUi,
    open_draft: &Callback<crate::editor::drafts::Draft>,
) -> Option<toasts::Conflict> {
    let theirs = (*drafts.theirs).clone()?;
    let load_theirs = {
        let (open_draft, d) = (open_draft.clone(), theirs.clone());
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
    Some(toasts::Conflict { theirs, load_theirs, keep_mine })
}
