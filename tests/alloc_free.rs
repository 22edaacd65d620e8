//! Once its workspace and sink are warm, a run allocates nothing: `simulate_into` on each
//! golden scenario, counted by an allocator that counts this thread's allocations.

#![allow(unsafe_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

use buildout::engine::{OutcomeSink, Workspace, simulate, simulate_into};

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting the allocations and reallocations of each thread.
struct Counting;

// SAFETY: every call is passed on to the system allocator unchanged; counting touches only a
// thread-local `Cell` initialised without allocating.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + layout.size()));
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        BYTES.with(|c| c.set(c.get() + new_size));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

fn bytes() -> usize {
    BYTES.with(Cell::get)
}

#[test]
fn a_warm_run_allocates_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 9);
    for path in files {
        let s = buildout::io::load(&path).unwrap();
        let (mut ws, mut sink) = (Workspace::default(), OutcomeSink::default());
        simulate_into(&s, &mut ws, &mut sink);
        let cold = allocations();
        simulate_into(&s, &mut ws, &mut sink);
        let warm = allocations() - cold;
        assert_eq!(
            warm,
            0,
            "{}: {warm} allocations in a warm run",
            path.display()
        );
        assert_eq!(sink.outcome(), &simulate(&s), "{}", path.display());
    }
}

/// The counter counts: a fresh run allocates.
#[test]
fn a_cold_run_allocates() {
    let s = buildout::io::default_scenario();
    let before = allocations();
    let o = simulate(&s);
    assert!(allocations() - before > 50, "{}", allocations() - before);
    assert!(!o.is_empty());
}

/// `simulate` keeps its workspace per thread: run again on the same thread, it allocates only
/// the outcome it returns — as many allocations as a warm workspace with a new sink.
#[test]
fn simulate_again_allocates_only_its_outcome() {
    let s = buildout::io::default_scenario();
    let count = |f: &mut dyn FnMut()| {
        let (a, b) = (allocations(), bytes());
        f();
        (allocations() - a, bytes() - b)
    };
    let first = count(&mut || drop(simulate(&s)));
    let again = count(&mut || drop(simulate(&s)));
    let mut ws = Workspace::default();
    simulate_into(&s, &mut ws, &mut OutcomeSink::default());
    let outcome_only = count(&mut || {
        let mut sink = OutcomeSink::default();
        simulate_into(&s, &mut ws, &mut sink);
        drop(sink.into_outcome());
    });
    eprintln!(
        "simulate of the default: first on a thread {} allocations ({} bytes), again {} ({} bytes)",
        first.0, first.1, again.0, again.1
    );
    assert_eq!(again, outcome_only);
    assert!(first.0 > again.0, "{first:?} {again:?}");
}
