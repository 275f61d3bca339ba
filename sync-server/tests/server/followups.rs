//! Follow-ups 回访 and satisfaction surveys are office documents (issue 13,
//! item 7): the server sends them to office devices only, and refuses an
//! engineer's write to them with nothing stored.

use onsite_core::doc;
use onsite_core::followups::{FollowUp, FollowUpChannel, FollowUpOutcome};
use onsite_core::model::Customer;
use onsite_core::testing::{FollowUpBuilder, SurveyBuilder};

use super::*;

/// The server, the office, yangjinwei; a customer, yangjinwei's order for
/// it, the order's follow-up and a survey of the customer, all created at
/// the office and synced.
async fn office_records_for_yangs_customer() -> (
    TestServer,
    RawDevice,
    RawDevice,
    Customer,
    WorkOrder,
    FollowUp,
    DocId,
) {
    let s = server().await;
    let mut office = s.raw_device("office", Role::Office);
    let yang = s.raw_device(YANG, Role::Engineer);
    let cust = CustomerBuilder::new("华东电力").key_customer().build();
    office.create(&cust.id, &cust);
    let wo = WorkOrderBuilder::new()
        .customer_id(cust.id.clone())
        .assigned_to(YANG)
        .build();
    office.create(&wo.id, &wo);
    let fu = FollowUpBuilder::after(&wo).build();
    office.create(&fu.id, &fu);
    let survey = SurveyBuilder::new(&cust).build();
    office.create(&survey.id, &survey);
    let r = office.sync().await;
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    (s, office, yang, cust, wo, fu, survey.id)
}

#[tokio::test]
async fn follow_ups_and_surveys_reach_office_devices_only() {
    let (s, _office, mut yang, cust, wo, fu, survey) = office_records_for_yangs_customer().await;
    yang.sync().await;
    assert!(
        yang.holds(wo.id.as_str()) && yang.holds(cust.id.as_str()),
        "his order and its customer"
    );
    assert!(!yang.holds(fu.id.as_str()), "never the order's follow-up");
    assert!(!yang.holds(survey.as_str()), "never the customer's survey");

    for (user, role) in [
        ("kuguan", Role::Storekeeper),
        ("wangzhuanjia", Role::Expert),
    ] {
        let mut other = s.raw_device(user, role);
        other.sync().await;
        assert!(
            !other.holds(fu.id.as_str()) && !other.holds(survey.as_str()),
            "{role}"
        );
    }
    let mut desk2 = s.raw_device("office2", Role::Office);
    desk2.sync().await;
    assert!(
        desk2.holds(fu.id.as_str()) && desk2.holds(survey.as_str()),
        "the other office desk"
    );
    s.stop().await;
}

#[tokio::test]
async fn an_engineers_writes_to_them_are_refused_and_nothing_is_stored() {
    let (s, mut office, mut yang, cust, _wo, fu, survey) =
        office_records_for_yangs_customer().await;
    yang.sync().await;
    let before = s.db_snapshot();

    // A survey of his own order's customer, made on his device.
    let own = SurveyBuilder::new(&cust).satisfaction(5).build();
    yang.create(&own.id, &own);
    // A copy of the office's follow-up (forged: the server never sent it), recorded.
    let copy = office.docs.get_mut(fu.id.as_str()).unwrap().fork();
    yang.docs.insert(fu.id.to_string(), copy);
    yang.edit_raw(fu.id.as_str(), |d| {
        let mut f: FollowUp = doc::read(&*d, DocKind::FollowUp).unwrap();
        let office = onsite_core::ops::Actor::new("office", Role::Office);
        let input = onsite_core::followups::RecordFollowUp {
            channel: FollowUpChannel::OnSite,
            outcome: FollowUpOutcome::Fine,
            satisfaction: 5,
            remarks: "工程师自己填的".into(),
            at: None,
        };
        onsite_core::followups::ops::record(&mut f, input, &office, t0()).unwrap();
        doc::write(d, &f).unwrap();
    });
    let r = yang.sync().await;
    let mut errors = r.errors.clone();
    errors.sort();
    let mut want = vec![
        (own.id.to_string(), "forbidden".to_string()),
        (fu.id.to_string(), "forbidden".to_string()),
    ];
    want.sort();
    assert_eq!(errors, want);
    assert_eq!(s.db_snapshot(), before, "nothing stored");
    let stored: FollowUp = doc::read(&s.load(fu.id.as_str()).unwrap(), DocKind::FollowUp).unwrap();
    assert_eq!(stored.record, None, "still open");
    assert!(s.load(own.id.as_str()).is_none());
    assert!(s.load(survey.as_str()).is_some());
    s.stop().await;
}
