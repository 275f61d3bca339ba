//! What the kill and disk-full loops set up alike: a server data directory
//! with the office and one engineer, each with a device token; the tokio
//! runtime; a device file opened as a user; orders the office creates and
//! assigns to the engineer.

use std::path::Path;
use std::sync::{Arc, Mutex};

use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_core::ops::Actor;
use onsite_core::rules::state::Role;
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_tests::new_order;
use onsite_tests::server::{add_user, enroll, open_store};

/// The office's user name.
pub const OFFICE: &str = "office1";

/// Adds the office and `engineer` to the server data directory `data` and
/// enrols a device for each (labelled `office` and `eng_label`): their
/// tokens, office first.
pub fn office_and_engineer(
    data: &Path,
    engineer: &str,
    eng_label: &str,
) -> anyhow::Result<(String, String)> {
    let store = open_store(data)?;
    add_user(&*store, &SystemClock, OFFICE, Role::Office)?;
    add_user(&*store, &SystemClock, engineer, Role::Engineer)?;
    let office = enroll(&*store, &SystemClock, OFFICE, "office")?.token;
    let eng = enroll(&*store, &SystemClock, engineer, eng_label)?.token;
    Ok((office, eng))
}

/// The runtime the loops sync on.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// The device file `path` opened as `who`.
pub fn open_device(path: &Path, who: &str, role: Role) -> anyhow::Result<Arc<Mutex<Device>>> {
    let d = Device::open(
        path,
        Arc::new(SystemClock),
        RulesConfig::default(),
        Actor::new(who, role),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Arc::new(Mutex::new(d)))
}

/// `n` orders the office creates and assigns to `engineer`.
pub fn assigned_orders(
    office: &Mutex<Device>,
    n: usize,
    engineer: &str,
) -> anyhow::Result<Vec<DocId>> {
    let mut o = office.lock().unwrap();
    (0..n)
        .map(|_| -> anyhow::Result<DocId> {
            let id = o
                .create_work_order(new_order("贵州省分析测试研究院"))
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .wo
                .id;
            o.assign(&id, engineer)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(id)
        })
        .collect()
}
