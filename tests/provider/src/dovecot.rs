//! A private, unprivileged Dovecot for tests and the developer provider: IMAPS and POP3S
//! (implicit TLS) on free loopback ports, a `localhost` certificate made at start, users from
//! a passwd file, Maildir storage in a temporary directory, the quota plugin (`imap_quota`,
//! maildir backend) with a per-user limit. Delivery goes through Dovecot's own delivery agent
//! (`dovecot-lda`), so quota and unknown users behave as for a real MTA.
//!
//! Never the system's ports, never systemd: the master runs in the foreground as a child of
//! this process (`dovecot -F`, stdio on /dev/null — an inherited pipe would hang a test log
//! reader) and is stopped, and its directory removed, on drop. As root, mail belongs to a
//! `vmail` system user (Dovecot refuses to store mail as UID 0).

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::tls::ServerIdentity;

/// Programs the harness needs from the Debian packages `dovecot-imapd` and `dovecot-pop3d`.
pub const REQUIRED_PROGRAMS: [&str; 5] = [
    "/usr/sbin/dovecot",
    "/usr/bin/doveadm",
    "/usr/lib/dovecot/imap",
    "/usr/lib/dovecot/pop3",
    "/usr/lib/dovecot/dovecot-lda",
];

const START_TIMEOUT: Duration = Duration::from_secs(15);

/// Dovecot could not be started or used.
#[derive(Debug, thiserror::Error)]
pub enum DovecotError {
    /// A program is missing.
    #[error(
        "dovecot is not installed ({missing} is missing): run scripts/test as root, which installs \
         the Debian packages dovecot-imapd and dovecot-pop3d, or install them yourself"
    )]
    NotInstalled {
        /// The missing path.
        missing: String,
    },
    /// The temporary directory or a file in it could not be made.
    #[error("cannot prepare the Dovecot test directory ({what}): {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificate could not be made.
    #[error("cannot make the TLS certificate for localhost: {0}")]
    Tls(#[from] openssl::error::ErrorStack),
    /// As root, the `vmail` user is needed and could not be created.
    #[error(
        "cannot create the system user vmail that owns test mail (Dovecot refuses to store mail as root): {0}"
    )]
    MailUser(String),
    /// The master did not come up.
    #[error("Dovecot did not start: {reason}\n--- Dovecot log ---\n{log}")]
    StartFailed {
        /// Why.
        reason: String,
        /// The log so far.
        log: String,
    },
    /// A user name or password that the passwd file cannot hold.
    #[error("invalid test user or password {0:?}: no ':', '/', '%', spaces or line breaks allowed")]
    InvalidUser(String),
}

/// Why a delivery did not happen.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeliveryError {
    /// No such mailbox user.
    #[error("no mailbox {0} on this server")]
    UnknownUser(String),
    /// A temporary failure, e.g. the mailbox is over quota: try again later.
    #[error("delivery to {user} temporarily failed: {detail}")]
    Temporary {
        /// Recipient.
        user: String,
        /// What Dovecot said.
        detail: String,
    },
    /// Anything else.
    #[error("delivery to {user} failed: {detail}")]
    Failed {
        /// Recipient.
        user: String,
        /// What Dovecot said.
        detail: String,
    },
}

/// How to start Dovecot.
#[derive(Debug, Clone)]
pub struct DovecotOptions {
    /// Quota of users added without one, in bytes (`None`: unlimited).
    pub default_quota_bytes: Option<u64>,
    /// The TLS certificate to serve; a new one for `localhost` when `None` (the provider
    /// passes its own so one file pins SMTP, IMAP and POP3).
    pub identity: Option<ServerIdentity>,
}

impl Default for DovecotOptions {
    fn default() -> Self {
        DovecotOptions {
            default_quota_bytes: Some(100 * 1024 * 1024),
            identity: None,
        }
    }
}

#[derive(Debug, Clone)]
struct User {
    address: String,
    password: String,
    quota_bytes: Option<u64>,
}

/// A running private Dovecot.
pub struct Dovecot {
    dir: tempfile::TempDir,
    child: Mutex<Option<Child>>,
    imaps_port: u16,
    pop3s_port: u16,
    identity: ServerIdentity,
    users: Mutex<Vec<User>>,
    users_generation: std::sync::atomic::AtomicU64,
    default_quota: Option<u64>,
}

impl std::fmt::Debug for Dovecot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dovecot")
            .field("dir", &self.dir.path())
            .field("imaps_port", &self.imaps_port)
            .field("pop3s_port", &self.pop3s_port)
            .finish_non_exhaustive()
    }
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> DovecotError {
    let what = what.into();
    move |source| DovecotError::Io { what, source }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

struct Ids {
    mail_uid: u32,
    mail_gid: u32,
    login_user: String,
    internal_user: String,
    internal_group: String,
}

fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let out = Command::new("id").arg("-u").arg(name).output().ok()?;
    let uid = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    let out = Command::new("id").arg("-g").arg(name).output().ok()?;
    let gid = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    Some((uid, gid))
}

fn ids() -> Result<Ids, DovecotError> {
    if is_root() {
        static CREATE: Mutex<()> = Mutex::new(());
        let _guard = CREATE.lock().unwrap_or_else(|e| e.into_inner());
        if lookup_user("vmail").is_none() {
            let out = Command::new("useradd")
                .args([
                    "--system",
                    "--no-create-home",
                    "--home-dir",
                    "/nonexistent",
                    "--shell",
                    "/usr/sbin/nologin",
                    "vmail",
                ])
                .stdin(Stdio::null())
                .output()
                .map_err(|e| DovecotError::MailUser(e.to_string()))?;
            // Another process may have created it in the meantime: look again.
            if lookup_user("vmail").is_none() {
                return Err(DovecotError::MailUser(
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                ));
            }
        }
        let (mail_uid, mail_gid) =
            lookup_user("vmail").ok_or_else(|| DovecotError::MailUser("vmail vanished".into()))?;
        for needed in ["dovecot", "dovenull"] {
            if lookup_user(needed).is_none() {
                return Err(DovecotError::NotInstalled {
                    missing: format!("the system user {needed}"),
                });
            }
        }
        Ok(Ids {
            mail_uid,
            mail_gid,
            login_user: "dovenull".into(),
            internal_user: "dovecot".into(),
            internal_group: "dovecot".into(),
        })
    } else {
        // SAFETY: getuid/getgid have no preconditions and cannot fail.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        let name = |flag: &str| -> String {
            Command::new("id")
                .arg(flag)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        Ok(Ids {
            mail_uid: uid,
            mail_gid: gid,
            login_user: name("-un"),
            internal_user: name("-un"),
            internal_group: name("-gn"),
        })
    }
}

impl Dovecot {
    /// Starts a Dovecot with the default options.
    pub fn start() -> Result<Self, DovecotError> {
        Self::start_with(DovecotOptions::default())
    }

    /// Starts a Dovecot.
    pub fn start_with(options: DovecotOptions) -> Result<Self, DovecotError> {
        for p in REQUIRED_PROGRAMS {
            if !Path::new(p).exists() {
                return Err(DovecotError::NotInstalled {
                    missing: p.to_owned(),
                });
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("sigillo-dovecot-")
            .tempdir()
            .map_err(io("creating the temporary directory"))?;
        let d = dir.path();
        for sub in ["run", "state", "log", "mail", "users.d"] {
            std::fs::create_dir(d.join(sub)).map_err(io(format!("creating {sub}/")))?;
        }
        for p in [d.to_path_buf(), d.join("run")] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                .map_err(io("making the directory traversable"))?;
        }
        let identity = match options.identity {
            Some(i) => i,
            None => ServerIdentity::localhost()?,
        };
        std::fs::write(d.join("cert.pem"), identity.cert_pem()).map_err(io("writing cert.pem"))?;
        std::fs::write(d.join("key.pem"), identity.key_pem()).map_err(io("writing key.pem"))?;
        std::fs::set_permissions(d.join("key.pem"), std::fs::Permissions::from_mode(0o600))
            .map_err(io("protecting key.pem"))?;
        let ids = ids()?;
        if is_root() {
            std::os::unix::fs::chown(d.join("mail"), Some(ids.mail_uid), Some(ids.mail_gid))
                .map_err(io("giving mail/ to vmail"))?;
        }
        let mut dovecot = Dovecot {
            dir,
            child: Mutex::new(None),
            imaps_port: 0,
            pop3s_port: 0,
            identity,
            users: Mutex::new(Vec::new()),
            users_generation: std::sync::atomic::AtomicU64::new(0),
            default_quota: options.default_quota_bytes,
        };

        // Free ports are picked, then bound by Dovecot: another process may take one in
        // between, so a start that fails on a busy port is retried on new ones.
        let mut last = None;
        for _ in 0..5 {
            let imaps = free_port().map_err(io("finding a free port"))?;
            let pop3s = free_port().map_err(io("finding a free port"))?;
            if imaps == pop3s {
                continue;
            }
            dovecot.imaps_port = imaps;
            dovecot.pop3s_port = pop3s;
            std::fs::write(dovecot.conf_path(), dovecot.config(&ids))
                .map_err(io("writing dovecot.conf"))?;
            match dovecot.spawn_and_wait() {
                Ok(()) => return Ok(dovecot),
                Err(e @ DovecotError::StartFailed { .. })
                    if dovecot.log().contains("Address already in use") =>
                {
                    let _ = std::fs::remove_file(dovecot.dir.path().join("log/dovecot.log"));
                    last = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| DovecotError::StartFailed {
            reason: "no free ports".into(),
            log: String::new(),
        }))
    }

    fn spawn_and_wait(&mut self) -> Result<(), DovecotError> {
        let child = Command::new("/usr/sbin/dovecot")
            // Own process group: `stop` signals the master and all its children at once.
            .process_group(0)
            .arg("-F")
            .arg("-c")
            .arg(self.conf_path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| DovecotError::StartFailed {
                reason: format!("cannot run /usr/sbin/dovecot: {e}"),
                log: String::new(),
            })?;
        *self.child.get_mut().unwrap_or_else(|e| e.into_inner()) = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let exited = {
                let mut guard = self.child.lock().unwrap_or_else(|e| e.into_inner());
                let status = guard.as_mut().and_then(|c| c.try_wait().ok().flatten());
                if status.is_some() {
                    *guard = None;
                }
                status
            };
            if let Some(status) = exited {
                return Err(DovecotError::StartFailed {
                    reason: format!("the master exited with {status}"),
                    log: self.log(),
                });
            }
            let up = |port| {
                TcpStream::connect_timeout(
                    &([127, 0, 0, 1], port).into(),
                    Duration::from_millis(200),
                )
                .is_ok()
            };
            if up(self.imaps_port) && up(self.pop3s_port) {
                return Ok(());
            }
            if Instant::now() > deadline {
                self.stop();
                return Err(DovecotError::StartFailed {
                    reason: format!("ports not open after {START_TIMEOUT:?}"),
                    log: self.log(),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn conf_path(&self) -> PathBuf {
        self.dir.path().join("dovecot.conf")
    }

    fn config(&self, ids: &Ids) -> String {
        let d = self.dir.path().display();
        let quota = match self.default_quota {
            Some(b) => format!("*:storage={b}B"),
            None => "*:storage=0".into(),
        };
        let instance = format!("sigillo-test-{}-{}", std::process::id(), self.imaps_port);
        format!(
            r#"# Written by sigillo-test-provider; removed with its directory.
instance_name = {instance}
base_dir = {d}/run
state_dir = {d}/state
log_path = {d}/log/dovecot.log
info_log_path = {d}/log/dovecot-info.log
protocols = imap pop3
listen = 127.0.0.1
default_login_user = {login}
default_internal_user = {internal}
default_internal_group = {group}
first_valid_uid = 0
first_valid_gid = 0
ssl = required
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
auth_mechanisms = plain login
# Tests try wrong passwords on purpose; no need to wait the default 2 s each time.
auth_failure_delay = 0
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
postmaster_address = postmaster@localhost
lda_mailbox_autocreate = yes
quota_full_tempfail = yes
mail_plugins = $mail_plugins quota
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
}}
plugin {{
  quota = maildir:User quota
  quota_rule = {quota}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users.d/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {d}/users.d/%u
  default_fields = uid={uid} gid={gid} home={d}/mail/%u
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {imaps}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = {pop3s}
    ssl = yes
  }}
}}
"#,
            login = ids.login_user,
            internal = ids.internal_user,
            group = ids.internal_group,
            uid = ids.mail_uid,
            gid = ids.mail_gid,
            imaps = self.imaps_port,
            pop3s = self.pop3s_port,
        )
    }

    /// Writes one user's passwd file. Each user has a file of its own (`users.d/<address>`):
    /// Dovecot re-reads a changed passwd file at most once a second, but opens a new one at
    /// once, so adding users never waits.
    fn write_user(&self, u: &User) -> Result<(), DovecotError> {
        let quota = match u.quota_bytes {
            Some(b) => format!("userdb_quota_rule=*:storage={b}B"),
            None => "userdb_quota_rule=*:storage=0".into(),
        };
        let text = format!("{}:{{PLAIN}}{}::::::{quota}\n", u.address, u.password);
        let dir = self.dir.path().join("users.d");
        let tmp = dir.join(format!(".{}.tmp", u.address));
        std::fs::write(&tmp, text).map_err(io("writing a passwd file"))?;
        // A distinct mtime for every version, so a change is never mistaken for the old file.
        let generation = self
            .users_generation
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let stamp = std::time::UNIX_EPOCH + Duration::from_secs(1_000_000_000 + generation);
        std::fs::File::options()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.set_modified(stamp))
            .map_err(io("stamping a passwd file"))?;
        std::fs::rename(&tmp, dir.join(&u.address)).map_err(io("replacing a passwd file"))
    }

    /// Host name to connect to (the certificate is for `localhost` and 127.0.0.1).
    pub fn host(&self) -> &'static str {
        "localhost"
    }

    /// IMAPS port (implicit TLS).
    pub fn imaps_port(&self) -> u16 {
        self.imaps_port
    }

    /// POP3S port (implicit TLS).
    pub fn pop3s_port(&self) -> u16 {
        self.pop3s_port
    }

    /// The server certificate, PEM: the only root clients should trust.
    pub fn cert_pem(&self) -> Vec<u8> {
        self.identity.cert_pem()
    }

    /// Path of the server certificate (for `-CAfile` and the dev instructions).
    pub fn cert_path(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }

    /// The instance's directory (removed on drop).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Waits until Dovecot's user database answers with the quota just written: passwd-file
    /// is re-read at most once a second, and a delivery must not see the old version.
    fn wait_for_userdb(&self, address: &str, quota_bytes: Option<u64>) -> Result<(), DovecotError> {
        let expected = match quota_bytes {
            Some(b) => format!("*:storage={b}B"),
            None => "*:storage=0".into(),
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let out = Command::new("/usr/bin/doveadm")
                .arg("-c")
                .arg(self.conf_path())
                .args(["user", "-f", "quota_rule"])
                .arg(address)
                .stdin(Stdio::null())
                .output()
                .map_err(io("running doveadm user"))?;
            if out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == expected {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(DovecotError::StartFailed {
                    reason: format!("the user database did not pick up {address} in time"),
                    log: self.log(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Adds a user (login = address) with the default quota.
    pub fn add_user(&self, address: &str, password: &str) -> Result<(), DovecotError> {
        self.add_user_with_quota(address, password, self.default_quota)
    }

    /// Adds a user with a quota in bytes (`None`: unlimited).
    pub fn add_user_with_quota(
        &self,
        address: &str,
        password: &str,
        quota_bytes: Option<u64>,
    ) -> Result<(), DovecotError> {
        for v in [address, password] {
            if v.is_empty()
                || v.contains([':', '\n', '\r', ' ', '\t', '/', '%'])
                || v.starts_with('.')
            {
                return Err(DovecotError::InvalidUser(v.to_owned()));
            }
        }
        let user = User {
            address: address.to_ascii_lowercase(),
            password: password.to_owned(),
            quota_bytes,
        };
        {
            let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
            users.retain(|u| !u.address.eq_ignore_ascii_case(address));
            users.push(user.clone());
        }
        self.write_user(&user)?;
        self.wait_for_userdb(address, quota_bytes)
    }

    /// Changes a user's quota (`None`: unlimited). A tiny quota makes the mailbox "full".
    pub fn set_quota(&self, address: &str, quota_bytes: Option<u64>) -> Result<(), DovecotError> {
        let user = {
            let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
            let Some(u) = users
                .iter_mut()
                .find(|u| u.address.eq_ignore_ascii_case(address))
            else {
                return Err(DovecotError::InvalidUser(address.to_owned()));
            };
            u.quota_bytes = quota_bytes;
            u.clone()
        };
        self.write_user(&user)?;
        self.wait_for_userdb(address, quota_bytes)
    }

    /// True when the user exists.
    pub fn has_user(&self, address: &str) -> bool {
        self.users
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|u| u.address.eq_ignore_ascii_case(address))
    }

    /// Delivers a message into `mailbox` (created when missing) with Dovecot's delivery agent.
    pub fn deliver(&self, address: &str, mailbox: &str, raw: &[u8]) -> Result<(), DeliveryError> {
        let user = address.to_ascii_lowercase();
        let mut child = Command::new("/usr/lib/dovecot/dovecot-lda")
            .arg("-c")
            .arg(self.conf_path())
            .arg("-d")
            .arg(&user)
            .arg("-m")
            .arg(mailbox)
            .arg("-e") // errors to stderr and exit code, never a bounce
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| DeliveryError::Failed {
                user: user.clone(),
                detail: format!("cannot run dovecot-lda: {e}"),
            })?;
        let write = child.stdin.take().map(|mut s| s.write_all(raw));
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        let status = child.wait().map_err(|e| DeliveryError::Failed {
            user: user.clone(),
            detail: e.to_string(),
        })?;
        if let Some(Err(e)) = write {
            return Err(DeliveryError::Failed {
                user,
                detail: format!("writing the message to dovecot-lda: {e}"),
            });
        }
        match status.code() {
            Some(0) => Ok(()),
            Some(67) => Err(DeliveryError::UnknownUser(user)),
            Some(75) => Err(DeliveryError::Temporary {
                user,
                detail: stderr.trim().to_owned(),
            }),
            _ => Err(DeliveryError::Failed {
                user,
                detail: format!("{status}: {}", stderr.trim()),
            }),
        }
    }

    /// The messages of a mailbox in delivery order, read from the Maildir (for assertions), in
    /// the CRLF form IMAP and POP3 serve (Dovecot stores Maildir files with LF line ends).
    pub fn messages(&self, address: &str, mailbox: &str) -> Result<Vec<Vec<u8>>, DovecotError> {
        let mut root = self
            .dir
            .path()
            .join("mail")
            .join(address.to_ascii_lowercase())
            .join("Maildir");
        if !mailbox.eq_ignore_ascii_case("INBOX") {
            root = root.join(format!(".{mailbox}"));
        }
        let mut files: Vec<(u64, u64, String, PathBuf)> = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(root.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let mut parts = name.split('.');
                let secs = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
                let micros = parts
                    .next()
                    .and_then(|s| s.strip_prefix('M'))
                    .and_then(|s| s.split('P').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                files.push((secs, micros, name, e.path()));
            }
        }
        files.sort();
        files
            .into_iter()
            .map(|(_, _, _, p)| {
                std::fs::read(&p)
                    .map(|b| crate::message::mime::to_crlf(&b))
                    .map_err(io(format!("reading {}", p.display())))
            })
            .collect()
    }

    /// The Dovecot log so far (for error messages).
    pub fn log(&self) -> String {
        let mut s = String::new();
        for f in ["dovecot.log", "dovecot-info.log"] {
            if let Ok(t) = std::fs::read_to_string(self.dir.path().join("log").join(f)) {
                s.push_str(&t);
            }
        }
        s
    }

    /// Stops every Dovecot process of this instance and waits for the master to exit.
    ///
    /// The master runs in its own process group with all its children. They get SIGTERM,
    /// then, 100 ms later, SIGKILL (a graceful master shutdown takes a full second, too slow
    /// for tests; the directory is thrown away anyway). The master is reaped only after the
    /// signals, so the group id cannot have been reused by an unrelated process.
    pub fn stop(&self) {
        let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() else {
            return;
        };
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: kill(2) on the process group led by our own, not yet reaped, child.
            unsafe {
                libc::kill(-pid, libc::SIGTERM);
            }
            std::thread::sleep(Duration::from_millis(100));
            // SAFETY: as above; the master is still unreaped (at worst a zombie).
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = child.wait();
    }

    /// Pid of the master process, while it runs.
    pub fn master_pid(&self) -> Option<u32> {
        self.child
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(Child::id)
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_dovecot_is_explained() {
        let e = DovecotError::NotInstalled {
            missing: "/usr/sbin/dovecot".into(),
        };
        let text = e.to_string();
        assert!(text.contains("dovecot is not installed"), "{text}");
        assert!(text.contains("scripts/test as root"), "{text}");
        assert!(
            text.contains("dovecot-imapd") && text.contains("dovecot-pop3d"),
            "{text}"
        );
    }

    #[test]
    fn free_ports_are_loopback_and_distinct_enough() {
        let a = free_port().unwrap();
        assert!(a > 0);
        assert!(
            TcpListener::bind(("127.0.0.1", a)).is_ok(),
            "port {a} is free"
        );
    }
}
