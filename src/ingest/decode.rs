//! From a file's bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a
//! byte-order mark, and legacy single-byte encodings (a declared charset, else Windows-1252).
//!
//! Valid UTF-8 is the fast path and the common case: the bytes become the text unchanged, a
//! BOM included (matching drops it as an invisible character), so offsets stay file offsets.
//! Any other encoding is decoded to UTF-8 and a warning saying so is kept with the article:
//! offsets then point into the decoded UTF-8 text, not into the file's bytes.

use super::SkipReason;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and what the reader should know about how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// How much of the file start is inspected for control bytes.
const SNIFF_BYTES: usize = 8192;

/// Decodes `bytes`. `declared` is a charset the file names itself (an HTML `<meta charset>`),
/// used when the bytes are not UTF-8.
pub fn decode(bytes: Vec<u8>, declared: Option<&'static Encoding>) -> Result<Decoded, SkipReason> {
    // UTF-32 first: its little-endian mark starts with UTF-16's.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\0\0") {
        return utf32(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(b"\0\0\xFE\xFF") {
        return utf32(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE);
    }
    let nuls = memchr::memchr_iter(0, &bytes).count();
    if looks_binary(&bytes, nuls) {
        return Err(SkipReason(
            "binary file (it holds NUL or other control bytes)".into(),
        ));
    }
    let mut bytes = bytes;
    if nuls > 0 {
        // Stray NULs in a text (a page saved by a tool that padded an image tag): each one is
        // read as a space, so offsets stay file offsets.
        bytes
            .iter_mut()
            .filter(|b| **b == 0)
            .for_each(|b| *b = b' ');
    }
    let mut decoded = decode_text(bytes, declared)?;
    if nuls > 0 {
        decoded.warnings.push(format!(
            "{nuls} NUL byte{} past the first 8 KiB read as space{0}",
            if nuls == 1 { "" } else { "s" }
        ));
    }
    Ok(decoded)
}

/// UTF-8 with a few bytes that are not (a page saved with one stray byte among hundreds of
/// accented letters): read as UTF-8, each bad sequence a U+FFFD, with a warning. `None` when
/// bad sequences are more than one in a hundred of the valid non-ASCII characters: then the
/// text is in another encoding.
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    let (mut bad, mut good) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if bad * 100 > good {
        return None;
    }
    Some(Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        warnings: vec![format!(
            "{bad} byte sequence{} that {} not UTF-8 read as U+FFFD; offsets point into the text as UTF-8",
            if bad == 1 { "" } else { "s" },
            if bad == 1 { "is" } else { "are" }
        )],
    })
}

/// The legacy encoding text that is not UTF-8 and names none is most likely in, guessed from
/// its bytes (chardetng, Firefox's detector): Windows-1252 for Western text, Windows-1250
/// for Polish or Czech, Windows-1251 or KOI8-R for Russian, GBK, Big5, Shift_JIS, EUC-KR...
fn detected(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// [`decode`] for bytes that are not binary and hold no byte-order mark.
fn decode_text(bytes: Vec<u8>, declared: Option<&'static Encoding>) -> Result<Decoded, SkipReason> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                warnings: Vec::new(),
            })
        }
        Err(e) => e.into_bytes(),
    };
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        let at = std::str::from_utf8(&bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(SkipReason(format!(
            "undecodable: it starts with a UTF-8 byte-order mark but is not UTF-8 (first bad byte at offset {at})"
        )));
    }
    let (encoding, how) = match declared {
        Some(e) if e != encoding_rs::UTF_8 => (e, "declared"),
        _ => {
            if let Some(decoded) = mostly_utf8(&bytes) {
                return Ok(decoded);
            }
            (detected(&bytes), "detected: not UTF-8")
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
    if had_errors {
        return Err(SkipReason(format!(
            "undecodable: not UTF-8 and not valid {} either",
            encoding.name()
        )));
    }
    Ok(Decoded {
        text: text.into_owned(),
        warnings: vec![format!(
            "decoded from {} ({how}); offsets point into the text as UTF-8",
            encoding.name()
        )],
    })
}

/// UTF-32 after its byte-order mark (`big` endian or little), which encoding_rs does not
/// decode: four bytes a character, each a Unicode scalar value.
fn utf32(rest: &[u8], big: bool) -> Result<Decoded, SkipReason> {
    let name = if big { "UTF-32BE" } else { "UTF-32LE" };
    let bad = |why: String| {
        SkipReason(format!(
            "undecodable: it starts with a {name} byte-order mark but is not valid {name} ({why})"
        ))
    };
    if rest.len() % 4 != 0 {
        return Err(bad(format!(
            "{} bytes, not a multiple of 4",
            rest.len() + 4
        )));
    }
    let mut text = String::with_capacity(rest.len() / 4);
    for (i, unit) in rest.chunks_exact(4).enumerate() {
        let unit = [unit[0], unit[1], unit[2], unit[3]];
        let v = if big {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        match char::from_u32(v) {
            Some(c) => text.push(c),
            None => {
                return Err(bad(format!(
                    "0x{v:X} at offset {} is no character",
                    4 + i * 4
                )))
            }
        }
    }
    if memchr_nul(text.as_bytes()) || looks_binary(text.as_bytes(), 0) {
        return Err(SkipReason(
            "binary file (it holds NUL or other control bytes)".into(),
        ));
    }
    Ok(Decoded {
        text,
        warnings: vec![format!(
            "decoded from {name} (byte-order mark); offsets point into the text as UTF-8, after the mark"
        )],
    })
}

fn utf16(rest: &[u8], encoding: &'static Encoding) -> Result<Decoded, SkipReason> {
    match encoding.decode_without_bom_handling_and_without_replacement(rest) {
        Some(text) => Ok(Decoded {
            text: text.into_owned(),
            warnings: vec![format!(
                "decoded from {} (byte-order mark); offsets point into the text as UTF-8, after the mark",
                encoding.name()
            )],
        }),
        None => Err(SkipReason(format!(
            "undecodable: it starts with a {} byte-order mark but is not valid {0}",
            encoding.name()
        ))),
    }
}

/// A NUL byte in the first 8 KiB, more than one in a thousand bytes past them, or many
/// control bytes other than tab, line breaks, form feed and escape in the first 8 KiB: no text
/// file looks like that. `nuls` is the number of NUL bytes in `bytes`; a few past the first
/// 8 KiB are stray bytes in a text.
fn looks_binary(bytes: &[u8], nuls: usize) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if nuls > 0 && (memchr_nul(head) || nuls * 1000 > bytes.len()) {
        return true;
    }
    let limit = head.len().max(1);
    // Every control byte is below 0x20, and so is every line break: a text has few enough
    // of those that counting them (one comparison a byte) settles it, and only a head with
    // many is counted again exactly.
    if count_bytes(head, |b| b < 0x20) * 10 <= limit {
        return false;
    }
    let controls = count_bytes(head, |b| {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0C) & (b != 0x1B)
    });
    controls * 10 > limit
}

/// The bytes of `bytes` for which `test` holds. Branch-free per byte (`test` should use `&`,
/// not `&&`) into byte-sized counters, so the count runs on 16 bytes at a time (a `usize`
/// sum of the same test is not vectorised).
#[inline(always)]
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool + Copy) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(test(b)))))
        .sum()
}

fn memchr_nul(bytes: &[u8]) -> bool {
    // The memchr crate scans 32 bytes a step where the processor has AVX2; `contains` scans
    // one word.
    memchr::memchr(0, bytes).is_some()
}

/// The charset an HTML page declares in its first 1024 bytes (`<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`).
pub fn html_declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut at = from + i + b"charset".len();
        from = at;
        while at < lower.len() && matches!(lower[at], b' ' | b'\t') {
            at += 1;
        }
        if lower.get(at) != Some(&b'=') {
            continue;
        }
        at += 1;
        while at < lower.len() && matches!(lower[at], b' ' | b'"' | b'\'') {
            at += 1;
        }
        let end = lower[at..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .map_or(lower.len(), |n| at + n);
        if let Some(e) = Encoding::for_label(&lower[at..end]) {
            return Some(e);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_keeps_file_offsets() {
        let d = decode(b"\xEF\xBB\xBFabc".to_vec(), None).unwrap();
        assert_eq!(d.text, "\u{feff}abc");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("h\u{e9}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("h\u{e9}".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.text, "h\u{e9}");
            assert!(d.warnings[0].starts_with("decoded from UTF-16"), "{:?}", d);
        }
        let e = decode(vec![0xFF, 0xFE, 0x00, 0xD8], None).unwrap_err();
        assert!(e.0.starts_with("undecodable"), "{}", e.0);
    }

    /// Issue 20 (low): UTF-32 with a byte-order mark was read as UTF-16 (its little-endian
    /// mark starts with UTF-16's), giving text with a NUL after every character.
    #[test]
    fn utf32_with_bom_is_utf32_not_utf16() {
        let text = "Caf\u{e9} \u{1F30A} talks";
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes()))
            .collect();
        for (bytes, name) in [(le, "UTF-32LE"), (be, "UTF-32BE")] {
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(
                d.warnings,
                [format!(
                    "decoded from {name} (byte-order mark); offsets point into the text as \
                     UTF-8, after the mark"
                )]
            );
        }
        let e = decode(vec![0xFF, 0xFE, 0, 0, 0x00, 0xD8, 0, 0], None).unwrap_err();
        assert_eq!(
            e.0,
            "undecodable: it starts with a UTF-32LE byte-order mark but is not valid UTF-32LE \
             (0xD800 at offset 4 is no character)"
        );
        let e = decode(vec![0, 0, 0xFE, 0xFF, 0, 0, 0], None).unwrap_err();
        assert!(e.0.ends_with("(7 bytes, not a multiple of 4)"), "{}", e.0);
    }

    #[test]
    fn legacy_single_byte_is_windows_1252_unless_declared() {
        let d = decode(b"\x93caf\xe9\x94".to_vec(), None).unwrap();
        assert_eq!(d.text, "\u{201c}caf\u{e9}\u{201d}");
        assert!(d.warnings[0].contains("windows-1252"), "{:?}", d.warnings);
        let koi = Encoding::for_label(b"koi8-r");
        let d = decode(b"\xc1".to_vec(), koi).unwrap();
        assert_eq!(d.text, "\u{430}");
        assert!(
            d.warnings[0].contains("KOI8-R (declared)"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"PK\x03\x04\x00\x00".to_vec(), None).is_err());
        assert!(decode(vec![1, 2, 3, 4, 5, 6], None).is_err());
        assert!(decode(b"fine\ttext\r\n".to_vec(), None).is_ok());
    }

    /// Text that is mostly UTF-8, with one stray byte, stays UTF-8 (one U+FFFD) instead of
    /// being read as Windows-1252 (every accented letter garbled).
    #[test]
    fn a_stray_byte_in_utf8_text_is_replaced_not_the_whole_text_reread() {
        let mut bytes = "Zażółć gęślą jaźń. ".repeat(20).into_bytes();
        bytes.push(0xFF);
        bytes.extend("Koniec.".as_bytes());
        let d = decode(bytes, Some(encoding_rs::UTF_8)).unwrap();
        assert!(d.text.starts_with("Zażółć gęślą jaźń."));
        assert!(d.text.ends_with(". \u{FFFD}Koniec."));
        assert_eq!(
            d.warnings,
            ["1 byte sequence that is not UTF-8 read as U+FFFD; offsets point into the text as UTF-8"]
        );
    }

    /// Text in a legacy encoding that it does not name is read in the encoding its bytes say:
    /// Russian in Windows-1251, Polish in Windows-1250, Chinese in GBK.
    #[test]
    fn an_unnamed_legacy_encoding_is_detected() {
        let cases: [(&str, &'static Encoding); 3] = [
            (
                "Россия и Китай подписали договор о стратегическом партнёрстве, но не о военном союзе. Министры встретились в Москве.",
                encoding_rs::WINDOWS_1251,
            ),
            (
                "Rząd przyjął w środę projekt ustawy o funduszach unijnych, a posłowie zagłosują nad nim w przyszłym tygodniu.",
                encoding_rs::WINDOWS_1250,
            ),
            (
                "中俄两国签署了全面战略协作伙伴关系的联合声明，双方表示不结盟、不对抗、不针对第三方。",
                encoding_rs::GBK,
            ),
        ];
        for (text, encoding) in cases {
            let (bytes, _, _) = encoding.encode(text);
            let d = decode(bytes.into_owned(), None).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(
                d.warnings,
                [format!(
                    "decoded from {} (detected: not UTF-8); offsets point into the text as UTF-8",
                    encoding.name()
                )]
            );
        }
    }

    /// A saved page may hold a few stray NULs far from its start: read as spaces (offsets
    /// unchanged), with a warning. One in the first 8 KiB, or more than one in a thousand
    /// bytes, still makes a file binary.
    #[test]
    fn stray_nuls_past_the_head_are_read_as_spaces() {
        let mut page = b"<p>".to_vec();
        page.extend(std::iter::repeat_n(b'a', 9000));
        page.extend(b"<img alt=\"\">\0\0\0</p>");
        let d = decode(page.clone(), None).unwrap();
        assert_eq!(d.text.len(), page.len());
        assert!(d.text.ends_with("<img alt=\"\">   </p>"));
        assert_eq!(
            d.warnings,
            ["3 NUL bytes past the first 8 KiB read as spaces"]
        );
        let mut early = page.clone();
        early[100] = 0;
        assert!(decode(early, None).is_err());
        let mut dense = page;
        dense.extend(std::iter::repeat_n(0, 20));
        assert!(decode(dense, None).is_err());
    }

    /// The count of bytes below 0x20 decides only texts the exact count decides the same
    /// way: heads of every mix of letters, line breaks, tabs and other control bytes around
    /// the one-in-ten threshold, shorter and longer than the sniffed 8 KiB.
    #[test]
    fn counting_low_bytes_first_changes_no_verdict() {
        let exact = |bytes: &[u8]| {
            let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
            let controls = head
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
                .count();
            controls * 10 > head.len().max(1)
        };
        let pieces: [&[u8]; 7] = [b"a", b"word ", b"\n", b"\r\n", b"\t", b"\x01", b"\x1b"];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..3000 {
            // Mostly short texts; some past the sniffed head.
            let len = if round % 50 == 0 {
                5000
            } else {
                (next() % 60) as usize
            };
            // How often each piece comes, so that low bytes are sometimes many.
            let weights: Vec<u64> = pieces.iter().map(|_| 1 + next() % 8).collect();
            let total: u64 = weights.iter().sum();
            let mut bytes = Vec::new();
            for _ in 0..len {
                let mut r = next() % total;
                let mut k = 0;
                while r >= weights[k] {
                    r -= weights[k];
                    k += 1;
                }
                bytes.extend_from_slice(pieces[k]);
            }
            assert_eq!(looks_binary(&bytes, 0), exact(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn charset_is_read_from_meta() {
        assert_eq!(
            html_declared_charset(b"<html><head><meta charset=\"ISO-8859-1\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            html_declared_charset(
                b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>"
            )
            .map(|e| e.name()),
            Some("KOI8-R")
        );
        assert_eq!(html_declared_charset(b"<p>no charset here</p>"), None);
    }
}
