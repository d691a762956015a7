//! The closed vocabularies of PEC: message kinds, delivery-receipt types, daticert error codes
//! and recipient types, with their wire spellings (RFC 6109 §2, §4.4).

use serde::Serialize;

/// What a message is, from the point of view of PEC. Exactly one per message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PecKind {
    /// Transport envelope (`X-Trasporto: posta-certificata`).
    PostaCertificata,
    /// Anomaly envelope (`X-Trasporto: errore`): the content is not certified.
    Anomalia,
    /// Acceptance receipt from the sender's provider.
    Accettazione,
    /// Non-acceptance notice: the provider refused the message.
    NonAccettazione,
    /// Provider-to-provider take-over receipt.
    PresaInCarico,
    /// Delivery receipt, one per certified recipient.
    AvvenutaConsegna,
    /// Non-delivery notice (also spelled `mancata-consegna` in the wild).
    ErroreConsegna,
    /// Notice that delivery did not happen within 12 or 24 hours.
    PreavvisoErroreConsegna,
    /// Virus-detection notice.
    RilevazioneVirus,
    /// Not a PEC message.
    Ordinaria,
    /// Cannot be read as an e-mail message at all.
    Illeggibile,
}

impl PecKind {
    /// Every kind, in a stable order (for filters, tests and the UI legend).
    pub const ALL: [PecKind; 11] = [
        PecKind::PostaCertificata,
        PecKind::Anomalia,
        PecKind::Accettazione,
        PecKind::NonAccettazione,
        PecKind::PresaInCarico,
        PecKind::AvvenutaConsegna,
        PecKind::ErroreConsegna,
        PecKind::PreavvisoErroreConsegna,
        PecKind::RilevazioneVirus,
        PecKind::Ordinaria,
        PecKind::Illeggibile,
    ];

    /// The wire / JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PecKind::PostaCertificata => "posta-certificata",
            PecKind::Anomalia => "anomalia",
            PecKind::Accettazione => "accettazione",
            PecKind::NonAccettazione => "non-accettazione",
            PecKind::PresaInCarico => "presa-in-carico",
            PecKind::AvvenutaConsegna => "avvenuta-consegna",
            PecKind::ErroreConsegna => "errore-consegna",
            PecKind::PreavvisoErroreConsegna => "preavviso-errore-consegna",
            PecKind::RilevazioneVirus => "rilevazione-virus",
            PecKind::Ordinaria => "ordinaria",
            PecKind::Illeggibile => "illeggibile",
        }
    }

    /// Parses the kind spelling used in this crate's output (`as_str`).
    pub fn parse(value: &str) -> Option<PecKind> {
        PecKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Parses a notification type as written in `X-Ricevuta` or daticert `tipo`.
    /// Case and surrounding blanks are ignored; `mancata-consegna` is an alias seen in the wild.
    pub fn from_ricevuta(value: &str) -> Option<PecKind> {
        let v = value.trim().to_ascii_lowercase();
        Some(match v.as_str() {
            "accettazione" => PecKind::Accettazione,
            "non-accettazione" => PecKind::NonAccettazione,
            "presa-in-carico" => PecKind::PresaInCarico,
            "avvenuta-consegna" => PecKind::AvvenutaConsegna,
            "errore-consegna" | "mancata-consegna" => PecKind::ErroreConsegna,
            "preavviso-errore-consegna" => PecKind::PreavvisoErroreConsegna,
            "rilevazione-virus" => PecKind::RilevazioneVirus,
            _ => return None,
        })
    }

    /// Parses a daticert `tipo` attribute (notification types plus `posta-certificata`).
    pub fn from_daticert_tipo(value: &str) -> Option<PecKind> {
        if value.trim().eq_ignore_ascii_case("posta-certificata") {
            Some(PecKind::PostaCertificata)
        } else {
            PecKind::from_ricevuta(value)
        }
    }

    /// True for every kind a PEC provider produces (envelopes and notifications).
    pub fn is_pec(self) -> bool {
        !matches!(self, PecKind::Ordinaria | PecKind::Illeggibile)
    }

    /// True for receipts and notices (everything carried by `X-Ricevuta`).
    pub fn is_notification(self) -> bool {
        matches!(
            self,
            PecKind::Accettazione
                | PecKind::NonAccettazione
                | PecKind::PresaInCarico
                | PecKind::AvvenutaConsegna
                | PecKind::ErroreConsegna
                | PecKind::PreavvisoErroreConsegna
                | PecKind::RilevazioneVirus
        )
    }

    /// The subject prefixes the rules prescribe for this kind (RFC 6109 §3). Several are
    /// accepted for the kinds whose virus variant uses a longer prefix.
    pub fn subject_prefixes(self) -> &'static [&'static str] {
        match self {
            PecKind::PostaCertificata => &["POSTA CERTIFICATA: "],
            PecKind::Anomalia => &["ANOMALIA MESSAGGIO: "],
            PecKind::Accettazione => &["ACCETTAZIONE: "],
            PecKind::NonAccettazione => &[
                "AVVISO DI NON ACCETTAZIONE PER VIRUS: ",
                "AVVISO DI NON ACCETTAZIONE: ",
            ],
            PecKind::PresaInCarico => &["PRESA IN CARICO: "],
            PecKind::AvvenutaConsegna => &["CONSEGNA: "],
            PecKind::ErroreConsegna => &[
                "AVVISO DI MANCATA CONSEGNA PER VIRUS: ",
                "AVVISO DI MANCATA CONSEGNA: ",
            ],
            PecKind::PreavvisoErroreConsegna => {
                &["AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: "]
            }
            PecKind::RilevazioneVirus => &["PROBLEMA DI SICUREZZA: "],
            PecKind::Ordinaria | PecKind::Illeggibile => &[],
        }
    }
}

impl std::fmt::Display for PecKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Delivery receipt type requested by the sender (`X-TipoRicevuta`, daticert `<ricevuta tipo>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReceiptType {
    /// The receipt carries the whole original message.
    Completa,
    /// The receipt carries the original with attachments replaced by their hashes.
    Breve,
    /// The receipt carries only the certification data.
    Sintetica,
}

impl ReceiptType {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptType::Completa => "completa",
            ReceiptType::Breve => "breve",
            ReceiptType::Sintetica => "sintetica",
        }
    }

    /// Parses a wire value, ignoring case and blanks.
    pub fn parse(value: &str) -> Option<ReceiptType> {
        match value.trim().to_ascii_lowercase().as_str() {
            "completa" => Some(ReceiptType::Completa),
            "breve" => Some(ReceiptType::Breve),
            "sintetica" => Some(ReceiptType::Sintetica),
            _ => None,
        }
    }
}

/// Whether a recipient is inside the PEC circuit, as the provider classified it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientType {
    /// A certified (PEC) mailbox: a delivery receipt will come.
    Certificato,
    /// An ordinary mailbox outside PEC: no delivery receipt will ever come.
    Esterno,
}

impl RecipientType {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientType::Certificato => "certificato",
            RecipientType::Esterno => "esterno",
        }
    }

    /// Parses a wire value; the DTD default is `certificato`.
    pub fn parse(value: &str) -> Option<RecipientType> {
        match value.trim().to_ascii_lowercase().as_str() {
            "certificato" => Some(RecipientType::Certificato),
            "esterno" => Some(RecipientType::Esterno),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store writes a receipt type with `as_str`, reads it back with `parse` and prints it
    /// in JSON through serde: all three must spell it the same way.
    #[test]
    fn receipt_type_spelling_round_trips_through_column_and_json() {
        for t in [
            ReceiptType::Completa,
            ReceiptType::Breve,
            ReceiptType::Sintetica,
        ] {
            assert_eq!(ReceiptType::parse(t.as_str()), Some(t));
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::Value::from(t.as_str())
            );
        }
        assert_eq!(ReceiptType::parse("ridotta"), None);
    }

    /// The same for the recipient types and the kinds the store keeps per row.
    #[test]
    fn recipient_type_and_kind_spellings_round_trip_through_column_and_json() {
        for t in [RecipientType::Certificato, RecipientType::Esterno] {
            assert_eq!(RecipientType::parse(t.as_str()), Some(t));
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::Value::from(t.as_str())
            );
        }
        for k in PecKind::ALL {
            assert_eq!(PecKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::from(k.as_str())
            );
        }
    }
}
