//! Photo bytes over loopback (issue 18): `photos.upload_20x2mb_mb_s` and
//! `photos.download_20x2mb_mb_s` time the device's upload client
//! (`sync::blobs::upload_pending`, 256 KiB chunks) and on-demand download
//! (`sync::blobs::fetch`, checked against the hash) of 20 photos of about
//! 2 MB against a real server on its SQLite file; `photos.resumed_upload_bytes`
//! is what an upload cut off at half way sends when it resumes (target:
//! the missing half only).

use std::time::Instant;

use onsite_core::rules::state::Role;
use onsite_core::sync::blobs::{fetch, upload_pending};
use onsite_core::sync::client::HttpTransport;
use onsite_test_support::blobs::{add_photo_refs, photo_bytes, MemBlobs};
use onsite_test_support::TestServer;

use crate::report::{Report, Target};

const PHOTOS: usize = 20;
const PHOTO_BYTES: usize = 2_000_000;

/// Megabytes per second of `bytes` moved in `secs`.
fn mb_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1_000_000.0 / secs.max(1e-9)
}

pub fn run(r: &mut Report) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let s = TestServer::start().await;
        let mut office = s.raw_device("office", Role::Office);
        let yang = s.raw_device("yangjinwei", Role::Engineer);
        let wo = office.send_order_for("yangjinwei").await;

        // 20 photos of ~2 MB taken on the engineer's device, named by the order.
        let device = MemBlobs::default();
        let photos: Vec<Vec<u8>> = (0..PHOTOS)
            .map(|i| photo_bytes(i as u8, PHOTO_BYTES))
            .collect();
        let hashes: Vec<String> = photos.iter().map(|p| device.put(p)).collect();
        let refs: Vec<(&str, &str)> = hashes.iter().map(|h| (h.as_str(), h.as_str())).collect();
        s.edit(&wo.id, |d| add_photo_refs(d, &refs));
        let total: usize = photos.iter().map(Vec::len).sum();

        let yang_http = HttpTransport::new(&s.url, &yang.token)?;
        let t = Instant::now();
        let up = upload_pending(&device, &yang_http).await?;
        let secs = t.elapsed().as_secs_f64();
        anyhow::ensure!(
            up.uploaded == PHOTOS,
            "uploaded {} of {PHOTOS}",
            up.uploaded
        );
        r.add(
            "photos.upload_20x2mb_mb_s",
            mb_s(total, secs),
            "MB/s",
            Target::None,
        );

        let office_blobs = MemBlobs::default();
        let office_http = HttpTransport::new(&s.url, &office.token)?;
        let t = Instant::now();
        for h in &hashes {
            let got = fetch(&office_blobs, &office_http, h).await?;
            anyhow::ensure!(got.is_some(), "photo {h} not downloaded");
        }
        let secs = t.elapsed().as_secs_f64();
        r.add(
            "photos.download_20x2mb_mb_s",
            mb_s(total, secs),
            "MB/s",
            Target::None,
        );

        // One more photo: its first half reaches the server, then the
        // connection drops; the client resumes.
        let photo = photo_bytes(200, PHOTO_BYTES);
        let resumed = MemBlobs::default();
        let hash = resumed.put(&photo);
        s.edit(&wo.id, |d| add_photo_refs(d, &[(&hash, &hash)]));
        let half = photo.len() / 2;
        s.patch_blob(
            &yang.token,
            &hash,
            0,
            Some(photo.len() as u64),
            photo[..half].to_vec(),
        )
        .await;
        let up = upload_pending(&resumed, &yang_http).await?;
        let missing = (photo.len() - half) as f64;
        r.add(
            "photos.resumed_upload_bytes",
            up.bytes_sent as f64,
            "B",
            Target::AtMost(missing),
        );
        s.stop().await;
        Ok(())
    })
}
