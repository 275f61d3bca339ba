//! The Onsite app: a thin Tauri shell over `onsite-core`.
//!
//! - [`app_state`]: the shared [`app_state::AppState`] (the `Device` and the sync loop);
//! - [`sync`]: core's sync loop relayed as `sync://status` / `docs://changed`;
//! - [`commands`]: the IPC commands of docs/ipc.md;
//! - [`headless`]: `onsite-app --seed-demo`, without a window;
//! - [`notify`]: desktop notifications of the news a sync brought.
//!
//! Everything else is core's: the IPC shapes and error codes
//! (`onsite_core::service`, exported to TypeScript), enrolment, settings,
//! the environment and the staff directory (`onsite_core::account`), the
//! files of signed records (`onsite_core::service::transfer`). The shell
//! has no logic of its own to unit-test; `tests/headless_seed.rs` runs the
//! built binary.
//!
//! Two plugins: `tauri-plugin-dialog`, the desktop's save dialog for exports
//! (`commands::records`; on mobile exports go to the app's own folder
//! without a dialog, so the same command layer builds for mobile), and
//! `tauri-plugin-notification` ([`notify`]).

pub mod app_state;
pub mod commands;
pub mod headless;
pub mod notify;
pub mod planning;
pub mod sync;

use tauri::Manager;

use onsite_core::account::{self, env::Env};

use crate::app_state::AppState;

/// Logs to stderr; `RUST_LOG` filters (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Starts the app (or, with `--seed-demo`, seeds the device headless and
/// exits).
pub fn run() {
    init_tracing();
    if std::env::args().skip(1).any(|a| a == "--seed-demo") {
        std::process::exit(headless::seed_demo());
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let env = Env::read();
            let dir = match env.data_dir.clone() {
                Some(d) => d,
                None => app.path().app_data_dir()?,
            };
            let mut state = AppState::open(&dir, env.company.clone()).map_err(|e| format!("cannot open the local data in {}: {e}", dir.display()))?;
            state.export_dir = env.export_dir.clone();
            if let Some((url, token)) = &env.enrol {
                let enrolled = state.with(|d| Ok(account::is_enrolled(&d.store)?)).unwrap_or(false);
                if !enrolled {
                    match tauri::async_runtime::block_on(account::enrol(&state.device, url, token)) {
                        Ok(_) => {}
                        Err(e) => tracing::error!(%url, code = %e.code, "automatic enrolment failed: {}", e.message),
                    }
                }
            }
            app.manage(state);
            let state = app.state::<AppState>();
            planning::plan(&state);
            if let Err(e) = sync::restart(app.handle(), &state) {
                tracing::error!(code = %e.code, "sync not started: {}", e.message);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::session,
            commands::session::get_settings,
            commands::session::enroll,
            commands::session::set_language,
            commands::work_orders::list_work_orders,
            commands::work_orders::ui_ready,
            commands::work_orders::list_to_file,
            commands::work_orders::get_work_order,
            commands::work_orders::act,
            commands::work_orders::assign,
            commands::work_orders::update_order,
            commands::work_orders::update_service,
            commands::work_orders::add_note,
            commands::work_orders::ask_expert,
            commands::work_orders::set_charge_override,
            commands::work_orders::sign,
            commands::work_orders::create_work_order,
            commands::parts::pickup_parts,
            commands::parts::mark_part,
            commands::parts::list_stock,
            commands::contracts::list_contracts,
            commands::contracts::get_contract,
            commands::contracts::create_contract,
            commands::contracts::edit_contract,
            commands::contracts::plan_visits,
            commands::contracts::tick_check_item,
            commands::loaners::list_loaners,
            commands::loaners::issue_loaner,
            commands::loaners::return_loaner,
            commands::warehouse::list_warehouses,
            commands::warehouse::part_view,
            commands::warehouse::add_part,
            commands::warehouse::edit_part,
            commands::warehouse::receive_goods,
            commands::warehouse::stocktake,
            commands::warehouse::awaiting_confirmation,
            commands::warehouse::confirm_pickup,
            commands::warehouse::confirm_return,
            commands::warehouse::outstanding_parts,
            commands::customers::list_customers,
            commands::customers::get_customer,
            commands::customers::create_customer,
            commands::customers::edit_customer,
            commands::dispatch::dispatch_board,
            commands::dispatch::search_orders,
            commands::office::list_engineers,
            commands::office::list_experts,
            commands::records::export_signed,
            commands::records::import_signed,
            commands::records::export_pdf,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::drafts::save_draft,
            commands::drafts::load_draft,
            commands::drafts::discard_draft,
            commands::drafts::list_drafts,
            commands::company::company_settings,
            commands::company::save_company_settings,
            commands::company::import_calendar,
            commands::company::remove_calendar_year,
            commands::followups::list_follow_ups,
            commands::followups::record_follow_up,
            commands::followups::plan_visit,
            commands::followups::list_surveys_due,
            commands::followups::record_survey,
            commands::followups::list_visits_due,
            commands::complaints::list_complaints,
            commands::complaints::get_complaint,
            commands::complaints::create_complaint,
            commands::complaints::add_complaint_step,
            commands::complaints::find_complaint_not_ours,
            commands::complaints::close_complaint,
            commands::complaints::complaint_report,
            commands::complaints::submit_complaint_report,
            commands::complaints::export_complaint_report_pdf,
            commands::complaints::export_complaint_report_csv,
            commands::stats::stats_report,
            commands::stats::stats_orders,
            commands::stats::stats_export,
            commands::history::doc_history,
            commands::history::export_history_csv,
            commands::photos::add_photo,
            commands::photos::remove_photo,
            commands::photos::photo,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "the Onsite app failed");
        eprintln!("Onsite could not start: {e}");
        std::process::exit(1);
    }
}
