//! Recognising what kind of file was dropped and turning text files into UTF-8.
//!
//! People export from Excel on Windows (Windows-1252, sometimes UTF-16), from CRMs (UTF-8 with or
//! without a byte-order mark) and occasionally drop a PDF or a Word file by mistake. Valid UTF-8 is
//! used in place without copying, since that is the common case and the big files are the ones that
//! matter for speed.

use std::borrow::Cow;

/// What the bytes are, judged from their content first and the file name second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A ZIP container: XLSX or ODS.
    Zip,
    /// An OLE compound file: legacy XLS.
    Ole,
    /// Something else that is surely not a list.
    Binary(&'static str),
    /// Text, to be decoded.
    Text,
}

pub(crate) fn sniff(bytes: &[u8]) -> Kind {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a picture"),
        (b"\xFF\xD8\xFF", "a picture"),
        (b"GIF8", "a picture"),
        (b"\x1F\x8B", "a compressed archive"),
        (b"Rar!", "a compressed archive"),
        (b"7z\xBC\xAF", "a compressed archive"),
        (b"\x7FELF", "a program"),
        (b"MZ", "a program"),
        (b"{\\rtf", "a Word document"),
    ];
    if bytes.starts_with(b"PK\x03\x04") {
        return Kind::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Ole;
    }
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Kind::Binary(what);
        }
    }
    Kind::Text
}

/// Decoded text and the name of the encoding it was in.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = UTF_16LE.decode_without_bom_handling(rest);
        return Decoded {
            text,
            encoding: "utf-16le",
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = UTF_16BE.decode_without_bom_handling(rest);
        return Decoded {
            text,
            encoding: "utf-16be",
        };
    }
    if let Some(le) = looks_like_utf16_without_bom(bytes) {
        let enc = if le { UTF_16LE } else { UTF_16BE };
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            encoding: if le { "utf-16le" } else { "utf-16be" },
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: "utf-8",
        };
    }
    let mut detector = chardetng::EncodingDetector::new();
    // A sample is plenty to tell Windows-1252 from its neighbours and keeps big files fast.
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    detector.feed(sample, sample.len() == bytes.len());
    let encoding = detector.guess(None, true);
    if encoding == UTF_8 {
        return utf8_or_lossy(bytes);
    }
    let (text, _, _) = encoding.decode(bytes);
    Decoded {
        text,
        encoding: encoding_name(encoding),
    }
}

fn utf8_or_lossy(bytes: &[u8]) -> Decoded<'_> {
    Decoded {
        text: String::from_utf8_lossy(bytes),
        encoding: "utf-8",
    }
}

fn encoding_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    // encoding_rs names are upper-case WHATWG labels; the report uses lower case like the example.
    match encoding.name() {
        "windows-1252" => "windows-1252",
        "UTF-8" => "utf-8",
        "ISO-8859-2" => "iso-8859-2",
        "windows-1250" => "windows-1250",
        "windows-1251" => "windows-1251",
        "ISO-8859-15" => "iso-8859-15",
        "macintosh" => "macintosh",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "GBK" => "gbk",
        "Big5" => "big5",
        "EUC-KR" => "euc-kr",
        other => other,
    }
}

/// UTF-16 exported without a byte-order mark: ASCII-range text leaves every other byte zero.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 10 <= pairs {
        Some(true)
    } else if even_zero * 10 >= pairs * 7 && odd_zero * 10 <= pairs {
        Some(false)
    } else {
        None
    }
}

/// Text full of control characters is a binary file that happened to decode.
pub(crate) fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(8192) {
        total += 1;
        let control =
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{FFFD}';
        if c == '\0' {
            return true;
        }
        if control {
            odd += 1;
        }
    }
    total > 0 && odd * 20 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_legacy_encodings() {
        let d = decode(b"\xEF\xBB\xBFname,phone\n");
        assert_eq!((d.text.as_ref(), d.encoding), ("name,phone\n", "utf-8"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Jos\u{e9},1\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let d = decode(&utf16);
        assert_eq!((d.text.as_ref(), d.encoding), ("Jos\u{e9},1\n", "utf-16le"));
        let d = decode(b"Name;Telefon\nJos\xE9 M\xFCller;030 123\nFran\xE7ois;040 12\n");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Jos\u{e9} M\u{fc}ller"));
    }

    #[test]
    fn binary_is_recognised() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), Kind::Binary("a PDF document"));
        assert!(looks_binary("\u{1}\u{2}\u{3}abc\u{4}\u{5}"));
        assert!(!looks_binary("name,phone\r\nA,1\r\n"));
    }
}
