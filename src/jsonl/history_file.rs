//! The history file of the `--history` flag: load before a run, save atomically after.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{CustomerHistory, Error, HistoryStore};

/// The version of the history file format.
pub const HISTORY_FILE_VERSION: u32 = 1;

/// The stored form of a history file.
#[derive(serde::Serialize, serde::Deserialize)]
struct HistoryFile {
    version: u32,
    customers: std::collections::BTreeMap<String, CustomerHistory>,
}

/// Loads the histories saved in `path` into `store`, oldest first (so that if the file
/// holds more customers than the store, the least recently updated are dropped), and
/// returns how many the file held. A missing file is an empty one.
///
/// # Errors
///
/// When the file cannot be read, is not valid JSON (corrupt or truncated), or was written
/// by a newer version. The error names the file; the file is not changed.
pub fn load_history(path: &Path, store: &HistoryStore) -> Result<usize, Error> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(path, e)),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::io(
            path,
            format!("not a valid history file: not UTF-8 (byte {at})"),
        )
    })?;
    let version = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("version")?.as_u64());
    if let Some(v) = version.filter(|&v| v > u64::from(HISTORY_FILE_VERSION)) {
        return Err(Error::io(
            path,
            format!(
                "history file version {v} is newer than this tool reads ({HISTORY_FILE_VERSION})"
            ),
        ));
    }
    let file: HistoryFile = serde_json::from_str(&text)
        .map_err(|e| Error::io(path, format!("not a valid history file: {e}")))?;
    let mut customers: Vec<(String, CustomerHistory)> = file.customers.into_iter().collect();
    customers.sort_by_key(|(_, h)| h.updated_at());
    let n = customers.len();
    for (id, h) in customers {
        store.insert(&id, h);
    }
    Ok(n)
}

/// Saves every history of `store` to `path` atomically: writes a temporary file in the same
/// folder, flushes it to disk, then renames it over `path`. A crash at any point leaves
/// either the old file or the new one, never a mix.
///
/// # Errors
///
/// When the folder is not writable or the disk is full; the old file is then untouched.
pub fn save_history(path: &Path, store: &HistoryStore) -> Result<(), Error> {
    let file = HistoryFile {
        version: HISTORY_FILE_VERSION,
        customers: store.snapshot(),
    };
    let json = serde_json::to_vec(&file).map_err(|e| Error::io(path, e))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "history".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.write_all(b"\n")?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
