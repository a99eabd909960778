#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer's coverage instrumentation on the stable
# toolchain (the same flags `cargo fuzz build --sanitizer none` passes), without needing
# cargo-fuzz or nightly. Binaries land in fuzz/target/<triple>/release/<target>.
set -euo pipefail
cd "$(dirname "$0")"
triple="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Cdebug-assertions -Coverflow-checks ${RUSTFLAGS:-}"
cargo build --release --target "$triple" --bins "$@"
echo "$PWD/target/$triple/release"
