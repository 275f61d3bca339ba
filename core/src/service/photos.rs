//! Photos on a work order through the facade: adding one (scaled and
//! thumbnailed, both blobs and the metadata in ONE store transaction),
//! removing one, and reading a photo's bytes when the device holds them.
//! The rules are [`crate::photos::ops`]; the bytes' store is
//! [`crate::store::blobs`].

use super::{ensure_seal_kept, ApiError, Device, Edited, WorkOrderView};
use crate::doc;
use crate::model::{DocId, DocKind, WorkOrder};
use crate::photos::{self, Photo, PhotoKind};
use crate::store::blobs::hash_of;
use crate::store::StoreError;

impl Device {
    /// Adds a photo to work order `id`: `bytes` (a JPEG or PNG as taken)
    /// are scaled to a JPEG of at most 2048 px and a 320 px thumbnail; both
    /// are stored by their SHA-256 and the photo's metadata is written into
    /// the order, all in one transaction. The office on any order, the
    /// engineer on their own; refused once the customer signed.
    pub fn add_photo(
        &mut self,
        id: &DocId,
        bytes: &[u8],
        kind: PhotoKind,
        caption: &str,
    ) -> Result<WorkOrderView, ApiError> {
        if id.kind() != DocKind::WorkOrder {
            return Err(ApiError::invalid(format!("{id} is not a work order")));
        }
        let prepared =
            photos::prepare(bytes).map_err(|e| ApiError::invalid(format!("photo: {e}")))?;
        let photo = Photo {
            hash: hash_of(&prepared.jpeg),
            thumb: hash_of(&prepared.thumb),
            kind,
            caption: caption.trim().to_owned(),
            width: prepared.width,
            height: prepared.height,
            bytes: prepared.jpeg.len() as u64,
            taken_at: self.now().into(),
            by: self.actor.name.clone(),
        };
        let (actor, cfg) = (self.actor.clone(), self.cfg().clone());
        let blobs: [&[u8]; 2] = [&prepared.thumb, &prepared.jpeg];
        let edited =
            self.store
                .transact_with_blobs(&blobs, std::slice::from_ref(id), |docs, reader| {
                    let mut wo: WorkOrder = doc::read(&docs[0], DocKind::WorkOrder)?;
                    let before = wo.clone();
                    photos::ops::add(&mut wo, photo, &actor)?;
                    ensure_seal_kept(&before, &wo)?;
                    doc::write(&mut docs[0], &wo)?;
                    Edited::of(wo, &docs[0], reader, &cfg)
                })?;
        edited.into_view(self)
    }

    /// Removes the photo `hash` (its hash or its thumbnail's) from work
    /// order `id`; same rules as [`Device::add_photo`]. The bytes stay in
    /// the store (another order may show the same picture) but no longer
    /// wait for upload.
    pub fn remove_photo(&mut self, id: &DocId, hash: &str) -> Result<WorkOrderView, ApiError> {
        self.edit_wo(id, |wo, actor, _| {
            photos::ops::remove(wo, hash, actor).map(drop)
        })
    }

    /// The bytes of photo or thumbnail `hash` when this device holds them;
    /// `None` otherwise (the shell then asks the server). A stored copy
    /// found damaged is deleted and reads as `None`, so it is fetched again.
    pub fn photo(&self, hash: &str) -> Result<Option<Vec<u8>>, ApiError> {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::invalid(format!(
                "{hash:?} is not a photo's name (64 hex digits)"
            )));
        }
        match self.store.blob(&hash.to_ascii_lowercase()) {
            Ok(b) => Ok(b),
            Err(StoreError::CorruptBlob { hash }) => {
                tracing::warn!(hash, "damaged photo removed: fetched again from the server");
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The thumbnails of work order `id`'s photos this device does not
    /// hold (a photo taken on the engineer's phone reaches the office's
    /// device only when asked for): what the printed record still needs
    /// from the server ([`crate::sync::blobs::fetch_each`]).
    pub fn thumbnails_missing(&self, id: &DocId) -> Result<Vec<String>, ApiError> {
        let (_, wo) = self.load_wo(id)?;
        let mut missing = Vec::new();
        for p in &wo.photos {
            if self.photo(&p.thumb)?.is_none() && !missing.contains(&p.thumb) {
                missing.push(p.thumb.clone());
            }
        }
        Ok(missing)
    }
}

#[cfg(test)]
mod tests;
