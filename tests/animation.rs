//! Animated export (issue 15): the frames a stretch of a run becomes, the dots each frame draws
//! (on the canvas's curves), and a GIF that decodes to exactly those frames, within its limits.

use fanout::animation::{frame_dots, Gif, Stretch, MAX_FRAMES};
use fanout::engine::{secs_to_us, Simulation};
use fanout::scenario::gallery;

fn stretch(from_s: f64, length_s: f64, fps: u32, speed: f64) -> Stretch {
    Stretch { from_s, length_s, fps, speed }
}

#[test]
fn a_stretch_becomes_evenly_spaced_frames_within_the_run() {
    let end = secs_to_us(60.0);
    let t = stretch(10.0, 2.0, 10, 1.0).frame_times(end).expect("frames");
    assert_eq!(t.len(), 21, "both ends included");
    assert_eq!((t[0], t[1], t[20]), (secs_to_us(10.0), secs_to_us(10.1), secs_to_us(12.0)));
    // Twice the speed: the same length in half the frames.
    assert_eq!(stretch(10.0, 2.0, 10, 2.0).frame_times(end).expect("frames").len(), 11);
    // Past the run's end, frames stop at the end.
    let tail = stretch(59.0, 5.0, 10, 1.0).frame_times(end).expect("frames");
    assert_eq!(*tail.last().expect("a frame"), end);
    assert_eq!(stretch(10.0, 1.0, 20, 1.0).delay_cs(), 5);
}

#[test]
fn impossible_stretches_are_refused_with_a_reason() {
    let end = secs_to_us(60.0);
    for bad in [
        stretch(-1.0, 2.0, 10, 1.0),
        stretch(1.0, 0.0, 10, 1.0),
        stretch(1.0, f64::NAN, 10, 1.0),
        stretch(1.0, 2.0, 0, 1.0),
        stretch(1.0, 2.0, 10, 0.0),
        stretch(61.0, 2.0, 10, 1.0),
    ] {
        assert!(bad.frame_times(end).is_err(), "{bad:?}");
    }
    let long = stretch(0.0, 3600.0, 20, 1.0).frame_times(secs_to_us(7200.0));
    assert!(long.expect_err("too many").contains(&MAX_FRAMES.to_string()));
}

#[test]
fn dots_sit_on_the_edges_they_travel() {
    let s = gallery::find("checkout-fan-out").expect("lesson").scenario;
    let mut sim = Simulation::new(&s).expect("runs");
    sim.advance_to(secs_to_us(5.0));
    let d = frame_dots(&s, &sim, 1.0);
    assert!(!d.is_empty(), "messages in flight at 5 s");
    let (x0, x1) = s.nodes.iter().fold((f64::MAX, f64::MIN), |(a, b), n| (a.min(n.x), b.max(n.x)));
    for dot in d {
        assert!(dot.x >= x0 - 200.0 && dot.x <= x1 + 200.0, "{dot:?} is near the graph");
    }
}

/// Counts the frames of a GIF with the `gif` crate's own decoder, checking each one's size.
fn decoded_frames(bytes: &[u8], w: u16, h: u16) -> usize {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(bytes).expect("a GIF");
    assert_eq!((decoder.width(), decoder.height()), (w, h));
    let mut n = 0;
    while let Some(frame) = decoder.read_next_frame().expect("a frame") {
        assert_eq!((frame.width, frame.height), (w, h));
        n += 1;
    }
    n
}

#[test]
fn the_gif_decodes_to_every_frame_and_repeats_little() {
    let (w, h) = (64u16, 40u16);
    let picture = |k: usize| {
        let mut px = vec![240u8; usize::from(w) * usize::from(h) * 4];
        // A dot that moves one pixel a frame across a still background.
        let at = (20 * usize::from(w) + k) * 4;
        px[at..at + 4].copy_from_slice(&[200, 30, 30, 255]);
        px
    };
    let mut gif = Gif::start(w, h, &picture(0), 10).expect("starts");
    for k in 1..30 {
        gif.push(&picture(k)).expect("a frame");
    }
    assert_eq!(gif.frames(), 30);
    let bytes = gif.finish().expect("finishes");
    assert_eq!(decoded_frames(&bytes, w, h), 30);
    assert!(
        bytes.len() < 30 * usize::from(w) * usize::from(h) / 4,
        "unchanged pixels cost little: {} B",
        bytes.len()
    );
    // A frame of the wrong size is refused, not written.
    let mut gif = Gif::start(w, h, &picture(0), 10).expect("starts");
    assert!(gif.push(&[0u8; 16]).is_err());
    assert!(Gif::start(w, h, &[0u8; 12], 10).is_err());
}

/// Reads an EBML variable-size integer at `at`: (value, its length). With `keep_marker` the
/// length marker stays in the value (element ids keep it).
fn vint(b: &[u8], at: usize, keep_marker: bool) -> (u64, usize) {
    let len = b[at].leading_zeros() as usize + 1;
    let mask = (0xFFu16 >> len) as u8;
    let mut v = if keep_marker { u64::from(b[at]) } else { u64::from(b[at] & mask) };
    for k in 1..len {
        v = (v << 8) | u64::from(b[at + k]);
    }
    (v, len)
}

/// The elements at the top of `b`: (id, payload).
fn elements(b: &[u8]) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let (id, n) = vint(b, at, true);
        let (size, m) = vint(b, at + n, false);
        let start = at + n + m;
        out.push((id, &b[start..start + size as usize]));
        at = start + size as usize;
    }
    out
}

#[test]
fn the_webm_holds_every_frame_in_clusters_a_player_reads() {
    use fanout::animation::webm::{webm, EncodedFrame};
    let frames: Vec<EncodedFrame> = (0..45u64)
        .map(|k| EncodedFrame {
            t_ms: k * 100,
            key: k % 20 == 0,
            data: vec![k as u8; 10 + k as usize],
        })
        .collect();
    let file = webm(640, 360, &frames, 4_500);
    let top = elements(&file);
    assert_eq!(top.len(), 2);
    assert_eq!(top[0].0, 0x1A45_DFA3, "EBML header first");
    let header = elements(top[0].1);
    assert!(header.iter().any(|(id, p)| *id == 0x4282 && *p == b"webm"), "doc type webm");
    assert_eq!(top[1].0, 0x1853_8067, "then the segment");
    let segment = elements(top[1].1);
    let clusters: Vec<&[u8]> =
        segment.iter().filter(|(id, _)| *id == 0x1F43_B675).map(|(_, p)| *p).collect();
    assert_eq!(clusters.len(), 3, "one per key frame");
    let mut blocks = Vec::new();
    for c in &clusters {
        let inner = elements(c);
        assert_eq!(inner[0].0, 0xE7, "a cluster starts with its time");
        blocks.extend(inner.iter().filter(|(id, _)| *id == 0xA3).map(|(_, p)| p.to_vec()));
    }
    assert_eq!(blocks.len(), 45);
    for (k, b) in blocks.iter().enumerate() {
        assert_eq!(b[0], 0x81, "track 1");
        assert_eq!(b[3] & 0x80 != 0, k % 20 == 0, "key frames flagged");
        assert_eq!(&b[4..], &frames[k].data[..]);
    }
    let tracks = segment.iter().find(|(id, _)| *id == 0x1654_AE6B).expect("tracks").1;
    let entry = elements(elements(tracks)[0].1);
    assert!(entry.iter().any(|(id, p)| *id == 0x86 && *p == b"V_VP8"));
}
