#!/usr/bin/env bash
# Installs (if needed) and starts a single-node Slurm cluster on this machine: munge for
# authentication, slurmctld (controller) and slurmd (compute node) on localhost, one partition
# `debug` holding this host. For Bench's `bench slurm` integration test and for trying the Slurm
# workflow on a laptop or CI runner; not a production setup (no accounting database, no cgroups).
#
# Idempotent: safe to run again; it rewrites the config only when it changed and starts only the
# daemons that are not running. No systemd needed: the daemons are started directly.
#
# Usage: scripts/slurm-local.sh            install + configure + start, wait until the node is idle
#        scripts/slurm-local.sh --stop     stop the daemons this script starts
# Env:   SLURM_LOCAL_NO_INSTALL=1          never run apt-get (fail if slurm-wlm is missing)
#        SLURM_LOCAL_TIMEOUT=60            seconds to wait for the node to become idle
# Exit:  0 when `sinfo` shows the node idle; 1 otherwise, with the reason on stderr.
set -euo pipefail

log() { printf 'slurm-local: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

CONF_DIR=/etc/slurm
CONF="$CONF_DIR/slurm.conf"
STATE_DIR=/var/spool/slurmctld
SLURMD_DIR=/var/spool/slurmd
LOG_DIR=/var/log/slurm
RUN_DIR=/run/slurm
TIMEOUT="${SLURM_LOCAL_TIMEOUT:-60}"

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [[ "${1:-}" == "--stop" ]]; then
  for d in slurmd slurmctld; do
    if pid_alive "$RUN_DIR/$d.pid"; then kill "$(cat "$RUN_DIR/$d.pid")" && log "stopped $d"; fi
  done
  if pid_alive /run/munge/munged.pid; then kill "$(cat /run/munge/munged.pid)" && log "stopped munged"; fi
  exit 0
fi

[[ "$(id -u)" == 0 ]] || die "must run as root (it installs packages and starts system daemons)"

# 1. Install.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  [[ "${SLURM_LOCAL_NO_INSTALL:-0}" == 1 ]] && die "slurm-wlm/munge are not installed and SLURM_LOCAL_NO_INSTALL=1"
  command -v apt-get >/dev/null || die "slurm-wlm is not installed and apt-get is absent; install Slurm with your OS package manager"
  log "installing slurm-wlm and munge with apt-get"
  flock /tmp/apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge' >&2 \
    || die "apt-get install slurm-wlm munge failed"
fi

# 2. Munge key and daemon.
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
if [[ ! -s /etc/munge/munge.key ]]; then
  log "creating /etc/munge/munge.key"
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force
  else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
fi
MUNGE_USER=root
id munge >/dev/null 2>&1 && MUNGE_USER=munge
chown -R "$MUNGE_USER:" /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
chmod 0400 /etc/munge/munge.key
if ! pid_alive /run/munge/munged.pid; then
  log "starting munged"
  if [[ "$MUNGE_USER" == munge ]] && command -v runuser >/dev/null; then
    runuser -u munge -- /usr/sbin/munged --force
  else
    /usr/sbin/munged --force
  fi
fi
munge -n | unmunge >/dev/null 2>&1 || die "munge does not work (munge -n | unmunge failed); see /var/log/munge/munged.log"

# 3. slurm.conf for this host.
HOST="$(hostname -s)"
CPUS="$(nproc)"
# RealMemory in MiB, a little under the total so slurmd does not drain the node for low memory.
MEM_MB="$(free -m | awk '/^Mem:/ { printf "%d", $2 * 0.9 }')"
mkdir -p "$CONF_DIR" "$STATE_DIR" "$SLURMD_DIR" "$LOG_DIR" "$RUN_DIR"
NEW_CONF="$(cat <<EOF
# Written by Bench's scripts/slurm-local.sh: a single-node cluster on localhost.
ClusterName=bench-local
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerType=sched/backfill
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SLURMD_DIR
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=10001
InactiveLimit=0
KillWait=30
MinJobAge=300
SlurmctldTimeout=120
SlurmdTimeout=300
Waittime=0
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
)"
CHANGED=0
if [[ ! -f "$CONF" ]] || [[ "$(cat "$CONF")" != "$NEW_CONF" ]]; then
  printf '%s\n' "$NEW_CONF" > "$CONF"
  CHANGED=1
  log "wrote $CONF (node $HOST, $CPUS CPUs, ${MEM_MB} MiB)"
fi
# Slurm 22+ refuses to start without cgroup.conf only when cgroup plugins are used; write a
# harmless one anyway so a later switch to cgroups does not surprise.
[[ -f "$CONF_DIR/cgroup.conf" ]] || printf 'CgroupPlugin=autodetect\n' > "$CONF_DIR/cgroup.conf"

# 4. Daemons (restarted when the config changed).
if [[ "$CHANGED" == 1 ]]; then
  for d in slurmd slurmctld; do
    if pid_alive "$RUN_DIR/$d.pid"; then kill "$(cat "$RUN_DIR/$d.pid")"; sleep 1; fi
  done
fi
if ! pid_alive "$RUN_DIR/slurmctld.pid"; then
  log "starting slurmctld"
  /usr/sbin/slurmctld -f "$CONF" || die "slurmctld failed to start; see $LOG_DIR/slurmctld.log"
fi
if ! pid_alive "$RUN_DIR/slurmd.pid"; then
  log "starting slurmd"
  /usr/sbin/slurmd -f "$CONF" || die "slurmd failed to start; see $LOG_DIR/slurmd.log"
fi

# 5. Wait until the node is idle (resume it if it came up down/drained from an earlier run).
deadline=$((SECONDS + TIMEOUT))
while :; do
  state="$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null | head -n1 || true)"
  case "$state" in
    idle|idle\**|mixed|allocated|completing) log "node $HOST is $state"; break ;;
    down*|drain*|drained*) scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  if (( SECONDS >= deadline )); then
    die "node $HOST not idle after ${TIMEOUT}s (state: '${state:-none}'); see $LOG_DIR/slurmctld.log and $LOG_DIR/slurmd.log"
  fi
  sleep 1
done
sinfo >&2
