//! Tests of [`super`] (transfer).
use super::*;
use std::sync::Arc;

use crate::demo::SeedDemo;
use crate::ops::Actor;
use crate::rules::state::Status;
use crate::rules::RulesConfig;
use crate::service::WoFilter;

fn device(path: &Path, user: &str, role: Role) -> Device {
    Device::open(
        path,
        Arc::new(crate::clock::SystemClock),
        RulesConfig::default(),
        Actor::new(user, role),
    )
    .unwrap()
}

fn list(d: &Device, filter: WoFilter) -> Vec<crate::service::WoListItem> {
    d.list_work_orders(filter).unwrap()
}

#[test]
fn an_export_proposes_the_number_and_writes_where_the_user_chose() {
    let tmp = tempfile::tempdir().unwrap();
    let mut eng = device(&tmp.path().join("eng.db"), "yangjinwei", Role::Engineer);
    eng.seed_demo(chrono::Utc::now()).unwrap();
    let by_status = |s: Status| {
        list(
            &eng,
            WoFilter {
                statuses: Some(vec![s]),
                ..Default::default()
            },
        )
    };
    let signed = by_status(Status::Signed);
    let (id, number) = (&signed[0].row.id, &signed[0].row.number);
    assert_eq!(
        eng.export_file_name(id, ExportKind::Pdf).unwrap(),
        format!("{number}.pdf")
    );
    assert_eq!(
        eng.export_file_name(id, ExportKind::Signed).unwrap(),
        format!("{number}.onsite")
    );
    let open = by_status(Status::Assigned);
    assert_eq!(
        eng.export_file_name(&open[0].row.id, ExportKind::Signed)
            .unwrap_err()
            .code,
        "not_signed"
    );

    // The user typed a name without the extension, next to a file of theirs.
    let chosen = tmp.path().join("Desktop");
    std::fs::create_dir_all(&chosen).unwrap();
    std::fs::write(chosen.join("for-customer.part"), b"mine").unwrap();
    let out = eng
        .export_signed_to(id, ExportTo::File(&chosen.join("for-customer")))
        .unwrap();
    assert_eq!(
        out.path,
        chosen.join("for-customer.onsite").display().to_string()
    );
    assert!(std::fs::read(&out.path)
        .unwrap()
        .starts_with(&[0x85, 0x6f, 0x4a, 0x83]));
    assert_eq!(
        std::fs::read(chosen.join("for-customer.part")).unwrap(),
        b"mine"
    );
    let names: Vec<_> = std::fs::read_dir(&chosen)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_signed_record_goes_out_as_file_and_pdf_and_comes_in_at_the_office() {
    let tmp = tempfile::tempdir().unwrap();
    let mut eng = device(&tmp.path().join("eng.db"), "yangjinwei", Role::Engineer);
    eng.seed_demo(chrono::Utc::now()).unwrap();
    let exports = exports_dir(&tmp.path().join("eng")).unwrap();
    let signed = list(
        &eng,
        WoFilter {
            statuses: Some(vec![Status::Signed]),
            ..Default::default()
        },
    );
    let id = signed[0].row.id.clone();
    let number = signed[0].row.number.clone();

    let out = eng
        .export_signed_to(&id, ExportTo::Folder(&exports))
        .unwrap();
    assert!(
        out.path.ends_with(&format!("exports/{number}.onsite")),
        "{}",
        out.path
    );
    let bytes = std::fs::read(&out.path).unwrap();
    assert_eq!(
        &bytes[..4],
        &[0x85, 0x6f, 0x4a, 0x83],
        "Automerge save() bytes"
    );

    // A record that is not signed is refused.
    let open = list(
        &eng,
        WoFilter {
            open_only: true,
            ..Default::default()
        },
    );
    let unsigned = open
        .iter()
        .find(|i| i.row.status != Status::Signed)
        .unwrap();
    assert_eq!(
        eng.export_signed_to(&unsigned.row.id, ExportTo::Folder(&exports))
            .unwrap_err()
            .code,
        "not_signed"
    );

    #[cfg(feature = "report")]
    match crate::report::CjkFont::from_system() {
        Ok(font) => {
            let pdf = eng
                .export_pdf_to(&id, ExportTo::Folder(&exports), &font, "Onsite", None)
                .unwrap();
            assert!(pdf.path.ends_with(&format!("exports/{number}.pdf")));
            assert!(std::fs::read(&pdf.path).unwrap().starts_with(b"%PDF"));
        }
        Err(e) => eprintln!("SKIPPED the PDF: {e}"),
    }

    // An engineer may not import; the office may, and gets the view.
    let path = PathBuf::from(&out.path);
    assert_eq!(eng.import_signed_path(&path).unwrap_err().code, "forbidden");
    let mut office = device(&tmp.path().join("office.db"), "office", Role::Office);
    let v = office.import_signed_path(&path).unwrap();
    assert_eq!(v.wo.number, number);
    assert_eq!(
        v.wo.status,
        Status::Signed,
        "filed by the server when the office syncs, not by the device"
    );
    assert!(v.wo.filing.is_none());
    assert_eq!(
        office
            .import_signed_path(Path::new("/no/such/file"))
            .unwrap_err()
            .code,
        "io"
    );
}

#[test]
fn a_picked_file_that_is_not_a_signed_record_is_refused_by_name_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut office = device(&tmp.path().join("office.db"), "office", Role::Office);
    let count = |d: &Device| list(d, WoFilter::default()).len();
    let before = count(&office);
    let e = office.import_signed_file("WO-1.onsite", b"").unwrap_err();
    assert_eq!(e.code, "not_a_record");
    assert!(e.message.contains("WO-1.onsite"), "{}", e.message);
    let e = office
        .import_signed_file("photo.jpg", b"\xff\xd8\xff\xe0 not automerge")
        .unwrap_err();
    assert_eq!(e.code, "not_a_record");
    assert!(e.message.starts_with("photo.jpg: "), "{}", e.message);
    let big = vec![0u8; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        office
            .import_signed_file("huge.onsite", &big)
            .unwrap_err()
            .code,
        "not_a_record"
    );
    assert_eq!(count(&office), before, "nothing stored");
}

#[test]
fn numbers_make_safe_file_names() {
    assert_eq!(file_stem("WO-2026-03-000123"), "WO-2026-03-000123");
    assert_eq!(file_stem("../etc/passwd"), "___etc_passwd");
    assert_eq!(file_stem(""), "record");
}

#[test]
fn files_are_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.onsite");
    write_atomically(&p, b"abc").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"abc");
    assert!(!dir.path().join("a.part").exists());
    let e = write_atomically(&dir.path().join("no/such/dir/x"), b"").unwrap_err();
    assert_eq!(ApiError::from(e).code, "io");
}
