//! The sign-in link drawn as a QR code, to be shown on a screen or printed at the door.

use qrcode::{EcLevel, QrCode, render::svg};
use sanban_platform::{AppError, AppResult};

/// The full address an attendee's phone opens: the installation's public address and the
/// meeting's sign-in path.
pub fn link(public_url: &str, token: &str) -> String {
    format!(
        "{}/meetings/checkin/{token}",
        public_url.trim_end_matches('/')
    )
}

/// An SVG QR code of `text`. Level M survives a creased or smudged print-out.
pub fn svg(text: &str) -> AppResult<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("签到二维码：{e}")))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(256, 256)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_with_or_without_a_trailing_slash() {
        assert_eq!(
            link("https://oa.example.cn/", "abc"),
            "https://oa.example.cn/meetings/checkin/abc"
        );
        assert_eq!(
            link("http://127.0.0.1:8080", "abc"),
            "http://127.0.0.1:8080/meetings/checkin/abc"
        );
    }

    #[test]
    fn the_svg_is_one_drawing() {
        let s = svg("http://127.0.0.1:8080/meetings/checkin/abc").unwrap();
        assert!(s.starts_with("<?xml"), "{s}");
        assert!(s.ends_with("</svg>"), "{s}");
        assert_eq!(s.matches("<svg").count(), 1);
    }
}
