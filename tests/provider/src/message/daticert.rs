//! Writes `daticert.xml` (RFC 6109 §4.4, the DTD in `shared/docs/daticert.dtd`): the
//! provider-signed certification data of every envelope and notice except the anomaly.

use chrono::{DateTime, FixedOffset};

use super::{ReceiptType, RecipientKind};

/// The `tipo` attribute of `<postacert>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaticertTipo {
    /// Transport envelope.
    PostaCertificata,
    /// Acceptance receipt.
    Accettazione,
    /// Non-acceptance notice.
    NonAccettazione,
    /// Provider-to-provider take-over receipt.
    PresaInCarico,
    /// Delivery receipt.
    AvvenutaConsegna,
    /// Non-delivery notice.
    ErroreConsegna,
    /// 12/24-hour timeout notice.
    PreavvisoErroreConsegna,
    /// Virus detection notice.
    RilevazioneVirus,
}

impl DaticertTipo {
    /// Wire spelling (also the `X-Ricevuta` value of notices).
    pub fn as_str(self) -> &'static str {
        match self {
            DaticertTipo::PostaCertificata => "posta-certificata",
            DaticertTipo::Accettazione => "accettazione",
            DaticertTipo::NonAccettazione => "non-accettazione",
            DaticertTipo::PresaInCarico => "presa-in-carico",
            DaticertTipo::AvvenutaConsegna => "avvenuta-consegna",
            DaticertTipo::ErroreConsegna => "errore-consegna",
            DaticertTipo::PreavvisoErroreConsegna => "preavviso-errore-consegna",
            DaticertTipo::RilevazioneVirus => "rilevazione-virus",
        }
    }
}

/// The `errore` attribute of `<postacert>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Errore {
    /// No error (the DTD default).
    #[default]
    Nessuno,
    /// Wrong recipient.
    NoDest,
    /// Wrong domain.
    NoDominio,
    /// Virus.
    Virus,
    /// Anything else.
    Altro,
}

impl Errore {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Errore::Nessuno => "nessuno",
            Errore::NoDest => "no-dest",
            Errore::NoDominio => "no-dominio",
            Errore::Virus => "virus",
            Errore::Altro => "altro",
        }
    }
}

/// Every field of one daticert.xml.
#[derive(Debug, Clone, PartialEq)]
pub struct DaticertXml {
    /// `tipo`.
    pub tipo: DaticertTipo,
    /// `errore`.
    pub errore: Errore,
    /// Original sender (address only).
    pub mittente: String,
    /// Every To and Cc address with its classification.
    pub destinatari: Vec<(String, RecipientKind)>,
    /// Reply-To of the original, or its From.
    pub risposte: String,
    /// Original subject, decoded.
    pub oggetto: Option<String>,
    /// Provider name.
    pub gestore_emittente: String,
    /// Event time, local civil time with its offset.
    pub data: DateTime<FixedOffset>,
    /// PEC message id, without angle brackets.
    pub identificativo: String,
    /// Client Message-ID, with angle brackets.
    pub msgid: Option<String>,
    /// Receipt type (envelopes and delivery receipts).
    pub ricevuta: Option<ReceiptType>,
    /// The recipient a delivery-related notice is about.
    pub consegna: Option<String>,
    /// Recipients covered by a presa-in-carico.
    pub ricezione: Vec<String>,
    /// Short error description.
    pub errore_esteso: Option<String>,
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

impl DaticertXml {
    /// The XML document, UTF-8, LF line ends, indented like the providers' files.
    pub fn to_xml(&self) -> String {
        let e = xml_escape;
        let mut x = String::with_capacity(1024);
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.push_str(&format!(
            "<postacert tipo=\"{}\" errore=\"{}\">\n",
            self.tipo.as_str(),
            self.errore.as_str()
        ));
        x.push_str("    <intestazione>\n");
        x.push_str(&format!(
            "        <mittente>{}</mittente>\n",
            e(&self.mittente)
        ));
        for (address, kind) in &self.destinatari {
            x.push_str(&format!(
                "        <destinatari tipo=\"{}\">{}</destinatari>\n",
                kind.as_str(),
                e(address)
            ));
        }
        x.push_str(&format!(
            "        <risposte>{}</risposte>\n",
            e(&self.risposte)
        ));
        if let Some(o) = &self.oggetto {
            x.push_str(&format!("        <oggetto>{}</oggetto>\n", e(o)));
        }
        x.push_str("    </intestazione>\n");
        x.push_str("    <dati>\n");
        x.push_str(&format!(
            "        <gestore-emittente>{}</gestore-emittente>\n",
            e(&self.gestore_emittente)
        ));
        x.push_str(&format!(
            "        <data zona=\"{}\">\n            <giorno>{}</giorno>\n            <ora>{}</ora>\n        </data>\n",
            self.data.format("%z"),
            self.data.format("%d/%m/%Y"),
            self.data.format("%H:%M:%S")
        ));
        x.push_str(&format!(
            "        <identificativo>{}</identificativo>\n",
            e(&self.identificativo)
        ));
        if let Some(m) = &self.msgid {
            x.push_str(&format!("        <msgid>{}</msgid>\n", e(m)));
        }
        if let Some(r) = self.ricevuta {
            x.push_str(&format!("        <ricevuta tipo=\"{}\" />\n", r.as_str()));
        }
        if let Some(c) = &self.consegna {
            x.push_str(&format!("        <consegna>{}</consegna>\n", e(c)));
        }
        for r in &self.ricezione {
            x.push_str(&format!("        <ricezione>{}</ricezione>\n", e(r)));
        }
        if let Some(err) = &self.errore_esteso {
            x.push_str(&format!(
                "        <errore-esteso>{}</errore-esteso>\n",
                e(err)
            ));
        }
        x.push_str("    </dati>\n</postacert>\n");
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml_escape("a<b>&\"'\u{16}c"),
            "a&lt;b&gt;&amp;&quot;&apos;c"
        );
    }
}
