//! The panels around the canvas: palette (left), inspector (right), metrics drawer (bottom).

pub mod metrics;
pub mod palette;
