//! Backup while serving, restore into a new data directory, and the
//! devices giving back what the backup lacks: nothing any device held is
//! lost. The devices are the app's own store and sync client
//! (`TestDevice`).

use std::path::Path;

use onsite_core::sync::client::HttpTransport;
use onsite_sync_server::admin;
use onsite_test_support::{new_order, scratch_dir, Engine, TestDevice};

use super::*;

/// A server on SQLite, or `None` (the test is skipped) on PostgreSQL:
/// backup and restore copy the data directory's SQLite file.
async fn sqlite_server() -> Option<TestServer> {
    let s = TestServer::start().await;
    if s.engine() == Engine::Sqlite {
        return Some(s);
    }
    eprintln!("SKIPPED on PostgreSQL: backup and restore of the data directory's SQLite file (PostgreSQL: pg_dump, pg_restore, `epoch rotate`)");
    None
}

/// Stops `s` (its disk is lost) and starts a server on `backup` restored
/// into a new data directory under `dir`.
async fn restore_elsewhere(s: TestServer, backup: &Path, dir: &Path) -> TestServer {
    s.stop().await;
    let data = dir.join("restored");
    admin::restore(backup, &data).unwrap();
    TestServer::options().data_dir(&data).start().await
}

/// Points a device at another server (the restored one listens elsewhere).
fn point_at(device: &mut TestDevice, server: &TestServer) {
    device.transport = HttpTransport::new(&server.url, &device.token()).unwrap();
}

#[tokio::test]
async fn a_restore_from_an_older_backup_loses_nothing_any_device_held() {
    let Some(s) = sqlite_server().await else {
        return;
    };
    let mut office = s.device("office", Role::Office);
    let mut yang = s.device(YANG, Role::Engineer);
    let wo = office.create_order(new_order("华东电力"), Some(YANG));
    office.sync().await;
    yang.sync().await;

    // The nightly backup, taken while the server serves.
    let dir = scratch_dir();
    let file = dir.path().join("onsite-2026-11-25.db");
    let copied = admin::backup(s.data_dir(), &file).unwrap();
    let stored = s.store().doc_list(None).unwrap().len() as i64;
    assert_eq!(
        (copied.documents, copied.users, copied.devices),
        (stored, 2, 2)
    );

    // After the backup: one edit on each device, both synced (so neither
    // device holds them as unsent any more), and a part the office adds.
    yang.set_text(&wo, &["service", "findings"], "电源模块损坏");
    yang.sync().await;
    office.set_text(&wo, &["fault"], "UPS 无输出，客户加急");
    let part = office.create_part("BAT-12V", 4);
    office.sync().await;
    yang.sync().await;
    let held_by_office = office.heads(wo.as_str());
    assert_eq!(yang.heads(wo.as_str()), held_by_office);
    assert_eq!(office.dirty_count() + yang.dirty_count(), 0);

    // The server's disk is lost: restore last night's backup elsewhere.
    let s = restore_elsewhere(s, &file, dir.path()).await;
    assert!(
        s.heads(part.as_str()).is_none(),
        "the backup lacks the part"
    );
    assert_ne!(s.heads(wo.as_str()), held_by_office, "and both edits");

    // Each device's next sync gives back what the server lacks. The
    // office first: the engineer's copy also holds the office's edit, which
    // is not his to give back (`foreign_actor`, see
    // `attribution::after_a_restore_…`), while the office may relay his
    // edit on his own order.
    point_at(&mut yang, &s);
    point_at(&mut office, &s);
    let got = office.sync().await;
    assert!(got.errors.is_empty(), "{got:?}");
    let got = yang.sync().await;
    assert!(got.errors.is_empty(), "{got:?}");

    let on_server = s.work_order(wo.as_str());
    assert_eq!(on_server.service.findings, "电源模块损坏");
    assert_eq!(on_server.fault, "UPS 无输出，客户加急");
    assert_eq!(s.heads(wo.as_str()), held_by_office);
    assert_eq!(s.heads(part.as_str()), office.heads(part.as_str()));
    assert_eq!(yang.heads(wo.as_str()), held_by_office);
    assert_eq!(yang.heads(part.as_str()), office.heads(part.as_str()));
    s.stop().await;
}

#[tokio::test]
async fn restore_refuses_a_used_directory_and_a_file_that_is_no_server_backup() {
    let Some(s) = sqlite_server().await else {
        return;
    };
    let dir = scratch_dir();
    let file = dir.path().join("nightly.db");
    admin::backup(s.data_dir(), &file).unwrap();
    let again = admin::backup(s.data_dir(), &file).unwrap_err();
    assert!(again.to_string().contains("exists already"), "{again}");

    // Into the serving directory: refused, and it is left as it was.
    let err = admin::restore(&file, s.data_dir()).unwrap_err();
    assert!(
        err.to_string()
            .contains("is not empty (it holds onsite-server.db"),
        "{err}"
    );

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    let err = admin::restore(&text, &dir.path().join("a")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not an Onsite server backup: it is not a SQLite database",
            text.display()
        )
    );
    assert!(!dir.path().join("a").join("onsite-server.db").exists());

    // A device's database is SQLite, with documents, but no people.
    let device_db = dir.path().join("device.db");
    drop(onsite_core::store::device::Store::open(&device_db).unwrap());
    let err = admin::restore(&device_db, &dir.path().join("b")).unwrap_err();
    assert!(err.to_string().contains("has no users, devices"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path().join("b"))
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "nothing left behind"
    );
    s.stop().await;
}

/// Regression (issue 12, "restore: an engineer's offline edit on an order
/// the server lost"): after a restore from a backup older than an order,
/// the engineer's device offered its offline edit first; the restored
/// server refused it (`forbidden`: an engineer may not create a work
/// order), and the device cleared the edit's changed mark as if it had
/// been sent. The edit must wait on the device, marked, until the office's
/// device has given the order back, and then reach the server.
#[tokio::test]
async fn an_engineers_offline_edit_to_an_order_the_restored_server_lost_reaches_it_after_the_office_syncs(
) {
    let Some(s) = sqlite_server().await else {
        return;
    };
    let mut office = s.device("office", Role::Office);
    let mut yang = s.device(YANG, Role::Engineer);
    office.sync().await;
    yang.sync().await;
    let dir = scratch_dir();
    let file = dir.path().join("onsite-2026-11-25.db");
    admin::backup(s.data_dir(), &file).unwrap();

    // After the backup: the office creates and assigns an order, the
    // engineer receives it and records findings offline.
    let wo = office.create_order(new_order("华东电力"), Some(YANG));
    office.sync().await;
    yang.sync().await;
    assert!(yang.heads(wo.as_str()).is_some(), "the engineer holds it");
    yang.set_text(&wo, &["service", "findings"], "电源模块损坏");
    assert_eq!(yang.dirty_count(), 1);

    let s = restore_elsewhere(s, &file, dir.path()).await;
    assert!(s.heads(wo.as_str()).is_none(), "the backup lacks the order");
    point_at(&mut yang, &s);
    point_at(&mut office, &s);

    // The engineer syncs first: refused for now, and the edit stays marked;
    // the order says its changes wait for the server. Likewise at a second
    // sync before the office's.
    let awaiting = |d: &TestDevice| d.with(|d| d.get_work_order(&wo)).unwrap().awaiting_restore;
    for round in ["first", "second"] {
        let got = yang.sync().await;
        assert!(s.heads(wo.as_str()).is_none(), "{round}: {got:?}");
        assert_eq!(yang.dirty_count(), 1, "{round}: still to send: {got:?}");
        let codes: Vec<_> = got.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["awaiting_restore"], "{round}");
        assert_eq!(got.awaiting_restore, 1);
        assert!(awaiting(&yang), "{round}: the order shows it");
    }

    // The office gives the order back; the engineer's next sync sends the edit.
    let got = office.sync().await;
    assert!(got.errors.is_empty(), "{got:?}");
    assert_eq!(s.work_order(wo.as_str()).service.findings, "");
    let got = yang.sync().await;
    assert!(got.errors.is_empty(), "{got:?}");
    assert_eq!(s.work_order(wo.as_str()).service.findings, "电源模块损坏");
    assert_eq!(yang.dirty_count(), 0, "sent");
    assert!(!awaiting(&yang), "no longer waiting");
    assert_eq!(s.heads(wo.as_str()), yang.heads(wo.as_str()));
    office.sync().await;
    assert_eq!(office.heads(wo.as_str()), yang.heads(wo.as_str()));
    s.stop().await;
}
