//! Where things are drawn, in world units: node boxes, edge ports and edge curves, and how a
//! node's name is split into lines. The canvas draws with these, the particle layer rides on
//! them, and the native tests check gallery layouts and labels against the very same numbers.

use super::{NODE_H, NODE_W};
use crate::scenario::Node;

/// An axis-aligned box in world units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// Whether the point lies strictly inside the box.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x0 && x < self.x1 && y > self.y0 && y < self.y1
    }

    /// Whether two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// The box grown by `m` on every side.
    pub fn inflate(&self, m: f64) -> Rect {
        Rect { x0: self.x0 - m, y0: self.y0 - m, x1: self.x1 + m, y1: self.y1 + m }
    }
}

/// The box a node is drawn in (nodes are placed by their centre).
pub fn node_box(n: &Node) -> Rect {
    Rect {
        x0: n.x - NODE_W / 2.0,
        y0: n.y - NODE_H / 2.0,
        x1: n.x + NODE_W / 2.0,
        y1: n.y + NODE_H / 2.0,
    }
}

/// Port positions for an edge between two node centres: it leaves the source's right side and
/// enters the target's left side (3 units short, where the arrowhead sits).
pub fn ports(from: (f64, f64), to: (f64, f64)) -> (f64, f64, f64, f64) {
    (from.0 + NODE_W / 2.0, from.1, to.0 - NODE_W / 2.0 - 3.0, to.1)
}

/// Clearance kept between a looping edge and the nodes it connects, in world units.
const LOOP_CLEARANCE: f64 = 28.0;

/// Control points of an edge leaving (x0, y0) rightwards and entering (x1, y1) from the left.
/// The SVG path and the particle layer both use it, so dots ride exactly on the drawn curve.
///
/// An edge that runs backwards (its target lies left of its source: a service that publishes
/// back to a topic it reads) loops instead of cutting through both boxes: out to the right,
/// under both nodes (over them when the target is higher), and in from the left. Longer loops
/// run deeper, so loops back to one node nest rather than lie on top of each other. For nodes
/// side by side this never crosses either end's box (`tests/gallery_layout.rs` checks the
/// gallery; the constants were fitted over spans up to 1,400 and heights up to 360).
pub fn bezier(x0: f64, y0: f64, x1: f64, y1: f64) -> [(f64, f64); 4] {
    if x1 >= x0 {
        let pull = ((x1 - x0).abs() / 2.0).max(60.0);
        return [(x0, y0), (x0 + pull, y0), (x1 - pull, y1), (x1, y1)];
    }
    let span = x0 - x1;
    // Both control points on one level, chosen so that the curve's far point (a cubic's lies
    // at 1/8 of each end plus 3/4 of its control level) is half a node plus a clearance beyond
    // the lower (or upper) end.
    let extra = NODE_H / 2.0 + LOOP_CLEARANCE + 0.1 * span;
    let far = if y1 >= y0 { y0.max(y1) + extra } else { y0.min(y1) - extra };
    let level = (far - 0.125 * (y0 + y1)) / 0.75;
    let side = 80.0 + 0.2 * span;
    [(x0, y0), (x0 + side, level), (x1 - side, level), (x1, y1)]
}

/// The point at parameter `t` (0..=1) of a cubic Bézier curve.
pub fn point_at(c: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1,
    )
}

/// The curve of an edge between two nodes, as drawn.
pub fn edge_curve(from: &Node, to: &Node) -> [(f64, f64); 4] {
    let (x0, y0, x1, y1) = ports((from.x, from.y), (to.x, to.y));
    bezier(x0, y0, x1, y1)
}

/// Width a node's name may take, in world units: from the text's start beside the icon (48) to
/// just short of the output port.
pub const NAME_MAX_W: f64 = 120.0;
/// Font sizes a name is drawn at, largest first: a name that does not fit two lines at one
/// size tries the next (the canvas styles 12 and 11 px as `.node-name.s12` and `.s11`).
pub const NAME_FONT_PX: [f64; 3] = [13.0, 12.0, 11.0];

/// Advance widths of printable ASCII (space to `~`) in the node name's font, in tenths of a
/// pixel at 13 px. Measured from DejaVu Sans Bold, the widest of the fonts the UI's font stack
/// falls back to (Chromium on Linux uses it), so the estimate errs on the wide side.
const ASCII_WIDTH_DECI_PX: [u8; 95] = [
    46, 60, 68, 109, 91, 131, 114, 40, 60, 60, 68, 109, 50, 54, 50, 48, 91, 91, 91, 91, 91, 91, 91,
    91, 91, 91, 52, 52, 109, 109, 109, 76, 130, 101, 100, 96, 108, 89, 89, 107, 109, 49, 49, 101,
    83, 130, 109, 111, 96, 111, 101, 94, 89, 106, 101, 144, 101, 95, 95, 60, 48, 60, 109, 65, 65,
    88, 94, 78, 94, 89, 57, 94, 93, 45, 45, 87, 45, 136, 93, 90, 94, 94, 65, 78, 63, 93, 85, 121,
    84, 85, 76, 93, 48, 93, 109,
];

/// Estimated width of one character in the node name's font at 13 px (other characters than
/// ASCII and the two the node summaries use count as wide).
fn char_w(c: char) -> f64 {
    match c {
        '·' => 5.0,
        '×' => 10.9,
        _ => ASCII_WIDTH_DECI_PX
            .get((c as usize).wrapping_sub(32))
            .map_or(13.0, |&w| f64::from(w) / 10.0),
    }
}

/// Estimated width of `text` in the node name's font at 13 px.
pub fn name_width_13px(text: &str) -> f64 {
    text.chars().map(char_w).sum()
}

/// A node's name as the canvas draws it: its lines (one or two) and their font size.
#[derive(Clone, Debug, PartialEq)]
pub struct NameLabel {
    pub lines: Vec<String>,
    pub font_px: f64,
}

/// Lays a node's name out in its box. Names often differ only at the end ("Ledger (no key)",
/// "Ledger (keyed)"), so the end is never dropped: a name too wide for one line wraps to two
/// at a space (the break that balances the lines best), at a smaller size if it must. Only a
/// name too long for two lines at the smallest size loses characters, from the middle.
pub fn name_label(name: &str) -> NameLabel {
    let name = name.trim();
    let [big, .., small] = NAME_FONT_PX;
    let fits = |w: f64, px: f64| w * px / 13.0 <= NAME_MAX_W;
    let total = name_width_13px(name);
    if fits(total, big) {
        return NameLabel { lines: vec![name.to_owned()], font_px: big };
    }
    // The space whose break leaves the wider line narrowest.
    let (mut best, mut w) = (None::<(usize, f64)>, 0.0_f64);
    for (i, c) in name.char_indices() {
        if c == ' ' {
            let widest = w.max(total - w - char_w(c));
            if best.is_none_or(|(_, b)| widest < b) {
                best = Some((i, widest));
            }
        }
        w += char_w(c);
    }
    if let Some((i, widest)) = best {
        if let Some(px) = NAME_FONT_PX.into_iter().find(|&px| fits(widest, px)) {
            let lines = vec![name[..i].trim_end().to_owned(), name[i..].trim_start().to_owned()];
            return NameLabel { lines, font_px: px };
        }
    }
    // Too long: the first line as full as it goes, then "…" and the longest tail that fits.
    let room = NAME_MAX_W * 13.0 / small;
    let (mut head, mut w) = (0, 0.0);
    for (i, c) in name.char_indices() {
        w += char_w(c);
        if w > room {
            break;
        }
        head = i + c.len_utf8();
    }
    let (mut tail, mut w) = (name.len(), char_w('…'));
    for (i, c) in name[head..].char_indices().rev() {
        w += char_w(c);
        if w > room {
            break;
        }
        tail = head + i;
    }
    let mut second = String::from("…");
    second.push_str(name[tail..].trim_start());
    NameLabel { lines: vec![name[..head].trim_end().to_owned(), second], font_px: small }
}

/// `text` shortened with "…" at the end to fit `max_w` world units at `font_px` (the name's
/// width estimate; for the node's smaller second line, whose end matters less than a name's).
pub fn fit_width(text: &str, font_px: f64, max_w: f64) -> String {
    let room = max_w * 13.0 / font_px;
    if name_width_13px(text) <= room {
        return text.to_owned();
    }
    let (mut end, mut w) = (0, char_w('…'));
    for (i, c) in text.char_indices() {
        w += char_w(c);
        if w > room {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut out = text[..end].trim_end().to_owned();
    out.push('…');
    out
}
