//! Runs the real `openssl` command-line tool as an independent judge of the signatures this
//! crate makes (`openssl smime -verify -purpose smimesign`), so tests do not check our
//! signatures with our own code only.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// What the `openssl` tool said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOutcome {
    /// True when the command exited with status 0 ("Verification successful").
    pub ok: bool,
    /// Its standard error (OpenSSL prints the verdict and the reasons there).
    pub stderr: String,
}

/// `openssl smime -verify -in <message> -CAfile <root> -purpose smimesign [-attime <t>]`
/// over the exact bytes of `message`, trusting only `ca_pem`. `Err` only when the tool
/// cannot be run at all.
pub fn smime_verify(
    message: &[u8],
    ca_pem: &[u8],
    attime: Option<i64>,
) -> Result<CliOutcome, std::io::Error> {
    let dir = tempfile::tempdir()?;
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem)?;
    let msg_path = dir.path().join("message.eml");
    std::fs::File::create(&msg_path)?.write_all(message)?;
    let mut cmd = Command::new("openssl");
    cmd.arg("smime")
        .arg("-verify")
        .arg("-in")
        .arg(&msg_path)
        .arg("-CAfile")
        .arg(&ca_file)
        .arg("-purpose")
        .arg("smimesign")
        .arg("-out")
        .arg(dir.path().join("content.out"));
    if let Some(t) = attime {
        cmd.arg("-attime").arg(t.to_string());
    }
    run(cmd)
}

/// `openssl verify -CAfile <root> -untrusted <intermediate> -purpose smimesign [-attime <t>] <leaf>`.
pub fn verify_chain(
    leaf_pem: &[u8],
    intermediate_pem: &[u8],
    ca_pem: &[u8],
    attime: Option<i64>,
) -> Result<CliOutcome, std::io::Error> {
    let dir = tempfile::tempdir()?;
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem)?;
    let leaf = dir.path().join("leaf.pem");
    let inter = dir.path().join("intermediate.pem");
    std::fs::write(&leaf, leaf_pem)?;
    std::fs::write(&inter, intermediate_pem)?;
    let mut cmd = Command::new("openssl");
    cmd.arg("verify")
        .arg("-CAfile")
        .arg(&ca_file)
        .arg("-untrusted")
        .arg(&inter)
        .arg("-purpose")
        .arg("smimesign");
    if let Some(t) = attime {
        cmd.arg("-attime").arg(t.to_string());
    }
    cmd.arg(&leaf);
    run(cmd)
}

/// `openssl cms -cmsout -print` of a DER SignedData: the structure in words (digest
/// algorithm, signingTime, certificates), for assertions on what was signed how.
pub fn cms_print(p7s_der: &[u8]) -> Result<CliOutcome, std::io::Error> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("smime.p7s");
    std::fs::write(&path, p7s_der)?;
    let mut cmd = Command::new("openssl");
    cmd.arg("cms")
        .arg("-cmsout")
        .arg("-print")
        .arg("-inform")
        .arg("DER")
        .arg("-in")
        .arg(&path)
        .arg("-noout");
    run(cmd)
}

fn run(mut cmd: Command) -> Result<CliOutcome, std::io::Error> {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot run the openssl command-line tool ({e}); install the Debian package `openssl`"),
            )
        })?;
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    stderr.push_str(&String::from_utf8_lossy(&out.stdout));
    Ok(CliOutcome {
        ok: out.status.success(),
        stderr,
    })
}
