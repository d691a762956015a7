//! Desktop notifications for new PEC and for delivery failures, on Linux and the BSDs (the
//! freedesktop notification service), macOS and Windows, through `notify-rust`. Clicking a
//! notification opens its message in the window. Where no notification service runs (a
//! server, a test) nothing is shown and nothing fails; the window shows the news anyway.

/// Shows a notification and waits (off the UI thread) until it is clicked or closed. Returns
/// `open` when the user clicked it.
pub async fn show(summary: String, body: String, open: i64, open_label: String) -> Option<i64> {
    tokio::task::spawn_blocking(move || {
        let mut n = notify_rust::Notification::new();
        n.appname("Sigillo").summary(&summary).body(&body);
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            n.icon(sigillo::profile::APP_ID);
            // "default" is the click on the notification itself; the button says it too.
            n.action("default", &open_label);
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = &open_label;
        let handle = n.show().ok()?;
        let mut clicked = false;
        handle.wait_for_action(|action| clicked = action == "default");
        clicked.then_some(open)
    })
    .await
    .ok()
    .flatten()
}
