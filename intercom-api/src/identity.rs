//! Identity verification for the Intercom Messenger.
//!
//! With identity verification on, the Messenger accepts a user only with a `user_hash`: the
//! HMAC-SHA256 of the user's `user_id` (or of their email, for users without one), keyed with
//! the workspace's identity-verification secret, in lowercase hex. Compute it on your server and
//! hand it to the page; the secret must never reach the browser.

use hmac::Mac;
use sha2::Sha256;

use crate::webhook::{hex, keyed_hmac};

/// The Messenger's `user_hash` for `user_id_or_email`: lowercase hex of
/// HMAC-SHA256(`secret`, `user_id_or_email`).
///
/// ```
/// let hash = intercom_api::identity::user_hash("identity-secret", "25");
/// assert_eq!(hash.len(), 64);
/// ```
pub fn user_hash(secret: impl AsRef<[u8]>, user_id_or_email: &str) -> String {
    let mut mac = keyed_hmac::<Sha256>(secret.as_ref());
    mac.update(user_id_or_email.as_bytes());
    hex(&mac.finalize().into_bytes())
}
