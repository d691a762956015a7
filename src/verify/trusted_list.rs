//! Reads an ETSI TS 119 612 trusted list (the XML each EU member state publishes, e.g. the
//! Italian one by AgID): which trust service providers offer which services, with the
//! certificates that identify each service and the status history.
//!
//! Only certificates at `TrustServiceProviderList / TrustServiceProvider / TSPServices /
//! TSPService / ServiceInformation / ServiceDigitalIdentity / DigitalId / X509Certificate` are
//! taken; the list's own signature certificate and the pointers to other lists are not trust
//! anchors and are never read as such. The list's XML signature is not checked here (no network
//! to fetch the list of lists): the user imports a file they obtained from the official source.

use base64::Engine;
use chrono::{DateTime, Utc};

use crate::xml::{self, Element, XmlError};

/// Service type of certificate authorities issuing qualified certificates.
pub const SERVICE_TYPE_CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";

/// Statuses under which a service counts as qualified / supervised (eIDAS and the pre-eIDAS
/// Directive 1999/93 values, and national recognition).
const QUALIFIED_STATUSES: &[&str] = &[
    "/granted",
    "/accredited",
    "/undersupervision",
    "/supervisionincessation",
    "/recognisedatnationallevel",
];

/// Additional service information values that make a CA/QC service relevant to signatures.
const FOR_SIGNATURES: &[&str] = &["/ForeSignatures", "/ForeSeals"];

/// True when a status URI means "qualified / supervised".
pub fn is_qualified_status(uri: &str) -> bool {
    QUALIFIED_STATUSES.iter().any(|s| uri.trim().ends_with(s))
}

/// The last path segment of a status URI (`granted`, `withdrawn`, …), for people.
pub fn status_word(uri: &str) -> &str {
    uri.trim().rsplit('/').next().unwrap_or(uri)
}

/// A status and when it started.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusPeriod {
    /// The status URI.
    pub status: String,
    /// When it started; `None` when the list does not say (or says something unreadable).
    pub from: Option<DateTime<Utc>>,
}

/// One service of one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlService {
    /// The provider's name.
    pub provider: String,
    /// The service's name.
    pub name: String,
    /// Its type URI.
    pub service_type: String,
    /// The current status and the history, oldest first.
    pub history: Vec<StatusPeriod>,
    /// DER of the certificates that identify the service.
    pub certificates: Vec<Vec<u8>>,
    /// Additional service information URIs (e.g. `…/ForeSignatures`).
    pub additional_info: Vec<String>,
    /// Certificates whose base64 could not be decoded.
    pub unreadable_certificates: usize,
}

impl TlService {
    /// True for a CA issuing qualified certificates for signatures or seals (a CA/QC service
    /// that states no purpose counts, as older lists state none).
    pub fn issues_qualified_signature_certificates(&self) -> bool {
        self.service_type.trim() == SERVICE_TYPE_CA_QC
            && (self
                .additional_info
                .iter()
                .all(|u| !u.contains("/SvcInfoExt/"))
                || self
                    .additional_info
                    .iter()
                    .any(|u| FOR_SIGNATURES.iter().any(|f| u.trim().ends_with(f))))
    }

    /// The status in force at `t`: the latest period that started at or before it.
    pub fn status_at(&self, t: DateTime<Utc>) -> Option<&StatusPeriod> {
        status_at(&self.history, t)
    }
}

/// The status in force at `t` in a history sorted oldest first; periods without a start count
/// as having always been in force.
pub fn status_at(history: &[StatusPeriod], t: DateTime<Utc>) -> Option<&StatusPeriod> {
    history.iter().rev().find(|p| p.from.is_none_or(|f| f <= t))
}

/// A whole trusted list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedList {
    /// SchemeTerritory (e.g. `IT`).
    pub territory: Option<String>,
    /// TSLSequenceNumber.
    pub sequence_number: Option<String>,
    /// ListIssueDateTime as written.
    pub issued: Option<String>,
    /// Every service of every provider.
    pub services: Vec<TlService>,
}

/// Why a file is not a readable trusted list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EtsiError {
    /// Not XML.
    #[error("the trusted list is not readable XML: {0}")]
    Xml(#[from] XmlError),
    /// XML, but another document.
    #[error(
        "the XML is not an ETSI TS 119 612 trusted list (its root is <{0}>, expected <TrustServiceStatusList>)"
    )]
    NotTrustedList(String),
}

fn first_name(e: Option<&Element>) -> String {
    e.and_then(|names| {
        names
            .children_named("Name")
            .find(|n| n.attr("lang").is_some_and(|l| l.eq_ignore_ascii_case("en")))
            .or_else(|| names.child("Name"))
    })
    .and_then(Element::value)
    .unwrap_or_default()
}

fn period(e: &Element) -> Option<StatusPeriod> {
    let status = e.text_at(&["ServiceStatus"])?;
    let from = e
        .text_at(&["StatusStartingTime"])
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc));
    Some(StatusPeriod { status, from })
}

fn decode_certificate(b64: &str) -> Option<Vec<u8>> {
    let clean: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(clean.trim_end_matches('='))
        .ok()
}

/// Reads a trusted list.
pub fn read_trusted_list(bytes: &[u8]) -> Result<TrustedList, EtsiError> {
    let doc = xml::parse(bytes)?;
    let root = doc.root;
    if root.name != "TrustServiceStatusList" {
        return Err(EtsiError::NotTrustedList(root.name));
    }
    let scheme = root.child("SchemeInformation");
    let mut list = TrustedList {
        territory: scheme.and_then(|s| s.text_at(&["SchemeTerritory"])),
        sequence_number: scheme.and_then(|s| s.text_at(&["TSLSequenceNumber"])),
        issued: scheme.and_then(|s| s.text_at(&["ListIssueDateTime"])),
        services: Vec::new(),
    };
    let Some(providers) = root.child("TrustServiceProviderList") else {
        return Ok(list);
    };
    for tsp in providers.children_named("TrustServiceProvider") {
        let provider = first_name(tsp.at(&["TSPInformation", "TSPName"]));
        let Some(services) = tsp.child("TSPServices") else {
            continue;
        };
        for svc in services.children_named("TSPService") {
            let Some(info) = svc.child("ServiceInformation") else {
                continue;
            };
            let mut s = TlService {
                provider: provider.clone(),
                name: first_name(info.child("ServiceName")),
                service_type: info.text_at(&["ServiceTypeIdentifier"]).unwrap_or_default(),
                history: Vec::new(),
                certificates: Vec::new(),
                additional_info: Vec::new(),
                unreadable_certificates: 0,
            };
            if let Some(identity) = info.child("ServiceDigitalIdentity") {
                for id in identity.children_named("DigitalId") {
                    for c in id.children_named("X509Certificate") {
                        match decode_certificate(&c.text) {
                            Some(der) if !der.is_empty() => s.certificates.push(der),
                            _ => s.unreadable_certificates += 1,
                        }
                    }
                }
            }
            if let Some(exts) = info.child("ServiceInformationExtensions") {
                for ext in exts.children_named("Extension") {
                    for asi in ext.children_named("AdditionalServiceInformation") {
                        if let Some(uri) = asi.text_at(&["URI"]) {
                            s.additional_info.push(uri);
                        }
                    }
                }
            }
            if let Some(history) = svc.child("ServiceHistory") {
                for inst in history.children_named("ServiceHistoryInstance") {
                    // A history entry of another type (the service changed type) does not
                    // say anything about the qualified status.
                    let same_type = inst
                        .text_at(&["ServiceTypeIdentifier"])
                        .is_none_or(|t| t == s.service_type);
                    if same_type && let Some(p) = period(inst) {
                        s.history.push(p);
                    }
                }
            }
            if let Some(p) = period(info) {
                s.history.push(p);
            }
            s.history.sort_by_key(|p| p.from);
            list.services.push(s);
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn status_history_is_read_at_a_time() {
        let h = vec![
            StatusPeriod {
                status: "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision".into(),
                from: Some(at("2010-01-01T00:00:00Z")),
            },
            StatusPeriod {
                status: "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted".into(),
                from: Some(at("2016-07-01T00:00:00Z")),
            },
            StatusPeriod {
                status: "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn".into(),
                from: Some(at("2022-01-01T00:00:00Z")),
            },
        ];
        assert!(status_at(&h, at("2009-01-01T00:00:00Z")).is_none());
        let s = |t| status_at(&h, at(t)).map(|p| status_word(&p.status).to_owned());
        assert_eq!(
            s("2012-05-05T00:00:00Z").as_deref(),
            Some("undersupervision")
        );
        assert_eq!(s("2020-05-05T00:00:00Z").as_deref(), Some("granted"));
        assert_eq!(s("2023-05-05T00:00:00Z").as_deref(), Some("withdrawn"));
        assert!(is_qualified_status(&h[0].status));
        assert!(is_qualified_status(&h[1].status));
        assert!(!is_qualified_status(&h[2].status));
    }

    #[test]
    fn only_ca_qc_services_for_signatures_count() {
        let mut s = TlService {
            provider: "P".into(),
            name: "S".into(),
            service_type: SERVICE_TYPE_CA_QC.into(),
            history: Vec::new(),
            certificates: Vec::new(),
            additional_info: Vec::new(),
            unreadable_certificates: 0,
        };
        assert!(s.issues_qualified_signature_certificates());
        s.additional_info = vec![
            "http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication".into(),
        ];
        assert!(!s.issues_qualified_signature_certificates());
        s.additional_info
            .push("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals".into());
        assert!(s.issues_qualified_signature_certificates());
        s.service_type = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST".into();
        assert!(!s.issues_qualified_signature_certificates());
    }

    #[test]
    fn other_xml_is_not_a_trusted_list() {
        assert_eq!(
            read_trusted_list(b"<FatturaElettronica/>").unwrap_err(),
            EtsiError::NotTrustedList("FatturaElettronica".into())
        );
        assert!(matches!(
            read_trusted_list(b"<TrustServiceStatusList>"),
            Err(EtsiError::Xml(_))
        ));
        let empty = read_trusted_list(b"<tsl:TrustServiceStatusList xmlns:tsl='u'/>").unwrap();
        assert!(empty.services.is_empty());
    }
}
