//! The AFL++ binary: `onsite-fuzz-afl <target>` runs the named target's
//! harness on every input AFL++ gives it (persistent mode). Built only by
//! `make fuzz` (`cargo afl build --features afl`); see `scripts/fuzz.sh`.

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = onsite_fuzz::target(&name) else {
        let names: Vec<&str> = onsite_fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!(
            "usage: onsite-fuzz-afl <target>; targets: {}",
            names.join(", ")
        );
        std::process::exit(2);
    };
    let run = target.run;
    afl::fuzz!(|data: &[u8]| run(data));
}
