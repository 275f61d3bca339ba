//! The administrator's commands for people, seen from the devices: a
//! disabled user's devices are refused (401 `user_disabled`) until the user
//! is enabled, and `/v1/staff` lists them as not active; a role change
//! decides the next request's access; `user list` shows when each device
//! last synced; `/v1/staff` answers 304 to the tag of an unchanged list.

use onsite_sync_server::admin;

use super::*;

#[tokio::test]
async fn every_device_of_a_disabled_user_gets_401_until_the_user_is_enabled() {
    let (s, mut office, mut phone) = office_and_yang().await;
    let mut tablet = s.raw_device(YANG, Role::Engineer);
    let wo = office.send_order_for(YANG).await;
    let clock = s.state.clock.clone();
    admin::disable_user(s.store(), clock.as_ref(), YANG).unwrap();

    let body = protocol::encode(&SyncRequest::default()).unwrap();
    for token in [&phone.token, &tablet.token] {
        let (status, answer) = s.post("/v1/sync", Some(token), body.clone()).await;
        assert_eq!(status, 401);
        let answer = json(&answer);
        assert_eq!(answer["code"], "user_disabled");
        assert_eq!(
            answer["message"],
            "the user yangjinwei is disabled; ask the office to enable them"
        );
        assert_refused(s.get("/v1/me", Some(token)).await, 401, "user_disabled");
        assert_refused(s.get("/v1/staff", Some(token)).await, 401, "user_disabled");
    }
    let revoked = s.raw_device("office", Role::Office);
    s.revoke(revoked.device_id);
    assert_refused(
        s.post("/v1/sync", Some(&revoked.token), body.clone()).await,
        401,
        "unauthorized",
    );
    assert_eq!(
        s.post("/v1/sync", Some(&office.token), body.clone())
            .await
            .0,
        200,
        "other users go on"
    );

    admin::enable_user(s.store(), YANG).unwrap();
    phone.sync().await;
    tablet.sync().await;
    assert!(phone.holds(wo.id.as_str()) && tablet.holds(wo.id.as_str()));
    s.stop().await;
}

#[tokio::test]
async fn a_role_change_decides_what_the_next_sync_reads_and_an_expert_reads_nothing_yet() {
    let (s, _office, mut yang, wo, other) = two_orders_second_for(TANG).await;
    yang.sync().await;
    assert!(yang.holds(wo.id.as_str()) && !yang.holds(other.id.as_str()));

    // Promoted to the office: the next sync brings tangrong's order too.
    admin::set_role(s.store(), YANG, "office").unwrap();
    let got = yang.sync().await;
    assert!(got.received.contains(other.id.as_str()), "{got:?}");

    // An expert's device, from a fresh start, receives nothing, and its
    // change to an order is refused and not stored.
    admin::set_role(s.store(), YANG, "expert").unwrap();
    let mut expert = s.raw_device(YANG, Role::Expert);
    let got = expert.sync().await;
    assert!(got.received.is_empty(), "{got:?}");
    let before = s.heads(wo.id.as_str());
    yang.edit_wo(wo.id.as_str(), |w| w.service.findings = "专家意见".into());
    let got = yang.sync().await;
    assert_eq!(got.codes(), vec!["forbidden"], "{got:?}");
    assert_eq!(s.heads(wo.id.as_str()), before);
    s.stop().await;
}

#[tokio::test]
async fn user_list_shows_each_device_and_when_it_last_synced() {
    let (s, _office, mut yang) = office_and_yang().await;
    let idle = s.raw_device(YANG, Role::Engineer);
    yang.sync().await;
    let people = admin::people(s.store()).unwrap();
    let names: Vec<_> = people.iter().map(|p| p.user.name.as_str()).collect();
    assert_eq!(names, vec!["office", YANG]);
    let yang_row = &people[1];
    let synced: Vec<_> = yang_row
        .devices
        .iter()
        .map(|d| (d.id, d.last_sync_at))
        .collect();
    let t = t0().timestamp_millis();
    assert_eq!(
        synced,
        vec![(yang.device_id, Some(t)), (idle.device_id, None)]
    );
    assert_eq!(yang_row.last_sync_at(), Some(t));
    assert_eq!(people[0].last_sync_at(), None, "the office never synced");
    s.stop().await;
}

/// The `active` flag of each user in `/v1/staff`, by name.
async fn staff_active(s: &TestServer, token: &str) -> Vec<(String, bool)> {
    let (status, body) = s.get("/v1/staff", Some(token)).await;
    assert_eq!(status, 200);
    json(&body)["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let name = m["user"].as_str().unwrap().to_string();
            (name, m["active"].as_bool().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn staff_lists_a_disabled_user_as_not_active_until_enabled() {
    let (s, office, _yang) = office_and_yang().await;
    let clock = s.state.clock.clone();
    admin::disable_user(s.store(), clock.as_ref(), YANG).unwrap();
    assert_eq!(
        staff_active(&s, &office.token).await,
        vec![("office".into(), true), (YANG.into(), false)]
    );
    admin::enable_user(s.store(), YANG).unwrap();
    assert_eq!(
        staff_active(&s, &office.token).await,
        vec![("office".into(), true), (YANG.into(), true)]
    );
    s.stop().await;
}

#[tokio::test]
async fn staff_answers_304_to_the_tag_of_an_unchanged_list_and_200_once_it_changed() {
    let (s, office, _yang) = office_and_yang().await;
    let http = reqwest::Client::new();
    let ask = |tag: Option<String>| {
        let mut req = http
            .get(format!("{}/v1/staff", s.url))
            .bearer_auth(&office.token);
        if let Some(tag) = tag {
            req = req.header("if-none-match", tag);
        }
        req.send()
    };
    let first = ask(None).await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_string();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");

    let again = ask(Some(tag.clone())).await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    admin::add_user(
        s.store(),
        s.state.clock.as_ref(),
        "chenqin",
        "engineer",
        Some("陈勤"),
    )
    .unwrap();
    let changed = ask(Some(tag.clone())).await.unwrap();
    assert_eq!(changed.status(), 200, "a new user changes the list");
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    s.stop().await;
}
