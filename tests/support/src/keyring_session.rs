//! A private Secret Service for tests: a D-Bus session bus of its own (`dbus-daemon`) with an
//! unlocked gnome-keyring on it, in a temporary folder; both processes are stopped (by their
//! process ids) when dropped. Child processes reach it through [`PrivateKeyring::envs`]; the
//! test process itself never points at it, and the user's own keyring is never touched.
//!
//! It needs the Debian packages `dbus`, `gnome-keyring` and `libsecret-tools` (scripts/test
//! installs them) and fails with a clear message when they are missing.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct PrivateKeyring {
    dir: tempfile::TempDir,
    address: String,
    bus: Child,
    daemon: Child,
}

const PROGRAMS: [&str; 3] = [
    "/usr/bin/dbus-daemon",
    "/usr/bin/gnome-keyring-daemon",
    "/usr/bin/secret-tool",
];

impl PrivateKeyring {
    pub fn start() -> PrivateKeyring {
        for p in PROGRAMS {
            assert!(
                Path::new(p).exists(),
                "{p} is missing: run scripts/test as root, which installs the Debian packages \
                 dbus, gnome-keyring and libsecret-tools"
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("sigillo-keyring-")
            .tempdir()
            .unwrap();
        for sub in ["run", "data", "home"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .unwrap();
        }
        // A bus of our own with no service directories: nothing can be started by D-Bus
        // activation (the packaged gnome-keyring would race ours for the Secret Service name).
        let socket = dir.path().join("run/bus");
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .unwrap();
        let mut bus = Command::new("/usr/bin/dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting dbus-daemon");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon said {address:?}");
        let envs = envs_for(dir.path(), &address);
        let mut daemon = Command::new("/usr/bin/gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets", "--foreground"])
            .envs(envs)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("gnome-keyring.log")).unwrap())
            .spawn()
            .expect("starting gnome-keyring-daemon");
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"private-test-keyring")
            .unwrap();
        let k = PrivateKeyring {
            dir,
            address,
            bus,
            daemon,
        };
        // Ready when a secret can be stored and read back.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut store = k
                .secret_tool(&["store", "--label=probe", "probe", "1"])
                .stdin(Stdio::piped())
                .spawn()
                .unwrap();
            store.stdin.take().unwrap().write_all(b"x").unwrap();
            if store.wait().unwrap().success()
                && k.lookup(&[("probe", "1")]).as_deref() == Some("x")
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring did not come up: {}",
                std::fs::read_to_string(k.dir.path().join("gnome-keyring.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        k
    }

    /// Environment that points a child process at this keyring (and at private folders).
    pub fn envs(&self) -> Vec<(&'static str, PathBuf)> {
        envs_for(self.dir.path(), &self.address)
    }

    /// The folders whose files the keyring daemon writes (its encrypted keyring lives there).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn secret_tool(&self, args: &[&str]) -> Command {
        let mut c = Command::new("/usr/bin/secret-tool");
        c.args(args)
            .envs(self.envs())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        c
    }

    /// The secret stored under these attributes, if any (via `secret-tool`, independently
    /// of Sigillo's own code).
    pub fn lookup(&self, attrs: &[(&str, &str)]) -> Option<String> {
        let mut args = vec!["lookup"];
        for (k, v) in attrs {
            args.push(k);
            args.push(v);
        }
        let out = self.secret_tool(&args).output().unwrap();
        (out.status.success() && !out.stdout.is_empty())
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

fn envs_for(dir: &Path, address: &str) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("DBUS_SESSION_BUS_ADDRESS", PathBuf::from(address)),
        ("XDG_RUNTIME_DIR", dir.join("run")),
        ("XDG_DATA_HOME", dir.join("data")),
        ("HOME", dir.join("home")),
    ]
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        for child in [&mut self.daemon, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
