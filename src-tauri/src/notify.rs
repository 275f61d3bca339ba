//! Desktop notifications of the news core finds after a sync
//! (`Device::take_notices`: an order newly assigned to this engineer, a
//! record changed after signing for the office), in the UI's language,
//! through `tauri-plugin-notification`. Each one is also logged
//! (`notification: …`), which is what the real-window test reads: a
//! headless test display has no notification daemon to ask.

use std::sync::{Arc, Mutex};

use onsite_core::account;
use onsite_core::service::Device;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// Tells the user the news since the last call, one notification each.
pub fn announce(app: &AppHandle, device: &Arc<Mutex<Device>>) {
    let (notices, language) = {
        let Ok(mut d) = device.lock() else {
            return;
        };
        let notices = match d.take_notices() {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e.message, "notices not read");
                return;
            }
        };
        let language =
            account::settings::language(&d.store).unwrap_or_else(|_| "zh-CN".to_string());
        (notices, language)
    };
    for n in notices {
        let (title, body) = n.text(&language);
        tracing::info!(kind = ?n.kind, id = %n.id, "notification: {title} — {body}");
        if let Err(e) = app
            .notification()
            .builder()
            .title(&title)
            .body(&body)
            .show()
        {
            tracing::warn!(error = %e, "the desktop did not show the notification");
        }
    }
}
