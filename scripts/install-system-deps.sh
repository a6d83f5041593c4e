#!/usr/bin/env bash
# System packages the test suite needs, from Debian's archive: prometheus and promtool (the
# observability tests run a real Prometheus) and openssl (the SMTP STARTTLS test makes a
# certificate) and kubectl (Debian's kubernetes-client; the k8s test runs `kubectl kustomize`)
# and faketime (libfaketime: `make test` runs the unit tests again with the clock 400 days ahead).
# Idempotent: does nothing when they are present.
set -euo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool   >/dev/null 2>&1 || need+=(prometheus)
command -v openssl    >/dev/null 2>&1 || need+=(openssl)
command -v kubectl    >/dev/null 2>&1 || need+=(kubernetes-client)
command -v faketime   >/dev/null 2>&1 || need+=(faketime)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian package starts a system service; the tests run their own Prometheus on free ports.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop prometheus 2>/dev/null || true; fi
pkill -x prometheus 2>/dev/null || true
