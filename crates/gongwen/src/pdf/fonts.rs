//! The fonts a renderer may use: every face found in the system font directories, in the
//! TeX Live Fandol folder (which fontconfig does not list) and in a directory the office names
//! for its licensed fonts. Scanned once; a face's bytes are read when a document first uses it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};

/// Where Debian, fontconfig and TeX Live keep fonts.
const SYSTEM_DIRS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
];

/// One face of one font file.
struct Slot {
    path: PathBuf,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Every face found, with typst's metadata for font selection.
pub(crate) struct FontStore {
    pub(crate) book: FontBook,
    infos: Vec<FontInfo>,
    slots: Vec<Slot>,
}

impl FontStore {
    /// Scans `extra` first (so an office's own 仿宋_GB2312 wins over a system font of the same
    /// name), then the system directories when `system` is set.
    pub(crate) fn scan(extra: &[PathBuf], system: bool) -> Self {
        let mut dirs: Vec<PathBuf> = extra.to_vec();
        if system {
            dirs.extend(SYSTEM_DIRS.iter().map(PathBuf::from));
            if let Some(home) = std::env::var_os("HOME") {
                let home = PathBuf::from(home);
                dirs.push(home.join(".fonts"));
                dirs.push(home.join(".local/share/fonts"));
            }
        }
        let mut store = FontStore {
            book: FontBook::new(),
            infos: Vec::new(),
            slots: Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        for dir in dirs {
            let mut files = Vec::new();
            walk(&dir, &mut files, 0);
            files.sort();
            for path in files {
                let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                if seen.insert(key) {
                    store.add_file(&path);
                }
            }
        }
        store
    }

    fn add_file(&mut self, path: &Path) {
        let Ok(data) = fs::read(path) else {
            return;
        };
        let count = ttf_count(&data);
        for index in 0..count {
            if let Some(info) = FontInfo::new(&data, index) {
                self.book.push(info.clone());
                self.infos.push(info);
                self.slots.push(Slot {
                    path: path.to_path_buf(),
                    index,
                    font: OnceLock::new(),
                });
            }
        }
    }

    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = fs::read(&slot.path).ok()?;
                Font::new(Bytes::new(data), slot.index)
            })
            .clone()
    }

    pub(crate) fn infos(&self) -> &[FontInfo] {
        &self.infos
    }

    /// The faces of `family` (case-insensitive).
    pub(crate) fn family(&self, family: &str) -> impl Iterator<Item = &FontInfo> {
        let lower = family.to_lowercase();
        self.infos
            .iter()
            .filter(move |i| i.family.to_lowercase() == lower)
    }

    pub(crate) fn has_family(&self, family: &str) -> bool {
        self.family(family).next().is_some()
    }
}

/// The number of faces in a font file or collection (`ttcf` header), 1 for a plain font.
fn ttf_count(data: &[u8]) -> u32 {
    if data.len() >= 12 && &data[..4] == b"ttcf" {
        u32::from_be_bytes([data[8], data[9], data[10], data[11]]).min(64)
    } else {
        1
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out, depth + 1);
        } else if is_font(&path) {
            out.push(path);
        }
    }
}

fn is_font(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}
