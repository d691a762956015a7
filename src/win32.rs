//! Windows only: what the desktop app does before opening its window.
//!
//! `sigillo.exe` is a console program so that its commands (`sigillo inspect FILE`, …) print to
//! the terminal they were started from. Started from the Start menu or Explorer instead, Windows
//! gives it a console window of its own: the app closes that console at once, so only the app's
//! window remains. It also declares the application id the Start-menu shortcut carries
//! (packaging/windows/main.wxs), so the taskbar groups the window with its pinned shortcut.

use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
use windows_sys::Win32::UI::Shell::SetCurrentProcessExplicitAppUserModelID;

/// Prepares the process for the desktop app; call before any window exists.
pub fn prepare_desktop_app() {
    let id: Vec<u16> = sigillo::profile::APP_ID
        .encode_utf16()
        .chain(std::iter::once(0))
        .collect();
    // SAFETY: `id` is a NUL-terminated UTF-16 string that outlives the call, which copies it.
    // A failure only loses taskbar grouping, so its result is not needed.
    let _ = unsafe { SetCurrentProcessExplicitAppUserModelID(id.as_ptr()) };

    let mut processes = [0u32; 2];
    // SAFETY: the pointer and the length describe `processes`, which outlives the call.
    let sharing = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), processes.len() as u32) };
    if sharing == 1 {
        // Only this process uses the console: Windows made it for us, nobody reads it.
        // SAFETY: no arguments; afterwards writes to the old standard handles are ignored.
        let _ = unsafe { FreeConsole() };
    }
}
