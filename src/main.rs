//! The `cs` binary: everything lives in the library; see `cs::cli`.

/// Reading a large table makes and frees millions of small strings; mimalloc does that in a
/// fraction of the time the system allocator takes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cs::cli::main()
}
