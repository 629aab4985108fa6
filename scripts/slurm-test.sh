#!/usr/bin/env bash
# A sharded batch under a real Slurm: a one-node cluster (munge, slurmctld
# and slurmd from Debian's slurm-wlm, in the foreground, configured under a
# temporary directory) runs `sbatch --array=1-4` of docs/cluster/slurm-array.sbatch
# over the corpus's posts against the loopback origin. Checks: every task
# completed, the shards' archives are exactly an unsharded run's with no
# article in two shards, and `rotproof report` over the shards gives the
# unsharded run's totals. Stops every daemon it started by its PID.
# Exit 77 (skipped, with why) when Slurm or munge is not installed.
# Usage: scripts/slurm-test.sh [BUILD_DIR]
set -euo pipefail
case "${1:-}" in -h | --help) sed -n "2,10p" "$0" | sed "s/^# \\{0,1\\}//"; exit 0 ;; esac
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
for tool in munged slurmctld slurmd sbatch sinfo sacct; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "slurm-test: skipped: $tool not installed (scripts/install-deps.sh --test installs slurm-wlm and munge)"; exit 77; }
done
PATH=$PATH:/usr/sbin
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# munge: its own key, socket and files under $work.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/out"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.sock" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
  >"$work/munge/out.log" 2>&1 &
pids+=($!)

host=$(hostname -s)
cat >"$work/slurm.conf" <<CONF
ClusterName=rotproof-test
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$work/jobcomp.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
for _ in $(seq 50); do [ -S "$work/munge/munge.sock" ] && break; sleep 0.1; done
slurmctld -D -i >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o '%P %T %D' | grep -q idle || { echo "slurm-test: the node never came up"; tail "$work"/*.log; exit 1; }

"$build/rotproof-origin" 0 >"$work/origin.log" &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/origin.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$work/origin.log")
# The corpus's posts (the fixtures' deliberately broken ones left out).
mkdir -p "$work/posts"
cp tests/fixtures/posts/0[0-9][0-9]-*.md "$work/posts/"
posts=$work/posts

start=$EPOCHREALTIME
job=$(OUT="$work/out" ROTPROOF="$build/rotproof" ROTPROOF_SHARD="$PWD/docs/cluster/rotproof-shard.sh" sbatch --parsable --wait --export=ALL \
  --output="$work/task-%a.log" docs/cluster/slurm-array.sbatch "$posts" -- --connect-to "::127.0.0.1:$port" --quiet) ||
  true
echo "slurm-test: job $job done in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s"
for log in "$work"/task-*.log; do echo "== $(basename "$log")"; tail -n 3 "$log"; done
states=$(cut -d' ' -f1- "$work/jobcomp.log" | grep -o 'JobState=[A-Z]*' | sort | uniq -c)
echo "$states"
completed=$(grep -c 'JobState=COMPLETED' "$work/jobcomp.log" || true)
"$build/rotproof" archive "$posts" -o "$work/whole" --connect-to "::127.0.0.1:$port" --quiet || true
"$build/rotproof" report "$work"/out/shard-* -o "$work/merged" >/dev/null || true

python3 - "$work" "$completed" <<'PY'
import json, os, sys
work, completed = sys.argv[1], int(sys.argv[2])
shards = sorted(d for d in os.listdir(f"{work}/out") if d.startswith("shard-"))
per = {d: sorted(f for f in os.listdir(f"{work}/out/{d}") if f.endswith(".wacz")) for d in shards}
union = [f for files in per.values() for f in files]
whole = sorted(f for f in os.listdir(f"{work}/whole") if f.endswith(".wacz"))
merged = json.load(open(f"{work}/merged/report.json"))["totals"]
single = json.load(open(f"{work}/whole/report.json"))["totals"]
checks = {
    "4 tasks completed": completed == 4,
    "4 shards written": len(shards) == 4,
    "no article in two shards": len(union) == len(set(union)),
    "the shards hold exactly the unsharded run's archives": sorted(union) == whole,
    "the merged report's totals are the unsharded run's": merged == single,
}
for shard, files in per.items():
    print(f"  {shard}: {len(files)} archives")
print(f"  unsharded: {len(whole)} archives; merged totals {merged}")
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
sys.exit(0 if all(checks.values()) else 1)
PY
