//! The client users hold: the runtime's client, with a method per operation of the API (the
//! methods are generated, in the `operations` module).

use std::fmt;
use std::ops::Deref;

/// An Intercom API client.
///
/// Cheap to clone: clones share the connection pool, configuration and rate-limit budget.
/// Every operation of the API is a method on it (see the [`operations`](crate::operations)
/// module); the configuration, [`send`](intercom_api_runtime::Client::send) for requests built
/// by hand and [`last_rate_limit`](intercom_api_runtime::Client::last_rate_limit) come from
/// the runtime's client it derefs to.
///
/// ```no_run
/// # async fn run() -> intercom_api::Result<()> {
/// use intercom_api::{Client, Region};
///
/// let client = Client::new(std::env::var("INTERCOM_TOKEN").unwrap_or_default());
/// let eu = Client::builder()
///     .token("dG9rOmFiYw==")
///     .region(Region::Eu)
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    runtime: intercom_api_runtime::Client,
}

/// Configures and builds a [`Client`] (see [`Client::builder`]).
pub type ClientBuilder = intercom_api_runtime::ClientBuilder<Client>;

impl Client {
    /// A client for the US region with the default settings and the access token `token`.
    ///
    /// Never fails: if the token cannot be sent as a header (it is empty or contains anything
    /// but visible ASCII characters), every request returns
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest). Use [`Client::builder`] to get
    /// that error up front.
    ///
    /// ```no_run
    /// let client = intercom_api::Client::new("dG9rOmFiYw==");
    /// ```
    pub fn new(token: impl Into<String>) -> Client {
        intercom_api_runtime::Client::new(token).into()
    }

    /// A builder to configure the base URL or region, API version, timeout, user agent,
    /// retry policy, pacing or HTTP client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl Deref for Client {
    type Target = intercom_api_runtime::Client;

    fn deref(&self) -> &Self::Target {
        &self.runtime
    }
}

impl From<intercom_api_runtime::Client> for Client {
    fn from(runtime: intercom_api_runtime::Client) -> Self {
        Client { runtime }
    }
}

impl From<Client> for intercom_api_runtime::Client {
    fn from(client: Client) -> Self {
        client.runtime
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.runtime.fmt(f)
    }
}
