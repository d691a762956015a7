//! A local RFC 3161 time-stamping authority for tests: the real `openssl ts -reply` behind a
//! small HTTP/1.1 responder on a free loopback port, with its own throw-away CA and a TSA
//! certificate (critical extended key usage `timeStamping`). It can also lie on purpose: a
//! token for other data, one for another request (wrong nonce), one whose signature was
//! altered, an HTTP error, or a refusal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How the authority answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A correct token for the request.
    Honest,
    /// A token over other data.
    WrongHash,
    /// A token over the right data but for another request (another nonce).
    WrongNonce,
    /// A correct token with one byte of its signature changed.
    BadSignature,
    /// HTTP 500.
    HttpError,
    /// A `rejection` status and no token.
    Refuse,
}

/// A running local authority; stopped when dropped.
pub struct LocalTsa {
    dir: tempfile::TempDir,
    url: String,
    mode: Arc<Mutex<Mode>>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn openssl(dir: &Path, args: &[&str]) -> std::io::Result<Vec<u8>> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(out.stdout)
}

impl LocalTsa {
    /// Makes the CA and the TSA certificate and starts answering on 127.0.0.1.
    pub fn start() -> std::io::Result<LocalTsa> {
        let dir = tempfile::tempdir()?;
        let d = dir.path();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let mut args = vec!["req", "-x509"];
        args.extend(ec);
        args.extend([
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            "/C=IT/O=Sigillo test/CN=Sigillo Test TSA Root",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(d, &args)?;
        let mut args = vec!["req"];
        args.extend(ec);
        args.extend([
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/C=IT/O=Sigillo test/CN=Sigillo Test TSA",
        ]);
        openssl(d, &args)?;
        std::fs::write(
            d.join("tsa.ext"),
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        )?;
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "tsa.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "tsa.pem",
                "-days",
                "3650",
                "-extfile",
                "tsa.ext",
            ],
        )?;
        std::fs::write(d.join("serial"), "01\n")?;
        std::fs::write(
            d.join("tsa.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = tsa_config1\n\n[ tsa_config1 ]\ndir = {}\nserial = $dir/serial\ncrypto_device = builtin\nsigner_cert = $dir/tsa.pem\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.55555.1.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1, millisecs:500\nclock_precision_digits = 3\nordering = no\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
                d.display()
            ),
        )?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let mode = Arc::new(Mutex::new(Mode::Honest));
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let work = d.to_owned();
        let (m, r, s) = (mode.clone(), requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                r.fetch_add(1, Ordering::SeqCst);
                let mode = *m.lock().unwrap();
                let _ = serve(conn, &work, mode);
            }
        });
        Ok(LocalTsa {
            dir,
            url: format!("http://127.0.0.1:{port}/tsa"),
            mode,
            requests,
            stop,
            port,
            thread: Some(thread),
        })
    }

    /// Its address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How it answers from now on.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The CA certificate (the trust point for its tokens), PEM.
    pub fn root_pem(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("ca.pem")).unwrap()
    }

    /// The CA certificate's file.
    pub fn root_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The TSA's own certificate, PEM.
    pub fn tsa_pem(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("tsa.pem")).unwrap()
    }
}

impl Drop for LocalTsa {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The SHA-256 imprint inside a DER TimeStampReq (the 32 bytes after `04 20`).
fn imprint_of(query: &[u8]) -> Option<Vec<u8>> {
    query
        .windows(2)
        .position(|w| w == [0x04, 0x20])
        .and_then(|i| query.get(i + 2..i + 34))
        .map(<[u8]>::to_vec)
}

fn reply(dir: &Path, query: &Path, out: &Path) -> std::io::Result<Vec<u8>> {
    openssl(
        dir,
        &[
            "ts",
            "-reply",
            "-config",
            "tsa.cnf",
            "-queryfile",
            &query.display().to_string(),
            "-out",
            &out.display().to_string(),
        ],
    )?;
    std::fs::read(out)
}

fn answer(dir: &Path, body: &[u8], mode: Mode) -> std::io::Result<Vec<u8>> {
    let q = dir.join(format!("q{}.tsq", std::process::id()));
    let r = dir.join(format!("r{}.tsr", std::process::id()));
    std::fs::write(&q, body)?;
    match mode {
        Mode::Honest => reply(dir, &q, &r),
        Mode::BadSignature => {
            let mut bytes = reply(dir, &q, &r)?;
            // The signature value is the last field of the last structure of the reply.
            if let Some(last) = bytes.last_mut() {
                *last ^= 0x01;
            }
            Ok(bytes)
        }
        Mode::WrongHash | Mode::WrongNonce => {
            let digest = match mode {
                Mode::WrongHash => vec![0x42u8; 32],
                _ => imprint_of(body).unwrap_or_default(),
            };
            let other = dir.join(format!("o{}.tsq", std::process::id()));
            openssl(
                dir,
                &[
                    "ts",
                    "-query",
                    "-digest",
                    &hex::encode(digest),
                    "-sha256",
                    "-cert",
                    "-out",
                    &other.display().to_string(),
                ],
            )?;
            reply(dir, &other, &r)
        }
        Mode::Refuse => {
            // TimeStampResp { status PKIStatusInfo { rejection(2), "refused" } }
            let text = b"refused for the test";
            let utf8 = [&[0x0c, text.len() as u8][..], text].concat();
            let free = [&[0x30, utf8.len() as u8][..], &utf8].concat();
            let status = [&[0x02, 0x01, 0x02][..], &free].concat();
            let info = [&[0x30, status.len() as u8][..], &status].concat();
            Ok([&[0x30, info.len() as u8][..], &info].concat())
        }
        Mode::HttpError => Err(std::io::Error::other("HTTP error on purpose")),
    }
}

fn serve(conn: TcpStream, dir: &Path, mode: Mode) -> std::io::Result<()> {
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let mut conn = conn;
    match answer(dir, &body, mode) {
        Ok(bytes) => {
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            )?;
            conn.write_all(&bytes)?;
        }
        Err(_) => {
            conn.write_all(
                b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )?;
        }
    }
    conn.flush()
}
