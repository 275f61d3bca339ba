//! Builders for the other documents tests need: [`PartBuilder`] (a
//! catalogue part with its stock counter), [`PickupBuilder`] (a pickup made
//! with [`ops::new_pickup`]) and [`CustomerBuilder`] (a customer document,
//! or what the office enters for one; [`contact_phone_edit`], a later edit
//! of its contact).

use std::collections::BTreeMap;

use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use chrono::{DateTime, NaiveDate, Utc};

use super::work_order::WorkOrderBuilder;
use crate::customers::{self, EquipmentInput, NewCustomer};
use crate::doc;
use crate::model::{Customer, Day, DocId, DocKind, Part, Pickup, MAIN_WAREHOUSE};
use crate::ops::{self, Actor, NewPickup};
use crate::rules::state::Role;
use crate::store::Store;

/// A catalogue part `part:<part number>`. Defaults: named `part <number>`,
/// unit 个, cost 10 yuan, price 15 yuan, low at 2, 10 in the main
/// warehouse, no movements listed.
#[derive(Debug, Clone)]
pub struct PartBuilder {
    part: Part,
    stock: BTreeMap<String, i64>,
}

impl PartBuilder {
    /// Part `part_no` with the defaults.
    pub fn new(part_no: &str) -> Self {
        PartBuilder {
            part: Part {
                id: DocId::with_suffix(DocKind::Part, part_no),
                part_no: part_no.into(),
                name: format!("part {part_no}"),
                unit_cost_fen: 1_000,
                standard_price_fen: 1_500,
                low_threshold: 2,
                unit: "个".into(),
                retired: false,
            },
            stock: BTreeMap::from([(MAIN_WAREHOUSE.to_string(), 10)]),
        }
    }

    /// Retired 停用.
    pub fn retired(mut self) -> Self {
        self.part.retired = true;
        self
    }

    /// Also a counter in `warehouse` starting at `qty`.
    pub fn stock_in(mut self, warehouse: &str, qty: i64) -> Self {
        self.stock.insert(warehouse.into(), qty);
        self
    }

    /// The name.
    pub fn name(mut self, name: &str) -> Self {
        self.part.name = name.into();
        self
    }

    /// Unit cost and standard price, fen.
    pub fn prices(mut self, unit_cost_fen: i64, standard_price_fen: i64) -> Self {
        self.part.unit_cost_fen = unit_cost_fen;
        self.part.standard_price_fen = standard_price_fen;
        self
    }

    /// Stock at or below this is low.
    pub fn low_threshold(mut self, n: i64) -> Self {
        self.part.low_threshold = n;
        self
    }

    /// How many are in the main warehouse.
    pub fn stock(mut self, qty: i64) -> Self {
        self.stock.insert(MAIN_WAREHOUSE.into(), qty);
        self
    }

    /// The catalogue fields.
    pub fn build(self) -> Part {
        self.part
    }

    /// The part's document with its stock counters and its (empty)
    /// movement list, and its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let mut am = doc::create(DocKind::Part, &self.part).expect("a part document");
        crate::warehouse::moves::init_part(&mut am, &self.stock).expect("the stock counters");
        (self.part.id, am)
    }

    /// Creates the document in `store`, written by the store's actor as a
    /// part made on that device; returns its id.
    pub fn create_in(self, store: &mut Store) -> DocId {
        let (id, am) = self.doc();
        let mut am = super::owned_by(store, &am);
        store.create_doc(&id, &mut am).expect("create the part");
        id
    }
}

/// A pickup of one unit of a part for a work order by engineer `zhang`,
/// from the main warehouse, at [`super::monday_morning`], made by
/// [`ops::new_pickup`] on the engineer's own order.
#[derive(Debug, Clone)]
pub struct PickupBuilder {
    work_order: DocId,
    part: PartBuilder,
    qty: i64,
    used: i64,
    warehouse: String,
    engineer: String,
    id: Option<DocId>,
    at: DateTime<Utc>,
}

impl PickupBuilder {
    /// A pickup of part `part_no` for work order `work_order`.
    pub fn new(work_order: &DocId, part_no: &str) -> Self {
        PickupBuilder {
            work_order: work_order.clone(),
            part: PartBuilder::new(part_no),
            qty: 1,
            used: 0,
            warehouse: MAIN_WAREHOUSE.into(),
            engineer: "zhang".into(),
            id: None,
            at: super::monday_morning(),
        }
    }

    /// How many units.
    pub fn qty(mut self, qty: i64) -> Self {
        self.qty = qty;
        self
    }

    /// Then `used` of them marked used on the order ([`ops::mark_used`]).
    pub fn used(mut self, used: i64) -> Self {
        self.used = used;
        self
    }

    /// Picked from warehouse `code` instead of the main one.
    pub fn warehouse(mut self, code: &str) -> Self {
        self.warehouse = code.into();
        self
    }

    /// The part's name.
    pub fn part_name(mut self, name: &str) -> Self {
        self.part = self.part.name(name);
        self
    }

    /// Who picks them up (the order's engineer).
    pub fn engineer(mut self, engineer: &str) -> Self {
        self.engineer = engineer.into();
        self
    }

    /// The id `pickup:<suffix>` instead of a fresh one.
    pub fn id_suffix(mut self, suffix: &str) -> Self {
        self.id = Some(DocId::with_suffix(DocKind::Pickup, suffix));
        self
    }

    /// When.
    pub fn at(mut self, t: DateTime<Utc>) -> Self {
        self.at = t;
        self
    }

    /// The pickup.
    pub fn build(self) -> Pickup {
        let mut wo = WorkOrderBuilder::new()
            .id(self.work_order)
            .assigned_to(&self.engineer)
            .build();
        let eng = Actor::new(&self.engineer, Role::Engineer);
        let req = NewPickup {
            qty: self.qty,
            serials: vec![],
            warehouse: self.warehouse,
        };
        let part = self.part.build();
        let mut p = ops::new_pickup(&part, &wo, req, &eng, self.at).expect("a pickup");
        if let Some(id) = self.id {
            p.id = id;
        }
        if self.used > 0 {
            ops::mark_used(&mut p, &mut wo, &part, self.used, &eng).expect("units used");
        }
        p
    }

    /// The pickup's document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let p = self.build();
        super::new_doc(DocKind::Pickup, &p.id, &p)
    }
}

/// A confirmation by `by` of `qty` claimed and counted, at
/// [`super::monday_morning`] — what a hand-made change would write into a
/// pickup's `confirmed` (the app confirms through
/// `warehouse::ops::confirm_pickup`).
pub fn confirmation(by: &str, qty: i64) -> crate::model::Confirmation {
    crate::model::Confirmation {
        by: by.into(),
        at: super::monday_morning().into(),
        claimed: qty,
        counted: qty,
    }
}

/// The catalogue form for a new part `part_no` as the storekeeper fills
/// it in: 电源模块, sold by the 块, cost ¥300, price ¥480, low at 2.
pub fn new_part(part_no: &str) -> crate::warehouse::NewPart {
    crate::warehouse::NewPart {
        part_no: part_no.into(),
        name: "电源模块".into(),
        unit: "块".into(),
        unit_cost_fen: 30_000,
        standard_price_fen: 48_000,
        low_threshold: 2,
    }
}

/// The office's edit giving customer `customer`'s first contact on `dev`
/// (赵刚, as [`CustomerBuilder`] makes it) the one phone `phone`.
pub fn contact_phone_edit(
    dev: &crate::service::Device,
    customer: &DocId,
    phone: &str,
) -> customers::CustomerEdit {
    let view = dev.get_customer(customer).expect("the customer");
    customers::CustomerEdit::SaveContact {
        contact: customers::ContactInput {
            id: Some(view.contacts[0].id.clone()),
            name: "赵刚".into(),
            phones: vec![phone.into()],
        },
    }
}

/// A customer with one instrument. Defaults: one site in 重庆市渝北区,
/// contact 赵刚 with one phone, not a key customer, an AAS-7000 with serial
/// `SN-<org>`, no acceptance date.
#[derive(Debug, Clone)]
pub struct CustomerBuilder {
    input: NewCustomer,
}

impl CustomerBuilder {
    /// Customer `org` with the defaults.
    pub fn new(org: &str) -> Self {
        CustomerBuilder {
            input: NewCustomer {
                org: org.into(),
                site_address: "重庆市渝北区".into(),
                contact: "赵刚".into(),
                phone: "023-67891234".into(),
                key_customer: false,
                equipment: vec![EquipmentInput {
                    serial: format!("SN-{org}"),
                    model: "AAS-7000".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        }
    }

    /// A key customer 关键用户.
    pub fn key_customer(mut self) -> Self {
        self.input.key_customer = true;
        self
    }

    /// The instrument: serial, model and acceptance date.
    pub fn equipment(mut self, serial: &str, model: &str, accepted_on: Option<NaiveDate>) -> Self {
        let e = &mut self.input.equipment[0];
        e.serial = serial.into();
        e.model = model.into();
        e.accepted_on = accepted_on.map(Day);
        self
    }

    /// The instrument is no longer with its original end user.
    pub fn second_hand(mut self) -> Self {
        self.input.equipment[0].original_end_user = false;
        self
    }

    /// What the office enters for it.
    pub fn input(self) -> NewCustomer {
        self.input
    }

    /// The customer, with a fresh id, as the office registers it
    /// ([`customers::ops::new_customer`], what `Device::create_customer`
    /// runs; any acceptance date is taken).
    pub fn build(self) -> Customer {
        let office = Actor::new(super::work_order::OFFICE, Role::Office);
        customers::ops::new_customer(self.input, &office, NaiveDate::MAX)
            .expect("create the customer")
    }

    /// The customer's document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let c = self.build();
        super::new_doc(DocKind::Customer, &c.id, &c)
    }

    /// The customer's document as a writer from before sites and contacts
    /// were lists left it (issue 13): one `site_address`, `contact` and
    /// `phone`, no `sites`, `contacts` or equipment `site_id` keys.
    pub fn legacy_doc(self) -> (DocId, AutoCommit) {
        let (id, mut am) = self.doc();
        am.delete(ROOT, "sites").expect("delete sites");
        am.delete(ROOT, "contacts").expect("delete contacts");
        if let Some((_, list)) = am.get(ROOT, "equipment").expect("equipment") {
            for i in 0..am.length(&list) {
                if let Some((_, item)) = am.get(&list, i).expect("an instrument") {
                    am.delete(&item, "site_id").expect("delete site_id");
                }
            }
        }
        am.commit();
        (id, am)
    }
}
