//! Animated export (issue 15): a stretch of a run as an animated GIF, rendered frame by frame
//! from the deterministic run (not a screen recording), so the same scenario, seed and stretch
//! give the same frames. This module is the pure part: which instants become frames, where
//! each message in flight is drawn, the GIF itself, and the WebM container around the VP8
//! frames the browser's encoder makes (`webm`). The browser paints each frame
//! (`ui::animation`) and hands its pixels here.

pub mod webm;

use color_quant::NeuQuant;

use crate::editor::geometry::{edge_curve, point_at};
use crate::engine::{MessageState, Micros, Simulation};
use crate::scenario::Scenario;

/// Most frames in one animation.
pub const MAX_FRAMES: usize = 600;
/// Frame rates offered, frames per second of the animation.
pub const FRAME_RATES: [u32; 3] = [10, 15, 20];
/// Widest animation, in pixels (its height follows the diagram).
pub const MAX_WIDTH_PX: u32 = 1280;
/// Narrowest animation, in pixels.
pub const MIN_WIDTH_PX: u32 = 240;
/// Wall-clock time a hop's dot takes along its edge, in seconds (the canvas's pulse; an
/// animation plays it at its speed).
pub const PULSE_S: f64 = 0.45;
/// Hop dots drawn per edge in a frame (the canvas draws as many).
const MAX_PULSES_PER_EDGE: usize = 48;
/// Hops read from the engine per frame.
const MAX_HOPS_PER_FRAME: usize = 4_000;
/// Largest file written (GIF or WebM), in bytes: past it the export stops and says so.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// NeuQuant's sampling factor: 1 looks at every pixel, 30 at one in thirty (fast, and the
/// diagram's few flat colours need no more).
const SAMPLE_FACTOR: i32 = 20;

/// What an animation covers: `length_s` simulated seconds from `from_s`, at `fps` frames per
/// second of the animation, playing `speed` simulated seconds per second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stretch {
    pub from_s: f64,
    pub length_s: f64,
    pub fps: u32,
    pub speed: f64,
}

impl Stretch {
    /// The simulated instant of every frame, or why there would be none or too many.
    pub fn frame_times(&self, run_end_us: Micros) -> Result<Vec<Micros>, String> {
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        if !(ok(self.from_s) && ok(self.length_s) && self.length_s > 0.0) {
            return Err("Give a start time and a length above zero, in seconds.".into());
        }
        if !(self.speed.is_finite() && self.speed > 0.0) || self.fps == 0 {
            return Err("Give a speed above zero and a frame rate.".into());
        }
        let from = (self.from_s * 1e6).round() as Micros;
        if from >= run_end_us {
            return Err("The stretch starts after the run ends.".into());
        }
        let to = ((self.from_s + self.length_s) * 1e6).round().min(run_end_us as f64) as Micros;
        let step = self.speed * 1e6 / f64::from(self.fps);
        let count = ((to - from) as f64 / step).floor() as usize + 1;
        if count > MAX_FRAMES {
            return Err(format!(
                "That is {count} frames; an animation has at most {MAX_FRAMES}: shorten it, raise the speed or lower the frame rate."
            ));
        }
        Ok((0..count).map(|k| from + (k as f64 * step).round() as Micros).collect())
    }

    /// How long each frame shows, in the GIF's hundredths of a second.
    pub fn delay_cs(&self) -> u16 {
        (100.0 / f64::from(self.fps.max(1))).round() as u16
    }
}

/// A message in flight as a frame draws it: world position and state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub state: MessageState,
}

/// What a frame at the simulation's current time draws, as the canvas does while playing at
/// `speed`: each hop of the last pulse travelling its edge, and the messages the engine lists
/// on edges with a network delay.
pub fn frame_dots(s: &Scenario, sim: &Simulation, speed: f64) -> Vec<Dot> {
    let now = sim.now_us();
    let window = (PULSE_S * speed * 1e6).round().max(1.0) as Micros;
    let curve = |id| {
        let e = s.edges.iter().find(|e| e.id == id)?;
        Some(edge_curve(s.node(e.from)?, s.node(e.to)?))
    };
    let mut out = Vec::new();
    let mut per_edge: Vec<(crate::scenario::EdgeId, usize)> = Vec::new();
    for hop in sim.hops_since(now.saturating_sub(window), MAX_HOPS_PER_FRAME) {
        let Some(edge) = hop.edge.filter(|_| hop.outcome.travels()) else { continue };
        let n = match per_edge.iter_mut().find(|(e, _)| *e == edge) {
            Some((_, n)) => n,
            None => {
                per_edge.push((edge, 0));
                &mut per_edge.last_mut().expect("just pushed").1
            }
        };
        *n += 1;
        let Some(c) = curve(edge).filter(|_| *n <= MAX_PULSES_PER_EDGE) else { continue };
        let t = ((now - hop.t_us) as f64 / window as f64).clamp(0.0, 1.0);
        let (x, y) = point_at(&c, t);
        out.push(Dot { x, y, state: hop.state });
    }
    for e in &sim.snapshot().edges {
        let Some(c) = curve(e.id) else { continue };
        for m in &e.messages {
            let (x, y) = point_at(&c, f64::from(m.progress));
            out.push(Dot { x, y, state: m.state });
        }
    }
    out
}

/// Palette entry left transparent: a frame's pixel that did not change since the frame before.
const UNCHANGED: u8 = 255;

/// An animated GIF being written: one palette for every frame, learnt from the first (a
/// diagram's colours are the same all along), so nothing flickers between frames; after the
/// first, a frame writes only the pixels that changed (most of a diagram stands still).
pub struct Gif {
    encoder: gif::Encoder<Vec<u8>>,
    quant: NeuQuant,
    width: u16,
    height: u16,
    delay_cs: u16,
    frames: usize,
    /// The palette indices of the picture as shown after the last frame.
    shown: Vec<u8>,
}

impl Gif {
    /// Starts a looping GIF of `width` × `height` pixels with the first frame's RGBA pixels.
    pub fn start(width: u16, height: u16, first: &[u8], delay_cs: u16) -> Result<Gif, String> {
        if first.len() != usize::from(width) * usize::from(height) * 4 || width == 0 || height == 0
        {
            return Err("The frame's size does not match its pixels.".into());
        }
        let quant = NeuQuant::new(SAMPLE_FACTOR, usize::from(UNCHANGED), first);
        let mut palette = quant.color_map_rgb();
        palette.resize(256 * 3, 0);
        let mut encoder = gif::Encoder::new(Vec::new(), width, height, &palette)
            .map_err(|e| format!("Could not start the GIF: {e}."))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| format!("Could not start the GIF: {e}."))?;
        let mut gif = Gif { encoder, quant, width, height, delay_cs, frames: 0, shown: Vec::new() };
        gif.push(first)?;
        Ok(gif)
    }

    /// Adds a frame of RGBA pixels, or says why not (the wrong size, or the file too large).
    pub fn push(&mut self, rgba: &[u8]) -> Result<(), String> {
        let (w, h) = (usize::from(self.width), usize::from(self.height));
        if rgba.len() != w * h * 4 {
            return Err("The frame's size does not match its pixels.".into());
        }
        // Neighbouring pixels are mostly the same colour: look each colour up once per run.
        let mut indices = Vec::with_capacity(w * h);
        let mut last: Option<(&[u8], u8)> = None;
        for p in rgba.chunks_exact(4) {
            let i = match last {
                Some((q, i)) if q == p => i,
                _ => self.quant.index_of(p) as u8,
            };
            last = Some((p, i));
            indices.push(i);
        }
        let first = self.shown.is_empty();
        let buffer: Vec<u8> = if first {
            indices.clone()
        } else {
            indices
                .iter()
                .zip(&self.shown)
                .map(|(&i, &s)| if i == s { UNCHANGED } else { i })
                .collect()
        };
        self.shown = indices;
        let mut frame = gif::Frame::from_indexed_pixels(
            self.width,
            self.height,
            buffer,
            (!first).then_some(UNCHANGED),
        );
        frame.delay = self.delay_cs;
        frame.dispose = gif::DisposalMethod::Keep;
        self.encoder.write_frame(&frame).map_err(|e| format!("Could not write a frame: {e}."))?;
        self.frames += 1;
        if self.bytes() > MAX_FILE_BYTES {
            return Err(format!(
                "The GIF passed {} MB at frame {}: make it shorter or narrower.",
                MAX_FILE_BYTES / (1024 * 1024),
                self.frames
            ));
        }
        Ok(())
    }

    /// Frames written so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> usize {
        self.encoder.get_ref().len()
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.encoder.into_inner().map_err(|e| format!("Could not finish the GIF: {e}."))
    }
}
