//! Scaling a photo for storage: the picture as taken (JPEG or PNG, from a
//! file or the camera) becomes a JPEG whose long side is at most
//! [`MAX_SIDE`] px (quality [`JPEG_QUALITY`]) and a thumbnail whose long
//! side is at most [`THUMB_SIDE`] px. The EXIF orientation a camera writes
//! is applied first, so a photo taken upright shows upright. The decoding,
//! resizing and encoding are the `image` crate's.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

/// The long side of the stored photo, px.
pub const MAX_SIDE: u32 = 2048;
/// The long side of the thumbnail, px.
pub const THUMB_SIDE: u32 = 320;
/// JPEG quality of the stored photo and the thumbnail.
pub const JPEG_QUALITY: u8 = 85;
/// The largest picture accepted as input: 40 MB.
pub const MAX_INPUT_BYTES: usize = 40 * 1000 * 1000;
/// Memory the decoder may allocate (a 100-megapixel RGBA picture).
const MAX_DECODE_ALLOC: u64 = 400 * 1024 * 1024;

/// Why a picture could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// Nothing was given.
    #[error("the photo is empty")]
    Empty,
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error("the photo is {size} bytes; a photo may be at most 40 MB")]
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// Not a JPEG or PNG picture, or a damaged one.
    #[error("not a photo Onsite can read (JPEG or PNG): {0}")]
    NotAnImage(String),
    /// Encoding the JPEG failed.
    #[error("the photo could not be encoded: {0}")]
    Encode(String),
}

/// A picture ready to store: the scaled JPEG and its thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The scaled JPEG.
    pub jpeg: Vec<u8>,
    /// Its width, px.
    pub width: u32,
    /// Its height, px.
    pub height: u32,
    /// The thumbnail JPEG.
    pub thumb: Vec<u8>,
}

/// Decodes `bytes`, applies the EXIF orientation, and encodes the scaled
/// photo and its thumbnail. A picture already within [`MAX_SIDE`] keeps
/// its size (it is re-encoded as JPEG all the same).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(PhotoError::TooLarge { size: bytes.len() });
    }
    let not_image = |e: image::ImageError| PhotoError::NotAnImage(e.to_string());
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::NotAnImage(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(not_image)?;
    let orientation = decoder.orientation().map_err(not_image)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(not_image)?;
    img.apply_orientation(orientation);
    let photo = within(img, MAX_SIDE);
    let thumb = within(photo.clone(), THUMB_SIDE);
    Ok(Prepared {
        width: photo.width(),
        height: photo.height(),
        jpeg: encode(&photo)?,
        thumb: encode(&thumb)?,
    })
}

/// `img` scaled down (aspect kept) so its long side is at most `side`.
fn within(img: DynamicImage, side: u32) -> DynamicImage {
    if img.width().max(img.height()) <= side {
        img
    } else {
        img.resize(side, side, FilterType::Triangle)
    }
}

/// `img` as a JPEG (RGB: JPEG has no alpha).
fn encode(img: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&DynamicImage::ImageRgb8(img.to_rgb8()))
        .map_err(|e| PhotoError::Encode(e.to_string()))?;
    Ok(out)
}

/// Tests: a PNG of `w` × `h` px, a gradient tinted by `seed` (different
/// seeds give different pictures, so different hashes).
#[cfg(any(test, feature = "test-support"))]
pub fn sample_png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, seed])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("a PNG in memory");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageFormat;

    fn png(w: u32, h: u32) -> Vec<u8> {
        sample_png(w, h, 90)
    }

    fn size_of(jpeg: &[u8]) -> (u32, u32, ImageFormat) {
        let r = ImageReader::new(Cursor::new(jpeg))
            .with_guessed_format()
            .unwrap();
        let f = r.format().unwrap();
        let img = r.decode().unwrap();
        (img.width(), img.height(), f)
    }

    #[test]
    fn a_4000_by_3000_png_becomes_a_2048_jpeg_and_a_320_thumbnail() {
        let p = prepare(&png(4000, 3000)).unwrap();
        assert_eq!((p.width, p.height), (2048, 1536));
        assert_eq!(size_of(&p.jpeg), (2048, 1536, ImageFormat::Jpeg));
        assert_eq!(size_of(&p.thumb), (320, 240, ImageFormat::Jpeg));
        assert!(p.thumb.len() < p.jpeg.len());
    }

    #[test]
    fn a_small_portrait_picture_keeps_its_size() {
        let p = prepare(&png(300, 500)).unwrap();
        assert_eq!((p.width, p.height), (300, 500));
        let (w, h, _) = size_of(&p.thumb);
        assert_eq!((w, h), (192, 320));
    }

    #[test]
    fn text_and_empty_input_are_refused_with_a_clear_error() {
        let e = prepare(b"not a picture at all").unwrap_err();
        assert!(matches!(e, PhotoError::NotAnImage(_)), "{e}");
        assert!(e.to_string().contains("JPEG or PNG"), "{e}");
        assert!(matches!(prepare(b""), Err(PhotoError::Empty)));
    }

    #[test]
    fn an_input_over_40_mb_is_refused_before_decoding() {
        let e = prepare(&vec![0u8; MAX_INPUT_BYTES + 1]).unwrap_err();
        assert!(matches!(e, PhotoError::TooLarge { .. }));
        assert!(e.to_string().contains("40 MB"), "{e}");
    }
}
