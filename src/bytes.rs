//! Byte classes of a block of text found at once, as bit masks (bit `k` for byte `k`): the
//! scans over every byte of an article (its tokens, the stance pass's plain runs, the JSON
//! escapes and the snippets' whitespace) ask "which of these bytes are letters or digits",
//! or spaces, or need escaping, and then work per set bit of the mask, not per byte.
//!
//! On x86-64 the masks come from SSE2, which every x86-64 processor has and every x86-64
//! target but the kernel ones enables: sixteen bytes are compared at once and `movemask`
//! gathers the results. Elsewhere they come from portable arithmetic on eight bytes in a
//! `u64` ([`swar_alnum`]), which the tests also run on x86-64, against the SSE2
//! masks and a byte-by-byte reference.

/// The eight bytes of `text` from `start` as a little-endian word, zero past the text's end:
/// one unaligned load, but within eight bytes of the end.
#[inline(always)]
pub(crate) fn load8(text: &[u8], start: usize) -> u64 {
    match text.get(start..start + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().expect("8 bytes")),
        None => load8_at_end(text, start),
    }
}

/// [`load8`] within eight bytes of the text's end. Out of line, so that the call's registers
/// stay out of the per-token loops that inline `load8`.
#[cold]
#[inline(never)]
fn load8_at_end(text: &[u8], start: usize) -> u64 {
    let mut buf = [0u8; 8];
    let rest = &text[start.min(text.len())..];
    buf[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(buf)
}

/// `$f` of the SSE2 module where the build has SSE2, of the portable module elsewhere.
macro_rules! by_target {
    ($f:ident($arg:expr)) => {{
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        // SAFETY: the build enables SSE2 (the `cfg`), so the processor has it.
        let out = unsafe { sse2::$f($arg) };
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        let out = portable::$f($arg);
        out
    }};
}

/// Masks of a block of bytes, bit `k` for byte `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Masks<T> {
    /// ASCII letters and digits.
    pub alnum: T,
    /// `_`.
    pub underscore: T,
    /// ` `.
    pub space: T,
}

/// [`Masks`] of 64 bytes.
#[inline(always)]
pub(crate) fn masks64(block: &[u8; 64]) -> Masks<u64> {
    by_target!(masks64(block))
}

/// Masks of 16 bytes for the plain runs of the stance pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Plain16 {
    /// ASCII letters and digits.
    pub alnum: u16,
    /// ` `.
    pub space: u16,
    /// The bytes that, with bit 5 set and bits 1 and 3 cleared, are `0x60`: `B H J b h j`,
    /// and `@` `` ` `` too (the first letters of "but" and "however", and a few more that the
    /// caller tells apart by reading the word).
    pub bhj: u16,
}

/// [`Plain16`] of 16 bytes.
#[inline(always)]
pub(crate) fn plain16(chunk: &[u8; 16]) -> Plain16 {
    by_target!(plain16(chunk))
}

/// Bits 1 and 3: what `b`, `h` and `j` differ in.
const BHJ_DIFFER: u8 = (b'b' ^ b'h') | (b'b' ^ b'j');

/// The bytes of 16 that a JSON string must escape: below 0x20, `"` and `\\`.
#[inline(always)]
pub(crate) fn json_escapes16(chunk: &[u8; 16]) -> u16 {
    by_target!(json_escapes16(chunk))
}

/// Masks of 16 bytes for copying a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Printable16 {
    /// 0x21 to 0x7F: ASCII but for controls and the space.
    pub printable: u16,
    /// ` `.
    pub space: u16,
}

/// [`Printable16`] of 16 bytes.
#[inline(always)]
pub(crate) fn printable16(chunk: &[u8; 16]) -> Printable16 {
    by_target!(printable16(chunk))
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::{Masks, Plain16, Printable16, BHJ_DIFFER};
    use core::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// The 16 bytes of `b`.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn load(b: &[u8]) -> __m128i {
        let b: &[u8; 16] = b.try_into().expect("16 bytes");
        // SAFETY: `b` is 16 readable bytes, and `_mm_loadu_si128` needs no alignment.
        unsafe { _mm_loadu_si128(b.as_ptr().cast()) }
    }

    /// `b` in every byte.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn splat(b: u8) -> __m128i {
        _mm_set1_epi8(b as i8)
    }

    /// All ones in the bytes of `x` that are at least `lo` and at most `lo + n - 1`: moved
    /// so that `lo` lands on -128, the range is the bytes below `-128 + n` (signed).
    #[inline]
    #[target_feature(enable = "sse2")]
    fn in_range(x: __m128i, lo: u8, n: u8) -> __m128i {
        let moved = _mm_add_epi8(x, splat(0x80u8.wrapping_sub(lo)));
        _mm_cmplt_epi8(moved, splat(0x80 + n))
    }

    /// ASCII letters and digits. A letter with bit 5 set is lower case; bytes of 0x80 and up
    /// stay at 0xA0 and up, outside both ranges.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn alnum(x: __m128i) -> __m128i {
        let lower = _mm_or_si128(x, splat(0x20));
        _mm_or_si128(in_range(lower, b'a', 26), in_range(x, b'0', 10))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    fn bits(x: __m128i) -> u16 {
        _mm_movemask_epi8(x) as u16
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub fn masks64(block: &[u8; 64]) -> Masks<u64> {
        let mut m = Masks {
            alnum: 0,
            underscore: 0,
            space: 0,
        };
        for (k, c) in block.chunks_exact(16).enumerate() {
            let x = load(c);
            m.alnum |= u64::from(bits(alnum(x))) << (16 * k);
            m.underscore |= u64::from(bits(_mm_cmpeq_epi8(x, splat(b'_')))) << (16 * k);
            m.space |= u64::from(bits(_mm_cmpeq_epi8(x, splat(b' ')))) << (16 * k);
        }
        m
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub fn plain16(chunk: &[u8; 16]) -> Plain16 {
        let x = load(chunk);
        let folded = _mm_andnot_si128(splat(BHJ_DIFFER), _mm_or_si128(x, splat(0x20)));
        Plain16 {
            alnum: bits(alnum(x)),
            space: bits(_mm_cmpeq_epi8(x, splat(b' '))),
            bhj: bits(_mm_cmpeq_epi8(folded, splat(b'b' & !BHJ_DIFFER))),
        }
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub fn json_escapes16(chunk: &[u8; 16]) -> u16 {
        let x = load(chunk);
        // Below 0x20: unchanged by a minimum with 0x1F.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(x, splat(0x1F)), x);
        let quote = _mm_cmpeq_epi8(x, splat(b'"'));
        let backslash = _mm_cmpeq_epi8(x, splat(b'\\'));
        bits(_mm_or_si128(control, _mm_or_si128(quote, backslash)))
    }

    #[inline]
    #[target_feature(enable = "sse2")]
    pub fn printable16(chunk: &[u8; 16]) -> Printable16 {
        let x = load(chunk);
        Printable16 {
            printable: bits(in_range(x, 0x21, 0x7F - 0x21 + 1)),
            space: bits(_mm_cmpeq_epi8(x, splat(b' '))),
        }
    }
}

/// The low seven bits of every byte of a `u64`.
pub(crate) const SWAR_LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// The high bit of every byte of a `u64`.
pub(crate) const SWAR_HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte of a `u64`.
pub(crate) const fn splat(b: u8) -> u64 {
    (b as u64) * 0x0101_0101_0101_0101
}

/// Bit 7 of each byte of the little-endian `x` set where the byte is an ASCII letter or digit
/// (a token byte of `text::Tokenizer::ascii`). Each range test adds a constant to the low seven
/// bits of every byte, which cannot carry into the next; bit 7 is then set where the byte is
/// at least `lo` / more than `hi`.
#[inline(always)]
pub(crate) fn swar_alnum(x: u64) -> u64 {
    let v = x & SWAR_LOW;
    let digit = (v + splat(0x80 - b'0')) & !(v + splat(0x7F - b'9'));
    let lower = v | splat(0x20);
    let letter = (lower + splat(0x80 - b'a')) & !(lower + splat(0x7F - b'z'));
    (digit | letter) & !x & SWAR_HIGH
}

/// The portable forms, eight bytes in a `u64` at a time.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
mod portable {
    use super::{splat, swar_alnum, SWAR_HIGH, SWAR_LOW};
    use super::{Masks, Plain16, Printable16, BHJ_DIFFER};

    /// Bit 7 of each byte of `m` gathered into bits 0–7, byte `i`'s into bit `i`.
    fn gather(m: u64) -> u64 {
        (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
    }

    /// Bit 7 of each byte of `x` set where the byte equals `b`: its low seven bits plus
    /// 0x7F carry into bit 7 (and no further) unless they are all clear.
    fn eq(x: u64, b: u8) -> u64 {
        let y = x ^ splat(b);
        !(((y & SWAR_LOW) + SWAR_LOW) | y) & SWAR_HIGH
    }

    fn word(c: &[u8]) -> u64 {
        u64::from_le_bytes(c.try_into().expect("8 bytes"))
    }

    pub fn masks64(block: &[u8; 64]) -> Masks<u64> {
        let mut m = Masks {
            alnum: 0,
            underscore: 0,
            space: 0,
        };
        for (k, c) in block.chunks_exact(8).enumerate() {
            let x = word(c);
            m.alnum |= gather(swar_alnum(x)) << (8 * k);
            m.underscore |= gather(eq(x, b'_')) << (8 * k);
            m.space |= gather(eq(x, b' ')) << (8 * k);
        }
        m
    }

    pub fn plain16(chunk: &[u8; 16]) -> Plain16 {
        let mut p = Plain16 {
            alnum: 0,
            space: 0,
            bhj: 0,
        };
        for (k, c) in chunk.chunks_exact(8).enumerate() {
            let x = word(c);
            let folded = (x | splat(0x20)) & !splat(BHJ_DIFFER);
            p.alnum |= (gather(swar_alnum(x)) as u16) << (8 * k);
            p.space |= (gather(eq(x, b' ')) as u16) << (8 * k);
            p.bhj |= (gather(eq(folded, b'b' & !BHJ_DIFFER)) as u16) << (8 * k);
        }
        p
    }

    /// Bit 7 of each byte of `x` set where the byte is ASCII and at least `lo`.
    fn at_least(x: u64, lo: u8) -> u64 {
        ((x & SWAR_LOW) + splat(0x80 - lo)) & !x & SWAR_HIGH
    }

    pub fn json_escapes16(chunk: &[u8; 16]) -> u16 {
        let mut m = 0;
        for (k, c) in chunk.chunks_exact(8).enumerate() {
            let x = word(c);
            let control = !at_least(x, 0x20) & !x & SWAR_HIGH;
            let e = control | eq(x, b'"') | eq(x, b'\\');
            m |= (gather(e) as u16) << (8 * k);
        }
        m
    }

    pub fn printable16(chunk: &[u8; 16]) -> Printable16 {
        let mut p = Printable16 {
            printable: 0,
            space: 0,
        };
        for (k, c) in chunk.chunks_exact(8).enumerate() {
            let x = word(c);
            p.printable |= (gather(at_least(x, 0x21)) as u16) << (8 * k);
            p.space |= (gather(eq(x, b' ')) as u16) << (8 * k);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every place of a block, next to letters, digits, spaces, `_` and
    /// bytes of 0x80 and up (where arithmetic on eight bytes at once could carry).
    fn blocks<const N: usize>() -> Vec<[u8; N]> {
        let fill = [b'a', b'Z', b'5', b' ', b'_', 0x80, 0xFF, b'@', b'.'];
        let mut out = Vec::new();
        for v in 0..=255u8 {
            for at in 0..N {
                for &f in &fill {
                    let mut b = [f; N];
                    b[at] = v;
                    // The neighbours differ from the filler too, both sides.
                    b[(at + 1) % N] = 0xC3;
                    b[(at + N - 1) % N] = b' ';
                    out.push(b);
                }
            }
        }
        out
    }

    fn reference<const N: usize>(b: &[u8; N], class: impl Fn(u8) -> bool) -> u64 {
        (0..N).filter(|&k| class(b[k])).map(|k| 1u64 << k).sum()
    }

    /// `classes` (the build's form) and `portable` give `want` of every block of [`blocks`].
    fn agree<const N: usize, T: PartialEq + std::fmt::Debug>(
        classes: fn(&[u8; N]) -> T,
        portable: fn(&[u8; N]) -> T,
        want: impl Fn(&[u8; N]) -> T,
    ) {
        for b in blocks::<N>() {
            let want = want(&b);
            assert_eq!(classes(&b), want, "{b:?}");
            assert_eq!(portable(&b), want, "{b:?}");
        }
    }

    #[test]
    fn masks64_classifies_every_byte_alone() {
        agree(masks64, portable::masks64, |b| Masks {
            alnum: reference(b, |c| c.is_ascii_alphanumeric()),
            underscore: reference(b, |c| c == b'_'),
            space: reference(b, |c| c == b' '),
        });
    }

    #[test]
    fn plain16_classifies_every_byte_alone() {
        agree(plain16, portable::plain16, |b| Plain16 {
            alnum: reference(b, |c| c.is_ascii_alphanumeric()) as u16,
            space: reference(b, |c| c == b' ') as u16,
            bhj: reference(b, |c| b"BHJbhj@`".contains(&c)) as u16,
        });
    }

    #[test]
    fn json_escapes16_classifies_every_byte_alone() {
        agree(json_escapes16, portable::json_escapes16, |b| {
            reference(b, |c| c < 0x20 || c == b'"' || c == b'\\') as u16
        });
    }

    #[test]
    fn printable16_classifies_every_byte_alone() {
        agree(printable16, portable::printable16, |b| Printable16 {
            printable: reference(b, |c| (0x21..=0x7F).contains(&c)) as u16,
            space: reference(b, |c| c == b' ') as u16,
        });
    }

    #[test]
    fn load8_reads_eight_bytes_and_zeros_past_the_end() {
        let text: Vec<u8> = (1..=20).collect();
        for start in 0..=text.len() {
            let want = (0..8)
                .map(|k| u64::from(text.get(start + k).copied().unwrap_or(0)) << (8 * k))
                .sum::<u64>();
            assert_eq!(load8(&text, start), want, "{start}");
        }
    }
}
