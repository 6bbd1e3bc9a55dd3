//! `X-Hub-Signature` verification: a delivery is decoded only when its signature is
//! `sha1=` + hex HMAC-SHA1(secret, raw body).
//!
//! The expected signatures were computed once, independently of this crate, with Python's
//! standard library: `hmac.new(secret, body, hashlib.sha1).hexdigest()` over the fixture
//! files' bytes.

use intercom_api::types::Topic;
use intercom_api::webhook::{NotificationItem, SIGNATURE_HEADER, WebhookError, WebhookVerifier};

const SECRET: &str = "hub-secret-for-tests";
const PING: &[u8] = include_bytes!("fixtures/webhooks/ping.json");
const PING_SIGNATURE: &str = "sha1=80b036ccd93c5da653ec49fe252a4b6b0b0a0a8f";
const USER_CREATED: &[u8] = include_bytes!("fixtures/webhooks/user.created.json");
const USER_CREATED_SIGNATURE: &str = "sha1=7ee33830ac377db32fbf735efe9f45aaedd0bb46";

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET)
}

#[test]
fn a_good_signature_verifies_and_decodes() {
    let n = verifier()
        .verify(PING, Some(PING_SIGNATURE))
        .expect("verified");
    assert_eq!(n.topic(), Some(&Topic::Ping));
    match &n.item {
        Some(NotificationItem::Ping(ping)) => {
            assert_eq!(
                ping.message.as_deref(),
                Some("something something interzen")
            )
        }
        other => panic!("expected a ping, got {other:?}"),
    }

    let n = verifier()
        .verify(USER_CREATED, Some(USER_CREATED_SIGNATURE))
        .expect("verified");
    assert_eq!(n.topic(), Some(&Topic::UserCreated));
}

#[test]
fn sign_gives_what_intercom_sends() {
    assert_eq!(verifier().sign(PING), PING_SIGNATURE);
    assert_eq!(verifier().sign(USER_CREATED), USER_CREATED_SIGNATURE);
}

/// RFC 2202 test cases 2 and 6 (the second with a key longer than SHA-1's block).
#[test]
fn sign_matches_the_rfc_2202_vectors() {
    assert_eq!(
        WebhookVerifier::new("Jefe").sign(b"what do ya want for nothing?"),
        "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
    );
    assert_eq!(
        WebhookVerifier::new([0xaa_u8; 80])
            .sign(b"Test Using Larger Than Block-Size Key - Hash Key First"),
        "sha1=aa4ae5e15272d00e95705637ce8a3b55ed402112"
    );
}

#[test]
fn the_header_may_be_bytes_in_either_case_with_surrounding_space() {
    let upper = format!("sha1={}", PING_SIGNATURE[5..].to_ascii_uppercase());
    verifier()
        .verify_signature(PING, Some(upper.as_bytes()))
        .expect("uppercase hex");
    verifier()
        .verify_signature(PING, Some(format!(" {PING_SIGNATURE}\t")))
        .expect("surrounding whitespace");
    verifier()
        .verify_signature(PING, Some(PING_SIGNATURE.to_owned()))
        .expect("a String");
}

#[test]
fn a_missing_signature_is_refused() {
    let err = verifier().verify(PING, None::<&str>).expect_err("refused");
    assert!(matches!(err, WebhookError::MissingSignature), "{err:?}");
    assert!(err.to_string().contains(SIGNATURE_HEADER), "{err}");
}

#[test]
fn a_malformed_signature_is_refused() {
    let digits = &PING_SIGNATURE[5..];
    for header in [
        String::new(),
        digits.to_owned(),
        format!("sha256={digits}"),
        format!("SHA1={digits}"),
        format!("sha1={}", &digits[..39]),
        format!("sha1={digits}0"),
        format!("sha1={}g", &digits[..39]),
        format!("sha1= {digits}"),
        format!("sha1={digits},sha1={digits}"),
    ] {
        match verifier().verify(PING, Some(&header)) {
            Err(WebhookError::MalformedSignature { excerpt }) => {
                let shown = excerpt.trim_end_matches('…');
                assert!(
                    header.starts_with(shown) && shown.len() == header.len().min(64),
                    "{header:?}: {excerpt:?}"
                );
            }
            other => panic!("{header:?}: expected MalformedSignature, got {other:?}"),
        }
    }
    let not_utf8 = b"sha1=\xff\xfe";
    assert!(matches!(
        verifier().verify(PING, Some(&not_utf8[..])),
        Err(WebhookError::MalformedSignature { .. })
    ));
}

#[test]
fn a_signature_made_with_another_secret_is_refused() {
    let other = WebhookVerifier::new("another-secret").sign(PING);
    assert!(matches!(
        verifier().verify(PING, Some(&other)),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verifier().verify(PING, Some(USER_CREATED_SIGNATURE)),
        Err(WebhookError::SignatureMismatch)
    ));
}

/// A changed body is refused before anything reads it: even a body that is not JSON at all,
/// or not valid UTF-8, gives `SignatureMismatch`, not a decoding error.
#[test]
fn a_tampered_body_is_refused_without_being_decoded() {
    let tampered = String::from_utf8_lossy(PING).replace("interzen", "intrazen");
    assert!(matches!(
        verifier().verify(tampered.as_bytes(), Some(PING_SIGNATURE)),
        Err(WebhookError::SignatureMismatch)
    ));
    let mut truncated = PING.to_vec();
    truncated.pop();
    assert!(matches!(
        verifier().verify(&truncated, Some(PING_SIGNATURE)),
        Err(WebhookError::SignatureMismatch)
    ));
    for garbage in [&b"not json"[..], b"\xff\xfe\xfd", b""] {
        assert!(matches!(
            verifier().verify(garbage, Some(PING_SIGNATURE)),
            Err(WebhookError::SignatureMismatch)
        ));
    }
}

#[test]
fn a_signed_body_that_is_not_a_notification_is_undecodable_with_a_bounded_excerpt() {
    let body = format!("[{}]", "1,".repeat(400) + "1");
    let signature = verifier().sign(body.as_bytes());
    match verifier().verify(body.as_bytes(), Some(&signature)) {
        Err(e @ WebhookError::Undecodable { .. }) => {
            let WebhookError::Undecodable { excerpt, .. } = &e else {
                unreachable!()
            };
            assert!(excerpt.starts_with("[1,1,"), "{excerpt}");
            assert!(excerpt.len() <= 256 + '…'.len_utf8(), "{}", excerpt.len());
            assert!(std::error::Error::source(&e).is_some());
        }
        other => panic!("expected Undecodable, got {other:?}"),
    }
}

#[test]
fn the_secret_stays_out_of_debug_output() {
    let shown = format!("{:?}", verifier());
    assert!(!shown.contains(SECRET), "{shown}");
}
