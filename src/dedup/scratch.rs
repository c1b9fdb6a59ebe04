//! ScratchSpace space: an array of bytes that a run reads and writes at any place, held in memory or
//! in a temporary file.
//!
//! State that grows with the corpus (the duplicate index, one entry per kept article) lives
//! here, so that a long run can keep it on disk rather than in memory: the operating system's
//! page cache then holds as much of it as there is room for, and the process's own memory
//! stays flat however many articles it has seen. A place never written reads as zeros, in
//! memory as on disk.

use std::fs::File;

/// Bytes addressed by offset, in memory or in a temporary file (deleted when dropped).
#[derive(Debug)]
pub enum ScratchSpace {
    Memory(Vec<u8>),
    Disk {
        file: File,
        /// The file's length: bytes past it read as zeros.
        len: u64,
    },
}

impl Default for ScratchSpace {
    fn default() -> Self {
        ScratchSpace::Memory(Vec::new())
    }
}

impl ScratchSpace {
    /// An empty array in a new temporary file (in `$TMPDIR`, removed at once, so nothing is
    /// left behind however the run ends).
    pub fn on_disk() -> std::io::Result<ScratchSpace> {
        Ok(ScratchSpace::Disk {
            file: tempfile::tempfile()?,
            len: 0,
        })
    }

    /// Whether the bytes are in a file.
    pub fn is_on_disk(&self) -> bool {
        matches!(self, ScratchSpace::Disk { .. })
    }

    /// Fills `buf` with the bytes at `at` (zeros past anything written).
    pub fn read(&self, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
        match self {
            ScratchSpace::Memory(v) => {
                let start = usize::try_from(at).unwrap_or(usize::MAX).min(v.len());
                let have = (v.len() - start).min(buf.len());
                buf[..have].copy_from_slice(&v[start..start + have]);
                buf[have..].fill(0);
                Ok(())
            }
            ScratchSpace::Disk { file, len } => {
                let have = len.saturating_sub(at).min(buf.len() as u64) as usize;
                read_at(file, &mut buf[..have], at)?;
                buf[have..].fill(0);
                Ok(())
            }
        }
    }

    /// Writes `bytes` at `at`, growing the array as needed.
    pub fn write(&mut self, at: u64, bytes: &[u8]) -> std::io::Result<()> {
        let end = at + bytes.len() as u64;
        match self {
            ScratchSpace::Memory(v) => {
                let (at, end) = (at as usize, end as usize);
                if v.len() < end {
                    v.resize(end, 0);
                }
                v[at..end].copy_from_slice(bytes);
                Ok(())
            }
            ScratchSpace::Disk { file, len } => {
                write_at(file, bytes, at)?;
                *len = (*len).max(end);
                Ok(())
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, bytes, at)? {
            0 => return Err(std::io::ErrorKind::WriteZero.into()),
            n => {
                bytes = &bytes[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same writes and reads give the same bytes in memory and on disk, zeros included
    /// where nothing was written, before and past the end.
    #[test]
    fn memory_and_disk_hold_the_same_bytes() {
        let mut mem = ScratchSpace::default();
        let mut disk = ScratchSpace::on_disk().unwrap();
        assert!(disk.is_on_disk() && !mem.is_on_disk());
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for step in 0..500u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = seed % 5000;
            let n = (seed >> 20) as usize % 70;
            if step % 3 == 0 {
                let bytes: Vec<u8> = (0..n).map(|k| (seed >> (k % 50)) as u8 | 1).collect();
                mem.write(at, &bytes).unwrap();
                disk.write(at, &bytes).unwrap();
            } else {
                let (mut a, mut b) = (vec![7u8; n], vec![9u8; n]);
                mem.read(at, &mut a).unwrap();
                disk.read(at, &mut b).unwrap();
                assert_eq!(a, b, "at {at}, {n} bytes");
            }
        }
        let mut far = [5u8; 8];
        disk.read(1 << 40, &mut far).unwrap();
        assert_eq!(far, [0; 8]);
    }
}
