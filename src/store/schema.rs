//! The database schema and its migrations. `PRAGMA user_version` holds the schema version; each
//! migration is a function that takes the database from version `n` to `n + 1` inside one
//! transaction, so a crash during a migration leaves the previous version intact.

use rusqlite::{Connection, Transaction};

use super::error::{Result, StoreError};

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

type Migration = fn(&Transaction<'_>) -> rusqlite::Result<()>;

/// `MIGRATIONS[n]` takes the schema from version `n` to `n + 1`.
const MIGRATIONS: &[Migration] = &[
    v0_to_v1, v1_to_v2, v2_to_v3, v3_to_v4, v4_to_v5, v5_to_v6, v6_to_v7, v7_to_v8, v8_to_v9,
    v9_to_v10, v10_to_v11,
];

/// Brings the database to [`SCHEMA_VERSION`], one migration per transaction.
///
/// Several processes may open a new or older database at the same moment (the window and a
/// command, a sync and an import): the version is read again inside each migration's
/// transaction, which takes the write lock when it begins, so the first one migrates and the
/// others find the work done, whatever the order. An existing database is checked with
/// `PRAGMA quick_check` before a migration writes into it: a damaged file is not changed.
pub fn migrate(conn: &mut Connection, path: &std::path::Path) -> Result<()> {
    loop {
        let version = user_version(conn)?;
        check_known(version, path)?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = conn.transaction()?;
        // Another process may have migrated between the read above and the lock.
        let version = user_version(&tx)?;
        check_known(version, path)?;
        if version == SCHEMA_VERSION {
            tx.commit()?;
            return Ok(());
        }
        if version > 0 {
            let problems = super::quick_check(&tx)?;
            if !problems.is_empty() {
                return Err(StoreError::NeedsRepair {
                    path: path.to_owned(),
                    detail: problems.join("; "),
                });
            }
        }
        MIGRATIONS[version as usize](&tx)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn check_known(version: i64, path: &std::path::Path) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Version 1: raw messages, their copies, the analysis, timelines and full-text search.
fn v0_to_v1(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE TABLE messages (
    id                    INTEGER PRIMARY KEY,
    sha256                TEXT NOT NULL UNIQUE,
    size                  INTEGER NOT NULL,
    stored_at             INTEGER NOT NULL,
    -- 0 until the raw bytes were analysed; then the analysis version that wrote the columns below
    analysis_version      INTEGER NOT NULL DEFAULT 0,
    sort_date             INTEGER NOT NULL,
    display_date          TEXT,
    kind                  TEXT,
    receipt_type          TEXT,
    display_subject       TEXT,
    display_sender        TEXT,
    outer_subject         TEXT,
    outer_from            TEXT,
    outer_to              TEXT,
    outer_date            TEXT,
    outer_message_id      TEXT,
    x_riferimento_message_id TEXT,
    x_tipo_ricevuta       TEXT,
    cert_tipo             TEXT,
    cert_errore           TEXT,
    cert_errore_esteso    TEXT,
    cert_mittente         TEXT,
    cert_risposte         TEXT,
    cert_oggetto          TEXT,
    cert_gestore          TEXT,
    cert_data             TEXT,
    cert_identificativo   TEXT,
    cert_msgid            TEXT,
    cert_ricevuta         TEXT,
    cert_consegna         TEXT,
    cert_ricezione        TEXT,
    original_message_id   TEXT,
    original_subject      TEXT,
    original_from         TEXT,
    original_to           TEXT,
    original_date         TEXT,
    original_size         INTEGER,
    original_sha256       TEXT,
    signature_layout      TEXT,
    virus                 INTEGER NOT NULL DEFAULT 0,
    warning_codes         TEXT,
    link_msgid            TEXT,
    link_identificativo   TEXT,
    transmission_id       INTEGER REFERENCES transmissions(id) ON DELETE SET NULL,
    -- signature verification: sig_status NULL means "not yet verified"
    sig_status            TEXT,
    sig_signer_subject    TEXT,
    sig_signer_organization TEXT,
    sig_signer_email      TEXT,
    sig_signing_time      TEXT,
    sig_signing_time_source TEXT,
    sig_reason            TEXT,
    sig_notes             TEXT,
    sig_detail            TEXT,
    sig_checked_at        INTEGER
);
CREATE INDEX messages_sort ON messages(sort_date DESC, id DESC);
CREATE INDEX messages_kind ON messages(kind, sort_date DESC, id DESC);
CREATE INDEX messages_pending ON messages(analysis_version);
CREATE INDEX messages_link_msgid ON messages(link_msgid) WHERE link_msgid IS NOT NULL;
CREATE INDEX messages_link_ident ON messages(link_identificativo) WHERE link_identificativo IS NOT NULL;
CREATE INDEX messages_transmission ON messages(transmission_id) WHERE transmission_id IS NOT NULL;
CREATE INDEX messages_sig ON messages(sig_status);

-- The exact bytes, never re-serialised; apart so that scans of messages stay small.
CREATE TABLE raw_messages (
    message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    bytes       BLOB NOT NULL
);

CREATE TABLE copies (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    account     TEXT,
    folder      TEXT,
    uidvalidity INTEGER,
    uid         INTEGER,
    uidl        TEXT,
    path        TEXT,
    mbox_offset INTEGER,
    source_key  TEXT NOT NULL,
    is_sent     INTEGER NOT NULL,
    sort_date   INTEGER NOT NULL,
    added_at    INTEGER NOT NULL,
    UNIQUE (message_id, source_key)
);
CREATE INDEX copies_folder ON copies(folder, sort_date DESC, message_id DESC);
CREATE INDEX copies_account_folder ON copies(account, folder, sort_date DESC, message_id DESC);
CREATE INDEX copies_key ON copies(source_key);
CREATE INDEX copies_sent ON copies(message_id) WHERE is_sent;

-- daticert <destinatari>, in order.
CREATE TABLE recipients (
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    address     TEXT NOT NULL,
    tipo        TEXT NOT NULL,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

-- Attachments of the carried original (envelopes, receipts) or of the message itself.
CREATE TABLE attachments (
    message_id  INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT,
    content_type TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    nested_kind TEXT,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;

-- One sent PEC: the sent message (when known) and the receipts that reference it.
CREATE TABLE transmissions (
    id              INTEGER PRIMARY KEY,
    sent_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    counts_as_sent  INTEGER NOT NULL DEFAULT 0,
    from_receipts_only INTEGER NOT NULL DEFAULT 0,
    message_id      TEXT,
    identificativo  TEXT,
    subject         TEXT,
    sent_at         TEXT,
    sort_date       INTEGER,
    acceptance      TEXT,
    acceptance_at   TEXT,
    acceptance_receipt INTEGER,
    acceptance_reason TEXT,
    unassigned      TEXT
);
CREATE INDEX transmissions_sort ON transmissions(counts_as_sent, sort_date DESC, id DESC);

-- The linking keys of a transmission: `m:<client msgid>`, `p:<PEC identificativo>`.
CREATE TABLE transmission_keys (
    key             TEXT PRIMARY KEY,
    transmission_id INTEGER NOT NULL REFERENCES transmissions(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX transmission_keys_t ON transmission_keys(transmission_id);

-- One row per recipient, as the pure state machine computed it (lateness is applied when read).
CREATE TABLE timeline_rows (
    transmission_id INTEGER NOT NULL REFERENCES transmissions(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    address         TEXT NOT NULL,
    certified       INTEGER,
    state           TEXT NOT NULL,
    state_at        TEXT,
    reason          TEXT,
    receipt_type    TEXT,
    proof           TEXT NOT NULL,
    receipts        TEXT NOT NULL,
    waiting_since   INTEGER,
    PRIMARY KEY (transmission_id, position)
) WITHOUT ROWID;
CREATE INDEX timeline_rows_state ON timeline_rows(state, waiting_since);

CREATE VIRTUAL TABLE search USING fts5(
    subject, addresses, body, attachments, certified,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"#,
    )
}

/// Version 2: what the network sync needs to resume without loss or duplicates. The state of
/// each IMAP folder (UIDVALIDITY, the UID below which everything is stored, HIGHESTMODSEQ),
/// the IMAP flags of each copy, when a copy was deleted from its server (POP3 "delete after
/// N days"), and an index to look up how a recipient was classified before.
fn v1_to_v2(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE TABLE imap_folders (
    account         TEXT NOT NULL,
    folder          TEXT NOT NULL,
    uidvalidity     INTEGER NOT NULL,
    -- every message with a UID below this one is stored
    synced_below    INTEGER NOT NULL DEFAULT 1,
    highestmodseq   INTEGER,
    synced_at       INTEGER,
    PRIMARY KEY (account, folder)
) WITHOUT ROWID;

ALTER TABLE copies ADD COLUMN flags TEXT;
ALTER TABLE copies ADD COLUMN server_deleted_at INTEGER;
CREATE INDEX copies_imap ON copies(account, folder, uidvalidity, uid) WHERE source = 'imap';
CREATE INDEX copies_pop3 ON copies(account, uidl) WHERE source = 'pop3';
CREATE INDEX recipients_address ON recipients(address COLLATE NOCASE);
"#,
    )
}

/// Version 3: the size of a folder (distinct messages in it, for the list's scroll bar) read
/// from an index alone, without touching the messages: 4 ms instead of 360 ms for a folder of
/// 80,000 messages (docs/benchmarks.md, workload 6).
fn v2_to_v3(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE INDEX copies_folder_message ON copies(folder, message_id);
CREATE INDEX copies_account_folder_message ON copies(account, folder, message_id);
"#,
    )
}

/// Version 4: messages read here (opened in the window) whose `\Seen` flag the server does not
/// know yet. The copy's flags already say `\Seen` (the folder's unread count drops at once);
/// the next sync sets the flag on the server and clears the mark.
fn v3_to_v4(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
ALTER TABLE copies ADD COLUMN seen_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX copies_seen_pending ON copies(account, folder) WHERE seen_pending;
"#,
    )
}

/// Version 5: which process analyses a message whose bytes are stored and whose analysis is
/// pending: the id of its lease (see `store::lease`). A message whose lease is held by a
/// running process is being analysed; one whose lease is gone (or NULL, stored before
/// version 5) was left by an interrupted run and is analysed by the next process that opens
/// the store for writing.
fn v4_to_v5(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE messages ADD COLUMN analysing_lease INTEGER;")
}

/// Version 6: one message, several copies, even when the copies differ in bytes. The copy of a
/// sent message stored when Sigillo sent it and the copy the server keeps in its Sent folder
/// are one message, though the server may have rewritten a header: the later one's bytes stay
/// in the store byte-exact (`raw_messages`), the message row that holds them points at the
/// message it is a copy of (`messages.copy_of`) and is listed no more, and its places are
/// recorded with that message (`copies.bytes_of`: the row whose bytes this copy has; NULL for
/// the message's own bytes). Messages can be looked up by their own Message-ID (scripts give
/// one instead of a store id).
fn v5_to_v6(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
ALTER TABLE messages ADD COLUMN copy_of INTEGER REFERENCES messages(id) ON DELETE SET NULL;
ALTER TABLE copies ADD COLUMN bytes_of INTEGER REFERENCES messages(id) ON DELETE CASCADE;
CREATE INDEX messages_copy_of ON messages(copy_of) WHERE copy_of IS NOT NULL;
CREATE INDEX copies_bytes_of ON copies(bytes_of) WHERE bytes_of IS NOT NULL;
CREATE INDEX messages_outer_message_id ON messages(outer_message_id)
    WHERE outer_message_id IS NOT NULL;
"#,
    )
}

/// Version 7: the sealed register (see `store::register`): a hash-chained list of every event
/// that changes what the store proves, and the time-stamp tokens of its head. Every message
/// already stored is recorded as `existing`, with the outcome recorded for it.
fn v6_to_v7(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    super::register::create(tx)
}

/// Version 8: a second, small full-text index of the subjects and correspondents alone
/// (`search_head`), so that a search ranks messages whose subject or correspondents hold the
/// words before the others by walking short lists, newest first, and stops once it has the page
/// (`Store::search`). It is filled by the analysis (version 2 of the derived data): messages
/// analysed before are due for analysis again, which the next import, sync or reindex does;
/// until then they are found by the full index and ranked after.
fn v7_to_v8(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE VIRTUAL TABLE search_head USING fts5(
    subject, addresses,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"#,
    )
}

/// Version 9: the size of each folder (distinct listed messages with a copy in it, for any
/// account and per account) and the number of listed messages, kept by triggers as copies and
/// messages come and go, so that opening a folder of 750,000 messages does not count them
/// (50 ms and more) before its first page is shown. A message kept as another copy of a listed
/// one (`copy_of`, version 6) is not listed, so it counts nowhere: the triggers follow it when
/// it becomes such a copy (or, its entry deleted, listed again).
fn v8_to_v9(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE TABLE message_total (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    messages INTEGER NOT NULL
);
INSERT INTO message_total (only, messages)
    SELECT 1, COUNT(*) FROM messages WHERE copy_of IS NULL;
CREATE TRIGGER messages_total_insert AFTER INSERT ON messages
WHEN NEW.copy_of IS NULL
BEGIN
    UPDATE message_total SET messages = messages + 1;
END;
CREATE TRIGGER messages_total_delete AFTER DELETE ON messages
WHEN OLD.copy_of IS NULL
BEGIN
    UPDATE message_total SET messages = messages - 1;
END;

CREATE TABLE folder_sizes (
    folder   TEXT PRIMARY KEY,
    messages INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE account_folder_sizes (
    account  TEXT NOT NULL,
    folder   TEXT NOT NULL,
    messages INTEGER NOT NULL,
    PRIMARY KEY (account, folder)
) WITHOUT ROWID;
INSERT INTO folder_sizes (folder, messages)
    SELECT c.folder, COUNT(DISTINCT c.message_id)
    FROM copies c JOIN messages m ON m.id = c.message_id
    WHERE c.folder IS NOT NULL AND m.copy_of IS NULL GROUP BY c.folder;
INSERT INTO account_folder_sizes (account, folder, messages)
    SELECT c.account, c.folder, COUNT(DISTINCT c.message_id)
    FROM copies c JOIN messages m ON m.id = c.message_id
    WHERE c.account IS NOT NULL AND c.folder IS NOT NULL AND m.copy_of IS NULL
    GROUP BY c.account, c.folder;

-- A message's copies go before the message, so that the triggers below still see whether
-- the message was listed.
CREATE TRIGGER messages_copies_first BEFORE DELETE ON messages
BEGIN
    DELETE FROM copies WHERE message_id = OLD.id;
END;

-- A copy adds its listed message to a folder unless another copy of it is there already.
CREATE TRIGGER copies_sizes_insert AFTER INSERT ON copies
WHEN NEW.folder IS NOT NULL AND EXISTS (
    SELECT 1 FROM messages m WHERE m.id = NEW.message_id AND m.copy_of IS NULL)
BEGIN
    INSERT INTO folder_sizes (folder, messages)
        SELECT NEW.folder, 1 WHERE NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.folder = NEW.folder
            AND c.message_id = NEW.message_id AND c.id <> NEW.id)
        ON CONFLICT (folder) DO UPDATE SET messages = messages + 1;
    INSERT INTO account_folder_sizes (account, folder, messages)
        SELECT NEW.account, NEW.folder, 1 WHERE NEW.account IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.account = NEW.account AND c.folder = NEW.folder
            AND c.message_id = NEW.message_id AND c.id <> NEW.id)
        ON CONFLICT (account, folder) DO UPDATE SET messages = messages + 1;
END;

-- A copy takes its listed message out of a folder when it was the last one there.
CREATE TRIGGER copies_sizes_delete AFTER DELETE ON copies
WHEN OLD.folder IS NOT NULL AND EXISTS (
    SELECT 1 FROM messages m WHERE m.id = OLD.message_id AND m.copy_of IS NULL)
BEGIN
    UPDATE folder_sizes SET messages = messages - 1
        WHERE folder = OLD.folder AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.folder = OLD.folder
            AND c.message_id = OLD.message_id);
    UPDATE account_folder_sizes SET messages = messages - 1
        WHERE OLD.account IS NOT NULL AND account = OLD.account AND folder = OLD.folder
        AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.account = OLD.account AND c.folder = OLD.folder
            AND c.message_id = OLD.message_id);
END;

-- A copy moved (another folder, account or message): out of the old place, into the new.
CREATE TRIGGER copies_sizes_update AFTER UPDATE OF account, folder, message_id ON copies
BEGIN
    UPDATE folder_sizes SET messages = messages - 1
        WHERE OLD.folder IS NOT NULL AND folder = OLD.folder
        AND EXISTS (SELECT 1 FROM messages m WHERE m.id = OLD.message_id AND m.copy_of IS NULL)
        AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.folder = OLD.folder
            AND c.message_id = OLD.message_id);
    UPDATE account_folder_sizes SET messages = messages - 1
        WHERE OLD.account IS NOT NULL AND account = OLD.account AND folder = OLD.folder
        AND EXISTS (SELECT 1 FROM messages m WHERE m.id = OLD.message_id AND m.copy_of IS NULL)
        AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.account = OLD.account AND c.folder = OLD.folder
            AND c.message_id = OLD.message_id);
    INSERT INTO folder_sizes (folder, messages)
        SELECT NEW.folder, 1 WHERE NEW.folder IS NOT NULL
        AND EXISTS (SELECT 1 FROM messages m WHERE m.id = NEW.message_id AND m.copy_of IS NULL)
        AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.folder = NEW.folder
            AND c.message_id = NEW.message_id AND c.id <> NEW.id)
        ON CONFLICT (folder) DO UPDATE SET messages = messages + 1;
    INSERT INTO account_folder_sizes (account, folder, messages)
        SELECT NEW.account, NEW.folder, 1
        WHERE NEW.account IS NOT NULL AND NEW.folder IS NOT NULL
        AND EXISTS (SELECT 1 FROM messages m WHERE m.id = NEW.message_id AND m.copy_of IS NULL)
        AND NOT EXISTS (
            SELECT 1 FROM copies c WHERE c.account = NEW.account AND c.folder = NEW.folder
            AND c.message_id = NEW.message_id AND c.id <> NEW.id)
        ON CONFLICT (account, folder) DO UPDATE SET messages = messages + 1;
END;

-- A message becomes another copy of a listed one (or is listed again, its entry deleted):
-- it leaves (or enters) the total and every folder where it has a copy.
CREATE TRIGGER messages_listed_change AFTER UPDATE OF copy_of ON messages
WHEN (OLD.copy_of IS NULL) <> (NEW.copy_of IS NULL)
BEGIN
    UPDATE message_total
        SET messages = messages + (CASE WHEN NEW.copy_of IS NULL THEN 1 ELSE -1 END);
    UPDATE folder_sizes SET messages = messages - 1
        WHERE NEW.copy_of IS NOT NULL
        AND folder IN (SELECT c.folder FROM copies c WHERE c.message_id = NEW.id);
    UPDATE account_folder_sizes SET messages = messages - 1
        WHERE NEW.copy_of IS NOT NULL
        AND (account, folder) IN
            (SELECT c.account, c.folder FROM copies c WHERE c.message_id = NEW.id);
    INSERT INTO folder_sizes (folder, messages)
        SELECT DISTINCT c.folder, 1 FROM copies c
        WHERE NEW.copy_of IS NULL AND c.message_id = NEW.id AND c.folder IS NOT NULL
        ON CONFLICT (folder) DO UPDATE SET messages = messages + 1;
    INSERT INTO account_folder_sizes (account, folder, messages)
        SELECT DISTINCT c.account, c.folder, 1 FROM copies c
        WHERE NEW.copy_of IS NULL AND c.message_id = NEW.id
        AND c.account IS NOT NULL AND c.folder IS NOT NULL
        ON CONFLICT (account, folder) DO UPDATE SET messages = messages + 1;
END;
"#,
    )
}

/// Version 10: the facts of each certificate seen in a signature (subject, issuer, serial,
/// validity…), kept once by SHA-256 fingerprint. A signature outcome (`sig_detail`) written
/// from this version on names its signer and chain by fingerprint instead of repeating their
/// facts in every message row (more than half of the row). Outcomes written before stay as
/// they are and are read as they are; checked again, they are written the new way.
fn v9_to_v10(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        r#"
CREATE TABLE certificates (
    sha256 TEXT PRIMARY KEY,
    info   TEXT NOT NULL
) WITHOUT ROWID;
"#,
    )
}

/// Version 11: the full-text indexes merge their segments only when asked (`automerge = 0`),
/// no longer inside every write that adds one: merging is done by `store::index_merge`, right
/// after the write (import, reindex) or, for a sync, while the next sync waits for the server.
/// A level that reaches 16 segments is still merged inside the write (`crisismerge`).
fn v10_to_v11(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "INSERT INTO search (search, rank) VALUES ('automerge', 0);
         INSERT INTO search_head (search_head, rank) VALUES ('automerge', 0);",
    )
}
