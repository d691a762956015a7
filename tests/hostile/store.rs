//! Hostile input through the whole app, not only the classifier: each message is imported by a
//! real `sigillo import` process into a real store, then listed, shown, shown raw (byte-exact)
//! and searched with the command line; afterwards the store still takes and finds an ordinary
//! message. The inputs: MIME nested 10,000 deep, 100,000 parts, a 1 MB header, 10,000
//! recipients, HTML full of active content and remote references, and a daticert with an
//! entity bomb, external entities, a huge attribute and invalid UTF-8. A listener on loopback
//! stands behind every URL in them: nothing may ever connect to it.

use crate::support;

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use sha2::{Digest, Sha256};
use sigillo_test_provider::hostile;
use support::reliability::Figures;

fn sigillo(profile: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sigillo"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A loopback listener that counts connections (none must come).
fn listener() -> (String, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", l.local_addr().unwrap().port());
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    std::thread::spawn(move || {
        for s in l.incoming() {
            h.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut s) = s {
                let mut b = [0u8; 512];
                let _ = s.read(&mut b);
            }
        }
    });
    (base, hits)
}

fn envelope_headers(subject: &str) -> String {
    format!(
        "From: posta-certificata@pec.esempio.it\r\nX-Trasporto: posta-certificata\r\nSubject: POSTA CERTIFICATA: {subject}\r\nMIME-Version: 1.0\r\n"
    )
}

fn deep_mime() -> Vec<u8> {
    hostile::nested_multipart(&envelope_headers("profondo"), 10_000).into_bytes()
}

fn many_parts() -> Vec<u8> {
    hostile::many_parts(&envelope_headers("moltitudine"), 100_000).into_bytes()
}

fn big_header() -> Vec<u8> {
    let mut m = "From: mittente@esempio.it\r\nTo: dest@esempio.it\r\nX-Junk: ".to_owned();
    for _ in 0..(1 << 20) / 64 {
        m.push_str(&"a".repeat(63));
        m.push_str("\r\n ");
    }
    m.push_str("\r\nSubject: Intestazione lunghissima\r\n\r\ncorpo\r\n");
    m.into_bytes()
}

fn many_recipients() -> Vec<u8> {
    let n = 10_000;
    let to: Vec<String> = (0..n)
        .map(|i| format!("utente{i}@pec.esempio.it"))
        .collect();
    let dest: String = to
        .iter()
        .map(|a| format!("<destinatari tipo=\"certificato\">{a}</destinatari>"))
        .collect();
    let daticert = format!(
        "<postacert tipo=\"posta-certificata\" errore=\"nessuno\"><intestazione><mittente>m@pec.esempio.it</mittente>{dest}<risposte>m@pec.esempio.it</risposte><oggetto>Diecimila</oggetto></intestazione><dati><gestore-emittente>G</gestore-emittente><data zona=\"+0100\"><giorno>01/01/2025</giorno><ora>10:00:00</ora></data><identificativo>id@pec.esempio.it</identificativo><ricevuta tipo=\"completa\"/></dati></postacert>"
    );
    format!(
        "{}To: {}\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"s\"\r\n\r\n--s\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\n\r\n{daticert}\r\n--m--\r\n--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n\r\nAAAA\r\n--s--\r\n",
        envelope_headers("Diecimila"),
        to.join(", ")
    )
    .into_bytes()
}

fn active_html(base: &str) -> Vec<u8> {
    format!(
        "From: banca@esempio.it\r\nTo: cliente@esempio.it\r\nSubject: Estratto conto attivo\r\nMIME-Version: 1.0\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<html><head><title>T</title><meta http-equiv=\"refresh\" content=\"0;url={base}/refresh\">\
<link rel=\"stylesheet\" href=\"{base}/style.css\"><style>body{{background:url({base}/bg.png)}}</style>\
<script src=\"{base}/script.js\"></script></head><body>\
<p>Gentile cliente, il saldo &egrave; 10&nbsp;&euro;.</p>\
<img src=\"{base}/pixel.gif?u=1\" width=\"1\" height=\"1\" alt=\"a>b {base}/alt\">\
<form action=\"{base}/form\" method=\"post\"><input name=\"pw\"><button>Invia</button></form>\
<iframe src=\"{base}/frame\">x</iframe><object data=\"{base}/obj\"></object>\
<svg onload=\"fetch('{base}/svg')\"><image href=\"{base}/svgimg\"/></svg>\
<a href=\"javascript:fetch('{base}/js')\">Dettagli</a><!-- <img src=\"{base}/comment\"> -->\
<script>new Image().src='{base}/inline';</script>\
</body></html>\r\n"
    )
    .into_bytes()
}

fn hostile_daticert(base: &str) -> Vec<u8> {
    let mut xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE postacert [\n<!ENTITY xxe SYSTEM \"{base}/xxe\">\n<!ENTITY file SYSTEM \"file:///etc/passwd\">\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n]>\n<postacert tipo=\"posta-certificata\" errore=\"nessuno\" x=\""
    )
    .into_bytes();
    xml.extend(std::iter::repeat_n(b'z', 2 << 20));
    xml.extend_from_slice(
        b"\"><intestazione><mittente>\xff\xfe&xxe;&file;&d;</mittente><oggetto>Bomba</oggetto></intestazione></postacert>",
    );
    let mut m = envelope_headers("Bomba").into_bytes();
    m.extend_from_slice(b"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\n\r\n");
    m.extend_from_slice(&xml);
    m.extend_from_slice(b"\r\n--m--\r\n");
    m
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

#[test]
fn hostile_messages_go_through_import_list_show_and_search() {
    let (base, hits) = listener();
    let work = tempfile::tempdir().unwrap();
    let profile = work.path().join("profile");
    let inbox = work.path().join("arrivi");
    std::fs::create_dir_all(&inbox).unwrap();
    let inputs: Vec<(&str, Vec<u8>, &str)> = vec![
        ("profondo.eml", deep_mime(), "posta-certificata"),
        ("moltitudine.eml", many_parts(), "posta-certificata"),
        ("intestazione.eml", big_header(), "ordinaria"),
        ("diecimila.eml", many_recipients(), "posta-certificata"),
        ("attivo.eml", active_html(&base), "ordinaria"),
        ("bomba.eml", hostile_daticert(&base), "posta-certificata"),
    ];
    for (name, bytes, _) in &inputs {
        std::fs::write(inbox.join(name), bytes).unwrap();
    }
    let out = sigillo(&profile, &["import", inbox.to_str().unwrap()]);
    let text = ok(&out, "import");
    assert!(text.contains('6'), "{text}");

    let list: Value =
        serde_json::from_str(&ok(&sigillo(&profile, &["list", "--json"]), "list")).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), inputs.len(), "{list:#}");
    for (name, bytes, kind) in &inputs {
        let row = rows
            .iter()
            .find(|r| r["size"].as_u64() == Some(bytes.len() as u64))
            .unwrap_or_else(|| panic!("{name} is listed"));
        assert_eq!(row["kind"], *kind, "{name}");
        let id = row["id"].as_i64().unwrap().to_string();
        let raw = sigillo(&profile, &["show", "--raw", &id]);
        assert!(raw.status.success(), "{name}: show --raw");
        assert_eq!(sha(&raw.stdout), sha(bytes), "{name}: kept byte-exact");
        let detail: Value =
            serde_json::from_str(&ok(&sigillo(&profile, &["show", &id, "--json"]), name)).unwrap();
        assert_eq!(detail["sha256"], sha(bytes), "{name}");
        ok(&sigillo(&profile, &["show", &id]), name);
    }

    // The recipients and the long header are searchable; the active HTML's text is there
    // without any of its URLs.
    let found = ok(
        &sigillo(&profile, &["search", "utente9999", "--json"]),
        "search",
    );
    assert!(found.contains("Diecimila"), "{found}");
    let found = ok(&sigillo(&profile, &["search", "lunghissima"]), "search");
    assert!(found.contains("Intestazione lunghissima"), "{found}");
    let text = sigillo::pec::body::readable_text(&inputs[4].1).unwrap();
    assert!(text.contains("Gentile cliente, il saldo è 10"), "{text}");
    assert!(
        text.contains("Dettagli") && text.contains("Invia"),
        "{text}"
    );
    assert!(
        !text.contains("127.0.0.1"),
        "no URL reaches the text: {text}"
    );
    for active in ["fetch", "Image", "background", "refresh", "<"] {
        assert!(!text.contains(active), "{active} in {text}");
    }

    // Still usable: an ordinary message goes in and is found.
    let normal = work.path().join("normale.eml");
    std::fs::write(
        &normal,
        b"From: a@esempio.it\r\nTo: b@esempio.it\r\nSubject: Dopo la tempesta\r\n\r\nciao\r\n",
    )
    .unwrap();
    ok(
        &sigillo(&profile, &["import", normal.to_str().unwrap()]),
        "import after",
    );
    let found = ok(&sigillo(&profile, &["search", "tempesta"]), "search after");
    assert!(found.contains("Dopo la tempesta"), "{found}");
    let store = sigillo::store::Store::open(&profile).unwrap();
    assert!(store.integrity_check().unwrap().is_empty());
    assert_eq!(store.stats().unwrap().messages, inputs.len() + 1);
    assert_eq!(hits.load(Ordering::SeqCst), 0, "nothing was fetched");

    Figures::new(
        "hostile",
        "hostile messages through `sigillo import`, list, show, show --raw and search (MIME 10,000 deep, 100,000 parts, 1 MB header, 10,000 recipients, active HTML, daticert with entity bomb, external entities, 2 MB attribute and invalid UTF-8)",
    )
    .inputs(inputs.len())
    .messages(inputs.len())
    .outcome("each stored byte-exact, listed with its kind, shown and searchable; the store then takes and finds an ordinary message; no connection to the URLs in them")
    .record();
}
