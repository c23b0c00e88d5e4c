//! The database's shape over time. Each entry of [`MIGRATIONS`] moves a file from version `i`
//! to `i + 1` (`PRAGMA user_version`); entries are never edited once released, only appended, so
//! a file from any earlier Batchline upgrades step by step and a file from a later one is refused.

/// Version 1: the first released shape.
const V1: &str = "
CREATE TABLE drafts (
    id               TEXT PRIMARY KEY,
    wizard           TEXT NOT NULL,
    -- All imported recipients as one JSON array: a draft may hold 50,000 of them, and one
    -- value is far smaller and faster to save than one row each.
    recipients       BLOB,
    recipient_count  INTEGER NOT NULL DEFAULT 0,
    source_file_name TEXT,
    source_sha256    TEXT,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE campaigns (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    agent_id         TEXT NOT NULL,
    agent_name       TEXT,
    from_number_id   TEXT NOT NULL,
    from_number      TEXT,
    scheduled_at     INTEGER,
    time_zone        TEXT,
    concurrency      INTEGER,
    source_file_name TEXT,
    source_sha256    TEXT,
    recipient_count  INTEGER NOT NULL,
    created_at       INTEGER NOT NULL
);

-- One row per part (one Cartesia batch each). The exact request is kept so a launch cut short
-- can be finished, or a failed part sent again, from this file alone.
CREATE TABLE batches (
    id                 INTEGER PRIMARY KEY,
    campaign_id        INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    part               INTEGER NOT NULL,
    parts              INTEGER NOT NULL,
    name               TEXT NOT NULL,
    recipient_count    INTEGER NOT NULL,
    payload            BLOB NOT NULL,
    payload_sha256     TEXT NOT NULL,
    state              TEXT NOT NULL,
    attempt_started_at INTEGER,
    api_batch_id       TEXT UNIQUE,
    created_at         INTEGER,
    UNIQUE (campaign_id, part)
);

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    status       TEXT NOT NULL,
    scheduled    INTEGER NOT NULL,
    dispatched   INTEGER NOT NULL,
    finished     INTEGER NOT NULL,
    retry_count  INTEGER NOT NULL,
    by_status    TEXT NOT NULL,
    by_outcome   TEXT NOT NULL
);
CREATE INDEX snapshots_by_batch ON snapshots (batch_id, id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    campaign_id INTEGER,
    file_name   TEXT,
    file_sha256 TEXT,
    detail      TEXT
);
";

/// Version 2: why a part last failed (shown next to it), and which parts the tracker has seen
/// to the end (so a restart doesn't poll finished batches again).
const V2: &str = "
ALTER TABLE batches ADD COLUMN last_error TEXT;
ALTER TABLE batches ADD COLUMN tracking_done INTEGER NOT NULL DEFAULT 0;
CREATE INDEX batches_active ON batches (state, tracking_done);
";

/// Version 3: a draft's big values move to their own row, so saving the wizard's answers stays a
/// small write: its recipients, and, when the app keeps it, the file they came from (and its
/// do-not-call file) whole with how it was read, so every choice can still be changed after a
/// restart. Recipients saved by version 2 move there too.
const V3: &str = "
CREATE TABLE draft_contents (
    draft_id              TEXT PRIMARY KEY,
    recipients            BLOB NOT NULL,
    source_file           BLOB,
    source_settings       TEXT,
    suppression_file_name TEXT,
    suppression_file      BLOB
);
INSERT INTO draft_contents (draft_id, recipients)
    SELECT id, recipients FROM drafts WHERE recipients IS NOT NULL;
UPDATE drafts SET recipients = NULL;
";

/// Version 4: launches that can't double anything, even with two launchers on one file.
/// `attempt_horizon`: when the latest attempt began on *Cartesia's* clock (the look-up after a
/// lost answer starts there; this computer's clock may be wrong). `claim`: a token that changes
/// with every attempt, so an attempt is claimed by compare-and-swap and two launchers can't
/// both send a part. `launch_heartbeat`: set while a launch of the campaign runs and cleared when
/// it ends; one left behind marks a launch cut short by a crash (only a recent one resumes by
/// itself; any other unfinished launch waits for the person).
const V4: &str = "
ALTER TABLE batches ADD COLUMN attempt_horizon INTEGER;
ALTER TABLE batches ADD COLUMN claim TEXT;
ALTER TABLE campaigns ADD COLUMN launch_heartbeat INTEGER;
";

/// Version 5: how many recipients Cartesia said it scheduled when it made a part
/// (`total_calls_scheduled`), so a part it took short is known as such after a restart, and
/// told to the person; `NULL` for parts made before this version (or not made yet).
const V5: &str = "
ALTER TABLE batches ADD COLUMN scheduled_count INTEGER;
";

/// Version 6: a campaign the person archived (kept, but off the default Campaigns list), and
/// when. Archiving, renaming and deleting change only this file, never Cartesia.
const V6: &str = "
ALTER TABLE campaigns ADD COLUMN archived_at INTEGER;
";

/// Version 7: each part's exact request (up to 5,000 recipients, hundreds of KiB) moves out of
/// its part's row into its own, read only to send the part and for the recipients table. In
/// the row it sat before every later column, so reading a part's state walked the whole
/// request: the Campaigns list of a year's history read its 100 MiB each time.
const V7: &str = "
CREATE TABLE part_requests (
    batch_id INTEGER PRIMARY KEY REFERENCES batches(id) ON DELETE CASCADE,
    payload  BLOB NOT NULL
);
INSERT INTO part_requests (batch_id, payload) SELECT id, payload FROM batches;
ALTER TABLE batches DROP COLUMN payload;
";

/// Version 8: calling hours and parts that continue other parts.
/// `campaigns.calling_hours`: the hours a campaign planned by each recipient's local time was
/// planned under (JSON; `NULL` for a campaign with one start for everyone), and
/// `campaigns.left_out`: who that plan could not fit in (JSON list of rows and reasons).
/// `batches.ends_by`: for a part planned by hours, the latest moment any of its calls may start;
/// `batches.starts_at`: the start it was sent with (`NULL`: at once), so each part's own start
/// shows without reading its request.
/// `batches.carried_at` / `carry_reason`: when and why Batchline began moving a created part's
/// not-yet-dialed recipients to new parts (its calls left are cancelled in Cartesia first);
/// `carry_template`: what the new parts are made from (JSON: their settings and start), written
/// with the intent so a move cut short is finished as it began; `carried_count`: how many moved, set in the same transaction that records the new parts, so
/// a move cut short by a crash is finished exactly once. `carried_from`: for such a new part,
/// the part its recipients came from.
const V8: &str = "
ALTER TABLE campaigns ADD COLUMN calling_hours TEXT;
ALTER TABLE campaigns ADD COLUMN left_out TEXT;
ALTER TABLE batches ADD COLUMN ends_by INTEGER;
ALTER TABLE batches ADD COLUMN starts_at INTEGER;
ALTER TABLE batches ADD COLUMN carried_at INTEGER;
ALTER TABLE batches ADD COLUMN carry_reason TEXT;
ALTER TABLE batches ADD COLUMN carry_template TEXT;
ALTER TABLE batches ADD COLUMN carried_count INTEGER;
ALTER TABLE batches ADD COLUMN carried_from INTEGER REFERENCES batches(id);
";

/// Version 9: the account's do-not-call list, consent, test calls, pilots, two agents compared
/// and estimates.
/// `do_not_call`: one row per number (E.164) no campaign may dial: when it was added, from where
/// (`source_kind` "file", "campaign" or "hand", `source_name` the file's or campaign's name) and
/// why; a removal is kept in the audit log. `dnc_changes`: how many times the list changed,
/// counted in the changing transaction, so watching for a change reads one row, not the list. `recipient_consent`: the consent (date and source, as
/// the file said) of each recipient of a campaign that mapped a consent column, by spreadsheet
/// row; `campaigns.consent_column` names that column. `campaigns.launched_by` / `acknowledgement`:
/// the computer's user name and the words ticked on Confirm, for the compliance record;
/// `dnc_at_launch`: the do-not-call list's size when the campaign was recorded.
/// `test_calls`: the one-recipient batches a manager sends to their own phone before a launch,
/// kept apart from campaigns (never in their figures nor among other batches), sent with the same
/// exactly-once columns as parts. `campaigns.pilot`: a pilot's size and where it stands (JSON);
/// `campaigns.split`: two agents compared (JSON: the second agent, the share, the seed);
/// `campaigns.estimate`: the assumptions the estimate was made with (JSON).
/// `batches.kind`: what a part is for (`NULL` an ordinary part, "pilot", "rest" …);
/// `batches.agent_id`: the agent a part calls with when it is not the campaign's own.
const V9: &str = "
CREATE TABLE do_not_call (
    number      TEXT PRIMARY KEY,
    added_at    INTEGER NOT NULL,
    source_kind TEXT NOT NULL,
    source_name TEXT,
    reason      TEXT
) WITHOUT ROWID;
CREATE TABLE dnc_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    changes INTEGER NOT NULL
);
INSERT INTO dnc_changes (id, changes) VALUES (1, 0);
CREATE TABLE recipient_consent (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    row         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    consent     TEXT NOT NULL,
    PRIMARY KEY (campaign_id, row)
) WITHOUT ROWID;
CREATE TABLE test_calls (
    id              INTEGER PRIMARY KEY,
    draft_id        TEXT,
    name            TEXT NOT NULL,
    to_number       TEXT NOT NULL,
    payload         BLOB NOT NULL,
    state           TEXT NOT NULL,
    claim           TEXT,
    attempt_horizon INTEGER,
    attempt_started_at INTEGER,
    api_batch_id    TEXT UNIQUE,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
ALTER TABLE campaigns ADD COLUMN consent_column TEXT;
ALTER TABLE campaigns ADD COLUMN launched_by TEXT;
ALTER TABLE campaigns ADD COLUMN acknowledgement TEXT;
ALTER TABLE campaigns ADD COLUMN dnc_at_launch INTEGER;
ALTER TABLE campaigns ADD COLUMN pilot TEXT;
ALTER TABLE campaigns ADD COLUMN split TEXT;
ALTER TABLE campaigns ADD COLUMN estimate TEXT;
ALTER TABLE batches ADD COLUMN kind TEXT;
ALTER TABLE batches ADD COLUMN agent_id TEXT;
ALTER TABLE batches ADD COLUMN retried_apart_at INTEGER;
";

/// Every migration, in order; `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9];

/// An upgrade across this version frees much of the file (version 7 moves every part's request
/// out of its row), so the store is compacted once after it.
pub(crate) const COMPACT_AFTER_UPGRADE_TO: i64 = 7;

/// The newest version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
