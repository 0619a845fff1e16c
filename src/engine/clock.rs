//! Simulated time: integer microseconds since the start of the run. Integer time keeps ordering
//! exact and identical on every platform; settings in seconds or milliseconds are converted once,
//! when the scenario is compiled.

/// A point or span of simulated time, in microseconds.
pub type Micros = u64;

/// Microseconds per second.
pub const US_PER_S: f64 = 1_000_000.0;

/// Seconds to microseconds, rounded to the nearest; NaN and negatives give 0, huge values
/// saturate.
pub fn secs_to_us(s: f64) -> Micros {
    to_us(s * US_PER_S)
}

/// Milliseconds to microseconds, rounded to the nearest.
pub fn ms_to_us(ms: f64) -> Micros {
    to_us(ms * 1_000.0)
}

/// A float count of microseconds to an integer one (`as` saturates and maps NaN to 0).
pub fn to_us(us: f64) -> Micros {
    (us + 0.5) as Micros
}

/// Microseconds to seconds, for display.
pub fn us_to_secs(us: Micros) -> f64 {
    us as f64 / US_PER_S
}
