//! How a request builder is sent when it is awaited: one boxed future per response type,
//! shared by every operation that returns that type, and one `IntoFuture` impl per builder
//! written by [`send_on_await!`](crate::send_on_await) instead of spelled out in the generated code.

use std::future::Future;
use std::pin::Pin;

use crate::client::{RawResponse, decode_list_body};
use crate::de::Object;
use crate::decode::{Envelope, decode_model};
use crate::request::Request;
use crate::{Client, Result};

/// The future an awaited request builder runs: boxed, `Send` and `'static`, so it can be
/// spawned or stored.
pub type SendFuture<T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'static>>;

// Each typed send is the one non-generic request future (`Client::execute_owned`) and a plain
// decode function (`Client::decoding`): per response type only its small `poll`, the decode
// function and the box are compiled, not a state machine of its own.
impl Client {
    /// Sends `request` and decodes the body as the model `T`.
    #[doc(hidden)]
    pub fn send_boxed<T: Object + Default + Send + 'static>(
        self,
        request: Request,
    ) -> SendFuture<T> {
        Box::pin(self.decoding(request, model_body::<T>))
    }

    /// Sends `request` and decodes a list envelope `E` (a single object becomes one item).
    #[doc(hidden)]
    pub fn send_list_boxed<E: Envelope + Send + 'static>(self, request: Request) -> SendFuture<E> {
        Box::pin(self.decoding(request, decode_list_body::<E>))
    }

    /// Sends `request` and decodes the body as the model `T`, or `None` when it is empty.
    #[doc(hidden)]
    pub fn send_optional_boxed<T: Object + Default + Send + 'static>(
        self,
        request: Request,
    ) -> SendFuture<Option<T>> {
        Box::pin(self.decoding(request, optional_model_body::<T>))
    }

    /// Sends `request` and expects no body.
    #[doc(hidden)]
    pub fn send_empty_boxed(self, request: Request) -> SendFuture<()> {
        Box::pin(async move { self.send_empty(request).await })
    }
}

/// The body of a 2xx response decoded as the model `T`.
fn model_body<T: Object + Default>(raw: RawResponse) -> Result<T> {
    decode_model(raw.status, &raw.body)
}

/// `None` for an empty (or all-whitespace) 2xx body, else the body decoded as the model `T`.
fn optional_model_body<T: Object + Default>(raw: RawResponse) -> Result<Option<T>> {
    if raw.is_empty() {
        return Ok(None);
    }
    decode_model(raw.status, &raw.body).map(Some)
}

/// `impl IntoFuture` for a generated request builder (a struct with a `build_request(self)`
/// method that gives its client and the request): `send_on_await!(GetUser => User)` decodes the body,
/// `send_on_await!(ListUsers => list UserList)` a list envelope,
/// `send_on_await!(DeleteTag => optional Tag)` a body that may be empty, and
/// `send_on_await!(CreateEvent => ())` no body. The builder's `client` is anything a
/// [`Client`] is made from.
#[macro_export]
#[doc(hidden)]
macro_rules! send_on_await {
    ($builder:ty => ()) => {
        $crate::send_on_await!(@impl $builder, (), send_empty_boxed);
    };
    ($builder:ty => list $output:ty) => {
        $crate::send_on_await!(@impl $builder, $output, send_list_boxed);
    };
    ($builder:ty => optional $output:ty) => {
        $crate::send_on_await!(@impl $builder, Option<$output>, send_optional_boxed);
    };
    ($builder:ty => $output:ty) => {
        $crate::send_on_await!(@impl $builder, $output, send_boxed);
    };
    (@impl $builder:ty, $output:ty, $send:ident) => {
        impl std::future::IntoFuture for $builder {
            type Output = $crate::Result<$output>;
            type IntoFuture = $crate::send::SendFuture<$output>;

            fn into_future(self) -> Self::IntoFuture {
                let (client, request) = self.build_request();
                $crate::Client::from(client).$send(request)
            }
        }
    };
}
