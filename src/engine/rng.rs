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

    /// Exponential with the given mean, by the ziggurat method (Marsaglia & Tsang, 2000):
    /// about 99 % of draws cost one random word and one multiplication, the rest fall back to
    /// `libm`. Much faster than `−ln(U)`, and still exact in distribution.
    #[inline]
    pub fn exponential(&mut self, mean: f64) -> f64 {
        let z = ziggurat();
        loop {
            let bits = self.next_u64();
            let i = (bits & 0xff) as usize;
            let x = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64) * z.x[i];
            if x < z.x[i + 1] {
                return x * mean;
            }
            if i == 0 {
                // The tail beyond R is again exponential (memoryless).
                return (ZIG_R - libm::log(1.0 - self.unit())) * mean;
            }
            if z.f[i + 1] + (z.f[i] - z.f[i + 1]) * self.unit() < libm::exp(-x) {
                return x * mean;
            }
        }
    }

    /// Standard normal, by Box–Muller (one of the pair is used).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }
}

/// Layers of the exponential ziggurat.
const ZIG_N: usize = 256;
/// Start of the tail (x of layer 1).
const ZIG_R: f64 = 7.697_117_470_131_05;
/// Area of each layer (and of the base strip with its tail).
const ZIG_V: f64 = 0.003_949_659_822_581_557;

/// Layer edges `x[i]` (decreasing, `x[N] = 0`) and `f[i] = exp(−x[i])`.
struct Ziggurat {
    x: [f64; ZIG_N + 1],
    f: [f64; ZIG_N + 1],
}

/// The tables, built once with `libm` so that they are bit-identical on every platform.
fn ziggurat() -> &'static Ziggurat {
    static TABLES: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; ZIG_N + 1];
        x[0] = ZIG_V / libm::exp(-ZIG_R);
        x[1] = ZIG_R;
        for i in 2..ZIG_N {
            x[i] = -libm::log(ZIG_V / x[i - 1] + libm::exp(-x[i - 1]));
        }
        x[ZIG_N] = 0.0;
        let mut f = [0.0; ZIG_N + 1];
        for i in 0..=ZIG_N {
            f[i] = libm::exp(-x[i]);
        }
        Ziggurat { x, f }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ziggurat_tables_close_at_zero() {
        let z = ziggurat();
        // If R and V are consistent, the top layer (from x[N−1] up to f = 1) has area V too.
        let top = z.x[ZIG_N - 1] * (1.0 - z.f[ZIG_N - 1]);
        assert!((top - ZIG_V).abs() < 1e-9, "{top}");
        assert!(z.x.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn exponential_has_the_right_moments() {
        let mut r = SimRng::new(1);
        let n = 2_000_000;
        let (mut sum, mut sq, mut above3) = (0.0, 0.0, 0u32);
        for _ in 0..n {
            let x = r.exponential(2.0);
            sum += x;
            sq += x * x;
            above3 += u32::from(x > 6.0);
        }
        let mean = sum / f64::from(n);
        let var = sq / f64::from(n) - mean * mean;
        assert!((mean - 2.0).abs() < 0.01, "mean {mean}");
        assert!((var - 4.0).abs() < 0.05, "variance {var}");
        // P(X > 3 means) = e^-3.
        let tail = f64::from(above3) / f64::from(n);
        assert!((tail - libm::exp(-3.0)).abs() < 0.002, "tail {tail}");
    }

    #[test]
    fn normal_has_the_right_moments() {
        let mut r = SimRng::new(2);
        let n = 400_000;
        let (mut sum, mut sq) = (0.0, 0.0);
        for _ in 0..n {
            let x = r.normal();
            sum += x;
            sq += x * x;
        }
        let mean = sum / f64::from(n);
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((sq / f64::from(n) - 1.0).abs() < 0.01);
    }

    #[test]
    fn ppm_rounds_and_clamps() {
        assert_eq!(ppm(0.5), 500_000);
        assert_eq!(ppm(f64::NAN), 0);
        assert_eq!(ppm(2.0), PPM_ONE);
        let mut r = SimRng::new(3);
        let hits = (0..1_000_000).filter(|_| r.chance(ppm(0.25))).count();
        assert!((hits as f64 / 1e6 - 0.25).abs() < 0.002);
    }
}
