//! Windows only: `ShellExecuteW` with the "open" verb, the way Explorer opens a file. The
//! path goes to the shell as a file name, not as a command line, so no character in it
//! (`&`, `|`, `^`, `%`) can start another command.

use std::os::windows::ffi::OsStrExt;
use std::path::Path;

use windows_sys::Win32::UI::Shell::ShellExecuteW;
use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;

/// NUL-terminated UTF-16.
fn wide(s: &std::ffi::OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

/// Opens `path` with its associated program. `Err` holds the code ShellExecuteW returned
/// (32 or less means failure, e.g. 31: no program is associated with the type).
pub fn shell_open(path: &Path) -> Result<(), i64> {
    let verb = wide(std::ffi::OsStr::new("open"));
    let file = wide(path.as_os_str());
    let dir = path.parent().map(|d| wide(d.as_os_str()));
    // SAFETY: every pointer is either null or a NUL-terminated UTF-16 buffer that outlives the
    // call; a null window handle and no parameters are allowed by the API.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            dir.as_ref().map_or(std::ptr::null(), |d| d.as_ptr()),
            SW_SHOWNORMAL,
        )
    };
    let code = result as isize as i64;
    if code > 32 { Ok(()) } else { Err(code) }
}

/// Marks a file as downloaded from the internet (the `Zone.Identifier` stream Windows and
/// browsers write), so that Office opens it in Protected View and SmartScreen checks it: a
/// copy written here must not look more trusted than the same file saved from a browser.
pub fn mark_from_internet(path: &Path) -> std::io::Result<()> {
    let mut stream = path.as_os_str().to_owned();
    stream.push(":Zone.Identifier");
    std::fs::write(
        std::path::PathBuf::from(stream),
        b"[ZoneTransfer]\r\nZoneId=3\r\n",
    )
}
