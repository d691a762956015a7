//! Talking to the PEC provider: IMAPS and POP3S to receive ([`imap`], [`pop3`], driven by
//! [`sync`]), SMTPS to send ([`send`], composing with [`compose`]). Every connection is TLS
//! with the certificate verified or pinned ([`tls`]); STARTTLS only when the account asks for
//! it ([`starttls`]); plain text never. Raw bytes go to the store before anything else.

pub mod check;
pub mod compose;
pub mod error;
pub mod guard;
pub mod health;
pub mod imap;
pub mod pop3;
pub mod reply;
pub mod send;
pub mod starttls;
pub mod status;
mod stream;
pub mod sync;
pub mod text;
pub mod tls;

pub use error::{NetError, Stage};
