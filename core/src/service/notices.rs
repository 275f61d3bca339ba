//! News for the signed-in user after a sync: an order newly assigned (or
//! reassigned) to this engineer, a signed record that arrived changed after
//! signing for the office. The shell shows each as a desktop notification
//! ([`Notice::text`]); the list marks the order new until the user opens it
//! ([`Device::open_work_order`]).
//!
//! The first call for a user on a device records what is already there
//! without announcing it: a new device's first sync brings every order the
//! engineer holds, and none of that is news.

use serde::Serialize;
use ts_rs::TS;

use super::{ApiError, Device, WorkOrderView};
use crate::model::{DocId, Priority};
use crate::rules::state::Role;
use crate::store::{WoFilter, WoRow};

/// The `meta` key saying the user's notices have started on this device.
fn started_key(user: &str) -> String {
    format!("notices.started.{user}")
}

/// What the news is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeKind {
    /// A work order newly assigned to this engineer.
    Assigned,
    /// A signed record changed after signing (for the office).
    Tampered,
}

impl NoticeKind {
    fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Assigned => "assigned",
            NoticeKind::Tampered => "tampered",
        }
    }
}

/// One piece of news about one work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Notice {
    /// What happened.
    pub kind: NoticeKind,
    /// The order.
    pub id: DocId,
    /// Its number.
    pub number: String,
    /// Its priority (a P1 says so).
    pub priority: Priority,
    /// The customer's organisation.
    pub org: String,
}

impl Notice {
    fn of(kind: NoticeKind, row: &WoRow) -> Notice {
        Notice {
            kind,
            id: row.id.clone(),
            number: row.number.clone(),
            priority: row.priority,
            org: row.customer_org.clone(),
        }
    }

    /// The notification's title and body in `language` (`en`, otherwise
    /// Simplified Chinese).
    pub fn text(&self, language: &str) -> (String, String) {
        let en = language.starts_with("en");
        let p1 = self.priority == Priority::P1;
        let title = match (self.kind, p1, en) {
            (NoticeKind::Assigned, true, false) => "P1 紧急工单已派给您".to_string(),
            (NoticeKind::Assigned, false, false) => "新工单已派给您".to_string(),
            (NoticeKind::Assigned, true, true) => {
                "P1 urgent: a work order assigned to you".to_string()
            }
            (NoticeKind::Assigned, false, true) => "A new work order assigned to you".to_string(),
            (NoticeKind::Tampered, _, false) => "签字后被修改的记录".to_string(),
            (NoticeKind::Tampered, _, true) => "A record changed after signing".to_string(),
        };
        (title, format!("{} · {}", self.number, self.org))
    }
}

impl Device {
    /// The news since the last call, recorded so it is told once: for an
    /// engineer, open orders newly assigned to them; for the office, signed
    /// records flagged as changed after signing. Nothing on the first call
    /// for a user on this device (see the module doc).
    pub fn take_notices(&mut self) -> Result<Vec<Notice>, ApiError> {
        let user = self.actor.name.clone();
        let (kind, rows) = match self.actor.role {
            Role::Engineer => {
                let filter = WoFilter {
                    assignee: Some(user.clone()),
                    open_only: true,
                    ..Default::default()
                };
                (NoticeKind::Assigned, self.store.list_work_orders(&filter)?)
            }
            Role::Office => {
                let rows = self.store.list_work_orders(&WoFilter::default())?;
                let flagged = rows.into_iter().filter(|r| r.tampered).collect();
                (NoticeKind::Tampered, flagged)
            }
            Role::Storekeeper | Role::Expert => return Ok(vec![]),
        };
        let first = self.store.get_meta_str(&started_key(&user))?.is_none();
        let ids: Vec<DocId> = rows.iter().map(|r| r.id.clone()).collect();
        let now = self.now();
        let added = self
            .store
            .replace_notices(&user, kind.as_str(), &ids, first, now)?;
        if first {
            self.store
                .set_meta_str(&started_key(&user), &now.to_rfc3339())?;
            return Ok(vec![]);
        }
        Ok(rows
            .iter()
            .filter(|r| added.contains(&r.id))
            .map(|r| Notice::of(kind, r))
            .collect())
    }

    /// Opens a work order: its view, and it is no longer marked new for
    /// the user.
    pub fn open_work_order(&mut self, id: &DocId) -> Result<WorkOrderView, ApiError> {
        let view = self.get_work_order(id)?;
        self.store.mark_notices_opened(&self.actor.name, id)?;
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use crate::ops::Actor;
    use crate::rules::state::Role;
    use crate::service::WoFilter;
    use crate::testing::{monday_morning, TempDevice, WorkOrderBuilder};

    #[test]
    fn a_newly_assigned_order_is_news_once_and_new_until_opened() {
        let mut dev = TempDevice::at(Actor::new("yangjinwei", Role::Engineer), monday_morning());
        let put = |suffix: &str, engineer: &str, dev: &mut TempDevice| {
            let (id, mut am) = WorkOrderBuilder::new()
                .id_suffix(suffix)
                .assigned_to(engineer)
                .doc();
            dev.store.create_doc_merging(&id, &mut am).unwrap();
            id
        };
        let old = put("old", "yangjinwei", &mut dev);
        assert!(
            dev.take_notices().unwrap().is_empty(),
            "the first call only records"
        );
        let new = put("new", "yangjinwei", &mut dev);
        put("theirs", "tangrong", &mut dev);
        let notices = dev.take_notices().unwrap();
        assert_eq!(
            notices.iter().map(|n| &n.id).collect::<Vec<_>>(),
            vec![&new]
        );
        assert!(dev.take_notices().unwrap().is_empty(), "told once");
        let list = dev.list_work_orders(WoFilter::default()).unwrap();
        let is_new = |id| list.iter().find(|i| &i.row.id == id).unwrap().is_new;
        assert!(is_new(&new) && !is_new(&old));
        dev.open_work_order(&new).unwrap();
        let list = dev.list_work_orders(WoFilter::default()).unwrap();
        assert!(!list.iter().any(|i| i.is_new), "opened: no longer new");
        let (title, body) = notices[0].text("zh-CN");
        assert!(
            title.contains("新工单") && body.contains(&notices[0].number),
            "{title} {body}"
        );
    }
}
