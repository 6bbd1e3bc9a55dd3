//! Decoding a realistic 50-user page three ways: the generated `types::UserList` (lenient,
//! lossless), the same shapes as plain `#[derive(Deserialize)]` structs with a flattened
//! `extra` map, and `serde_json::Value` (the baseline).
//!
//! `cargo bench -p intercom-api --bench decode`

// `json!` of a whole user nests deeper than the default limit.
#![recursion_limit = "256"]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use intercom_api::types;
use serde::Deserialize;
use serde_json::{Map, Value, json};

const USERS: usize = 50;

/// One user as the API sends it: wrapped lists, custom attributes, location data, nulls and
/// fields the spec does not describe.
fn user(i: usize) -> Value {
    let created = 1_500_000_000 + i as i64 * 3_600;
    let cities = [
        (
            "Dublin",
            "EU",
            "IRL",
            "Ireland",
            53.3498,
            -6.2603,
            "Europe/Dublin",
        ),
        (
            "San Francisco",
            "NA",
            "USA",
            "United States",
            37.7749,
            -122.4194,
            "America/Los_Angeles",
        ),
        (
            "Sydney",
            "OC",
            "AUS",
            "Australia",
            -33.8688,
            151.2093,
            "Australia/Sydney",
        ),
        (
            "Berlin",
            "EU",
            "DEU",
            "Germany",
            52.52,
            13.405,
            "Europe/Berlin",
        ),
    ];
    let (city, continent, country_code, country, lat, lon, tz) = cities[i % cities.len()];
    let companies: Vec<Value> = (0..(1 + i % 3))
        .map(|c| {
            json!({
                "type": "company",
                "id": format!("5a6b7c8d9e0f{i:04}{c:02}"),
                "company_id": format!("acme-{i}-{c}"),
                "name": format!("Acme {c} of user {i}"),
                "app_id": "ecahpwf5",
                "created_at": created,
                "plan": {"type": "plan", "id": "269315", "name": "Pro"},
                "monthly_spend": 49.5 + c as f64,
                "session_count": 120 + c,
                "user_count": 12,
                "custom_attributes": {"tier": "gold", "seats": 25},
            })
        })
        .collect();
    let segments: Vec<Value> = (0..2)
        .map(|s| json!({"type": "segment", "id": format!("seg{i:03}{s}")}))
        .collect();
    let tags: Vec<Value> = (0..(i % 4))
        .map(
            |t| json!({"type": "tag", "id": format!("{}", 17_000 + t), "name": format!("tag-{t}")}),
        )
        .collect();
    json!({
        "type": "user",
        "id": format!("5714dd359a3fd47136000{i:03}"),
        "user_id": format!("user-{i}"),
        "anonymous": false,
        "email": format!("person{i}@example.com"),
        "phone": if i.is_multiple_of(5) { Value::Null } else { json!(format!("+35387{i:07}")) },
        "name": format!("Person Number {i}"),
        "pseudonym": Value::Null,
        "app_id": "ecahpwf5",
        "avatar": {"type": "avatar", "image_url": format!("https://static.intercomassets.com/avatars/{i}/square_128/a.png")},
        "location_data": {
            "type": "location_data",
            "city_name": city,
            "continent_code": continent,
            "country_code": country_code,
            "country_name": country,
            "latitude": lat,
            "longitude": lon,
            "postal_code": if i.is_multiple_of(2) { Value::Null } else { json!("D02") },
            "region_name": city,
            "timezone": tz,
        },
        "last_seen_ip": format!("10.0.{}.{}", i / 256, i % 256),
        "user_agent_data": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "referrer": "https://example.com/pricing",
        "utm_campaign": Value::Null,
        "utm_content": Value::Null,
        "utm_medium": if i.is_multiple_of(3) { json!("email") } else { Value::Null },
        "utm_source": if i.is_multiple_of(3) { json!("newsletter") } else { Value::Null },
        "utm_term": Value::Null,
        "unsubscribed_from_emails": i.is_multiple_of(7),
        "has_hard_bounced": false,
        "marked_email_as_spam": false,
        "created_at": created,
        "updated_at": created + 86_400,
        "signed_up_at": created,
        "remote_created_at": created - 60,
        "last_request_at": created + 7_200,
        "session_count": 3 + i,
        "custom_attributes": {
            "plan": "pro",
            "seats": 5 + i,
            "mrr": 49.99,
            "beta_tester": i.is_multiple_of(2),
            "nickname": Value::Null,
            "favourite_colour": "teal",
        },
        "companies": {"type": "company.list", "companies": companies},
        "segments": {"type": "segment.list", "segments": segments},
        "tags": {"type": "tag.list", "tags": tags},
        "social_profiles": {"type": "social_profile.list", "social_profiles": [
            {"type": "social_profile", "name": "Twitter", "id": format!("{}", 1_000_000 + i), "username": format!("person{i}"), "url": format!("https://twitter.com/person{i}")}
        ]},
        // Fields the spec does not describe.
        "owner_id": 1_234_567,
        "browser_language": "en",
        "language_override": Value::Null,
        "last_seen_user_agent": "ios/12.1",
    })
}

fn page() -> Value {
    let users: Vec<Value> = (0..USERS).map(user).collect();
    json!({
        "type": "user.list",
        "total_count": 1_000,
        "pages": {
            "type": "pages",
            "next": "https://api.intercom.io/users?per_page=50&page=2",
            "page": 1,
            "per_page": USERS,
            "total_pages": 20,
        },
        "users": users,
        "request_trace": "undocumented-top-level-field",
    })
}

/// The page with every field the spec does not describe taken out: what a decoder costs when
/// there is nothing unknown to keep.
fn page_without_unknown_fields() -> Value {
    let mut page = page();
    if let Some(top) = page.as_object_mut() {
        top.remove("request_trace");
    }
    let users = page.get_mut("users").and_then(Value::as_array_mut);
    for user in users.into_iter().flatten().filter_map(Value::as_object_mut) {
        for key in UNKNOWN_USER_FIELDS {
            user.remove(*key);
        }
    }
    page
}

/// The fields `user` adds that the spec does not describe.
const UNKNOWN_USER_FIELDS: &[&str] = &[
    "owner_id",
    "browser_language",
    "language_override",
    "last_seen_user_agent",
];

/// The same shapes written by hand, as a user of serde would: every field optional, wrapped
/// lists as their own structs. `hand` keeps unknown fields in a `#[serde(flatten)]` map (what a
/// careful user writes to lose nothing); `lossy` drops them (the floor: plain derive, no
/// flatten). The fields are only decoded into, never read.
macro_rules! hand_written {
    ($module:ident, $($extra:tt)*) => {
        #[allow(dead_code)]
        mod $module {
        use super::{Deserialize, Map, Value};

        #[derive(Debug, Deserialize)]
        pub struct UserList {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub users: Option<Vec<User>>,
            pub pages: Option<Pages>,
            pub total_count: Option<i64>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Pages {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub next: Option<String>,
            pub page: Option<i64>,
            pub per_page: Option<i64>,
            pub total_pages: Option<i64>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct User {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub id: Option<String>,
            pub user_id: Option<String>,
            pub email: Option<String>,
            pub phone: Option<String>,
            pub name: Option<String>,
            pub pseudonym: Option<String>,
            pub app_id: Option<String>,
            pub avatar: Option<Avatar>,
            pub location_data: Option<LocationData>,
            pub last_seen_ip: Option<String>,
            pub user_agent_data: Option<String>,
            pub referrer: Option<String>,
            pub utm_campaign: Option<String>,
            pub utm_content: Option<String>,
            pub utm_medium: Option<String>,
            pub utm_source: Option<String>,
            pub utm_term: Option<String>,
            pub anonymous: Option<bool>,
            pub unsubscribed_from_emails: Option<bool>,
            pub has_hard_bounced: Option<bool>,
            pub marked_email_as_spam: Option<bool>,
            pub created_at: Option<i64>,
            pub updated_at: Option<i64>,
            pub signed_up_at: Option<i64>,
            pub remote_created_at: Option<i64>,
            pub last_request_at: Option<i64>,
            pub session_count: Option<i64>,
            pub custom_attributes: Option<Map<String, Value>>,
            pub companies: Option<CompanyList>,
            pub segments: Option<SegmentList>,
            pub tags: Option<TagList>,
            pub social_profiles: Option<SocialProfileList>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Avatar {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub image_url: Option<String>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct LocationData {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub city_name: Option<String>,
            pub continent_code: Option<String>,
            pub country_code: Option<String>,
            pub country_name: Option<String>,
            pub latitude: Option<f64>,
            pub longitude: Option<f64>,
            pub postal_code: Option<String>,
            pub region_name: Option<String>,
            pub timezone: Option<String>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct CompanyList {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub companies: Option<Vec<Company>>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Company {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub id: Option<String>,
            pub company_id: Option<String>,
            pub name: Option<String>,
            pub app_id: Option<String>,
            pub website: Option<String>,
            pub industry: Option<String>,
            pub plan: Option<Plan>,
            pub monthly_spend: Option<f64>,
            pub user_count: Option<i64>,
            pub size: Option<i64>,
            pub session_count: Option<i64>,
            pub created_at: Option<i64>,
            pub updated_at: Option<i64>,
            pub remote_created_at: Option<i64>,
            pub last_request_at: Option<i64>,
            pub custom_attributes: Option<Map<String, Value>>,
            pub tags: Option<TagList>,
            pub segments: Option<SegmentList>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Plan {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub id: Option<String>,
            pub name: Option<String>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct SegmentList {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub segments: Option<Vec<Segment>>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Segment {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub id: Option<String>,
            pub name: Option<String>,
            pub created_at: Option<i64>,
            pub updated_at: Option<i64>,
            pub person_type: Option<String>,
            pub count: Option<i64>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct TagList {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub tags: Option<Vec<Tag>>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct Tag {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub id: Option<String>,
            pub name: Option<String>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct SocialProfileList {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub social_profiles: Option<Vec<SocialProfile>>,
            $($extra)*
        }

        #[derive(Debug, Deserialize)]
        pub struct SocialProfile {
            #[serde(rename = "type")]
            pub type_: Option<String>,
            pub name: Option<String>,
            pub id: Option<String>,
            pub username: Option<String>,
            pub url: Option<String>,
            $($extra)*
        }
        }
    };
}

hand_written!(hand, #[serde(flatten)] pub extra: Map<String, Value>,);
hand_written!(lossy,);

/// Prints what each decoder made of the page, so a reader can see that they did the same work.
fn describe(body: &[u8]) {
    match serde_json::from_slice::<types::UserList>(body) {
        Ok(list) => {
            let users = list.users.unwrap_or_default();
            let companies: usize = users
                .iter()
                .map(|u| u.companies.as_ref().map_or(0, Vec::len))
                .sum();
            let extra: usize = users.iter().map(|u| u.extra.len()).sum();
            println!(
                "generated: {} users, {companies} companies in wrapped lists, {extra} extra fields on users",
                users.len()
            );
        }
        Err(err) => println!("generated: failed to decode: {err}"),
    }
    match serde_json::from_slice::<hand::UserList>(body) {
        Ok(list) => {
            let users = list.users.unwrap_or_default();
            let companies: usize = users
                .iter()
                .filter_map(|u| u.companies.as_ref()?.companies.as_ref())
                .map(Vec::len)
                .sum();
            let extra: usize = users.iter().map(|u| u.extra.len()).sum();
            println!(
                "hand-written derive: {} users, {companies} companies in wrapped lists, {extra} extra fields on users",
                users.len()
            );
        }
        Err(err) => println!("hand-written derive: failed to decode: {err}"),
    }
}

fn decode(c: &mut Criterion) {
    for (group, page) in [
        ("decode_user_page", page()),
        (
            "decode_user_page_without_unknown_fields",
            page_without_unknown_fields(),
        ),
    ] {
        let body = match serde_json::to_vec(&page) {
            Ok(body) => body,
            Err(err) => panic!("the page serializes: {err}"),
        };
        println!("{group}: {USERS} users, {} bytes of JSON", body.len());
        describe(&body);
        decode_three_ways(c, group, &body);
    }
}

fn decode_three_ways(c: &mut Criterion, name: &str, body: &[u8]) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(50);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));

    group.bench_function("baseline_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(body)).ok()))
    });
    group.bench_function("generated_types_user_list", |b| {
        b.iter(|| black_box(serde_json::from_slice::<types::UserList>(black_box(body)).ok()))
    });
    group.bench_function("hand_written_derive_with_flatten", |b| {
        b.iter(|| black_box(serde_json::from_slice::<hand::UserList>(black_box(body)).ok()))
    });
    group.bench_function("hand_written_derive_lossy", |b| {
        b.iter(|| black_box(serde_json::from_slice::<lossy::UserList>(black_box(body)).ok()))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
