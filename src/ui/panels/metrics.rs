//! The metrics drawer: counters per group and in total, charts over simulated time.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub open: bool,
    pub on_toggle: Callback<()>,
}

const COUNTERS: &[(&str, &str)] = &[
    ("Produced", ""),
    ("Processed", ""),
    ("In flight", ""),
    ("Retried", "warn"),
    ("Duplicates", "bad"),
    ("Dead-lettered", "bad"),
    ("Lost", "bad"),
    ("Order violations", "warn"),
];

#[function_component(MetricsDrawer)]
pub fn metrics_drawer(props: &MetricsProps) -> Html {
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <section class="drawer" data-open={props.open.to_string()} aria-labelledby="metrics-heading">
            <div class="drawer-head">
                <h2 id="metrics-heading">{"Metrics"}</h2>
                <span style="flex:1"></span>
                <button class="btn" aria-expanded={props.open.to_string()} aria-controls="metrics-body"
                        onclick={toggle}>{ if props.open { "Hide" } else { "Show" } }</button>
            </div>
            <div class="drawer-body" id="metrics-body">
                <div class="counters">
                    { for COUNTERS.iter().map(|(name, class)| html! {
                        <div class={classes!("counter", *class)} role="group" aria-label={*name}>
                            <div class="n">{"0"}</div><div class="t">{ *name }</div>
                        </div>
                    }) }
                </div>
            </div>
        </section>
    }
}
