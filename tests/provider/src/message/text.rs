//! The human-readable part of each provider message, in Italian. The rules give only models
//! ("parsing MUST be done on the XML part only"), so the wording is ours; it states plainly
//! that this is a test provider. Rendered as text/plain and as passive HTML (no resources).

use super::mime::html_escape;
use super::{Recipient, RecipientKind};

/// A readable notice: a title and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// First line, e.g. "Ricevuta di accettazione".
    pub title: String,
    /// Paragraphs; each may hold several lines.
    pub paragraphs: Vec<String>,
}

/// Appended to every notice so nobody mistakes a test message for a real one.
pub const DISCLAIMER: &str =
    "Messaggio generato dal gestore PEC di prova di Sigillo: non proviene da un gestore reale.";

impl Text {
    /// A text with the disclaimer as last paragraph.
    pub fn new(title: &str, paragraphs: Vec<String>) -> Self {
        let mut paragraphs = paragraphs;
        paragraphs.push(DISCLAIMER.to_owned());
        Text {
            title: title.to_owned(),
            paragraphs,
        }
    }

    /// Plain text, LF line ends (the MIME writer turns them into CRLF).
    pub fn plain(&self) -> String {
        let mut s = format!("-- {} --\n\n", self.title);
        s.push_str(&self.paragraphs.join("\n\n"));
        s.push('\n');
        s
    }

    /// Passive HTML: no scripts, no styles, no external resources.
    pub fn html(&self) -> String {
        let mut s = format!(
            "<html>\n<head><title>{t}</title></head>\n<body>\n<h3>{t}</h3>\n<hr>\n",
            t = html_escape(&self.title)
        );
        for p in &self.paragraphs {
            s.push_str("<p>");
            s.push_str(&html_escape(p).replace('\n', "<br>\n"));
            s.push_str("</p>\n");
        }
        s.push_str("</body>\n</html>\n");
        s
    }
}

/// What every notice says about the message it concerns.
pub struct About<'a> {
    /// "13/11/2018"
    pub giorno: String,
    /// "16:39:26"
    pub ora: String,
    /// "+0100"
    pub zona: String,
    /// The subject.
    pub oggetto: &'a str,
    /// The sender.
    pub mittente: &'a str,
    /// The PEC message id.
    pub identificativo: &'a str,
}

impl About<'_> {
    fn when(&self) -> String {
        format!(
            "Il giorno {} alle ore {} ({})",
            self.giorno, self.ora, self.zona
        )
    }
}

fn recipient_lines(recipients: &[Recipient]) -> String {
    recipients
        .iter()
        .map(|r| {
            let kind = match r.kind {
                RecipientKind::Certificato => "posta certificata",
                RecipientKind::Esterno => "posta ordinaria",
            };
            format!("{} (\"{kind}\")", r.address)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Transport envelope.
pub fn envelope(a: &About<'_>, recipients: &[Recipient]) -> Text {
    Text::new(
        "Messaggio di posta certificata",
        vec![
            format!(
                "{} il messaggio \"{}\" è stato inviato da \"{}\"\nindirizzato a:\n{}",
                a.when(),
                a.oggetto,
                a.mittente,
                recipient_lines(recipients)
            ),
            "Il messaggio originale è incluso in allegato (postacert.eml).".into(),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Acceptance receipt.
pub fn accettazione(a: &About<'_>, recipients: &[Recipient]) -> Text {
    Text::new(
        "Ricevuta di accettazione",
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\"\nindirizzato a:\n{}\nè stato accettato dal sistema e inoltrato.",
                a.when(),
                a.oggetto,
                a.mittente,
                recipient_lines(recipients)
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
            "L'allegato daticert.xml contiene i dati di certificazione.".into(),
        ],
    )
}

/// Non-acceptance notice.
pub fn non_accettazione(a: &About<'_>, reason: &str, virus: bool) -> Text {
    let why = if virus {
        "contiene un virus informatico e non è stato accettato.".to_owned()
    } else {
        format!("non è stato accettato per il seguente motivo:\n{reason}")
    };
    Text::new(
        if virus {
            "Avviso di non accettazione per virus"
        } else {
            "Avviso di non accettazione"
        },
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\" {why}",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Take-over receipt between providers.
pub fn presa_in_carico(a: &About<'_>, gestore: &str, ricezione: &[String]) -> Text {
    Text::new(
        "Ricevuta di presa in carico",
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\" è stato preso in carico dal gestore {gestore} per i destinatari:\n{}",
                a.when(),
                a.oggetto,
                a.mittente,
                ricezione.join("\n")
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Delivery receipt.
pub fn avvenuta_consegna(a: &About<'_>, consegna: &str) -> Text {
    Text::new(
        "Ricevuta di avvenuta consegna",
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\" e indirizzato a \"{consegna}\" è stato consegnato nella casella di destinazione.",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Non-delivery notice.
pub fn errore_consegna(a: &About<'_>, consegna: &str, errore: &str, virus: bool) -> Text {
    Text::new(
        if virus {
            "Avviso di mancata consegna per virus"
        } else {
            "Avviso di mancata consegna"
        },
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\" e indirizzato a \"{consegna}\" non è stato consegnato.",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            format!("Motivo: {errore}"),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// 12-hour or final 24-hour timeout notice.
pub fn preavviso(a: &About<'_>, consegna: &str, final_notice: bool) -> Text {
    let body = if final_notice {
        "non è stato consegnato entro ventiquattro ore dall'invio: la trasmissione si è conclusa con esito negativo."
    } else {
        "non è stato ancora consegnato nelle prime dodici ore dall'invio. Seguirà un altro avviso."
    };
    Text::new(
        "Avviso di mancata consegna per superamento dei tempi massimi",
        vec![
            format!(
                "{} il messaggio \"{}\" inviato da \"{}\" e indirizzato a \"{consegna}\" {body}",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Virus detection notice (provider to provider).
pub fn rilevazione_virus(a: &About<'_>, consegna: &str) -> Text {
    Text::new(
        "Problema di sicurezza: rilevazione virus",
        vec![
            format!(
                "{} nel messaggio \"{}\" inviato da \"{}\" e indirizzato a \"{consegna}\" è stato rilevato un virus: il messaggio non è stato consegnato.",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            format!("Identificativo del messaggio: {}", a.identificativo),
        ],
    )
}

/// Anomaly envelope.
pub fn anomalia(a: &About<'_>) -> Text {
    Text::new(
        "Anomalia nel messaggio",
        vec![
            format!(
                "{} è stato ricevuto il messaggio \"{}\" inviato da \"{}\".",
                a.when(),
                a.oggetto,
                a.mittente
            ),
            "Il messaggio non è un messaggio di posta certificata integro oppure proviene da un sistema di posta ordinaria: il suo contenuto NON è certificato.".into(),
            "Il messaggio ricevuto è incluso in allegato.".into(),
        ],
    )
}
