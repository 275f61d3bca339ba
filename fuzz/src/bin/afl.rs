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
    // Before the fork server starts (in `fuzz_nohook!`): every forked run
    // inherits the world and the device instead of making them first.
    onsite_fuzz::warm();
    // `nohook`: a panic our code catches on purpose (the server runs
    // Automerge under `catch_unwind` and refuses the document) is not a
    // crash; one that escapes the harness is, as in the replay test.
    afl::fuzz_nohook!(|data: &[u8]| run(data));
}
