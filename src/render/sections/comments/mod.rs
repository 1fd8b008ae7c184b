//! Free-text comments: the comment tables and the page's "Comments" part.

mod page;
mod tables;

pub(crate) use page::comment_view;

use super::{no_files, no_headline, PagePart, Section};

pub const SECTION: Section = Section {
    tables: &[tables::TABLES],
    files: no_files,
    page: PagePart {
        id: "comments",
        nav: "Comments",
        name: "comments.html",
        template: include_str!("page.html"),
        view: page::view,
    },
    headline: no_headline,
    summary: &[],
};
