#!/bin/sh
# Rebuilds the templates in this folder: oapi-codegen's own templates, at the
# version go.mod pins, with fastlytokens.patch applied (see README.md). It
# fails, and changes nothing, when the patch no longer applies: upgrading
# oapi-codegen means bringing the patch along. OAPI_CODEGEN_TEMPLATES names
# another folder of stock templates (the tests use it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stock=${OAPI_CODEGEN_TEMPLATES:-$(cd "$here" && go list -m -f '{{.Dir}}' github.com/oapi-codegen/oapi-codegen/v2)/pkg/codegen/templates}
files=$(sed -n 's|^+++ b/||p' "$here/fastlytokens.patch")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in $files; do
	cp "$stock/$f" "$work/$f"
	chmod u+w "$work/$f"
done
if ! (cd "$work" && git apply "$here/fastlytokens.patch" 2>"$work/error"); then
	cat "$work/error" >&2
	echo "gen/templates/fastlytokens.patch does not apply to oapi-codegen's templates in $stock: see gen/templates/README.md" >&2
	exit 1
fi
for f in $files; do
	cp "$work/$f" "$here/$f"
done
