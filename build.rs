//! Build script. On Windows it embeds the app icon and the version information into
//! sigillo.exe (what Explorer, the taskbar and "Apps and features" show); for every other target
//! it does nothing, and it never runs again unless this file changes.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows::embed_resources();
    }
}

#[cfg(windows)]
mod windows {
    /// Icon and version information through the Windows SDK's resource compiler (rc.exe).
    /// FileVersion and ProductVersion come from Cargo.toml.
    pub fn embed_resources() {
        println!("cargo:rerun-if-changed=packaging/icons/sigillo.ico");
        let mut res = winresource::WindowsResource::new();
        res.set_icon("packaging/icons/sigillo.ico")
            // Windows shows FileDescription as the program's name (Task Manager, "Open with").
            .set("FileDescription", "Sigillo")
            .set("ProductName", "Sigillo")
            .set("CompanyName", "Progetto Sigillo")
            .set("LegalCopyright", "Progetto Sigillo, EUPL-1.2")
            .set("OriginalFilename", "sigillo.exe")
            .set("InternalName", "sigillo")
            // Italian (Italy), the app's first language.
            .set_language(0x0410);
        if let Err(e) = res.compile() {
            panic!("cannot embed the icon and version information into sigillo.exe: {e}");
        }
    }
}

#[cfg(not(windows))]
mod windows {
    /// Cross-compiling for Windows from another OS: the resource compiler is not wired up here,
    /// so the executable gets no icon. Release builds run on Windows (.github/workflows/release.yml).
    pub fn embed_resources() {
        println!(
            "cargo:warning=built on a non-Windows host: sigillo.exe has no icon or version information"
        );
    }
}
