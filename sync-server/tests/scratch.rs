mod common;
#[test]
fn scratch() {
    let wo = common::work_order(Some("a"), None);
    let d = onsite_core::doc::create(onsite_core::model::DocKind::WorkOrder, &wo).unwrap();
    println!("{}", serde_json::to_string(&automerge::AutoSerde::from(&d)).unwrap());
    let r: Result<onsite_core::model::WorkOrder, _> = onsite_core::doc::read(&d, onsite_core::model::DocKind::WorkOrder);
    println!("{:?}", r.err());
}
