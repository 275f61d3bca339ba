//! Photos on a work order 照片: the engineer photographs the fault, the
//! nameplate and the repair. The document carries only each photo's
//! metadata ([`model::Photo`]); the scaled JPEG and its thumbnail
//! ([`image::prepare`]) are blobs stored once by their SHA-256
//! (`store::blobs` on the device, the server's blob store) and travel apart
//! from the documents. [`ops`]: who may add and remove them, and when.

pub mod image;
pub mod model;
pub mod ops;

pub use self::image::{prepare, PhotoError, Prepared};
pub use model::{Photo, PhotoKind};

/// At most this many photos on one work order.
pub const MAX_PHOTOS_PER_ORDER: usize = 50;

/// The longest caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 200;

/// The largest blob (one scaled photo) a device stores or the server
/// accepts: 8 MiB.
pub const MAX_BLOB_BYTES: u64 = 8 * 1024 * 1024;
