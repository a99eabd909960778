//! Two pieces of build work at once: the one place that starts a second thread.

use std::sync::{Mutex, PoisonError};

/// Runs `main` here and `side` on a second thread when `parallel` and a thread can be
/// started (otherwise here, after `main`), and returns both results. A panic in `side`
/// resumes here.
pub(crate) fn join<A, B: Send>(
    parallel: bool,
    main: impl FnOnce() -> A,
    side: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        let a = main();
        return (a, side());
    }
    // The thread takes `side` out of the cell; if it cannot be started, `side` is still
    // in the cell and runs here.
    let cell = Mutex::new(Some(side));
    let take = |cell: &Mutex<Option<_>>| cell.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let started = std::thread::Builder::new()
            .name("sentiment-triage-build".into())
            .spawn_scoped(scope, || take(&cell).map(|f| f()));
        let a = main();
        let from_thread = match started {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match from_thread.or_else(|| take(&cell).map(|f| f())) {
            Some(b) => (a, b),
            None => unreachable!("`side` ran on the thread or runs here"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_either_way() {
        for parallel in [false, true] {
            let (a, b) = join(parallel, || 1 + 1, || "side".len());
            assert_eq!((a, b), (2, 4));
        }
    }

    #[test]
    fn a_panic_on_the_side_resumes_here() {
        let r = std::panic::catch_unwind(|| join(true, || 1, || -> u8 { panic!("side") }));
        assert!(r.is_err());
    }
}
