//! Fault injection for the kill loops of `make reliability`
//! (`docs/reliability.md`): a pause at a named point inside a write
//! transaction, so that a SIGKILL can land there. Inert unless the process
//! was started with `ONSITE_FAULT_PAUSE=<point>:<milliseconds>`; compiled
//! only with the `test-support` feature (the binaries under test), never
//! into the app or the shipped server.

use std::sync::OnceLock;
use std::time::Duration;

/// The variable naming the point and the pause.
pub const VAR: &str = "ONSITE_FAULT_PAUSE";

/// Sleeps at `point` when the process was told to pause there, after
/// printing `fault-pause <point>` on standard error.
pub fn pause(point: &str) {
    static PAUSE: OnceLock<Option<(String, Duration)>> = OnceLock::new();
    let configured = PAUSE.get_or_init(|| parse(&std::env::var(VAR).ok()?));
    if let Some((at, d)) = configured {
        if at == point {
            eprintln!("fault-pause {point}");
            std::thread::sleep(*d);
        }
    }
}

/// `<point>:<milliseconds>`, or `None` when it is not that.
fn parse(v: &str) -> Option<(String, Duration)> {
    let (point, ms) = v.split_once(':')?;
    Some((point.to_string(), Duration::from_millis(ms.parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_names_a_point_and_milliseconds() {
        assert_eq!(
            parse("fold:250"),
            Some(("fold".to_string(), Duration::from_millis(250)))
        );
        assert_eq!(parse("fold"), None);
        assert_eq!(parse("fold:soon"), None);
    }
}
