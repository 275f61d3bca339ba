//! Who may read and write which document: the access row derived from a
//! document each time it is saved, and the pure rules that check a device's
//! read and write against it.
//!
//! - office: everything.
//! - engineer: reads and writes work orders whose `assignee` is them and
//!   pickups whose `engineer` is them; reads and writes existing parts (stock
//!   counters); reads the customers of their work orders. Creates pickups for
//!   themselves only; never creates work orders or parts, never changes a
//!   work order's `assignee`, `filing` or `tamper_flag`, never hands a pickup
//!   to someone else.
//! - storekeeper: reads, creates and writes parts and pickups.
//!
//! The fields are read tolerantly (a document mid-sync may not hydrate as
//! its struct yet): a missing or non-text field reads as `None`.

use automerge::{ReadDoc, ScalarValue, Value, ROOT};
use onsite_core::model::{DocKind, FilingReceipt, TamperFlag};

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
}

impl Access {
    /// The access row of `doc`, a document of `kind`.
    pub fn derive<D: ReadDoc>(kind: DocKind, doc: &D) -> Access {
        let (assignee, owner, customer_id) = match kind {
            DocKind::WorkOrder => (
                text_at(doc, "assignee"),
                None,
                text_at(doc, "customer_id").filter(|c| c.starts_with("cust:")),
            ),
            DocKind::Pickup => (None, text_at(doc, "engineer"), None),
            _ => (None, None, None),
        };
        Access {
            kind,
            assignee,
            owner,
            customer_id,
        }
    }

    /// Whether the set of readers differs from `other`'s.
    pub fn readers_differ(&self, other: &Access) -> bool {
        self.assignee != other.assignee
            || self.owner != other.owner
            || self.customer_id != other.customer_id
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

/// The fields a write rule looks at, read before and after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    /// `assignee` (work orders).
    pub assignee: Option<String>,
    /// `engineer` (pickups).
    pub engineer: Option<String>,
    /// `filing`, as a comparable text.
    pub filing: String,
    /// `tamper_flag`, as a comparable text.
    pub tamper_flag: String,
}

impl Guarded {
    /// Reads the guarded fields of `doc`.
    pub fn of(doc: &automerge::AutoCommit) -> Guarded {
        let filing: Result<Option<FilingReceipt>, _> =
            autosurgeon::hydrate_prop(doc, &ROOT, "filing");
        let tamper: Result<Option<TamperFlag>, _> =
            autosurgeon::hydrate_prop(doc, &ROOT, "tamper_flag");
        Guarded {
            assignee: text_at(doc, "assignee"),
            engineer: text_at(doc, "engineer"),
            filing: format!("{filing:?}"),
            tamper_flag: format!("{tamper:?}"),
        }
    }
}

/// Whether a user may read a stored document. `customer_linked` says
/// whether the document is the customer of a work order assigned to them
/// (asked only for customer documents).
pub fn may_read(
    role: Role,
    user: &str,
    access: &Access,
    customer_linked: impl FnOnce() -> bool,
) -> bool {
    match role {
        Role::Office => true,
        Role::Storekeeper => matches!(access.kind, DocKind::Part | DocKind::Pickup),
        Role::Engineer => match access.kind {
            DocKind::WorkOrder => access.assignee.as_deref() == Some(user),
            DocKind::Pickup => access.owner.as_deref() == Some(user),
            DocKind::Part => true,
            DocKind::Customer => customer_linked(),
            DocKind::Contract | DocKind::Complaint => false,
        },
    }
}

/// Checks a change a user's device made to a document: `existed` says
/// whether the server held it before, `before`/`after` are its guarded
/// fields around the change. `Err` carries the reason for `forbidden`.
/// Read access to an existing document is checked separately, first.
pub fn check_write(
    role: Role,
    user: &str,
    kind: DocKind,
    existed: bool,
    before: &Guarded,
    after: &Guarded,
) -> Result<(), String> {
    match role {
        Role::Office => Ok(()),
        Role::Storekeeper => match kind {
            DocKind::Part | DocKind::Pickup => Ok(()),
            other => Err(format!("a storekeeper may not write {other} documents")),
        },
        Role::Engineer => match kind {
            DocKind::WorkOrder if !existed => {
                Err("an engineer may not create work orders".to_string())
            }
            DocKind::WorkOrder if before.assignee != after.assignee => {
                Err("an engineer may not change a work order's assignee".to_string())
            }
            DocKind::WorkOrder if before.filing != after.filing => {
                Err("only the server writes the filing receipt".to_string())
            }
            DocKind::WorkOrder if before.tamper_flag != after.tamper_flag => {
                Err("only the server writes the tamper flag".to_string())
            }
            DocKind::WorkOrder => Ok(()),
            DocKind::Pickup if after.engineer.as_deref() != Some(user) => Err(format!(
                "an engineer may only record pickups of their own ({user})"
            )),
            DocKind::Pickup => Ok(()),
            DocKind::Part if !existed => Err("an engineer may not create parts".to_string()),
            DocKind::Part => Ok(()),
            other => Err(format!("an engineer may not write {other} documents")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{transaction::Transactable, AutoCommit};

    /// Whether `check_write` lets the write through.
    fn ok(r: Role, user: &str, k: DocKind, exists: bool, b: &Guarded, a: &Guarded) -> bool {
        check_write(r, user, k, exists, b, a).is_ok()
    }

    /// Whether `check_write` lets a work-order write through.
    fn wo_write(r: Role, user: &str, exists: bool, b: &Guarded, a: &Guarded) -> bool {
        ok(r, user, DocKind::WorkOrder, exists, b, a)
    }

    /// Whether `check_write` lets a new pickup through.
    fn new_pickup(r: Role, user: &str, a: &Guarded) -> bool {
        ok(
            r,
            user,
            DocKind::Pickup,
            false,
            &Guarded::of(&AutoCommit::new()),
            a,
        )
    }

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
        let cust = Access::derive(DocKind::Customer, &AutoCommit::new());
        assert!(may_read(Role::Engineer, "a", &cust, || true));
        assert!(!may_read(Role::Engineer, "a", &cust, || false));
        let part = Access::derive(DocKind::Part, &AutoCommit::new());
        assert!(may_read(Role::Engineer, "a", &part, || false));
        assert!(may_read(Role::Storekeeper, "s", &part, || false));
    }

    #[test]
    fn engineers_may_not_create_orders_or_reassign_them() {
        let mut d = wo("a");
        let before = Guarded::of(&d);
        assert!(!wo_write(Role::Engineer, "a", false, &before, &before));
        assert!(wo_write(Role::Engineer, "a", true, &before, &before));
        d.put(ROOT, "assignee", "b").unwrap();
        let after = Guarded::of(&d);
        assert!(!wo_write(Role::Engineer, "a", true, &before, &after));
        assert!(wo_write(Role::Office, "o", true, &before, &after));
    }

    #[test]
    fn engineers_may_not_forge_a_filing_receipt() {
        let mut d = wo("a");
        let before = Guarded::of(&d);
        let f = d
            .put_object(ROOT, "filing", automerge::ObjType::Map)
            .unwrap();
        d.put(&f, "via", "sync").unwrap();
        let after = Guarded::of(&d);
        assert!(!wo_write(Role::Engineer, "a", true, &before, &after));
    }

    #[test]
    fn pickups_belong_to_the_engineer_who_records_them() {
        let mut d = AutoCommit::new();
        d.put(ROOT, "engineer", "a").unwrap();
        let mine = Guarded::of(&d);
        assert!(new_pickup(Role::Engineer, "a", &mine));
        assert!(!new_pickup(Role::Engineer, "b", &mine));
        assert!(new_pickup(Role::Storekeeper, "s", &mine));
        assert!(!wo_write(Role::Storekeeper, "s", true, &mine, &mine));
    }
}
