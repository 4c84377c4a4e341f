#!/usr/bin/env bash
# Makes target/package/misdirect_VERSION-1_ARCH.deb from the app-image packaging/build.sh made (called by it):
#   /usr/lib/misdirect/                     the app-image (bin/Misdirect, bin/misdirect, lib/)
#   /usr/bin/misdirect                      the command line (a script that starts it)
#   /usr/share/applications/misdirect.desktop   one desktop entry: the workbench
#   /usr/share/icons/hicolor/*/apps/        the icon in every size of assets/
#   /usr/share/doc/misdirect/               copyright (the licence notes), changelog.gz (CHANGELOG.md),
#                                           changelog.Debian.gz
#   /usr/share/lintian/overrides/misdirect  the lintian warnings that do not apply, each with its reason
# Depends is worked out by dpkg-shlibdeps from the runtime's own programs and libraries.
# Usage: packaging/linux/build-deb.sh VERSION APP_IMAGE_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:?usage: build-deb.sh VERSION APP_IMAGE_DIR OUT_DIR}"
app=$(readlink -f "${2:?app-image directory}")
out=$(readlink -f "${3:?output directory}")
here=packaging/linux
maintainer="${DEB_MAINTAINER:-Misdirect <maintainers@misdirect.dev>}"
debversion="$version-1"
arch=$(dpkg --print-architecture)
work="$out/deb"
root="$work/root"
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$root/usr/lib" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/doc/misdirect" "$root/usr/share/lintian/overrides"
umask 022

# cp -a keeps the files' times, those the runtime's class-data archive was made against
cp -a "$app" "$root/usr/lib/misdirect"
# files as Debian has them (jlink writes the legal notices and the JVM the archive read-only)
chmod -R u+w,go-w,a+rX "$root/usr/lib/misdirect"
# /usr/bin/misdirect starts what /usr/lib/misdirect/bin/misdirect starts (its runtime, options, class path and main
# class, read from its .cfg) without that launcher's own start-up work: at every start jpackage's Linux launcher asks
# rpm and dpkg which package owns it (`dpkg -S`, twice: about 0.7 s of CPU on a Debian machine).
cfg="$root/usr/lib/misdirect/lib/app/misdirect.cfg"
appdir=/usr/lib/misdirect/lib/app
classpath=$(sed -n 's/^app\.classpath=//p' "$cfg" | sed "s|\$APPDIR|$appdir|g" | paste -sd: -)
mainclass=$(sed -n 's/^app\.mainclass=//p' "$cfg")
options=$(sed -n 's/^java-options=//p' "$cfg" | sed "s|\$APPDIR|$appdir|g" | sed "s/.*/'&'/" | paste -sd' ' -)
[ -n "$classpath" ] && [ -n "$mainclass" ] || { echo "packaging: no class path or main class in $cfg" >&2; exit 3; }
{
  echo '#!/bin/sh'
  echo '# Misdirect'"'"'s command line (no arguments: the workbench), as /usr/lib/misdirect/bin/misdirect starts it.'
  echo "exec /usr/lib/misdirect/lib/runtime/bin/java $options '-Djpackage.app-path=/usr/lib/misdirect/bin/misdirect' \\"
  echo "  -cp '$classpath' \\"
  echo "  $mainclass \"\$@\""
} > "$root/usr/bin/misdirect"
chmod 0755 "$root/usr/bin/misdirect"
install -m 0644 "$here/misdirect.desktop" "$root/usr/share/applications/misdirect.desktop"
for png in assets/misdirect-*.png; do
  size=${png##*-}; size=${size%.png}
  install -D -m 0644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/misdirect.png"
done
install -D -m 0644 assets/misdirect.svg "$root/usr/share/icons/hicolor/scalable/apps/misdirect.svg"
install -m 0644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/misdirect"

# The licence notes: the package's own text, then the licence files the bundled jars carry.
doc="$root/usr/share/doc/misdirect"
{
  cat "$here/copyright"
  for jar in "$app"/lib/app/lib/*.jar; do
    for entry in $(unzip -Z1 "$jar" | grep -E '^META-INF/(LICEN[CS]E|NOTICE)[^/]*$' || true); do
      printf '\n----- %s: %s -----\n\n' "$(basename "$jar")" "$entry"
      # the Apache License 2.0 itself is in every Debian system; Debian asks for a pointer, not a copy
      if unzip -p "$jar" "$entry" | grep -q 'Apache License' && unzip -p "$jar" "$entry" | grep -q 'TERMS AND CONDITIONS FOR USE'; then
        echo "Apache License 2.0: /usr/share/common-licenses/Apache-2.0"
      else
        unzip -p "$jar" "$entry"
      fi
    done
  done
} > "$doc/copyright"
chmod 0644 "$doc/copyright"
gzip -9n < CHANGELOG.md > "$doc/changelog.gz"
when=$(git log -1 --format=%cD 2>/dev/null || date -R)
printf 'misdirect (%s) unstable; urgency=medium\n\n  * Misdirect %s; its changes are in /usr/share/doc/misdirect/changelog.gz.\n\n -- %s  %s\n' \
  "$debversion" "$version" "$maintainer" "$when" | gzip -9n > "$doc/changelog.Debian.gz"
chmod 0644 "$doc"/*.gz

install -m 0755 "$here/postinst" "$here/postrm" "$root/DEBIAN/"

# Depends: the shared libraries the runtime's programs and libraries need from the system (the runtime's own
# libraries are private to it). dpkg-shlibdeps reads the package's name from a debian/control.
mkdir -p "$work/shlibs/debian"
printf 'Source: misdirect\n\nPackage: misdirect\nArchitecture: any\n' > "$work/shlibs/debian/control"
binaries=()
while IFS= read -r -d '' file; do
  [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] && binaries+=("$(readlink -f "$file")")
done < <(find "$root/usr/lib/misdirect" -type f -print0)
runtime=$(readlink -f "$root/usr/lib/misdirect/lib/runtime/lib")
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O -l"$runtime" -l"$runtime/server" -l"$(dirname "$runtime")/.." \
  "${binaries[@]}" 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p') \
  || { echo "packaging: dpkg-shlibdeps failed:" >&2; cat "$work/shlibdeps.log" >&2; exit 3; }
[ -n "$depends" ] || { echo "packaging: dpkg-shlibdeps found no dependencies:" >&2; cat "$work/shlibdeps.log" >&2; exit 3; }

size=$(du -s -k --apparent-size "$root/usr" | cut -f1)
sed -e "s|@VERSION@|$debversion|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$size|" -e "s|@DEPENDS@|$depends|" "$here/control" > "$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

deb="$out/misdirect_${debversion}_${arch}.deb"
# the files keep their own times (SOURCE_DATE_EPOCH would clamp them), those the class-data archive was made against
env -u SOURCE_DATE_EPOCH dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "packaging: built $deb"
