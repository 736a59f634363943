//! A hand-edited or merged table with damage: `cs check` names every problem by file and line,
//! no command adds to a file it cannot read, and `cs check --fix` repairs what needs no
//! guessing, saying what it changed, and leaves every other line as it was.

use std::collections::BTreeMap;

use crate::support::{TestEnv, sample, text, words};

const MONTH: &str = "visits/2026-10.csv";

/// The lines of a file, each with its line break.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

/// The id of a record line: its first field.
fn id_of(line: &[u8]) -> String {
    let id = line.split(|&b| b == b',').next().unwrap_or_default();
    String::from_utf8(id.to_vec()).expect("ids are UTF-8")
}

/// A record line with its first six fields (id, customer, date, channel, purpose, by) changed
/// by `edit`; the rest of the line (quoted text) is kept as it is.
fn edit_fields(line: &[u8], edit: impl FnOnce(&mut Vec<Vec<u8>>)) -> Vec<u8> {
    let mut fields: Vec<Vec<u8>> = line.splitn(7, |&b| b == b',').map(<[u8]>::to_vec).collect();
    edit(&mut fields);
    fields.join(&b","[..])
}

/// The sample data with every kind of damage in one month of visits: returns the line
/// numbers of the damaged lines and the id used twice.
fn damaged() -> (TestEnv, String) {
    let env = sample();
    let mut file = lines(&std::fs::read(env.path(MONTH)).unwrap());
    assert!(file.len() > 10, "the sample has a month of visits to damage");
    // Line 3: a field too many.
    file[2] = [&file[2][..file[2].len() - 1], b",extra\n"].concat();
    // Line 4: bytes that are not UTF-8 in `by`.
    file[3] = edit_fields(&file[3], |f| f[5] = b"\xff\xfe".to_vec());
    // Line 5: a channel that does not exist.
    file[4] = edit_fields(&file[4], |f| f[3] = b"telegram".to_vec());
    // Line 6: a customer that does not exist.
    file[5] = edit_fields(&file[5], |f| f[1] = b"C-NOSUCH1".to_vec());
    // Line 8 takes the id of line 7.
    let twice = id_of(&file[6]);
    file[7] = edit_fields(&file[7], |f| f[0] = twice.clone().into_bytes());
    // The last line cut short, as a copy that stopped would leave it.
    let last = file.last_mut().unwrap();
    last.truncate(last.len() - 12);
    env.write(MONTH, file.concat());
    (env, twice)
}

/// `cs check` names each kind of damage by file and line; nothing is written.
#[test]
fn check_names_every_kind_of_damage_by_file_and_line() {
    let (env, twice) = damaged();
    let last = lines(&std::fs::read(env.path(MONTH)).unwrap()).len();
    let before = env.files();
    let out = env.cs(["check"]).assert().code(1);
    let stdout = text(&out.get_output().stdout);
    for expected in [
        format!("{MONTH}:3: has 15 fields but the header has 14"),
        format!("{MONTH}:4: by: is not valid UTF-8 text"),
        format!("{MONTH}:5: channel: unknown channel 'telegram'"),
        format!("{MONTH}:6: customer: 'C-NOSUCH1' is not a customer"),
        format!("{MONTH}:8: id: '{twice}' is also the id on line 7"),
        format!("{MONTH}:{last}: the file ends in the middle of this line"),
    ] {
        assert!(stdout.contains(&expected), "{expected}\nin:\n{stdout}");
    }
    assert_eq!(env.files(), before);
}

/// No command adds a record to a file it cannot read, whether one at a time or by import;
/// the months that can be read still take records.
#[test]
fn no_command_adds_to_a_file_it_cannot_read() {
    let (env, _) = damaged();
    let before = env.files();
    let err = env.fails(words("visit add 杭州西湖国宾馆 -c phone -p routine --date 2026-10-20"));
    assert!(
        err.contains(&format!("{MONTH}:3:")) && err.contains("cs check --fix"),
        "{err}"
    );
    let import = env.root().join("visits.csv");
    std::fs::write(
        &import,
        "customer,date,channel,purpose,by,summary\n杭州西湖国宾馆,2026-10-21,phone,routine,wang,补货\n",
    )
    .unwrap();
    let err = env.fails(["import", "visits", import.to_str().unwrap()]);
    assert!(err.contains(&format!("{MONTH}:3:")), "{err}");
    assert_eq!(env.files(), before, "nothing was written");
    env.ok(words("visit add 杭州西湖国宾馆 -c phone -p routine --date 2026-11-20"));
}

/// `cs check --fix` removes a record copied twice (keeping the copy in its month's file), moves
/// a record to its month's file, and sets a cut-short last line aside in `.cs/rescued/`; it
/// says what it changed, changes no other line, and leaves two different versions of one
/// record for a person. A second run finds nothing to fix.
#[test]
fn fix_repairs_what_needs_no_guessing_and_changes_nothing_else() {
    let env = sample();
    let mut october = lines(&std::fs::read(env.path(MONTH)).unwrap());
    let original = october.clone();
    let september_path = "visits/2026-09.csv";
    let september = std::fs::read(env.path(september_path)).unwrap();
    // A merge kept line 4 twice; a hand edit moved line 5 to September's file; line 6 was
    // copied to September with another summary (two versions: a person decides).
    let copied = october[3].clone();
    let moved = october.remove(4);
    october.push(copied.clone());
    let other_version = edit_fields(&october[4], |f| {
        f[3] = if f[3] == b"phone" {
            b"onsite".to_vec()
        } else {
            b"phone".to_vec()
        }
    });
    let other_id = id_of(&october[4]);
    env.write(MONTH, october.concat());
    env.write(
        september_path,
        [september.clone(), moved.clone(), other_version].concat(),
    );
    // The last line of November cut short.
    let november_path = "visits/2026-11.csv";
    let november = std::fs::read(env.path(november_path)).unwrap();
    let cut = &november[..november.len() - 9];
    env.write(november_path, cut);
    let before: BTreeMap<String, Vec<u8>> = env.files();

    let out = env.cs(["check", "--fix"]).assert().code(1);
    let stdout = text(&out.get_output().stdout);
    let copied_id = id_of(&copied);
    let moved_id = id_of(&moved);
    let november_lines = lines(&november).len();
    let expected_fixes = [
        format!(
            "fixed: {september_path}:{}: date: moved {moved_id} to {MONTH}, the file of its month",
            lines(&september).len() + 1
        ),
        format!(
            "fixed: {MONTH}:{}: id: removed a second copy of {copied_id}, the same in every field as line 4",
            october.len()
        ),
        format!(
            "fixed: {november_path}:{november_lines}: took out the last line, which was cut short (the file ended in the middle of it); it is kept in .cs/rescued/visits-2026-11.csv"
        ),
        "fixed 3 lines".to_string(),
    ];
    let shown: Vec<&str> = stdout.lines().take(4).collect();
    assert_eq!(shown, expected_fixes, "{stdout}");
    // The two versions of one record are left, and reported.
    assert!(
        stdout.contains(&format!("id: '{other_id}' is also the id on")),
        "{stdout}"
    );

    let after = env.files();
    // October: the copy is gone and the moved record is back, at the end; no other line moved.
    let october_now = lines(&after[MONTH]);
    let mut expected_october = original.clone();
    let back = expected_october.remove(4);
    expected_october.push(back);
    assert_eq!(october_now, expected_october);
    // September keeps its own lines and the other version only.
    assert_eq!(&after[september_path][..september.len()], &september[..]);
    // November lost only its cut line, which is kept whole.
    let november_kept = lines(&november);
    assert_eq!(after[november_path], november_kept[..november_kept.len() - 1].concat());
    let rescued = std::fs::read(env.path(".cs/rescued/visits-2026-11.csv")).unwrap();
    assert_eq!(
        rescued,
        [&cut[cut.len() - (november_kept.last().unwrap().len() - 9)..], b"\n"].concat()
    );
    // No other file changed.
    for (file, bytes) in &before {
        if ![MONTH, september_path, november_path].contains(&file.as_str()) {
            assert_eq!(after.get(file), Some(bytes), "{file} changed");
        }
    }
    let again = env.cs(["check", "--fix"]).assert().code(1);
    assert!(text(&again.get_output().stdout).starts_with("nothing to fix\n"));
}
