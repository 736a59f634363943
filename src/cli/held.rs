//! Output held back in memory until the command has let go of the data directory.

use std::io::{self, Write};

/// How much output is held back in memory at most; a larger export is written as it goes.
pub const HOLD_BACK: usize = 64 << 20;

/// The size of one piece of held output. Pieces rather than one growing buffer: a list of
/// 80,000 visits is 18 MB, and doubling a buffer to that copies it all again and touches twice
/// the memory, which at this size costs more than writing it.
const PIECE: usize = 1 << 20;

/// Output kept in memory until [`HeldBack::finish`], up to a limit past which it is passed on
/// as it comes.
pub struct HeldBack<W: Write> {
    inner: W,
    pieces: Vec<Vec<u8>>,
    held: usize,
    limit: usize,
}

impl<W: Write> HeldBack<W> {
    /// Holds back up to `limit` bytes written to it before passing them to `inner`.
    pub fn new(inner: W, limit: usize) -> Self {
        HeldBack {
            inner,
            pieces: Vec::new(),
            held: 0,
            limit,
        }
    }

    /// Writes what was held back, and flushes.
    pub fn finish(mut self) -> io::Result<()> {
        self.pass_on()?;
        self.inner.flush()
    }

    fn pass_on(&mut self) -> io::Result<()> {
        for piece in std::mem::take(&mut self.pieces) {
            self.inner.write_all(&piece)?;
        }
        self.held = 0;
        Ok(())
    }

    fn hold(&mut self, mut bytes: &[u8]) {
        self.held += bytes.len();
        while !bytes.is_empty() {
            let piece = match self.pieces.last_mut() {
                Some(piece) if piece.len() < piece.capacity() => piece,
                _ => {
                    self.pieces.push(Vec::with_capacity(PIECE));
                    self.pieces.last_mut().expect("just pushed")
                }
            };
            let room = (piece.capacity() - piece.len()).min(bytes.len());
            piece.extend_from_slice(&bytes[..room]);
            bytes = &bytes[room..];
        }
    }
}

impl<W: Write> Write for HeldBack<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.held + bytes.len() <= self.limit {
            self.hold(bytes);
            return Ok(bytes.len());
        }
        self.pass_on()?;
        self.limit = 0;
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        // A command's own flush does not end the holding back: only `finish` does.
        if self.held == 0 { self.inner.flush() } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that records what reached it and whether it was flushed.
    #[derive(Default)]
    struct Seen {
        bytes: Vec<u8>,
        flushes: usize,
    }

    impl Write for &mut Seen {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.bytes.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.flushes += 1;
            Ok(())
        }
    }

    #[test]
    fn output_reaches_the_writer_only_at_finish_and_whole_across_pieces() {
        let mut seen = Seen::default();
        let expected: Vec<u8> = (0..3 * PIECE + 17).map(|i| (i % 251) as u8).collect();
        let mut out = HeldBack::new(&mut seen, HOLD_BACK);
        for chunk in expected.chunks(4093) {
            out.write_all(chunk).unwrap();
        }
        out.flush().unwrap();
        assert!(out.inner.bytes.is_empty(), "nothing is written before finish");
        assert_eq!(out.pieces.len(), 4);
        let held = out.held;
        out.finish().unwrap();
        assert_eq!(held, expected.len());
        assert_eq!(seen.bytes, expected);
        assert_eq!(seen.flushes, 1, "a command's own flush is held back too");
    }

    #[test]
    fn past_the_limit_everything_is_passed_on_in_order() {
        let mut seen = Seen::default();
        let mut out = HeldBack::new(&mut seen, 10);
        out.write_all(b"0123456").unwrap();
        out.write_all(b"789abc").unwrap();
        out.write_all(b"def").unwrap();
        assert_eq!(out.held, 0);
        out.finish().unwrap();
        assert_eq!(seen.bytes, b"0123456789abcdef");
    }

    #[test]
    fn nothing_is_held_with_a_limit_of_zero() {
        let mut seen = Seen::default();
        let mut out = HeldBack::new(&mut seen, 0);
        out.write_all(b"step 1\n").unwrap();
        assert!(out.pieces.is_empty());
        out.finish().unwrap();
        assert_eq!(seen.bytes, b"step 1\n");
    }
}
