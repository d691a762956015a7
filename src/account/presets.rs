//! Server settings of the main Italian PEC providers, each with the page it comes from and an
//! honest status. Nothing could be fetched while writing them: a preset is `Confirmed` only
//! where a stored copy of the provider's own page showed the value; everything else is marked
//! `ToCheck` with what is missing. The account wizard shows that status, and every value can
//! be changed (custom parameters).
//!
//! Also here: the mail domains known to belong to PEC providers, used to warn that a recipient
//! is probably outside PEC (no delivery receipt will come). The list is the provider domains
//! permitted by the name constraints of the AgID CA1 certificate that signs every provider
//! (see `shared/corpus/trust/README.md`), plus the mailbox domains of the presets. It cannot
//! be complete: PEC also runs on customers' own domains.

use super::endpoint::Security;

/// One server of a preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerSpec {
    /// Host name.
    pub host: &'static str,
    /// Port.
    pub port: u16,
    /// Implicit TLS or STARTTLS.
    pub security: Security,
}

const fn tls(host: &'static str, port: u16) -> ServerSpec {
    ServerSpec {
        host,
        port,
        security: Security::Tls,
    }
}

/// How sure a preset is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetStatus {
    /// Every value was seen in the provider's own documentation.
    Confirmed,
    /// Some values could not be confirmed; the text says which (English, for developers; the
    /// UI shows a translated "to check" label).
    ToCheck(&'static str),
}

/// A provider's dedicated password for mail programs: with two-factor login the provider asks
/// mail programs for a password made for them, which it may let expire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppPassword {
    /// Days after which the provider lets such a password expire, when its page says so.
    pub lifetime_days: Option<u32>,
    /// The provider's page where the password is made again or extended.
    pub renew_url: &'static str,
    /// The provider page the values come from.
    pub source: &'static str,
}

/// The settings of one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Stable id (`aruba`, `poste`, …), stored in account settings.
    pub id: &'static str,
    /// Name shown to the user.
    pub name: &'static str,
    /// Mailbox domains this provider is known to serve (for matching an address to a preset).
    pub domains: &'static [&'static str],
    /// IMAP server.
    pub imap: ServerSpec,
    /// POP3 server.
    pub pop3: ServerSpec,
    /// SMTP submission server.
    pub smtp: ServerSpec,
    /// Size × recipients limit of the acceptance checks, bytes.
    pub max_size_times_recipients: u64,
    /// True when the provider files a copy of what is sent through SMTP in the Sent folder
    /// itself (then Sigillo must not append one).
    pub provider_saves_sent: bool,
    /// Where the values come from.
    pub source: &'static str,
    /// How sure they are.
    pub status: PresetStatus,
    /// The dedicated password for mail programs, where the provider has one with two-factor
    /// login (`None`: no source describes one).
    pub app_password: Option<AppPassword>,
}

/// The usual PEC rule: message size × number of recipients at most 30 MB.
pub const DEFAULT_SIZE_TIMES_RECIPIENTS: u64 = 30 * 1000 * 1000;

/// The presets, most used first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "aruba",
        name: "Aruba PEC",
        domains: &["pec.it", "arubapec.it", "pec.aruba.it"],
        imap: tls("imaps.pec.aruba.it", 993),
        pop3: tls("pop3s.pec.aruba.it", 995),
        smtp: tls("smtps.pec.aruba.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://guide.pec.it/posta-pec/configurare-casella-pec/bozza.aspx",
        status: PresetStatus::ToCheck(
            "the stored copy of the source confirms smtps.pec.aruba.it as the outgoing server; \
             the IMAP/POP3 host names, the ports, the size limit and whether Sent copies are \
             filed by the provider were not visible in it",
        ),
        // With two-step verification on, mail programs need a password made for them in the
        // account management ("Password per programmi di posta"), valid three months and then
        // extended or made again there.
        app_password: Some(AppPassword {
            lifetime_days: Some(90),
            renew_url: "https://account.aruba.it/pec",
            source: "https://guide.pec.it/posta-pec/ripristino-cambio-password-pec/come-generare-la-password-per-il-client.aspx",
        }),
    },
    Preset {
        id: "poste",
        name: "Poste Italiane (Postecert)",
        domains: &["postecert.it"],
        imap: tls("imaps.postecert.it", 993),
        pop3: tls("pop3s.postecert.it", 995),
        smtp: tls("smtps.postecert.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://www.poste.it/faq-posta-elettronica-certificata.html",
        status: PresetStatus::ToCheck(
            "the source describes the service but its stored copy shows no server names: \
             host names and ports are unconfirmed",
        ),
        app_password: None,
    },
    Preset {
        id: "legalmail",
        name: "Legalmail (InfoCert)",
        domains: &["legalmail.it"],
        imap: tls("mbox.cert.legalmail.it", 993),
        pop3: tls("mbox.cert.legalmail.it", 995),
        smtp: tls("sendm.cert.legalmail.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://help.infocert.it/Cerca?searchText=guida+alla+configurazione+Legalmail+-&idTipoUtente=&idProdotto=41&idMotivo=87",
        status: PresetStatus::ToCheck(
            "the provider's FAQ names mbox.cert.legalmail.it and sendm.cert.legalmail.it; the \
             ports are the standard implicit-TLS ones and were not seen in the source (the \
             same FAQ limits sending to 6 messages a minute)",
        ),
        // Two-factor login exists (through the MyInfoCert app) but no stored page says how
        // mail programs log in then, nor whether such a password expires.
        app_password: None,
    },
    Preset {
        id: "namirial",
        name: "Namirial (Sicurezza Postale)",
        domains: &["sicurezzapostale.it"],
        imap: tls("imaps.sicurezzapostale.it", 993),
        pop3: tls("pop3s.sicurezzapostale.it", 995),
        smtp: tls("smtps.sicurezzapostale.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://it.readkong.com/page/namirial-spa-posta-elettronica-certificata-manuale-7227522",
        status: PresetStatus::ToCheck(
            "only a third-party copy of Namirial's user manual was found and its stored part \
             shows no server names: host names and ports are unconfirmed",
        ),
        app_password: None,
    },
    Preset {
        id: "register",
        name: "Register.it PEC",
        domains: &[],
        imap: tls("imap.pec.register.it", 993),
        pop3: tls("pop.pec.register.it", 995),
        smtp: tls("smtp.pec.register.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://www.register.it/pec/",
        status: PresetStatus::ToCheck(
            "no source could be read: host names, ports and mailbox domains are unconfirmed",
        ),
        app_password: None,
    },
    Preset {
        id: "actalis",
        name: "Actalis PEC",
        domains: &["pec.actalis.it"],
        imap: tls("imaps.pec.actalis.it", 993),
        pop3: tls("pop3s.pec.actalis.it", 995),
        smtp: tls("smtps.pec.actalis.it", 465),
        max_size_times_recipients: DEFAULT_SIZE_TIMES_RECIPIENTS,
        provider_saves_sent: false,
        source: "https://www.actalis.com/posta-elettronica-certificata",
        status: PresetStatus::ToCheck(
            "no source could be read: host names, ports and mailbox domains are unconfirmed",
        ),
        app_password: None,
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id.eq_ignore_ascii_case(id))
}

/// The preset whose mailbox domains include the address's domain.
pub fn preset_for_address(address: &str) -> Option<&'static Preset> {
    let domain = domain_of(address)?;
    PRESETS
        .iter()
        .find(|p| p.domains.iter().any(|d| domain_is_or_under(&domain, d)))
}

/// Provider domains permitted by the AgID CA1 name constraints (2021-09-21 issuance).
pub const AGID_PEC_DOMAINS: &[&str] = &[
    "agid.gov.it",
    "cert.informatica.aci.it",
    "cert.interno.it",
    "emarche.it",
    "fastweb-pec.it",
    "gestorepec.unina.it",
    "kmailer.it",
    "legalmail.it",
    "pcert.sogei.it",
    "pec.actalis.it",
    "pec.ancitel.it",
    "pec.aruba.it",
    "pec.basilicatanet.it",
    "pec-email.com",
    "pec.postecert.it",
    "pec.posteitaliane.it",
    "pec.rupar.puglia.it",
    "postacert.cedacri.it",
    "postacertificata.notariato.it",
    "postacert.it.net",
    "postecert.it",
    "sicurezzapostale.it",
    "telecompost.it",
    "trustedmail.intesa.it",
    "twtcert.it",
    "zucchettipec.it",
    "cert.intesa.it",
    "certmail.kpnqwest.it",
    "certmail.irideos.it",
    "pupec.informatica.aci.it",
    "pro.sicurezzapostale.it",
    "pec.bill4me.it",
    "pec.notartel.it",
    "miapec.it",
    "ig-trustmail.com",
];

/// The lower-cased domain of an address (`Name <a@b>` or `a@b`).
pub fn domain_of(address: &str) -> Option<String> {
    let a = address.trim();
    let a = match (a.rfind('<'), a.rfind('>')) {
        (Some(s), Some(e)) if s < e => &a[s + 1..e],
        _ => a,
    };
    let (_, d) = a.rsplit_once('@')?;
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    (!d.is_empty()).then_some(d)
}

/// True when `domain` is `base` or a subdomain of it.
pub fn domain_is_or_under(domain: &str, base: &str) -> bool {
    domain == base
        || domain
            .strip_suffix(base)
            .is_some_and(|head| head.ends_with('.'))
}

/// True when the domain is known to belong to a PEC provider (AgID list or a preset).
pub fn is_known_pec_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    AGID_PEC_DOMAINS
        .iter()
        .chain(PRESETS.iter().flat_map(|p| p.domains.iter()))
        .any(|base| domain_is_or_under(&d, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_complete_and_names_its_source() {
        let mut ids = std::collections::HashSet::new();
        for p in PRESETS {
            assert!(ids.insert(p.id), "duplicate id {}", p.id);
            assert!(p.source.starts_with("https://"), "{}", p.id);
            for s in [p.imap, p.pop3, p.smtp] {
                assert!(!s.host.is_empty() && s.port > 0, "{}", p.id);
            }
            assert!(p.max_size_times_recipients > 0);
            if let PresetStatus::ToCheck(why) = p.status {
                assert!(why.len() > 20, "{} must say what is to check", p.id);
            }
            if let Some(app) = p.app_password {
                assert!(app.source.starts_with("https://"), "{}", p.id);
                assert!(app.renew_url.starts_with("https://"), "{}", p.id);
            }
        }
        for id in [
            "aruba",
            "poste",
            "legalmail",
            "namirial",
            "register",
            "actalis",
        ] {
            assert!(preset(id).is_some(), "{id}");
        }
    }

    #[test]
    fn addresses_find_their_preset() {
        assert_eq!(preset_for_address("mario@pec.it").unwrap().id, "aruba");
        assert_eq!(
            preset_for_address("Studio <studio@legalmail.it>")
                .unwrap()
                .id,
            "legalmail"
        );
        assert!(preset_for_address("mario@gmail.com").is_none());
        assert!(preset_for_address("not an address").is_none());
    }

    #[test]
    fn pec_domains_match_whole_labels() {
        assert!(is_known_pec_domain("legalmail.it"));
        assert!(is_known_pec_domain("ordine.legalmail.it"));
        assert!(!is_known_pec_domain("notlegalmail.it"));
        assert!(!is_known_pec_domain("gmail.com"));
        assert_eq!(domain_of("A <x@Pec.IT>").as_deref(), Some("pec.it"));
    }
}
