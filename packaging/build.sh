#!/usr/bin/env bash
# Builds an installable Misdirect from target/misdirect.jar and target/lib (run `mvn -Ppackage package`,
# which calls this script after the jar is built):
#   target/package/runtime      a jlink runtime: the JDK modules the app needs, jdk.crypto.ec (which jdeps
#                               misses: EC TLS keys and the lab's P-256 certificates need it) and the JavaFX
#                               modules taken from the modular javafx-*-linux.jar files;
#   target/package/Misdirect    a jpackage app-image with two launchers: bin/Misdirect (the workbench) and
#                               bin/misdirect (the command line; same program, give it a sub-command);
#   target/package/*.deb        a Debian package (only when dpkg-deb and fakeroot are installed, or
#                               PACKAGE_TYPES says otherwise).
# Usage: packaging/build.sh VERSION      Environment: PACKAGE_TYPES="app-image deb" (default: both if possible)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: packaging/build.sh VERSION}"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
out=target/package
rm -rf "$out"
mkdir -p "$out/input"

[ -d "$jdk/jmods" ] || { echo "packaging: $jdk/jmods is missing (Debian 12 ships them in openjdk-17-jdk-headless; Ubuntu: apt-get install openjdk-17-jmods)" >&2; exit 3; }
[ -f target/misdirect.jar ] || { echo "packaging: target/misdirect.jar is missing: run mvn -Ppackage package" >&2; exit 3; }

# The JavaFX modules go into the runtime; everything else is the app's class path.
fxpath=$(ls target/lib/javafx-*-linux.jar | tr '\n' ':')
cp target/misdirect.jar "$out/input/"
mkdir -p "$out/input/lib"
for jar in target/lib/*.jar; do
  # JavaFX is in the runtime; Monocle (the headless platform) is only for the build's class-data training run
  case "$(basename "$jar")" in javafx-*|openjfx-monocle-*) ;; *) cp "$jar" "$out/input/lib/";; esac
done

modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.sql
modules=$modules,java.xml,java.scripting,jdk.crypto.ec,jdk.unsupported,jdk.localedata,jdk.zipfs
modules=$modules,javafx.base,javafx.graphics,javafx.controls,javafx.fxml

# the engine's threads run at the lowest priority (nice 19 on Linux) so that the window keeps drawing while a probe or
# a replay takes the CPU (the JVM's own compiler and GC threads stay at the window's priority); built into the
# runtime, the flags need no launcher option and print no warning
"$jdk/bin/jlink" --module-path "$jdk/jmods:$fxpath" --add-modules "$modules" \
  --add-options="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/runtime"

common=(--name Misdirect --app-version "$version" --vendor "Misdirect"
        --description "Workbench for diagnosing HTTP 421 Misdirected Request and HTTP connection coalescing"
        --input "$out/input" --main-jar misdirect.jar --main-class dev.misdirect.Main
        --runtime-image "$out/runtime" --icon assets/misdirect-256.png
        --add-launcher misdirect=packaging/linux/cli-launcher.properties --dest "$out")

types="${PACKAGE_TYPES:-app-image deb}"
for type in $types; do
  case "$type" in
    app-image)
      "$jdk/bin/jpackage" --type app-image "${common[@]}"
      echo "packaging: built $out/Misdirect (bin/Misdirect opens the workbench, bin/misdirect is the CLI)"
      ;;
    deb)
      if command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
        "$jdk/bin/jpackage" --type deb "${common[@]}" --resource-dir packaging/linux \
          --linux-package-name misdirect --linux-app-category net --linux-menu-group "Network;Development" \
          --linux-shortcut --license-file packaging/LICENSE-NOTE.txt
        echo "packaging: built $(ls "$out"/*.deb)"
      else
        echo "packaging: skipping .deb (needs dpkg-deb and fakeroot)" >&2
      fi
      ;;
    *) echo "packaging: unknown package type '$type' (app-image, deb; .msi and .dmg: see packaging/README.md)" >&2; exit 2;;
  esac
done
