//! Desktop notifications for new PEC and for delivery failures. On Linux and the BSDs through
//! the freedesktop notification service on the session bus; where there is none (a server, a
//! test) nothing is shown and nothing fails. Other systems show the news in the window only.

/// Shows a notification, without waiting and without failing.
pub fn show(summary: String, body: String) {
    std::thread::spawn(move || {
        let _ = send(&summary, &body);
    });
}

#[cfg(all(unix, not(target_os = "macos")))]
fn send(summary: &str, body: &str) -> Result<(), zbus::Error> {
    use std::collections::HashMap;
    let conn = zbus::blocking::Connection::session()?;
    let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
    conn.call_method(
        Some("org.freedesktop.Notifications"),
        "/org/freedesktop/Notifications",
        Some("org.freedesktop.Notifications"),
        "Notify",
        &(
            "Sigillo",
            0u32,
            sigillo::profile::APP_ID,
            summary,
            body,
            Vec::<&str>::new(),
            hints,
            8000i32,
        ),
    )?;
    Ok(())
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn send(_summary: &str, _body: &str) -> Result<(), ()> {
    Ok(())
}
