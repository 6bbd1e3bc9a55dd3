//! Response bodies to values: a JSON body as the type a call expects, and a list body as its
//! [`Envelope`], one object standing for a one-item list.

use serde::de::DeserializeOwned;

use serde::de::Unexpected;

use crate::de::{Object, ObjectSlot};
use crate::error::{Error, Result};

/// A list response: the items of one page, and where the next page is.
///
/// The generated list models implement it.
pub trait Envelope: DeserializeOwned + Send + 'static {
    /// The type of the listed objects.
    type Item: DeserializeOwned + Send + 'static;

    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;

    /// Whether the response really was a list: its items field is present, or its `type`
    /// ends with `.list`. When it is not, the body is decoded again as one
    /// [`Item`](Envelope::Item) and wrapped with [`Envelope::from_single`].
    fn is_list(&self) -> bool;

    /// A one-item list, for list calls that answer with a single object.
    fn from_single(item: Self::Item) -> Self;

    /// `pages.next`: the absolute URL of the next page, if there is one.
    fn next_url(&self) -> Option<&str> {
        None
    }

    /// The top-level `scroll_param` to send for the next page of a scroll.
    fn scroll_param(&self) -> Option<&str> {
        None
    }

    /// Decodes a response body as this envelope, or as one item wrapped (see
    /// [`Envelope::is_list`]). The generated list models decode with [`decode_model_list`],
    /// which the runtime compiles once for every model; the default goes through serde.
    #[doc(hidden)]
    fn decode_body(status: u16, body: &[u8]) -> Result<Self>
    where
        Self: Sized,
    {
        decode_list(status, body)
    }
}

/// Decodes a JSON body; an empty body is a decode error that says so. Numbers too wide for
/// any field are kept as text (see the `numbers` module).
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T> {
    crate::numbers::from_slice(body).map_err(|err| Error::decode(status, body, err))
}

/// Decodes a list envelope, or a single item wrapped as one.
pub fn decode_list<E: Envelope>(status: u16, body: &[u8]) -> Result<E> {
    let envelope: E = decode(status, body)?;
    if envelope.is_list() {
        return Ok(envelope);
    }
    let item: E::Item = decode(status, body)?;
    Ok(E::from_single(item))
}

/// Decodes a body as a generated model. What depends on `T` is only making the slot: the
/// decoding itself is `decode_slot`, compiled once in this crate.
pub fn decode_model<T: Object + Default>(status: u16, body: &[u8]) -> Result<T> {
    let mut slot: Option<T> = None;
    decode_slot(status, body, &mut slot)?;
    match slot {
        Some(model) => Ok(model),
        None => Err(null_body(status, body)),
    }
}

/// The error for a body that is `null` where a model was expected.
fn null_body(status: u16, body: &[u8]) -> Error {
    let null = serde::de::Error::invalid_type(Unexpected::Unit, &"a JSON object");
    Error::decode(status, body, null)
}

/// Decodes a body into a model's slot (left empty for `null`).
fn decode_slot(status: u16, body: &[u8], slot: &mut dyn ObjectSlot) -> Result<()> {
    crate::numbers::from_slice_into(body, slot).map_err(|err| Error::decode(status, body, err))
}

/// [`decode_list`] for the generated list models, through [`decode_model`].
pub fn decode_model_list<E>(status: u16, body: &[u8]) -> Result<E>
where
    E: Envelope + Object + Default,
    E::Item: Object + Default,
{
    let envelope: E = decode_model(status, body)?;
    if envelope.is_list() {
        return Ok(envelope);
    }
    let item: E::Item = decode_model(status, body)?;
    Ok(E::from_single(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_decoding_falls_back_to_a_single_item() {
        #[derive(serde::Deserialize)]
        struct List {
            users: Option<Vec<serde_json::Value>>,
        }
        impl Envelope for List {
            type Item = serde_json::Value;
            fn into_items(self) -> Vec<serde_json::Value> {
                self.users.unwrap_or_default()
            }
            fn is_list(&self) -> bool {
                self.users.is_some()
            }
            fn from_single(item: serde_json::Value) -> Self {
                List {
                    users: Some(vec![item]),
                }
            }
        }
        let list: Result<List> = decode_list(200, br#"{"type":"user","id":"1"}"#);
        let items = list.map(List::into_items).map_err(|err| err.to_string());
        assert_eq!(
            items,
            Ok(vec![serde_json::json!({"type": "user", "id": "1"})])
        );
        let empty: Result<serde_json::Value> = decode(200, b"");
        let message = empty.map_err(|err| err.to_string()).err();
        assert_eq!(
            message.as_deref(),
            Some("the response body (HTTP 200) was empty, but a JSON value was expected")
        );
    }
}
