use onsite_core::rules::state::Role;
use onsite_core::model::*;
use onsite_tests::{new_order, TestDevice};
#[test]
fn probe() {
    let d = TestDevice::open("http://127.0.0.1:1", "x", "office", Role::Office);
    let r = d.with(|d| d.create_work_order(new_order("org", None))).unwrap();
    let id = r.wo.id.clone();
    let am = d.with_store(|s| s.load(&id).unwrap().unwrap());
    let e: Result<ServiceRecord, _> = autosurgeon::hydrate_prop(&am, automerge::ROOT, "service");
    println!("service {:?}", e.map(|_|()));
    let e: Result<Timeline, _> = autosurgeon::hydrate_prop(&am, automerge::ROOT, "timeline");
    println!("timeline {:?}", e.map(|_|()));
    let e: Result<EquipmentInfo, _> = autosurgeon::hydrate_prop(&am, automerge::ROOT, "equipment");
    println!("equipment {:?}", e.map(|_|()));
    let e: Result<WorkOrder, _> = autosurgeon::hydrate(&am);
    println!("wo {:?}", e.map(|_|()));
}
