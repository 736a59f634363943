//! Guided entry through a pseudo-terminal: a customer added and a visit logged by answering
//! the questions, Esc and Ctrl-C leaving every file as it was, and nothing ever asked when
//! standard input is not a terminal.

use rexpect::session::{PtySession, spawn_command};

use crate::support::{TestEnv, sample};

/// Enter, as a terminal in raw mode sends it.
const ENTER: &str = "\r";

fn spawn(env: &TestEnv, args: &[&str], lang: &str) -> PtySession {
    let mut cmd = env.std_command(args);
    cmd.env("CS_LANG", lang);
    spawn_command(cmd, Some(20_000)).expect("cs starts in a pseudo-terminal")
}

/// Waits for `text` on the terminal.
fn expect(session: &mut PtySession, text: &str) {
    // rexpect reads the terminal a byte per character: UTF-8 text arrives as its bytes.
    let bytes: String = text.bytes().map(char::from).collect();
    session
        .exp_string(&bytes)
        .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
}

/// Waits for `text` on the terminal, then types `keys`.
fn answer(session: &mut PtySession, text: &str, keys: &str) {
    expect(session, text);
    session.send(keys).unwrap();
    session.flush().unwrap();
}

#[test]
fn a_customer_is_added_by_answering_the_questions() {
    let env = sample();
    let mut session = spawn(&env, &["customer", "add"], "en");
    answer(&mut session, "Customer name:", &format!("问答测试酒行{ENTER}"));
    answer(&mut session, "Class:", ENTER);
    // The first owner after "(none)", then no center.
    answer(&mut session, "Owner (consultant):", &format!("\x1b[B{ENTER}"));
    answer(&mut session, "Distribution center:", ENTER);
    answer(&mut session, "Contact person:", &format!("冯经理{ENTER}"));
    answer(&mut session, "Phone:", &format!("0571-86001234{ENTER}"));
    answer(&mut session, "Add 问答测试酒行", &format!("y{ENTER}"));
    session.exp_eof().unwrap();
    let shown = env.json(["customer", "show", "问答测试酒行"]);
    assert_eq!(shown["contact"], "冯经理");
    assert_eq!(shown["phone"], "0571-86001234");
    assert!(shown["owner"].is_string(), "an owner was picked: {shown}");
}

#[test]
fn a_visit_is_logged_by_picking_the_customer_by_pinyin_initials() {
    let env = sample();
    let before = env.ok(["visit", "list", "--customer", "杭州西湖国宾馆", "--format", "csv"]);
    let mut session = spawn(&env, &["visit", "add"], "zh");
    answer(&mut session, "客户：", &format!("hzxh{ENTER}"));
    answer(&mut session, "回访方式：", ENTER);
    answer(&mut session, "回访类型：", ENTER);
    // Routine: the first topic picked with Space.
    answer(&mut session, "回访内容：", &format!(" {ENTER}"));
    answer(&mut session, "回访摘要：", &format!("问答录入的回访{ENTER}"));
    answer(&mut session, "杭州西湖国宾馆", &format!("y{ENTER}"));
    session.exp_eof().unwrap();
    let after = env.ok(["visit", "list", "--customer", "杭州西湖国宾馆", "--format", "csv"]);
    let added: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    assert_eq!(added.len(), 1, "one visit added: {added:?}");
    assert!(
        added[0].contains(",phone,routine,") && added[0].contains("问答录入的回访"),
        "{added:?}"
    );
    assert!(added[0].contains("产品反馈"), "the first routine topic: {added:?}");
}

#[test]
fn ctrl_c_or_esc_at_any_question_writes_nothing() {
    let env = sample();
    let files = env.files();
    let mut session = spawn(&env, &["visit", "add"], "en");
    answer(&mut session, "Customer:", &format!("hzxh{ENTER}"));
    answer(&mut session, "Channel:", ENTER);
    expect(&mut session, "Purpose:");
    session.send_control('c').unwrap();
    session.exp_eof().unwrap();
    assert!(env.files() == files, "Ctrl-C left the data as it was");

    let mut session = spawn(&env, &["customer", "add"], "en");
    answer(&mut session, "Customer name:", &format!("不会写入的客户{ENTER}"));
    answer(&mut session, "Class:", "\x1b");
    session.exp_eof().unwrap();
    assert!(env.files() == files, "Esc left the data as it was");
}

#[test]
fn nothing_is_asked_when_standard_input_is_not_a_terminal() {
    let env = sample();
    let files = env.files();
    for args in [
        vec!["visit", "add"],
        vec!["visit", "add", "杭州西湖国宾馆", "-c", "phone"],
        vec!["customer", "add"],
    ] {
        let out = env
            .cs(&args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is needed"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Enter"), "no question was asked: {stderr}");
    }
    // --no-input is the same on a terminal.
    let mut session = spawn(&env, &["visit", "add", "--no-input"], "en");
    expect(&mut session, "CUSTOMER is needed");
    session.exp_eof().unwrap();
    assert!(env.files() == files);
}

#[test]
fn a_customer_that_matches_nothing_is_offered_from_the_closest_names() {
    let env = sample();
    let out = env.fails(["customer", "show", "杭州西湖宾馆"]);
    assert!(out.contains("杭州西湖国宾馆"), "the closest name is suggested: {out}");
    let mut session = spawn(&env, &["customer", "show", "杭州西湖宾馆"], "en");
    answer(&mut session, "Customer:", ENTER);
    expect(&mut session, "杭州西湖国宾馆");
    session.exp_eof().unwrap();
}
