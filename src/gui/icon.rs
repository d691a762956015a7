//! The window's icon and identity: the app icon as 64×64 pixels (made from
//! `packaging/icons/it.sigillo.Sigillo.svg` by `packaging/icons/generate`) and, on Linux, the
//! application id desktops use to match the window with `it.sigillo.Sigillo.desktop`.

/// Width and height of the embedded window icon, in pixels.
pub const SIZE: u32 = 64;

/// Straight 8-bit RGBA, row by row (no decoder needed at run time).
pub const RGBA: &[u8] = include_bytes!("../../packaging/icons/window-64.rgba");

/// The window settings of the main window.
pub fn window_settings() -> iced::window::Settings {
    iced::window::Settings {
        size: iced::Size::new(1280.0, 800.0),
        icon: iced::window::icon::from_rgba(RGBA.to_vec(), SIZE, SIZE).ok(),
        // Wayland app_id and X11 WM_CLASS: what shells match against the desktop file name.
        #[cfg(target_os = "linux")]
        platform_specific: iced::window::settings::PlatformSpecific {
            application_id: sigillo::profile::APP_ID.to_owned(),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_has_the_app_icon() {
        let settings = window_settings();
        let icon = settings
            .icon
            .expect("the embedded pixels make a valid icon");
        let (rgba, size) = icon.into_raw();
        assert_eq!((size.width, size.height), (SIZE, SIZE));
        // Transparent corners, opaque wax in the middle: the seal, not a blank square.
        let alpha = |x: u32, y: u32| rgba[((y * SIZE + x) * 4 + 3) as usize];
        assert_eq!(alpha(0, 0), 0);
        assert_eq!(alpha(SIZE - 1, SIZE - 1), 0);
        assert_eq!(alpha(SIZE / 2, SIZE / 2), 255);
    }

    #[test]
    fn the_window_icon_is_the_64_px_hicolor_icon() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/packaging/icons/hicolor/64x64/apps/it.sigillo.Sigillo.png"
        );
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (SIZE, SIZE));
        assert_eq!(info.color_type, png::ColorType::Rgba);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        assert!(
            buf[..info.buffer_size()] == *RGBA,
            "window-64.rgba differs from the 64 px PNG: run packaging/icons/generate"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_window_carries_the_application_id() {
        assert_eq!(
            window_settings().platform_specific.application_id,
            sigillo::profile::APP_ID
        );
    }
}
