//! A part document's `moves`: the list of its stock movements, kept beside
//! the stock counters and outside the typed struct (like them). Entries
//! are appended, never rewritten, so movements made on offline devices all
//! survive a merge; each one says by how much it changed which counter
//! (`qty`, signed), so the counts are explained by the list.
//!
//! The list is created with the part ([`init_part`]), like its counters:
//! two devices creating it concurrently would keep only one side's list.

use automerge::{transaction::Transactable, AutoCommit, ObjType, ReadDoc, Value, ROOT};
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::doc::{self, DocError};
use crate::model::scalars::{hydrate_i64, hydrate_opt_i64};
use crate::model::tolerant::or_empty;
use crate::model::{DocId, Ts};
use crate::string_enum;

/// The key of the list in a part document.
pub const MOVES: &str = "moves";

string_enum! {
    /// Why a counter changed.
    pub enum MoveKind {
        /// Goods received into the warehouse (+n).
        Received = "received",
        /// A stocktake: the counter set to what was counted (counted − current).
        Stocktake = "stocktake",
        /// Picked up for a work order (−n).
        Pickup = "pickup",
        /// Returned from a pickup (+n).
        Return = "return",
    }
}

/// One movement of a part's stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Hydrate, Reconcile)]
#[ts(export)]
pub struct StockMove {
    /// A ULID.
    pub id: String,
    /// Why.
    pub kind: MoveKind,
    /// The warehouse (code) whose counter changed.
    pub warehouse: String,
    /// The signed change of the counter.
    #[autosurgeon(hydrate = "hydrate_i64")]
    pub qty: i64,
    /// A stocktake's counted quantity.
    #[autosurgeon(hydrate = "hydrate_opt_i64")]
    pub counted: Option<i64>,
    /// Why, in words (a receipt's delivery note, a stocktake's reason).
    #[autosurgeon(hydrate = "or_empty")]
    pub reason: String,
    /// Who (user name).
    pub by: String,
    /// When.
    pub at: Ts,
    /// The pickup it belongs to (pickups and returns).
    #[autosurgeon(hydrate = "or_empty")]
    pub pickup_id: Option<DocId>,
    /// The work order of that pickup.
    #[autosurgeon(hydrate = "or_empty")]
    pub work_order_id: Option<DocId>,
    /// The work order's number.
    #[autosurgeon(hydrate = "or_empty")]
    pub work_order_no: Option<String>,
}

impl StockMove {
    /// A movement of `qty` on `warehouse`, by `by` at `at`, with a fresh id
    /// and nothing else.
    pub fn new(kind: MoveKind, warehouse: &str, qty: i64, by: &str, at: Ts) -> StockMove {
        StockMove {
            id: ulid::Ulid::new().to_string(),
            kind,
            warehouse: warehouse.to_string(),
            qty,
            counted: None,
            reason: String::new(),
            by: by.to_string(),
            at,
            pickup_id: None,
            work_order_id: None,
            work_order_no: None,
        }
    }
}

/// Creates a new part's stock counters (one per warehouse, at their start
/// values) and its empty movement list. Call once, when the part is
/// created.
pub fn init_part(
    am: &mut AutoCommit,
    start: &std::collections::BTreeMap<String, i64>,
) -> Result<(), DocError> {
    doc::init_stock(am, start)?;
    am.put_object(ROOT, MOVES, ObjType::List)?;
    Ok(())
}

/// The part's movements, in list order (oldest appended first). Entries
/// that do not read are skipped; a part without the list has none.
pub fn read(am: &AutoCommit) -> Vec<StockMove> {
    let Ok(Some((Value::Object(ObjType::List), list))) = am.get(ROOT, MOVES) else {
        return vec![];
    };
    (0..am.length(&list))
        .filter_map(|i| autosurgeon::hydrate_prop(am, &list, i).ok())
        .collect()
}

/// Applies `m` to its warehouse's counter and appends it to the list, in
/// one change: the counter must exist ([`DocError::NoCounter`] otherwise;
/// counters are never created lazily). A part stored before movements
/// were listed gets its list here.
pub fn record(am: &mut AutoCommit, m: &StockMove) -> Result<(), DocError> {
    doc::adjust_stock(am, &m.warehouse, m.qty)?;
    let list = match am.get(ROOT, MOVES)? {
        Some((Value::Object(ObjType::List), id)) => id,
        _ => am.put_object(ROOT, MOVES, ObjType::List)?,
    };
    let at = am.length(&list);
    autosurgeon::reconcile_insert(am, list, at, m)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_recorded_move_changes_the_counter_and_is_listed() {
        let mut am = AutoCommit::new();
        init_part(&mut am, &BTreeMap::from([("main".to_string(), 3)])).unwrap();
        let at = Ts("2026-03-02T01:00:00Z".parse().unwrap());
        let mut m = StockMove::new(MoveKind::Received, "main", 4, "store1", at);
        m.reason = "送货单 123".into();
        record(&mut am, &m).unwrap();
        assert_eq!(doc::read_stock(&am)["main"], 7);
        assert_eq!(read(&am), vec![m]);
        let other = StockMove::new(MoveKind::Received, "branch", 1, "store1", at);
        assert!(matches!(
            record(&mut am, &other),
            Err(DocError::NoCounter(w)) if w == "branch"
        ));
    }
}
