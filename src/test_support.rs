//! Helpers shared by the unit tests.

/// `a` equals `b` within `tol`, or the test fails naming both (at the caller's line).
#[track_caller]
pub fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} != {b} (tolerance {tol})");
}
