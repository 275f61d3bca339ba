//! The app's state, managed by Tauri: the [`Device`] behind one
//! `Arc<Mutex<…>>` (shared with core's sync loop, which locks it only for
//! short synchronous steps), the data folder, the running sync loop's
//! handle and the PDF font once loaded.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use onsite_core::account::{self, env::DB_FILE};
use onsite_core::clock::SystemClock;
use onsite_core::report::CjkFont;
use onsite_core::service::{transfer, ApiError, Device};
use onsite_core::sync::client::SyncHandle;

/// Everything the commands share.
pub struct AppState {
    /// The device: store, clock, rules, signed-in user.
    pub device: Arc<Mutex<Device>>,
    /// Where `onsite.db` and `exports/` live.
    pub data_dir: PathBuf,
    /// The company name printed on records until the office saves the
    /// company settings (`ONSITE_COMPANY`).
    pub company: String,
    /// `ONSITE_EXPORT_DIR`: write exports there without asking (tests).
    pub export_dir: Option<PathBuf>,
    sync: Mutex<Option<SyncHandle>>,
    font: Mutex<Option<CjkFont>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every store write is one SQLite transaction: a panic while holding the
    // lock leaves nothing half-written, so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    /// Opens (or creates) `<data_dir>/onsite.db`; the signed-in user comes
    /// from the enrolment stored in it.
    pub fn open(data_dir: &Path, company: String) -> Result<AppState, ApiError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            ApiError::io(
                format!("cannot create the data folder {}", data_dir.display()),
                e,
            )
        })?;
        let db = data_dir.join(DB_FILE);
        let mut device = Device::open(
            &db,
            Arc::new(SystemClock),
            // A new company's rules (the official holiday calendar); the
            // company settings document overrides them once synced.
            onsite_core::settings::company_defaults(),
            onsite_core::ops::Actor::new("", onsite_core::rules::state::Role::Engineer),
        )?;
        device.actor = account::actor_from_store(&device.store)?;
        tracing::info!(db = %db.display(), user = %device.actor.name, role = %device.actor.role, "device opened");
        Ok(AppState {
            device: Arc::new(Mutex::new(device)),
            data_dir: data_dir.to_path_buf(),
            company,
            export_dir: None,
            sync: Mutex::new(None),
            font: Mutex::new(None),
        })
    }

    /// Runs `f` with the device locked.
    pub fn with<R>(
        &self,
        f: impl FnOnce(&mut Device) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        f(&mut lock(&self.device))
    }

    /// A local edit: runs `f` on the device like [`AppState::with`], then
    /// pokes the sync loop. The command returns what `f` returns (the
    /// fresh view), so no event is sent.
    pub fn edit<R>(
        &self,
        f: impl FnOnce(&mut Device) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let out = self.with(f)?;
        if let Some(h) = self.sync_handle() {
            h.changed(); // core debounces
        }
        Ok(out)
    }

    /// The running sync loop, if the device is enrolled.
    pub fn sync_handle(&self) -> Option<SyncHandle> {
        lock(&self.sync).clone()
    }

    /// Replaces the running sync loop; returns the previous one (to stop).
    pub fn replace_sync(&self, handle: Option<SyncHandle>) -> Option<SyncHandle> {
        std::mem::replace(&mut *lock(&self.sync), handle)
    }

    /// The PDF font, found on the system on first use.
    pub fn font(&self) -> Result<CjkFont, ApiError> {
        let mut slot = lock(&self.font);
        if let Some(f) = &*slot {
            return Ok(f.clone());
        }
        let f = CjkFont::from_system()?;
        tracing::info!(font = %f.source.display(), index = f.index(), "PDF font loaded");
        *slot = Some(f.clone());
        Ok(f)
    }

    /// `<data dir>/exports`, created when missing.
    pub fn exports_dir(&self) -> Result<PathBuf, ApiError> {
        Ok(transfer::exports_dir(&self.data_dir)?)
    }
}
