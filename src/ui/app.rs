//! The application shell: top bar, palette, canvas, inspector and metrics drawer.

use yew::prelude::*;

use super::panels::{metrics::MetricsDrawer, palette::Palette};
use super::topbar::TopBar;

#[function_component(App)]
pub fn app() -> Html {
    let title = use_state(|| String::from("User registered"));
    let left_open = use_state(|| false);
    let right_open = use_state(|| false);
    let drawer_open = use_state(|| true);

    let on_title = {
        let title = title.clone();
        Callback::from(move |t: String| title.set(t))
    };
    let toggle = |h: &UseStateHandle<bool>| {
        let h = h.clone();
        Callback::from(move |()| h.set(!*h))
    };

    html! {
        <div class="app">
            <TopBar title={(*title).clone()} on_title={on_title}
                    left_open={*left_open} right_open={*right_open}
                    on_toggle_left={toggle(&left_open)} on_toggle_right={toggle(&right_open)} />
            <div class="workspace">
                <aside class="panel left" aria-label="Palette" data-open={left_open.to_string()}>
                    <Palette />
                </aside>
                <main class="center">
                    <div class="canvas-wrap" role="region" aria-label="Canvas">
                        <svg class="graph" role="img" aria-label="Scenario graph">
                            <defs>
                                <pattern id="grid" width="24" height="24" patternUnits="userSpaceOnUse">
                                    <circle class="grid-dot" cx="1" cy="1" r="1" />
                                </pattern>
                            </defs>
                            <rect width="100%" height="100%" fill="url(#grid)" />
                        </svg>
                        <div class="canvas-hint">
                            <b>{"Build an event-driven system"}</b>
                            {"Drag a producer, a topic and consumer groups from the palette, then connect them."}
                        </div>
                    </div>
                    <MetricsDrawer open={*drawer_open} on_toggle={toggle(&drawer_open)} />
                </main>
                <aside class="panel right inspector" aria-label="Inspector" data-open={right_open.to_string()}>
                    <div class="panel-head"><span>{"Inspector"}</span></div>
                    <div class="empty">
                        <p>{"Select a node or an edge to edit its settings."}</p>
                    </div>
                </aside>
            </div>
        </div>
    }
}
