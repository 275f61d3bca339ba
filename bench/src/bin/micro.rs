//! TEMPORARY micro-benchmark (to be deleted).
#[path = "../fixtures.rs"]
#[allow(dead_code)]
mod fixtures;
use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;
use std::time::Instant;

fn t<F: FnMut(usize)>(name: &str, n: usize, mut f: F) {
    let s = Instant::now();
    for i in 0..n {
        f(i);
    }
    eprintln!("{name}: {:.1} us", s.elapsed().as_secs_f64() * 1e6 / n as f64);
}

fn main() {
    let now = chrono::Utc::now();
    let n = 500;
    let mut docs: Vec<AutoCommit> = (0..n).map(|i| fixtures::work_order_doc(i, "eng", now).1).collect();
    let saved: Vec<Vec<u8>> = docs.iter_mut().map(|d| d.save()).collect();
    eprintln!("saved avg {} B", saved.iter().map(|s| s.len()).sum::<usize>() / n);
    t("load", n, |i| { AutoCommit::load(&saved[i]).unwrap(); });
    t("save", n, |i| { docs[i].save(); });
    t("save_nocompress", n, |i| { docs[i].save_nocompress(); });
    let nc: Vec<Vec<u8>> = docs.iter_mut().map(|d| d.save_nocompress()).collect();
    eprintln!("nocompress avg {} B", nc.iter().map(|s| s.len()).sum::<usize>() / n);
    t("load nocompress", n, |i| { AutoCommit::load(&nc[i]).unwrap(); });
    t("gen first msg (bloom)", n, |i| { docs[i].sync().generate_sync_message(&mut State::new()); });
    let rules = onsite_core::rules::RulesConfig::default();
    if std::env::var("ONLY_ROWS").is_ok() {
        t("rows_for x20", n * 20, |i| { onsite_core::store::projection::rows_for(&docs[i % n], &rules); });
        t("hydrate x20", n * 20, |i| { let _: onsite_core::model::WorkOrder = onsite_core::doc::read(&docs[i % n], onsite_core::model::DocKind::WorkOrder).unwrap(); });
        return;
    }
    t("rows_for", n, |i| { onsite_core::store::projection::rows_for(&docs[i], &rules); });
    // whole doc message
    let mut msgs = Vec::new();
    t("gen whole-doc msg", n, |i| {
        let mut st = State::new();
        st.their_heads = Some(vec![]);
        st.their_need = Some(vec![]);
        st.their_have = Some(vec![automerge::sync::Have::default()]);
        st.their_capabilities = Some(vec![automerge::sync::Capability::MessageV2]);
        msgs.push(docs[i].sync().generate_sync_message(&mut st).unwrap().encode());
    });
    eprintln!("whole msg avg {} B", msgs.iter().map(|s| s.len()).sum::<usize>() / n);
    let mut dev: Vec<AutoCommit> = Vec::new();
    t("receive whole-doc msg", n, |i| {
        let mut d = AutoCommit::new();
        d.sync().receive_sync_message(&mut State::new(), Message::decode(&msgs[i]).unwrap()).unwrap();
        dev.push(d);
    });
    t("device save", n, |i| { dev[i].save(); });
}
