//! The documentation is tested: every ```` ```console ```` block of `README.md`, `docs/*.md`
//! and `docs/zh/*.md` is run, and what each command prints is compared with what the page
//! shows, so the guides cannot drift from the program.
//!
//! The convention, for people writing the docs:
//!
//! - A ```` ```console ```` block holds commands, each on a line starting with `$ `, followed by
//!   the output it prints (standard output and standard error as a terminal would show them).
//!   A command continues on the next line after a trailing `\`, or on lines starting with `> `
//!   (a here-document). Blocks of any other kind (```` ```sh ````, ```` ```toml ````, plain) are
//!   never run: installation, commands that need a network or an editor.
//! - In the expected output, `[..]` stands for any text within one line (a generated id, a
//!   path), and a line holding only `...` for any number of lines. Keep them narrow: `C-[..]`,
//!   not a whole line.
//! - Trailing blanks on a line, and blank lines at the end of the output, do not count.
//! - A command may fail (exit code other than 0) only when the output the page shows has an
//!   `error:` (`错误：`) line; any other failure is a mismatch too.
//! - Every page runs in bash, in a sandbox of its own: a fresh copy of `examples/wine-co` and
//!   `examples/imports` under `examples/` of the starting directory (so a page's
//!   `cp -r examples/wine-co ~/...` works as it does in a clone of the repository), `HOME` in
//!   the sandbox (with a git name and email), and `cs` on `PATH`. The commands of one page run
//!   in order in one shell, so a variable set, a `cd` or an `export` carries over to the next
//!   block, as it would for a reader following the page.
//! - The environment is pinned: `CS_NOW=2026-11-29T09:30:00+08:00`, `TZ=Asia/Shanghai`,
//!   `NO_COLOR=1`, `COLUMNS=120`, and `CS_LANG=en` (`CS_LANG=zh` for `docs/zh/`). Nothing else
//!   of the machine's (`CS_USER`, `CS_DATA_DIR`, `CS_SEED`, `EDITOR`) leaks in: a page that
//!   needs an acting person says `export CS_USER=...` itself. Ids are random, as on a reader's
//!   machine, so a page names customers by name or captures ids (`id=$(cs ...)`).
//!
//! A mismatch names the page, the line, the command, and the expected and actual output; every
//! mismatch of every page is reported at once. The pages run in parallel threads.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{NOW, copy_dir, cs_bin, repo_root, text};

/// How long one page may run before it counts as hung.
const PAGE_TIMEOUT: Duration = Duration::from_secs(180);

/// Pages written before this convention, whose `$ ` examples are not yet run (they show output
/// of other data, or of an editor session). New pages, and every guide, are not listed here:
/// a `$ ` prompt in them must be in a ```console block.
const NOT_YET_TESTED: &[&str] = &[];

/// One command of a page and the output the page shows for it.
#[derive(Debug)]
struct Step {
    /// The 1-based line of the `$ ` in the page.
    line: usize,
    command: String,
    expected: Vec<String>,
    /// Where the expected output is in the page: its first line (0-based) and how many lines,
    /// and the block's indentation, for `CS_DOCS_BLESS`.
    expected_at: (usize, usize, usize),
}

/// A page's console blocks, in order, as steps; and the lines of `$ ` prompts found outside
/// console blocks.
fn parse(page: &str) -> (Vec<Step>, Vec<usize>) {
    let mut steps = Vec::new();
    let mut stray_prompts = Vec::new();
    let lines: Vec<&str> = page.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if !trimmed.starts_with("```") {
            i += 1;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let fence: String = trimmed.chars().take_while(|&c| c == '`').collect();
        let info = trimmed[fence.len()..].trim();
        let is_console = info == "console";
        // The block's lines, with the fence's indentation taken off.
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && !lines[i].trim_start().starts_with(fence.as_str()) {
            let raw = lines[i];
            let cut = raw.len() - raw.trim_start().len();
            body.push((i + 1, &raw[cut.min(indent)..]));
            i += 1;
        }
        i += 1; // the closing fence
        if !is_console {
            stray_prompts.extend(body.iter().filter(|(_, l)| l.starts_with("$ ")).map(|(n, _)| *n));
            continue;
        }
        let mut k = 0;
        while k < body.len() {
            let (number, first) = body[k];
            let Some(command) = first.strip_prefix("$ ") else {
                panic!("line {number}: a console block starts with a `$ ` command, found {first:?}");
            };
            let mut command = command.to_string();
            k += 1;
            // Continuations: after a trailing backslash, and here-document lines (`> `).
            loop {
                if command.ends_with('\\') && k < body.len() {
                    command.push('\n');
                    command.push_str(body[k].1);
                    k += 1;
                } else if k < body.len() && (body[k].1.starts_with("> ") || body[k].1 == ">") {
                    command.push('\n');
                    command.push_str(
                        body[k]
                            .1
                            .strip_prefix('>')
                            .unwrap_or("")
                            .strip_prefix(' ')
                            .unwrap_or(""),
                    );
                    k += 1;
                } else {
                    break;
                }
            }
            let mut expected = Vec::new();
            let from = body.get(k).map_or(i - 1, |(n, _)| n - 1);
            while k < body.len() && !body[k].1.starts_with("$ ") {
                expected.push(body[k].1.to_string());
                k += 1;
            }
            let count = expected.len();
            steps.push(Step {
                line: number,
                command,
                expected,
                expected_at: (from, count, indent),
            });
        }
    }
    (steps, stray_prompts)
}

/// The lines of `output` without trailing blanks, and without blank lines at the end.
fn normalized(lines: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    let mut out: Vec<String> = lines.into_iter().map(|l| l.as_ref().trim_end().to_string()).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The text between wildcards: `[..]`, or `[` and more dots and `]` (`C-[......]` keeps a
/// table's columns aligned where an id of that width was printed).
fn literal_parts(expected: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = expected.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            let dots = bytes[i + 1..].iter().take_while(|&&b| b == b'.').count();
            if dots >= 2 && bytes.get(i + 1 + dots) == Some(&b']') {
                parts.push(&expected[start..i]);
                i += dots + 2;
                start = i;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&expected[start..]);
    parts
}

/// Whether one actual line matches one expected line, where a wildcard is any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts = literal_parts(expected);
    let Some(mut rest) = actual.strip_prefix(parts[0]) else {
        return false;
    };
    let parts = &parts[1..];
    for (n, part) in parts.iter().enumerate() {
        if n + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether the actual lines match the expected ones, where a line `...` is any lines.
fn lines_match(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, others)| line_matches(first, line) && lines_match(rest, others)),
    }
}

/// Whether the page shows the command failing.
fn shows_an_error(expected: &[String]) -> bool {
    expected
        .iter()
        .any(|l| l.starts_with("error:") || l.starts_with("错误："))
}

/// A sandbox for one page: `start/examples/{wine-co,imports}`, `home/`, and `run/` for the
/// outputs.
struct Sandbox {
    dir: tempfile::TempDir,
    start: PathBuf,
    home: PathBuf,
    run: PathBuf,
}

fn sandbox() -> Sandbox {
    let dir = tempfile::Builder::new().prefix("cs-docs-").tempdir().expect("temp dir");
    let start = dir.path().join("start");
    let home = dir.path().join("home");
    let run = dir.path().join("run");
    // copy_dir leaves out a `.cs/` that running cs on the examples may have left.
    copy_dir(&repo_root().join("examples/wine-co"), &start.join("examples/wine-co"));
    copy_dir(&repo_root().join("examples/imports"), &start.join("examples/imports"));
    for d in [&home, &run] {
        fs::create_dir_all(d).expect("sandbox directories");
    }
    fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = 王芳\n\temail = wang@example.com\n[init]\n\tdefaultBranch = main\n",
    )
    .expect("a git configuration");
    Sandbox { dir, start, home, run }
}

/// The pinned environment of `cmd`: the sandbox's home, `cs` on PATH, `lang`.
fn pin(cmd: &mut Command, sandbox: &Sandbox, lang: &str) {
    let bin_dir = cs_bin().parent().expect("the binary's directory").to_path_buf();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin_dir];
    paths.extend(std::env::split_paths(&path));
    cmd.env_clear()
        .env("PATH", std::env::join_paths(paths).expect("a PATH"))
        .env("HOME", &sandbox.home)
        .env("TMPDIR", &sandbox.run)
        .env("LANG", "C.UTF-8")
        .env("CS_NOW", NOW)
        .env("TZ", "Asia/Shanghai")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .env("CS_LANG", lang)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .current_dir(&sandbox.start);
}

/// Runs every step of a page in one bash and returns, for each step, its output and exit code
/// (`None` when the shell stopped before it).
fn run_page(steps: &[Step], lang: &str) -> (Vec<Option<(String, i32)>>, String) {
    let sandbox = sandbox();
    let root = sandbox.dir.path().to_string_lossy().into_owned();
    let mut script = String::new();
    for (n, step) in steps.iter().enumerate() {
        // Braces, not a subshell: a `cd`, an `export` or a variable carries over.
        writeln!(
            script,
            "{{ {}\n}} </dev/null >\"$CS_DOCS_RUN/{n}.out\" 2>&1; echo $? >\"$CS_DOCS_RUN/{n}.rc\"",
            step.command
        )
        .expect("writing to a string");
    }
    let script_path = sandbox.run.join("page.sh");
    fs::write(&script_path, script).expect("writing the page's script");
    let mut cmd = Command::new("bash");
    cmd.arg("--noprofile").arg("--norc").arg(&script_path);
    pin(&mut cmd, &sandbox, lang);
    cmd.env("CS_DOCS_RUN", &sandbox.run)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("running bash");
    let started = Instant::now();
    while child.try_wait().expect("waiting for bash").is_none() {
        if started.elapsed() > PAGE_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    let results = (0..steps.len())
        .map(|n| {
            let rc = fs::read_to_string(sandbox.run.join(format!("{n}.rc"))).ok()?;
            let out = fs::read(sandbox.run.join(format!("{n}.out"))).ok()?;
            Some((text(&out), rc.trim().parse().unwrap_or(-1)))
        })
        .collect();
    (results, root)
}

/// For `CS_DOCS_BLESS=1`: an actual line as a page would show it, with the sandbox's paths and
/// the ids the sample data does not have (made by the page, so random) as wildcards of their
/// width. A person still reads every blessed line before committing it.
fn blessed(line: &str, sandbox_root: &str, sample: &str) -> String {
    let line = line.replace(sandbox_root, "[..]");
    let bin = cs_bin();
    let line = line.replace(bin.parent().expect("a directory").to_str().expect("UTF-8"), "[..]");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if starts_word && "CVTSL".contains(chars[i]) && chars.get(i + 1) == Some(&'-') {
            let len = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                .count();
            let id: String = chars[i..i + 2 + len].iter().collect();
            if (len == 8 || len == 10) && !sample.contains(&id) {
                out.push(chars[i]);
                out.push_str("-[");
                out.push_str(&".".repeat(len - 2));
                out.push(']');
                i += 2 + len;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Every data file of the sample, as one text, to tell its ids from new ones.
fn sample_text() -> String {
    crate::support::snapshot_dir(&repo_root().join("examples/wine-co"))
        .into_values()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

/// Every mismatch of one page, described for a person.
fn check_page(relative: &str) -> Vec<String> {
    let page = fs::read_to_string(repo_root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let (steps, stray) = parse(&page);
    let mut problems = Vec::new();
    if !NOT_YET_TESTED.contains(&relative) {
        for line in stray {
            problems.push(format!(
                "{relative}:{line}: a `$ ` command outside a ```console block is never run: make the block ```console (tested), or drop the `$ `"
            ));
        }
    }
    if steps.is_empty() {
        return problems;
    }
    let lang = if relative.starts_with("docs/zh/") { "zh" } else { "en" };
    let (results, sandbox_root) = run_page(&steps, lang);
    let bless = std::env::var_os("CS_DOCS_BLESS").is_some();
    let sample = if bless { sample_text() } else { String::new() };
    let mut rewrites = Vec::new();
    for (step, result) in steps.iter().zip(results) {
        let expected = normalized(&step.expected);
        let Some((out, code)) = result else {
            problems.push(format!(
                "{relative}:{}: $ {}\nnot run: the shell stopped before it (a syntax error, or the page took longer than {:?})",
                step.line, step.command, PAGE_TIMEOUT
            ));
            continue;
        };
        let actual = normalized(out.lines());
        let code_ok = code == 0 || shows_an_error(&expected);
        if !code_ok || !lines_match(&expected, &actual) {
            if bless {
                let (from, count, indent) = step.expected_at;
                let lines: Vec<String> = actual
                    .iter()
                    .map(|l| blessed(l, &sandbox_root, &sample))
                    .map(|l| {
                        if l.is_empty() {
                            l
                        } else {
                            format!("{}{l}", " ".repeat(indent))
                        }
                    })
                    .collect();
                rewrites.push((from, count, lines));
            }
            problems.push(format!(
                "{relative}:{}: $ {}\n--- expected\n{}\n--- actual (exit code {code}{})\n{}\n---",
                step.line,
                step.command,
                expected.join("\n"),
                if code_ok { "" } else { ", and the page shows no error" },
                actual.join("\n"),
            ));
        }
    }
    if !rewrites.is_empty() {
        let mut lines: Vec<String> = page.lines().map(str::to_string).collect();
        for (from, count, new) in rewrites.into_iter().rev() {
            lines.splice(from..from + count, new);
        }
        fs::write(repo_root().join(relative), lines.join("\n") + "\n").expect("blessing a page");
    }
    problems
}

/// The pages: README.md, docs/*.md and docs/zh/*.md, relative to the repository.
fn pages() -> Vec<String> {
    let mut pages = vec!["README.md".to_string()];
    for dir in ["docs", "docs/zh"] {
        let Ok(entries) = fs::read_dir(repo_root().join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".md"))
            .map(|name| format!("{dir}/{name}"))
            .collect();
        names.sort();
        pages.extend(names);
    }
    pages
}

#[test]
fn docs_show_what_cs_prints() {
    let pages = pages();
    let problems: Vec<String> = thread::scope(|scope| {
        let handles: Vec<_> = pages.iter().map(|page| scope.spawn(move || check_page(page))).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a page's thread"))
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} problem(s) in the docs:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn docs_console_blocks_are_parsed_as_written() {
    let page = "text\n\n```console\n$ cs one \\\n    --two\nout 1\n\nout 2\n$ cat <<EOF\n> a\n> EOF\na\n```\n\n```sh\n$ not run\n```\n";
    let (steps, stray) = parse(page);
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(steps[0].line, 4);
    assert_eq!(steps[0].command, "cs one \\\n    --two");
    assert_eq!(steps[0].expected, ["out 1", "", "out 2"]);
    assert_eq!(steps[1].command, "cat <<EOF\na\nEOF");
    assert_eq!(steps[1].expected, ["a"]);
    assert_eq!(stray, [16]);
}

#[test]
fn docs_wildcards_match_narrowly() {
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(line_matches("created C-[..]", "created C-WRJD8T6V"));
    assert!(!line_matches("created C-[..]", "created T-WRJD8T6V"));
    assert!(line_matches("[..] to [..]", "a to b"));
    assert!(!line_matches("a[..]b", "a b c"));
    assert!(line_matches("V-[........]  2026", "V-BMF72Z5CER  2026"));
    assert!(line_matches("[x]", "[x]"));
    assert!(lines_match(&lines("a\n...\nz"), &lines("a\nb\nc\nz")));
    assert!(lines_match(&lines("a\n...\nz"), &lines("a\nz")));
    assert!(!lines_match(&lines("a\n...\nz"), &lines("a\nb")));
    assert!(!lines_match(&lines("a"), &lines("a\nb")));
}

/// `examples/build-wine-co.sh`, the batch script a user would copy, builds a whole data
/// directory from nothing with `cs` commands alone; the result passes `cs check` and holds
/// what the script made.
#[test]
fn docs_build_script_makes_a_valid_data_directory() {
    let sandbox = sandbox();
    let target = sandbox.home.join("醇香酒业");
    let mut cmd = Command::new("bash");
    cmd.arg(repo_root().join("examples/build-wine-co.sh")).arg(&target);
    pin(&mut cmd, &sandbox, "en");
    let out = cmd.stdin(Stdio::null()).output().expect("running the build script");
    assert!(
        out.status.success(),
        "the build script failed ({}):\n{}{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    let cs = |args: &[&str]| {
        let mut cmd = Command::new(cs_bin());
        cmd.arg("-d").arg(&target).args(args);
        pin(&mut cmd, &sandbox, "en");
        let out = cmd.output().expect("running cs");
        assert!(
            out.status.success(),
            "cs {args:?} on the built directory:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    };
    assert!(cs(&["check"]).ends_with("no problems found\n"));
    let json = |args: &[&str]| -> serde_json::Value {
        let mut full = args.to_vec();
        full.extend(["--format", "json"]);
        serde_json::from_str(&cs(&full)).expect("JSON")
    };
    // Three customers added, five of the workbook's (none of them already there).
    assert_eq!(json(&["customer", "list"]).as_array().map(Vec::len), Some(8));
    assert_eq!(json(&["visit", "list"]).as_array().map(Vec::len), Some(1));
    assert_eq!(json(&["complaint", "list"])[0]["status"], "closed");
    assert_eq!(json(&["shipment", "list"])[0]["status"], "delivered");
    assert_eq!(json(&["label", "list"])[0]["status"], "approved");
}
