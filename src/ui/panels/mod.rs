//! The panels around the canvas: palette (left), inspector (right), metrics drawer (bottom).

pub mod chart;
mod fields;
pub mod inspector;
pub mod metrics;
pub mod palette;
