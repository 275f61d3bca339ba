//! The error codes the shell adds to core's (`io`, `internal`,
//! `not_enrolled`, `enroll_failed`, `offline`), all as core's `ApiError`,
//! which crosses IPC as `{code, message}`.

use onsite_core::service::ApiError;

/// Core's codes renamed to the contract's where they differ
/// (`invalid_input` → `invalid`, `storage` → `store`); others pass as they
/// are (the UI shows the message of a code it does not know).
pub fn to_contract(mut e: ApiError) -> ApiError {
    let code = match e.code.as_str() {
        "invalid_input" => "invalid",
        "storage" => "store",
        _ => return e,
    };
    e.code = code.to_string();
    e
}

/// `io`: a file could not be read or written.
pub fn io_error(what: impl std::fmt::Display, e: std::io::Error) -> ApiError {
    ApiError::new("io", format!("{what}: {e}"))
}

/// `internal`: a bug or an unexpected failure.
pub fn internal(message: impl Into<String>) -> ApiError {
    ApiError::new("internal", message)
}

/// `not_enrolled`: the device has no server yet.
pub fn not_enrolled() -> ApiError {
    ApiError::new(
        "not_enrolled",
        "this device is not enrolled with a sync server yet (Settings → enrol with the server address and the token from the office)",
    )
}

/// A malformed document id in an argument.
pub fn bad_id(arg: &str, value: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        "invalid",
        format!("{arg} {value:?} is not a document id: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_ipc_as_code_and_message() {
        let e = io_error(
            "cannot read /x",
            std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "io", "message": "cannot read /x: gone"})
        );
        let v = serde_json::to_value(not_enrolled()).unwrap();
        assert_eq!(v["code"], "not_enrolled");
        assert_eq!(v.as_object().unwrap().len(), 2, "only code and message");
    }

    #[test]
    fn core_codes_are_renamed_to_the_contracts() {
        assert_eq!(to_contract(ApiError::invalid("x")).code, "invalid");
        assert_eq!(to_contract(ApiError::new("storage", "x")).code, "store");
        assert_eq!(
            to_contract(ApiError::new("not_signed", "x")).code,
            "not_signed"
        );
        assert_eq!(to_contract(ApiError::forbidden("m")).message, "m");
    }
}
