//! The FatturaPA invoice (formats FPA12 for public administrations and FPR12 between
//! private parties, schema 1.2.x), read into a typed invoice: the parties, and for each
//! `FatturaElettronicaBody` the document data, lines, VAT summary, payment terms and attached
//! documents. Elements are matched by local name (producers prefix the root with `p:`, `ns2:`,
//! `ns3:`, `a:` or nothing). A malformed invoice gives an [`InvoiceError`] naming the element
//! (as a path such as `FatturaElettronicaBody[2]/DatiBeniServizi/DettaglioLinee[3]/PrezzoTotale`)
//! and what is wrong; the caller keeps the raw file.

use base64::Engine;
use chrono::NaiveDate;
use serde::Serialize;

use super::amount::{Amount, DecimalKind, Expected};
use crate::xml::{self, Element, XmlError};

/// A VAT or tax identifier: country and code (`IdFiscaleIVA`, `IdTrasmittente`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxId {
    /// ISO 3166-1 alpha-2 country (`IdPaese`).
    pub country: String,
    /// The code (`IdCodice`).
    pub code: String,
}

impl std::fmt::Display for TaxId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.country, self.code)
    }
}

/// A postal address (`Sede`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    /// `Indirizzo`.
    pub street: String,
    /// `NumeroCivico`.
    pub number: Option<String>,
    /// `CAP`.
    pub postcode: Option<String>,
    /// `Comune`.
    pub city: String,
    /// `Provincia`.
    pub province: Option<String>,
    /// `Nazione`.
    pub country: String,
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.street)?;
        if let Some(n) = &self.number {
            write!(f, " {n}")?;
        }
        write!(f, ", ")?;
        if let Some(p) = &self.postcode {
            write!(f, "{p} ")?;
        }
        write!(f, "{}", self.city)?;
        if let Some(p) = &self.province {
            write!(f, " ({p})")?;
        }
        write!(f, ", {}", self.country)
    }
}

/// Supplier (`CedentePrestatore`) or customer (`CessionarioCommittente`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Party {
    /// VAT number (`IdFiscaleIVA`).
    pub vat_id: Option<TaxId>,
    /// Fiscal code (`CodiceFiscale`).
    pub fiscal_code: Option<String>,
    /// Company name (`Denominazione`).
    pub denomination: Option<String>,
    /// Given name (`Nome`).
    pub name: Option<String>,
    /// Surname (`Cognome`).
    pub surname: Option<String>,
    /// Title (`Titolo`).
    pub title: Option<String>,
    /// Registered address (`Sede`).
    pub address: Option<Address>,
    /// Tax regime (`RegimeFiscale`, supplier only: RF01…RF19).
    pub tax_regime: Option<String>,
    /// E-mail of the supplier's contacts (`Contatti/Email`).
    pub email: Option<String>,
}

impl Party {
    /// The company name, else "Name Surname".
    pub fn display_name(&self) -> String {
        if let Some(d) = &self.denomination {
            return d.clone();
        }
        [&self.title, &self.name, &self.surname]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Transmission data (`DatiTrasmissione`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Transmission {
    /// Who transmitted (`IdTrasmittente`).
    pub sender: Option<TaxId>,
    /// `ProgressivoInvio`.
    pub progressive: Option<String>,
    /// `FormatoTrasmissione`.
    pub format: Option<String>,
    /// `CodiceDestinatario`.
    pub recipient_code: Option<String>,
    /// `PECDestinatario`.
    pub recipient_pec: Option<String>,
}

/// One invoice line (`DettaglioLinee`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// `NumeroLinea`.
    pub number: String,
    /// `Descrizione`.
    pub description: String,
    /// `Quantita`.
    pub quantity: Option<Amount>,
    /// `UnitaMisura`.
    pub unit: Option<String>,
    /// `PrezzoUnitario`.
    pub unit_price: Amount,
    /// `PrezzoTotale`.
    pub total: Amount,
    /// `AliquotaIVA`.
    pub vat_rate: Amount,
    /// `Natura` (N1…N7, with sub-codes such as N2.1), when the rate is zero.
    pub nature: Option<String>,
}

/// One row of the VAT summary (`DatiRiepilogo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatSummary {
    /// `AliquotaIVA`.
    pub vat_rate: Amount,
    /// `Natura`.
    pub nature: Option<String>,
    /// `ImponibileImporto`.
    pub taxable: Amount,
    /// `Imposta`.
    pub tax: Amount,
    /// `EsigibilitaIVA` (I immediate, D deferred, S split payment).
    pub chargeability: Option<String>,
    /// `RiferimentoNormativo`.
    pub legal_reference: Option<String>,
}

/// One payment instalment (`DettaglioPagamento`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentDetail {
    /// `ModalitaPagamento` (MP01…MP23).
    pub method: String,
    /// `Beneficiario`.
    pub beneficiary: Option<String>,
    /// `DataScadenzaPagamento`.
    pub due_date: Option<NaiveDate>,
    /// `ImportoPagamento`.
    pub amount: Amount,
    /// `IstitutoFinanziario`.
    pub bank: Option<String>,
    /// `IBAN`.
    pub iban: Option<String>,
}

/// Payment terms (`DatiPagamento`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// `CondizioniPagamento` (TP01 instalments, TP02 full, TP03 advance).
    pub conditions: String,
    /// The instalments.
    pub details: Vec<PaymentDetail>,
}

/// A document attached to the invoice (`Allegati`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceAttachment {
    /// `NomeAttachment`.
    pub name: String,
    /// `AlgoritmoCompressione`.
    pub compression: Option<String>,
    /// `FormatoAttachment`.
    pub format: Option<String>,
    /// `DescrizioneAttachment`.
    pub description: Option<String>,
    /// Size of the decoded attachment in bytes.
    pub size: usize,
    /// The decoded attachment.
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// One invoice of the file (`FatturaElettronicaBody`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceBody {
    /// `TipoDocumento` (TD01…TD29).
    pub document_type: String,
    /// `Divisa` (ISO 4217).
    pub currency: String,
    /// `Data`.
    pub date: NaiveDate,
    /// `Numero`.
    pub number: String,
    /// `ImportoTotaleDocumento`.
    pub total: Option<Amount>,
    /// `Arrotondamento`.
    pub rounding: Option<Amount>,
    /// `DatiBollo/ImportoBollo` (stamp duty).
    pub stamp_duty: Option<Amount>,
    /// `Causale` lines.
    pub reasons: Vec<String>,
    /// The lines.
    pub lines: Vec<Line>,
    /// The VAT summary.
    pub vat_summary: Vec<VatSummary>,
    /// Payment terms.
    pub payments: Vec<Payment>,
    /// Attached documents.
    pub attachments: Vec<InvoiceAttachment>,
}

impl InvoiceBody {
    /// Taxable amount plus tax over the VAT summary, in hundredths.
    pub fn summary_total_hundredths(&self) -> i128 {
        self.vat_summary
            .iter()
            .map(|s| s.taxable.hundredths() + s.tax.hundredths())
            .sum()
    }
}

/// Something a careful reader should know that does not make the invoice unreadable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum InvoiceWarning {
    /// Bytes not valid in the declared encoding were replaced.
    InvalidEncoding,
    /// The `versione` is neither FPA12 nor FPR12.
    UnknownFormat {
        /// What it says.
        format: String,
    },
    /// A code outside the published lists.
    UnknownCode {
        /// The element path.
        path: String,
        /// The value.
        value: String,
    },
}

/// A FatturaPA file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invoice {
    /// `versione` of the root (FPA12 or FPR12).
    pub format: String,
    /// Transmission data.
    pub transmission: Transmission,
    /// The supplier.
    pub supplier: Party,
    /// The customer.
    pub customer: Party,
    /// One or more invoices (a "lotto").
    pub bodies: Vec<InvoiceBody>,
    /// Warnings.
    pub warnings: Vec<InvoiceWarning>,
}

/// Why a file is not a readable invoice. Each names the element concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// Not XML.
    #[error("the invoice is not readable XML: {0}")]
    Xml(#[from] XmlError),
    /// XML, but not an invoice.
    #[error("the XML is not a FatturaPA invoice: its root is <{0}>, expected <FatturaElettronica>")]
    NotInvoice(String),
    /// A required element is missing or empty.
    #[error("the invoice lacks {path}")]
    Missing {
        /// Where.
        path: String,
    },
    /// An element holds a value of the wrong form.
    #[error("the invoice has {path} = \"{value}\", which is not {expected}")]
    Invalid {
        /// Where.
        path: String,
        /// What it holds (shortened).
        value: String,
        /// What was expected.
        expected: Expected,
    },
}

/// An element with its path, for error messages.
#[derive(Clone, Copy)]
struct At<'a> {
    el: &'a Element,
    path: &'a str,
}

/// Owned path + element pair for children.
struct Node<'a> {
    el: &'a Element,
    path: String,
}

impl<'a> Node<'a> {
    fn at(&self) -> At<'_> {
        At {
            el: self.el,
            path: &self.path,
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}/{name}")
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

impl<'a> At<'a> {
    fn child(&self, name: &str) -> Option<Node<'a>> {
        self.el.child(name).map(|el| Node {
            el,
            path: join(self.path, name),
        })
    }

    fn req(&self, name: &str) -> Result<Node<'a>, InvoiceError> {
        self.child(name).ok_or_else(|| InvoiceError::Missing {
            path: join(self.path, name),
        })
    }

    /// Every child with this name, numbered `[1]`, `[2]`… in the path.
    fn all(&self, name: &str) -> Vec<Node<'a>> {
        self.el
            .children
            .iter()
            .filter(|c| c.name == name)
            .enumerate()
            .map(|(i, el)| Node {
                el,
                path: format!("{}[{}]", join(self.path, name), i + 1),
            })
            .collect()
    }

    fn text(&self, name: &str) -> Option<String> {
        self.el.text_at(&[name])
    }

    fn req_text(&self, name: &str) -> Result<String, InvoiceError> {
        self.text(name).ok_or_else(|| InvoiceError::Missing {
            path: join(self.path, name),
        })
    }

    fn amount(&self, name: &str, kind: DecimalKind) -> Result<Option<Amount>, InvoiceError> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => Amount::parse(&v, kind)
                .map(Some)
                .ok_or_else(|| InvoiceError::Invalid {
                    path: join(self.path, name),
                    value: shorten(&v),
                    expected: kind.expected(),
                }),
        }
    }

    fn req_amount(&self, name: &str, kind: DecimalKind) -> Result<Amount, InvoiceError> {
        self.amount(name, kind)?
            .ok_or_else(|| InvoiceError::Missing {
                path: join(self.path, name),
            })
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, InvoiceError> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| InvoiceError::Invalid {
                    path: join(self.path, name),
                    value: shorten(&v),
                    expected: Expected::Date,
                }),
        }
    }
}

fn tax_id(n: Option<Node<'_>>) -> Result<Option<TaxId>, InvoiceError> {
    let Some(n) = n else { return Ok(None) };
    let at = n.at();
    Ok(Some(TaxId {
        country: at.req_text("IdPaese")?,
        code: at.req_text("IdCodice")?,
    }))
}

fn address(n: Option<Node<'_>>) -> Result<Option<Address>, InvoiceError> {
    let Some(n) = n else { return Ok(None) };
    let at = n.at();
    Ok(Some(Address {
        street: at.req_text("Indirizzo")?,
        number: at.text("NumeroCivico"),
        postcode: at.text("CAP"),
        city: at.req_text("Comune")?,
        province: at.text("Provincia"),
        country: at.req_text("Nazione")?,
    }))
}

fn party(n: &Node<'_>, supplier: bool) -> Result<Party, InvoiceError> {
    let at = n.at();
    let da = at.req("DatiAnagrafici")?;
    let da_at = da.at();
    let vat_id = tax_id(da_at.child("IdFiscaleIVA"))?;
    let fiscal_code = da_at.text("CodiceFiscale");
    if supplier && vat_id.is_none() {
        return Err(InvoiceError::Missing {
            path: join(&da.path, "IdFiscaleIVA"),
        });
    }
    if vat_id.is_none() && fiscal_code.is_none() {
        return Err(InvoiceError::Missing {
            path: join(&da.path, "IdFiscaleIVA"),
        });
    }
    let anagrafica = da_at.req("Anagrafica")?;
    let an = anagrafica.at();
    let p = Party {
        vat_id,
        fiscal_code,
        denomination: an.text("Denominazione"),
        name: an.text("Nome"),
        surname: an.text("Cognome"),
        title: an.text("Titolo"),
        address: address(Some(at.req("Sede")?))?,
        tax_regime: da_at.text("RegimeFiscale"),
        email: at.child("Contatti").and_then(|c| c.at().text("Email")),
    };
    if p.denomination.is_none() && (p.name.is_none() || p.surname.is_none()) {
        return Err(InvoiceError::Missing {
            path: join(&anagrafica.path, "Denominazione"),
        });
    }
    Ok(p)
}

fn decode_attachment(text: &str) -> Option<Vec<u8>> {
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(clean.trim_end_matches('='))
        .ok()
}

fn body(n: &Node<'_>) -> Result<InvoiceBody, InvoiceError> {
    let at = n.at();
    let dg = at.req("DatiGenerali")?;
    let dgd = dg.at().req("DatiGeneraliDocumento")?;
    let d = dgd.at();
    let date = d.date("Data")?.ok_or_else(|| InvoiceError::Missing {
        path: join(&dgd.path, "Data"),
    })?;
    let mut b = InvoiceBody {
        document_type: d.req_text("TipoDocumento")?,
        currency: d.req_text("Divisa")?,
        date,
        number: d.req_text("Numero")?,
        total: d.amount("ImportoTotaleDocumento", DecimalKind::Amount2)?,
        rounding: d.amount("Arrotondamento", DecimalKind::Amount2)?,
        stamp_duty: match d.child("DatiBollo") {
            Some(bollo) => bollo.at().amount("ImportoBollo", DecimalKind::Amount2)?,
            None => None,
        },
        reasons: d
            .all("Causale")
            .iter()
            .filter_map(|c| c.el.value())
            .collect(),
        lines: Vec::new(),
        vat_summary: Vec::new(),
        payments: Vec::new(),
        attachments: Vec::new(),
    };
    let dbs = at.req("DatiBeniServizi")?;
    let lines = dbs.at().all("DettaglioLinee");
    if lines.is_empty() {
        return Err(InvoiceError::Missing {
            path: join(&dbs.path, "DettaglioLinee"),
        });
    }
    for l in &lines {
        let a = l.at();
        b.lines.push(Line {
            number: a.req_text("NumeroLinea")?,
            description: a.req_text("Descrizione")?,
            quantity: a.amount("Quantita", DecimalKind::Quantity)?,
            unit: a.text("UnitaMisura"),
            unit_price: a.req_amount("PrezzoUnitario", DecimalKind::Amount8)?,
            total: a.req_amount("PrezzoTotale", DecimalKind::Amount8)?,
            vat_rate: a.req_amount("AliquotaIVA", DecimalKind::Rate)?,
            nature: a.text("Natura"),
        });
    }
    let summary = dbs.at().all("DatiRiepilogo");
    if summary.is_empty() {
        return Err(InvoiceError::Missing {
            path: join(&dbs.path, "DatiRiepilogo"),
        });
    }
    for s in &summary {
        let a = s.at();
        b.vat_summary.push(VatSummary {
            vat_rate: a.req_amount("AliquotaIVA", DecimalKind::Rate)?,
            nature: a.text("Natura"),
            taxable: a.req_amount("ImponibileImporto", DecimalKind::Amount2)?,
            tax: a.req_amount("Imposta", DecimalKind::Amount2)?,
            chargeability: a.text("EsigibilitaIVA"),
            legal_reference: a.text("RiferimentoNormativo"),
        });
    }
    for p in at.all("DatiPagamento") {
        let a = p.at();
        let mut payment = Payment {
            conditions: a.req_text("CondizioniPagamento")?,
            details: Vec::new(),
        };
        let details = a.all("DettaglioPagamento");
        if details.is_empty() {
            return Err(InvoiceError::Missing {
                path: join(&p.path, "DettaglioPagamento"),
            });
        }
        for dp in &details {
            let a = dp.at();
            payment.details.push(PaymentDetail {
                method: a.req_text("ModalitaPagamento")?,
                beneficiary: a.text("Beneficiario"),
                due_date: a.date("DataScadenzaPagamento")?,
                amount: a.req_amount("ImportoPagamento", DecimalKind::Amount2)?,
                bank: a.text("IstitutoFinanziario"),
                iban: a.text("IBAN"),
            });
        }
        b.payments.push(payment);
    }
    for al in at.all("Allegati") {
        let a = al.at();
        let raw = a.req("Attachment")?;
        let data = decode_attachment(&raw.el.text).ok_or_else(|| InvoiceError::Invalid {
            path: raw.path.clone(),
            value: shorten(raw.el.text.trim()),
            expected: Expected::Base64,
        })?;
        b.attachments.push(InvoiceAttachment {
            name: a.req_text("NomeAttachment")?,
            compression: a.text("AlgoritmoCompressione"),
            format: a.text("FormatoAttachment"),
            description: a.text("DescrizioneAttachment"),
            size: data.len(),
            data,
        });
    }
    Ok(b)
}

/// Reads an already parsed invoice.
pub fn invoice_from_tree(root: &Element) -> Result<Invoice, InvoiceError> {
    if root.name != "FatturaElettronica" {
        return Err(InvoiceError::NotInvoice(root.name.clone()));
    }
    let top = At {
        el: root,
        path: "FatturaElettronica",
    };
    let format = root
        .attr("versione")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| InvoiceError::Missing {
            path: "FatturaElettronica/@versione".into(),
        })?;
    let header_node = top.req("FatturaElettronicaHeader")?;
    let header = header_node.at();
    let transmission = match header.child("DatiTrasmissione") {
        Some(dt) => {
            let a = dt.at();
            Transmission {
                sender: tax_id(a.child("IdTrasmittente"))?,
                progressive: a.text("ProgressivoInvio"),
                format: a.text("FormatoTrasmissione"),
                recipient_code: a.text("CodiceDestinatario"),
                recipient_pec: a.text("PECDestinatario"),
            }
        }
        None => Transmission::default(),
    };
    let supplier = party(&header.req("CedentePrestatore")?, true)?;
    let customer = party(&header.req("CessionarioCommittente")?, false)?;
    let body_nodes = top.all("FatturaElettronicaBody");
    if body_nodes.is_empty() {
        return Err(InvoiceError::Missing {
            path: "FatturaElettronica/FatturaElettronicaBody".into(),
        });
    }
    let mut bodies = Vec::new();
    for n in &body_nodes {
        bodies.push(body(n)?);
    }
    let mut warnings = Vec::new();
    if !matches!(format.as_str(), "FPA12" | "FPR12") {
        warnings.push(InvoiceWarning::UnknownFormat {
            format: format.clone(),
        });
    }
    for (i, b) in bodies.iter().enumerate() {
        let base = format!("FatturaElettronica/FatturaElettronicaBody[{}]", i + 1);
        if !super::codes::DOCUMENT_TYPES.contains(&b.document_type.as_str()) {
            warnings.push(InvoiceWarning::UnknownCode {
                path: format!("{base}/DatiGenerali/DatiGeneraliDocumento/TipoDocumento"),
                value: b.document_type.clone(),
            });
        }
        for p in &b.payments {
            for d in &p.details {
                if !super::codes::PAYMENT_METHODS.contains(&d.method.as_str()) {
                    warnings.push(InvoiceWarning::UnknownCode {
                        path: format!("{base}/DatiPagamento/DettaglioPagamento/ModalitaPagamento"),
                        value: d.method.clone(),
                    });
                }
            }
        }
    }
    Ok(Invoice {
        format,
        transmission,
        supplier,
        customer,
        bodies,
        warnings,
    })
}

/// Reads an invoice from its XML bytes.
pub fn read_invoice(bytes: &[u8]) -> Result<Invoice, InvoiceError> {
    let doc = xml::parse(bytes)?;
    let mut inv = invoice_from_tree(&doc.root)?;
    if !doc.warnings.is_empty() {
        inv.warnings.insert(0, InvoiceWarning::InvalidEncoding);
    }
    Ok(inv)
}
