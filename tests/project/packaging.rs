//! The packaging sources in packaging/ agree with the app: one application id everywhere
//! (`sigillo::profile::APP_ID`), names and summaries from the Fluent files, the version of
//! Cargo.toml, every command in the manual pages, and icons made from the current SVG.
//! (The YAML sources are checked by packaging/check-sources.py, the built .deb by
//! scripts/test-packages.)

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};
use sigillo::i18n::{Lang, tr};
use sigillo::profile::APP_ID;
use sigillo::xml::{Element, parse_str};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const ICON_SIZES: [u32; 7] = [16, 32, 48, 64, 128, 256, 512];

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn xml(rel: &str) -> Element {
    parse_str(&read(rel)).unwrap_or_else(|e| panic!("{rel} is not well-formed XML: {e}"))
}

/// Every element under `e` (depth first), `e` included.
fn all<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
    out.push(e);
    for c in &e.children {
        all(c, out);
    }
}

fn find<'a>(root: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut v = Vec::new();
    all(root, &mut v);
    v.into_iter().filter(|e| e.name == name).collect()
}

#[test]
fn the_directories_triple_is_the_application_id() {
    let (q, o, a) = sigillo::profile::PROJECT_DIRS;
    assert_eq!(format!("{q}.{o}.{a}"), APP_ID);
}

#[test]
fn desktop_file_names_the_app_and_its_words_come_from_fluent() {
    let rel = format!("packaging/linux/{APP_ID}.desktop");
    let text = read(&rel);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    let entries: Vec<(&str, &str)> = lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('=').expect("key=value"))
        .collect();
    let get = |k: &str| {
        entries
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{rel} has no {k}"))
    };
    let bin = Path::new(env!("CARGO_BIN_EXE_sigillo"))
        .file_name()
        .unwrap();
    assert_eq!(get("Exec"), bin.to_str().unwrap());
    assert_eq!(get("Icon"), APP_ID);
    assert_eq!(get("StartupWMClass"), APP_ID);
    assert_eq!(get("Type"), "Application");
    for (suffix, lang) in [("", Lang::It), ("[en]", Lang::En)] {
        for (key, fluent) in [
            ("GenericName", "app-generic-name"),
            ("Comment", "app-summary"),
            ("Keywords", "app-keywords"),
        ] {
            assert_eq!(
                get(&format!("{key}{suffix}")),
                tr(lang, fluent),
                "{key}{suffix}"
            );
        }
    }
    assert_eq!(get("Name"), tr(Lang::It, "app-name"));
}

#[test]
fn metainfo_has_the_id_the_summaries_and_this_version() {
    let rel = format!("packaging/linux/{APP_ID}.metainfo.xml");
    let root = xml(&rel);
    assert_eq!(root.name, "component");
    assert_eq!(root.attr("type"), Some("desktop-application"));
    assert_eq!(root.text_at(&["id"]).as_deref(), Some(APP_ID));
    assert_eq!(
        root.text_at(&["launchable"]),
        Some(format!("{APP_ID}.desktop"))
    );
    assert_eq!(
        root.text_at(&["provides", "binary"]).as_deref(),
        Some("sigillo")
    );
    assert_eq!(root.text_at(&["name"]), Some(tr(Lang::It, "app-name")));
    assert_eq!(
        root.text_at(&["project_license"]).as_deref(),
        Some(env!("CARGO_PKG_LICENSE"))
    );
    let summaries: Vec<(Option<&str>, String)> = root
        .children_named("summary")
        .map(|s| (s.attr("lang"), s.value().unwrap()))
        .collect();
    assert_eq!(
        summaries,
        vec![
            (None, tr(Lang::It, "app-summary")),
            (Some("en"), tr(Lang::En, "app-summary"))
        ]
    );
    let newest = root.at(&["releases", "release"]).expect("a release");
    assert_eq!(
        newest.attr("version"),
        Some(VERSION),
        "add a <release> for {VERSION}"
    );
}

#[test]
fn debian_changelog_starts_with_this_version() {
    let text = read("packaging/linux/changelog");
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("sigillo ({VERSION}-1) ")),
        "packaging/linux/changelog must start with an entry for {VERSION}-1, not: {first}"
    );
}

#[test]
fn manual_pages_describe_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_sigillo"))
        .args(["--lang", "en", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(
        commands.len() >= 10,
        "commands read from --help: {commands:?}"
    );
    for rel in [
        "packaging/linux/man/sigillo.1",
        "packaging/linux/man/it/sigillo.1",
    ] {
        let page = read(rel);
        for c in &commands {
            assert!(
                page.lines()
                    .any(|l| l.replace("\\-", "-") == format!(".B {c}")),
                "{rel} does not describe the command {c}"
            );
        }
    }
}

#[test]
fn macos_bundle_has_the_id_the_binary_and_the_icon() {
    let root = xml("packaging/macos/Info.plist");
    let dict = root.child("dict").expect("<dict>");
    let mut values = std::collections::HashMap::new();
    for pair in dict.children.chunks(2) {
        if pair[0].name == "key" && pair.len() == 2 {
            values.insert(pair[0].text.clone(), pair[1].text.clone());
        }
    }
    assert_eq!(values["CFBundleIdentifier"], APP_ID);
    assert_eq!(values["CFBundleExecutable"], "sigillo");
    assert_eq!(values["CFBundleShortVersionString"], "@VERSION@");
    assert_eq!(values["CFBundlePackageType"], "APPL");
    let icon = &values["CFBundleIconFile"];
    assert!(
        read("packaging/macos/make-app").contains(&format!("Contents/Resources/{icon}")),
        "make-app must copy the icon to Contents/Resources/{icon}"
    );
}

#[test]
fn windows_installer_has_the_id_the_icon_and_a_start_menu_entry() {
    let root = xml("packaging/windows/main.wxs");
    let package = &find(&root, "Package")[0];
    assert_eq!(package.attr("InstallScope"), Some("perMachine"));
    let product = &find(&root, "Product")[0];
    let upgrade = product.attr("UpgradeCode").unwrap();
    assert_eq!(upgrade.len(), 36, "UpgradeCode is a GUID: {upgrade}");
    let file = &find(&root, "File")[0];
    assert!(file.attr("Source").unwrap().ends_with("\\sigillo.exe"));
    for icon in find(&root, "Icon") {
        let source = icon.attr("SourceFile").unwrap().replace('\\', "/");
        assert!(path(&source).is_file(), "{source} does not exist");
    }
    let shortcut = &find(&root, "Shortcut")[0];
    assert_eq!(shortcut.attr("Icon"), Some("SigilloIcon"));
    let start_menu = find(&root, "Directory")
        .into_iter()
        .find(|d| d.attr("Id") == Some("ProgramMenuFolder"))
        .expect("a Start-menu folder");
    assert!(!find(start_menu, "Shortcut").is_empty());
    let aumid = find(shortcut, "ShortcutProperty")
        .into_iter()
        .find(|p| p.attr("Key") == Some("System.AppUserModel.ID"))
        .expect("the shortcut's application id");
    assert_eq!(aumid.attr("Value"), Some(APP_ID));
    // The running app declares the same id (src/win32.rs).
    assert!(read("src/win32.rs").contains("sigillo::profile::APP_ID"));
}

#[test]
fn icons_were_generated_from_the_current_svg() {
    let svg = std::fs::read(path(&format!("packaging/icons/{APP_ID}.svg"))).unwrap();
    let stamp = read("packaging/icons/source.sha256");
    assert_eq!(
        stamp.trim_end(),
        format!("{}  {APP_ID}.svg", hex::encode(Sha256::digest(&svg))),
        "the SVG changed since the icons were made: run packaging/icons/generate"
    );
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(data: &[u8]) -> (u32, u32) {
    assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&data[12..16], b"IHDR");
    let n = |i: usize| u32::from_be_bytes(data[i..i + 4].try_into().unwrap());
    (n(16), n(20))
}

#[test]
fn hicolor_icons_have_their_sizes() {
    for s in ICON_SIZES {
        let rel = format!("packaging/icons/hicolor/{s}x{s}/apps/{APP_ID}.png");
        let data = std::fs::read(path(&rel)).unwrap();
        assert_eq!(png_size(&data), (s, s), "{rel}");
    }
}

#[test]
fn windows_icon_holds_the_small_and_large_sizes() {
    let ico = std::fs::read(path("packaging/icons/sigillo.ico")).unwrap();
    let u16_at = |i: usize| u16::from_le_bytes([ico[i], ico[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes(ico[i..i + 4].try_into().unwrap());
    assert_eq!((u16_at(0), u16_at(2)), (0, 1), "ICO header");
    let count = u16_at(4) as usize;
    let mut sizes = Vec::new();
    for k in 0..count {
        let entry = 6 + 16 * k;
        let dim = |b: u8| if b == 0 { 256 } else { b as u32 };
        let (w, h) = (dim(ico[entry]), dim(ico[entry + 1]));
        let (len, offset) = (u32_at(entry + 8) as usize, u32_at(entry + 12) as usize);
        assert!(offset + len <= ico.len());
        assert_eq!(png_size(&ico[offset..offset + len]), (w, h));
        sizes.push(w);
    }
    for s in [16, 32, 48, 256] {
        assert!(
            sizes.contains(&s),
            "no {s}px image in sigillo.ico: {sizes:?}"
        );
    }
}

#[test]
fn macos_icon_holds_every_retina_size() {
    let icns = std::fs::read(path("packaging/icons/sigillo.icns")).unwrap();
    assert_eq!(&icns[..4], b"icns");
    let total = u32::from_be_bytes(icns[4..8].try_into().unwrap()) as usize;
    assert_eq!(total, icns.len());
    let mut chunks = std::collections::HashMap::new();
    let mut at = 8;
    while at < icns.len() {
        let kind = std::str::from_utf8(&icns[at..at + 4]).unwrap().to_owned();
        let len = u32::from_be_bytes(icns[at + 4..at + 8].try_into().unwrap()) as usize;
        chunks.insert(kind, png_size(&icns[at + 8..at + len]).0);
        at += len;
    }
    assert_eq!(at, icns.len());
    for (kind, size) in [
        ("ic11", 32),
        ("ic12", 64),
        ("ic07", 128),
        ("ic13", 256),
        ("ic08", 256),
        ("ic14", 512),
        ("ic09", 512),
        ("ic10", 1024),
    ] {
        assert_eq!(chunks.get(kind), Some(&size), "{kind} in sigillo.icns");
    }
}
