use super::*;

#[test]
fn nobody_to_call_is_refused_at_the_recipients_step() {
    let report = rows(1);
    let mut i = input(&report.recipients[..0]);
    i.name = "x".into();
    let e = plan(&i, now()).unwrap_err();
    assert_eq!(e, PlanError::NoRecipients);
    assert_eq!(e.step(), WizardStep::Recipients);
    assert!(e
        .to_string()
        .contains("No recipient in the file can be called"));
}

#[test]
fn agent_and_number_are_required() {
    let e = refused(|i| i.agent_id = " ".into());
    assert_eq!(
        (e.clone(), e.step()),
        (PlanError::NoAgent, WizardStep::Setup)
    );
    assert!(e.to_string().starts_with("Choose the agent"));
    let e = refused(|i| i.from_number_id = String::new());
    assert_eq!(e, PlanError::NoFromNumber);
    assert!(e.to_string().starts_with("Choose the number"));
}

#[test]
fn the_consent_column_is_kept_not_sent_and_required_only_when_settings_say_so() {
    let report = import(
        "Phone,Name,Consent\n(212) 555-0101,Ada,2026-01-02 web form\n\
             (212) 555-0102,Bo,\n(212) 555-0103,Cy,signed\n",
    );
    let mut i = input(&report.recipients);
    i.consent = ConsentCheck {
        column: Some("Consent".into()),
        required: false,
    };
    let p = plan(&i, now()).unwrap();
    let sent = &p.parts[0].recipients[0];
    let keys: Vec<&String> = sent.metadata.iter().flatten().map(|(k, _)| k).collect();
    assert_eq!(keys, ["Name"], "the consent is not call data");
    let kept: Vec<(u64, &str)> = p
        .consent
        .rows
        .iter()
        .map(|r| (r.row, r.consent.as_str()))
        .collect();
    assert_eq!(kept, [(2, "2026-01-02 web form"), (4, "signed")]);

    // Required: row 3 has none, so the launch is refused — the preview still plans.
    i.consent.required = true;
    let e = plan(&i, now()).unwrap_err();
    assert!(e.to_string().starts_with("Row 3 has no consent."), "{e}");
    assert_eq!(e.step(), WizardStep::Columns);
    assert!(draft_plan(&i, now()).is_ok());
    i.consent.column = None;
    let e = plan(&i, now()).unwrap_err();
    assert!(e.to_string().contains("none is chosen"), "{e}");
}

fn compared(share: u8, seed: u64) -> Option<Compare> {
    Some(Compare::new(Split {
        agent_b_id: "agent_2".into(),
        agent_b_name: Some("Friendly reminder".into()),
        share_b_percent: share,
        seed,
    }))
}

/// Each part's recipients' phone numbers, with the part's agent.
fn by_agent(p: &Plan) -> Vec<(String, Vec<String>)> {
    p.parts
        .iter()
        .map(|r| {
            let numbers = r.recipients.iter().map(|x| x.to_number.clone()).collect();
            (r.agent_id.clone(), numbers)
        })
        .collect()
}

#[test]
fn two_agents_get_exact_shares_in_parts_of_their_own_and_share_the_calls_at_a_time() {
    let report = rows(1000);
    let mut i = input(&report.recipients);
    i.concurrency = Some(10);
    i.concurrency_limit = Some(20);
    i.compare = compared(30, 7);
    let p = plan(&i, now()).unwrap();
    let count = |agent: &str| -> usize {
        by_agent(&p)
            .iter()
            .filter(|(a, _)| a == agent)
            .map(|(_, n)| n.len())
            .sum()
    };
    assert_eq!((count("agent_1"), count("agent_2")), (700, 300));
    assert!(p.parts.iter().any(|r| r.agent_id == "agent_2"));
    // Every part holds one side only: the side the seed drew for each of its people.
    let sides = i.compare.as_ref().unwrap().split.assign(1000);
    for (part, members) in p.parts.iter().zip(&p.members) {
        let want = if part.agent_id == "agent_2" {
            Side::B
        } else {
            Side::A
        };
        assert!(members.iter().all(|&m| sides[m] == want), "{}", part.name);
    }
    // Parts running together never ask for more than the campaign's 10 calls at a time.
    let busy = |k: usize| {
        (
            p.starts[k],
            p.ends_by[k] + Duration::minutes(p.call_minutes.minutes.into()),
        )
    };
    for k in 0..p.parts.len() {
        let t = p.starts[k];
        let total: u32 = (0..p.parts.len())
            .filter(|&j| busy(j).0 <= t && t < busy(j).1)
            .filter_map(|j| p.parts[j].target_concurrency_limit)
            .sum();
        assert!(total <= 10, "{total} calls at once at {t}");
    }
    assert_eq!(p.split.as_ref().map(|s| s.share_b_percent), Some(30));

    // The same seed: the same parts; another seed: another split.
    assert_eq!(by_agent(&plan(&i, now()).unwrap()), by_agent(&p));
    i.compare = compared(30, 8);
    assert_ne!(by_agent(&plan(&i, now()).unwrap()), by_agent(&p));
}

#[test]
fn two_agents_compared_need_two_agents_and_two_calls_at_a_time() {
    let e = refused(|i| {
        i.compare = compared(50, 1);
        i.concurrency = Some(1);
    });
    assert_eq!(e, PlanError::CompareNeedsTwoCalls);
    assert_eq!(e.step(), WizardStep::Setup);
    let e = refused(|i| {
        i.compare = compared(50, 1);
        i.compare.as_mut().unwrap().split.agent_b_id = "agent_1".into();
    });
    assert_eq!(e.step(), WizardStep::Setup);
    assert!(
        e.to_string().contains("not the campaign's own agent"),
        "{e}"
    );
    // Not with a pilot (its rest would lose the split).
    let report = rows(3);
    let mut i = input(&report.recipients);
    i.compare = compared(50, 1);
    let e = crate::pilot::plan_with_pilot(&i, 1, now()).unwrap_err();
    assert_eq!(
        (e.clone(), e.step()),
        (PlanError::PilotWithCompare, WizardStep::Confirm)
    );
}

#[test]
fn without_consent_nothing_is_planned() {
    let report = rows(3);
    let mut i = input(&report.recipients);
    i.consent_acknowledged = false;
    let shown = draft_plan(&i, now()).unwrap();
    assert_eq!(shown.parts.len(), 1, "shown before the consent is given");
    let e = refused(|i| i.consent_acknowledged = false);
    assert_eq!(e, PlanError::NoConsent);
    assert_eq!(e.step(), WizardStep::Confirm);
    assert_eq!(e.to_string(), crate::actions::NO_CONSENT);
}

#[test]
fn calls_at_once_are_at_least_one_and_at_most_the_plan_allows() {
    let e = refused(|i| i.concurrency = Some(0));
    assert_eq!(
        (e.clone(), e.step()),
        (PlanError::TooFewCalls, WizardStep::Setup)
    );
    assert_eq!(
        e.to_string(),
        "Allow at least 1 call at a time (step 4, Setup)."
    );
    let e = refused(|i| i.concurrency = Some(9));
    assert_eq!(e, PlanError::TooManyCalls { asked: 9, limit: 8 });
    assert!(e
        .to_string()
        .starts_with("Your plan allows 8 calls at the same time; this campaign asks for 9."));
    assert_eq!(
        accepted(|i| i.concurrency = Some(8)).setup.concurrency,
        Some(8)
    );
    assert_eq!(
        accepted(|i| i.concurrency = Some(1)).setup.concurrency,
        Some(1)
    );
    // Not set: the plan's limit, no more than there are recipients.
    let plan = accepted(|i| i.concurrency = None);
    assert_eq!(plan.setup.concurrency, Some(8));
    assert_eq!(plan.parts[0].target_concurrency_limit, Some(3));
    // A limit set to 0 by mistake still allows one call at a time.
    let plan = accepted(|i| {
        i.concurrency = Some(1);
        i.concurrency_limit = Some(0);
    });
    assert_eq!(plan.setup.concurrency, Some(1));
    // Without a known limit, only Cartesia can say.
    assert_eq!(
        accepted(|i| {
            i.concurrency = Some(50);
            i.concurrency_limit = None;
        })
        .setup
        .concurrency,
        Some(50)
    );
}

#[test]
fn ringing_time_is_five_to_eighty_seconds() {
    for asked in [4, 81, 0] {
        let e = refused(|i| i.ringing_timeout_seconds = Some(asked));
        assert_eq!(e, PlanError::RingingTime { asked });
        assert_eq!(e.step(), WizardStep::Setup);
        assert_eq!(
            e.to_string(),
            "Ringing time must be between 5 and 80 seconds (step 4, Setup)."
        );
    }
    for ok in [5, 80] {
        let plan = accepted(|i| i.ringing_timeout_seconds = Some(ok));
        assert_eq!(plan.parts[0].ringing_timeout_seconds, Some(ok));
    }
}

#[test]
fn a_call_lasts_one_to_four_hundred_eighty_minutes() {
    for asked in [0, 481] {
        let e = refused(|i| i.max_call_duration_minutes = Some(asked));
        assert_eq!(e, PlanError::CallLength { asked });
        assert_eq!(
            e.to_string(),
            "The longest call must be between 1 and 480 minutes (step 4, Setup)."
        );
    }
    for ok in [1, 480] {
        let plan = accepted(|i| i.max_call_duration_minutes = Some(ok));
        assert_eq!(plan.parts[0].max_call_duration_minutes, Some(ok));
    }
}

#[test]
fn a_start_must_be_after_now_and_at_most_thirty_days_ahead() {
    let at = |utc| Start::At {
        utc,
        time_zone: Some("America/New_York".into()),
    };
    for past in [now(), now() - Duration::seconds(1)] {
        let e = refused(|i| i.start = at(past));
        assert_eq!(
            (e.clone(), e.step()),
            (PlanError::StartPassed, WizardStep::Schedule)
        );
        assert!(e.to_string().contains("already passed"));
    }
    let e = refused(|i| i.start = at(now() + Duration::days(30) + Duration::seconds(1)));
    assert_eq!(
        (e.clone(), e.step()),
        (PlanError::StartTooFar, WizardStep::Schedule)
    );
    assert!(e
        .to_string()
        .starts_with("Cartesia can schedule calls at most 30 days ahead."));

    // A second from now starts now; 29 days ahead (a Tuesday, 10:00 in New Jersey) then.
    let soon = accepted(|i| i.start = at(now() + Duration::seconds(1)));
    assert_eq!(soon.parts[0].scheduled_at, None);
    let ok = now() + Duration::days(29);
    let plan = accepted(|i| i.start = at(ok));
    assert!(plan.parts.iter().all(|p| p.scheduled_at == Some(ok)));
    assert_eq!(plan.setup.scheduled_at, Some(ok));
    assert_eq!(plan.setup.time_zone.as_deref(), Some("America/New_York"));
}

#[test]
fn a_written_start_keeps_its_instant_and_refuses_what_it_cant_read() {
    let start = Start::at("2026-03-03T09:00:00-05:00", Some("America/New_York".into())).unwrap();
    let plan = accepted(|i| i.start = start);
    assert_eq!(
        plan.setup.scheduled_at.map(|t| t.to_rfc3339()),
        Some("2026-03-03T14:00:00+00:00".to_string())
    );
    let body = serde_json::to_value(&plan.parts[0]).unwrap();
    let sent = body["scheduled_at"].as_str().unwrap();
    assert!(
        DateTime::parse_from_rfc3339(sent).is_ok(),
        "RFC 3339: {sent}"
    );

    let e = Start::at("tomorrow at nine", None).unwrap_err();
    assert_eq!(
        (e.clone(), e.step()),
        (PlanError::UnreadableStart, WizardStep::Schedule)
    );
    assert!(e.to_string().contains("couldn't be read"));
}

#[test]
fn the_rules_are_checked_in_the_wizards_order() {
    // Several things wrong: the person is sent to the earliest step first.
    let e = refused(|i| {
        i.agent_id = String::new();
        i.consent_acknowledged = false;
        i.ringing_timeout_seconds = Some(1);
        i.start = Start::At {
            utc: now(),
            time_zone: None,
        };
    });
    assert_eq!(e, PlanError::NoAgent);
    let e = refused(|i| {
        i.ringing_timeout_seconds = Some(1);
        i.start = Start::At {
            utc: now(),
            time_zone: None,
        };
    });
    assert_eq!(e, PlanError::RingingTime { asked: 1 });
    let e = refused(|i| {
        i.consent_acknowledged = false;
        i.start = Start::At {
            utc: now(),
            time_zone: None,
        };
    });
    assert_eq!(e, PlanError::StartPassed);
}
