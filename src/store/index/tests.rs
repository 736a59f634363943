//! The index's own tests: what it keeps on disk between commands.

use std::fs;

use super::*;
use crate::model::customer::Customer;
use crate::model::settings::SETTINGS_FILE;
use crate::model::settings_edit::template;
use crate::store::LockKind;

fn add(store: &Store, id: &str) {
    let mut tx = store.transaction();
    tx.append(&[crate::store::tests::customer(id, "Customer")]).unwrap();
    tx.commit().unwrap();
}

#[test]
fn a_delta_written_again_when_only_the_file_times_changed_can_be_read_back() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(SETTINGS_FILE), template("x", crate::i18n::Lang::En)).unwrap();
    let store = Store::open(dir.path(), LockKind::Exclusive, &|_| {}).unwrap();
    add(&store, "C-AAAAAAAA");
    FileIndex::<Customer>::load(&store, None).unwrap();
    // The second customer goes into the delta.
    add(&store, "C-BBBBBBBB");
    FileIndex::<Customer>::load(&store, None).unwrap();
    // The file's times change, its bytes do not (a touch, a checkout of the same content):
    // the delta is written again with the new state.
    let file = dir.path().join("customers.csv");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let index = FileIndex::<Customer>::load(&store, None).unwrap();
    assert_eq!(index.rows(), 2);

    let main_path = store.index_path(Path::new("customers.csv"));
    let stored = FileIndex::<Customer>::read_stored(&main_path, Path::new("customers.csv"), "customers.csv", None)
        .expect("the main part reads");
    let delta = stored
        .delta
        .expect("the delta reads back, so the next command need not index again");
    assert_eq!(delta.rows(), 1);
    assert_eq!(stored.state.fingerprint, Fingerprint::of(&file).unwrap().unwrap());
}
