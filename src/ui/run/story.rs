//! Story mode: the caption of the step that has started, over the canvas, with where it stands
//! ("Step 2 of 4") and Next when the run stopped for the reader. Which step shows is
//! `Scenario::step_at`; where the run stops is the player's (`Player::frame`).

use yew::prelude::*;

use super::{use_run, RunCommand};
use crate::engine::us_to_secs;
use crate::scenario::Scenario;

#[derive(Properties, PartialEq)]
pub struct StoryCaptionProps {
    /// The scenario whose steps are told (the editor's document, or the embed's).
    pub scenario: std::rc::Rc<Scenario>,
}

#[function_component(StoryCaption)]
pub fn story_caption(props: &StoryCaptionProps) -> Html {
    let run = use_run();
    let scenario = &props.scenario;
    let p = run.player.borrow();
    let (now_s, playing, at_end) =
        (us_to_secs(p.now_us()), p.playing(), p.now_us() >= p.duration_us);
    drop(p);
    let Some((place, step)) = scenario.step_at(now_s) else { return Html::default() };
    let total = scenario.steps.len();
    // Next plays on to the next stop; at the last step, there is nothing to go on to.
    let more = place + 1 < total || !at_end;
    let next = run.command.reform(|_: MouseEvent| RunCommand::TogglePlay);
    html! {
        <aside class="story-caption" role="region" aria-label="Story step" aria-live="polite">
            <span class="story-place">{ format!("Step {} of {total}", place + 1) }</span>
            <p>{ step.caption.clone() }</p>
            if !playing && more {
                <button class="btn primary" onclick={next}>{"Next"}</button>
            }
        </aside>
    }
}
