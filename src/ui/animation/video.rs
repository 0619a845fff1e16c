//! The browser's VP8 encoder (WebCodecs `VideoEncoder`), driven through JavaScript values
//! (web-sys has WebCodecs only behind an unstable flag). Frames go in as the export's canvas at
//! the animation's own times; the encoded frames come back and `animation::webm` writes the
//! file around them.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

use super::next_task;
use crate::animation::webm::{webm, EncodedFrame};
use crate::animation::MAX_FILE_BYTES;

/// Frames between two key frames: a reader can seek to every other second.
const KEY_EVERY_S: u32 = 2;
/// Bits per second asked of the encoder: diagrams are flat colours, this keeps text sharp.
const BITRATE: f64 = 2_500_000.0;
/// Frames waiting in the encoder before the export waits for it.
const MAX_QUEUE: f64 = 8.0;

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

/// Calls `target.method(args…)`.
fn call(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, String> {
    let f: Function = get(target, method).dyn_into().map_err(|_| format!("No {method} here."))?;
    f.apply(target, args).map_err(|e| format!("The video encoder refused: {}.", describe(&e)))
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| get(e, "message").as_string())
        .unwrap_or_else(|| "no reason given".into())
}

/// A constructor of the browser's, if it has one.
fn constructor(name: &str) -> Option<Function> {
    get(&gloo::utils::window(), name).dyn_into().ok()
}

/// An encoding in progress.
pub struct VideoSink {
    encoder: JsValue,
    frames: Rc<RefCell<Vec<EncodedFrame>>>,
    failed: Rc<RefCell<Option<String>>>,
    fps: u32,
    count: u32,
    width: u32,
    height: u32,
    // Kept alive while the encoder may call them.
    _output: Closure<dyn FnMut(JsValue)>,
    _error: Closure<dyn FnMut(JsValue)>,
}

impl VideoSink {
    /// An encoder for `width` × `height` frames (both even) at `fps`.
    pub fn start(width: u32, height: u32, fps: u32) -> Result<VideoSink, String> {
        let ctor = constructor("VideoEncoder")
            .ok_or("This browser cannot encode video (no WebCodecs): export a GIF instead.")?;
        let frames = Rc::new(RefCell::new(Vec::new()));
        let failed = Rc::new(RefCell::new(None));
        let output = Closure::<dyn FnMut(JsValue)>::new({
            let frames = frames.clone();
            move |chunk: JsValue| {
                let len = get(&chunk, "byteLength").as_f64().unwrap_or(0.0) as u32;
                let data = Uint8Array::new_with_length(len);
                let _ = call(&chunk, "copyTo", &Array::of1(&data));
                let t_us = get(&chunk, "timestamp").as_f64().unwrap_or(0.0);
                let key = get(&chunk, "type").as_string().as_deref() == Some("key");
                let t_ms = (t_us / 1000.0).round() as u64;
                frames.borrow_mut().push(EncodedFrame { t_ms, key, data: data.to_vec() });
            }
        });
        let error = Closure::<dyn FnMut(JsValue)>::new({
            let failed = failed.clone();
            move |e: JsValue| {
                *failed.borrow_mut() = Some(format!("The video encoder failed: {}.", describe(&e)))
            }
        });
        let init = Object::new();
        set(&init, "output", output.as_ref().clone());
        set(&init, "error", error.as_ref().clone());
        let encoder = Reflect::construct(&ctor, &Array::of1(&init))
            .map_err(|e| format!("Could not start the video encoder: {}.", describe(&e)))?;
        let config = Object::new();
        set(&config, "codec", "vp8");
        set(&config, "width", width);
        set(&config, "height", height);
        set(&config, "bitrate", BITRATE);
        set(&config, "framerate", fps);
        call(&encoder, "configure", &Array::of1(&config))?;
        Ok(VideoSink {
            encoder,
            frames,
            failed,
            fps,
            count: 0,
            width,
            height,
            _output: output,
            _error: error,
        })
    }

    fn failure(&self) -> Result<(), String> {
        self.failed.borrow().clone().map_or(Ok(()), Err)
    }

    /// Encodes the canvas as the next frame, waiting while the encoder is behind.
    pub async fn push(&mut self, canvas: &HtmlCanvasElement) -> Result<(), String> {
        self.failure()?;
        let ctor = constructor("VideoFrame").ok_or("This browser cannot make video frames.")?;
        let step_us = 1e6 / f64::from(self.fps);
        let init = Object::new();
        set(&init, "timestamp", f64::from(self.count) * step_us);
        set(&init, "duration", step_us);
        let frame = Reflect::construct(&ctor, &Array::of2(canvas, &init))
            .map_err(|e| format!("Could not make a video frame: {}.", describe(&e)))?;
        let options = Object::new();
        set(&options, "keyFrame", self.count.is_multiple_of(KEY_EVERY_S * self.fps));
        let encoded = call(&self.encoder, "encode", &Array::of2(&frame, &options));
        let _ = call(&frame, "close", &Array::new());
        encoded?;
        self.count += 1;
        while get(&self.encoder, "encodeQueueSize").as_f64().unwrap_or(0.0) > MAX_QUEUE {
            next_task().await;
            self.failure()?;
        }
        let bytes: usize = self.frames.borrow().iter().map(|f| f.data.len()).sum();
        if bytes > MAX_FILE_BYTES {
            return Err(format!(
                "The video passed {} MB at frame {}: make it shorter or narrower.",
                MAX_FILE_BYTES / (1024 * 1024),
                self.count
            ));
        }
        Ok(())
    }

    /// Waits for the last frames and writes the file.
    pub async fn finish(self) -> Result<Vec<u8>, String> {
        let flushed = call(&self.encoder, "flush", &Array::new())?;
        JsFuture::from(js_sys::Promise::from(flushed))
            .await
            .map_err(|e| format!("The video encoder failed: {}.", describe(&e)))?;
        let _ = call(&self.encoder, "close", &Array::new());
        self.failure()?;
        let duration_ms = (f64::from(self.count) * 1000.0 / f64::from(self.fps)).round() as u64;
        let frames = self.frames.borrow();
        Ok(webm(self.width, self.height, &frames, duration_ms))
    }
}
