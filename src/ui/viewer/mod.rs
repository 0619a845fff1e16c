//! The embed viewer: what a blog post's `<iframe src="…?embed">` loads. A build of its own
//! (the `fanout-viewer` binary, chosen by `index.html` before anything downloads) holding only
//! what a reader of an embed uses: the graph, play, step, the timeline, story captions and the
//! counters the link asks for. The editor, its panels and dialogs, exports and imports, seed
//! runs and drafts stay in the full app, which "Open in Fanout" opens on the same scenario.
//! The run is the same engine and the same run model as the editor's: only the shell differs.

mod graph;

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::viewport::Viewport;
use crate::engine::secs_to_us;
use crate::scenario::Scenario;
use crate::ui::app::use_embed_height;
use crate::ui::canvas::canvas_size;
use crate::ui::panels::compare::{heading, side_by_side};
use crate::ui::panels::metrics::embed_counters;
use crate::ui::run::broker_lane::BrokerLane;
use crate::ui::run::live_layer::{Legend, LiveLayer};
use crate::ui::run::model::{RunModel, RunMsg};
use crate::ui::run::story::StoryCaption;
use crate::ui::run::{use_run, RunCommand, RunContext, RunControls};
use crate::ui::share;
use crate::ui::topbar::TopBar;
use graph::Graph;

/// Mounts the viewer on `<body>`, replacing the boot message (the editor's `ui::start`
/// counterpart). A panic shows the crash message with the full app's link.
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    crate::ui::crash::install();
    if let Some(boot) = gloo::utils::document().get_element_by_id("boot") {
        boot.remove();
    }
    yew::Renderer::<Viewer>::with_root(gloo::utils::body().into()).render();
}

#[function_component(Viewer)]
pub fn viewer() -> Html {
    let opened = use_memo((), |_| share::viewing());
    let scenario = opened.scenario.clone();
    let run = {
        let scenario = scenario.clone();
        use_reducer(move || RunModel::new(&scenario, 0))
    };
    {
        let run = run.dispatcher();
        let (at, autoplay) = (opened.embed.start_s.map(secs_to_us), opened.embed.autoplay);
        use_effect_with((), move |_| run.dispatch(RunMsg::Start { at, autoplay }));
    }
    let viewport = use_state(Viewport::default);
    let fit = use_fit(&scenario, &viewport);
    use_embed_height(true, scenario.clone(), 0, false);
    let command = {
        let (run, scenario) = (run.dispatcher(), scenario.clone());
        Callback::from(move |c: RunCommand| match c {
            RunCommand::Reset => run.dispatch(RunMsg::Reset(scenario.clone(), 0)),
            // Injecting faults and asking "why?" belong to the full app (the node menu and the
            // Events tab); the viewer offers neither.
            RunCommand::Inject(_) | RunCommand::ShowWhy(..) => {}
            c => run.dispatch(RunMsg::Command(c)),
        })
    };
    use_space_to_play(command.clone());
    let context = RunContext {
        player: run.player.clone(),
        generation: run.generation,
        selected_event: run.selected_event,
        why: run.why,
        command,
    };
    let on_viewport = {
        let viewport = viewport.clone();
        Callback::from(move |v: Viewport| viewport.set(v))
    };
    let on_tick = run.dispatcher().to_callback().reform(|()| RunMsg::Tick);
    let open_full = html! {
        <a class="btn primary" href={opened.full_app_url.clone()} target="_blank" rel="noopener">{"Open in Fanout"}</a>
    };
    html! {
        <ContextProvider<RunContext> context={context}>
            <div class="app embed viewer">
                <TopBar title={scenario.title.clone()} on_title={Callback::noop()} embed={true}
                        left_open={false} right_open={false} on_toggle_left={Callback::noop()}
                        on_toggle_right={Callback::noop()} actions={open_full}>
                    <RunControls seed={scenario.seed} />
                </TopBar>
                <div class="workspace">
                    <main class="center">
                        <div class="canvas-wrap" role="region" aria-label="Canvas">
                            <Graph scenario={scenario.clone()} viewport={*viewport} on_viewport={on_viewport} />
                            <LiveLayer player={run.player.clone()} scenario={scenario.clone()} viewport={*viewport}
                                       highlight={Rc::new(Vec::new())} on_tick={on_tick} generation={run.generation} />
                            { view_toolbar(&viewport, &fit) }
                            <StoryCaption scenario={scenario.clone()} />
                            <BrokerLane />
                            <Legend />
                        </div>
                        <Counters scenario={scenario.clone()} only={opened.embed.metrics.clone()} />
                    </main>
                </div>
                if let Some(notice) = &opened.notice {
                    <div class="toast-stack" aria-live="polite">
                        <div class="toast error" role="alert">{ notice.clone() }</div>
                    </div>
                }
            </div>
        </ContextProvider<RunContext>>
    }
}

/// Fits the whole graph in the frame on opening and whenever the frame changes size (the
/// frame is the page's, not the sharer's window); returns "fit now" for the Fit button.
#[hook]
fn use_fit(scenario: &Rc<Scenario>, viewport: &UseStateHandle<Viewport>) -> Callback<()> {
    let fit = {
        let (scenario, viewport) = (scenario.clone(), viewport.clone());
        Callback::from(move |()| {
            if let Some((w, h)) = canvas_size() {
                viewport.set(Viewport::fit(&scenario, w, h));
            }
        })
    };
    {
        let fit = fit.clone();
        use_effect_with((), move |_| {
            fit.emit(());
            let listener =
                EventListener::new(&gloo::utils::window(), "resize", move |_| fit.emit(()));
            move || drop(listener)
        });
    }
    fit
}

/// Space plays and pauses, as in the editor (not on a control, where Space presses it).
#[hook]
fn use_space_to_play(command: Callback<RunCommand>) {
    use_effect_with((), move |_| {
        let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            let on_control =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                    matches!(
                        el.tag_name().as_str(),
                        "INPUT" | "SELECT" | "BUTTON" | "A" | "TEXTAREA"
                    )
                });
            if e.key() == " " && !on_control && !e.repeat() {
                e.prevent_default();
                command.emit(RunCommand::TogglePlay);
            }
        });
        move || drop(listener)
    });
}

/// Zoom in, zoom out and Fit, as on the editor's canvas.
fn view_toolbar(viewport: &UseStateHandle<Viewport>, fit: &Callback<()>) -> Html {
    let zoom_by = |factor: f64| {
        let viewport = viewport.clone();
        Callback::from(move |_: MouseEvent| {
            let (w, h) = canvas_size().unwrap_or((800.0, 600.0));
            viewport.set(viewport.zoomed_at(factor, w / 2.0, h / 2.0));
        })
    };
    html! {
        <div class="canvas-toolbar" role="toolbar" aria-label="View">
            <button class="btn icon" aria-label="Zoom in" title="Zoom in" onclick={zoom_by(1.25)}>{"+"}</button>
            <button class="btn icon" aria-label="Zoom out" title="Zoom out" onclick={zoom_by(0.8)}>{"−"}</button>
            <button class="btn" aria-label="Fit view" title="Fit view" onclick={fit.reform(|_: MouseEvent| ())}>{"Fit"}</button>
            <span class="zoom-level" role="status" aria-label="Zoom level">{ format!("{:.0}%", viewport.zoom * 100.0) }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CountersProps {
    scenario: Rc<Scenario>,
    only: Vec<String>,
}

/// The counters the link asks for (`metrics=`), or a comparison's figures side by side, as the
/// editor's embed mode shows them.
#[function_component(Counters)]
fn counters(props: &CountersProps) -> Html {
    let run = use_run();
    let p = run.player.borrow();
    // A comparison's link: A's and B's headline figures side by side, as the editor's embed.
    let shown = match (props.scenario.compared(), p.sim()) {
        (Some((a, b)), _) => html! {
            <div class="compare">
                <p class="small">{ heading(&a, b) }</p>
                { side_by_side(&p, &a, b, true) }
            </div>
        },
        (None, Some(sim)) => embed_counters(&sim.metrics(), sim, &props.scenario, &props.only),
        (None, None) => Html::default(),
    };
    html! { <section class="drawer compact" aria-label="Metrics">{ shown }</section> }
}
