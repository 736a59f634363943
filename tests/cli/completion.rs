//! Shell completion: the script loads in bash, and pressing Tab offers the values of enum
//! flags and the staff and center ids of the data directory in use (asked of `cs` itself).

use std::path::Path;
use std::process::Command;

use crate::support::{TestEnv, cs_bin, sample, text};

/// Sources `cs completions bash` in bash run in `dir`, then completes `line` as if Tab were
/// pressed at its end; returns the candidates offered.
fn complete(dir: &Path, line: &str) -> Vec<String> {
    // The words as bash splits them, with an empty last word when the line ends in a space.
    const SCRIPT: &str = r#"
source <(cs completions bash) || exit 1
read -ra COMP_WORDS <<< "$1"
if [[ "$1" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$1"; COMP_POINT=${#1}; COMP_TYPE=9
_clap_complete_cs cs "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let output = bash(dir)
        .args(["-c", SCRIPT, "complete", line])
        .output()
        .expect("running bash");
    assert!(output.status.success(), "{line}: {}", text(&output.stderr));
    text(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// bash in `dir` with the `cs` under test first on `PATH`, in English.
fn bash(dir: &Path) -> Command {
    let bin = cs_bin().parent().expect("the binary's directory").to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("a PATH");
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir)
        .env("PATH", path)
        .env("LANG", "C.UTF-8")
        .env_remove("CS_DATA_DIR")
        .env_remove("CS_LANG")
        .env_remove("COMPLETE");
    cmd
}

#[test]
fn the_bash_script_loads_and_registers_cs() {
    let env = TestEnv::bare();
    let output = bash(env.data())
        .args(["-c", "source <(cs completions bash) && complete -p cs"])
        .output()
        .expect("running bash");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("-F _clap_complete_cs cs"),
        "{}",
        text(&output.stdout)
    );
    // The other shells get a script too, naming the program to call back.
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = env.ok(["completions", shell]);
        assert!(script.contains(cs_bin().to_str().unwrap()), "{shell}:\n{script}");
    }
}

#[test]
fn commands_and_enum_values_are_offered() {
    let env = TestEnv::bare();
    assert_eq!(complete(env.data(), "cs vis"), ["visit"]);
    assert_eq!(
        complete(env.data(), "cs visit add X --channel "),
        ["sms", "phone", "onsite"]
    );
    assert_eq!(
        complete(env.data(), "cs visit add X --purpose s"),
        ["survey", "satisfaction"]
    );
    assert_eq!(
        complete(env.data(), "cs complaint add X --severity "),
        ["critical", "high", "medium", "low"]
    );
    assert_eq!(
        complete(env.data(), "cs customer list --status "),
        ["prospect", "active", "dormant", "lost"]
    );
    assert!(complete(env.data(), "cs shipment list --status ").contains(&"in_transit".to_string()));
    assert!(complete(env.data(), "cs label list --status ").contains(&"approved".to_string()));
}

#[test]
fn staff_and_center_ids_come_from_the_data_directory_in_use() {
    let env = sample();
    let staff = ["zhou", "wu", "zheng", "feng", "wang", "li", "zhao", "qian", "sun"];
    assert_eq!(complete(env.data(), "cs visit add X --by "), staff);
    assert_eq!(complete(env.data(), "cs customer add --owner "), staff);
    assert_eq!(complete(env.data(), "cs complaint list --handler w"), ["wu", "wang"]);
    assert_eq!(complete(env.data(), "cs customer list --center "), ["hz", "nj", "sh"]);
    assert_eq!(complete(env.data(), "cs complaint add X --category q"), ["quality"]);
    // Named with --data-dir from elsewhere, and from a subdirectory of it.
    let parent = env.data().parent().unwrap();
    assert_eq!(
        complete(parent, "cs -d data customer list --center "),
        ["hz", "nj", "sh"]
    );
    std::fs::create_dir_all(env.path("visits/sub")).unwrap();
    assert_eq!(
        complete(&env.path("visits/sub"), "cs today --by zh"),
        ["zhou", "zheng", "zhao"]
    );
    // Without a data directory there is simply nothing to offer.
    let bare = TestEnv::bare();
    assert!(complete(bare.data(), "cs visit add X --by ").is_empty());
}
