//! `onsite-app --seed-demo`, the headless command `make run` and the
//! real-app tests seed a device with: run as a process on a real data
//! folder. (Building this test also makes `cargo test` build the app
//! binary itself, which `scripts/test.sh` then drives in the real-window
//! tests: one build of the Tauri crate per test run.)

use std::process::{Command, Output};

fn seed(dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onsite-app"))
        .arg("--seed-demo")
        .env("ONSITE_DATA_DIR", dir)
        .env_remove("ONSITE_SERVER_URL")
        .env_remove("ONSITE_TOKEN")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run onsite-app --seed-demo")
}

#[test]
fn seeding_twice_creates_the_demo_data_once_and_keeps_it_in_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let first = seed(tmp.path());
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        out.contains("demo data: created (customers 8, parts 10, work orders 20)"),
        "{out}"
    );
    assert!(out.contains("not enrolled: nothing synced"), "{out}");
    assert!(
        tmp.path().join("onsite.db").is_file(),
        "the device's SQLite file is in the folder"
    );

    let again = seed(tmp.path());
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success(), "{out}");
    assert!(
        out.contains("demo data: already there"),
        "a second run reuses the data: {out}"
    );
}

#[test]
fn a_data_folder_that_cannot_be_opened_fails_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    let out = seed(&file);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("onsite-app --seed-demo failed"), "{err}");
}
