//! The company settings screen: read the settings in force (saved, or a
//! new company's defaults with the official calendar), save the office's
//! form, import a calendar file, remove a year. Each write is one store
//! transaction that also recomputes every deadline when the calendar or
//! the time zone changed (`store::device`); the rules live in
//! [`crate::settings`].

use super::{ApiError, Device, ErrorCode};
use crate::doc;
use crate::model::DocKind;
use crate::rules::state::Role;
use crate::settings::{
    self, calendar_file, ops, CalendarImport, CompanySettings, CompanySettingsView, SettingsError,
    SettingsInput,
};

impl From<SettingsError> for ApiError {
    fn from(e: SettingsError) -> Self {
        let code = match e {
            SettingsError::OfficeOnly(_) => ErrorCode::Forbidden,
            SettingsError::CompanyName
            | SettingsError::TimeZone(_)
            | SettingsError::Weekend(_)
            | SettingsError::CalendarDate(_)
            | SettingsError::DueSoon(_)
            | SettingsError::ClockSkew(_)
            | SettingsError::Tiers(..)
            | SettingsError::Labour(_)
            | SettingsError::Warehouse(_)
            | SettingsError::Loaner(_)
            | SettingsError::WrongId(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Device {
    /// The company settings in force, and whether this user may change them.
    pub fn company_settings(&self) -> Result<CompanySettingsView, ApiError> {
        let (settings, saved) = match self.store.load(&settings::settings_id())? {
            Some(am) => (doc::read(&am, DocKind::Settings)?, true),
            None => (CompanySettings::default(), false),
        };
        Ok(CompanySettingsView::of(
            settings,
            saved,
            self.actor.role == Role::Office,
        ))
    }

    /// The company name printed on records: the saved settings' name, or
    /// `fallback` (the app's `ONSITE_COMPANY`) before the office saved any.
    pub fn company_name(&self, fallback: &str) -> Result<String, ApiError> {
        let view = self.company_settings()?;
        Ok(match view.saved {
            true => view.settings.company_name,
            false => fallback.to_string(),
        })
    }

    /// Saves the settings form (office only).
    pub fn save_company_settings(
        &mut self,
        input: SettingsInput,
    ) -> Result<CompanySettingsView, ApiError> {
        if let Some(list) = &input.loaners {
            ops::ensure_office(&self.actor)?;
            let listed = |serial: &str| {
                list.iter()
                    .any(|u| u.serial.trim().eq_ignore_ascii_case(serial.trim()))
            };
            let pool = self.company_settings()?.settings.loaners;
            if let Some(o) = self.store.loaners_out()?.into_iter().find(|o| {
                !listed(&o.serial)
                    && pool
                        .iter()
                        .any(|u| u.serial.trim().eq_ignore_ascii_case(o.serial.trim()))
            }) {
                return Err(ApiError::invalid(format!(
                    "loaners: {} is out on {} and cannot be removed",
                    o.serial, o.number
                )));
            }
        }
        let (actor, now) = (self.actor.clone(), self.now());
        self.write_settings(|s| ops::update(s, input, &actor, now))
    }

    /// Imports a calendar file (office only): its years replace those years'
    /// days. A bad file is answered with the problem, naming the entry, and
    /// changes nothing.
    pub fn import_calendar(&mut self, text: &str) -> Result<CalendarImport, ApiError> {
        ops::ensure_office(&self.actor)?;
        let file = match calendar_file::parse(text) {
            Ok(f) => f,
            Err(problem) => {
                tracing::info!(%problem, "calendar file refused");
                return Ok(CalendarImport {
                    view: None,
                    problem: Some(problem),
                    years: vec![],
                });
            }
        };
        let (actor, now) = (self.actor.clone(), self.now());
        let view = self.write_settings(|s| {
            ops::edited(s, &actor, now, |s| {
                s.merge_calendar(&file);
                Ok(())
            })
        })?;
        Ok(CalendarImport {
            view: Some(view),
            problem: None,
            years: file.years().into_iter().collect(),
        })
    }

    /// Removes a year's listed days (office only).
    pub fn remove_calendar_year(&mut self, year: i32) -> Result<CompanySettingsView, ApiError> {
        let (actor, now) = (self.actor.clone(), self.now());
        self.write_settings(|s| {
            ops::edited(s, &actor, now, |s| {
                s.remove_year(year);
                Ok(())
            })
        })
    }

    /// One transaction on the settings document: `f` changes the settings
    /// in force (the defaults when none are stored yet, then created).
    /// A warehouse added gets its stock counter (at 0) on every part in
    /// the same transaction.
    fn write_settings(
        &mut self,
        f: impl FnOnce(CompanySettings) -> Result<CompanySettings, SettingsError>,
    ) -> Result<CompanySettingsView, ApiError> {
        ops::ensure_office(&self.actor)?;
        let id = settings::settings_id();
        let current = self.company_settings()?;
        let had: Vec<String> = current
            .settings
            .warehouses_in_force()
            .into_iter()
            .map(|w| w.code)
            .collect();
        let s = f(current.settings)?;
        let added: Vec<String> = s
            .warehouses_in_force()
            .into_iter()
            .map(|w| w.code)
            .filter(|c| !had.contains(c))
            .collect();
        let parts = match added.is_empty() {
            true => Vec::new(),
            false => self.store.doc_ids(DocKind::Part)?,
        };
        let mut ids = parts.clone();
        let mut new = Vec::new();
        match current.saved {
            true => ids.insert(0, id.clone()),
            false => {
                new.push((id.clone(), self.new_doc(DocKind::Settings, &s)?));
            }
        }
        let saved = current.saved;
        self.store.transact(new, &ids, |docs, _| {
            let (settings_doc, part_docs) = match saved {
                true => docs.split_at_mut(1),
                false => {
                    let n = docs.len();
                    let (parts, settings_doc) = docs.split_at_mut(n - 1);
                    (settings_doc, parts)
                }
            };
            doc::write(&mut settings_doc[0], &s)?;
            for part in part_docs.iter_mut() {
                for code in &added {
                    doc::add_stock_counter(part, code)?;
                }
            }
            Ok::<_, ApiError>(())
        })?;
        Ok(CompanySettingsView::of(s, true, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;
    use crate::ops::Actor;
    use crate::rules::RulesConfig;
    use crate::service::WoFilter;
    use crate::settings::CalendarProblem;
    use crate::testing::{instant, TempDevice, WorkOrderBuilder};

    fn form(v: &CompanySettingsView) -> SettingsInput {
        SettingsInput::from(&v.settings)
    }

    /// The office's device with one open P2 order called in on
    /// Wednesday 30 September 2026, 10:00 in Shanghai.
    fn office_with_order() -> (TempDevice, String) {
        let now = instant("2026-09-30T10:05:00+08:00");
        let mut t = TempDevice::at(Actor::new("office", Role::Office), now);
        let (id, mut am) = WorkOrderBuilder::new()
            .priority(Priority::P2)
            .reported_at(instant("2026-09-30T10:00:00+08:00"))
            .doc();
        t.device.store.create_doc_merging(&id, &mut am).unwrap();
        (t, id.to_string())
    }

    fn fix_due(d: &Device) -> String {
        let page = d.list_work_orders(WoFilter::default()).unwrap();
        page[0].sla.fix.due_at.to_rfc3339()
    }

    #[test]
    fn importing_the_calendar_moves_an_open_orders_fix_deadline_at_once() {
        let (mut t, _) = office_with_order();
        // Without holidays: Thu 1 and Fri 2 October are working days.
        assert_eq!(fix_due(&t.device), "2026-10-02T16:00:00+00:00");
        let imported = t
            .device
            .import_calendar(settings::OFFICIAL_CALENDAR)
            .unwrap();
        assert_eq!(imported.problem, None);
        assert_eq!(imported.years, vec![2025, 2026]);
        // 1–7 October off: Thu 8 and Fri 9 October.
        assert_eq!(fix_due(&t.device), "2026-10-09T16:00:00+00:00");
        assert!(t.device.company_settings().unwrap().saved);
    }

    #[test]
    fn changing_the_time_zone_moves_the_deadlines_and_the_session_zone() {
        let (mut t, _) = office_with_order();
        let mut f = form(&t.device.company_settings().unwrap());
        f.time_zone = "Europe/London".into();
        t.device.save_company_settings(f).unwrap();
        assert_eq!(t.device.cfg().tz, chrono_tz::Europe::London);
        // Called 03:00 London time on 30 Sep; the official calendar is in
        // force (the defaults), so 8 and 9 October, end of day in London.
        assert_eq!(fix_due(&t.device), "2026-10-09T23:00:00+00:00");
    }

    #[test]
    fn a_bad_calendar_file_changes_nothing_and_names_the_entry() {
        let (mut t, _) = office_with_order();
        let before = fix_due(&t.device);
        for (text, want) in [
            ("not json", "not_json"),
            (r#"{"holidays":["2026-10-01","2026-13-01"]}"#, "bad_date"),
            (
                r#"{"holidays":["2026-10-10"],"makeup_workdays":["2026-10-10"]}"#,
                "conflict",
            ),
            (
                r#"{"weekend":["mon","tue","wed","thu","fri","sat","sun"],"holidays":["2026-10-01"]}"#,
                "whole_week",
            ),
        ] {
            let r = t.device.import_calendar(text).unwrap();
            let p = r.problem.expect("refused");
            assert_eq!(serde_json::to_value(&p).unwrap()["kind"], want, "{text}");
            assert!(r.view.is_none());
        }
        let r = t
            .device
            .import_calendar(r#"{"holidays":["2026-10-01","2026-13-01"]}"#)
            .unwrap();
        assert_eq!(
            r.problem,
            Some(CalendarProblem::BadDate {
                list: "holidays".into(),
                index: 2,
                entry: "2026-13-01".into()
            })
        );
        assert!(
            !t.device.company_settings().unwrap().saved,
            "nothing stored"
        );
        assert_eq!(fix_due(&t.device), before);
        assert_eq!(
            t.device.store.dirty_count().unwrap(),
            1,
            "only the order waits to sync"
        );
    }

    #[test]
    fn a_device_reopened_on_its_file_runs_on_the_stored_settings_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        let office = Actor::new("office", Role::Office);
        let clock = std::sync::Arc::new(crate::clock::SystemClock);
        let mut d =
            Device::open(&path, clock.clone(), RulesConfig::default(), office.clone()).unwrap();
        d.import_calendar(settings::OFFICIAL_CALENDAR).unwrap();
        drop(d);
        let d = Device::open(&path, clock, RulesConfig::default(), office).unwrap();
        assert!(!d
            .cfg()
            .calendar
            .is_working_day("2026-10-01".parse().unwrap()));
    }

    #[test]
    fn removing_a_year_gives_its_days_back_to_the_weekly_rule() {
        let (mut t, _) = office_with_order();
        t.device
            .import_calendar(settings::OFFICIAL_CALENDAR)
            .unwrap();
        assert_eq!(fix_due(&t.device), "2026-10-09T16:00:00+00:00");
        let v = t.device.remove_calendar_year(2026).unwrap();
        assert_eq!(
            v.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            vec![2025]
        );
        assert_eq!(fix_due(&t.device), "2026-10-02T16:00:00+00:00");
    }

    #[test]
    fn the_printed_company_name_is_the_saved_one_or_the_apps() {
        let (mut t, _) = office_with_order();
        assert_eq!(t.device.company_name("Onsite").unwrap(), "Onsite");
        let mut f = form(&t.device.company_settings().unwrap());
        f.company_name = "重庆仪器服务有限公司".into();
        t.device.save_company_settings(f).unwrap();
        assert_eq!(
            t.device.company_name("Onsite").unwrap(),
            "重庆仪器服务有限公司"
        );
    }

    #[test]
    fn the_engineer_reads_the_settings_but_may_not_change_them() {
        let (mut t, _) = office_with_order();
        t.device.actor = Actor::new("yangjinwei", Role::Engineer);
        let v = t.device.company_settings().unwrap();
        assert!(!v.editable);
        let e = t.device.save_company_settings(form(&v)).unwrap_err();
        assert_eq!(e.code, "forbidden");
        let e = t
            .device
            .import_calendar(settings::OFFICIAL_CALENDAR)
            .unwrap_err();
        assert_eq!(e.code, "forbidden");
    }

    #[test]
    fn a_bad_form_value_is_refused_as_invalid_and_nothing_is_stored() {
        let (mut t, _) = office_with_order();
        let mut f = form(&t.device.company_settings().unwrap());
        f.due_soon_percent = 0;
        let e = t.device.save_company_settings(f).unwrap_err();
        assert_eq!(e.code, "invalid");
        assert!(e.message.contains("due-soon"), "{}", e.message);
        assert!(!t.device.company_settings().unwrap().saved);
        assert_eq!(t.device.cfg(), &RulesConfig::default());
    }
}
