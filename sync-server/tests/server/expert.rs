//! The technical expert 技术专家: reads only the work orders they are asked
//! on and may add notes to them, nothing else; a change to any other field
//! is refused per document and the stored order stays as it was.

use onsite_core::ops::{add_note, ask_expert, Actor};

use super::*;

const EXPERT: &str = "wangzhuanjia";

#[tokio::test]
async fn an_expert_reads_the_orders_they_are_asked_on_and_adds_advice_only() {
    let (s, _office, mut yang, wo, other) = two_orders_second_for(TANG).await;
    let mut expert = s.raw_device(EXPERT, Role::Expert);
    expert.sync().await;
    assert!(!expert.holds(wo.id.as_str()), "not asked yet");

    // The assigned engineer asks the expert.
    yang.sync().await;
    let me = Actor::new(YANG, Role::Engineer);
    yang.edit_wo(wo.id.as_str(), |w| ask_expert(w, EXPERT, &me).unwrap());
    assert!(yang.sync().await.errors.is_empty());
    expert.sync().await;
    assert!(expert.holds(wo.id.as_str()), "asked: received");
    assert!(
        !expert.holds(other.id.as_str()),
        "someone else's order never"
    );

    // Advice is accepted and reaches the engineer.
    let advisor = Actor::new(EXPERT, Role::Expert);
    expert.edit_wo(wo.id.as_str(), |w| {
        add_note(w, "先检查氘灯寿命", &advisor, t0()).unwrap()
    });
    assert!(expert.sync().await.errors.is_empty());
    yang.sync().await;
    let seen = yang.wo(wo.id.as_str()).unwrap();
    assert_eq!(seen.notes.last().map(|n| n.role.as_str()), Some("expert"));

    // Any other field is refused, and nothing of it is stored.
    let before = s.db_snapshot();
    expert.edit_wo(wo.id.as_str(), |w| w.service.findings = "专家改的".into());
    assert_eq!(expert.sync().await.codes(), vec!["forbidden"]);
    assert_eq!(s.db_snapshot(), before);
    assert_eq!(s.work_order(wo.id.as_str()).service.findings, "");
    s.stop().await;
}
