//! Tests of [`super`] (state).
use super::*;
use Action as A;
use Status as S;

#[test]
fn names_agree_everywhere() {
    super::super::names::assert_names_agree(Status::ALL);
    super::super::names::assert_names_agree(Role::ALL);
    super::super::names::assert_names_agree(Action::ALL);
    assert_eq!(S::EnRoute.as_str(), "en_route");
    assert_eq!(S::AwaitingParts.as_str(), "awaiting_parts");
    assert_eq!(
        serde_json::to_string(&A::AwaitParts).unwrap(),
        "\"await_parts\""
    );
}

#[test]
fn happy_path_runs_the_whole_lifecycle() {
    let steps = [
        (A::Assign, S::Assigned),
        (A::Respond, S::Responded),
        (A::Depart, S::EnRoute),
        (A::Arrive, S::OnSite),
        (A::Resolve, S::Resolved),
        (A::Sign, S::Signed),
        (A::File, S::Filed),
        (A::Close, S::Closed),
    ];
    let mut s = S::New;
    for (a, want) in steps {
        s = transition(s, a, None).unwrap();
        assert_eq!(s, want, "after {a:?}");
    }
    assert!(allowed_actions(s).is_empty());
}

#[test]
fn illegal_transition_names_action_and_status() {
    let err = transition(S::Resolved, A::Arrive, None).unwrap_err();
    assert_eq!(
        err,
        TransitionError::Illegal {
            from: S::Resolved,
            action: A::Arrive
        }
    );
    assert_eq!(err.to_string(), "cannot arrive: work order is resolved");
    let err = transition(S::New, A::AwaitParts, None).unwrap_err();
    assert_eq!(err.to_string(), "cannot wait for parts: work order is new");
    let err = transition(S::OnHold, A::Depart, None).unwrap_err();
    assert_eq!(err.to_string(), "cannot depart: work order is on hold");
}

#[test]
fn no_skipping_steps() {
    assert!(transition(S::New, A::Respond, None).is_err());
    assert!(transition(S::Assigned, A::Arrive, None).is_err());
    assert!(transition(S::EnRoute, A::Resolve, None).is_err());
    assert!(transition(S::OnSite, A::Sign, None).is_err());
    assert!(transition(S::Resolved, A::File, None).is_err());
    assert!(transition(S::Signed, A::Close, None).is_err());
}

#[test]
fn remote_fix_resolves_from_responded() {
    assert_eq!(transition(S::Responded, A::Resolve, None), Ok(S::Resolved));
}

#[test]
fn reassignment_keeps_status() {
    for s in [
        S::Assigned,
        S::Responded,
        S::EnRoute,
        S::OnSite,
        S::AwaitingParts,
        S::OnHold,
    ] {
        assert_eq!(transition(s, A::Assign, None), Ok(s));
    }
    for s in [S::Resolved, S::Signed, S::Filed, S::Closed, S::Cancelled] {
        assert!(transition(s, A::Assign, None).is_err(), "{s:?}");
    }
}

#[test]
fn pause_and_resume_back_to_where_it_was() {
    for from in [S::Responded, S::EnRoute, S::OnSite] {
        for (pause, paused) in [(A::AwaitParts, S::AwaitingParts), (A::Hold, S::OnHold)] {
            let p = transition(from, pause, None).unwrap();
            assert_eq!(p, paused);
            assert_eq!(transition(p, A::Resume, Some(from)), Ok(from));
        }
    }
    assert!(transition(S::Assigned, A::Hold, None).is_err());
    assert!(transition(S::Resolved, A::AwaitParts, None).is_err());
    assert!(transition(S::AwaitingParts, A::Hold, None).is_err());
    assert!(transition(S::OnSite, A::Resume, Some(S::OnSite)).is_err());
}

#[test]
fn resume_needs_a_valid_target() {
    let err = transition(S::OnHold, A::Resume, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot resume: the status before the pause is unknown"
    );
    for bad in [
        S::New,
        S::Assigned,
        S::Resolved,
        S::AwaitingParts,
        S::Closed,
    ] {
        let err = transition(S::AwaitingParts, A::Resume, Some(bad)).unwrap_err();
        assert!(
            matches!(err, TransitionError::BadResumeTarget { .. }),
            "{bad:?}"
        );
    }
    let err = transition(S::OnHold, A::Resume, Some(S::Resolved)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot resume: work order cannot go back to resolved"
    );
}

#[test]
fn cancel_only_before_signed() {
    for &s in Status::ALL {
        let ok = transition(s, A::Cancel, None).is_ok();
        let before_signed = !matches!(s, S::Signed | S::Filed | S::Closed | S::Cancelled);
        assert_eq!(ok, before_signed, "{s:?}");
    }
}

#[test]
fn final_states_allow_nothing() {
    for &s in Status::ALL {
        assert_eq!(s.is_final(), allowed_actions(s).is_empty(), "{s:?}");
    }
}

#[test]
fn allowed_actions_match_transition() {
    for &s in Status::ALL {
        for &a in Action::ALL {
            let ok = transition(s, a, Some(S::Responded)).is_ok();
            assert_eq!(allowed_actions(s).contains(&a), ok, "{s:?} {a:?}");
        }
    }
    assert_eq!(allowed_actions(S::New), vec![A::Assign, A::Cancel]);
    assert_eq!(
        allowed_actions(S::OnSite),
        vec![A::Assign, A::AwaitParts, A::Hold, A::Resolve, A::Cancel]
    );
    assert_eq!(
        allowed_actions(S::OnHold),
        vec![A::Assign, A::Resume, A::Cancel]
    );
    assert_eq!(allowed_actions(S::Signed), vec![A::File]);
}

#[test]
fn roles() {
    let engineer = [
        A::Respond,
        A::Depart,
        A::Arrive,
        A::AwaitParts,
        A::Hold,
        A::Resume,
        A::Resolve,
        A::Sign,
        A::File,
    ];
    for &a in Action::ALL {
        assert!(may_perform(Role::Office, a));
        assert_eq!(
            may_perform(Role::Engineer, a),
            engineer.contains(&a),
            "{a:?}"
        );
        assert!(!may_perform(Role::Storekeeper, a));
        assert!(!may_perform(Role::Expert, a));
    }
}

#[test]
fn each_action_belongs_to_the_engineer_or_the_office() {
    for &a in Action::ALL {
        let owner = a.owner();
        assert!(matches!(owner, Role::Engineer | Role::Office), "{a:?}");
        assert!(may_perform(owner, a), "{a:?}'s owner may perform it");
        if !may_perform(Role::Engineer, a) {
            assert_eq!(owner, Role::Office, "{a:?}");
        }
    }
    assert_eq!(Action::Respond.owner(), Role::Engineer);
    assert_eq!(Action::Sign.owner(), Role::Engineer);
    assert_eq!(Action::Assign.owner(), Role::Office);
}
