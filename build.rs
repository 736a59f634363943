//! Rebuilds the crate when the message catalog changes: `rust_i18n::i18n!` reads `locales/`
//! while compiling, which cargo cannot see on its own. Nothing is downloaded or generated.

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
}
