//! Every new campaign is checked against the account's do-not-call list: a listed number, however
//! the campaign's file writes it, is in no part's request, neither as planned nor as recorded.

use campaign::dnc::{self, DncImportChoices};
use campaign::draft::{ImportChoices, ImportSession};
use campaign::plan::{plan, PlanInput, Start};
use campaign::schedule::HoursChoice;
use campaign::Store;
use chrono::{DateTime, Utc};
use recipients::Cancel;
use std::collections::HashSet;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .with_timezone(&Utc)
}

#[test]
fn a_listed_number_is_in_no_part_of_a_new_campaign() {
    let dir = tempfile::tempdir().expect("a folder");
    let store = Store::open(dir.path().join("campaigns.sqlite")).expect("a store");
    // A Tuesday at 20:00 UTC: inside the default hours in every US zone.
    let now = at("2026-03-03T20:00:00Z");

    // The list: opt-outs imported from a file, and one typed by hand.
    let opt_outs = "Phone\n(212) 555-0107\n+1 310 555 0102\n";
    dnc::import(
        &store,
        opt_outs.as_bytes(),
        "opt-outs.csv",
        &DncImportChoices {
            country: "US".into(),
            ..DncImportChoices::default()
        },
        &Cancel::new(),
        now,
    )
    .expect("imported");
    dnc::add_by_hand(&store, "312.555.0199", "US", "asked on the phone", now).expect("added");

    // 12,000 people across four zones; the listed three are among them, written other ways.
    let areas = ["212", "312", "720", "310"];
    let mut csv = String::from("Name,Phone\n");
    for i in 0..12_000u32 {
        let area = areas[(i % 4) as usize];
        csv.push_str(&format!(
            "Person {i},{area}-{:03}-{:04}\n",
            200 + i / 4 / 10_000,
            (i / 4) % 10_000
        ));
    }
    csv.push_str("Ana Ruiz,212 555 0107\nBo Li,(310) 555-0102\nCy Wu,+13125550199\n");
    let session = ImportSession::new(
        "spring.csv".into(),
        csv.into_bytes(),
        ImportChoices::for_country("US"),
    )
    .read(&Cancel::new())
    .expect("read")
    .leave_out_listed(&store)
    .expect("checked");

    let summary = session.summary().expect("a summary");
    assert_eq!((summary.ready, summary.on_list), (12_000, 3));
    let names: Vec<Option<&str>> = summary
        .on_list_rows
        .iter()
        .map(|r| r.name.as_deref())
        .collect();
    assert_eq!(names, [Some("Ana Ruiz"), Some("Bo Li"), Some("Cy Wu")]);

    let report = session.report.clone().expect("read");
    let input = PlanInput {
        recipients: &report.recipients,
        name: "Spring".into(),
        source: None,
        agent_id: "agent_1".into(),
        agent_name: None,
        from_number_id: "pn_1".into(),
        from_number: None,
        concurrency: Some(8),
        ringing_timeout_seconds: None,
        max_call_duration_minutes: None,
        start: Start::Now,
        consent_acknowledged: true,
        concurrency_limit: Some(8),
        hours: HoursChoice::default(),
        location_columns: None,
        call_minutes: Some(1),
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: campaign::consent::ConsentCheck::default(),
        compare: None,
    };
    let planned = plan(&input, now).expect("planned");
    assert!(planned.parts.len() >= 3, "{} parts", planned.parts.len());
    let id = store
        .create_campaign_with_hours(
            &planned.setup,
            &planned.parts,
            &session.with_listed_left_out(planned.planned_hours()),
        )
        .expect("recorded");

    let listed: HashSet<&str> = ["+12125550107", "+13105550102", "+13125550199"].into();
    let mut sent = 0;
    for part in store.live_parts(id).expect("its parts") {
        for r in store.part_request(part.id).expect("its request").recipients {
            assert!(
                !listed.contains(r.to_number.as_str()),
                "{} is in a part",
                r.to_number
            );
            sent += 1;
        }
    }
    assert_eq!(sent, 12_000, "everyone else is in a part");
}
