# Sourced by the scripts: the environment Trunk and the browser tests need.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export TRUNK_TOOLS_WASM_BINDGEN="$WASM_BINDGEN_VERSION"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
