//! Where a byte flip must break a signature: the signed part and the signature's base64.

/// Byte ranges that the signature covers: the signed part's bytes and the base64 characters of
/// the signature part.
pub fn covered_ranges(raw: &[u8]) -> (std::ops::Range<usize>, Vec<usize>) {
    let text = raw;
    // The boundary of the multipart/signed entity.
    let lower = String::from_utf8_lossy(raw).to_ascii_lowercase();
    let ct = lower.find("multipart/signed").expect("signed");
    let b = lower[ct..].find("boundary=").unwrap() + ct + "boundary=".len();
    let original = String::from_utf8_lossy(raw);
    let rest = &original[b..];
    let boundary: String = if let Some(stripped) = rest.strip_prefix('"') {
        stripped.split('"').next().unwrap().to_owned()
    } else {
        rest.split(|c: char| c == ';' || c.is_whitespace())
            .next()
            .unwrap()
            .to_owned()
    };
    let delim = format!("\n--{boundary}");
    let find_from = |from: usize| -> usize {
        let hay = &text[from..];
        hay.windows(delim.len())
            .position(|w| w == delim.as_bytes())
            .unwrap()
            + from
    };
    let first = find_from(b);
    let content_start = text[first + 1..].iter().position(|&c| c == b'\n').unwrap() + first + 2;
    let second = find_from(content_start);
    let mut content_end = second;
    if text[content_end - 1] == b'\r' {
        content_end -= 1;
    }
    let sig_headers_start =
        text[second + 1..].iter().position(|&c| c == b'\n').unwrap() + second + 2;
    let blank = text[sig_headers_start..]
        .windows(2)
        .position(|w| w == b"\n\n" || w == b"\n\r")
        .unwrap()
        + sig_headers_start;
    let closing = find_from(blank);
    let sig_chars = (blank..closing)
        .filter(|&i| text[i].is_ascii_alphanumeric() || text[i] == b'+' || text[i] == b'/')
        .collect();
    (content_start..content_end, sig_chars)
}

pub fn base64_neighbour(c: u8) -> u8 {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let i = A.iter().position(|&x| x == c).unwrap();
    A[(i + 1) % 64]
}
