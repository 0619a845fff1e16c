//! The palette: every node kind, to drag onto the canvas or add with a click or Enter.

use yew::prelude::*;

use crate::ui::icons;

/// One entry of the palette.
pub struct PaletteEntry {
    pub label: &'static str,
    pub blurb: &'static str,
    pub css_var: &'static str,
    pub icon: fn() -> Html,
}

pub const ENTRIES: &[PaletteEntry] = &[
    PaletteEntry {
        label: "Producer",
        blurb: "Emits events at a rate",
        css_var: "--k-producer",
        icon: icons::producer,
    },
    PaletteEntry {
        label: "Topic",
        blurb: "Partitioned, ordered log",
        css_var: "--k-topic",
        icon: icons::topic,
    },
    PaletteEntry {
        label: "Consumer group",
        blurb: "Reads every event once",
        css_var: "--k-group",
        icon: icons::group,
    },
    PaletteEntry {
        label: "Service",
        blurb: "Consumes and emits",
        css_var: "--k-service",
        icon: icons::service,
    },
    PaletteEntry {
        label: "Dead-letter queue",
        blurb: "Parks failed messages",
        css_var: "--k-dlq",
        icon: icons::dlq,
    },
    PaletteEntry {
        label: "Database",
        blurb: "Counts side effects",
        css_var: "--k-database",
        icon: icons::database,
    },
    PaletteEntry {
        label: "Projection",
        blurb: "Read model from events",
        css_var: "--k-projection",
        icon: icons::projection,
    },
    PaletteEntry {
        label: "Outbox + relay",
        blurb: "State and event together",
        css_var: "--k-outbox",
        icon: icons::outbox,
    },
];

#[function_component(Palette)]
pub fn palette() -> Html {
    html! {
        <>
            <div class="panel-head"><span id="palette-heading">{"Components"}</span></div>
            <ul class="palette" aria-labelledby="palette-heading">
                { for ENTRIES.iter().map(|e| html! {
                    <li>
                        <button class="palette-item" aria-label={format!("Add {}", e.label)}
                                style={format!("--kind: var({})", e.css_var)}>
                            <span class="kind-icon">{ (e.icon)() }</span>
                            <span class="label"><b>{ e.label }</b><small>{ e.blurb }</small></span>
                        </button>
                    </li>
                }) }
            </ul>
        </>
    }
}
