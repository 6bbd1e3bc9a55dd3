//! Receiving Intercom's webhooks: verify the signature, then decode the notification.
//!
//! Intercom POSTs a `notification_event` to a subscription's URL and signs the raw body with
//! HMAC-SHA1 in the `X-Hub-Signature` header (`sha1=<40 hex digits>`). The key is
//! configuration: the subscription's `hub_secret` for subscriptions made through the API, or the
//! app's client secret for webhooks set up in the Developer Hub.
//!
//! This module is independent of any HTTP server: give [`WebhookVerifier::verify`] the body
//! bytes exactly as received and the header's value. It checks the signature in constant time
//! and decodes the body only when the signature matches.
//!
//! ```
//! use intercom_api::webhook::{NotificationItem, WebhookError, WebhookVerifier};
//! use intercom_api::types::Topic;
//!
//! let verifier = WebhookVerifier::new("hub-secret");
//! # let body = br#"{"type":"notification_event","topic":"ping","data":{"item":{"type":"ping","message":"hi"}}}"#;
//! # let signature = verifier.sign(body);
//! // `body`: the raw request body; `signature`: the `X-Hub-Signature` header, if any.
//! let notification = verifier.verify(body, Some(&signature))?;
//! assert_eq!(notification.topic(), Some(&Topic::Ping));
//! match notification.item {
//!     Some(NotificationItem::Ping(ping)) => println!("ping: {:?}", ping.message),
//!     Some(NotificationItem::User(user)) => println!("user {:?}", user.email),
//!     other => println!("{other:?}"),
//! }
//!
//! let tampered = [&body[..], b" "].concat();
//! assert!(matches!(
//!     verifier.verify(&tampered, Some(&signature)),
//!     Err(WebhookError::SignatureMismatch)
//! ));
//! # Ok::<(), WebhookError>(())
//! ```
//!
//! The item is typed by its `type` (`user`, `contact`, `company`, `conversation`, `visitor`,
//! `event`, `user_tag`, `contact_tag`, `ping`), or by the topic's family when it has none; any
//! other item is kept as JSON in [`NotificationItem::Unknown`]. Unknown topics decode to
//! [`Topic::Unknown`]. Webhook items carry their times as RFC 3339
//! text or numeric strings where the REST API sends Unix seconds; both fill the same
//! [`Timestamp`](crate::Timestamp) fields, and serializing gives back what was received.

use std::fmt;

use hmac::digest::common::Key;
use hmac::digest::{Digest, KeyInit};
use hmac::{Hmac, Mac};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess};
use serde::ser::Error as _;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use sha1::Sha1;

use crate::de::{Fail, Key as MapKey, MapIn, decode_field_from, decode_object_into, with_map};
use crate::types::{
    Company, ContactTag, Conversation, Event, Lead, Notification, NotificationData, Ping, Topic,
    User, UserTag, Visitor,
};
use intercom_api_runtime::numbers::{self, ValueSeed, note_float};

/// The header that carries the signature: `X-Hub-Signature: sha1=<40 hex digits>`.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";

/// How much of a body or header an error quotes, at most, in bytes.
const EXCERPT_LEN: usize = 256;

/// Verifies the signature of webhook deliveries, then decodes them.
///
/// Made once from the secret and shared: verifying takes `&self`, and a clone is cheap. The
/// secret never appears in `Debug` output.
#[derive(Clone)]
pub struct WebhookVerifier {
    /// HMAC-SHA1 keyed with the secret, before any input.
    mac: Hmac<Sha1>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookVerifier { secret: <redacted> }")
    }
}

impl WebhookVerifier {
    /// A verifier for deliveries signed with `secret`: the subscription's `hub_secret`, or the
    /// app's client secret for webhooks set up in the Developer Hub.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        WebhookVerifier {
            mac: keyed_hmac(secret.as_ref()),
        }
    }

    /// Checks `signature` (the `X-Hub-Signature` header's value, `None` when the request had
    /// none) against `body`, the raw request body, and decodes the body when it matches.
    ///
    /// The body is never decoded when the signature is missing, malformed or wrong.
    pub fn verify(
        &self,
        body: &[u8],
        signature: Option<impl AsRef<[u8]>>,
    ) -> Result<WebhookNotification, WebhookError> {
        self.verify_signature(body, signature)?;
        WebhookNotification::from_unverified_slice(body)
    }

    /// Checks `signature` against `body` in constant time, without decoding anything.
    pub fn verify_signature(
        &self,
        body: &[u8],
        signature: Option<impl AsRef<[u8]>>,
    ) -> Result<(), WebhookError> {
        let header = signature.ok_or(WebhookError::MissingSignature)?;
        let expected = parse_signature(header.as_ref())?;
        let mut mac = self.mac.clone();
        mac.update(body);
        mac.verify_slice(&expected)
            .map_err(|_| WebhookError::SignatureMismatch)
    }

    /// The `X-Hub-Signature` value Intercom would send with `body`: `sha1=` and 40 lowercase
    /// hex digits. Useful to test a receiver, or to deliver notifications from a fake server.
    pub fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(body);
        format!("sha1={}", hex(&mac.finalize().into_bytes()))
    }
}

/// HMAC keyed with `secret`. HMAC takes keys of any length (RFC 2104): a key longer than the
/// hash's block is hashed first, and the key is padded with zeros to the block's length, which
/// is the form [`KeyInit::new`] takes.
pub(crate) fn keyed_hmac<D>(secret: &[u8]) -> Hmac<D>
where
    D: hmac::EagerHash + Digest,
    Hmac<D>: KeyInit,
{
    let mut key = Key::<Hmac<D>>::default();
    if secret.len() <= key.len() {
        key[..secret.len()].copy_from_slice(secret);
    } else {
        let hashed = D::digest(secret);
        let len = hashed.len().min(key.len());
        key[..len].copy_from_slice(&hashed[..len]);
    }
    Hmac::new(&key)
}

/// Lowercase hex digits of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The 20 bytes of `sha1=<40 hex digits>` (either case; surrounding whitespace ignored).
fn parse_signature(header: &[u8]) -> Result<[u8; 20], WebhookError> {
    let malformed = || WebhookError::MalformedSignature {
        excerpt: excerpt(header, 64),
    };
    let digits = header
        .trim_ascii()
        .strip_prefix(b"sha1=")
        .filter(|d| d.len() == 40)
        .ok_or_else(malformed)?;
    let mut out = [0; 20];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let high = hex_value(pair[0]).ok_or_else(malformed)?;
        let low = hex_value(pair[1]).ok_or_else(malformed)?;
        *byte = high << 4 | low;
    }
    Ok(out)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// The first `max` bytes of `bytes` as text, marked when cut.
fn excerpt(bytes: &[u8], max: usize) -> String {
    let cut = bytes.len() > max;
    let mut text = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned();
    if cut {
        text.push('…');
    }
    text
}

/// Why a delivery was refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-Hub-Signature` header. Intercom sends none for a subscription
    /// without a `hub_secret`.
    MissingSignature,
    /// The header is not `sha1=` followed by 40 hex digits.
    MalformedSignature {
        /// The start of the header's value, as text.
        excerpt: String,
    },
    /// The signature does not match the body and the secret: the body was changed, or it was
    /// signed with another secret, or not by Intercom.
    SignatureMismatch,
    /// The body is not a JSON object. With a verified signature this means Intercom sent
    /// something this client cannot read.
    Undecodable {
        /// The start of the body, as text (at most 256 bytes).
        excerpt: String,
        /// What the JSON parser reported.
        source: serde_json::Error,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => {
                write!(f, "the webhook delivery has no {SIGNATURE_HEADER} header")
            }
            WebhookError::MalformedSignature { excerpt } => write!(
                f,
                "the {SIGNATURE_HEADER} header is not sha1=<40 hex digits>: {excerpt:?}"
            ),
            WebhookError::SignatureMismatch => {
                f.write_str("the webhook signature does not match the body and the secret")
            }
            WebhookError::Undecodable { excerpt, source } => write!(
                f,
                "the webhook body is not a notification ({source}): {excerpt:?}"
            ),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Undecodable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A decoded `notification_event` delivery.
///
/// Decoding is as lenient and lossless as for every model: serializing the notification gives
/// back the JSON received (apart from `null` values, which are dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookNotification {
    /// The envelope: `id`, `topic`, `app_id`, the delivery fields and anything unknown.
    /// `envelope.data` holds the fields of `data` other than its item (its `type` and anything
    /// unknown), with `item` left `None`: the item is in [`item`](Self::item).
    pub envelope: Notification,
    /// `data.item`, typed; `None` when the delivery has none.
    pub item: Option<NotificationItem>,
}

impl WebhookNotification {
    /// The topic, such as `user.created`.
    pub fn topic(&self) -> Option<&Topic> {
        self.envelope.topic.as_ref()
    }

    /// The notification's id (`notif_…`), the same for every delivery attempt.
    pub fn id(&self) -> Option<&str> {
        self.envelope.id.as_deref()
    }

    /// Decodes a delivery **without checking its signature**.
    ///
    /// Only for bodies whose origin is known otherwise: a subscription without a `hub_secret`
    /// (Intercom then signs nothing), or a delivery stored after it was verified. To receive
    /// deliveries, use [`WebhookVerifier::verify`].
    pub fn from_unverified_slice(body: &[u8]) -> Result<Self, WebhookError> {
        let parsed: Envelope =
            numbers::from_slice(body).map_err(|source| WebhookError::Undecodable {
                excerpt: excerpt(body, EXCERPT_LEN),
                source,
            })?;
        let item = parsed.item.map(|item| match item {
            ItemEntry::Typed(item) => item,
            ItemEntry::Buffered(value) => {
                let family = parsed.envelope.topic.as_ref().and_then(Kind::of_topic);
                decode_buffered(value, family)
            }
        });
        Ok(WebhookNotification {
            envelope: parsed.envelope,
            item,
        })
    }
}

impl Serialize for WebhookNotification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.envelope).map_err(S::Error::custom)?;
        if let (Some(item), Value::Object(envelope)) = (&self.item, &mut value) {
            let item = serde_json::to_value(item).map_err(S::Error::custom)?;
            let data = envelope
                .entry("data")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(data) = data {
                data.insert("item".to_owned(), item);
            }
        }
        value.serialize(s)
    }
}

/// The object a notification is about (`data.item`), typed by its `type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum NotificationItem {
    /// A user (`user`): `user.*` topics. `user.deleted` carries only `id`, `user_id` and
    /// `email`.
    User(Box<User>),
    /// A lead (`contact`): `contact.*` topics.
    Lead(Box<Lead>),
    /// A company (`company`). Webhook companies carry `plan_id` and `tag_ids` (kept in
    /// `extra`) rather than `plan`.
    Company(Box<Company>),
    /// A conversation (`conversation`): `conversation.*` and `conversation_part.*` topics.
    Conversation(Box<Conversation>),
    /// A visitor (`visitor`): `visitor.signed_up`.
    Visitor(Box<Visitor>),
    /// An event (`event`): `event.created`.
    Event(Box<Event>),
    /// A tagging of a user (`user_tag`): `user.tag.created`, `user.tag.deleted`.
    UserTag(Box<UserTag>),
    /// A tagging of a lead (`contact_tag`): `contact.tag.created`, `contact.tag.deleted`.
    ContactTag(Box<ContactTag>),
    /// A ping (`ping`), sent when a subscription is pinged.
    Ping(Ping),
    /// An item of a type this version of the client does not know, or that is not an
    /// object, as received.
    Unknown(Value),
}

impl NotificationItem {
    /// The item's `type`, as received.
    pub fn item_type(&self) -> Option<&str> {
        match self {
            NotificationItem::User(v) => v.type_.as_deref(),
            NotificationItem::Lead(v) => v.type_.as_deref(),
            NotificationItem::Company(v) => v.type_.as_deref(),
            NotificationItem::Conversation(v) => v.type_.as_deref(),
            NotificationItem::Visitor(v) => v.type_.as_deref(),
            NotificationItem::Event(v) => v.type_.as_deref(),
            NotificationItem::UserTag(v) => v.type_.as_deref(),
            NotificationItem::ContactTag(v) => v.type_.as_deref(),
            NotificationItem::Ping(v) => v.type_.as_deref(),
            NotificationItem::Unknown(v) => v.get("type").and_then(Value::as_str),
        }
    }
}

impl Serialize for NotificationItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NotificationItem::User(v) => v.serialize(s),
            NotificationItem::Lead(v) => v.serialize(s),
            NotificationItem::Company(v) => v.serialize(s),
            NotificationItem::Conversation(v) => v.serialize(s),
            NotificationItem::Visitor(v) => v.serialize(s),
            NotificationItem::Event(v) => v.serialize(s),
            NotificationItem::UserTag(v) => v.serialize(s),
            NotificationItem::ContactTag(v) => v.serialize(s),
            NotificationItem::Ping(v) => v.serialize(s),
            NotificationItem::Unknown(v) => v.serialize(s),
        }
    }
}

/// The typed items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Lead,
    Company,
    Conversation,
    Visitor,
    Event,
    UserTag,
    ContactTag,
    Ping,
}

impl Kind {
    /// The kind an item's `type` names.
    fn of_type(item_type: &str) -> Option<Kind> {
        Some(match item_type {
            "user" => Kind::User,
            "contact" | "lead" => Kind::Lead,
            "company" => Kind::Company,
            "conversation" => Kind::Conversation,
            "visitor" => Kind::Visitor,
            "event" => Kind::Event,
            "user_tag" => Kind::UserTag,
            "contact_tag" => Kind::ContactTag,
            "ping" => Kind::Ping,
            _ => return None,
        })
    }

    /// The kind of item a topic's family carries (`user.tag.created`: `user_tag`).
    fn of_topic(topic: &Topic) -> Option<Kind> {
        let topic = topic.as_str();
        let family = |prefix: &str| {
            topic
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        };
        Some(if family("user.tag") {
            Kind::UserTag
        } else if family("contact.tag") {
            Kind::ContactTag
        } else if family("user") {
            Kind::User
        } else if family("contact") {
            Kind::Lead
        } else if family("conversation") || family("conversation_part") {
            Kind::Conversation
        } else if family("company") {
            Kind::Company
        } else if family("visitor") {
            Kind::Visitor
        } else if family("event") {
            Kind::Event
        } else if topic == "ping" {
            Kind::Ping
        } else {
            return None;
        })
    }

    /// Decodes the rest of an item's map, whose `type` (read first) names this kind, in place.
    fn decode_rest(
        self,
        item_type: String,
        map: &mut dyn MapIn<'_>,
    ) -> Result<NotificationItem, Fail> {
        macro_rules! rest {
            ($variant:ident) => {{
                let mut item = Box::<$variant>::default();
                item.type_ = Some(item_type);
                decode_object_into(map, &mut *item)?;
                NotificationItem::$variant(item)
            }};
        }
        Ok(match self {
            Kind::User => rest!(User),
            Kind::Lead => rest!(Lead),
            Kind::Company => rest!(Company),
            Kind::Conversation => rest!(Conversation),
            Kind::Visitor => rest!(Visitor),
            Kind::Event => rest!(Event),
            Kind::UserTag => rest!(UserTag),
            Kind::ContactTag => rest!(ContactTag),
            Kind::Ping => {
                let mut item = Ping {
                    type_: Some(item_type),
                    ..Ping::default()
                };
                decode_object_into(map, &mut item)?;
                NotificationItem::Ping(item)
            }
        })
    }

    /// Decodes a JSON object as this kind; `None` when it does not decode.
    fn decode_value(self, value: &Value) -> Option<NotificationItem> {
        fn boxed<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<Box<T>> {
            T::deserialize(value).ok().map(Box::new)
        }
        Some(match self {
            Kind::User => NotificationItem::User(boxed(value)?),
            Kind::Lead => NotificationItem::Lead(boxed(value)?),
            Kind::Company => NotificationItem::Company(boxed(value)?),
            Kind::Conversation => NotificationItem::Conversation(boxed(value)?),
            Kind::Visitor => NotificationItem::Visitor(boxed(value)?),
            Kind::Event => NotificationItem::Event(boxed(value)?),
            Kind::UserTag => NotificationItem::UserTag(boxed(value)?),
            Kind::ContactTag => NotificationItem::ContactTag(boxed(value)?),
            Kind::Ping => NotificationItem::Ping(Ping::deserialize(value).ok()?),
        })
    }
}

/// Types an item that could not be decoded on the fly (its `type` was not its first key, or
/// named no known kind): by its `type`, or else by the topic's family.
fn decode_buffered(value: Value, family: Option<Kind>) -> NotificationItem {
    let kind = match value.get("type") {
        Some(Value::String(item_type)) => Kind::of_type(item_type),
        Some(_) => None,
        None => family,
    };
    match kind
        .filter(|_| value.is_object())
        .and_then(|kind| kind.decode_value(&value))
    {
        Some(item) => item,
        None => NotificationItem::Unknown(value),
    }
}

/// The envelope as read in one pass: the generated model's fields, and the item.
struct Envelope {
    envelope: Notification,
    item: Option<ItemEntry>,
}

/// `data.item` as read: typed on the fly when its first key is a known `type` (as Intercom
/// writes items), otherwise kept as JSON until the topic is known.
enum ItemEntry {
    Typed(NotificationItem),
    Buffered(Value),
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EnvelopeVisitor)
    }
}

struct EnvelopeVisitor;

impl<'de> de::Visitor<'de> for EnvelopeVisitor {
    type Value = Envelope;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification_event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
        let mut envelope = Notification::default();
        let mut item = None;
        let mut unknown = Vec::new();
        while let Some(MapKey(key)) = map.next_key::<MapKey<'de>>()? {
            if key == "data" {
                match map.next_value_seed(DataSeed)? {
                    DataEntry::Object(data, entry) => {
                        envelope.data = Some(data);
                        item = entry;
                    }
                    DataEntry::Null => {
                        envelope.data = None;
                        item = None;
                    }
                    DataEntry::Other(raw) => unknown.push((key.into_owned(), raw)),
                }
            } else if !decode_field_from(&mut envelope, &key, &mut map)? {
                let value = map.next_value_seed(ValueSeed)?;
                unknown.push((key.into_owned(), value));
            }
        }
        envelope.extra.extend(unknown);
        Ok(Envelope { envelope, item })
    }
}

/// The value of `data`: an object (its other fields, and the item), `null`, or anything else,
/// kept as received.
enum DataEntry {
    Object(NotificationData, Option<ItemEntry>),
    Null,
    Other(Value),
}

/// Implements the visitor hooks for non-object JSON values by keeping them as a [`Value`].
macro_rules! keep_other_values {
    ($out:ty, $wrap:expr) => {
        fn visit_bool<E>(self, v: bool) -> Result<$out, E> {
            Ok($wrap(Value::Bool(v)))
        }

        fn visit_i64<E>(self, v: i64) -> Result<$out, E> {
            Ok($wrap(Value::from(v)))
        }

        fn visit_u64<E>(self, v: u64) -> Result<$out, E> {
            Ok($wrap(Value::from(v)))
        }

        fn visit_f64<E>(self, v: f64) -> Result<$out, E> {
            note_float(v);
            Ok($wrap(Value::from(v)))
        }

        fn visit_str<E>(self, v: &str) -> Result<$out, E> {
            Ok($wrap(Value::String(v.to_owned())))
        }

        fn visit_string<E>(self, v: String) -> Result<$out, E> {
            Ok($wrap(Value::String(v)))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$out, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(ValueSeed)? {
                items.push(item);
            }
            Ok($wrap(Value::Array(items)))
        }
    };
}

struct DataSeed;

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = DataEntry;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<DataEntry, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for DataSeed {
    type Value = DataEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification_event_data object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DataEntry, A::Error> {
        let mut data = NotificationData::default();
        let mut item = None;
        let mut unknown = Vec::new();
        while let Some(MapKey(key)) = map.next_key::<MapKey<'de>>()? {
            if key == "item" {
                item = map.next_value_seed(ItemSeed)?;
            } else if !decode_field_from(&mut data, &key, &mut map)? {
                let value = map.next_value_seed(ValueSeed)?;
                unknown.push((key.into_owned(), value));
            }
        }
        data.extra.extend(unknown);
        Ok(DataEntry::Object(data, item))
    }

    fn visit_unit<E>(self) -> Result<DataEntry, E> {
        Ok(DataEntry::Null)
    }

    fn visit_none<E>(self) -> Result<DataEntry, E> {
        Ok(DataEntry::Null)
    }

    keep_other_values!(DataEntry, DataEntry::Other);
}

/// Reads `data.item`: `None` for `null`.
struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Option<ItemEntry>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<ItemEntry>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> de::Visitor<'de> for ItemSeed {
    type Value = Option<ItemEntry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a notification item")
    }

    /// Intercom writes an item's `type` first: then the rest decodes straight into the typed
    /// model, in one pass. Otherwise the item is kept as JSON and typed afterwards.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<ItemEntry>, A::Error> {
        let mut buffered = Map::new();
        if let Some(MapKey(key)) = map.next_key::<MapKey<'de>>()? {
            let value = map.next_value_seed(ValueSeed)?;
            match (key.as_ref(), value) {
                ("type", Value::String(item_type)) => match Kind::of_type(&item_type) {
                    Some(kind) => {
                        let item = with_map(map, |map| kind.decode_rest(item_type, map))?;
                        return Ok(Some(ItemEntry::Typed(item)));
                    }
                    None => {
                        buffered.insert(key.into_owned(), Value::String(item_type));
                    }
                },
                (_, value) => {
                    buffered.insert(key.into_owned(), value);
                }
            }
        }
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed)?;
            buffered.insert(key, value);
        }
        Ok(Some(ItemEntry::Buffered(Value::Object(buffered))))
    }

    fn visit_unit<E>(self) -> Result<Option<ItemEntry>, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Option<ItemEntry>, E> {
        Ok(None)
    }

    keep_other_values!(Option<ItemEntry>, |v| Some(ItemEntry::Buffered(v)));
}
