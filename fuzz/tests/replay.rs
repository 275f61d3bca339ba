//! Every file kept in `fuzz/fixtures/<target>/` — the seed corpus and every
//! crash `make fuzz` ever found — run through its target's harness, so a
//! fixed crash stays fixed. Notes (`*.md`) are skipped.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// The kept inputs of `target`, by file name.
fn fixtures(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("a fixture reads"))
        })
        .collect();
    out.sort();
    out
}

/// Runs every kept input of `target`; fails naming each one that panics.
fn replay(target: &str) {
    let t = onsite_fuzz::target(target).expect("a target");
    let inputs = fixtures(target);
    assert!(!inputs.is_empty(), "no fixtures for {target}");
    let failed: Vec<String> = inputs
        .iter()
        .filter_map(|(name, bytes)| {
            catch_unwind(AssertUnwindSafe(|| (t.run)(bytes)))
                .err()
                .map(|_| name.clone())
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} kept inputs fail again: {failed:?} (see the panics above)",
        failed.len(),
        inputs.len()
    );
}

#[test]
fn every_kept_request_body_decodes_or_is_refused_cleanly() {
    replay("request");
}

#[test]
fn every_kept_sync_message_is_applied_or_refused_without_changing_the_store() {
    replay("sync_apply");
}

#[test]
fn every_kept_import_file_is_imported_or_refused_without_changing_anything() {
    replay("import");
}

#[test]
fn every_kept_calendar_and_settings_text_parses_or_is_refused_cleanly() {
    replay("config");
}

#[test]
fn every_target_has_a_fixture_folder() {
    for t in onsite_fuzz::TARGETS {
        assert!(
            !fixtures(t.name).is_empty(),
            "fuzz/fixtures/{}/ is empty",
            t.name
        );
    }
}
