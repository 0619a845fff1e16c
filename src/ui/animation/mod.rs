//! Animated export in the Share dialog, as a GIF or a WebM video: a stretch of the run rendered
//! frame by frame from a fresh run of the same scenario (so the frames are the deterministic
//! run's, whatever the player shows now), with progress and Cancel. Each frame is painted here
//! — the exported diagram as the still background, the dots of `animation::frame_dots`, the
//! nodes' states and badges, the time — and encoded by `animation::Gif` or the browser's VP8
//! encoder (`video`). One frame per browser task: the page stays responsive.

mod video;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};
use yew::prelude::*;

use crate::animation::{frame_dots, Gif, Stretch, FRAME_RATES, MAX_WIDTH_PX, MIN_WIDTH_PX};
use crate::engine::{us_to_secs, Micros, Simulation};
use crate::scenario::{format_sim_time, Scenario};
use crate::ui::run::live_layer::{paint_nodes, Palette, DOT_R};
use crate::ui::run::use_run;
use crate::ui::state::use_editor;

/// Engine events run between two yields while the fresh run catches up with a frame's time.
const EVENTS_PER_SLICE: u64 = 20_000;
/// Speeds offered, simulated seconds per second of the animation.
const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 5.0];

#[derive(Properties, PartialEq)]
pub struct AnimationProps {
    /// Reports a message about the export: `(text, is a problem)`.
    pub on_status: Callback<(String, bool)>,
}

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Gif,
    Webm,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Gif => "gif",
            Format::Webm => "webm",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Gif => "image/gif",
            Format::Webm => "video/webm",
        }
    }
}

/// Where the frames go.
enum Sink {
    /// The GIF starts with its first frame (its palette comes from it).
    Gif(Option<Gif>),
    Webm(video::VideoSink),
}

/// Gives the browser its turn (a task boundary): the export goes on in the next task.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// The diagram as a loaded picture.
async fn load(svg: &str) -> Result<HtmlImageElement, String> {
    let image = HtmlImageElement::new().map_err(|_| "Could not draw the diagram.")?;
    let src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let img = image.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
        img.set_src(&src);
    });
    JsFuture::from(promise).await.map_err(|_| "Could not draw the diagram.")?;
    Ok(image)
}

/// Everything one export needs, taken when it starts.
struct Job {
    scenario: Rc<Scenario>,
    svg: String,
    /// The diagram's world box.
    frame: crate::ui::export::WorldBox,
    stretch: Stretch,
    times: Vec<Micros>,
    width: u32,
    format: Format,
    cancelled: Rc<Cell<bool>>,
    progress: UseStateHandle<Option<(usize, usize)>>,
}

/// Paints one frame over the still diagram already on `ctx`: the dots, the nodes' states and
/// badges as the canvas paints them, and the time.
fn paint(ctx: &CanvasRenderingContext2d, job: &Job, sim: &Simulation, scale: f64, pal: &Palette) {
    let (x0, y0, _, _) = job.frame;
    // World coordinates from here, as on the canvas.
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, -x0 * scale, -y0 * scale);
    for d in frame_dots(&job.scenario, sim, job.stretch.speed) {
        ctx.set_fill_style_str(pal.of(d.state));
        ctx.begin_path();
        let _ = ctx.arc(d.x, d.y, DOT_R, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
    let s = &job.scenario;
    paint_nodes(ctx, sim, &sim.snapshot(), pal, |id| s.node(id).map(|n| (n.x, n.y, n.kind.tag())));
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let label = format_sim_time(sim.now_us());
    let font = (14.0 * scale).clamp(11.0, 22.0);
    ctx.set_font(&format!("600 {font}px system-ui, sans-serif"));
    ctx.set_text_align("left");
    ctx.set_text_baseline("alphabetic");
    let w = ctx.measure_text(&label).map_or(80.0, |m| m.width());
    ctx.set_fill_style_str(&pal.panel);
    ctx.fill_rect(6.0, 6.0, w + 16.0, font + 12.0);
    ctx.set_fill_style_str(&pal.text);
    let _ = ctx.fill_text(&label, 14.0, 6.0 + font + 2.0);
}

/// Runs the export to its end (or its cancellation) and gives the GIF's bytes.
async fn render(job: Job) -> Result<Option<Vec<u8>>, String> {
    let image = load(&job.svg).await?;
    let (_, _, bw, bh) = job.frame;
    // Even sizes: video codecs work in blocks of two pixels.
    let w = job.width & !1;
    let scale = f64::from(w) / bw;
    let h = ((bh * scale).round() as u32).clamp(2, 2 * MAX_WIDTH_PX) & !1;
    let (canvas, ctx) = crate::ui::export::canvas(w, h)?;
    let pal = Palette::read();
    let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        f64::from(w),
        f64::from(h),
    );
    let still = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|_| "Could not read the diagram's pixels.")?;
    let mut sim = Simulation::new(&job.scenario).map_err(|_| "This scenario cannot run.")?;
    let mut sink = match job.format {
        Format::Gif => Sink::Gif(None),
        Format::Webm => Sink::Webm(video::VideoSink::start(w, h, job.stretch.fps)?),
    };
    let total = job.times.len();
    for (k, &t) in job.times.iter().enumerate() {
        let mut budget = EVENTS_PER_SLICE;
        while !sim.advance_toward(t, &mut budget) {
            next_task().await;
            if job.cancelled.get() {
                return Ok(None);
            }
            budget = EVENTS_PER_SLICE;
        }
        let _ = ctx.put_image_data(&still, 0.0, 0.0);
        paint(&ctx, &job, &sim, scale, &pal);
        match &mut sink {
            Sink::Gif(gif) => {
                let pixels = ctx
                    .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
                    .map_err(|_| "Could not read a frame's pixels.")?
                    .data();
                match gif.as_mut() {
                    None => {
                        *gif =
                            Some(Gif::start(w as u16, h as u16, &pixels, job.stretch.delay_cs())?)
                    }
                    Some(g) => g.push(&pixels)?,
                }
            }
            Sink::Webm(v) => v.push(&canvas).await?,
        }
        job.progress.set(Some((k + 1, total)));
        next_task().await;
        if job.cancelled.get() {
            return Ok(None);
        }
    }
    match sink {
        Sink::Gif(gif) => gif.map(Gif::finish).transpose(),
        Sink::Webm(v) => v.finish().await.map(Some),
    }
}

/// Reads a number field's value.
fn number(e: Event) -> Option<f64> {
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value().parse().ok()
}

#[function_component(AnimationExport)]
pub fn animation_export(props: &AnimationProps) -> Html {
    let editor = use_editor();
    let run = use_run();
    let (now, end) = {
        let p = run.player.borrow();
        (p.now_us(), p.duration_us)
    };
    let from = use_state(|| us_to_secs(now).floor());
    let length = use_state(|| 10.0f64);
    let fps = use_state(|| FRAME_RATES[0]);
    let speed = use_state(|| 1.0f64);
    let width = use_state(|| 800u32);
    let progress = use_state(|| None::<(usize, usize)>);
    let cancelled = use_mut_ref(|| Rc::new(Cell::new(false)));
    let stretch = Stretch { from_s: *from, length_s: *length, fps: *fps, speed: *speed };
    let frames = stretch.frame_times(end);
    let start = |format: Format| {
        let (scenario, progress, on_status) =
            (editor.editor.scenario().clone(), progress.clone(), props.on_status.clone());
        let (cancelled, width, frames) = (cancelled.clone(), *width, frames.clone());
        Callback::from(move |_: MouseEvent| {
            let times = match frames.clone() {
                Ok(t) => t,
                Err(e) => return on_status.emit((e, true)),
            };
            let (svg, frame) = match crate::ui::export::diagram_svg_framed(true) {
                Ok(v) => v,
                Err(e) => return on_status.emit((e, true)),
            };
            let flag = Rc::new(Cell::new(false));
            *cancelled.borrow_mut() = flag.clone();
            progress.set(Some((0, times.len())));
            let stem = crate::ui::export::file_stem(&scenario.title);
            let job = Job {
                scenario: scenario.clone(),
                svg,
                frame,
                stretch,
                times,
                width,
                format,
                cancelled: flag,
                progress: progress.clone(),
            };
            let (progress, on_status) = (progress.clone(), on_status.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match render(job).await {
                    Ok(Some(bytes)) => {
                        let kb = bytes.len() / 1024;
                        let name = format!("{stem}.{}", format.extension());
                        match crate::ui::export::download_bytes(&name, format.mime(), &bytes) {
                            Ok(()) => on_status.emit((format!("{name} saved ({kb} KB)."), false)),
                            Err(e) => on_status.emit((e, true)),
                        }
                    }
                    Ok(None) => on_status.emit(("Export cancelled.".into(), false)),
                    Err(e) => on_status.emit((e, true)),
                }
                progress.set(None);
            });
        })
    };
    let cancel = {
        let cancelled = cancelled.clone();
        Callback::from(move |_: MouseEvent| cancelled.borrow().set(true))
    };
    let set_num = |h: &UseStateHandle<f64>| {
        let h = h.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = number(e).filter(|v| v.is_finite() && *v >= 0.0) {
                h.set(v);
            }
        })
    };
    let on_width = {
        let width = width.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = number(e) {
                width.set((v.round() as u32).clamp(MIN_WIDTH_PX, MAX_WIDTH_PX));
            }
        })
    };
    let on_fps = {
        let fps = fps.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            fps.set(v.parse().unwrap_or(FRAME_RATES[0]));
        })
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            speed.set(v.parse().unwrap_or(1.0));
        })
    };
    let summary = match &frames {
        Ok(t) => {
            format!("{} frames, {:.1} s of animation.", t.len(), t.len() as f64 / f64::from(*fps))
        }
        Err(e) => e.clone(),
    };
    html! {
        <section aria-label="Animation">
            <h3>{"Animation"}</h3>
            <div class="embed-options">
                <label>{"From"}<input type="number" min="0" step="1" value={from.to_string()} onchange={set_num(&from)} aria-label="Animation start" /><span class="unit">{"s"}</span></label>
                <label>{"Length"}<input type="number" min="0" step="1" value={length.to_string()} onchange={set_num(&length)} aria-label="Animation length" /><span class="unit">{"s"}</span></label>
                <label>{"Speed"}<select aria-label="Animation speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|v| html! { <option value={v.to_string()} selected={*v == *speed}>{ format!("{v}×") }</option> }) }
                </select></label>
                <label>{"Frame rate"}<select aria-label="Animation frame rate" onchange={on_fps}>
                    { for FRAME_RATES.iter().map(|v| html! { <option value={v.to_string()} selected={*v == *fps}>{ format!("{v}/s") }</option> }) }
                </select></label>
                <label>{"Width"}<input type="number" min={MIN_WIDTH_PX.to_string()} max={MAX_WIDTH_PX.to_string()} step="10" value={width.to_string()} onchange={on_width} aria-label="Animation width" /><span class="unit">{"px"}</span></label>
            </div>
            <p class={classes!("help", frames.is_err().then_some("error"))}>{ summary }</p>
            <div class="row">
                if let Some((done, total)) = *progress {
                    <progress aria-label="Exporting" max={total.to_string()} value={done.to_string()}></progress>
                    <span class="muted">{ format!("Frame {done} of {total}") }</span>
                    <button class="btn" onclick={cancel}>{"Cancel"}</button>
                } else {
                    <button class="btn" disabled={frames.is_err()} onclick={start(Format::Gif)}>{"Export GIF"}</button>
                    <button class="btn" disabled={frames.is_err()} onclick={start(Format::Webm)}
                            title="A VP8 video, made by this browser's encoder (WebCodecs)">{"Export WebM"}</button>
                }
            </div>
        </section>
    }
}
