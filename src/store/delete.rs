//! Deleting a message, and saying first what proof goes with it: a receipt that decides a
//! recipient's delivery or the acceptance of a sent PEC, a sent PEC whose receipts then prove
//! delivery of a message no longer kept, a received certified envelope. The deletion is
//! recorded in the register (with that proof) in the same transaction.

use std::collections::BTreeSet;

use chrono::Utc;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use super::error::{Result, StoreError};
use super::{Store, links, register};
use crate::pec::PecKind;
use crate::pec::timeline::Policy;
use crate::verify::Status;

/// One piece of proof a message carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "proof", rename_all = "kebab-case")]
pub enum ProofItem {
    /// The acceptance (or non-acceptance) of a sent PEC by the sender's provider.
    Acceptance {
        /// The sent PEC's subject.
        subject: Option<String>,
        /// True for a non-acceptance notice: it proves that the provider refused the PEC.
        refused: bool,
    },
    /// A recipient's delivery (or non-delivery) of a sent PEC.
    Delivery {
        /// The recipient.
        recipient: String,
        /// The receipt's kind.
        kind: PecKind,
        /// The sent PEC's subject.
        subject: Option<String>,
    },
    /// A sent PEC whose receipts prove its acceptance and delivery: without it they prove the
    /// delivery of a message no longer kept here.
    SentWithReceipts {
        /// How many receipts and notices concern it.
        receipts: usize,
        /// Its subject.
        subject: Option<String>,
    },
    /// A received certified envelope: it proves what arrived, from whom, and when.
    ReceivedEnvelope {
        /// The certified sender.
        from: Option<String>,
        /// The subject.
        subject: Option<String>,
    },
}

/// What deleting a message would take away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofAtStake {
    /// The message.
    pub id: i64,
    /// Its SHA-256.
    pub sha256: String,
    /// Its kind, once analysed.
    pub kind: Option<PecKind>,
    /// Its recorded signature outcome (proof only when valid).
    pub signature: Option<Status>,
    /// What it proves (empty: nothing).
    pub items: Vec<ProofItem>,
}

impl ProofAtStake {
    /// True when the message proves something: deleting it must be confirmed.
    pub fn is_proof(&self) -> bool {
        !self.items.is_empty()
    }
}

impl Store {
    /// What deleting message `id` would take away.
    pub fn proof_at_stake(&self, id: i64) -> Result<ProofAtStake> {
        let row: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT sha256, kind, sig_status FROM messages WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (sha256, kind, status) = row.ok_or(StoreError::NoSuchMessage(id))?;
        let kind = kind.as_deref().and_then(PecKind::parse);
        let signature = status.as_deref().and_then(Status::parse);
        let mut items = Vec::new();
        if let Some(tl) = self.timeline_of(id, Utc::now(), &Policy::default())? {
            if tl.sent_id == Some(id) {
                items.push(ProofItem::SentWithReceipts {
                    receipts: tl.notice_ids().len(),
                    subject: tl.subject.clone(),
                });
            }
            if tl.acceptance.receipt == Some(id) {
                items.push(ProofItem::Acceptance {
                    subject: tl.subject.clone(),
                    refused: kind == Some(PecKind::NonAccettazione),
                });
            }
            for row in &tl.recipients {
                if row.proof.contains(&id) || row.receipts.iter().any(|r| r.id == id) {
                    if let Some(r) = row.receipts.iter().find(|r| r.id == id)
                        && matches!(r.kind, PecKind::Accettazione | PecKind::NonAccettazione)
                    {
                        // The acceptance names every recipient: counted once, above.
                        continue;
                    }
                    items.push(ProofItem::Delivery {
                        recipient: row.address.clone(),
                        kind: kind.unwrap_or(PecKind::Illeggibile),
                        subject: tl.subject.clone(),
                    });
                }
            }
        }
        if items.is_empty() && matches!(kind, Some(PecKind::PostaCertificata)) {
            let (from, subject) = self.conn.query_row(
                "SELECT coalesce(cert_mittente, display_sender), display_subject
                 FROM messages WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            items.push(ProofItem::ReceivedEnvelope { from, subject });
        }
        Ok(ProofAtStake {
            id,
            sha256,
            kind,
            signature,
            items,
        })
    }

    /// Deletes message `id` (its bytes, copies, analysis and search entry), recomputes the
    /// timeline it belonged to, and records the deletion in the register with the proof it
    /// took away. The caller asks the user first when [`ProofAtStake::is_proof`].
    pub fn delete_message(&mut self, id: i64) -> Result<ProofAtStake> {
        let stake = self.proof_at_stake(id)?;
        let tx = self.write_tx()?;
        let transmission: Option<i64> = tx.query_row(
            "SELECT transmission_id FROM messages WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        register::append(
            &tx,
            register::Event::Deleted,
            Some(&stake.sha256),
            &json!({
                "kind": stake.kind.map(|k| k.as_str()),
                "signature": stake.signature.map(|s| s.as_str()),
                "proof": serde_json::to_value(&stake.items).unwrap_or_default(),
            }),
        )?;
        tx.execute("DELETE FROM search WHERE rowid = ?1", [id])?;
        tx.execute("DELETE FROM search_head WHERE rowid = ?1", [id])?;
        tx.execute("DELETE FROM messages WHERE id = ?1", [id])?;
        if let Some(t) = transmission {
            let mut dirty = BTreeSet::new();
            dirty.insert(t);
            links::recompute_all(&tx, &dirty)?;
        }
        tx.commit()?;
        Ok(stake)
    }
}
