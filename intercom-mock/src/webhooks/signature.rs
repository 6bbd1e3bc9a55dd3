//! The `X-Hub-Signature` of a notification: `sha1=` and the lowercase hex HMAC-SHA1 of the
//! exact body bytes, keyed by the subscription's `hub_secret`.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// The `X-Hub-Signature` value of `body` under `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length, so this never fails.
    let mut mac = match Hmac::<Sha1>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut signature = String::with_capacity(5 + digest.len() * 2);
    signature.push_str("sha1=");
    for byte in digest.iter() {
        signature.push(char::from(HEX[usize::from(byte >> 4)]));
        signature.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    signature
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_as_rfc_2104_hmac_sha1() {
        // The HMAC-SHA1 example every implementation agrees on.
        assert_eq!(
            sign("key", b"The quick brown fox jumps over the lazy dog"),
            "sha1=de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9"
        );
        // RFC 2202, test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }
}
