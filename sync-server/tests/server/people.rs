//! The administrator's commands for people, seen from the devices: a
//! disabled user's devices are refused (401 with `{code, message}`) until
//! the user is enabled, a role change decides the next request's access, and
//! `user list` shows when each device last synced.

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
        assert_eq!(answer["code"], "unauthorized");
        assert_eq!(
            answer["message"],
            "the user yangjinwei is disabled; ask the office to enable them"
        );
        assert_refused(s.get("/v1/me", Some(token)).await, 401, "unauthorized");
    }
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
    let (s, mut office, mut yang, wo) = one_order_for_yang().await;
    let other = office.send_order_for(TANG).await;
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
