//! Who may read which document: the access row derived from a document each
//! time it is saved, and the pure rule that checks a device's read against
//! it. What a reader may then write is `onsite_core::guard`'s to say.
//!
//! - office: everything.
//! - engineer: work orders whose `assignee` is them, pickups whose
//!   `engineer` is them, every part, and the customers and contracts their
//!   work orders name (`customer_id`, `contract_id`: fields only the office
//!   writes, so the link follows the office's assignment, never a field the
//!   engineer could point elsewhere).
//! - storekeeper: parts and pickups.
//! - complaints and complaint-report records: the office only.
//! - every role: the company settings (`settings:company`: time zone,
//!   calendar, rates — every device computes its deadlines with them).
//! - expert: the work orders whose `experts` name them.
//! - follow-ups and surveys (`followup:`, `survey:`): the office only.
//!
//! The fields are read tolerantly (a document mid-sync may not hydrate as
//! its struct yet): a missing or non-text field reads as `None`.

use automerge::{ReadDoc, ScalarValue, Value, ROOT};
use onsite_core::model::DocKind;

use crate::role::Role;

/// The access row of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The kind, from the id prefix.
    pub kind: DocKind,
    /// Work orders: the assigned engineer's user name.
    pub assignee: Option<String>,
    /// Pickups: the engineer's user name.
    pub owner: Option<String>,
    /// Work orders: their customer document (`cust:` ids only).
    pub customer_id: Option<String>,
    /// Work orders: their contract document (`contract:` ids only).
    pub contract_id: Option<String>,
    /// Work orders: the technical experts asked on them (user names).
    pub experts: Vec<String>,
}

impl Access {
    /// The access row of `doc`, a document of `kind`.
    pub fn derive<D: ReadDoc>(kind: DocKind, doc: &D) -> Access {
        let mut access = Access {
            kind,
            assignee: None,
            owner: None,
            customer_id: None,
            contract_id: None,
            experts: Vec::new(),
        };
        match kind {
            DocKind::WorkOrder => {
                access.assignee = text_at(doc, "assignee");
                access.customer_id = text_at(doc, "customer_id").filter(|c| c.starts_with("cust:"));
                access.contract_id =
                    text_at(doc, "contract_id").filter(|c| c.starts_with("contract:"));
                access.experts = texts_at(doc, "experts");
            }
            DocKind::Pickup => access.owner = text_at(doc, "engineer"),
            _ => {}
        }
        access
    }

    /// Whether the set of readers differs from `other`'s.
    pub fn readers_differ(&self, other: &Access) -> bool {
        self.assignee != other.assignee
            || self.owner != other.owner
            || self.customer_id != other.customer_id
            || self.contract_id != other.contract_id
            || self.experts != other.experts
    }
}

/// A top-level text field, or `None`.
pub fn text_at<D: ReadDoc>(doc: &D, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(t) => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The text items of a top-level list, sorted and without repeats (an
/// absent or malformed list reads as empty).
pub fn texts_at<D: ReadDoc>(doc: &D, key: &str) -> Vec<String> {
    let Ok(Some((Value::Object(automerge::ObjType::List), list))) = doc.get(ROOT, key) else {
        return Vec::new();
    };
    let mut out: Vec<String> = (0..doc.length(&list))
        .filter_map(|i| match doc.get(&list, i).ok()?? {
            (Value::Scalar(s), _) => match s.as_ref() {
                ScalarValue::Str(t) => Some(t.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a user may read a stored document. `linked` says whether the
/// document is the customer or the contract of a work order assigned to
/// them (asked only for customer and contract documents).
pub fn may_read(role: Role, user: &str, access: &Access, linked: impl FnOnce() -> bool) -> bool {
    if access.kind == DocKind::Settings {
        return true;
    }
    match role {
        Role::Office => true,
        Role::Storekeeper => matches!(access.kind, DocKind::Part | DocKind::Pickup),
        Role::Engineer => match access.kind {
            DocKind::WorkOrder => access.assignee.as_deref() == Some(user),
            DocKind::Pickup => access.owner.as_deref() == Some(user),
            DocKind::Part => true,
            DocKind::Customer | DocKind::Contract => linked(),
            DocKind::Complaint
            | DocKind::ComplaintReport
            | DocKind::Settings
            | DocKind::FollowUp
            | DocKind::Survey => false,
        },
        Role::Expert => {
            access.kind == DocKind::WorkOrder && access.experts.iter().any(|e| e == user)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit};

    fn wo(assignee: &str) -> AutoCommit {
        let mut d = AutoCommit::new();
        d.put(ROOT, "kind", "wo").unwrap();
        d.put(ROOT, "assignee", assignee).unwrap();
        d.put(ROOT, "customer_id", "cust:1").unwrap();
        d
    }

    #[test]
    fn access_is_derived_from_the_document_fields() {
        let a = Access::derive(DocKind::WorkOrder, &wo("yangjinwei"));
        assert_eq!(a.assignee.as_deref(), Some("yangjinwei"));
        assert_eq!(a.customer_id.as_deref(), Some("cust:1"));
        let mut bad = wo("x");
        bad.put(ROOT, "customer_id", "wo:other").unwrap();
        assert_eq!(Access::derive(DocKind::WorkOrder, &bad).customer_id, None);
    }

    #[test]
    fn engineers_read_their_own_orders_parts_and_linked_customers_only() {
        let mine = Access::derive(DocKind::WorkOrder, &wo("a"));
        assert!(may_read(Role::Engineer, "a", &mine, || false));
        assert!(!may_read(Role::Engineer, "b", &mine, || false));
        assert!(may_read(Role::Office, "o", &mine, || false));
        assert!(!may_read(Role::Storekeeper, "s", &mine, || false));
        assert!(!may_read(Role::Expert, "x", &mine, || true));
        let cust = Access::derive(DocKind::Customer, &AutoCommit::new());
        assert!(may_read(Role::Engineer, "a", &cust, || true));
        assert!(!may_read(Role::Engineer, "a", &cust, || false));
        let part = Access::derive(DocKind::Part, &AutoCommit::new());
        assert!(may_read(Role::Engineer, "a", &part, || false));
        assert!(may_read(Role::Storekeeper, "s", &part, || false));
    }

    #[test]
    fn only_the_office_reads_follow_ups_and_surveys() {
        for kind in [DocKind::FollowUp, DocKind::Survey] {
            let a = Access::derive(kind, &AutoCommit::new());
            assert!(may_read(Role::Office, "o", &a, || false), "{kind}");
            for role in [Role::Engineer, Role::Storekeeper, Role::Expert] {
                assert!(!may_read(role, "a", &a, || true), "{role} reads {kind}");
            }
        }
    }

    #[test]
    fn every_role_reads_the_company_settings() {
        let settings = Access::derive(DocKind::Settings, &AutoCommit::new());
        for role in [Role::Engineer, Role::Office, Role::Storekeeper] {
            assert!(may_read(role, "anyone", &settings, || false), "{role}");
        }
    }
}
