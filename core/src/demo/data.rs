//! The demo tables: the engineers, customers with their equipment, the
//! contract, the parts catalogue and the open orders with the status each
//! is driven to. The customers and the orders are kept as JSON beside this
//! file (`customers.json`, `orders.json`), read once.

use std::sync::LazyLock;

use chrono::{Months, NaiveDate};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::model::*;
use crate::rules::state::Action;

/// The five on-call engineers: user name and name.
pub const ENGINEERS: [(&str, &str); 5] = [
    ("yangjinwei", "杨金伟"),
    ("tangrong", "汤戎"),
    ("liujinfeng", "刘锦峰"),
    ("xiaotianyu", "肖添玉"),
    ("chenqin", "陈勤"),
];

/// A demo customer (`customers.json`): its one site's address, its
/// contact and its equipment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CustomerSeed {
    pub org: String,
    /// The address of its one site.
    pub address: String,
    pub contact: String,
    pub phone: String,
    pub key_customer: bool,
    pub equipment: Vec<EquipmentSeed>,
}

/// A unit of a demo customer's equipment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EquipmentSeed {
    pub model: String,
    pub serial: String,
    /// Accepted this many months before the seeding.
    pub months_since_acceptance: u32,
    /// Still with its original end user (else second-hand).
    pub original_end_user: bool,
}

/// The eight demo customers, in `customers.json`.
pub(super) static CUSTOMERS: LazyLock<Vec<CustomerSeed>> =
    LazyLock::new(|| json_table(include_str!("customers.json")));

/// One of the demo's tables kept as JSON beside this file (checked by the
/// demo tests, which seed them all).
pub(super) fn json_table<T: DeserializeOwned>(json: &str) -> Vec<T> {
    serde_json::from_str(json).expect("the demo's tables are valid")
}

/// The demo company's second warehouse.
pub const BRANCH: &str = "branch";

/// The demo company's warehouses: 总库 and 分库.
pub fn warehouses() -> Vec<crate::settings::Warehouse> {
    vec![
        crate::settings::Warehouse::main(),
        crate::settings::Warehouse {
            code: BRANCH.into(),
            name: "分库".into(),
        },
    ]
}

/// The loaner pool 备用机: three units (the repair awaiting parts has
/// [`LOANER_OUT`] out).
pub fn loaners() -> Vec<crate::settings::LoanerUnit> {
    [
        ("GC-2030 气相色谱仪", "LN-GC-01"),
        ("LC-20A 液相色谱仪", "LN-LC-01"),
        ("AA-7000 原子吸收光谱仪", "LN-AA-01"),
    ]
    .into_iter()
    .map(|(model, serial)| crate::settings::LoanerUnit {
        model: model.into(),
        serial: serial.into(),
        retired: false,
    })
    .collect()
}

/// The loaner unit out on the order awaiting parts: (model, serial).
pub(super) const LOANER_OUT: (&str, &str) = ("AA-7000 原子吸收光谱仪", "LN-AA-01");

/// (part no, name, unit cost fen, standard price fen, stock in `main`
/// (half as many in `branch`), low threshold).
pub(super) const PARTS: [(&str, &str, i64, i64, i64, i64); 10] = [
    ("GC-SEP-11", "进样垫（11mm）", 1_500, 3_000, 40, 10),
    ("GC-LNR-02", "分流衬管", 8_000, 15_000, 12, 4),
    ("LC-SEAL-01", "柱塞密封圈", 6_000, 12_000, 3, 5),
    ("LC-LAMP-D2", "氘灯", 180_000, 320_000, 4, 1),
    ("AAS-HCL-CU", "铜空心阴极灯", 90_000, 160_000, 5, 2),
    ("ICP-TORCH", "石英炬管", 120_000, 210_000, 1, 1),
    ("UV-LAMP-W", "钨灯", 20_000, 45_000, 8, 2),
    ("PWR-24V", "24V电源模块", 45_000, 88_000, 6, 2),
    ("PUMP-CV", "单向阀", 25_000, 52_000, 10, 3),
    ("FUSE-5A", "保险丝 5A", 200, 800, 100, 20),
];

/// An open demo order (`orders.json`) and the status it is driven to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OrderSeed {
    /// Index into [`CUSTOMERS`].
    pub customer: usize,
    /// Index into the customer's equipment.
    pub equipment: usize,
    pub priority: Priority,
    pub fault: String,
    /// The assigned engineer's user name; `None`: not yet assigned.
    pub engineer: Option<String>,
    /// Called this many hours before the seeding.
    pub hours_since_call: i64,
    /// The status it is driven to ([`path_to`]).
    pub target: String,
}

/// The twelve open orders, in `orders.json`. The one on hold was called a
/// week ago: its fix clock is past due, so the board prompts for a loaner.
pub(super) static ORDERS: LazyLock<Vec<OrderSeed>> =
    LazyLock::new(|| json_table(include_str!("orders.json")));

const CONTRACT_SUFFIX: &str = "demo-01";
/// The id of each demo customer's one site.
const DEMO_SITE: &str = "site-1";

pub(super) fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

/// The id of the demo customer at `index` in [`CUSTOMERS`].
pub(super) fn customer_id(index: usize) -> DocId {
    DocId::with_suffix(DocKind::Customer, &format!("demo-{:02}", index + 1))
}

pub(super) fn customers(today: NaiveDate) -> Vec<Customer> {
    CUSTOMERS
        .iter()
        .enumerate()
        .map(|(i, c)| Customer {
            id: customer_id(i),
            org: c.org.clone(),
            site_address: c.address.clone(),
            contact: c.contact.clone(),
            phone: c.phone.clone(),
            sites: vec![Site {
                id: DEMO_SITE.into(),
                name: String::new(),
                address: c.address.clone(),
            }],
            contacts: vec![Contact {
                id: "contact-1".into(),
                name: c.contact.clone(),
                phones: vec![c.phone.clone()],
            }],
            key_customer: c.key_customer,
            equipment: c
                .equipment
                .iter()
                .map(|e| Equipment {
                    serial: e.serial.clone(),
                    model: e.model.clone(),
                    accepted_on: Some(Day(months_before(today, e.months_since_acceptance))),
                    original_end_user: e.original_end_user,
                    contract_id: (i == 2)
                        .then(|| DocId::with_suffix(DocKind::Contract, CONTRACT_SUFFIX)),
                    site_id: Some(DEMO_SITE.into()),
                })
                .collect(),
            last_survey_at: None,
            last_visit_at: None,
        })
        .collect()
}

pub(super) fn contract(today: NaiveDate, customer: &Customer) -> Contract {
    Contract {
        id: DocId::with_suffix(DocKind::Contract, CONTRACT_SUFFIX),
        number: "HT-2025-017".into(),
        customer_id: customer.id.clone(),
        equipment_serials: customer
            .equipment
            .iter()
            .map(|e| e.serial.clone())
            .collect(),
        starts_on: Day(months_before(today, 3)),
        ends_on: Day(today.checked_add_months(Months::new(9)).unwrap_or(today)),
        labour_fen_per_hour: 0,
        parts: ContractParts::AtCost,
        travel_free: true,
        lodging_free: true,
        visit_every_months: 3,
    }
}

pub(super) fn part(p: &(&str, &str, i64, i64, i64, i64)) -> Part {
    Part {
        id: DocId::with_suffix(DocKind::Part, p.0),
        part_no: p.0.into(),
        name: p.1.into(),
        unit_cost_fen: p.2,
        standard_price_fen: p.3,
        low_threshold: p.5,
        unit: "个".into(),
        retired: false,
    }
}

/// The actions that take a new order to `target`.
pub(super) fn path_to(target: &str) -> &'static [Action] {
    use Action::*;
    match target {
        "responded" => &[Respond],
        "en_route" => &[Respond, Depart],
        "on_site" => &[Respond, Depart, Arrive],
        "awaiting_parts" => &[Respond, Depart, Arrive, AwaitParts],
        "on_hold" => &[Respond, Hold],
        "resolved" => &[Respond, Resolve],
        "signed" => &[Respond, Depart, Arrive, Resolve],
        _ => &[],
    }
}

/// A second contract, of `customer`, that ends within 30 days (20 days
/// after `today`), without planned visits (its periods' orders would all
/// be long overdue on the board): the contract list shows it ending soon.
pub(super) fn ending_contract(today: NaiveDate, customer: &Customer) -> Contract {
    Contract {
        id: DocId::with_suffix(DocKind::Contract, "demo-02"),
        number: "HT-2025-009".into(),
        starts_on: Day(months_before(today, 11)),
        ends_on: Day(today + chrono::Duration::days(20)),
        parts: ContractParts::AtPrice,
        labour_fen_per_hour: 15_000,
        visit_every_months: 0,
        ..contract(today, customer)
    }
}
