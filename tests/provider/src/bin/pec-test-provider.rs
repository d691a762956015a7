//! `pec-test-provider`: the local PEC test provider for developers (dev-only, never shipped).
//!
//! - `serve`: starts a private Dovecot and the provider with ready accounts, prints what to
//!   type into Sigillo, logs what the provider does, runs until Ctrl-C.
//! - `demo`: writes the reproducible demo mailbox (see `sigillo_test_provider::demo`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sigillo_test_provider::provider::{Provider, ProviderConfig};

#[derive(Parser)]
#[command(
    name = "pec-test-provider",
    about = "Local PEC test provider for Sigillo (not a real provider)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start Dovecot and the provider and keep them running until Ctrl-C.
    Serve {
        /// Seconds before the first timeout notice (the rules say 12 hours).
        #[arg(long, default_value_t = 12 * 3600)]
        preavviso_secs: u64,
        /// Seconds before the final timeout notice (the rules say 24 hours).
        #[arg(long, default_value_t = 24 * 3600)]
        final_secs: u64,
    },
    /// Write the demo mailbox (same seed, same bytes).
    Demo {
        /// Output folder (created when missing).
        #[arg(long)]
        out: PathBuf,
        /// Seed for people, dates, keys and ids.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn password() -> String {
    let mut b = [0u8; 9];
    openssl::rand::rand_bytes(&mut b).expect("OpenSSL random bytes");
    format!("prova-{}", hex::encode(b))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Demo { out, seed } => {
            let entries = sigillo_test_provider::demo::write_demo(&out, seed)
                .with_context(|| format!("writing the demo mailbox into {}", out.display()))?;
            println!(
                "{} demo messages written into {} (trust anchor: ca/demo-root.pem, list: manifest.tsv)",
                entries.len(),
                out.display()
            );
            Ok(())
        }
        Command::Serve {
            preavviso_secs,
            final_secs,
        } => serve(preavviso_secs, final_secs).await,
    }
}

async fn serve(preavviso_secs: u64, final_secs: u64) -> anyhow::Result<()> {
    let config = ProviderConfig {
        preavviso_after: Duration::from_secs(preavviso_secs),
        final_after: Duration::from_secs(final_secs.max(preavviso_secs)),
        retry_every: Duration::from_secs(preavviso_secs.clamp(1, 60)),
        ..ProviderConfig::default()
    };
    let provider = Provider::start(config)
        .await
        .context("starting the local PEC provider")?;
    let files = tempfile::Builder::new()
        .prefix("sigillo-dev-provider-")
        .tempdir()
        .context("creating a folder for the certificates")?;
    let tls_ca = files.path().join("server-tls.pem");
    let pec_root = files.path().join("pec-test-root.pem");
    std::fs::write(&tls_ca, provider.tls_cert_pem())?;
    std::fs::write(&pec_root, provider.pec_root_pem())?;

    let accounts = [
        ("mario.rossi@pec.alfa.test", password()),
        ("anna.bianchi@pec.beta.test", password()),
    ];
    for (user, pw) in &accounts {
        provider.add_pec_account(user, pw)?;
    }
    let external = ("luca.verdi@esterno.test", password());
    provider.add_external_mailbox(external.0, &external.1)?;

    let host = provider.host();
    println!("Local PEC test provider (NOT a real provider) is running.\n");
    println!("Servers (host {host}, TLS only):");
    println!("  TLS certificate to trust/pin  : {}", tls_ca.display());
    println!(
        "  SMTP submission, implicit TLS : {host}:{}",
        provider.smtps_port()
    );
    println!(
        "  SMTP submission, STARTTLS     : {host}:{}",
        provider.submission_port()
    );
    println!(
        "  IMAPS                         : {host}:{}",
        provider.imaps_port()
    );
    println!(
        "  POP3S                         : {host}:{}",
        provider.pop3s_port()
    );
    println!(
        "  Inbound SMTP from outside PEC : {host}:{} (no login; ordinary mail to a PEC box becomes an anomaly)",
        provider.mx_port()
    );
    println!();
    println!("PEC accounts (login = address; the same password for SMTP, IMAP and POP3):");
    for (user, pw) in &accounts {
        println!("  {user:<32} password {pw}");
    }
    println!("Ordinary (non-PEC) mailbox, IMAP/POP3 only:");
    println!("  {:<32} password {}", external.0, external.1);
    println!();
    println!(
        "Provider signatures chain to the test root: {}",
        pec_root.display()
    );
    println!(
        "Timeout notices after {preavviso_secs} s and {final_secs} s. Press Ctrl-C to stop.\n"
    );

    let mut events = provider.subscribe();
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            e = events.recv() => {
                if let Ok(e) = e {
                    println!("{} {}", e.at.format("%H:%M:%S"), e.text);
                }
            }
        }
    }
    println!("stopping");
    drop(provider);
    drop(files);
    Ok(())
}
