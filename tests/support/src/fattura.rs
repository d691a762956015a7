//! Invented FatturaPA invoices and SdI messages, written the way real producers write them
//! (root prefix `p:`, `ns2:`, `a:` or none; FPA12 and FPR12). Every name, VAT number, fiscal
//! code and IBAN here is made up.

use base64::Engine;

/// How to write an invoice.
#[derive(Clone)]
pub struct InvoiceSpec {
    /// `FPA12` or `FPR12`.
    pub format: &'static str,
    /// Root prefix, e.g. `p`, `ns2`, `a` or empty for a default namespace.
    pub prefix: &'static str,
    /// Number of bodies (a "lotto" has more than one).
    pub bodies: usize,
    /// Attachment bytes (one `Allegati` per entry).
    pub attachments: Vec<(&'static str, Vec<u8>)>,
}

impl Default for InvoiceSpec {
    fn default() -> Self {
        InvoiceSpec {
            format: "FPR12",
            prefix: "p",
            bodies: 1,
            attachments: vec![("preventivo.pdf", b"%PDF-1.4 preventivo di prova".to_vec())],
        }
    }
}

fn b64_wrapped(data: &[u8]) -> String {
    let s = base64::engine::general_purpose::STANDARD.encode(data);
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn body(n: usize, attachments: &[(&str, Vec<u8>)]) -> String {
    let allegati: String = attachments
        .iter()
        .map(|(name, data)| {
            format!(
                r#"
    <Allegati>
      <NomeAttachment>{name}</NomeAttachment>
      <FormatoAttachment>PDF</FormatoAttachment>
      <DescrizioneAttachment>Allegato di prova</DescrizioneAttachment>
      <Attachment>{}</Attachment>
    </Allegati>"#,
                b64_wrapped(data)
            )
        })
        .collect();
    format!(
        r#"
  <FatturaElettronicaBody>
    <DatiGenerali>
      <DatiGeneraliDocumento>
        <TipoDocumento>TD01</TipoDocumento>
        <Divisa>EUR</Divisa>
        <Data>2024-03-1{n}</Data>
        <Numero>FT-2024/00{n}</Numero>
        <DatiBollo><BolloVirtuale>SI</BolloVirtuale><ImportoBollo>2.00</ImportoBollo></DatiBollo>
        <ImportoTotaleDocumento>1186.00</ImportoTotaleDocumento>
        <Causale>Servizi di prova &amp; consulenza</Causale>
        <Causale>secondo periodo</Causale>
      </DatiGeneraliDocumento>
    </DatiGenerali>
    <DatiBeniServizi>
      <DettaglioLinee>
        <NumeroLinea>1</NumeroLinea>
        <Descrizione>Consulenza tecnica (ore)</Descrizione>
        <Quantita>10.00</Quantita>
        <UnitaMisura>ore</UnitaMisura>
        <PrezzoUnitario>80.00000000</PrezzoUnitario>
        <PrezzoTotale>800.00</PrezzoTotale>
        <AliquotaIVA>22.00</AliquotaIVA>
      </DettaglioLinee>
      <DettaglioLinee>
        <NumeroLinea>2</NumeroLinea>
        <Descrizione>Manuale cartaceo</Descrizione>
        <Quantita>2.00</Quantita>
        <PrezzoUnitario>100.00</PrezzoUnitario>
        <PrezzoTotale>200.00</PrezzoTotale>
        <AliquotaIVA>4.00</AliquotaIVA>
      </DettaglioLinee>
      <DettaglioLinee>
        <NumeroLinea>3</NumeroLinea>
        <Descrizione>Marca da bollo</Descrizione>
        <PrezzoUnitario>2.00</PrezzoUnitario>
        <PrezzoTotale>2.00</PrezzoTotale>
        <AliquotaIVA>0.00</AliquotaIVA>
        <Natura>N1</Natura>
      </DettaglioLinee>
      <DatiRiepilogo>
        <AliquotaIVA>22.00</AliquotaIVA>
        <ImponibileImporto>800.00</ImponibileImporto>
        <Imposta>176.00</Imposta>
        <EsigibilitaIVA>I</EsigibilitaIVA>
      </DatiRiepilogo>
      <DatiRiepilogo>
        <AliquotaIVA>4.00</AliquotaIVA>
        <ImponibileImporto>200.00</ImponibileImporto>
        <Imposta>8.00</Imposta>
        <EsigibilitaIVA>I</EsigibilitaIVA>
      </DatiRiepilogo>
      <DatiRiepilogo>
        <AliquotaIVA>0.00</AliquotaIVA>
        <Natura>N1</Natura>
        <ImponibileImporto>2.00</ImponibileImporto>
        <Imposta>0.00</Imposta>
        <RiferimentoNormativo>Escluse ex art. 15</RiferimentoNormativo>
      </DatiRiepilogo>
    </DatiBeniServizi>
    <DatiPagamento>
      <CondizioniPagamento>TP01</CondizioniPagamento>
      <DettaglioPagamento>
        <ModalitaPagamento>MP05</ModalitaPagamento>
        <DataScadenzaPagamento>2024-04-30</DataScadenzaPagamento>
        <ImportoPagamento>600.00</ImportoPagamento>
        <IstitutoFinanziario>Banca di Prova</IstitutoFinanziario>
        <IBAN>IT60X0542811101000000123456</IBAN>
      </DettaglioPagamento>
      <DettaglioPagamento>
        <ModalitaPagamento>MP12</ModalitaPagamento>
        <DataScadenzaPagamento>2024-05-31</DataScadenzaPagamento>
        <ImportoPagamento>586.00</ImportoPagamento>
      </DettaglioPagamento>
    </DatiPagamento>{allegati}
  </FatturaElettronicaBody>"#
    )
}

/// An invoice as its XML bytes.
pub fn invoice(spec: &InvoiceSpec) -> Vec<u8> {
    let (open, close, ns) = if spec.prefix.is_empty() {
        (
            "FatturaElettronica".to_owned(),
            "FatturaElettronica".to_owned(),
            r#"xmlns="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2""#.to_owned(),
        )
    } else {
        (
            format!("{}:FatturaElettronica", spec.prefix),
            format!("{}:FatturaElettronica", spec.prefix),
            format!(
                r#"xmlns:{}="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2""#,
                spec.prefix
            ),
        )
    };
    let customer = if spec.format == "FPA12" {
        r#"<CessionarioCommittente>
      <DatiAnagrafici>
        <CodiceFiscale>80000000000</CodiceFiscale>
        <Anagrafica><Denominazione>Comune di Esempio (ente di prova)</Denominazione></Anagrafica>
      </DatiAnagrafici>
      <Sede><Indirizzo>Piazza del Municipio</Indirizzo><NumeroCivico>1</NumeroCivico><CAP>00100</CAP><Comune>Esempio</Comune><Provincia>RM</Provincia><Nazione>IT</Nazione></Sede>
    </CessionarioCommittente>"#
    } else {
        r#"<CessionarioCommittente>
      <DatiAnagrafici>
        <CodiceFiscale>PRVGNN80A01H501Z</CodiceFiscale>
        <Anagrafica><Nome>Giovanna</Nome><Cognome>Prova</Cognome></Anagrafica>
      </DatiAnagrafici>
      <Sede><Indirizzo>Via dei Test</Indirizzo><NumeroCivico>7</NumeroCivico><CAP>20100</CAP><Comune>Milano</Comune><Provincia>MI</Provincia><Nazione>IT</Nazione></Sede>
    </CessionarioCommittente>"#
    };
    let bodies: String = (1..=spec.bodies)
        .map(|n| body(n, &spec.attachments))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{open} versione="{format}" {ns} xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <FatturaElettronicaHeader>
    <DatiTrasmissione>
      <IdTrasmittente><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdTrasmittente>
      <ProgressivoInvio>00001</ProgressivoInvio>
      <FormatoTrasmissione>{format}</FormatoTrasmissione>
      <CodiceDestinatario>{dest}</CodiceDestinatario>
    </DatiTrasmissione>
    <CedentePrestatore>
      <DatiAnagrafici>
        <IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>01234567890</IdCodice></IdFiscaleIVA>
        <CodiceFiscale>01234567890</CodiceFiscale>
        <Anagrafica><Denominazione>Fornitore di Prova S.r.l.</Denominazione></Anagrafica>
        <RegimeFiscale>RF01</RegimeFiscale>
      </DatiAnagrafici>
      <Sede><Indirizzo>Via della Prova</Indirizzo><NumeroCivico>12</NumeroCivico><CAP>10100</CAP><Comune>Torino</Comune><Provincia>TO</Provincia><Nazione>IT</Nazione></Sede>
      <Contatti><Email>fatture@fornitore.invalid</Email></Contatti>
    </CedentePrestatore>
    {customer}
  </FatturaElettronicaHeader>{bodies}
</{close}>
"#,
        format = spec.format,
        dest = if spec.format == "FPA12" { "UFABCD" } else { "0000000" },
    )
    .into_bytes()
}

/// An SdI message with the given root element and inner XML, prefixed `ns3:` as SdI writes.
pub fn sdi(root: &str, inner: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ns3:{root} xmlns:ns3="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" versione="1.0">
    <IdentificativoSdI>111222333</IdentificativoSdI>
    {inner}
    <MessageId>444555666</MessageId>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>
</ns3:{root}>"#
    )
    .into_bytes()
}

/// A plain e-mail (not PEC) carrying the given attachments, base64-encoded.
pub fn mail_with_attachments(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut m = String::from(
        "From: fornitore@example.invalid\r\nTo: cliente@example.invalid\r\nSubject: fatture\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nin allegato\r\n",
    );
    for (name, data) in parts {
        m.push_str(&format!(
            "--B\r\nContent-Type: application/octet-stream; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64::engine::general_purpose::STANDARD.encode(data)
        ));
    }
    m.push_str("--B--\r\n");
    m.into_bytes()
}
