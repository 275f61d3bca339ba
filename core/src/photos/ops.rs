//! Adding and removing a work order's photos, as pure functions over the
//! typed document (like [`crate::ops`]): the office on any order, an
//! engineer on their own; never once the customer signed (the photos are
//! signed content, see [`crate::signoff`]) nor on a closed or cancelled
//! order; at most [`MAX_PHOTOS_PER_ORDER`] photos.

use super::model::Photo;
use super::{MAX_BLOB_BYTES, MAX_CAPTION_CHARS, MAX_PHOTOS_PER_ORDER};
use crate::model::WorkOrder;
use crate::ops::actor::{ensure_open, ensure_unsigned, Actor};
use crate::ops::OpError;

/// Appends `photo` to `wo`'s photos. The same picture twice (same hash) is
/// refused: it is already on the order.
pub fn add(wo: &mut WorkOrder, photo: Photo, actor: &Actor) -> Result<(), OpError> {
    actor.ensure_may_edit(wo, "add photos to a work order")?;
    ensure_unsigned(wo, "photos")?;
    ensure_open(wo, "add a photo")?;
    if wo.photos.len() >= MAX_PHOTOS_PER_ORDER {
        return Err(OpError::Invalid(format!(
            "photos: work order {} already has {MAX_PHOTOS_PER_ORDER} photos, the most one order may have",
            wo.number
        )));
    }
    if photo.caption.chars().count() > MAX_CAPTION_CHARS {
        return Err(OpError::Invalid(format!(
            "caption: at most {MAX_CAPTION_CHARS} characters"
        )));
    }
    if wo.photos.iter().any(|p| p.hash == photo.hash) {
        return Err(OpError::Invalid(format!(
            "photos: this photo is already on work order {}",
            wo.number
        )));
    }
    wo.photos.push(photo);
    Ok(())
}

/// Removes the photo whose `hash` (or thumbnail hash) is `hash`. Returns it.
pub fn remove(wo: &mut WorkOrder, hash: &str, actor: &Actor) -> Result<Photo, OpError> {
    actor.ensure_may_edit(wo, "remove photos from a work order")?;
    ensure_unsigned(wo, "photos")?;
    ensure_open(wo, "remove a photo")?;
    let i = wo
        .photos
        .iter()
        .position(|p| p.hash == hash || p.thumb == hash)
        .ok_or_else(|| {
            OpError::Invalid(format!(
                "photos: work order {} has no photo {hash}",
                wo.number
            ))
        })?;
    Ok(wo.photos.remove(i))
}

/// Whether `hash` names a blob: a SHA-256 in 64 lower-case hex digits.
pub fn is_blob_name(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The limits a work order's photo list keeps whoever wrote it (the write
/// rules check them on every change, see `crate::guard::roles::photos`).
pub fn check_list(photos: &[Photo]) -> Result<(), String> {
    if photos.len() > MAX_PHOTOS_PER_ORDER {
        return Err(format!(
            "{} photos; a work order has at most {MAX_PHOTOS_PER_ORDER}",
            photos.len()
        ));
    }
    for p in photos {
        if !is_blob_name(&p.hash) || !is_blob_name(&p.thumb) {
            return Err(format!(
                "a photo is named by the SHA-256 of its bytes (64 lower-case hex digits), not {:?}",
                p.hash
            ));
        }
        if p.bytes > MAX_BLOB_BYTES {
            return Err(format!(
                "photo {} is {} bytes; one photo may be at most {MAX_BLOB_BYTES}",
                p.hash, p.bytes
            ));
        }
        if p.caption.chars().count() > MAX_CAPTION_CHARS {
            return Err(format!(
                "photo {}: a caption is at most {MAX_CAPTION_CHARS} characters",
                p.hash
            ));
        }
    }
    let mut seen: Vec<&str> = photos.iter().map(|p| p.hash.as_str()).collect();
    seen.sort_unstable();
    if seen.windows(2).any(|w| w[0] == w[1]) {
        return Err("the same photo is listed twice".into());
    }
    Ok(())
}
