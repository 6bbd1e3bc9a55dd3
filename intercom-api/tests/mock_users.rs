//! User operations through the client against intercom-mock: each call's typed result, and the
//! change it makes as other calls read it back.

mod mock_support;

use std::collections::HashSet;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;
use intercom_api::types::{CreateUserRequest, ListUsersSort, Order, User, UserCompany};
use intercom_api::{Client, Error, Pacing, RetryPolicy};
use intercom_mock::{MockServer, RateLimit};
use mock_support::{
    api_error, assert_not_found, assert_refused_unsent, client, field, mock, object, seeded,
    seeded_with, users_json,
};
use serde_json::json;

fn ada() -> CreateUserRequest {
    CreateUserRequest {
        user_id: Some("25".into()),
        email: Some("ada@example.com".into()),
        name: Some("Ada Lovelace".into()),
        phone: Some("+353871234567".into()),
        signed_up_at: Some(1_569_400_000.into()),
        custom_attributes: Some(object(json!({"plan_tier": "gold", "seats": 4}))),
        companies: Some(vec![UserCompany {
            company_id: Some("acme".into()),
            name: Some("Acme Inc".into()),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

fn user_ids(users: &[User]) -> Vec<&str> {
    users.iter().filter_map(|u| u.user_id.as_deref()).collect()
}

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    i64::try_from(secs).expect("seconds fit in i64")
}

#[tokio::test]
async fn create_user_then_read_it_back_by_id_user_id_and_email() {
    let mock = mock().await;
    let client = client(&mock);
    let before = now();

    let user = client
        .create_user()
        .request_body(ada())
        .await
        .expect("created user");

    let id = user.id.clone().expect("the mock gives the user an id");
    assert_eq!(user.type_.as_deref(), Some("user"));
    assert_eq!(user.user_id.as_deref(), Some("25"));
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.phone.as_deref(), Some("+353871234567"));
    assert_eq!(user.signed_up_at, Some(1_569_400_000.into()));
    assert_eq!(user.anonymous, Some(false));
    assert!(user.created_at.is_some_and(|t| t >= before));
    assert_eq!(
        user.custom_attributes,
        Some(object(json!({"plan_tier": "gold", "seats": 4})))
    );
    let companies = user.companies.clone().expect("companies");
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].company_id.as_deref(), Some("acme"));
    assert_eq!(companies[0].name.as_deref(), Some("Acme Inc"));
    assert_eq!(user.tags, Some(vec![]));

    let fetched = client.get_user(&id).await.expect("get_user");
    assert_eq!(fetched, user);

    let by_user_id = client.find_user().user_id("25").await.expect("by user_id");
    assert_eq!(by_user_id.users, Some(vec![user.clone()]));

    let by_email = client
        .find_user()
        .email("ada@example.com")
        .await
        .expect("by email");
    assert_eq!(by_email.users, Some(vec![user.clone()]));
    assert_eq!(by_email.total_count, Some(1));

    let all = client.list_users().await.expect("list_users");
    assert_eq!(all.users, Some(vec![user]));
    assert_eq!(all.total_count, Some(1));

    // The company in the body was created and counts the user.
    let acme = client
        .list_companies()
        .company_id("acme")
        .await
        .expect("the user's company");
    let acme = &acme.companies.expect("companies")[0];
    assert_eq!(acme.id, companies[0].id);
    assert_eq!(acme.user_count, Some(1));

    // Every answer carries the mock's rate-limit headers; the default reports a 10-second
    // window no test comes near.
    let limit = client.last_rate_limit().expect("X-RateLimit-* headers");
    let default = u64::from(RateLimit::default().limit);
    assert_eq!(limit.limit, default);
    assert_eq!(limit.remaining, default - mock.request_count());
    assert!(limit.reset >= u64::try_from(before).expect("positive"));
}

#[tokio::test]
async fn create_update_user_updates_the_user_it_names() {
    let mock = seeded(
        r#"{"users": [{"user_id": "25", "email": "ada@example.com", "name": "Ada",
                       "custom_attributes": {"plan_tier": "silver", "seats": 2}},
                      {"email": "grace@example.com", "name": "Grace"}]}"#,
    )
    .await;
    let client = client(&mock);
    let seeded = client.find_user().user_id("25").await.expect("seeded user");
    let seeded = seeded.users.expect("users").remove(0);

    let updated = client
        .create_update_user()
        .user_id("25")
        .name("Ada Lovelace")
        .custom_attribute("plan_tier", "gold")
        .await
        .expect("updated user");

    assert_eq!(updated.id, seeded.id, "the same user, not a new one");
    assert_eq!(updated.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(updated.email.as_deref(), Some("ada@example.com"));
    assert_eq!(
        updated.custom_attributes,
        Some(object(json!({"plan_tier": "gold", "seats": 2}))),
        "custom attributes merge key by key"
    );
    let id = updated.id.clone().expect("id");
    assert_eq!(client.get_user(&id).await.expect("get_user"), updated);

    // A user known by email only gets the user_id the update gives.
    let grace = client
        .create_update_user()
        .email("grace@example.com")
        .user_id("27")
        .await
        .expect("grace gets a user_id");
    assert_eq!(grace.name.as_deref(), Some("Grace"), "the seeded user");
    assert_eq!(grace.user_id.as_deref(), Some("27"));

    // Emails are not unique: a new user_id with ada's email is another user.
    let namesake = client
        .create_update_user()
        .email("ada@example.com")
        .user_id("26")
        .await
        .expect("a second user with ada's email");
    assert_ne!(namesake.id.as_deref(), Some(id.as_str()));
    let both = client
        .find_user()
        .email("ada@example.com")
        .await
        .expect("both users with the email");
    assert_eq!(user_ids(&both.users.expect("users")), ["25", "26"]);

    // An email alone that several users share names no one.
    api_error(
        client
            .create_update_user()
            .email("ada@example.com")
            .name("Which Ada?")
            .await,
        409,
        "conflict",
    );
    api_error(
        client.archive_user().email("ada@example.com").await,
        409,
        "conflict",
    );
    let page = client.list_users().await.expect("list_users");
    assert_eq!(page.total_count, Some(3), "ada, grace and the namesake");
    let ada = client.get_user(&id).await.expect("ada");
    assert_eq!(ada, updated, "the refused calls changed nothing");
}

#[tokio::test]
async fn list_users_streams_sixty_users_over_two_pages() {
    let mock = seeded_with(json!({ "users": users_json(60) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let users: Vec<User> = client
        .list_users()
        .stream()
        .try_collect()
        .await
        .expect("streaming the users");
    assert_eq!(mock.request_count() - before, 2, "two pages of at most 50");
    let newest_first: Vec<String> = (0..60).rev().map(|i| format!("u-{i:02}")).collect();
    assert_eq!(user_ids(&users), newest_first, "newest first by default");

    let pages: Vec<_> = client
        .list_users()
        .pages()
        .try_collect()
        .await
        .expect("the pages");
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.users.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [50, 10]);
    let first = pages[0].pages.as_ref().expect("pages");
    assert_eq!((first.page, first.total_pages), (Some(1), Some(2)));
    assert!(
        first
            .next
            .as_deref()
            .is_some_and(|next| next.starts_with(mock.url())),
        "next links back to the mock: {:?}",
        first.next
    );
    assert_eq!(pages[1].pages.as_ref().and_then(|p| p.next.clone()), None);
    assert_eq!(pages[0].total_count, Some(60));

    let before = mock.request_count();
    let ascending: Vec<User> = client
        .list_users()
        .order(Order::Asc)
        .per_page(25)
        .stream()
        .try_collect()
        .await
        .expect("ascending, 25 a page");
    assert_eq!(mock.request_count() - before, 3, "25 + 25 + 10");
    let oldest_first: Vec<String> = (0..60).map(|i| format!("u-{i:02}")).collect();
    assert_eq!(user_ids(&ascending), oldest_first);

    // signed_up_at runs the other way round from created_at in the seed.
    let by_signup = client
        .list_users()
        .sort(ListUsersSort::SignedUpAt)
        .order(Order::Desc)
        .await
        .expect("sorted by signed_up_at");
    assert_eq!(
        user_ids(&by_signup.users.expect("users"))[..3],
        ["u-00", "u-01", "u-02"]
    );
}

#[tokio::test]
async fn list_users_created_since_keeps_recent_users() {
    let mock = seeded_with(json!({ "users": users_json(3) })).await;
    let client = client(&mock);
    let fresh = client
        .create_user()
        .email("new@example.com")
        .await
        .expect("a user created now");

    let recent = client
        .list_users()
        .created_since(1)
        .await
        .expect("users of the last day");

    assert_eq!(recent.users, Some(vec![fresh]));
    assert_eq!(recent.total_count, Some(1));
    let all = client.list_users().await.expect("every user");
    assert_eq!(all.total_count, Some(4));
}

#[tokio::test]
async fn scroll_users_streams_every_user_once_and_one_scroll_is_open_at_a_time() {
    let mock = seeded_with(json!({ "users": users_json(250) })).await;
    let client = client(&mock);

    let before = mock.request_count();
    let users: Vec<User> = client
        .scroll_users()
        .stream()
        .try_collect()
        .await
        .expect("scrolling the users");
    assert_eq!(
        mock.request_count() - before,
        4,
        "100 + 100 + 50, then the empty batch"
    );
    let ids: HashSet<&str> = user_ids(&users).into_iter().collect();
    assert_eq!(users.len(), 250);
    assert_eq!(ids.len(), 250, "no user twice");

    // The empty batch closed the scroll, so a new one opens; while it is open, another is
    // refused, and it continues with its scroll_param.
    let first = client.scroll_users().await.expect("a new scroll");
    let param = first.scroll_param.clone().expect("scroll_param");
    assert_eq!(first.users.as_ref().map(Vec::len), Some(100));
    let refused = api_error(client.scroll_users().await, 400, "scroll_exists");
    assert!(refused.errors[0].message.is_some());
    let second = client
        .scroll_users()
        .scroll(&param)
        .await
        .expect("the next batch");
    assert_eq!(second.scroll_param.as_deref(), Some(param.as_str()));
    let second_ids = user_ids(second.users.as_deref().expect("users")).len();
    assert_eq!(second_ids, 100);
    let first_users = first.users.expect("users");
    let second_users = second.users.expect("users");
    assert!(
        first_users.iter().all(|u| !second_users.contains(u)),
        "the second batch continues after the first"
    );
    let unknown = api_error(
        client.scroll_users().scroll("no-such-scroll").await,
        404,
        "not_found",
    );
    assert_eq!(field(&unknown), Some("scroll_param"));
}

#[tokio::test]
async fn archive_user_removes_the_user_by_email_or_user_id() {
    let mock = seeded(
        r#"{"companies": [{"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme", "user_count": 2}],
            "users": [
              {"id": "5b0000000000000000000001", "user_id": "u-1", "email": "ada@example.com",
               "companies": [{"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme"}]},
              {"id": "5b0000000000000000000002", "user_id": "u-2", "email": "grace@example.com",
               "companies": [{"id": "5c0000000000000000000001", "company_id": "acme", "name": "Acme"}]}]}"#,
    )
    .await;
    let client = client(&mock);

    let archived = client
        .archive_user()
        .email("ada@example.com")
        .await
        .expect("archived by email");
    assert_eq!(archived.id.as_deref(), Some("5b0000000000000000000001"));
    assert_eq!(archived.user_id.as_deref(), Some("u-1"));
    assert_not_found(client.get_user("5b0000000000000000000001").await);
    assert_not_found(client.find_user().email("ada@example.com").await);
    let acme = client
        .get_company("5c0000000000000000000001")
        .await
        .expect("acme");
    assert_eq!(acme.user_count, Some(1), "the company no longer counts ada");

    let archived = client
        .archive_user()
        .user_id("u-2")
        .await
        .expect("archived by user_id");
    assert_eq!(archived.email.as_deref(), Some("grace@example.com"));
    let left = client.list_users().await.expect("list_users");
    assert_eq!(left.users, Some(vec![]));
    assert_eq!(left.total_count, Some(0));
    assert_not_found(client.archive_user().user_id("u-2").await);
}

#[tokio::test]
async fn one_of_refusals_are_made_by_the_client_without_a_request() {
    let mock = mock().await;
    let client = client(&mock);

    assert_refused_unsent(client.archive_user().await, &["email", "user_id"]);
    assert_refused_unsent(client.find_user().await, &["email", "user_id"]);
    let pages: Result<Vec<_>, _> = client.find_user().pages().try_collect().await;
    assert_refused_unsent(pages, &["email", "user_id"]);

    assert_eq!(mock.request_count(), 0, "nothing reached the mock");
}

#[tokio::test]
async fn user_errors_come_back_as_api_errors_naming_the_field() {
    let mock = mock().await;
    let client = client(&mock);

    assert_not_found(client.get_user("5d0000000000000000009999").await);
    assert_not_found(client.find_user().user_id("nobody").await);

    let missing = api_error(client.create_user().await, 400, "parameter_not_found");
    assert_eq!(field(&missing), Some("user_id"));

    let unknown = api_error(
        client
            .create_user()
            .request_body(CreateUserRequest {
                email: Some("ada@example.com".into()),
                extra: object(json!({"favourite_colour": "blue"})),
                ..Default::default()
            })
            .await,
        400,
        "parameter_invalid",
    );
    assert_eq!(field(&unknown), Some("favourite_colour"));

    let bad_company = api_error(
        client
            .create_user()
            .email("ada@example.com")
            .companies([UserCompany {
                name: Some("No id".into()),
                ..Default::default()
            }])
            .await,
        400,
        "parameter_not_found",
    );
    assert_eq!(field(&bad_company), Some("companies[0].company_id"));

    let old = Client::builder()
        .token("t")
        .base_url(mock.url())
        .intercom_version("2.0")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let version = api_error(old.list_users().await, 400, "intercom_version_invalid");
    assert_eq!(field(&version), Some("Intercom-Version"));

    let page = client.list_users().await.expect("list_users");
    assert_eq!(
        page.total_count,
        Some(0),
        "no refused create stored a user, not even the one with a bad company"
    );
}

#[tokio::test]
async fn a_token_the_mock_does_not_accept_is_unauthorized() {
    let mock = MockServer::builder()
        .token("right")
        .start()
        .await
        .expect("mock");
    let wrong = client(&mock);
    api_error(wrong.list_users().await, 401, "token_not_found");
    let right = Client::builder()
        .token("right")
        .base_url(mock.url())
        .build()
        .expect("client");
    right.list_users().await.expect("the accepted token");
}

#[tokio::test]
async fn a_rate_limited_call_waits_for_the_reset_and_then_succeeds() {
    let mock = MockServer::builder()
        .seed(intercom_mock::Seed::from_json(r#"{"users": [{"user_id": "u-1"}]}"#).expect("seed"))
        .rate_limit(RateLimit {
            limit: 1,
            window: Duration::from_secs(1),
            enforce: true,
        })
        // Intercom's headers only: the reset in whole seconds.
        .reset_millis(false)
        .start()
        .await
        .expect("mock");
    // Not paced, so that it sends into the spent window instead of waiting for its end.
    let impatient = Client::builder()
        .token("t")
        .base_url(mock.url())
        .retry_policy(RetryPolicy::none())
        .pacing(Pacing::off())
        .build()
        .expect("client without retries or pacing");
    let patient = Client::builder()
        .token("t")
        .base_url(mock.url())
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(2)
                .rate_limit_jitter(Duration::ZERO)
                .max_rate_limit_wait(Duration::from_secs(3)),
        )
        .build()
        .expect("client with retries");

    // The window's one request.
    let found = impatient.find_user().user_id("u-1").await.expect("first");
    let user = found.users.expect("users").remove(0);
    let id = user.id.clone().expect("id");
    let window = impatient.last_rate_limit().expect("rate-limit headers");
    assert_eq!((window.limit, window.remaining), (1, 0));

    // Without retries, the next is refused at once, saying when the window resets.
    let refused = impatient
        .get_user(&id)
        .await
        .expect_err("the second request of the window is refused");
    assert_eq!(refused.code(), Some("rate_limit_exceeded"));
    assert_eq!(refused.status(), Some(429));
    match &refused {
        Error::RateLimited { reset, error } => {
            assert_eq!(*reset, Some(window.reset));
            assert_eq!(error.rate_limit.map(|l| l.reset), Some(window.reset));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }

    // With retries, the client waits for X-RateLimit-Reset and the retry passes.
    let started = Instant::now();
    let again = patient
        .get_user(&id)
        .await
        .expect("succeeds after the reset");
    let waited = started.elapsed();
    assert_eq!(again, user);
    assert!(
        SystemTime::now() >= UNIX_EPOCH + Duration::from_secs(window.reset),
        "the retry waited for the reset"
    );
    assert!(waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(mock.request_count(), 4, "ok, refused, refused, retried");
    let next = patient.last_rate_limit().expect("rate-limit headers");
    assert_eq!((next.limit, next.remaining), (1, 0));
    assert!(next.reset > window.reset, "a new window");
}
