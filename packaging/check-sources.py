#!/usr/bin/env python3
"""Static checks of the packaging sources that need a YAML reader (Debian python3-yaml).

Run by scripts/test-packages. The other packaging sources (desktop file, metainfo, Info.plist,
WiX source, changelog, man pages, icons) are checked by `cargo test` (tests/project/packaging.rs).

- .github/workflows/release.yml parses; it has a job on each of ubuntu, windows and macos
  runners; every repository script it runs exists and is executable; the tools it installs
  are pinned (`cargo install --locked ... --version`).
- packaging/flatpak/it.sigillo.Sigillo.yml parses; its id is APP_ID (src/profile.rs), its
  command is the binary, it uses the freedesktop runtime with the Rust SDK extension, and every
  repository file its build commands install exists.
"""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_PATH = re.compile(r"\b((?:scripts|packaging)/[A-Za-z0-9_./${}-]+)")
failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def app_id():
    with open(os.path.join(ROOT, "src/profile.rs"), encoding="utf-8") as f:
        return re.search(r'pub const APP_ID: &str = "([^"]+)";', f.read()).group(1)


def load(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return yaml.safe_load(f)


def repo_paths(command):
    """Repository paths a shell command names (globs and ${vars} expanded as one size)."""
    for p in REPO_PATH.findall(command):
        p = p.replace("${size}", "16").rstrip(".")
        if "*" not in p:
            yield p


def check_workflow():
    rel = ".github/workflows/release.yml"
    wf = load(rel)
    print(f"{rel}:")
    # YAML 1.1 reads the key `on` as true.
    triggers = wf.get("on", wf.get(True))
    check(isinstance(triggers, dict) and "push" in triggers, "runs on push of tags")
    runners = {name: str(job.get("runs-on", "")) for name, job in wf["jobs"].items()}
    for os_name in ("ubuntu", "windows", "macos"):
        check(any(r.startswith(os_name) for r in runners.values()), f"a job runs on {os_name}")
    for name, job in wf["jobs"].items():
        for step in job.get("steps", []):
            run = step.get("run")
            if not run:
                if "uses" not in step:
                    check(False, f"{name}: a step has neither run nor uses")
                continue
            for p in repo_paths(run):
                full = os.path.join(ROOT, p)
                check(os.path.isfile(full) and os.access(full, os.X_OK),
                      f"{name}: {p} exists and is executable")
            for line in run.splitlines():
                if "cargo install" in line:
                    check("--locked" in line and "--version" in line,
                          f"{name}: pinned: {line.strip()}")


def check_flatpak(expected_id):
    rel = "packaging/flatpak/it.sigillo.Sigillo.yml"
    m = load(rel)
    print(f"{rel}:")
    check(m.get("id") == expected_id, f"id is {expected_id}")
    check(m.get("command") == "sigillo", "command is sigillo")
    check(m.get("runtime") == "org.freedesktop.Platform", "freedesktop runtime")
    check(m.get("sdk") == "org.freedesktop.Sdk", "freedesktop SDK")
    check("org.freedesktop.Sdk.Extension.rust-stable" in m.get("sdk-extensions", []),
          "Rust SDK extension")
    module = m["modules"][0]
    commands = "\n".join(module.get("build-commands", []))
    check("--locked" in commands and "--offline" in commands, "offline, locked cargo build")
    for p in sorted(set(repo_paths(commands))):
        check(os.path.isfile(os.path.join(ROOT, p)), f"{p} exists")
    check(f"/app/share/applications/{expected_id}.desktop" in commands, "installs the desktop file")
    check(f"/app/share/metainfo/{expected_id}.metainfo.xml" in commands, "installs the metainfo")


def main():
    check_workflow()
    check_flatpak(app_id())
    if failures:
        print(f"!! {len(failures)} packaging source check(s) failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
