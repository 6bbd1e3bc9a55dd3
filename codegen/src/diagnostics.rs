//! Problems found in spec documents, reported as `file:line:col` with the source line, a caret
//! and a hint.

use std::fmt;
use std::sync::Arc;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span moved `by` bytes to the right.
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// A spec file's text and where its lines start, to turn byte offsets into positions.
///
/// Cloning is cheap (the text and the line index are shared), so every part of the model read
/// from a file can keep its source at no cost in memory.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file name as given.
    pub name: Arc<str>,
    /// The text.
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceText {
    /// Indexes `text` by line.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceText {
        let text: String = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText {
            name: Arc::from(name.into()),
            text: Arc::from(text),
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic pointing at `span` in this file.
    pub fn error(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.position(span.start);
        Diagnostic {
            file: self.name.to_string(),
            line,
            col,
            message: message.into(),
            hint: None,
            source_line: self.line_text(line).to_string(),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem in a spec document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as it was given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The line the problem is on.
    pub source_line: String,
}

impl Diagnostic {
    /// The diagnostic with a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// A diagnostic about a whole file (it could not be read, or is not UTF-8).
    pub fn file_level(
        file: &str,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
            hint: None,
            source_line: String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Laid out like rustc's diagnostics: the gutter is as wide as the line number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(f, "error: {}", self.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", self.file, self.line, self.col)?;
        if !self.source_line.is_empty() {
            let (shown, caret) = window(&self.source_line, self.col.saturating_sub(1));
            let caret_pad: String = shown
                .chars()
                .take(caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{pad} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// How many characters of a source line a diagnostic shows at most.
const WINDOW: usize = 120;

/// The part of `line` a diagnostic shows, and the caret's column in it (0-based, in
/// characters). A long line is cut to [`WINDOW`] characters around the caret, an ellipsis
/// marking each cut end.
fn window(line: &str, caret: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= WINDOW {
        return (line.to_string(), caret);
    }
    let start = caret.saturating_sub(WINDOW / 2).min(len - WINDOW);
    let end = start + WINDOW;
    let mut shown: String = line.chars().skip(start).take(WINDOW).collect();
    let mut caret = caret - start;
    if start > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if end < len {
        shown.push('…');
    }
    (shown, caret)
}

/// Every problem found in a set of documents, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by position and drops exact repeats.
    pub fn sorted(mut self) -> Diagnostics {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} in the spec", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}
