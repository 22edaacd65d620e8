//! Waiting for edits to settle: a run starts only once nothing has changed for a while, so
//! that typing or dragging a number does not start (and cancel) a run on every frame.

/// When the last change happened, and how long to wait after it. Times are egui's input time
/// in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Debounce {
    delay: f64,
    last_change: Option<f64>,
}

impl Debounce {
    /// Settled, until the first change.
    pub fn new(delay_seconds: f64) -> Self {
        Self {
            delay: delay_seconds,
            last_change: None,
        }
    }

    /// Something changed at `now`: wait again.
    pub fn poke(&mut self, now: f64) {
        self.last_change = Some(now);
    }

    /// Stop waiting (the person asked for a run).
    pub fn settle(&mut self) {
        self.last_change = None;
    }

    /// Seconds left to wait at `now`; `None` once settled.
    pub fn remaining(&self, now: f64) -> Option<f64> {
        let t = self.last_change?;
        let left = t + self.delay - now;
        // A clock that went backwards does not hold the run forever.
        (left > 0.0 && now >= t).then_some(left.min(self.delay))
    }

    /// Whether nothing has changed for the delay.
    pub fn is_settled(&self, now: f64) -> bool {
        self.remaining(now).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_the_delay_after_the_last_change() {
        let mut d = Debounce::new(0.8);
        assert!(d.is_settled(0.0), "nothing to wait for at first");
        d.poke(10.0);
        assert_eq!(d.remaining(10.0), Some(0.8));
        d.poke(1.0);
        assert!(!d.is_settled(1.0));
        assert_eq!(d.remaining(1.5), Some(0.8 - 0.5));
        // Another change restarts the wait.
        d.poke(1.5);
        assert!(!d.is_settled(2.0));
        assert!(d.is_settled(2.3));
        assert_eq!(d.remaining(2.3), None);
        d.poke(3.0);
        d.settle();
        assert!(d.is_settled(3.0));
    }

    #[test]
    fn a_clock_that_jumps_back_does_not_hold_forever() {
        let mut d = Debounce::new(0.8);
        d.poke(10.0);
        assert!(d.is_settled(2.0));
    }
}
