//! Consistency checks between the unsigned outer headers and the signed certification data, and
//! the notes a reader needs about a notice (virus, final timeout, provider-only kinds).

use super::summary::{lenient_addresses, normalize_msgid};
use super::{Classification, OuterField, PecKind, ReceiptType, SignatureLayout, Warning};

/// Outer `Date:` and daticert `<data>` further apart than this are reported.
const DATE_TOLERANCE_SECONDS: i64 = 15 * 60;

pub(super) fn add_consistency_warnings(c: &mut Classification, header_kind: Option<PecKind>) {
    let mut w = Vec::new();
    let kind = c.kind;
    let h = &c.headers;

    if header_kind.is_some() && !matches!(kind, PecKind::Anomalia) && c.daticert.is_none() {
        w.push(Warning::MissingDaticert { kind });
    }

    check_subject(c, &mut w);

    if let Some(d) = &c.daticert {
        // X-Riferimento-Message-ID carries the client's Message-ID, as does daticert <msgid>.
        if let (Some(outer), Some(certified)) = (&h.x_riferimento_message_id, &d.msgid)
            && normalize_msgid(outer) != normalize_msgid(certified)
        {
            w.push(Warning::OuterHeaderDiffers {
                field: OuterField::RiferimentoMessageId,
                outer: outer.clone(),
                certified: certified.clone(),
            });
        }
        if let (Some(outer), Some(certified)) = (h.summary.date, d.data.timestamp())
            && (outer - certified).num_seconds().abs() > DATE_TOLERANCE_SECONDS
        {
            w.push(Warning::OuterHeaderDiffers {
                field: OuterField::Date,
                outer: outer.to_rfc3339(),
                certified: certified.to_rfc3339(),
            });
        }
        if kind == PecKind::PostaCertificata {
            check_envelope(c, d, &mut w);
        }
        if let Some(consegna) = d.consegna.as_deref()
            && !d.destinatari.is_empty()
        {
            let target = normalize_address(consegna);
            if !d
                .destinatari
                .iter()
                .any(|x| normalize_address(&x.address) == target)
            {
                w.push(Warning::ConsegnaNotARecipient {
                    consegna: consegna.to_owned(),
                });
            }
        }
        if d.is_final_timeout() {
            w.push(Warning::FinalTimeout);
        }
    }

    if matches!(kind, PecKind::PostaCertificata) && c.original.is_none() {
        w.push(Warning::MissingOriginal { kind });
    }
    if kind == PecKind::AvvenutaConsegna
        && matches!(
            c.daticert
                .as_ref()
                .and_then(|d| d.ricevuta.as_deref())
                .and_then(ReceiptType::parse),
            Some(ReceiptType::Completa)
        )
        && c.original.is_none()
    {
        w.push(Warning::MissingOriginal { kind });
    }

    if matches!(kind, PecKind::PresaInCarico | PecKind::RilevazioneVirus) {
        w.push(Warning::ProviderOnly { kind });
    }
    let virus_header = h
        .x_verifica_sicurezza
        .as_deref()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("errore"));
    let virus_errore = c
        .daticert
        .as_ref()
        .is_some_and(|d| d.errore.trim().eq_ignore_ascii_case("virus"));
    if virus_header || virus_errore || kind == PecKind::RilevazioneVirus {
        w.push(Warning::VirusReported);
    }
    if matches!(c.signature, SignatureLayout::Detached { nested: true, .. }) {
        w.push(Warning::Rewrapped);
    }
    c.warnings.extend(w);
}

/// The outer Subject must be the kind's prefix followed by the certified subject.
fn check_subject(c: &Classification, w: &mut Vec<Warning>) {
    let prefixes = c.kind.subject_prefixes();
    if prefixes.is_empty() {
        return;
    }
    let outer = c.headers.summary.subject.as_deref().unwrap_or("");
    let outer_norm = normalize_text(outer).to_uppercase();
    let certified = c.daticert.as_ref().and_then(|d| d.oggetto.as_deref());
    let position = prefixes.iter().find_map(|p| {
        let p_norm = normalize_text(p).to_uppercase();
        outer_norm.find(&p_norm).map(|i| (i, i + p_norm.len()))
    });
    let differs = |w: &mut Vec<Warning>| {
        if let Some(certified) = certified {
            w.push(Warning::OuterHeaderDiffers {
                field: OuterField::Subject,
                outer: outer.to_owned(),
                certified: certified.to_owned(),
            });
        }
    };
    match position {
        // The prefix where it belongs: what follows must be the certified subject.
        Some((0, end)) => {
            let rest = normalize_text(outer)
                .get(end..)
                .unwrap_or("")
                .trim()
                .to_owned();
            if certified.is_some_and(|cert| !same_text(&rest, cert)) {
                differs(w);
            }
        }
        // Something was put before the prefix (a mailing list, a filter): the subject was changed.
        Some(_) if certified.is_some() => differs(w),
        _ => {
            w.push(Warning::MissingSubjectPrefix {
                expected: prefixes[prefixes.len() - 1].trim_end().to_owned(),
            });
            if certified.is_some_and(|cert| !same_text(outer, cert)) {
                differs(w);
            }
        }
    }
}

fn check_envelope(c: &Classification, d: &super::Daticert, w: &mut Vec<Warning>) {
    let h = &c.headers;
    // From: "Per conto di: <sender>" <posta-certificata@provider>
    if let (Some(from), Some(mittente)) = (&h.summary.from, &d.mittente) {
        let on_behalf = from
            .name
            .as_deref()
            .and_then(per_conto_di)
            .map(normalize_address);
        if let Some(on_behalf) = on_behalf
            && on_behalf != normalize_address(mittente)
        {
            w.push(Warning::OuterHeaderDiffers {
                field: OuterField::From,
                outer: from.name.clone().unwrap_or_default(),
                certified: mittente.clone(),
            });
        }
    }
    // To and Cc are inherited unmodified and must list the same recipients as daticert.
    if !h.raw_to_cc.is_empty() && !d.destinatari.is_empty() {
        let mut outer: Vec<String> = lenient_addresses(&h.raw_to_cc);
        let mut certified: Vec<String> = d
            .destinatari
            .iter()
            .map(|x| normalize_address(&x.address))
            .collect();
        outer.sort();
        outer.dedup();
        certified.sort();
        certified.dedup();
        if outer != certified {
            w.push(Warning::OuterHeaderDiffers {
                field: OuterField::Recipients,
                outer: outer.join(", "),
                certified: certified.join(", "),
            });
        }
    }
    if let (Some(outer), Some(certified)) = (&h.summary.message_id, &d.identificativo)
        && normalize_msgid(outer) != normalize_msgid(certified)
    {
        w.push(Warning::OuterHeaderDiffers {
            field: OuterField::MessageId,
            outer: outer.clone(),
            certified: certified.clone(),
        });
    }
    if let (Some(outer), Some(certified)) = (&h.x_tipo_ricevuta, &d.ricevuta)
        && ReceiptType::parse(outer).is_some()
        && ReceiptType::parse(outer) != ReceiptType::parse(certified)
    {
        w.push(Warning::OuterHeaderDiffers {
            field: OuterField::TipoRicevuta,
            outer: outer.clone(),
            certified: certified.clone(),
        });
    }
}

/// The address in a "Per conto di: <address>" display name.
fn per_conto_di(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    let i = lower.find("per conto di:")?;
    Some(name[i + "per conto di:".len()..].trim())
}

fn normalize_address(a: &str) -> String {
    let a = a.trim().trim_start_matches('<').trim_end_matches('>');
    a.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Text for comparison: control characters dropped, non-ASCII folded to `?` (transcoding by
/// intermediate systems often replaces them so), blanks collapsed, ends trimmed.
fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.chars() {
        if c.is_control() && !c.is_whitespace() || c == '\u{FFFD}' {
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        out.push(if c.is_ascii() { c } else { '?' });
        last_space = false;
    }
    out.trim_end().to_owned()
}

fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (normalize_text(a), normalize_text(b));
    if a == b {
        return true;
    }
    // A transcoded '?' may stand for one non-ASCII character that became one or more bytes.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || x == b'?' || y == b'?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_comparison_tolerates_lost_characters() {
        assert!(same_text(
            "D?AGOSTINO  ? ATTO ",
            "D\u{2019}AGOSTINO \u{2014} ATTO"
        ));
        assert!(same_text("RN RIMBORSO", "RN \tRIMBORSO"));
        assert!(same_text("a \u{16} b", "a b"));
        assert!(!same_text("Offerta", "Offerta modificata"));
    }

    #[test]
    fn per_conto_di_extracts_address() {
        assert_eq!(per_conto_di("Per conto di: a@b.it"), Some("a@b.it"));
        assert_eq!(per_conto_di("per conto di:a@b.it"), Some("a@b.it"));
        assert_eq!(per_conto_di("Mario"), None);
    }
}
