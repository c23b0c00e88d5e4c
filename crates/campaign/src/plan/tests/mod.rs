use super::*;
use crate::draft::WizardStep;
use crate::store::sha256_hex;
use hours::HoursError;

mod parts;
mod rules;

fn import(csv: &str) -> recipients::ImportReport {
    recipients::import(
        csv.as_bytes(),
        "spring_leads.csv",
        &recipients::ImportOptions::default(),
    )
    .unwrap()
}

fn rows(n: usize) -> recipients::ImportReport {
    let mut s = String::from("Phone,Name,Plan\n");
    for i in 0..n {
        s.push_str(&format!(
            "(2{:02}) 555-{:04},Person {i},Gold\n",
            1 + i / 9000,
            1000 + i % 9000
        ));
    }
    import(&s)
}

fn input(recipients: &[Recipient]) -> PlanInput<'_> {
    PlanInput {
        recipients,
        name: "Spring leads".into(),
        source: Some(SourceFile::of("spring_leads.csv", b"the bytes")),
        agent_id: "agent_1".into(),
        agent_name: Some("Appointment reminder".into()),
        from_number_id: "ap_1".into(),
        from_number: Some("+14155550142".into()),
        concurrency: Some(4),
        ringing_timeout_seconds: None,
        max_call_duration_minutes: None,
        start: Start::Now,
        consent_acknowledged: true,
        concurrency_limit: Some(8),
        hours: HoursChoice::default(),
        location_columns: None,
        call_minutes: None,
        finished_call_seconds: Vec::new(),
        rule_overrides: Vec::new(),
        consent: ConsentCheck::default(),
        compare: None,
    }
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T14:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn refused(change: impl FnOnce(&mut PlanInput<'_>)) -> PlanError {
    let report = rows(3);
    let mut i = input(&report.recipients);
    change(&mut i);
    plan(&i, now()).unwrap_err()
}

fn accepted(change: impl FnOnce(&mut PlanInput<'_>)) -> Plan {
    let report = rows(3);
    let mut i = input(&report.recipients);
    change(&mut i);
    plan(&i, now()).unwrap()
}
