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

    /// A JPEG of the sample picture (`w` × `h`) whose EXIF says it is to
    /// be shown turned: `orientation` as a camera writes it (1 upright,
    /// 3 upside down, 6 turned a quarter clockwise, …).
    fn camera_jpeg(w: u32, h: u32, orientation: u16) -> Vec<u8> {
        use image::codecs::jpeg::JpegEncoder;
        use image::ImageEncoder;
        // The EXIF block: a little-endian TIFF header, then one directory
        // with one entry, tag 0x0112 (Orientation), type SHORT, count 1.
        let mut exif = b"II*\0".to_vec();
        exif.extend(8u32.to_le_bytes()); // the directory follows the header
        exif.extend(1u16.to_le_bytes()); // one entry
        exif.extend(0x0112u16.to_le_bytes());
        exif.extend(3u16.to_le_bytes());
        exif.extend(1u32.to_le_bytes());
        exif.extend(orientation.to_le_bytes());
        exif.extend([0, 0]); // the value's field is four bytes
        exif.extend(0u32.to_le_bytes()); // no next directory
        let img = image::load_from_memory(&sample_png(w, h, 90))
            .unwrap()
            .to_rgb8();
        let mut out = Vec::new();
        let mut enc = JpegEncoder::new_with_quality(&mut out, 95);
        enc.set_exif_metadata(exif).unwrap();
        enc.write_image(&img, w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// The prepared photo's pixel at (`x`, `y`), red and green.
    fn red_green_at(p: &Prepared, x: u32, y: u32) -> (u8, u8) {
        let img = image::load_from_memory(&p.jpeg).unwrap().to_rgb8();
        let [r, g, _] = img.get_pixel(x, y).0;
        (r, g)
    }

    #[test]
    fn a_photo_the_camera_marked_as_turned_is_stored_upright() {
        // The sample's red grows to the right (x), its green downwards (y).
        let near =
            |(r, g): (u8, u8), (wr, wg): (u8, u8)| r.abs_diff(wr) <= 12 && g.abs_diff(wg) <= 12;
        let upright = prepare(&camera_jpeg(400, 200, 1)).unwrap();
        assert_eq!((upright.width, upright.height), (400, 200));
        assert!(near(red_green_at(&upright, 0, 0), (0, 0)));

        // Held sideways: shown turned a quarter clockwise, so the picture
        // is portrait and its top-left is the stored bottom-left corner.
        let sideways = prepare(&camera_jpeg(400, 200, 6)).unwrap();
        assert_eq!((sideways.width, sideways.height), (200, 400));
        let (_, th, _) = size_of(&sideways.thumb);
        assert_eq!(th, 320, "the thumbnail is portrait too");
        let top_left = red_green_at(&sideways, 0, 0);
        assert!(near(top_left, (0, 199)), "{top_left:?}");

        // Upside down: same size, its top-left is the stored bottom-right.
        let upside_down = prepare(&camera_jpeg(400, 200, 3)).unwrap();
        assert_eq!((upside_down.width, upside_down.height), (400, 200));
        let top_left = red_green_at(&upside_down, 0, 0);
        assert!(near(top_left, ((399 % 256) as u8, 199)), "{top_left:?}");
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
