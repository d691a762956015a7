//! A demo mailbox: signed messages of every kind a user meets, for invented people, made by a
//! demo PKI whose names say it is not a real provider. The same seed gives the same bytes
//! (keys, serial numbers, message ids, dates and signatures are all derived from it), so the
//! app can ship or regenerate it.
//!
//! Layout written under the output folder:
//! - `ca/demo-root.pem`, `ca/demo-intermediate.pem`: the demo trust anchor and intermediate;
//! - `sent/NN-*.eml`: what the demo user sent (as their client submitted it);
//! - `inbox/NN-*.eml`: what reached the demo user's PEC mailbox (receipts, envelopes, an
//!   anomaly, a tampered envelope);
//! - `manifest.tsv`: `file<TAB>kind<TAB>signature<TAB>description` for every message, where
//!   signature is `valid` or `tampered`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use crate::clock::italian;
use crate::message::{BuildError, Errore, Gestore, Original, Style, Transaction, signed_entity};
use crate::pki::{PkiError, PkiNames, PkiOptions, ProviderSpec, TestPki, utc};
use crate::rng::SeededRng;

/// The demo user's provider domain.
pub const DEMO_ALFA: &str = "pec.demo-alfa.example";
/// The other demo provider domain.
pub const DEMO_BETA: &str = "pec.demo-beta.example";
/// An ordinary (non-PEC) domain.
pub const DEMO_EXTERNAL: &str = "posta.demo-esterna.example";

/// Writing the demo failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// Certificates.
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// Signing.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// Files.
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// One message of the demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoEntry {
    /// Path relative to the output folder.
    pub file: String,
    /// The PEC kind it is (`posta-certificata`, `accettazione`, ..., `ordinaria`).
    pub kind: String,
    /// False for the deliberately tampered envelope.
    pub signature_valid: bool,
    /// What it is, in Italian.
    pub description: String,
    /// Its date (for checking the signature at that time).
    pub date: DateTime<FixedOffset>,
}

const NAMES: [(&str, &str); 12] = [
    ("Giulia", "Ferri"),
    ("Marco", "Esposito"),
    ("Chiara", "Lombardi"),
    ("Davide", "Moretti"),
    ("Elena", "Galli"),
    ("Paolo", "Conti"),
    ("Sara", "Marchetti"),
    ("Luca", "Fontana"),
    ("Anna", "Barbieri"),
    ("Fabio", "Santoro"),
    ("Irene", "Mariani"),
    ("Stefano", "Rinaldi"),
];

struct Person {
    name: String,
    address: String,
}

fn person(rng: &mut SeededRng, used: &mut Vec<usize>, domain: &str) -> Person {
    let mut i = rng.below(NAMES.len() as u64) as usize;
    while used.contains(&i) {
        i = (i + 1) % NAMES.len();
    }
    used.push(i);
    let (first, last) = NAMES[i];
    Person {
        name: format!("{first} {last}"),
        address: format!(
            "{}.{}@{domain}",
            first.to_ascii_lowercase(),
            last.to_ascii_lowercase()
        ),
    }
}

struct Writer {
    out: PathBuf,
    entries: Vec<DemoEntry>,
    inbox_n: usize,
    sent_n: usize,
}

impl Writer {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), DemoError> {
        let path = self.out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| DemoError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| DemoError::Io { path, source })
    }

    fn inbox(
        &mut self,
        slug: &str,
        kind: &str,
        description: &str,
        bytes: &[u8],
        date: DateTime<FixedOffset>,
        signature_valid: bool,
    ) -> Result<(), DemoError> {
        self.inbox_n += 1;
        let file = format!("inbox/{:02}-{slug}.eml", self.inbox_n);
        self.write(&file, bytes)?;
        self.entries.push(DemoEntry {
            file,
            kind: kind.into(),
            signature_valid,
            description: description.into(),
            date,
        });
        Ok(())
    }

    fn sent(
        &mut self,
        slug: &str,
        bytes: &[u8],
        date: DateTime<FixedOffset>,
    ) -> Result<(), DemoError> {
        self.sent_n += 1;
        let file = format!("sent/{:02}-{slug}.eml", self.sent_n);
        self.write(&file, bytes)?;
        self.entries.push(DemoEntry {
            file,
            kind: "ordinaria".into(),
            signature_valid: true,
            description: "messaggio inviato (come lo ha spedito il programma di posta)".into(),
            date,
        });
        Ok(())
    }
}

/// The demo PKI for a seed (fixed validity windows, names that say "not a real provider").
pub fn demo_pki(seed: u64) -> Result<TestPki, PkiError> {
    TestPki::generate_with(PkiOptions {
        providers: vec![
            ProviderSpec::new(DEMO_ALFA, "Gestore Demo Alfa \u{2014} non reale"),
            ProviderSpec::new(DEMO_BETA, "Gestore Demo Beta \u{2014} non reale"),
        ],
        names: PkiNames::demo(),
        ca_validity: (utc(2024, 1, 1), utc(2044, 1, 1)),
        provider_validity: (utc(2024, 6, 1), utc(2034, 6, 1)),
        seed: Some(seed),
    })
}

/// What the demo user's (or a correspondent's) mail program submits.
struct Draft<'a> {
    from: &'a Person,
    to: &'a [&'a Person],
    cc: &'a [&'a Person],
    subject: &'a str,
    id: &'a str,
    date: DateTime<FixedOffset>,
    tipo: Option<&'a str>,
    attachment: Option<(&'a str, &'a str)>,
}

fn original(d: &Draft<'_>) -> Vec<u8> {
    let Draft {
        from,
        to,
        cc,
        subject,
        id,
        date,
        tipo,
        attachment,
    } = *d;
    let list = |ps: &[&Person]| {
        ps.iter()
            .map(|p| format!("{} <{}>", p.name, p.address))
            .collect::<Vec<_>>()
            .join(",\r\n ")
    };
    let mut h = format!(
        "From: {} <{}>\r\nTo: {}\r\n",
        from.name,
        from.address,
        list(to)
    );
    if !cc.is_empty() {
        h.push_str(&format!("Cc: {}\r\n", list(cc)));
    }
    h.push_str(&format!(
        "Subject: {}\r\nDate: {}\r\nMessage-ID: <{id}>\r\n",
        crate::message::mime::encode_header_value(subject),
        crate::message::mime::rfc5322_date(&date)
    ));
    if let Some(t) = tipo {
        h.push_str(&format!("X-TipoRicevuta: {t}\r\n"));
    }
    h.push_str("MIME-Version: 1.0\r\n");
    let text = format!(
        "Buongiorno,\r\ncome d'accordo le invio quanto in oggetto.\r\n\r\nCordiali saluti\r\n{}\r\n",
        from.name
    );
    match attachment {
        None => format!(
            "{h}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}"
        )
        .into_bytes(),
        Some((name, content)) => {
            let b64 = crate::message::mime::base64_lines(content.as_bytes());
            format!(
                "{h}Content-Type: multipart/mixed; boundary=\"demo-{id}\"\r\n\r\n--demo-{id}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n--demo-{id}\r\nContent-Type: text/plain; charset=utf-8; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}--demo-{id}--\r\n",
                String::from_utf8_lossy(&b64)
            )
            .into_bytes()
        }
    }
}

/// Writes the demo mailbox for `seed` into `out` (created when missing) and returns what it
/// wrote, in order.
pub fn write_demo(out: &Path, seed: u64) -> Result<Vec<DemoEntry>, DemoError> {
    let pki = demo_pki(seed)?;
    let alfa = Gestore::new(
        DEMO_ALFA,
        "Gestore Demo Alfa \u{2014} non reale",
        pki.signer(DEMO_ALFA)?,
    )
    .with_id_seed(seed);
    let beta = Gestore::new(
        DEMO_BETA,
        "Gestore Demo Beta \u{2014} non reale",
        pki.signer(DEMO_BETA)?,
    )
    .with_style(Style::plain_sha256())
    .with_id_seed(seed.wrapping_add(1));
    let mut rng = SeededRng::new(seed, "demo-mailbox");
    let mut used = Vec::new();
    let me = person(&mut rng, &mut used, DEMO_ALFA);
    let r1 = person(&mut rng, &mut used, DEMO_BETA);
    let r2 = person(&mut rng, &mut used, DEMO_BETA);
    let r3 = person(&mut rng, &mut used, DEMO_ALFA);
    let ghost = Person {
        name: "Ufficio Protocollo".into(),
        address: format!("protocollo.chiuso@{DEMO_BETA}"),
    };
    let ext = person(&mut rng, &mut used, DEMO_EXTERNAL);
    let start = Utc
        .with_ymd_and_hms(2025, 3, 3, 8, 0, 0)
        .single()
        .expect("a valid date")
        + Duration::minutes(rng.below(600) as i64);
    let mut clock = start;
    let mut tick = |rng: &mut SeededRng, max_min: u64| {
        clock += Duration::seconds(30 + rng.below(max_min * 60) as i64);
        italian(clock)
    };
    let certified = |a: &str| a.ends_with(DEMO_ALFA) || a.ends_with(DEMO_BETA);

    let mut w = Writer {
        out: out.to_path_buf(),
        entries: Vec::new(),
        inbox_n: 0,
        sent_n: 0,
    };
    std::fs::create_dir_all(out.join("ca")).map_err(|source| DemoError::Io {
        path: out.join("ca"),
        source,
    })?;
    pki.write_pem_files(&out.join("ca"))?;
    std::fs::rename(out.join("ca/root.pem"), out.join("ca/demo-root.pem")).map_err(|source| {
        DemoError::Io {
            path: out.join("ca/demo-root.pem"),
            source,
        }
    })?;
    std::fs::rename(
        out.join("ca/intermediate.pem"),
        out.join("ca/demo-intermediate.pem"),
    )
    .map_err(|source| DemoError::Io {
        path: out.join("ca/demo-intermediate.pem"),
        source,
    })?;

    let accept = |g: &Gestore, raw: &[u8], sender: &str, at| -> Transaction {
        let o = Original::parse(raw).expect("demo originals have headers");
        g.accept(o, sender, "[192.0.2.10]", at, certified)
    };

    // 1. Delivered to everyone: completa for To, sintetica for Cc.
    let at = tick(&mut rng, 30);
    let raw = original(&Draft {
        from: &me,
        to: &[&r1],
        cc: &[&r2],
        subject: "Contratto di locazione - bozza definitiva",
        id: &format!("demo-1.{seed}@client.example"),
        date: at,
        tipo: None,
        attachment: Some((
            "bozza-contratto.txt",
            "Bozza di contratto di locazione (testo di esempio).\n",
        )),
    });
    w.sent("contratto-locazione", &raw, at)?;
    let tx = accept(&alfa, &raw, &me.address, at);
    w.inbox(
        "accettazione",
        "accettazione",
        "ricevuta di accettazione (consegna completa)",
        &alfa.accettazione(&tx, at)?,
        at,
        true,
    )?;
    let at = tick(&mut rng, 2);
    let rcpt = tx.recipient(&r1.address).expect("r1").clone();
    w.inbox(
        "consegna-completa",
        "avvenuta-consegna",
        "ricevuta di avvenuta consegna completa",
        &beta.avvenuta_consegna(&tx, &rcpt, at)?,
        at,
        true,
    )?;
    let rcpt = tx.recipient(&r2.address).expect("r2").clone();
    w.inbox(
        "consegna-sintetica-cc",
        "avvenuta-consegna",
        "ricevuta di avvenuta consegna sintetica (destinatario in copia)",
        &beta.avvenuta_consegna(&tx, &rcpt, at)?,
        at,
        true,
    )?;

    // 2. Partly delivered: breve receipt, an unknown mailbox, an external recipient.
    let at = tick(&mut rng, 120);
    let raw = original(&Draft {
        from: &me,
        to: &[&r3, &ghost, &ext],
        cc: &[],
        subject: "Convocazione assemblea del 20 marzo",
        id: &format!("demo-2.{seed}@client.example"),
        date: at,
        tipo: Some("breve"),
        attachment: Some((
            "ordine-del-giorno.txt",
            "1. Approvazione bilancio\n2. Varie ed eventuali\n",
        )),
    });
    w.sent("convocazione-assemblea", &raw, at)?;
    let tx = accept(&alfa, &raw, &me.address, at);
    w.inbox(
        "accettazione",
        "accettazione",
        "ricevuta di accettazione con un destinatario esterno",
        &alfa.accettazione(&tx, at)?,
        at,
        true,
    )?;
    let at = tick(&mut rng, 2);
    let rcpt = tx.recipient(&r3.address).expect("r3").clone();
    w.inbox(
        "consegna-breve",
        "avvenuta-consegna",
        "ricevuta di avvenuta consegna breve (allegati sostituiti dall'impronta)",
        &alfa.avvenuta_consegna(&tx, &rcpt, at)?,
        at,
        true,
    )?;
    let rcpt = tx.recipient(&ghost.address).expect("ghost").clone();
    let esteso = format!("5.1.1 - {} - casella inesistente", beta.name());
    w.inbox(
        "mancata-consegna",
        "errore-consegna",
        "avviso di mancata consegna: casella inesistente",
        &beta.errore_consegna(&tx, &rcpt, at, Errore::NoDest, &esteso)?,
        at,
        true,
    )?;

    // 3. Never delivered: the 12-hour notice, then the final 24-hour one.
    let at = tick(&mut rng, 60);
    let raw = original(&Draft {
        from: &me,
        to: &[&r1],
        cc: &[],
        subject: "Sollecito di pagamento fattura 118/2025",
        id: &format!("demo-3.{seed}@client.example"),
        date: at,
        tipo: Some("sintetica"),
        attachment: None,
    });
    w.sent("sollecito-pagamento", &raw, at)?;
    let tx = accept(&alfa, &raw, &me.address, at);
    w.inbox(
        "accettazione",
        "accettazione",
        "ricevuta di accettazione",
        &alfa.accettazione(&tx, at)?,
        at,
        true,
    )?;
    let rcpt = tx.recipient(&r1.address).expect("r1").clone();
    let at12 = at + Duration::hours(12);
    w.inbox(
        "preavviso-12-ore",
        "preavviso-errore-consegna",
        "avviso di mancata consegna dopo 12 ore",
        &alfa.preavviso_errore_consegna(&tx, &rcpt, at12, false)?,
        at12,
        true,
    )?;
    let at24 = at + Duration::hours(24);
    w.inbox(
        "mancata-consegna-24-ore",
        "preavviso-errore-consegna",
        "avviso definitivo di mancata consegna dopo 24 ore (5.4.1)",
        &alfa.preavviso_errore_consegna(&tx, &rcpt, at24, true)?,
        at24,
        true,
    )?;

    // 4. Refused at acceptance: a hidden (Bcc) recipient.
    let at = tick(&mut rng, 60);
    let mut raw = original(&Draft {
        from: &me,
        to: &[&r2],
        cc: &[],
        subject: "Preventivo lavori",
        id: &format!("demo-4.{seed}@client.example"),
        date: at,
        tipo: None,
        attachment: None,
    });
    let bcc = format!("Bcc: {}\r\n", r3.address);
    raw.splice(0..0, bcc.into_bytes());
    w.sent("preventivo-con-bcc", &raw, at)?;
    let tx = accept(&alfa, &raw, &me.address, at);
    w.inbox(
        "non-accettazione",
        "non-accettazione",
        "avviso di non accettazione: destinatari in copia nascosta",
        &alfa.non_accettazione(&tx, at, "Destinatari in copia nascosta (Bcc) non ammessi")?,
        at,
        true,
    )?;

    // 5. Received: an envelope from the other provider, then the same one tampered with.
    let at = tick(&mut rng, 90);
    let raw = original(&Draft {
        from: &r1,
        to: &[&me],
        cc: &[],
        subject: "Verbale della riunione",
        id: &format!("demo-5.{seed}@client.example"),
        date: at,
        tipo: None,
        attachment: Some((
            "verbale.txt",
            "Verbale della riunione del 3 marzo (testo di esempio).\n",
        )),
    });
    let tx = accept(&beta, &raw, &r1.address, at);
    let envelope = beta.envelope(&tx)?;
    w.inbox(
        "posta-certificata",
        "posta-certificata",
        "messaggio di posta certificata ricevuto",
        &envelope,
        at,
        true,
    )?;
    let mut tampered = envelope.clone();
    if let Some(entity) = signed_entity(&envelope) {
        let base = entity.as_ptr() as usize - envelope.as_ptr() as usize;
        if let Some(i) = entity.windows(7).position(|x| x == b"Verbale") {
            tampered[base + i] = b'v';
        }
    }
    w.inbox(
        "posta-certificata-manomessa",
        "posta-certificata",
        "messaggio di posta certificata MANOMESSO: la firma non è valida",
        &tampered,
        at,
        false,
    )?;

    // 6. Ordinary mail that reached the PEC mailbox: an anomaly envelope.
    let at = tick(&mut rng, 90);
    let raw = original(&Draft {
        from: &ext,
        to: &[&me],
        cc: &[],
        subject: "Richiesta informazioni",
        id: &format!("demo-6.{seed}@posta.example"),
        date: at,
        tipo: None,
        attachment: None,
    });
    let o = Original::parse(&raw).expect("demo originals have headers");
    w.inbox(
        "anomalia",
        "anomalia",
        "busta di anomalia: posta ordinaria arrivata nella casella PEC",
        &alfa.anomalia(&o, at)?,
        at,
        true,
    )?;

    // 7. A virus found by the recipient's provider.
    let at = tick(&mut rng, 60);
    let raw = original(&Draft {
        from: &me,
        to: &[&r2],
        cc: &[],
        subject: "Documentazione tecnica",
        id: &format!("demo-7.{seed}@client.example"),
        date: at,
        tipo: None,
        attachment: None,
    });
    let tx = accept(&alfa, &raw, &me.address, at);
    w.inbox(
        "accettazione",
        "accettazione",
        "ricevuta di accettazione",
        &alfa.accettazione(&tx, at)?,
        at,
        true,
    )?;
    let rcpt = tx.recipient(&r2.address).expect("r2").clone();
    let at = tick(&mut rng, 2);
    w.inbox(
        "mancata-consegna-virus",
        "errore-consegna",
        "avviso di mancata consegna per virus",
        &alfa.errore_consegna_virus(&tx, &rcpt, at)?,
        at,
        true,
    )?;

    let mut manifest = String::from("file\tkind\tsignature\tdescription\n");
    for e in &w.entries {
        manifest.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            e.file,
            e.kind,
            if e.signature_valid {
                "valid"
            } else {
                "tampered"
            },
            e.description
        ));
    }
    w.write("manifest.tsv", manifest.as_bytes())?;
    Ok(w.entries)
}
