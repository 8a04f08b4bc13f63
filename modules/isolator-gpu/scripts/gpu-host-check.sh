#!/bin/sh
# Captures what isolator-gpu's discovery reads on a real NVIDIA host, then checks the parsers
# against it. Run from the repository root, as root, on a GPU machine (modules/isolator-gpu/lib
# built, for the parser check). Writes everything under $OUT (default /tmp/gpu-host-check) and
# prints PASS/FAIL lines; exits non-zero when a check fails.
OUT=${OUT:-/tmp/gpu-host-check}
mkdir -p "$OUT"
Q='--query-gpu=index,uuid,name,memory.total,pci.bus_id'
nvidia-smi "$Q" --format=csv,noheader,nounits >"$OUT/query.txt" 2>&1; echo $? >"$OUT/query.rc"
nvidia-smi "$Q" --format=csv >"$OUT/query-header-units.txt" 2>&1
nvidia-smi -q >"$OUT/q.txt" 2>&1
nvidia-smi -L >"$OUT/L.txt" 2>&1
stat -c '%n %F %t:%T %a' /dev/nvidia* /dev/nvidia-caps/* >"$OUT/dev-stat.txt" 2>&1
cat /proc/devices >"$OUT/proc-devices.txt" 2>&1
for f in /proc/driver/nvidia/gpus/*/information; do echo "== $f"; cat "$f"; done >"$OUT/driver-information.txt" 2>&1
cat /proc/driver/nvidia/version >"$OUT/driver-version.txt" 2>&1
{ uname -r; grep -E 'cgroup' /proc/mounts; } >"$OUT/host.txt" 2>&1
{ for b in runc nvidia-smi nvidia-modprobe nvidia-container-cli ldconfig node; do printf '%s: ' "$b"; command -v "$b" || echo absent; done; } >"$OUT/which.txt"
ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libnvidia-ml\.so|libnvidia-ptxjitcompiler' >"$OUT/libs.txt"
if command -v node >/dev/null 2>&1 && [ -f modules/isolator-gpu/lib/src/nvidia.js ]; then
  node modules/isolator-gpu/scripts/check-captured.js "$OUT" | tee "$OUT/check.txt"
  exit "$(grep -c '^FAIL' "$OUT/check.txt")"
fi
echo "node or modules/isolator-gpu/lib missing: captured only (see $OUT)"
