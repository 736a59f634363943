//! The `cs` binary: everything lives in the library; see `cs::cli`.

fn main() -> std::process::ExitCode {
    cs::cli::main()
}
