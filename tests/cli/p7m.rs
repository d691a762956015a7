//! `sigillo p7m verify|extract|trust-import` and `sigillo fattura show` as a user runs them, on
//! documents signed at test time.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use chrono::{Duration, Utc};
use support::fattura::{InvoiceSpec, invoice, mail_with_attachments, sdi};
use support::qes::{self, Qca, SignOpts, TlService};

fn sigillo(profile: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigillo"));
    c.env_remove("SIGILLO_LANG")
        .env("LANG", "C.UTF-8")
        .arg("--profile")
        .arg(profile);
    c
}

fn run(c: &mut Command) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().unwrap();
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

const DOC: &[u8] = b"%PDF-1.4\n% atto di prova\n%%EOF\n";

#[test]
fn verify_exit_codes_follow_the_trust_list() {
    let ca = Qca::new("Certificatore CLI TEST");
    let signer = ca.signer("GINO", "RIGACOMANDO", "RGCGNI80A01H501S");
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let file = dir.path().join("atto.pdf.p7m");
    std::fs::write(&file, qes::sign(DOC, &signer, SignOpts::default())).unwrap();

    // No trust list: intact but not checked → not valid → 1.
    let (code, out, err) = run(sigillo(&profile)
        .args(["--lang", "it", "p7m", "verify"])
        .arg(&file));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        out.contains("Firma integra, firmatario non verificato"),
        "{out}"
    );
    assert!(out.contains("Codice fiscale: RGCGNI80A01H501S"), "{out}");
    assert!(!out.contains("Firma valida"), "{out}");

    // Import an ETSI trusted list naming the CA: valid → 0.
    let decoy = Qca::new("Esca TEST");
    let tl = dir.path().join("tl.xml");
    std::fs::write(
        &tl,
        qes::trusted_list(
            &[TlService {
                provider: "Certificatore CLI TEST S.p.A.",
                service: "CLI Firma Qualificata",
                service_type: qes::CA_QC,
                cert: &ca.ca.cert,
                history: vec![("granted", Utc::now() - Duration::days(100))],
                additional: vec![],
            }],
            &decoy.root.cert,
        ),
    )
    .unwrap();
    let (code, out, err) = run(sigillo(&profile)
        .args(["--lang", "en", "p7m", "trust-import"])
        .arg(&tl));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("1 qualified certification authority imported"),
        "{out}"
    );
    assert!(
        out.contains("not checked"),
        "the list's own signature: {out}"
    );

    let (code, out, err) = run(sigillo(&profile)
        .args(["p7m", "verify", "--json"])
        .arg(&file));
    assert_eq!(code, Some(0), "{err}{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "valid");
    assert_eq!(v["trust_list"], true);
    assert_eq!(v["document"]["name"], "atto.pdf");
    assert_eq!(v["document"]["size"], DOC.len());
    assert_eq!(v["signers"][0]["fiscal_code"], "RGCGNI80A01H501S");
    assert_eq!(v["signers"][0]["issuer_trusted"], true);
    assert_eq!(v["signers"][0]["signing_time_source"], "signing-time");
    assert_eq!(
        v["signers"][0]["trust_service"],
        "Certificatore CLI TEST S.p.A."
    );

    // A tampered file and an unreadable path in the same run: 2 wins.
    let mut bad = std::fs::read(&file).unwrap();
    let at = bad.windows(5).position(|w| w == b"prova").unwrap();
    bad[at] ^= 0x20;
    let tampered = dir.path().join("manomesso.pdf.p7m");
    std::fs::write(&tampered, bad).unwrap();
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "en", "p7m", "verify"])
        .arg(&tampered));
    assert_eq!(code, Some(1));
    assert!(out.contains("Document tampered with"), "{out}");
    let (code, _, err) = run(sigillo(&profile)
        .args(["p7m", "verify"])
        .arg(&file)
        .arg(dir.path().join("missing.p7m")));
    assert_eq!(code, Some(2), "{err}");
    // Not a p7m at all: malformed, 1.
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&plain, DOC).unwrap();
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "en", "p7m", "verify"])
        .arg(&plain));
    assert_eq!(code, Some(1));
    assert!(out.contains("not a signed document"), "{out}");
    // Another profile with only --trust for this run.
    let (code, _, err) = run(sigillo(&dir.path().join("altro"))
        .args(["p7m", "verify", "--trust"])
        .arg(dir.path().join("nope.pem"))
        .arg(&file));
    assert_eq!(code, Some(2), "{err}");
    let ca_pem = dir.path().join("ca.pem");
    std::fs::write(&ca_pem, ca.ca.cert.to_pem().unwrap()).unwrap();
    let (code, _, err) = run(sigillo(&dir.path().join("altro"))
        .args(["p7m", "verify", "--trust"])
        .arg(&ca_pem)
        .arg(&file));
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn extract_writes_the_real_name_inside_the_folder_only() {
    let ca = Qca::new("Certificatore Estrai TEST");
    let signer = ca.signer("ILARIA", "ESTRAZIONE", "STRLRI85A41H501Q");
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let out_dir = dir.path().join("estratti");
    let inner = qes::sign(DOC, &signer, SignOpts::default());
    let outer = qes::sign(
        &inner,
        &signer,
        SignOpts {
            ber: true,
            ..SignOpts::default()
        },
    );
    // A hostile name: path separators, a direction override, a reserved device name.
    let file = dir.path().join("..\u{202e}fdp.exe..CON.pdf.p7m.p7m");
    std::fs::write(&file, &outer).unwrap();
    let (code, out, err) = run(sigillo(&profile)
        .args(["--lang", "en", "p7m", "extract", "--out"])
        .arg(&out_dir)
        .arg(&file));
    assert_eq!(code, Some(1), "not valid without a trust list: {err}");
    let verdict = out.find("Signature intact, signer not checked").unwrap();
    let saved = out.find("Document saved to").unwrap();
    assert!(verdict < saved, "the verdict comes first: {out}");
    let entries: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(entries, ["fdp.exe..CON.pdf"], "{out}");
    assert_eq!(std::fs::read(out_dir.join(&entries[0])).unwrap(), DOC);
    // Again: a numbered copy, the first file untouched.
    let (code, _, _) = run(sigillo(&profile)
        .args(["p7m", "extract", "--out"])
        .arg(&out_dir)
        .arg(&file));
    assert_eq!(code, Some(1));
    assert!(out_dir.join("fdp.exe..CON (1).pdf").exists());

    // A tampered document is not saved unless asked.
    let mut bad = inner.clone();
    let at = bad.windows(DOC.len()).position(|w| w == DOC).unwrap();
    bad[at + 12] ^= 0x01;
    let tampered = dir.path().join("rotto.pdf.p7m");
    std::fs::write(&tampered, bad).unwrap();
    let refused = dir.path().join("rifiutati");
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "it", "p7m", "extract", "--out"])
        .arg(&refused)
        .arg(&tampered));
    assert_eq!(code, Some(1));
    assert!(out.contains("Documento manomesso"), "{out}");
    assert!(out.contains("--force"), "{out}");
    assert!(!refused.exists());
    let (code, _, _) = run(sigillo(&profile)
        .args(["p7m", "extract", "--force", "--out"])
        .arg(&refused)
        .arg(&tampered));
    assert_eq!(code, Some(1));
    assert!(refused.join("rotto.pdf").exists());
}

#[test]
fn fattura_show_reads_xml_p7m_and_eml() {
    let ca = Qca::new("Certificatore Show TEST");
    let signer = ca.signer("LUCA", "MOSTRA", "MSTLCU75B12F205N");
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profilo");
    let xml = invoice(&InvoiceSpec::default());
    let plain = dir.path().join("IT01234567890_abcde.xml");
    std::fs::write(&plain, &xml).unwrap();
    let (code, out, err) = run(sigillo(&profile)
        .args(["--lang", "it", "fattura", "show"])
        .arg(&plain));
    assert_eq!(code, Some(0), "{err}");
    for expected in [
        "Fattura elettronica FPR12",
        "Fornitore di Prova S.r.l.",
        "Partita IVA: IT01234567890",
        "TD01 – Fattura n. FT-2024/001 del 2024-03-11",
        "2. Manuale cartaceo — 2.00 × 100.00 = 200.00 (IVA 4.00%)",
        "natura N1 – escluse ex art. 15",
        "Aliquota 22.00%: imponibile 800.00, imposta 176.00",
        "Totale documento: 1186.00 EUR",
        "TP01 – pagamento a rate",
        "MP05 – bonifico: 600.00 EUR, scadenza 2024-04-30",
        "IBAN IT60X0542811101000000123456",
        "preventivo.pdf",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }

    let signed = dir.path().join("IT01234567890_abcde.xml.p7m");
    std::fs::write(
        &signed,
        qes::to_base64(&qes::sign(&xml, &signer, SignOpts::default())),
    )
    .unwrap();
    let (code, out, err) = run(sigillo(&profile)
        .args(["--lang", "en", "fattura", "show"])
        .arg(&signed));
    assert_eq!(code, Some(0), "{err}");
    let verdict = out.find("Signature intact, signer not checked").unwrap();
    let content = out.find("Electronic invoice FPR12").unwrap();
    assert!(verdict < content, "the signature verdict comes first");

    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "en", "fattura", "show", "--json"])
        .arg(&signed));
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["type"], "invoice");
    assert_eq!(v[0]["signature"]["status"], "intact-not-checked");
    assert_eq!(v[0]["bodies"][0]["total"], "1186.00");
    assert_eq!(v[0]["bodies"][0]["document_type_text"], "TD01 – Invoice");
    assert_eq!(
        v[0]["bodies"][0]["payments"][0]["details"][0]["method_text"],
        "MP05 – bank transfer"
    );
    assert_eq!(v[0]["bodies"][0]["attachments"][0]["size"], 28);

    // An SdI rejection with its errors.
    let ns = dir.path().join("IT01234567890_abcde_NS_001.xml");
    std::fs::write(
        &ns,
        sdi(
            "NotificaScarto",
            "<NomeFile>IT01234567890_abcde.xml</NomeFile><ListaErrori><Errore><Codice>00404</Codice><Descrizione>Fattura duplicata</Descrizione></Errore></ListaErrori>",
        ),
    )
    .unwrap();
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "it", "fattura", "show"])
        .arg(&ns));
    assert_eq!(code, Some(0));
    assert!(out.contains("Notifica di scarto (NS)"), "{out}");
    assert!(out.contains("Fattura scartata dallo SdI"), "{out}");
    assert!(out.contains("00404: Fattura duplicata"), "{out}");

    // The metadata file sent with every invoice received through SdI, root named after its
    // type: read as an SdI message with what the recipient needs of it, in both languages.
    let mt = dir.path().join("IT01234567890_abcde_MT_001.xml");
    std::fs::write(
        &mt,
        sdi(
            "MetadatiInvioFile",
            "<NomeFile>IT01234567890_abcde.xml</NomeFile><CodiceDestinatario>KRRH6B9</CodiceDestinatario><Formato>FPR12</Formato><TentativiInvio>2</TentativiInvio>",
        ),
    )
    .unwrap();
    for (lang, expected) in [
        (
            "it",
            [
                "File dei metadati (MT)",
                "Identificativo SdI: 111222333",
                "File fattura: IT01234567890_abcde.xml",
                "Codice destinatario: KRRH6B9",
                "Formato: FPR12",
                "Tentativi di invio: 2",
            ],
        ),
        (
            "en",
            [
                "Metadata file (MT)",
                "SdI identifier: 111222333",
                "Invoice file: IT01234567890_abcde.xml",
                "Recipient code: KRRH6B9",
                "Format: FPR12",
                "Delivery attempts: 2",
            ],
        ),
    ] {
        let (code, out, err) = run(sigillo(&profile)
            .args(["--lang", lang, "fattura", "show"])
            .arg(&mt));
        assert_eq!(code, Some(0), "{lang}: {err}");
        for e in expected {
            assert!(out.contains(e), "{lang}: missing {e:?} in\n{out}");
        }
    }

    // A malformed invoice: a clear error, exit 1; the file is untouched.
    let broken = dir.path().join("IT01234567890_abcdz.xml");
    let bad = String::from_utf8(xml.clone()).unwrap().replace(
        "<ImportoPagamento>600.00</ImportoPagamento>",
        "<ImportoPagamento>seicento</ImportoPagamento>",
    );
    std::fs::write(&broken, &bad).unwrap();
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "en", "fattura", "show"])
        .arg(&broken));
    assert_eq!(code, Some(1));
    assert!(
        out.contains("DatiPagamento[1]/DettaglioPagamento[1]/ImportoPagamento is \"seicento\""),
        "{out}"
    );
    assert_eq!(std::fs::read(&broken).unwrap(), bad.as_bytes());

    // An e-mail: every invoice and SdI message among its attachments, the broken one named.
    let eml = dir.path().join("posta.eml");
    std::fs::write(
        &eml,
        mail_with_attachments(&[
            (
                "IT01234567890_abcde.xml.p7m",
                std::fs::read(&signed).unwrap(),
            ),
            (
                "IT01234567890_abcde_NS_001.xml",
                std::fs::read(&ns).unwrap(),
            ),
            ("IT01234567890_abcdz.xml", bad.clone().into_bytes()),
            ("nota.pdf", DOC.to_vec()),
        ]),
    )
    .unwrap();
    let (code, out, _) = run(sigillo(&profile)
        .args(["--lang", "en", "fattura", "show", "--json"])
        .arg(&eml));
    assert_eq!(code, Some(1), "one of them is malformed");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let types: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["invoice", "sdi-notification", "error"]);
    assert_eq!(v[1]["outcome"], "rejected");
    assert_eq!(v[1]["tone"], "negative");
    assert_eq!(v[2]["source"], "IT01234567890_abcdz.xml");

    // Nothing to show in a PDF; an unreadable path.
    let pdf = dir.path().join("x.pdf");
    std::fs::write(&pdf, DOC).unwrap();
    let (code, _, _) = run(sigillo(&profile).args(["fattura", "show"]).arg(&pdf));
    assert_eq!(code, Some(1));
    let (code, _, _) = run(sigillo(&profile)
        .args(["fattura", "show"])
        .arg(dir.path().join("none.xml")));
    assert_eq!(code, Some(2));
}
