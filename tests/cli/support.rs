//! The test environment: a temporary data directory and a way to run the real `cs` binary in
//! it with a pinned clock, seed, time zone and terminal width.
//!
//! Every helper that runs `cs` asserts the exit code itself, so a test reads as what it expects
//! (`ok`, `fails`, `usage`) and a wrong exit code fails with the command's whole output shown.
//! Nothing here may touch files outside the temporary directory.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The moment every command runs at unless a test says otherwise.
pub const NOW: &str = "2026-11-29T09:30:00+08:00";

/// Routine topics and one survey, appended to cs.toml by [`TestEnv::with_visits`].
pub const VISIT_SETTINGS: &str = r#"
[visits]
routine_topics = ["产品反馈", "库存", "销售趋势", "竞品", "新需求"]

[[survey]]
id = "2026Q4"
title = "四季度客户需求调查"
questions = [
  { key = "quality", text = "产品质量满意吗?", kind = "score" },
  { key = "recommend", text = "推荐我们的可能性?", kind = "nps" },
  { key = "channel", text = "偏好的订货方式", kind = "choice", choices = ["电话", "微信", "上门"] },
  { key = "needs", text = "还需要什么?", kind = "text" },
]
"#;

/// The path of the `cs` binary Cargo built for this test run.
pub fn cs_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cs"))
}

/// The repository root (where `examples/` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory holding a data directory (`data/`), a scratch `tmp/` (used as
/// `TMPDIR`, so editor files never land in the system's temp dir) and `bin/` for scripts.
pub struct TestEnv {
    root: TempDir,
    data: PathBuf,
}

impl TestEnv {
    /// An empty `data/` directory that is not (yet) a data directory.
    pub fn bare() -> TestEnv {
        let root = tempfile::Builder::new().prefix("cs-test-").tempdir().expect("temp dir");
        let data = root.path().join("data");
        for dir in [data.clone(), root.path().join("tmp"), root.path().join("bin")] {
            fs::create_dir_all(dir).expect("creating the test directories");
        }
        TestEnv { root, data }
    }

    /// A data directory freshly made by `cs init`.
    pub fn new() -> TestEnv {
        let env = TestEnv::bare();
        env.ok(["init"]);
        assert!(env.data.join("cs.toml").is_file(), "cs init must write cs.toml");
        env
    }

    /// A data directory with a small department: a general manager (zhou), a manager (wu), a
    /// supervisor (zheng), two consultants (wang, li) and two centers (hz, nj).
    pub fn with_team() -> TestEnv {
        let env = TestEnv::new();
        env.add_staff("zhou", "周建国", "general_manager", None);
        env.add_staff("wu", "吴敏", "manager", Some("zhou"));
        env.add_staff("zheng", "郑伟", "supervisor", Some("wu"));
        env.add_staff("wang", "王芳", "consultant", Some("zheng"));
        env.add_staff("li", "李娜", "consultant", Some("zheng"));
        env.add_center("hz", "杭州分销中心");
        env.add_center("nj", "南京分销中心");
        env
    }

    /// [`TestEnv::with_team`] plus routine topics and the survey `2026Q4` in cs.toml.
    pub fn with_visits() -> TestEnv {
        let env = TestEnv::with_team();
        env.append("cs.toml", VISIT_SETTINGS);
        env
    }

    /// `cs ARGS` run at the moment `now` (an RFC 3339 time), asserting exit code 0; returns
    /// stdout.
    pub fn ok_at<I, S>(&self, now: &str, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cs(args);
        cmd.env("CS_NOW", now);
        success(&mut cmd)
    }

    /// Logs a visit with `cs visit add CUSTOMER ARGS` and returns its id.
    pub fn add_visit(&self, customer: &str, args: &[&str]) -> String {
        let mut full = vec!["visit", "add", customer];
        full.extend_from_slice(args);
        let out = self.ok(full);
        let id = out.strip_suffix('\n').expect("the id ends with a line break");
        assert!(
            id.starts_with("V-") && !id.contains('\n'),
            "visit add prints only the id: {out:?}"
        );
        id.to_string()
    }

    /// The data directory.
    pub fn data(&self) -> &Path {
        &self.data
    }

    /// The data directory as text (temporary paths are UTF-8), for `-d` arguments.
    pub fn data_str(&self) -> &str {
        self.data.to_str().expect("a UTF-8 temporary path")
    }

    /// The temporary directory that holds the data directory (not itself a data directory).
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// A path inside the data directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.data.join(relative)
    }

    /// `cs ARGS`, run in the data directory with the pinned environment; not yet run.
    pub fn cs<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cs_in(&self.data, args)
    }

    /// `cs ARGS`, run in `dir` with the pinned environment; not yet run.
    pub fn cs_in<I, S>(&self, dir: &Path, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(cs_bin());
        cmd.args(args)
            .current_dir(dir)
            .env("CS_NOW", NOW)
            .env("CS_SEED", "42")
            .env("TZ", "Asia/Shanghai")
            .env("COLUMNS", "120")
            .env("NO_COLOR", "1")
            .env("TMPDIR", self.root().join("tmp"))
            .env_remove("CS_DATA_DIR")
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            // English unless a test asks for Chinese, whatever the machine's locale.
            .env_remove("CS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8");
        cmd
    }

    /// `cs ARGS` as a plain `std::process::Command` with the pinned environment, for driving
    /// it through a pseudo-terminal.
    pub fn std_command<I, S>(&self, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = std::process::Command::new(cs_bin());
        cmd.args(args)
            .current_dir(&self.data)
            .env("CS_NOW", NOW)
            .env("CS_SEED", "42")
            .env("TZ", "Asia/Shanghai")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("TMPDIR", self.root().join("tmp"))
            .env("LANG", "C.UTF-8")
            .env_remove("CS_DATA_DIR")
            .env_remove("CS_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        cmd
    }

    /// Runs `cs ARGS`, asserts exit code 0, and returns stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        success(&mut self.cs(args))
    }

    /// Runs `cs ARGS`, asserts exit code 1 and an empty stdout, and returns stderr.
    pub fn fails<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        failure(&mut self.cs(args))
    }

    /// Runs `cs ARGS`, asserts exit code 2 (usage error) and an empty stdout, and returns stderr.
    pub fn usage<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let assert = self.cs(args).assert().code(2);
        let output = assert.get_output();
        assert!(output.stdout.is_empty(), "a usage error must print nothing on stdout");
        text(&output.stderr)
    }

    /// Runs `cs ARGS --format json` and parses what it printed.
    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.cs(args);
        cmd.args(["--format", "json"]);
        let out = success(&mut cmd);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }

    /// The ids `cs customer list ARGS` prints, in order (read from its JSON).
    pub fn list_ids(&self, args: &[&str]) -> Vec<String> {
        let mut full = vec!["customer", "list"];
        full.extend_from_slice(args);
        let value = self.json(full);
        value
            .as_array()
            .expect("customer list --format json prints an array")
            .iter()
            .map(|c| c["id"].as_str().expect("every customer has an id").to_string())
            .collect()
    }

    /// Adds a staff member with `cs staff add`.
    pub fn add_staff(&self, id: &str, name: &str, role: &str, reports_to: Option<&str>) {
        let mut args = vec!["staff", "add", "--id", id, "--name", name, "--role", role];
        if let Some(boss) = reports_to {
            args.extend(["--reports-to", boss]);
        }
        assert_eq!(self.ok(args), format!("{id}\n"));
    }

    /// Adds a distribution center with `cs center add`.
    pub fn add_center(&self, id: &str, name: &str) {
        assert_eq!(
            self.ok(["center", "add", "--id", id, "--name", name]),
            format!("{id}\n")
        );
    }

    /// Runs `cs customer add --name NAME ARGS` and returns the new id.
    pub fn add_customer(&self, name: &str, args: &[&str]) -> String {
        let mut full = vec!["customer", "add", "--name", name];
        full.extend_from_slice(args);
        let out = self.ok(full);
        let id = out.strip_suffix('\n').expect("the id ends with a line break");
        assert!(
            !id.is_empty() && !id.contains('\n'),
            "customer add prints only the id: {out:?}"
        );
        id.to_string()
    }

    /// The text of a file in the data directory.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("reading {relative}: {e}"))
    }

    /// Replaces a file in the data directory, as a user editing by hand would.
    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        fs::write(self.path(relative), content).unwrap_or_else(|e| panic!("writing {relative}: {e}"));
    }

    /// Adds text at the end of a file in the data directory.
    pub fn append(&self, relative: &str, content: &str) {
        let mut text = self.read(relative);
        text.push_str(content);
        self.write(relative, text);
    }

    /// Writes an executable shell script into `bin/` and returns its path (for `$EDITOR`).
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.root().join("bin").join(name);
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("writing a script");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("making a script executable");
        }
        path
    }

    /// Every file of the data directory (path relative to it, bytes), skipping `cs`'s own
    /// `.cs/` state directory, so tests can assert that nothing changed byte for byte.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot_dir(&self.data)
    }
}

/// Every file under `dir` (path relative to it, bytes), skipping a top-level `.cs/`.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("listing the data directory") {
            let entry = entry.expect("reading a directory entry");
            let path = entry.path();
            let relative = path.strip_prefix(dir).expect("under the data directory").to_path_buf();
            if relative == Path::new(".cs") {
                continue;
            }
            if entry.file_type().expect("file type").is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).expect("reading a data file");
                files.insert(relative.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    files
}

/// Copies a directory tree (for working on a copy of `examples/wine-co`).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("creating the copy");
    for entry in fs::read_dir(from).expect("listing the source") {
        let entry = entry.expect("reading a directory entry");
        let target = to.join(entry.file_name());
        // A `.cs/` left by running cs on the source (its lock and index) is not data.
        if entry.file_name() == ".cs" {
            continue;
        }
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}

/// Runs the command, asserts exit code 0, and returns stdout.
pub fn success(cmd: &mut Command) -> String {
    let assert = cmd.assert().code(0);
    text(&assert.get_output().stdout)
}

/// Runs the command, asserts exit code 1 and an empty stdout, and returns stderr.
pub fn failure(cmd: &mut Command) -> String {
    let assert = cmd.assert().code(1);
    let output = assert.get_output();
    assert!(
        output.stdout.is_empty(),
        "a failing command must print nothing on stdout, got:\n{}",
        text(&output.stdout)
    );
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: "), "errors start with `error: `:\n{stderr}");
    stderr
}

/// A command line written as one string, split on whitespace (pass values holding spaces
/// separately).
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// Bytes printed by `cs`, which must be UTF-8.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("cs prints UTF-8")
}

/// The columns a terminal gives `text`: two for each East Asian wide character (the CJK used
/// in these tests), one for anything else.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6)
}

/// The header and rows of CSV text, each row as column name -> value.
pub fn parse_csv(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a CSV header").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a CSV record");
            header
                .iter()
                .map(str::to_string)
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The sample data (`examples/wine-co`) in a temporary directory.
pub fn sample() -> TestEnv {
    let env = TestEnv::bare();
    copy_dir(&repo_root().join("examples/wine-co"), env.data());
    env
}
