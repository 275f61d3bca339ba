//! Moving and printing signed records: `export_signed`, `import_signed`,
//! `export_pdf`. Files go to `<data dir>/exports/`; the office imports a
//! file it picked in the webview's file chooser (its bytes come over IPC,
//! so no desktop-only dialog plugin is needed).
//!
//! ## The `.onsite` file
//!
//! `<data dir>/exports/<number>.onsite` is exactly the work order's whole
//! Automerge document as `AutoCommit::save()` writes it (the compressed
//! binary document format of automerge 0.x, magic bytes `85 6f 4a 83`), no
//! header, no wrapper. It carries the complete history, so importing it on
//! another device is a merge: nothing either side has is lost, and the
//! signature is checked against the merged content. The file is written to
//! a temporary name and renamed, so a reader never sees half a file.
//!
//! ## The PDF
//!
//! `<data dir>/exports/<number>.pdf`, rendered by `onsite_core::report`
//! in a CJK font found on the system (`ONSITE_CJK_FONT` overrides);
//! `font_missing` when there is none.

use std::path::{Path, PathBuf};

use onsite_core::report::{render_record, RecordInput};
use onsite_core::service::{ApiError, PathResult, WorkOrderView};
use tauri::{AppHandle, State};

use super::doc_id;
use crate::errors::{io_error, to_contract};
use crate::state::AppState;

/// Writes the signed record's document to `exports/<number>.onsite`.
#[tauri::command(async)]
pub fn export_signed(state: State<'_, AppState>, id: String) -> Result<PathResult, ApiError> {
    export_signed_file(&state, &id)
}

/// [`export_signed`] without Tauri.
pub fn export_signed_file(state: &AppState, id: &str) -> Result<PathResult, ApiError> {
    let id = doc_id("id", id)?;
    let (number, bytes) = state.with(|d| {
        let v = d.get_work_order(&id)?;
        Ok((v.wo.number, d.export_signed(&id)?))
    })?;
    let path = state
        .exports_dir()?
        .join(format!("{}.onsite", file_stem(&number)));
    write_atomically(&path, &bytes)?;
    tracing::info!(path = %path.display(), bytes = bytes.len(), "signed record exported");
    Ok(PathResult {
        path: path.display().to_string(),
    })
}

/// The largest `.onsite` file the office imports. A signed record with its
/// whole history is tens of kilobytes; anything this large is not one.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// Imports a `.onsite` file the office picked (`name` for messages, the
/// file's `bytes`): a merge, then the fresh view.
#[tauri::command(async)]
pub fn import_signed(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
    bytes: Vec<u8>,
) -> Result<WorkOrderView, ApiError> {
    let v = import_signed_bytes(&state, &name, &bytes)?;
    state.edited(&app);
    Ok(v)
}

/// [`import_signed`] without Tauri (and without the events).
pub fn import_signed_bytes(
    state: &AppState,
    name: &str,
    bytes: &[u8],
) -> Result<WorkOrderView, ApiError> {
    if bytes.is_empty() {
        return Err(to_contract(ApiError::invalid(format!(
            "{name} is empty: not a signed record"
        ))));
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(to_contract(ApiError::invalid(format!(
            "{name} is {} MB: too large to be a signed record (at most {} MB)",
            bytes.len() / (1024 * 1024),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ))));
    }
    state
        .with(|d| {
            let r = d.import_signed(bytes)?;
            tracing::info!(file = %name, number = %r.number, merged = r.merged_into_existing, signature = ?r.signature, "signed record imported");
            d.get_work_order(&r.id)
        })
        .map_err(|e| ApiError::new(&e.code, format!("{name}: {}", e.message)))
}

/// Reads a `.onsite` file from disk and imports it (tests, tools).
pub fn import_signed_file(state: &AppState, path: &str) -> Result<WorkOrderView, ApiError> {
    let p = PathBuf::from(path.trim());
    let bytes =
        std::fs::read(&p).map_err(|e| io_error(format!("cannot read {}", p.display()), e))?;
    import_signed_bytes(state, &p.display().to_string(), &bytes)
}

/// Renders the printable record to `exports/<number>.pdf`.
#[tauri::command(async)]
pub fn export_pdf(state: State<'_, AppState>, id: String) -> Result<PathResult, ApiError> {
    export_pdf_file(&state, &id)
}

/// [`export_pdf`] without Tauri.
pub fn export_pdf_file(state: &AppState, id: &str) -> Result<PathResult, ApiError> {
    let id = doc_id("id", id)?;
    let (v, tz) = state.with(|d| Ok((d.get_work_order(&id)?, d.cfg.tz)))?;
    let font = state.font()?;
    let input = RecordInput {
        wo: &v.wo,
        charges: &v.charges,
        tier: v.tier,
        tz,
        company: &state.company,
    };
    let pdf = render_record(&input, &font)?;
    let path = state
        .exports_dir()?
        .join(format!("{}.pdf", file_stem(&v.wo.number)));
    write_atomically(&path, &pdf)?;
    tracing::info!(path = %path.display(), bytes = pdf.len(), "record PDF written");
    Ok(PathResult {
        path: path.display().to_string(),
    })
}

/// A work-order number as a file name: anything but letters, digits, `-`
/// and `_` becomes `_`.
pub fn file_stem(number: &str) -> String {
    let s: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "record".into()
    } else {
        s
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes)
        .map_err(|e| io_error(format!("cannot write {}", tmp.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(format!("cannot write {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    use onsite_core::demo::SeedDemo;
    use onsite_core::rules::state::{Role, Status};
    use onsite_core::service::WoFilter;

    fn state(dir: &Path, user: &str, role: Role) -> AppState {
        let st = AppState::open(dir, "Onsite".into()).unwrap();
        st.with(|d| {
            d.actor = onsite_core::ops::Actor::new(user, role);
            Ok(())
        })
        .unwrap();
        st
    }

    #[test]
    fn a_signed_record_goes_out_as_file_and_pdf_and_comes_in_at_the_office() {
        let tmp = tempfile::tempdir().unwrap();
        let eng = state(&tmp.path().join("eng"), "yangjinwei", Role::Engineer);
        let now = chrono::Utc::now();
        eng.with(|d| d.seed_demo(now)).unwrap();
        let signed = eng
            .with(|d| {
                d.list_work_orders(WoFilter {
                    statuses: Some(vec![Status::Signed]),
                    ..Default::default()
                })
            })
            .unwrap();
        let id = signed[0].row.id.to_string();
        let number = signed[0].row.number.clone();

        let out = export_signed_file(&eng, &id).unwrap();
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
        let open = eng
            .with(|d| {
                d.list_work_orders(WoFilter {
                    open_only: true,
                    ..Default::default()
                })
            })
            .unwrap();
        let unsigned = open
            .iter()
            .find(|i| i.row.status != Status::Signed)
            .unwrap();
        assert_eq!(
            export_signed_file(&eng, unsigned.row.id.as_str())
                .unwrap_err()
                .code,
            "not_signed"
        );

        match export_pdf_file(&eng, &id) {
            Ok(pdf) => {
                assert!(pdf.path.ends_with(&format!("exports/{number}.pdf")));
                assert!(std::fs::read(&pdf.path).unwrap().starts_with(b"%PDF"));
            }
            Err(e) if e.code == "font_missing" => eprintln!("SKIPPED the PDF: {}", e.message),
            Err(e) => panic!("{e}"),
        }

        // An engineer may not import; the office may, and gets the view.
        assert_eq!(
            import_signed_file(&eng, &out.path).unwrap_err().code,
            "forbidden"
        );
        let office = state(&tmp.path().join("office"), "office", Role::Office);
        let v = import_signed_file(&office, &out.path).unwrap();
        assert_eq!(v.wo.number, number);
        assert_eq!(v.wo.status, Status::Filed, "an import counts as filing");
        assert_eq!(
            import_signed_file(&office, "/no/such/file")
                .unwrap_err()
                .code,
            "io"
        );
    }

    #[test]
    fn a_picked_file_that_is_not_a_signed_record_is_refused_by_name_and_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let office = state(tmp.path(), "office", Role::Office);
        let count = || {
            office
                .with(|d| d.list_work_orders(WoFilter::default()))
                .unwrap()
                .len()
        };
        let before = count();
        let e = import_signed_bytes(&office, "WO-1.onsite", b"").unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.contains("WO-1.onsite"), "{}", e.message);
        let e = import_signed_bytes(&office, "photo.jpg", b"\xff\xd8\xff\xe0 not automerge")
            .unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.starts_with("photo.jpg: "), "{}", e.message);
        let big = vec![0u8; MAX_IMPORT_BYTES + 1];
        assert_eq!(
            import_signed_bytes(&office, "huge.onsite", &big)
                .unwrap_err()
                .code,
            "invalid"
        );
        assert_eq!(count(), before, "nothing stored");
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
        assert_eq!(e.code, "io");
    }
}
