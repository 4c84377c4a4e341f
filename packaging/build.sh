#!/usr/bin/env bash
# Builds an installable Misdirect from target/misdirect.jar and target/lib (run `mvn -Ppackage package`,
# which calls this script after the jar is built):
#   target/package/runtime      a jlink runtime: the JDK modules the app needs, jdk.crypto.ec (which jdeps
#                               misses: EC TLS keys and the lab's P-256 certificates need it), the modules of
#                               the security providers java.security lists, and the JavaFX modules taken from
#                               the modular javafx-*-linux.jar files;
#   target/package/Misdirect    a jpackage app-image with two launchers: bin/Misdirect (the workbench) and
#                               bin/misdirect (the command line; same program, give it a sub-command), and
#                               in its runtime a class-data archive made here by running the command line
#                               of this very image (lib/runtime/lib/server/classes.jsa);
#   target/package/*.deb        a Debian package of that app-image (only when dpkg-deb, dpkg-shlibdeps, unzip and
#                               strip are installed, or PACKAGE_TYPES says otherwise): the app in
#                               /usr/lib/misdirect, `misdirect` in /usr/bin, one desktop entry (the workbench).
# Usage: packaging/build.sh VERSION      Environment: PACKAGE_TYPES="app-image deb" (default: both if possible),
#        DEB_MAINTAINER="Name <address>" (the package's Maintainer field)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: packaging/build.sh VERSION}"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
out=target/package
rm -rf "$out"
mkdir -p "$out/input"

[ -d "$jdk/jmods" ] || { echo "packaging: $jdk/jmods is missing (Debian 12 ships them in openjdk-17-jdk-headless; Ubuntu: apt-get install openjdk-17-jmods)" >&2; exit 3; }
[ -f target/misdirect.jar ] || { echo "packaging: target/misdirect.jar is missing: run mvn -Ppackage package" >&2; exit 3; }

types="${PACKAGE_TYPES:-app-image deb}"
for type in $types; do
  case "$type" in
    app-image|deb) ;;
    *) echo "packaging: unknown package type '$type' (app-image, deb; .msi and .dmg: see packaging/README.md)" >&2; exit 2;;
  esac
done
make_deb=no
case " $types " in
  *" deb "*)
    missing=""
    for tool in dpkg-deb dpkg-shlibdeps strip unzip; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
    if [ -z "$missing" ]; then make_deb=yes
    else echo "packaging: skipping .deb (missing:$missing; Debian: apt-get install dpkg-dev binutils unzip)" >&2; fi
    ;;
esac

# The JavaFX modules go into the runtime; everything else is the app's class path.
fxpath=$(ls target/lib/javafx-*-linux.jar | tr '\n' ':')
cp target/misdirect.jar "$out/input/"
mkdir -p "$out/input/lib"
for jar in target/lib/*.jar; do
  # JavaFX is in the runtime
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$out/input/lib/";; esac
done

modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.sql
modules=$modules,java.xml,java.scripting,jdk.crypto.ec,jdk.unsupported,jdk.localedata,jdk.zipfs
modules=$modules,javafx.base,javafx.graphics,javafx.controls,javafx.fxml
# the modules of every provider that the runtime's conf/security/java.security lists: where one is missing, the
# JDK's first use of its provider list looks for it among the class path's providers and so builds BouncyCastle's
# whole provider (646 classes; `misdirect --version` took twice the CPU of `java -jar`)
modules=$modules,java.security.jgss,jdk.security.jgss,java.xml.crypto,java.smartcardio,jdk.crypto.cryptoki

# the engine's threads run at the lowest priority (nice 19 on Linux) so that the window keeps drawing while a probe or
# a replay takes the CPU (the JVM's own compiler and GC threads stay at the window's priority); built into the
# runtime, the flags need no launcher option and print no warning
"$jdk/bin/jlink" --module-path "$jdk/jmods:$fxpath" --add-modules "$modules" \
  --add-options="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/runtime"

app="$out/Misdirect"
"$jdk/bin/jpackage" --type app-image --name Misdirect --app-version "$version" --vendor "Misdirect" \
  --description "Workbench for diagnosing HTTP 421 Misdirected Request and HTTP connection coalescing" \
  --input "$out/input" --main-jar misdirect.jar --main-class dev.misdirect.Main \
  --runtime-image "$out/runtime" --icon assets/misdirect-256.png \
  --add-launcher misdirect=packaging/linux/cli-launcher.properties --dest "$out"

if command -v strip >/dev/null; then
  # What dh_strip does for a Debian package: no symbol tables or notes in the launchers and the runtime's
  # programs and libraries. Before the class-data archive is made, so that it is made by the binaries shipped.
  while IFS= read -r -d '' file; do
    if [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ]; then
      case "$file" in
        *.so) strip --remove-section=.comment --remove-section=.note --strip-unneeded "$file"; chmod 0644 "$file";;
        *) strip --remove-section=.comment --remove-section=.note "$file";;
      esac
    fi
  done < <(find "$app" -type f -print0)
fi

# The class-data archive: the runtime's own (lib/runtime/lib/server/classes.jsa, which every start of either
# launcher maps without an option), made here from this app-image by running its command line and listing the
# classes each run loads. It holds the runtime's classes only (JDK and JavaFX modules): Java 17 takes an archive of
# class-path jars only at the very path it was made at, and the package installs elsewhere; an archive of the
# runtime's modules is valid wherever the runtime is. The runs' lab CA is written under target/, not under $HOME.
training="$out/training"
mkdir -p "$training"
run=0
for command in "--version" "--help" "lab list" "check --lab healthy-separate-ips"; do
  run=$((run + 1))
  # shellcheck disable=SC2086 # the command's words are meant to be split
  JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$training/classes-$run.lst -Dmisdirect.home=$training/home" \
    "$app/bin/misdirect" $command > "$training/run-$run.log" 2>&1 \
    || { echo "packaging: the class-data training run 'misdirect $command' failed:" >&2; cat "$training/run-$run.log" >&2; exit 3; }
done
# one list, each class once, in the order first loaded
cat "$training"/classes-*.lst | awk '!seen[$0]++' > "$training/classes.lst"
"$app/lib/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$training/classes.lst" \
  -XX:SharedArchiveFile="$app/lib/runtime/lib/server/classes.jsa" > "$training/dump.log" 2>&1 \
  || { echo "packaging: the class-data archive could not be made:" >&2; cat "$training/dump.log" >&2; exit 3; }
# -Xshare:on: the start fails unless the archive maps
JAVA_TOOL_OPTIONS=-Xshare:on "$app/bin/misdirect" --version > "$training/check.log" 2>&1 \
  || { echo "packaging: the packaged command line does not take its class-data archive:" >&2; cat "$training/check.log" >&2; exit 3; }
echo "packaging: built $app (bin/Misdirect opens the workbench, bin/misdirect is the CLI)"

if [ "$make_deb" = yes ]; then
  bash packaging/linux/build-deb.sh "$version" "$app" "$out"
fi
