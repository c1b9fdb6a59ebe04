//! The rows of `report.csv` for one article, encoded for storage and decoded into CSV bytes.
//!
//! A spilled report keeps each article's rows in the compact form of [`encode_rows`], made on a
//! scoring thread; [`crate::render::csv`] turns them into rows with [`write_rows`], the same
//! way for articles in memory.

use crate::model::{ArticleReport, Stance};

/// Appends an article's rows in a compact form that [`write_rows`] turns into the rows:
/// the fields every row shares (quoted once), then each frame with rows (`frames`, the
/// report's frame ids, in order first; a frame id the config does not list still gets its
/// rows, last) with its count per stance. A spilled report keeps this, made on a scoring
/// thread, instead of the rows themselves (a few hundred bytes instead of a few KB).
pub fn encode_rows(article: &ArticleReport, frames: &[&str], out: &mut Vec<u8>) {
    let mut field = String::new();
    let put = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(bytes);
    };
    push_text_field(&mut field, &article.path);
    field.push(',');
    push_text_field(&mut field, &article.outlet);
    field.push(',');
    push_text_field(&mut field, article.date.as_deref().unwrap_or(""));
    field.push(',');
    field.push_str(&article.words.to_string());
    field.push(',');
    put(out, field.as_bytes());
    field.clear();
    field.push(',');
    push_text_field(&mut field, &article.title);
    field.push('\n');
    put(out, field.as_bytes());
    let unknown = article
        .frames
        .keys()
        .map(String::as_str)
        .filter(|id| !frames.contains(id));
    for frame_id in frames.iter().copied().chain(unknown) {
        let Some(counts) = article.frames.get(frame_id) else {
            continue;
        };
        if counts.mentions == 0 && counts.stance.total() == 0 {
            continue;
        }
        field.clear();
        push_text_field(&mut field, frame_id);
        field.push(',');
        put(out, field.as_bytes());
        for stance in Stance::ALL {
            out.extend_from_slice(&counts.stance.get(stance).to_le_bytes());
        }
    }
}

/// Appends the rows of one article from its [`encode_rows`] form: for each frame, one row
/// per stance in [`Stance::ALL`] order.
pub fn write_rows(encoded: &[u8], out: &mut Vec<u8>) {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> &'a [u8] {
        let (head, rest) = bytes.split_at(n.min(bytes.len()));
        *bytes = rest;
        head
    }
    fn field<'a>(bytes: &mut &'a [u8]) -> &'a [u8] {
        let len = take(bytes, 4);
        let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
        take(bytes, len)
    }
    let mut rest = encoded;
    let lead = field(&mut rest);
    let title = field(&mut rest);
    while !rest.is_empty() {
        let frame = field(&mut rest);
        for stance in Stance::ALL {
            let count = take(&mut rest, 8);
            let count = u64::from_le_bytes(count.try_into().unwrap_or_default());
            out.extend_from_slice(lead);
            out.extend_from_slice(frame);
            out.extend_from_slice(stance.as_str().as_bytes());
            out.push(b',');
            push_count(out, count);
            out.extend_from_slice(title);
        }
    }
}

/// Appends `n` in decimal.
fn push_count(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// A text field, neutralized against formula injection, then quoted, appended to `out`.
/// RFC 4180: a field holding a comma, quote, CR or LF is
/// quoted, inner quotes doubled.
pub fn push_text_field(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        if formula {
            out.push('\'');
        }
        out.push_str(text);
    }
}
