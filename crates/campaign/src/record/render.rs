//! The record as a printable HTML page and as CSV: pure functions of [`Record`].

use super::{when_words, Attempt, Person, Record};
use crate::error::{Error, Result};
use crate::view::{count, plural};
use chrono::{DateTime, Utc};
use std::fmt::Write as _;
use userfile::neutralize;
use whereabouts::Tz;

/// Text made safe inside HTML (elements and quoted attributes).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `at` in the recipient's zone, with seconds: "Tue 8 Dec 2026 09:02:05 EST".
fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b %Y %H:%M:%S %Z")
        .to_string()
}

/// An attempt's start in the person's own time, or in UTC when their zone isn't known.
fn attempt_time(a: &Attempt, p: &Person) -> String {
    match (a.started, p.zone) {
        (Some(t), Some(zone)) => local(t, zone),
        (Some(t), None) => format!("{} (UTC; their zone isn't known)", local(t, Tz::UTC)),
        // Cartesia gives a call's time only once it connected.
        (None, _) => "no time: the call didn't connect".to_string(),
    }
}

fn seconds(a: &Attempt) -> String {
    match (a.started, a.ended) {
        (Some(s), Some(e)) if e >= s => (e - s).num_seconds().to_string(),
        _ => String::new(),
    }
}

/// "Tue 8 Dec 2026 14:02 EST", or "not recorded".
fn maybe_when(at: Option<DateTime<Utc>>, zone: Tz) -> String {
    at.map_or_else(|| "not recorded".to_string(), |t| when_words(t, zone))
}

/// The campaign's facts, label and value, in the order the page and the CSV give them.
fn facts(r: &Record) -> Vec<(&'static str, String)> {
    let or_none = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_string());
    let mut out = vec![
        ("Campaign", r.name.clone()),
        ("Set up", when_words(r.created_at, r.zone)),
        ("Launched", maybe_when(r.launched_at, r.zone)),
        (
            "Launched by (this computer's user)",
            or_none(&r.launched_by, "not recorded"),
        ),
        (
            "Acknowledgement ticked on Confirm",
            or_none(&r.acknowledgement, "not recorded"),
        ),
        ("Agent", r.agent.clone()),
        ("Calls from", or_none(&r.from_number, "not recorded")),
        ("Recipient file", or_none(&r.source_file, "not recorded")),
        (
            "Recipient file's SHA-256",
            or_none(&r.source_sha256, "not recorded"),
        ),
        (
            "Recipients",
            format!(
                "{} in {}",
                count(r.recipients),
                plural(r.parts, "part", "parts")
            ),
        ),
        (
            "Calling hours",
            or_none(&r.hours, "not planned by calling hours"),
        ),
        (
            "Consent column",
            or_none(&r.consent_column, "none in the list"),
        ),
    ];
    out.push((
        "Do-not-call list at launch",
        match r.dnc.list_size {
            Some(n) => plural(u32::try_from(n).unwrap_or(u32::MAX), "number", "numbers"),
            None => "not recorded".to_string(),
        },
    ));
    out.push((
        "Taken out by the do-not-call list",
        if r.dnc.taken_out.is_empty() {
            "nobody".to_string()
        } else {
            r.dnc.taken_out.join(", ")
        },
    ));
    if let Some(note) = &r.dnc.note {
        out.push(("About the do-not-call list", note.clone()));
    }
    out.push(("Record made", when_words(r.made_at, r.zone)));
    out
}

const STYLE: &str =
    "body{font:14px/1.45 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
color:#111;margin:24px auto;max-width:1000px;padding:0 16px}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #999}\
p.sub{color:#444;margin:0 0 16px}table{border-collapse:collapse;width:100%;margin:0 0 8px}\
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}\
th{background:#eee}td.num{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}\
table.facts th{width:32%}tr{page-break-inside:avoid}\
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}th{background:#eee!important;\
-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/// The record as one self-contained, printable HTML page (inline CSS, no scripts, no links
/// out); every value is escaped.
pub fn html(r: &Record) -> String {
    let mut h = String::with_capacity(4096 + r.people.len() * 256);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>Compliance record: {name}</title><style>{STYLE}</style></head><body>\n\
         <h1>Compliance record: {name}</h1>\n<p class=\"sub\">Made by Batchline on {made}. \
         Times of calls are in each recipient's own local time.</p>\n",
        name = esc(&r.name),
        made = esc(&when_words(r.made_at, r.zone)),
    );
    h.push_str("<h2>The campaign</h2>\n<table class=\"facts\">\n");
    for (label, value) in facts(r) {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(label),
            esc(&value)
        );
    }
    h.push_str("</table>\n<h2>State rules applied</h2>\n");
    if r.rules.is_empty() {
        h.push_str("<p>No state rule concerns this list's recipients.</p>\n");
    } else {
        h.push_str("<table><tr><th>State</th><th>Rule</th><th>Source</th><th>Applied</th></tr>\n");
        for rule in &r.rules {
            let applied = match &rule.off {
                Some(why) => format!("No: turned off in Settings — {why}"),
                None => "Yes".to_string(),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&rule.name),
                esc(&rule.terms),
                esc(&rule.source),
                esc(&applied)
            );
        }
        h.push_str("</table>\n");
    }
    let _ = writeln!(
        h,
        "<h2>Recipients and calls ({})</h2>\n<table><tr><th>Number</th><th>Row</th>\
         <th>Consent</th><th>Time zone</th><th>Call started (their time)</th>\
         <th>Seconds</th><th>How it ended</th></tr>",
        esc(&count(u32::try_from(r.people.len()).unwrap_or(u32::MAX)))
    );
    for p in &r.people {
        let zone = p
            .zone
            .map_or_else(|| "unknown".to_string(), |z| z.name().to_string());
        let row = p.row.map(|n| n.to_string()).unwrap_or_default();
        let consent = p.consent.as_deref().unwrap_or("");
        let first = |h: &mut String| {
            let _ = write!(
                h,
                "<td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
                esc(&p.number),
                esc(&row),
                esc(consent),
                esc(&zone)
            );
        };
        if p.attempts.is_empty() {
            h.push_str("<tr>");
            first(&mut h);
            let _ = writeln!(
                h,
                "<td>not called</td><td></td><td>{}</td></tr>",
                esc(&p.status)
            );
        }
        for a in &p.attempts {
            h.push_str("<tr>");
            first(&mut h);
            let ended = match &a.why {
                Some(why) => format!("{} ({why})", a.outcome),
                None => a.outcome.clone(),
            };
            let _ = writeln!(
                h,
                "<td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&attempt_time(a, p)),
                esc(&seconds(a)),
                esc(&ended)
            );
        }
    }
    h.push_str("</table>\n<h2>History</h2>\n<table><tr><th>When</th><th>What happened</th></tr>\n");
    for line in &r.history {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&line.when),
            esc(&line.words)
        );
    }
    h.push_str("</table>\n</body></html>\n");
    h
}

/// The CSV's columns.
pub(super) const CSV_COLUMNS: [&str; 9] = [
    "Section",
    "What",
    "Phone number",
    "Spreadsheet row",
    "Consent",
    "Time zone",
    "When (recipient's time)",
    "When (UTC)",
    "Detail",
];

/// The record as CSV (UTF-8 with a byte-order mark, formulas neutralized): the campaign's
/// facts, the state rules, one line per attempt (or per recipient never called), then the
/// history.
pub fn csv(r: &Record) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| Error::Export(e.to_string());
    let mut out = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer("\u{feff}".as_bytes().to_vec());
    out.write_record(CSV_COLUMNS).map_err(fail)?;
    let mut write = |cells: [&str; 9]| -> Result<()> {
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| neutralize(c, i == 2).into_owned())
            .collect();
        out.write_record(&cells).map_err(fail)
    };
    for (label, value) in facts(r) {
        write(["Campaign", label, "", "", "", "", "", "", &value])?;
    }
    for rule in &r.rules {
        let applied = match &rule.off {
            Some(why) => format!("turned off in Settings — {why}"),
            None => "applied".to_string(),
        };
        let what = format!("{}: {}", rule.name, rule.terms);
        let detail = format!("{applied}; source: {}", rule.source);
        write(["State rule", &what, "", "", "", "", "", "", &detail])?;
    }
    for p in &r.people {
        let zone = p.zone.map(|z| z.name().to_string()).unwrap_or_default();
        let row = p.row.map(|n| n.to_string()).unwrap_or_default();
        let consent = p.consent.as_deref().unwrap_or("");
        if p.attempts.is_empty() {
            write([
                "Recipient",
                "not called",
                &p.number,
                &row,
                consent,
                &zone,
                "",
                "",
                &p.status,
            ])?;
        }
        for a in &p.attempts {
            let detail = match &a.why {
                Some(why) => format!("{} ({why}); {} s", a.outcome, seconds(a)),
                None => format!("{}; {} s", a.outcome, seconds(a)),
            };
            let utc = a
                .started
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default();
            write([
                "Call",
                "attempt",
                &p.number,
                &row,
                consent,
                &zone,
                &attempt_time(a, p),
                &utc,
                &detail,
            ])?;
        }
    }
    for line in r.history.iter().rev() {
        let utc = DateTime::parse_from_rfc3339(&line.at)
            .map(|t| t.to_utc().format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        write(["History", &line.words, "", "", "", "", "", &utc, &line.when])?;
    }
    out.into_inner()
        .map_err(|e| Error::Export(e.error().to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::super::{DncFigures, HistoryLine, RuleApplied};
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn record() -> Record {
        Record {
            name: "Spring <script>alert(1)</script> & co".into(),
            made_at: t("2026-12-09T17:00:00Z"),
            zone: chrono_tz::Europe::London,
            created_at: t("2026-12-08T19:02:00Z"),
            launched_at: Some(t("2026-12-08T19:02:30Z")),
            launched_by: Some("maria".into()),
            acknowledgement: Some("These people agreed to be called.".into()),
            agent: "Reminder".into(),
            from_number: Some("+14155550142".into()),
            source_file: Some("spring.csv".into()),
            source_sha256: Some("ab12".into()),
            recipients: 2,
            parts: 1,
            hours: Some("Mon–Sat, 9:00–20:00".into()),
            rules: vec![RuleApplied {
                name: "Florida".into(),
                terms: "8 am–8 pm".into(),
                source: "Fla. Stat. § 501.616".into(),
                off: Some("Florida (US-FL): lawyer said \"fine\" (Mon 7 Dec 2026)".into()),
            }],
            dnc: DncFigures {
                list_size: Some(1_200),
                taken_out: vec!["+13055550100".into()],
                note: None,
            },
            consent_column: Some("Consent".into()),
            people: vec![
                Person {
                    number: "+12125550101".into(),
                    row: Some(2),
                    consent: Some("=HYPERLINK(\"x\") web form".into()),
                    zone: Some(chrono_tz::America::New_York),
                    region: Some("US-NY".into()),
                    status: "Answered".into(),
                    attempts: vec![
                        Attempt {
                            started: Some(t("2026-12-08T19:05:00Z")),
                            ended: Some(t("2026-12-08T19:05:20Z")),
                            outcome: "No answer".into(),
                            why: Some("Nobody answered".into()),
                        },
                        Attempt {
                            started: Some(t("2026-12-08T20:15:00Z")),
                            ended: Some(t("2026-12-08T20:17:00Z")),
                            outcome: "Answered".into(),
                            why: None,
                        },
                    ],
                },
                Person {
                    number: "+13105550102".into(),
                    row: Some(3),
                    consent: None,
                    zone: Some(chrono_tz::America::Los_Angeles),
                    region: Some("US-CA".into()),
                    status: "Not dialed".into(),
                    attempts: Vec::new(),
                },
            ],
            history: vec![HistoryLine {
                at: "2026-12-08T19:02:30+00:00".into(),
                when: "Tue 8 Dec 2026 19:02 GMT".into(),
                words: "Launched by maria: 1 part, 2 people".into(),
            }],
        }
    }

    #[test]
    fn the_page_tells_who_what_and_each_call_in_the_recipients_own_time() {
        let page = html(&record());
        for said in [
            "<td>maria</td>",
            "These people agreed to be called.",
            "<td>Mon–Sat, 9:00–20:00</td>",
            // 19:05 UTC is 14:05 in New York.
            "Tue 8 Dec 2026 14:05:00 EST",
            "<td>20</td><td>No answer (Nobody answered)</td>",
            "Tue 8 Dec 2026 15:15:00 EST",
            "America/Los_Angeles</td><td>not called</td><td></td><td>Not dialed</td>",
            "No: turned off in Settings — Florida (US-FL): lawyer said &quot;fine&quot;",
            "<td>1,200 numbers</td>",
            "<td>+13055550100</td>",
            "Launched by maria: 1 part, 2 people",
        ] {
            assert!(page.contains(said), "{said} in\n{page}");
        }
        // Everything from outside is escaped, and the page runs nothing.
        assert!(page.contains("Spring &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("http://") && !page.contains("https://"));
        assert!(page.contains("@media print"));
    }

    #[test]
    fn the_csv_has_a_line_per_attempt_with_both_times_and_no_live_formulas() {
        let bytes = csv(&record()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        let calls: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("Call,"))
            .collect();
        assert_eq!(calls.len(), 2, "{text}");
        assert!(
            calls[0].contains("+12125550101,2,")
                && calls[0]
                    .contains("America/New_York,Tue 8 Dec 2026 14:05:00 EST,2026-12-08 19:05:00"),
            "{}",
            calls[0]
        );
        // A consent cell that a spreadsheet would run is neutralized.
        assert!(calls[0].contains("'=HYPERLINK"), "{}", calls[0]);
        assert!(text.contains("Recipient,not called,+13105550102,3,,America/Los_Angeles"));
        assert!(text.contains("Campaign,Launched by (this computer's user),,,,,,,maria"));
        assert!(text.contains("History,\"Launched by maria: 1 part, 2 people\""));
    }
}
