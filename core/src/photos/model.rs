//! A photo on a work order as the document records it: only metadata (the
//! two SHA-256 hashes, kind, caption, size, when and by whom). The bytes live
//! apart, content-addressed, in the device's `blobs` table and on the server
//! (see `docs/schema.md` and `docs/sync-protocol.md`).

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::scalars::{hydrate_i64, Ts};
use crate::model::tolerant::or_empty;
use crate::string_enum;

string_enum! {
    /// What a photo shows.
    pub enum PhotoKind {
        /// The fault 故障.
        Fault = "fault",
        /// The nameplate 铭牌.
        Nameplate = "nameplate",
        /// After the repair 维修后.
        Repair = "repair",
        /// Anything else 其他.
        Other = "other",
    }
}

/// One photo attached to a work order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct Photo {
    /// SHA-256 (lower-case hex) of the stored, scaled JPEG.
    pub hash: String,
    /// SHA-256 (lower-case hex) of the thumbnail JPEG.
    pub thumb: String,
    /// What it shows.
    pub kind: PhotoKind,
    /// The engineer's caption; may be empty.
    #[autosurgeon(hydrate = "or_empty")]
    #[serde(default)]
    pub caption: String,
    /// Width of the scaled JPEG, px.
    #[autosurgeon(hydrate = "hydrate_count")]
    pub width: u32,
    /// Height of the scaled JPEG, px.
    #[autosurgeon(hydrate = "hydrate_count")]
    pub height: u32,
    /// Size of the scaled JPEG, bytes.
    #[autosurgeon(hydrate = "hydrate_count")]
    pub bytes: u64,
    /// When it was added (device clock).
    pub taken_at: Ts,
    /// Who added it (user name).
    pub by: String,
}

/// Reads a non-negative integer that fits `T` (any numeric scalar, as
/// `hydrate_i64` reads it): a pixel or byte count.
fn hydrate_count<T: TryFrom<i64>, D: autosurgeon::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    prop: autosurgeon::Prop<'_>,
) -> Result<T, autosurgeon::HydrateError> {
    let n = hydrate_i64(doc, obj, prop)?;
    T::try_from(n).map_err(|_| {
        let want = format!("a count that fits a {}", std::any::type_name::<T>());
        autosurgeon::HydrateError::unexpected(want, n.to_string())
    })
}
