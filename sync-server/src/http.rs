//! The HTTP routes: `GET /v1/health`, `GET /v1/me`, `GET /v1/staff`,
//! `POST /v1/sync`, `POST /v1/import`, `POST /v1/actors`,
//! `POST /v1/provenance`, and the photo bytes' `/v1/blobs/…`
//! ([`crate::blobs`]). Handlers are thin: they authenticate, read the body,
//! and hand the blocking work to `spawn_blocking`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use onsite_core::sync::protocol::{self, codes, SyncRequest, CONTENT_TYPE, PROTOCOL_VERSION};
use serde_json::json;
use sha2::Digest;

use crate::auth::Principal;
use crate::error::HttpError;
use crate::sync::SyncContext;
use crate::AppState;

/// The router with every route, body limit and request tracing.
pub fn router(state: AppState) -> Router {
    let limit = state.limits.max_body_bytes;
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/me", get(me))
        .route("/v1/staff", get(staff))
        .route("/v1/sync", post(sync))
        .route("/v1/import", post(import))
        .route("/v1/actors", post(actors))
        .route("/v1/provenance", post(provenance))
        .route("/v1/blobs/missing", post(crate::blobs::missing))
        .route(
            "/v1/blobs/{hash}",
            get(crate::blobs::get)
                .head(crate::blobs::head)
                .patch(crate::blobs::patch),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(crate::error::error_bodies))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "protocol": PROTOCOL_VERSION,
    }))
}

async fn not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "no such endpoint")
}

async fn me(p: Principal) -> Json<serde_json::Value> {
    Json(json!({
        "user": p.user,
        "role": p.role,
        "display_name": p.display_name,
        "device_id": p.device_id,
        "slot": p.slot,
        "first_seq": p.first_seq,
    }))
}

/// Every user, by login name, disabled ones included with `active:
/// false`: what the devices show and assign to (any enrolled device may
/// read it; it names people, not documents). The answer carries an `ETag`
/// (a hash of the body); a request whose `If-None-Match` names it gets
/// `304` without a body, so the devices ask after every sync for next to
/// nothing.
async fn staff(
    State(state): State<AppState>,
    _p: Principal,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let users = blocking(move || Ok(state.store.users()?)).await?;
    let staff: Vec<serde_json::Value> = users
        .into_iter()
        .map(|u| {
            json!({
                "user": u.name,
                "display_name": u.display_name,
                "role": u.role,
                "active": u.disabled_at.is_none(),
            })
        })
        .collect();
    let body = serde_json::to_vec(&json!({ "staff": staff }))
        .map_err(|e| HttpError::internal(e.to_string()))?;
    let digest = sha2::Sha256::digest(&body);
    let etag = format!("\"{}\"", hex::encode(&digest[..16]));
    let asked = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if asked {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::ETAG, etag),
        ],
        body,
    )
        .into_response())
}

/// The body, or 413 / 400 as `{code, message}`.
fn body(body: Result<Bytes, BytesRejection>, limit: usize) -> Result<Bytes, HttpError> {
    body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::TOO_LARGE,
                format!("the body is larger than {limit} bytes; send fewer documents per request"),
            )
        } else {
            HttpError::bad_request(format!("could not read the body: {}", r.body_text()))
        }
    })
}

/// Runs blocking store work for a request.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HttpError> + Send + 'static,
) -> Result<T, HttpError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HttpError::internal(format!("request task failed: {e}")))?
}

async fn sync(
    State(state): State<AppState>,
    p: Principal,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let bytes = body(raw, state.limits.max_body_bytes)?;
    let req: SyncRequest =
        protocol::decode(&bytes).map_err(|e| HttpError::bad_request(e.to_string()))?;
    let resp = blocking(move || {
        let now = state.clock.now().timestamp_millis();
        if let Err(e) = state.store.record_sync(p.device_id, now) {
            tracing::warn!(device = p.device_id, error = %e, "cannot record the sync time");
        }
        context(&state, &p).round_trip(req)
    })
    .await?;
    let out = protocol::encode(&resp).map_err(|e| HttpError::internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], out).into_response())
}

/// What a request's blocking work runs with: the store, the clock, the
/// limits and the caller.
fn context<'a>(state: &'a AppState, p: &'a Principal) -> SyncContext<'a> {
    SyncContext {
        store: state.store.as_ref(),
        clock: state.clock.as_ref(),
        limits: &state.limits,
        principal: p,
    }
}

/// A `POST` whose body (read within the limit) `answer` turns into the
/// JSON response, on a blocking thread.
async fn post_json<T: Send + 'static>(
    state: AppState,
    p: Principal,
    raw: Result<Bytes, BytesRejection>,
    answer: impl FnOnce(SyncContext<'_>, &[u8]) -> Result<T, HttpError> + Send + 'static,
) -> Result<Json<T>, HttpError> {
    let bytes = body(raw, state.limits.max_body_bytes)?;
    blocking(move || answer(context(&state, &p), &bytes))
        .await
        .map(Json)
}

async fn import(
    State(state): State<AppState>,
    p: Principal,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Json<crate::import::Imported>, HttpError> {
    post_json(state, p, raw, |ctx, bytes| {
        crate::import::import(&ctx, bytes)
    })
    .await
}

async fn actors(
    State(state): State<AppState>,
    p: Principal,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Json<onsite_core::sync::attribution::ActorRegistered>, HttpError> {
    post_json(state, p, raw, |ctx, bytes| {
        let now = ctx.clock.now().timestamp_millis();
        crate::attribution::register(ctx.store, now, ctx.principal, bytes)
    })
    .await
}

async fn provenance(
    State(state): State<AppState>,
    p: Principal,
    raw: Result<Bytes, BytesRejection>,
) -> Result<Json<onsite_core::sync::attribution::ProvenanceResponse>, HttpError> {
    post_json(state, p, raw, |ctx, bytes| {
        crate::attribution::provenance(ctx.store, ctx.principal, bytes)
    })
    .await
}
