//! User-visible text: Fluent bundles for Italian (the default) and English, embedded in the
//! binary from `i18n/<lang>/sigillo.ftl`. Every string shown to a person goes through here.

pub mod document_text;
mod fattura_text;
mod outcome_text;
mod p7m_text;
mod pec_text;
mod rem_text;
pub mod time_text;
mod verify_text;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use fattura_text::{
    document_type_text, fattura_error_text, invoice_error_text, invoice_warning_text, nature_text,
    notification_error_text, payment_conditions_text, payment_method_text, sdi_kind_label,
    sdi_outcome_text,
};
pub use outcome_text::{
    badge_label, errore_label, failure_short_text, failure_text, outcome_headline, outcome_short,
    proof_text, refusal_text, sent_summary,
};
pub use p7m_text::{
    doc_note_text, doc_status_explanation, doc_status_label, doc_time_source_label,
    doc_warning_text, extract_error_text, p7m_error_text, qualified_trust_error_text,
};
pub use pec_text::{
    acceptance_label, daticert_issue_text, kind_label, receipt_label, recipient_label, state_label,
    warning_text,
};
pub use rem_text::{
    evidence_issue_text, rem_event_label, rem_issue_text, rem_reason_text, timeline_reason_text,
};
pub use time_text::local_time_text;
pub use verify_text::{
    note_text, status_explanation, status_explanation_for, status_label, time_source_label,
    trust_error_text,
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

    /// Variables that hold a number of things.
    const COUNTS: &[&str] = &[
        "count",
        "total",
        "messages",
        "files",
        "new",
        "fetched",
        "imported",
        "duplicates",
        "delivered",
        "certified",
        "unreadable",
        "timelines",
        "verified",
        "signatures",
        "valid",
        "invalid",
        "skipped",
        "size",
        "recipients",
        "folders",
        "layers",
        "named",
        "found",
        "bytes",
        "limit",
    ];

    /// Words after a number that do not agree with it (prepositions, units, English
    /// adjectives).
    const NOT_NOUNS: &[&str] = &[
        "di",
        "of",
        "su",
        "on",
        "out",
        "e",
        "and",
        "per",
        "for",
        "to",
        "a",
        "MB",
        "KB",
        "GB",
        "new",
        "downloaded",
        "already",
        "valid",
        "not",
        "unreadable",
    ];

    /// Every place in `pattern` where a count is followed by a word outside a plural
    /// selection on that count (`selected`): "1 messaggi".
    fn counts_without_plurals(
        pattern: &fluent_syntax::ast::Pattern<&str>,
        selected: &[String],
        out: &mut Vec<String>,
    ) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        let els = &pattern.elements;
        for (i, el) in els.iter().enumerate() {
            let PatternElement::Placeable { expression } = el else {
                continue;
            };
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => {
                    let name = id.name.to_owned();
                    if !COUNTS.contains(&id.name) || selected.contains(&name) {
                        continue;
                    }
                    if let Some(PatternElement::TextElement { value }) = els.get(i + 1) {
                        let word: String = value
                            .trim_start_matches(' ')
                            .chars()
                            .take_while(|c| c.is_alphabetic())
                            .collect();
                        if value.starts_with(' ')
                            && !word.is_empty()
                            && !NOT_NOUNS.contains(&word.as_str())
                        {
                            out.push(format!("${name}{value}"));
                        }
                    }
                }
                Expression::Select { selector, variants } => {
                    let mut inner = selected.to_vec();
                    if let InlineExpression::VariableReference { id } = selector {
                        inner.push(id.name.to_owned());
                    }
                    for v in variants {
                        counts_without_plurals(&v.value, &inner, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// "1 messaggi", "1 esterni", "1 bytes": every number of things goes through Fluent's
    /// plural rules, in both languages.
    #[test]
    fn every_count_before_a_word_uses_plural_rules() {
        let mut problems = Vec::new();
        for (lang, source) in SOURCES {
            let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
            for entry in &resource.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry
                    && let Some(value) = &m.value
                {
                    let mut found = Vec::new();
                    counts_without_plurals(value, &[], &mut found);
                    for f in found {
                        problems.push(format!("{} {}: {f}", lang.code(), m.id.name));
                    }
                }
            }
        }
        assert!(
            problems.is_empty(),
            "counts without plural rules:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn plural_forms_for_zero_one_and_two_in_both_languages() {
        let cases: &[(&str, &str, [&str; 3], [&str; 3])] = &[
            (
                "gui-list-count",
                "count",
                ["0 messaggi", "1 messaggio", "2 messaggi"],
                ["0 messages", "1 message", "2 messages"],
            ),
            (
                "gui-list-results",
                "count",
                ["0 risultati", "1 risultato", "2 risultati"],
                ["0 results", "1 result", "2 results"],
            ),
            (
                "outcome-sent-external",
                "count",
                [
                    "0 destinatari esterni (nessuna ricevuta di consegna)",
                    "1 destinatario esterno (nessuna ricevuta di consegna)",
                    "2 destinatari esterni (nessuna ricevuta di consegna)",
                ],
                [
                    "0 external recipients (no delivery receipt)",
                    "1 external recipient (no delivery receipt)",
                    "2 external recipients (no delivery receipt)",
                ],
            ),
            (
                "outcome-sent-failed",
                "count",
                [
                    "NON consegnata a 0 destinatari",
                    "NON consegnata a 1 destinatario",
                    "NON consegnata a 2 destinatari",
                ],
                [
                    "NOT delivered to 0 recipients",
                    "NOT delivered to 1 recipient",
                    "NOT delivered to 2 recipients",
                ],
            ),
            (
                "cli-size-bytes",
                "size",
                ["0 byte", "1 byte", "2 byte"],
                ["0 bytes", "1 byte", "2 bytes"],
            ),
            (
                "warn-contains-forwarded-pec",
                "count",
                [
                    "Il messaggio non è PEC ma contiene 0 messaggi PEC inoltrati come allegato.",
                    "Il messaggio non è PEC ma contiene 1 messaggio PEC inoltrato come allegato.",
                    "Il messaggio non è PEC ma contiene 2 messaggi PEC inoltrati come allegato.",
                ],
                [
                    "This message is not PEC but carries 0 PEC messages forwarded as attachments.",
                    "This message is not PEC but carries 1 PEC message forwarded as an attachment.",
                    "This message is not PEC but carries 2 PEC messages forwarded as attachments.",
                ],
            ),
            (
                "gui-copies-title",
                "count",
                [
                    "Dove si trova (0 copie)",
                    "Dove si trova (1 copia)",
                    "Dove si trova (2 copie)",
                ],
                [
                    "Where it is (0 copies)",
                    "Where it is (1 copy)",
                    "Where it is (2 copies)",
                ],
            ),
            (
                "gui-compose-no-receipt-count",
                "count",
                [
                    "Per 0 destinatari probabilmente non arriverà la ricevuta di consegna:",
                    "Per un destinatario probabilmente non arriverà la ricevuta di consegna:",
                    "Per 2 destinatari probabilmente non arriverà la ricevuta di consegna:",
                ],
                [
                    "0 recipients will probably get no delivery receipt:",
                    "One recipient will probably get no delivery receipt:",
                    "2 recipients will probably get no delivery receipt:",
                ],
            ),
        ];
        for (key, var, it, en) in cases {
            for (lang, expected) in [(Lang::It, it), (Lang::En, en)] {
                for (n, want) in expected.iter().enumerate() {
                    assert_eq!(tr_args(lang, key, &[(var, num(n))]), *want, "{key} {n}");
                }
            }
        }
    }

    /// Every key the code names literally in `tr` and `tr_args` exists in both languages: a
    /// missing one would show on screen as its key.
    #[test]
    fn every_key_the_code_names_is_translated() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let defined: Vec<Vec<String>> = SOURCES.iter().map(|(_, s)| message_ids(s)).collect();
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for call in ["tr(", "tr_args("] {
                for (at, _) in text.match_indices(call) {
                    // Only the calls themselves, not `str(` or `attr(`.
                    let before = text[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &text[at + call.len()..];
                    let Some(comma) = rest.find(',') else {
                        continue;
                    };
                    let after = rest[comma + 1..].trim_start();
                    let Some(lit) = after.strip_prefix('"') else {
                        continue;
                    };
                    let Some(end) = lit.find('"') else { continue };
                    let key = &lit[..end];
                    // (`no-such-key`: the test that a missing key shows as itself.)
                    if key.is_empty()
                        || key == "no-such-key"
                        || !key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    {
                        continue;
                    }
                    seen += 1;
                    for (i, (lang, _)) in SOURCES.iter().enumerate() {
                        if !defined[i].iter().any(|d| d == key) {
                            missing.push(format!("{} {key} ({})", lang.code(), f.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 300, "only {seen} keys found: the scan is broken");
        assert!(
            missing.is_empty(),
            "untranslated keys:\n{}",
            missing.join("\n")
        );
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
