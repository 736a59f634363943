//! Rebuilds the crate when the message catalog changes: `rust_i18n::i18n!` reads `locales/`
//! while compiling, which cargo cannot see on its own; and links `cs` as a fixed-address
//! executable on Linux. Nothing is downloaded or generated.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
    // A position-independent executable has the dynamic loader patch some 33,000 addresses
    // at every start, and copy the pages holding them: 1 to 2 ms of each command, more than
    // many commands take to do their work. Only the binaries: the library and its tests, and
    // the proc macros built for the host, stay as they are.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
