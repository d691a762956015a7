//! REM messages ("PEC europea", ETSI EN 319 532-3 as the Italian REM Policy-IT profiles it),
//! made the way AgID's working-group examples are: `REM-*` header fields, a `multipart/mixed`
//! entity with sections tagged `REM-Section-Type` (introduction, the original as
//! `AttachedMimeMessage` for a dispatch, the ETSI EN 319 522-3 evidence), CMS-signed as
//! `multipart/signed`. The evidence itself is XAdES-signed with libxmlsec1 (through the
//! `xmlsec` binding) like the examples' (`URI=""` minus the signature, and the signed
//! properties), by the REM provider's own test certificate.

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use chrono::{DateTime, FixedOffset, Utc};
use sha2::Digest as _;

use super::mime::{self, Part};
use super::{BuildError, Style, wrap_signed};
use crate::pki::Signer;
use crate::smime;

const EVENT: &str = "http://uri.etsi.org/19522/Event/";
const REASON: &str = "http://uri.etsi.org/19522/EventReason/";

/// One submission to a REM provider, shared by its dispatch and receipts.
#[derive(Debug, Clone)]
pub struct RemTransaction {
    /// The id the provider gives the message (`MessageIdentifier`), without brackets.
    pub message_identifier: String,
    /// The sender's client Message-ID, with angle brackets (`REM-UAMessageIdentifier`).
    pub ua_message_id: String,
    /// The sender's address.
    pub sender: String,
    /// The recipients, in order (evidence indices are 1-based into this list).
    pub recipients: Vec<String>,
    /// 1-based indices of the recipients reached outside REM.
    pub outside: Vec<usize>,
    /// Subject of the original.
    pub subject: String,
    /// The submitted message, exactly as attached (`AttachedMimeMessage`).
    pub original: Vec<u8>,
    /// When it was submitted.
    pub submitted_at: DateTime<FixedOffset>,
}

impl RemTransaction {
    /// SHA-256 of the original, base64 (the digest the evidence and `REM-DigestValue` carry).
    pub fn digest(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&self.original))
    }
}

/// A REM provider as a message factory.
pub struct RemGestore {
    domain: String,
    name: String,
    signer: Signer,
    counter: AtomicU64,
}

impl std::fmt::Debug for RemGestore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemGestore")
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn utc(at: &DateTime<FixedOffset>) -> String {
    at.with_timezone(&Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

impl RemGestore {
    /// A REM provider for `domain` named `name`, signing with `signer`.
    pub fn new(domain: &str, name: &str, signer: Signer) -> Self {
        RemGestore {
            domain: domain.to_ascii_lowercase(),
            name: name.to_owned(),
            signer,
            counter: AtomicU64::new(0),
        }
    }

    /// The provider's mail domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The address its messages come from: the one its certificate names, else
    /// `rem-service@<domain>`.
    pub fn service_address(&self) -> String {
        self.signer
            .cert
            .subject_alt_names()
            .and_then(|names| names.iter().find_map(|n| n.email().map(str::to_owned)))
            .unwrap_or_else(|| format!("rem-service@{}", self.domain))
    }

    fn new_id(&self, at: &DateTime<FixedOffset>) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let mut tag = [0u8; 4];
        let _ = openssl::rand::rand_bytes(&mut tag);
        format!(
            "rem-test.{}.{}.{n}@{}",
            at.format("%Y%m%d%H%M%S"),
            hex::encode(tag),
            self.domain
        )
    }

    /// A new transaction for a submitted message (each argument is one field of it).
    #[allow(clippy::too_many_arguments)]
    pub fn accept(
        &self,
        original: Vec<u8>,
        sender: &str,
        recipients: Vec<String>,
        outside: Vec<usize>,
        subject: &str,
        ua_message_id: &str,
        at: DateTime<FixedOffset>,
    ) -> RemTransaction {
        RemTransaction {
            message_identifier: self.new_id(&at),
            ua_message_id: ua_message_id.to_owned(),
            sender: sender.to_owned(),
            recipients,
            outside,
            subject: subject.to_owned(),
            original,
            submitted_at: at,
        }
    }

    /// The evidence XML of `event` for `tx`, XAdES-signed.
    pub fn evidence(
        &self,
        tx: &RemTransaction,
        event: &str,
        reason: &str,
        code: &str,
        refers: &[usize],
        at: DateTime<FixedOffset>,
    ) -> Result<(String, Vec<u8>), BuildError> {
        let id = self.new_id(&at);
        let mut x = String::new();
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>");
        x.push_str("<tns:Evidence xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:elp=\"http://eidas.europa.eu/attributes/legalperson\" xmlns:ext=\"http://uri.etsi.org/19532/v1#\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" xmlns:tns=\"http://uri.etsi.org/19522/v1#\" version=\"EN319522v1.1.1\">\n");
        x.push_str(&format!(
            "  <tns:EvidenceIdentifier>{}</tns:EvidenceIdentifier>\n",
            xml_escape(&id)
        ));
        x.push_str(&format!(
            "  <tns:ERDSEventId>{EVENT}{event}</tns:ERDSEventId>\n"
        ));
        x.push_str(&format!(
            "  <tns:EventReasons><tns:EventReason><Code>{REASON}{reason}</Code><Details>{code}</Details></tns:EventReason></tns:EventReasons>\n"
        ));
        x.push_str(&format!("  <EventTime>{}</EventTime>\n", utc(&at)));
        x.push_str("  <tns:EvidenceIssuerPolicyID><PolicyID>http://uri.etsi.org/19532/v1#/REMbaseline</PolicyID></tns:EvidenceIssuerPolicyID>\n");
        x.push_str(&format!(
            "  <tns:EvidenceIssuerDetails><tns:Identity><saml:Attribute FriendlyName=\"LegalName\" Name=\"http://eidas.europa.eu/attributes/legalperson/LegalName\"><saml:AttributeValue>{}</saml:AttributeValue></saml:Attribute></tns:Identity></tns:EvidenceIssuerDetails>\n",
            xml_escape(&self.name)
        ));
        x.push_str(&format!(
            "  <tns:SenderDetails><Identifier IdentifierSchemeName=\"mailto\">{}</Identifier><AssuranceLevelsDetails><GlobalAssuranceLevel><AssuranceLevel>http://eidas.europa.eu/LoA/substantial</AssuranceLevel></GlobalAssuranceLevel></AssuranceLevelsDetails></tns:SenderDetails>\n",
            xml_escape(&tx.sender)
        ));
        for r in &tx.recipients {
            x.push_str(&format!(
                "  <tns:RecipientDetails><Identifier IdentifierSchemeName=\"mailto\">{}</Identifier></tns:RecipientDetails>\n",
                xml_escape(r)
            ));
        }
        x.push_str(&format!(
            "  <tns:SubmissionTime>{}</tns:SubmissionTime>\n",
            utc(&tx.submitted_at)
        ));
        let consignment = event.starts_with("ContentConsignment");
        if consignment {
            for i in refers {
                x.push_str(&format!(
                    "  <EvidenceRefersToRecipient>{i}</EvidenceRefersToRecipient>\n"
                ));
            }
        }
        x.push_str(&format!(
            "  <tns:MessageIdentifier>{}</tns:MessageIdentifier>\n",
            xml_escape(&tx.message_identifier)
        ));
        x.push_str(&format!(
            "  <tns:UserContentInfo><AppLayerIdentifier>{}</AppLayerIdentifier><ComposingParts>1</ComposingParts><tns:PartsInfo><tns:PartInfo><Identifier>urn:oid:1.3.6.1.7</Identifier><ContentType>message/rfc822</ContentType><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>{}</ds:DigestValue></tns:PartInfo></tns:PartsInfo></tns:UserContentInfo>\n",
            xml_escape(&tx.ua_message_id),
            tx.digest()
        ));
        x.push_str(
            "  <tns:Extensions><tns:Extension isCritical=\"false\"><ext:GeneralEvidenceInfo>",
        );
        x.push_str(&format!(
            "<ext:Subject>{}</ext:Subject>",
            xml_escape(&tx.subject)
        ));
        for i in &tx.outside {
            x.push_str(&format!(
                "<ext:UntrustedPathToRecipient>{i}</ext:UntrustedPathToRecipient>"
            ));
        }
        x.push_str("</ext:GeneralEvidenceInfo></tns:Extension>");
        if !consignment && !refers.is_empty() {
            x.push_str("<tns:Extension isCritical=\"false\"><ext:RelayEvidenceInfo>");
            for i in refers {
                x.push_str(&format!(
                    "<ext:RelayEvidenceRefersTo>{i}</ext:RelayEvidenceRefersTo>"
                ));
            }
            x.push_str("</ext:RelayEvidenceInfo></tns:Extension>");
        }
        x.push_str("</tns:Extensions>\n");
        x.push_str(&self.signature_template(&at)?);
        x.push_str("</tns:Evidence>");
        Ok((id, xades::sign(&x, &self.signer)?))
    }

    /// The `ds:Signature` to be filled in by libxmlsec1: the references, the certificates and
    /// the XAdES signed properties (signing time, digest of the signing certificate).
    fn signature_template(&self, at: &DateTime<FixedOffset>) -> Result<String, BuildError> {
        let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
        let cert = self
            .signer
            .cert
            .to_der()
            .map_err(|e| BuildError::Evidence(e.to_string()))?;
        let mut certs = format!("<ds:X509Certificate>{}</ds:X509Certificate>", b64(&cert));
        for c in &self.signer.chain {
            let der = c
                .to_der()
                .map_err(|e| BuildError::Evidence(e.to_string()))?;
            certs.push_str(&format!(
                "<ds:X509Certificate>{}</ds:X509Certificate>",
                b64(&der)
            ));
        }
        let digest = b64(&sha2::Sha256::digest(&cert));
        Ok(format!(
            "<ds:Signature Id=\"id-sig\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
<ds:Reference Id=\"r-id-sig-1\" URI=\"\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\"><dsig-filter2:XPath xmlns:dsig-filter2=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"subtract\">/descendant::ds:Signature</dsig-filter2:XPath></ds:Transform><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue></ds:DigestValue></ds:Reference>\
<ds:Reference Type=\"http://uri.etsi.org/01903#SignedProperties\" URI=\"#xades-id-sig\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo>\
<ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data>{certs}</ds:X509Data></ds:KeyInfo>\
<ds:Object><xades:QualifyingProperties xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\" Target=\"#id-sig\"><xades:SignedProperties Id=\"xades-id-sig\"><xades:SignedSignatureProperties><xades:SigningTime>{}</xades:SigningTime><xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>{digest}</ds:DigestValue></xades:CertDigest></xades:Cert></xades:SigningCertificateV2></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature>",
            utc(at)
        ))
    }

    /// The dispatch to the recipients: introduction, the original, the evidence of the
    /// submission acceptance.
    pub fn dispatch(
        &self,
        tx: &RemTransaction,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let (evidence_id, evidence) = self.evidence(
            tx,
            "SubmissionAcceptance",
            "MessageAccepted",
            "RA01",
            &[],
            at,
        )?;
        let intro = format!(
            "Messaggio REM\r\nIl messaggio \"{}\" e' stato inviato da \"{}\".\r\nIl messaggio originale e' incluso in allegato.\r\n",
            tx.subject, tx.sender
        );
        let mut parts = vec![
            Part::new(
                vec![
                    "REM-Section-Type: rem_message/introduction".into(),
                    "Content-Type: text/plain; charset=UTF-8".into(),
                    "Content-Transfer-Encoding: 8bit".into(),
                ],
                intro.into_bytes(),
            ),
            Part::new(
                vec![
                    "Content-Type: message/rfc822; name=AttachedMimeMessage".into(),
                    "Content-Transfer-Encoding: binary".into(),
                    "Content-Disposition: attachment; filename=AttachedMimeMessage".into(),
                    "REM-Section-Type: rem_message/original".into(),
                ],
                tx.original.clone(),
            ),
        ];
        parts.push(evidence_part("SubmissionAcceptance.xml", &evidence));
        let to: Vec<String> = tx.recipients.iter().map(|r| format!("<{r}>")).collect();
        self.message(
            tx,
            &format!("On behalf of: {}", tx.sender),
            &to.join(", "),
            &format!("REM Dispatch: {}", tx.subject),
            "dispatch",
            "SubmissionAcceptance",
            "MessageAccepted",
            &evidence_id,
            parts,
            at,
        )
    }

    /// A receipt to the sender: introduction and the evidence of `event`.
    #[allow(clippy::too_many_arguments)]
    pub fn receipt(
        &self,
        tx: &RemTransaction,
        event: &str,
        reason: &str,
        code: &str,
        refers: &[usize],
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let (evidence_id, evidence) = self.evidence(tx, event, reason, code, refers, at)?;
        let about: Vec<&str> = refers
            .iter()
            .filter_map(|i| tx.recipients.get(i.saturating_sub(1)).map(String::as_str))
            .collect();
        let intro = format!(
            "Ricevuta di {event}\r\nMessaggio \"{}\" inviato da \"{}\": {event} ({code}) per {}.\r\n",
            tx.subject,
            tx.sender,
            about.join(", ")
        );
        let parts = vec![
            Part::new(
                vec![
                    "REM-Section-Type: rem_message/introduction".into(),
                    "Content-Type: text/plain; charset=UTF-8".into(),
                    "Content-Transfer-Encoding: 8bit".into(),
                ],
                intro.into_bytes(),
            ),
            evidence_part(&format!("{event}.xml"), &evidence),
        ];
        self.message(
            tx,
            "",
            &format!("<{}>", tx.sender),
            &format!("REM {event}: {}", tx.subject),
            "receipt",
            event,
            reason,
            &evidence_id,
            parts,
            at,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn message(
        &self,
        tx: &RemTransaction,
        from_name: &str,
        to: &str,
        subject: &str,
        message_type: &str,
        event: &str,
        reason: &str,
        evidence_id: &str,
        parts: Vec<Part>,
        at: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>, BuildError> {
        let id = self.new_id(&at);
        let from = if from_name.is_empty() {
            format!("<{}>", self.service_address())
        } else {
            format!(
                "{} <{}>",
                mime::display_name(from_name),
                self.service_address()
            )
        };
        let headers: Vec<Vec<u8>> = [
            format!("From: {from}"),
            format!("To: {to}"),
            format!("Subject: {}", mime::encode_header_value(subject)),
            format!("Date: {}", mime::rfc5322_date(&at)),
            format!("Message-ID: <{id}>"),
            "REM-MetadataVersion: EN31953203V010201".into(),
            "REM-ApplicablePolicy: http://uri.etsi.org/19532/v1#/REMbaseline".into(),
            format!("REM-MessageType: http://uri.etsi.org/19522/v1#/ERDMessageType/{message_type}"),
            "REM-DigestAlgorithm: http://www.w3.org/2001/04/xmlenc#sha256".into(),
            format!("REM-DigestValue: {}", tx.digest()),
            format!("REM-UAMessageIdentifier: {}", tx.ua_message_id),
            format!("REM-EventIdentifier: {EVENT}{event}"),
            format!("REM-Evidence-ID: <{evidence_id}>"),
            format!("REM-ReasonIdentifier: {REASON}{reason}"),
        ]
        .into_iter()
        .map(|h| format!("{h}\r\n").into_bytes())
        .collect();
        let entity = Part::multipart("mixed", &mime::boundary(&id, 1), vec![], &parts).to_bytes();
        let style = Style::plain_sha256();
        let p7s = smime::sign_detached(&entity, &self.signer, style.digest, &at)?;
        Ok(wrap_signed(
            headers,
            &entity,
            &p7s,
            style,
            &mime::boundary(&id, 0),
        ))
    }
}

fn evidence_part(name: &str, xml: &[u8]) -> Part {
    Part::new(
        vec![
            format!("Content-Type: application/xml; charset=UTF-8; name=\"{name}\""),
            "Content-Transfer-Encoding: base64".into(),
            format!("Content-Disposition: attachment; filename=\"{name}\""),
            "REM-Section-Type: rem_message/xml_evidence".into(),
        ],
        mime::base64_lines(xml),
    )
}

/// XAdES signing of an evidence template with libxmlsec1.
mod xades {
    use super::BuildError;
    use crate::pki::Signer;

    /// Fills in the digests and the signature value of the template inside `xml`.
    pub fn sign(xml: &str, signer: &Signer) -> Result<Vec<u8>, BuildError> {
        use std::sync::Mutex;
        use xmlsec::{XmlSecDocumentExt, XmlSecKey, XmlSecKeyFormat, XmlSecSignatureContext};
        static LOCK: Mutex<()> = Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let fail = BuildError::Evidence;
        let key = signer
            .key
            .private_key_to_pem_pkcs8()
            .map_err(|e| fail(format!("the key: {e}")))?;
        let options = libxml::parser::ParserOptions {
            recover: false,
            no_net: true,
            ..Default::default()
        };
        let doc = libxml::parser::Parser::default()
            .parse_string_with_options(xml.as_bytes(), options)
            .map_err(|e| fail(format!("the evidence template does not parse: {e:?}")))?;
        doc.specify_idattr(
            "//xades:SignedProperties",
            "Id",
            Some(&[("xades", "http://uri.etsi.org/01903/v1.3.2#")]),
        )
        .map_err(|e| fail(format!("{e:?}")))?;
        let key = XmlSecKey::from_memory(&key, XmlSecKeyFormat::Pem, None)
            .map_err(|e| fail(format!("{e:?}")))?;
        let mut ctx = XmlSecSignatureContext::new();
        ctx.insert_key(key);
        ctx.sign_document(&doc)
            .map_err(|e| fail(format!("libxmlsec1 could not sign: {e:?}")))?;
        Ok(doc
            .to_string_with_options(libxml::tree::SaveOptions {
                format: false,
                ..Default::default()
            })
            .into_bytes())
    }
}
