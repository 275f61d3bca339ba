//! The Onsite app: a thin Tauri shell over `onsite-core`.

/// Starts the app.
pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the Onsite app");
}
