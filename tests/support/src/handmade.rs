//! Hand-built PEC messages that follow RFC 6109 (the real corpus lacks several kinds). They are
//! structurally faithful but their signature part is a placeholder: they test classification,
//! never signature checks (the test provider produces really signed ones).

/// The parameters of one hand-built PEC message.
#[derive(Clone, Debug)]
pub struct Pec {
    /// `X-Trasporto` value, if any.
    pub x_trasporto: Option<&'static str>,
    /// `X-Ricevuta` value, if any.
    pub x_ricevuta: Option<&'static str>,
    /// Extra outer header lines (`Name: value`).
    pub extra_headers: Vec<String>,
    /// Outer Subject.
    pub subject: String,
    /// daticert.xml body, if any.
    pub daticert: Option<String>,
    /// postacert.eml body, if any.
    pub postacert: Option<String>,
    /// Name of the carried message part.
    pub postacert_name: &'static str,
}

/// A daticert.xml with the given type, error and extra `<dati>` children.
pub fn daticert(tipo: &str, errore: &str, oggetto: &str, dati_extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="{tipo}" errore="{errore}">
    <intestazione>
        <mittente>mario.rossi@pec.esempio.it</mittente>
        <destinatari tipo="certificato">anna.bianchi@pec.altro.it</destinatari>
        <destinatari tipo="esterno">luca.verdi@example.com</destinatari>
        <risposte>mario.rossi@pec.esempio.it</risposte>
        <oggetto>{oggetto}</oggetto>
    </intestazione>
    <dati>
        <gestore-emittente>Gestore Esempio S.p.A.</gestore-emittente>
        <data zona="+0100">
            <giorno>05/02/2025</giorno>
            <ora>10:15:30</ora>
        </data>
        <identificativo>opec001.20250205101530.1@pec.esempio.it</identificativo>
        <msgid>&lt;client-1@studio.esempio&gt;</msgid>
{dati_extra}
    </dati>
</postacert>
"#
    )
}

/// A small original message with one attachment (or `.hash` placeholders for `breve`).
pub fn postacert(breve: bool) -> String {
    let attachment = if breve {
        "Content-Type: text/plain; name=\"contratto.pdf.hash\"\r\nContent-Disposition: attachment; filename=\"contratto.pdf.hash\"\r\n\r\n3f786850e387550fdab836ed7e6dc881de23001b\r\n"
    } else {
        "Content-Type: application/pdf; name=\"contratto.pdf\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"contratto.pdf\"\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDw+PgplbmRvYmoK\r\n"
    };
    format!(
        "Message-ID: <opec001.20250205101530.1@pec.esempio.it>\r\n\
X-Riferimento-Message-ID: <client-1@studio.esempio>\r\n\
From: Mario Rossi <mario.rossi@pec.esempio.it>\r\n\
To: anna.bianchi@pec.altro.it, luca.verdi@example.com\r\n\
Subject: Contratto di fornitura\r\n\
Date: Wed, 5 Feb 2025 10:15:20 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"inner-b\"\r\n\
\r\n\
--inner-b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
In allegato il contratto.\r\n\
--inner-b\r\n\
{attachment}\
--inner-b--\r\n"
    )
}

impl Pec {
    /// A notification (`X-Ricevuta`) with a daticert of the same type.
    pub fn notice(ricevuta: &'static str, prefix: &str, daticert_xml: String) -> Pec {
        Pec {
            x_trasporto: None,
            x_ricevuta: Some(ricevuta),
            extra_headers: vec![],
            subject: format!("{prefix}Contratto di fornitura"),
            daticert: Some(daticert_xml),
            postacert: None,
            postacert_name: "postacert.eml",
        }
    }

    /// Renders the whole message, CRLF line ends.
    pub fn build(&self) -> Vec<u8> {
        let mut h = String::new();
        h.push_str("Return-Path: <posta-certificata@pec.esempio.it>\r\n");
        h.push_str("Date: Wed, 5 Feb 2025 10:15:31 +0100\r\n");
        h.push_str(&format!("Subject: {}\r\n", self.subject));
        if self.x_trasporto.is_some() {
            h.push_str("From: \"Per conto di: mario.rossi@pec.esempio.it\" <posta-certificata@pec.esempio.it>\r\n");
            h.push_str("To: anna.bianchi@pec.altro.it, luca.verdi@example.com\r\n");
            h.push_str("Message-ID: <opec001.20250205101530.1@pec.esempio.it>\r\n");
        } else {
            h.push_str("From: posta-certificata@pec.esempio.it\r\n");
            h.push_str("To: mario.rossi@pec.esempio.it\r\n");
            h.push_str("Message-ID: <opec001.20250205101531.9@pec.esempio.it>\r\n");
        }
        h.push_str("X-Riferimento-Message-ID: <client-1@studio.esempio>\r\n");
        if let Some(v) = self.x_trasporto {
            h.push_str(&format!("X-Trasporto: {v}\r\n"));
        }
        if let Some(v) = self.x_ricevuta {
            h.push_str(&format!("X-Ricevuta: {v}\r\n"));
        }
        for extra in &self.extra_headers {
            h.push_str(extra);
            h.push_str("\r\n");
        }
        h.push_str("MIME-Version: 1.0\r\n");
        h.push_str("Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\"; micalg=\"sha1\"; boundary=\"outer-b\"\r\n\r\n");
        h.push_str("This is an S/MIME signed message\r\n\r\n--outer-b\r\n");
        h.push_str("Content-Type: multipart/mixed; boundary=\"mixed-b\"\r\n\r\n");
        h.push_str("--mixed-b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nMessaggio di servizio del gestore.\r\n");
        if let Some(d) = &self.daticert {
            h.push_str("--mixed-b\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\nContent-Disposition: inline; filename=\"daticert.xml\"\r\n\r\n");
            h.push_str(d);
            h.push_str("\r\n");
        }
        if let Some(p) = &self.postacert {
            h.push_str(&format!(
                "--mixed-b\r\nContent-Type: message/rfc822; name=\"{0}\"\r\nContent-Disposition: inline; filename=\"{0}\"\r\n\r\n",
                self.postacert_name
            ));
            h.push_str(p);
            h.push_str("\r\n");
        }
        h.push_str("--mixed-b--\r\n\r\n--outer-b\r\n");
        h.push_str("Content-Type: application/x-pkcs7-signature; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\nTk9UIEEgUkVBTCBTSUdOQVRVUkU=\r\n\r\n--outer-b--\r\n");
        h.into_bytes()
    }
}
