//! Photo bytes end to end (issue 18) with the device's upload client over
//! HTTP against a real server: photos taken while the server is stopped
//! arrive once it is back, the office downloads the same bytes, an upload
//! cut off half way sends only the missing half, and an engineer cannot
//! download a photo of an order that is not theirs.
//!
//! The last test is the whole visit on real devices: the engineer
//! photographs a fault with the server stopped (`Device::add_photo`), and
//! after it is back the office's device sees the photo in the order and
//! downloads the very bytes the engineer took; once the engineer has
//! signed, the office prints the record and the photo is on it (the
//! thumbnail fetched from the server for the print). The others drive the upload
//! client on a [`MemBlobs`] store, the order's `photos` written through
//! Automerge.

use onsite_core::photos::image::sample_png;
use onsite_core::photos::PhotoKind;
use onsite_core::rules::state::Role;
use onsite_core::sync::blobs::{fetch, fetch_each, sha256_hex, upload_pending, BlobAccess};
use onsite_core::sync::client::{HttpTransport, SyncError};
use onsite_tests::blobs::{add_photo_refs, photo_bytes, MemBlobs};
use onsite_tests::{new_order, scratch_dir, TestServer};

#[tokio::test]
async fn photos_taken_with_the_server_stopped_arrive_after_it_restarts() {
    let dir = scratch_dir();
    let s = TestServer::options().data_dir(dir.path()).start().await;
    let mut office = s.raw_device("office", Role::Office);
    let yang = s.raw_device("yangjinwei", Role::Engineer);
    let wo = office.send_order_for("yangjinwei").await;
    let addr: std::net::SocketAddr = s.url.trim_start_matches("http://").parse().unwrap();
    let url = s.url.clone();
    s.stop().await;

    // At the site, no server: a 2 MB photo and its thumbnail.
    let device = MemBlobs::default();
    let (photo, thumb) = (photo_bytes(1, 2_000_000), photo_bytes(2, 30_000));
    let (hp, ht) = (device.put(&photo), device.put(&thumb));
    let yang_http = HttpTransport::new(&url, &yang.token).unwrap();
    let err = upload_pending(&device, &yang_http).await.unwrap_err();
    assert!(matches!(err, SyncError::Offline(_)), "{err}");
    assert_eq!(device.to_upload().unwrap(), vec![ht.clone(), hp.clone()]);

    // The server is back where it was; the order's photos came with the
    // document sync.
    let s = TestServer::options()
        .data_dir(dir.path())
        .addr(addr)
        .start()
        .await;
    s.edit(&wo.id, |d| add_photo_refs(d, &[(&hp, &ht)]));
    let up = upload_pending(&device, &yang_http).await.unwrap();
    assert_eq!((up.uploaded, up.waiting), (2, 0));
    assert_eq!(up.bytes_sent, (photo.len() + thumb.len()) as u64);
    assert!(device.to_upload().unwrap().is_empty(), "nothing waits");
    let again = upload_pending(&device, &yang_http).await.unwrap();
    assert_eq!(again.bytes_sent, 0);

    // The office's device fetches the thumbnail, then the photo: the same
    // bytes, kept for the next time.
    let office_blobs = MemBlobs::default();
    let office_http = HttpTransport::new(&s.url, &office.token).unwrap();
    let got = fetch(&office_blobs, &office_http, &ht).await.unwrap();
    assert_eq!(got.as_deref(), Some(&thumb[..]));
    let got = fetch(&office_blobs, &office_http, &hp).await.unwrap();
    assert_eq!(got.as_deref(), Some(&photo[..]));
    assert!(office_blobs.holds(&hp));
    s.stop().await;
}

#[tokio::test]
async fn an_upload_cut_off_half_way_sends_only_the_missing_half() {
    let s = TestServer::start().await;
    let yang = s.raw_device("yangjinwei", Role::Engineer);
    let device = MemBlobs::default();
    let photo = photo_bytes(3, 2_000_000);
    let hash = device.put(&photo);
    let half = photo.len() / 2;
    let a = s
        .patch_blob(
            &yang.token,
            &hash,
            0,
            Some(photo.len() as u64),
            photo[..half].to_vec(),
        )
        .await;
    assert_eq!(a.status, 204);
    let http = HttpTransport::new(&s.url, &yang.token).unwrap();
    let up = upload_pending(&device, &http).await.unwrap();
    assert_eq!(up.uploaded, 1);
    assert_eq!(
        up.bytes_sent,
        (photo.len() - half) as u64,
        "the missing half only"
    );
    assert_eq!(s.store().blob(&hash).unwrap().unwrap(), photo);
    s.stop().await;
}

#[tokio::test]
async fn an_engineer_cannot_fetch_a_photo_of_another_engineers_order() {
    let s = TestServer::start().await;
    let mut office = s.raw_device("office", Role::Office);
    let yang = s.raw_device("yangjinwei", Role::Engineer);
    let tang = s.raw_device("tangrong", Role::Engineer);
    let wo = office.send_order_for("yangjinwei").await;
    let photo = photo_bytes(4, 50_000);
    let hash = s.upload_blob(&yang.token, &photo).await;
    s.edit(&wo.id, |d| add_photo_refs(d, &[(&hash, &hash)]));
    let tang_blobs = MemBlobs::default();
    let http = HttpTransport::new(&s.url, &tang.token).unwrap();
    assert_eq!(fetch(&tang_blobs, &http, &hash).await.unwrap(), None);
    assert!(!tang_blobs.holds(&hash));
    assert_eq!(sha256_hex(&photo), hash);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_engineer_photographs_a_fault_offline_and_the_office_sees_it_after_the_network_returns()
{
    let dir = scratch_dir();
    let s = TestServer::options().data_dir(dir.path()).start().await;
    let office = s.device("office", Role::Office);
    let engineer = s.device("yangjinwei", Role::Engineer);
    let id = office.create_order(new_order("华东仪器"), None);
    office
        .with(|d| d.assign(&id, "yangjinwei"))
        .expect("assigned");
    office.sync().await;
    engineer.sync().await;
    let addr: std::net::SocketAddr = s.url.trim_start_matches("http://").parse().unwrap();
    s.stop().await;

    // At the site, the network off: the engineer photographs the fault.
    let taken = sample_png(1600, 1200, 7);
    let view = engineer
        .with(|d| d.add_photo(&id, &taken, PhotoKind::Fault, "电源板烧毁"))
        .expect("the photo is added offline");
    let photo = view.wo.photos[0].clone();
    assert!(engineer.try_sync().await.is_err(), "no server yet");
    let on_device = engineer
        .with(|d| d.photo(&photo.hash))
        .unwrap()
        .expect("kept on the device");
    assert_eq!(sha256_hex(&on_device), photo.hash);

    // The network returns.
    let s = TestServer::options()
        .data_dir(dir.path())
        .addr(addr)
        .start()
        .await;
    engineer.sync().await;
    office.sync().await;
    let seen = office.with(|d| d.get_work_order(&id)).unwrap();
    assert_eq!(seen.wo.photos.len(), 1);
    let meta = &seen.wo.photos[0];
    assert_eq!(
        (meta.hash.as_str(), meta.kind, meta.caption.as_str()),
        (photo.hash.as_str(), PhotoKind::Fault, "电源板烧毁")
    );
    assert!(
        office.with(|d| d.photo(&meta.thumb)).unwrap().is_none(),
        "not on the office's device until asked for"
    );
    let thumb = fetch(&*office.device, &office.transport, &meta.thumb)
        .await
        .unwrap()
        .expect("the thumbnail from the server");
    assert_eq!(sha256_hex(&thumb), meta.thumb);
    let full = fetch(&*office.device, &office.transport, &meta.hash)
        .await
        .unwrap()
        .expect("the photo from the server");
    assert_eq!(full, on_device, "the very bytes the engineer took");

    // The engineer signs at the site; the office, holding no thumbnail,
    // prints the record: the thumbnail comes from the server for it.
    engineer.with(|d| onsite_core::testing::visit_and_sign(d, &id));
    engineer.sync().await;
    office.sync().await;
    let fresh = s.device("office", Role::Office);
    fresh.sync().await;
    let missing = fresh.with(|d| d.thumbnails_missing(&id)).unwrap();
    assert_eq!(
        missing,
        vec![meta.thumb.clone()],
        "a new office device holds no photo"
    );
    let (held, failed) = fetch_each(&*fresh.device, &fresh.transport, &missing).await;
    assert_eq!((held, failed.map(|e| e.to_string())), (1, None));
    assert!(fresh
        .with(|d| d.thumbnails_missing(&id))
        .unwrap()
        .is_empty());
    print_shows_the_photo(&fresh, &id, "故障：电源板烧毁");
    s.stop().await;
}

/// Prints order `id` on `device` to a folder and checks with poppler that
/// the record embeds one 320 px JPEG (the thumbnail) under `caption`.
fn print_shows_the_photo(
    device: &onsite_tests::TestDevice,
    id: &onsite_core::model::DocId,
    caption: &str,
) {
    use onsite_core::service::transfer::ExportTo;
    let font = match onsite_core::report::CjkFont::from_system() {
        Ok(f) => f,
        Err(e) => return eprintln!("SKIPPED: {e}"),
    };
    let out = scratch_dir();
    let written = device
        .with(|d| d.export_pdf_to(id, ExportTo::Folder(out.path()), &font, "Onsite", None))
        .expect("the record prints");
    let pdf = std::path::PathBuf::from(&written.path);
    let run = |tool: &str, args: &[&str]| -> Option<String> {
        match std::process::Command::new(tool)
            .args(args)
            .arg(&pdf)
            .arg("-")
            .output()
        {
            Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into()),
            Ok(o) => panic!("{tool}: {}", String::from_utf8_lossy(&o.stderr)),
            Err(_) => {
                eprintln!("SKIPPED: {tool} not installed (apt-get install poppler-utils)");
                None
            }
        }
    };
    if let Some(text) = run("pdftotext", &["-enc", "UTF-8"]) {
        let text: String = text.split_whitespace().collect();
        assert!(text.contains(caption), "{text}");
        assert!(!text.contains("照片未在本机"), "{text}");
    }
    if let Some(list) = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    {
        let images: Vec<Vec<&str>> = list
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(images.len(), 1, "one thumbnail on the record:\n{list}");
        assert_eq!((images[0][3], images[0][8]), ("320", "jpeg"), "{list}");
    }
}
