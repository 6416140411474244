#!/bin/bash
# The vector DB keeps its data on its own persistent disk. It may attach after boot starts,
# so wait for it; format only a blank disk (a replaced instance keeps the existing data).
set -euo pipefail
device="{{data_device}}"
for _ in $(seq 1 60); do [ -b "$device" ] && break; sleep 5; done
[ -b "$device" ] || { echo "data disk $device never appeared" >&2; exit 1; }
if ! blkid "$device" >/dev/null 2>&1; then mkfs.ext4 -L qdrant-data "$device"; fi
mkdir -p /var/lib/qdrant
grep -q "LABEL=qdrant-data" /etc/fstab || echo "LABEL=qdrant-data /var/lib/qdrant ext4 defaults,nofail 0 2" >> /etc/fstab
mount -a
