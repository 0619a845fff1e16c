//! The top bar: product name, scenario title, run controls, sharing.

use yew::prelude::*;

use super::icons;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub title: AttrValue,
    pub on_title: Callback<String>,
    pub left_open: bool,
    pub right_open: bool,
    pub on_toggle_left: Callback<()>,
    pub on_toggle_right: Callback<()>,
    /// Buttons on the right (gallery, share).
    #[prop_or_default]
    pub actions: Html,
    /// Embed mode: title as text, no panel toggles.
    #[prop_or_default]
    pub embed: bool,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(TopBar)]
pub fn top_bar(props: &TopBarProps) -> Html {
    let on_title = {
        let cb = props.on_title.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let toggle_left = props.on_toggle_left.reform(|_: MouseEvent| ());
    let toggle_right = props.on_toggle_right.reform(|_: MouseEvent| ());
    html! {
        <header class="topbar" role="banner">
            if !props.embed {
            <button class="btn icon only-narrow" aria-label="Palette" aria-pressed={props.left_open.to_string()}
                    onclick={toggle_left}>{ icons::menu() }</button>
            }
            <div class="brand">{ icons::logo() }<span>{"Fanout"}</span></div>
            <div class="divider"></div>
            if props.embed {
                <span class="scenario-title embed-title">{ props.title.clone() }</span>
            } else {
                <input class="scenario-title" aria-label="Scenario title" value={props.title.clone()}
                       onchange={on_title} maxlength="80" />
            }
            <div class="run-controls" role="toolbar" aria-label="Run controls">{ props.children.clone() }</div>
            <div class="topbar-actions">
                { props.actions.clone() }
                if !props.embed {
                <button class="btn icon only-narrow" aria-label="Inspector" aria-pressed={props.right_open.to_string()}
                        onclick={toggle_right}>{ icons::sliders() }</button>
                }
            </div>
        </header>
    }
}
