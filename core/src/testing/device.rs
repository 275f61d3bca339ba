//! [`TempDevice`]: the app's [`Device`] facade on a SQLite file in a
//! temporary directory, with a [`FixedClock`] the test moves by hand
//! (keep an `Arc` of it, or set `device.clock`).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tempfile::TempDir;

use crate::clock::FixedClock;
use crate::demo::SeedDemo;
use crate::doc;
use crate::model::{DocId, DocKind, WorkOrder};
use crate::ops::{Actor, ServicePatch};
use crate::rules::state::{Action, Role, Status};
use crate::rules::{RulesConfig, StockLevel};
use crate::service::{Device, WoFilter, WorkOrderView};

/// A device on its own temporary file; dereferences to the [`Device`].
/// The file is deleted when this is dropped.
pub struct TempDevice {
    /// The facade.
    pub device: Device,
    _dir: TempDir,
}

impl TempDevice {
    /// A device signed in as `actor` whose clock shows `now`.
    pub fn at(actor: Actor, now: DateTime<Utc>) -> TempDevice {
        TempDevice::with_clock(actor, Arc::new(FixedClock::new(now)))
    }

    /// A device signed in as `actor` on `clock` (shared with other devices).
    pub fn with_clock(actor: Actor, clock: Arc<FixedClock>) -> TempDevice {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let device = Device::open(
            &dir.path().join("device.db"),
            clock,
            RulesConfig::default(),
            actor,
        )
        .expect("open the device");
        TempDevice { device, _dir: dir }
    }

    /// Its clock shows `now` from here on: a clock of its own, no longer
    /// one it shared with other devices.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.device.clock = Arc::new(FixedClock::new(now));
    }

    /// Stores the documents `ids` as they are on `other`, as a sync brings
    /// them to this device.
    pub fn receive_from(&mut self, other: &Device, ids: &[&DocId]) {
        for id in ids {
            let mut am = other
                .store
                .load(id)
                .expect("load the document")
                .unwrap_or_else(|| panic!("{id} is not on the other device"));
            self.device
                .store
                .create_doc_merging(id, &mut am)
                .expect("store the document");
        }
    }

    /// The office's device with the demo data seeded at `now`, its signed
    /// orders filed at `now` as the sync server files them on their first
    /// sync (the demo's closing step, `close_demo_orders`, is the caller's).
    pub fn demo_filed(now: DateTime<Utc>) -> TempDevice {
        let mut dev = TempDevice::at(Actor::new("office", Role::Office), now);
        dev.seed_demo(now).expect("seed the demo");
        let signed = dev
            .list_work_orders(WoFilter {
                statuses: Some(vec![Status::Signed]),
                ..Default::default()
            })
            .expect("the signed orders");
        for row in signed {
            dev.store
                .edit(std::slice::from_ref(&row.row.id), |docs| {
                    let mut wo: WorkOrder = doc::read(&docs[0], DocKind::WorkOrder)?;
                    crate::ops::record_filing(&mut wo, now, "sync", "server")?;
                    doc::write(&mut docs[0], &wo)?;
                    Ok::<_, crate::service::ApiError>(())
                })
                .expect("file the signed order");
        }
        dev
    }
}

/// The engineer's whole visit on `id` through the facade, as the screens
/// drive it: respond, depart, arrive, the work done, resolve, and the
/// customer 王工 signs with [`super::signature`].
pub fn visit_and_sign(dev: &mut Device, id: &DocId) -> WorkOrderView {
    for action in [Action::Respond, Action::Depart, Action::Arrive] {
        dev.act(id, action).expect("a visit step");
    }
    let work = ServicePatch {
        work_done: Some("更换电源模块".into()),
        labour_minutes: Some(90),
        ..Default::default()
    };
    dev.update_service(id, work).expect("the work done");
    dev.act(id, Action::Resolve).expect("resolve");
    dev.sign(id, super::satisfied_sign_input())
        .expect("the customer signs")
}

/// The main warehouse's stock row of part `part_no` as the device lists
/// it: quantity and level.
pub fn stock_of(dev: &Device, part_no: &str) -> (i64, StockLevel) {
    let row = dev
        .list_stock(Some(crate::model::MAIN_WAREHOUSE.into()))
        .expect("list stock")
        .into_iter()
        .find(|s| s.part_no == part_no)
        .unwrap_or_else(|| panic!("no stock row for {part_no}"));
    (row.qty, row.level)
}

impl Deref for TempDevice {
    type Target = Device;
    fn deref(&self) -> &Device {
        &self.device
    }
}

impl DerefMut for TempDevice {
    fn deref_mut(&mut self) -> &mut Device {
        &mut self.device
    }
}
