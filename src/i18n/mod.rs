//! User-visible text: Fluent bundles for Italian (the default) and English, embedded in the
//! binary from `i18n/<lang>/sigillo.ftl`. Every string shown to a person goes through here.

mod account_text;
mod archive_text;
mod export_text;
mod fattura_text;
mod launch_text;
mod net_text;
mod p7m_text;
mod pec_text;
mod verify_text;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use account_text::{
    account_phase_text, account_status_line, last_sync_text, local_time_text, login_refused_hint,
    password_expiry_text, password_needs_attention,
};
pub use archive_text::{finding_text, proof_item_text, timestamp_error_text, timestamp_fact_text};
pub use export_text::{check_fact_text, check_failure_text, export_error_text};
pub use fattura_text::{
    document_type_text, fattura_error_text, invoice_error_text, invoice_warning_text, nature_text,
    notification_error_text, payment_conditions_text, payment_method_text, sdi_kind_label,
    sdi_outcome_text,
};
pub use launch_text::{danger_text, launch_error_text};
pub use net_text::{
    account_error_text, compose_error_text, net_error_text, preset_status_label, preset_why_text,
    recipient_hint_text, secret_error_text, send_error_text, send_event_text, sync_error_text,
    sync_event_text,
};
pub use p7m_text::{
    doc_note_text, doc_status_explanation, doc_status_label, doc_time_source_label,
    doc_warning_text, extract_error_text, p7m_error_text, qualified_trust_error_text,
};
pub use pec_text::{
    daticert_issue_text, kind_label, receipt_label, recipient_label, state_label, warning_text,
};
pub use verify_text::{
    note_text, status_explanation, status_label, time_source_label, trust_error_text,
};

/// The Fluent sources, embedded at build time.
pub const SOURCES: [(Lang, &str); 2] = [
    (Lang::It, include_str!("../../i18n/it/sigillo.ftl")),
    (Lang::En, include_str!("../../i18n/en/sigillo.ftl")),
];

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Italian, the default.
    #[default]
    It,
    /// English.
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::It, Lang::En];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }

    /// Parses a locale such as `it`, `it_IT.UTF-8` or `en-GB`.
    pub fn parse(locale: &str) -> Option<Lang> {
        let l = locale.trim().to_ascii_lowercase();
        if l.starts_with("it") {
            Some(Lang::It)
        } else if l.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the system: `SIGILLO_LANG`, then `LC_ALL`, `LC_MESSAGES`, `LANG`, then
    /// the language the OS reports (Windows and macOS set none of those variables for apps
    /// started from the Start menu or the Dock). Italian when the system is Italian, English
    /// otherwise.
    pub fn from_env() -> Lang {
        if let Some(l) = std::env::var("SIGILLO_LANG")
            .ok()
            .as_deref()
            .and_then(Lang::parse)
        {
            return l;
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return Lang::italian_or_english(&v);
            }
        }
        match sys_locale::get_locale() {
            Some(os) => Lang::italian_or_english(&os),
            None => Lang::En,
        }
    }

    fn italian_or_english(locale: &str) -> Lang {
        if Lang::parse(locale) == Some(Lang::It) {
            Lang::It
        } else {
            Lang::En
        }
    }

    fn source(self) -> &'static str {
        SOURCES
            .iter()
            .find(|(l, _)| *l == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static IT: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::It => &IT,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut b = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks around arguments would leak into terminals and tests.
        b.set_use_isolating(false);
        let resource = FluentResource::try_new(lang.source().to_owned())
            .unwrap_or_else(|(partial, _errors)| partial);
        let _ = b.add_resource(resource);
        b
    })
}

/// Translates a message without arguments. A missing key yields the key itself, so nothing is
/// silently blank (and the i18n tests catch it).
pub fn tr(lang: Lang, key: &str) -> String {
    tr_args(lang, key, &[])
}

/// Translates a message with named arguments.
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.clone());
    }
    let mut errors = Vec::new();
    let text: Cow<'_, str> = b.format_pattern(pattern, Some(&fargs), &mut errors);
    text.into_owned()
}

/// Message ids defined in a Fluent source (used by the parity tests).
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// A string argument.
pub fn arg(s: impl Into<String>) -> FluentValue<'static> {
    FluentValue::String(Cow::Owned(s.into()))
}

/// A number argument.
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_define_the_same_keys_and_parse_cleanly() {
        let mut sets = Vec::new();
        for (lang, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{} has syntax errors: {errors:?}", lang.code());
            }
            let mut ids = message_ids(source);
            ids.sort();
            let before = ids.len();
            ids.dedup();
            assert_eq!(before, ids.len(), "duplicate keys in {}", lang.code());
            sets.push((lang, ids));
        }
        let (_, it) = &sets[0];
        let (_, en) = &sets[1];
        let only_it: Vec<_> = it.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !it.contains(k)).collect();
        assert!(
            only_it.is_empty() && only_en.is_empty(),
            "keys only in it: {only_it:?}; only in en: {only_en:?}"
        );
        assert!(it.len() > 20);
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let s = tr_args(Lang::En, "cli-size-bytes", &[("size", num(12))]);
        assert_eq!(s, "12 bytes");
        let s = tr_args(Lang::It, "cli-size-bytes", &[("size", num(12))]);
        assert_eq!(s, "12 byte");
    }

    #[test]
    fn missing_key_is_visible() {
        assert_eq!(tr(Lang::It, "no-such-key"), "no-such-key");
    }

    #[test]
    fn locale_parsing() {
        assert_eq!(Lang::parse("it_IT.UTF-8"), Some(Lang::It));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
