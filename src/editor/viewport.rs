//! The canvas viewport: the map from world coordinates (what the scenario stores) to screen
//! pixels (what the pointer reports). `screen = world × zoom + offset`.

use crate::scenario::Scenario;

use super::{NODE_H, NODE_W};

/// Smallest zoom factor.
pub const MIN_ZOOM: f64 = 0.2;
/// Largest zoom factor.
pub const MAX_ZOOM: f64 = 2.5;
/// Space kept around the graph by "fit view", in screen pixels.
const FIT_MARGIN_PX: f64 = 48.0;
/// Extra space at the bottom, where the view toolbar and the legend float over the canvas.
const FIT_BOTTOM_EXTRA_PX: f64 = 40.0;

/// Points sampled along each edge to find how far it reaches.
const EDGE_SAMPLES: u32 = 16;

/// Pan and zoom of the canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Screen x of world x = 0, in pixels.
    pub offset_x: f64,
    /// Screen y of world y = 0, in pixels.
    pub offset_y: f64,
    /// Screen pixels per world unit.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Self {
        Self { offset_x: 0.0, offset_y: 0.0, zoom: 1.0 }
    }
}

impl Viewport {
    /// World point under a screen point (relative to the canvas's top-left corner).
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.offset_x) / self.zoom, (sy - self.offset_y) / self.zoom)
    }

    /// Screen point of a world point.
    pub fn to_screen(&self, wx: f64, wy: f64) -> (f64, f64) {
        (wx * self.zoom + self.offset_x, wy * self.zoom + self.offset_y)
    }

    /// Moves the view by a screen delta.
    pub fn panned(self, dx: f64, dy: f64) -> Self {
        Self { offset_x: self.offset_x + dx, offset_y: self.offset_y + dy, ..self }
    }

    /// Zooms by `factor` keeping the world point under screen (`sx`, `sy`) where it is, as
    /// diagram tools do for the wheel and pinch.
    pub fn zoomed_at(self, factor: f64, sx: f64, sy: f64) -> Self {
        if !factor.is_finite() || factor <= 0.0 {
            return self;
        }
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.to_world(sx, sy);
        Self { offset_x: sx - wx * zoom, offset_y: sy - wy * zoom, zoom }
    }

    /// The view that shows every node of `s` in a `width` × `height` pixel canvas, never
    /// zoomed in past 1:1 (a tiny graph stays readable, not huge).
    pub fn fit(s: &Scenario, width: f64, height: f64) -> Self {
        if s.nodes.is_empty() || width <= 0.0 || height <= 0.0 {
            return Self { offset_x: width / 2.0, offset_y: height / 2.0, zoom: 1.0 };
        }
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for n in &s.nodes {
            x0 = x0.min(n.x - NODE_W / 2.0);
            x1 = x1.max(n.x + NODE_W / 2.0);
            y0 = y0.min(n.y - NODE_H / 2.0);
            y1 = y1.max(n.y + NODE_H / 2.0);
        }
        // An edge that loops back (see `geometry::bezier`) reaches beyond its nodes.
        for e in &s.edges {
            let (Some(a), Some(b)) = (s.node(e.from), s.node(e.to)) else { continue };
            let c = super::geometry::edge_curve(a, b);
            for k in 0..=EDGE_SAMPLES {
                let (x, y) = super::geometry::point_at(&c, f64::from(k) / f64::from(EDGE_SAMPLES));
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
        }
        let avail_w = (width - 2.0 * FIT_MARGIN_PX).max(1.0);
        let avail_h = (height - 2.0 * FIT_MARGIN_PX - FIT_BOTTOM_EXTRA_PX).max(1.0);
        let zoom = (avail_w / (x1 - x0)).min(avail_h / (y1 - y0)).clamp(MIN_ZOOM, 1.0);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let centre_y = FIT_MARGIN_PX + avail_h / 2.0;
        Self { offset_x: width / 2.0 - cx * zoom, offset_y: centre_y - cy * zoom, zoom }
    }
}
