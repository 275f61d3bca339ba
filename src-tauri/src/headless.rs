//! `onsite-app --seed-demo`: no window. Opens the device in
//! `ONSITE_DATA_DIR`, enrols with `ONSITE_SERVER_URL` / `ONSITE_TOKEN` when
//! not enrolled yet, fills the demo data (does nothing when it is there)
//! and, when enrolled, runs one whole sync so the server has it; then
//! closes the demo's orders the server filed in that sync (only the server
//! files) and syncs once more. Used by
//! `make run` and the end-to-end tests to seed the office device. Exit
//! code 0 on success, 1 on failure (the reason on stderr).

use std::sync::Arc;

use onsite_core::account::{
    self,
    env::{headless_data_dir, Env},
};
use onsite_core::clock::{Clock, SystemClock};
use onsite_core::demo::SeedDemo;
use onsite_core::service::{ApiError, ErrorCode};
use onsite_core::sync::client::{sync_once, HttpTransport};

use crate::app_state::AppState;

/// The application identifier (tauri.conf.json), for the default folder.
pub const IDENTIFIER: &str = "com.onsite.fieldservice";

/// Runs `--seed-demo`; returns the process exit code.
pub fn seed_demo() -> i32 {
    match tauri::async_runtime::block_on(run()) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("onsite-app --seed-demo failed: {} ({})", e.message, e.code);
            1
        }
    }
}

async fn run() -> Result<(), ApiError> {
    let env = Env::read();
    let dir = env
        .data_dir
        .clone()
        .or_else(|| headless_data_dir(IDENTIFIER))
        .ok_or_else(|| ApiError::internal("no data folder: set ONSITE_DATA_DIR"))?;
    let state = AppState::open(&dir, env.company.clone())?;
    if let Some((url, token)) = &env.enrol {
        if !state.with(|d| Ok(account::is_enrolled(&d.store)?))? {
            account::enrol(&state.device, url, token).await?;
        }
    }
    let now = SystemClock.now();
    let summary = state.with(|d| d.seed_demo(now))?;
    println!(
        "demo data: {} (customers {}, parts {}, work orders {}) in {}",
        if summary.created {
            "created"
        } else {
            "already there"
        },
        summary.customers,
        summary.parts,
        summary.work_orders,
        dir.display()
    );
    let Some((url, token)) = state.with(|d| Ok(account::credentials(&d.store)?))? else {
        println!("not enrolled: nothing synced");
        return Ok(());
    };
    let transport =
        HttpTransport::new(&url, &token).map_err(|e| ApiError::internal(e.to_string()))?;
    let device = Arc::clone(&state.device);
    let mut out = sync_once(device.as_ref(), &transport).await?;
    let closed = state.with(|d| d.close_demo_orders(SystemClock.now()))?;
    if closed > 0 {
        println!("demo orders closed by the office after the server filed them: {closed}");
        for e in &out.errors {
            eprintln!("document {} not synced: {} ({})", e.id, e.message, e.code);
        }
        out = sync_once(device.as_ref(), &transport).await?;
    }
    for e in &out.errors {
        eprintln!("document {} not synced: {} ({})", e.id, e.message, e.code);
    }
    let pending = state.with(|d| Ok(d.store.dirty_count()?))?;
    println!(
        "synced with {url}: {} round trips, {} bytes sent, {} documents received, {} still pending",
        out.round_trips, out.bytes_sent, out.docs_received, pending
    );
    if pending > 0 {
        return Err(ApiError::new(
            ErrorCode::SyncFailed,
            format!("{pending} documents were not accepted by the server"),
        ));
    }
    Ok(())
}
