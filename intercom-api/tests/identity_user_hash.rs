//! The Messenger's `user_hash` for identity verification.
//!
//! The expected values were computed once, independently of this crate, with Python's standard
//! library: `hmac.new(secret, value, hashlib.sha256).hexdigest()`.

use intercom_api::identity::user_hash;

const SECRET: &str = "identity-verification-secret";

#[test]
fn user_hash_of_a_user_id() {
    assert_eq!(
        user_hash(SECRET, "25"),
        "f9321fed4a1280df40ef4ce5627676b80ed222bf9de4bf666b61e18e20866fbf"
    );
}

#[test]
fn user_hash_of_an_email() {
    assert_eq!(
        user_hash(SECRET.as_bytes(), "ada@example.com"),
        "0123d1b217ac5a9e707206d0102512a2804e57daaa14f93b3686866d1ea4bb50"
    );
}

/// A secret longer than SHA-256's 64-byte block is hashed first, as HMAC requires.
#[test]
fn user_hash_with_a_secret_longer_than_a_block() {
    assert_eq!(
        user_hash("k".repeat(100), "25"),
        "c14233204c0200db69f638e858f69e6f31e5c6af46ae442f9aa0f8a4743667a7"
    );
}

#[test]
fn user_hash_is_lowercase_hex_and_depends_on_both_inputs() {
    let hash = user_hash(SECRET, "25");
    assert_eq!(hash.len(), 64);
    assert!(
        hash.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    assert_ne!(hash, user_hash(SECRET, "26"));
    assert_ne!(hash, user_hash("another-secret", "25"));
}
