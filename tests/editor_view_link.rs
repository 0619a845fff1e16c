//! The view a share link carries (`~view=x,y,zoom`): it comes back as it was shown, and no
//! text, however hostile, makes a view outside the editor's range.

use fanout::editor::viewport::{Viewport, MAX_LINK_OFFSET_PX, MAX_ZOOM, MIN_ZOOM};
use proptest::prelude::*;

#[test]
fn a_view_comes_back_as_it_was_shown() {
    let v = Viewport { offset_x: -120.4, offset_y: 33.6, zoom: 1.1949 };
    let back = Viewport::from_link(&v.to_link()).expect("reads its own link");
    assert_eq!((back.offset_x, back.offset_y), (-120.0, 34.0), "whole pixels");
    // The zoom label reads the same: 119 %, not 120 %.
    assert_eq!(format!("{:.0}", back.zoom * 100.0), format!("{:.0}", v.zoom * 100.0));
}

#[test]
fn broken_and_hostile_views_are_refused_or_clamped() {
    for bad in ["", "1,2", "1,2,3,4", "a,b,c", "NaN,0,1", "0,inf,1", "1e8,0,1", "0,-1e8,1", ",,"] {
        assert_eq!(Viewport::from_link(bad), None, "{bad:?}");
    }
    assert_eq!(Viewport::from_link("0,0,1e9").map(|v| v.zoom), Some(MAX_ZOOM));
    assert_eq!(Viewport::from_link("0,0,-3").map(|v| v.zoom), Some(MIN_ZOOM));
}

proptest! {
    #[test]
    fn any_text_gives_none_or_a_view_in_range(text in ".{0,64}") {
        if let Some(v) = Viewport::from_link(&text) {
            prop_assert!(v.zoom >= MIN_ZOOM && v.zoom <= MAX_ZOOM);
            prop_assert!(v.offset_x.abs() <= MAX_LINK_OFFSET_PX && v.offset_y.abs() <= MAX_LINK_OFFSET_PX);
        }
    }

    #[test]
    fn views_in_range_round_trip_within_rounding(
        x in -1.0e6f64..1.0e6, y in -1.0e6f64..1.0e6, zoom in MIN_ZOOM..MAX_ZOOM,
    ) {
        let v = Viewport { offset_x: x, offset_y: y, zoom };
        let back = Viewport::from_link(&v.to_link()).expect("in range");
        prop_assert!((back.offset_x - x).abs() <= 0.5 && (back.offset_y - y).abs() <= 0.5);
        prop_assert!((back.zoom - zoom).abs() <= 0.00005 + 1e-12);
    }
}
