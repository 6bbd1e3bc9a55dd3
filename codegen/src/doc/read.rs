//! Markdown -> [`Document`] with pulldown-cmark.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Block, Document, Heading, Section, Subsection};
use crate::diagnostics::{Diagnostic, SourceText, Span};

/// Splits a document into sections. Problems (an unterminated front matter) are pushed to
/// `diags`; reading always yields a document.
pub fn read_document(source: SourceText, diags: &mut Vec<Diagnostic>) -> Document {
    let (front_matter, body_start) = front_matter(&source, diags);
    let mut builder = Builder::default();
    let body = &source.text[body_start..];
    let mut events = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter()
        .peekable();
    let mut depth = 0usize;
    while let Some((event, range)) = events.next() {
        let span = Span::new(range.start, range.end).shifted(body_start);
        match event {
            Event::Start(tag) => {
                depth += 1;
                if depth > 1 {
                    continue;
                }
                match tag {
                    Tag::Heading { level, .. } => {
                        let text = collect_text(&mut events, &mut depth);
                        builder.heading(
                            level,
                            Heading {
                                text: text.trim().to_string(),
                                span,
                            },
                        );
                    }
                    Tag::Paragraph => {
                        let block = paragraph(&source, span, body_start, &mut events, &mut depth);
                        builder.block(block);
                    }
                    Tag::CodeBlock(kind) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => {
                                if !fence_is_closed(&source.text[span.start..span.end]) {
                                    diags.push(unclosed_fence(&source, span));
                                }
                                info.trim().to_string()
                            }
                            CodeBlockKind::Indented => String::new(),
                        };
                        let (text, code_start) = code_text(&mut events, &mut depth, body_start);
                        let start = code_start.unwrap_or(span.start);
                        builder.block(Block::Code {
                            lang,
                            text,
                            span: Span::new(start, span.end),
                        });
                    }
                    Tag::HtmlBlock => {
                        builder.block(Block::Html {
                            raw: raw(&source, span),
                        });
                    }
                    _ => builder.block(Block::Text {
                        raw: raw(&source, span),
                        span,
                    }),
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) if depth == 0 => builder.block(Block::Html {
                raw: raw(&source, span),
            }),
            Event::Rule if depth == 0 => {}
            _ if depth == 0 => builder.block(Block::Text {
                raw: raw(&source, span),
                span,
            }),
            _ => {}
        }
    }
    Document {
        source,
        front_matter,
        sections: builder.finish(),
    }
}

/// Sections under construction.
#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    /// Under a prose `##` heading: blocks belong to the section itself until the next `###`.
    in_prose: bool,
}

impl Builder {
    fn heading(&mut self, level: HeadingLevel, heading: Heading) {
        match level {
            HeadingLevel::H1 => {}
            // A `##` heading of several words (`## URI Parameters`) is prose inside the current
            // section, not a section of its own: what follows it still belongs to the section.
            HeadingLevel::H2 if is_prose_heading(&heading.text) => {
                self.in_prose = true;
                let raw = format!("## {}", heading.text);
                self.block(Block::Text {
                    raw,
                    span: heading.span,
                });
            }
            HeadingLevel::H2 => {
                self.in_prose = false;
                self.sections.push(Section {
                    heading,
                    blocks: Vec::new(),
                    subsections: Vec::new(),
                });
            }
            HeadingLevel::H3 => {
                self.in_prose = false;
                if let Some(section) = self.sections.last_mut() {
                    section.subsections.push(Subsection {
                        heading,
                        blocks: Vec::new(),
                    });
                }
            }
            _ => {
                let raw = format!("#### {}", heading.text);
                self.block(Block::Text {
                    raw,
                    span: heading.span,
                });
            }
        }
    }

    fn block(&mut self, block: Block) {
        let Some(section) = self.sections.last_mut() else {
            return;
        };
        match section.subsections.last_mut() {
            Some(sub) if !self.in_prose => sub.blocks.push(block),
            _ => section.blocks.push(block),
        }
    }

    fn finish(self) -> Vec<Section> {
        self.sections
    }
}

/// A section heading names one thing (`get_user`, `User`, `projects.locations.list`); a
/// heading with spaces between words is prose.
fn is_prose_heading(text: &str) -> bool {
    text.split_whitespace().nth(1).is_some()
}

/// Whether a fenced code block's source ends with a closing fence of the opening's kind.
/// pulldown-cmark runs an unclosed fence to the end of the document, swallowing every later
/// section, so this must be reported.
fn fence_is_closed(block: &str) -> bool {
    let mut lines = block.trim_end().lines();
    let Some(open) = lines.next() else {
        return false;
    };
    let open = open.trim_start();
    let Some(mark) = open.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return true;
    };
    let width = open.chars().take_while(|c| *c == mark).count();
    lines.next_back().is_some_and(|close| {
        let close = close.trim();
        close.chars().all(|c| c == mark) && close.chars().count() >= width
    })
}

fn unclosed_fence(source: &SourceText, span: Span) -> Diagnostic {
    source
        .error(Span::new(span.start, span.start), "this code block is never closed")
        .hint("close it with a line of the same backticks (```); until then it swallows the rest of the file")
}

type Events<'a> = std::iter::Peekable<pulldown_cmark::OffsetIter<'a>>;

/// Text of the events up to the end of the current block.
fn collect_text(events: &mut Events<'_>, depth: &mut usize) -> String {
    let mut text = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => *depth += 1,
            Event::End(_) => {
                *depth -= 1;
                if *depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// A paragraph: a label when it opens with `**Name:**`, otherwise text.
fn paragraph(
    source: &SourceText,
    span: Span,
    body_offset: usize,
    events: &mut Events<'_>,
    depth: &mut usize,
) -> Block {
    let opens_strong = matches!(events.peek(), Some((Event::Start(Tag::Strong), _)));
    if !opens_strong {
        skip_block(events, depth);
        return Block::Text {
            raw: raw(source, span),
            span,
        };
    }
    let mut label = String::new();
    let mut strong_end = span.start;
    let mut strong_depth = 0usize;
    for (event, range) in events.by_ref() {
        match event {
            Event::Start(_) => {
                *depth += 1;
                strong_depth += 1;
            }
            Event::End(_) => {
                *depth -= 1;
                strong_depth -= 1;
                if strong_depth == 0 {
                    strong_end = range.end + body_offset;
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => label.push_str(&t),
            _ => {}
        }
    }
    skip_block(events, depth);
    let label = label.trim();
    match label.strip_suffix(':') {
        Some(name) if !name.trim().is_empty() => {
            let rest = &source.text[strong_end.min(span.end)..span.end];
            let leading = rest.len() - rest.trim_start().len();
            let value_start = strong_end + leading;
            Block::Label {
                name: name.trim().to_string(),
                raw: raw(source, span),
                value: rest.trim().to_string(),
                span,
                value_span: Span::new(value_start, span.end),
            }
        }
        _ => Block::Text {
            raw: raw(source, span),
            span,
        },
    }
}

/// Consumes events to the end of the current block.
fn skip_block(events: &mut Events<'_>, depth: &mut usize) {
    if *depth == 0 {
        return;
    }
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => *depth += 1,
            Event::End(_) => {
                *depth -= 1;
                if *depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The code text of a code block and where it starts.
fn code_text(
    events: &mut Events<'_>,
    depth: &mut usize,
    body_start: usize,
) -> (String, Option<usize>) {
    let mut text = String::new();
    let mut start = None;
    for (event, range) in events.by_ref() {
        match event {
            Event::Text(t) => {
                start.get_or_insert(range.start + body_start);
                text.push_str(&t);
            }
            Event::End(TagEnd::CodeBlock) => {
                *depth -= 1;
                break;
            }
            _ => {}
        }
    }
    (text, start)
}

fn raw(source: &SourceText, span: Span) -> String {
    source
        .text
        .get(span.start..span.end)
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Parses a `---` front matter of `key: value` lines. Returns the pairs and where the body starts.
fn front_matter(
    source: &SourceText,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(String, String)>, usize) {
    let text = &source.text;
    let first = text.lines().next().unwrap_or_default();
    if first.trim_end() != "---" {
        diags.push(
            source
                .error(Span::new(0, 0), "the document has no front matter")
                .hint("start the file with `---`, a line `title: …` naming the API, and `---`"),
        );
        return (Vec::new(), 0);
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut offset = first.len() + 1;
    for line in text[offset.min(text.len())..].split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" {
            if !pairs
                .iter()
                .any(|(key, value)| key == "title" && !value.is_empty())
            {
                diags.push(
                    source
                        .error(Span::new(0, 0), "the front matter has no `title:`")
                        .hint("add a line `title: …` naming the API between the `---` lines"),
                );
            }
            return (pairs, offset.min(text.len()));
        }
        if trimmed.is_empty() {
            continue;
        }
        match trimmed.split_once(':') {
            Some((key, value)) => pairs.push((key.trim().to_string(), value.trim().to_string())),
            None => diags.push(
                source
                    .error(
                        Span::new(line_start, line_start),
                        "front matter line is not `key: value`",
                    )
                    .hint("write `title: Intercom`, or close the front matter with `---`"),
            ),
        }
    }
    diags.push(
        source
            .error(Span::new(0, 3), "the front matter is never closed")
            .hint("end the front matter with a line `---`"),
    );
    (pairs, 0)
}
