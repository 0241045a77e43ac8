# Set-up steps shared by ./gbscan and the benchmarks. Idempotent and quick once done.
# Everything the project needs on a fresh Debian machine is installed from here, nothing by hand.

GBSCAN_APT_PACKAGES=(libpixelmed-java orthanc orthanc-dicomweb orthanc-webviewer dcmtk dicom3tools zip unzip)
PIXELMED_VERSION=20220618
M2_REPO="${M2_REPO:-$HOME/.m2/repository}"

log() { printf '[gbscan] %s\n' "$*" >&2; }

# The JVM switches every gbscan JVM gets: the one place for DJL's offline mode.
# An explicit heap, and exit on OutOfMemoryError: a JVM that lost a thread to OOM limps on with a dead
# consumer while /health says UP; exiting lets the supervisor restart it (the spool re-queues the work,
# and a study that keeps killing it is parked after listener.maxDeliveries).
gbscan_jvm_options() {
  printf '%s ' "-Xmx${GBSCAN_HEAP:-4g}" -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    "-DDJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.cache/gbscan/djl}" ${GBSCAN_JAVA_OPTS:-}
}

gbscan_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# PixelMed's manifest Class-Path drags Debian's slf4j jars ahead of Maven's: install a stripped copy.
gbscan_pixelmed() {
  local target="$M2_REPO/com/pixelmed/pixelmed/$PIXELMED_VERSION/pixelmed-$PIXELMED_VERSION.jar"
  [ -f "$target" ] && return 0
  log "installing PixelMed $PIXELMED_VERSION (manifest Class-Path stripped) into $M2_REPO"
  local work; work="$(mktemp -d)"
  cp /usr/share/java/pixelmed.jar "$work/pixelmed.jar"
  (cd "$work" && unzip -q -o pixelmed.jar META-INF/MANIFEST.MF \
     && awk 'BEGIN{skip=0} /^Class-Path:/{skip=1; next} skip && /^ /{next} {skip=0; print}' META-INF/MANIFEST.MF > MANIFEST.new \
     && cp MANIFEST.new META-INF/MANIFEST.MF && zip -q pixelmed.jar META-INF/MANIFEST.MF)
  mvn -B -q install:install-file -Dfile="$work/pixelmed.jar" -DgroupId=com.pixelmed -DartifactId=pixelmed \
    -Dversion="$PIXELMED_VERSION" -Dpackaging=jar -DgeneratePom=true
  rm -rf "$work"
}

gbscan_setup() {
  gbscan_apt "${GBSCAN_APT_PACKAGES[@]}"
  gbscan_pixelmed
}

# What only the test suite needs beyond that: Chromium and playwright-core for the web page's browser test.
gbscan_test_setup() {
  bash "$ROOT/web/src/test/browser/setup.sh"
}

# Rebuilds (without tests) when any pom or source is newer than the last build stamp.
gbscan_build_if_stale() {
  local stamp="$ROOT/app/target/.gbscan-built"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  log "building (mvn install -DskipTests)"
  mvn -B -q -f "$ROOT/pom.xml" install -DskipTests -Dmaven.javadoc.skip=true
  touch "$stamp"
}
