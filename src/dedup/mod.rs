//! Dedup: the same article twice, found in path order as the run hands articles on.
//!
//! [`twins`] reduces each article to a bottom-k sketch of its shingle hashes and finds a
//! kept article that a later one repeats; [`postings`] is its index from a hash to the kept
//! articles listed under it; [`scratch`] is the space both keep their state in, in memory or
//! in a temporary file, so that a long run's memory stays flat.

pub mod postings;
pub mod scratch;
pub mod twins;
