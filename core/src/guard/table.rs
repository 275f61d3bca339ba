//! The field-level write rules as one table: for every document kind its
//! field groups, and for every role whether it may set a group when it
//! creates the document and change it afterwards.
//!
//! A cell is [`May::Yes`], [`May::No`] or [`May::If`] a condition that stays
//! code ([`Cond`]: an engineer's own order or own pickup, an expert's own
//! notes, a legal status transition); [`super::roles`] runs the conditions
//! the table names. `docs/sync-protocol.md` (*Who may write what*) lists
//! this table; a test keeps the two in step.
//!
//! What a change touches is read from the typed document on both sides
//! (its top-level fields as JSON; a part's stock counters and movements,
//! kept outside the struct, under `stock` and `moves`), so an absent optional key and a null one are the
//! same value and a hand-made Automerge change is judged like any other.

use serde_json::{Map, Value};

use super::{Refusal, Writer};
use crate::model::DocKind;
use crate::rules::state::Role;

/// One cell: may the role set (create) or change this group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum May {
    /// Always.
    Yes,
    /// Never: a change touching the group is refused naming the field.
    No,
    /// When the condition holds (checked as code in [`super::roles`] or
    /// [`super::status`]).
    If(Cond),
}

/// A condition that stays code, named by the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// A work order the server has assigned to the engineer (enforced by
    /// read access: nobody else's order reaches their device or is taken
    /// from it).
    OwnOrder,
    /// A pickup of their own (`engineer` = them), booked on a work order the
    /// server has assigned to them ([`super::roles::pickup`]).
    OwnPickup,
    /// New notes of their own (`by` = them, `role` = `expert`) on an order
    /// whose `experts` list them ([`super::roles::expert_advice`]).
    ExpertNotes,
    /// Legal transitions of the state machine the role may take, each in
    /// `history` ([`super::status`]).
    LegalTransition,
    /// Movements of their own on a part: only appended entries, each a
    /// pickup or a return by them, and each stock counter changed by
    /// exactly the sum of those entries ([`super::roles::own_moves`]).
    OwnMoves,
}

impl Cond {
    /// The condition as the protocol document shows it.
    pub fn words(self) -> &'static str {
        match self {
            Cond::OwnOrder => "own order",
            Cond::OwnPickup => "own pickup",
            Cond::ExpertNotes => "own notes if asked",
            Cond::LegalTransition => "legal steps",
            Cond::OwnMoves => "own pickups and returns",
        }
    }
}

/// The roles in the table's column order.
pub const ROLES: [Role; 4] = [
    Role::Office,
    Role::Engineer,
    Role::Storekeeper,
    Role::Expert,
];

/// One row: a field group of a kind and its cells, in [`ROLES`] order.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The document kind.
    pub kind: DocKind,
    /// The group's name, as refusals say it ("price").
    pub name: &'static str,
    /// Its top-level fields; `*` is every field of the document.
    pub fields: &'static [&'static str],
    /// Setting it in a document the writer creates, per role.
    pub create: [May; 4],
    /// Changing it in a stored document, per role.
    pub change: [May; 4],
}

impl Group {
    /// The cell of `role` for creating (`creating`) or changing.
    pub fn may(&self, role: Role, creating: bool) -> May {
        let i = ROLES.iter().position(|r| *r == role).expect("every role");
        match creating {
            true => self.create[i],
            false => self.change[i],
        }
    }

    /// The group's first field that differs between `before` and `after`
    /// (for a creation: the first that is set at all).
    pub fn touched(
        &self,
        before: Option<&Map<String, Value>>,
        after: &Map<String, Value>,
    ) -> Option<String> {
        let null = Value::Null;
        let differs = |k: &str| {
            let a = after.get(k).unwrap_or(&null);
            match before {
                Some(b) => b.get(k).unwrap_or(&null) != a,
                None => !is_empty(a),
            }
        };
        if self.fields == ["*"] {
            let mut keys: Vec<&String> = after
                .keys()
                .chain(before.into_iter().flat_map(|b| b.keys()))
                .collect();
            keys.sort();
            keys.dedup();
            return keys.into_iter().find(|k| differs(k)).cloned();
        }
        self.fields
            .iter()
            .find(|k| differs(k))
            .map(|k| k.to_string())
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

use May::{No, Yes};
const ORDER: May = May::If(Cond::OwnOrder);
const PICKUP: May = May::If(Cond::OwnPickup);
const NOTES: May = May::If(Cond::ExpertNotes);
const STEPS: May = May::If(Cond::LegalTransition);
const MOVES: May = May::If(Cond::OwnMoves);
/// The office and the storekeeper (the catalogue, confirmations).
const KEEPERS: [May; 4] = [Yes, No, Yes, No];

/// The office alone, creating and changing.
const OFFICE_ONLY: [May; 4] = [Yes, No, No, No];
/// Nobody (only the server).
const NOBODY: [May; 4] = [No, No, No, No];

const fn office_only(kind: DocKind) -> Group {
    Group {
        kind,
        name: "content",
        fields: &["*"],
        create: OFFICE_ONLY,
        change: OFFICE_ONLY,
    }
}

/// The rule table. Columns: office, engineer, storekeeper, expert.
pub const TABLE: &[Group] = &[
    // Work orders.
    Group {
        kind: DocKind::WorkOrder,
        name: "server fields",
        fields: &["filing", "tamper_flag"],
        create: NOBODY,
        change: NOBODY,
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "office fields",
        fields: &[
            "id",
            "assignee",
            "customer_id",
            "contract_id",
            "number",
            "order_kind",
            "priority",
            "reported_at",
            "created_at",
            "created_by",
        ],
        create: OFFICE_ONLY,
        change: OFFICE_ONLY,
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "planned visit",
        fields: &["planned"],
        create: OFFICE_ONLY,
        change: OFFICE_ONLY,
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "status",
        fields: &["status", "paused_from", "history"],
        create: OFFICE_ONLY,
        change: [STEPS, STEPS, No, No],
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "visit fields",
        fields: &[
            "customer",
            "equipment",
            "fault",
            "visit_needed",
            "repair_items",
            "estimate_fen",
            "appointment",
            "experts",
            "timeline",
            "service",
            "parts_used",
            "charge_override",
            "loaner",
            "follow_ups",
        ],
        create: OFFICE_ONLY,
        change: [Yes, ORDER, No, No],
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "checklist",
        fields: &["checklist"],
        create: OFFICE_ONLY,
        change: [Yes, ORDER, No, No],
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "photos",
        fields: &["photos"],
        create: OFFICE_ONLY,
        change: [Yes, ORDER, No, No],
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "sign-off",
        fields: &["signoff"],
        create: OFFICE_ONLY,
        change: [Yes, ORDER, No, No],
    },
    Group {
        kind: DocKind::WorkOrder,
        name: "notes",
        fields: &["notes"],
        create: OFFICE_ONLY,
        change: [Yes, ORDER, No, NOTES],
    },
    // Parts.
    Group {
        kind: DocKind::Part,
        name: "identity",
        fields: &["id", "part_no", "name", "unit"],
        create: KEEPERS,
        change: KEEPERS,
    },
    Group {
        kind: DocKind::Part,
        name: "price",
        fields: &["unit_cost_fen", "standard_price_fen"],
        create: KEEPERS,
        change: KEEPERS,
    },
    Group {
        kind: DocKind::Part,
        name: "low-stock threshold",
        fields: &["low_threshold"],
        create: KEEPERS,
        change: KEEPERS,
    },
    Group {
        kind: DocKind::Part,
        name: "retired",
        fields: &["retired"],
        create: KEEPERS,
        change: KEEPERS,
    },
    Group {
        kind: DocKind::Part,
        name: "stock counters",
        fields: &["stock"],
        create: KEEPERS,
        change: [Yes, MOVES, Yes, No],
    },
    Group {
        kind: DocKind::Part,
        name: "movements",
        fields: &["moves"],
        create: KEEPERS,
        change: [Yes, MOVES, Yes, No],
    },
    // Pickups.
    Group {
        kind: DocKind::Pickup,
        name: "booking",
        fields: &[
            "id",
            "part_id",
            "part_no",
            "name",
            "work_order_id",
            "work_order_no",
            "engineer",
            "warehouse",
            "picked_at",
        ],
        create: [Yes, PICKUP, Yes, No],
        change: [Yes, PICKUP, Yes, No],
    },
    Group {
        kind: DocKind::Pickup,
        name: "quantities",
        fields: &["qty", "serials", "used", "returned"],
        create: [Yes, PICKUP, Yes, No],
        change: [Yes, PICKUP, Yes, No],
    },
    Group {
        kind: DocKind::Pickup,
        name: "confirmation",
        fields: &["confirmed", "return_confirmed"],
        create: KEEPERS,
        change: KEEPERS,
    },
    // The office's own kinds.
    office_only(DocKind::Customer),
    office_only(DocKind::Contract),
    office_only(DocKind::Complaint),
    office_only(DocKind::ComplaintReport),
    office_only(DocKind::Settings),
    office_only(DocKind::FollowUp),
    office_only(DocKind::Survey),
];

/// The groups of `kind`, in table order.
pub fn groups(kind: DocKind) -> impl Iterator<Item = &'static Group> {
    TABLE.iter().filter(move |g| g.kind == kind)
}

/// Whether `role` may create a document of `kind` at all: some group of
/// it is not refused on creation.
pub fn may_create(role: Role, kind: DocKind) -> bool {
    groups(kind).any(|g| g.may(role, true) != No)
}

/// Whether `role` may change a document of `kind` at all.
pub fn may_change(role: Role, kind: DocKind) -> bool {
    groups(kind).any(|g| g.may(role, false) != No)
}

/// The kind as a noun in a sentence ("a part's price").
pub fn noun(kind: DocKind) -> &'static str {
    match kind {
        DocKind::WorkOrder => "work order",
        DocKind::Pickup => "pickup",
        DocKind::Part => "part",
        DocKind::Customer => "customer",
        DocKind::Contract => "contract",
        DocKind::Complaint => "complaint",
        DocKind::ComplaintReport => "complaint-report record",
        DocKind::Settings => "company settings",
        DocKind::FollowUp => "follow-up",
        DocKind::Survey => "survey",
    }
}

/// "a" or "an" and the role ("an engineer").
pub fn a_role(role: Role) -> String {
    match role {
        Role::Office | Role::Engineer | Role::Expert => format!("an {role}"),
        Role::Storekeeper => format!("a {role}"),
    }
}

/// Checks a change against the table: every group it touches must be
/// allowed to the writer or conditional. Returns the conditions of the
/// writer's cells for this kind and step (create or change), for the
/// caller to check as code; the first refused group refuses the change,
/// naming the group and the field.
pub fn check(
    w: Writer<'_>,
    kind: DocKind,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<Vec<Cond>, Refusal> {
    let creating = before.is_none();
    let mut conds = Vec::new();
    for g in groups(kind) {
        match g.may(w.role, creating) {
            Yes => {}
            May::If(c) => {
                if !conds.contains(&c) {
                    conds.push(c)
                }
            }
            No => {
                let Some(field) = g.touched(before, after) else {
                    continue;
                };
                let verb = if creating { "set" } else { "change" };
                let who = if g.create == NOBODY && g.change == NOBODY {
                    "only the server may write".to_string()
                } else {
                    format!("{} may not {verb}", a_role(w.role))
                };
                return Err(Refusal::forbidden(format!(
                    "{who} a {}'s {} ({field})",
                    noun(kind),
                    g.name
                )));
            }
        }
    }
    Ok(conds)
}

/// The table as `docs/sync-protocol.md` shows it (*Who may write what*):
/// one row per group, each cell `create / change`.
pub fn markdown() -> String {
    let cell = |m: May| match m {
        Yes => "yes",
        No => "no",
        May::If(c) => c.words(),
    };
    let mut out = String::from(
        "| kind | field group | fields | office | engineer | storekeeper | expert |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for g in TABLE {
        let fields = match g.fields {
            ["*"] => "every field".to_string(),
            fs => fs
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let cells: Vec<String> = (0..4)
            .map(|i| match (g.create[i], g.change[i]) {
                (a, b) if a == b => cell(a).to_string(),
                (a, b) => format!("{} / {}", cell(a), cell(b)),
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            g.kind,
            g.name,
            fields,
            cells.join(" | ")
        ));
    }
    out
}
