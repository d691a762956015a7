//! The demo mailbox shipped in assets/demo is exactly what `scripts/demo` makes: the test
//! provider, seed 2025. A stale or hand-edited demo fails here.

use std::path::Path;

#[test]
fn assets_demo_is_the_generated_demo() {
    let out = tempfile::tempdir().unwrap();
    sigillo_test_provider::demo::write_demo(out.path(), 2025).expect("demo generation");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let mut files = Vec::new();
    collect(out.path(), out.path(), &mut files);
    let mut shipped_files = Vec::new();
    collect(&shipped, &shipped, &mut shipped_files);
    assert_eq!(files, shipped_files, "file lists differ: run scripts/demo");
    for f in &files {
        assert_eq!(
            std::fs::read(out.path().join(f)).unwrap(),
            std::fs::read(shipped.join(f)).unwrap(),
            "{f} differs from the generator's output: run scripts/demo"
        );
    }
    assert!(files.len() >= 20);
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
}
