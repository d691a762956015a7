//! Unit tests of the classifier on small hand-built messages.

use super::*;

#[test]
fn empty_and_garbage_are_unreadable() {
    for input in [&b""[..], b"\x00\x01\x02\xff", b"\n\n\n"] {
        assert_eq!(classify(input).kind, PecKind::Illeggibile, "{input:?}");
    }
}
