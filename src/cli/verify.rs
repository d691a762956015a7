//! `sigillo verify [--json] [--trust FILE] FILE...`: checks each message's provider signature at
//! signing time against the trust list.

use std::io::Write;
use std::path::PathBuf;

use sigillo::i18n::{Lang, arg, tr, tr_args};
use sigillo::terminal::escape_line;
use sigillo::verify::{self, Status, TrustList};

use super::{EXIT_NOT_VALID, EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON: one object per file, an array when there are several.
    #[arg(long)]
    json: bool,
    /// Also trust the certificate authorities in this PEM/DER file, for this run only.
    #[arg(long, value_name = "FILE")]
    trust: Vec<PathBuf>,
    /// Use only the --trust anchors, not the profile's trust list.
    #[arg(long)]
    only_given_trust: bool,
    /// The messages to verify.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args, profile: Option<PathBuf>, lang: Lang) -> u8 {
    let mut trust = if args.only_given_trust {
        TrustList::empty()
    } else {
        let ctx = super::Ctx {
            lang,
            profile: profile.clone(),
        };
        match ctx.trust_list(super::Stopped::Verify) {
            Ok(t) => t,
            Err(code) => return code,
        }
    };
    if let Err(code) = super::verify_dossier::add_trust_files(&mut trust, &args.trust, lang) {
        return code;
    }

    let mut code = EXIT_OK;
    let mut objects = Vec::new();
    let stdout = std::io::stdout();
    let mut out = sigillo::terminal::SafeOutput::new(stdout.lock(), !args.json);
    for path in &args.files {
        let raw = match std::fs::read(path) {
            Ok(raw) => raw,
            Err(e) => {
                errln!("sigillo: {}", super::read_error(lang, path, &e));
                code = EXIT_UNREADABLE;
                continue;
            }
        };
        let certified = verify::open(&raw, &trust);
        let (v, c) = certified.content();
        if v.status != Status::Valid && code == EXIT_OK {
            code = EXIT_NOT_VALID;
        }
        if args.json {
            let mut obj = sigillo::report::verification_json(v, c, lang);
            obj["file"] = serde_json::json!(path.display().to_string());
            objects.push(obj);
        } else {
            let signer = v
                .signer
                .as_ref()
                .map(|s| s.common_name.clone().unwrap_or_else(|| s.subject.clone()))
                .unwrap_or_else(|| tr(lang, "cli-none"));
            let _ = writeln!(
                out,
                "{}: {} — {}",
                escape_line(&path.display().to_string()),
                sigillo::i18n::status_label(lang, v.status),
                escape_line(&signer)
            );
            if let (Some(t), Some(src)) = (v.signing_time, v.signing_time_source) {
                let _ = writeln!(
                    out,
                    "  {}",
                    tr_args(
                        lang,
                        "verify-signing-time",
                        &[
                            ("time", arg(t.to_rfc3339())),
                            ("source", arg(sigillo::i18n::time_source_label(lang, src)))
                        ]
                    )
                );
            }
            if v.status != Status::Valid {
                let _ = writeln!(
                    out,
                    "  {}",
                    sigillo::i18n::status_explanation(lang, v.status)
                );
            }
            for note in &v.notes {
                if let Some(text) = sigillo::i18n::note_text(lang, note) {
                    let _ = writeln!(out, "  ! {text}");
                }
            }
            for w in &c.warnings {
                let _ = writeln!(out, "  ! {}", sigillo::i18n::warning_text(lang, w));
            }
        }
    }
    if args.json {
        let value = if args.files.len() == 1 {
            objects.pop().unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Array(objects)
        };
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    }
    code
}
