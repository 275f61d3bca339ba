//! Every error the server answers carries `{code, message}` as JSON, the
//! router's own ones (405, 404) included.

use reqwest::Method;

use super::*;

/// The answer is `status` with a JSON `{code, message}` body of `code`.
fn assert_json_error((status, content_type, body): (u16, String, Vec<u8>), want: u16, code: &str) {
    assert_eq!(status, want, "{}", String::from_utf8_lossy(&body));
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let v = json(&body);
    assert_eq!(v["code"], code);
    assert!(!v["message"].as_str().unwrap_or("").is_empty(), "{v}");
}

#[tokio::test]
async fn a_405_answers_with_code_and_message_not_an_empty_body() {
    let (s, office, _) = office_and_yang().await;
    let token = Some(office.token.as_str());
    let answer = s.request(Method::GET, "/v1/sync", token, vec![]).await;
    assert_json_error(answer, 405, "method_not_allowed");
    let answer = s
        .request(Method::PUT, "/v1/import", token, b"x".to_vec())
        .await;
    assert_json_error(answer, 405, "method_not_allowed");
    let answer = s.request(Method::DELETE, "/v1/me", token, vec![]).await;
    assert_json_error(answer, 405, "method_not_allowed");
    let answer = s.request(Method::PATCH, "/v2/unknown", None, vec![]).await;
    assert_json_error(answer, 404, "not_found");
    s.stop().await;
}
