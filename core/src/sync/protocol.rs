//! The sync wire protocol, version 1: the CBOR bodies of `POST /v1/sync`,
//! the `{code, message}` error body, the error codes and the limits. Both
//! the device client and the server use these types, so the two cannot
//! drift apart. `docs/sync-protocol.md` is the prose version of this file.
//!
//! Request: `{ "cursor": bytes / null, "docs": [ { "id": text, "msg": bytes } ] }`.
//! Response: `{ "cursor": bytes, "docs": [ { "id", "msg" } / { "id", "error":
//! { "code", "message" } } ], "more": bool }`.
//!
//! Every byte field is a CBOR byte string (major type 2), never an array of
//! integers; a decoder here refuses arrays. Unknown keys are ignored so a
//! later version may add fields.

use serde::{Deserialize, Serialize};

/// The protocol version this module implements (`/v1/…`).
pub const PROTOCOL_VERSION: u32 = 1;

/// The media type of sync bodies.
pub const CONTENT_TYPE: &str = "application/cbor";

/// The largest request body the server accepts (16 MiB); above it, 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The most documents one request may carry; above it, 400 `too_many_docs`.
pub const MAX_REQUEST_DOCS: usize = 1000;

/// The longest document id a request may carry, in bytes.
pub const MAX_ID_BYTES: usize = 128;

/// Error codes, in `{code, message}` bodies and per-document errors.
pub mod codes {
    /// The device may not read or write this document (per document), or
    /// the role may not use this endpoint (HTTP 403).
    pub const FORBIDDEN: &str = "forbidden";
    /// A per-document message that does not decode or apply, or a document
    /// id that is not `<kind>:<id>`.
    pub const BAD_MESSAGE: &str = "bad_message";
    /// The thing asked for does not exist (HTTP 404).
    pub const NOT_FOUND: &str = "not_found";
    /// No, an unknown or a revoked device token (HTTP 401).
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// A valid device token whose user is disabled (`user disable`; HTTP
    /// 401): the device keeps its data and syncs again once the user is
    /// enabled.
    pub const USER_DISABLED: &str = "user_disabled";
    /// The body is not CBOR of the request's shape (HTTP 400).
    pub const BAD_REQUEST: &str = "bad_request";
    /// More documents in one request than [`super::MAX_REQUEST_DOCS`] (HTTP 400).
    pub const TOO_MANY_DOCS: &str = "too_many_docs";
    /// The body is larger than [`super::MAX_BODY_BYTES`] (HTTP 413).
    pub const TOO_LARGE: &str = "too_large";
    /// A changed document does not have the shape of its kind (schema).
    pub const INVALID_DOCUMENT: &str = "invalid_document";
    /// A work order's status moved in a way the state machine does not
    /// allow the writer.
    pub const ILLEGAL_TRANSITION: &str = "illegal_transition";
    /// An imported work order is not signed (HTTP 422).
    pub const NOT_SIGNED: &str = "not_signed";
    /// An imported work order's signed content changed after signing; it
    /// was stored and flagged, not filed (HTTP 422).
    pub const CHANGED_AFTER_SIGNING: &str = "changed_after_signing";
    /// The server failed; retry later (HTTP 500, or per document).
    pub const INTERNAL: &str = "internal";
    /// The path exists but does not take this method (HTTP 405; the
    /// `Allow` header lists the methods it takes).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// The server's disk is full: nothing of the document (or request) was
    /// stored; the device keeps its changes and retries (HTTP 507, or per
    /// document).
    pub const STORAGE_FULL: &str = "storage_full";
    /// A pushed change is written under an Automerge actor that is not
    /// registered to the pushing device (per document; nothing of the
    /// document stored), or an imported file holds such a change (HTTP 422).
    pub const FOREIGN_ACTOR: &str = "foreign_actor";
    /// `POST /v1/actors`: the actor is already registered to another
    /// device (HTTP 409); the device picks a new actor and registers that.
    pub const ACTOR_TAKEN: &str = "actor_taken";
    /// `POST /v1/actors`: the device already holds
    /// [`super::MAX_ACTORS_PER_DEVICE`] actors (HTTP 409).
    pub const TOO_MANY_ACTORS: &str = "too_many_actors";
}

/// The most Automerge actors one device may register.
pub const MAX_ACTORS_PER_DEVICE: usize = 100;

/// `{code, message}`: every error the server reports, over HTTP (as JSON)
/// and per document (inside the CBOR response).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine-readable code, one of [`codes`].
    pub code: String,
    /// A human-readable explanation (English), not to be parsed.
    pub message: String,
}

impl ErrorBody {
    /// An error body with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorBody {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// One Automerge sync message for one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMsg {
    /// The document id, `<kind>:<id>`.
    pub id: String,
    /// `automerge::sync::Message::encode()` bytes.
    #[serde(with = "bytes")]
    pub msg: Vec<u8>,
}

/// The body of `POST /v1/sync`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncRequest {
    /// The cursor of the previous response in this sync, or of the last
    /// completed sync; `None` the first time (sends everything readable).
    #[serde(with = "opt_bytes", default)]
    pub cursor: Option<Vec<u8>>,
    /// A message for each document changed locally or named by the last
    /// response.
    pub docs: Vec<DocMsg>,
    /// The device's clock when it built the request, Unix milliseconds.
    /// The server stores its difference to its own clock with the receipt
    /// of every change the request brings (the push's clock skew).
    /// Optional: absent means unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_time: Option<i64>,
}

/// The server's answer for one document: a sync message or an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawReply", into = "RawReply")]
pub enum DocReply {
    /// A sync message to receive into the document.
    Msg(DocMsg),
    /// The document was refused; nothing about it was stored.
    Error {
        /// The document id.
        id: String,
        /// Why.
        error: ErrorBody,
    },
}

impl DocReply {
    /// The document this reply is about.
    pub fn id(&self) -> &str {
        match self {
            DocReply::Msg(m) => &m.id,
            DocReply::Error { id, .. } => id,
        }
    }

    /// A per-document error.
    pub fn error(id: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        DocReply::Error {
            id: id.into(),
            error: ErrorBody::new(code, message),
        }
    }
}

/// The wire form of [`DocReply`]: exactly one of `msg` and `error`.
#[derive(Clone, Serialize, Deserialize)]
struct RawReply {
    id: String,
    #[serde(with = "opt_bytes", default, skip_serializing_if = "Option::is_none")]
    msg: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<ErrorBody>,
}

impl TryFrom<RawReply> for DocReply {
    type Error = String;
    fn try_from(r: RawReply) -> Result<Self, String> {
        match (r.msg, r.error) {
            (Some(msg), None) => Ok(DocReply::Msg(DocMsg { id: r.id, msg })),
            (None, Some(error)) => Ok(DocReply::Error { id: r.id, error }),
            _ => Err(format!(
                "document reply {:?} must have exactly one of msg and error",
                r.id
            )),
        }
    }
}

impl From<DocReply> for RawReply {
    fn from(r: DocReply) -> Self {
        match r {
            DocReply::Msg(m) => RawReply {
                id: m.id,
                msg: Some(m.msg),
                error: None,
            },
            DocReply::Error { id, error } => RawReply {
                id,
                msg: None,
                error: Some(error),
            },
        }
    }
}

/// The response body of `POST /v1/sync`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// Opaque; send it with the next request of this sync, store it when
    /// the sync completes.
    #[serde(with = "bytes")]
    pub cursor: Vec<u8>,
    /// Replies to the request's documents, then messages for documents
    /// changed since the request's cursor.
    pub docs: Vec<DocReply>,
    /// More changed documents wait: call again with this cursor.
    pub more: bool,
    /// The server holds less than the request's cursor covered (it was
    /// restored from a backup): offer it every document held, so it gets
    /// back what it lost. Absent (false) in every other response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reset: bool,
    /// With `more: true`: how many documents the device may read still
    /// wait after this response's cursor (a count, for the device's
    /// progress "n of N"). Optional: absent from servers before it, and
    /// when `more` is false; clients ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
}

/// A body that could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// Serialising to CBOR failed (should not happen for these types).
    #[error("could not encode CBOR: {0}")]
    Encode(String),
    /// The bytes are not CBOR, or not of the expected shape.
    #[error("not a valid CBOR body: {0}")]
    Decode(String),
}

/// Encodes a body as CBOR.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, ProtocolError> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| ProtocolError::Encode(e.to_string()))?;
    Ok(out)
}

/// Decodes one CBOR item of type `T` that must fill `bytes` exactly.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ProtocolError> {
    let mut rest = bytes;
    let value = ciborium::from_reader(&mut rest).map_err(|e| {
        ProtocolError::Decode(match e {
            ciborium::de::Error::Io(e) => format!("truncated or unreadable: {e}"),
            ciborium::de::Error::Syntax(at) => format!("syntax error at byte {at}"),
            ciborium::de::Error::Semantic(at, m) => match at {
                Some(at) => format!("{m} (at byte {at})"),
                None => m,
            },
            ciborium::de::Error::RecursionLimitExceeded => "nested too deeply".to_string(),
        })
    })?;
    if !rest.is_empty() {
        return Err(ProtocolError::Decode(format!(
            "{} bytes after the body",
            rest.len()
        )));
    }
    Ok(value)
}

/// Serde for `Vec<u8>` as a CBOR byte string.
mod bytes {
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a byte string")
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
        fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }
    }
}

/// Serde for `Option<Vec<u8>>` as a CBOR byte string or null.
mod opt_bytes {
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_bytes(b),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        d.deserialize_option(Visitor)
    }

    struct Visitor;

    impl<'de> de::Visitor<'de> for Visitor {
        type Value = Option<Vec<u8>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a byte string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            super::bytes::deserialize(d).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ciborium::Value;

    fn value(bytes: &[u8]) -> Value {
        ciborium::from_reader(bytes).unwrap()
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn a_request_is_a_map_of_text_keys_with_byte_strings() {
        let req = SyncRequest {
            device_time: None,
            cursor: Some(vec![0, 0, 0, 0, 0, 0, 0, 7]),
            docs: vec![DocMsg {
                id: "wo:1".into(),
                msg: vec![0x42, 1, 2],
            }],
        };
        let bytes = encode(&req).unwrap();
        let expected = Value::Map(vec![
            (text("cursor"), Value::Bytes(vec![0, 0, 0, 0, 0, 0, 0, 7])),
            (
                text("docs"),
                Value::Array(vec![Value::Map(vec![
                    (text("id"), text("wo:1")),
                    (text("msg"), Value::Bytes(vec![0x42, 1, 2])),
                ])]),
            ),
        ]);
        assert_eq!(value(&bytes), expected);
        assert_eq!(decode::<SyncRequest>(&bytes).unwrap(), req);
    }

    #[test]
    fn a_first_request_has_a_null_cursor_and_a_missing_cursor_reads_as_null() {
        let bytes = encode(&SyncRequest::default()).unwrap();
        assert_eq!(
            value(&bytes),
            Value::Map(vec![
                (text("cursor"), Value::Null),
                (text("docs"), Value::Array(vec![]))
            ])
        );
        let mut no_cursor = Vec::new();
        ciborium::into_writer(
            &Value::Map(vec![(text("docs"), Value::Array(vec![]))]),
            &mut no_cursor,
        )
        .unwrap();
        assert_eq!(
            decode::<SyncRequest>(&no_cursor).unwrap(),
            SyncRequest::default()
        );
    }

    #[test]
    fn a_response_carries_messages_and_errors_side_by_side() {
        let resp = SyncResponse {
            cursor: vec![9],
            docs: vec![
                DocReply::Msg(DocMsg {
                    id: "wo:1".into(),
                    msg: vec![0x42],
                }),
                DocReply::error("wo:2", codes::FORBIDDEN, "not yours"),
            ],
            more: false,
            reset: false,
            remaining: None,
        };
        let bytes = encode(&resp).unwrap();
        let expected = Value::Map(vec![
            (text("cursor"), Value::Bytes(vec![9])),
            (
                text("docs"),
                Value::Array(vec![
                    Value::Map(vec![
                        (text("id"), text("wo:1")),
                        (text("msg"), Value::Bytes(vec![0x42])),
                    ]),
                    Value::Map(vec![
                        (text("id"), text("wo:2")),
                        (
                            text("error"),
                            Value::Map(vec![
                                (text("code"), text("forbidden")),
                                (text("message"), text("not yours")),
                            ]),
                        ),
                    ]),
                ]),
            ),
            (text("more"), Value::Bool(false)),
        ]);
        assert_eq!(value(&bytes), expected);
        assert_eq!(decode::<SyncResponse>(&bytes).unwrap(), resp);
    }

    #[test]
    fn byte_fields_written_as_integer_arrays_are_refused() {
        let v = Value::Map(vec![
            (text("cursor"), Value::Null),
            (
                text("docs"),
                Value::Array(vec![Value::Map(vec![
                    (text("id"), text("wo:1")),
                    (text("msg"), Value::Array(vec![Value::Integer(66.into())])),
                ])]),
            ),
        ]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&v, &mut bytes).unwrap();
        assert!(matches!(
            decode::<SyncRequest>(&bytes),
            Err(ProtocolError::Decode(_))
        ));
    }

    #[test]
    fn a_reply_with_both_or_neither_of_msg_and_error_is_refused() {
        let v = Value::Map(vec![(text("id"), text("wo:1"))]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&v, &mut bytes).unwrap();
        assert!(decode::<DocReply>(&bytes).is_err());
    }

    #[test]
    fn garbage_truncation_and_trailing_bytes_are_decode_errors() {
        assert!(decode::<SyncRequest>(b"not cbor at all").is_err());
        let good = encode(&SyncRequest::default()).unwrap();
        assert!(decode::<SyncRequest>(&good[..good.len() - 1]).is_err());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(decode::<SyncRequest>(&trailing).is_err());
        assert!(decode::<SyncRequest>(&[]).is_err());
    }

    #[test]
    fn unknown_keys_are_ignored_for_later_versions() {
        let v = Value::Map(vec![
            (text("docs"), Value::Array(vec![])),
            (text("future"), Value::Integer(1.into())),
        ]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&v, &mut bytes).unwrap();
        assert_eq!(
            decode::<SyncRequest>(&bytes).unwrap(),
            SyncRequest::default()
        );
    }
}
