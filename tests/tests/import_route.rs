//! The offline route for a signed record: the engineer, with no network,
//! exports the signed work order as a file; the office imports it on its
//! device and syncs; the server verifies it and files it with `via:
//! "import"`; the engineer's device later receives the receipt. And a file
//! whose changes break the write rules is refused on the office's device
//! before anything of it reaches the record.

use onsite_core::model::{DocId, FilingReceipt};
use onsite_core::rules::state::{Role, Status};
use onsite_core::service::transfer::ExportTo;
use onsite_core::signoff::SignatureCheck;
use onsite_core::testing::visit_and_sign;
use onsite_tests::{new_order, scratch_dir, TestDevice, TestServer};

const YANG: &str = "yangjinwei";

/// A server, the office and yangjinwei, and an order the office created
/// and assigned to him, synced to both.
async fn an_order_yang_holds() -> (TestServer, TestDevice, TestDevice, DocId) {
    let server = TestServer::start().await;
    let office = server.device("office", Role::Office);
    let yang = server.device(YANG, Role::Engineer);
    let id = office.create_order(new_order("云南省产品质量监督检验研究院"), None);
    office.with(|d| d.assign(&id, YANG)).unwrap();
    office.sync().await;
    yang.sync().await;
    (server, office, yang, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_imported_at_the_office_is_filed_by_the_server_on_the_next_sync() {
    let (server, office, yang, id) = an_order_yang_holds().await;

    // At the customer's site, no network: signed and exported.
    yang.with(|d| visit_and_sign(d, &id));
    let files = scratch_dir();
    let file = yang
        .with(|d| d.export_signed_to(&id, ExportTo::Folder(files.path())))
        .unwrap();

    let imported = office
        .with(|d| d.import_signed_path(std::path::Path::new(&file.path)))
        .unwrap();
    assert_eq!(
        imported.wo.status,
        Status::Signed,
        "not filed by the device"
    );
    assert_eq!(imported.signature, SignatureCheck::Valid);
    office.sync().await;

    let stored = server.work_order(id.as_str());
    assert_eq!(stored.status, Status::Filed);
    assert_eq!(
        stored.filing.as_ref().map(|f| f.via.as_str()),
        Some("import")
    );
    office.sync().await;
    let seen = office.with(|d| d.get_work_order(&id)).unwrap();
    assert_eq!(seen.wo.status, Status::Filed, "the office sees it filed");
    yang.sync().await;
    let back = yang.with(|d| d.get_work_order(&id)).unwrap();
    assert_eq!(back.wo.status, Status::Filed, "and so does the engineer");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_a_forged_filing_receipt_is_refused_at_the_office_and_changes_nothing() {
    let (server, office, yang, id) = an_order_yang_holds().await;
    yang.with(|d| visit_and_sign(d, &id));
    // A hostile copy of the app writes its own receipt, back-dated.
    yang.with_store(|store| {
        store
            .edit(std::slice::from_ref(&id), |docs| {
                let mut wo: onsite_core::model::WorkOrder =
                    onsite_core::doc::read(&docs[0], onsite_core::model::DocKind::WorkOrder)
                        .unwrap();
                wo.filing = Some(FilingReceipt {
                    received_at: onsite_core::testing::at("2026-01-05T08:00:00Z"),
                    content_hash: wo.signoff.as_ref().unwrap().content_hash.clone(),
                    via: "import".into(),
                });
                onsite_core::doc::write(&mut docs[0], &wo).unwrap();
                Ok::<_, String>(())
            })
            .unwrap()
    });
    let files = scratch_dir();
    let file = yang
        .with(|d| d.export_signed_to(&id, ExportTo::Folder(files.path())))
        .unwrap();
    let before = office.heads(id.as_str());
    let err = office
        .with(|d| d.import_signed_path(std::path::Path::new(&file.path)))
        .unwrap_err();
    assert_eq!(err.code, "forbidden", "{}", err.message);
    assert!(
        err.message.contains("server fields (filing)"),
        "{}",
        err.message
    );
    assert_eq!(office.heads(id.as_str()), before, "nothing merged");
    server.stop().await;
}
