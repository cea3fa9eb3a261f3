//! The typst `World` for one document: a single generated source file, no other files, the
//! scanned fonts, no clock.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::fonts::FontStore;

pub(crate) struct DocWorld<'a> {
    pub(crate) library: &'a LazyHash<Library>,
    pub(crate) book: &'a LazyHash<FontBook>,
    pub(crate) fonts: &'a FontStore,
    pub(crate) source: Source,
}

impl<'a> DocWorld<'a> {
    pub(crate) fn new(
        library: &'a LazyHash<Library>,
        book: &'a LazyHash<FontBook>,
        fonts: &'a FontStore,
        markup: String,
    ) -> Self {
        let path = VirtualPath::new("/gongwen.typ").expect("a valid virtual path");
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        Self {
            library,
            book,
            fonts,
            source: Source::new(id, markup),
        }
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
