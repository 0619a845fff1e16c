//! The canvas viewport: the map from world coordinates (what the scenario stores) to screen
//! pixels (what the pointer reports). `screen = world × zoom + offset`.

use crate::scenario::{NodeKind, Scenario};

use super::{NODE_H, NODE_W};

/// Smallest zoom factor.
pub const MIN_ZOOM: f64 = 0.2;
/// Largest zoom factor.
pub const MAX_ZOOM: f64 = 2.5;
/// Largest pan offset a link may set, in pixels (anything beyond is nonsense or hostile).
pub const MAX_LINK_OFFSET_PX: f64 = 1.0e7;
/// Space kept around the graph by "fit view", in screen pixels.
const FIT_MARGIN_PX: f64 = 48.0;
/// Extra space at the bottom, where the view toolbar and the legend float over the canvas.
const FIT_BOTTOM_EXTRA_PX: f64 = 40.0;
/// A canvas narrower than this, in pixels, is a phone's: "fit view" keeps text legible there
/// rather than showing the whole graph at a size nobody can read.
pub const NARROW_CANVAS_PX: f64 = 600.0;
/// Space "fit view" keeps around the graph on a narrow canvas, in pixels.
const NARROW_FIT_MARGIN_PX: f64 = 16.0;
/// Font size of a node's name at zoom 1, in pixels (`.node-name` in static/app.css).
pub const NODE_NAME_PX: f64 = 13.0;
/// Smallest node-name size "fit view" allows on a narrow canvas, in pixels.
pub const MIN_LEGIBLE_TEXT_PX: f64 = 11.0;
/// The zoom at which node names are [`MIN_LEGIBLE_TEXT_PX`] tall.
pub const MIN_LEGIBLE_ZOOM: f64 = MIN_LEGIBLE_TEXT_PX / NODE_NAME_PX;

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
    /// The view as a share link carries it: `x,y,zoom`. The zoom keeps four decimals: with
    /// three, a zoom such as 1.1949 (shown as 119 %) came back as 1.195 (shown as 120 %).
    pub fn to_link(&self) -> String {
        format!("{:.0},{:.0},{:.4}", self.offset_x, self.offset_y, self.zoom)
    }

    /// Reads a view from a link's `x,y,zoom`; `None` if anything is off (a hostile or broken
    /// link opens with a fitted view instead). The zoom is kept within the editor's range.
    pub fn from_link(text: &str) -> Option<Self> {
        let mut parts =
            text.split(',').map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()));
        let (x, y, zoom) = (parts.next()??, parts.next()??, parts.next()??);
        if parts.next().is_some() || x.abs() > MAX_LINK_OFFSET_PX || y.abs() > MAX_LINK_OFFSET_PX {
            return None;
        }
        Some(Viewport { offset_x: x, offset_y: y, zoom: zoom.clamp(MIN_ZOOM, MAX_ZOOM) })
    }

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

    /// The view panned as little as possible so that the world box `min`–`max` lies inside a
    /// `size` pixel canvas with [`NARROW_FIT_MARGIN_PX`] to spare (a node reached with Tab or
    /// moved with the arrows stays in sight). A box larger than the canvas shows its top-left.
    pub fn revealing(self, min: (f64, f64), max: (f64, f64), size: (f64, f64)) -> Self {
        let m = NARROW_FIT_MARGIN_PX;
        let shift = |lo: f64, hi: f64, len: f64| {
            if hi > len - m {
                (len - m - hi).max(m - lo)
            } else if lo < m {
                m - lo
            } else {
                0.0
            }
        };
        let (x0, y0) = self.to_screen(min.0, min.1);
        let (x1, y1) = self.to_screen(max.0, max.1);
        self.panned(shift(x0, x1, size.0), shift(y0, y1, size.1))
    }

    /// The view that shows every node of `s` in a `width` × `height` pixel canvas, never
    /// zoomed in past 1:1 (a tiny graph stays readable, not huge).
    ///
    /// On a narrow (phone) canvas it never zooms out past [`MIN_LEGIBLE_ZOOM`]: a graph that is
    /// then larger than the canvas is framed from its top-left corner, where a left-to-right
    /// flow starts, and the reader pans (or pinches out) for the rest. The document's positions
    /// are never touched: a link opens as the same diagram on every screen.
    pub fn fit(s: &Scenario, width: f64, height: f64) -> Self {
        let Some((x0, y0, x1, y1)) = bounds(s).filter(|_| width > 0.0 && height > 0.0) else {
            return Self { offset_x: width / 2.0, offset_y: height / 2.0, zoom: 1.0 };
        };
        let (margin, least) = fit_margin_and_least_zoom(width);
        let avail_w = (width - 2.0 * margin).max(1.0);
        let avail_h = (height - 2.0 * margin - FIT_BOTTOM_EXTRA_PX).max(1.0);
        let zoom = (avail_w / (x1 - x0)).min(avail_h / (y1 - y0)).clamp(least, 1.0);
        // Centred along an axis where the graph fits; from its first edge where it does not.
        let offset_x = if (x1 - x0) * zoom <= avail_w {
            width / 2.0 - (x0 + x1) / 2.0 * zoom
        } else {
            margin - x0 * zoom
        };
        let offset_y = if (y1 - y0) * zoom <= avail_h {
            margin + avail_h / 2.0 - (y0 + y1) / 2.0 * zoom
        } else {
            margin - y0 * zoom
        };
        Self { offset_x, offset_y, zoom }
    }
}

/// The canvas height in which [`Viewport::fit`] shows `s`, `width` pixels wide, as large as
/// that width allows (never past 1:1): what an embed asks its page for, so that the graph is
/// neither squeezed nor lost in white space. Zero for an empty scenario.
pub fn fit_height(s: &Scenario, width: f64) -> f64 {
    let Some((x0, y0, x1, y1)) = bounds(s) else { return 0.0 };
    let (margin, least) = fit_margin_and_least_zoom(width);
    let zoom = ((width - 2.0 * margin).max(1.0) / (x1 - x0)).clamp(least, 1.0);
    (y1 - y0) * zoom + 2.0 * margin + FIT_BOTTOM_EXTRA_PX
}

/// The margin around a fitted graph and the least zoom a fit may use, for a canvas this wide:
/// on a narrow (phone) canvas, a smaller margin and never below [`MIN_LEGIBLE_ZOOM`].
fn fit_margin_and_least_zoom(width: f64) -> (f64, f64) {
    if width < NARROW_CANVAS_PX {
        (NARROW_FIT_MARGIN_PX, MIN_LEGIBLE_ZOOM)
    } else {
        (FIT_MARGIN_PX, MIN_ZOOM)
    }
}

/// With a cluster, the room a topic's partitions take under it while the run plays (see
/// `editor::replication`); none otherwise.
fn partitions_below(s: &Scenario, n: &crate::scenario::Node) -> f64 {
    match &n.kind {
        NodeKind::Topic(t) | NodeKind::DeadLetterQueue(t) if s.cluster.is_some() => {
            super::replication::BADGE_ROOM + super::replication::block_height(t.partitions)
        }
        _ => 0.0,
    }
}

/// The world box around every node of `s` and the loops of its edges (see `geometry::bezier`,
/// which reach beyond their nodes): `(x0, y0, x1, y1)`, or `None` without nodes.
fn bounds(s: &Scenario) -> Option<(f64, f64, f64, f64)> {
    if s.nodes.is_empty() {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for n in &s.nodes {
        x0 = x0.min(n.x - NODE_W / 2.0);
        x1 = x1.max(n.x + NODE_W / 2.0);
        y0 = y0.min(n.y - NODE_H / 2.0);
        y1 = y1.max(n.y + NODE_H / 2.0 + partitions_below(s, n));
    }
    for e in &s.edges {
        let (Some(a), Some(b)) = (s.node(e.from), s.node(e.to)) else { continue };
        let c = super::geometry::edge_curve(a, b);
        for k in 0..=EDGE_SAMPLES {
            let (x, y) = super::geometry::point_at(&c, f64::from(k) / f64::from(EDGE_SAMPLES));
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
    }
    Some((x0, y0, x1, y1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::replication::{block_height, BADGE_ROOM};

    /// With a cluster, a fitted view and an embed's height leave room for the partitions under
    /// the lowest topic; without one, nothing changes.
    #[test]
    fn a_cluster_fit_leaves_room_for_the_partitions_under_topics() {
        let Some(lesson) = crate::scenario::gallery::find("acks-1-failover") else {
            panic!("lesson 13 is in the gallery")
        };
        let with = lesson.scenario;
        let without = Scenario { cluster: None, ..with.clone() };
        let (Some(a), Some(b)) = (bounds(&with), bounds(&without)) else { panic!("nodes") };
        let lowest_topic = with
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::Topic(t) => {
                    Some(n.y + NODE_H / 2.0 + BADGE_ROOM + block_height(t.partitions))
                }
                _ => None,
            })
            .fold(f64::MIN, f64::max);
        assert_eq!(a.3, b.3.max(lowest_topic));
        assert!(a.3 > b.3, "the lesson's topic is its lowest node: its partitions reach below");
        assert!(fit_height(&with, 720.0) > fit_height(&without, 720.0));
        assert_eq!(block_height(3), 3.0 * 14.0 + 8.0);
        assert_eq!(block_height(10), 5.0 * 14.0 + 8.0);
    }
}
