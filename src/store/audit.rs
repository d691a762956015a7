//! The audit of a store against its register: the chain holds; every stored message's bytes
//! still give the SHA-256 recorded when they were stored; every message is in the register and
//! every message the register says is kept is in the store; every stored signature outcome is
//! the one the register recorded last; every signature checked again now, at its signing time,
//! gives that outcome; the trust folder is the one the register last recorded; every timestamp
//! of the register's head verifies and names an entry of this chain.
//!
//! Nothing here trusts the derived tables: the register and the raw bytes decide.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Store;
use super::error::Result;
use super::register::{self, ChainProblem, Entry, Event, Stamp};
use crate::verify::{self, Status, TrustList};

/// One thing the audit found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "finding", rename_all = "kebab-case")]
pub enum Finding {
    /// The chain does not hold at an entry.
    Chain(ChainProblem),
    /// A message's bytes no longer give the SHA-256 recorded for them.
    BytesChanged {
        /// The message.
        id: i64,
        /// Recorded when stored.
        recorded: String,
        /// Of the bytes now.
        actual: String,
    },
    /// A message is in the store but the register never recorded it (added behind Sigillo's
    /// back, or its bytes and hash both replaced).
    NotInRegister {
        /// The message.
        id: i64,
        /// Its SHA-256 as the store says.
        sha256: String,
    },
    /// The register says a message is kept (stored, never deleted) and the store lacks it.
    Missing {
        /// Its SHA-256.
        sha256: String,
        /// The entry that recorded it.
        seq: i64,
    },
    /// The stored signature outcome is not the one the register recorded last.
    OutcomeChanged {
        /// The message.
        id: i64,
        /// The register's last outcome (none recorded: `None`).
        recorded: Option<String>,
        /// The store's.
        stored: Option<String>,
    },
    /// Checked again now, the signature gives another outcome than the one recorded.
    SignatureChanged {
        /// The message.
        id: i64,
        /// The recorded outcome.
        recorded: String,
        /// The outcome now.
        now: Status,
        /// Why, in English, from the verifier.
        reason: Option<String>,
    },
    /// The signature could not be checked again: the check stopped on an internal failure
    /// (none must). The audit does not pass with a check that did not run.
    NotChecked {
        /// The message.
        id: i64,
    },
    /// The trust folder is not the one the register last recorded (changed outside Sigillo).
    TrustChanged {
        /// The digest the register recorded last.
        recorded: Option<String>,
        /// The digest now.
        now: String,
    },
    /// A timestamp of the register's head does not verify, or names no entry of this chain.
    StampInvalid {
        /// The `stamped` entry.
        seq: i64,
        /// Why.
        reason: String,
    },
}

/// A timestamp of the head that verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StampOk {
    /// The `stamped` entry.
    pub seq: i64,
    /// The entry it vouches for (and every entry before it).
    pub head_seq: i64,
    /// The time the authority gives.
    pub time: DateTime<Utc>,
}

/// Checks a head timestamp (the token against the entry hash it claims): the time the
/// authority gives, or why it does not hold. Given by the layer that knows time-stamping.
pub trait StampChecker {
    /// Checks `token` as a timestamp of the 32 bytes `digest`.
    fn check(&self, token: &[u8], digest: &[u8]) -> std::result::Result<DateTime<Utc>, String>;
}

/// What the audit found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Register entries.
    pub entries: usize,
    /// Messages in the store.
    pub messages: usize,
    /// Signatures checked again.
    pub signatures_checked: usize,
    /// The last entry's sequence number and hash.
    pub head: Option<(i64, String)>,
    /// Timestamps of the head that verified.
    pub stamps: Vec<StampOk>,
    /// Everything that does not hold (empty: the store is what the register says).
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// True when nothing was found.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }
}

/// What the register says about one message.
#[derive(Default)]
struct Recorded {
    /// The last `stored`/`existing` entry, while not deleted after it.
    kept: Option<i64>,
    /// The last outcome recorded (status).
    outcome: Option<String>,
}

fn recorded_by_message(entries: &[Entry]) -> HashMap<String, Recorded> {
    let mut map: HashMap<String, Recorded> = HashMap::new();
    for e in entries {
        let Some(sha) = &e.subject else { continue };
        let r = map.entry(sha.clone()).or_default();
        match e.kind() {
            Some(Event::Existing) => {
                r.kept = Some(e.seq);
                r.outcome = e.detail_json()["status"].as_str().map(str::to_owned);
            }
            Some(Event::Stored) => r.kept = Some(e.seq),
            Some(Event::Outcome) => {
                r.outcome = e.detail_json()["status"].as_str().map(str::to_owned);
            }
            Some(Event::Deleted) => {
                r.kept = None;
                r.outcome = None;
            }
            _ => {}
        }
    }
    map
}

/// Messages read (and checked) at once.
const BATCH: usize = 64;

impl Store {
    /// Audits the store against its register (see the module documentation), checking every
    /// signature again against `trust` at its signing time and every head timestamp with
    /// `stamps`. `progress(done, total)` follows the messages.
    pub fn audit(
        &self,
        trust: &TrustList,
        stamps: &dyn StampChecker,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AuditReport> {
        let entries = self.register_entries()?;
        let mut findings: Vec<Finding> = register::check_chain(&entries)
            .into_iter()
            .map(Finding::Chain)
            .collect();
        let recorded = recorded_by_message(&entries);

        let rows: Vec<(i64, String, Option<String>)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, sha256, sig_status FROM messages ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let total = rows.len();
        progress(0, total);
        let in_store: HashSet<&str> = rows.iter().map(|(_, s, _)| s.as_str()).collect();
        let mut checked = 0;
        let mut done = 0;
        for batch in rows.chunks(BATCH) {
            let mut to_check: Vec<(i64, Vec<u8>, String)> = Vec::new();
            for (id, sha, status) in batch {
                let raw: Vec<u8> = self
                    .conn
                    .prepare_cached("SELECT bytes FROM raw_messages WHERE message_id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .unwrap_or_default();
                let actual = super::incoming::sha256_hex(&raw);
                if &actual != sha {
                    findings.push(Finding::BytesChanged {
                        id: *id,
                        recorded: sha.clone(),
                        actual,
                    });
                }
                match recorded.get(sha) {
                    Some(r) if r.kept.is_some() => {
                        if r.outcome != *status {
                            findings.push(Finding::OutcomeChanged {
                                id: *id,
                                recorded: r.outcome.clone(),
                                stored: status.clone(),
                            });
                        }
                        if let Some(outcome) = &r.outcome {
                            to_check.push((*id, raw, outcome.clone()));
                        }
                    }
                    _ => findings.push(Finding::NotInRegister {
                        id: *id,
                        sha256: sha.clone(),
                    }),
                }
            }
            let now = Utc::now();
            let outcomes = super::workers::on_every_core(&to_check, |(_, raw, _)| {
                verify::open_at(raw, trust, now).into_parts().0
            });
            for ((id, _, recorded), v) in to_check.iter().zip(outcomes) {
                // A check that died (none must) did not run: a finding, not a pass.
                let Some(v) = v else {
                    findings.push(Finding::NotChecked { id: *id });
                    continue;
                };
                checked += 1;
                if v.status.as_str() != recorded {
                    findings.push(Finding::SignatureChanged {
                        id: *id,
                        recorded: recorded.clone(),
                        now: v.status,
                        reason: v.reason,
                    });
                }
            }
            done += batch.len();
            progress(done, total);
        }
        let mut missing: Vec<(i64, &String)> = recorded
            .iter()
            .filter_map(|(sha, r)| r.kept.map(|seq| (seq, sha)))
            .filter(|(_, sha)| !in_store.contains(sha.as_str()))
            .collect();
        missing.sort();
        findings.extend(missing.into_iter().map(|(seq, sha)| Finding::Missing {
            sha256: sha.clone(),
            seq,
        }));

        let last_trust = entries
            .iter()
            .rev()
            .find(|e| e.kind() == Some(Event::Trust))
            .and_then(|e| e.detail_json()["trust_sha256"].as_str().map(str::to_owned));
        let now_trust = register::trust_digest(self.profile_dir());
        if last_trust.as_deref() != Some(now_trust.as_str()) {
            findings.push(Finding::TrustChanged {
                recorded: last_trust,
                now: now_trust,
            });
        }

        let mut stamps_ok = Vec::new();
        for stamp in self.register_stamps()? {
            match check_stamp(&stamp, &entries, stamps) {
                Ok(ok) => stamps_ok.push(ok),
                Err(reason) => findings.push(Finding::StampInvalid {
                    seq: stamp.entry.seq,
                    reason,
                }),
            }
        }
        Ok(AuditReport {
            entries: entries.len(),
            messages: total,
            signatures_checked: checked,
            head: entries.last().map(|e| (e.seq, e.hash.clone())),
            stamps: stamps_ok,
            findings,
        })
    }
}

fn check_stamp(
    stamp: &Stamp,
    entries: &[Entry],
    checker: &dyn StampChecker,
) -> std::result::Result<StampOk, String> {
    let head = entries
        .iter()
        .find(|e| e.seq == stamp.head_seq)
        .ok_or_else(|| format!("the entry it vouches for ({}) is gone", stamp.head_seq))?;
    if head.hash != stamp.head_hash || head.computed_hash() != stamp.head_hash {
        return Err(format!(
            "entry {} is no longer the one that was timestamped",
            stamp.head_seq
        ));
    }
    let digest = hex::decode(&stamp.head_hash).map_err(|e| e.to_string())?;
    let time = checker.check(&stamp.token, &digest)?;
    Ok(StampOk {
        seq: stamp.entry.seq,
        head_seq: stamp.head_seq,
        time,
    })
}
