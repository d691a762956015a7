//! The archive fuzz targets' checks, shared with `tests/hostile/fuzz_regressions.rs` (which replays
//! the kept inputs through exactly these functions).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Mutex;

use sigillo::import::mbox::{MboxReader, write_mbox};
use sigillo::import::{ImportOptions, import};
use sigillo::store::Store;

/// The streaming mbox reader and writer. On any bytes the reader must not panic, must give
/// rising offsets that each point at a `From ` line (but a first chunk at 0 that does not) and
/// never more bytes than it read; and messages written with `write_mbox` must come back byte
/// for byte (every message that ends with a line break: the mbox format cannot say that a
/// message had none).
pub fn mbox_round_trip(data: &[u8]) {
    let read: Vec<_> = MboxReader::new(data)
        .collect::<std::io::Result<Vec<_>>>()
        .expect("reading from memory cannot fail");
    let mut last: Option<u64> = None;
    let mut total = 0;
    for m in &read {
        let at = usize::try_from(m.offset).unwrap();
        assert!(at < data.len().max(1));
        if let Some(l) = last {
            assert!(m.offset > l, "offsets rise");
        }
        if last.is_some() || data.starts_with(b"From ") {
            assert!(
                data[at..].starts_with(b"From "),
                "offset {at} is a separator"
            );
        }
        total += m.bytes.len();
        last = Some(m.offset);
    }
    assert!(total <= data.len(), "no byte invented");

    // Round trip: the input cut at NUL bytes into messages.
    let messages: Vec<&[u8]> = data
        .split(|&b| b == 0)
        .filter(|m| m.ends_with(b"\n"))
        .collect();
    let mut out = Vec::new();
    write_mbox(&mut out, &messages).unwrap();
    let back: Vec<Vec<u8>> = MboxReader::new(&out[..])
        .map(|m| m.unwrap().bytes)
        .collect();
    assert_eq!(back.len(), messages.len(), "as many messages back");
    for (a, b) in messages.iter().zip(&back) {
        assert_eq!(*a, &b[..], "byte-exact round trip");
    }
}

struct State {
    root: PathBuf,
    store: Option<Store>,
    runs: usize,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

/// A fresh store every few hundred inputs, so the database stays small and fast.
const RUNS_PER_STORE: usize = 200;

fn base() -> PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    parent.join(format!("sigillo-fuzz-import-{}", std::process::id()))
}

/// The importer end to end on files made of the input — an mbox, a Maildir whose messages are
/// the input cut at NUL bytes, and a loose `.eml` — into a real store (SQLite in a temporary
/// folder under /dev/shm). It must never panic, read every file, and store every message it
/// read: imported plus duplicates equals messages read, and no analysis is left pending.
pub fn import_files(data: &[u8]) {
    let mut guard = STATE.lock().unwrap();
    let state = guard.get_or_insert_with(|| State {
        root: base(),
        store: None,
        runs: 0,
    });
    if state.runs.is_multiple_of(RUNS_PER_STORE) {
        state.store = None;
        let _ = std::fs::remove_dir_all(&state.root);
        std::fs::create_dir_all(&state.root).unwrap();
        state.store = Some(Store::open(&state.root.join("profile")).unwrap());
    }
    state.runs += 1;
    let input = state.root.join("input");
    let _ = std::fs::remove_dir_all(&input);
    let maildir = input.join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let mut mbox = b"From fuzz@localhost Wed Feb  5 10:15:31 2025\n".to_vec();
    mbox.extend_from_slice(data);
    std::fs::write(input.join("Inbox"), &mbox).unwrap();
    let parts: Vec<&[u8]> = data.split(|&b| b == 0).take(16).collect();
    for (i, p) in parts.iter().enumerate() {
        std::fs::write(maildir.join("new").join(format!("{i}.fuzz:2,")), p).unwrap();
    }
    let eml = input.join("loose.eml");
    std::fs::write(&eml, data).unwrap();

    let store = state.store.as_mut().unwrap();
    let s = import(
        store,
        &[input.join("Inbox"), maildir, eml],
        &ImportOptions::default(),
        &mut |_| {},
    )
    .expect("the store takes every message");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(s.imported + s.duplicates, s.messages);
    assert!(s.messages >= parts.len() + 2);
    assert_eq!(store.stats().unwrap().pending, 0, "every message analysed");
}

/// Removes the temporary folder of [`import_files`] (the replaying test calls it; a fuzzing
/// process is stopped from outside and scripts/fuzz removes it).
pub fn clean_up() {
    let mut guard = STATE.lock().unwrap();
    if let Some(state) = guard.take() {
        drop(state.store);
        let _ = std::fs::remove_dir_all(&state.root);
    }
}
