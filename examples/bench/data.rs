//! The benchmark's data sets, made by the dev-only test provider: the mailbox of a law firm's
//! PEC address, signed by a seeded test PKI (same seed, same bytes).
//!
//! The messages come from "exchanges" drawn at random (seeded): messages the user sent (the
//! original in Sent; the acceptance, delivery receipts of each type, delivery errors and
//! 12/24-hour notices in the inbox), certified envelopes received from another provider,
//! anomaly envelopes around ordinary mail, refusals and virus notices, and (rarely, since real
//! providers send them to each other) taking-in-charge and virus-detection notices. Every
//! inbox message is signed by its provider, as real ones are.
//!
//! Sizes: originals carry Italian text and, half of the time, one attachment of random
//! (incompressible, like a PDF) bytes: 35 % 2–24 KB, 13 % 24–96 KB, 2 % 96–400 KB. Complete
//! delivery receipts carry the whole original again, as the rules want.
//!
//! Generation runs in chunks of [`CHUNK_EXCHANGES`] exchanges, each with its own random stream
//! and message-id seed, on every core; the output does not depend on the number of threads.
//!
//! [`Mix::Office`] is the mailbox of a public office (the million-message data set): it sends
//! far more than it receives, mostly short notices to one or two addresses, so small receipts
//! dominate (acceptance receipts, and delivery receipts mostly of the short types), with one
//! original in ten carrying an attachment and shorter texts. That data set is written once as mbox files and kept
//! ([`Generator::cached_mboxes`]).

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use openssl::x509::X509;
use sigillo_test_provider::clock::italian;
use sigillo_test_provider::message::mime::{base64_lines, encode_header_value, rfc5322_date};
use sigillo_test_provider::message::{Errore, Gestore, Original, Style, Transaction};
use sigillo_test_provider::pki::{PkiNames, PkiOptions, ProviderSpec, TestPki, utc};

/// The user's provider.
pub const ALFA: &str = "pec.alfa-bench.example";
/// The correspondents' provider.
pub const BETA: &str = "pec.beta-bench.example";
/// Ordinary mail.
pub const EXTERNAL: &str = "posta.esterna-bench.example";
/// The mailbox whose mail this is.
pub const USER: &str = "studio.ferri@pec.alfa-bench.example";

/// Exchanges per generation chunk.
pub const CHUNK_EXCHANGES: u64 = 64;

/// Where a message belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// The PEC inbox: envelopes, receipts, notices (all signed).
    Inbox,
    /// What the user's mail program submitted (ordinary, unsigned).
    Sent,
}

impl Folder {
    /// The folder name in the store and on the server.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Inbox => "INBOX",
            Folder::Sent => "Sent",
        }
    }
}

/// One generated message.
#[derive(Debug, Clone)]
pub struct Msg {
    /// Where it belongs.
    pub folder: Folder,
    /// The PEC kind it is meant to be (for the data set's description).
    pub kind: &'static str,
    /// The exact bytes, CRLF line ends.
    pub bytes: Vec<u8>,
}

/// xorshift64*: fast seeded numbers for choices and attachment bytes (not for secrets).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream for a seed and a stream number.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut x = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5151_1105_D00D_F00D;
        if x == 0 {
            x = 1;
        }
        let mut r = Rng(x);
        for _ in 0..8 {
            r.next();
        }
        r
    }

    /// The next value.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A value in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo)
    }

    /// One element of a slice.
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

/// Words of Italian legal and administrative mail (subjects, bodies, search queries).
pub const WORDS: &[&str] = &[
    "contratto",
    "fornitura",
    "fattura",
    "ricorso",
    "sentenza",
    "notifica",
    "pignoramento",
    "tribunale",
    "udienza",
    "preventivo",
    "ordine",
    "pagamento",
    "sollecito",
    "diffida",
    "verbale",
    "assemblea",
    "bilancio",
    "dichiarazione",
    "rimborso",
    "comune",
    "regione",
    "agenzia",
    "entrate",
    "appalto",
    "gara",
    "offerta",
    "determina",
    "delibera",
    "protocollo",
    "istanza",
    "autorizzazione",
    "concessione",
    "permesso",
    "cantiere",
    "collaudo",
    "perizia",
    "mandato",
    "procura",
    "atto",
    "decreto",
    "ingiuntivo",
    "precetto",
    "esecuzione",
    "mediazione",
    "conciliazione",
    "avviso",
    "accertamento",
    "cartella",
    "rateizzazione",
    "condominio",
    "locazione",
    "sfratto",
    "eredità",
    "successione",
    "donazione",
    "compravendita",
    "rogito",
    "mutuo",
    "ipoteca",
    "catasto",
    "visura",
    "certificato",
    "anagrafe",
    "residenza",
    "udienza",
    "memoria",
    "comparsa",
    "citazione",
    "opposizione",
    "termine",
];

const FIRST: &[&str] = &[
    "giulia", "marco", "chiara", "davide", "elena", "paolo", "sara", "luca", "anna", "fabio",
    "irene", "stefano", "marta", "andrea", "laura", "matteo",
];
const LAST: &[&str] = &[
    "ferri",
    "esposito",
    "lombardi",
    "moretti",
    "galli",
    "conti",
    "marchetti",
    "fontana",
    "barbieri",
    "santoro",
    "mariani",
    "rinaldi",
    "caruso",
    "ferrara",
    "colombo",
    "ricci",
];

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| *rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn address(rng: &mut Rng, domain: &str) -> String {
    format!(
        "{}.{}{}@{domain}",
        rng.pick(FIRST),
        rng.pick(LAST),
        rng.below(40)
    )
}

fn certified(a: &str) -> bool {
    a.ends_with(ALFA) || a.ends_with(BETA)
}

/// The kind of mailbox generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// A law firm's PEC address (workloads 1–7).
    LawFirm,
    /// A public office's PEC address: mostly notices sent, small receipts dominate.
    Office,
}

impl Mix {
    /// The longest time between two exchanges: a law firm's box gets a message every ten
    /// minutes or so, a public office's (a million messages in about six years) one every
    /// five.
    fn minutes_between_exchanges(self) -> u64 {
        match self {
            Mix::LawFirm => 20,
            Mix::Office => 10,
        }
    }
}

/// The seeded test PKI, providers and trust anchor of the data sets.
pub struct Generator {
    pki: TestPki,
    seed: u64,
    mix: Mix,
}

impl Generator {
    /// The same PKI and seed, making another kind of mailbox.
    pub fn with_mix(self, mix: Mix) -> Generator {
        Generator { mix, ..self }
    }

    /// The PKI for a seed (fixed validity windows, so the same seed gives the same bytes).
    pub fn new(seed: u64) -> Result<Generator> {
        let pki = TestPki::generate_with(PkiOptions {
            providers: vec![
                ProviderSpec::new(ALFA, "Gestore Alfa Bench S.p.A."),
                ProviderSpec::new(BETA, "Gestore Beta Bench S.r.l."),
            ],
            names: PkiNames::test(),
            ca_validity: (utc(2024, 1, 1), utc(2044, 1, 1)),
            provider_validity: (utc(2024, 6, 1), utc(2034, 6, 1)),
            seed: Some(seed),
        })
        .context("making the seeded test PKI")?;
        Ok(Generator {
            pki,
            seed,
            mix: Mix::LawFirm,
        })
    }

    /// The trust anchor that makes every signature valid.
    pub fn root(&self) -> X509 {
        self.pki.root().cert.clone()
    }

    /// `n` messages from chunk `first_chunk` on (inbox only, or inbox and sent), made on
    /// every core, and the first chunk not used. The same arguments give the same messages.
    pub fn generate(
        &self,
        first_chunk: u64,
        n: usize,
        inbox_only: bool,
    ) -> Result<(Vec<Msg>, u64)> {
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8) as u64;
        let mut out: Vec<Msg> = Vec::with_capacity(n);
        let mut next = first_chunk;
        let mut used = first_chunk;
        while out.len() < n {
            let round: Vec<u64> = (next..next + workers).collect();
            next += workers;
            let made: Vec<Result<Vec<Msg>>> = std::thread::scope(|s| {
                let handles: Vec<_> = round
                    .iter()
                    .map(|&k| s.spawn(move || self.chunk(k)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(anyhow::anyhow!("a generator thread died")))
                    })
                    .collect()
            });
            for (k, chunk) in round.iter().zip(made) {
                if out.len() >= n {
                    break;
                }
                out.extend(
                    chunk?
                        .into_iter()
                        .filter(|m| !inbox_only || m.folder == Folder::Inbox),
                );
                used = k + 1;
            }
        }
        out.truncate(n);
        Ok((out, used))
    }

    /// One chunk of exchanges.
    fn chunk(&self, k: u64) -> Result<Vec<Msg>> {
        let alfa = Gestore::new(ALFA, "Gestore Alfa Bench S.p.A.", self.pki.signer(ALFA)?)
            .with_id_seed(self.seed.wrapping_mul(1_000_003).wrapping_add(2 * k));
        let beta = Gestore::new(BETA, "Gestore Beta Bench S.r.l.", self.pki.signer(BETA)?)
            .with_style(Style::plain_sha256())
            .with_id_seed(self.seed.wrapping_mul(1_000_003).wrapping_add(2 * k + 1));
        let mut rng = Rng::new(self.seed, k);
        // Each chunk covers its own stretch of time (at most `gap` minutes per exchange); every
        // data set (chunks 0.., 1,000,000.., 2,000,000..) starts in January 2025, so that all
        // of it is signed while the test certificates are valid (2024–2034).
        let gap = self.mix.minutes_between_exchanges();
        let start = Utc
            .with_ymd_and_hms(2025, 1, 7, 7, 0, 0)
            .single()
            .context("start date")?
            + Duration::minutes(((k % 1_000_000) * CHUNK_EXCHANGES * gap) as i64);
        let mut c = Chunk {
            mix: self.mix,
            alfa: &alfa,
            beta: &beta,
            rng: &mut rng,
            clock: start,
            out: Vec::new(),
            k,
            n: 0,
        };
        for _ in 0..CHUNK_EXCHANGES {
            c.exchange()?;
        }
        Ok(c.out)
    }
}

struct Chunk<'a> {
    mix: Mix,
    alfa: &'a Gestore,
    beta: &'a Gestore,
    rng: &'a mut Rng,
    clock: DateTime<Utc>,
    out: Vec<Msg>,
    k: u64,
    n: u64,
}

impl<'a> Chunk<'a> {
    fn tick(&mut self) -> DateTime<FixedOffset> {
        let max_minutes = self.mix.minutes_between_exchanges();
        self.clock += Duration::seconds(20 + self.rng.below(max_minutes * 60) as i64);
        italian(self.clock)
    }

    fn push(&mut self, folder: Folder, kind: &'static str, bytes: Vec<u8>) {
        self.out.push(Msg {
            folder,
            kind,
            bytes,
        });
    }

    fn gestore_of(&self, address: &str) -> &'a Gestore {
        if address.ends_with(ALFA) {
            self.alfa
        } else {
            self.beta
        }
    }

    /// What a mail program submits: text and, half of the time, one attachment.
    fn original(
        &mut self,
        from: &str,
        to: &[String],
        cc: &[String],
        at: DateTime<FixedOffset>,
        tipo: Option<&str>,
    ) -> Vec<u8> {
        self.n += 1;
        let id = format!("bench-{}-{}@client.example", self.k, self.n);
        let subject = format!(
            "{} {} n. {}/{}",
            capitalise(self.rng.pick::<&str>(WORDS)),
            words(self.rng, 3),
            self.k,
            self.n
        );
        let mut h = format!("From: {from}\r\nTo: {}\r\n", to.join(",\r\n "));
        if !cc.is_empty() {
            h.push_str(&format!("Cc: {}\r\n", cc.join(",\r\n ")));
        }
        h.push_str(&format!(
            "Subject: {}\r\nDate: {}\r\nMessage-ID: <{id}>\r\n",
            encode_header_value(&subject),
            rfc5322_date(&at)
        ));
        if let Some(t) = tipo {
            h.push_str(&format!("X-TipoRicevuta: {t}\r\n"));
        }
        h.push_str("MIME-Version: 1.0\r\n");
        let n_words = match self.mix {
            Mix::LawFirm => self.rng.range(20, 160),
            Mix::Office => self.rng.range(20, 80),
        } as usize;
        let text = format!(
            "Buongiorno,\r\n{}.\r\n\r\nCordiali saluti\r\n{from}\r\n",
            wrap(&words(self.rng, n_words))
        );
        let size = match (self.mix, self.rng.below(1000)) {
            (Mix::LawFirm, 0..500) | (Mix::Office, 0..900) => None,
            (Mix::LawFirm, 500..850) | (Mix::Office, 900..980) => {
                Some(self.rng.range(2_000, 24_000))
            }
            (Mix::LawFirm, 850..980) | (Mix::Office, 980..998) => {
                Some(self.rng.range(24_000, 96_000))
            }
            _ => Some(self.rng.range(96_000, 400_000)),
        };
        let Some(size) = size else {
            return format!(
                "{h}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}"
            )
            .into_bytes();
        };
        let mut content = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        content.extend(self.rng.bytes(size as usize));
        let name = format!("{}-{}.pdf", self.rng.pick(WORDS), self.n);
        let b = format!("b-{}-{}", self.k, self.n);
        let mut out = format!(
            "{h}Content-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\n--{b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n--{b}\r\nContent-Type: application/pdf; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        )
        .into_bytes();
        out.extend(base64_lines(&content));
        out.extend(format!("--{b}--\r\n").into_bytes());
        out
    }

    fn accept(
        &self,
        g: &Gestore,
        raw: &[u8],
        sender: &str,
        at: DateTime<FixedOffset>,
    ) -> Transaction {
        let o = Original::parse(raw).expect("our originals have headers");
        g.accept(o, sender, "[192.0.2.10]", at, certified)
    }

    fn recipients(&mut self) -> Vec<String> {
        let n = match self.mix {
            Mix::LawFirm => self.rng.range(1, 4),
            Mix::Office => self.rng.range(1, 3),
        };
        (0..n)
            .map(|_| match self.rng.below(10) {
                0 => address(self.rng, EXTERNAL),
                1 => address(self.rng, ALFA),
                _ => address(self.rng, BETA),
            })
            .collect()
    }

    fn exchange(&mut self) -> Result<()> {
        let roll = self.rng.below(1000);
        match self.mix {
            Mix::LawFirm => match roll {
                0..420 => self.sent(false),
                420..900 => self.received(),
                900..950 => self.anomaly(),
                950..960 => self.refused(),
                960..975 => self.virus(),
                975..985 => self.provider_notices(),
                _ => self.sent(true),
            },
            Mix::Office => match roll {
                0..700 => self.sent(false),
                700..930 => self.received(),
                930..970 => self.anomaly(),
                970..975 => self.refused(),
                975..980 => self.virus(),
                980..985 => self.provider_notices(),
                _ => self.sent(true),
            },
        }
    }

    /// A message the user sent: the original in Sent, the acceptance and one receipt per
    /// certified recipient in the inbox (or the 12/24-hour notices when `undelivered`).
    fn sent(&mut self, undelivered: bool) -> Result<()> {
        let at = self.tick();
        let to = self.recipients();
        let cc = if self.rng.below(5) == 0 {
            vec![address(self.rng, BETA)]
        } else {
            Vec::new()
        };
        let tipo = match (self.mix, self.rng.below(100)) {
            (Mix::LawFirm, 0..70) | (Mix::Office, 0..20) => None,
            (Mix::LawFirm, 70..85) | (Mix::Office, 20..60) => Some("breve"),
            _ => Some("sintetica"),
        };
        let raw = self.original(USER, &to, &cc, at, tipo);
        self.push(Folder::Sent, "ordinaria", raw.clone());
        let tx = self.accept(self.alfa, &raw, USER, at);
        let acc = self.alfa.accettazione(&tx, at)?;
        self.push(Folder::Inbox, "accettazione", acc);
        let later = at + Duration::seconds(30 + self.rng.below(90) as i64);
        for r in tx.recipients.clone() {
            if !certified(&r.address) {
                continue;
            }
            let g = self.gestore_of(&r.address);
            if undelivered {
                let m = self.alfa.preavviso_errore_consegna(
                    &tx,
                    &r,
                    at + Duration::hours(12),
                    false,
                )?;
                self.push(Folder::Inbox, "preavviso-errore-consegna", m);
                let m =
                    self.alfa
                        .preavviso_errore_consegna(&tx, &r, at + Duration::hours(24), true)?;
                self.push(Folder::Inbox, "preavviso-errore-consegna", m);
            } else if self.rng.below(100) < 7 {
                let esteso = format!("5.1.1 - {} - casella inesistente", g.name());
                let m = g.errore_consegna(&tx, &r, later, Errore::NoDest, &esteso)?;
                self.push(Folder::Inbox, "errore-consegna", m);
            } else {
                let m = g.avvenuta_consegna(&tx, &r, later)?;
                self.push(Folder::Inbox, "avvenuta-consegna", m);
            }
        }
        Ok(())
    }

    /// A certified envelope from a correspondent.
    fn received(&mut self) -> Result<()> {
        let at = self.tick();
        let from = address(self.rng, BETA);
        let cc = if self.rng.below(6) == 0 {
            vec![address(self.rng, BETA)]
        } else {
            Vec::new()
        };
        let raw = self.original(&from, &[USER.to_owned()], &cc, at, None);
        let tx = self.accept(self.beta, &raw, &from, at);
        let m = self.beta.envelope(&tx)?;
        self.push(Folder::Inbox, "posta-certificata", m);
        Ok(())
    }

    /// Ordinary mail that reached the PEC mailbox: an anomaly envelope.
    fn anomaly(&mut self) -> Result<()> {
        let at = self.tick();
        let from = address(self.rng, EXTERNAL);
        let raw = self.original(&from, &[USER.to_owned()], &[], at, None);
        let o = Original::parse(&raw).expect("our originals have headers");
        let m = self.alfa.anomalia(&o, at)?;
        self.push(Folder::Inbox, "anomalia", m);
        Ok(())
    }

    /// A submission refused at acceptance.
    fn refused(&mut self) -> Result<()> {
        let at = self.tick();
        let to = self.recipients();
        let raw = self.original(USER, &to, &[], at, None);
        self.push(Folder::Sent, "ordinaria", raw.clone());
        let tx = self.accept(self.alfa, &raw, USER, at);
        let m = self.alfa.non_accettazione(
            &tx,
            at,
            "Destinatari in copia nascosta (Bcc) non ammessi",
        )?;
        self.push(Folder::Inbox, "non-accettazione", m);
        Ok(())
    }

    /// A virus: refused at acceptance, or found by the recipient's provider.
    fn virus(&mut self) -> Result<()> {
        let at = self.tick();
        let to = vec![address(self.rng, BETA)];
        let raw = self.original(USER, &to, &[], at, None);
        self.push(Folder::Sent, "ordinaria", raw.clone());
        let tx = self.accept(self.alfa, &raw, USER, at);
        if self.rng.below(2) == 0 {
            let m = self.alfa.non_accettazione_virus(&tx, at)?;
            self.push(Folder::Inbox, "non-accettazione", m);
        } else {
            let acc = self.alfa.accettazione(&tx, at)?;
            self.push(Folder::Inbox, "accettazione", acc);
            let r = tx.recipients[0].clone();
            let m = self
                .beta
                .errore_consegna_virus(&tx, &r, at + Duration::seconds(40))?;
            self.push(Folder::Inbox, "errore-consegna", m);
        }
        Ok(())
    }

    /// Notices providers send each other (taking in charge, virus detected), as they would
    /// appear in a provider's service mailbox: every kind is in the data set.
    fn provider_notices(&mut self) -> Result<()> {
        let at = self.tick();
        let to = vec![address(self.rng, BETA)];
        let raw = self.original(USER, &to, &[], at, None);
        let tx = self.accept(self.alfa, &raw, USER, at);
        let r = tx.recipients[0].clone();
        let m = self.beta.presa_in_carico(
            &tx,
            at + Duration::seconds(10),
            std::slice::from_ref(&r.address),
        )?;
        self.push(Folder::Inbox, "presa-in-carico", m);
        if self.rng.below(3) == 0 {
            let m = self
                .beta
                .rilevazione_virus(&tx, &r, at + Duration::seconds(20))?;
            self.push(Folder::Inbox, "rilevazione-virus", m);
        }
        Ok(())
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Text in lines of at most ~72 characters, CRLF.
fn wrap(text: &str) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in text.split(' ') {
        if col > 0 && col + w.len() > 72 {
            out.push_str("\r\n");
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.chars().count();
    }
    out
}

/// Count, total bytes, mean and median size, and how many of each kind.
pub struct Description {
    /// Messages.
    pub count: usize,
    /// Bytes in all.
    pub bytes: u64,
    /// Median size.
    pub median: u64,
    /// 99th percentile size.
    pub p99: u64,
    /// Largest.
    pub max: u64,
    /// Kind → count, in a fixed order.
    pub kinds: Vec<(&'static str, usize)>,
}

/// Describes a data set.
pub fn describe(msgs: &[Msg]) -> Description {
    let mut sizes: Vec<u64> = msgs.iter().map(|m| m.bytes.len() as u64).collect();
    sizes.sort_unstable();
    let at = |p: f64| {
        sizes
            .get(((sizes.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for m in msgs {
        match kinds.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((m.kind, 1)),
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Description {
        count: msgs.len(),
        bytes: sizes.iter().sum(),
        median: at(0.5),
        p99: at(0.99),
        max: sizes.last().copied().unwrap_or(0),
        kinds,
    }
}

/// An mbox data set kept on disk: its files and what they hold.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Cached {
    /// The INBOX mbox.
    pub inbox: std::path::PathBuf,
    /// The Sent mbox.
    pub sent: std::path::PathBuf,
    /// Messages in all.
    pub messages: usize,
    /// Of those, in INBOX.
    pub inbox_messages: usize,
    /// Bytes of the messages (not counting the mbox separators).
    pub bytes: u64,
    /// Messages per kind.
    pub kinds: Vec<(String, usize)>,
    /// Median message size.
    pub median: u64,
    /// Generator version and seed the files were made with.
    pub made_by: String,
}

/// Changes whenever the generator would make other bytes: a cached set of another version is
/// made again.
pub const GENERATOR_VERSION: &str = "office-3";

impl Generator {
    /// `n` messages (inbox and sent) as two mbox files in `dir`, made once: a later call with
    /// the same size, seed and generator version finds them there (`manifest.json` is written
    /// last, so a set cut short is made again).
    pub fn cached_mboxes(
        &self,
        dir: &std::path::Path,
        n: usize,
        log: &dyn Fn(&str),
    ) -> Result<Cached> {
        let made_by = format!("{GENERATOR_VERSION} seed {} {:?}", self.seed, self.mix);
        let manifest = dir.join("manifest.json");
        if let Ok(text) = std::fs::read_to_string(&manifest)
            && let Ok(c) = serde_json::from_str::<Cached>(&text)
            && c.messages == n
            && c.made_by == made_by
            && c.inbox.exists()
            && c.sent.exists()
        {
            return Ok(c);
        }
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let inbox = dir.join("INBOX");
        let sent = dir.join("Sent");
        let mut inbox_out =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&inbox)?);
        let mut sent_out =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&sent)?);
        // Far from the chunks of the other data sets.
        let mut chunk = 2_000_000;
        let (mut done, mut in_inbox, mut bytes) = (0usize, 0usize, 0u64);
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        let mut sizes: Vec<u32> = Vec::with_capacity(n);
        let mut last_log = std::time::Instant::now();
        while done < n {
            let (msgs, next) = self.generate(chunk, (n - done).min(20_000), false)?;
            chunk = next;
            for m in &msgs {
                let out = match m.folder {
                    Folder::Inbox => {
                        in_inbox += 1;
                        &mut inbox_out
                    }
                    Folder::Sent => &mut sent_out,
                };
                sigillo::import::mbox::write_mbox(out, &[m.bytes.as_slice()])?;
                bytes += m.bytes.len() as u64;
                sizes.push(m.bytes.len() as u32);
                *kinds.entry(m.kind.to_owned()).or_default() += 1;
            }
            done += msgs.len();
            if last_log.elapsed().as_secs() >= 30 || done >= n {
                log(&format!("data set: {done} of {n} messages made"));
                last_log = std::time::Instant::now();
            }
        }
        use std::io::Write as _;
        inbox_out.flush()?;
        sent_out.flush()?;
        drop((inbox_out, sent_out));
        sizes.sort_unstable();
        let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let c = Cached {
            inbox,
            sent,
            messages: done,
            inbox_messages: in_inbox,
            bytes,
            kinds,
            median: sizes.get(sizes.len() / 2).copied().unwrap_or(0) as u64,
            made_by,
        };
        std::fs::write(&manifest, serde_json::to_string_pretty(&c)?)?;
        Ok(c)
    }
}
