//! Moving a signed record without the network: the engineer exports the
//! work order's Automerge document as a file, the office imports it (a
//! merge, so nothing either side has is lost). The file's changes are the
//! assigned engineer's, so the import holds them to the engineer's write
//! rules (`crate::guard`) against the order this device holds, exactly as
//! the sync server does: a file that writes a filing receipt, clears a
//! tamper flag or breaks the state machine is refused and changes nothing.
//! The import does not file: only the server writes the filing receipt.
//! The office's next sync brings the record to the server, which verifies
//! it (by its history) and files it with `via: "import"` (a signed record
//! the office's device brings for another user), or flags it.
//! Also the printable record (feature `report`) written next to it.
//!
//! ## Where exports go
//!
//! On the desktop the app asks where to save (a save dialog proposing
//! [`Device::export_file_name`], `<number>.onsite` or `<number>.pdf`) and
//! writes the chosen path ([`ExportTo::File`]); on mobile, and when
//! `ONSITE_EXPORT_DIR` is set (tests), it writes `<folder>/<number>.<ext>`
//! without asking ([`ExportTo::Folder`]); [`Device::export_signed_to`] and
//! [`Device::export_pdf_to`] write either.
//!
//! ## The `.onsite` file
//!
//! `<number>.onsite` is exactly the work order's whole
//! Automerge document as `AutoCommit::save()` writes it (the compressed
//! binary document format of automerge 0.x, magic bytes `85 6f 4a 83`), no
//! header, no wrapper. It carries the complete history, so importing it on
//! another device is a merge, and the signature is checked against the
//! merged content. Files are written to a temporary name and renamed, so a
//! reader never sees half a file. The office imports a file it picked (its
//! name for messages, its bytes): empty files and files over
//! [`MAX_IMPORT_BYTES`] are refused before anything is parsed.
//!
//! ## The PDF
//!
//! `<number>.pdf`, rendered by [`crate::report`] in a
//! CJK font found on the system; `font_missing` when there is none.

use std::path::{Path, PathBuf};

use automerge::AutoCommit;

use super::error::ErrorCode;
use super::views::ImportResult;
use super::{ApiError, Device, PathResult, WorkOrderView};
use crate::doc;
use crate::guard::{self, Records, Refusal, RefusalKind, Writer};
use crate::model::{DocId, DocKind, WorkOrder};
use crate::rules::state::Role;
use crate::signoff;

/// The largest `.onsite` file the office imports. A signed record with its
/// whole history is tens of kilobytes; anything this large is not one.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

const MB: usize = 1024 * 1024;

/// Why a signed record could not be exported or imported.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The picked file is empty (`not_a_record`).
    #[error("{name} is empty: not a signed record")]
    Empty {
        /// The file's name.
        name: String,
    },
    /// The picked file is over [`MAX_IMPORT_BYTES`] (`not_a_record`).
    #[error("{name} is {} MB: too large to be a signed record (at most {} MB)", .bytes / MB, MAX_IMPORT_BYTES / MB)]
    TooLarge {
        /// The file's name.
        name: String,
        /// Its size.
        bytes: usize,
    },
    /// The bytes are not a work-order document (`not_a_record`).
    #[error("the file is not a work-order document: {0}")]
    NotAWorkOrder(String),
    /// Only a signed record is exported (`not_signed`).
    #[error("work order {0} is not signed: only a signed record is exported")]
    ExportUnsigned(String),
    /// The file holds a record the customer has not signed (`not_signed`).
    #[error("work order {0} in the file is not signed")]
    ImportUnsigned(String),
    /// The file's changes break the write rules (`forbidden`, or
    /// `not_a_record` for a document that does not have the schema's shape).
    #[error("refused, nothing imported: {0}")]
    Refused(Refusal),
    /// A file or folder could not be read or written (`io`).
    #[error("{what}: {source}")]
    Io {
        /// What was being done ("cannot write /…/x.onsite").
        what: String,
        /// Why.
        source: std::io::Error,
    },
}

impl From<TransferError> for ApiError {
    fn from(e: TransferError) -> ApiError {
        let code = match &e {
            TransferError::Empty { .. }
            | TransferError::TooLarge { .. }
            | TransferError::NotAWorkOrder(_) => ErrorCode::NotARecord,
            TransferError::ExportUnsigned(_) | TransferError::ImportUnsigned(_) => {
                ErrorCode::NotSigned
            }
            TransferError::Io { .. } => ErrorCode::Io,
            TransferError::Refused(r) => match r.kind {
                RefusalKind::Invalid | RefusalKind::TooLarge => ErrorCode::NotARecord,
                RefusalKind::Forbidden | RefusalKind::IllegalTransition => ErrorCode::Forbidden,
            },
        };
        ApiError::new(code, e.to_string())
    }
}

fn io(what: String) -> impl FnOnce(std::io::Error) -> TransferError {
    move |source| TransferError::Io { what, source }
}

/// `<data_dir>/exports`, created when missing.
pub fn exports_dir(data_dir: &Path) -> Result<PathBuf, TransferError> {
    let dir = data_dir.join("exports");
    std::fs::create_dir_all(&dir).map_err(io(format!("cannot create {}", dir.display())))?;
    Ok(dir)
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
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), TransferError> {
    // `<name>.part` beside it: never another of the user's files.
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io(format!("cannot write {}", tmp.display())))?;
    std::fs::rename(&tmp, path).map_err(io(format!("cannot write {}", path.display())))
}

/// Refuses a picked file that cannot be a signed record, before parsing.
pub fn check_import_size(name: &str, bytes: &[u8]) -> Result<(), TransferError> {
    if bytes.is_empty() {
        return Err(TransferError::Empty { name: name.into() });
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(TransferError::TooLarge {
            name: name.into(),
            bytes: bytes.len(),
        });
    }
    Ok(())
}

/// The two files an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The signed record's document, `.onsite`.
    Signed,
    /// The printable record (or report), `.pdf`.
    Pdf,
    /// A report's table, `.csv`.
    Csv,
    /// The office's report as a workbook, `.xlsx`.
    Xlsx,
}

impl ExportKind {
    /// `onsite` or `pdf`.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Signed => "onsite",
            ExportKind::Pdf => "pdf",
            ExportKind::Csv => "csv",
            ExportKind::Xlsx => "xlsx",
        }
    }

    /// `<number>.<extension>`, the number made safe for a file name.
    pub fn file_name(self, number: &str) -> String {
        format!("{}.{}", file_stem(number), self.extension())
    }

    /// `path`, with this kind's extension added when it has none.
    pub fn with_extension(self, path: &Path) -> PathBuf {
        if path.extension().is_some() {
            path.to_path_buf()
        } else {
            path.with_extension(self.extension())
        }
    }
}

/// Where an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTo<'a> {
    /// `<folder>/<number>.<extension>`, without asking.
    Folder(&'a Path),
    /// The file the user chose, given the kind's extension when it has none.
    File(&'a Path),
}

impl ExportTo<'_> {
    /// The path an export of `kind` of order `number` is written to.
    pub fn path(self, kind: ExportKind, number: &str) -> PathBuf {
        match self {
            ExportTo::Folder(dir) => dir.join(kind.file_name(number)),
            ExportTo::File(chosen) => kind.with_extension(chosen),
        }
    }
}

pub(crate) fn write_export(path: &Path, bytes: &[u8], what: &str) -> Result<PathResult, ApiError> {
    write_atomically(path, bytes)?;
    tracing::info!(path = %path.display(), bytes = bytes.len(), "{what}");
    Ok(written(path))
}

fn written(path: &Path) -> PathResult {
    PathResult {
        path: path.display().to_string(),
    }
}

impl Device {
    /// The work order's whole Automerge document, for a file. Refused
    /// (`not_signed`) until the customer signed.
    pub fn export_signed(&self, id: &DocId) -> Result<Vec<u8>, ApiError> {
        Ok(self.export_signed_doc(id)?.1)
    }

    fn export_signed_doc(&self, id: &DocId) -> Result<(String, Vec<u8>), ApiError> {
        let (mut am, wo) = self.load_wo(id)?;
        if wo.signoff.is_none() {
            return Err(TransferError::ExportUnsigned(wo.number).into());
        }
        Ok((wo.number, am.save()))
    }

    /// The name an export of `kind` proposes: `<number>.onsite` or
    /// `<number>.pdf` (refused, `not_signed`, before the customer signed).
    pub fn export_file_name(&self, id: &DocId, kind: ExportKind) -> Result<String, ApiError> {
        let wo = self.load_wo(id)?.1;
        if wo.signoff.is_none() {
            return Err(TransferError::ExportUnsigned(wo.number).into());
        }
        Ok(kind.file_name(&wo.number))
    }

    /// Writes the signed record's `.onsite` file `to` a folder or a chosen
    /// file.
    pub fn export_signed_to(&self, id: &DocId, to: ExportTo<'_>) -> Result<PathResult, ApiError> {
        let (number, bytes) = self.export_signed_doc(id)?;
        let path = to.path(ExportKind::Signed, &number);
        write_export(&path, &bytes, "signed record exported")
    }

    /// Imports a file the office picked (`name` for messages): refused when
    /// empty or too large; every other refusal names the file. Returns the
    /// merged order's view.
    pub fn import_signed_file(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Result<WorkOrderView, ApiError> {
        check_import_size(name, bytes)?;
        let import = |d: &mut Device| {
            let r = d.import_signed(bytes)?;
            tracing::info!(file = %name, number = %r.number, merged = r.merged_into_existing, signature = ?r.signature, "signed record imported");
            d.get_work_order(&r.id)
        };
        import(self).map_err(|e| e.prefixed(name))
    }

    /// Reads a `.onsite` file from disk and imports it (tests, tools).
    pub fn import_signed_path(&mut self, path: &Path) -> Result<WorkOrderView, ApiError> {
        let bytes = std::fs::read(path).map_err(io(format!("cannot read {}", path.display())))?;
        self.import_signed_file(&path.display().to_string(), &bytes)
    }

    /// Merges an exported signed record into this device's store (office
    /// only) and reports its signature check.
    pub fn import_signed(&mut self, bytes: &[u8]) -> Result<ImportResult, ApiError> {
        if self.actor.role != Role::Office {
            return Err(ApiError::forbidden(
                "only the office imports signed records",
            ));
        }
        let not_a_wo = |e: &dyn std::fmt::Display| TransferError::NotAWorkOrder(e.to_string());
        let mut incoming = AutoCommit::load(bytes).map_err(|e| not_a_wo(&e))?;
        let wo: WorkOrder = doc::read(&incoming, DocKind::WorkOrder).map_err(|e| not_a_wo(&e))?;
        if wo.signoff.is_none() {
            return Err(TransferError::ImportUnsigned(wo.number).into());
        }
        let id: DocId = wo.id.clone();
        let existed = self.store.load(&id)?.is_some();
        let office = self.actor.name.clone();
        let refused = |r: Refusal| ApiError::from(TransferError::Refused(r));
        if existed {
            // The merged changes are the engineer's: saved without the
            // check that they are this device's.
            self.store.edit_merging(std::slice::from_ref(&id), |docs| {
                let held = &mut docs[0];
                let before_heads = held.get_heads();
                let engineer: Option<WorkOrder> = doc::read(held, DocKind::WorkOrder).ok();
                let engineer = engineer.and_then(|w| w.assignee);
                held.merge(&mut incoming)
                    .map_err(|e| ApiError::invalid(e.to_string()))?;
                if held.get_heads() == before_heads {
                    return Ok(());
                }
                let before = held
                    .fork_at(&before_heads)
                    .map_err(|e| ApiError::invalid(e.to_string()))?;
                let writer = match &engineer {
                    Some(e) => Writer {
                        user: e,
                        role: Role::Engineer,
                    },
                    None => Writer {
                        user: &office,
                        role: Role::Office,
                    },
                };
                guard::check_write(writer, &id, Some(&before), held, 0, &NoRecords).map_err(refused)
            })?;
        } else {
            // Not held here: the file arrives as a new document, which the
            // office may create; the server checks it again on sync.
            let writer = Writer {
                user: &office,
                role: Role::Office,
            };
            guard::check_write(writer, &id, None, &mut incoming, 0, &NoRecords).map_err(refused)?;
            incoming.set_actor(self.store.actor().clone());
            self.store.create_doc_merging(&id, &mut incoming)?;
        }
        let merged: WorkOrder = self.read_doc(&id, DocKind::WorkOrder)?;
        Ok(ImportResult {
            signature: signoff::check(&merged),
            number: merged.number.clone(),
            status: merged.status,
            merged_into_existing: existed,
            id,
        })
    }

    /// Renders the printable record with `font`, `company` in the header,
    /// and writes it `to` a folder or a chosen file. `audit: Some(lang)`
    /// appends the audit page: the order's full field history in `lang`
    /// (off by default).
    #[cfg(feature = "report")]
    pub fn export_pdf_to(
        &self,
        id: &DocId,
        to: ExportTo<'_>,
        font: &crate::report::CjkFont,
        company: &str,
        audit: Option<crate::stats::Lang>,
    ) -> Result<PathResult, ApiError> {
        let (number, pdf) = self.render_pdf(id, font, company, audit)?;
        write_export(
            &to.path(ExportKind::Pdf, &number),
            &pdf,
            "record PDF written",
        )
    }

    /// The work-order number and the printable record's bytes.
    #[cfg(feature = "report")]
    fn render_pdf(
        &self,
        id: &DocId,
        font: &crate::report::CjkFont,
        company: &str,
        audit: Option<crate::stats::Lang>,
    ) -> Result<(String, Vec<u8>), ApiError> {
        let v = self.get_work_order(id)?;
        let names = crate::report::staff_names(&self.store)?;
        let history = audit.map(|lang| self.doc_history(id, lang)).transpose()?;
        let mut thumbs = std::collections::BTreeMap::new();
        for p in &v.wo.photos {
            if let Some(bytes) = self.photo(&p.thumb)? {
                thumbs.insert(p.thumb.clone(), bytes);
            }
        }
        let input = crate::report::RecordInput {
            wo: &v.wo,
            charges: &v.charges,
            tier: v.tier,
            tz: self.cfg().tz,
            company,
            pickups: &v.pickups,
            names: &names,
            audit: history.as_ref(),
            audit_lang: audit.unwrap_or(crate::stats::Lang::Zh),
            thumbs: &thumbs,
        };
        let pdf = crate::report::render_record(&input, font)?;
        Ok((v.wo.number.clone(), pdf))
    }
}

#[cfg(test)]
mod tests;

/// The device answers no assignment questions (an import is a work order,
/// which needs none).
struct NoRecords;

impl Records for NoRecords {
    fn assignee_of(&self, _: &DocId) -> Option<String> {
        None
    }
}
