//! Asking a technical expert 技术专家 for advice on a work order: the
//! office or the assigned engineer adds the expert's user name to the
//! order's `experts`; the expert's device then receives the order, and the
//! expert may add notes (advice) to it and change nothing else.

use super::actor::Actor;
use super::error::OpError;
use crate::model::WorkOrder;
use crate::rules::state::Role;

/// Asks `expert` (a user name) for advice on `wo`. The office or the
/// assigned engineer; asking the same expert twice changes nothing.
pub fn ask_expert(wo: &mut WorkOrder, expert: &str, actor: &Actor) -> Result<(), OpError> {
    match actor.role {
        Role::Office => {}
        Role::Engineer => actor.ensure_assignee(wo)?,
        Role::Storekeeper | Role::Expert => {
            return Err(OpError::Forbidden {
                role: actor.role,
                what: "ask a technical expert".into(),
            })
        }
    }
    let expert = expert.trim();
    if expert.is_empty() {
        return Err(OpError::Invalid(
            "ask whom? the expert's name is empty".into(),
        ));
    }
    if !wo.experts.iter().any(|e| e == expert) {
        wo.experts.push(expert.to_owned());
    }
    Ok(())
}

/// For an expert: the order must be one they were asked on.
pub fn ensure_asked(wo: &WorkOrder, actor: &Actor) -> Result<(), OpError> {
    if actor.role != Role::Expert || wo.experts.contains(&actor.name) {
        return Ok(());
    }
    Err(OpError::Forbidden {
        role: actor.role,
        what: format!("advise on {}: not asked on it", wo.number),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::add_note;
    use crate::testing::{monday_morning, WorkOrderBuilder};

    #[test]
    fn the_office_or_the_assignee_asks_an_expert_who_may_then_advise() {
        let mut wo = WorkOrderBuilder::new().assigned_to("yangjinwei").build();
        let expert = Actor::new("wangzhuanjia", Role::Expert);
        let err = add_note(&mut wo, "先查光源", &expert, monday_morning()).unwrap_err();
        assert!(err.to_string().contains("not asked"), "{err}");
        let other = Actor::new("tangrong", Role::Engineer);
        assert!(ask_expert(&mut wo, "wangzhuanjia", &other).is_err());
        let yang = Actor::new("yangjinwei", Role::Engineer);
        ask_expert(&mut wo, "wangzhuanjia", &yang).unwrap();
        ask_expert(
            &mut wo,
            " wangzhuanjia ",
            &Actor::new("office", Role::Office),
        )
        .unwrap();
        assert_eq!(wo.experts, vec!["wangzhuanjia".to_string()]);
        add_note(&mut wo, "先查光源", &expert, monday_morning()).unwrap();
        assert_eq!(wo.notes.last().unwrap().role, "expert");
        assert!(ask_expert(&mut wo, "x", &expert).is_err());
    }
}
