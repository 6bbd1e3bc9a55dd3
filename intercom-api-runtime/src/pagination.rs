//! Walking through paged and scrolled lists as streams.
//!
//! Intercom lists come in two kinds ([`PagingKind`]):
//!
//! - **Pages**: the response carries `pages.next`, the absolute URL of the next page, until
//!   it is null or missing.
//! - **Scroll**: the response carries a top-level `scroll_param`; the same request is sent
//!   again with `?scroll_param=<value>` until a page has no items.
//!
//! [`pages`] yields whole pages, [`items`] the items one by one. Both are lazy: a page is
//! requested only when the previous one has been consumed, so one page is in memory at a
//! time. An error ends the stream after it is yielded.
//!
//! `pages.next` is followed only when it points to the origin (scheme, host and port) of the
//! client's base URL, so the token is never sent anywhere else; a link to another origin
//! yields [`Error::InvalidRequest`] without any request being made. A link may change the
//! path and the query, nothing else: one carrying credentials (`http://user:pw@host/…`) or a
//! fragment is refused the same way.
//!
//! A `pages.next` that leads back to a page the stream has already read (A → B → A, or a
//! page linking to itself) would page forever: it ends the stream with
//! [`Error::InvalidRequest`] naming the URL, without requesting it again.
//!
//! ```no_run
//! # async fn run(client: intercom_api::Client) -> intercom_api::Result<()> {
//! use futures_util::TryStreamExt;
//! use intercom_api::pagination::{self, Envelope, PagingKind};
//! use intercom_api::request::{Method, Request};
//!
//! #[derive(serde::Deserialize)]
//! struct TagList {
//!     tags: Option<Vec<serde_json::Value>>,
//! }
//!
//! impl Envelope for TagList {
//!     type Item = serde_json::Value;
//!     fn into_items(self) -> Vec<serde_json::Value> {
//!         self.tags.unwrap_or_default()
//!     }
//!     fn is_list(&self) -> bool {
//!         self.tags.is_some()
//!     }
//!     fn from_single(item: serde_json::Value) -> Self {
//!         TagList { tags: Some(vec![item]) }
//!     }
//! }
//!
//! let req = Request::new(Method::GET, "/tags");
//! let tags: Vec<serde_json::Value> =
//!     pagination::items::<TagList>(client, req, PagingKind::Pages).try_collect().await?;
//! # Ok(()) }
//! ```

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use url::Url;

pub use crate::decode::Envelope;

use crate::client::{BodyMode, Client, PendingResponse, RawResponse};
use crate::error::{Error, Result, cut};
use crate::request::Request;

/// How a list continues after its first page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PagingKind {
    /// Follow `pages.next` until it is null or missing.
    Pages,
    /// Send the request again with the query parameter `param` set to the response's
    /// `scroll_param`, until a page has no items.
    Scroll {
        /// The query parameter's wire name (`scroll_param`).
        param: &'static str,
    },
}

/// A stream of the pages of the list that `req` starts, beginning with the response to
/// `req` itself. Every page received is yielded, the empty page that ends a scroll included.
pub fn pages<E: Envelope>(
    client: impl Into<Client>,
    req: Request,
    kind: PagingKind,
) -> PageStream<E> {
    let client = client.into();
    PageStream {
        walker: Walker::new(client, req, kind),
        decode: decode_page::<E>,
    }
}

/// A stream of the items of all pages of the list that `req` starts, fetched page by page
/// as the stream is consumed.
pub fn items<E: Envelope>(
    client: impl Into<Client>,
    req: Request,
    kind: PagingKind,
) -> ItemStream<E::Item> {
    let client = client.into();
    let items = Items {
        pages: pages::<E>(client, req, kind),
        buffer: Vec::new().into_iter(),
    };
    ItemStream {
        inner: Box::pin(items),
    }
}

/// The pages of a list, as returned by a list operation's `.pages()`.
///
/// A [`Stream`] that is `Unpin`, `Send` and `'static`: use it with
/// `futures_util::TryStreamExt::try_next` directly, or store it.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<E> {
    walker: Walker,
    /// Decodes a page as `E` and moves the walker past it. It is the only part compiled once
    /// per list type: the requests, the cursor and its checks are shared by every list.
    decode: fn(&mut Walker, Fetched) -> Result<E>,
}

/// The items of every page of a list, as returned by a list operation's `.stream()`.
///
/// A [`Stream`] that is `Unpin`, `Send` and `'static`; pages are fetched as it is consumed.
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<T> {
    // Boxed so that the item type alone names the stream, whatever envelope it came from.
    inner: Pin<Box<dyn Stream<Item = Result<T>> + Send>>,
}

impl<E> Stream for PageStream<E> {
    type Item = Result<E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.walker.poll_fetch(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err))),
            Poll::Ready(Some(Ok(fetched))) => {
                Poll::Ready(Some((this.decode)(&mut this.walker, fetched)))
            }
        }
    }
}

impl<T> Stream for ItemStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<E> fmt::Debug for PageStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageStream").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream").finish_non_exhaustive()
    }
}

/// Decodes a fetched page as `E` and sets the walker's cursor to what follows it. A page that
/// does not decode leaves the cursor where [`Walker::poll_fetch`] left it, at the end.
fn decode_page<E: Envelope>(walker: &mut Walker, fetched: Fetched) -> Result<E> {
    let page = E::decode_body(fetched.raw.status, &fetched.raw.body)?;
    walker.advance(&fetched, page.next_url(), page.scroll_param());
    Ok(page)
}

/// The items of the pages of `pages`, one by one, a page at a time.
struct Items<E: Envelope> {
    pages: PageStream<E>,
    /// What is left of the current page.
    buffer: std::vec::IntoIter<E::Item>,
}

// Nothing in `Items` is ever pinned in place (the page stream is `Unpin`, the buffer is only
// moved out of), so it may be moved whatever the item type is.
impl<E: Envelope> Unpin for Items<E> {}

impl<E: Envelope> Stream for Items<E> {
    type Item = Result<E::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                // An empty page (a scroll's last) yields nothing; the loop asks for the next.
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_items().into_iter(),
            }
        }
    }
}

/// Where the walk goes next.
enum Cursor {
    /// The request as given.
    First,
    /// A `pages.next` link, already checked.
    Next(Url),
    /// The request again, with this scroll parameter.
    Scroll(String),
    /// An error to yield before ending.
    Failed(Error),
    /// Nothing more.
    Done,
}

/// A page's request on its way.
struct InFlight {
    /// The client's base URL, which next links must stay on.
    base: Url,
    /// The URL the page is read from.
    url: Url,
    response: PendingResponse,
}

/// A page's response, with where it came from, to decode and then [`Walker::advance`] past.
struct Fetched {
    base: Url,
    url: Url,
    raw: RawResponse,
}

/// The state of a walk through a list. Nothing in it depends on the list's type, so the
/// requests and the cursor are compiled once for every list.
struct Walker {
    client: Client,
    req: Request,
    kind: PagingKind,
    cursor: Cursor,
    visited: Visited,
    in_flight: Option<InFlight>,
}

impl Walker {
    fn new(client: Client, req: Request, kind: PagingKind) -> Self {
        Walker {
            client,
            req,
            kind,
            cursor: Cursor::First,
            visited: Visited::default(),
            in_flight: None,
        }
    }

    /// The response for the next page; `None` once the list (or an error) has ended it.
    ///
    /// The cursor is left at the end: [`Walker::advance`] moves it on once the page has
    /// been decoded, so that an error (sending or decoding) ends the stream after it.
    fn poll_fetch(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Fetched>>> {
        let mut in_flight = match self.in_flight.take() {
            Some(in_flight) => in_flight,
            None => match self.start() {
                None => return Poll::Ready(None),
                Some(Err(err)) => return Poll::Ready(Some(Err(err))),
                Some(Ok(in_flight)) => in_flight,
            },
        };
        match in_flight.response.as_mut().poll(cx) {
            Poll::Pending => {
                self.in_flight = Some(in_flight);
                Poll::Pending
            }
            Poll::Ready(result) => Poll::Ready(Some(result.map(|raw| Fetched {
                base: in_flight.base,
                url: in_flight.url,
                raw,
            }))),
        }
    }

    /// Sends the request the cursor points to; `None` when there is none.
    fn start(&mut self) -> Option<Result<InFlight>> {
        let (req, url) = match std::mem::replace(&mut self.cursor, Cursor::Done) {
            Cursor::Done => return None,
            Cursor::Failed(err) => return Some(Err(err)),
            Cursor::First => (self.req.clone(), None),
            Cursor::Next(url) => (self.req.clone(), Some(url)),
            Cursor::Scroll(value) => {
                let param = match self.kind {
                    PagingKind::Scroll { param } => param,
                    PagingKind::Pages => return None,
                };
                (self.req.clone().set_query(param, value), None)
            }
        };
        Some(self.request(req, url))
    }

    /// Sends `req`, to `url` when given instead of the request's own URL.
    fn request(&mut self, req: Request, url: Option<Url>) -> Result<InFlight> {
        let base = self.client.base()?.clone();
        let url = match url {
            Some(url) => url,
            None => req.url(&base)?,
        };
        if self.kind == PagingKind::Pages {
            self.visited.insert(&url);
        }
        let response = self
            .client
            .clone()
            .execute_owned(req, Some(url.clone()), BodyMode::Read);
        Ok(InFlight {
            base,
            url,
            response,
        })
    }

    /// Sets the cursor to what follows the page `fetched`, given the page's `pages.next`
    /// (`next_url`) and `scroll_param` as its envelope decoded them.
    fn advance(&mut self, fetched: &Fetched, next_url: Option<&str>, scroll_param: Option<&str>) {
        self.cursor = match self.kind {
            PagingKind::Pages => match next_url.map(str::trim) {
                None | Some("") => Cursor::Done,
                Some(next) => match follow(&fetched.base, &fetched.url, next) {
                    Ok(next) if self.visited.contains(&next) => {
                        Cursor::Failed(Error::invalid(format!(
                            "pages.next leads back to {}, a page this stream has already read; \
                             the stream ends here instead of paging forever",
                            cut(next.as_str(), URL_CHARS)
                        )))
                    }
                    Ok(next) => Cursor::Next(next),
                    Err(err) => Cursor::Failed(err),
                },
            },
            PagingKind::Scroll { .. } => {
                let empty = count_items(&fetched.raw.body) == Some(0);
                match scroll_param {
                    Some(param) if !param.is_empty() && !empty => Cursor::Scroll(param.to_owned()),
                    _ => Cursor::Done,
                }
            }
        };
    }
}

/// How many characters of a URL an error message shows.
const URL_CHARS: usize = 200;

/// The pages a stream has read, as 128-bit keyed fingerprints of their URLs: 16 bytes a page
/// whatever the URL's length, so a long stream's memory stays small, and with random keys a
/// server cannot make two URLs collide.
struct Visited {
    keys: (RandomState, RandomState),
    seen: HashSet<u128>,
}

impl Default for Visited {
    fn default() -> Self {
        Visited {
            keys: (RandomState::new(), RandomState::new()),
            seen: HashSet::new(),
        }
    }
}

impl Visited {
    fn fingerprint(&self, url: &Url) -> u128 {
        let high = self.keys.0.hash_one(url.as_str());
        let low = self.keys.1.hash_one(url.as_str());
        (u128::from(high) << 64) | u128::from(low)
    }

    fn insert(&mut self, url: &Url) {
        let fingerprint = self.fingerprint(url);
        self.seen.insert(fingerprint);
    }

    fn contains(&self, url: &Url) -> bool {
        self.seen.contains(&self.fingerprint(url))
    }
}

/// Resolves a `pages.next` link against the page it came from. Only the path and the query
/// may differ from the base URL: another origin, credentials or a fragment are refused.
fn follow(base: &Url, current: &Url, next: &str) -> Result<Url> {
    let next = current.join(next).map_err(|err| {
        Error::invalid_with(
            format!("pages.next `{}` is not a URL", cut(next, URL_CHARS)),
            err,
        )
    })?;
    if next.origin() != base.origin() {
        return Err(Error::invalid(format!(
            "pages.next points to {}, another origin than the base URL {}; \
             it is not followed, so that the token is not sent there",
            cut(&next.origin().ascii_serialization(), URL_CHARS),
            base.origin().ascii_serialization(),
        )));
    }
    if !next.username().is_empty() || next.password().is_some() {
        // The link is not shown: it carries what looks like a password.
        return Err(Error::invalid(
            "pages.next carries credentials (a user name or password); \
             it is not followed, so that they are not sent beside the token",
        ));
    }
    if next.fragment().is_some() {
        return Err(Error::invalid(format!(
            "pages.next `{}` has a fragment; a next link may only change the path and query",
            cut(next.as_str(), URL_CHARS)
        )));
    }
    Ok(next)
}

/// How many elements the arrays at the top level of a JSON object hold together; `None`
/// when the body is not an object or has no array.
fn count_items(body: &[u8]) -> Option<usize> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    deserializer.deserialize_map(TopLevel).ok().flatten()
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut total: Option<usize> = None;
        while map.next_key::<IgnoredAny>()?.is_some() {
            if let ArrayLen(Some(len)) = map.next_value()? {
                total = Some(total.unwrap_or(0).saturating_add(len));
            }
        }
        Ok(total)
    }
}

/// The length of a JSON value that is an array; `None` for any other value.
struct ArrayLen(Option<usize>);

impl<'de> de::Deserialize<'de> for ArrayLen {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(ArrayLenVisitor)
    }
}

struct ArrayLenVisitor;

impl<'de> Visitor<'de> for ArrayLenVisitor {
    type Value = ArrayLen;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<ArrayLen, A::Error> {
        let mut len = 0_usize;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            len = len.saturating_add(1);
        }
        Ok(ArrayLen(Some(len)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<ArrayLen, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ArrayLen(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<ArrayLen, E> {
        Ok(ArrayLen(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_can_be_moved_and_sent_whatever_they_carry() {
        // Both streams hold nothing of their item type that would make them `!Unpin` or
        // `!Send`: they can be stored in a struct, spawned, or polled without pinning.
        fn check<S: Stream + Unpin + Send + 'static>() {}
        type NotSend = std::rc::Rc<()>;
        check::<PageStream<NotSend>>();
        check::<ItemStream<NotSend>>();
    }

    #[test]
    fn counts_top_level_array_items() {
        assert_eq!(count_items(br#"{"users":[],"scroll_param":"x"}"#), Some(0));
        assert_eq!(
            count_items(br#"{"type":"user.list","users":[{"a":[1,2]},{}],"n":null,"o":{"x":[1]}}"#),
            Some(2)
        );
        assert_eq!(count_items(br#"{"type":"user"}"#), None);
        assert_eq!(count_items(b"[1,2]"), None);
        assert_eq!(count_items(b"not json"), None);
    }

    #[test]
    fn next_links_stay_on_the_base_origin() {
        let parse = |s: &str| Url::parse(s).map_err(|err| err.to_string());
        let (Ok(base), Ok(current)) = (
            parse("http://127.0.0.1:9000/"),
            parse("http://127.0.0.1:9000/users?page=1"),
        ) else {
            panic!("constant URLs parse");
        };
        let ok = follow(&base, &current, "http://127.0.0.1:9000/users?page=2");
        assert_eq!(
            ok.map(String::from).ok().as_deref(),
            Some("http://127.0.0.1:9000/users?page=2")
        );
        let relative = follow(&base, &current, "/users?page=3");
        assert_eq!(
            relative.map(String::from).ok().as_deref(),
            Some("http://127.0.0.1:9000/users?page=3")
        );
        for other in [
            "http://127.0.0.1:9001/users?page=2",
            "https://127.0.0.1:9000/users?page=2",
            "http://localhost:9000/users?page=2",
            "//evil.example/users",
            "http://user:pw@127.0.0.1:9000/users?page=2",
            "http://user@127.0.0.1:9000/users?page=2",
            "//:pw@127.0.0.1:9000/users?page=2",
            "/users?page=2#top",
        ] {
            assert!(
                matches!(
                    follow(&base, &current, other),
                    Err(Error::InvalidRequest { .. })
                ),
                "{other}"
            );
        }
    }
}
