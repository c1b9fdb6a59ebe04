//! The paragraphs of a web page as the HTML reader hands them to the role rules
//! ([`super::roles`]): each with its kind, the class and id hints of its markup, and the rule
//! that left it out, if one did. A leaf of [`crate::ingest`].

use super::Para;

/// The rule for text outside the block chosen as the article.
pub const OUTSIDE: &str = "outside the main content";

/// What a paragraph is, as far as its markup says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    /// A list item (`<li>`, `<dd>`, `<dt>`).
    Item,
    /// `<h2>`–`<h6>` (or an `<h1>` that is not the headline).
    Heading,
    Headline,
}

/// Class/id evidence of a paragraph's role.
pub(crate) mod hint {
    pub const BYLINE: u8 = 1;
    pub const DATE: u8 = 2;
    pub const DECK: u8 = 4;
    pub const CAPTION: u8 = 8;
    pub const AUTHOR_NOTE: u8 = 16;
}

/// A paragraph of the page, kept (`rule: None`) or left out.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub para: Para,
    pub rule: Option<&'static str>,
    pub kind: Kind,
    pub hints: u8,
}
