//! Operations that share a method and path, told apart by their fixed query pairs and
//! required parameters: the lookups and filtered lists of `/users`, `/companies`,
//! `/contacts` and `/visitors`, the variants of `/counts`, and `/data_attributes`.

mod support;

use intercom_mock::{MockServer, Seed};
use serde_json::{Value, json};
use support::{Api, error, field, ids, start, start_with, texts};

/// Two companies, three users (two in Acme), tags on users and companies, segments on both,
/// a lead and a visitor.
fn seed() -> Seed {
    Seed::from_json(
        &json!({
            "companies": [
                {"id": "c-acme", "company_id": "acme", "name": "Acme",
                 "segments": [{"id": "3101", "name": "Big accounts"}],
                 "tags": [{"id": "t-vip", "name": "VIP"}], "created_at": 100},
                {"id": "c-globex", "company_id": "globex", "name": "Globex", "created_at": 200}
            ],
            "users": [
                {"id": "u-ada", "user_id": "ada", "email": "ada@example.com", "created_at": 10,
                 "companies": [{"id": "c-acme"}], "tags": [{"id": "t-vip", "name": "VIP"}],
                 "segments": [{"id": "3001", "name": "Active"}]},
                {"id": "u-bob", "user_id": "bob", "email": "bob@example.com", "created_at": 20,
                 "companies": [{"id": "c-acme"}], "segments": [{"id": "3001", "name": "Active"}]},
                {"id": "u-cy", "user_id": "cy", "email": "cy@example.com", "created_at": 30,
                 "companies": [{"id": "c-globex"}], "tags": [{"id": "t-vip", "name": "VIP"}]}
            ],
            "tags": [{"id": "t-vip", "name": "VIP"}, {"id": "t-old", "name": "Old"}],
            "segments": [
                {"id": "3001", "name": "Active", "person_type": "user"},
                {"id": "3101", "name": "Big accounts", "person_type": "company"}
            ],
            "leads": [{"id": "l-1", "user_id": "lead-uuid-1", "email": "lead@example.com"}],
            "visitors": [{"id": "v-1", "user_id": "visitor-uuid-1"}]
        })
        .to_string(),
    )
    .expect("the seed parses")
}

async fn seeded() -> Api {
    start_with(MockServer::builder().seed(seed())).await
}

#[tokio::test]
async fn users_are_listed_found_or_filtered_by_what_the_query_requires() {
    let api = seeded().await;
    let all = api.fetched("/users").await;
    assert_eq!(all["total_count"], 3);

    let ada = api.fetched("/users?user_id=ada").await;
    assert_eq!(
        (ada["type"].as_str(), ada["id"].as_str()),
        (Some("user"), Some("u-ada"))
    );
    let by_email = api.fetched("/users?email=bob@example.com").await;
    assert_eq!(ids(&by_email["users"]), ["u-bob"]);

    let vip = api.fetched("/users?tag_id=t-vip").await;
    assert_eq!(vip["type"], "user.list");
    assert_eq!(ids(&vip["users"]), ["u-cy", "u-ada"], "newest first");
    assert_eq!(vip["total_count"], 2);
    let paged = api.fetched("/users?tag_id=t-vip&per_page=1").await;
    assert_eq!(ids(&paged["users"]), ["u-cy"]);
    let next = paged["pages"]["next"].as_str().expect("a next page");
    assert!(next.contains("tag_id=t-vip"), "{next}");
    assert_eq!(ids(&api.fetched(next).await["users"]), ["u-ada"]);

    let active = api.fetched("/users?segment_id=3001").await;
    assert_eq!(ids(&active["users"]), ["u-bob", "u-ada"]);
    let none = api.fetched("/users?tag_id=t-old").await;
    assert_eq!(
        (none["total_count"].as_u64(), ids(&none["users"]).len()),
        (Some(0), 0)
    );

    // A tag and a segment at once is no call of the API: the tag's list takes no segment.
    let (status, _, body) = api.get("/users?tag_id=t-vip&segment_id=3001").await;
    assert_eq!((status, field(&body)), (400, "segment_id"), "{body}");
    let (status, _, body) = api.get("/users?tag_id=t-vip&email=x@example.com").await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn companies_are_looked_up_listed_or_asked_for_their_users() {
    let api = seeded().await;
    assert_eq!(api.fetched("/companies").await["total_count"], 2);

    let acme = api.fetched("/companies?company_id=acme").await;
    assert_eq!(
        (acme["type"].as_str(), acme["id"].as_str()),
        (Some("company"), Some("c-acme"))
    );
    let globex = api.fetched("/companies?name=Globex").await;
    assert_eq!(globex["id"], "c-globex");
    for missing in ["/companies?company_id=nope", "/companies?name=Nope"] {
        let (status, _, body) = api.get(missing).await;
        assert_eq!(status, 404, "{missing}");
        error(&body, "company_not_found");
    }

    let tagged = api.fetched("/companies?tag_id=t-vip").await;
    assert_eq!(tagged["type"], "company.list");
    assert_eq!(ids(&tagged["companies"]), ["c-acme"]);
    let big = api.fetched("/companies?segment_id=3101").await;
    assert_eq!(ids(&big["companies"]), ["c-acme"]);

    let users = api.fetched("/companies?type=user&company_id=acme").await;
    assert_eq!(users["type"], "user.list");
    assert_eq!(ids(&users["users"]), ["u-ada", "u-bob"]);
    assert_eq!(users["total_count"], 2);
    let first = api
        .fetched("/companies?company_id=acme&type=user&per_page=1")
        .await;
    let next = first["pages"]["next"].as_str().expect("a next page");
    assert!(
        next.contains("type=user") && next.contains("company_id=acme"),
        "{next}"
    );
    assert_eq!(ids(&api.fetched(next).await["users"]), ["u-bob"]);
    let by_name = api.fetched("/companies?name=Globex&type=user").await;
    assert_eq!(ids(&by_name["users"]), ["u-cy"]);
    let (status, _, body) = api.get("/companies?type=user&company_id=nope").await;
    assert_eq!(status, 404);
    error(&body, "company_not_found");

    // `type=user` alone names no company.
    let (status, _, body) = api.get("/companies?type=user").await;
    assert_eq!(status, 400, "{body}");
    error(&body, "parameter_not_found");
    assert_eq!(field(&body), "company_id or name");
    // A lookup takes no page; the list it is an alternative of answers the company then.
    let company = api.fetched("/companies?company_id=acme&page=1").await;
    assert_eq!(company["id"], "c-acme");
}

#[tokio::test]
async fn leads_and_visitors_are_looked_up_by_user_id() {
    let api = seeded().await;
    let lead = api.fetched("/contacts?user_id=lead-uuid-1").await;
    assert_eq!(
        (lead["type"].as_str(), lead["id"].as_str()),
        (Some("contact"), Some("l-1"))
    );
    let listed = api.fetched("/contacts?email=lead@example.com").await;
    assert_eq!(listed["type"], "contact.list");
    assert_eq!(ids(&listed["contacts"]), ["l-1"]);
    let (status, _, body) = api.get("/contacts?user_id=nope").await;
    assert_eq!(status, 404);
    error(&body, "not_found");

    let visitor = api.fetched("/visitors?user_id=visitor-uuid-1").await;
    assert_eq!(
        (visitor["type"].as_str(), visitor["id"].as_str()),
        (Some("visitor"), Some("v-1"))
    );
    let (status, _, body) = api.get("/visitors?user_id=nope").await;
    assert_eq!(status, 404);
    error(&body, "not_found");
    let (status, _, body) = api.get("/visitors").await;
    assert_eq!((status, field(&body)), (400, "user_id"), "{body}");
}

#[tokio::test]
async fn each_count_variant_is_computed_from_the_state() {
    let api = seeded().await;
    let app = api.fetched("/counts").await;
    assert_eq!(app["type"], "count.hash");
    assert_eq!(app["user"], json!({"count": 3}));
    assert_eq!(app["company"], json!({"count": 2}));
    assert_eq!(app["tag"], json!({"count": 2}));
    assert_eq!(app["segment"], json!({"count": 2}));

    let expect = |query: &str, body: Value| (query.to_owned(), body);
    for (query, expected) in [
        expect(
            "type=user&count=tag",
            json!({"type": "count", "user": {"tag": [{"VIP": 2}, {"Old": 0}]}}),
        ),
        expect(
            "count=segment&type=user",
            json!({"type": "count", "user": {"segment": [{"Active": 2}]}}),
        ),
        expect(
            "type=company&count=tag",
            json!({"type": "count", "company": {"tag": [{"VIP": 1}, {"Old": 0}]}}),
        ),
        expect(
            "type=company&count=segment",
            json!({"type": "count", "company": {"segment": [{"Big accounts": 1}]}}),
        ),
        expect(
            "type=company&count=user",
            json!({"type": "count", "company": {"user": [{"Acme": 2}, {"Globex": 1}]}}),
        ),
        expect(
            "type=conversation",
            json!({"type": "count", "conversation":
                   {"open": 0, "closed": 0, "assigned": 0, "unassigned": 0}}),
        ),
    ] {
        assert_eq!(
            api.fetched(&format!("/counts?{query}")).await,
            expected,
            "{query}"
        );
    }
    let admins = api.fetched("/counts?type=conversation&count=admin").await;
    assert_eq!(
        texts(&admins["conversation"], "admin", "name"),
        ["Ada Admin", "Grace Support"]
    );

    // A pair no variant has is refused on the parameter at fault.
    let (status, _, body) = api.get("/counts?type=conversation&count=tag").await;
    assert_eq!((status, field(&body)), (400, "count"), "{body}");
    let (status, _, body) = api.get("/counts?type=visitor").await;
    assert_eq!((status, field(&body)), (400, "type"), "{body}");
}

#[tokio::test]
async fn data_attributes_of_both_models_or_of_one() {
    let api = start().await;
    let all = api.fetched("/data_attributes").await;
    let customers = api.fetched("/data_attributes?model=customer").await;
    let companies = api.fetched("/data_attributes?model=company").await;
    let names = |list: &Value| texts(list, "data_attributes", "full_name");
    let mut both = names(&customers);
    both.extend(names(&companies));
    assert_eq!(names(&all), both, "customers' then companies'");
    let archived = api.fetched("/data_attributes?include_archived=true").await;
    assert_eq!(
        archived["data_attributes"].as_array().map(Vec::len),
        all["data_attributes"].as_array().map(|a| a.len() + 1),
        "one archived attribute in the default seed"
    );
}
