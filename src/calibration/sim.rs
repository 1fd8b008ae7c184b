//! Random draws for the simulations: seeded, portable (ChaCha), and answers on a 1-5
//! scale as survey tools record them (whole points, clamped).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Draws(ChaCha8Rng);

impl Draws {
    pub fn new(seed: u64) -> Draws {
        Draws(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A standard normal draw (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u1: f64 = self.0.random::<f64>().max(f64::MIN_POSITIVE);
        let u2: f64 = self.0.random::<f64>();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// A whole number from `lo` to `hi`, both included.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        self.0.random_range(lo..=hi)
    }

    /// One answer on a 1-5 scale around a latent level with spread `sd`.
    pub fn answer(&mut self, level: f64, sd: f64) -> f64 {
        (level + sd * self.normal()).round().clamp(1.0, 5.0)
    }
}
