//! End-to-end tests of the `cs` binary: each test runs the real program on a temporary data
//! directory and checks what it prints, its exit code, and what it left on disk.
//!
//! One test binary (as ripgrep and jj do) so the suite links once. The tests never touch files
//! outside their own temporary directories, and never depend on the order they run in.

mod cache;
mod catalog;
mod check;
mod chinese;
mod complaint;
mod completion;
mod concurrency;
mod crash;
mod csv_format;
mod customer;
mod damage;
mod data_dir;
mod docs;
mod edit;
mod export;
mod generate_shipments;
mod git;
mod guided;
mod help_examples;
mod import;
mod init;
mod label;
mod language;
mod list;
mod man;
mod merge;
mod output;
mod recovery;
mod report;
mod report_slt;
mod report_vc;
mod sample;
mod settings;
mod shipment;
mod suggest;
mod support;
mod topics;
mod untouched;
mod version;
mod visit;
mod visit_due;
