//! What the customer screen shows: the document, its sites and contacts as
//! lists (also for a document written before they were lists), each
//! instrument with its warranty tier today, the customer's maintenance
//! contracts, and whether this user may edit it.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::contracts::{contract_state, ContractState};
use crate::model::{Contact, Contract, Customer, Day, DocId, Equipment, Site};
use crate::rules::warranty::period_last_day;
use crate::rules::{tier, RulesConfig, Tier};

/// The id the one site of an older document goes by (its `site_address`).
pub const LEGACY_SITE_ID: &str = "site-0";
/// The id the one contact of an older document goes by (`contact`, `phone`).
pub const LEGACY_CONTACT_ID: &str = "contact-0";

/// The customer's sites: the `sites` list, or, for a document written
/// before sites were lists, its `site_address` as the one site.
pub fn sites_of(c: &Customer) -> Vec<Site> {
    if !c.sites.is_empty() || c.site_address.trim().is_empty() {
        return c.sites.clone();
    }
    vec![Site {
        id: LEGACY_SITE_ID.into(),
        name: String::new(),
        address: c.site_address.clone(),
    }]
}

/// The customer's contacts: the `contacts` list, or, for a document
/// written before contacts were lists, its `contact` and `phone`.
pub fn contacts_of(c: &Customer) -> Vec<Contact> {
    if !c.contacts.is_empty() || (c.contact.trim().is_empty() && c.phone.trim().is_empty()) {
        return c.contacts.clone();
    }
    vec![Contact {
        id: LEGACY_CONTACT_ID.into(),
        name: c.contact.clone(),
        phones: [c.phone.clone()]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect(),
    }]
}

/// One instrument as the customer screen and the new-order form show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EquipmentView {
    /// The instrument as stored.
    #[serde(flatten)]
    #[ts(flatten)]
    pub equipment: Equipment,
    /// The warranty tier of a call taken today (`None`: no acceptance
    /// date, so no tier can be proven and a call is served out of warranty).
    pub tier_today: Option<Tier>,
    /// The last day of the first tier 质保期内 (`None` without an
    /// acceptance date).
    pub in_warranty_until: Option<Day>,
    /// The maintenance contract covering it (its serial listed, or the one
    /// it names), the running one first; `None`: none held.
    #[serde(default)]
    pub contract: Option<ContractSummary>,
}

impl EquipmentView {
    /// `e` with its tier on `today` under `cfg`'s tier boundaries.
    pub fn of(e: Equipment, today: NaiveDate, cfg: &RulesConfig) -> EquipmentView {
        let accepted = e.accepted_on.map(|d| d.0);
        EquipmentView {
            tier_today: accepted.map(|a| tier(a, today, e.original_end_user, &cfg.tiers)),
            in_warranty_until: accepted
                .map(|a| Day(period_last_day(a, cfg.tiers.in_warranty_months))),
            equipment: e,
            contract: None,
        }
    }
}

/// A maintenance contract as the customer screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ContractSummary {
    /// `contract:<ulid>`.
    pub id: DocId,
    /// Contract number.
    pub number: String,
    /// First day covered.
    pub starts_on: Day,
    /// Last day covered.
    pub ends_on: Day,
    /// Its state today.
    pub state: ContractState,
}

impl ContractSummary {
    /// `k` on `today`.
    pub fn of(k: &Contract, today: NaiveDate) -> Self {
        ContractSummary {
            id: k.id.clone(),
            number: k.number.clone(),
            starts_on: k.starts_on,
            ends_on: k.ends_on,
            state: contract_state(k, today),
        }
    }
}

/// The contract of `e` among `contracts`: one listing its serial or the
/// one it names, a running one before an upcoming or ended one.
fn contract_of(e: &Equipment, contracts: &[Contract], today: NaiveDate) -> Option<ContractSummary> {
    let rank = |s: ContractState| match s {
        ContractState::Active | ContractState::EndingSoon => 0,
        ContractState::Upcoming => 1,
        ContractState::Ended => 2,
    };
    contracts
        .iter()
        .filter(|k| {
            e.contract_id.as_ref() == Some(&k.id)
                || k.equipment_serials
                    .iter()
                    .any(|s| s.trim().eq_ignore_ascii_case(e.serial.trim()))
        })
        .map(|k| ContractSummary::of(k, today))
        .min_by_key(|k| (rank(k.state), std::cmp::Reverse(k.ends_on)))
}

/// A customer with everything its screen shows
/// (`get_customer`, and what every customer edit returns).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CustomerView {
    /// The document as stored.
    pub customer: Customer,
    /// Its sites ([`sites_of`]).
    pub sites: Vec<Site>,
    /// Its contacts ([`contacts_of`]).
    pub contacts: Vec<Contact>,
    /// Its equipment with each instrument's tier today.
    pub equipment: Vec<EquipmentView>,
    /// Its maintenance contracts held on this device, by number.
    pub contracts: Vec<ContractSummary>,
    /// Whether the signed-in user may edit it (the office).
    pub editable: bool,
}

impl CustomerView {
    /// The view of `c` on `today` (the company's local date).
    pub fn of(
        c: Customer,
        contracts: &[Contract],
        today: NaiveDate,
        cfg: &RulesConfig,
        editable: bool,
    ) -> CustomerView {
        let own: Vec<&Contract> = contracts.iter().filter(|k| k.customer_id == c.id).collect();
        let mut contracts: Vec<ContractSummary> = contracts
            .iter()
            .filter(|k| k.customer_id == c.id)
            .map(|k| ContractSummary::of(k, today))
            .collect();
        contracts.sort_by(|a, b| a.number.cmp(&b.number));
        CustomerView {
            sites: sites_of(&c),
            contacts: contacts_of(&c),
            equipment: c
                .equipment
                .iter()
                .cloned()
                .map(|e| {
                    let mine: Vec<Contract> = own.iter().map(|k| (*k).clone()).collect();
                    let contract = contract_of(&e, &mine, today);
                    EquipmentView {
                        contract,
                        ..EquipmentView::of(e, today, cfg)
                    }
                })
                .collect(),
            contracts,
            editable,
            customer: c,
        }
    }
}
