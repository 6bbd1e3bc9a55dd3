//! A small made-up workspace to demonstrate against.

use super::Seed;

impl Seed {
    /// The default workspace plus five users, three companies, a lead, a visitor and two
    /// tags: enough for the examples to show something when no real workspace is at hand.
    pub fn demo() -> Seed {
        Seed::from_json(include_str!("demo.json"))
            .unwrap_or_else(|err| unreachable!("the demo seed is valid JSON: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_seed_loads() {
        let seed = Seed::demo();
        assert_eq!(seed.users.len(), 5);
        assert_eq!(seed.companies.len(), 3);
        assert!(!seed.admins.is_empty());
    }
}
