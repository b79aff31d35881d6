#!/usr/bin/env bash
# tests/style/format.sh: every C file in the repository is formatted with
# the checked-in .clang-format (run `make format` to fix).  One check.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v clang-format >/dev/null; then
	echo "FAIL clang-format: clang-format is not installed (tools/check-deps installs it)"
	exit 1
fi
mapfile -t files < <(git ls-files '*.c' '*.h')
bad=()
for f in "${files[@]}"; do
	clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -eq 0 ]; then
	echo "PASS clang-format (${#files[@]} files)"
else
	echo "FAIL clang-format: ${#bad[@]} files differ from .clang-format: ${bad[*]} (run make format)"
	exit 1
fi
