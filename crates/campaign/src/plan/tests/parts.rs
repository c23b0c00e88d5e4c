use super::*;

#[test]
fn twelve_thousand_rows_become_three_named_parts_in_file_order() {
    let report = rows(12_000);
    let mut i = input(&report.recipients);
    (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
    // Monday 9:00 in New Jersey and Washington DC: the whole day is open.
    let plan = plan(&i, now()).unwrap();
    let sizes: Vec<usize> = plan.parts.iter().map(|p| p.recipients.len()).collect();
    assert_eq!(sizes, [5_000, 5_000, 2_000]);
    let names: Vec<&str> = plan.parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Spring leads (part 1 of 3)",
            "Spring leads (part 2 of 3)",
            "Spring leads (part 3 of 3)"
        ]
    );
    assert_eq!(plan.parts[1].recipients[0].to_number, "+12015556000");
    assert_eq!(plan.parts[2].recipients[1_999].to_number, "+12025553999");
    for part in &plan.parts {
        assert_eq!(part.agent_id, "agent_1");
        assert_eq!(part.from_number_id, "ap_1");
        assert_eq!(part.scheduled_at, None, "all three start now");
    }
    let calls: Vec<u32> = plan
        .parts
        .iter()
        .map(|p| p.target_concurrency_limit.unwrap())
        .collect();
    assert_eq!(
        calls.iter().sum::<u32>(),
        100,
        "the campaign's limit, shared"
    );
    // 5,000 calls of 4 minutes in the 645 minutes to 19:45 need 32 at a time.
    assert!(calls[1] >= 32 && calls[2] >= 13, "{calls:?}");
    assert_eq!(plan.setup.name, "Spring leads");
    assert_eq!(plan.setup.concurrency, Some(100));
    assert!(plan.left_out.is_empty());
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn each_part_starts_when_its_recipients_hours_open() {
    // New York and Los Angeles at 8:00 in New York (5:00 in Los Angeles).
    let report = import("Phone\n+12125550100\n+13105550100\n+12125550101\n");
    let plan = plan(&input(&report.recipients), at("2026-03-03T13:00:00Z")).unwrap();
    let starts: Vec<Option<String>> = plan
        .parts
        .iter()
        .map(|p| p.scheduled_at.map(|t| t.to_rfc3339()))
        .collect();
    assert_eq!(
        starts,
        [
            Some("2026-03-03T14:00:00+00:00".to_string()), // 9:00 in New York
            Some("2026-03-03T17:00:00+00:00".to_string()), // 9:00 in Los Angeles
        ]
    );
    let numbers: Vec<Vec<&str>> = plan
        .parts
        .iter()
        .map(|p| p.recipients.iter().map(|r| r.to_number.as_str()).collect())
        .collect();
    assert_eq!(
        numbers,
        [vec!["+12125550100", "+12125550101"], vec!["+13105550100"]]
    );
    assert_eq!(plan.setup.scheduled_at, Some(at("2026-03-03T14:00:00Z")));
    // The last call in Los Angeles starts by 19:45 there.
    assert!(plan.ends_by[1] <= at("2026-03-04T03:45:00Z"));
    let kept = plan.planned_hours();
    assert_eq!(kept.ends_by.len(), 2);
    assert!(kept.calling_hours.unwrap().contains("\"from\":\"09:00\""));
}

#[test]
fn a_part_that_can_start_now_is_sent_without_a_start_time() {
    let report = import("Phone\n+12125550100\n");
    // 10:00:30 in New York: the planner starts at the next whole minute.
    let plan = plan(&input(&report.recipients), at("2026-03-03T15:00:30Z")).unwrap();
    assert_eq!(plan.parts[0].scheduled_at, None);
    assert_eq!(plan.starts[0], at("2026-03-03T15:01:00Z"));
    assert_eq!(
        plan.parts[0].target_concurrency_limit,
        Some(1),
        "one recipient"
    );
}

#[test]
fn who_cant_be_called_in_their_hours_is_left_out_and_said_why() {
    // Sundays only: Alabama allows no Sunday calls, New York does.
    let report = import("Phone\n+12125550100\n+12055550100\n");
    let mut i = input(&report.recipients);
    i.hours.days = vec!["sun".into()];
    let plan = plan(&i, at("2026-03-03T14:00:00Z")).unwrap();
    assert_eq!(plan.parts.len(), 1);
    assert_eq!(plan.parts[0].recipients[0].to_number, "+12125550100");
    // Sunday 8 March, 9:00 in New York (daylight saving time has begun).
    assert_eq!(plan.starts[0], at("2026-03-08T13:00:00Z"));
    assert_eq!(plan.left_out.len(), 1);
    assert_eq!(
        (plan.left_out[0].row, plan.left_out[0].to_number.as_str()),
        (3, "+12055550100")
    );
    assert!(
        plan.left_out[0].reason.contains("don't open"),
        "{}",
        plan.left_out[0].reason
    );
    assert!(plan
        .planned_hours()
        .left_out
        .unwrap()
        .contains("+12055550100"));

    let alabama = import("Phone\n+12055550100\n");
    let mut i = input(&alabama.recipients);
    i.hours.days = vec!["sun".into()];
    let e = super::plan(&i, now()).unwrap_err();
    assert!(matches!(e, PlanError::NobodyInHours { .. }), "{e}");
    assert_eq!(e.step(), WizardStep::Schedule);
    assert!(
        e.to_string()
            .starts_with("Nobody on the list can be called"),
        "{e}"
    );
}

#[test]
fn hours_wider_than_the_federal_ones_are_refused_at_when_to_call() {
    let e = refused(|i| i.hours.to = "21:30".into());
    assert_eq!(e, PlanError::Hours(HoursError::WiderThanFederal));
    assert_eq!(e.step(), WizardStep::Schedule);
    assert!(e.to_string().ends_with("(step 5, When to call)"), "{e}");
    let e = refused(|i| i.hours.days.clear());
    assert_eq!(e, PlanError::Hours(HoursError::NoDays));
}

#[test]
fn a_toll_free_number_fits_every_us_zone_or_is_left_out_when_the_person_says_so() {
    let report = import("Phone\n+18005550199\n+12125550100\n");
    let mut i = input(&report.recipients);
    // 14:00 UTC on a Monday: 9:00 in New York, 4:00 in Honolulu.
    let everyone = plan(&i, now()).unwrap();
    assert!(everyone.left_out.is_empty());
    let toll_free_part = everyone
        .members
        .iter()
        .position(|m| m.contains(&0))
        .unwrap();
    assert!(
        everyone.starts[toll_free_part] >= at("2026-03-02T19:00:00Z"),
        "not before 9:00 in Honolulu: {}",
        everyone.starts[toll_free_part]
    );
    i.hours.leave_out_unplaced = true;
    let placed_only = plan(&i, now()).unwrap();
    assert_eq!(placed_only.left_out.len(), 1);
    assert_eq!(placed_only.left_out[0].to_number, "+18005550199");
    assert_eq!(placed_only.left_out[0].reason, schedule::UNPLACED_LEFT_OUT);
    assert_eq!(placed_only.parts.len(), 1);
    assert_eq!(placed_only.parts[0].recipients.len(), 1);
}

#[test]
fn a_state_rule_holds_unless_turned_off() {
    // Florida allows 8:00-20:00; the campaign asks 8:00-21:00; it is 20:30 in Miami.
    let report = import("Phone\n+13055550100\n");
    let mut i = input(&report.recipients);
    i.hours.from = "08:00".into();
    i.hours.to = "21:00".into();
    let now = at("2026-03-04T01:30:00Z");
    let by_rule = plan(&i, now).unwrap();
    assert_eq!(
        by_rule.starts[0],
        at("2026-03-04T13:00:00Z"),
        "8:00 tomorrow"
    );
    i.rule_overrides = vec![RuleOverride {
        region: "US-FL".into(),
        reason: "tested".into(),
    }];
    let off = plan(&i, now).unwrap();
    assert_eq!(off.parts[0].scheduled_at, None, "called now, until 20:45");
}

#[test]
fn one_part_keeps_the_plain_name() {
    let plan = accepted(|_| {});
    assert_eq!(plan.parts.len(), 1);
    assert_eq!(plan.parts[0].name, "Spring leads");
}

#[test]
fn exactly_five_thousand_is_one_part_and_one_more_is_two() {
    let report = rows(5_001);
    let mut i = input(&report.recipients[..5_000]);
    (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
    assert_eq!(plan(&i, now()).unwrap().parts.len(), 1);
    i.recipients = &report.recipients;
    let plan = plan(&i, now()).unwrap();
    assert_eq!(plan.parts[1].name, "Spring leads (part 2 of 2)");
    assert_eq!(plan.parts[1].recipients.len(), 1);
}

#[test]
fn each_recipient_carries_its_row_as_call_data_in_column_order() {
    let plan = accepted(|_| {});
    let first = &plan.parts[0].recipients[0];
    assert_eq!(first.to_number, "+12015551000");
    let data = first.metadata.as_ref().unwrap();
    let keys: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(keys, ["Name", "Plan"]);
    assert_eq!(data["Name"], "Person 0");
    let bare = import("Phone\n+14155552671\n");
    let only_numbers = new_recipient(&bare.recipients[0]);
    assert_eq!(only_numbers.metadata, None, "no empty call data is sent");
}

#[test]
fn the_campaign_keeps_who_calls_from_where_and_the_file_it_came_from() {
    let plan = accepted(|_| {});
    assert_eq!(
        plan.setup.agent_name.as_deref(),
        Some("Appointment reminder")
    );
    assert_eq!(plan.setup.from_number.as_deref(), Some("+14155550142"));
    assert_eq!(
        plan.setup.source_file_name.as_deref(),
        Some("spring_leads.csv")
    );
    assert_eq!(
        plan.setup.source_sha256.as_deref(),
        Some(sha256_hex(b"the bytes").as_str())
    );
}

#[test]
fn an_empty_name_comes_from_the_file_name() {
    assert_eq!(
        accepted(|i| i.name = "  ".into()).setup.name,
        "spring leads"
    );
    let report = rows(6_000);
    let mut i = input(&report.recipients);
    (i.concurrency, i.concurrency_limit) = (Some(100), Some(100));
    i.name = String::new();
    i.source = Some(SourceFile::of("q3-renewals.final.xlsx", b""));
    let plan = plan(&i, now()).unwrap();
    assert_eq!(plan.setup.name, "q3 renewals.final");
    assert_eq!(plan.parts[0].name, "q3 renewals.final (part 1 of 2)");
    assert_eq!(name_from_file("__.csv"), "Campaign");
    assert_eq!(name_from_file(""), "Campaign");
    assert_eq!(
        accepted(|i| {
            i.name = String::new();
            i.source = None;
        })
        .setup
        .name,
        "Campaign"
    );
}
