//! Hostile messages the tests feed to every reader (the classifier, the store, the window): MIME
//! nested far deeper than any real message, and a multipart of a hundred thousand parts. One
//! builder for each, so that every test is fed the same shape.

/// `headers` (complete header lines, each ending in CRLF), then a `multipart/mixed` nested
/// `depth` levels deep (boundaries `b0` to `b{depth}`), a text part at the bottom, and every
/// level closed.
pub fn nested_multipart(headers: &str, depth: usize) -> String {
    let mut m = headers.to_owned();
    m.push_str("Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for i in 0..depth {
        m.push_str(&format!(
            "--b{i}\r\nContent-Type: multipart/mixed; boundary=\"b{}\"\r\n\r\n",
            i + 1
        ));
    }
    m.push_str(&format!(
        "--b{depth}\r\nContent-Type: text/plain\r\n\r\nfondo\r\n"
    ));
    for i in (0..=depth).rev() {
        m.push_str(&format!("--b{i}--\r\n"));
    }
    m
}

/// `headers` (complete header lines, each ending in CRLF), then one `multipart/mixed` of
/// `parts` attachments of one byte, named `f0.bin`, `f1.bin`, ….
pub fn many_parts(headers: &str, parts: usize) -> String {
    let mut m = headers.to_owned();
    m.push_str("Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
    for i in 0..parts {
        m.push_str(&format!(
            "--p\r\nContent-Type: application/octet-stream; name=\"f{i}.bin\"\r\n\r\nx\r\n"
        ));
    }
    m.push_str("--p--\r\n");
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_multipart_opens_and_closes_every_level() {
        let m = nested_multipart("Subject: x\r\n", 3);
        assert!(m.starts_with("Subject: x\r\nContent-Type: multipart/mixed; boundary=\"b0\""));
        for i in 0..=3 {
            assert_eq!(
                m.matches(&format!("--b{i}\r\n")).count(),
                1,
                "b{i} opened once"
            );
            assert_eq!(
                m.matches(&format!("--b{i}--\r\n")).count(),
                1,
                "b{i} closed once"
            );
        }
        assert!(m.ends_with("fondo\r\n--b3--\r\n--b2--\r\n--b1--\r\n--b0--\r\n"));
    }

    #[test]
    fn many_parts_has_that_many_parts() {
        let m = many_parts("Subject: x\r\n", 5);
        assert_eq!(m.matches("--p\r\n").count(), 5);
        assert!(m.contains("name=\"f4.bin\"") && !m.contains("f5.bin"));
        assert!(m.ends_with("--p--\r\n"));
    }
}
