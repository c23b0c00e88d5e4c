//! The store as the app sees it: what it keeps across restarts, and files it must refuse
//! without damaging them.

#![allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure

use campaign::{
    sha256_hex, AuditEntry, AuditKind, DraftSource, Error, LaunchState, NewCampaign, Snapshot,
    Store, SCHEMA_VERSION,
};
use cartesia::{CreateBatchRequest, NewRecipient};
use chrono::Utc;
use std::collections::BTreeMap;

fn recipients(n: usize) -> Vec<NewRecipient> {
    (0..n)
        .map(|i| NewRecipient {
            to_number: format!("+1415555{:04}", i % 10_000),
            metadata: Some(
                serde_json::json!({"first_name": "Ada", "account": format!("A-{i}")})
                    .as_object()
                    .cloned()
                    .unwrap(),
            ),
        })
        .collect()
}

fn setup(name: &str) -> NewCampaign {
    NewCampaign {
        name: name.into(),
        agent_id: "agent_1".into(),
        agent_name: Some("Appointment reminder".into()),
        from_number_id: "ap_1".into(),
        from_number: Some("+14155550100".into()),
        scheduled_at: Some(Utc::now() + chrono::Duration::hours(2)),
        time_zone: Some("America/New_York".into()),
        concurrency: Some(4),
        source_file_name: Some("march.csv".into()),
        source_sha256: Some(sha256_hex(b"file bytes")),
    }
}

fn parts(name: &str, sizes: &[usize]) -> Vec<CreateBatchRequest> {
    let n = sizes.len();
    sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            CreateBatchRequest::new(
                format!("{name} (part {} of {n})", i + 1),
                "agent_1",
                "ap_1",
                recipients(s),
            )
        })
        .collect()
}

#[test]
fn a_campaign_and_its_parts_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batchline.db");
    let reqs = parts("March", &[3, 2]);
    let id = {
        let store = Store::open(&path).unwrap();
        store.create_campaign(&setup("March"), &reqs).unwrap()
    };
    let store = Store::open(&path).unwrap();
    let c = store.campaign(id).unwrap();
    assert_eq!(
        c.setup,
        setup("March").clone_with_time(c.setup.scheduled_at)
    );
    assert_eq!(c.recipient_count, 5);
    let ps = store.parts(id).unwrap();
    assert_eq!(ps.len(), 2);
    assert_eq!((ps[1].part, ps[1].parts, ps[1].recipient_count), (2, 2, 2));
    assert!(ps.iter().all(|p| p.state == LaunchState::Planned));
    assert_eq!(store.part_request(ps[0].id).unwrap(), reqs[0]);
    assert_eq!(store.incomplete_campaigns().unwrap(), vec![id]);

    let log = store.audit_log(10).unwrap();
    let kinds: Vec<_> = log.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["scheduled", "created"]);
    assert_eq!(log[1].file_name.as_deref(), Some("march.csv"));
    assert_eq!(log[1].file_sha256, Some(sha256_hex(b"file bytes")));
}

trait WithTime {
    fn clone_with_time(&self, t: Option<chrono::DateTime<Utc>>) -> NewCampaign;
}
impl WithTime for NewCampaign {
    // Stored times keep milliseconds; compare everything else exactly.
    fn clone_with_time(&self, t: Option<chrono::DateTime<Utc>>) -> NewCampaign {
        NewCampaign {
            scheduled_at: t,
            ..self.clone()
        }
    }
}

#[test]
fn snapshots_add_up_to_campaign_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("b.db")).unwrap();
    let id = store
        .create_campaign(&setup("P"), &parts("P", &[2, 2]))
        .unwrap();
    let ps = store.parts(id).unwrap();
    let snap = |finished: u32, done: u32| Snapshot {
        at: Utc::now(),
        status: "in_progress".into(),
        scheduled: 2,
        dispatched: 2,
        finished,
        retry_count: 0,
        by_status: BTreeMap::from([("completed".into(), done), ("started".into(), 2 - done)]),
        by_outcome: BTreeMap::from([("agent_hangup".into(), done)]),
    };
    store.record_snapshot(ps[0].id, &snap(1, 1)).unwrap();
    store.record_snapshot(ps[0].id, &snap(2, 2)).unwrap();
    store.record_snapshot(ps[1].id, &snap(1, 1)).unwrap();
    let p = store.campaign_progress(id).unwrap();
    assert_eq!(
        (p.parts, p.parts_seen, p.scheduled, p.finished),
        (2, 2, 4, 3)
    );
    assert_eq!(p.by_status["completed"], 3);
    assert_eq!(p.by_outcome["agent_hangup"], 3);
    assert_eq!(store.snapshots(ps[0].id).unwrap().len(), 2);
    assert_eq!(store.snapshot_write_stats().snapshots, 3);
}

#[test]
fn a_draft_with_many_recipients_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let wizard = serde_json::json!({"step": 3, "name": "March", "start": {"kind": "now"}});
    let list = recipients(5_000);
    Store::open(&path)
        .unwrap()
        .save_draft("current", &wizard, &list, Some("march.csv"), Some("abc"))
        .unwrap();
    let store = Store::open(&path).unwrap();
    let d = store.load_draft("current").unwrap().unwrap();
    assert_eq!(d.wizard, wizard);
    assert_eq!(d.recipients, list);
    assert_eq!(d.source_file_name.as_deref(), Some("march.csv"));
    store.delete_draft("current").unwrap();
    assert!(store.load_draft("current").unwrap().is_none());
}

#[test]
fn a_draft_keeps_its_file_and_the_wizard_saves_apart_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let store = Store::open(&path).unwrap();
    let source = DraftSource {
        file_name: "leads.xlsx".into(),
        bytes: b"PK\x03\x04 not really a workbook".as_slice().into(),
        settings: serde_json::json!({"country": "GB", "excluded_columns": ["Notes"]}),
        suppression: Some((
            "do not call.csv".into(),
            b"Phone\n+442071838750\n".as_slice().into(),
        )),
    };
    let list = recipients(3);
    // The file first (a new draft), then the answers, then the answers again.
    store.save_draft_source("current", &source, &list).unwrap();
    store
        .save_draft_wizard("current", &serde_json::json!({"step": 1}))
        .unwrap();
    store
        .save_draft_wizard("current", &serde_json::json!({"step": 4, "name": "April"}))
        .unwrap();

    let d = Store::open(&path)
        .unwrap()
        .load_draft("current")
        .unwrap()
        .unwrap();
    assert_eq!(d.wizard["name"], "April");
    assert_eq!(d.recipients, list, "saving the answers kept the recipients");
    assert_eq!(d.source.as_ref(), Some(&source));
    assert_eq!(d.source_sha256, Some(sha256_hex(&source.bytes)));

    // A new file replaces the old one and its do-not-call file; the answers stay.
    let other = DraftSource {
        suppression: None,
        ..source.clone()
    };
    store.save_draft_source("current", &other, &[]).unwrap();
    let d = store.load_draft("current").unwrap().unwrap();
    assert_eq!(d.wizard["step"], 4);
    assert_eq!(d.source.unwrap().suppression, None);
    assert!(d.recipients.is_empty());

    // Put aside, the draft is out of the way but still there.
    store.rename_draft("current", "set aside").unwrap();
    assert!(store.load_draft("current").unwrap().is_none());
    assert_eq!(
        store.load_draft("set aside").unwrap().unwrap().wizard["step"],
        4
    );
}

#[test]
fn the_audit_log_has_no_room_for_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let store = Store::open(&path).unwrap();
    store
        .audit(AuditKind::KeyConnected, &AuditEntry::default())
        .unwrap();
    store
        .audit(
            AuditKind::Exported,
            &AuditEntry {
                file_name: Some("results.csv"),
                file_sha256: Some("00ff"),
                ..AuditEntry::default()
            },
        )
        .unwrap();
    let log = store.audit_log(10).unwrap();
    assert_eq!(log[0].kind, "exported");
    assert_eq!(log[1].kind, "key_connected");
    assert_eq!(log[1].detail, None);
}

#[test]
fn an_older_file_is_upgraded_in_place_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    // A file as the first release left it, with a campaign launched under that version.
    {
        let v1 = Store::open_at_version(&path, 1).unwrap();
        assert_eq!(v1.schema_version().unwrap(), 1);
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "INSERT INTO campaigns (id, name, agent_id, from_number_id, recipient_count, created_at)
                 VALUES (7, 'Old', 'agent_1', 'ap_1', 2, 0);
             INSERT INTO batches (campaign_id, part, parts, name, recipient_count, payload,
                 payload_sha256, state, api_batch_id, created_at)
                 VALUES (7, 1, 1, 'Old', 2, x'7b7d', 'h', 'created', 'acb_old', 0);
             INSERT INTO drafts (id, wizard, recipients, recipient_count, source_file_name,
                 updated_at)
                 VALUES ('current', '{\"step\": 2}',
                 CAST('[{\"to_number\": \"+14155550100\"}]' AS BLOB), 1,
                 'old.csv', 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let ps = store.parts(7).unwrap();
    assert_eq!(ps[0].api_batch_id.as_deref(), Some("acb_old"));
    assert_eq!(ps[0].last_error, None);
    assert!(!ps[0].tracking_done);
    let draft = store.load_draft("current").unwrap().unwrap();
    assert_eq!(draft.wizard["step"], 2);
    assert_eq!(
        draft.source, None,
        "a draft from before files were kept has none"
    );
    // The upgraded file takes the new columns.
    store.set_tracking_done(ps[0].id, true).unwrap();
    assert!(store.active_parts().unwrap().is_empty());
}

#[test]
fn a_newer_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    {
        let store = Store::open(&path).unwrap();
        store
            .create_campaign(&setup("Future"), &parts("Future", &[1]))
            .unwrap();
    }
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::NewerSchema { found, .. } if found == SCHEMA_VERSION + 5),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("newer version of Batchline"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");
}

#[test]
fn a_garbage_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    for garbage in [
        b"this is not a database at all, just some text that got here".to_vec(),
        (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect(),
        b"SQLite format 3\0"
            .iter()
            .chain([0xFFu8; 200].iter())
            .copied()
            .collect(),
        vec![7u8; 3],
    ] {
        let path = dir.path().join("b.db");
        std::fs::write(&path, &garbage).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), garbage, "file changed");
    }
}

#[test]
fn an_empty_file_becomes_a_fresh_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.campaigns().unwrap().is_empty());
}
