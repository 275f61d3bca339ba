//! The photos on the printed record: each as its thumbnail (a JPEG image
//! in the PDF, as `pdfimages` lists it) with its kind and caption (as
//! `pdftotext` reads it); a thumbnail the device lacks leaves a frame and
//! a note.

use std::collections::BTreeMap;

use super::tests::font_or_skip;
use super::*;
use crate::model::{Photo, PhotoKind};
use crate::photos::image::{sample_png, Prepared};
use crate::rules::RulesConfig;
use crate::store::blobs::hash_of;
use crate::testing::{at, WorkOrderBuilder};

/// The photo the device records for `prepared` (its hashes and sizes).
fn photo(prepared: &Prepared, kind: PhotoKind, caption: &str) -> Photo {
    Photo {
        hash: hash_of(&prepared.jpeg),
        thumb: hash_of(&prepared.thumb),
        kind,
        caption: caption.into(),
        width: prepared.width,
        height: prepared.height,
        bytes: prepared.jpeg.len() as u64,
        taken_at: at("2026-03-02T02:00:00Z"),
        by: "zhang".into(),
    }
}

fn record(wo: &WorkOrder, thumbs: &BTreeMap<String, Vec<u8>>, font: &CjkFont) -> Vec<u8> {
    let cfg = RulesConfig::default();
    let tier = crate::service::derive::tier_of(wo, &cfg);
    let charges = crate::service::derive::charges_for(wo, tier, None, &cfg);
    let names = BTreeMap::new();
    let input = RecordInput {
        wo,
        charges: &charges,
        tier,
        tz: cfg.tz,
        company: "Onsite",
        pickups: &[],
        names: &names,
        audit: None,
        audit_lang: crate::stats::Lang::Zh,
        thumbs,
    };
    render_record(&input, font).unwrap()
}

/// Runs poppler's `tool` with `args` on the PDF (then `-`, standard
/// output, for `pdftotext`).
fn run(tool: &str, args: &[&str], pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    match cmd.output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into()),
        Ok(out) => panic!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => {
            eprintln!("SKIPPED: {tool} not installed (apt-get install poppler-utils)");
            None
        }
    }
}

#[test]
fn the_printed_record_shows_each_photo_as_its_thumbnail_with_kind_and_caption() {
    let Some(font) = font_or_skip() else { return };
    let prepared = crate::photos::prepare(&sample_png(1200, 900, 40)).unwrap();
    let not_on_this_device = crate::photos::prepare(&sample_png(800, 600, 7)).unwrap();
    let mut wo = WorkOrderBuilder::new()
        .assigned_to("zhang")
        .signed()
        .build();
    wo.photos = vec![
        photo(&prepared, PhotoKind::Nameplate, "进样口铭牌"),
        photo(&not_on_this_device, PhotoKind::Repair, ""),
    ];
    let thumbs: BTreeMap<String, Vec<u8>> =
        [(hash_of(&prepared.thumb), prepared.thumb.clone())].into();
    let pdf = record(&wo, &thumbs, &font);
    if let Some(out) = std::env::var_os("ONSITE_PHOTOS_REPORT_OUT") {
        // To look at it: ONSITE_PHOTOS_REPORT_OUT=/tmp/p.pdf cargo test -p onsite-core --lib report::photo
        std::fs::write(out, &pdf).unwrap();
    }

    if let Some(list) = run("pdfimages", &["-list"], &pdf) {
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), 1, "one thumbnail on the record:\n{list}");
        let cols: Vec<&str> = images[0].split_whitespace().collect();
        assert_eq!((cols[3], cols[4]), ("320", "240"), "{list}");
        assert_eq!(cols[8], "jpeg", "embedded as the JPEG it is:\n{list}");
    }
    if let Some(text) = run("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf) {
        let text: String = text.split_whitespace().collect();
        assert!(text.contains("照片"), "{text}");
        assert!(text.contains("铭牌：进样口铭牌"), "{text}");
        assert!(text.contains("维修后（照片未在本机）"), "{text}");
    }
}

#[test]
fn a_record_without_photos_has_no_photo_section_and_no_image() {
    let Some(font) = font_or_skip() else { return };
    let wo = WorkOrderBuilder::new()
        .assigned_to("zhang")
        .signed()
        .build();
    let pdf = record(&wo, &BTreeMap::new(), &font);
    if let Some(list) = run("pdfimages", &["-list"], &pdf) {
        assert_eq!(list.lines().skip(2).count(), 0, "{list}");
    }
    if let Some(text) = run("pdftotext", &["-enc", "UTF-8"], &pdf) {
        assert!(!text.contains("照片"), "{text}");
    }
}
