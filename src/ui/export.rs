//! Downloads: the scenario as JSON (the format `fanout run` reads), the diagram as SVG or PNG.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `data` (binary) as a file download named `name`.
pub fn download_bytes(name: &str, mime: &str, data: &[u8]) -> Result<(), String> {
    download_part(name, mime, &js_sys::Uint8Array::from(data))
}

/// Offers `data` as a file download named `name`.
pub fn download(name: &str, mime: &str, data: &str) -> Result<(), String> {
    download_part(name, mime, &JsValue::from_str(data))
}

/// Offers one blob part (text or bytes) as a file download.
fn download_part(name: &str, mime: &str, part: &JsValue) -> Result<(), String> {
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_blob_sequence_and_options(&js_sys::Array::of1(part), &opts)
        .map_err(|_| "Could not build the file.")?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| "Could not build the file.")?;
    download_url(name, &url);
    // Revoking at once can cancel the download in some browsers: give it a moment.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// A canvas of `w` × `h` pixels off the page, with its 2D context.
pub fn canvas(
    w: u32,
    h: u32,
) -> Result<(web_sys::HtmlCanvasElement, web_sys::CanvasRenderingContext2d), String> {
    let c: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("Could not make a canvas.")?;
    c.set_width(w);
    c.set_height(h);
    let ctx = c
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("Could not make a canvas.")?;
    Ok((c, ctx))
}

fn download_url(name: &str, url: &str) {
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        if let Ok(a) = a.dyn_into::<HtmlAnchorElement>() {
            a.set_href(url);
            a.set_download(name);
            a.click();
        }
    }
}

/// A file name from the scenario title (`Duplicate payment` → `duplicate-payment`).
pub fn file_stem(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "fanout-scenario".into()
    } else {
        slug
    }
}

/// The diagram as a standalone SVG document: the graph with the page's styles and the theme's
/// colours inlined, framed around the nodes (not the current pan and zoom).
pub fn diagram_svg() -> Result<String, String> {
    diagram_svg_framed(false).map(|(svg, _)| svg)
}

/// A box in world units: x, y, width, height.
pub type WorldBox = (f64, f64, f64, f64);

/// [`diagram_svg`] with the world box it shows, for painting over it. `plain` leaves out what
/// a moment of the run and the editor put on the nodes (selection, story highlight, crashed or
/// down), for an animation whose frames paint the run's own states.
pub fn diagram_svg_framed(plain: bool) -> Result<(String, WorldBox), String> {
    let document = gloo::utils::document();
    let svg = document
        .query_selector("svg.graph")
        .ok()
        .flatten()
        .ok_or("There is no diagram to export.")?;
    let world = svg
        .query_selector("g.world")
        .ok()
        .flatten()
        .and_then(|g| g.dyn_into::<web_sys::SvgGraphicsElement>().ok())
        .ok_or("There is no diagram to export.")?;
    let bbox = world.get_b_box().map_err(|_| "The diagram has no size yet.")?;
    let pad = 24.0;
    let (x, y, w, h) = (
        f64::from(bbox.x()) - pad,
        f64::from(bbox.y()) - pad,
        f64::from(bbox.width()) + 2.0 * pad,
        f64::from(bbox.height()) + 2.0 * pad,
    );
    // The page's rules, with the theme's custom properties resolved on the root.
    let mut css = String::new();
    let sheets = document.style_sheets();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets.item(i).and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else { continue };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    let root_style =
        gloo::utils::window().get_computed_style(&gloo::utils::document_element()).ok().flatten();
    let mut vars = String::new();
    if let Some(style) = root_style {
        for name in [
            "--panel",
            "--panel-2",
            "--border",
            "--border-strong",
            "--text",
            "--text-2",
            "--text-3",
            "--accent",
            "--danger",
            "--warn",
            "--ok",
            "--canvas",
            "--font",
            "--k-producer",
            "--k-topic",
            "--k-group",
            "--k-service",
            "--k-dlq",
            "--k-database",
            "--k-projection",
            "--k-outbox",
        ] {
            if let Ok(v) = style.get_property_value(name) {
                // Font lists quote family names; the value sits in a double-quoted attribute.
                vars.push_str(&format!("{name}:{};", v.trim().replace('"', "'")));
            }
        }
    }
    let inner = if plain { plain_copy(&world).unwrap_or_default() } else { world.inner_html() };
    let canvas_bg = "var(--canvas)";
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x} {y} {w} {h}\" width=\"{w}\" height=\"{h}\" \
         style=\"{vars}font-family:system-ui,sans-serif\">\
         <style>{}</style>{}<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" style=\"fill:{canvas_bg}\"/>\
         <g class=\"world\">{inner}</g></svg>",
        escape_style(&css),
        svg.query_selector("defs").ok().flatten().map(|d| d.outer_html()).unwrap_or_default(),
    );
    Ok((svg, (x, y, w, h)))
}

/// `</style>` inside a rule would end the element early; CSS never needs that sequence.
/// The world group's markup with every node's classes reset to `node`.
fn plain_copy(world: &web_sys::Element) -> Option<String> {
    let copy: web_sys::Element = world.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let nodes = copy.query_selector_all(".node").ok()?;
    for k in 0..nodes.length() {
        if let Some(el) = nodes.item(k).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            let _ = el.set_attribute("class", "node");
        }
    }
    Some(copy.inner_html())
}

fn escape_style(css: &str) -> String {
    css.replace("</", "<\\/")
}

/// Renders the SVG to a PNG (2× for sharpness) and downloads it.
pub fn download_png(name: &str, svg: &str) -> Result<(), String> {
    let image = web_sys::HtmlImageElement::new().map_err(|_| "Could not render the picture.")?;
    let encoded = js_sys::encode_uri_component(svg);
    let src = format!("data:image/svg+xml;charset=utf-8,{}", String::from(encoded));
    let name = name.to_owned();
    let img = image.clone();
    let onload = Closure::once_into_js(move || {
        let (w, h) = (img.natural_width() * 2, img.natural_height() * 2);
        if let Ok((canvas, ctx)) = canvas(w, h) {
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &img,
                0.0,
                0.0,
                f64::from(w),
                f64::from(h),
            );
            if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                download_url(&name, &url);
            }
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&src);
    Ok(())
}
