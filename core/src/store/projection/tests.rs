//! Tests of the list rows derived from documents (deadlines, loaner,
//! filing, signature check, stock levels).

use super::*;
use crate::model::{FilingReceipt, SignOff};
use crate::rules::StockLevel;
use crate::testing::samples::*;

fn row(wo: &WorkOrder) -> WoRow {
    let d = doc::create(DocKind::WorkOrder, wo).unwrap();
    rows_for(&d, &RulesConfig::default()).wo.unwrap()
}

#[test]
fn a_new_order_gets_its_three_deadlines_and_the_response_runs_first() {
    // Reported Monday 2026-03-02 09:00 in Shanghai.
    let r = row(&work_order("1", Some("zhang")));
    assert_eq!(r.response_due, at("2026-03-02T02:00:00Z"));
    assert_eq!(r.onsite_due, Some(at("2026-03-03T01:00:00Z")));
    // End of Wednesday (2nd working day after the call), Shanghai time.
    assert_eq!(r.fix_due, at("2026-03-04T16:00:00Z"));
    assert_eq!(r.next_due, Some(r.response_due));
    assert_eq!(r.filing_due, None);
    assert!(!r.tampered);
}

#[test]
fn met_clocks_stop_running_and_no_visit_means_no_on_site_clock() {
    let mut wo = work_order("1", Some("zhang"));
    wo.visit_needed = false;
    wo.status = crate::rules::Status::Responded;
    wo.timeline.responded_at = Some(at("2026-03-02T01:30:00Z"));
    let r = row(&wo);
    assert_eq!(r.onsite_due, None);
    assert_eq!(r.next_due, Some(r.fix_due));
    assert_eq!(r.updated_at, at("2026-03-02T01:30:00Z"));
}

#[test]
fn a_signed_order_runs_the_filing_clock_until_filed_and_flags_tampering() {
    let mut wo = work_order("1", Some("zhang"));
    wo.status = crate::rules::Status::Signed;
    wo.timeline.resolved_at = Some(at("2026-03-03T05:00:00Z"));
    let mut s = SignOff {
        signer: "王".into(),
        signed_at: at("2026-03-03T06:00:00Z"),
        opinion: "好".into(),
        satisfaction: 5,
        matches_agreed_items: true,
        strokes: vec!["1,1 2,2".into()],
        charges_json: "{}".into(),
        content_hash: String::new(),
    };
    crate::signoff::seal(&wo, &mut s);
    wo.signoff = Some(s);
    let r = row(&wo);
    // Signed on 3 March (Shanghai): due before the end of 8 March.
    assert_eq!(r.filing_due, Some(at("2026-03-08T16:00:00Z")));
    assert_eq!(r.next_due, r.filing_due);
    assert!(!r.tampered);

    wo.fault = "changed after signing".into();
    assert!(row(&wo).tampered);

    wo.filing = Some(FilingReceipt {
        received_at: at("2026-03-04T00:00:00Z"),
        content_hash: String::new(),
        via: "sync".into(),
    });
    wo.status = crate::rules::Status::Filed;
    let r = row(&wo);
    assert_eq!(r.filed_at, Some(at("2026-03-04T00:00:00Z")));
    assert_eq!(r.next_due, None);
}

#[test]
fn a_part_yields_one_row_per_warehouse_and_flags_low_stock() {
    let (_, d) = part_doc("P-1", 2);
    let rows = rows_for(&d, &RulesConfig::default());
    assert_eq!(rows.stock.len(), 1);
    assert_eq!(rows.stock[0].qty, 2);
    assert_eq!(rows.stock[0].level, StockLevel::Low);
}

#[test]
fn a_bad_shaped_or_kindless_document_yields_no_rows() {
    use automerge::{transaction::Transactable, ROOT};
    let mut d = AutoCommit::new();
    d.put(ROOT, "kind", "wo").unwrap();
    d.put(ROOT, "number", 42).unwrap();
    assert_eq!(
        rows_for(&d, &RulesConfig::default()),
        ProjectionRows::default()
    );
    assert_eq!(
        rows_for(&AutoCommit::new(), &RulesConfig::default()),
        ProjectionRows::default()
    );
}

#[test]
fn an_orders_figures_come_from_its_sign_off_and_follow_it_through_a_rebuild() {
    use crate::model::DocId;
    use crate::rules::warranty::Tier;
    use crate::store::Store;
    use crate::testing::{day, WorkOrderBuilder};

    let contract = DocId::with_suffix(DocKind::Contract, "01HT");
    let open = WorkOrderBuilder::new()
        .contract(contract.clone())
        .assigned_to("zhang")
        .build();
    let d = doc::create(DocKind::WorkOrder, &open).unwrap();
    let f = rows_for(&d, &RulesConfig::default()).wo_figures.unwrap();
    // Before signing: only the contract.
    assert_eq!(
        (f.satisfaction, f.charge_fen, f.tier, f.under_contract),
        (None, None, None, None)
    );
    assert_eq!(f.contract_id, Some(contract.clone()));

    let signed = WorkOrderBuilder::new()
        .accepted_on(day("2025-06-01"))
        .assigned_to("zhang")
        .resolved()
        .charge_override(12345, "老客户优惠")
        .signed()
        .satisfaction(3)
        .build();
    let mut store = Store::open_in_memory().unwrap();
    let mut am = doc::create(DocKind::WorkOrder, &signed).unwrap();
    store.create_doc_merging(&signed.id, &mut am).unwrap();
    type Figures = (Option<i64>, Option<i64>, Option<String>, Option<bool>);
    let read = |store: &Store| -> Vec<Figures> {
        store
            .conn()
            .prepare("SELECT satisfaction, charge_fen, tier, under_contract FROM wo_figures")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // The override's amount, not the computed lines' sum.
    let want = vec![(
        Some(3),
        Some(12345),
        Some(Tier::InWarranty.as_str().to_string()),
        Some(false),
    )];
    assert_eq!(read(&store), want);
    store
        .conn()
        .execute_batch("DELETE FROM wo_figures")
        .unwrap();
    store.rebuild_projections().unwrap();
    assert_eq!(read(&store), want, "the rebuild writes it again");
}
