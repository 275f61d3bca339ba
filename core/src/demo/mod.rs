//! Demo data for a fresh device: customers with sites in 内蒙古, 四川, 重庆,
//! 云南 and 贵州, equipment in every warranty tier (one second-hand unit not
//! with its original end user), two maintenance contracts (one ending
//! within 30 days), the running one's planned visit due created, a loaner pool of
//! three units (one out on the order awaiting parts), a parts catalogue
//! with stock in two warehouses, 总库 `main` and 分库 `branch` (the company
//! settings list both; one part low, one negative after a pickup not yet
//! confirmed), and a dozen open work orders of every priority across the
//! five engineers, each driven to
//! its status through the ops so timelines and histories are real. For the
//! office's screens: eight orders visited and signed that the office
//! closes last month and this month once the sync server has filed them
//! (so the complaint report has a rate, and follow-ups are open and
//! recorded), four complaints at different steps (one closed, one found
//! not ours, one waiting for its analysis), the customers' past yearly
//! surveys and visits (some due, some overdue) and a planned visit.
//! Four of the nine signed orders (last month and this month) used spare
//! parts — three different parts, from both warehouses — as an engineer
//! records them: picked on site (the stock moved, the storekeeper counted
//! them out), marked used, and charged at the tier's terms in the signed
//! charges, so the reports' parts tables have rows.
//!
//! Everything is created in one store transaction; running it again on a
//! device that has the demo data does nothing. Closing the filed orders is
//! a second step, [`SeedDemo::close_demo_orders`], after the first sync.
//!
//! Used by `onsite-app --seed-demo` (what `make run` seeds the office device
//! with) and by the tests. The tables are in [`data`] (customers, parts,
//! open orders) and `office_data` (the office's); this file drives the
//! first through the ops into one transaction, `office` the second.

pub mod data;
mod office;
mod office_data;

use std::collections::BTreeMap;

use automerge::AutoCommit;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use ts_rs::TS;

pub use data::ENGINEERS;
use data::{contract, customers, part, path_to, ORDERS, PARTS};

use crate::model::*;
use crate::ops::{self, Actor, NewPickup, NewWorkOrder, ServicePatch, SignInput};
use crate::rules::localtime::local_date;
use crate::rules::state::{Action, Role};
use crate::service::derive::{charges_for, tier_of};
use crate::service::{ApiError, Device, NewDoc};
use crate::settings::{self, CompanySettings};
use crate::warehouse::{self as stock_ops, moves, MoveKind};

/// What [`SeedDemo::seed_demo`] created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SeedSummary {
    /// Customers.
    pub customers: u32,
    /// Parts.
    pub parts: u32,
    /// Work orders.
    pub work_orders: u32,
    /// False when demo data was already there (nothing was created).
    pub created: bool,
}

/// Demo data on a [`Device`]: `use onsite_core::demo::SeedDemo;` then
/// `device.seed_demo(now)`. A trait here rather than a method of the
/// service facade, so the facade carries no demo data.
pub trait SeedDemo {
    /// Fills a fresh device with realistic demo data as of `now`. Returns
    /// what it created; does nothing when the demo data is already there.
    fn seed_demo(&mut self, now: DateTime<Utc>) -> Result<SeedSummary, ApiError>;

    /// The second step, after the seeded device has synced: closes the
    /// demo's signed orders the sync server has filed (only the server
    /// files), each with its follow-up task, as of the days the demo
    /// gives (last month, or `now`). Returns how many it closed: none
    /// before the server filed them, none once they are closed.
    fn close_demo_orders(&mut self, now: DateTime<Utc>) -> Result<u32, ApiError>;
}

impl SeedDemo for Device {
    fn seed_demo(&mut self, now: DateTime<Utc>) -> Result<SeedSummary, ApiError> {
        seed(self, now)
    }

    fn close_demo_orders(&mut self, now: DateTime<Utc>) -> Result<u32, ApiError> {
        office::close_filed(self, now)
    }
}

/// What [`SeedDemo::seed_demo`] does.
fn seed(device: &mut Device, now: DateTime<Utc>) -> Result<SeedSummary, ApiError> {
    let marker = DocId::with_suffix(DocKind::Part, PARTS[0].0);
    if device.store.load(&marker)?.is_some() {
        return Ok(SeedSummary {
            customers: 0,
            parts: 0,
            work_orders: 0,
            created: false,
        });
    }
    let tz = device.cfg().tz;
    let today = local_date(now, tz);
    let office = Actor::new("office", Role::Office);
    let mut custs = customers(today);
    // Every seeded document is written under this device's actor, at the
    // device's time (the seeded stamps inside them keep their own times).
    let maker = device.doc_maker();
    let care = office::care(&maker, &mut custs, now, tz)?;
    let mut new: Vec<(DocId, AutoCommit)> = Vec::new();
    let mut add = |id: &DocId, am: AutoCommit| new.push((id.clone(), am));
    for c in &custs {
        add(&c.id, maker.create(DocKind::Customer, c)?);
    }
    for (id, am) in care {
        add(&id, am);
    }
    let k = contract(today, &custs[2]);
    add(&k.id, maker.create(DocKind::Contract, &k)?);
    let ending = data::ending_contract(today, &custs[5]);
    add(&ending.id, maker.create(DocKind::Contract, &ending)?);

    if device.store.load(&settings::settings_id())?.is_none() {
        let s = CompanySettings {
            warehouses: data::warehouses(),
            loaners: data::loaners(),
            ..CompanySettings::default()
        };
        add(&s.id.clone(), maker.create(DocKind::Settings, &s)?);
    }
    let mut stock = Stock::new(&maker)?;

    let mut orders = 0;
    for o in ORDERS.iter() {
        let (ci, target) = (o.customer, o.target.as_str());
        let c = &custs[ci];
        let reported = now - Duration::hours(o.hours_since_call) - Duration::minutes(10);
        let mut wo = new_order(
            device,
            c,
            o.equipment,
            o.priority,
            &o.fault,
            reported,
            target != "resolved",
        )?;
        let steps = path_to(target);
        let gap = (now - reported) / (steps.len() as i32 + 2);
        if let Some(name) = o.engineer.as_deref() {
            ops::assign(&mut wo, name, &office, reported + gap / 2)?;
            let eng = Actor::new(name, Role::Engineer);
            for (i, a) in steps.iter().enumerate() {
                if *a == Action::Resolve {
                    let work = ServicePatch {
                        work_done: Some("远程指导重启并校准，恢复正常".into()),
                        ..Default::default()
                    };
                    ops::update_service(&mut wo, work, &eng)?;
                    if target == "signed" {
                        // On site, before resolving: the lamp picked and fitted.
                        let picked = reported + gap * (i as i32) + gap / 2;
                        stock.use_parts(&mut wo, UV_LAMP.parts, &eng, picked)?;
                    }
                }
                ops::apply_action(&mut wo, *a, &eng, reported + gap * (i as i32 + 1))?;
            }
            if target == "on_site" && ci == 6 {
                // The ICP torch: two picked against one in stock, not yet
                // counted out by the storekeeper.
                stock.pick("ICP-TORCH", 2, MAIN_WAREHOUSE, &wo, &eng, now - gap)?;
            }
            if target == "signed" {
                sign_order(
                    device,
                    &mut wo,
                    &UV_LAMP,
                    &stock.pickups,
                    &eng,
                    now - gap / 2,
                )?;
            }
            if target == "awaiting_parts" {
                // Late for days, waiting for parts: a loaner went to the
                // customer (the order on hold, late too, still prompts).
                let (model, serial) = data::LOANER_OUT;
                ops::issue_loaner(&mut wo, model, serial, &office, reported + gap)?;
            }
        }
        add(&wo.id.clone(), maker.create(DocKind::WorkOrder, &wo)?);
        orders += 1;
    }
    let signed = office::signed_orders(device, &custs, &mut stock, now)?;
    for c in office::complaints(&custs, &signed, now, tz)? {
        add(&c.id, maker.create(DocKind::Complaint, &c)?);
    }
    for wo in &signed {
        add(&wo.id, maker.create(DocKind::WorkOrder, wo)?);
        orders += 1;
    }
    for p in &stock.pickups {
        add(&p.id, maker.create(DocKind::Pickup, p)?);
    }
    let parts = stock.parts.len() as u32;
    for (p, am) in stock.parts.iter().zip(stock.docs) {
        add(&p.id, am);
    }
    device
        .store
        .transact(new, &[], |_, _| Ok::<_, ApiError>(()))?;
    // The contracts' planned visits due now, on the office board.
    orders += device.plan_visits()?.created.len() as u32;
    Ok(SeedSummary {
        customers: custs.len() as u32,
        parts,
        work_orders: orders,
        created: true,
    })
}

/// A new work order, called in at `reported` by the office, for
/// instrument `ei` of customer `c`.
fn new_order(
    device: &mut Device,
    c: &Customer,
    ei: usize,
    priority: Priority,
    fault: &str,
    reported: DateTime<Utc>,
    visit_needed: bool,
) -> Result<WorkOrder, ApiError> {
    let eq = &c.equipment[ei];
    let input = NewWorkOrder {
        order_kind: if fault.starts_with("季度") {
            OrderKind::Maintenance
        } else {
            OrderKind::Repair
        },
        priority,
        customer_id: Some(c.id.clone()),
        customer: CustomerInfo {
            org: c.org.clone(),
            site_address: c.site_address.clone(),
            contact: c.contact.clone(),
            phone: c.phone.clone(),
        },
        equipment: EquipmentInfo {
            model: eq.model.clone(),
            serial: eq.serial.clone(),
            accepted_on: eq.accepted_on,
            original_end_user: eq.original_end_user,
        },
        contract_id: eq.contract_id.clone(),
        fault: fault.into(),
        reported_at: Some(reported.into()),
        visit_needed,
        repair_items: vec!["故障诊断".into(), "维修并验证".into()],
        estimate_fen: 0,
        appointment: None,
        save_equipment: false,
    };
    let number = device.next_number()?;
    Ok(ops::new_work_order(input, number, "office", reported))
}

/// A spare part an engineer picked for a demo visit and used up: part
/// number, pieces, warehouse.
type UsedPart = (&'static str, i64, &'static str);

/// What the engineer recorded and the customer signed on a demo visit.
struct Visit {
    work_done: &'static str,
    findings: &'static str,
    signer: &'static str,
    opinion: &'static str,
    satisfaction: i64,
    /// The parts picked on site and used (none: nothing fitted).
    parts: &'static [UsedPart],
}

/// The open orders' signed record (重庆, the UV detector's lamp, from
/// the branch store).
const UV_LAMP: Visit = Visit {
    work_done: "更换紫外检测器钨灯，校准波长，运行标准样品验证",
    findings: "钨灯灯丝断裂",
    signer: "赵刚",
    opinion: "维修及时，仪器恢复正常",
    satisfaction: 5,
    parts: &[("UV-LAMP-W", 1, data::BRANCH)],
};

/// The storekeeper, who counts the demo's used pickups out.
const STOREKEEPER: &str = "storekeeper";

/// The demo catalogue, its part documents (stock in both warehouses, each
/// pickup's movement recorded on them) and the pickups made.
struct Stock {
    parts: Vec<Part>,
    docs: Vec<AutoCommit>,
    pickups: Vec<Pickup>,
}

impl Stock {
    /// The parts of [`PARTS`], stocked: the branch store keeps about half
    /// as many as `main`.
    fn new(maker: &NewDoc) -> Result<Stock, ApiError> {
        let parts: Vec<Part> = PARTS.iter().map(part).collect();
        let mut docs = Vec::new();
        for (p, seed) in parts.iter().zip(PARTS.iter()) {
            let mut am = maker.create(DocKind::Part, p)?;
            let start = BTreeMap::from([
                (MAIN_WAREHOUSE.to_string(), seed.4),
                (data::BRANCH.to_string(), seed.4 / 2),
            ]);
            moves::init_part(&mut am, &start)?;
            docs.push(am);
        }
        Ok(Stock {
            parts,
            docs,
            pickups: Vec::new(),
        })
    }

    /// `eng` picks `qty` of part `part_no` from `warehouse` for `wo` at
    /// `at`, its movement (−qty) recorded on the part's document as the
    /// service's pickup does. Returns the pickup's index in `pickups`.
    fn pick(
        &mut self,
        part_no: &str,
        qty: i64,
        warehouse: &str,
        wo: &WorkOrder,
        eng: &Actor,
        at: DateTime<Utc>,
    ) -> Result<usize, ApiError> {
        let i = self
            .parts
            .iter()
            .position(|p| p.part_no == part_no)
            .unwrap_or_else(|| panic!("{part_no} is a demo part"));
        stock_ops::ops::ensure_active(&self.parts[i])?;
        let req = NewPickup {
            qty,
            serials: vec![],
            warehouse: warehouse.into(),
        };
        let pickup = ops::new_pickup(&self.parts[i], wo, req, eng, at)?;
        let m = stock_ops::ops::pickup_move(
            &pickup,
            MoveKind::Pickup,
            -pickup.qty,
            &wo.number,
            eng,
            at,
        );
        moves::record(&mut self.docs[i], &m)?;
        self.pickups.push(pickup);
        Ok(self.pickups.len() - 1)
    }

    /// The visit's `parts`, picked by `eng` for `wo` at `at`, counted out
    /// by the storekeeper and all marked used on the order (its parts used,
    /// at the catalogue's prices).
    fn use_parts(
        &mut self,
        wo: &mut WorkOrder,
        parts: &[UsedPart],
        eng: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let keeper = Actor::new(STOREKEEPER, Role::Storekeeper);
        for &(part_no, qty, warehouse) in parts {
            let i = self.pick(part_no, qty, warehouse, wo, eng, at)?;
            let pickup = &mut self.pickups[i];
            stock_ops::ops::confirm_pickup(pickup, qty, &keeper, at + Duration::minutes(5))?;
            let part = self
                .parts
                .iter()
                .find(|p| p.id == pickup.part_id)
                .expect("picked from the catalogue");
            ops::mark_used(pickup, wo, part, qty, eng)?;
        }
        Ok(())
    }
}

/// Records the visit `v` on the resolved order and has the customer sign
/// it at `at`: the charges as the sign-off screen shows them (by the
/// order's warranty tier, no contract, with the parts used), `pickups`
/// (the demo's, those of other orders ignored) settled.
fn sign_order(
    device: &Device,
    wo: &mut WorkOrder,
    v: &Visit,
    pickups: &[Pickup],
    eng: &Actor,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    let patch = ServicePatch {
        work_done: Some(v.work_done.into()),
        findings: Some(v.findings.into()),
        labour_minutes: Some(75),
        travel_fen: Some(12_000),
        lodging_fen: Some(0),
    };
    ops::update_service(wo, patch, eng)?;
    let tier = tier_of(wo, device.cfg());
    let charges = charges_for(wo, tier, None, device.cfg());
    let input = SignInput {
        signer: v.signer.into(),
        opinion: v.opinion.into(),
        satisfaction: v.satisfaction,
        matches_agreed_items: true,
        strokes: vec![
            "120,260 160,140 200,280 240,150 290,270".into(),
            "330,150 330,300".into(),
            "380,170 460,160 430,290 520,280".into(),
        ],
    };
    ops::sign(wo, input, &charges, pickups, &device.cfg().ink, eng, at)?;
    Ok(())
}

#[cfg(test)]
mod tests;
