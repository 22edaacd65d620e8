//! One piece of work on its own thread: spawned with a cancel flag and a progress counter,
//! its result sent back over a channel, the window woken when it arrives.
//!
//! Dropping a [`Job`] cancels it: the worker sees the flag, stops soon, and its result goes
//! nowhere. The UI thread never waits for a worker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a job's work function gets: where to count progress and when to stop.
pub struct Control {
    pub progress: Arc<AtomicUsize>,
    pub cancel: Arc<AtomicBool>,
}

/// A running piece of work that yields a `T`.
pub struct Job<T> {
    rx: Receiver<T>,
    cancel: Arc<AtomicBool>,
    progress: Arc<AtomicUsize>,
    /// Steps to done, for the progress bar (0: unknown).
    total: usize,
}

/// A job's state when polled.
#[derive(Debug, PartialEq)]
pub enum Poll<T> {
    Running,
    Done(T),
    /// The worker ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread named `buildout-{name}`; `total` is the number of steps it
    /// counts in `progress` (0 if it does not). The window repaints when the result is in.
    pub fn spawn(
        ctx: &egui::Context,
        name: &str,
        total: usize,
        work: impl FnOnce(&Control) -> T + Send + 'static,
    ) -> Result<Self, String> {
        let (tx, rx) = channel();
        let control = Control {
            progress: Arc::new(AtomicUsize::new(0)),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let (progress, cancel) = (control.progress.clone(), control.cancel.clone());
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(format!("buildout-{name}"))
            .spawn(move || {
                let out = work(&control);
                if tx.send(out).is_ok() {
                    ctx.request_repaint();
                }
            })
            .map_err(|e| format!("could not start a worker thread: {e}"))?;
        Ok(Self {
            rx,
            cancel,
            progress,
            total,
        })
    }
}

impl<T> Job<T> {
    /// The result, once there is one.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(v) => Poll::Done(v),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Steps done and steps in all (`total` 0: unknown).
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.load(Ordering::Relaxed), self.total)
    }

    /// Asks the worker to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T>(job: &Job<T>) -> Poll<T> {
        let start = Instant::now();
        loop {
            match job.poll() {
                Poll::Running if start.elapsed() < Duration::from_secs(10) => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    #[test]
    fn a_job_sends_its_result_and_counts_progress() {
        let ctx = egui::Context::default();
        let job = Job::spawn(&ctx, "test", 3, |c| {
            for _ in 0..3 {
                c.progress.fetch_add(1, Ordering::Relaxed);
            }
            42
        })
        .unwrap();
        assert_eq!(wait(&job), Poll::Done(42));
        assert_eq!(job.progress(), (3, 3));
    }

    #[test]
    fn a_cancelled_job_stops() {
        let ctx = egui::Context::default();
        let job = Job::spawn(&ctx, "test", 0, |c| {
            let start = Instant::now();
            while !c.cancel.load(Ordering::Relaxed) && start.elapsed() < Duration::from_secs(10) {
                std::thread::sleep(Duration::from_millis(1));
            }
            c.cancel.load(Ordering::Relaxed)
        })
        .unwrap();
        assert_eq!(job.poll(), Poll::Running);
        job.cancel();
        assert_eq!(wait(&job), Poll::Done(true));
    }

    #[test]
    fn a_worker_that_panics_is_reported_lost() {
        let ctx = egui::Context::default();
        let job: Job<()> = Job::spawn(&ctx, "test", 0, |_| {
            #[allow(clippy::panic)]
            {
                panic!("boom")
            }
        })
        .unwrap();
        assert_eq!(wait(&job), Poll::Lost);
    }
}
