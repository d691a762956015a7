//! Dossiers of the real corpus messages (read through tests/support/src/corpus.rs; announced as NOT
//! RUN when the corpus is absent): the exported bytes are the stored bytes, every `openssl smime
//! -verify` command the report prints succeeds with the exported AgID CA1 trust point at signing time,
//! and verify-dossier holds exactly for the messages whose provider signature is valid.

use crate::support;

use std::sync::atomic::AtomicBool;

use sigillo::export::{self, ExportOptions, ExportRequest};
use sigillo::store::{Source, Store};
use sigillo::verify::{self, Status, TrustList};
use support::corpus;
use support::dossier::{
    all_files, openssl_commands, pdf_text, run_openssl_command_quietly, sha256sum_check,
};

#[test]
fn real_messages_export_to_dossiers_openssl_accepts() {
    let Some(root) = corpus::corpus_or_announce("dossier export of the real corpus") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p")).unwrap();
    let trust = TrustList::builtin();
    let mut checked_commands = 0;
    let mut valid_dossiers = 0;
    for path in corpus::real_messages(&root) {
        let raw = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = store
            .ingest(
                &raw,
                &Source::Import {
                    path: path.display().to_string(),
                    offset: None,
                    account: None,
                    folder: None,
                },
            )
            .unwrap()
            .id;
        let out = dir.path().join(format!("d-{id}"));
        export::export(
            &store,
            &trust,
            &ExportRequest::message(id),
            &out,
            &ExportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let files = all_files(&out);
        // Never print corpus bytes: compare, and name the file only.
        assert!(
            files
                .iter()
                .any(|(p, b)| p.ends_with(".eml") && !p.ends_with(".postacert.eml") && *b == raw),
            "{name}: the stored bytes are not in the dossier"
        );
        assert!(store.raw(id).unwrap() == raw, "{name}: stored bytes differ");
        sha256sum_check(&out);

        // Every message of the dossier (a receipt brings its whole transmission along).
        let statuses: Vec<(String, Status, bool)> = files
            .iter()
            .filter(|(p, _)| {
                !p.contains('/')
                    && p.ends_with(".eml")
                    && !p.ends_with(".postacert.eml")
                    && !p.ends_with(".signed.eml")
            })
            .map(|(p, b)| {
                let (v, c) = verify::open(b, &trust).into_parts();
                let needs = c.kind.is_pec() || verify::signed_part::locate(b).is_ok();
                (p.clone(), v.status, needs)
            })
            .collect();
        let valid = statuses
            .iter()
            .filter(|(_, s, _)| *s == Status::Valid)
            .count();
        let report = pdf_text(&out.join("report.pdf"));
        let commands = openssl_commands(&report);
        // Reports carry real people's data: only counts and file names are printed.
        assert_eq!(
            commands.len(),
            valid,
            "{name}: {} commands for {valid} valid messages",
            commands.len()
        );
        for cmd in &commands {
            // The PEC trust point, AgID CA1, as the end of the path: not the root above it.
            assert!(
                cmd.contains("-CAfile certificates/anchor_AgID-CA1")
                    && cmd.contains("-partial_chain"),
                "{name}: the command does not end the path at AgID CA1"
            );
            run_openssl_command_quietly(&out, cmd);
            checked_commands += 1;
        }
        if verify::open(&raw, &trust).verification().status == Status::Valid {
            valid_dossiers += 1;
        }
        let holds = statuses
            .iter()
            .all(|(_, s, needs)| *s == Status::Valid || !needs);
        let check = export::verify_dossier(&out, &trust).unwrap();
        // Dossier file names carry real addresses: only counts are printed.
        let kinds: Vec<(Status, bool)> = statuses.iter().map(|(_, s, n)| (*s, *n)).collect();
        assert_eq!(
            check.ok(),
            holds,
            "{name}: {} files failed; statuses {kinds:?}",
            check.failed().len()
        );
    }
    assert!(
        valid_dossiers > 5,
        "only {valid_dossiers} valid corpus messages"
    );
    assert!(checked_commands >= valid_dossiers);
    eprintln!(
        "corpus: {} messages exported, {valid_dossiers} with a valid signature, {checked_commands} report commands accepted by openssl",
        corpus::real_messages(&root).len()
    );
}
