#!/usr/bin/env bash
# System packages the test suite needs, from Debian's archive: prometheus and promtool (the
# observability tests run a real Prometheus) and openssl (the SMTP STARTTLS test makes a
# certificate) and kubectl (Debian's kubernetes-client; the k8s test runs `kubectl kustomize`)
# and faketime (libfaketime: `make test` runs the unit tests again with the clock 400 days ahead)
# and prometheus-alertmanager (the delivery tests post alerts to a real Alertmanager).
# Idempotent: does nothing when they are present.
set -euo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool   >/dev/null 2>&1 || need+=(prometheus)
command -v openssl    >/dev/null 2>&1 || need+=(openssl)
command -v kubectl    >/dev/null 2>&1 || need+=(kubernetes-client)
command -v faketime   >/dev/null 2>&1 || need+=(faketime)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian packages start their system services; the tests run their own Prometheus and
# Alertmanager on free ports. Stop those services by name, through the init system that started
# them, only for packages installed just now: a Prometheus the user runs otherwise is left alone.
for pkg in "${need[@]}"; do
  case "$pkg" in
    prometheus|prometheus-alertmanager)
      if [ -d /run/systemd/system ]; then
        $SUDO systemctl stop "$pkg" 2>/dev/null || true
      elif [ -x "/etc/init.d/$pkg" ]; then
        $SUDO "/etc/init.d/$pkg" stop >/dev/null 2>&1 || true
      fi
      ;;
  esac
done
