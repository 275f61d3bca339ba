//! Builders for the office's other records: [`ContractBuilder`] (a
//! maintenance contract for a customer's instruments) and
//! [`ComplaintBuilder`] (a complaint with its first handling step, or
//! [`complaint_form`], what the office enters for one).

use automerge::AutoCommit;
use chrono::{DateTime, NaiveDate, Utc};

use super::at;
use crate::complaints::NewComplaint;
use crate::contracts::NewContract;
use crate::model::{
    Complaint, ComplaintClass, ComplaintStep, ComplaintStepKind, Contract, ContractParts, Day,
    DocId, DocKind,
};

/// A contract. Defaults: number `HT-2026-001`, the year 2026, labour free,
/// parts at cost, travel and lodging free, a visit every 3 months.
#[derive(Debug, Clone)]
pub struct ContractBuilder {
    contract: Contract,
}

impl ContractBuilder {
    /// A contract of `customer` covering the instruments `serials`.
    pub fn new(customer: &DocId, serials: &[&str]) -> Self {
        let day = |m, d| Day(NaiveDate::from_ymd_opt(2026, m, d).expect("a day"));
        ContractBuilder {
            contract: Contract {
                id: DocId::new(DocKind::Contract),
                number: "HT-2026-001".into(),
                customer_id: customer.clone(),
                equipment_serials: serials.iter().map(|s| s.to_string()).collect(),
                starts_on: day(1, 1),
                ends_on: day(12, 31),
                labour_fen_per_hour: 0,
                parts: ContractParts::AtCost,
                travel_free: true,
                lodging_free: true,
                visit_every_months: 3,
            },
        }
    }

    /// The contract.
    pub fn build(self) -> Contract {
        self.contract
    }

    /// The contract's document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let c = self.build();
        super::new_doc(DocKind::Contract, &c.id, &c)
    }

    /// Numbered `number` instead.
    pub fn number(mut self, number: &str) -> Self {
        self.contract.number = number.into();
        self
    }

    /// Running from `starts_on` to `ends_on` instead.
    pub fn running(mut self, starts_on: NaiveDate, ends_on: NaiveDate) -> Self {
        self.contract.starts_on = Day(starts_on);
        self.contract.ends_on = Day(ends_on);
        self
    }

    /// A visit every `months` months instead.
    pub fn every(mut self, months: i64) -> Self {
        self.contract.visit_every_months = months;
        self
    }

    /// Labour at `fen` per hour instead of free.
    pub fn labour(mut self, fen: i64) -> Self {
        self.contract.labour_fen_per_hour = fen;
        self
    }

    /// What the office's contract form sends for it (`create_contract`).
    pub fn input(self) -> NewContract {
        let c = self.contract;
        NewContract {
            number: c.number,
            customer_id: c.customer_id,
            equipment_serials: c.equipment_serials,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            labour_fen_per_hour: c.labour_fen_per_hour,
            parts: c.parts,
            travel_free: c.travel_free,
            lodging_free: c.lodging_free,
            visit_every_months: c.visit_every_months,
        }
    }
}

/// A quality complaint about part `part_no`, received on 2026-03-02 with
/// its step `confirm` done; not closed, no delivery day.
#[derive(Debug, Clone)]
pub struct ComplaintBuilder {
    complaint: Complaint,
}

impl ComplaintBuilder {
    /// A complaint of `customer` (if known) about `part_no`.
    pub fn new(customer: Option<&DocId>, part_no: &str) -> Self {
        ComplaintBuilder {
            complaint: Complaint {
                id: DocId::new(DocKind::Complaint),
                customer_id: customer.cloned(),
                class: ComplaintClass::Quality,
                order_no: "PO-2026-0042".into(),
                part_no: part_no.into(),
                delivered_on: None,
                quantity: 10,
                defective_qty: 2,
                request: "更换不良品".into(),
                details: "两只灯不亮".into(),
                received_at: at("2026-03-02T01:00:00Z"),
                steps: vec![ComplaintStep {
                    step: ComplaintStepKind::Confirm,
                    owner: "office".into(),
                    at: at("2026-03-02T02:00:00Z"),
                    note: "确认为质量问题".into(),
                }],
                closed_at: None,
                work_order_id: None,
                created_by: "office".into(),
                closed_by: String::new(),
                not_ours: None,
            },
        }
    }

    /// Received at `at` instead.
    pub fn received_at(mut self, at: DateTime<Utc>) -> Self {
        self.complaint.received_at = at.into();
        self
    }

    /// Of class `class` instead.
    pub fn class(mut self, class: ComplaintClass) -> Self {
        self.complaint.class = class;
        self
    }

    /// With no step taken yet.
    pub fn no_steps(mut self) -> Self {
        self.complaint.steps.clear();
        self
    }

    /// The complaint.
    pub fn build(self) -> Complaint {
        self.complaint
    }

    /// The complaint's document, with its id.
    pub fn doc(self) -> (DocId, AutoCommit) {
        let c = self.build();
        super::new_doc(DocKind::Complaint, &c.id, &c)
    }
}

/// What the office's complaint form sends for a complaint of `customer`
/// (or none: the linked order's) about `details`: quality, order
/// PO-2026-0042, part PN-1001, 2 of 10 defective, asking 更换不良品,
/// received now (the device's clock), no order linked.
pub fn complaint_form(customer: Option<&DocId>, details: &str) -> NewComplaint {
    NewComplaint {
        class: ComplaintClass::Quality,
        customer_id: customer.cloned(),
        work_order_number: String::new(),
        order_no: "PO-2026-0042".into(),
        part_no: "PN-1001".into(),
        delivered_on: None,
        quantity: 10,
        defective_qty: 2,
        request: "更换不良品".into(),
        details: details.into(),
        received_at: None,
    }
}

/// Puts the loaner units `(model, serial)` in the company's loaner pool
/// through the settings form, as the office's settings screen does.
pub fn loaner_pool(dev: &mut crate::service::Device, units: &[(&str, &str)]) {
    let s = dev.company_settings().expect("the settings").settings;
    let form = crate::settings::SettingsInput {
        loaners: Some(
            units
                .iter()
                .map(|(model, serial)| crate::settings::LoanerUnit {
                    model: (*model).into(),
                    serial: (*serial).into(),
                    retired: false,
                })
                .collect(),
        ),
        ..crate::settings::SettingsInput::from(&s)
    };
    dev.save_company_settings(form)
        .expect("save the loaner pool");
}
