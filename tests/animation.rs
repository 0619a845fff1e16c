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
