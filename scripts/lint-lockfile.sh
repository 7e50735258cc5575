#!/usr/bin/env bash
# Supply chain (#17): every package of the lockfile comes over https from the npm registry with an sha512
# integrity hash. lockfile-lint checks the scheme, the host and the hash type; lockfile-integrity.ts the
# entries lockfile-lint passes because they have no hash at all. Usage: lint-lockfile.sh [lockfile]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lockfile="${1:-package-lock.json}"
npx lockfile-lint --path "$lockfile" --type npm --validate-https --allowed-hosts npm --validate-integrity --empty-hostname false --format plain
npx ts-node --transpile-only scripts/lockfile-integrity.ts "$lockfile"
