//! Follow-ups 回访 and satisfaction surveys are office documents (issue 13,
//! item 7): the server sends them to office devices only, and refuses an
//! engineer's write to them with nothing stored. Two office desks closing
//! the same order offline end with one follow-up (its id is the order's).

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
    let (s, [mut office, yang]) =
        server_and_raw([("office", Role::Office), (YANG, Role::Engineer)]).await;
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
    r.assert_refused(&[&own.id, &fu.id], "forbidden");
    assert_eq!(s.db_snapshot(), before, "nothing stored");
    let stored: FollowUp = doc::read(&s.load(fu.id.as_str()).unwrap(), DocKind::FollowUp).unwrap();
    assert_eq!(stored.record, None, "still open");
    assert!(s.load(own.id.as_str()).is_none());
    assert!(s.load(survey.as_str()).is_some());
    s.stop().await;
}

#[tokio::test]
async fn two_office_desks_closing_one_order_offline_end_with_one_follow_up() {
    use onsite_core::followups::FollowUpFilter;
    use onsite_core::rules::state::Action;
    use onsite_core::testing::visit_and_sign;
    use onsite_test_support::new_order;

    let (s, [desk1, desk2, yang]) = server_and(TWO_DESKS_AND_YANG).await;
    let id = desk1.with(|d| {
        let v = d.create_work_order(new_order("华东电力")).unwrap();
        d.assign(&v.wo.id, YANG).unwrap();
        v.wo.id
    });
    desk1.sync().await;
    yang.sync().await;
    yang.with(|d| visit_and_sign(d, &id));
    yang.sync().await; // the server files it
    desk1.sync().await;
    desk2.sync().await;
    let status = |dev: &onsite_test_support::TestDevice| {
        dev.with(|d| d.get_work_order(&id).unwrap().wo.status)
    };
    assert_eq!(
        (status(&desk1), status(&desk2)),
        (Status::Filed, Status::Filed)
    );

    // Both desks close it while offline, then sync.
    desk1.with(|d| d.act(&id, Action::Close).unwrap());
    desk2.with(|d| d.act(&id, Action::Close).unwrap());
    desk1.sync().await;
    let second = desk2.sync().await;
    desk1.sync().await;
    assert!(second.errors.is_empty(), "{:?}", second.errors);

    let stored = s.store().doc_list(Some(DocKind::FollowUp)).unwrap();
    assert_eq!(stored.len(), 1, "one follow-up on the server");
    for desk in [&desk1, &desk2] {
        let page = desk.with(|d| d.follow_up_page(FollowUpFilter::default()).unwrap());
        assert_eq!(page.total, 1, "one follow-up on each desk");
        assert_eq!(page.items[0].follow_up.id.as_str(), stored[0].id);
        assert_eq!(page.items[0].follow_up.work_order_id.as_ref(), Some(&id));
    }
    assert_eq!(status(&desk2), Status::Closed);
    s.stop().await;
}
