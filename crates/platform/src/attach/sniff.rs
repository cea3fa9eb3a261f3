//! What a file really is, told from its first bytes; the name the client sent only chooses
//! between formats that share a container (docx, xlsx and ofd are all zip files).

/// How many leading bytes are enough to decide.
pub const SAMPLE: usize = 8 * 1024;

/// A type that may be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    pub mime: &'static str,
    /// A short name for messages, e.g. `PDF`.
    pub label: &'static str,
    /// PDF and images open in the browser; everything else downloads.
    pub previewable: bool,
}

const fn kind(mime: &'static str, label: &'static str, previewable: bool) -> Kind {
    Kind {
        mime,
        label,
        previewable,
    }
}

/// The allow-list: extension → type. Extensions not listed here are accepted only when the
/// bytes alone say what the file is.
const BY_EXTENSION: &[(&str, Kind)] = &[
    ("pdf", kind("application/pdf", "PDF", true)),
    ("ofd", kind("application/ofd", "OFD", false)),
    (
        "docx",
        kind(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word 文档",
            false,
        ),
    ),
    (
        "xlsx",
        kind(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel 表格",
            false,
        ),
    ),
    (
        "pptx",
        kind(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint 演示文稿",
            false,
        ),
    ),
    (
        "odt",
        kind("application/vnd.oasis.opendocument.text", "ODF 文档", false),
    ),
    (
        "ods",
        kind(
            "application/vnd.oasis.opendocument.spreadsheet",
            "ODF 表格",
            false,
        ),
    ),
    (
        "odp",
        kind(
            "application/vnd.oasis.opendocument.presentation",
            "ODF 演示文稿",
            false,
        ),
    ),
    ("zip", kind("application/zip", "ZIP 压缩包", false)),
    ("doc", kind("application/msword", "Word 文档", false)),
    ("xls", kind("application/vnd.ms-excel", "Excel 表格", false)),
    (
        "ppt",
        kind(
            "application/vnd.ms-powerpoint",
            "PowerPoint 演示文稿",
            false,
        ),
    ),
    ("wps", kind("application/vnd.ms-works", "WPS 文字", false)),
    ("et", kind("application/vnd.ms-excel", "WPS 表格", false)),
    (
        "dps",
        kind("application/vnd.ms-powerpoint", "WPS 演示", false),
    ),
    ("rtf", kind("application/rtf", "RTF 文档", false)),
    ("txt", kind("text/plain", "文本", false)),
    ("csv", kind("text/csv", "CSV 表格", false)),
    ("jpg", kind("image/jpeg", "JPEG 图片", true)),
    ("jpeg", kind("image/jpeg", "JPEG 图片", true)),
    ("png", kind("image/png", "PNG 图片", true)),
    ("gif", kind("image/gif", "GIF 图片", true)),
    ("webp", kind("image/webp", "WebP 图片", true)),
    ("bmp", kind("image/bmp", "BMP 图片", true)),
    ("tif", kind("image/tiff", "TIFF 图片", false)),
    ("tiff", kind("image/tiff", "TIFF 图片", false)),
];

/// Which extensions each container may carry.
const ZIP_FAMILY: &[&str] = &["docx", "xlsx", "pptx", "odt", "ods", "odp", "ofd", "zip"];
const OLE_FAMILY: &[&str] = &["doc", "xls", "ppt", "wps", "et", "dps"];
const TEXT_FAMILY: &[&str] = &["txt", "csv"];

const ALLOWED_HINT: &str = "可上传 PDF、OFD、Word/Excel/PowerPoint/WPS 文档、图片（JPEG、PNG、GIF、WebP、BMP、TIFF）、文本和 ZIP 压缩包";

fn by_ext(ext: &str) -> Option<Kind> {
    BY_EXTENSION
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, k)| *k)
}

/// The lower-case extension of a file name, without the dot.
pub fn extension(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The type of a file from its first bytes (at most [`SAMPLE`] are looked at) and its name,
/// or a Chinese sentence saying why it may not be stored.
pub fn detect(sample: &[u8], file_name: &str) -> Result<Kind, String> {
    let sample = &sample[..sample.len().min(SAMPLE)];
    if sample.is_empty() {
        return Err("文件是空的".into());
    }
    let ext = extension(file_name);
    let claimed = by_ext(&ext);
    let in_family = |family: &[&str], what: &str| -> Result<Kind, String> {
        if family.contains(&ext.as_str()) {
            Ok(claimed.expect("family extensions are in the allow-list"))
        } else if ext.is_empty() || claimed.is_none() {
            Err(format!(
                "无法确定文件类型：内容是{what}，但文件名没有可识别的扩展名（{}）",
                family
                    .iter()
                    .map(|e| format!(".{e}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ))
        } else {
            Err(mismatch(what, &ext))
        }
    };

    if sample.starts_with(b"PK\x03\x04") || sample.starts_with(b"PK\x05\x06") {
        // An unknown extension on a zip file is stored as a plain zip archive.
        if ext.is_empty() || claimed.is_none() {
            return Ok(by_ext("zip").expect("zip is allowed"));
        }
        return in_family(ZIP_FAMILY, "ZIP 格式（Office 文档、OFD 或压缩包）");
    }
    if sample.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return in_family(OLE_FAMILY, "旧版 Office/WPS 格式");
    }
    if let Some(t) = infer::get(sample) {
        let found = BY_EXTENSION
            .iter()
            .map(|(_, k)| *k)
            .find(|k| k.mime == t.mime_type() && !matches!(k.mime, "text/plain" | "text/csv"));
        return match found {
            Some(k) => match claimed {
                Some(c) if c.mime != k.mime => Err(mismatch(k.label, &ext)),
                _ => Ok(k),
            },
            None => Err(format!(
                "不允许上传此类文件（内容识别为 .{} 格式）。{ALLOWED_HINT}",
                t.extension()
            )),
        };
    }
    if looks_like_text(sample) {
        return match claimed {
            Some(c) if TEXT_FAMILY.contains(&ext.as_str()) => Ok(c),
            Some(_) => Err(mismatch("纯文本", &ext)),
            None => Ok(by_ext("txt").expect("txt is allowed")),
        };
    }
    Err(format!("无法识别的文件类型，不允许上传。{ALLOWED_HINT}"))
}

fn mismatch(what: &str, ext: &str) -> String {
    format!("文件内容（{what}）与扩展名 .{ext} 不符，请检查是否选错了文件")
}

/// Text in any ASCII-compatible encoding (UTF-8, GB18030): no NUL bytes and hardly any
/// control characters.
fn looks_like_text(sample: &[u8]) -> bool {
    if sample.contains(&0) {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 100 <= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_is_known_by_its_bytes() {
        let k = detect(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "关于印发.pdf").unwrap();
        assert_eq!(k.mime, "application/pdf");
        assert!(k.previewable);
    }

    #[test]
    fn exe_renamed_pdf_is_refused() {
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
        exe.resize(256, 0);
        exe[0x3c] = 0x80;
        let err = detect(&exe, "通知.pdf").unwrap_err();
        assert!(err.contains("不允许") || err.contains("不符"), "{err}");
    }

    #[test]
    fn zip_container_is_told_apart_by_extension() {
        let zip = b"PK\x03\x04\x14\x00\x06\x00";
        assert!(
            detect(zip, "正文.docx")
                .unwrap()
                .mime
                .contains("wordprocessingml")
        );
        assert!(
            detect(zip, "台账.XLSX")
                .unwrap()
                .mime
                .contains("spreadsheetml")
        );
        assert_eq!(detect(zip, "公文.ofd").unwrap().mime, "application/ofd");
        assert_eq!(detect(zip, "材料").unwrap().mime, "application/zip");
        assert!(detect(zip, "扫描件.pdf").unwrap_err().contains("不符"));
    }

    #[test]
    fn old_office_needs_its_extension() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(detect(&ole, "请示.doc").unwrap().mime, "application/msword");
        assert_eq!(detect(&ole, "报表.et").unwrap().label, "WPS 表格");
        assert!(detect(&ole, "请示").is_err());
    }

    #[test]
    fn text_and_images() {
        assert_eq!(
            detect("会议纪要\r\n".as_bytes(), "纪要.txt").unwrap().mime,
            "text/plain"
        );
        assert_eq!(detect(b"a,b\n1,2\n", "x.csv").unwrap().mime, "text/csv");
        assert!(
            detect(b"plain words", "x.png")
                .unwrap_err()
                .contains("不符")
        );
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(detect(png, "签批.png").unwrap().mime, "image/png");
        assert!(detect(png, "签批.jpg").unwrap_err().contains("不符"));
        assert!(detect(b"", "x.txt").unwrap_err().contains("空"));
    }
}
