# shellcheck shell=bash
# scripts/lib/lake-verify.sh — checks a folder lake's manifests offline (sourced). Needs jq, sha256sum, stat.
#
#   lake_verify ROOT   checks every manifest under ROOT (any {prefix}/_manifests/{dataset}/*.json) the way the
#                      portal's LakeVerifier does: each file it lists exists under ROOT with the recorded size and
#                      SHA-256, unless a housekeeping manifest lists it (same key and SHA-256) among the files it
#                      replaced (compacted or removed by retention), and its link to the dataset's previous manifest
#                      holds (that manifest exists and hashes to the recorded value). Prints one line per problem and
#                      a summary line; returns 1 on a problem.
#
# A key from a manifest is only followed when it is a plain relative key (no '..', '.', empty segments, leading '/'
# or backslash), so a tampered manifest cannot make the check read outside the lake.

lake_key_is_plain() {
  local key=$1
  [[ -n $key && $key != /* && $key != *\\* && $key != *//* && /$key/ != */../* && /$key/ != */./* && $key != */ ]]
}

# Size and SHA-256 of a file under the lake root: "SIZE HASH", or nothing when it is missing.
lake_hash() {
  local file=$1
  [[ -f $file ]] || return 0
  printf '%s %s\n' "$(stat -c %s -- "$file")" "$(sha256sum -- "$file" | cut -d' ' -f1)"
}

lake_verify() {
  local root=$1 manifests=0 files=0 problems=0 manifest rel key size sha actual previous previous_sha
  command -v jq >/dev/null || { printf 'lake: jq is needed to read the manifests (apt-get install jq)\n' >&2; return 1; }
  local -A replaced=()
  local replaced_files=0
  while IFS=$'\t' read -r key sha; do
    [[ -n $key ]] && replaced["$key ${sha,,}"]=1
  done < <(find "$root" -path "$root/.uploads" -prune -o -type f -path '*/_manifests/*' -name '*.json' -print0 \
    | xargs -0 -r jq -r '(.replaces // [])[] | [.key, .sha256] | @tsv' 2>/dev/null)
  while IFS= read -r -d '' manifest; do
    manifests=$((manifests + 1))
    rel=${manifest#"$root"/}
    if ! jq -e '(.files | type == "array") and (.dataset | type == "string")' "$manifest" >/dev/null 2>&1; then
      printf 'lake: %s is not a readable manifest\n' "$rel"
      problems=$((problems + 1))
      continue
    fi
    while IFS=$'\t' read -r key size sha; do
      files=$((files + 1))
      if ! lake_key_is_plain "$key"; then
        printf 'lake: %s lists a key that is not a plain lake key\n' "$rel"
        problems=$((problems + 1))
        continue
      fi
      actual=$(lake_hash "$root/$key")
      if [[ -z $actual && -n ${replaced["$key ${sha,,}"]:-} ]]; then
        replaced_files=$((replaced_files + 1))
      elif [[ -z $actual ]]; then
        printf 'lake: %s: missing (listed by %s)\n' "$key" "$rel"
        problems=$((problems + 1))
      elif [[ ${actual%% *} != "$size" ]]; then
        printf 'lake: %s: size %s bytes, the manifest says %s\n' "$key" "${actual%% *}" "$size"
        problems=$((problems + 1))
      elif [[ ${actual#* } != "${sha,,}" ]]; then
        printf 'lake: %s: SHA-256 %s, the manifest says %s\n' "$key" "${actual#* }" "$sha"
        problems=$((problems + 1))
      fi
    done < <(jq -r '.files[] | [.key, (.size | tostring), .sha256] | @tsv' "$manifest")
    previous=$(jq -r '.previousManifestKey // ""' "$manifest")
    previous_sha=$(jq -r '.previousManifestSha256 // ""' "$manifest")
    if [[ -z $previous ]]; then
      if [[ -n $previous_sha ]]; then
        printf "lake: %s records a previous manifest's hash but not its key\n" "$rel"
        problems=$((problems + 1))
      fi
    elif ! lake_key_is_plain "$previous" || [[ $previous != */_manifests/* && $previous != _manifests/* ]]; then
      printf "lake: %s: the previous manifest's key is not a manifest key\n" "$rel"
      problems=$((problems + 1))
    else
      actual=$(lake_hash "$root/$previous")
      if [[ -z $actual ]]; then
        printf 'lake: %s: the previous manifest %s is missing\n' "$rel" "$previous"
        problems=$((problems + 1))
      elif [[ ${actual#* } != "${previous_sha,,}" ]]; then
        printf 'lake: %s: the previous manifest %s has SHA-256 %s, this manifest recorded %s: it was changed\n' \
          "$rel" "$previous" "${actual#* }" "$previous_sha"
        problems=$((problems + 1))
      fi
    fi
  done < <(find "$root" -path "$root/.uploads" -prune -o -type f -path '*/_manifests/*' -name '*.json' -print0 | sort -z)
  printf 'lake: %d manifests, %d files checked (%d replaced by housekeeping), %d problems\n' "$manifests" "$files" "$replaced_files" "$problems"
  ((problems == 0))
}
