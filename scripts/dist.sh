# The distribution tarball: sourced by ./gbscan (gbscan_dist). Builds the jars with Maven (package, never
# install), then lays out dist/gbscan-<version>/ and packs it:
#   bin/gbscan                 plain sh launcher, needs only java
#   lib/*.jar                  every runtime jar, PixelMed included; not the PyTorch native jar ...
#   native/pytorch/            ... whose libraries are unpacked here instead, with DJL's JNI library
#                              and the pytorch.properties that names their version
#   config/gbscan.properties   every key with its default
#   systemd/gbscan.service     the hardened unit
#   README.md, docs/           how to install, the conformance statement

gbscan_version() {
  # The first <version> in the root pom is the project's own (the parent block has none there).
  sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1
}

# Lays out the distribution from a runtime class path (colon-separated jars) into $2; prints nothing.
gbscan_dist_layout() {
  local classpath="$1" out="$2" native_jar="" jni_jar="" jar
  mkdir -p "$out/bin" "$out/lib" "$out/config" "$out/systemd" "$out/docs"
  local IFS=:
  for jar in $classpath; do
    case "$(basename "$jar")" in
      pytorch-native-cpu-*.jar) native_jar="$jar" ;;
      pytorch-native-cu*.jar) log "leaving out $(basename "$jar"): the distribution is CPU-only" ;;
      *.jar) cp "$jar" "$out/lib/" ;;
      *) log "class path entry $jar is not a jar"; return 1 ;;
    esac
    case "$(basename "$jar")" in pytorch-jni-*.jar) jni_jar="$jar" ;; esac
  done
  unset IFS
  [ -n "$native_jar" ] || { log "no pytorch-native-cpu jar on the class path"; return 1; }
  [ -n "$jni_jar" ] || { log "no pytorch-jni jar on the class path"; return 1; }
  gbscan_dist_native "$native_jar" "$jni_jar" "$out/native/pytorch"
  install -m 0755 "$ROOT/packaging/bin/gbscan" "$out/bin/gbscan"
  install -m 0644 "$ROOT/packaging/systemd/gbscan.service" "$out/systemd/gbscan.service"
  install -m 0644 "$ROOT/config/gbscan.properties" "$out/config/gbscan.properties"
  install -m 0644 "$ROOT/README.md" "$out/README.md"
  [ -f "$ROOT/docs/CONFORMANCE.md" ] && install -m 0644 "$ROOT/docs/CONFORMANCE.md" "$out/docs/CONFORMANCE.md"
  return 0
}

# The CPU PyTorch libraries and DJL's JNI library, unpacked into one folder with the native jar's
# pytorch.properties (version, flavor) next to them. bin/gbscan points DJL at it (PYTORCH_LIBRARY_PATH,
# PYTORCH_VERSION, PYTORCH_FLAVOR); DJL then loads <djl version>-libdjl_torch.so from that same folder and
# extracts nothing (the distribution test checks that HOME and the folder stay as they were).
gbscan_dist_native() {
  local native_jar="$1" jni_jar="$2" dir="$3" work props flavor classifier djl
  work="$(mktemp -d)"
  unzip -q "$native_jar" -d "$work/native"
  props="$work/native/native/lib/pytorch.properties"
  flavor="$(sed -n 's/^flavor=//p' "$props")"
  classifier="$(sed -n 's/^classifier=//p' "$props")"
  djl="$(basename "$jni_jar" .jar)"; djl="${djl##*-}"   # pytorch-jni-2.5.1-0.33.0 -> 0.33.0
  mkdir -p "$dir"
  cp "$work/native/pytorch/$flavor/$classifier/"* "$props" "$dir/"
  unzip -q -p "$jni_jar" "jnilib/$classifier/$flavor/libdjl_torch.so" > "$dir/$djl-libdjl_torch.so"
  rm -rf "$work"
}

# ./gbscan dist: build, lay out, pack; the tarball's path is the last line of output.
gbscan_dist() {
  local version name stage
  version="$(gbscan_version)"
  name="gbscan-$version"
  log "building the jars (mvn package -DskipTests)"
  mvn -B -q -f "$ROOT/pom.xml" package -DskipTests -Dmaven.javadoc.skip=true "$@"
  stage="$ROOT/dist/$name"
  rm -rf "$stage" "$ROOT/dist/$name.tar.gz"
  gbscan_dist_layout "$(cat "$ROOT/app/target/classpath.txt"):$(ls "$ROOT"/app/target/gbscan-app-*.jar | grep -v -- '-tests.jar' | head -n 1)" "$stage"
  log "packing $name.tar.gz"
  tar -C "$ROOT/dist" -czf "$ROOT/dist/$name.tar.gz" "$name"
  rm -rf "$stage"
  printf '%s\n' "$ROOT/dist/$name.tar.gz"
}
