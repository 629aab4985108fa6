#!/usr/bin/env bash
# One worker of a sharded batch, under any engine: archives its shard of the
# inputs into OUT/shard-K. The shard comes from the engine's environment:
# a Slurm array task (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, from 1)
# or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX from 0, SHARDS in all).
# Merge the shards afterwards with: rotproof report OUT/shard-* -o OUT/merged
# Usage: OUT=DIR [ROTPROOF=rotproof] [SHARDS=N] rotproof-shard.sh INPUT... [-- ARCHIVE_OPTION...]
set -euo pipefail
if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  k=$SLURM_ARRAY_TASK_ID n=$SLURM_ARRAY_TASK_COUNT
elif [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  k=$((JOB_COMPLETION_INDEX + 1)) n=${SHARDS:?SHARDS must say how many shards the Indexed Job has}
else
  echo "rotproof-shard.sh: no SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX: not run by an engine" >&2
  exit 2
fi
: "${OUT:?OUT must name the output directory of the batch}"
inputs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
[ $# -gt 0 ] && shift
# --resume: a task the engine restarts goes on where it stopped. Exit 1
# (archived, some reference dead: the report says which) is a finished task
# to the engine; 2 (bad input or usage) fails it.
rc=0
"${ROTPROOF:-rotproof}" archive "${inputs[@]}" --shard "$k/$n" --resume -o "$OUT/shard-$k" "$@" || rc=$?
[ "$rc" -eq 1 ] && exit 0
exit "$rc"
