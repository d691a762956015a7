//! Structural forgeries of signed messages: the same valid signature around a structure that
//! two MIME readers could split differently (a delimiter after other text on a line, parts in
//! the preamble or epilogue, duplicate Content-Type or boundary, a second signature part, a
//! third part carrying another daticert, the signature first, repeated or nested
//! `multipart/signed`). Built from every valid real message of the corpus and from the test
//! provider's messages. For each: OpenSSL's verdict, Sigillo's verdict, and whenever Sigillo
//! says `valid`, what it reads (the original, the daticert, the text, the attachments) is
//! byte for byte what it reads from the untouched message; and OpenSSL agrees.
//! A forged word is planted in every edited copy: searching for it in a store holding all the
//! forgeries finds no message shown as valid, and no exported dossier of a valid one holds it.

use crate::support;

use std::path::Path;
use std::process::Command;

use sigillo::verify::{self, Status, TrustList};
use support::corpus;

const FORGED: &str = "FORGEDWORDXQ";

/// How many kinds of forgery [`forgeries`] makes of one message.
const KINDS: usize = 11;

/// A message split at its top-level `multipart/signed` structure.
struct Signed {
    head: Vec<u8>,
    boundary: String,
    eol: &'static str,
    preamble: Vec<u8>,
    content: Vec<u8>,
    signature: Vec<u8>,
    epilogue: Vec<u8>,
}

/// Splits `raw` by hand (not with the code under test): header block, boundary, the two parts.
/// `None` when the message is not a top-level `multipart/signed` with exactly two parts.
fn split(raw: &[u8]) -> Option<Signed> {
    let text = String::from_utf8_lossy(raw);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let head_end = text.find(&format!("{eol}{eol}"))? + 2 * eol.len();
    let head = &text[..head_end];
    let lower = head.to_ascii_lowercase();
    let ct = lower.find("\ncontent-type:")?;
    let ct_line_end = lower[ct + 1..].find(eol).map(|p| p + ct + 1)?;
    // Unfolded Content-Type value.
    let mut value = head[ct + 1..ct_line_end].to_owned();
    let mut rest = &head[ct_line_end + eol.len()..];
    while rest.starts_with(' ') || rest.starts_with('\t') {
        let end = rest.find(eol).unwrap_or(rest.len());
        value.push(' ');
        value.push_str(rest[..end].trim());
        rest = &rest[(end + eol.len()).min(rest.len())..];
    }
    if !value.to_ascii_lowercase().contains("multipart/signed") {
        return None;
    }
    let b = value.to_ascii_lowercase().find("boundary=")? + "boundary=".len();
    let boundary = match value[b..].strip_prefix('"') {
        Some(q) => q.split('"').next()?.to_owned(),
        None => value[b..]
            .split(|c: char| c == ';' || c.is_whitespace())
            .next()?
            .to_owned(),
    };
    let body = &raw[head_end..];
    let delim = format!("--{boundary}");
    let lines: Vec<usize> = {
        let mut v = Vec::new();
        let mut start = 0;
        while start < body.len() {
            let end = body[start..]
                .iter()
                .position(|&c| c == b'\n')
                .map(|p| start + p + 1)
                .unwrap_or(body.len());
            let line = String::from_utf8_lossy(&body[start..end]);
            if line.trim_end() == delim || line.trim_end() == format!("{delim}--") {
                v.push(start);
            }
            start = end;
        }
        v
    };
    if lines.len() != 3 {
        return None;
    }
    let line_after = |p: usize| p + delim.len() + eol.len();
    let part = |from: usize, to: usize| body[from..to - eol.len()].to_vec();
    let closing_end = lines[2] + delim.len() + 2;
    Some(Signed {
        head: raw[..head_end].to_vec(),
        boundary,
        eol,
        preamble: body[..lines[0]].to_vec(),
        content: part(line_after(lines[0]), lines[1]),
        signature: part(line_after(lines[1]), lines[2]),
        epilogue: body[closing_end.min(body.len())..].to_vec(),
    })
}

impl Signed {
    fn d(&self) -> String {
        format!("--{}", self.boundary)
    }

    /// The body as it was, from its parts.
    fn body(&self, preamble: &[u8], parts: &[&[u8]], epilogue: &[u8]) -> Vec<u8> {
        let e = self.eol.as_bytes();
        let mut out = preamble.to_vec();
        for p in parts {
            out.extend_from_slice(self.d().as_bytes());
            out.extend_from_slice(e);
            out.extend_from_slice(p);
            out.extend_from_slice(e);
        }
        out.extend_from_slice(self.d().as_bytes());
        out.extend_from_slice(b"--");
        out.extend_from_slice(e);
        out.extend_from_slice(epilogue);
        out
    }

    fn message(&self, head: &[u8], body: Vec<u8>) -> Vec<u8> {
        let mut m = head.to_vec();
        m.extend(body);
        m
    }

    /// The signed part with the forged word planted in the carried original's subject (the
    /// last Subject of the signed part: the postacert.eml's).
    fn edited(&self) -> Option<Vec<u8>> {
        let text = String::from_utf8_lossy(&self.content).into_owned();
        let at = text.rfind("\nSubject: ")? + "\nSubject: ".len();
        Some(format!("{}{FORGED} {}", &text[..at], &text[at..]).into_bytes())
    }

    fn eolb(&self) -> &[u8] {
        self.eol.as_bytes()
    }
}

/// Every forgery of one message, named.
fn forgeries(raw: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let Some(s) = split(raw) else {
        return Vec::new();
    };
    let Some(edited) = s.edited() else {
        return Vec::new();
    };
    let e = s.eol;
    let orig = s.body(&s.preamble, &[&s.content, &s.signature], &s.epilogue);
    let mut out = Vec::new();
    // The attack of the issue: a delimiter after other text on a line, then the edited copy.
    {
        let mut body = format!("x{}{e}", s.d()).into_bytes();
        body.extend_from_slice(&edited);
        body.extend_from_slice(s.eolb());
        body.extend_from_slice(&orig);
        out.push((
            "delimiter mid-line before the signed part",
            s.message(&s.head, body),
        ));
    }
    // A whole part in the preamble: three parts.
    {
        let mut pre = s.preamble.clone();
        pre.extend_from_slice(format!("{}{e}", s.d()).as_bytes());
        pre.extend_from_slice(&edited);
        pre.extend_from_slice(s.eolb());
        let body = s.body(&pre, &[&s.content, &s.signature], &s.epilogue);
        out.push(("a part in the preamble", s.message(&s.head, body)));
    }
    // Parts after the closing delimiter.
    {
        let mut epi = s.epilogue.clone();
        epi.extend_from_slice(format!("{}{e}", s.d()).as_bytes());
        epi.extend_from_slice(&edited);
        epi.extend_from_slice(format!("{e}{}--{e}", s.d()).as_bytes());
        let body = s.body(&s.preamble, &[&s.content, &s.signature], &epi);
        out.push(("a part in the epilogue", s.message(&s.head, body)));
        let mut epi = s.epilogue.clone();
        epi.extend_from_slice(format!("y{}{e}", s.d()).as_bytes());
        epi.extend_from_slice(&edited);
        epi.extend_from_slice(s.eolb());
        let body = s.body(&s.preamble, &[&s.content, &s.signature], &epi);
        out.push((
            "a delimiter mid-line in the epilogue",
            s.message(&s.head, body),
        ));
    }
    // A second Content-Type field, pointing at another boundary that frames the edited copy.
    {
        let text = String::from_utf8_lossy(&s.head).into_owned();
        let head = text.replacen(
            &format!("{e}{e}"),
            &format!(
                "{e}Content-Type: multipart/mixed; boundary=\"ZZ{}\"{e}{e}",
                FORGED
            ),
            1,
        );
        let mut body = format!("--ZZ{FORGED}{e}").into_bytes();
        body.extend_from_slice(&edited);
        body.extend_from_slice(format!("{e}--ZZ{FORGED}--{e}").as_bytes());
        body.extend_from_slice(&orig);
        out.push((
            "a second Content-Type",
            s.message(head.as_bytes(), body.clone()),
        ));
        // A second boundary parameter in the same field.
        let dup = text.replacen(
            &format!("boundary=\"{}\"", s.boundary),
            &format!("boundary=\"{}\"; boundary=\"ZZ{FORGED}\"", s.boundary),
            1,
        );
        let dup = if dup == text {
            text.replacen(
                &format!("boundary={}", s.boundary),
                &format!("boundary={}; boundary=\"ZZ{FORGED}\"", s.boundary),
                1,
            )
        } else {
            dup
        };
        out.push((
            "a second boundary parameter",
            s.message(dup.as_bytes(), body),
        ));
    }
    // A second signature part; a third part with another daticert.
    {
        let body = s.body(
            &s.preamble,
            &[&s.content, &s.signature, &s.signature],
            &s.epilogue,
        );
        out.push(("a second signature part", s.message(&s.head, body)));
        let daticert = format!(
            "Content-Type: application/xml; name=\"daticert.xml\"{e}Content-Disposition: inline; filename=\"daticert.xml\"{e}{e}<?xml version=\"1.0\"?><postacert tipo=\"avvenuta-consegna\" errore=\"nessuno\"><intestazione><mittente>{FORGED}@example.com</mittente></intestazione></postacert>"
        );
        let body = s.body(
            &s.preamble,
            &[&s.content, &s.signature, daticert.as_bytes()],
            &s.epilogue,
        );
        out.push((
            "a third part with another daticert",
            s.message(&s.head, body),
        ));
    }
    // The signed part moved after the signature.
    {
        let body = s.body(&s.preamble, &[&s.signature, &s.content], &s.epilogue);
        out.push(("the signature first", s.message(&s.head, body)));
    }
    // The signed entity repeated with the edited copy beside it, and nested in a wrapper
    // whose other part is the edited copy (a mailing list's re-wrapping is legitimate: only
    // the nested signed entity may be shown as certified).
    {
        let text = String::from_utf8_lossy(&s.head).into_owned();
        let lower = text.to_ascii_lowercase();
        let ct = lower.find("\ncontent-type:").unwrap() + 1;
        // The entity: its Content-Type field (as written, folded lines included) and body.
        let mut end = ct + text[ct..].find(e).unwrap() + e.len();
        while text[end..].starts_with(' ') || text[end..].starts_with('\t') {
            end += text[end..].find(e).unwrap() + e.len();
        }
        let ct_field = &text[ct..end];
        let outer_head = format!(
            "{}{}Content-Type: multipart/mixed; boundary=\"WW{FORGED}\"{e}{e}",
            &text[..ct],
            &text[end..text.len() - e.len()]
        );
        let entity = |content: &[u8]| {
            let mut v = ct_field.as_bytes().to_vec();
            v.extend_from_slice(s.eolb());
            v.extend(s.body(&s.preamble, &[content, &s.signature], &[]));
            v
        };
        let wrap = |parts: &[Vec<u8>]| {
            let mut body = Vec::new();
            for p in parts {
                body.extend_from_slice(format!("--WW{FORGED}{e}").as_bytes());
                body.extend_from_slice(p);
                body.extend_from_slice(s.eolb());
            }
            body.extend_from_slice(format!("--WW{FORGED}--{e}").as_bytes());
            outer_head
                .clone()
                .into_bytes()
                .into_iter()
                .chain(body)
                .collect::<Vec<u8>>()
        };
        out.push((
            "a second multipart/signed beside the real one",
            wrap(&[entity(&s.content), entity(&edited)]),
        ));
        let mut edited_part =
            format!("Content-Type: message/rfc822; name=\"postacert.eml\"{e}{e}").into_bytes();
        let t = String::from_utf8_lossy(&edited).into_owned();
        let inner = t
            .rfind(&format!("{e}{e}"))
            .map(|_| t.clone())
            .unwrap_or_default();
        edited_part.extend_from_slice(inner.as_bytes());
        out.push((
            "the signed entity nested after an edited copy",
            wrap(&[edited_part, entity(&s.content)]),
        ));
    }
    out
}

/// `openssl smime -verify -noverify` on a message: does OpenSSL's own MIME reader find content
/// that matches the signature?
fn openssl_integrity(raw: &[u8], dir: &Path) -> bool {
    let file = dir.join("forged.eml");
    std::fs::write(&file, raw).unwrap();
    Command::new("openssl")
        .args(["smime", "-verify", "-noverify", "-binary", "-in"])
        .arg(&file)
        .args(["-out", "/dev/null"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// What a reader is shown of a message: everything derived from the certified content.
#[derive(Debug, PartialEq)]
struct Shown {
    original: Option<Vec<u8>>,
    daticert: Option<Vec<u8>>,
    subject: Option<String>,
    sender: Option<String>,
    source: Vec<u8>,
}

fn shown(raw: &[u8], trust: &TrustList) -> (Status, Shown) {
    let m = verify::open(raw, trust);
    let status = m.verification().status;
    let source = m.source(raw).to_vec();
    let (_, c) = m.into_parts();
    (
        status,
        Shown {
            original: c.original.as_ref().map(|o| o.bytes.clone()),
            daticert: c.daticert_bytes.clone(),
            subject: c.display_subject().map(str::to_owned),
            sender: c.display_sender().map(str::to_owned),
            source,
        },
    )
}

/// Checks every forgery of `raw`; returns the rows of the verdict table.
fn check_message(name: &str, raw: &[u8], trust: &TrustList, dir: &Path) -> Vec<String> {
    let (status, reference) = shown(raw, trust);
    assert_eq!(status, Status::Valid, "{name}: the untouched message");
    let mut rows = Vec::new();
    for (kind, forged) in forgeries(raw) {
        let (status, seen) = shown(&forged, trust);
        // OpenSSL reads only a message whose top is the signature: a nested signed entity is
        // given to it as the file the dossier writes for it.
        let openssl = match sigillo::export::certs::nested_signed_entity(&forged) {
            Some(entity) => openssl_integrity(&entity, dir),
            None => openssl_integrity(&forged, dir),
        };
        rows.push(format!(
            "{name} | {kind} | openssl: {} | sigillo: {}",
            if openssl { "verifies" } else { "fails" },
            status.as_str()
        ));
        if status == Status::Valid {
            assert_eq!(
                seen, reference,
                "{name}, {kind}: shown as valid, but not what was verified"
            );
            assert!(
                openssl,
                "{name}, {kind}: valid for Sigillo, yet `openssl smime -verify` (which the report tells third parties to run) fails"
            );
            assert!(
                !String::from_utf8_lossy(&seen.source).contains(FORGED),
                "{name}, {kind}: the forged word is in what is shown"
            );
        }
        // Every forgery here carries a structure readers could split differently, except the
        // legitimate wrapping (the signed entity nested in a list's re-wrap).
        if kind != "the signed entity nested after an edited copy" {
            assert_ne!(
                status,
                Status::Valid,
                "{name}, {kind}: ambiguous, yet valid"
            );
        }
    }
    rows
}

#[test]
fn structural_forgeries_of_real_messages_never_show_unverified_content_as_valid() {
    let Some(root) = corpus::corpus_or_announce("structural forgeries of real messages") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let trust = TrustList::builtin();
    let mut rows = Vec::new();
    let mut messages = 0;
    for path in corpus::real_messages(&root) {
        let raw = std::fs::read(&path).unwrap();
        if verify::open(&raw, &trust).verification().status != Status::Valid {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let before = rows.len();
        rows.extend(check_message(&name, &raw, &trust, dir.path()));
        if rows.len() > before {
            messages += 1;
        }
    }
    eprintln!("{}", rows.join("\n"));
    assert!(
        messages >= 12,
        "only {messages} real messages could be forged"
    );
    assert_eq!(
        rows.len(),
        messages * KINDS,
        "every kind of forgery for every message"
    );
}

#[test]
fn structural_forgeries_of_provider_messages_never_show_unverified_content_as_valid() {
    use sigillo_test_provider::message::{Gestore, Original, Style};
    use sigillo_test_provider::pki::{ProviderSpec, TestPki};
    let pki = TestPki::generate(&[ProviderSpec::new("pec.alfa.test", "Gestore Alfa S.p.A.")])
        .expect("test PKI");
    let mut trust = TrustList::empty();
    trust.add_extra(vec![pki.intermediate().cert.clone()]);
    let dir = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();
    for style in [Style::default(), Style::plain_sha256()] {
        let g = Gestore::new(
            "pec.alfa.test",
            "Gestore Alfa S.p.A.",
            pki.signer("pec.alfa.test").unwrap(),
        )
        .with_style(style);
        let original = Original::parse(
            b"From: Mario Rossi <mario.rossi@pec.alfa.test>\r\nTo: anna@pec.alfa.test\r\nSubject: Diffida\r\nDate: Mon, 3 Mar 2025 10:00:00 +0100\r\nMessage-ID: <c1@studio.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTesto.\r\n",
        )
        .unwrap();
        let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap());
        let tx = g.accept(
            original,
            "mario.rossi@pec.alfa.test",
            "[127.0.0.1]",
            now,
            |_| true,
        );
        let envelope = g.envelope(&tx).unwrap();
        rows.extend(check_message(
            "provider envelope",
            &envelope,
            &trust,
            dir.path(),
        ));
        let lf = corpus::flip_line_endings(&envelope);
        rows.extend(check_message(
            "provider envelope (LF)",
            &lf,
            &trust,
            dir.path(),
        ));
    }
    eprintln!("{}", rows.join("\n"));
    assert_eq!(
        rows.len(),
        4 * KINDS,
        "every kind of forgery for every message"
    );
}

/// The forgeries of one real envelope in a store, as the command line shows them: `search`
/// for the forged word finds no message shown as valid, `show` of each valid one carries the
/// verified daticert, and the dossier of a valid one holds the verified original.
#[test]
fn the_command_line_never_shows_forged_content_as_certified() {
    let Some(root) = corpus::corpus_or_announce("structural forgeries through the command line")
    else {
        return;
    };
    let raw = std::fs::read(root.join("real/aruba-posta-certificata-2019-a.eml")).unwrap();
    let reference = verify::open(&raw, &TrustList::builtin())
        .into_parts()
        .1
        .original
        .unwrap()
        .bytes;
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let all = forgeries(&raw);
    assert!(all.len() >= 10);
    for (i, (_, forged)) in all.iter().enumerate() {
        std::fs::write(inbox.join(format!("{i:02}.eml")), forged).unwrap();
    }
    let profile = dir.path().join("profile");
    let sigillo = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
        c.env_remove("SIGILLO_LANG")
            .env("LANG", "C.UTF-8")
            .arg("--profile")
            .arg(&profile);
        c
    };
    let out = sigillo().arg("import").arg(&inbox).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = sigillo()
        .args(["search", FORGED, "--json"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(
        !hits.is_empty(),
        "the forged copies are searchable as what they are"
    );
    for h in hits {
        assert_ne!(
            h["signature"], "valid",
            "a forged word found in a valid message: {h}"
        );
    }

    let out = sigillo().args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut valid = 0;
    for m in list.as_array().unwrap() {
        let id = m["id"].as_i64().unwrap();
        let shown = sigillo()
            .args(["show", &id.to_string(), "--json"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        if m["signature"] != "valid" {
            continue;
        }
        valid += 1;
        assert!(
            !text.contains(FORGED),
            "show of valid #{id} carries the forged word"
        );
        let out_dir = dir.path().join(format!("dossier-{id}"));
        let out = sigillo()
            .args(["export", &id.to_string(), "--out"])
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = support::dossier::all_files(&out_dir);
        let postacert = files
            .iter()
            .find(|(p, _)| p.ends_with(".postacert.eml"))
            .expect("the dossier holds the original");
        assert_eq!(
            postacert.1, reference,
            "dossier of #{id}: not the verified original"
        );
        assert!(
            !files
                .iter()
                .any(|(_, b)| String::from_utf8_lossy(b).contains(FORGED)
                    && !String::from_utf8_lossy(b).contains("multipart/signed")),
            "dossier of #{id} holds the forged word outside the raw message"
        );
    }
    assert_eq!(valid, 1, "only the legitimate re-wrapping is valid");
}
