//! The company settings travel by sync (`settings:company`): the office
//! loads the official calendar on its device, and an engineer's device
//! that receives it computes the fix deadline of a call on the eve of the
//! Spring Festival and of National Day with it — in the work-order view
//! and in the list, without a restart. The server refuses an engineer's
//! change to the settings and keeps its copy.

use onsite_core::doc;
use onsite_core::model::{DocId, DocKind};
use onsite_core::rules::state::Role;
use onsite_core::service::WoFilter;
use onsite_core::settings::{self, CompanySettings, OFFICIAL_CALENDAR};
use onsite_core::testing::{instant, WorkOrderBuilder};
use onsite_tests::{TestDevice, TestServer};

/// The fix deadline of order `id` as the engineer's work-order view and
/// list show it (RFC 3339, UTC); both must agree.
fn fix_due(device: &TestDevice, id: &DocId) -> String {
    device.with(|d| {
        let view = d.get_work_order(id).expect("view").sla.fix.due_at;
        let list = d.list_work_orders(WoFilter::default()).expect("list");
        let row = list.iter().find(|r| &r.row.id == id).expect("listed");
        assert_eq!(row.sla.fix.due_at, view, "the list and the view agree");
        view.to_rfc3339()
    })
}

fn order_called_at(office: &TestDevice, at: &str) -> DocId {
    let input = WorkOrderBuilder::new()
        .customer("重庆市农业委员会检测中心")
        .reported_at(instant(at))
        .input();
    office.create_order(input, Some("yangjinwei"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fix_deadline_on_an_engineers_device_follows_the_calendar_the_office_loaded() {
    let server = TestServer::start().await;
    let office = server.device("office", Role::Office);
    let engineer = server.device("yangjinwei", Role::Engineer);
    let storekeeper = server.device("kuguan", Role::Storekeeper);

    // Friday 13 February 2026, the last working day before the Spring
    // Festival holiday (15–23 Feb; Saturday 14 Feb worked), and Wednesday
    // 30 September 2026, the eve of National Day (1–7 Oct off).
    let spring = order_called_at(&office, "2026-02-13T10:00:00+08:00");
    let national = order_called_at(&office, "2026-09-30T10:00:00+08:00");
    office.sync().await;
    engineer.sync().await;
    // No calendar yet: Monday 16 and Tuesday 17 February; 1 and 2 October.
    assert_eq!(fix_due(&engineer, &spring), "2026-02-17T16:00:00+00:00");
    assert_eq!(fix_due(&engineer, &national), "2026-10-02T16:00:00+00:00");

    let imported = office
        .with(|d| d.import_calendar(OFFICIAL_CALENDAR))
        .expect("imported");
    assert_eq!(imported.problem, None);
    office.sync().await;
    let outcome = engineer.sync().await;
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);

    // Saturday 14 February (调休) and Tuesday 24 February; 8 and 9 October.
    assert_eq!(fix_due(&engineer, &spring), "2026-02-24T16:00:00+00:00");
    assert_eq!(fix_due(&engineer, &national), "2026-10-09T16:00:00+00:00");
    let seen = engineer.with(|d| d.company_settings()).expect("settings");
    assert!(seen.saved && !seen.editable, "the engineer reads them only");
    storekeeper.sync().await;
    assert!(
        storekeeper
            .with(|d| d.company_settings())
            .expect("settings")
            .saved,
        "every role receives the settings"
    );

    // The office moves the company to London time: the engineer's
    // deadlines follow after the next sync.
    let mut form = office.with(|d| d.company_settings()).expect("settings");
    form.settings.time_zone = "Europe/London".into();
    office
        .with(|d| d.save_company_settings(settings::SettingsInput::from(&form.settings)))
        .expect("saved");
    office.sync().await;
    engineer.sync().await;
    // Called 03:00 in London on 30 September: 8 and 9 October, midnight
    // in London (summer time).
    assert_eq!(fix_due(&engineer, &national), "2026-10-09T23:00:00+00:00");
    assert_eq!(
        engineer.with(|d| d.cfg().tz.name().to_string()),
        "Europe/London",
        "the session's zone follows too"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_an_engineers_change_to_the_settings_and_keeps_its_copy() {
    let server = TestServer::start().await;
    let office = server.device("office", Role::Office);
    let engineer = server.device("yangjinwei", Role::Engineer);
    office
        .with(|d| d.import_calendar(OFFICIAL_CALENDAR))
        .expect("imported");
    office.sync().await;
    engineer.sync().await;
    let id = settings::settings_id();
    let before = server.heads(id.as_str()).expect("stored");

    // Below the facade (which refuses it too): the engineer's device
    // rewrites the company name and tries to sync it.
    engineer.set_text(&id, &["company_name"], "改名");
    let outcome = engineer.sync().await;
    assert!(
        outcome
            .errors
            .iter()
            .any(|e| e.id == id.as_str() && e.code == "forbidden"),
        "{:?}",
        outcome.errors
    );
    assert_eq!(server.heads(id.as_str()).expect("stored"), before);
    let stored: CompanySettings =
        doc::read(&server.load(id.as_str()).expect("doc"), DocKind::Settings).expect("reads");
    assert_eq!(stored.company_name, settings::model::DEFAULT_COMPANY_NAME);
}
