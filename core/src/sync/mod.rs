//! Sync with the Onsite sync server: the wire protocol shared by the device
//! client and the server ([`protocol`]). The device-side client loop lives
//! next to it (added with the `client` feature).

#[cfg(feature = "client")]
pub mod background;
#[cfg(feature = "client")]
pub mod client;
pub mod protocol;
pub mod session;
pub mod state;
