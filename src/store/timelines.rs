//! Reading the timelines of sent PECs. The rows were computed by the pure state machine
//! (`pec::timeline`) when their messages were stored; lateness (`in-ritardo`) depends on the
//! time of reading and is applied here.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, params_from_iter, types::Value};

use super::error::Result;
use super::{Store, links};
use crate::pec::ReceiptType;
use crate::pec::timeline::{
    self, Acceptance, AcceptanceState, Policy, RecipientRow, RecipientState, Timeline,
};

/// Recipient states a person must act on.
pub const NEEDS_ATTENTION: [RecipientState; 5] = [
    RecipientState::NonAccettato,
    RecipientState::ErroreConsegna,
    RecipientState::Virus,
    RecipientState::InRitardo,
    RecipientState::Preavviso,
];

/// Which timelines to read.
#[derive(Debug, Clone)]
pub struct TimelineQuery {
    /// Only timelines with at least one recipient in this state (at `now`).
    pub state: Option<RecipientState>,
    /// Only timelines that need attention: a recipient not accepted, not delivered, with a
    /// virus, late or with a non-delivery notice, or the message refused at acceptance.
    pub needs_attention: bool,
    /// Only timelines with a message of this account.
    pub account: Option<String>,
    /// At most this many (newest first).
    pub limit: Option<usize>,
    /// The time lateness is judged at.
    pub now: DateTime<Utc>,
    /// The rules (delivery timeout).
    pub policy: Policy,
}

impl Default for TimelineQuery {
    fn default() -> Self {
        TimelineQuery {
            state: None,
            needs_attention: false,
            account: None,
            limit: None,
            now: Utc::now(),
            policy: Policy::default(),
        }
    }
}

/// An SQL condition over `timeline_rows` alias `r` that holds for rows that may be in `state`
/// at `now` (the caller applies [`RecipientRow::state_at`] for the exact answer, or uses it as
/// the full filter: it is exact).
pub(super) fn state_condition(
    state: RecipientState,
    now: DateTime<Utc>,
    policy: &Policy,
) -> (String, Vec<Value>) {
    let limit = (now - policy.delivery_timeout).timestamp();
    let late = "(r.waiting_since IS NOT NULL AND r.waiting_since <= ?)";
    match state {
        RecipientState::InRitardo => (
            format!("(r.state IN ('accettato', 'in-attesa') AND {late})"),
            vec![Value::Integer(limit)],
        ),
        RecipientState::Accettato | RecipientState::InAttesa => (
            format!("(r.state = ? AND NOT {late})"),
            vec![
                Value::Text(state.as_str().to_owned()),
                Value::Integer(limit),
            ],
        ),
        other => (
            "(r.state = ?)".to_owned(),
            vec![Value::Text(other.as_str().to_owned())],
        ),
    }
}

fn parse_time(s: Option<String>) -> Option<DateTime<FixedOffset>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
}

impl Store {
    /// The timelines of sent PECs, newest first.
    pub fn timelines(&self, q: &TimelineQuery) -> Result<Vec<Timeline>> {
        let mut sql = String::from("SELECT t.id FROM transmissions t WHERE t.counts_as_sent");
        let mut args: Vec<Value> = Vec::new();
        if let Some(state) = q.state {
            let (cond, a) = state_condition(state, q.now, &q.policy);
            sql.push_str(&format!(
                " AND t.id IN (SELECT r.transmission_id FROM timeline_rows r WHERE {cond})"
            ));
            args.extend(a);
        }
        if q.needs_attention {
            let mut conds = Vec::new();
            for state in NEEDS_ATTENTION {
                let (cond, a) = state_condition(state, q.now, &q.policy);
                conds.push(cond);
                args.extend(a);
            }
            sql.push_str(&format!(
                " AND (t.acceptance = 'non-accettato' OR t.id IN
                   (SELECT r.transmission_id FROM timeline_rows r WHERE {}))",
                conds.join(" OR ")
            ));
        }
        if let Some(account) = &q.account {
            sql.push_str(
                " AND t.id IN (SELECT m.transmission_id FROM copies c
                   JOIN messages m ON m.id = c.message_id WHERE c.account = ?)",
            );
            args.push(Value::Text(account.clone()));
        }
        sql.push_str(" ORDER BY t.sort_date DESC, t.id DESC");
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let ids: Vec<i64> = self
            .conn
            .prepare(&sql)?
            .query_map(params_from_iter(args), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|t| self.read_timeline(t).map(|tl| tl.at(q.now, &q.policy)))
            .collect()
    }

    /// The timeline a message belongs to (as the sent message or as one of its receipts).
    pub fn timeline_of(
        &self,
        message_id: i64,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Option<Timeline>> {
        let t: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT transmission_id FROM messages WHERE id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?;
        match t.flatten() {
            Some(t) => Ok(Some(self.read_timeline(t)?.at(now, policy))),
            None => Ok(None),
        }
    }

    /// The timeline of a transmission recomputed from its stored members by the state
    /// machine (what the stored rows must equal; used by checks and tests).
    pub fn recompute_timeline_of(
        &self,
        message_id: i64,
        now: DateTime<Utc>,
        policy: &Policy,
    ) -> Result<Option<Timeline>> {
        let t: Option<i64> = self
            .conn
            .query_row(
                "SELECT transmission_id FROM messages WHERE id = ?1",
                [message_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let Some(t) = t else { return Ok(None) };
        let (sent, notices) = links::members(&self.conn, t)?;
        Ok(Some(timeline::timeline(
            sent.as_ref(),
            &notices,
            now,
            policy,
        )))
    }

    fn read_timeline(&self, t: i64) -> Result<Timeline> {
        let mut tl = self
            .conn
            .prepare_cached(
                "SELECT sent_message_id, from_receipts_only, message_id, identificativo, subject,
                    sent_at, acceptance, acceptance_at, acceptance_receipt, acceptance_reason,
                    unassigned
             FROM transmissions WHERE id = ?1",
            )?
            .query_row([t], |r| {
                Ok(Timeline {
                    sent_id: r.get(0)?,
                    from_receipts_only: r.get(1)?,
                    message_id: r.get(2)?,
                    identificativo: r.get(3)?,
                    subject: r.get(4)?,
                    sent_at: parse_time(r.get(5)?),
                    acceptance: Acceptance {
                        state: r
                            .get::<_, Option<String>>(6)?
                            .as_deref()
                            .and_then(AcceptanceState::parse)
                            .unwrap_or(AcceptanceState::InAttesa),
                        at: parse_time(r.get(7)?),
                        receipt: r.get(8)?,
                        reason: r.get(9)?,
                    },
                    recipients: Vec::new(),
                    unassigned: r
                        .get::<_, Option<String>>(10)?
                        .map(|s| links::parse_refs(&s))
                        .unwrap_or_default(),
                })
            })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT address, certified, state, state_at, reason, receipt_type, proof, receipts,
                    waiting_since
             FROM timeline_rows WHERE transmission_id = ?1 ORDER BY position",
        )?;
        tl.recipients = stmt
            .query_map([t], |r| {
                Ok(RecipientRow {
                    address: r.get(0)?,
                    certified: r.get(1)?,
                    state: RecipientState::parse(&r.get::<_, String>(2)?)
                        .unwrap_or(RecipientState::InAttesa),
                    at: parse_time(r.get(3)?),
                    reason: r.get(4)?,
                    receipt_type: r
                        .get::<_, Option<String>>(5)?
                        .as_deref()
                        .and_then(ReceiptType::parse),
                    proof: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
                    receipts: links::parse_refs(&r.get::<_, String>(7)?),
                    waiting_since: r
                        .get::<_, Option<i64>>(8)?
                        .and_then(|s| DateTime::from_timestamp(s, 0))
                        .map(|d| d.fixed_offset()),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tl)
    }
}
