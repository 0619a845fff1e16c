//! The simulation's one random number generator, seeded from the scenario.
//!
//! Xoshiro256++ has a fixed output sequence on every platform. Decisions are integer
//! comparisons against parts-per-million so that no float rounding can flip them between native
//! and wasm; the few transcendental functions go through `libm`, the same code on both.

use rand_core::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Probability expressed in parts per million (0 = never, 1_000_000 = always).
pub type Ppm = u32;

/// One million: a certain event in [`Ppm`].
pub const PPM_ONE: Ppm = 1_000_000;

/// A probability in 0..=1 to parts per million, rounded to the nearest (out-of-range clamps).
pub fn ppm(p: f64) -> Ppm {
    if p.is_nan() || p <= 0.0 {
        0
    } else if p >= 1.0 {
        PPM_ONE
    } else {
        (p * f64::from(PPM_ONE) + 0.5) as Ppm
    }
}

/// The seeded generator and the draws the engine needs.
#[derive(Clone, Debug)]
pub struct SimRng(Xoshiro256PlusPlus);

impl SimRng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self(Xoshiro256PlusPlus::seed_from_u64(seed))
    }

    /// 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A whole number in `0..n` (0 if `n` is 0), by multiply-shift: no division, negligible bias.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// `true` with probability `p` parts per million. Draws nothing for 0 or certainty, so
    /// settings at their default do not shift the sequence.
    #[inline]
    pub fn chance(&mut self, p: Ppm) -> bool {
        match p {
            0 => false,
            PPM_ONE.. => true,
            _ => self.below(u64::from(PPM_ONE)) < u64::from(p),
        }
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponential with the given mean.
    #[inline]
    pub fn exponential(&mut self, mean: f64) -> f64 {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        -libm::log(1.0 - self.unit()) * mean
    }

    /// Standard normal, by Box–Muller (one of the pair is used).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }
}
