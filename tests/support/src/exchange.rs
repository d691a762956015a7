//! Scripted PEC exchanges: the message a client sent and the receipts and notices its provider
//! and the recipients' providers send back, built after RFC 6109 with the identifiers that link
//! them (client Message-ID, PEC identificativo, `<consegna>`). Each notice is signed for real by
//! a test provider ("Gestore Esempio", SHA-256, at the notice's time) whose authority
//! [`trust`] returns: only a proven receipt decides a timeline, so the tests of linking and
//! timelines store them with their signatures checked ([`ingest`]). [`Exchange::unsigned_notice`]
//! and [`Exchange::tampered_notice`] make the same notices without proof.

use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use sigillo::store::{Ingested, Source, Store};
use sigillo::verify::TrustList;
use sigillo_test_provider::pki::{PkiOptions, ProviderSpec, TestPki};
use sigillo_test_provider::smime::{Digest, sign_detached};

/// The test provider that signs every notice.
fn pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| {
        let mut options = PkiOptions::new(&[ProviderSpec::new(
            "pec.esempio.it",
            "Gestore Esempio S.p.A.",
        )]);
        // Valid when the scripted exchanges happen (February 2025) and today.
        options.provider_validity.0 = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        TestPki::generate_with(options).expect("test PKI")
    })
}

/// The trust list that proves the scripted notices: the test provider's authority.
pub fn trust() -> TrustList {
    let mut t = TrustList::empty();
    t.add_extra(vec![pki().intermediate().cert.clone()]);
    t
}

/// The test provider's authority as PEM (for `sigillo trust add` / `--trust`).
pub fn trust_pem() -> Vec<u8> {
    pki().intermediate().cert_pem()
}

/// Stores one message with its signature checked against [`trust`].
pub fn ingest(
    store: &mut Store,
    raw: &[u8],
    source: &Source,
) -> Result<Ingested, sigillo::store::StoreError> {
    let mut out = store.ingest_batch_verified(&[(raw, source)], &trust(), Utc::now())?;
    Ok(out.remove(0))
}

/// One sent PEC and its identifiers.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// Client Message-ID, without angle brackets.
    pub msgid: String,
    /// PEC identificativo given at acceptance.
    pub ident: String,
    /// Sender address.
    pub sender: String,
    /// Recipients and whether each is certified.
    pub recipients: Vec<(String, bool)>,
    /// Subject.
    pub subject: String,
}

/// A notice to build.
#[derive(Clone, Debug)]
pub struct NoticeSpec {
    /// daticert tipo / X-Ricevuta.
    pub tipo: &'static str,
    /// Hour and minute of the event on 5 Feb 2025 (+0100); hours past 23 roll into the next days.
    pub at: (u32, u32),
    /// `<consegna>`.
    pub consegna: Option<String>,
    /// `errore` attribute.
    pub errore: &'static str,
    /// `<errore-esteso>`.
    pub errore_esteso: Option<String>,
    /// Add `X-VerificaSicurezza: errore`.
    pub virus: bool,
    /// Delivery receipt type.
    pub ricevuta: Option<&'static str>,
    /// Leave out `<msgid>` and `X-Riferimento-Message-ID` (some providers do, and a client
    /// may send no Message-ID): the notice links only through its identificativo.
    pub without_msgid: bool,
}

impl NoticeSpec {
    /// A notice of `tipo` at `at` without recipient.
    pub fn new(tipo: &'static str, at: (u32, u32)) -> Self {
        NoticeSpec {
            tipo,
            at,
            consegna: None,
            errore: "nessuno",
            errore_esteso: None,
            virus: false,
            ricevuta: None,
            without_msgid: false,
        }
    }

    /// Without the client Message-ID.
    pub fn without_msgid(mut self) -> Self {
        self.without_msgid = true;
        self
    }

    /// About this recipient.
    pub fn to(mut self, consegna: &str) -> Self {
        self.consegna = Some(consegna.to_owned());
        self
    }

    /// With this error.
    pub fn error(mut self, errore: &'static str, esteso: &str) -> Self {
        self.errore = errore;
        self.errore_esteso = Some(esteso.to_owned());
        self
    }

    /// Marked as concerning a virus.
    pub fn virus(mut self) -> Self {
        self.virus = true;
        self
    }
}

fn prefix(tipo: &str, virus: bool) -> &'static str {
    match (tipo, virus) {
        ("accettazione", _) => "ACCETTAZIONE: ",
        ("non-accettazione", true) => "AVVISO DI NON ACCETTAZIONE PER VIRUS: ",
        ("non-accettazione", false) => "AVVISO DI NON ACCETTAZIONE: ",
        ("avvenuta-consegna", _) => "CONSEGNA: ",
        ("errore-consegna", true) => "AVVISO DI MANCATA CONSEGNA PER VIRUS: ",
        ("errore-consegna", false) => "AVVISO DI MANCATA CONSEGNA: ",
        ("preavviso-errore-consegna", _) => "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ",
        ("presa-in-carico", _) => "PRESA IN CARICO: ",
        _ => "PROBLEMA DI SICUREZZA: ",
    }
}

fn day_time(at: (u32, u32)) -> (u32, u32, u32) {
    (5 + at.0 / 24, at.0 % 24, at.1)
}

impl Exchange {
    /// A exchange numbered `n` with the given recipients.
    pub fn new(n: u32, recipients: &[(&str, bool)]) -> Self {
        Exchange {
            msgid: format!("client-{n}.{}@studio.esempio", n * 7919),
            ident: format!("opec{n:03}.20250205101530.{n}@pec.esempio.it"),
            sender: "mario.rossi@pec.esempio.it".into(),
            recipients: recipients
                .iter()
                .map(|(a, c)| ((*a).to_owned(), *c))
                .collect(),
            subject: format!("Pratica numero {n}"),
        }
    }

    /// The message as the client sent it (what a Sent folder holds).
    pub fn sent(&self) -> Vec<u8> {
        let to: Vec<&str> = self.recipients.iter().map(|(a, _)| a.as_str()).collect();
        format!(
            "Message-ID: <{}>\r\nFrom: Mario Rossi <{}>\r\nTo: {}\r\nSubject: {}\r\n\
Date: Wed, 5 Feb 2025 10:15:20 +0100\r\nMIME-Version: 1.0\r\nX-TipoRicevuta: completa\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nGentili colleghi, trasmetto la pratica {} con i documenti richiesti.\r\n",
            self.msgid,
            self.sender,
            to.join(", "),
            self.subject,
            self.subject
        )
        .into_bytes()
    }

    fn daticert(&self, n: &NoticeSpec) -> String {
        let (day, h, m) = day_time(n.at);
        let dest: String = self
            .recipients
            .iter()
            .map(|(a, c)| {
                format!(
                    "        <destinatari tipo=\"{}\">{a}</destinatari>\n",
                    if *c { "certificato" } else { "esterno" }
                )
            })
            .collect();
        let mut extra = String::new();
        if let Some(r) = n.ricevuta {
            extra.push_str(&format!("        <ricevuta tipo=\"{r}\" />\n"));
        }
        if let Some(c) = &n.consegna {
            extra.push_str(&format!("        <consegna>{c}</consegna>\n"));
        }
        if let Some(e) = &n.errore_esteso {
            extra.push_str(&format!("        <errore-esteso>{e}</errore-esteso>\n"));
        }
        let msgid = if n.without_msgid {
            String::new()
        } else {
            format!("        <msgid>&lt;{}&gt;</msgid>\n", self.msgid)
        };
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<postacert tipo=\"{}\" errore=\"{}\">\n    <intestazione>\n        <mittente>{}</mittente>\n{dest}        <risposte>{}</risposte>\n        <oggetto>{}</oggetto>\n    </intestazione>\n    <dati>\n        <gestore-emittente>Gestore Esempio S.p.A.</gestore-emittente>\n        <data zona=\"+0100\">\n            <giorno>{day:02}/02/2025</giorno>\n            <ora>{h:02}:{m:02}:00</ora>\n        </data>\n        <identificativo>{}</identificativo>\n{msgid}{extra}    </dati>\n</postacert>\n",
            n.tipo, n.errore, self.sender, self.sender, self.subject, self.ident
        )
    }

    /// A receipt or notice about this exchange, signed by the test provider at its time.
    pub fn notice(&self, n: &NoticeSpec) -> Vec<u8> {
        let (head, content) = self.notice_parts(n, false);
        let (day, h, m) = day_time(n.at);
        let at = chrono::FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2025, 2, day, h, m, 0)
            .unwrap();
        let signer = pki().signer("pec.esempio.it").expect("signer");
        let der = sign_detached(content.as_bytes(), &signer, Digest::Sha256, &at).expect("signed");
        let b64 = base64_lines(&der);
        format!(
            "{head}--outer-b\r\n{content}\r\n--outer-b\r\nContent-Type: application/x-pkcs7-signature; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n{b64}\r\n--outer-b--\r\n"
        )
        .into_bytes()
    }

    /// The same notice with a signature that is not one (never proves anything), byte for byte
    /// as the test suite built every notice before signatures decided timelines (the old
    /// stores kept as fixtures hold these).
    pub fn unsigned_notice(&self, n: &NoticeSpec) -> Vec<u8> {
        let (head, content) = self.notice_parts(n, true);
        format!(
            "{head}--outer-b\r\n{content}\r\n--outer-b\r\nContent-Type: application/x-pkcs7-signature; name=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\nTk9UIEEgUkVBTCBTSUdOQVRVUkU=\r\n\r\n--outer-b--\r\n"
        )
        .into_bytes()
    }

    /// The same notice signed, then changed after signing (a byte of its daticert).
    pub fn tampered_notice(&self, n: &NoticeSpec) -> Vec<u8> {
        let signed = self.notice(n);
        let text = String::from_utf8(signed).expect("ASCII");
        text.replacen(
            "<gestore-emittente>Gestore Esempio",
            "<gestore-emittente>Gestore Esempia",
            1,
        )
        .into_bytes()
    }

    /// The header block (with the blank line and preamble) and the signed entity of a notice.
    fn notice_parts(&self, n: &NoticeSpec, legacy: bool) -> (String, String) {
        let (day, h, m) = day_time(n.at);
        let mut s = String::new();
        s.push_str("Return-Path: <posta-certificata@pec.esempio.it>\r\n");
        s.push_str(&format!("Date: {day} Feb 2025 {h:02}:{m:02}:00 +0100\r\n"));
        s.push_str(&format!(
            "Subject: {}{}\r\n",
            prefix(n.tipo, n.virus),
            self.subject
        ));
        s.push_str("From: posta-certificata@pec.esempio.it\r\n");
        s.push_str(&format!("To: {}\r\n", self.sender));
        s.push_str(&format!(
            "Message-ID: <opec.{}.{h:02}{m:02}.{}@pec.esempio.it>\r\n",
            n.tipo,
            n.consegna.as_deref().unwrap_or("all").replace('@', ".")
        ));
        if !n.without_msgid {
            s.push_str(&format!("X-Riferimento-Message-ID: <{}>\r\n", self.msgid));
        }
        s.push_str(&format!("X-Ricevuta: {}\r\n", n.tipo));
        if n.virus {
            s.push_str("X-VerificaSicurezza: errore\r\n");
        }
        s.push_str("MIME-Version: 1.0\r\n");
        let micalg = if legacy { "sha1" } else { "sha-256" };
        s.push_str(&format!("Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\"; micalg=\"{micalg}\"; boundary=\"outer-b\"\r\n\r\n"));
        s.push_str("This is an S/MIME signed message\r\n\r\n");
        let mut c = String::new();
        c.push_str("Content-Type: multipart/mixed; boundary=\"mixed-b\"\r\n\r\n");
        c.push_str("--mixed-b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nMessaggio di servizio del gestore.\r\n");
        c.push_str("--mixed-b\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\nContent-Disposition: inline; filename=\"daticert.xml\"\r\n\r\n");
        if legacy {
            c.push_str(&self.daticert(n));
            c.push_str("\r\n--mixed-b--\r\n");
        } else {
            c.push_str(&self.daticert(n).replace('\n', "\r\n"));
            c.push_str("\r\n--mixed-b--\r\n");
        }
        (s, c)
    }
}

/// Base64 in lines of 76 characters, CRLF between them.
fn base64_lines(der: &[u8]) -> String {
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    text.as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Every permutation of `0..n` (Heap's algorithm).
pub fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn heap(k: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if k <= 1 {
            out.push(a.clone());
            return;
        }
        heap(k - 1, a, out);
        for i in 0..k - 1 {
            if k.is_multiple_of(2) {
                a.swap(i, k - 1);
            } else {
                a.swap(0, k - 1);
            }
            heap(k - 1, a, out);
        }
    }
    let mut a: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    heap(n, &mut a, &mut out);
    out
}
