//! Target `request`: the bytes of a `POST /v1/sync` body, decoded exactly
//! as the server's handler decodes them ([`protocol::decode`] into a
//! [`SyncRequest`], then the cursor), and — since the same decoder reads
//! the server's answer on the device — as a [`SyncResponse`].
//!
//! Invariants beyond "no panic": a body that decodes encodes again to a
//! body that decodes to the same value; a refusal says why; a decoded
//! cursor is either one this server issues (8 bytes) or a 400.

use onsite_core::sync::protocol::{self, SyncRequest, SyncResponse};
use onsite_sync_server::sync::{decode_cursor, encode_cursor};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The harness.
pub fn run(data: &[u8]) {
    if let Some(req) = round_trips::<SyncRequest>(data) {
        match decode_cursor(req.cursor.as_deref()) {
            Ok((seq, epoch)) => {
                let again = match epoch {
                    Some(epoch) => Some(encode_cursor(seq, epoch)),
                    // The 8-byte cursor of a server before epochs.
                    None => req.cursor.as_ref().map(|_| seq.to_be_bytes().to_vec()),
                };
                assert_eq!(again, req.cursor, "a cursor reads back as itself")
            }
            Err(e) => assert_eq!(e.status.as_u16(), 400, "a bad cursor is a 400: {e:?}"),
        }
    }
    round_trips::<SyncResponse>(data);
}

/// Decodes `data` as `T`; when it decodes, checks that it encodes and
/// decodes again to the same value.
fn round_trips<T>(data: &[u8]) -> Option<T>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    match protocol::decode::<T>(data) {
        Ok(value) => {
            let again = protocol::encode(&value).expect("a decoded body encodes");
            let back: T = protocol::decode(&again).expect("an encoded body decodes");
            assert_eq!(back, value, "decode(encode(x)) == x");
            Some(value)
        }
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "a refusal says why");
            None
        }
    }
}
