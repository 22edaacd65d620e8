//! One piece of work on its own thread: spawned with a cancel flag and a progress counter,
//! its result sent back over a channel, the window woken when it arrives.
//!
//! Dropping a [`Job`] cancels it: the worker sees the flag, stops soon, and its result goes
//! nowhere. The UI thread never waits for a worker — except once, when the window itself is
//! dropped: every worker counts in its window's [`Workers`], and the app waits for them then,
//! because a process must not exit with a solve running (see
//! `crate::engine::optimal::close_solver`), and kittest harnesses end their test binaries
//! the same way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a job's work function gets: where to count progress and when to stop.
pub struct Control {
    pub progress: Arc<AtomicUsize>,
    pub cancel: Arc<AtomicBool>,
}

/// The worker threads of one window (one egui context), counted while they run.
#[derive(Clone, Default)]
pub struct Workers(Arc<AtomicUsize>);

/// One worker's place in its [`Workers`], given back when the thread ends (or panics).
pub struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Workers {
    /// The workers of `ctx`'s window (the group is made on first use).
    pub fn of(ctx: &egui::Context) -> Self {
        ctx.data_mut(|d| {
            d.get_temp_mut_or_default::<Self>(egui::Id::unique("buildout-workers"))
                .clone()
        })
    }

    /// Counts a worker until the returned guard is dropped: move it into the thread.
    pub fn track(&self) -> Running {
        self.0.fetch_add(1, Ordering::AcqRel);
        Running(self.0.clone())
    }

    /// Workers still running.
    pub fn running(&self) -> usize {
        self.0.load(Ordering::Acquire)
    }

    /// Waits up to `limit` for every worker to end; false if some still run then.
    pub fn wait(&self, limit: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + limit;
        while self.running() > 0 {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        true
    }
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
        let running = Workers::of(ctx).track();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(format!("buildout-{name}"))
            .spawn(move || {
                let _running = running;
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

    /// Each window counts its own workers while they run, a panicking one included, and
    /// waits for them alone.
    #[test]
    fn a_window_waits_for_its_own_workers() {
        let (a, b) = (egui::Context::default(), egui::Context::default());
        let (go_a, go_b) = (
            Arc::new(std::sync::Barrier::new(2)),
            Arc::new(std::sync::Barrier::new(2)),
        );
        let job_a = {
            let go = go_a.clone();
            Job::spawn(&a, "a", 0, move |_| {
                go.wait();
            })
            .unwrap()
        };
        let job_b = {
            let go = go_b.clone();
            Job::spawn(&b, "b", 0, move |_| {
                go.wait();
                panic!("a worker that panics still leaves the count");
            })
            .unwrap()
        };
        let (wa, wb) = (Workers::of(&a), Workers::of(&b));
        assert_eq!((wa.running(), wb.running()), (1, 1));
        assert!(
            !wa.wait(Duration::from_millis(20)),
            "a's worker is still running"
        );
        go_a.wait();
        assert!(wa.wait(Duration::from_secs(60)));
        assert_eq!(wb.running(), 1, "b's worker is not a's");
        go_b.wait();
        assert!(wb.wait(Duration::from_secs(60)));
        assert_eq!(wait(&job_a), Poll::Done(()));
        assert_eq!(wait(&job_b), Poll::Lost);
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
