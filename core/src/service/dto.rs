//! The IPC shapes of docs/ipc.md that the app shell returns or takes beyond
//! [`super::views`]: `Session` and `Settings` (camelCase, as the contract
//! spells them), `Engineer` and the `{path}` of an export. They live in core so that `cargo test -p onsite-core --lib export_bindings` generates
//! their TypeScript (ui/src/bindings/) with everything else.

use serde::Serialize;
use ts_rs::TS;

use crate::rules::state::Role;

/// `session()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Session {
    /// User name (empty before enrolment).
    pub user: String,
    /// The name people know the user by (`杨金伟`), when the server has one.
    pub display_name: Option<String>,
    /// The signed-in user's role.
    pub role: Role,
    /// The device's number slot, once enrolled.
    pub device_slot: Option<i64>,
    /// The sync server, once enrolled.
    pub server_url: Option<String>,
    /// Whether the device is enrolled.
    pub enrolled: bool,
    /// `zh-CN` or `en`.
    #[ts(type = "\"zh-CN\" | \"en\"")]
    pub language: String,
    /// The company's time zone (IANA name, `Asia/Shanghai`): every time is
    /// shown and typed in it, whatever the machine's zone.
    pub time_zone: String,
}

/// `get_settings()`, `enroll()`, `set_language()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Settings {
    /// The sync server, once enrolled.
    pub server_url: Option<String>,
    /// Whether the device is enrolled.
    pub enrolled: bool,
    /// `zh-CN` or `en`.
    #[ts(type = "\"zh-CN\" | \"en\"")]
    pub language: String,
    /// The device's number slot, once enrolled.
    pub device_slot: Option<i64>,
}

/// `list_engineers()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Engineer {
    /// User name (what `assign` takes).
    pub name: String,
    /// The name shown.
    pub display: String,
}

/// The `{path}` of an exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PathResult {
    /// Absolute path.
    pub path: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::NewCustomer;
    use serde_json::json;

    #[test]
    fn settings_and_session_are_camel_case() {
        let s = Settings {
            server_url: None,
            enrolled: false,
            language: "en".into(),
            device_slot: Some(3),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"serverUrl": null, "enrolled": false, "language": "en", "deviceSlot": 3})
        );
        let s = Session {
            user: "yangjinwei".into(),
            display_name: Some("杨金伟".into()),
            role: Role::Engineer,
            device_slot: None,
            server_url: None,
            enrolled: false,
            language: "zh-CN".into(),
            time_zone: "Asia/Shanghai".into(),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({"user": "yangjinwei", "displayName": "杨金伟", "role": "engineer", "deviceSlot": null,
                   "serverUrl": null, "enrolled": false, "language": "zh-CN", "timeZone": "Asia/Shanghai"})
        );
    }

    #[test]
    fn list_items_are_flat_as_the_contract_says() {
        use crate::rules::{sla_report, RulesConfig, SlaInput};
        use crate::service::{WoGroup, WoListItem};
        use crate::store::WoRow;
        let row: WoRow = serde_json::from_value(json!({
            "id": "wo:01JD0000000000000000000000", "number": "WO-2026-01-000001", "status": "assigned",
            "priority": "P1", "assignee": "yangjinwei", "customer_org": "成都", "reported_at": "2026-03-10T01:00:00Z",
            "response_due": "2026-03-10T01:30:00Z", "onsite_due": null, "fix_due": "2026-03-12T16:00:00Z",
            "responded_at": null, "arrived_at": null, "resolved_at": null, "signed_at": null, "filing_due": null,
            "filed_at": null, "tampered": false, "loaner_issued": false, "next_due": null,
            "updated_at": "2026-03-10T01:00:00Z"
        }))
        .unwrap();
        let t = row.reported_at.0;
        let input = SlaInput {
            reported_at: t,
            responded_at: None,
            arrived_at: None,
            resolved_at: None,
            visit_needed: false,
            loaner_issued: false,
        };
        let item = WoListItem {
            row,
            group: WoGroup::ActNow,
            sla: sla_report(&input, &RulesConfig::default(), t),
            filing: None,
            assignee_display: None,
            is_new: false,
        };
        let v = serde_json::to_value(&item).unwrap();
        for k in [
            "id",
            "number",
            "status",
            "priority",
            "customer_org",
            "assignee",
            "reported_at",
            "group",
            "sla",
            "filing",
            "tampered",
            "assignee_display",
        ] {
            assert!(v.get(k).is_some(), "{k} missing in {v}");
        }
        assert_eq!(v["group"], "act_now");
        assert_eq!(v["status"], "assigned");
        assert!(v.get("row").is_none());
    }

    #[test]
    fn a_new_customer_and_nested_inputs_take_what_the_ui_sends() {
        use crate::ops::{ServicePatch, SignInput};
        use crate::service::WoFilter;
        // The UI sends filter fields snake_case and may omit any.
        let f: WoFilter = serde_json::from_value(json!({"open_only": true})).unwrap();
        assert!(f.open_only && f.assignee.is_none());
        let f: WoFilter = serde_json::from_value(json!({})).unwrap();
        assert_eq!(f, WoFilter::default());
        let p: ServicePatch = serde_json::from_value(json!({"work_done": "换灯"})).unwrap();
        assert_eq!(p.work_done.as_deref(), Some("换灯"));
        assert_eq!(p.labour_minutes, None);
        let s: SignInput = serde_json::from_value(json!({
            "signer": "赵刚", "opinion": "好", "satisfaction": 5, "matches_agreed_items": true,
            "strokes": ["1,2 3,4"]
        }))
        .unwrap();
        assert!(s.matches_agreed_items);
        let c: NewCustomer = serde_json::from_value(
            json!({"org": "x", "site_address": "a", "contact": "c", "phone": "p"}),
        )
        .unwrap();
        assert!(!c.key_customer && c.equipment.is_empty());
    }
}
