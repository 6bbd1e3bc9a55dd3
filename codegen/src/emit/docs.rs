//! Rustdoc from spec descriptions.
//!
//! Descriptions are Markdown written for a reference document, not for rustdoc. Their code
//! blocks would become doctests, so every code block is rewritten as a fenced block that
//! rustdoc does not compile (`text`, or the block's own non-Rust language).

use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use quote::quote;

/// Rustdoc attributes (`#[doc = " line"]`, one per line) for Markdown `text`.
pub fn attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner rustdoc attributes (`#![doc = " line"]`) for a module.
pub fn inner_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#![doc = #lines])* }
}

fn doc_lines(text: &str) -> Vec<String> {
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Builds a doc text from paragraphs, skipping empty ones.
///
/// Text from the spec goes through [`sanitize`]; text written by emit is added as it is.
#[derive(Debug, Default)]
pub struct DocText {
    text: String,
}

impl DocText {
    /// Starts with the spec's `description`, or with `fallback` when it is blank.
    pub fn new(description: &str, fallback: &str) -> Self {
        let mut doc = DocText::default();
        if description.trim().is_empty() {
            doc.para(fallback);
        } else {
            doc.spec(description);
        }
        doc
    }

    /// Adds Markdown from the spec.
    pub fn spec(&mut self, markdown: &str) -> &mut Self {
        self.para(&sanitize(markdown))
    }

    /// Adds a paragraph written by emit (nothing when `para` is blank).
    pub fn para(&mut self, para: &str) -> &mut Self {
        let para = para.trim();
        if !para.is_empty() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.text.push_str(para);
        }
        self
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Makes spec Markdown fit for rustdoc: code blocks become blocks that rustdoc shows without
/// compiling, and bare URLs become autolinks (`<https://…>`).
pub fn sanitize(markdown: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut block: Option<(Range<usize>, String, String)> = None;
    let mut links = 0usize;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Indented => String::new(),
                    CodeBlockKind::Fenced(info) => info.into_string(),
                };
                block = Some((range, lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((range, lang, code)) = block.take() {
                    let start = line_start(markdown, range.start);
                    let mut text = fenced(&lang, &code);
                    if markdown[..range.end].ends_with('\n') {
                        text.push('\n');
                    }
                    edits.push((start..range.end, text));
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => links = links.saturating_sub(1),
            Event::Text(text) => match block.as_mut() {
                Some((_, _, code)) => code.push_str(&text),
                None if links == 0 => {
                    for url in bare_urls(&markdown[range.clone()]) {
                        let url = (url.start + range.start)..(url.end + range.start);
                        edits.push((url.start..url.start, "<".to_owned()));
                        edits.push((url.end..url.end, ">".to_owned()));
                    }
                }
                None => {}
            },
            _ => {}
        }
    }
    if edits.is_empty() {
        return markdown.to_owned();
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(markdown.len() + 16 * edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&markdown[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    out
}

/// The byte ranges of `http://` and `https://` URLs in plain text, without trailing
/// punctuation.
fn bare_urls(text: &str) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| text[from..].find(scheme))
        .min()
    {
        let start = from + found;
        let rest = &text[start..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let end = start + url.len();
        let after_scheme = url.find("//").map_or(url.len(), |i| i + 2);
        if url.len() > after_scheme && !text[..start].ends_with('<') {
            urls.push(start..end);
        }
        from = start + len.max(1);
    }
    urls
}

/// A fenced block that rustdoc will not compile, with a fence longer than any run of
/// backticks inside it.
fn fenced(info: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang = doc_language(info);
    let mut block = format!("{fence}{lang}\n{code}");
    if !code.ends_with('\n') {
        block.push('\n');
    }
    block.push_str(&fence);
    block
}

/// `at`, moved back over the indentation before it to the start of its line.
fn line_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
    let start = at - indent;
    if start == 0 || before[..start].ends_with('\n') {
        start
    } else {
        at
    }
}

/// The language of a rewritten block: its own when that is one plain non-Rust word.
fn doc_language(info: &str) -> &str {
    const RUSTDOC: &[&str] = &[
        "rust",
        "ignore",
        "should_panic",
        "no_run",
        "compile_fail",
        "test_harness",
        "standalone_crate",
        "allow_fail",
    ];
    let word = info.trim();
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'));
    if plain && !RUSTDOC.contains(&word) && !word.starts_with("edition") {
        word
    } else {
        "text"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        let md = "Find a user.\n\nSee `id`.";
        assert_eq!(sanitize(md), md);
    }

    #[test]
    fn unlabelled_and_rust_blocks_become_text() {
        assert_eq!(
            sanitize("Example:\n\n```\nlet x = 1;\n```\n\nDone."),
            "Example:\n\n```text\nlet x = 1;\n```\n\nDone."
        );
        assert_eq!(
            sanitize("```rust\nfn main() {}\n```"),
            "```text\nfn main() {}\n```"
        );
    }

    #[test]
    fn other_languages_are_kept() {
        assert_eq!(
            sanitize("```json\n{\"a\": 1}\n```\n"),
            "```json\n{\"a\": 1}\n```\n"
        );
        assert_eq!(sanitize("```sh,ignore\nls\n```\n"), "```text\nls\n```\n");
    }

    #[test]
    fn indented_blocks_become_fenced_text() {
        assert_eq!(
            sanitize("Run:\n\n    curl https://api.intercom.io\n\nThen wait."),
            "Run:\n\n```text\ncurl https://api.intercom.io\n```\n\nThen wait."
        );
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert_eq!(sanitize("~~~\na ``` b\n~~~\n"), "````text\na ``` b\n````\n");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            sanitize("A Lead (http://docs.intercom.io/the-messenger). See https://x.io/a_b."),
            "A Lead (<http://docs.intercom.io/the-messenger>). See <https://x.io/a_b>."
        );
    }

    #[test]
    fn urls_in_links_and_code_are_left_alone() {
        let md = "[the API](https://api.intercom.io) and [https://a.io](https://a.io), \
                  <https://b.io>, `https://c.io`";
        assert_eq!(sanitize(md), md);
    }

    #[test]
    fn doc_lines_have_a_leading_space_and_no_trailing_blank() {
        assert_eq!(doc_lines("a  \n\nb\n\n"), vec![" a", "", " b"]);
    }
}
